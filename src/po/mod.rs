//! Translators' catalogs: gettext PO files under `po/`, one per translation language
//! (`po/ky.po`), holding every text a reader sees and the interface strings. `po
//! update` makes them from the texts of the source language (the last language of a
//! language's fallback chain) with `extract`, merges them with what translators did
//! with msgmerge's rules (`merge`), and seeds a new catalog from translations already
//! written (`seed`). `po apply` writes translated files from them (`apply`), after the
//! safety checks (`safety`) that `check` and `build` run too.

pub mod apply;
pub mod catalog;
pub mod extract;
pub mod merge;
pub mod plural;
pub mod safety;
pub mod seed;
pub mod stats;
pub mod ui;
pub mod update;

use crate::error::Diagnostic;
use crate::model::{PageRef, Site, Translation};
use std::path::{Path, PathBuf};

/// The language a translation into `lang` is made from: the last of its fallback chain.
pub fn source_language<'a>(site: &'a Site, lang: &'a str) -> &'a str {
    site.config.chain(lang).last().unwrap_or(lang)
}

/// The languages that have catalogs (all but the source languages), or those of
/// `only` (each checked to be one of them).
pub fn languages(site: &Site, only: &[String]) -> Result<Vec<String>, crate::error::Error> {
    let all: Vec<String> = site.languages().filter(|l| source_language(site, l) != *l).map(str::to_owned).collect();
    if only.is_empty() {
        return Ok(all);
    }
    for l in only {
        if !all.contains(l) {
            let why = if site.languages().any(|c| c == l) {
                format!("`{l}` is a source language (its fallback chain is empty): it has no catalog")
            } else {
                format!("`{l}` is not a language of site.toml (languages with catalogs: {})", all.join(", "))
            };
            return Err(crate::error::Error::Usage(why));
        }
    }
    Ok(only.to_vec())
}

/// The catalog of `lang`.
pub fn catalog_path(root: &Path, lang: &str) -> PathBuf {
    root.join("po").join(format!("{lang}.po"))
}

/// A page in the source language, as skeleton and messages.
pub struct Page<'a> {
    pub page: PageRef,
    /// The `@/` path.
    pub key: String,
    pub source: &'a Translation,
    pub doc: extract::Doc,
}

impl Page<'_> {
    /// The context prefix of its messages.
    pub fn prefix(&self) -> String {
        format!("{}:", if self.key.is_empty() { "(home)" } else { &self.key })
    }

    /// Where the translation into `lang` is written: `index.ky.md` beside `index.en.md`.
    pub fn target_path(&self, lang: &str) -> PathBuf {
        let p = &self.source.path;
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let suffix = format!(".{}.md", self.source.lang);
        let stem = name.strip_suffix(&suffix).unwrap_or(name.trim_end_matches(".md"));
        p.with_file_name(format!("{stem}.{lang}.md"))
    }
}

/// Every page written in `source`, in the site's order, with its messages.
pub fn pages<'a>(site: &'a Site, source: &str) -> (Vec<Page<'a>>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let sections = (0..site.sections.len()).map(PageRef::Section);
    let items = (0..site.items.len()).map(PageRef::Item);
    for page in sections.chain(items) {
        let Some(t) = site.translations(page).get(source) else { continue };
        let key = site.key(page);
        let text = match t.text() {
            Ok(text) => text,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let src = extract::Source::of(&key, site.item(page), t);
        // An original's own `review` note is not for its translations.
        let text = seed::strip_meta(&text);
        match extract::extract(&src, &t.path, &text) {
            Ok(doc) => out.push(Page { page, key: key.clone(), source: t, doc }),
            Err(d) => problems.push(d),
        }
    }
    (out, problems)
}

/// Writes files through a temporary file and a rename each.
pub(crate) fn write_all(files: &[(PathBuf, String)]) -> Result<(), crate::error::Error> {
    for (path, text) in files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::io("create", dir, e))?;
        }
        crate::assets::images::write_atomic(path, text.as_bytes())
            .map_err(|e| crate::error::Error::io("write", path, e))?;
    }
    Ok(())
}

/// A site file's path as catalogs name it: relative to the site's folder, with `/`.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
