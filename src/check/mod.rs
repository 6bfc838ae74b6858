//! `chyrak check`: the same model and render as a build, reporting instead of writing.
//!
//! The site is loaded and rendered into a sink that keeps only the `id`s of every
//! output page (for anchor checks); then small passes over the model look for what a
//! build does not stop at: broken anchors, missing bundle files, images without alt
//! text, translation gaps and stale translations, poster contrast, fonts that lack
//! letters, images too small to print, and slugs that clash. Each pass is one file.

mod contacts;
mod contrast;
mod fonts;
mod ids;
mod images;
mod links;
pub mod matrix;
pub mod report;
mod slugs;

use crate::build;
use crate::error::{Diagnostic, Error, Result};
use crate::render;
use std::path::{Path, PathBuf};

pub use matrix::{Matrix, State};

/// What to check.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub drafts: bool,
}

/// Everything `check` found. Errors fail the check; warnings fail it under `--strict`.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    /// Pages rendered (every page in every language that shows it).
    pub pages: usize,
    /// Errors first, then warnings, each group by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Items × languages; empty when the site could not be loaded.
    pub matrix: Matrix,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Whether the check fails: any error, or any warning when `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && !self.diagnostics.is_empty())
    }
}

/// Checks the site at `options.root`. Problems in the content go into the report;
/// only misuse (no `site.toml`) and I/O failures are errors.
pub fn run(options: &Options, progress: &dyn build::Progress) -> Result<Report> {
    let mut report = Report::default();
    let timings = crate::timings::Timings::default();
    let (site, theme, warnings) = match build::load(&options.root, options.drafts, false, &timings) {
        Ok(loaded) => loaded,
        Err(Error::Content(diagnostics)) => {
            report.diagnostics = diagnostics;
            finish(&mut report);
            return Ok(report);
        }
        Err(other) => return Err(other),
    };
    report.diagnostics = warnings;
    let sink = ids::IdSink::default();
    let jobs = render::jobs(&site).len();
    progress.start(jobs as u64);
    match render::render_site(&site, &theme, &sink, render::Purpose::Check, &|n| progress.advance(n), &timings) {
        Ok(mut w) => report.diagnostics.append(&mut w),
        Err(Error::Content(mut d)) => report.diagnostics.append(&mut d),
        Err(other) => return Err(other),
    }
    report.pages = jobs;
    let ids = sink.into_ids();
    let d = &mut report.diagnostics;
    links::check(&site, &ids, d);
    slugs::check(&site, d);
    contrast::check(&site, d);
    images::check(&site, d);
    fonts::check(&site, d);
    contacts::check(&site, d);
    report.matrix = matrix::matrix(&site);
    matrix::stale(&site, d);
    finish(&mut report);
    Ok(report)
}

/// Sorts (errors first, then by file and line) and removes repeats. Paths stay as the
/// build shows them (under `--root`).
fn finish(report: &mut Report) {
    let d = &mut report.diagnostics;
    d.sort_by(|a, b| (b.severity, &a.path, a.line, a.column).cmp(&(a.severity, &b.path, b.line, b.column)));
    d.dedup_by(|a, b| a.severity == b.severity && a.path == b.path && a.line == b.line && a.message == b.message);
}

/// The path of a site file as authors see it: relative to the site's folder.
pub(crate) fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_owned).unwrap_or_else(|_| path.to_owned())
}

/// `(page, source file, hash)` of every original text, for `chyrak check --print-hashes`.
pub fn hashes(options: &Options) -> Result<Vec<(String, String, String)>> {
    let (site, _, _) = build::load(&options.root, options.drafts, true, &Default::default())?;
    Ok(matrix::hashes(&site))
}
