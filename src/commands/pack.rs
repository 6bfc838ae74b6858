//! `chyrak pack`: the built site as one zip to copy on a USB stick, with only the
//! languages asked for. Pages a language shows by fallback are rendered into that
//! language's own folder (with their notice), so no other language's folder is
//! needed; the language switchers, the root chooser, search and the service worker
//! list only the packed languages. `START-HERE.html` at the zip's root is the
//! language chooser under a name that says what to open.

use super::pipeline::{self, NO_CARDS, Publish};
use crate::assets::images::Images;
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Sink, layout};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use zip::write::SimpleFileOptions;

/// What to pack.
pub struct Options {
    pub root: PathBuf,
    /// Language codes; empty: all.
    pub languages: Vec<String>,
    pub output: PathBuf,
    pub drafts: bool,
}

/// What was packed.
pub struct Report {
    pub files: usize,
    pub languages: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

struct ZipSink {
    zip: Mutex<zip::ZipWriter<std::fs::File>>,
    files: Mutex<std::collections::BTreeSet<String>>,
}

impl ZipSink {
    fn add(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if !self.files.lock().expect("zip files").insert(rel.to_owned()) {
            return Ok(());
        }
        // Already compressed formats are stored as they are.
        let stored = [".png", ".jpg", ".jpeg", ".webp", ".pdf", ".zip"].iter().any(|x| rel.ends_with(x));
        let method = if stored { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        let options = SimpleFileOptions::default().compression_method(method).unix_permissions(0o644);
        let mut zip = self.zip.lock().expect("zip writer");
        zip.start_file(rel, options).map_err(|e| Error::io("write", Path::new(rel), std::io::Error::other(e)))?;
        zip.write_all(bytes).map_err(|e| Error::io("write", Path::new(rel), e))
    }
}

impl Sink for ZipSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.add(rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let bytes = std::fs::read(from).map_err(|e| Error::io("read", from, e))?;
        self.add(rel, &bytes)
    }
}

/// The languages `wanted` (all of the site's when empty), in the site's order; an
/// error naming the closest code for one the site does not have.
pub fn chosen_languages(site: &crate::model::Site, wanted: &[String]) -> Result<Vec<String>> {
    let all: Vec<String> = site.languages().map(str::to_owned).collect();
    for code in wanted {
        if !all.contains(code) {
            let mut message = format!("`{code}` is not a language of this site (it has {})", all.join(", "));
            if let Some(near) = crate::error::closest(code, all.iter().map(String::as_str)) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            return Err(Error::Usage(message));
        }
    }
    Ok(all.into_iter().filter(|c| wanted.is_empty() || wanted.contains(c)).collect())
}

/// Builds the site straight into a zip file.
pub fn pack(options: &Options) -> Result<Report> {
    let timings = crate::timings::Timings::default();
    let loaded = pipeline::load(&options.root, options.drafts, false, &timings)?;
    let (mut site, theme, warnings) = (loaded.site, loaded.theme, loaded.warnings);
    chosen_languages(&site, &options.languages)?;
    if !options.languages.is_empty() {
        // Fallback chains still name the languages left out: their texts stay in the
        // model and are rendered into the packed languages' folders.
        site.config.keep_languages(&options.languages);
    }
    let languages: Vec<String> = site.languages().map(str::to_owned).collect();
    if let Some(parent) = options.output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    let tmp = options.output.with_extension("zip.part");
    let file = std::fs::File::create(&tmp).map_err(|e| Error::io("create", &tmp, e))?;
    let sink = ZipSink { zip: Mutex::new(zip::ZipWriter::new(file)), files: Mutex::default() };
    let pdfs = std::collections::BTreeMap::new();
    let run = Publish { sink: &sink, wants: NO_CARDS, pdfs: &pdfs, progress: &(), timings: &timings };
    let mut warnings = warnings;
    let result = pipeline::publish(&site, &theme, &Images::default(), &run).and_then(|found| {
        warnings.extend(found);
        let ui = theme.catalog.get(&site.config.default_language().code).all_text();
        let start = crate::render::generated::chooser(&site, &theme, &ui)?;
        sink.add(layout::START_HERE, start.as_bytes())
    });
    let files = sink.files.lock().expect("zip files").len();
    let finished = sink.zip.into_inner().expect("zip writer").finish();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    finished.map_err(|e| Error::io("write", &tmp, std::io::Error::other(e)))?;
    std::fs::rename(&tmp, &options.output).map_err(|e| Error::io("write", &options.output, e))?;
    Ok(Report { files, languages, warnings })
}
