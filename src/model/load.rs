//! Loads the site: discovers the sources, reads and parses each one once (in
//! parallel), checks what a file can be checked for on its own while its text is at
//! hand, assembles sections, items and the `@/` index, then runs the site-wide checks
//! ([`super::validate`]). Every problem of every file is collected and reported
//! together: a misspelt key and a broken link in two files come out in one run.

use super::content::{Content, Problem};
use super::text::{self, Text};
use super::{Field, Item, PageLink, PageRef, Section, Site, Translation};
use crate::config::SiteConfig;
use crate::discover::{self, SourceFile, SourceKind};
use crate::error::{Diagnostic, Error, Result, closest};
use crate::parse::front_matter::{self, ContentType, FrontMatter};
use crate::parse::link::{self, Dest};
use crate::parse::markdown::{self, SourceRef};
use crate::timings::Timings;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Loads the site at `root`. Returns the site and its warnings, or every problem found.
///
/// With `keep_texts` false every source's text is dropped as soon as it is parsed and
/// checked (see [`Text`]), so that loading a big site never holds all of it at once.
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
    let cx = Context { config: &config, files: &files, keys: &keys, keep_texts };

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
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(problems));
    }
    Ok((site, problems))
}

fn key_of(section: &str, slug: &str) -> String {
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

/// What reading a source needs to know about the rest of the site.
struct Context<'a> {
    config: &'a SiteConfig,
    /// The file names of each bundle, by its item's `@/` path.
    files: &'a HashMap<String, Vec<&'a str>>,
    /// The `@/` path of every source found, for suggesting `@/` links.
    keys: &'a HashSet<String>,
    keep_texts: bool,
}

/// One source, read: its translation (when its front matter could be read) and every
/// problem found in it.
struct Read {
    translation: Option<Translation>,
    problems: Vec<Diagnostic>,
}

/// Reads one source, parses its front matter and Markdown and checks everything that
/// needs no other page. When the text is not kept it is read into a buffer each
/// thread reuses: a build of a big site then allocates no text at all while loading.
fn read(source: &SourceFile, default_type: ContentType, section_index: bool, cx: &Context) -> Read {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let failed = |d: Diagnostic| Read { translation: None, problems: vec![d] };
    if cx.keep_texts {
        match text::read_text(&source.path) {
            Ok(text) => {
                let mut read = parse(source, &text, default_type, section_index, cx);
                if let Some(t) = &mut read.translation {
                    t.source = Text::Kept(text);
                }
                read
            }
            Err(d) => failed(d),
        }
    } else {
        BUFFER.with(|buf| {
            let mut buf = buf.borrow_mut();
            if let Err(d) = text::read_into(&source.path, &mut buf) {
                return failed(d);
            }
            match text::utf8(&source.path, &buf) {
                Ok(text) => parse(source, text, default_type, section_index, cx),
                Err(d) => failed(d),
            }
        })
    }
}

