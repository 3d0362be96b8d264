// Live title suggestions for the search box. The page works without it: the
// suggestions fill a native <datalist>, which keyboards and screen readers reach.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var lastPrefix = "";
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var prefix = input.value.trim();
      if (prefix.length < 2 || prefix === lastPrefix) { return; }
      lastPrefix = prefix;
      var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(prefix);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.suggestions.map(function (title) {
            var option = document.createElement("option");
            option.value = title;
            return option;
          }));
        })
        .catch(function () { /* suggestions are a convenience; stay silent */ });
    }, 200);
  });
})();
