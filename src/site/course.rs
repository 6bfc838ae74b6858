//! Course packages of one language for the platforms schools and training centres run
//! offline: a SCORM 1.2 package for Moodle (and any SCORM 1.2 LMS) and an HTML5 App
//! zip for Kolibri. Both hold the documents of [`super::book`] (lessons, plays,
//! posters) as plain HTML pages in the theme's `course/page.html`, with the e-book's
//! stylesheet and images; every link is relative and stays inside the zip, and no page
//! loads anything from elsewhere.
//!
//! * **SCORM**: `imsmanifest.xml` at the root, with one organisation whose items are
//!   the lessons, each a SCO: its page carries the theme's `scripts/scorm.js`, which
//!   finds the LMS's `API`, reports the lesson `completed` when it is opened, and
//!   finishes when it is left. Plays and posters are assets, listed as resources.
//! * **Kolibri**: `index.html` at the root (the theme's `course/index.html`: the
//!   contacts and every document), no script at all, so that it works in Kolibri's
//!   sandboxed frame (scripts allowed, no same origin: no storage, no service worker).

use super::book::{self, Book, Kind, Parts};
use crate::error::{Error, Result};
use crate::parse::markdown::escape;
use crate::render::Inputs;
use std::io::Write;
use zip::write::SimpleFileOptions;

/// A course package's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Scorm,
    Kolibri,
}

/// Everything a course holds: the lessons, the plays and the posters.
const ALL: Parts = Parts { lessons: true, plays: true, posters: true };

/// The stylesheet's and the SCO script's names in a package.
const STYLE: &str = "style.css";
const SCRIPT: &str = "scorm.js";

/// The package of `lang` in `format`, or `None` when the language shows nothing.
pub fn package(inputs: &Inputs, lang: &str, format: Format) -> Result<Option<Vec<u8>>> {
    let Some(book) = book::collect(inputs, lang, ALL, "html")? else { return Ok(None) };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut ctx = book.context.clone();
    ctx.insert("css_url", STYLE);
    ctx.insert("format", if format == Format::Scorm { "scorm" } else { "kolibri" });
    ctx.insert("home_url", if format == Format::Kolibri { "index.html" } else { "" });
    for doc in &book.docs {
        ctx.insert("title", &doc.title);
        ctx.insert("body", &doc.body);
        let script = if format == Format::Scorm && doc.kind == Kind::Lesson { SCRIPT } else { "" };
        ctx.insert("script_url", script);
        files.push((doc.href.clone(), inputs.theme.render_bytes("course/page.html", &ctx)?));
    }
    ctx.insert("css_url", STYLE);
    files.push((STYLE.to_owned(), inputs.theme.render("epub/book.css", &ctx)?.into_bytes()));
    if format == Format::Scorm {
        files.push((SCRIPT.to_owned(), inputs.theme.script(SCRIPT).as_bytes().to_vec()));
    } else {
        let docs = |kind| book.docs.iter().filter(|d| d.kind == kind).collect::<Vec<_>>();
        ctx.insert("lessons", &docs(Kind::Lesson));
        ctx.insert("plays", &docs(Kind::Play));
        ctx.insert("posters", &docs(Kind::Poster));
        ctx.insert("contacts", &book.contacts);
        ctx.insert("title", &book.title);
        ctx.insert("logo_url", &book.logo.as_ref().map(|l| l.name.clone()));
        files.push(("index.html".to_owned(), inputs.theme.render_bytes("course/index.html", &ctx)?));
        if let Some(logo) = &book.logo {
            files.push((logo.name.clone(), logo.bytes.clone()));
        }
    }
    for image in &book.images {
        files.push((image.name.clone(), image.bytes.clone()));
    }
    if format == Format::Scorm {
        let manifest = manifest(inputs, lang, &book, &files);
        files.insert(0, ("imsmanifest.xml".to_owned(), manifest.into_bytes()));
    }
    zip(&files).map(Some)
}

/// The SCORM 1.2 manifest: one organisation, an item per lesson (a SCO each), and
/// every file of the package in a resource.
fn manifest(inputs: &Inputs, lang: &str, book: &Book, files: &[(String, Vec<u8>)]) -> String {
    let cfg = &inputs.site.config;
    let ui =
        |key: &str| book.context.get("ui").and_then(|u| u.get(key)).and_then(|v| v.as_str()).unwrap_or(key).to_owned();
    let id = |href: &str| format!("res-{}", href.trim_end_matches(".html"));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<manifest identifier=\"chyrak-{}\" version=\"1.0\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">\n",
        book::identifier(&format!("{}\n{lang}\nscorm", cfg.base_url))
    ));
    out.push_str(
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n",
    );
    out.push_str("  <organizations default=\"handbook\">\n    <organization identifier=\"handbook\">\n");
    out.push_str(&format!("      <title>{} — {}</title>\n", escape(&book.title), escape(&ui("print_handbook"))));
    for doc in book.docs.iter().filter(|d| d.kind == Kind::Lesson) {
        let number = doc.number.map(|n| format!("{n}. ")).unwrap_or_default();
        out.push_str(&format!(
            "      <item identifier=\"item-{}\" identifierref=\"{}\" isvisible=\"true\">\n        <title>{number}{}</title>\n      </item>\n",
            doc.href.trim_end_matches(".html"),
            id(&doc.href),
            escape(&doc.title)
        ));
    }
    out.push_str("    </organization>\n  </organizations>\n  <resources>\n");
    // Files every page uses: the stylesheet, the script, the images.
    let shared: Vec<&str> =
        files.iter().map(|(name, _)| name.as_str()).filter(|name| !book.docs.iter().any(|d| d.href == *name)).collect();
    for doc in &book.docs {
        let kind = if doc.kind == Kind::Lesson { "sco" } else { "asset" };
        out.push_str(&format!(
            "    <resource identifier=\"{}\" type=\"webcontent\" adlcp:scormtype=\"{kind}\" href=\"{}\">\n      <file href=\"{}\"/>\n      <dependency identifierref=\"shared\"/>\n    </resource>\n",
            id(&doc.href),
            escape(&doc.href),
            escape(&doc.href)
        ));
    }
    out.push_str("    <resource identifier=\"shared\" type=\"webcontent\" adlcp:scormtype=\"asset\">\n");
    for name in shared {
        out.push_str(&format!("      <file href=\"{}\"/>\n", escape(name)));
    }
    out.push_str("    </resource>\n  </resources>\n</manifest>\n");
    out
}

/// The files as a zip, in the order given.
fn zip(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let path = std::path::Path::new("course");
    let zip_error = |e: zip::result::ZipError| Error::io("write", path, std::io::Error::other(e));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        let stored = name.ends_with(".png") || name.ends_with(".jpg");
        let method = if stored { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        let options = SimpleFileOptions::default().compression_method(method).unix_permissions(0o644);
        zip.start_file(name.as_str(), options).map_err(zip_error)?;
        zip.write_all(bytes).map_err(|e| Error::io("write", path, e))?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}
