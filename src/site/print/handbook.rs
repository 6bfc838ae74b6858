//! The handbook of one language: a cover, a table of contents and every lesson on new
//! pages, with the lesson's title as a running header (one named `@page` per lesson,
//! because Chromium has no `string-set`) and page numbers in the footer.
//!
//! The page around the lessons comes from `print/handbook.html`, which must output
//! `{{ lesson_articles | safe }}` exactly once: [`frame`] renders it and splits it
//! there, and the lessons' articles (each rendered with its web page) are written in
//! between as they come, so that a handbook of thousands of lessons is never in memory
//! whole.
//!
//! Chromium has no `target-counter()` either, so the contents have empty page-number
//! slots (`data-toc-page`) of a fixed width; `chyrak pdf` fills them in a second pass
//! from the first PDF's outline.

use crate::error::{Diagnostic, Result};
use crate::model::PageRef;
use crate::output::Sink;
use crate::render::Inputs;
use crate::render::print::{Base, anchor, css_string};
use serde::Serialize;

#[derive(Serialize)]
struct TocEntry<'a> {
    number: usize,
    title: &'a str,
    anchor: String,
    /// The title's language and direction when it is not the handbook's (a lesson
    /// printed by fallback).
    title_lang: Option<&'a str>,
    title_dir: &'static str,
}

/// Where `print/handbook.html` puts the lessons (`{{ lesson_articles | safe }}`).
const ARTICLES: &str = "<!--chyrak:lesson-articles-->";

/// The handbook page of `base.lang` before and after its lessons.
pub fn frame(inputs: &Inputs, sink: &dyn Sink, base: &Base) -> Result<(String, String)> {
    let site = inputs.site;
    let toc: Vec<TocEntry> = site
        .lessons(base.lang)
        .iter()
        .enumerate()
        .filter_map(|(n, &i)| {
            let t = site.pick(PageRef::Item(i), base.lang)?;
            let other = (t.lang != base.lang).then_some(t.lang.as_str());
            let title_dir = crate::render::language::lang_view(site, &t.lang).dir;
            Some(TocEntry {
                number: n + 1,
                title: &t.title,
                anchor: anchor(&site.items[i].slug),
                title_lang: other,
                title_dir,
            })
        })
        .collect();
    // One named page per lesson carries its running header.
    let mut running = String::new();
    for (n, l) in toc.iter().enumerate() {
        running.push_str(&format!(
            "@page lesson-{n} {{ @top-center {{ content: {}; }} }}\n#{} {{ page: lesson-{n}; }}\n",
            css_string(l.title),
            l.anchor
        ));
    }
    let mut ctx = base.context.clone();
    ctx.insert("lessons", &toc);
    ctx.insert("running_css", &running);
    ctx.insert("kind", "handbook");
    ctx.insert("lesson_articles", ARTICLES);
    super::style(inputs, sink, base, "print/handbook.css", &mut ctx)?;
    let page = inputs.theme.render("print/handbook.html", &ctx)?;
    let Some((head, tail)) = page.split_once(ARTICLES).filter(|(_, tail)| !tail.contains(ARTICLES)) else {
        return Err(Diagnostic::error(
            "print/handbook.html",
            "the handbook template must output `{{ lesson_articles | safe }}` exactly once",
        )
        .with_help("that is where the lessons go, each rendered with print/handbook-lesson.html")
        .into());
    };
    Ok((head.to_owned(), tail.to_owned()))
}
