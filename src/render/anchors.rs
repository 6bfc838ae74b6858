//! Anchors of links (`@/lessons/a#warm-up`, `#part`) checked against the ids of the
//! pages readers really get: headings, handouts, footnotes and the theme's own ids
//! alike, and for a page shown by fallback, the ids of the translation the reader
//! sees. Only the pages some link points into are looked at. Build and check run
//! the same render and the same check, so they agree.

use crate::error::{Diagnostic, closest};
use crate::model::{Field, PageLink, PageRef, Site, Translation};
use crate::output::layout;
use std::collections::{HashMap, HashSet};

/// The output paths of the pages whose ids some link needs.
pub fn pages(site: &Site) -> HashSet<String> {
    let mut out = HashSet::new();
    for (page, t, link) in anchored(site) {
        let (target, key) = target(site, page, link);
        for reader in site.readers(page, t) {
            if target.is_some_and(|p| site.shows(p, reader)) {
                out.insert(layout::page_path(reader, &key));
            }
        }
    }
    out
}

/// Every link with an anchor: (its page, its translation, the link).
fn anchored(site: &Site) -> impl Iterator<Item = (PageRef, &Translation, &PageLink)> {
    let pages = (0..site.sections.len()).map(PageRef::Section).chain((0..site.items.len()).map(PageRef::Item));
    pages.flat_map(move |page| {
        site.translations(page)
            .values()
            .flat_map(move |t| t.links.iter().filter(|l| l.anchor.is_some()).map(move |l| (page, t, l)))
    })
}

/// The page a link leads to, and its `@/` path.
fn target(site: &Site, page: PageRef, link: &PageLink) -> (Option<PageRef>, String) {
    match &link.path {
        Some(path) => (site.index.get(&**path).copied(), path.to_string()),
        None => (Some(page), site.key(page)),
    }
}

/// Every broken anchor, given the ids of the pages [`pages`] named (a page that
/// failed to render has none: its error is reported already).
pub fn check(site: &Site, ids: &HashMap<String, HashSet<String>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (page, t, link) in anchored(site) {
        let (Some(target), key) = target(site, page, link) else { continue };
        let anchor = link.anchor.as_deref().unwrap_or_default().replace("%20", " ");
        let readers: Vec<&str> = site.readers(page, t).collect();
        let mut missing = Vec::new();
        let mut known: Vec<&str> = Vec::new();
        for reader in readers.iter().copied().filter(|r| site.shows(target, r)) {
            let Some(on_page) = ids.get(&layout::page_path(reader, &key)) else { continue };
            if !on_page.contains(&anchor) {
                missing.push(reader);
                known.extend(on_page.iter().map(String::as_str));
            }
        }
        if missing.is_empty() {
            continue;
        }
        let dest = match &link.path {
            Some(path) => format!("@/{path}#{}", link.anchor.as_deref().unwrap_or_default()),
            None => format!("#{}", link.anchor.as_deref().unwrap_or_default()),
        };
        let what = if link.path.is_none() { "this page".to_owned() } else { format!("`@/{key}`") };
        let langs = if missing.len() == readers.len() { String::new() } else { format!(" in {}", missing.join(", ")) };
        let mut d =
            Diagnostic::error(&t.path, format!("broken anchor `{dest}`: {what} has no heading `#{anchor}`{langs}"));
        let text = t.text().map(|s| s.into_owned()).unwrap_or_default();
        d = match link.field {
            Field::Body => d.at_offset(&text, t.body_offset + link.offset as usize),
            field => d.at_key(&text, field.key().unwrap_or_default()),
        };
        known.sort_unstable();
        known.dedup();
        out.push(match closest(&anchor, known) {
            Some(near) => d.with_help(format!("did you mean `#{near}`?")),
            None => d.with_help(
                "anchors are heading ids: `## Where to get help` is `#where-to-get-help`, or set one with {#id}",
            ),
        });
    }
    out
}

/// Values of ` id="…"` attributes (the generator always double-quotes them), unescaped.
pub fn ids_in(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let Some(end) = rest.find('"') else { break };
        let raw = &rest[..end];
        out.insert(if raw.contains('&') {
            raw.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        } else {
            raw.to_owned()
        });
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_ids() {
        let ids = super::ids_in("<h2 id=\"где\">x</h2><p id=\"a&amp;b\"></p><div data-id=\"no\">");
        assert!(ids.contains("где") && ids.contains("a&b"));
        assert_eq!(ids.len(), 2);
    }
}
