// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // After htmx swaps in an inline form, move focus into it; after a save, back to the cell's edit link.
  // afterSettle, not afterSwap: htmx wires up hx-* attributes of new content only while settling,
  // so a user who presses Escape or Cancel at once would otherwise get a full page load.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var focusable = target.querySelector("[data-autofocus]") ||
      target.querySelector("form input:not([type=hidden]), form select, form textarea");
    // Cancel or Escape swaps out the element that had focus; without this, focus would fall
    // back to <body> and a keyboard user would have to start again from the top of the page.
    var lost = !document.activeElement || document.activeElement === document.body ||
      !document.body.contains(document.activeElement);
    if (!focusable && lost) { focusable = target.querySelector("a[href], button:not([disabled])"); }
    if (focusable) { focusable.focus(); }
  });

  // Escape inside an inline matrix form cancels the edit.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var form = event.target.closest && event.target.closest(".cell-form");
    if (!form) { return; }
    var cancel = form.querySelector("a[hx-get]");
    if (cancel) { event.preventDefault(); cancel.click(); }
  });

  // Confirm destructive actions marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Put focus on an error summary so screen-reader users hear that the form needs fixing.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();
