/* chyrak's service worker (see src/site/sw.rs). The build writes it as `sw.js` at
   the site's root, after a line `var SITE = {…};` that holds the configuration: the
   languages, the precache mode, the files every language keeps, and the hash of each
   language's list. A theme may replace this file; it must keep to that contract. */
"use strict";
var CACHE = "chyrak";
var base = new URL("./", self.location).href;

function keyOf(path, hash) { return base + path + "?v=" + hash; }
function langOf(url) {
  if (url.indexOf(base) !== 0) return null;
  var first = url.slice(base.length).split("/")[0];
  return SITE.languages.indexOf(first) >= 0 ? first : null;
}
function listPath(lang) { return lang ? lang + "/precache.json" : "precache.json"; }

/* A language's list (lang "": the root list's), read from its file: `shell` and
   `entries`, [path, hash, size] in the order to fetch them (keys relative to the
   list's folder, "index.html" left out), and `paths`, path → hash. The list is kept
   in the cache under its hash, like any entry, so that it is there offline; `net`:
   fetch it when it is not. */
var loaded = {};
function list(lang, net) {
  var hash = SITE.lists[lang];
  if (hash === undefined) return Promise.resolve(null);
  if (loaded[lang]) return Promise.resolve(loaded[lang]);
  var key = keyOf(listPath(lang), hash);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(key).then(function (hit) {
      if (hit) return hit.json();
      if (!net) return null;
      return fetch(key, { cache: "no-cache", credentials: "omit" }).then(function (r) {
        if (!r.ok) throw new Error("no list for " + lang);
        return cache.put(key, r.clone()).then(function () { return r.json(); });
      });
    });
  }).then(function (data) {
    if (!data) return null;
    var paths = {}, entries = [];
    data.entries.forEach(function (e) {
      var k = e[0];
      var p = !lang ? k : k.slice(0, 3) === "../" ? k.slice(3) : lang + "/" + k;
      if (p === "" || p.slice(-1) === "/") p += "index.html";
      /* As a request's URL has it: percent-encoded (topic pages have Cyrillic names). */
      p = new URL(p, base).href.slice(base.length);
      paths[p] = e[1];
      entries.push([p, e[1], e[2]]);
    });
    loaded[lang] = { shell: data.shell, entries: entries, paths: paths };
    return loaded[lang];
  });
}
/* The hash of a path of this site, or null when the worker does not keep it. Only
   lists already in the cache are read: a request never waits for a list download. */
function hashOf(path, lang) {
  if (SITE.shared[path]) return Promise.resolve(SITE.shared[path]);
  var langs = lang ? [lang] : [""].concat(SITE.languages);
  return Promise.all(langs.map(function (l) {
    return list(l, false).catch(function () { return null; });
  })).then(function (lists) {
    for (var i = 0; i < lists.length; i++) if (lists[i] && lists[i].paths[path]) return lists[i].paths[path];
    return null;
  });
}
/* A reader who asked to keep all of a language has a marker in the cache. */
function keepKey(lang) { return base + "chyrak-keep/" + lang; }
function keptAll(cache, lang) {
  return cache.match(keepKey(lang)).then(function (hit) { return !!hit; });
}
/* Which entries of a list to download: "all"; "shell" (the home, section, search and
   safety pages: what a reader who saves data gets); "budget" (the shell, then the
   others in their order as long as they fit in SITE.budget bytes); "had" (the shell
   and the paths `had` holds, at any hash: what an update downloads again). */
function pick(l, how, had) {
  if (how === "all") return l.entries.slice();
  var out = l.entries.slice(0, l.shell);
  var rest = l.entries.slice(l.shell);
  if (how === "had") return out.concat(rest.filter(function (e) { return had[e[0]]; }));
  if (how !== "budget") return out;
  var used = 0;
  rest.forEach(function (e) {
    if (used + e[2] <= SITE.budget) { out.push(e); used += e[2]; }
  });
  return out;
}
/* [path, hash, size] to keep for `langs`, each picked as `how(lang)` says: the shared
   entries, the root list, the languages' lists and their entries. With `net`, missing
   lists are fetched; one that cannot be fails the whole. */
