//! Turns the model into output files: every page in every language through Tera, in
//! parallel, plus the root language chooser, the 404 page, the sitemap and the theme's
//! assets. Files go to a [`Sink`] as soon as they are rendered (the build's staging
//! folder, or nowhere for `check`), so memory does not grow with the site.

pub mod contact;
pub mod context;
mod guard;
pub(crate) mod page;
mod sitemap;
pub mod templates;

use crate::error::{Diagnostic, Error, Result};
use crate::model::{PageRef, Site, url};
use crate::timings::Timings;
use rayon::prelude::*;
use std::path::Path;
pub use templates::Theme;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path under the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
    /// Copies the file `from` to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> Result<()>;
    /// Writes a file piece by piece: `fill` gets a function that appends bytes. For
    /// files too big to hold whole (a handbook of thousands of lessons); sinks that
    /// keep files in memory or look at whole files collect the pieces.
    fn write_pieces(&self, rel: &str, fill: Fill) -> Result<()> {
        let mut all = Vec::new();
        fill(&mut |bytes| {
            all.extend_from_slice(bytes);
            Ok(())
        })?;
        self.write(rel, &all)
    }
}

/// Produces a file's bytes for [`Sink::write_pieces`].
pub type Fill<'a> = &'a mut dyn FnMut(&mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()>;

/// What a render is for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Purpose {
    /// Every output file.
    Publish,
    /// Finding problems: everything that can report one, without the search index,
    /// which is made from text the pages already rendered and cannot fail (it was a
    /// seventh of a build's time).
    Check,
}

/// One page to render: a section or item in a reader's language. A long section's
/// list is split over several pages: `list_page` is the number of this one (1 for
/// the first and for items).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job<'a> {
    pub page: PageRef,
    pub lang: &'a str,
    pub list_page: usize,
}

impl<'a> Job<'a> {
    /// The first (or only) page of `page` in `lang`.
    pub fn new(page: PageRef, lang: &'a str) -> Self {
        Job { page, lang, list_page: 1 }
    }

    /// The output path: `<lang>/<key>/index.html`, or `<lang>/<key>/page/<n>/index.html`
    /// for the later pages of a section's list.
    pub fn path(&self, site: &Site) -> String {
        list_page_path(self.lang, &site.key(self.page), self.list_page)
    }
}

/// The key of page `n` of the list of the section `key` (`lessons/page/2`).
pub fn list_key(key: &str, n: usize) -> String {
    match (n, key) {
        (0 | 1, _) => key.to_owned(),
        (_, "") => format!("page/{n}"),
        _ => format!("{key}/page/{n}"),
    }
}

/// The output path of page `n` of the list of the section `key`.
pub fn list_page_path(lang: &str, key: &str, n: usize) -> String {
    url::page_path(lang, &list_key(key, n))
}

/// How many pages section `i`'s list takes in `lang` (at least one).
pub fn list_pages(site: &Site, i: usize, lang: &str) -> usize {
    let sections = &site.config.sections;
    if sections.pages(site.sections[i].items.len()) == 1 {
        return 1;
    }
    sections.pages(site.sections[i].items.iter().filter(|&&it| site.shows(PageRef::Item(it), lang)).count())
}

/// Every page the site has, in every language that shows it.
pub fn jobs(site: &Site) -> Vec<Job<'_>> {
    let mut jobs = Vec::new();
    for lang in site.languages() {
        for i in 0..site.sections.len() {
            let page = PageRef::Section(i);
            if site.sections[i].path.is_empty() || site.shows(page, lang) {
                for n in 1..=list_pages(site, i, lang) {
                    jobs.push(Job { page, lang, list_page: n });
                }
            }
        }
        for i in 0..site.items.len() {
            let page = PageRef::Item(i);
            if site.shows(page, lang) {
                jobs.push(Job::new(page, lang));
            }
        }
    }
    jobs
}

