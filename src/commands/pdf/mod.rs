//! `chyrak pdf`: builds the site (so that its pages link to the PDFs being made), then
//! prints the chosen print pages to PDF through a local Chromium over CDP, with the
//! CSS page size, an outline and tags.
//!
//! The handbook's table of contents needs page numbers that only exist after
//! printing (Chromium has no `target-counter()`), so it is printed twice: the first
//! PDF's outline says on which page each lesson's title is; those numbers are written
//! into the contents in the browser and the handbook is printed again (and checked
//! once more). Posters are measured in the browser before printing: every text box
//! that overflows and every image below 300 dpi is reported.

pub mod cdp;
pub mod outline;

use super::pipeline::{self, NO_CARDS, Progress, Publish};
use crate::assets::images::Images;
use crate::error::{Diagnostic, Error, Result};
use crate::output::documents::{self, Doc, Kind};
use crate::output::{Staging, layout};
use cdp::Browser;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to print.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Where the site is built (as `chyrak build --output`).
    pub site_output: PathBuf,
    /// Folder for the PDFs; default `<site_output>/pdf`, where the site links to them.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Languages to print; empty for all.
    pub languages: Vec<String>,
    /// Kinds to print; empty for all.
    pub only: Vec<Kind>,
}

/// What `chyrak pdf` did.
#[derive(Debug, Default)]
pub struct Report {
    pub pdf_dir: PathBuf,
    pub files: Vec<PathBuf>,
    /// Build warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Overflowing text and low-resolution images, one sentence each.
    pub warnings: Vec<String>,
}

/// Builds the site and prints the selected documents.
pub fn run(options: &Options, progress: &dyn Progress) -> Result<Report> {
    let chrome = cdp::find_chrome()?;
    let timings = crate::timings::Timings::default();
    let loaded = pipeline::load(&options.root, options.drafts, false, &timings)?;
    let site = &loaded.site;
    for lang in &options.languages {
        if site.config.language(lang).is_none() {
            let codes: Vec<&str> = site.languages().collect();
            return Err(Error::Usage(format!(
                "--lang {lang}: not a language of this site (it has {})",
                codes.join(", ")
            )));
        }
    }
    let docs: Vec<Doc> = documents::documents(site)
        .into_iter()
        .filter(|d| options.languages.is_empty() || options.languages.contains(&d.lang))
        .filter(|d| options.only.is_empty() || options.only.contains(&d.kind))
        .collect();
    let site_output = absolute(&options.site_output)?;
    let pdf_dir = match &options.output {
        Some(dir) => absolute(dir)?,
        None => site_output.join(layout::PDF_DIR),
    };
    // The site links to the PDFs only when they land inside it.
    let mut pdfs = BTreeMap::new();
    if let Ok(rel) = pdf_dir.strip_prefix(&site_output) {
        let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        for d in &docs {
            let mut path = rel.clone();
            path.push(d.pdf.clone());
            pdfs.insert(d.html.clone(), path.join("/").trim_start_matches('/').to_owned());
        }
    }
    let staging = Staging::new(&site_output, &options.root)?;
    let run = Publish { sink: &staging, wants: NO_CARDS, pdfs: &pdfs, progress: &(), timings: &timings };
    let mut diagnostics = loaded.warnings.clone();
    diagnostics.extend(pipeline::publish(site, &loaded.theme, &Images::default(), &run)?);
    staging.commit()?;

    let mut report = Report { pdf_dir: pdf_dir.clone(), diagnostics, ..Report::default() };
    progress.start(docs.len() as u64);
    if docs.is_empty() {
        return Ok(report);
    }
    let mut browser = Browser::launch(&chrome)?;
    browser.call("Emulation.setEmulatedMedia", serde_json::json!({ "media": "print" }))?;
    for doc in &docs {
        let url = file_url(&site_output.join(&doc.html));
        browser.open(&url)?;
        let pdf = match doc.kind {
            Kind::Handbook => handbook(&mut browser, &doc.label(site), &mut report.warnings)?,
            Kind::Posters => {
                report.warnings.extend(measure_poster(&mut browser, site, &loaded.theme, doc)?);
                browser.print_pdf()?
            }
            _ => browser.print_pdf()?,
        };
        let path = pdf_dir.join(&doc.pdf);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(&path, pdf).map_err(|e| Error::io("write", &path, e))?;
        report.files.push(path);
        progress.advance(1);
    }
    Ok(report)
}

