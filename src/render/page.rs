//! Renders one page (a section or an item in a reader's language): reads its source
//! once, parses its body once (Markdown or Fountain), and from that one parse makes
//! what was asked of the page — its HTML through the content type's template, a
//! lesson's printed article for the handbook, its text for the search index, its ids
//! for the anchor checks.

use super::context::*;
use super::language::{Language, common, lang_view};
use super::links::{PrintLinks, WebLinks};
use super::print::{self, Article, Base, LessonPrint, PrintedText};
use super::views::{neighbours, paginator_view, poster_view, section_view};
use super::{Inputs, Plan};
use crate::error::Diagnostic;
use crate::model::{Content, PageRef};
use crate::output::{Job, layout};
use crate::parse::fountain;
use crate::parse::markdown::{self, Place, SourceRef};
use std::collections::HashSet;

/// Items of each section shown on the home page; its link leads to the rest. (A home
/// page listing every item weighed 3 MB on a site of 10,000 pages.)
const HOME_ITEMS: usize = 6;

/// Bytes of a page's text kept for its search snippet when it has no summary.
pub const LEAD: usize = 320;

/// A page, rendered: what its [`Plan`] asked for.
pub struct PageOut<'a> {
    pub job: Job<'a>,
    pub path: String,
    pub html: Option<Vec<u8>>,
    /// The size of its HTML, once written.
    pub size: u64,
    /// A lesson's article for the handbook.
    pub article: Option<Article<'a>>,
    pub search: Option<SearchText>,
    /// The ids of the page's elements.
    pub ids: Option<HashSet<String>>,
}

/// A page's words for the search index, as its reader sees them.
pub struct SearchText {
    /// The page's number in its language's index.
    pub doc: u32,
    pub page: PageRef,
    /// Heading text and body text, each piece on a line of its own.
    pub heading: String,
    pub body: String,
    /// The start of the text, for a snippet.
    pub lead: String,
}

/// Template contexts one thread reuses from page to page: the page's (with the UI
/// strings) and the handbook article's (with the print context).
#[derive(Default)]
pub struct Contexts {
    pub web: Option<tera::Context>,
    pub print: Option<tera::Context>,
}

