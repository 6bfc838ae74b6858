//! The output layer: what the pipeline produces and where it goes. A [`Job`] is one
//! page to make (a section or item in a reader's language, or a later page of a long
//! list); [`jobs`] lists every page the site has. Files go to a [`Sink`]: the build's
//! staging folder ([`Staging`], swapped in atomically), a zip (`chyrak pack`), memory
//! (the preview server) or nowhere (`chyrak check`). Every output path is decided in
//! [`layout`]; which print pages exist, in [`documents`].

pub mod documents;
pub mod layout;
mod staging;

pub use staging::Staging;

use crate::error::{Error, Result};
use crate::model::{PageRef, Site};
use crate::timings::Timings;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where output files go.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path under the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
    /// Copies the file `from` to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> Result<()>;
    /// Puts `from`, a file of chyrak's cache, at `rel`: a copy, or a hard link where
    /// the sink can make one (cache files are only ever replaced, never changed in
    /// place, so the link keeps the bytes of this build).
    fn link_cached(&self, rel: &str, from: &Path) -> Result<()> {
        self.copy(rel, from)
    }
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

/// A sink that passes files on to another and adds the time it takes to the
/// `write` stage (summed over the threads that write).
pub struct Timed<'a> {
    pub sink: &'a dyn Sink,
    pub timings: &'a Timings,
}

/// The stage name of file writes: they happen on every thread, inside other stages.
pub const WRITE: &str = "write (all threads)";

impl Sink for Timed<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.timings.time(WRITE, || self.sink.write(rel, bytes))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        self.timings.time(WRITE, || self.sink.copy(rel, from))
    }

    fn link_cached(&self, rel: &str, from: &Path) -> Result<()> {
        self.timings.time(WRITE, || self.sink.link_cached(rel, from))
    }

    /// Passed on as it is (not timed: the pieces are made while they are written).
    fn write_pieces(&self, rel: &str, fill: Fill) -> Result<()> {
        self.sink.write_pieces(rel, fill)
    }
}

/// A sink that writes nothing, for `check`: files to copy are only checked to exist.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }

    fn copy(&self, _: &str, from: &Path) -> Result<()> {
        std::fs::metadata(from).map(|_| ()).map_err(|e| Error::io("read", from, e))
    }

    fn write_pieces(&self, _: &str, fill: Fill) -> Result<()> {
        fill(&mut |_| Ok(()))
    }
}

/// A file kept by [`Memory`].
#[derive(Clone, Debug)]
pub enum Body {
    Bytes(std::sync::Arc<Vec<u8>>),
    /// A file to copy, read from the sources when asked for.
    File(PathBuf),
}

impl Body {
    /// The file's bytes.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Body::Bytes(b) => Ok(b.to_vec()),
            Body::File(f) => std::fs::read(f),
        }
    }
}

/// A sink that keeps every file in memory (the preview server, tests).
#[derive(Default)]
pub struct Memory(Mutex<HashMap<String, Body>>);

impl Memory {
    pub fn into_files(self) -> HashMap<String, Body> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let body = Body::Bytes(std::sync::Arc::new(bytes.to_vec()));
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_owned(), body);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_owned(), Body::File(from.to_owned()));
        Ok(())
    }
}

/// One page to make: a section or item in a reader's language. A long section's list
/// is split over several pages: `list_page` is the number of this one (1 for the
/// first and for items).
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

    /// Its output path: `<lang>/<key>/index.html`, or `<lang>/<key>/page/<n>/index.html`
    /// for the later pages of a section's list.
    pub fn path(&self, site: &Site) -> String {
        layout::list_page_path(self.lang, &site.key(self.page), self.list_page)
    }
}

/// How many pages section `i`'s list takes in `lang` (at least one).
pub fn list_pages(site: &Site, i: usize, lang: &str) -> usize {
    let sections = &site.config.sections;
    if sections.pages(site.sections[i].items.len()) == 1 {
        return 1;
    }
    sections.pages(site.sections[i].items.iter().filter(|&&it| site.shows(PageRef::Item(it), lang)).count())
}

/// Every page the site has in `lang`.
pub fn jobs_in<'a>(site: &Site, lang: &'a str) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
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
    jobs
}

/// Every page the site has, in every language that shows it.
pub fn jobs(site: &Site) -> Vec<Job<'_>> {
    site.languages().flat_map(|lang| jobs_in(site, lang)).collect()
}
