//! Which print pages the site has, decided in one place for the print stage, the links
//! on web pages, the poster board and `chyrak pdf`: per language a handbook (when it
//! shows lessons) and a handouts page (when one of them marks a handout), two
//! editions of each scenario and every poster at each of its sizes (those two only
//! for real translations, so that no language gets a copy of another's).

use super::layout;
use crate::model::paper::PaperSize;
use crate::model::{Content, Site};
use crate::parse::fountain::Edition;

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
            (Kind::Scenarios, Some(Edition::Actors), _) => format!("{} script {slug} (actors)", self.lang),
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
        let lessons = site.lessons(lang);
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

/// The handbook or handouts page of `lang`.
pub fn site_doc(kind: Kind, lang: &str) -> Doc {
    Doc {
        kind,
        lang: lang.to_owned(),
        item: None,
        edition: None,
        size: None,
        html: layout::print_page(lang, kind.name()),
        pdf: layout::pdf(lang, kind.name()),
    }
}

/// The print pages of one scenario or poster in `lang`: only for real translations.
pub fn item_documents(site: &Site, i: usize, lang: &str) -> Vec<Doc> {
    let item = &site.items[i];
    let Some(t) = item.translations.get(lang) else {
        return Vec::new();
    };
    let doc = |name: String, edition: Option<Edition>, size: Option<PaperSize>| Doc {
        kind: if edition.is_some() { Kind::Scenarios } else { Kind::Posters },
        lang: lang.to_owned(),
        item: Some(i),
        edition,
        size,
        html: layout::print_page(lang, &name),
        pdf: layout::pdf(lang, &name),
    };
    match &t.content {
        Content::Scenario(_) => [Edition::Actors, Edition::Facilitator]
            .into_iter()
            .map(|e| doc(format!("scenarios/{}-{}", item.slug, edition_name(e)), Some(e), None))
            .collect(),
        Content::Poster(p) => {
            p.sizes.iter().map(|size| doc(poster_name(&item.slug, size), None, Some(size.clone()))).collect()
        }
        _ => Vec::new(),
    }
}

/// The print page name of a poster at one size (`posters/<slug>-<size>`), under
/// `<lang>/print/`.
pub fn poster_name(slug: &str, size: &PaperSize) -> String {
    format!("posters/{slug}-{}", size.name.to_ascii_lowercase())
}

pub fn edition_name(e: Edition) -> &'static str {
    match e {
        Edition::Actors => "actors",
        Edition::Facilitator => "facilitator",
    }
}

/// Whether the lesson's text shown in `lang` marks a handout (`::: handout Title`).
pub fn lesson_has_handouts(site: &Site, i: usize, lang: &str) -> bool {
    site.pick(crate::model::PageRef::Item(i), lang).is_some_and(|t| t.has_handouts())
}
