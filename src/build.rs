//! The pipeline, end to end: config → discover → parse → model → render → output.
//! `build` writes the site atomically; `check` runs the same stages and writes nothing.

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{self, Site};
use crate::output::{Discard, Staging, Timed};
use crate::render::{self, Purpose, Sink, Theme};
use crate::timings::Timings;
use std::path::{Path, PathBuf};
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

/// Called with the number of pages to render, then once per rendered page.
pub trait Progress: Sync {
    fn start(&self, total: u64);
    fn advance(&self, n: u64);
}

impl Progress for () {
    fn start(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Loads the site: config, sources, model.
/// `keep_texts`: keep every source's text in memory (see [`model::Text`]).
pub fn load(root: &Path, drafts: bool, keep_texts: bool, timings: &Timings) -> Result<(Site, Theme, Vec<Diagnostic>)> {
    let config_path = root.join("site.toml");
    if !config_path.is_file() {
        return Err(Error::Usage(format!(
            "no site.toml in `{}`: run chyrak in a site's folder, pass --root, or create one with `chyrak init`",
            root.display()
        )));
    }
    let config = timings.time("config", || SiteConfig::load(&config_path))?;
    let theme = timings.time("theme", || load_theme(root, &config))?;
    let (site, warnings) = model::load(root, config, drafts, keep_texts, timings)?;
    Ok((site, theme, warnings))
}

fn render_into(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    progress: &dyn Progress,
    report: &mut Report,
    timings: &Timings,
) -> Result<()> {
    let jobs = render::jobs(site).len();
    progress.start(jobs as u64);
    let mut warnings = render::render_site(site, theme, sink, Purpose::Publish, &|n| progress.advance(n), timings)?;
    report.pages = jobs;
    report.warnings.append(&mut warnings);
    Ok(())
}

/// Builds the site into `options.output`, replacing it only if everything succeeded.
pub fn build(options: &Options, progress: &dyn Progress) -> Result<Report> {
    let mut report = Report::default();
    let timings = Timings::default();
    // Each source is read a few times at most: reading it again from the page cache
    // is cheaper than holding every text of a big site in memory.
    let (site, theme, warnings) = load(&options.root, options.drafts, false, &timings)?;
    report.warnings = warnings;
    let staging = Staging::new(&options.output, &options.root)?;
    render_into(&site, &theme, &Timed { sink: &staging, timings: &timings }, progress, &mut report, &timings)?;
    timings.time("swap", || staging.commit())?;
    report.timings = timings.stages();
    Ok(report)
}

/// Loads the site's theme (templates, CSS for its browsers, UI strings, template functions).
pub fn load_theme(root: &Path, config: &crate::config::SiteConfig) -> Result<Theme> {
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let mut theme = Theme::load_for(root, &config.theme, &codes, &config.build.browsers)?;
    crate::render::contact::register(&mut theme.tera, config, theme.catalog.clone());
    Ok(theme)
}

/// Renders every page without writing, for its errors and warnings.
pub fn render_check(site: &Site, theme: &Theme) -> Result<Vec<Diagnostic>> {
    render::render_site(site, theme, &Discard, Purpose::Check, &|_| {}, &Timings::default())
}
