//! Reads and parses every source (in parallel) and assembles the [`Site`].

use super::{Item, PageRef, Section, Site, Translation};
use crate::config::SiteConfig;
use crate::discover::{self, SourceFile, SourceKind};
use crate::error::{Diagnostic, Error, Result};
use crate::parse::front_matter::{self, ContentType, FrontMatter};
use crate::timings::Timings;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Sources larger than this are refused: Markdown this big is a mistake, not a lesson.
const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// Loads the site at `root`. Returns the site and its warnings, or every error found.
///
/// With `keep_texts` false every source's text is dropped as soon as it is parsed (see
/// [`super::Text`]), so that loading a big site never holds all of it at once.
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

    let (indexes, others): (Vec<SourceFile>, Vec<SourceFile>) =
        found.sources.into_iter().partition(|s| s.kind == SourceKind::SectionIndex);

    let parsed_indexes: Vec<_> = indexes.par_iter().map(|s| read(s, ContentType::Page, true, keep_texts)).collect();
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (source, result) in indexes.iter().zip(parsed_indexes) {
        match result {
            Ok(t) => {
                if t.meta.draft && !drafts {
                    continue;
                }
                let section = sections.entry(source.section.clone()).or_insert_with(|| empty_section(&source.section));
                if let Some(ty) = t.meta.content_type {
                    section.item_type = ty;
                }
                section.translations.insert(t.lang.clone(), t);
            }
            Err(mut d) => problems.append(&mut d),
        }
    }

    let item_types: HashMap<&str, ContentType> = sections.iter().map(|(k, s)| (k.as_str(), s.item_type)).collect();
    let parsed: Vec<_> = others
        .par_iter()
        .map(|s| read(s, item_types.get(s.section.as_str()).copied().unwrap_or_default(), false, keep_texts))
        .collect();
    timings.add("parse", parse_start.elapsed());
    let model_start = Instant::now();
    let mut items: BTreeMap<(String, String), Item> = BTreeMap::new();
    let mut origins: HashMap<(String, String, String), PathBuf> = HashMap::new();
    for (source, result) in others.iter().zip(parsed) {
        let t = match result {
            Ok(t) => t,
            Err(mut d) => {
                problems.append(&mut d);
                continue;
            }
        };
        if t.meta.draft && !drafts {
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
        let default_type = item_types.get(source.section.as_str()).copied().unwrap_or_default();
        let ty = t.meta.content_type.unwrap_or(default_type);
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
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(problems));
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
            .map(|t| (t.meta.order.unwrap_or(i64::MAX), std::cmp::Reverse(t.meta.date.clone()), t.meta.title.clone()))
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
    // Where to report a clash of `@/key`: its first translation, else its folder.
    let at = |key: &str, t: Option<&Translation>| t.map_or_else(|| root.join("content").join(key), |t| t.path.clone());
    // A long list goes on at `<section>/page/2/`: a child called `page` would share
    // its address.
    let per_page = config.sections.per_page;
    for s in sections.iter().filter(|s| config.sections.pages(s.items.len()) > 1) {
        let reserved = |key: &str| key.rsplit('/').next() == Some("page");
        let clash = s.items.iter().map(|&i| (items[i].key(), items[i].translations.values().next()));
        let clash =
            clash.chain(s.subsections.iter().map(|p| (p.clone(), sections[position[p]].translations.values().next())));
        for (key, t) in clash.filter(|(key, _)| reserved(key)) {
            problems.push(
                Diagnostic::error(at(&key, t), format!("`@/{key}`: `page` is the address of the later pages of `{}`'s list", s.path))
                    .with_help(format!("rename it, or list every item on one page with `[sections] per_page = 0` (the section has {} items, more than {per_page})", s.items.len())),
            );
        }
    }
    // Each language's folder also holds pages the generator makes.
    for (key, t) in sections
        .iter()
        .map(|s| (s.path.clone(), s.translations.values().next()))
        .chain(items.iter().map(|i| (i.key(), i.translations.values().next())))
        .filter(|(key, _)| GENERATED.contains(&key.as_str()))
    {
        problems.push(
            Diagnostic::error(at(&key, t), format!("`@/{key}` would have the address of the generated {key} pages"))
                .with_help(format!("rename it: {} are the generator's own", GENERATED.join(", "))),
        );
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(problems));
    }
    let site = Site {
        config,
        root: root.to_owned(),
        sections,
        items,
        index,
        pdfs: BTreeMap::new(),
        images: Default::default(),
    };
    timings.add("model", model_start.elapsed());
    Ok((site, problems))
}