/// Renders one page of `language`.
pub fn render<'a>(
    inputs: &Inputs<'a>,
    language: &Language,
    print_base: Option<&Base>,
    contexts: &mut Contexts,
    job: Job<'a>,
    plan: &Plan,
) -> Result<PageOut<'a>, Vec<Diagnostic>> {
    let site = inputs.site;
    let Job { page, lang, list_page } = job;
    debug_assert_eq!(lang, language.code);
    let ui = &language.ui;
    let key = site.key(page);
    let from = job.path(site);
    let strings = inputs.theme.catalog.get(lang);
    let translation = site.pick(page, lang);
    let item = site.item(page);
    let web = WebLinks { inputs, lang, from: &from, item };
    let print_from = print_base.map_or("", |b| b.from.as_str());
    let printed = PrintLinks { inputs, lang, from: print_from, item };
    let handbook = plan.handbook.filter(|_| print_base.is_some());
    let mut errors = Vec::new();
    let minutes_label = |m: u32| strings.plural("minutes", i64::from(m));
    // The source's text (read again from its file when the build dropped it).
    let text = match translation {
        Some(t) => t.text().map_err(|d| vec![d])?,
        None => Default::default(),
    };
    let mut search = plan.search.filter(|_| translation.is_some()).map(|doc| SearchText {
        doc,
        page,
        heading: String::new(),
        body: String::new(),
        lead: String::new(),
    });

    let mut content = String::new();
    let mut headings = Vec::new();
    let mut scenario = None;
    let mut print_text =
        PrintedText { content: String::new(), preparation: None, teacher_notes: None, handouts: Vec::new() };
    match translation {
        Some(t) if matches!(t.content, Content::Scenario(_)) => {
            let script = fountain::parse(t.body_of(&text));
            if let Some(s) = &mut search {
                script_text(&script, s);
            }
            let labels =
                fountain::Labels { stop_point: &ui["stop_point"], joker: &ui["joker_prompt"], note: &ui["note"] };
            content = fountain::render_html(&script, fountain::Edition::Facilitator, &labels);
            let duration = t.content.scenario().and_then(|s| s.duration).map(minutes_label);
            scenario = Some(ScenarioView { duration, scenes: fountain::scenes(&script) });
        }
        Some(t) => {
            let src = SourceRef { path: &t.path, file: &text, body_offset: t.body_offset };
            let events = markdown::parse(t.body_of(&text));
            if let Some(s) = &mut search {
                markdown_text(&events, s);
            }
            // The text's own problems were reported when the site was loaded.
            let (prepared, _) = markdown::prepare(&src, events);
            let (rendered, mut problems) = prepared.html(&web, &minutes_label);
            errors.append(&mut problems);
            (content, headings) = (rendered.html, rendered.headings);
            if handbook.is_some() {
                let (rendered, _) = prepared.html(&printed, &minutes_label);
                (print_text.content, print_text.handouts) = (rendered.html, rendered.handouts);
            }
        }
        None => {}
    }

    let lesson = match translation.map(|t| (t, &t.content)) {
        Some((t, Content::Lesson(l))) => {
            // Markdown fields: parsed once, written for the page and, when asked, for print.
            let mut field = |md: &Option<String>, print: &mut Option<String>| {
                md.as_ref().map(|md| {
                    let src = SourceRef { path: &t.path, file: md, body_offset: 0 };
                    let (prepared, _) = markdown::prepare(&src, markdown::parse(md));
                    if handbook.is_some() {
                        *print = Some(prepared.html(&printed, &minutes_label).0.html);
                    }
                    let (r, mut problems) = prepared.html(&web, &minutes_label);
                    errors.append(&mut problems);
                    r.html
                })
            };
            let preparation = field(&l.preparation, &mut print_text.preparation);
            let teacher_notes = field(&l.teacher_notes, &mut print_text.teacher_notes);
            Some(LessonView {
                age: l.age.map(|[min, max]| {
                    ui["age_range"].replace("{min}", &min.to_string()).replace("{max}", &max.to_string())
                }),
                duration: l.duration.map(minutes_label),
                activities: headings
                    .iter()
                    .filter(|h| h.level == 2)
                    .map(|h| Activity {
                        title: h.text.clone(),
                        id: h.id.clone(),
                        minutes: h.minutes.map(minutes_label),
                    })
                    .collect(),
                preparation,
                teacher_notes,
            })
        }
        _ => None,
    };

    let article = match (handbook, translation, print_base) {
        (Some(number), Some(t), Some(base)) if matches!(t.content, Content::Lesson(_)) => {
            let PageRef::Item(i) = page else { unreachable!("lessons are items") };
            let l = print::lesson(site, &base.ui, strings, lang, number, i, t, print_text);
            Some(article(inputs, base, contexts, l).map_err(|e| vec![e])?)
        }
        _ => None,
    };
    if !plan.html {
        if !errors.is_empty() {
            return Err(errors);
        }
        return Ok(PageOut { job, path: from, html: None, size: 0, article, search, ids: None });
    }

    let poster = match translation.map(|t| (t, &t.content)) {
        Some((t, Content::Poster(p))) => match poster_view(inputs, p, lang, &web) {
            Ok(view) => Some(view),
            Err(why) => {
                errors.push(Diagnostic::error(&t.path, why));
                None
            }
        },
        _ => None,
    };

    let mut paginator = None;
    let (section, sections) = match page {
        PageRef::Section(i) => {
            let shown = language.shown(site, i);
            let pages = site.config.sections.pages(shown.len());
            if list_page > pages {
                return Err(vec![Diagnostic::error(&from, format!("the list has {pages} pages, not {list_page}"))]);
            }
            let range = site.config.sections.page_range(shown.len(), list_page);
            let mut this = section_view(site, strings, i, lang, &from, shown.len(), &shown[range.clone()]);
            this.first_number = range.start + 1;
            if pages > 1 {
                paginator = Some(paginator_view(ui, lang, &key, &from, list_page, pages));
            }
            let tops = if key.is_empty() {
                site.sections[i]
                    .subsections
                    .iter()
                    .filter_map(|p| site.section(p))
                    .filter(|&s| site.shows(PageRef::Section(s), lang))
                    .map(|s| {
                        let shown = language.shown(site, s);
                        section_view(site, strings, s, lang, &from, shown.len(), &shown[..shown.len().min(HOME_ITEMS)])
                    })
                    .collect()
            } else {
                Vec::new()
            };
            (Some(this), tops)
        }
        PageRef::Item(_) => (None, Vec::new()),
    };

    let shared = common(inputs, language, &from, page);
    let text_lang_code = translation.map_or(lang, |t| t.lang.as_str());
    let fallback_notice = (text_lang_code != lang).then(|| {
        ui["fallback_notice"]
            .replace("{language}", shared.lang.name)
            .replace("{original}", lang_view(site, text_lang_code).name)
    });
    // A later page of a list is itself in no other language: other languages split
    // their lists differently.
    let alternates = site
        .translations(page)
        .keys()
        .filter(|_| list_page == 1)
        .map(|code| Alternate { hreflang: code.clone(), href: layout::absolute(&site.config.base_url, code, &key) })
        .collect();
    let (parent, previous, next) = neighbours(site, page, lang, &from);
    let kind: &'static str = match (page, item) {
        (PageRef::Section(_), _) if key.is_empty() => "home",
        (PageRef::Section(_), _) => "section",
        (_, Some(item)) => item.content_type.name(),
        _ => "page",
    };
    let canonical = layout::absolute(&site.config.base_url, text_lang_code, &layout::list_key(&key, list_page));
    let structured_data = match (item, translation) {
        (Some(item), Some(t)) => super::metadata::json_ld(site, &item.section, t, &canonical),
        _ => None,
    };
    let share = match (item, translation) {
        (Some(_), Some(t)) if site.config.safety.share && matches!(kind, "lesson" | "scenario" | "poster") => {
            Some(super::metadata::share(&layout::absolute(&site.config.base_url, lang, &key), &t.title))
        }
        _ => None,
    };
    let translated: Vec<&str> = site.translations(page).keys().map(String::as_str).collect();
    let preview_kind = if item.is_some() { "article" } else { "website" };
    let preview =
        super::metadata::preview(site, page, lang, text_lang_code, &translated, preview_kind, canonical.clone());
    let view = PageView {
        kind,
        key: key.clone(),
        title: site.title_of(page, lang),
        summary: translation.and_then(|t| t.summary.as_deref()).unwrap_or(""),
        content,
        headings,
        text_lang: lang_view(site, text_lang_code),
        fallback_notice,
        review: translation.and_then(|t| t.review.as_deref()),
        canonical,
        alternates,
        meta: translation.map(MetaView::of),
        parent,
        previous,
        next,
        lesson,
        scenario,
        poster,
        print: print::links_for(inputs, ui, page, lang, &from),
        structured_data,
        share,
        preview,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let ctx = shared.into_context(false, view, section, sections, paginator);
    let template = match kind {
        "home" => "home.html",
        "section" => "section.html",
        "lesson" => "lesson.html",
        "scenario" => "scenario.html",
        "poster" => "poster.html",
        "news" => "news.html",
        _ => "page.html",
    };
    // Every key but `ui` is replaced: the page part serialises all its fields.
    let context = contexts.web.get_or_insert_with(|| language.context());
    context.extend(tera::Context::from_serialize(&ctx).map_err(|e| vec![Diagnostic::error(&from, e.to_string())])?);
    let html = inputs.theme.render_bytes(template, context).map_err(|e| match e {
        crate::error::Error::Content(d) => d,
        other => vec![Diagnostic::error(template, other.to_string())],
    })?;
    let ids = plan.ids.then(|| crate::render::anchors::ids_in(&String::from_utf8_lossy(&html)));
    Ok(PageOut { job, path: from, size: html.len() as u64, html: Some(html), article, search, ids })
}

