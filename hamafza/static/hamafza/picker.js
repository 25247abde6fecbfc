// A type-ahead over a long <select multiple data-picker> (hamafza/places/forms.py: a resolution's target
// regions, 505 of them): a search box lists the options whose name matches what is typed, each with the
// place it lies in; the chosen ones show as chips, each removable. The select stays in the form, hidden,
// and is what is sent: without this script it is an ordinary list. Keyboard: ↓/↑ move through the
// matches, Enter picks, Escape closes the list (then clears the box). Matching folds the spelling as
// hamafza/lib/persian.py's search_key does: ي/ی, ك/ک, ZWNJ and spaces, Persian/Arabic/Latin digits,
// the forms of alef, vowel marks. An option without data-where shows its optgroup's label beside it
// («اعضای …»); a select with data-browse (a short list) lists every option when the empty box is focused.
(function () {
  "use strict";
  var SHOWN = 30; // matches listed at once; typing more narrows them

  function fold(text) {
    return String(text || "")
      .normalize("NFKC")
      .replace(/[\u064b-\u0655\u0670\u0640]/g, "") // vowel marks, hamza and madda marks, tatweel
      .replace(/[\u064a\u0649\u0626]/g, "\u06cc") // ي ى ئ → ی
      .replace(/\u0643/g, "\u06a9") // ك → ک
      .replace(/[\u0629\u06c0]/g, "\u0647") // ة ۀ → ه
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627") // آ أ إ ٱ → ا
      .replace(/\u0624/g, "\u0648") // ؤ → و
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x06f0); })
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .replace(/[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g, "") // spaces, ZWNJ, bidi marks
      .toLowerCase();
  }

  function enhance(select, number) {
    var base = select.id || "picker-" + number;
    var data = select.dataset;
    var browse = "browse" in data;
    var entries = Array.prototype.map.call(select.options, function (option) {
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
      return {
        option: option,
        name: option.dataset.name || option.text,
        where: option.dataset.where || "",
        group: option.dataset.where ? "" : group,
        nameKey: fold(option.dataset.nameKey || option.dataset.name || option.text),
        key: fold(option.dataset.key || option.text),
      };
    });

    var wrap = document.createElement("div");
    wrap.className = "picker";
    var chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", data.chosen || "");
    var box = document.createElement("div");
    box.className = "picker-box";
    var input = document.createElement("input");
    input.type = "text";
    input.id = base + "-search";
    input.className = "picker-input";
    input.autocomplete = "off";
    input.placeholder = data.placeholder || "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", base + "-options");
    var list = document.createElement("ul");
    list.id = base + "-options";
    list.className = "picker-options";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "picker-status";
    status.setAttribute("role", "status");
    box.appendChild(input);
    box.appendChild(list);
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(chips);
    wrap.appendChild(box);
    wrap.appendChild(status);
    wrap.appendChild(select);
    select.hidden = true;
    select.tabIndex = -1;
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) label.htmlFor = input.id;

    var shown = [];
    var active = -1;

    function changed() {
      select.dispatchEvent(new Event("change", { bubbles: true }));
      drawChips();
    }

    function drawChips() {
      chips.textContent = "";
      entries.forEach(function (entry) {
        if (!entry.option.selected) return;
        var chip = document.createElement("li");
        chip.className = "picker-chip";
        var name = document.createElement("span");
        name.textContent = entry.name;
        chip.appendChild(name);
        if (entry.where) {
          var where = document.createElement("span");
          where.className = "where";
          where.textContent = entry.where;
          chip.appendChild(where);
        }
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", (data.remove || "×") + " " + entry.name);
        remove.addEventListener("click", function () {
          entry.option.selected = false;
          changed();
          input.focus();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      shown = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function matches(query) {
      var terms = query.split(/\s+/).map(fold).filter(Boolean);
      var whole = fold(query);
      if (!whole) {
        return browse ? entries.filter(function (entry) { return !entry.option.selected; }) : [];
      }
      var found = [];
      entries.forEach(function (entry, index) {
        if (entry.option.selected) return;
        for (var i = 0; i < terms.length; i++) if (entry.key.indexOf(terms[i]) === -1) return;
        var rank = 3;
        if (entry.nameKey.indexOf(whole) === 0) rank = 0;
        else if (entry.nameKey.indexOf(whole) !== -1) rank = 1;
        else if (terms.every(function (t) { return entry.nameKey.indexOf(t) !== -1; })) rank = 2;
        found.push({ entry: entry, rank: rank, index: index });
      });
      found.sort(function (a, b) { return a.rank - b.rank || a.index - b.index; });
      return found.slice(0, SHOWN).map(function (f) { return f.entry; });
    }

    function search() {
      close();
      var query = input.value;
      if (!fold(query) && !browse) {
        status.textContent = "";
        return;
      }
      shown = matches(query);
      status.textContent = shown.length || !fold(query) ? "" : data.empty || "";
      if (!shown.length) return;
      shown.forEach(function (entry, index) {
        var item = document.createElement("li");
        item.id = base + "-option-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = entry.name;
        item.appendChild(name);
        if (entry.where || entry.group) {
          var where = document.createElement("span");
          where.className = "where";
          where.textContent = entry.where || entry.group;
          item.appendChild(where);
        }
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
        });
        item.addEventListener("click", function () {
          pick(index);
        });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      move(0);
    }

    function move(index) {
      var items = list.children;
      if (!items.length) return;
      if (active >= 0 && items[active]) {
        items[active].classList.remove("active");
        items[active].setAttribute("aria-selected", "false");
      }
      active = (index + items.length) % items.length;
      items[active].classList.add("active");
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function pick(index) {
      var entry = shown[index];
      if (!entry) return;
      entry.option.selected = true;
      input.value = "";
      close();
      changed();
      input.focus();
    }

    input.addEventListener("input", search);
    if (browse) {
      input.addEventListener("focus", search);
      input.addEventListener("click", function () {
        if (list.hidden) search();
      });
    }
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) search();
        else move(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        // With something typed, Enter picks (or does nothing): it never sends the half-filled form.
        if (open) {
          event.preventDefault();
          pick(active < 0 ? 0 : active);
        } else if (fold(input.value)) {
          event.preventDefault();
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          status.textContent = "";
        }
      }
    });
    select.addEventListener("change", function (event) {
      if (event.isTrusted) drawChips();
    });
    drawChips();
  }

  window.hamafzaFold = fold;
  document.querySelectorAll("select[multiple][data-picker]").forEach(enhance);
})();
