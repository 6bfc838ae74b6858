//! The handbook of one language: a cover, a table of contents and every lesson on new
//! pages, with the lesson's title as a running header (one named `@page` per lesson,
//! because Chromium has no `string-set`) and page numbers in the footer.
//!
//! Chromium has no `target-counter()` either, so the contents have empty page-number
//! slots (`data-toc-page`) of a fixed width; `chyrak pdf` fills them in a second pass
//! from the first PDF's outline (see `pdf.rs`).

use super::{Base, PrintLinks, css_string};
use crate::error::Diagnostic;
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

/// Element id of a lesson in the handbook and the handouts: `lesson-<slug>`.
pub(super) fn anchor(slug: &str) -> String {
    format!("lesson-{slug}")
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
    let anchor = anchor(&item.slug);
    let prefix = |html: String| prefix_ids(&html, &anchor);
    let md = |text: &str, offset: usize| {
        let src = SourceRef { path: &t.path, file: text, body_offset: offset };
        // Problems are reported by the lesson's web page, which renders the same text.
        markdown::render(&src, &links, &minutes).0
    };
    // An unreadable source is reported by the lesson's web page, which reads it too.
    let text = t.text().ok()?;
    let body = md(&text, t.body_offset);
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

/// An entry of the contents and of the running headers: from the front matter alone.
/// `html` with `{anchor}--` put before the value of every `id` and
/// `aria-labelledby` and after the `#` of every same-page `href`, so that the ids of
/// a lesson stay unique in the handbook. One pass (three `replace`s, each copying the
/// lesson, were 7 % of printing).
fn prefix_ids(html: &str, anchor: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let (mut copied, mut from) = (0, 0);
    while let Some(i) = html[from..].find("=\"") {
        let (name_end, value) = (from + i, from + i + 2);
        let name = &html[..name_end];
        let at = if name.ends_with(" id") || name.ends_with(" aria-labelledby") {
            Some(value)
        } else if name.ends_with(" href") && html[value..].starts_with('#') {
            Some(value + 1)
        } else {
            None
        };
        if let Some(at) = at {
            out.push_str(&html[copied..at]);
            out.push_str(anchor);
            out.push_str("--");
            copied = at;
        }
        from = value;
    }
    out.push_str(&html[copied..]);
    out
}

#[derive(Serialize)]
pub(super) struct TocEntry<'a> {
    pub number: usize,
    pub title: &'a str,
    pub anchor: String,
}

/// Lessons rendered at a time: enough to keep every core busy, few enough that a
/// handbook of thousands of lessons is never in memory whole.
const CHUNK: usize = 64;

/// Where `print/handbook.html` puts the lessons (`{{ lesson_articles | safe }}`).
const ARTICLES: &str = "<!--chyrak:lesson-articles-->";

/// The handbook page of `base.lang`, whole (for the preview and single documents).
pub(super) fn render(site: &Site, theme: &Theme, base: &Base) -> Result<String> {
    let mut html = Vec::new();
    write(site, theme, base, &mut |bytes| {
        html.extend_from_slice(bytes);
        Ok(())
    })?;
    String::from_utf8(html).map_err(|e| Diagnostic::error("print/handbook.html", e.to_string()).into())
}

/// Writes the handbook page of `base.lang` through `out`, piece by piece: the page
/// around the lessons (`print/handbook.html`), then each lesson
/// (`print/handbook-lesson.html`), rendered in parallel a chunk at a time. Returns the
/// lessons that have handouts, without their text, for the handouts page.
pub(super) fn write<'a>(
    site: &'a Site,
    theme: &Theme,
    base: &Base,
    out: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<Vec<LessonPrint<'a>>> {
    let order = lessons(site, base.lang);
    let toc: Vec<TocEntry> = order
        .iter()
        .enumerate()
        .filter_map(|(n, &i)| {
            let t = site.pick(PageRef::Item(i), base.lang)?;
            Some(TocEntry { number: n + 1, title: &t.meta.title, anchor: anchor(&site.items[i].slug) })
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
    let page = theme.render("print/handbook.html", &ctx)?;
    let Some((head, tail)) = page.split_once(ARTICLES).filter(|(_, tail)| !tail.contains(ARTICLES)) else {
        return Err(Diagnostic::error(
            "print/handbook.html",
            "the handbook template must output `{{ lesson_articles | safe }}` exactly once",
        )
        .with_help("that is where the lessons go, each rendered with print/handbook-lesson.html")
        .into());
    };
    out(head.as_bytes())?;
    let mut with_handouts = Vec::new();
    for (c, chunk) in order.chunks(CHUNK).enumerate() {
        let rendered: Vec<Result<(LessonPrint, String)>> = chunk
            .par_iter()
            .enumerate()
            .filter_map(|(n, &i)| lesson(site, theme, base, c * CHUNK + n + 1, i))
            .map_init(
                // One context per thread: cloning the base (with every UI string) per
                // lesson cost more than rendering some of them.
                || {
                    let mut ctx = base.context.clone();
                    ctx.insert("kind", "handbook");
                    ctx
                },
                |ctx, l| {
                    ctx.insert("l", &l);
                    Ok((l, theme.render("print/handbook-lesson.html", ctx)?))
                },
            )
            .collect();
        for r in rendered {
            let (mut l, html) = r?;
            out(html.trim().as_bytes())?;
            out(b"\n")?;
            if !l.handouts.is_empty() {
                (l.content, l.preparation, l.teacher_notes) = (String::new(), None, None);
                with_handouts.push(l);
            }
        }
    }
    out(tail.as_bytes())?;
    Ok(with_handouts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_and_same_page_links_get_the_lesson_prefix_in_one_pass() {
        let html = concat!(
            r##"<h2 id="warm-up">Warm-up</h2><p>See <a href="#warm-up">above</a>, "##,
            r##"<a href="https://example.org/#x">out</a>, <a href="../b/index.html">next</a>.</p>"##,
            r##"<section aria-labelledby="h1" data-x="id=&quot;no&quot;"><sup id="fnref-1"><a href="#fn-1">1</a></sup></section>"##,
        );
        let old = html
            .replace(" id=\"", " id=\"lesson-a--")
            .replace(" href=\"#", " href=\"#lesson-a--")
            .replace(" aria-labelledby=\"", " aria-labelledby=\"lesson-a--");
        assert_eq!(super::prefix_ids(html, "lesson-a"), old);
        assert!(old.contains(r##"<h2 id="lesson-a--warm-up">"##) && old.contains(r##"href="https://example.org/#x""##));
        assert_eq!(super::prefix_ids("no attributes = here", "a"), "no attributes = here");
    }
}
