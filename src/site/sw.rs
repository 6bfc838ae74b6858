//! The service worker (`sw.js` at the output root), the lists of what it keeps
//! (`<lang>/precache.json` and `precache.json`) and the web app manifest of each
//! language (`<lang>/manifest.webmanifest`).
//!
//! Every file the worker may keep has a content hash, and the worker stores each one
//! under `URL?v=<hash>`: after a rebuild, the new worker downloads only entries whose
//! hash changed and deletes the rest on activation. Pages are keyed by a hash of what
//! they are made from (their source, the site's structure and front matter, the theme
//! and its strings), which the build knows without rendering them: so the worker and
//! its lists stay a pure function of the site and theme, as the preview server needs.
//! Other files are keyed by a hash of their bytes.
//!
//! `sw.js` is registered by every page and downloaded again whenever it changes, so
//! it stays small whatever the size of the site: the configuration, the few files
//! every language keeps that the worker needs at once (offline pages, the chooser,
//! theme, icons) and the hash of each list. The lists: one per language
//! (`<lang>/precache.json`: its pages, search files, bundle files) and the root one
//! (`precache.json`: the site's assets and poster styles, kept for every language).
//! The worker fetches a list (`…/precache.json?v=<hash>`) when it precaches its
//! language (the root one always) and keeps it in its cache under that hash like any
//! entry, so that it finds the pages offline. A changed list changes its hash in
//! `sw.js`, so the browser still sees a new worker after any change.

use crate::config::{Direction, Precache};
use crate::hash::{Fingerprint, fingerprint};
use crate::model::{PageRef, Site};
use crate::output::{Job, layout};
use crate::render::Inputs;
use crate::render::context::MetaView;
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// What the service worker may keep: output path → content hash.
#[derive(Default)]
pub struct Entries {
    /// Kept whatever the language, and listed in `sw.js` itself: the few files the
    /// worker needs before any list (every offline page, the chooser, theme, icons).
    pub shared: BTreeMap<String, String>,
    /// Kept whatever the language, but as many as the site has (its assets, poster
    /// styles): listed in the root list, `precache.json`.
    pub site: BTreeMap<String, String>,
    /// Each language's, listed in `<lang>/precache.json`.
    pub by_lang: BTreeMap<String, BTreeMap<String, String>>,
}

impl Entries {
    pub fn add(&mut self, lang: &str, path: &str, hash: String) {
        self.by_lang.entry(lang.to_owned()).or_default().insert(path.to_owned(), hash);
    }
}

/// A hash of everything a page shows besides its own text: the configuration, every
/// page's path, front matter and bundle files, and the theme. Hashed as it is
/// written out: at 100,000 pages the text would be hundreds of megabytes.
fn structure(inputs: &Inputs) -> String {
    let (site, theme) = (inputs.site, inputs.theme);
    let mut h = Fingerprint::default();
    // Writing into a hash cannot fail; a value that cannot be serialised adds nothing.
    let _ = serde_json::to_writer(&mut h, &site.config);
    let pages = site
        .sections
        .iter()
        .map(|s| (&s.path, &s.translations, None))
        .chain(site.items.iter().map(|i| (&i.slug, &i.translations, Some((&i.section, &i.files)))));
    for (key, translations, item) in pages {
        h.add(key.as_bytes());
        if let Some((section, files)) = item {
            h.add(section.as_bytes());
            for f in files {
                h.add(f.name.as_bytes());
            }
        }
        for (lang, t) in translations {
            h.add(lang.as_bytes());
            let _ = serde_json::to_writer(&mut h, &MetaView::of(t));
        }
    }
    for (print, pdf) in inputs.pdfs {
        h.add(print.as_bytes());
        h.add(pdf.as_bytes());
    }
    h.add(theme.fingerprint.as_bytes());
    h.hex()
}

/// Hashes of the rendered pages of every language, without rendering them, and of
/// the bundle files kept with them. Pages are hashed in parallel, bundle files once
/// each however many languages show them.
pub fn page_entries(inputs: &Inputs, jobs: &[Job], entries: &mut Entries) {
    let (site, theme) = (inputs.site, inputs.theme);
    let base = structure(inputs);
    let ui: BTreeMap<&str, String> = site
        .languages()
        .map(|l| (l, fingerprint(format!("{:?}", theme.catalog.get(l).all_text()).as_bytes())))
        .collect();
    let pages: Vec<(String, String)> = jobs
        .par_iter()
        .map(|job| {
            let key = site.key(job.page);
            let mut text = format!("{base}\n{}\n{}\n{key}\n{}\n", ui[job.lang], job.lang, job.list_page);
            if let Some(t) = site.pick(job.page, job.lang) {
                text.push_str(&t.lang);
                text.push_str(&format!("{:016x}", t.content_hash()));
            }
            (job.path(site), fingerprint(text.as_bytes()))
        })
        .collect();
    let items: BTreeSet<usize> = jobs
        .iter()
        .filter_map(|j| match j.page {
            PageRef::Item(i) if !site.items[i].files.is_empty() => Some(i),
            _ => None,
        })
        .collect();
    let files: BTreeMap<usize, Vec<(String, String)>> = items
        .into_par_iter()
        .map(|i| {
            let item = &site.items[i];
            let files = item
                .files
                .iter()
                .map(|f| {
                    let hash = std::fs::read(&f.path).map(|b| fingerprint(&b)).unwrap_or_default();
                    (layout::bundle_file(&item.key(), &f.name), hash)
                })
                .collect();
            (i, files)
        })
        .collect();
    for (job, (path, hash)) in jobs.iter().zip(pages) {
        entries.add(job.lang, &path, hash);
        // A bundle's files are kept with the pages of the languages that show it.
        if let PageRef::Item(i) = job.page {
            for (path, hash) in files.get(&i).into_iter().flatten() {
                entries.add(job.lang, path, hash.clone());
            }
        }
    }
}

