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
