//! The checks that need the whole site, run once when it is loaded: addresses that
//! clash (a child called `page` in a long list, a top-level name the generator uses,
//! two paths that differ only in capitals) and every link to another page, for every
//! language whose readers see the text that holds it. Anchors are checked after
//! rendering, against the ids of the pages readers really get (`render::anchors`).

use super::reserved::{LIST_PAGE, TOP};
use super::{Field, PageLink, PageRef, Site, Translation};
use crate::error::{Diagnostic, closest};

use std::collections::HashMap;
use std::path::PathBuf;

/// Adds every problem of `site` to `problems`.
pub fn site(site: &Site, problems: &mut Vec<Diagnostic>) {
    addresses(site, problems);
    links(site, problems);
}

/// Where to report a problem of the page at `key`: its first translation, else its folder.
fn place(site: &Site, key: &str, t: Option<&Translation>) -> PathBuf {
    t.map_or_else(|| site.root.join("content").join(key), |t| t.path.clone())
}

/// Every page with its `@/` path and first translation.
fn pages(site: &Site) -> impl Iterator<Item = (String, Option<&Translation>)> {
    let sections = site.sections.iter().map(|s| (s.path.clone(), s.translations.values().next()));
    sections.chain(site.items.iter().map(|i| (i.key(), i.translations.values().next())))
}

fn addresses(site: &Site, problems: &mut Vec<Diagnostic>) {
    // A long list goes on at `<section>/page/2/`: a child called `page` would share
    // its address.
    let per_page = site.config.sections.per_page;
    for s in site.sections.iter().filter(|s| site.config.sections.pages(s.items.len()) > 1) {
        let children = s.items.iter().map(|&i| (site.items[i].key(), site.items[i].translations.values().next()));
        let subsections = s.subsections.iter().filter_map(|p| site.section(p)).map(|i| &site.sections[i]);
        let children = children.chain(subsections.map(|c| (c.path.clone(), c.translations.values().next())));
        for (key, t) in children.filter(|(key, _)| key.rsplit('/').next() == Some(LIST_PAGE)) {
            problems.push(
                Diagnostic::error(place(site, &key, t), format!("`@/{key}`: `page` is the address of the later pages of `{}`'s list", s.path))
                    .with_help(format!("rename it, or list every item on one page with `[sections] per_page = 0` (the section has {} items, more than {per_page})", s.items.len())),
            );
        }
    }
    // Each language's folder also holds pages the generator makes.
    for (key, t) in pages(site).filter(|(key, _)| TOP.contains(&key.as_str())) {
        problems.push(
            Diagnostic::error(
                place(site, &key, t),
                format!("`@/{key}` would have the address of the generated {key} pages"),
            )
            .with_help(format!("rename it: {} are the generator's own", TOP.join(", "))),
        );
    }
    // Two paths that differ only in capitals are one folder on Windows, macOS and most
    // USB sticks: one page would overwrite the other when the site is copied there.
    let mut seen: HashMap<String, String> = HashMap::new();
    for (key, t) in pages(site) {
        if let Some(other) = seen.insert(key.to_lowercase(), key.clone()).filter(|o| *o != key) {
            problems.push(
                Diagnostic::error(place(site, &key, t), format!("`@/{key}` and `@/{other}` differ only in capitals"))
                    .with_help("rename one folder: on Windows, macOS and USB sticks they are the same folder"),
            );
        }
    }
}

/// Every `@/` link leads to a page that each reader of the text that holds it sees.
fn links(site: &Site, problems: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let all: Vec<PageRef> =
        (0..site.sections.len()).map(PageRef::Section).chain((0..site.items.len()).map(PageRef::Item)).collect();
    let found: Vec<Diagnostic> = all
        .par_iter()
        .flat_map_iter(|&page| {
            let mut out = Vec::new();
            for t in site.translations(page).values().filter(|t| t.links.iter().any(|l| l.path.is_some())) {
                let readers: Vec<&str> = site.readers(page, t).collect();
                for link in &t.links {
                    let Some(path) = link.path.as_deref() else { continue };
                    if let Some(why) = broken(site, path, &readers) {
                        out.push(diagnostic(t, link, path, why));
                    }
                }
            }
            out
        })
        .collect();
    problems.extend(found);
}

