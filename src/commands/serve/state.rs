//! The preview's site in memory. Pages are rendered when they are asked for and kept
//! until a change makes them stale; a change to one Markdown file reads that file alone
//! (with the loader's own checks, `model::reload`) and, when its title, order and type
//! stay the same, updates the model in place. Anything else (a new or deleted file, a
//! template, `site.toml`) loads the site again. A failed change keeps the last good
//! site and reports the error. Site-wide files come from the same pipeline as a build.

use super::editor::Editor;
use super::live::{Event, Hub};
use crate::assets::images::Images;
use crate::commands::pipeline::{self, Publish};
use crate::error::{Diagnostic, Error, Result};
use crate::model::{PageRef, Site, Translation};
use crate::output::{Body, Job, Memory, Sink, jobs, layout};
use crate::render::{self, Inputs, Theme, Wants};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// One consistent version of the site.
pub(super) struct Generation {
    pub(super) site: Site,
    pub(super) theme: Theme,
    /// Output path → page, index of its language and number of its list page.
    pub(super) pages: HashMap<String, (PageRef, usize, usize)>,
    /// Everything that is not a page (chooser, 404, sitemap, CSS, JS, copied files).
    files: HashMap<String, Body>,
    number: u64,
    /// Site-wide files (search index, sitemap, print pages…) lag behind an in-place
    /// edit; they are made again when one of them is next asked for, not on every save.
    files_stale: bool,
}

/// A rendered page and the generation it was rendered for.
type Cached = (u64, Arc<Vec<u8>>);

pub struct Preview {
    pub(super) root: PathBuf,
    drafts: bool,
    images: Images,
    pub(super) current: RwLock<Generation>,
    /// Rendered pages with the generation they were rendered for (stale ones are kept
    /// to be served while the current version of the page fails to render).
    cache: Mutex<HashMap<String, Cached>>,
    pub hub: Hub,
    /// The poster editor's drafts and token.
    pub editor: Editor,
}

/// Keeps what the pipeline writes except the pages, which the preview renders when
/// they are asked for.
struct SiteWide<'a> {
    memory: Memory,
    pages: &'a HashSet<String>,
}

impl Sink for SiteWide<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if self.pages.contains(rel) { Ok(()) } else { self.memory.write(rel, bytes) }
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        self.memory.copy(rel, from)
    }
}

/// What the preview wants of the pipeline after an edit: no pages (they are rendered
/// when asked for), but the handbooks and search index.
const SITE_WIDE: Wants = Wants { pages: false, ..PREVIEW };
/// What a new version of the preview makes: every page rendered (to report its
/// problems), no cards and no service worker (`sw.js` is answered with one that
/// removes itself).
const PREVIEW: Wants = Wants { worker: false, ..pipeline::NO_CARDS };

impl Preview {
    /// Loads the site and renders it once whole (the pages for their errors, as
    /// `chyrak check` does), keeping the site-wide files.
    pub fn new(root: &Path, drafts: bool) -> Result<(Preview, Vec<Diagnostic>)> {
        let timings = crate::timings::Timings::default();
        let loaded = pipeline::load(root, drafts, true, &timings)?;
        let images = Images::default();
        let generation = generation(loaded.site, loaded.theme, 1, &images, PREVIEW)?;
        let preview = Preview {
            root: root.to_owned(),
            drafts,
            images,
            current: RwLock::new(generation),
            cache: Mutex::new(HashMap::new()),
            hub: Hub::default(),
            editor: Editor::default(),
        };
        Ok((preview, loaded.warnings))
    }

    /// What to answer for an output path (`ru/lessons/index.html`).
    pub fn get(&self, path: &str) -> Option<Body> {
        let mut current = self.current.read().expect("preview lock");
        let theme_file = path == current.theme.css.0 || path == current.theme.js.0;
        // A stale site-wide file, or a path the stale files may now have (an image an
        // edit has just started to use): make the site-wide files again first.
        let unknown = !current.files.contains_key(path) && !current.pages.contains_key(path);
        if current.files_stale && !theme_file && (unknown || current.files.contains_key(path)) {
            drop(current);
            self.refresh_site_wide();
            current = self.current.read().expect("preview lock");
        }
        if let Some(body) = current.files.get(path) {
            return Some(body.clone());
        }
        let &(page, lang, list_page) = current.pages.get(path)?;
        if let Some((number, bytes)) = self.cache.lock().expect("cache").get(path) {
            if *number == current.number {
                return Some(Body::Bytes(bytes.clone()));
            }
        }
        let job = Job { page, lang: &current.site.config.languages[lang].code, list_page };
        match render::page_html(&self.inputs(&current), job) {
            Ok(html) => {
                let bytes = Arc::new(html);
                self.cache.lock().expect("cache").insert(path.to_owned(), (current.number, bytes.clone()));
                Some(Body::Bytes(bytes))
            }
            Err(problems) => {
                self.hub.broadcast(Event::Error(Error::Content(problems).to_string()));
                let stale = self.cache.lock().expect("cache").get(path).map(|(_, b)| b.clone());
                stale.map(Body::Bytes)
            }
        }
    }

