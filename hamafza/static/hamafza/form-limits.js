// Refuses a form that is too large before it is sent (issue 10, defect 10): a body over the server's
// limit was answered with an error page and the typed text was lost. The limits and messages come from
// the data attributes of <body> (the form_limits tag); a file input may carry its own data-max-bytes.
(function () {
  "use strict";
  var data = document.body.dataset;
  var maxText = parseInt(data.maxTextBytes || "0", 10);
  var persian = (document.documentElement.lang || "").indexOf("fa") === 0;

  function digits(text) {
    text = String(text);
    return persian ? text.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }).replace(/\./g, "٫") : text;
  }
  function size(bytes) {
    if (bytes >= 1024 * 1024) {
      var mb = (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "");
      return digits(mb) + (persian ? " مگابایت" : " MB");
    }
    return digits(Math.max(1, Math.round(bytes / 1024))) + (persian ? " کیلوبایت" : " KB");
  }
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  function label(field) {
    var own = field.id && document.querySelector('label[for="' + field.id + '"]');
    return ((own && own.textContent) || field.getAttribute("aria-label") || field.name || "").trim();
  }
  function bytes(text) {
    return new Blob([text]).size;
  }

  function problem(form) {
    var total = 0, largest = null, largestSize = -1;
    var fields = form.querySelectorAll("textarea, input:not([type=file]):not([type=checkbox]):not([type=radio])");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (!field.name || field.disabled) continue;
      var max = parseInt(field.getAttribute("maxlength") || "0", 10);
      var length = Array.from(field.value).length;
      if (max > 0 && field.value.length > max) {
        return { field: field, message: fill(data.msgField, { field: label(field), limit: digits(max), count: digits(length) }) };
      }
      var n = bytes(field.value);
      total += n;
      if (n > largestSize) { largest = field; largestSize = n; }
    }
    if (maxText && total > maxText) {
      return { field: largest, message: fill(data.msgText, { size: size(total), limit: size(maxText), field: label(largest) }) };
    }
    var files = form.querySelectorAll("input[type=file][data-max-bytes]");
    for (var j = 0; j < files.length; j++) {
      var limit = parseInt(files[j].dataset.maxBytes, 10);
      for (var k = 0; k < files[j].files.length; k++) {
        var file = files[j].files[k];
        if (file.size > limit) {
          return { field: files[j], message: fill(data.msgFile, { field: file.name, size: size(file.size), limit: size(limit) }) };
        }
      }
    }
    return null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    var found = problem(form);
    var shown = form.querySelector(".form-limit-error");
    if (!found) {
      if (shown) shown.remove();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!shown) {
      shown = document.createElement("div");
      shown.className = "flash error form-limit-error";
      shown.setAttribute("role", "alert");
      form.insertBefore(shown, form.firstChild);
    }
    shown.textContent = found.message;
    if (found.field && found.field.focus) found.field.focus();
  }, true);
})();
