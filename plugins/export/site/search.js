/* export/site — the search page: reads ?q= from its own address and lists the articles
   of GALLEY_SEARCH (search-index.js, a script rather than JSON because browsers refuse
   fetch() of a local file over file://) whose title and text hold every word of the
   query. Results are built with DOM calls and textContent, never innerHTML, so no
   article text can become markup. */
(function () {
  "use strict";
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  if (input) input.value = query;
  var terms = words(query);
  if (!terms.length) {
    count.textContent = "Type words to look for in the titles and texts.";
    return;
  }
  var hits = [];
  var index = window.GALLEY_SEARCH || [];
  for (var i = 0; i < index.length; i++) {
    var entry = index[i];
    var hay = entry.f || (entry.f = fold(entry.t + " " + entry.x));
    var all = true;
    for (var k = 0; k < terms.length && all; k++) all = hay.indexOf(terms[k]) >= 0;
    if (all) hits.push(entry);
  }
  count.textContent = hits.length + (hits.length === 1 ? " article" : " articles") + " for \u201c" + query + "\u201d";
  var shown = Math.min(hits.length, 200);
  for (var j = 0; j < shown; j++) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = hits[j].u;
    a.textContent = hits[j].t;
    a.dir = "auto";
    li.appendChild(a);
    if (hits[j].d) {
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = hits[j].d;
      li.appendChild(meta);
    }
    list.appendChild(li);
  }
})();