/// Parses and checks the text of one source.
fn parse(source: &SourceFile, text: &str, default_type: ContentType, section_index: bool, cx: &Context) -> Read {
    let path = &source.path;
    let split = match front_matter::split(path, text) {
        Ok(split) => split,
        Err(d) => return Read { translation: None, problems: vec![d] },
    };
    let mut problems = Vec::new();
    let (fm, readable) = match front_matter::parse(path, text, &split, default_type, section_index) {
        Ok(fm) => (fm, true),
        Err(mut p) => {
            problems.append(&mut p);
            // The rest of the file is still checked, so that one run reports
            // everything; a section's `type` is still read, so that its items are
            // not checked against the wrong type.
            let declared = toml::from_str::<toml::Table>(split.front_matter).ok().and_then(|t| {
                t.get("type").and_then(|v| v.as_str()).and_then(|s| toml::Value::from(s).try_into().ok())
            });
            (FrontMatter { content_type: declared, title: source.slug.clone(), ..Default::default() }, false)
        }
    };
    let ty = if section_index { ContentType::Page } else { fm.content_type.unwrap_or(default_type) };
    let key = key_of(&source.section, &source.slug);
    let files: &[&str] = if source.kind == SourceKind::Bundle { cx.files.get(&key).map_or(&[], |f| f) } else { &[] };
    let check = Check { path, text, source, files, cx, section_index };
    let mut links = Vec::new();
    let mut used = Vec::new();
    let mut handouts = Vec::new();
    let mut headings = Vec::new();
    if ty != ContentType::Scenario {
        let src = SourceRef { path, file: text, body_offset: split.body_offset };
        let prepared = check.markdown(&src, Field::Body, &mut links, &mut used, &mut problems);
        handouts = prepared.handout_titles().map(str::to_owned).collect();
        headings = prepared.headings;
    }
    for (field, md) in [(Field::Preparation, &fm.preparation), (Field::TeacherNotes, &fm.teacher_notes)] {
        if let Some(md) = md {
            let src = SourceRef { path, file: md, body_offset: 0 };
            let mut found = Vec::new();
            check.markdown(&src, field, &mut links, &mut used, &mut found);
            let key = field.key().unwrap_or_default();
            problems.extend(found.into_iter().map(|mut d| {
                d.message = format!("in `{key}`: {}", d.message);
                d.line = None;
                d.column = None;
                d.source_line = None;
                d.at_key(text, key)
            }));
        }
    }
    let mut value_problems: Vec<Problem> = Vec::new();
    let title = fm.title.clone();
    let mut t = Translation {
        path: path.clone(),
        lang: source.lang.clone(),
        source: Text::on_disk(text),
        body_offset: split.body_offset,
        summary: fm.summary.clone(),
        order: fm.order,
        draft: fm.draft,
        declared_type: fm.content_type,
        review: fm.review.clone(),
        source_hash: fm.source_hash.clone(),
        title,
        content: Content::Page,
        links: Vec::new(),
        handouts,
        files: Vec::new(),
    };
    t.content = Content::new(ty, fm, &mut value_problems);
    for (key, message, help) in value_problems {
        let d = Diagnostic::error(path, message).with_help(help);
        problems.push(match key {
            "background" | "text" | "accent" => d.at_subkey(text, "colors", key),
            _ => d.at_key(text, key),
        });
    }
    if readable {
        match &t.content {
            Content::Lesson(_) => check.lesson(&t, &headings, &mut problems),
            Content::Poster(_) => check.poster(&t, &mut links, &mut used, &mut problems),
            _ => {}
        }
    }
    t.links = links;
    used.sort();
    used.dedup();
    t.files = used;
    Read { translation: Some(t), problems }
}

/// The checks of one source that need no other page.
struct Check<'a> {
    path: &'a Path,
    /// The whole file.
    text: &'a str,
    source: &'a SourceFile,
    /// The names of the files of its bundle.
    files: &'a [&'a str],
    cx: &'a Context<'a>,
    section_index: bool,
}

