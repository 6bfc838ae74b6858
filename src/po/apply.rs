//! `chyrak po apply`: the translated files written from the catalogs. A page whose
//! messages are all translated gets its `index.<lang>.md`; one with fuzzy messages
//! gets it with a `review` note listing them; one partly translated is reported and
//! left alone, unless `partial`, when the untranslated parts stay in the source
//! language, marked with their `lang`. Every file gets `source_hash`, so `check` knows
//! when the source moves on: the original's hash now, or, while texts are fuzzy, the
//! hash the translation had. Nothing is written when any catalog has an error.

use super::catalog::{Catalog, Entry};
use super::extract::Kind;
use super::{Page, plural, safety, ui};
use crate::error::{Diagnostic, Error, Result};
use crate::model::Site;
use std::borrow::Cow;
use std::path::PathBuf;

/// What `po apply` did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written (content and interface strings).
    pub written: Vec<PathBuf>,
    /// Files that were already as the catalog says.
    pub unchanged: usize,
    /// Pages left alone: (page, language, why).
    pub skipped: Vec<(String, String, String)>,
    /// Files written with a `review` note for fuzzy messages.
    pub review: Vec<PathBuf>,
}

/// The first words of the note `po apply` writes in `review`.
pub const NOTE: &str = "po: texts changed in the original since they were translated";

/// Applies the catalogs of `langs`.
pub fn apply(site: &Site, langs: &[String], partial: bool) -> Result<Report> {
    let mut report = Report::default();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for lang in langs {
        let path = super::catalog_path(&site.root, lang);
        if !path.is_file() {
            return Err(Error::Usage(format!("no catalog `po/{lang}.po`: run `chyrak po update` first")));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        let catalog = Catalog::parse(&path, &text).map_err(|d| Error::Content(vec![d]))?;
        let source = super::source_language(site, lang);
        let (pages, problems) = super::pages(site, source);
        errors.extend(problems);
        errors.extend(safety::catalog(&pages, &path, &text, &catalog));
        for page in &pages {
            match page_file(site, page, lang, &catalog, partial) {
                Ok(Some((target, text, fuzzy))) => {
                    if std::fs::read_to_string(&target).is_ok_and(|old| old == text) {
                        report.unchanged += 1;
                    } else {
                        if fuzzy {
                            report.review.push(target.clone());
                        }
                        files.push((target, text));
                    }
                }
                Ok(None) => {}
                Err(Skip::Partly(why)) => report.skipped.push((page.key.clone(), lang.clone(), why)),
                Err(Skip::Stale(d)) => errors.push(d),
            }
        }
        if let Some(file) = ui::apply(site, lang, &catalog, &plural::forms(lang))? {
            files.push(file);
        }
    }
    if !errors.is_empty() {
        return Err(Error::Content(errors));
    }
    super::write_all(&files)?;
    report.written = files.into_iter().map(|(p, _)| p).collect();
    Ok(report)
}

enum Skip {
    Partly(String),
    Stale(Diagnostic),
}

/// The translated file of `page`, whether it has fuzzy texts, or `None` when nothing
/// of it is translated.
fn page_file(
    site: &Site,
    page: &Page,
    lang: &str,
    catalog: &Catalog,
    partial: bool,
) -> std::result::Result<Option<(PathBuf, String, bool)>, Skip> {
    let entries: Vec<Option<&Entry>> = page.doc.messages.iter().map(|m| catalog.by_context(&m.context)).collect();
    for (m, e) in page.doc.messages.iter().zip(&entries) {
        if e.is_none_or(|e| e.id != m.id) {
            let path = super::catalog_path(&site.root, lang);
            let source = super::relative(&site.root, &page.source.path);
            let mut d = Diagnostic::error(&path, format!("the catalog is older than `{source}:{}`", m.line))
                .with_help("run `chyrak po update` first, then translate what it marks");
            if let Some(e) = e.filter(|e| e.line > 0) {
                d.line = Some(e.line);
            }
            return Err(Skip::Stale(d));
        }
    }
    let done = entries.iter().flatten().filter(|e| e.is_translated()).count();
    let fuzzy: Vec<usize> =
        entries.iter().flatten().filter(|e| e.is_translated() && e.is_fuzzy()).map(|e| e.line).collect();
    if done == 0 {
        return Ok(None);
    }
    let missing = page.doc.messages.len() - done;
    if missing > 0 && !partial {
        return Err(Skip::Partly(format!(
            "{missing} of {} texts are not translated yet (use --partial to write it with them in the original language)",
            page.doc.messages.len()
        )));
    }
    let source_lang = &page.source.lang;
    let text = page.doc.render(&|i| {
        let m = &page.doc.messages[i];
        match entries[i] {
            Some(e) if e.is_translated() => Cow::Borrowed(e.strs[0].as_str()),
            _ if m.kind == Kind::Markdown => Cow::Owned(format!("<span lang=\"{source_lang}\">{}</span>", m.id)),
            _ => Cow::Borrowed(m.id.as_str()),
        }
    });
    let existing = site.translations(page.page).get(lang);
    let review = review_note(existing.and_then(|t| t.review.clone()), lang, &fuzzy, missing);
    // With fuzzy texts the translation is not yet in step with the original: it keeps
    // the hash it had, so `check` still says so.
    let hash = match existing.and_then(|t| t.source_hash.clone()) {
        Some(old) if !fuzzy.is_empty() => old,
        _ => page.source.text().map(|t| crate::hash::source_hash(page.source.body_of(&t))).unwrap_or_default(),
    };
    Ok(Some((page.target_path(lang), with_meta(&text, review.as_deref(), &hash), !fuzzy.is_empty())))
}

/// The `review` a file gets: a translator's own note stays; `po apply`'s own is
/// written again for what is fuzzy or untranslated now.
fn review_note(existing: Option<String>, lang: &str, fuzzy: &[usize], missing: usize) -> Option<String> {
    let own = existing.filter(|r| !r.starts_with(NOTE) && !r.contains(&format!("; {NOTE}")));
    let mut parts = Vec::new();
    if !fuzzy.is_empty() {
        let lines: Vec<String> = fuzzy.iter().map(|l| l.to_string()).collect();
        parts.push(format!("{NOTE}: po/{lang}.po, fuzzy entries at lines {}", lines.join(", ")));
    }
    if missing > 0 {
        parts.push(format!("{missing} texts are still in the original language"));
    }
    match (own, parts.is_empty()) {
        (own, true) => own,
        (Some(own), false) => Some(format!("{own}; {}", parts.join("; "))),
        (None, false) => Some(parts.join("; ")),
    }
}

/// `text` with `review` and `source_hash` as the last keys of its front matter.
fn with_meta(text: &str, review: Option<&str>, hash: &str) -> String {
    let mut out = String::with_capacity(text.len() + 200);
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            fences += 1;
            if fences == 2 {
                if let Some(r) = review {
                    out.push_str(&format!("review = {}\n", super::extract::encode(super::extract::Style::Basic, r)));
                }
                out.push_str(&format!("source_hash = \"{hash}\"\n"));
            }
        }
        out.push_str(line);
    }
    out
}
