//! The preview's site in memory. Pages are rendered when they are asked for and kept
//! until a change makes them stale; a change to one Markdown file parses that file
//! alone and, when its title, order and type stay the same, updates the model in
//! place. Anything else (a new or deleted file, a template, `site.toml`) reloads the
//! model. A failed change keeps the last good site and reports the error.

use super::live::{Event, Hub};
use crate::build;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{self, PageRef, Site, Translation, url};
use crate::parse::front_matter;
use crate::render::{self, Job, Sink, Theme};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// A file the server can answer with.
#[derive(Clone, Debug)]
pub enum Body {
    Bytes(Arc<Vec<u8>>),
    /// A bundle or asset file, read from the sources when asked for.
    File(PathBuf),
}

/// One consistent version of the site.
struct Generation {
    site: Site,
    theme: Theme,
    /// Output path → page, index of its language and number of its list page.
    pages: HashMap<String, (PageRef, usize, usize)>,
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
    root: PathBuf,
    drafts: bool,
    current: RwLock<Generation>,
    /// Rendered pages with the generation they were rendered for (stale ones are kept
    /// to be served while the current version of the page fails to render).
    cache: Mutex<HashMap<String, Cached>>,
    pub hub: Hub,
}

/// Collects site-wide files in memory.
#[derive(Default)]
struct Memory(Mutex<HashMap<String, Body>>);

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.0.lock().expect("memory sink").insert(rel.to_owned(), Body::Bytes(Arc::new(bytes.to_vec())));
        Ok(())
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        self.0.lock().expect("memory sink").insert(rel.to_owned(), Body::File(from.to_owned()));
        Ok(())
    }
}

fn generation(site: Site, theme: Theme, number: u64) -> Result<Generation> {
    let jobs = render::jobs(&site);
    let codes: Vec<&str> = site.languages().collect();
    let pages = jobs
        .iter()
        .map(|j| {
            let lang = codes.iter().position(|c| *c == j.lang).expect("known language");
            (j.path(&site), (j.page, lang, j.list_page))
        })
        .collect();
    let memory = Memory::default();
    render::render_site_wide(&site, &theme, &jobs, &memory, render::Purpose::Publish, &Default::default())?;
    let files = memory.0.into_inner().expect("memory sink");
    Ok(Generation { site, theme, pages, files, number, files_stale: false })
}