    pub(super) fn inputs<'a>(&'a self, current: &'a Generation) -> Inputs<'a> {
        static NO_PDFS: BTreeMap<String, String> = BTreeMap::new();
        Inputs { site: &current.site, theme: &current.theme, images: &self.images, pdfs: &NO_PDFS }
    }

    /// Whether `path` is a folder of the output (so `path/index.html` may exist).
    pub fn has_index(&self, path: &str) -> bool {
        let index = if path.is_empty() { layout::CHOOSER.to_owned() } else { format!("{path}/index.html") };
        let current = self.current.read().expect("preview lock");
        current.pages.contains_key(&index) || current.files.contains_key(&index)
    }

    /// Brings the site up to date with changed source files and tells open tabs.
    /// Returns the event sent.
    pub fn apply(&self, changed: &[PathBuf]) -> Event {
        let event = match self.update(changed) {
            Ok(event) => event,
            Err(e) => Event::Error(e.to_string()),
        };
        self.hub.broadcast(event.clone());
        event
    }

    fn update(&self, changed: &[PathBuf]) -> Result<Event> {
        let content = self.root.join("content");
        let md_only = changed.iter().all(|p| p.starts_with(&content) && p.extension().is_some_and(|e| e == "md"));
        if md_only && self.update_in_place(changed)? {
            return self.check_changed(changed).map(|()| Event::Reload);
        }
        let css_only = changed.iter().all(|p| {
            p.strip_prefix(self.root.join("themes"))
                .is_ok_and(|rest| rest.components().nth(1).is_some_and(|c| c.as_os_str() == "css"))
        });
        if css_only {
            return self.update_css();
        }
        let timings = crate::timings::Timings::default();
        let loaded = pipeline::load(&self.root, self.drafts, true, &timings)?;
        let mut current = self.current.write().expect("preview lock");
        let fresh = generation(loaded.site, loaded.theme, current.number + 1, &self.images, PREVIEW)?;
        *current = fresh;
        drop(current);
        self.check_changed(changed)?;
        Ok(Event::Reload)
    }

    /// A change to the theme's stylesheets only: the theme is loaded again and every page
    /// goes stale (they name the new stylesheet), but the site's model stays.
    fn update_css(&self) -> Result<Event> {
        let config = self.current.read().expect("preview lock").site.config.clone();
        let theme = pipeline::load_theme(&self.root, &config)?;
        let mut current = self.current.write().expect("preview lock");
        let (old_css, old_js) = (current.theme.css.0.clone(), current.theme.js.0.clone());
        current.files.remove(&old_css);
        current.files.remove(&old_js);
        current.files.insert(theme.css.0.clone(), Body::Bytes(Arc::new(theme.css.1.clone().into_bytes())));
        current.files.insert(theme.js.0.clone(), Body::Bytes(Arc::new(theme.js.1.clone().into_bytes())));
        let path = format!("/{}", theme.css.0);
        current.theme = theme;
        current.number += 1;
        current.files_stale = true;
        Ok(Event::Css(path))
    }

    /// Replaces the changed translations when nothing about the site's shape changed.
    /// Returns false when the site must be loaded again instead.
    fn update_in_place(&self, changed: &[PathBuf]) -> Result<bool> {
        let mut current = self.current.write().expect("preview lock");
        let mut replacements = Vec::new();
        for path in changed {
            if !path.is_file() {
                return Ok(false);
            }
            let Some((page, t, _)) = crate::model::reload(&current.site, path, true).map_err(Error::Content)? else {
                return Ok(false);
            };
            let old = &current.site.translations(page)[&t.lang];
            let same_shape = t.title == old.title
                && t.order == old.order
                && t.draft == old.draft
                && t.declared_type == old.declared_type
                // The language gains or loses its handouts page.
                && t.has_handouts() == old.has_handouts();
            if !same_shape {
                return Ok(false);
            }
            replacements.push((page, t));
        }
        for (page, t) in replacements {
            let translations: &mut BTreeMap<String, Translation> = match page {
                PageRef::Item(i) => &mut current.site.items[i].translations,
                PageRef::Section(i) => &mut current.site.sections[i].translations,
            };
            translations.insert(t.lang.clone(), t);
        }
        current.number += 1;
        current.files_stale = true;
        Ok(true)
    }