impl Check<'_> {
    /// Parses Markdown once and checks it: ids, activities and handout markers; links
    /// and images to files of the bundle; contact shortcuts; alt text. Links to pages
    /// go into `links`, for the site-wide checks.
    fn markdown<'a>(
        &self,
        src: &'a SourceRef<'a>,
        field: Field,
        links: &mut Vec<PageLink>,
        used: &mut Vec<String>,
        problems: &mut Vec<Diagnostic>,
    ) -> markdown::Prepared<'a> {
        let body = &src.file[src.body_offset..];
        let (prepared, mut found) = markdown::prepare(src, markdown::parse(body));
        problems.append(&mut found);
        let at = |d: Diagnostic, offset: usize| d.at_offset(src.file, src.body_offset + offset);
        for target in prepared.targets() {
            let offset = target.offset;
            match link::dest(&target.dest) {
                Dest::Page { path, anchor } => links.push(PageLink {
                    offset: offset as u32,
                    field,
                    path: Some(path.into()),
                    anchor: anchor.filter(|a| !a.is_empty()).map(Into::into),
                }),
                Dest::Anchor(anchor) if !anchor.is_empty() => {
                    links.push(PageLink { offset: offset as u32, field, path: None, anchor: Some(anchor.into()) })
                }
                Dest::File { name, .. } => match self.missing_file(name) {
                    Some(d) => problems.push(at(d, offset)),
                    None => used.push(link::file_name(name).into_owned()),
                },
                Dest::Markdown => problems.push(at(
                    Diagnostic::error(self.path, format!("link to Markdown file `{}`", target.dest))
                        .with_help("link to pages with @/section/slug instead of file names"),
                    offset,
                )),
                Dest::Anchor(_) | Dest::Other => {}
            }
            if target.alt.as_deref().is_some_and(|alt| alt.trim().is_empty()) {
                problems.push(at(
                    Diagnostic::warning(self.path, format!("image `{}` has no alt text", target.dest)).with_help(
                        "describe the image between the brackets, e.g. ![A bus stop at night](photo.jpg): \
                         screen readers read this text aloud",
                    ),
                    offset,
                ));
            }
        }
        for (offset, id) in prepared.contacts() {
            if self.cx.config.contact(&id).is_none() {
                let ids = self.cx.config.contacts.iter().map(|c| c.id.as_str());
                let message = match closest(&id, ids) {
                    Some(near) => format!("no contact `{id}` (did you mean `{near}`?)"),
                    None => format!("no contact `{id}`"),
                };
                problems.push(at(
                    Diagnostic::error(self.path, message)
                        .with_help("contacts are the [[contacts]] of site.toml, by `id`"),
                    offset,
                ));
            }
        }
        prepared
    }

    /// An error when a link names a file that is not in the bundle.
    fn missing_file(&self, name: &str) -> Option<Diagnostic> {
        let name = link::file_name(name);
        if self.files.contains(&name.as_ref()) {
            return None;
        }
        let d = Diagnostic::error(self.path, format!("missing file `{name}`: it is not in this item's folder"));
        Some(if let Some(key) = self.page_at(&name) {
            d.with_help(format!("this is a link to a page: write it `@/{key}`"))
        } else if let Some(near) = closest(&name, self.files.iter().copied()) {
            d.with_help(format!("did you mean `{near}`?"))
        } else if self.section_index {
            d.with_help("files can only be linked from items (bundles); put the file in assets/ and link to it there")
        } else {
            d.with_help("put the file in the item's folder beside index.<lang>.md, or fix the name")
        })
    }

    /// The `@/` path of the page a relative link (`../first-lesson/`) names, if any.
    fn page_at(&self, name: &str) -> Option<String> {
        let dir = match self.source.kind {
            SourceKind::Bundle => key_of(&self.source.section, &self.source.slug),
            _ => self.source.section.clone(),
        };
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for part in name.split('/') {
            match part {
                "" | "." | "index.html" => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
        let key = parts.join("/");
        self.cx.keys.contains(&key).then_some(key)
    }

    /// A lesson's activities add up to its duration; the handouts it lists are marked.
    fn lesson(&self, t: &Translation, headings: &[markdown::Heading], problems: &mut Vec<Diagnostic>) {
        let Some(lesson) = t.content.lesson() else { return };
        let timed: Vec<u32> = headings.iter().filter_map(|h| h.minutes).collect();
        if let (Some(duration), false) = (lesson.duration, timed.is_empty()) {
            let sum: u32 = timed.iter().sum();
            if sum != duration {
                problems.push(
                    Diagnostic::warning(
                        self.path,
                        format!(
                            "lesson \"{}\": activities add up to {sum} minutes but `duration` is {duration}",
                            t.title
                        ),
                    )
                    .at_key(self.text, "duration")
                    .with_help("adjust the {minutes=N} of the activities or the lesson's `duration`"),
                );
            }
        }
        let marked: HashSet<String> = t.handouts.iter().map(|h| normalise(h)).collect();
        for listed in lesson.handouts.iter().filter(|h| !marked.contains(&normalise(h))) {
            problems.push(
                Diagnostic::warning(self.path, format!("the lesson lists the handout \"{listed}\" but its text marks none by that title"))
                    .at_key(self.text, "handouts")
                    .with_help(format!("mark it in the text: a paragraph `::: handout {listed}`, the handout, then `:::`; the handouts page prints each on its own A4 page")),
            );
        }
    }

    /// A poster's contact, image and QR target.
    fn poster(
        &self,
        t: &Translation,
        links: &mut Vec<PageLink>,
        used: &mut Vec<String>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let Some(p) = t.content.poster() else { return };
        let config = self.cx.config;
        if let Some(id) = p.contact.as_deref().filter(|id| config.contact(id).is_none()) {
            problems.push(
                Diagnostic::error(self.path, format!("poster contact `{id}` is not in site.toml's contacts"))
                    .at_key(self.text, "contact")
                    .with_help("add a [[contacts]] entry with this id, or fix the id"),
            );
        }
        if let Some(name) = p.image.as_deref() {
            let place = |d: Diagnostic| d.at_key(self.text, "image");
            if !self.files.contains(&name) {
                let d = Diagnostic::error(
                    self.path,
                    format!("missing file `{name}`: the poster's `image` is not in its folder"),
                );
                problems.push(place(match closest(name, self.files.iter().copied()) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help("put the image beside the poster's index.<lang>.md"),
                }));
            } else {
                // Its pixels are read with the other images (`assets::images`), which
                // refuse a damaged or hostile file naming it.
                used.push(name.to_owned());
                if !discover::is_raster(name) {
                    problems.push(place(
                        Diagnostic::error(self.path, format!("poster image `{name}` is not a PNG or JPEG file"))
                            .with_help("save it as PNG or JPEG: the preview and the print shop both need one of those"),
                    ));
                }
                if p.image_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    problems.push(place(
                        Diagnostic::warning(self.path, format!("poster image `{name}` has no `image_alt`"))
                            .with_help("describe the image in `image_alt = \"…\"`: screen readers read it aloud"),
                    ));
                }
            }
        }
        if let Some(target) = p.qr.as_deref() {
            match link::dest(target) {
                Dest::Page { path, anchor } => links.push(PageLink {
                    offset: 0,
                    field: Field::Qr,
                    path: Some(path.into()),
                    anchor: anchor.filter(|a| !a.is_empty()).map(Into::into),
                }),
                Dest::Other if target.contains(':') => {}
                _ => problems.push(
                    Diagnostic::error(self.path, format!("poster `qr` target `{target}` is neither a page nor an address"))
                        .at_key(self.text, "qr")
                        .with_help("write a page of the site, `@/lessons/01-what-is-trafficking`, or a full address, `https://…`, `tel:+996…`"),
                ),
            }
        }
    }
}