function wanted(langs, how, had, net) {
  langs = [""].concat(langs);
  return Promise.all(langs.map(function (l) { return list(l, net); })).then(function (lists) {
    var out = [];
    for (var p in SITE.shared) out.push([p, SITE.shared[p], 0]);
    return Promise.all(lists.map(function (l, i) {
      if (!l) return null;
      out.push([listPath(langs[i]), SITE.lists[langs[i]], 0]);
      return Promise.resolve(how(langs[i])).then(function (h) {
        out = out.concat(pick(l, h, had));
      });
    })).then(function () { return out; });
  });
}
/* The cache's keys, as a set of URLs, and the paths it holds at any hash. */
function held(cache) {
  return cache.keys().then(function (keys) {
    var urls = {}, paths = {};
    keys.forEach(function (k) {
      urls[k.url] = true;
      if (k.url.indexOf(base) === 0) paths[k.url.slice(base.length).split("?")[0]] = true;
    });
    return { urls: urls, paths: paths };
  });
}
/* Downloads the entries not in the cache, a few at a time; what is cached stays.
   `progress(done, total)` is told as files come; resolves to the number that failed. */
function fetchAll(cache, entries, have, progress) {
  var todo = entries.filter(function (e) { return !have[keyOf(e[0], e[1])]; });
  var total = todo.length, done = 0, failed = 0;
  if (progress) progress(0, total);
  function next() {
    var e = todo.shift();
    if (!e) return Promise.resolve();
    return fetch(base + e[0], { cache: "no-cache", credentials: "omit" }).then(function (r) {
      if (!r.ok) { failed++; return; }
      if (self.serviceWorker && self.serviceWorker.state === "redundant") return;
      return cache.put(keyOf(e[0], e[1]), r);
    }).catch(function () { failed++; }).then(function () {
      done++;
      if (progress) progress(done, total);
      return next();
    });
  }
  return Promise.all([next(), next(), next(), next()]).then(function () { return failed; });
}
/* Downloads and answers about the cache run one after the other: a size asked while
   the budget is being fetched is told once that is done. */
var queue = Promise.resolve();
function serial(job) {
  var next = queue.then(job, job);
  queue = next.catch(function () {});
  return next;
}
function saveData() {
  return !!(self.navigator && self.navigator.connection && self.navigator.connection.saveData);
}
/* Keeps `langs` as the reader's choices and the site say: everything with precache
   = "all" or for a language the reader asked to keep whole; otherwise `how`. */
function precache(langs, how, progress) {
  return caches.open(CACHE).then(function (cache) {
    return held(cache).then(function (have) {
      var choose = function (lang) {
        if (SITE.precache === "all") return "all";
        if (!lang) return how;
        return keptAll(cache, lang).then(function (all) { return all ? "all" : how; });
      };
      return wanted(langs, choose, have.paths, true).then(function (entries) {
        return fetchAll(cache, entries, have.urls, progress);
      });
    });
  });
}
/* Languages to keep: all, or those of open pages and those kept before. */
function languages() {
  if (SITE.precache === "all") return Promise.resolve(SITE.languages.slice());
  return Promise.all([
    self.clients.matchAll({ includeUncontrolled: true, type: "window" }),
    caches.open(CACHE).then(function (c) { return c.keys(); })
  ]).then(function (r) {
    var langs = [];
    /* Cached pages and lists count, not the shared files (every language's offline page). */
    var pages = r[1].map(function (k) { return k.url.split("?")[0]; }).filter(function (u) {
      return !SITE.shared[u.slice(base.length)];
    });
    r[0].map(function (c) { return c.url; }).concat(pages).forEach(function (u) {
      var l = langOf(u);
      if (l && langs.indexOf(l) < 0) langs.push(l);
    });
    return langs;
  });
}
/* The install downloads the shell of the languages in use, what the reader had of
   them (at its new hash) and every language kept whole: a first visit costs little,
   and an update brings back what was there. What the budget adds comes when a page
   asks (see "message"), as the page knows whether its reader saves data. A file that
   fails is fetched when it is read; a list that cannot be downloaded fails the
   install: the worker before stays, with its copies, and the browser tries again. */
self.addEventListener("install", function (event) {
  event.waitUntil(languages().then(function (langs) {
    return precache(langs, "had");
  }).then(function () { return self.skipWaiting(); }));
});
/* Keeps the entries of the languages whose current list is in the cache (the install
   fetched those of every language kept before), and the markers of languages kept
   whole; deletes everything else. */
