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
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A file the service worker may keep, in a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub hash: String,
    /// Its size in bytes, for the precache budget and the "keep all" button.
    pub size: u64,
    /// How soon the worker fetches it: smaller first (see [`Rank`]).
    pub rank: Rank,
}

/// Where a file stands in its list. [`Tier::Shell`] files are fetched as soon as a
/// reader opens the language (even when they ask to save data); the others, in this
/// order, as long as they fit in the budget (`[offline] budget`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rank {
    pub tier: Tier,
    /// Within the tier: an item's place in its section (the first item of every
    /// section comes before any second one), then its section's place, then the page
    /// before its bundle files.
    pub place: (u32, u32, u32),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// The home page, the first page of every section, the search and safety pages,
    /// the manifest, the search index's table, poster styles.
    Shell,
    /// Items (lessons, plays, posters, pages, news) and their bundle files.
    Items,
    /// Later pages of lists, topic pages, site assets.
    #[default]
    More,
    /// The search index's shards and document tables (kept as searches load them).
    Search,
}

/// What the service worker may keep: output path → entry.
#[derive(Default)]
pub struct Entries {
    /// Kept whatever the language, and listed in `sw.js` itself: the few files the
    /// worker needs before any list (every offline page, the chooser, theme, icons).
    pub shared: BTreeMap<String, String>,
    /// Kept whatever the language, but as many as the site has (its assets, poster
    /// styles): listed in the root list, `precache.json`.
    pub site: BTreeMap<String, Entry>,
    /// Each language's, listed in `<lang>/precache.json`.
    pub by_lang: BTreeMap<String, BTreeMap<String, Entry>>,
    /// The size of each page the render stage wrote (output path → bytes). Pages are
    /// listed by a hash of what they are made from, but their sizes are only known
    /// once they are rendered; the preview server, which renders nothing ahead, writes
    /// no worker.
    pub page_sizes: HashMap<String, u64>,
}

impl Entries {
    /// Adds a file written for `lang` (a page of it, its search files, …).
    pub fn add(&mut self, lang: &str, path: &str, hash: String, size: u64) {
        let rank = Rank { tier: tier_of(lang, path), place: (0, 0, 0) };
        self.by_lang.entry(lang.to_owned()).or_default().insert(path.to_owned(), Entry { hash, size, rank });
    }
}

/// The tier of a file of `lang` that is not a page of the site's content.
fn tier_of(lang: &str, path: &str) -> Tier {
    if path == layout::search_page(lang)
        || path == layout::safety_page(lang)
        || path == layout::manifest(lang)
        || path == format!("{}index.js", layout::search_dir(lang))
    {
        Tier::Shell
    } else if path.starts_with(&layout::search_dir(lang)) {
        Tier::Search
    } else {
        Tier::More
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
    let files: BTreeMap<usize, Vec<(String, String, u64)>> = items
        .into_par_iter()
        .map(|i| {
            let item = &site.items[i];
            let files = item
                .files
                .iter()
                .map(|f| {
                    let (hash, size) =
                        std::fs::read(&f.path).map(|b| (fingerprint(&b), b.len() as u64)).unwrap_or_default();
                    (layout::bundle_file(&item.key(), &f.name), hash, size)
                })
                .collect();
            (i, files)
        })
        .collect();
    // Items by their place in their section: the first of every section first.
    let mut place: HashMap<usize, (u32, u32)> = HashMap::new();
    for (n, section) in site.sections.iter().enumerate() {
        for (pos, &i) in section.items.iter().enumerate() {
            place.insert(i, (pos as u32, n as u32));
        }
    }
    for (job, (path, hash)) in jobs.iter().zip(pages) {
        let size = entries.page_sizes.get(&path).copied().unwrap_or(0);
        let rank = match job.page {
            PageRef::Section(_) if job.list_page == 1 => Rank { tier: Tier::Shell, place: (0, 0, 0) },
            PageRef::Section(n) => Rank { tier: Tier::More, place: (job.list_page as u32, n as u32, 0) },
            PageRef::Item(i) => {
                let (pos, section) = place.get(&i).copied().unwrap_or((u32::MAX, 0));
                Rank { tier: Tier::Items, place: (pos, section, 0) }
            }
        };
        let mine = entries.by_lang.entry(job.lang.to_owned()).or_default();
        mine.insert(path, Entry { hash, size, rank });
        // A bundle's files are kept with the pages of the languages that show it.
        if let PageRef::Item(i) = job.page {
            for (path, hash, size) in files.get(&i).into_iter().flatten() {
                let rank = Rank { place: (rank.place.0, rank.place.1, 1), ..rank };
                mine.insert(path.clone(), Entry { hash: hash.clone(), size: *size, rank });
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

/// `<lang>/precache.json` (or the root `precache.json`): `{"shell": n, "entries":
/// [[key, hash, size], …]}`, the entries in the order the worker fetches them, the
/// first `n` (the [`Tier::Shell`]) whatever the budget.
pub fn list(lang: &str, entries: &BTreeMap<String, Entry>) -> String {
    let mut sorted: Vec<(&String, &Entry)> = entries.iter().collect();
    sorted.sort_by_key(|(_, e)| e.rank);
    let shell = sorted.iter().take_while(|(_, e)| e.rank.tier == Tier::Shell).count();
    let rows: Vec<serde_json::Value> =
        sorted.iter().map(|(path, e)| json!([list_key(lang, path), e.hash, e.size])).collect();
    json!({ "shell": shell, "entries": rows }).to_string()
}

/// `sw.js`, every language's list and the root list, as (output path, text).
pub fn files(site: &Site, theme: &crate::render::Theme, entries: &Entries) -> Vec<(String, String)> {
    let languages: Vec<&str> = site.languages().collect();
    let empty = BTreeMap::new();
    let mut out = Vec::new();
    let mut lists = serde_json::Map::new();
    // Top folders of the files listed outside the languages' folders (site assets,
    // bundle files): requests for them may be entries.
    let mut dirs = BTreeSet::new();
    for lang in std::iter::once("").chain(languages.iter().copied()) {
        let mine = if lang.is_empty() { &entries.site } else { entries.by_lang.get(lang).unwrap_or(&empty) };
        let prefix = layout::lang_dir(lang);
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
        "budget": site.config.offline.budget,
        "languages": languages,
        "default": site.config.default_language().code,
        "shared": entries.shared,
        "lists": lists,
        "dirs": dirs,
    });
    let version = fingerprint(config.to_string().as_bytes());
    // The worker's code is the theme's `scripts/sw.js`; `SITE` holds the build's
    // shared entries and the hashes of the lists (the root one under "").
    let sw = format!(
        "/* chyrak service worker {version}, generated by the build: do not edit. */\nvar SITE = {config};\n{}",
        theme.script("sw.js")
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