    /// Makes the site-wide files again after in-place edits.
    fn refresh_site_wide(&self) {
        let mut current = self.current.write().expect("preview lock");
        if !current.files_stale {
            return;
        }
        match site_wide(&current.site, &current.theme, &self.images, SITE_WIDE, &current.pages) {
            Ok(files) => current.files = files,
            Err(e) => self.hub.broadcast(Event::Error(e.to_string())),
        }
        current.files_stale = false;
    }

    /// Renders, now, every page of the changed items in every language, so that an
    /// error shows at once rather than when the page is next opened.
    fn check_changed(&self, changed: &[PathBuf]) -> Result<()> {
        let current = self.current.read().expect("preview lock");
        let inputs = self.inputs(&current);
        let mut problems = Vec::new();
        for path in changed {
            let Some(page) = find(&current.site, path) else { continue };
            for lang in &current.site.config.languages {
                if !current.site.shows(page, &lang.code) {
                    continue;
                }
                let out = layout::page_path(&lang.code, &current.site.key(page));
                match render::page_html(&inputs, Job::new(page, &lang.code)) {
                    Ok(html) => {
                        self.cache.lock().expect("cache").insert(out, (current.number, Arc::new(html)));
                    }
                    Err(mut p) => problems.append(&mut p),
                }
            }
        }
        problems.dedup();
        if problems.is_empty() { Ok(()) } else { Err(Error::Content(problems)) }
    }

    /// Every output file of the current version, rendered: for comparing with a full build.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let paths: Vec<String> = {
            let current = self.current.read().expect("preview lock");
            current.pages.keys().chain(current.files.keys()).cloned().collect()
        };
        paths.into_iter().filter_map(|p| Some((p.clone(), self.get(&p)?.bytes().ok()?))).collect()
    }

    /// The poster board for the current site; with the editor when given its token.
    pub fn poster_board(&self, editor_token: Option<&str>) -> String {
        let root = self.root.clone();
        self.with_print_pages(|current, version| {
            let board = super::board::Board { site: &current.site, theme: &current.theme, root: &root, editor_token };
            board.html(version).unwrap_or_else(|e| e.to_string())
        })
    }

    /// The current version of each print page of the board.
    pub fn poster_versions(&self) -> String {
        let root = self.root.clone();
        self.with_print_pages(|current, version| {
            let board =
                super::board::Board { site: &current.site, theme: &current.theme, root: &root, editor_token: None };
            board.versions(version)
        })
    }

    /// Runs `f` on the current site, with print pages up to date and a function that
    /// gives a print page's version: a hash of its bytes ("" when there is none).
    fn with_print_pages<T>(&self, f: impl FnOnce(&Generation, &dyn Fn(&str) -> String) -> T) -> T {
        self.refresh_site_wide();
        let current = self.current.read().expect("preview lock");
        let version = |path: &str| {
            let bytes = current.files.get(path).and_then(|b| b.bytes().ok());
            bytes.map(|b| crate::hash::fingerprint(&b)).unwrap_or_default()
        };
        f(&current, &version)
    }

    /// A script of the theme's `scripts/` folder.
    pub fn script(&self, name: &str) -> String {
        self.current.read().expect("preview lock").theme.script(name).to_owned()
    }

    /// Output path of the stylesheet.
    pub fn css_path(&self) -> String {
        self.current.read().expect("preview lock").theme.css.0.clone()
    }
}

/// A version of the site: its pages (rendered later, when asked for) and its
/// site-wide files, made by the pipeline with `wants`.
fn generation(site: Site, theme: Theme, number: u64, images: &Images, wants: Wants) -> Result<Generation> {
    let codes: Vec<&str> = site.languages().collect();
    let pages: HashMap<String, (PageRef, usize, usize)> = jobs(&site)
        .iter()
        .map(|j| {
            let lang = codes.iter().position(|c| *c == j.lang).expect("known language");
            (j.path(&site), (j.page, lang, j.list_page))
        })
        .collect();
    let files = site_wide(&site, &theme, images, wants, &pages)?;
    Ok(Generation { site, theme, pages, files, number, files_stale: false })
}

/// Runs the pipeline into memory, keeping every file but the pages.
fn site_wide(
    site: &Site,
    theme: &Theme,
    images: &Images,
    wants: Wants,
    pages: &HashMap<String, (PageRef, usize, usize)>,
) -> Result<HashMap<String, Body>> {
    let paths: HashSet<String> = pages.keys().cloned().collect();
    let sink = SiteWide { memory: Memory::default(), pages: &paths };
    let timings = Default::default();
    let run = Publish { sink: &sink, wants, pdfs: &BTreeMap::new(), progress: &(), timings: &timings };
    pipeline::publish(site, theme, images, &run)?;
    Ok(sink.memory.into_files())
}

/// The page a source file is a translation of.
fn find(site: &Site, path: &Path) -> Option<PageRef> {
    site.translation_at(path).map(|(page, _)| page)
}