self.addEventListener("activate", function (event) {
  event.waitUntil(wanted(SITE.languages, function () { return "all"; }, {}, false).then(function (entries) {
    var valid = {};
    entries.forEach(function (e) { valid[keyOf(e[0], e[1])] = true; });
    SITE.languages.forEach(function (l) { valid[keepKey(l)] = true; });
    return caches.open(CACHE).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return !valid[k.url]; }).map(function (k) { return cache.delete(k); }));
      });
    });
  }).then(function () { return self.clients.claim(); }));
});
/* While a newer worker installs or waits, or once one has taken over, this one
   leaves downloads to it: it would put back, under its old hashes, the copies its
   successor has just deleted. */
function superseded() {
  var reg = self.registration;
  return !!(reg.installing || reg.waiting || (self.serviceWorker && self.serviceWorker.state === "redundant"));
}
/* What keeping all of `lang` costs: the bytes and files of its list, the root list
   and the shared files, and how many of them are still to download. */
function cost(lang) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all([held(cache), keptAll(cache, lang)]).then(function (r) {
      var have = r[0].urls;
      return wanted([lang], function () { return "all"; }, {}, true).then(function (entries) {
        var c = { bytes: 0, files: entries.length, missingBytes: 0, missingFiles: 0, kept: r[1] };
        entries.forEach(function (e) {
          c.bytes += e[2];
          if (!have[keyOf(e[0], e[1])]) { c.missingBytes += e[2]; c.missingFiles++; }
        });
        return c;
      });
    });
  });
}
/* Messages from pages:
   {precache: lang, saveData}  a page of `lang` was opened: keep its shell, and what
                               the budget allows unless its reader saves data;
   {cost: lang}                answers on the port with `cost(lang)`;
   {keep: lang}                keep all of `lang`: answers on the port with
                               {done, total} as files come, then {kept: true} or
                               {failed: n}. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  var reply = function (m) { if (port) port.postMessage(m); };
  if (SITE.languages.indexOf(data.precache) >= 0 && !superseded()) {
    var how = data.saveData || saveData() ? "shell" : "budget";
    event.waitUntil(serial(function () { return precache([data.precache], how); }).catch(function () {}));
  } else if (SITE.languages.indexOf(data.cost) >= 0) {
    event.waitUntil(serial(function () { return cost(data.cost); }).then(reply, function () { reply({ error: true }); }));
  } else if (SITE.languages.indexOf(data.keep) >= 0) {
    var lang = data.keep;
    var job = superseded() ? Promise.resolve(-1) : serial(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.put(keepKey(lang), new Response(lang)).then(function () {
          return precache([lang], "all", function (done, total) { reply({ done: done, total: total }); });
        });
      });
    });
    event.waitUntil(job.then(function (failed) {
      reply(failed ? { failed: failed } : { kept: true });
    }, function () { reply({ failed: -1 }); }));
  }
});
function offline(url) {
  var lang = langOf(url) || SITE.default;
  var hash = SITE.shared[lang + "/offline.html"];
  return caches.open(CACHE).then(function (c) { return c.match(keyOf(lang + "/offline.html", hash)); }).then(function (hit) {
    return hit ? Response.redirect(base + lang + "/offline.html?from=" + encodeURIComponent(url), 302) : Response.error();
  });
}
self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = req.url.split("#")[0].split("?")[0];
  if (url.indexOf(base) !== 0) return;
  var path = url.slice(base.length);
  if (path === "" || path.slice(-1) === "/") path += "index.html";
  var lang = langOf(url);
  var network = req.mode === "navigate" ? function () { return fetch(req).catch(function () { return offline(url); }); } : null;
  if (!SITE.shared[path] && !lang && SITE.dirs.indexOf(path.split("/")[0]) < 0) {
    if (network) event.respondWith(network());
    return;
  }
  event.respondWith(hashOf(path, lang).then(function (hash) {
    if (!hash) return network ? network() : fetch(req);
    var key = keyOf(path, hash);
    return caches.open(CACHE).then(function (cache) {
      return cache.match(key).then(function (hit) {
        if (hit) return hit;
        return fetch(req).then(function (r) {
          if (r.ok && r.type === "basic" && !r.redirected) cache.put(key, r.clone());
          return r;
        }, function (err) {
          if (network) return offline(url);
          throw err;
        });
      });
    });
  }));
});
