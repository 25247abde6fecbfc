// What every page does, from a file: the Content-Security-Policy runs no inline script without its nonce
// and no inline event handler (hamafza/ops/headers.py).
(function () {
  // The Jalali date picker, with Persian digits on a Persian page.
  if (window.jalaliDatepicker) {
    jalaliDatepicker.startWatch({
      persianDigits: document.documentElement.lang === "fa",
      autoHide: true,
      hideAfterChange: true,
      showTodayBtn: true,
      showEmptyBtn: true,
    });
  }
  // Phones: the header folds into a menu button instead of wrapping into rows.
  document.querySelectorAll(".menu-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      button.closest(".topbar").classList.toggle("open", open);
    });
  });
  // A choice that sends its form at once (<select data-autosubmit>).
  document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
    field.addEventListener("change", function () {
      field.form.submit();
    });
  });
  // A button back to the page before (<button data-history-back>), e.g. to the form whose text was too large.
  document.querySelectorAll("[data-history-back]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.history.back();
    });
  });
  // A form that scripts handle and that must never be sent (<form data-no-submit>).
  document.querySelectorAll("form[data-no-submit]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
  });
})();
