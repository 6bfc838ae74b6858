//! Loads the site: discovers the sources, reads and parses each one once (in
//! parallel), checks what a file can be checked for on its own while its text is at
//! hand, assembles sections, items and the `@/` index, then runs the site-wide checks
//! ([`super::validate`]). Every problem of every file is collected and reported
//! together: a misspelt key and a broken link in two files come out in one run.

use super::source::{Context, read};
use super::{Item, PageRef, Section, Site, Translation};
use crate::config::SiteConfig;
use crate::discover::{self, SourceFile, SourceKind};
use crate::error::{Diagnostic, Result};
use crate::parse::front_matter::ContentType;
use crate::timings::Timings;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Loads the site at `root`: the site and every problem found (errors and warnings).
/// A site with errors is still whole: a file whose front matter cannot be read is in it
/// with its Markdown (so that its links are checked too), as a page titled by its slug.
/// Only a site with no `content/` folder cannot be loaded.
///
/// With `keep_texts` false every source's text is dropped as soon as it is parsed and
/// checked (see [`super::Text`]), so that loading a big site never holds all of it at once.
pub fn load(
    root: &Path,
    config: SiteConfig,
    drafts: bool,
    keep_texts: bool,
    timings: &Timings,
) -> Result<(Site, Vec<Diagnostic>)> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Diagnostic::error(&content_dir, "no content folder")
            .with_help("create content/_index.<lang>.md, or run `chyrak init`")
            .into());
    }
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let found = timings.time("discover", || discover::discover(&content_dir, &codes));
    let parse_start = Instant::now();
    let mut problems = found.problems;

    let mut files: HashMap<String, Vec<&str>> = HashMap::new();
    for f in &found.bundle_files {
        files.entry(key_of(&f.section, &f.slug)).or_default().push(f.name.as_str());
    }
    let keys: HashSet<String> = found.sources.iter().map(|s| key_of(&s.section, &s.slug)).collect();
    let has_key = |key: &str| keys.contains(key);
    let cx = Context { config: &config, files: &files, has_key: &has_key, keep_texts };

    let (indexes, others): (Vec<&SourceFile>, Vec<&SourceFile>) =
        found.sources.iter().partition(|s| s.kind == SourceKind::SectionIndex);
    let parsed: Vec<_> = indexes.par_iter().map(|s| read(s, ContentType::Page, true, &cx)).collect();
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (source, read) in indexes.iter().zip(parsed) {
        problems.extend(read.problems);
        let Some(t) = read.translation else { continue };
        if t.draft && !drafts {
            continue;
        }
        let section = sections.entry(source.section.clone()).or_insert_with(|| empty_section(&source.section));
        if let Some(ty) = t.declared_type {
            section.item_type = ty;
        }
        section.translations.insert(t.lang.clone(), t);
    }

    let item_types: HashMap<&str, ContentType> = sections.iter().map(|(k, s)| (k.as_str(), s.item_type)).collect();
    let default_type = |s: &SourceFile| item_types.get(s.section.as_str()).copied().unwrap_or_default();
    let parsed: Vec<_> = others.par_iter().map(|s| read(s, default_type(s), false, &cx)).collect();
    timings.add("parse", parse_start.elapsed());
    let model_start = Instant::now();
    let mut items: BTreeMap<(String, String), Item> = BTreeMap::new();
    let mut origins: HashMap<(String, String, String), PathBuf> = HashMap::new();
    for (source, read) in others.iter().zip(parsed) {
        problems.extend(read.problems);
        let Some(t) = read.translation else { continue };
        if t.draft && !drafts {
            continue;
        }
        let key = (source.section.clone(), source.slug.clone());
        if let Some(first) = origins.insert((key.0.clone(), key.1.clone(), t.lang.clone()), t.path.clone()) {
            problems.push(
                Diagnostic::error(&t.path, format!("duplicate page: `{}` also defines it", first.display()))
                    .with_help("rename one of them; slugs must be unique within a section"),
            );
            continue;
        }
        let ty = t.declared_type.unwrap_or(default_type(source));
        let item = items.entry(key).or_insert_with(|| Item {
            section: source.section.clone(),
            slug: source.slug.clone(),
            content_type: ty,
            translations: BTreeMap::new(),
            files: Vec::new(),
        });
        if item.content_type != ty {
            problems.push(Diagnostic::error(
                &t.path,
                format!("this translation is a {} but the others are a {}", ty.name(), item.content_type.name()),
            ));
        }
        item.translations.insert(t.lang.clone(), t);
    }
    for file in found.bundle_files {
        if let Some(item) = items.get_mut(&(file.section.clone(), file.slug.clone())) {
            item.files.push(file);
        }
    }

    // Every folder holding items is a section, even without an `_index`; and so is each parent.
    let mut paths: Vec<String> = items.values().map(|i| i.section.clone()).collect();
    paths.push(String::new());
    for path in paths {
        let mut p = path.as_str();
        loop {
            sections.entry(p.to_owned()).or_insert_with(|| empty_section(p));
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None if !p.is_empty() => p = "",
                None => break,
            }
        }
    }

    let first_lang = |translations: &BTreeMap<String, Translation>| {
        codes
            .iter()
            .find_map(|c| translations.get(*c))
            // News (with dates) come newest first; other items have none.
            .map(|t| {
                let date = t.content.date().map(str::to_owned);
                (t.order.unwrap_or(i64::MAX), std::cmp::Reverse(date), t.title.clone())
            })
    };
    let mut items: Vec<Item> = items.into_values().collect();
    items.sort_by_cached_key(|i| (i.section.clone(), first_lang(&i.translations), i.slug.clone()));

    let mut sections: Vec<Section> = sections.into_values().collect();
    let position: HashMap<String, usize> = sections.iter().enumerate().map(|(i, s)| (s.path.clone(), i)).collect();
    for (i, item) in items.iter().enumerate() {
        sections[position[&item.section]].items.push(i);
    }
    type SortKey = (Option<(i64, std::cmp::Reverse<Option<String>>, String)>, String);
    let mut children: Vec<(usize, SortKey)> = sections
        .iter()
        .filter(|s| !s.path.is_empty())
        .map(|s| {
            let parent = s.path.rfind('/').map_or("", |i| &s.path[..i]);
            (position[parent], (first_lang(&s.translations), s.path.clone()))
        })
        .collect();
    children.sort();
    for (parent, (_, path)) in children {
        sections[parent].subsections.push(path);
    }

    let mut index = HashMap::new();
    for (i, s) in sections.iter().enumerate() {
        index.insert(s.path.clone(), PageRef::Section(i));
    }
    for (i, item) in items.iter().enumerate() {
        if let Some(PageRef::Section(_)) = index.insert(item.key(), PageRef::Item(i)) {
            let t = item.translations.values().next().expect("item has a translation");
            problems.push(
                Diagnostic::error(&t.path, format!("`@/{}` is both a section and an item", item.key()))
                    .with_help("rename the item or the folder"),
            );
        }
    }
    let site = Site { config, root: root.to_owned(), sections, items, index };
    super::validate::site(&site, &mut problems);
    timings.add("model", model_start.elapsed());
    Ok((site, problems))
}

