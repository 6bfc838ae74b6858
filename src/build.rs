//! The pipeline, end to end: config → discover → parse → model → render → output.
//! `build` writes the site atomically; `check` runs the same stages and writes nothing.

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{self, Site};
use crate::output::{Discard, Staging};
use crate::render::{self, Sink, Theme};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
pub fn load(
    root: &Path,
    drafts: bool,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Result<(Site, Theme, Vec<Diagnostic>)> {
    let t = Instant::now();
    let config_path = root.join("site.toml");
    if !config_path.is_file() {
        return Err(Error::Usage(format!(
            "no site.toml in `{}`: run chyrak in a site's folder, pass --root, or create one with `chyrak init`",
            root.display()
        )));
    }
    let config = SiteConfig::load(&config_path)?;
    timings.push(("config", t.elapsed()));
    let t = Instant::now();
    let theme = load_theme(root, &config)?;
    timings.push(("theme", t.elapsed()));
    let t = Instant::now();
    let (site, warnings) = model::load(root, config, drafts)?;
    timings.push(("discover+parse+model", t.elapsed()));
    Ok((site, theme, warnings))
}

fn render_into(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    progress: &dyn Progress,
    report: &mut Report,
) -> Result<()> {
    // Images before pages (pages need their sizes); cached ones cost a hash and a stat.
    let t = Instant::now();
    site.images.prepare(site).map_err(Error::Content)?;
    report.timings.push(("images", t.elapsed()));
    let t = Instant::now();
    let jobs = render::jobs(site).len();
    progress.start(jobs as u64);
    let mut warnings = render::render_site(site, theme, sink, &|n| progress.advance(n))?;
    report.pages = jobs;
    report.warnings.append(&mut warnings);
    report.timings.push(("render+write", t.elapsed()));
    Ok(())
}

/// Builds the site into `options.output`, replacing it only if everything succeeded.
pub fn build(options: &Options, progress: &dyn Progress) -> Result<Report> {
    let mut report = Report::default();
    let (site, theme, warnings) = load(&options.root, options.drafts, &mut report.timings)?;
    report.warnings = warnings;
    let staging = Staging::new(&options.output, &options.root)?;
    render_into(&site, &theme, &staging, progress, &mut report)?;
    let t = Instant::now();
    staging.commit()?;
    report.timings.push(("swap", t.elapsed()));
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
    render::render_site(site, theme, &Discard, &|_| {})
}

/// Runs every stage of a build without writing anything.
pub fn check(root: &Path, drafts: bool, progress: &dyn Progress) -> Result<Report> {
    let mut report = Report::default();
    let (site, theme, warnings) = load(root, drafts, &mut report.timings)?;
    report.warnings = warnings;
    render_into(&site, &theme, &Discard, progress, &mut report)?;
    Ok(report)
}
