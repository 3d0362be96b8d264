// Live title suggestions for the search box. The page works without it: the
// suggestions fill a native <datalist>, which keyboards and screen readers reach.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var lastPrefix = "";
  // Number of the latest request: an answer to an older one arrives too late
  // (networks reorder) and must not replace the suggestions for what is typed now.
  var latest = 0;

  function fill(titles) {
    list.replaceChildren.apply(list, titles.map(function (title) {
      var option = document.createElement("option");
      option.value = title;
      return option;
    }));
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var prefix = input.value.trim();
      if (prefix === lastPrefix) { return; }
      lastPrefix = prefix;
      var ticket = ++latest;
      if (prefix.length < 2) { fill([]); return; }  // no stale titles for a cleared box
      var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(prefix);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (ticket !== latest) { return; }
          fill(Array.isArray(data.suggestions) ? data.suggestions : []);
        })
        .catch(function () { /* suggestions are a convenience; stay silent */ });
    }, 200);
  });
})();
