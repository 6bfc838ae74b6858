//! `chyrak check`: the same load, checks and render as a build, into a sink that
//! writes nothing, so that it fails exactly when a build would; then a few passes
//! over the model for what a build lets pass, each in a file of its own: poster
//! contrast, fonts that lack letters, images too small to print, contacts not verified
//! lately, translations older than their source, and the translation matrix.

mod contacts;
mod contrast;
mod fonts;
mod images;
pub mod matrix;
pub mod report;

use super::pipeline::{self, Progress, Publish};
use crate::assets::images::Images;
use crate::error::{Diagnostic, Error, Result};
use crate::output::Discard;
use std::collections::BTreeMap;
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
    /// How far each translators' catalog (`po/<lang>.po`) is.
    pub catalogs: Vec<crate::po::stats::Stats>,
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
pub fn run(options: &Options, progress: &dyn Progress) -> Result<Report> {
    let mut report = Report::default();
    let timings = crate::timings::Timings::default();
    let loaded = match pipeline::load_all(&options.root, options.drafts, false, &timings) {
        Ok(loaded) => loaded,
        Err(Error::Content(diagnostics)) => {
            report.diagnostics = diagnostics;
            finish(&mut report);
            return Ok(report);
        }
        Err(other) => return Err(other),
    };
    let site = &loaded.site;
    report.diagnostics = loaded.warnings;
    let run =
        Publish { sink: &Discard, wants: pipeline::CHECKING, pdfs: &BTreeMap::new(), progress, timings: &timings };
    match pipeline::publish(site, &loaded.theme, &Images::default(), &run) {
        Ok(mut warnings) => report.diagnostics.append(&mut warnings),
        Err(Error::Content(mut d)) => report.diagnostics.append(&mut d),
        Err(other) => return Err(other),
    }
    report.pages = crate::output::jobs(site).len();
    let d = &mut report.diagnostics;
    contrast::check(site, d);
    images::check(site, d);
    fonts::check(site, d);
    contacts::check(site, d);
    report.catalogs = crate::po::stats::stats(site);
    report.matrix = matrix::matrix(site, &report.catalogs);
    matrix::stale(site, d);
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
    let loaded = pipeline::load(&options.root, options.drafts, true, &Default::default())?;
    Ok(matrix::hashes(&loaded.site))
}
