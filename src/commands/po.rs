//! `chyrak po update` and `chyrak po apply`: the site loaded as every command loads
//! it, then the catalogs made or applied by `crate::po`.

use super::pipeline;
use crate::error::{Error, Result};
use crate::po;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Only these languages (default: every language with a catalog).
    pub languages: Vec<String>,
}

/// The site, with its content errors (not those of its catalogs, which `po` reports
/// itself) failing the command.
fn load(options: &Options) -> Result<pipeline::Loaded> {
    // Drafts too: their texts are translated before they are published.
    let loaded = pipeline::load_all(&options.root, true, true, &Default::default())?;
    let po_dir = options.root.join("po");
    let errors: Vec<_> =
        loaded.warnings.iter().filter(|d| d.is_error() && !d.path.starts_with(&po_dir)).cloned().collect();
    if !errors.is_empty() {
        return Err(Error::Content(errors));
    }
    Ok(loaded)
}

pub fn update(options: &Options) -> Result<po::update::Report> {
    let loaded = load(options)?;
    let langs = po::languages(&loaded.site, &options.languages)?;
    po::update::update(&loaded.site, &langs)
}

pub fn apply(options: &Options, partial: bool) -> Result<po::apply::Report> {
    let loaded = load(options)?;
    let langs = po::languages(&loaded.site, &options.languages)?;
    po::apply::apply(&loaded.site, &langs, partial)
}