/// Renders the whole site into `sink`. Returns warnings; errors from every page are
/// collected and returned together.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    purpose: Purpose,
    progress: &(dyn Fn(u64) + Sync),
    timings: &Timings,
) -> Result<Vec<Diagnostic>> {
    let jobs = jobs(site);
    // Images first (in parallel, from the cache when unchanged): pages need their sizes.
    timings.time("images", || site.images.prepare(site)).map_err(Error::Content)?;
    let render_start = std::time::Instant::now();
    let languages: Vec<_> = site.languages().map(|l| page::Language::new(site, theme, l)).collect();
    let results: Vec<Result<Vec<Diagnostic>, Vec<Diagnostic>>> = jobs
        .par_iter()
        .map_init(
            // Each thread's template contexts, one per language, reused page after page.
            || vec![None; languages.len()],
            |contexts: &mut Vec<Option<tera::Context>>, job| {
                let i = languages.iter().position(|l| l.code == job.lang).expect("a site language");
                let context = contexts[i].get_or_insert_with(|| languages[i].context());
                let result =
                    page::render(site, theme, &languages[i], context, *job).and_then(|(path, html, warnings)| {
                        sink.write(&path, &html).map_err(|e| vec![to_diagnostic(e, &path)])?;
                        Ok(warnings)
                    });
                progress(1);
                result
            },
        )
        .collect();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(mut w) => warnings.append(&mut w),
            Err(mut e) => errors.append(&mut e),
        }
    }
    errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    errors.dedup();
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(Error::Content(errors));
    }
    warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    warnings.dedup();
    timings.add("render pages", render_start.elapsed());

    render_site_wide(site, theme, &jobs, sink, purpose, timings)?;
    Ok(warnings)
}

/// Renders one page; returns its output path, HTML and warnings.
pub fn render_page(
    site: &Site,
    theme: &Theme,
    job: Job,
) -> Result<(String, Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let language = page::Language::new(site, theme, job.lang);
    page::render(site, theme, &language, &mut language.context(), job)
}

/// The files that are not pages of one item: the root language chooser, 404 page,
/// sitemap, theme assets, bundle files and the site's assets. Cheap to redo whole.
pub fn render_site_wide(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    sink: &dyn Sink,
    purpose: Purpose,
    timings: &Timings,
) -> Result<()> {
    let assets_start = std::time::Instant::now();
    let default_ui = theme.catalog.get(&site.config.default_language().code).all_text();
    sink.write("index.html", page::chooser(site, theme, &default_ui)?.as_bytes())?;
    sink.write("404.html", page::not_found(site, theme, &default_ui)?.as_bytes())?;
    sink.write("sitemap.xml", sitemap::sitemap(site, jobs).as_bytes())?;
    sink.write(&theme.css.0, theme.css.1.as_bytes())?;
    sink.write(&theme.js.0, theme.js.1.as_bytes())?;
    for item in &site.items {
        let dir = url::media_dir(&item.key());
        for file in &item.files {
            sink.copy(&format!("{dir}/{}", file.name), &file.path)?;
        }
    }
    site.images.prepare(site).map_err(Error::Content)?;
    site.images.write(site, sink)?;
    copy_site_assets(site, sink)?;
    timings.add("assets", assets_start.elapsed());
    crate::offline::render(site, theme, jobs, sink, purpose, timings)?;
    timings.time("print", || crate::print::render(site, theme, sink))?;
    Ok(())
}

/// Copies the site's `assets/` folder as it is (symlinks are not followed).
fn copy_site_assets(site: &Site, sink: &dyn Sink) -> Result<()> {
    let dir = site.root.join("assets");
    if !dir.is_dir() {
        return Ok(());
    }
    // walkdir follows a symlinked root: refuse an assets/ that leads out of the site.
    let real = dir.canonicalize().map_err(|e| Error::io("read", &dir, e))?;
    if !site.root.canonicalize().is_ok_and(|root| real.starts_with(root)) {
        return Err(Diagnostic::error(&dir, "assets/ is a link to a folder outside the site")
            .with_help("copy the files into the site's assets/ folder: chyrak reads nothing outside the site")
            .into());
    }
    for entry in walkdir::WalkDir::new(&dir).follow_links(false) {
        let entry = entry.map_err(|e| Diagnostic::error(&dir, format!("cannot read: {e}")))?;
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            sink.copy(&format!("assets/{}", rel.join("/")), entry.path())?;
        }
    }
    Ok(())
}

fn to_diagnostic(e: Error, path: &str) -> Diagnostic {
    match e {
        Error::Content(mut d) if !d.is_empty() => d.remove(0),
        other => Diagnostic::error(path, other.to_string()),
    }
}
