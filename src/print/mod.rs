//! Print pages: the handbook, the handouts, the two editions of each stage script and
//! every poster × language × size, written as HTML into the same [`Sink`] as the site
//! (under `<lang>/print/`), laid out with CSS for paper. `chyrak pdf` ([`pdf`]) prints
//! them to PDF through a local Chromium.
//!
//! Which print pages exist is decided in one place, [`documents`], used by the render
//! stage, by the links on the web pages ([`links_for`]) and by `chyrak pdf`.

pub mod cdp;
mod handbook;
mod handouts;
pub mod outline;
pub mod pdf;
mod posters;
mod scripts;

use crate::error::{Diagnostic, Result};
use crate::model::poster::{self, PaperSize};
use crate::model::{Item, PageRef, Site, url};
use crate::parse::fountain::Edition;
use crate::parse::front_matter::ContentType;
use crate::parse::markdown::LinkResolver;
use crate::render::{Sink, Theme};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A kind of printed document (`chyrak pdf --only …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Handbook,
    Handouts,
    Scenarios,
    Posters,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Handbook, Kind::Handouts, Kind::Scenarios, Kind::Posters];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Handbook => "handbook",
            Kind::Handouts => "handouts",
            Kind::Scenarios => "scenarios",
            Kind::Posters => "posters",
        }
    }
}

/// One print page and the PDF made from it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    pub lang: String,
    /// The item printed (scenario or poster).
    pub item: Option<usize>,
    pub edition: Option<Edition>,
    pub size: Option<PaperSize>,
    /// Output path of the print page: `en/print/handbook.html`.
    pub html: String,
    /// Path of the PDF under the PDF folder: `en/handbook.pdf`.
    pub pdf: String,
}

impl Doc {
    /// "en handbook", "ru poster call-before-you-go A5": for progress and messages.
    pub fn label(&self, site: &Site) -> String {
        let slug = self.item.map(|i| site.items[i].slug.as_str()).unwrap_or("");
        match (self.kind, self.edition, &self.size) {
            (Kind::Scenarios, Some(Edition::Actors), _) => {
                format!("{} script {slug} (actors)", self.lang)
            }
            (Kind::Scenarios, _, _) => format!("{} script {slug} (facilitator)", self.lang),
            (Kind::Posters, _, Some(size)) => format!("{} poster {slug} {}", self.lang, size.name),
            (kind, _, _) => format!("{} {}", self.lang, kind.name()),
        }
    }
}

/// Every print page of the site, in a stable order (by language, then kind).
pub fn documents(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    for lang in site.languages() {
        let lessons = handbook::lessons(site, lang);
        if !lessons.is_empty() {
            docs.push(site_doc(Kind::Handbook, lang));
        }
        if lessons.iter().any(|&i| lesson_has_handouts(site, i, lang)) {
            docs.push(site_doc(Kind::Handouts, lang));
        }
        for i in 0..site.items.len() {
            docs.extend(item_documents(site, i, lang));
        }
    }
    docs.sort_by_key(|d| (d.lang.clone(), d.kind));
    docs
}

fn site_doc(kind: Kind, lang: &str) -> Doc {
    Doc {
        kind,
        lang: lang.to_owned(),
        item: None,
        edition: None,
        size: None,
        html: format!("{lang}/print/{}.html", kind.name()),
        pdf: format!("{lang}/{}.pdf", kind.name()),
    }
}

/// The print pages of one scenario or poster in `lang`: only for real translations,
/// so that no language gets a second copy of another language's script or poster.
fn item_documents(site: &Site, i: usize, lang: &str) -> Vec<Doc> {
    let item = &site.items[i];
    let Some(t) = item.translations.get(lang) else {
        return Vec::new();
    };
    let slug = &item.slug;
    match item.content_type {
        ContentType::Scenario => [Edition::Actors, Edition::Facilitator]
            .into_iter()
            .map(|e| {
                let name = format!("{slug}-{}", edition_name(e));
                Doc {
                    kind: Kind::Scenarios,
                    lang: lang.to_owned(),
                    item: Some(i),
                    edition: Some(e),
                    size: None,
                    html: format!("{lang}/print/scenarios/{name}.html"),
                    pdf: format!("{lang}/scenarios/{name}.pdf"),
                }
            })
            .collect(),
        ContentType::Poster => poster_sizes(t)
            .into_iter()
            .map(|size| {
                let name = format!("{slug}-{}", size.name.to_ascii_lowercase());
                Doc {
                    kind: Kind::Posters,
                    lang: lang.to_owned(),
                    item: Some(i),
                    edition: None,
                    size: Some(size),
                    html: format!("{lang}/print/posters/{name}.html"),
                    pdf: format!("{lang}/posters/{name}.pdf"),
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The sizes a poster translation asks for (A4 when none); unknown names are left to
/// the page renderer, which reports them.
fn poster_sizes(t: &crate::model::Translation) -> Vec<PaperSize> {
    let orientation = t.meta.orientation.unwrap_or_default();
    let mut sizes: Vec<PaperSize> = t.meta.sizes.iter().filter_map(|n| poster::paper_size(n, orientation)).collect();
    if sizes.is_empty() {
        sizes.extend(poster::paper_size("A4", orientation));
    }
    sizes
}

pub fn edition_name(e: Edition) -> &'static str {
    match e {
        Edition::Actors => "actors",
        Edition::Facilitator => "facilitator",
    }
}

/// Whether the lesson's text shown in `lang` marks a handout (`::: handout Title`).
pub(super) fn lesson_has_handouts(site: &Site, i: usize, lang: &str) -> bool {
    site.pick(PageRef::Item(i), lang).is_some_and(|t| t.has_handouts)
}

/// Renders every print page into `sink`.
pub fn render(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<()> {
    let docs = documents(site);
    // A language's handbook and handouts show the same lessons (from the same folder,
    // so with the same links): render those once for both.
    let books: Vec<&str> = docs.iter().filter(|d| d.kind == Kind::Handbook).map(|d| d.lang.as_str()).collect();
    let others: Vec<&Doc> = docs
        .iter()
        .filter(|d| !(matches!(d.kind, Kind::Handbook | Kind::Handouts) && books.contains(&d.lang.as_str())))
        .collect();
    let results: Vec<Result<()>> = books
        .par_iter()
        .map(|&lang| {
            let book = docs.iter().find(|d| d.kind == Kind::Handbook && d.lang == lang).expect("handbook doc");
            let base = Base::new(site, theme, lang, &book.html);
            let mut lessons = Vec::new();
            sink.write_pieces(&book.html, &mut |out| {
                lessons = handbook::write(site, theme, &base, out)?;
                Ok(())
            })?;
            match docs.iter().find(|d| d.kind == Kind::Handouts && d.lang == lang) {
                Some(doc) => sink.write(&doc.html, handouts::render_with(theme, &base, &lessons)?.as_bytes()),
                None => Ok(()),
            }
        })
        .chain(
            // A poster's sizes are rendered together, sharing its QR code.
            others
                .chunk_by(|a, b| a.kind == Kind::Posters && (&b.kind, &b.item, &b.lang) == (&a.kind, &a.item, &a.lang))
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|group| {
                    let qr_codes = posters::QrCodes::default();
                    group
                        .iter()
                        .try_for_each(|doc| sink.write(&doc.html, render_with(site, theme, doc, &qr_codes)?.as_bytes()))
                }),
        )
        .collect();
    results.into_iter().collect()
}

/// Renders one print page; a poster's QR code comes from `qr_codes`, shared by its sizes.
fn render_with(site: &Site, theme: &Theme, doc: &Doc, qr_codes: &posters::QrCodes) -> Result<String> {
    let base = Base::new(site, theme, &doc.lang, &doc.html);
    match (doc.kind, doc.item) {
        (Kind::Handbook, _) => handbook::render(site, theme, &base),
        (Kind::Handouts, _) => handouts::render(site, theme, &base),
        (Kind::Scenarios, Some(i)) => {
            scripts::render(site, theme, &base, i, doc.edition.unwrap_or(Edition::Facilitator))
        }
        (Kind::Posters, Some(i)) => {
            let size = doc.size.clone().expect("poster doc has a size");
            posters::render(site, theme, &base, i, &size, qr_codes)
        }
        _ => Err(Diagnostic::error(&doc.html, "print page without its item").into()),
    }
}

/// What every print template sees.
pub(crate) struct Base<'a> {
    pub lang: &'a str,
    pub from: &'a str,
    pub ui: BTreeMap<&'a str, String>,
    pub context: tera::Context,
}

impl<'a> Base<'a> {
    fn new(site: &'a Site, theme: &'a Theme, lang: &'a str, from: &'a str) -> Base<'a> {
        let l = site.config.language(lang).expect("known language");
        let ui = theme.catalog.get(lang).all_text();
        let mut context = tera::Context::new();
        context.insert(
            "site",
            &serde_json::json!({
                "title": l.title.as_deref().unwrap_or(&site.config.title),
                "organisation": site.config.organisation,
                "base_url": site.config.base_url,
            }),
        );
        context.insert("lang", &lang_json(site, lang));
        context.insert("ui", &ui);
        context.insert("css_url", &url::relative(from, &theme.css.0));
        context.insert("home_url", &url::relative(from, &url::page_path(lang, "")));
        context.insert("date", &edition_date());
        Base { lang, from, ui, context }
    }
}

pub(crate) fn lang_json(site: &Site, code: &str) -> serde_json::Value {
    let l = site.config.language(code).expect("known language");
    let dir = if l.direction == crate::config::Direction::Rtl { "rtl" } else { "ltr" };
    serde_json::json!({ "code": l.code, "name": l.name, "dir": dir })
}

/// Resolves links in print pages: `@/` links become the page's absolute URL (a printed
/// page is read away from the site, and a PDF's links must not point into a local
/// folder); bundle files stay relative so that images load from `file://`.
pub(crate) struct PrintLinks<'a> {
    pub site: &'a Site,
    pub lang: &'a str,
    pub from: &'a str,
    pub item: Option<&'a Item>,
}

