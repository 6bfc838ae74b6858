//! The render stage: Tera over borrowed, typed views of the model. Pages are rendered
//! one language at a time, in parallel, in chunks whose results come out in order: the
//! language's lessons first, in the handbook's order, so that each lesson's Markdown
//! is parsed once for its web page, its printed article and its search text, and the
//! handbook can be written as its lessons come (see `site::print`). What a run wants
//! of each page ([`Wants`]) decides what is made: `check` wants no search text, the
//! preview's site-wide refresh no HTML.

pub mod anchors;
pub mod contact;
pub mod context;
pub mod generated;
mod guard;
pub mod i18n;
pub mod language;
pub mod links;
pub mod metadata;
pub mod page;
pub mod print;
pub mod theme;
pub mod views;

use crate::assets::images::Images;
use crate::error::Diagnostic;
use crate::model::{PageRef, Site};
use crate::output::{Job, jobs_in, layout};
use language::Language;
use page::{Contexts, PageOut};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
pub use theme::Theme;

/// The Content-Security-Policy `<meta>` of every page: only the site's own files.
/// (`frame-ancestors` cannot be set by `<meta>`; servers may add it as a header.)
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; media-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'";

/// Everything rendering reads.
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// The bundles' images in several widths (made before pages are rendered).
    pub images: &'a Images,
    /// Files made beside the site that its pages link to: the PDFs `chyrak pdf` is
    /// printing (output path of a print page, `en/print/handbook.html` → output path of
    /// its PDF) and the e-books `chyrak epub` is making (each book's output path,
    /// `epub/handbook-en.epub`, → itself). Empty for a plain build.
    pub pdfs: &'a BTreeMap<String, String>,
}

/// What a run of the render stage makes of each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wants {
    /// The pages' HTML.
    pub pages: bool,
    /// Each lesson's printed article, for the handbook.
    pub handbook: bool,
    /// The pages' text, for the search index.
    pub search: bool,
    /// What to do with the link-preview cards.
    pub cards: crate::assets::cards::CardWork,
    /// The service worker and its lists (the preview server answers `sw.js` with a
    /// worker that removes itself, and renders no page ahead to know its size).
    pub worker: bool,
}

/// What one page is asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plan {
    pub html: bool,
    /// The lesson's number in the handbook, when its article is wanted.
    pub handbook: Option<usize>,
    /// The page's number in the search index, when its text is wanted.
    pub search: Option<u32>,
    /// Whether its ids are wanted (a link points into it).
    pub ids: bool,
}

/// Pages rendered in parallel before their results are handed on in order: enough to
/// keep every core busy, few enough that a handbook of thousands of lessons is never
/// in memory whole.
const CHUNK: usize = 128;

/// Renders the pages of `lang`, writing each page's HTML into `sink` as soon as it is
/// rendered (on the thread that rendered it), and handing what else was made to
/// `take` a chunk at a time, in order: the language's lessons in the handbook's order
/// first, then every other page. `anchor_pages` are the output paths whose ids some
/// link needs. `progress` is told how many pages each chunk rendered. Returns every
/// page's problems together.
#[allow(clippy::too_many_arguments)]
pub fn language<'a>(
    inputs: &Inputs<'a>,
    lang: &'a str,
    wants: Wants,
    print_base: Option<&print::Base>,
    anchor_pages: &HashSet<String>,
    sink: &dyn crate::output::Sink,
    progress: &(dyn Fn(u64) + Sync),
    take: &mut dyn FnMut(Vec<PageOut<'a>>) -> crate::error::Result<()>,
) -> Result<(), Vec<Diagnostic>> {
    let site = inputs.site;
    let language = Language::new(inputs, lang);
    let jobs = jobs_in(site, lang);
    // The search index numbers the pages it holds in the order of `jobs`.
    let mut doc = 0u32;
    let mut numbers = Vec::with_capacity(jobs.len());
    for job in &jobs {
        let indexed = job.list_page == 1 && site.pick(job.page, lang).is_some();
        numbers.push(indexed.then(|| {
            doc += 1;
            doc - 1
        }));
    }
    let lessons = if wants.handbook { site.lessons(lang) } else { Vec::new() };
    let number_of: BTreeMap<usize, usize> = lessons.iter().enumerate().map(|(n, &i)| (i, n + 1)).collect();
    let plan = |job: &Job, doc: Option<u32>| Plan {
        html: wants.pages,
        handbook: match job.page {
            PageRef::Item(i) => number_of.get(&i).copied(),
            PageRef::Section(_) => None,
        },
        search: doc.filter(|_| wants.search),
        ids: wants.pages && anchor_pages.contains(&job.path(site)),
    };
    let mut order: Vec<(Job, Plan)> = Vec::with_capacity(jobs.len());
    let position: BTreeMap<PageRef, usize> =
        jobs.iter().enumerate().filter(|(_, j)| j.list_page == 1).map(|(n, j)| (j.page, n)).collect();
    for &i in &lessons {
        let n = position[&PageRef::Item(i)];
        order.push((jobs[n], plan(&jobs[n], numbers[n])));
    }
    for (n, job) in jobs.iter().enumerate() {
        if matches!(job.page, PageRef::Item(i) if number_of.contains_key(&i)) {
            continue;
        }
        let p = plan(job, numbers[n]);
        if p.html || p.search.is_some() {
            order.push((*job, p));
        }
    }
    let mut errors = Vec::new();
    for chunk in order.chunks(CHUNK) {
        let results: Vec<Result<PageOut, Vec<Diagnostic>>> = chunk
            .par_iter()
            .map_init(Contexts::default, |contexts, (job, plan)| {
                let mut out = page::render(inputs, &language, print_base, contexts, *job, plan)?;
                if let Some(html) = out.html.take() {
                    sink.write(&out.path, &html).map_err(|e| match e {
                        crate::error::Error::Content(d) => d,
                        other => vec![Diagnostic::error(&out.path, other.to_string())],
                    })?;
                }
                Ok(out)
            })
            .collect();
        progress(chunk.len() as u64);
        let mut done = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(out) => done.push(out),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if let Err(e) = take(done) {
            errors.extend(match e {
                crate::error::Error::Content(d) => d,
                other => vec![Diagnostic::error(layout::page_path(lang, ""), other.to_string())],
            });
            break;
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Renders one page's HTML on its own (the preview server renders pages when they are
/// asked for).
pub fn page_html(inputs: &Inputs, job: Job) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let language = Language::new(inputs, job.lang);
    let plan = Plan { html: true, ..Plan::default() };
    let out = page::render(inputs, &language, None, &mut Contexts::default(), job, &plan)?;
    Ok(out.html.unwrap_or_default())
}
