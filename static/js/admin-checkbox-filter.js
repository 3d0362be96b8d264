// Filter boxes above the taxonomy and partner-territory checkboxes of the
// practice editor (practices.fields.FilterableCheckboxSelectMultiple).
// Without this script every checkbox shows, in a scrolling box.
(function () {
  "use strict";

  // Lowercase, no accents: "Île" matches "ile", "Économie" matches "eco".
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .toLowerCase()
      .trim();
  }

  // At most this many matches show in a shortlisted list (the partner territories).
  var MAX_MATCHES = 60;

  function message(template, count) {
    return template.replace("{count}", String(count));
  }

  function setUp(box) {
    if (box.dataset.rtesFilterReady) return;
    box.dataset.rtesFilterReady = "true";
    var tools = box.querySelector(".rtes-filterable__tools");
    var search = box.querySelector(".rtes-filterable__search");
    var status = box.querySelector("[data-rtes-filter-status]");
    var shortlisted = box.hasAttribute("data-rtes-filter-shortlist");
    var items = Array.prototype.map.call(
      box.querySelectorAll("input[type=checkbox]"),
      function (input) {
        var row = input.closest("label") || input;
        return {
          input: input,
          row: row.parentElement,
          text: fold(row.textContent),
          shortlist: input.hasAttribute("data-shortlist"),
        };
      }
    );
    // Group headings (Django renders a group as <div><label>Name</label>…</div>).
    var groups = Array.prototype.filter.call(
      box.querySelectorAll(".rtes-filterable__options > div > div"),
      function (group) {
        return group.querySelector("input[type=checkbox]") !== null;
      }
    );

    function update() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var selected = 0;
      items.forEach(function (item) {
        if (item.input.checked) selected += 1;
        var visible;
        if (words.length) {
          visible = words.every(function (word) {
            return item.text.indexOf(word) !== -1;
          });
          if (visible && shortlisted && !item.input.checked) {
            visible = shown < MAX_MATCHES;
          }
        } else {
          visible = !shortlisted || item.shortlist || item.input.checked;
        }
        item.row.hidden = !visible;
        if (visible) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !Array.prototype.some.call(
          group.querySelectorAll("input[type=checkbox]"),
          function (input) {
            var row = (input.closest("label") || input).parentElement;
            return !row.hidden;
          }
        );
      });
      var parts = [
        // French says "0 sélectionné", "1 sélectionné", "2 sélectionnés".
        message(
          selected < 2 ? status.dataset.selectedOne : status.dataset.selectedMany,
          selected
        ),
      ];
      if (words.length) {
        parts.push(
          shown === 0
            ? status.dataset.shownNone
            : message(
                shown === 1 ? status.dataset.shownOne : status.dataset.shownMany,
                shown
              )
        );
      }
      status.textContent = parts.join(" · ");
    }

    tools.hidden = false;
    box.classList.add("rtes-filterable--enhanced");
    search.addEventListener("input", update);
    // Enter in the filter box must not submit the page form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    box.addEventListener("change", update);
    update();
  }

  function setUpAll() {
    document.querySelectorAll("[data-rtes-filter]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
