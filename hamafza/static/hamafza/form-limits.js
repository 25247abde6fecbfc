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
  function grouped(number) {
    var text = Number(number).toLocaleString("en-US");
    return persian ? digits(text).replace(/,/g, "٬") : text;
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
  // What the server counts: the bytes of the text in a multipart form; the body as sent in a plain form,
  // where every Persian letter travels as six characters (%D9%86).
  function bytes(text, multipart) {
    return multipart ? new Blob([text]).size : encodeURIComponent(text).length;
  }

  function problem(form) {
    var multipart = (form.enctype || "").indexOf("multipart") === 0;
    var total = 0, largest = null, largestSize = -1, tooLong = null;
    var fields = form.querySelectorAll("textarea, input:not([type=file]):not([type=checkbox]):not([type=radio])");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (!field.name || field.disabled) continue;
      // maxlength, or data-maxlength of a LimitedTextField (hamafza/lib/limits.py), as the server counts it.
      var max = parseInt(field.getAttribute("maxlength") || field.dataset.maxlength || "0", 10);
      if (max > 0 && Array.from(field.value).length > max && !tooLong) tooLong = field;
      var n = bytes(field.value, multipart);
      total += n;
      if (n > largestSize) { largest = field; largestSize = n; }
    }
    if (maxText && total > maxText) {
      return { field: largest, message: fill(data.msgText, { size: size(total), limit: size(maxText), field: label(largest) }) };
    }
    if (tooLong) {
      var allowed = tooLong.getAttribute("maxlength") || tooLong.dataset.maxlength;
      return { field: tooLong, message: fill(data.msgField, { field: label(tooLong), limit: grouped(allowed), count: grouped(Array.from(tooLong.value).length) }) };
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
    // getAttribute: a field named "method" (the atlas's classification) shadows form.method.
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
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
