//! What makes a built site work anywhere and safely, besides the search index: the
//! search, topic, safety and offline pages of each language, its web app manifest and
//! feed, the poster preview styles, the icons, and the service worker with its lists.

use super::sw::{self, Entries, Entry, Rank, Tier};
use super::{feed, topics};
use crate::config::Precache;
use crate::error::Result;
use crate::hash::fingerprint;
use crate::output::{Job, Sink, layout};
use crate::render::Inputs;
use crate::render::generated::{self, Generated};
use crate::render::language::Language;
use crate::render::views::poster_styles;
use serde_json::json;
use std::path::PathBuf;

/// Writes `bytes` and records it for the service worker (`lang` empty: shared).
pub fn put(sink: &dyn Sink, entries: &mut Entries, lang: &str, path: &str, bytes: &[u8]) -> Result<()> {
    let hash = fingerprint(bytes);
    if lang.is_empty() {
        entries.shared.insert(path.to_owned(), hash);
    } else {
        entries.add(lang, path, hash, bytes.len() as u64);
    }
    sink.write(path, bytes)
}

/// Writes the search, topic, safety and offline pages and the web app manifest of
/// every language; the feeds; the poster styles; the icons; and the service worker
/// with the list of what it keeps of each language. `entries` holds what was written
/// before (the search index) and the sizes of the pages; `assets` are the site's
/// `assets/` files. Without `worker`, the service worker and its lists are left out.
pub fn write(
    inputs: &Inputs,
    jobs: &[Job],
    sink: &dyn Sink,
    mut entries: Entries,
    worker: bool,
    assets: &[(String, PathBuf)],
) -> Result<()> {
    let (site, theme) = (inputs.site, inputs.theme);
    for lang in site.languages() {
        let language = Language::new(inputs, lang);
        let topics = topics::topics(site, lang);
        let strings = theme.catalog.get(lang);
        let search_page = layout::search_page(lang);
        let extra = json!({
            "topics": topics::preview(&topics, &language, strings, &search_page),
            "result_forms": strings.forms("search_results"),
        });
        let page = |key, path_of: &dyn Fn(&str) -> String, template, extra| {
            generated::generated(
                inputs,
                &language,
                Generated { key, title: None, path_of, template, extra, paginator: None },
            )
        };
        let html = page("search", &layout::search_page, "search.html", extra)?;
        put(sink, &mut entries, lang, &search_page, html.as_bytes())?;
        topics::write(inputs, &language, &topics, sink, &mut entries)?;
        let html = page("safety", &layout::safety_page, "safety.html", json!({}))?;
        put(sink, &mut entries, lang, &layout::safety_page(lang), html.as_bytes())?;
        let html = page("offline", &layout::offline_page, "offline.html", json!({}))?;
        // Every language's offline page is kept, whatever else is: a reader may follow
        // a link into another language while offline.
        put(sink, &mut entries, "", &layout::offline_page(lang), html.as_bytes())?;
        put(sink, &mut entries, lang, &layout::manifest(lang), sw::manifest(site, lang).as_bytes())?;
        if let Some(xml) = feed::atom(site, lang) {
            sink.write(&layout::feed(lang), xml.as_bytes())?;
        }
    }
    for style in poster_styles(site) {
        // Poster pages need their styles: part of the shell.
        let entry = Entry {
            hash: fingerprint(style.css.as_bytes()),
            size: style.css.len() as u64,
            rank: Rank { tier: Tier::Shell, place: (0, 0, 0) },
        };
        entries.site.insert(style.path.clone(), entry);
        sink.write(&style.path, style.css.as_bytes())?;
    }
    for (path, png) in crate::assets::icons::icons(site)? {
        put(sink, &mut entries, "", &path, &png)?;
    }
    if site.config.offline.precache == Precache::None || !worker {
        return Ok(());
    }
    sw::page_entries(inputs, jobs, &mut entries);
    entries
        .shared
        .insert(layout::CHOOSER.to_owned(), fingerprint(generated::chooser_fingerprint(site, theme).as_bytes()));
    entries.shared.insert(theme.css.0.clone(), fingerprint(theme.css.1.as_bytes()));
    entries.shared.insert(theme.js.0.clone(), fingerprint(theme.js.1.as_bytes()));
    for (path, source) in assets {
        if let Ok(bytes) = std::fs::read(source) {
            let entry = Entry { hash: fingerprint(&bytes), size: bytes.len() as u64, rank: Rank::default() };
            entries.site.insert(path.clone(), entry);
        }
    }
    for (path, text) in sw::files(site, theme, &entries) {
        sink.write(&path, text.as_bytes())?;
    }
    Ok(())
}