impl LinkResolver for PrintLinks<'_> {
    fn internal(&self, target: &str) -> std::result::Result<String, String> {
        match self.site.index.get(target) {
            Some(&page) if self.site.shows(page, self.lang) => {
                Ok(url::absolute(&self.site.config.base_url, self.lang, target))
            }
            _ => Err(format!("no page `content/{target}`")),
        }
    }

    fn bundle_file(&self, name: &str) -> Option<String> {
        self.item?.file_output(name).map(|path| url::relative(self.from, &path))
    }
}

/// The edition date printed on covers: the day of `SOURCE_DATE_EPOCH` (seconds since
/// 1970, for reproducible builds) or today, as `YYYY-MM-DD` (UTC).
pub fn edition_date() -> String {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Text as a CSS string literal (for `content:` in `@page` margin boxes).
pub(crate) fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("\\3c "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A link from a web page to one of its print pages, and to its PDF when `chyrak pdf`
/// makes one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PrintLink {
    pub label: String,
    pub url: String,
    pub pdf: Option<String>,
}

/// The print pages of `page` in `lang`, as links from the page at `from`: a lesson
/// links to the handbook (and the handouts page when it has handouts), a scenario to
/// its two editions, a poster to each size.
pub fn links_for(site: &Site, ui: &BTreeMap<&str, String>, page: PageRef, lang: &str, from: &str) -> Vec<PrintLink> {
    let PageRef::Item(i) = page else {
        return Vec::new();
    };
    let docs: Vec<(String, Doc)> = match site.items[i].content_type {
        ContentType::Lesson => {
            let mut docs = vec![(ui_text(ui, "print_handbook"), site_doc(Kind::Handbook, lang))];
            if lesson_has_handouts(site, i, lang) {
                let mut d = site_doc(Kind::Handouts, lang);
                d.html.push_str(&format!("#{}", handbook::anchor(&site.items[i].slug)));
                docs.push((ui_text(ui, "print_handouts"), d));
            }
            docs
        }
        _ => item_documents(site, i, lang)
            .into_iter()
            .map(|d| {
                let label = match (d.edition, &d.size) {
                    (Some(Edition::Actors), _) => ui_text(ui, "print_actors_edition"),
                    (Some(Edition::Facilitator), _) => ui_text(ui, "print_facilitator_edition"),
                    (_, Some(size)) => ui_text(ui, "print_poster").replace("{size}", &size.name),
                    _ => String::new(),
                };
                (label, d)
            })
            .collect(),
    };
    docs.into_iter()
        .map(|(label, d)| {
            let page_path = d.html.split('#').next().unwrap_or("");
            PrintLink {
                label,
                url: url::relative(from, &d.html),
                pdf: site.pdfs.get(page_path).map(|pdf| url::relative(from, pdf)),
            }
        })
        .collect()
}

fn ui_text(ui: &BTreeMap<&str, String>, key: &str) -> String {
    ui.get(key).cloned().unwrap_or_else(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn css_strings_are_escaped() {
        assert_eq!(css_string("a \"b\" \\ </style>"), "\"a \\\"b\\\" \\\\ \\3c /style>\"");
    }
}
