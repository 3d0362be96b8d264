// The search page's filters, enhanced. Without this script the page works as
// it is served: every filter panel open, the filters applied by their button.
//
// - A box ticked or unticked applies the filters at once (no trip to the
//   "Appliquer les filtres" button, which is then hidden).
// - After filtering (a box, a chip that removes a filter, a sort, a page), the
//   focus lands on the results heading, which gives their number.
// - On a small screen, the filters panel starts folded so that the results come
//   first; the visitor unfolds it with its summary.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  var panel = document.getElementById("filters-panel");
  var heading = document.getElementById("results-title");
  var FOCUS_KEY = "rtes-search-focus-results";
  var SMALL_SCREEN = "(max-width: 55.99rem)";  // below .layout-filters' two columns

  function rememberToFocusResults() {
    try { window.sessionStorage.setItem(FOCUS_KEY, "1"); } catch (e) { /* private mode */ }
  }

  function focusResultsIfAsked() {
    var asked = false;
    try {
      asked = window.sessionStorage.getItem(FOCUS_KEY) === "1";
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { return; }
    if (asked && heading) { heading.focus(); }
  }

  if (panel && window.matchMedia && window.matchMedia(SMALL_SCREEN).matches) {
    panel.open = false;
  }

  if (form) {
    var apply = form.querySelector(".filters__actions");
    if (apply) { apply.hidden = true; }
    form.addEventListener("change", function (event) {
      if (event.target.type !== "checkbox") { return; }
      rememberToFocusResults();
      form.submit();
    });
    form.addEventListener("submit", rememberToFocusResults);
  }

  // Links that change the filters, the sort or the page of the same search.
  document.addEventListener("click", function (event) {
    // A link opened in another tab or window leaves this page as it is.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var link = event.target.closest && event.target.closest(
      ".selected-filters a, .sort a, .pagination a, .empty-state a[data-refine]"
    );
    if (link) { rememberToFocusResults(); }
  });

  focusResultsIfAsked();
}());
