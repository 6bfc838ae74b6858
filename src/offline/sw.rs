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

use super::Entries;
use crate::config::{Direction, Precache};
use crate::model::{PageRef, Site, url};
use crate::render::templates::{Fingerprint, fingerprint};
use crate::render::{Job, Theme};
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// The list of a language's entries, in that language's folder (`lang` empty: the
/// root list).
pub fn list_path(lang: &str) -> String {
    if lang.is_empty() { "precache.json".to_owned() } else { format!("{lang}/precache.json") }
}

/// A hash of everything a page shows besides its own text: the configuration, every
/// page's path, front matter and bundle files, and the theme. Hashed as it is
/// written out: at 100,000 pages the text would be hundreds of megabytes.
fn structure(site: &Site, theme: &Theme) -> String {
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
            let _ = serde_json::to_writer(&mut h, &t.meta);
        }
    }
    for (print, pdf) in &site.pdfs {
        h.add(print.as_bytes());
        h.add(pdf.as_bytes());
    }
    h.add(theme.fingerprint.as_bytes());
    h.hex()
}

/// Hashes of the rendered pages of every language, without rendering them, and of
/// the bundle files kept with them. Pages are hashed in parallel, bundle files once
/// each however many languages show them.
pub fn page_entries(site: &Site, theme: &Theme, jobs: &[Job], entries: &mut Entries) {
    let base = structure(site, theme);
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
                    (format!("{}/{}", url::media_dir(&item.key()), f.name), hash)
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
        out.push((list_path(lang), text));
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
    out.push((super::SW.to_owned(), sw));
    out
}

