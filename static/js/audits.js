// Internal-audit pages: evidence uploads with a progress bar, and small htmx niceties.
// Every form also works without JavaScript (normal POST and redirect).
(function () {
  "use strict";

  function replacePage(xhr) {
    // Show the page the upload redirected to (with its messages) without a second request.
    const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    if (xhr.responseURL) window.history.replaceState(null, "", xhr.responseURL);
    if (window.htmx) window.htmx.process(document.body);
  }

  // The first-bytes check (refusalOf, showRefusal, clearRefusal) is portal.js's, shared
  // with every upload form; this page adds the progress bar.
  const check = window.CorUploadCheck;

  function send(form) {
    const bar = form.querySelector("progress.upload-progress");
    const button = form.querySelector("button[type=submit]");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (bar && e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("load", function () {
      if (bar) bar.value = 100;
      replacePage(xhr);
    });
    xhr.addEventListener("error", function () {
      if (button) button.disabled = false;
      if (bar) bar.hidden = true;
      form.submit(); // fall back to a normal upload
    });
    if (bar) {
      bar.value = 0;
      bar.hidden = false;
    }
    if (button) button.disabled = true;
    xhr.send(new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form.evidence-upload")) return;
    if (!window.XMLHttpRequest || !window.FormData || !window.Promise) return; // plain POST
    event.preventDefault();
    check.refusalOf(form).then(function (refused) {
      check.showRefusal(form, refused);
      if (!refused) send(form);
    });
  });

  // An item marked N/A earns no points: grey out its points while the box is ticked.
  function syncNotApplicable(box) {
    const form = box.form;
    const select = form && form.querySelector("select[name=points_earned]");
    if (select) select.disabled = box.checked;
  }
  document.addEventListener("change", function (event) {
    const box = event.target;
    if (box instanceof HTMLInputElement && box.name === "not_applicable") syncNotApplicable(box);
  });
  function syncAll(root) {
    root.querySelectorAll("input[name=not_applicable]").forEach(syncNotApplicable);
  }
  document.addEventListener("DOMContentLoaded", function () {
    syncAll(document);
  });
  // After htmx swaps an item row in, sync it and move focus to its error, if any.
  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail && event.detail.elt;
    if (!target || !target.querySelectorAll) return;
    syncAll(target);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail && event.detail.elt;
    if (!target || !target.querySelector) return;
    const note = target.querySelector("[role=alert]");
    if (note) {
      note.setAttribute("tabindex", "-1");
      note.focus();
    }
  });
})();