/// Top-level names of the pages the generator makes in each language: search,
/// safety, print pages and topics.
const GENERATED: [&str; 4] = ["search", "safety", "print", "topics"];

fn empty_section(path: &str) -> Section {
    Section {
        path: path.to_owned(),
        translations: BTreeMap::new(),
        item_type: ContentType::Page,
        items: Vec::new(),
        subsections: Vec::new(),
    }
}

/// Reads one source and parses its front matter. When the text is not kept it is read
/// into a buffer each thread reuses: a build of a big site then allocates no text at
/// all while loading, and leaves no holes between the front matters it keeps.
fn read(
    source: &SourceFile,
    default_type: ContentType,
    section_index: bool,
    keep_text: bool,
) -> Result<Translation, Vec<Diagnostic>> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let path = &source.path;
    let parse = |text: &str| -> Result<(FrontMatter, usize, bool), Vec<Diagnostic>> {
        let split = front_matter::split(path, text).map_err(|d| vec![d])?;
        let meta = front_matter::parse(path, text, &split, default_type, section_index)?;
        let has_handouts = crate::parse::handout::marks_handout(&text[split.body_offset..]);
        Ok((meta, split.body_offset, has_handouts))
    };
    let (text, (meta, body_offset, has_handouts)) = if keep_text {
        let text = read_text(path).map_err(|d| vec![d])?;
        let parsed = parse(&text)?;
        (super::Text::Kept(text), parsed)
    } else {
        BUFFER.with(|buf| {
            let mut buf = buf.borrow_mut();
            read_into(path, &mut buf).map_err(|d| vec![d])?;
            let text = utf8(path, &buf).map_err(|d| vec![d])?;
            let parsed = parse(text)?;
            Ok::<_, Vec<Diagnostic>>((super::Text::on_disk(text), parsed))
        })?
    };
    Ok(Translation { path: path.clone(), lang: source.lang.clone(), source: text, body_offset, meta, has_handouts })
}

/// Reads a text file, refusing huge files and reporting invalid UTF-8 with its line.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let mut bytes = Vec::new();
    read_into(path, &mut bytes)?;
    utf8(path, &bytes)?;
    // SAFETY: `utf8` has just checked that `bytes` is valid UTF-8. (Checking again with
    // `String::from_utf8` doubled the cost of every read of a source.)
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Reads a file into `buf` (cleared first), refusing huge files.
fn read_into(path: &Path, buf: &mut Vec<u8>) -> Result<(), Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Diagnostic::error(path, format!("cannot read: {e}"));
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_SOURCE_BYTES {
        return Err(Diagnostic::error(path, format!("file is too large ({len} bytes)"))
            .with_help(format!("Markdown sources are limited to {} MiB; split it", MAX_SOURCE_BYTES / 1024 / 1024)));
    }
    buf.clear();
    file.read_to_end(buf).map_err(cannot)?;
    Ok(())
}

/// `bytes` as text, or an error naming the line and column of the first invalid byte.
/// Valid text is checked with SIMD (sources are read several times per build, and
/// the standard check was a tenth of a build's time on Cyrillic text); only invalid
/// text is checked again by the standard library, to find where it breaks.
fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let before = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
        let (line, column) = crate::error::line_column(&before, before.len());
        let mut d = Diagnostic::error(path, "file is not valid UTF-8 text")
            .with_help("save the file as UTF-8 (binary files belong in a bundle folder, not as .md)");
        d.line = Some(line);
        d.column = Some(column);
        d
    })
}
