//! One source file, read: its text (kept or not), its front matter typed for its
//! content type, its Markdown parsed once and checked for what needs no other page
//! ([`super::check`]). Used by the loader for every file and by the preview server
//! for a file that changed.

use super::check::Check;
use super::content::{Content, Problem};
use super::text::{self, Text};
use super::{Field, Translation};
use crate::config::SiteConfig;
use crate::discover::{SourceFile, SourceKind};
use crate::error::Diagnostic;
use crate::parse::front_matter::{self, ContentType, FrontMatter};
use crate::parse::markdown::SourceRef;
use std::collections::HashMap;

/// What reading a source needs to know about the rest of the site.
pub struct Context<'a> {
    pub config: &'a SiteConfig,
    /// The file names of each bundle, by its item's `@/` path.
    pub files: &'a HashMap<String, Vec<&'a str>>,
    /// Whether an `@/` path is a source's, for suggesting `@/` links.
    pub has_key: &'a (dyn Fn(&str) -> bool + Sync),
    pub keep_texts: bool,
}

/// One source, read: its translation (when its front matter could be read) and every
/// problem found in it.
pub struct Read {
    pub translation: Option<Translation>,
    pub problems: Vec<Diagnostic>,
}

/// Reads one source, parses its front matter and Markdown and checks everything that
/// needs no other page. When the text is not kept it is read into a buffer each
/// thread reuses: a build of a big site then allocates no text at all while loading.
pub fn read(source: &SourceFile, default_type: ContentType, section_index: bool, cx: &Context) -> Read {
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

/// [`read`] of `text` given instead of the file's, kept.
pub fn read_given(
    source: &SourceFile,
    text: String,
    default_type: ContentType,
    section_index: bool,
    cx: &Context,
) -> Read {
    let mut read = parse(source, &text, default_type, section_index, cx);
    if let Some(t) = &mut read.translation {
        t.source = Text::Kept(text);
    }
    read
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
    let key = super::load::key_of(&source.section, &source.slug);
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
