//! The translation matrix (every page × every language: translated, shown from a
//! fallback language, or missing) and translations older than their source.
//!
//! Convention: a translation records what it was translated from with
//! `source_hash = "<12 hex digits>"` in its front matter, the [`source_hash`] of the
//! source's body when the translator finished. The source of a translation in
//! language L is the first language of L's fallback chain that has an original (a
//! translation without `source_hash`); when the chain has none, the first language
//! of `site.toml` that has an original. When the source's body has changed since, the
//! hash differs and `check` warns, printing the new hash to copy in. `chyrak check
//! --print-hashes` prints every page's current hash.

use crate::error::Diagnostic;
use crate::model::{PageRef, Site, Translation};

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Translated,
    /// Translated, with texts changed in the original since (fuzzy in its catalog).
    Review,
    /// Shown from this language.
    Fallback(String),
    Missing,
}

/// One row: a page in every language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// The `@/` path (`""` is the home page).
    pub page: String,
    /// `section`, `lesson`, `scenario`, `poster` or `page`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// One cell per language, in the order of `site.toml`.
    pub languages: Vec<Cell>,
}

/// A page in one language, as JSON: `{"lang": "ky", "state": "fallback", "from": "ru"}`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Cell {
    pub lang: String,
    /// `translated`, `review` (translated, with fuzzy texts in its catalog), `fallback`
    /// or `missing`.
    pub state: &'static str,
    /// For `fallback`: the language the page is shown in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl Cell {
    fn new(lang: &str, state: State) -> Cell {
        let (state, from) = match state {
            State::Translated => ("translated", None),
            State::Review => ("review", None),
            State::Fallback(l) => ("fallback", Some(l)),
            State::Missing => ("missing", None),
        };
        Cell { lang: lang.to_owned(), state, from }
    }
}

#[derive(Debug, Default, serde::Serialize)]
pub struct Matrix {
    pub languages: Vec<String>,
    pub rows: Vec<Row>,
}

/// The matrix; `review` lists, per language, the pages whose catalog has fuzzy texts.
pub fn matrix(site: &Site, review: &[crate::po::stats::Stats]) -> Matrix {
    let languages: Vec<String> = site.languages().map(str::to_owned).collect();
    let mut rows = Vec::new();
    for (page, kind) in pages(site) {
        if site.translations(page).is_empty() {
            continue; // a section made only from its folder has no text to translate
        }
        let cells = languages
            .iter()
            .map(|lang| {
                let state = match site.pick(page, lang) {
                    Some(t) if t.lang == *lang => {
                        let key = site.key(page);
                        let fuzzy = review.iter().any(|r| r.lang == *lang && r.review.contains(&key));
                        if fuzzy { State::Review } else { State::Translated }
                    }
                    Some(t) => State::Fallback(t.lang.clone()),
                    None => State::Missing,
                };
                Cell::new(lang, state)
            })
            .collect();
        rows.push(Row { page: site.key(page), kind, languages: cells });
    }
    Matrix { languages, rows }
}

fn pages(site: &Site) -> impl Iterator<Item = (PageRef, &'static str)> + '_ {
    let sections = (0..site.sections.len()).map(|i| (PageRef::Section(i), "section"));
    sections.chain(site.items.iter().enumerate().map(|(i, item)| (PageRef::Item(i), item.content_type.name())))
}

pub use crate::hash::source_hash;

/// The original a translation was made from, by the convention above.
pub fn source_of<'a>(site: &'a Site, page: PageRef, lang: &str) -> Option<&'a Translation> {
    let translations = site.translations(page);
    let original = |code: &str| translations.get(code).filter(|t| t.source_hash.is_none());
    site.config.chain(lang).skip(1).find_map(original).or_else(|| site.languages().find_map(original))
}

/// Warns about every translation whose `source_hash` is not its source's current hash.
pub fn stale(site: &Site, out: &mut Vec<Diagnostic>) {
    for (page, _) in pages(site) {
        for t in site.translations(page).values() {
            let Some(recorded) = t.source_hash.as_deref() else { continue };
            let text = match t.text() {
                Ok(text) => text,
                Err(d) => {
                    out.push(d);
                    continue;
                }
            };
            let place = |d: Diagnostic| d.at_key(&text, "source_hash");
            let Some(source) = source_of(site, page, &t.lang) else {
                out.push(place(
                    Diagnostic::warning(&t.path, "`source_hash` is set but no other language has an original")
                        .with_help("remove `source_hash` from the original text; only translations carry it"),
                ));
                continue;
            };
            let Ok(source_text) = source.text() else { continue }; // reported with that file
            let current = source_hash(source.body_of(&source_text));
            if recorded.trim() != current {
                let shown = super::shown(&site.root, &source.path);
                out.push(place(
                    Diagnostic::warning(
                        &t.path,
                        format!("translation may be out of date: `{}` changed since it was translated", shown.display()),
                    )
                    .with_help(format!(
                        "update the translation, then set source_hash = \"{current}\" (see `chyrak check --print-hashes`)"
                    )),
                ));
            }
        }
    }
}

/// `(source path, hash)` of every original text, for `--print-hashes`.
pub fn hashes(site: &Site) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (page, _) in pages(site) {
        for t in site.translations(page).values().filter(|t| t.source_hash.is_none()) {
            let path = super::shown(&site.root, &t.path).display().to_string();
            let hash = t.text().map(|text| source_hash(t.body_of(&text))).unwrap_or_default();
            out.push((site.key(page), path, hash));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_line_ends_and_trailing_space() {
        let a = source_hash("# Title\n\nText.\n");
        assert_eq!(a.len(), 12);
        assert_eq!(a, source_hash("# Title\r\n\r\nText.\r\n\r\n"));
        assert_ne!(a, source_hash("# Title\n\nText!\n"));
    }
}
