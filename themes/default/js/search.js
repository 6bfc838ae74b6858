/* chyrak search. The index of the reader's language is split into small classic
   scripts (see src/offline/search.rs); this loads only those a query needs, by
   adding <script> elements, which also works on file:// where fetch() does not.
   Folding must match src/offline/search.rs: lower case, ё → е, Uzbek apostrophes → '. */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  var input = doc.querySelector("[data-search-input]");
  var list = doc.querySelector("[data-search-results]");
  var status = doc.querySelector("[data-search-status]");
  if (!body || !input || !list || !status) return;
  var dir = body.getAttribute("data-search") || "";
  var langRoot = dir + "../";
  var lang = doc.documentElement.lang || "en";
  var forms = {};
  try { forms = JSON.parse(status.getAttribute("data-forms") || "{}"); } catch (e) { forms = {}; }
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var PAGE = 10;

  var head = null, shards = {}, chunks = {}, loaded = {}, waiting = {};
  window.chyrakSearch = function (data) {
    if (data.shards) head = data;
    else if (data.t) shards[data.shard] = data.t;
    else if (data.d) chunks[data.chunk] = data.d;
  };

  function load(name, done) {
    if (loaded[name]) { done(); return; }
    if (waiting[name]) { waiting[name].push(done); return; }
    waiting[name] = [done];
    var s = doc.createElement("script");
    s.src = dir + name;
    s.onload = s.onerror = function () {
      loaded[name] = true;
      var calls = waiting[name];
      delete waiting[name];
      for (var i = 0; i < calls.length; i++) calls[i]();
    };
    doc.head.appendChild(s);
  }

  function loadAll(names, done) {
    var left = names.length;
    if (!left) { done(); return; }
    for (var i = 0; i < names.length; i++) load(names[i], function () { if (--left === 0) done(); });
  }

  var APOS = /[\u02BB\u02BC\u2018\u2019`']/;
  var WORD = /[\p{Alphabetic}\p{N}\u02BB\u02BC\u2018\u2019`']+/gu;
  function fold(text) {
    var out = "";
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (c === "ё" || c === "Ё") out += "е";
      else if (APOS.test(c)) out += "'";
      else out += c.toLowerCase();
    }
    return out;
  }
  function trimApos(w) { return w.replace(/^'+|'+$/g, ""); }
  function tokens(text) {
    var words = fold(text).match(WORD) || [];
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var w = trimApos(words[i]);
      if (w && Array.from(w).length <= 40 && out.indexOf(w) < 0) out.push(w);
    }
    return out;
  }
  function prefixOf(w) { return Array.from(w).slice(0, head ? head.prefix : 2).join(""); }

  var seq = 0, results = [], shown = 0, words = [];

  function say(text) { status.textContent = text; }
  function countText(n) {
    var cat = rules ? rules.select(n) : (n === 1 ? "one" : "other");
    return (forms[cat] || forms.other || "{n}").replace("{n}", String(n));
  }

  function search(query) {
    var mine = ++seq;
    words = tokens(query).filter(function (w) { return Array.from(w).length >= 2; });
    if (!words.length) {
      results = []; shown = 0; list.textContent = ""; list.hidden = true;
      say(query.trim() ? status.getAttribute("data-short") : "");
      return;
    }
    say(status.getAttribute("data-loading"));
    load("index.js", function () {
      if (mine !== seq || !head) return;
      var need = [];
      for (var i = 0; i < words.length; i++) {
        var n = head.shards[prefixOf(words[i])];
        if (n !== undefined && need.indexOf("s" + n + ".js") < 0) need.push("s" + n + ".js");
      }
      loadAll(need, function () { if (mine === seq) rank(mine); });
    });
  }

  function rank(mine) {
    var scores = {}, hits = {};
    for (var w = 0; w < words.length; w++) {
      var word = words[w];
      var n = head.shards[prefixOf(word)];
      var t = n === undefined ? null : shards[n];
      var best = {};
      if (t) {
        for (var token in t) {
          if (token.lastIndexOf(word, 0) !== 0) continue;
          var postings = t[token], docId = 0, factor = token === word ? 2 : 1;
          for (var i = 0; i < postings.length; i += 2) {
            docId += postings[i];
            var s = postings[i + 1] * factor;
            if (!(best[docId] >= s)) best[docId] = s;
          }
        }
      }
      for (var d in best) { scores[d] = (scores[d] || 0) + best[d]; hits[d] = (hits[d] || 0) + 1; }
    }
    results = Object.keys(scores).map(Number);
    results.sort(function (a, b) { return (hits[b] - hits[a]) || (scores[b] - scores[a]) || (a - b); });
    shown = 0;
    list.textContent = "";
    more(mine);
  }

  function more(mine) {
    var slice = results.slice(shown, shown + PAGE);
    var need = [];
    for (var i = 0; i < slice.length; i++) {
      var c = "d" + Math.floor(slice[i] / head.chunk) + ".js";
      if (need.indexOf(c) < 0) need.push(c);
    }
    loadAll(need, function () {
      if (mine !== seq) return;
      var old = list.querySelector(".search-more");
      if (old) old.parentNode.removeChild(old);
      for (var i = 0; i < slice.length; i++) {
        var id = slice[i], chunk = chunks[Math.floor(id / head.chunk)];
        var d = chunk && chunk[id % head.chunk];
        if (d) list.appendChild(item(d));
      }
      var first = shown === 0;
      shown += slice.length;
      list.hidden = results.length === 0;
      say(results.length ? countText(results.length) : status.getAttribute("data-none"));
      if (shown < results.length) {
        var li = doc.createElement("li");
        li.className = "search-more";
        var b = doc.createElement("button");
        b.type = "button";
        b.textContent = status.getAttribute("data-more");
        b.addEventListener("click", function () {
          var next = shown;
          more(seq);
          setTimeout(function () { var a = list.querySelectorAll(".search-result a")[next]; if (a) a.focus(); }, 50);
        });
        li.appendChild(b);
        list.appendChild(li);
      }
      if (first) list.scrollTop = 0;
    });
  }

  /* Title and snippet with the words that match the query in <mark>. */
  function marked(text, into) {
    var re = new RegExp(WORD.source, "gu"), last = 0, m;
    while ((m = re.exec(text))) {
      var f = trimApos(fold(m[0])), hit = false;
      for (var i = 0; i < words.length && !hit; i++) hit = f.lastIndexOf(words[i], 0) === 0;
      if (!hit) continue;
      if (m.index > last) into.appendChild(doc.createTextNode(text.slice(last, m.index)));
      var mark = doc.createElement("mark");
      mark.textContent = m[0];
      into.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) into.appendChild(doc.createTextNode(text.slice(last)));
    return into;
  }

  function item(d) {
    var li = doc.createElement("li");
    li.className = "search-result";
    var a = doc.createElement("a");
    a.href = langRoot + d[1];
    if (d[4]) a.lang = d[4];
    marked(d[0], a);
    var h = doc.createElement("h2");
    h.className = "result-title";
    h.appendChild(a);
    li.appendChild(h);
    var section = head.sections[d[2]];
    if (section) {
      var s = doc.createElement("p");
      s.className = "result-section";
      s.textContent = section;
      li.appendChild(s);
    }
    if (d[3]) {
      var p = doc.createElement("p");
      p.className = "result-snippet";
      if (d[4]) p.lang = d[4];
      li.appendChild(marked(d[3], p));
    }
    return li;
  }

  /* Arrow keys move from the box through the results and back. */
  function links() { return Array.prototype.slice.call(list.querySelectorAll(".search-result a")); }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { var l = links(); if (l.length) { e.preventDefault(); l[0].focus(); } }
  });
  list.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var l = links(), i = l.indexOf(doc.activeElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === "ArrowDown" && i + 1 < l.length) l[i + 1].focus();
    else if (e.key === "ArrowUp") (i > 0 ? l[i - 1] : input).focus();
  });

  var form = doc.querySelector("[data-search-form]");
  if (form) form.addEventListener("submit", function (e) { e.preventDefault(); search(input.value); });
  input.addEventListener("input", function () { search(input.value); });
  var q = "";
  try { q = new URLSearchParams(location.search).get("q") || ""; } catch (e) { q = ""; }
  if (q) { input.value = q; search(q); }
  var header = doc.getElementById("site-search-q");
  if (header && q) header.value = q;
})();