impl Preview {
    /// Loads the site; every page is rendered once to report errors before serving.
    pub fn new(root: &Path, drafts: bool) -> Result<(Preview, Vec<Diagnostic>)> {
        let timings = crate::timings::Timings::default();
        let (site, theme, mut warnings) = build::load(root, drafts, true, &timings)?;
        warnings.extend(build::render_check(&site, &theme)?);
        let generation = generation(site, theme, 1)?;
        let preview = Preview {
            root: root.to_owned(),
            drafts,
            current: RwLock::new(generation),
            cache: Mutex::new(HashMap::new()),
            hub: Hub::default(),
        };
        Ok((preview, warnings))
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
        match render::render_page(&current.site, &current.theme, job) {
            Ok((_, html, _)) => {
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

    /// Whether `path` is a folder of the output (so `path/index.html` may exist).
    pub fn has_index(&self, path: &str) -> bool {
        let index = if path.is_empty() { "index.html".to_owned() } else { format!("{path}/index.html") };
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
        let (site, theme, _) = build::load(&self.root, self.drafts, true, &timings)?;
        let mut current = self.current.write().expect("preview lock");
        let fresh = generation(site, theme, current.number + 1)?;
        *current = fresh;
        drop(current);
        self.check_changed(changed)?;
        let current = self.current.read().expect("preview lock");
        Ok(if css_only { Event::Css(format!("/{}", current.theme.css.0)) } else { Event::Reload })
    }

    /// A change to the theme's stylesheets only: the theme is loaded again and every page
    /// goes stale (they name the new stylesheet), but the site's model stays.
    fn update_css(&self) -> Result<Event> {
        let config = self.current.read().expect("preview lock").site.config.clone();
        let theme = build::load_theme(&self.root, &config)?;
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
    /// Returns false when the model must be reloaded instead.
    fn update_in_place(&self, changed: &[PathBuf]) -> Result<bool> {
        let mut current = self.current.write().expect("preview lock");
        let mut replacements = Vec::new();
        for path in changed {
            let Some((page, lang)) = find(&current.site, path) else { return Ok(false) };
            if !path.is_file() {
                return Ok(false);
            }
            let old = &current.site.translations(page)[&lang];
            let text = model::read_text(path)?;
            let split = front_matter::split(path, &text)?;
            let default_type = match page {
                PageRef::Item(i) => current.site.items[i].content_type,
                PageRef::Section(_) => front_matter::ContentType::Page,
            };
            let is_section = matches!(page, PageRef::Section(_));
            let meta = front_matter::parse(path, &text, &split, default_type, is_section).map_err(Error::Content)?;
            let same_shape = meta.title == old.meta.title
                && meta.order == old.meta.order
                && meta.draft == old.meta.draft
                && meta.content_type == old.meta.content_type;
            if !same_shape {
                return Ok(false);
            }
            let body_offset = split.body_offset;
            let has_handouts = crate::parse::handout::marks_handout(&text[body_offset..]);
            if has_handouts != old.has_handouts {
                return Ok(false); // the language gains or loses its handouts page
            }
            let source = crate::model::Text::Kept(text);
            replacements.push((
                page,
                lang.clone(),
                Translation { path: path.clone(), lang, source, body_offset, meta, has_handouts },
            ));
        }
        for (page, lang, t) in replacements {
            let translations: &mut BTreeMap<String, Translation> = match page {
                PageRef::Item(i) => &mut current.site.items[i].translations,
                PageRef::Section(i) => &mut current.site.sections[i].translations,
            };
            translations.insert(lang, t);
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
        let memory = Memory::default();
        let jobs = render::jobs(&current.site);
        match render::render_site_wide(
            &current.site,
            &current.theme,
            &jobs,
            &memory,
            render::Purpose::Publish,
            &Default::default(),
        ) {
            Ok(()) => current.files = memory.0.into_inner().expect("memory sink"),
            Err(e) => self.hub.broadcast(Event::Error(e.to_string())),
        }
        current.files_stale = false;
    }

    /// Renders, now, every page of the changed items in every language, so that an
    /// error shows at once rather than when the page is next opened.
    fn check_changed(&self, changed: &[PathBuf]) -> Result<()> {
        let current = self.current.read().expect("preview lock");
        let mut problems = Vec::new();
        for path in changed {
            let Some((page, _)) = find(&current.site, path) else { continue };
            for lang in &current.site.config.languages {
                if !current.site.shows(page, &lang.code) {
                    continue;
                }
                let out = url::page_path(&lang.code, &current.site.key(page));
                match render::render_page(&current.site, &current.theme, Job::new(page, &lang.code)) {
                    Ok((_, html, _)) => {
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
        paths
            .into_iter()
            .filter_map(|p| {
                let body = self.get(&p)?;
                let bytes = match body {
                    Body::Bytes(b) => b.to_vec(),
                    Body::File(f) => std::fs::read(f).ok()?,
                };
                Some((p, bytes))
            })
            .collect()
    }

    /// The poster board for the current site.
    pub fn poster_board(&self) -> String {
        super::board::html(&self.current.read().expect("preview lock").site)
    }

    /// Output path of the stylesheet.
    pub fn css_path(&self) -> String {
        self.current.read().expect("preview lock").theme.css.0.clone()
    }
}

/// The page and language a source file is a translation of.
fn find(site: &Site, path: &Path) -> Option<(PageRef, String)> {
    let hit = |t: &std::collections::BTreeMap<String, Translation>| {
        t.iter().find(|(_, tr)| tr.path == path).map(|(l, _)| l.clone())
    };
    for (i, s) in site.sections.iter().enumerate() {
        if let Some(lang) = hit(&s.translations) {
            return Some((PageRef::Section(i), lang));
        }
    }
    for (i, item) in site.items.iter().enumerate() {
        if let Some(lang) = hit(&item.translations) {
            return Some((PageRef::Item(i), lang));
        }
    }
    None
}
