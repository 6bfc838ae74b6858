//! What the print templates see, and a lesson as the handbook prints it. A lesson's
//! Markdown is parsed once, in the job that renders its web page; the same parse is
//! written a second time with [`PrintLinks`] and ids prefixed by the lesson's anchor,
//! rendered through `print/handbook-lesson.html`, and handed to the handbook (see
//! `site::print`), so no lesson is rendered twice. Also: the links from a web page to
//! its print pages and PDFs.

use super::Inputs;
use super::language::{Ui, lang_view};
use crate::model::{PageRef, Site, Translation};
use crate::output::documents::{self, Doc, Kind};
use crate::output::layout;
use crate::parse::fountain::Edition;
use crate::parse::markdown::Handout;
use serde::Serialize;

/// What every print template sees: the site, the language, its UI strings, links to
/// the stylesheet and home page, and the edition date.
pub struct Base<'a> {
    pub lang: &'a str,
    /// The print page's output path.
    pub from: String,
    pub ui: Ui<'a>,
    pub context: tera::Context,
}

impl<'a> Base<'a> {
    pub fn new(inputs: &Inputs<'a>, lang: &'a str, from: &str) -> Base<'a> {
        let site = inputs.site;
        let l = site.config.language(lang).expect("known language");
        let ui = inputs.theme.catalog.get(lang).all_text();
        let mut context = tera::Context::new();
        context.insert(
            "site",
            &serde_json::json!({
                "title": l.title.as_deref().unwrap_or(&site.config.title),
                "organisation": site.config.organisation,
                "base_url": site.config.base_url,
            }),
        );
        context.insert("lang", &lang_view(site, lang));
        context.insert("ui", &ui);
        context.insert("css_url", &layout::relative(from, &inputs.theme.css.0));
        context.insert("js_url", &layout::relative(from, &inputs.theme.js.0));
        context.insert("csp", super::CSP);
        context.insert("exit_url", &super::language::quick_exit_url(site));
        context.insert("safety_url", &layout::relative(from, &layout::safety_page(lang)));
        context.insert("home_url", &layout::relative(from, &layout::page_path(lang, "")));
        context.insert("date", &edition_date());
        Base { lang, from: from.to_owned(), ui, context }
    }
}

/// Element id of a lesson in the handbook and the handouts: `lesson-<slug>`.
pub fn anchor(slug: &str) -> String {
    format!("lesson-{slug}")
}

/// One lesson as the print templates see it (`l` in `print/handbook-lesson.html`).
#[derive(Serialize)]
pub struct LessonPrint<'a> {
    pub number: usize,
    pub title: &'a str,
    /// Element id of the lesson in the handbook: `lesson-<slug>`.
    pub anchor: String,
    pub summary: &'a str,
    pub text_lang: crate::render::context::LangView<'a>,
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

/// The printed lesson: its HTML (each lesson renders `print/handbook-lesson.html` on
/// its own), and, when it has handouts, what the handouts page needs of it.
pub struct Article<'a> {
    pub html: String,
    pub handouts: Option<LessonPrint<'a>>,
}

/// The parts of a printed lesson that come from its Markdown, written for print.
pub struct PrintedText {
    pub content: String,
    pub preparation: Option<String>,
    pub teacher_notes: Option<String>,
    pub handouts: Vec<Handout>,
}

/// The lesson `i`, numbered `number` in the handbook of `lang`, from its text written
/// for print (ids not yet prefixed).
#[allow(clippy::too_many_arguments)]
pub fn lesson<'a>(
    site: &'a Site,
    base_ui: &Ui,
    strings: &crate::render::i18n::Strings,
    lang: &str,
    number: usize,
    i: usize,
    t: &'a Translation,
    text: PrintedText,
) -> LessonPrint<'a> {
    let item = &site.items[i];
    let anchor = anchor(&item.slug);
    let prefix = |html: String| prefix_ids(&html, &anchor);
    let lesson = t.content.lesson();
    let minutes = |m: u32| strings.plural("minutes", i64::from(m));
    let fallback_notice = (t.lang != lang).then(|| {
        let name = |code: &str| site.config.language(code).map_or(code.to_owned(), |l| l.name.clone());
        base_ui["fallback_notice"].replace("{language}", &name(lang)).replace("{original}", &name(&t.lang))
    });
    let handouts = text
        .handouts
        .into_iter()
        .map(|h| Handout { title: h.title, id: format!("{anchor}--{}", h.id), html: prefix(h.html) })
        .collect();
    LessonPrint {
        number,
        title: &t.title,
        anchor: anchor.clone(),
        summary: t.summary.as_deref().unwrap_or(""),
        text_lang: lang_view(site, &t.lang),
        fallback_notice,
        age: lesson.and_then(|l| l.age).map(|[min, max]| {
            base_ui["age_range"].replace("{min}", &min.to_string()).replace("{max}", &max.to_string())
        }),
        duration: lesson.and_then(|l| l.duration).map(minutes),
        objectives: lesson.map_or(&[], |l| &l.objectives),
        materials: lesson.map_or(&[], |l| &l.materials),
        content_note: lesson.and_then(|l| l.content_note.as_deref()),
        preparation: text.preparation.map(prefix),
        content: prefix(text.content),
        teacher_notes: text.teacher_notes.map(prefix),
        handouts,
        web_url: layout::absolute(&site.config.base_url, lang, &item.key()),
    }
}

