//! Lessons by topic, the way in without JavaScript: the search page lists each
//! language's topics (from the lessons' `topics`) with their first lessons, and every
//! topic has its own page at `<lang>/topics/<slug>/` listing all of its lessons, over
//! several pages like a long section (`[sections] per_page`). (The search page once
//! listed every lesson under every topic: 14 MB at 100,000 pages.)

use super::sw::Entries;
use crate::error::Result;
use crate::hash::fingerprint;
use crate::model::{PageRef, Site};
use crate::output::Sink;
use crate::output::layout::{self, list_page_path};
use crate::parse::front_matter::ContentType;
use crate::parse::markdown::slugify;
use crate::render::Inputs;
use crate::render::generated::{self, Generated};
use crate::render::language::Language;
use crate::render::views::paginator_view;
use rayon::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

/// Lessons the search page shows under each topic before linking to its page.
const PREVIEW: usize = 5;

/// A topic and the lessons that have it, in site order.
pub struct Topic<'a> {
    /// As the first lesson that has it writes it.
    pub name: String,
    pub slug: String,
    pub lessons: Vec<Lesson<'a>>,
}

/// A lesson listed under a topic.
pub struct Lesson<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    /// Output path of the lesson's page.
    pub path: String,
    /// Language of the text when it is a fallback.
    pub text_lang: Option<&'a str>,
}

/// The topics of the lessons `lang` shows, by slug (topics that differ only in case,
/// punctuation or `ё` are one).
pub fn topics<'a>(site: &'a Site, lang: &str) -> Vec<Topic<'a>> {
    let mut by_slug: BTreeMap<String, Topic> = BTreeMap::new();
    for (i, item) in site.items.iter().enumerate() {
        if item.content_type != ContentType::Lesson {
            continue;
        }
        let Some(t) = site.pick(PageRef::Item(i), lang) else { continue };
        let path = layout::page_path(lang, &item.key());
        let topics = t.content.lesson().map_or(&[][..], |l| &l.topics);
        for name in topics {
            let slug = slugify(&super::search::fold(name.trim()));
            if slug.is_empty() {
                continue;
            }
            let topic = by_slug.entry(slug.clone()).or_insert_with(|| Topic {
                name: name.trim().to_owned(),
                slug,
                lessons: Vec::new(),
            });
            topic.lessons.push(Lesson {
                title: &t.title,
                summary: t.summary.as_deref().unwrap_or(""),
                path: path.clone(),
                text_lang: (t.lang != lang).then_some(t.lang.as_str()),
            });
        }
    }
    by_slug.into_values().collect()
}

fn lesson_json(l: &Lesson, from: &str) -> serde_json::Value {
    json!({ "title": l.title, "summary": l.summary, "url": layout::relative(from, &l.path), "lang": l.text_lang })
}

/// What the search page shows of the topics: each with its count, first lessons and
/// page, as links from `from` (the search page).
pub fn preview(
    topics: &[Topic],
    language: &Language,
    strings: &crate::render::i18n::Strings,
    from: &str,
) -> serde_json::Value {
    let lang = language.code;
    topics
        .iter()
        .map(|t| {
            json!({
                "topic": t.name,
                "url": layout::relative(from, &list_page_path(lang, &layout::topic_key(&t.slug), 1)),
                "count": strings.plural("lesson_count", t.lessons.len() as i64),
                "more": t.lessons.len() > PREVIEW,
                "lessons": t.lessons.iter().take(PREVIEW).map(|l| lesson_json(l, from)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// Writes the pages of every topic of `language`, in parallel, adding them to the
/// offline lists.
pub fn write(
    inputs: &Inputs,
    language: &Language,
    topics: &[Topic],
    sink: &dyn Sink,
    entries: &mut Entries,
) -> Result<()> {
    let lang = language.code;
    let strings = inputs.theme.catalog.get(lang);
    let sections = &inputs.site.config.sections;
    let pages: Vec<(&Topic, usize)> =
        topics.iter().flat_map(|t| (1..=sections.pages(t.lessons.len())).map(move |n| (t, n))).collect();
    let written: Vec<Result<(String, String, u64)>> = pages
        .par_iter()
        .map(|&(topic, number)| {
            let key = layout::topic_key(&topic.slug);
            let pages = sections.pages(topic.lessons.len());
            let range = sections.page_range(topic.lessons.len(), number);
            let from = list_page_path(lang, &key, number);
            // Topics are each language's own: the switcher leads to the other
            // languages' search pages, which list theirs.
            let path_of = |l: &str| if l == lang { from.clone() } else { layout::search_page(l) };
            let extra = json!({
                "count": strings.plural("lesson_count", topic.lessons.len() as i64),
                "first_number": range.start + 1,
                "lessons": topic.lessons[range].iter().map(|l| lesson_json(l, &from)).collect::<Vec<_>>(),
                "search_url": layout::relative(&from, &layout::search_page(lang)),
            });
            let paginator = (pages > 1).then(|| paginator_view(&language.ui, lang, &key, &from, number, pages));
            let html = generated::generated(
                inputs,
                language,
                Generated {
                    key: "topic",
                    title: Some(&topic.name),
                    path_of: &path_of,
                    template: "topic.html",
                    extra,
                    paginator,
                },
            )?;
            sink.write(&from, html.as_bytes())?;
            Ok((from, fingerprint(html.as_bytes()), html.len() as u64))
        })
        .collect();
    for w in written {
        let (path, hash, size) = w?;
        entries.add(lang, &path, hash, size);
    }
    Ok(())
}
