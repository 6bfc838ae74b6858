//! The pipeline, end to end, as every command runs it:
//!
//! ```text
//! load     site.toml → theme → discover → parse and check every file → model (+ site-wide checks)
//! images   the bundles' images in their widths (cached)
//! render   per language, in parallel chunks: pages; with each lesson its handbook
//!          article; with each page its search text; ids of pages links point into
//! anchors  every `#anchor` against the ids readers get
//! site     chooser, 404, sitemap, theme, files, offline pages, service worker, print pages
//! ```
//!
//! `build`, `check`, `serve`, `pack` and `pdf` all call [`load`] and [`publish`]; they
//! differ only in the sink their files go to and in what they want made ([`Wants`]).
//! So `build` fails exactly when `check` reports an error.

use crate::assets::cards;
use crate::assets::cards::CardWork;
use crate::assets::images::Images;
use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{self, Site};
use crate::output::{self, Sink, documents};
use crate::render::print::{Base, LessonPrint};
use crate::render::{self, Inputs, Theme, Wants, anchors};
use crate::site::{self, print, search, sw};
use crate::timings::Timings;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

/// Called with the number of pages to render, then as they are rendered.
pub trait Progress: Sync {
    fn start(&self, total: u64);
    fn advance(&self, n: u64);
}

impl Progress for () {
    fn start(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// A loaded site: its model, its theme, and the problems found on the way.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    /// Warnings ([`load`]), or errors and warnings ([`load_all`]).
    pub warnings: Vec<Diagnostic>,
}

/// Loads the site: config, theme, model, every check of the model; fails with every
/// problem when one is an error. `keep_texts`: keep every source's text in memory
/// (see [`model::Text`]).
pub fn load(root: &Path, drafts: bool, keep_texts: bool, timings: &Timings) -> Result<Loaded> {
    let loaded = load_all(root, drafts, keep_texts, timings)?;
    if loaded.warnings.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(every_problem(loaded, timings)?));
    }
    Ok(loaded)
}

/// What a check makes: every page (for its template errors and its ids) and every
/// handbook, not the search index, which cannot report a problem (it was a seventh of
/// a build's time).
pub const CHECKING: Wants = Wants { pages: true, handbook: true, search: false, cards: CardWork::LayOut, worker: true };

/// The problems of a site whose model has errors, with those only rendering finds
/// (anchors, template errors): rendered into nothing, as `check` renders it, so that a
/// failed build reports everything `check` does in one run, not a stage at a time.
fn every_problem(loaded: Loaded, timings: &Timings) -> Result<Vec<Diagnostic>> {
    let mut all = loaded.warnings;
    let run = Publish { sink: &output::Discard, wants: CHECKING, pdfs: &BTreeMap::new(), progress: &(), timings };
    match publish(&loaded.site, &loaded.theme, &Images::default(), &run) {
        Ok(mut warnings) => all.append(&mut warnings),
        Err(Error::Content(mut d)) => all.append(&mut d),
        Err(other) => return Err(other),
    }
    all.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    all.dedup();
    Ok(all)
}

/// [`load`], keeping a site with errors (with them among its `warnings`), for `check`
/// to render it and report everything a build would stop at in one run.
pub fn load_all(root: &Path, drafts: bool, keep_texts: bool, timings: &Timings) -> Result<Loaded> {
    let config_path = root.join("site.toml");
    if !config_path.is_file() {
        return Err(Error::Usage(format!(
            "no site.toml in `{}`: run chyrak in a site's folder, pass --root, or create one with `chyrak init`",
            root.display()
        )));
    }
    let config = timings.time("config", || SiteConfig::load(&config_path))?;
    let theme = timings.time("theme", || load_theme(root, &config))?;
    let (site, mut warnings) = model::load(root, config, drafts, keep_texts, timings)?;
    // Translators' catalogs: a translation that would break a link or a play is an
    // error of `check` and `build` alike.
    warnings.extend(timings.time("catalogs", || crate::po::safety::site(&site)));
    Ok(Loaded { site, theme, warnings })
}

/// Loads the site's theme (templates, CSS for its browsers, UI strings, template functions).
pub fn load_theme(root: &Path, config: &SiteConfig) -> Result<Theme> {
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let mut theme = Theme::load_for(root, &config.theme, &codes, &config.build.browsers)?;
    render::contact::register(&mut theme.tera, config, theme.catalog.clone());
    Ok(theme)
}

/// What a run of [`publish`] makes, and with what.
pub struct Publish<'a> {
    pub sink: &'a dyn Sink,
    pub wants: Wants,
    /// PDFs `chyrak pdf` is making, for the pages to link to (print page → PDF path).
    pub pdfs: &'a BTreeMap<String, String>,
    pub progress: &'a dyn Progress,
    pub timings: &'a Timings,
}

