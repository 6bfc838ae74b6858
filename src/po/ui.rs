//! The interface strings (the theme's `i18n/<lang>.toml`, and the site's theme folder's,
//! which override it key by key) as catalog entries: a plural string becomes
//! `msgid`/`msgid_plural` with one `msgstr[n]` per form of the language
//! ([`super::plural`]). `po apply` writes a language's translated strings into the
//! site's theme folder, changing only the keys whose text changed (comments kept).

use super::catalog::{Catalog, Entry};
use super::plural::Forms;
use crate::error::{Diagnostic, Error, Result};
use crate::model::Site;
use crate::render::i18n::{self, Entry as Text};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Context prefix of interface strings.
pub const PREFIX: &str = "ui:";

/// The site's theme folder (which may not exist yet).
pub fn theme_dir(site: &Site) -> PathBuf {
    site.root.join("themes").join(&site.config.theme)
}

fn own(lang: &str, dir: &Path) -> Result<BTreeMap<String, Text>> {
    i18n::own(lang, Some(dir).filter(|d| d.is_dir()))
}

/// The source language's strings (English where it has none), as untranslated entries.
pub fn entries(site: &Site, source: &str, forms: &Forms) -> Result<Vec<Entry>> {
    let dir = theme_dir(site);
    let mut strings = own("en", &dir)?;
    strings.extend(own(source, &dir)?);
    // Where each key is written: the theme folder's file, else the built-in one.
    let files: Vec<(String, String)> = [source, "en"]
        .iter()
        .flat_map(|stem| {
            let name = format!("{stem}.toml");
            let own = std::fs::read_to_string(dir.join("i18n").join(&name)).ok();
            let builtin = crate::render::theme::builtin("i18n").find(|(n, _)| *n == name).map(|(_, t)| t.to_owned());
            let shown = format!("themes/{}/i18n/{name}", site.config.theme);
            [own, builtin].into_iter().flatten().map(move |t| (shown.clone(), t))
        })
        .collect();
    let reference = |key: &str| {
        files
            .iter()
            .find_map(|(file, text)| key_line(text, key).map(|l| format!("{file}:{l}")))
            .unwrap_or_else(|| format!("themes/{}/i18n/en.toml", site.config.theme))
    };
    Ok(strings
        .into_iter()
        .map(|(key, text)| {
            let mut comment = format!("interface string `{key}`");
            let (id, plural) = match text {
                Text::Text(t) => (t, None),
                Text::Plural(mut f) => {
                    comment.push_str(": a count; one form per plural form of the language");
                    let other = f.remove("other").unwrap_or_default();
                    (f.remove("one").unwrap_or(other.clone()), Some(other))
                }
            };
            if id.contains('{') {
                comment.push_str("; keep the names in braces ({n}, {language}) as they are");
            }
            let n = if plural.is_some() { forms.categories.len() } else { 1 };
            Entry {
                extracted: vec![comment],
                references: vec![reference(&key)],
                context: Some(format!("{PREFIX}{key}")),
                id,
                plural,
                strs: vec![String::new(); n],
                ..Default::default()
            }
        })
        .collect())
}

/// The strings `lang` has already (built in or in the theme folder), as translations.
pub fn seed(site: &Site, lang: &str, fresh: &[Entry], forms: &Forms) -> Result<Vec<Entry>> {
    let strings = own(lang, &theme_dir(site))?;
    Ok(fresh
        .iter()
        .filter_map(|e| {
            let key = e.context.as_deref()?.strip_prefix(PREFIX)?;
            let strs = match (strings.get(key)?, &e.plural) {
                (Text::Text(t), None) => vec![t.clone()],
                (Text::Plural(f), Some(_)) => forms
                    .categories
                    .iter()
                    .map(|c| f.get(*c).or_else(|| f.get("other")).cloned().unwrap_or_default())
                    .collect(),
                _ => return None,
            };
            Some(Entry { strs, ..e.clone() })
        })
        .collect())
}

/// The theme file of `lang` with the catalog's finished strings, if any changed.
pub fn apply(site: &Site, lang: &str, catalog: &Catalog, forms: &Forms) -> Result<Option<(PathBuf, String)>> {
    let dir = theme_dir(site);
    let current = own(lang, &dir)?;
    let path = dir.join("i18n").join(format!("{lang}.toml"));
    let text = if path.is_file() {
        std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?
    } else {
        format!(
            "# {lang}: interface strings, written by `chyrak po apply` from po/{lang}.po.\n\
             # Translate them in the catalog, not here: the next `po apply` writes them again.\n"
        )
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::Content(vec![Diagnostic::error(&path, format!("cannot read: {}", e.message()))])
    })?;
    let mut changed = false;
    for e in catalog.entries.iter().filter(|e| !e.obsolete && e.is_done()) {
        let Some(key) = e.context.as_deref().and_then(|c| c.strip_prefix(PREFIX)) else { continue };
        let value = match &e.plural {
            None => Text::Text(e.strs[0].clone()),
            Some(_) => {
                let mut f: BTreeMap<String, String> =
                    forms.categories.iter().zip(&e.strs).map(|(c, s)| (c.to_string(), s.clone())).collect();
                for (extra, like) in forms.extra {
                    let v = f.get(*like).cloned().unwrap_or_default();
                    f.insert(extra.to_string(), v);
                }
                f.entry("other".to_owned()).or_insert_with(|| e.strs.last().cloned().unwrap_or_default());
                Text::Plural(f)
            }
        };
        if current.get(key).is_some_and(|c| same(c, &value)) {
            continue;
        }
        changed = true;
        doc[key] = match value {
            Text::Text(t) => toml_edit::value(t),
            Text::Plural(f) => {
                let mut table = toml_edit::InlineTable::new();
                let order =
                    forms.categories.iter().copied().chain(forms.extra.iter().map(|(c, _)| *c)).chain(["other"]);
                for c in order {
                    if let Some(v) = f.get(c) {
                        if !table.contains_key(c) {
                            table.insert(c, v.as_str().into());
                        }
                    }
                }
                toml_edit::value(table)
            }
        };
    }
    Ok(changed.then(|| (path, doc.to_string())))
}

/// The line (1-based) where the top-level `key` is set in TOML `text`.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='))).map(|i| i + 1)
}

fn same(a: &Text, b: &Text) -> bool {
    match (a, b) {
        (Text::Text(x), Text::Text(y)) => x == y,
        (Text::Plural(x), Text::Plural(y)) => x == y,
        _ => false,
    }
}
