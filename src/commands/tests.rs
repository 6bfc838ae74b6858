//! Tests of the whole pipeline that look at what it writes, through a sink that keeps
//! every file.

use super::pipeline::CHECKING as CHECK;
use super::pipeline::{self, EVERYTHING, Loaded, Publish};
use crate::assets::images::Images;
use crate::hash::fingerprint;
use crate::output::{Memory, jobs, layout};
use crate::render::{Inputs, Wants};
use crate::site::sw::{Entries, files, page_entries};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Runs the pipeline into memory; returns every file as text (or its source's path).
fn publish(loaded: &Loaded, wants: Wants) -> HashMap<String, String> {
    let out = Memory::default();
    let timings = Default::default();
    let run = Publish { sink: &out, wants, pdfs: &BTreeMap::new(), progress: &(), timings: &timings };
    pipeline::publish(&loaded.site, &loaded.theme, &Images::default(), &run).unwrap();
    out.into_files()
        .into_iter()
        .map(|(path, body)| (path, String::from_utf8_lossy(&body.bytes().unwrap_or_default()).into_owned()))
        .collect()
}

fn load(root: &Path) -> Loaded {
    pipeline::load(root, false, false, &Default::default()).unwrap()
}

/// Hashes of every page, as the service worker lists them.
fn entries(loaded: &Loaded) -> Entries {
    let mut entries = Entries::default();
    let inputs =
        Inputs { site: &loaded.site, theme: &loaded.theme, images: &Images::default(), pdfs: &BTreeMap::new() };
    page_entries(&inputs, &jobs(&loaded.site), &mut entries);
    entries
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
    let list: serde_json::Value = serde_json::from_str(text).unwrap();
    let rows: Vec<(String, String, u64)> = serde_json::from_value(list["entries"].clone()).unwrap();
    rows.into_iter()
        .map(|(k, hash, _)| {
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

/// A check leaves out only the search index, which cannot report a problem, and the
/// preview cards, whose letters it checks without drawing them.
#[test]
fn a_check_renders_everything_but_the_search_index() {
    let dir = tempfile::tempdir().unwrap();
    many_pages(dir.path(), 3);
    let loaded = load(dir.path());
    let published: Vec<String> = publish(&loaded, EVERYTHING).into_keys().collect();
    let checked: Vec<String> = publish(&loaded, CHECK).into_keys().collect();
    let index = |path: &String| {
        path.contains("/search/") && !path.ends_with("index.html") || path.starts_with(layout::PREVIEWS)
    };
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
    let loaded = load(root);
    let site = &loaded.site;
    let jobs = jobs(site);
    assert!(jobs.len() > 1500, "{} pages", jobs.len());
    let out = publish(&loaded, EVERYTHING);

    let sw = &out["sw.js"];
    assert!(sw.len() < 16_000, "sw.js is {} bytes for {} pages", sw.len(), jobs.len());
    let config: serde_json::Value =
        serde_json::from_str(sw.split("var SITE = ").nth(1).unwrap().split(";\n").next().unwrap()).unwrap();
    assert_eq!(config["dirs"], json!(["assets", "media"]), "site assets and bundle files are in the lists");
    assert!(config["shared"]["ky/offline.html"].is_string(), "every offline page is shared");
    let text = &out["precache.json"];
    assert_eq!(config["lists"][""], json!(fingerprint(text.as_bytes())), "sw.js names the root list");
    assert_eq!(read_list("", text).get("assets/docs/guide.txt"), Some(&fingerprint(b"A guide.")));

    let pages = entries(&loaded);
    for lang in ["en", "ru", "ky"] {
        let text = &out[&layout::precache_list(lang)];
        assert_eq!(config["lists"][lang], json!(fingerprint(text.as_bytes())), "sw.js names {lang}'s list");
        let list = read_list(lang, text);
        let mine: Vec<_> = jobs.iter().filter(|j| j.lang == lang).collect();
        assert_eq!(mine.len(), 511, "{lang}: home, notes (10 pages of 50) and 500 notes, fallbacks included");
        for job in mine {
            let path = job.path(site);
            let hash = &pages.by_lang[lang][&path].hash;
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
    let before = files(site, &loaded.theme, &pages);
    write(root, "content/notes/00007/index.ru.md", "+++\ntitle = \"Note 7 ru\"\n+++\nNew text.\n");
    let loaded = load(root);
    let after = files(&loaded.site, &loaded.theme, &entries(&loaded));
    let differ: Vec<&str> = before.iter().zip(&after).filter(|(b, a)| b != a).map(|(b, _)| b.0.as_str()).collect();
    assert_eq!(differ, ["ru/precache.json", "sw.js"]);
    let ru = |files: &[(String, String)]| read_list("ru", &files.iter().find(|f| f.0 == "ru/precache.json").unwrap().1);
    let (old, new) = (ru(&before), ru(&after));
    let pages: Vec<_> = old.iter().filter(|(p, h)| new.get(*p) != Some(*h)).map(|(p, _)| p.as_str()).collect();
    assert_eq!(pages, ["ru/notes/00007/index.html"]);
}

/// Each list is in the order the worker fetches it: the shell (home, first pages of
/// sections, search and safety pages, manifest, search table), then the items in
/// reading order with their bundle files, later list pages, and the search index's
/// shards last; every entry's size is the size of the file written.
#[test]
fn lists_put_the_shell_first_and_give_every_file_its_size() {
    let dir = tempfile::tempdir().unwrap();
    many_pages(dir.path(), 60);
    let loaded = load(dir.path());
    let out = publish(&loaded, EVERYTHING);
    let list: serde_json::Value = serde_json::from_str(&out["ru/precache.json"]).unwrap();
    let rows: Vec<(String, String, u64)> = serde_json::from_value(list["entries"].clone()).unwrap();
    let shell = list["shell"].as_u64().unwrap() as usize;
    let keys: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let mut first: Vec<&str> = keys[..shell].to_vec();
    first.sort_unstable();
    assert_eq!(first, ["", "manifest.webmanifest", "notes/", "safety/", "search/", "search/index.js"]);
    assert_eq!(&keys[shell..shell + 3], ["notes/00000/", "../media/notes/00000/handout.txt", "notes/00001/"]);
    let later = keys.iter().position(|k| *k == "notes/page/2/").unwrap();
    let last_note = keys.iter().position(|k| *k == "notes/00059/").unwrap();
    let shards = keys.iter().position(|k| k.starts_with("search/s")).unwrap();
    assert!(last_note < later && later < shards, "{keys:?}");
    assert!(keys[shards..].iter().all(|k| k.starts_with("search/")), "{keys:?}");
    for (key, _, size) in &rows {
        let path = match key.strip_prefix("../") {
            Some(up) => up.to_owned(),
            None if key.is_empty() || key.ends_with('/') => format!("ru/{key}index.html"),
            None => format!("ru/{key}"),
        };
        assert_eq!(out[&path].len() as u64, *size, "{path}");
    }
}
