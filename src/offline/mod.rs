//! Everything that makes a built site work anywhere and safely: the search index
//! ([`search`]), the search, safety and offline pages of each language, its topic
//! pages ([`topics`]), the service worker with its per-language lists ([`sw`]) and the
//! web app manifests. All of it is a pure function of the site and theme, written by
//! `render::render_site_wide` (so the preview server can redo it after every edit).

pub mod feed;
pub mod icons;
pub mod pack;
pub mod search;
pub mod sw;
pub mod topics;

use crate::config::Precache;
use crate::error::Result;
use crate::model::Site;
use crate::render::templates::fingerprint;
use crate::render::{Job, Purpose, Sink, Theme, page};
use crate::timings::Timings;
use serde_json::json;
use std::collections::BTreeMap;

/// The service worker, at the output root so that its scope is the whole site.
pub const SW: &str = "sw.js";
/// Icons of the web app, made from the site's logo.
pub const ICON_192: &str = "assets/icons/icon-192.png";

/// The Content-Security-Policy `<meta>` of every page: only the site's own files.
/// (`frame-ancestors` cannot be set by `<meta>`; servers may add it as a header.)
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; media-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'";

/// Output paths of the generated files of one language.
pub struct Paths {
    pub search_page: String,
    pub search_dir: String,
    pub safety_page: String,
    pub offline_page: String,
    pub manifest: String,
}

pub fn paths(lang: &str) -> Paths {
    Paths {
        search_page: format!("{lang}/search/index.html"),
        search_dir: format!("{lang}/search/"),
        safety_page: format!("{lang}/safety/index.html"),
        offline_page: format!("{lang}/offline.html"),
        manifest: format!("{lang}/manifest.webmanifest"),
    }
}

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

/// Writes `bytes` and records it for the service worker (`lang` empty: shared).
fn put(sink: &dyn Sink, entries: &mut Entries, lang: &str, path: &str, bytes: &[u8]) -> Result<()> {
    let hash = fingerprint(bytes);
    if lang.is_empty() {
        entries.shared.insert(path.to_owned(), hash);
    } else {
        entries.add(lang, path, hash);
    }
    sink.write(path, bytes)
}

/// Writes the search index; the search, topic, safety and offline pages and the web app
/// manifest of every language; the icons; and the service worker with the list of
/// what it keeps of each language.
pub fn render(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    sink: &dyn Sink,
    purpose: Purpose,
    timings: &Timings,
) -> Result<()> {
    let mut entries = Entries::default();
    if purpose == Purpose::Publish {
        timings.time("search", || {
            search::write_files(site, jobs, |lang, path, text| put(sink, &mut entries, lang, path, text.as_bytes()))
        })?;
    }
    timings.time("offline", || rest(site, theme, jobs, sink, entries))
}

/// Everything but the search index.
fn rest(site: &Site, theme: &Theme, jobs: &[Job], sink: &dyn Sink, mut entries: Entries) -> Result<()> {
    for lang in site.languages() {
        let language = page::Language::new(site, theme, lang);
        let p = paths(lang);
        let topics = topics::topics(site, lang);
        let strings = theme.catalog.get(lang);
        let extra = json!({
            "topics": topics::preview(&topics, &language, strings, &p.search_page),
            "result_forms": strings.forms("search_results"),
        });
        let generated = |key, path_of: &dyn Fn(&str) -> String, template, extra| {
            page::generated(
                site,
                theme,
                &language,
                page::Generated { key, title: None, path_of, template, extra, paginator: None },
            )
        };
        let html = generated("search", &|l| paths(l).search_page, "search.html", extra)?;
        put(sink, &mut entries, lang, &p.search_page, html.as_bytes())?;
        topics::write(site, theme, &language, &topics, sink, &mut entries)?;
        let html = generated("safety", &|l| paths(l).safety_page, "safety.html", json!({}))?;
        put(sink, &mut entries, lang, &p.safety_page, html.as_bytes())?;
        let html = generated("offline", &|l| paths(l).offline_page, "offline.html", json!({}))?;
        // Every language's offline page is kept, whatever else is: a reader may follow
        // a link into another language while offline.
        put(sink, &mut entries, "", &p.offline_page, html.as_bytes())?;
        put(sink, &mut entries, lang, &p.manifest, sw::manifest(site, lang).as_bytes())?;
        if let Some(xml) = feed::atom(site, lang) {
            sink.write(&feed::path(lang), xml.as_bytes())?;
        }
    }
    for style in page::poster_styles(site) {
        entries.site.insert(style.path.clone(), fingerprint(style.css.as_bytes()));
        sink.write(&style.path, style.css.as_bytes())?;
    }
    for (path, png) in icons::icons(site)? {
        put(sink, &mut entries, "", &path, &png)?;
    }
    if site.config.offline.precache == Precache::None {
        return Ok(());
    }
    sw::page_entries(site, theme, jobs, &mut entries);
    entries.shared.insert("index.html".to_owned(), fingerprint(page::chooser_fingerprint(site, theme).as_bytes()));
    entries.shared.insert(theme.css.0.clone(), fingerprint(theme.css.1.as_bytes()));
    entries.shared.insert(theme.js.0.clone(), fingerprint(theme.js.1.as_bytes()));
    entries.site.extend(site_assets(site));
    for (path, text) in sw::files(site, &entries) {
        sink.write(&path, text.as_bytes())?;
    }
    Ok(())
}

/// The site's `assets/` files with their hashes (they are copied by the render stage).
fn site_assets(site: &Site) -> Vec<(String, String)> {
    let dir = site.root.join("assets");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).follow_links(false).into_iter().flatten() {
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            if let Ok(bytes) = std::fs::read(entry.path()) {
                out.push((format!("assets/{}", rel.join("/")), fingerprint(&bytes)));
            }
        }
    }
    out
}
