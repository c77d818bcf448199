// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// Keep the keyboard user's place when htmx replaces the part of the page that had focus (an
// item saved with Enter on its Save button): without this, focus falls back to the top of the
// page and the navigation has to be tabbed through again. Focus goes to the field after the one
// used, in the new copy of the part, or to the part's heading; an error in the new copy
// ([role=alert], audits.js) takes precedence.
(function () {
  "use strict";
  const FOCUSABLE =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
  let remembered = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail && event.detail.target;
    const active = document.activeElement;
    remembered = null;
    if (!target || !target.id || !active || !target.contains(active)) return;
    const fields = Array.from(target.querySelectorAll(FOCUSABLE));
    remembered = { id: target.id, index: fields.indexOf(active) };
  });
  document.addEventListener("htmx:afterSettle", () => {
    const place = remembered;
    remembered = null;
    if (!place) return;
    const active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return; // htmx kept it
    const part = document.getElementById(place.id);
    if (!part || part.querySelector("[role=alert]")) return;
    const fields = Array.from(part.querySelectorAll(FOCUSABLE));
    let next = place.index >= 0 ? fields[place.index + 1] : null;
    if (!next) {
      next = part.querySelector("h1, h2, h3, h4, h5, h6") || part;
      if (!next.hasAttribute("tabindex")) next.setAttribute("tabindex", "-1");
    }
    next.focus();
  });
})();

// A table wider than a phone scrolls inside its own box (portal.css). A keyboard user must be
// able to scroll it too: when it has nothing focusable inside, the box itself takes focus.
(function () {
  "use strict";
  const INSIDE = "a[href], button, input, select, textarea, [tabindex]";
  function reachScrollers(root) {
    root.querySelectorAll("table, .table-scroll").forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.querySelector(INSIDE) && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "1";
      } else if (!scrolls && box.dataset.scrollFocus) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", () => reachScrollers(document));
  document.addEventListener("htmx:afterSettle", () => reachScrollers(document));
  window.addEventListener("resize", () => reachScrollers(document));
})();

// Every upload form: a chosen file whose first bytes cannot be an accepted type is refused
// here, in words, before anything is sent (the server checks the same list again). The
// evidence form (audits.js) uses the same functions around its progress-bar upload.
(function () {
  "use strict";
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

  window.CorUploadCheck = { refusalOf, showRefusal, clearRefusal };

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.matches("form.evidence-upload")) return;
    if (!form.querySelector("input[type=file][data-leading-bytes]") || !window.Promise) return;
    if (form.dataset.firstBytesChecked === "yes") {
      delete form.dataset.firstBytesChecked; // checked: this is the real submission
      return;
    }
    event.preventDefault();
    const submitter = event.submitter || null;
    refusalOf(form).then(function (refused) {
      showRefusal(form, refused);
      if (refused) return;
      form.dataset.firstBytesChecked = "yes";
      if (form.requestSubmit) form.requestSubmit(submitter || undefined);
      else form.submit();
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
})();