/// What every build wants: everything.
pub const EVERYTHING: Wants = Wants { pages: true, handbook: true, search: true, cards: CardWork::Draw, worker: true };

/// What a copy for reading elsewhere (`pack`, `pdf`) and the preview server want: no
/// preview cards, which only messengers fetch, from the published site.
pub const NO_CARDS: Wants = Wants { cards: CardWork::Skip, ..EVERYTHING };

/// Renders the whole site into the sink: every page of every language with its
/// handbook and search index, then the site-wide files and the preview cards. Errors
/// of every page are collected and returned together; warnings (letters the cards'
/// fonts lack, texts too long for a card) are returned.
pub fn publish(site: &Site, theme: &Theme, images: &Images, run: &Publish) -> Result<Vec<Diagnostic>> {
    let timings = run.timings;
    timings.time("images", || images.prepare(site)).map_err(Error::Content)?;
    let inputs = Inputs { site, theme, images, pdfs: run.pdfs };
    let jobs = output::jobs(site);
    run.progress.start(jobs.len() as u64);
    let render_start = Instant::now();
    let anchor_pages = if run.wants.pages { anchors::pages(site) } else { HashSet::new() };
    let mut ids = HashMap::new();
    let mut entries = sw::Entries::default();
    let mut errors = Vec::new();
    for lang in site.languages() {
        match language(&inputs, lang, run, &anchor_pages, &mut ids, &mut entries) {
            Ok(()) => {}
            Err(Error::Content(mut d)) => errors.append(&mut d),
            Err(other) => return Err(other),
        }
    }
    if run.wants.pages && errors.is_empty() {
        errors.extend(anchors::check(site, &ids));
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        errors.dedup();
        return Err(Error::Content(errors));
    }
    timings.add("render pages", render_start.elapsed());
    site::write(&inputs, &jobs, run.sink, entries, run.wants.worker, timings)?;
    timings.time("cards", || cards::write(site, run.sink, run.wants.cards))
}

/// Renders the pages of `lang` into the sink, writing its handbook and handouts as the
/// lessons come, and its search index when they are all in.
fn language<'a>(
    inputs: &Inputs<'a>,
    lang: &'a str,
    run: &Publish,
    anchor_pages: &HashSet<String>,
    ids: &mut HashMap<String, HashSet<String>>,
    entries: &mut sw::Entries,
) -> Result<()> {
    let site = inputs.site;
    let (sink, wants, timings) = (run.sink, run.wants, run.timings);
    let handbook = documents::site_doc(documents::Kind::Handbook, lang);
    let base = (wants.handbook && !site.lessons(lang).is_empty()).then(|| Base::new(inputs, lang, &handbook.html));
    let mut index = wants.search.then(|| search::Builder::new(lang));
    let mut handouts: Vec<LessonPrint<'a>> = Vec::new();
    let progress = |n| run.progress.advance(n);
    let mut pages = |out: &mut dyn FnMut(&[u8]) -> Result<()>| -> Result<()> {
        render::language(inputs, lang, wants, base.as_ref(), anchor_pages, sink, &progress, &mut |chunk| {
            let mut texts = Vec::new();
            for page in chunk {
                entries.page_sizes.insert(page.path.clone(), page.size);
                if let Some(found) = page.ids {
                    ids.insert(page.path, found);
                }
                if let Some(article) = page.article {
                    out(article.html.trim().as_bytes())?;
                    out(b"\n")?;
                    handouts.extend(article.handouts);
                }
                texts.extend(page.search);
            }
            if let Some(index) = &mut index {
                timings.time("search", || index.add(site, &texts));
            }
            Ok(())
        })
        .map_err(Error::Content)
    };
    match &base {
        Some(base) => {
            let (head, tail) = print::handbook::frame(inputs, sink, base)?;
            sink.write_pieces(&handbook.html, &mut |out| {
                out(head.as_bytes())?;
                pages(out)?;
                out(tail.as_bytes())
            })?;
            if !handouts.is_empty() {
                let doc = documents::site_doc(documents::Kind::Handouts, lang);
                sink.write(&doc.html, print::handouts(inputs, sink, base, &handouts)?.as_bytes())?;
            }
        }
        None => pages(&mut |_| Ok(()))?,
    }
    if let Some(index) = index {
        let files = timings.time("search", || index.finish(site).files(lang));
        for (path, text) in files {
            site::offline::put(sink, entries, lang, &path, text.as_bytes())?;
        }
    }
    Ok(())
}
