//! Links and images in Markdown, checked per source line: anchors of `@/` links and of
//! same-page `#…` links against the ids of the page each reader gets, bundle files that
//! do not exist, images without alt text, and explicit `{#id}`s used twice in a file.
//! (A link to a page that does not exist is already an error of the render.)

use super::ids::Ids;
use crate::error::{Diagnostic, closest};
use crate::model::{PageRef, Site, Translation, url};
use crate::parse::front_matter::ContentType;
use crate::parse::markdown::options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::HashMap;

pub fn check(site: &Site, ids: &Ids, out: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let pages: Vec<PageRef> =
        (0..site.sections.len()).map(PageRef::Section).chain((0..site.items.len()).map(PageRef::Item)).collect();
    let found: Vec<Vec<Diagnostic>> = pages
        .par_iter()
        .map(|&page| {
            let mut out = Vec::new();
            let item = match page {
                PageRef::Item(i) => Some(&site.items[i]),
                PageRef::Section(_) => None,
            };
            if item.is_some_and(|i| i.content_type == ContentType::Scenario) {
                return out; // Fountain has no links
            }
            for t in site.translations(page).values() {
                let readers: Vec<&str> =
                    site.languages().filter(|r| site.pick(page, r).is_some_and(|p| std::ptr::eq(p, t))).collect();
                check_translation(site, ids, page, t, &readers, &mut out);
            }
            out
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

fn check_translation(
    site: &Site,
    ids: &Ids,
    page: PageRef,
    t: &Translation,
    readers: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    let text = match t.text() {
        Ok(text) => text,
        Err(d) => return out.push(d),
    };
    let at = |d: Diagnostic, offset: usize| d.at_offset(&text, t.body_offset + offset);
    let key = site.key(page);
    let files: Vec<&str> = match page {
        PageRef::Item(i) => site.items[i].files.iter().map(|f| f.name.as_str()).collect(),
        PageRef::Section(_) => Vec::new(),
    };
    let mut explicit: HashMap<String, usize> = HashMap::new();
    let mut image: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new_ext(t.body_of(&text), options()).into_offset_iter() {
        let offset = range.start;
        match &event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                if let Some(first) = explicit.insert(id.to_string(), offset) {
                    let (line, _) = crate::error::line_column(&text, t.body_offset + first);
                    out.push(
                        at(
                            Diagnostic::error(&t.path, format!("anchor `#{id}` is set twice (first on line {line})")),
                            offset,
                        )
                        .with_help("give each heading its own {#id}; links to it can only reach the first"),
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(d) = check_dest(site, ids, &key, &files, readers, t, dest_url) {
                    out.push(at(d, offset));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(d) = check_dest(site, ids, &key, &files, readers, t, dest_url) {
                    out.push(at(d, offset));
                }
                image = Some((dest_url.to_string(), offset, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, alt)) = &mut image {
                    alt.push_str(text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((dest, offset, alt)) = image.take() {
                    if alt.trim().is_empty() {
                        out.push(at(
                            Diagnostic::warning(&t.path, format!("image `{dest}` has no alt text")).with_help(
                                "describe the image between the brackets, e.g. ![A bus stop at night](photo.jpg): \
                                 screen readers read this text aloud",
                            ),
                            offset,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Problems with one link or image target, if any.
fn check_dest(
    site: &Site,
    ids: &Ids,
    key: &str,
    files: &[&str],
    readers: &[&str],
    t: &Translation,
    dest: &str,
) -> Option<Diagnostic> {
    if let Some(target) = dest.strip_prefix("@/") {
        let (path, anchor) = target.split_once('#')?;
        let path = path.trim_end_matches('/');
        let page = *site.index.get(path)?;
        return missing_anchor(site, ids, page, path, anchor, readers, t, dest);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        let page = *site.index.get(key)?;
        return missing_anchor(site, ids, page, key, anchor, readers, t, dest);
    }
    let external = dest.is_empty()
        || dest.starts_with('/')
        || dest.contains(':')
        || dest.starts_with("//")
        || dest.ends_with(".md")
        || dest.contains(".md#");
    if external {
        return None;
    }
    let name = dest.split(['#', '?']).next().unwrap_or(dest).trim_start_matches("./");
    if name.is_empty() || files.contains(&name) || files.contains(&name.replace("%20", " ").as_str()) {
        return None;
    }
    let mut d = Diagnostic::error(&t.path, format!("missing file `{name}`: it is not in this item's folder"));
    d = match closest(name, files.iter().copied()) {
        Some(near) => d.with_help(format!("did you mean `{near}`?")),
        None if files.is_empty() && key_is_section(site, key) => {
            d.with_help("files can only be linked from items (bundles); put the file in assets/ and link to it there")
        }
        None => d.with_help("put the file in the item's folder beside index.<lang>.md, or fix the name"),
    };
    Some(d)
}

fn key_is_section(site: &Site, key: &str) -> bool {
    site.section(key).is_some()
}

/// An error when `anchor` is not an id of `page` as some reader of `t` sees it.
#[allow(clippy::too_many_arguments)]
fn missing_anchor(
    site: &Site,
    ids: &Ids,
    page: PageRef,
    path: &str,
    anchor: &str,
    readers: &[&str],
    t: &Translation,
    dest: &str,
) -> Option<Diagnostic> {
    if anchor.is_empty() {
        return None;
    }
    let anchor = anchor.replace("%20", " ");
    let mut missing = Vec::new();
    let mut known: Vec<&str> = Vec::new();
    for reader in readers {
        if !site.shows(page, reader) {
            continue;
        }
        // Pages that failed to render have no entry: their errors are reported already.
        let Some(on_page) = ids.get(&url::page_path(reader, path)) else { continue };
        if !on_page.contains(&anchor) {
            missing.push(*reader);
            known.extend(on_page.iter());
        }
    }
    if missing.is_empty() {
        return None;
    }
    let what = if dest.starts_with('#') { "this page".to_owned() } else { format!("`@/{path}`") };
    let langs = if missing.len() == readers.len() { String::new() } else { format!(" in {}", missing.join(", ")) };
    let mut d = Diagnostic::error(&t.path, format!("broken anchor `{dest}`: {what} has no heading `#{anchor}`{langs}"));
    d = match closest(&anchor, known) {
        Some(near) => d.with_help(format!("did you mean `#{near}`?")),
        None => d.with_help(
            "anchors are heading ids: `## Where to get help` is `#where-to-get-help`, or set one with {#id}",
        ),
    };
    Some(d)
}