/// A handout title as compared: spaces collapsed, case ignored.
fn normalise(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A source read again: its page, its new translation and its warnings.
pub type Reloaded = (PageRef, Translation, Vec<Diagnostic>);

/// Reads one source of `site` again (the preview server, after an edit), with the same
/// checks as [`load`] and the page's own links checked: the page it is a translation
/// of, and its new translation with its warnings. `None` when the file is not yet a
/// translation of the site (the site must then be loaded again).
pub fn reload(site: &Site, path: &Path, keep_text: bool) -> std::result::Result<Option<Reloaded>, Vec<Diagnostic>> {
    let found = site.sections.iter().enumerate().map(|(i, s)| (PageRef::Section(i), &s.translations));
    let found = found.chain(site.items.iter().enumerate().map(|(i, it)| (PageRef::Item(i), &it.translations)));
    let Some((page, lang)) = found
        .flat_map(|(page, ts)| ts.iter().map(move |(lang, t)| (page, lang, t)))
        .find(|(_, _, t)| t.path == path)
        .map(|(page, lang, _)| (page, lang.clone()))
    else {
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
    let keys: HashSet<String> = site.index.keys().cloned().collect();
    let cx = Context { config: &site.config, files: &files, keys: &keys, keep_texts: keep_text };
    let read = read(&source, default_type, kind == SourceKind::SectionIndex, &cx);
    let mut problems = read.problems;
    let Some(t) = read.translation else { return Err(problems) };
    super::validate::translation(site, page, &t, &mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(Some((page, t, problems)))
}
