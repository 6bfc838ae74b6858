//! `chyrak epub`: one EPUB 3 per language, for reading on a phone and sending over a
//! messenger: the handbook (every lesson, as the printed handbook has it) and the
//! plays. The site is loaded and checked as for a build; every book is made in memory
//! first and the files are written only when all of them succeeded, each under a
//! temporary name renamed into place, so a failure never leaves half a book.
//!
//! When the books go into the site's output (`public/epub/`, the default), the site
//! is built first, as `chyrak pdf` does, so that its lesson pages link to the book of
//! their language.

use super::pipeline::{self, NO_CARDS, Publish};
use crate::assets::images::Images;
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Staging, layout};
use crate::render::Inputs;
use crate::site::book::Parts;
use crate::site::epub;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What to make.
pub struct Options {
    pub root: PathBuf,
    /// Language codes; empty: all.
    pub languages: Vec<String>,
    /// Where the site is built (as `chyrak build --output`).
    pub site_output: PathBuf,
    /// Folder for the books; the site links to them when it is `<site_output>/epub`.
    pub output: PathBuf,
    pub drafts: bool,
    pub parts: Parts,
}

/// What was made.
pub struct Report {
    pub files: Vec<PathBuf>,
    /// Languages with nothing to put in a book.
    pub empty: Vec<String>,
    /// The site built to link to the books, when it was.
    pub site: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// Makes the books.
pub fn run(options: &Options) -> Result<Report> {
    let timings = crate::timings::Timings::default();
    let loaded = pipeline::load(&options.root, options.drafts, false, &timings)?;
    let (site, theme) = (&loaded.site, &loaded.theme);
    let languages = super::pack::chosen_languages(site, &options.languages)?;
    let images = Images::default();
    images.prepare(site).map_err(Error::Content)?;
    let pdfs = BTreeMap::new();
    let inputs = Inputs { site, theme, images: &images, pdfs: &pdfs };
    let mut books = Vec::new();
    let mut empty = Vec::new();
    for lang in &languages {
        match epub::book(&inputs, lang, options.parts)? {
            Some(bytes) => books.push((layout::epub(lang, options.parts.lessons), bytes)),
            None => empty.push(lang.clone()),
        }
    }
    let absolute = |p: &std::path::Path| std::path::absolute(p).map_err(|e| Error::io("find", p, e));
    let linked = absolute(&options.output)? == absolute(&options.site_output.join(layout::EPUB_DIR))?;
    if linked {
        let paths: BTreeMap<String, String> = books.iter().map(|(p, _)| (p.clone(), p.clone())).collect();
        let staging = Staging::new(&options.site_output, &options.root)?;
        let run = Publish { sink: &staging, wants: NO_CARDS, pdfs: &paths, progress: &(), timings: &timings };
        pipeline::publish(site, theme, &images, &run)?;
        staging.commit()?;
    }
    std::fs::create_dir_all(&options.output).map_err(|e| Error::io("create", &options.output, e))?;
    let mut files = Vec::new();
    for (name, bytes) in books {
        let path = options.output.join(name.trim_start_matches(&format!("{}/", layout::EPUB_DIR)));
        let tmp = path.with_extension("epub.part");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("write", &path, e))?;
        files.push(path);
    }
    Ok(Report { files, empty, site: linked.then(|| options.site_output.clone()), warnings: loaded.warnings })
}