pub(super) fn key_of(section: &str, slug: &str) -> String {
    match (section.is_empty(), slug.is_empty()) {
        (_, true) => section.to_owned(),
        (true, false) => slug.to_owned(),
        (false, false) => format!("{section}/{slug}"),
    }
}

fn empty_section(path: &str) -> Section {
    Section {
        path: path.to_owned(),
        translations: BTreeMap::new(),
        item_type: ContentType::Page,
        items: Vec::new(),
        subsections: Vec::new(),
    }
}

/// A source read again: its page, its new translation and its warnings.
pub type Reloaded = (PageRef, Translation, Vec<Diagnostic>);

/// Reads one source of `site` again (the preview server, after an edit), with the same
/// checks as [`load`] and the page's own links checked: the page it is a translation
/// of, and its new translation with its warnings. `None` when the file is not yet a
/// translation of the site (the site must then be loaded again).
pub fn reload(site: &Site, path: &Path, keep_text: bool) -> std::result::Result<Option<Reloaded>, Vec<Diagnostic>> {
    reload_with(site, path, keep_text, None)
}

/// [`reload`] of a text that is not (yet) the file's: a draft of the preview's poster
/// editor, checked by the loader's own rules before anything is written.
pub fn reload_draft(site: &Site, path: &Path, text: String) -> std::result::Result<Option<Reloaded>, Vec<Diagnostic>> {
    reload_with(site, path, true, Some(text))
}

fn reload_with(
    site: &Site,
    path: &Path,
    keep_text: bool,
    text: Option<String>,
) -> std::result::Result<Option<Reloaded>, Vec<Diagnostic>> {
    let Some((page, lang)) = site.translation_at(path).map(|(page, t)| (page, t.lang.clone())) else {
        return Ok(None);
    };
    let (kind, section, slug, default_type) = match page {
        PageRef::Section(i) => {
            (SourceKind::SectionIndex, site.sections[i].path.clone(), String::new(), ContentType::Page)
        }
        PageRef::Item(i) => {
            let item = &site.items[i];
            let bundle = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("index."));
            let kind = if bundle { SourceKind::Bundle } else { SourceKind::Single };
            (kind, item.section.clone(), item.slug.clone(), item.content_type)
        }
    };
    let source = SourceFile { path: path.to_owned(), kind, section, slug, lang };
    let mut files = HashMap::new();
    if let PageRef::Item(i) = page {
        files.insert(site.key(page), site.items[i].files.iter().map(|f| f.name.as_str()).collect());
    }
    // The site's index, not a copy of its keys: a copy cost milliseconds per edit at
    // 10,000 pages.
    let has_key = |key: &str| site.index.contains_key(key);
    let cx = Context { config: &site.config, files: &files, has_key: &has_key, keep_texts: keep_text };
    let section_index = kind == SourceKind::SectionIndex;
    let read = match text {
        Some(text) => super::source::read_given(&source, text, default_type, section_index, &cx),
        None => read(&source, default_type, section_index, &cx),
    };
    let mut problems = read.problems;
    let Some(t) = read.translation else { return Err(problems) };
    super::validate::translation(site, page, &t, &mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(Some((page, t, problems)))
}
