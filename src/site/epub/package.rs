//! An EPUB 3 container: the `mimetype` file first and stored, `META-INF/container.xml`
//! pointing at the package document, and the package document itself (metadata,
//! manifest of every file, spine in reading order), all written by hand with every
//! value escaped. The files themselves come from [`super::book`].

use crate::error::{Error, Result};
use crate::model::Site;
use crate::parse::markdown::escape;
use std::io::Write;
use zip::write::SimpleFileOptions;

/// One file of the book, under the package's folder.
pub struct Entry {
    pub path: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
    /// `nav`, `cover-image`…
    pub properties: Option<&'static str>,
    /// Whether it is read in order (a content document).
    pub spine: bool,
}

impl Entry {
    /// A content document, read in the order it is added.
    pub fn page(path: &str, bytes: Vec<u8>) -> Entry {
        Entry { path: path.to_owned(), media_type: "application/xhtml+xml", bytes, properties: None, spine: true }
    }

    /// A file the documents use (stylesheet, image).
    pub fn resource(path: &str, media_type: &'static str, bytes: Vec<u8>) -> Entry {
        Entry { path: path.to_owned(), media_type, bytes, properties: None, spine: false }
    }
}

/// The folder inside the zip that holds the package.
const DIR: &str = "EPUB";

/// A book being put together.
pub struct Package<'a> {
    site: &'a Site,
    lang: &'a str,
    entries: Vec<Entry>,
}

impl<'a> Package<'a> {
    pub fn new(site: &'a Site, lang: &'a str) -> Package<'a> {
        Package { site, lang, entries: Vec::new() }
    }

    pub fn add(&mut self, entry: Entry) {
        self.entries.push(entry);
    }

    /// The book as a zip: `title` is the book's, `kind` tells books of one language
    /// apart in their identifier.
    pub fn zip(self, title: &str, kind: &str, has_cover: bool) -> Result<Vec<u8>> {
        let opf = self.opf(title, kind, has_cover);
        let zip_error =
            |e: zip::result::ZipError| Error::io("write", std::path::Path::new("epub"), std::io::Error::other(e));
        let io_error = |e: std::io::Error| Error::io("write", std::path::Path::new("epub"), e);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        // The first file, stored, so that its name and type are at fixed offsets.
        zip.start_file("mimetype", stored).map_err(zip_error)?;
        zip.write_all(b"application/epub+zip").map_err(io_error)?;
        zip.start_file("META-INF/container.xml", deflated).map_err(zip_error)?;
        zip.write_all(container().as_bytes()).map_err(io_error)?;
        zip.start_file(format!("{DIR}/package.opf"), deflated).map_err(zip_error)?;
        zip.write_all(opf.as_bytes()).map_err(io_error)?;
        for e in &self.entries {
            let options = if e.media_type.starts_with("image/") { stored } else { deflated };
            zip.start_file(format!("{DIR}/{}", e.path), options).map_err(zip_error)?;
            zip.write_all(&e.bytes).map_err(io_error)?;
        }
        Ok(zip.finish().map_err(zip_error)?.into_inner())
    }

    /// The package document.
    fn opf(&self, title: &str, kind: &str, has_cover: bool) -> String {
        let cfg = &self.site.config;
        let l = cfg.language(self.lang).expect("known language");
        let rtl = l.direction == crate::config::Direction::Rtl;
        let lang = escape(self.lang);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"{lang}\" dir=\"{}\">\n",
            if rtl { "rtl" } else { "ltr" }
        ));
        out.push_str("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
        out.push_str(&format!(
            "<dc:identifier id=\"book-id\">urn:uuid:{}</dc:identifier>\n",
            crate::site::book::identifier(&format!("{}\n{}\n{kind}", cfg.base_url, self.lang))
        ));
        out.push_str(&format!("<dc:title>{}</dc:title>\n", escape(title)));
        out.push_str(&format!("<dc:language>{lang}</dc:language>\n"));
        if !cfg.organisation.is_empty() {
            out.push_str(&format!("<dc:publisher>{}</dc:publisher>\n", escape(&cfg.organisation)));
        }
        if let Some((name, url)) = cfg.license.as_ref().and_then(|l| l.resolved()) {
            out.push_str(&format!("<dc:rights>{} ({})</dc:rights>\n", escape(name), escape(url)));
        }
        out.push_str(&format!(
            "<meta property=\"dcterms:modified\">{}T00:00:00Z</meta>\n",
            crate::render::print::edition_date()
        ));
        if has_cover {
            // For reading systems that only know EPUB 2's way of naming the cover.
            if let Some(e) = self.entries.iter().find(|e| e.properties == Some("cover-image")) {
                out.push_str(&format!("<meta name=\"cover\" content=\"{}\"/>\n", id(&e.path)));
            }
        }
        out.push_str("</metadata>\n<manifest>\n");
        for e in &self.entries {
            let properties = e.properties.map(|p| format!(" properties=\"{p}\"")).unwrap_or_default();
            out.push_str(&format!(
                "<item id=\"{}\" href=\"{}\" media-type=\"{}\"{properties}/>\n",
                id(&e.path),
                escape(&e.path),
                e.media_type
            ));
        }
        out.push_str("</manifest>\n");
        let direction = if rtl { " page-progression-direction=\"rtl\"" } else { "" };
        out.push_str(&format!("<spine{direction}>\n"));
        for e in self.entries.iter().filter(|e| e.spine) {
            out.push_str(&format!("<itemref idref=\"{}\"/>\n", id(&e.path)));
        }
        out.push_str("</spine>\n</package>\n");
        out
    }
}

/// `META-INF/container.xml`.
fn container() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"{DIR}/package.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n"
    )
}

/// A manifest id from a file's path (paths are chyrak's own: ASCII letters, digits, `.-/`).
fn id(path: &str) -> String {
    let mut id = String::from("f-");
    id.extend(path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
    id
}
