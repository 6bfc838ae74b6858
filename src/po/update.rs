//! `chyrak po update`: each language's catalog made again from the source texts and
//! merged with the translations it has ([`super::merge`]); a catalog's first run, and
//! any page with no translation in the catalog yet, takes the translation already
//! written for that page when its structure lines up ([`super::seed`]), and says
//! which file does not line up, and why.

use super::catalog::{Catalog, Entry};
use super::{merge, plural, seed, ui};
use crate::error::{Diagnostic, Error, Result};
use crate::model::Site;
use std::path::PathBuf;

/// What an update did to one language's catalog.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Language {
    pub lang: String,
    pub path: PathBuf,
    pub messages: usize,
    pub translated: usize,
    pub fuzzy: usize,
    pub obsolete: usize,
    /// Pages whose translation was taken from their `index.<lang>.md`.
    pub seeded: usize,
    pub written: bool,
}

#[derive(Debug, Default)]
pub struct Report {
    pub languages: Vec<Language>,
    /// Translations that could not seed a catalog (warnings naming the file and why).
    pub notes: Vec<Diagnostic>,
}

/// Updates the catalogs of `langs` (see [`super::languages`]).
pub fn update(site: &Site, langs: &[String]) -> Result<Report> {
    let mut report = Report::default();
    let mut files = Vec::new();
    for lang in langs {
        let (file, language) = one(site, lang, &mut report.notes)?;
        if let Some(file) = file {
            files.push(file);
        }
        report.languages.push(language);
    }
    super::write_all(&files)?;
    Ok(report)
}

/// The fresh entries of a page's messages.
pub fn fresh(site: &Site, page: &super::Page) -> Vec<Entry> {
    let file = super::relative(&site.root, &page.source.path);
    page.doc
        .messages
        .iter()
        .map(|m| Entry {
            extracted: vec![m.comment.clone()],
            references: vec![format!("{file}:{}", m.line)],
            context: Some(m.context.clone()),
            id: m.id.clone(),
            strs: vec![String::new()],
            ..Default::default()
        })
        .collect()
}

fn one(site: &Site, lang: &str, notes: &mut Vec<Diagnostic>) -> Result<(Option<(PathBuf, String)>, Language)> {
    let source = super::source_language(site, lang);
    let forms = plural::forms(lang);
    let (pages, problems) = super::pages(site, source);
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    let path = super::catalog_path(&site.root, lang);
    let (old, old_text) = if path.is_file() {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        (Catalog::parse(&path, &text).map_err(|d| Error::Content(vec![d]))?, text)
    } else {
        (Catalog::default(), String::new())
    };
    let mut fresh_all = Vec::new();
    let mut old_entries = old.entries.clone();
    let mut seeded = 0;
    for page in &pages {
        let fresh = fresh(site, page);
        let prefix = page.prefix();
        let has = |e: &Entry| e.is_translated() && e.context.as_deref().is_some_and(|c| c.starts_with(&prefix));
        if !old_entries.iter().any(has) {
            if let Some(target) = site.translations(page.page).get(lang) {
                match seed::align(site, page, target) {
                    Ok(texts) => {
                        seeded += 1;
                        for (e, text) in fresh.iter().zip(texts) {
                            if !text.is_empty() {
                                old_entries.push(Entry { strs: vec![text], ..e.clone() });
                            }
                        }
                    }
                    Err(why) => notes.push(
                        Diagnostic::warning(&target.path, format!("not taken into po/{lang}.po: {why}")).with_help(
                            format!(
                                "its structure does not line up with `{}`: translate this page in the catalog, \
                                 or make the structure the same and run `chyrak po update` again",
                                super::relative(&site.root, &page.source.path)
                            ),
                        ),
                    ),
                }
            }
        }
        fresh_all.extend(fresh);
    }
    let ui_fresh = ui::entries(site, source, &forms)?;
    if !old_entries.iter().any(|e| e.context.as_deref().is_some_and(|c| c.starts_with(ui::PREFIX))) {
        old_entries.extend(ui::seed(site, lang, &ui_fresh, &forms)?);
    }
    fresh_all.extend(ui_fresh);
    let entries = merge::merge(fresh_all, &old_entries, forms.categories.len());
    let mut catalog = Catalog { header_comments: old.header_comments.clone(), header: old.header.clone(), entries };
    if catalog.header_comments.is_empty() {
        catalog.header_comments = vec![
            format!("Translation of “{}” into {lang}, from {source}.", site.config.title),
            "Made by `chyrak po update`; see docs/translators.md.".to_owned(),
        ];
    }
    for (k, v) in [
        ("Project-Id-Version", site.config.title.as_str()),
        ("PO-Revision-Date", "2026-01-01 00:00+0000"),
        ("Last-Translator", "none yet"),
        ("Language-Team", "none yet"),
    ] {
        if catalog.header_value(k).is_none() {
            catalog.set_header(k, v);
        }
    }
    catalog.set_header("Language", lang);
    catalog.set_header("MIME-Version", "1.0");
    catalog.set_header("Content-Type", "text/plain; charset=UTF-8");
    catalog.set_header("Content-Transfer-Encoding", "8bit");
    catalog.set_header("Plural-Forms", forms.header);
    let text = catalog.write();
    let live = catalog.entries.iter().filter(|e| !e.obsolete);
    let language = Language {
        lang: lang.to_owned(),
        path: path.clone(),
        messages: live.clone().count(),
        translated: live.clone().filter(|e| e.is_done()).count(),
        fuzzy: live.filter(|e| e.is_fuzzy()).count(),
        obsolete: catalog.entries.iter().filter(|e| e.obsolete).count(),
        seeded,
        written: text != old_text,
    };
    Ok(((text != old_text).then_some((path, text)), language))
}