/// `html` with `{anchor}--` put before the value of every `id` and
/// `aria-labelledby` and after the `#` of every same-page `href`, so that the ids of
/// a lesson stay unique in the handbook. One pass (three `replace`s, each copying the
/// lesson, were 7 % of printing).
pub fn prefix_ids(html: &str, anchor: &str) -> String {
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

/// The edition date printed on covers: the day of `SOURCE_DATE_EPOCH` (seconds since
/// 1970, for reproducible builds) or today, as `YYYY-MM-DD` (UTC).
pub fn edition_date() -> String {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Text as a CSS string literal (for `content:` in `@page` margin boxes).
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("\\3c "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A link from a web page to one of its print pages, and to its PDF when `chyrak pdf`
/// makes one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PrintLink {
    pub label: String,
    pub url: String,
    pub pdf: Option<String>,
    /// The e-book that holds the page, when `chyrak epub` makes one (the handbook's).
    pub epub: Option<String>,
}

/// The print pages of `page` in `lang`, as links from the page at `from`: a lesson
/// links to the handbook (and the handouts page when it has handouts), a scenario to
/// its two editions, a poster to each size.
pub fn links_for(inputs: &Inputs, ui: &Ui, page: PageRef, lang: &str, from: &str) -> Vec<PrintLink> {
    let site = inputs.site;
    let PageRef::Item(i) = page else {
        return Vec::new();
    };
    let text = |key: &str| ui.get(key).cloned().unwrap_or_else(|| key.to_owned());
    let docs: Vec<(String, Doc)> = match site.items[i].content_type {
        crate::parse::front_matter::ContentType::Lesson => {
            let mut docs = vec![(text("print_handbook"), documents::site_doc(Kind::Handbook, lang))];
            if documents::lesson_has_handouts(site, i, lang) {
                let mut d = documents::site_doc(Kind::Handouts, lang);
                d.html.push_str(&format!("#{}", anchor(&site.items[i].slug)));
                docs.push((text("print_handouts"), d));
            }
            docs
        }
        _ => documents::item_documents(site, i, lang)
            .into_iter()
            .map(|d| {
                let label = match (d.edition, &d.size) {
                    (Some(Edition::Actors), _) => text("print_actors_edition"),
                    (Some(Edition::Facilitator), _) => text("print_facilitator_edition"),
                    (_, Some(size)) => text("print_poster").replace("{size}", &size.name),
                    _ => String::new(),
                };
                (label, d)
            })
            .collect(),
    };
    let book = layout::epub(lang, true);
    let epub = inputs.pdfs.get(&book).map(|b| layout::relative(from, b));
    docs.into_iter()
        .map(|(label, d)| {
            let page_path = d.html.split('#').next().unwrap_or("");
            PrintLink {
                label,
                url: layout::relative(from, &d.html),
                pdf: inputs.pdfs.get(page_path).map(|pdf| layout::relative(from, pdf)),
                epub: (d.kind == Kind::Handbook).then(|| epub.clone()).flatten(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn css_strings_are_escaped() {
        assert_eq!(css_string("a \"b\" \\ </style>"), "\"a \\\"b\\\" \\\\ \\3c /style>\"");
    }

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
        assert_eq!(prefix_ids(html, "lesson-a"), old);
        assert_eq!(prefix_ids("no attributes = here", "a"), "no attributes = here");
    }
}
