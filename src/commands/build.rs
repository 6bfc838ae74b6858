//! `chyrak build`: the pipeline into a staging folder beside the output, swapped in
//! only when everything succeeded, so that a failed build leaves the previous site
//! untouched.

use super::pipeline::{self, EVERYTHING, Progress, Publish};
use crate::assets::images::Images;
use crate::error::{Diagnostic, Result};
use crate::output::{Staging, Timed};
use crate::timings::Timings;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// Time per stage, for `--verbose`.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Builds the site into `options.output`, replacing it only if everything succeeded.
pub fn build(options: &Options, progress: &dyn Progress) -> Result<Report> {
    let timings = Timings::default();
    // Each source is read a few times at most: reading it again from the page cache
    // is cheaper than holding every text of a big site in memory.
    let loaded = pipeline::load(&options.root, options.drafts, false, &timings)?;
    let staging = Staging::new(&options.output, &options.root)?;
    let sink = Timed { sink: &staging, timings: &timings };
    let run = Publish { sink: &sink, wants: EVERYTHING, pdfs: &BTreeMap::new(), progress, timings: &timings };
    let mut warnings = loaded.warnings;
    warnings.extend(pipeline::publish(&loaded.site, &loaded.theme, &Images::default(), &run)?);
    timings.time("swap", || staging.commit())?;
    Ok(Report { pages: crate::output::jobs(&loaded.site).len(), warnings, timings: timings.stages() })
}