/// Prints the open handbook, fills its contents with page numbers and prints again
/// until the numbers are right (twice, or three times when adding the numbers moved
/// a page break).
fn handbook(browser: &mut Browser, label: &str, warnings: &mut Vec<String>) -> Result<Vec<u8>> {
    let titles = browser.eval("[...document.querySelectorAll('.print-lesson h1')].map(h => h.textContent)")?;
    let titles: Vec<String> =
        titles.as_array().map(|a| a.iter().filter_map(|t| t.as_str().map(normalise)).collect()).unwrap_or_default();
    let mut pdf = browser.print_pdf()?;
    let mut written: Option<Vec<usize>> = None;
    for _ in 0..3 {
        let Some(pages) = lesson_pages(&pdf, &titles) else {
            warnings.push(format!(
                "{label}: cannot find the lessons in the PDF's outline; contents left without page numbers"
            ));
            return Ok(pdf);
        };
        if written.as_ref() == Some(&pages) {
            return Ok(pdf);
        }
        let list = pages.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
        browser.eval(&format!(
            "(() => {{ const p = [{list}]; document.querySelectorAll('[data-toc-page]').forEach((e, i) => {{ e.textContent = p[i] ?? ''; }}); return true; }})()"
        ))?;
        written = Some(pages);
        pdf = browser.print_pdf()?;
    }
    warnings.push(format!("{label}: contents page numbers did not settle after three passes"));
    Ok(pdf)
}

/// The page of each lesson title, in order, from the PDF's outline.
pub fn lesson_pages(pdf: &[u8], titles: &[String]) -> Option<Vec<usize>> {
    let outline = outline::read(pdf)?;
    let mut entries = outline.entries.iter();
    titles.iter().map(|title| entries.by_ref().find(|e| normalise(&e.title) == *title).map(|e| e.page)).collect()
}

/// Text without whitespace: Chromium drops line breaks from outline titles
/// ("a handbook againsthuman trafficking"), so titles are compared without any.
fn normalise(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Measures the open poster: "ru headline of poster call-before-you-go overflows A5 by 12 mm".
/// The measurement is the theme's `scripts/measure.js`, which the poster board runs too.
fn measure_poster(
    browser: &mut Browser,
    site: &crate::model::Site,
    theme: &crate::render::Theme,
    doc: &Doc,
) -> Result<Vec<String>> {
    let found = browser.eval(&format!("({})(document)", theme.script("measure.js")))?;
    Ok(poster_warnings(&found, doc, site))
}

fn poster_warnings(found: &Value, doc: &Doc, site: &crate::model::Site) -> Vec<String> {
    let slug = doc.item.map(|i| site.items[i].slug.as_str()).unwrap_or("");
    let size = doc.size.as_ref().map(|s| s.name.as_str()).unwrap_or("");
    let mut worst: Vec<(String, f64)> = Vec::new();
    for o in found["overflows"].as_array().into_iter().flatten() {
        let part = o["part"].as_str().unwrap_or("text").to_owned();
        let mm = o["mm"].as_f64().unwrap_or(0.0);
        match worst.iter_mut().find(|(p, _)| *p == part) {
            Some((_, m)) => *m = m.max(mm),
            None => worst.push((part, mm)),
        }
    }
    let mut out: Vec<String> = worst
        .into_iter()
        .map(|(part, mm)| {
            let mm = (mm.ceil() as i64).max(1);
            format!("{} {part} of poster {slug} overflows {size} by {mm} mm", doc.lang)
        })
        .collect();
    for img in found["images"].as_array().into_iter().flatten() {
        let dpi = img["dpi"].as_f64().unwrap_or(0.0);
        if dpi < 299.5 {
            out.push(format!(
                "{} image {} of poster {slug} is {:.0} dpi at {size}; print needs 300 dpi",
                doc.lang,
                img["name"].as_str().unwrap_or("?"),
                dpi
            ));
        }
    }
    out
}

fn absolute(p: &Path) -> Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_owned())
    } else {
        Ok(std::env::current_dir().map_err(|e| Error::io("read", Path::new("."), e))?.join(p))
    }
}

/// A `file://` URL for an absolute path, percent-encoding all but unreserved bytes.
fn file_url(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(file_url(Path::new("/tmp/a b/ру.html")), "file:///tmp/a%20b/%D1%80%D1%83.html");
    }
}
