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

/* A language's entries (lang "": the root list's), path → hash, from its list (keys
   relative to the list's folder, "index.html" left out). The list is kept in the
   cache under its hash, like any entry, so that it is there offline; `net`: fetch it
   when it is not. */
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
  }).then(function (keys) {
    if (!keys) return null;
    var paths = {};
    for (var k in keys) {
      var p = !lang ? k : k.slice(0, 3) === "../" ? k.slice(3) : lang + "/" + k;
      if (p === "" || p.slice(-1) === "/") p += "index.html";
      /* As a request's URL has it: percent-encoded (topic pages have Cyrillic names). */
      paths[new URL(p, base).href.slice(base.length)] = keys[k];
    }
    loaded[lang] = paths;
    return paths;
  });
}
/* [path, hash] of every entry of `langs`, of the root list and the shared ones, the
   lists included. With `net`, missing lists are fetched; one that cannot be fails
   the whole. */
function wanted(langs, net) {
  langs = [""].concat(langs);
  return Promise.all(langs.map(function (l) { return list(l, net); })).then(function (lists) {
    var out = [];
    for (var p in SITE.shared) out.push([p, SITE.shared[p]]);
    lists.forEach(function (paths, i) {
      if (!paths) return;
      out.push([listPath(langs[i]), SITE.lists[langs[i]]]);
      for (var p in paths) out.push([p, paths[p]]);
    });
    return out;
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
    for (var i = 0; i < lists.length; i++) if (lists[i] && lists[i][path]) return lists[i][path];
    return null;
  });
}
/* Downloads what is missing, a few files at a time; what is cached stays. */
function precache(langs) {
  return wanted(langs, true).then(function (entries) {
    return caches.open(CACHE).then(function (cache) {
      return cache.keys().then(function (keys) {
        var have = {};
        keys.forEach(function (k) { have[k.url] = true; });
        var todo = entries.filter(function (e) { return !have[keyOf(e[0], e[1])]; });
        function next() {
          var e = todo.shift();
          if (!e) return Promise.resolve();
          return fetch(base + e[0], { cache: "no-cache", credentials: "omit" }).then(function (r) {
            if (r.ok && !(self.serviceWorker && self.serviceWorker.state === "redundant")) return cache.put(keyOf(e[0], e[1]), r);
          }, function () {}).then(next);
        }
        return Promise.all([next(), next(), next(), next()]);
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
/* A list that cannot be downloaded fails the install: the worker before stays, with
   its copies, and the browser tries again later. */
self.addEventListener("install", function (event) {
  event.waitUntil(languages().then(precache).then(function () { return self.skipWaiting(); }));
});
/* Keeps the entries of the languages whose current list is in the cache (the install
   fetched those of every language kept before) and deletes everything else. */
self.addEventListener("activate", function (event) {
  event.waitUntil(wanted(SITE.languages, false).then(function (entries) {
    var valid = {};
    entries.forEach(function (e) { valid[keyOf(e[0], e[1])] = true; });
    return caches.open(CACHE).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return !valid[k.url]; }).map(function (k) { return cache.delete(k); }));
      });
    });
  }).then(function () { return self.clients.claim(); }));
});
/* A page asks the active worker to keep its language. While a newer worker installs
   or waits, or once one has taken over, this one leaves that to it: it would put back,
   under its old hashes, the copies its successor has just deleted. */
function superseded() {
  var reg = self.registration;
  return !!(reg.installing || reg.waiting || (self.serviceWorker && self.serviceWorker.state === "redundant"));
}
self.addEventListener("message", function (event) {
  var lang = event.data && event.data.precache;
  if (SITE.languages.indexOf(lang) >= 0 && !superseded()) event.waitUntil(precache([lang]).catch(function () {}));
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
