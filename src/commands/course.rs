//! `chyrak pack --format scorm|kolibri`: one course package per language, for Moodle
//! (SCORM 1.2) or Kolibri (HTML5 App). The site is loaded and checked as for a build;
//! every package is made in memory first and written only when all of them
//! succeeded, each under a temporary name renamed into place.

use super::pipeline;
use crate::assets::images::Images;
use crate::error::{Diagnostic, Error, Result};
use crate::render::Inputs;
use crate::site::course::{self, Format};
use std::path::PathBuf;

/// What to make.
pub struct Options {
    pub root: PathBuf,
    /// Language codes; empty: all.
    pub languages: Vec<String>,
    /// Folder for the zips.
    pub output: PathBuf,
    pub drafts: bool,
    pub format: Format,
}

/// What was made.
pub struct Report {
    pub files: Vec<PathBuf>,
    /// Languages that show nothing to put in a course.
    pub empty: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// The zip's name: `scorm-ky.zip`, `kolibri-ky.zip`.
pub fn file_name(format: Format, lang: &str) -> String {
    let kind = match format {
        Format::Scorm => "scorm",
        Format::Kolibri => "kolibri",
    };
    format!("{kind}-{lang}.zip")
}

/// Makes the packages.
pub fn run(options: &Options) -> Result<Report> {
    let timings = crate::timings::Timings::default();
    let loaded = pipeline::load(&options.root, options.drafts, false, &timings)?;
    let (site, theme) = (&loaded.site, &loaded.theme);
    let languages = super::pack::chosen_languages(site, &options.languages)?;
    let images = Images::default();
    images.prepare(site).map_err(Error::Content)?;
    let pdfs = std::collections::BTreeMap::new();
    let inputs = Inputs { site, theme, images: &images, pdfs: &pdfs };
    let mut made = Vec::new();
    let mut empty = Vec::new();
    for lang in &languages {
        match course::package(&inputs, lang, options.format)? {
            Some(bytes) => made.push((file_name(options.format, lang), bytes)),
            None => empty.push(lang.clone()),
        }
    }
    std::fs::create_dir_all(&options.output).map_err(|e| Error::io("create", &options.output, e))?;
    let mut files = Vec::new();
    for (name, bytes) in made {
        let path = options.output.join(name);
        let tmp = path.with_extension("zip.part");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("write", &path, e))?;
        files.push(path);
    }
    Ok(Report { files, empty, warnings: loaded.warnings })
}