/// The key of `path` in `lang`'s list: relative to the list's folder (`../` for a
/// file outside it), `index.html` left out. The worker undoes this in `list`.
fn list_key(lang: &str, path: &str) -> String {
    let rel = if lang.is_empty() {
        path.to_owned()
    } else {
        match path.strip_prefix(lang).and_then(|p| p.strip_prefix('/')) {
            Some(rel) => rel.to_owned(),
            None => format!("../{path}"),
        }
    };
    match rel.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_owned(),
        _ => rel,
    }
}

/// `<lang>/precache.json` (or the root `precache.json`): key → hash.
pub fn list(lang: &str, entries: &BTreeMap<String, String>) -> String {
    let list: serde_json::Map<String, serde_json::Value> =
        entries.iter().map(|(path, hash)| (list_key(lang, path), json!(hash))).collect();
    serde_json::to_string(&list).unwrap_or_default()
}

/// `sw.js`, every language's list and the root list, as (output path, text).
pub fn files(site: &Site, entries: &Entries) -> Vec<(String, String)> {
    let languages: Vec<&str> = site.languages().collect();
    let empty = BTreeMap::new();
    let mut out = Vec::new();
    let mut lists = serde_json::Map::new();
    // Top folders of the files listed outside the languages' folders (site assets,
    // bundle files): requests for them may be entries.
    let mut dirs = BTreeSet::new();
    for lang in std::iter::once("").chain(languages.iter().copied()) {
        let mine = if lang.is_empty() { &entries.site } else { entries.by_lang.get(lang).unwrap_or(&empty) };
        let prefix = format!("{lang}/");
        for path in mine.keys() {
            if lang.is_empty() || !path.starts_with(&prefix) {
                dirs.insert(path.split('/').next().unwrap_or(path).to_owned());
            }
        }
        let text = list(lang, mine);
        lists.insert(lang.to_owned(), json!(fingerprint(text.as_bytes())));
        out.push((layout::precache_list(lang), text));
    }
    let config = json!({
        "precache": match site.config.offline.precache { Precache::All => "all", Precache::Language => "language", Precache::None => "none" },
        "languages": languages,
        "default": site.config.default_language().code,
        "shared": entries.shared,
        "lists": lists,
        "dirs": dirs,
    });
    let version = fingerprint(config.to_string().as_bytes());
    let sw = format!(
        "/* chyrak service worker {version}, generated by the build: do not edit. */\nvar SITE = {config};\n{}",
        SW_JS
    );
    out.push((layout::SW.to_owned(), sw));
    out
}

/// `<lang>/manifest.webmanifest`.
pub fn manifest(site: &Site, lang: &str) -> String {
    let cfg = &site.config;
    let l = cfg.language(lang).expect("known language");
    let name = l.title.as_deref().unwrap_or(&cfg.title);
    let short: String = name.split([':', '—', '–']).next().unwrap_or(name).trim().chars().take(24).collect();
    let to_root = "../";
    let icons: Vec<_> = layout::ICONS
        .iter()
        .map(|&(path, size, maskable)| {
            json!({
                "src": format!("{to_root}{path}"), "sizes": format!("{size}x{size}"), "type": "image/png",
                "purpose": if maskable { "maskable" } else { "any" },
            })
        })
        .collect();
    let m = json!({
        "name": name,
        "short_name": short,
        "description": l.description.as_deref().unwrap_or(&cfg.description),
        "id": "./index.html",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": cfg.offline.background_color,
        "theme_color": cfg.offline.theme_color,
        "lang": lang,
        "dir": if l.direction == Direction::Rtl { "rtl" } else { "ltr" },
        "icons": icons,
    });
    serde_json::to_string_pretty(&m).unwrap_or_default()
}

/// The worker's code; `SITE` (above it) holds the build's shared entries and the
/// hashes of the lists (the root one under "").
const SW_JS: &str = r##"
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
            if (r.ok) return cache.put(keyOf(e[0], e[1]), r);
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
self.addEventListener("message", function (event) {
  var lang = event.data && event.data.precache;
  if (SITE.languages.indexOf(lang) >= 0) event.waitUntil(precache([lang]).catch(function () {}));
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
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_keys_are_relative_to_the_language_folder() {
        assert_eq!(list_key("ru", "ru/index.html"), "");
        assert_eq!(list_key("ru", "ru/notes/00001/index.html"), "notes/00001/");
        assert_eq!(list_key("ru", "ru/search/s12.js"), "search/s12.js");
        assert_eq!(list_key("ru", "ru/notes/pindex.html"), "notes/pindex.html");
        assert_eq!(list_key("ru", "rus/index.html"), "../rus/");
        assert_eq!(list_key("ru", "media/notes/00001/a.pdf"), "../media/notes/00001/a.pdf");
        assert_eq!(list_key("", "assets/posters/0123456789.css"), "assets/posters/0123456789.css");
    }
}
