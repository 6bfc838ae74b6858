//! Handouts inside a lesson's Markdown: a paragraph `::: handout Title` opens one, a
//! paragraph `:::` closes it (each marker is a line of its own, with a blank line
//! before and after). Everything between is ordinary Markdown. On the lesson's web
//! page the handout is a `<section class="handout">` box; the print stage prints each
//! one on its own A4 page (see `src/print/`).
//!
//! Works on pulldown-cmark's events, so source offsets (and the lines named in
//! diagnostics) stay the author's.

use pulldown_cmark::{Event, Tag, TagEnd};

/// A handout found in the events: its title, element id and the range of events
/// (`start` is the opening HTML event, `end` the closing one, both included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub title: String,
    pub id: String,
    pub start: usize,
    pub end: usize,
}

/// A problem with the markers: (message, help, offset in the body).
pub type Problem = (String, &'static str, usize);

/// What a marker paragraph says.
enum Kind {
    Open(String),
    Close,
}

/// The plain text of the paragraph starting at `i` (a `Start(Paragraph)` event), the
/// index of its end, and whether it spans more than one line.
fn paragraph_text(events: &[(Event, usize)], i: usize) -> (String, usize, bool) {
    let mut text = String::new();
    let mut multiline = false;
    let mut j = i + 1;
    while j < events.len() {
        match &events[j].0 {
            Event::End(TagEnd::Paragraph) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => {
                multiline = true;
                text.push('\n');
            }
            _ => {}
        }
        j += 1;
    }
    (text, j, multiline)
}

fn kind(text: &str) -> Option<Kind> {
    let first = text.lines().next().unwrap_or("").trim();
    let rest = first.strip_prefix(":::")?.trim();
    if rest.is_empty() {
        return Some(Kind::Close);
    }
    let (word, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    word.eq_ignore_ascii_case("handout").then(|| Kind::Open(title.trim().to_owned()))
}

/// Replaces marker paragraphs with the handout's opening and closing HTML. `unique`
/// turns a wanted id into one not used yet on the page.
pub fn mark(
    events: &mut Vec<(Event<'_>, usize)>,
    unique: &mut dyn FnMut(String) -> String,
    problems: &mut Vec<Problem>,
) -> Vec<Marker> {
    let mut found = Vec::new();
    let mut open: Option<(String, String, usize, usize)> = None;
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i].0, Event::Start(Tag::Paragraph)) {
            i += 1;
            continue;
        }
        // Only a paragraph whose text starts with `:::` can be a marker: the others are
        // passed over without collecting their text.
        if !matches!(events.get(i + 1), Some((Event::Text(t), _)) if t.trim_start().starts_with(":::")) {
            i += 1;
            continue;
        }
        let (text, end, multiline) = paragraph_text(events, i);
        let offset = events[i].1;
        let Some(k) = kind(&text) else {
            i = end + 1;
            continue;
        };
        if multiline {
            problems.push((
                "a handout marker must be a line of its own".to_owned(),
                "leave a blank line after `::: handout Title` and before and after the closing `:::`",
                offset,
            ));
            i = end + 1;
            continue;
        }
        let html = match k {
            Kind::Open(title) => {
                if let Some((t, _, _, at)) = &open {
                    problems.push((
                        format!("handout \"{t}\" is not closed before the next one starts"),
                        "close each handout with a line `:::` (with blank lines around it)",
                        *at,
                    ));
                }
                if title.is_empty() {
                    problems.push((
                        "a handout needs a title: `::: handout Title`".to_owned(),
                        "the title is printed at the top of the handout's page",
                        offset,
                    ));
                }
                let slug = crate::parse::markdown::slugify(&title);
                let id = unique(format!("handout-{slug}"));
                let e = crate::parse::markdown::escape;
                let html = format!(
                    "<section class=\"handout\" id=\"{id}\" aria-labelledby=\"{id}-title\">\n<h3 class=\"handout-title\" id=\"{id}-title\">{}</h3>\n",
                    e(&title),
                    id = e(&id)
                );
                open = Some((title, id, i, offset));
                html
            }
            Kind::Close => match open.take() {
                Some((title, id, start, _)) => {
                    found.push(Marker { title, id, start, end: i });
                    "</section>\n".to_owned()
                }
                None => {
                    problems.push((
                        "`:::` closes a handout, but none is open".to_owned(),
                        "open a handout with `::: handout Title`",
                        offset,
                    ));
                    i = end + 1;
                    continue;
                }
            },
        };
        // The marker paragraph (start..=end) becomes one HTML event.
        events.splice(i..=end, std::iter::once((Event::Html(html.into()), offset)));
        i += 1;
    }
    if let Some((title, _, _, at)) = open {
        problems.push((
            format!("handout \"{title}\" is not closed"),
            "close each handout with a line `:::` (with blank lines around it)",
            at,
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn run(md: &str) -> (String, Vec<Marker>, Vec<Problem>) {
        let mut events: Vec<_> = Parser::new(md).into_offset_iter().map(|(e, r)| (e, r.start)).collect();
        let mut problems = Vec::new();
        let markers = mark(&mut events, &mut |s| s, &mut problems);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        (html, markers, problems)
    }

    #[test]
    fn a_marked_block_becomes_a_section() {
        let (html, m, p) = run("Intro\n\n::: handout Job offer: red flags\n\n- one\n- two\n\n:::\n\nAfter\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].title, "Job offer: red flags");
        assert_eq!(m[0].id, "handout-job-offer-red-flags");
        assert!(html.contains("<section class=\"handout\" id=\"handout-job-offer-red-flags\""));
        assert!(html.contains("<li>one</li>"));
        assert!(html.contains("</section>\n<p>After</p>"), "{html}");
        assert!(!html.contains(":::"));
    }

    #[test]
    fn mistakes_are_reported_with_their_offset() {
        let (_, _, p) = run("::: handout A\ntext right after\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].0.contains("line of its own"));
        let (_, m, p) = run("::: handout A\n\ntext\n");
        assert!(m.is_empty());
        assert!(p[0].0.contains("not closed"), "{p:?}");
        let (_, _, p) = run("text\n\n:::\n");
        assert_eq!(p[0].2, 6);
    }

    #[test]
    fn other_fences_are_left_alone() {
        let (html, m, p) = run("::: note\n\nx\n");
        assert!(m.is_empty() && p.is_empty());
        assert!(html.contains("::: note"));
    }
}