/// The links of one translation of `page` (replacing the one it has, if any), for the
/// preview server after an edit.
pub fn translation(site: &Site, page: PageRef, t: &Translation, problems: &mut Vec<Diagnostic>) {
    // Its readers are those of the translation it replaces.
    let readers: Vec<&str> =
        site.languages().filter(|l| site.pick(page, l).is_some_and(|p| p.lang == t.lang)).collect();
    for link in &t.links {
        let Some(path) = link.path.as_deref() else { continue };
        if let Some(why) = broken(site, path, &readers) {
            problems.push(diagnostic(t, link, path, why));
        }
    }
}

/// Why a link to `path` fails for some reader in `readers`, if it does.
fn broken(site: &Site, path: &str, readers: &[&str]) -> Option<String> {
    let Some(&page) = site.index.get(path) else {
        return Some(match closest_page(path, site.index.keys().map(String::as_str)) {
            Some(n) => format!("no page `content/{path}` (did you mean `@/{n}`?)"),
            None => format!("no page `content/{path}`"),
        });
    };
    let missing: Vec<&str> = readers.iter().copied().filter(|r| !site.shows(page, r)).collect();
    (!missing.is_empty()).then(|| format!("`{path}` has no translation in `{}` or its fallbacks", missing.join("`, `")))
}

/// The page a mistyped `@/` path most likely meant, if one is close. Never the target's
/// own section or a parent of it (a link to a missing lesson is not a link to the list
/// of lessons), and paths are compared after the folders they share: `lessons/b` is
/// not "close" to `lessons/a` only because both are lessons.
fn closest_page<'a>(path: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let after_shared_folders = |k: &'a str| {
        let mut cut = 0;
        for ((i, x), y) in path.char_indices().zip(k.chars()) {
            if x != y {
                break;
            }
            if x == '/' {
                cut = i + 1;
            }
        }
        // Up to `cut` both hold the same characters, so it is a boundary in both.
        (&path[cut..], &k[cut..])
    };
    known
        .filter(|k| !path.starts_with(k))
        .filter(|k| {
            let (a, b) = after_shared_folders(k);
            closest(a, [b]).is_some()
        })
        .max_by(|a, b| strsim::jaro_winkler(path, a).total_cmp(&strsim::jaro_winkler(path, b)))
}

/// The error for a broken link, placed on its line.
fn diagnostic(t: &Translation, link: &PageLink, path: &str, why: String) -> Diagnostic {
    let target = match &link.anchor {
        Some(a) => format!("@/{path}#{a}"),
        None => format!("@/{path}"),
    };
    // The text is read again for the line: errors are few.
    let text = t.text().map(|t| t.into_owned()).unwrap_or_default();
    match link.field {
        Field::Body => Diagnostic::error(&t.path, format!("broken internal link `{target}`: {why}"))
            .at_offset(&text, t.body_offset + link.offset as usize)
            .with_help("internal links name a page by its path under content/, e.g. @/lessons/01-safe-migration"),
        Field::Qr => Diagnostic::error(&t.path, format!("poster `qr` target `{target}`: {why}")).at_key(&text, "qr"),
        field => {
            let key = field.key().unwrap_or_default();
            Diagnostic::error(&t.path, format!("in `{key}`: broken internal link `{target}`: {why}"))
                .at_key(&text, key)
                .with_help("internal links name a page by its path under content/, e.g. @/lessons/01-safe-migration")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::closest_page;

    #[test]
    fn a_page_is_suggested_only_when_its_own_name_is_close() {
        let known = ["lessons", "lessons/01-safe-migration", "lessons/a", "plays/the-offer"];
        let near = |p| closest_page(p, known.iter().copied());
        assert_eq!(near("lessons/01-safe-migrtion"), Some("lessons/01-safe-migration"));
        assert_eq!(near("lesson/01-safe-migration"), Some("lessons/01-safe-migration"));
        assert_eq!(near("plays/the-ofer"), Some("plays/the-offer"));
        // Sharing the section is not closeness, and the section is not an answer.
        assert_eq!(near("lessons/b"), None);
        assert_eq!(near("lessons/zzzzzzzz"), None);
        assert_eq!(near("lessons/кыргыз"), None);
    }
}
