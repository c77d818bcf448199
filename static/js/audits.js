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

  // The accepted files' first bytes come with the form (data-leading-bytes: hex signatures,
  // "??" any byte, "csv" = text named .csv; the same list the server checks first). A chosen
  // file that cannot be one of them is refused here, in words, before anything is sent.
  const HEAD_BYTES = 64;

  function startsWith(bytes, signature) {
    if (signature.length / 2 > bytes.length) return false;
    for (let i = 0; i < signature.length; i += 2) {
      const hex = signature.substr(i, 2);
      if (hex !== "??" && bytes[i / 2] !== parseInt(hex, 16)) return false;
    }
    return true;
  }

  function mayBeAccepted(file, bytes, signatures) {
    if (signatures.some((s) => s !== "csv" && startsWith(bytes, s))) return true;
    if (signatures.indexOf("csv") >= 0 && /\.csv$/i.test(file.name)) {
      if (bytes.indexOf(0) >= 0) return false;
      const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "").trimStart();
      return !text.startsWith("<");
    }
    return false;
  }

  // Resolves to the refusal to show, or "" when the chosen files may be sent.
  function refusalOf(form) {
    const inputs = Array.from(form.querySelectorAll("input[type=file][data-leading-bytes]"));
    const checks = [];
    inputs.forEach(function (input) {
      const signatures = input.dataset.leadingBytes.split(/\s+/).filter(Boolean);
      Array.from(input.files || []).forEach(function (file) {
        if (!file.size || !file.slice || !file.slice(0, 1).arrayBuffer) return; // server decides
        checks.push(
          file.slice(0, HEAD_BYTES).arrayBuffer().then(function (buffer) {
            return mayBeAccepted(file, new Uint8Array(buffer), signatures) ? null : { input, file };
          }, function () { return null; })
        );
      });
    });
    return Promise.all(checks).then(function (found) {
      return found.filter(Boolean)[0] || null;
    });
  }

  function clearRefusal(note) {
    note.hidden = true;
    note.textContent = "";
    note.removeAttribute("role");
  }

  function showRefusal(form, refused) {
    const note = refused
      ? document.getElementById(refused.input.id + "-refused")
      : null;
    form.querySelectorAll(".upload-refused").forEach(function (p) {
      if (p !== note) clearRefusal(p);
    });
    if (!note) return;
    note.textContent = refused.file.name + " " + note.dataset.message;
    note.hidden = false;
    // An alert only while shown: a hidden one would read as the row's error (portal.js).
    note.setAttribute("role", "alert");
    refused.input.setAttribute("aria-invalid", "true");
    refused.input.focus();
  }

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
    refusalOf(form).then(function (refused) {
      showRefusal(form, refused);
      if (!refused) send(form);
    });
  });

  // Choosing another file clears the refusal of the one before.
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.leadingBytes || !input.form) return;
    input.removeAttribute("aria-invalid");
    const note = document.getElementById(input.id + "-refused");
    if (note) clearRefusal(note);
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
