// The pasted table of resolutions: a confirmation is sent once (a second click waits for the first; the
// server also saves a confirmation only once), and Enter in a row's box does not send the form (its first
// button reads the paste again, which would drop the corrections).
(function () {
  const form = document.getElementById("paste-form");
  if (!form) return;
  let sent = false;
  form.addEventListener("submit", function (event) {
    if (sent) {
      event.preventDefault();
      return;
    }
    sent = true;
    form.setAttribute("aria-busy", "true");
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.closest(".paste-row")) {
      event.preventDefault();
    }
  });
})();