/// Renders a lesson's handbook article through `print/handbook-lesson.html`.
fn article<'a>(
    inputs: &Inputs,
    base: &Base,
    contexts: &mut Contexts,
    l: LessonPrint<'a>,
) -> Result<Article<'a>, Diagnostic> {
    // One print context per thread: cloning the base (with every UI string) per
    // lesson cost more than rendering some of them.
    let ctx = contexts.print.get_or_insert_with(|| {
        let mut ctx = base.context.clone();
        ctx.insert("kind", "handbook");
        ctx
    });
    ctx.insert("l", &l);
    let html = inputs.theme.render("print/handbook-lesson.html", ctx).map_err(|e| match e {
        crate::error::Error::Content(mut d) if !d.is_empty() => d.remove(0),
        other => Diagnostic::error("print/handbook-lesson.html", other.to_string()),
    })?;
    // The handouts page needs a lesson's handouts, not its text.
    let handouts = (!l.handouts.is_empty()).then(|| LessonPrint {
        content: String::new(),
        preparation: None,
        teacher_notes: None,
        ..l
    });
    Ok(Article { html, handouts })
}

/// Collects a Markdown body's text for the search index, as it was written (alt
/// text, shortcuts and handout titles included): headings apart from the rest, and
/// the start of the text for a snippet.
pub fn markdown_text(events: &markdown::Events, s: &mut SearchText) {
    markdown::text(events, &mut |text, place| {
        let into = match place {
            Place::Heading => &mut s.heading,
            Place::Body => &mut s.body,
            Place::Break => {
                if s.lead.len() < LEAD {
                    s.lead.push(' ');
                }
                return;
            }
        };
        into.push_str(text);
        into.push('\n');
        if s.lead.len() < LEAD {
            s.lead.push_str(text);
        }
    });
    // Lesson and handout markers (`::: handout`) are not text anyone reads.
    if s.lead.contains(":::") {
        s.lead = s.lead.replace(":::", " ");
    }
}

/// Collects a play's text for the search index: scene headings as headings, the
/// rest (title page, action, cues, dialogue, notes and prompts) as body text.
fn script_text(script: &fountain::Script, s: &mut SearchText) {
    use fountain::Element::*;
    let mut add = |text: &str, heading: bool| {
        let into = if heading { &mut s.heading } else { &mut s.body };
        into.push_str(text);
        into.push('\n');
        if s.lead.len() < LEAD {
            s.lead.push_str(text);
            s.lead.push(' ');
        }
    };
    for (_, value) in &script.title_page {
        add(value, false);
    }
    for e in &script.elements {
        match e {
            SceneHeading { text, .. } => add(text, true),
            Section { text, .. } => add(text, true),
            Character { name, .. } => add(name, false),
            Action(t) | Dialogue(t) | Parenthetical(t) | Transition(t) | Centered(t) | Lyrics(t) | Note(t)
            | Synopsis(t) | StopPoint(t) | JokerPrompt(t) => add(t, false),
            PageBreak => {}
        }
    }
}
