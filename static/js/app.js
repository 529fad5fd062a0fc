// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // After htmx swaps in an inline form, move focus into it; after a save, back to the cell's edit link.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var focusable = target.querySelector("[data-autofocus]") ||
      target.querySelector("form input:not([type=hidden]), form select, form textarea");
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
