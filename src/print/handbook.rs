//! The handbook of one language: a cover, a table of contents and every lesson on new
//! pages, with the lesson's title as a running header (one named `@page` per lesson,
//! because Chromium has no `string-set`) and page numbers in the footer.
//!
//! Chromium has no `target-counter()` either, so the contents have empty page-number
//! slots (`data-toc-page`) of a fixed width; `chyrak pdf` fills them in a second pass
//! from the first PDF's outline (see `pdf.rs`).

use super::{Base, PrintLinks, css_string};
use crate::error::Result;
use crate::model::{PageRef, Site};
use crate::parse::front_matter::ContentType;
use crate::parse::markdown::{self, Handout, SourceRef};
use crate::render::Theme;
use rayon::prelude::*;
use serde::Serialize;

/// The lessons shown in `lang`, in reading order (sections in order, then items).
pub(super) fn lessons(site: &Site, lang: &str) -> Vec<usize> {
    site.sections
        .iter()
        .flat_map(|s| s.items.iter().copied())
        .filter(|&i| site.items[i].content_type == ContentType::Lesson && site.shows(PageRef::Item(i), lang))
        .collect()
}

/// One lesson as the print templates see it.
#[derive(Serialize)]
pub(super) struct LessonPrint<'a> {
    pub number: usize,
    pub title: &'a str,
    /// Element id of the lesson in the handbook: `lesson-<slug>`.
    pub anchor: String,
    pub summary: &'a str,
    pub text_lang: serde_json::Value,
    pub fallback_notice: Option<String>,
    pub age: Option<String>,
    pub duration: Option<String>,
    pub objectives: &'a [String],
    pub materials: &'a [String],
    pub content_note: Option<&'a str>,
    pub preparation: Option<String>,
    pub content: String,
    pub teacher_notes: Option<String>,
    pub handouts: Vec<Handout>,
    /// Absolute URL of the lesson's web page.
    pub web_url: String,
}

/// Renders lesson `i` as shown in `lang`, with element ids prefixed by its anchor so
/// that several lessons can share one document.
pub(super) fn lesson<'a>(
    site: &'a Site,
    theme: &Theme,
    base: &Base,
    number: usize,
    i: usize,
) -> Option<LessonPrint<'a>> {
    let lang = base.lang;
    let item = &site.items[i];
    let t = site.pick(PageRef::Item(i), lang)?;
    let strings = theme.catalog.get(lang);
    let minutes = |m: u32| strings.plural("minutes", i64::from(m));
    let links = PrintLinks { site, lang, from: base.from, item: Some(item) };
    let anchor = format!("lesson-{}", item.slug);
    let prefix = |html: String| {
        html.replace(" id=\"", &format!(" id=\"{anchor}--"))
            .replace(" href=\"#", &format!(" href=\"#{anchor}--"))
            .replace(" aria-labelledby=\"", &format!(" aria-labelledby=\"{anchor}--"))
    };
    let md = |text: &str, offset: usize| {
        let src = SourceRef { path: &t.path, file: text, body_offset: offset };
        // Problems are reported by the lesson's web page, which renders the same text.
        markdown::render(&src, &links, &minutes).0
    };
    let body = md(&t.source, t.body_offset);
    let field = |f: &Option<String>| f.as_deref().map(|s| prefix(md(s, 0).html));
    let handouts = body
        .handouts
        .iter()
        .map(|h| Handout { title: h.title.clone(), id: format!("{anchor}--{}", h.id), html: prefix(h.html.clone()) })
        .collect();
    let fallback_notice = (t.lang != lang).then(|| {
        let name = |code: &str| site.config.language(code).map_or(code.to_owned(), |l| l.name.clone());
        base.ui["fallback_notice"].replace("{language}", &name(lang)).replace("{original}", &name(&t.lang))
    });
    Some(LessonPrint {
        number,
        title: &t.meta.title,
        anchor: anchor.clone(),
        summary: t.meta.summary.as_deref().unwrap_or(""),
        text_lang: super::lang_json(site, &t.lang),
        fallback_notice,
        age: t.meta.age.map(|[min, max]| {
            base.ui["age_range"].replace("{min}", &min.to_string()).replace("{max}", &max.to_string())
        }),
        duration: t.meta.duration.map(minutes),
        objectives: &t.meta.objectives,
        materials: &t.meta.materials,
        content_note: t.meta.content_note.as_deref(),
        preparation: field(&t.meta.preparation),
        content: prefix(body.html),
        teacher_notes: field(&t.meta.teacher_notes),
        handouts,
        web_url: crate::model::url::absolute(&site.config.base_url, lang, &item.key()),
    })
}

/// Every lesson of `base.lang`, numbered, rendered in parallel (a big handbook would
/// otherwise be the build's tail).
pub(super) fn all_lessons<'a>(site: &'a Site, theme: &Theme, base: &Base) -> Vec<LessonPrint<'a>> {
    lessons(site, base.lang).into_par_iter().enumerate().filter_map(|(n, i)| lesson(site, theme, base, n + 1, i)).collect()
}

/// The handbook page of `base.lang`.
pub(super) fn render(site: &Site, theme: &Theme, base: &Base) -> Result<String> {
    render_with(theme, base, &all_lessons(site, theme, base))
}

/// The handbook page of `base.lang`, from its rendered lessons.
pub(super) fn render_with(theme: &Theme, base: &Base, lessons: &[LessonPrint]) -> Result<String> {
    // One named page per lesson carries its running header.
    let mut running = String::new();
    for (n, l) in lessons.iter().enumerate() {
        running.push_str(&format!(
            "@page lesson-{n} {{ @top-center {{ content: {}; }} }}\n#{} {{ page: lesson-{n}; }}\n",
            css_string(l.title),
            l.anchor
        ));
    }
    let mut ctx = base.context.clone();
    ctx.insert("lessons", lessons);
    ctx.insert("running_css", &running);
    ctx.insert("kind", "handbook");
    theme.render("print/handbook.html", &ctx)
}