/// `<lang>/manifest.webmanifest`.
pub fn manifest(site: &Site, lang: &str) -> String {
    let cfg = &site.config;
    let l = cfg.language(lang).expect("known language");
    let name = l.title.as_deref().unwrap_or(&cfg.title);
    let short: String = name.split([':', '—', '–']).next().unwrap_or(name).trim().chars().take(24).collect();
    let to_root = "../";
    let icons: Vec<_> = super::icons::ICONS
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
    use crate::render::Sink;
    use std::path::Path;
    use std::sync::Mutex;

    /// Keeps what a build writes.
    #[derive(Default)]
    struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

    impl Sink for Memory {
        fn write(&self, rel: &str, bytes: &[u8]) -> crate::error::Result<()> {
            self.0.lock().unwrap().insert(rel.to_owned(), bytes.to_vec());
            Ok(())
        }
        fn copy(&self, rel: &str, from: &Path) -> crate::error::Result<()> {
            self.write(rel, &std::fs::read(from).unwrap())
        }
    }

    impl Memory {
        fn text(&self, rel: &str) -> String {
            let files = self.0.lock().unwrap();
            String::from_utf8(files.get(rel).unwrap_or_else(|| panic!("{rel} was not written")).clone()).unwrap()
        }
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A site of three languages with `notes` notes (every third one not in Kyrgyz,
    /// which falls back to Russian), the first with a bundle file.
    fn many_pages(root: &Path, notes: usize) {
        write(
            root,
            "site.toml",
            "title = \"Many pages\"\nbase_url = \"https://example.org/many\"\n\
             [[languages]]\ncode = \"en\"\nname = \"English\"\n\
             [[languages]]\ncode = \"ru\"\nname = \"Русский\"\nfallback = [\"en\"]\n\
             [[languages]]\ncode = \"ky\"\nname = \"Кыргызча\"\nfallback = [\"ru\", \"en\"]\n",
        );
        for lang in ["en", "ru", "ky"] {
            write(root, &format!("content/_index.{lang}.md"), "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
            write(root, &format!("content/notes/_index.{lang}.md"), "+++\ntitle = \"Notes\"\ntype = \"page\"\n+++\n");
        }
        for i in 0..notes {
            for lang in ["en", "ru", "ky"] {
                if lang != "ky" || i % 3 != 0 {
                    let text = format!("+++\ntitle = \"Note {i} {lang}\"\n+++\nThe text of note {i} in {lang}.\n");
                    write(root, &format!("content/notes/{i:05}/index.{lang}.md"), &text);
                }
            }
        }
        write(root, "content/notes/00000/handout.txt", "A handout.");
        write(root, "assets/docs/guide.txt", "A guide.");
    }

    /// A list, read back as the worker reads it: path → hash.
    fn read_list(lang: &str, text: &str) -> BTreeMap<String, String> {
        let list: BTreeMap<String, String> = serde_json::from_str(text).unwrap();
        list.into_iter()
            .map(|(k, hash)| {
                let mut path = match k.strip_prefix("../") {
                    _ if lang.is_empty() => k.clone(),
                    Some(outside) => outside.to_owned(),
                    None => format!("{lang}/{k}"),
                };
                if path.ends_with('/') {
                    path.push_str("index.html");
                }
                (path, hash)
            })
            .collect()
    }

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

    /// A check leaves out only the search index: it cannot report a problem.
    #[test]
    fn a_check_renders_everything_but_the_search_index() {
        let dir = tempfile::tempdir().unwrap();
        many_pages(dir.path(), 3);
        let timings = crate::timings::Timings::default();
        let (site, theme, _) = crate::build::load(dir.path(), false, false, &timings).unwrap();
        let jobs = crate::render::jobs(&site);
        let files = |purpose| {
            let out = Memory::default();
            super::super::render(&site, &theme, &jobs, &out, purpose, &timings).unwrap();
            out.0.into_inner().unwrap().into_keys().collect::<Vec<_>>()
        };
        let published = files(crate::render::Purpose::Publish);
        let checked = files(crate::render::Purpose::Check);
        let index = |path: &String| path.contains("/search/") && !path.ends_with("index.html");
        assert!(published.iter().any(index), "{published:?}");
        let left_out: Vec<_> = published.iter().filter(|p| !checked.contains(p)).collect();
        assert!(!left_out.is_empty() && left_out.iter().all(|p| index(p)), "{left_out:?}");
    }

    /// `sw.js` does not grow with the pages: they are in the languages' lists, which
    /// hold every page of their language with its hash, and whose hashes are in `sw.js`.
    #[test]
    fn sw_js_stays_small_and_each_language_lists_its_pages_with_their_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        many_pages(root, 500);
        let timings = crate::timings::Timings::default();
        let (site, theme, _) = crate::build::load(root, false, false, &timings).unwrap();
        let jobs = crate::render::jobs(&site);
        assert!(jobs.len() > 1500, "{} pages", jobs.len());
        let out = Memory::default();
        super::super::render(&site, &theme, &jobs, &out, crate::render::Purpose::Publish, &timings).unwrap();

        let sw = out.text("sw.js");
        assert!(sw.len() < 16_000, "sw.js is {} bytes for {} pages", sw.len(), jobs.len());
        let config: serde_json::Value =
            serde_json::from_str(sw.split("var SITE = ").nth(1).unwrap().split(";\n").next().unwrap()).unwrap();
        assert_eq!(config["dirs"], json!(["assets", "media"]), "site assets and bundle files are in the lists");
        assert!(config["shared"]["ky/offline.html"].is_string(), "every offline page is shared");
        let text = out.text("precache.json");
        assert_eq!(config["lists"][""], json!(fingerprint(text.as_bytes())), "sw.js names the root list");
        assert_eq!(read_list("", &text).get("assets/docs/guide.txt"), Some(&fingerprint(b"A guide.")));

        let mut pages = Entries::default();
        page_entries(&site, &theme, &jobs, &mut pages);
        for lang in ["en", "ru", "ky"] {
            let text = out.text(&list_path(lang));
            assert_eq!(config["lists"][lang], json!(fingerprint(text.as_bytes())), "sw.js names {lang}'s list");
            let list = read_list(lang, &text);
            let mine: Vec<_> = jobs.iter().filter(|j| j.lang == lang).collect();
            assert_eq!(mine.len(), 511, "{lang}: home, notes (10 pages of 50) and 500 notes, fallbacks included");
            for job in mine {
                let path = job.path(&site);
                let hash = &pages.by_lang[lang][&path];
                assert_eq!(list.get(&path), Some(hash), "{lang}'s list has {path} with its hash");
                assert_eq!(hash.len(), 10);
            }
            assert_eq!(list.get("media/notes/00000/handout.txt"), Some(&fingerprint(b"A handout.")));
            for extra in ["search/index.html", "safety/index.html", "manifest.webmanifest", "search/index.js"] {
                assert!(list.contains_key(&format!("{lang}/{extra}")), "{lang}/{extra}");
            }
            assert!(!list.contains_key(&format!("{lang}/offline.html")), "offline pages are shared");
        }

        // One page's text changes: only its hash changes, in its language's list only,
        // and sw.js changes with that list's hash.
        let before = files(&site, &pages);
        write(root, "content/notes/00007/index.ru.md", "+++\ntitle = \"Note 7 ru\"\n+++\nNew text.\n");
        let (site, theme, _) = crate::build::load(root, false, false, &timings).unwrap();
        let jobs = crate::render::jobs(&site);
        let mut changed = Entries::default();
        page_entries(&site, &theme, &jobs, &mut changed);
        let after = files(&site, &changed);
        let differ: Vec<&str> = before.iter().zip(&after).filter(|(b, a)| b != a).map(|(b, _)| b.0.as_str()).collect();
        assert_eq!(differ, ["ru/precache.json", "sw.js"]);
        let ru =
            |files: &[(String, String)]| read_list("ru", &files.iter().find(|f| f.0 == "ru/precache.json").unwrap().1);
        let (old, new) = (ru(&before), ru(&after));
        let pages: Vec<_> = old.iter().filter(|(p, h)| new.get(*p) != Some(*h)).map(|(p, _)| p.as_str()).collect();
        assert_eq!(pages, ["ru/notes/00007/index.html"]);
    }
}
