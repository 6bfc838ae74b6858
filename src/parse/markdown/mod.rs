//! Markdown to HTML with pulldown-cmark, in three steps that every user of Markdown
//! shares, so that a page, its printed copy and the checks see the same ids:
//!
//! 1. [`parse`]: pulldown-cmark's events with their offsets in the body;
//! 2. [`prepare`]: stable Unicode-aware heading ids, lesson activities read from
//!    `{minutes=N}` heading attributes, task-list boxes, `::: handout` blocks — the
//!    same in every language the text is shown in;
//! 3. [`Prepared::html`]: `@/` links, bundle files and images, contact shortcuts and
//!    other sites' links written for one page through a [`LinkResolver`].
//!
//! Between 2 and 3, [`Prepared::targets`] and [`Prepared::contacts`] tell the model
//! what the text links to, so that it can check every link once per translation.

use crate::error::Diagnostic;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::path::Path;

/// Answers the questions link rewriting asks about the site.
pub trait LinkResolver {
    /// `path` is a page's path under `content/` (what followed `@/`, without the
    /// anchor); returns a URL from the current page, or why it cannot be found.
    fn internal(&self, path: &str) -> Result<String, String>;
    /// A URL for a file of the current bundle named `name`, if it has one.
    fn bundle_file(&self, name: &str) -> Option<String>;
    /// The HTML of the site contact `id` for the `{{ contact(id="…") }}` shortcut, or
    /// why there is none. `None`: shortcuts are left as written.
    fn contact(&self, _id: &str) -> Option<Result<String, String>> {
        None
    }
    /// The HTML for an image of the current bundle named `name` (in several widths,
    /// see `src/assets/images.rs`), if the resolver makes one; `Some(Err)` says why
    /// it cannot. Without one, the image is written as a plain `<img>`.
    fn bundle_image(&self, _name: &str, _alt: &str, _title: &str) -> Option<Result<String, String>> {
        None
    }
}

/// A heading of the rendered text, for tables of contents and lesson activities.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Length of an activity, from `{minutes=N}`.
    pub minutes: Option<u32>,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Handouts marked with `::: handout Title` … `:::` (see `handout.rs`).
    pub handouts: Vec<Handout>,
}

/// One handout of a lesson, rendered on its own (also part of `Rendered::html`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Handout {
    pub title: String,
    pub id: String,
    /// The `<section class="handout">` element.
    pub html: String,
}

/// Where the Markdown came from, for diagnostics.
pub struct SourceRef<'a> {
    pub path: &'a Path,
    /// The whole file (front matter included), so lines are the author's lines.
    pub file: &'a str,
    /// Where the body starts in `file`.
    pub body_offset: usize,
}

impl SourceRef<'_> {
    pub(super) fn body(&self) -> &str {
        &self.file[self.body_offset..]
    }

    /// An error at `offset` of the body.
    fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, message).at_offset(self.file, self.body_offset + offset)
    }
}

/// The extensions authors get.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

mod write;

/// A body's events, each with its byte offset in the body.
pub type Events<'a> = Vec<(Event<'a>, usize)>;

/// Step 1: pulldown-cmark's events of `body`.
pub fn parse(body: &str) -> Events<'_> {
    Parser::new_ext(body, options()).into_offset_iter().map(|(e, r)| (e, r.start)).collect()
}

/// Where text is on a page, for the search index.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Place {
    Heading,
    Body,
    /// The end of a block: a word boundary, and a space in a snippet.
    Break,
}

/// Calls `f` with the text of `events` as a reader sees it, before any rewriting
/// (images' alt text and the words of shortcuts and handout markers included).
pub fn text(events: &Events, f: &mut dyn FnMut(&str, Place)) {
    let mut in_heading = false;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) => f(t, if in_heading { Place::Heading } else { Place::Body }),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => f(" ", Place::Break),
            _ => {}
        }
    }
}

/// A body with its ids, activities and handouts: ready to be checked and written.
pub struct Prepared<'a> {
    src: &'a SourceRef<'a>,
    events: Events<'a>,
    pub headings: Vec<Heading>,
    markers: Vec<crate::parse::handout::Marker>,
}

/// A link or image of the text, for the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Byte offset in the body.
    pub offset: usize,
    pub dest: String,
    /// For an image: its alt text.
    pub alt: Option<String>,
}

/// Step 2: ids, activities and handouts of `events` (from [`parse`] of `src`'s
/// body). Returns the problems of the text itself: a `minutes` that is not a number,
/// an explicit `{#id}` used twice, handout markers that do not pair up.
pub fn prepare<'a>(src: &'a SourceRef<'a>, mut events: Events<'a>) -> (Prepared<'a>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut headings = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut explicit: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        let offset = events[i].1;
        if matches!(events[i].0, Event::Start(Tag::Heading { .. })) {
            let end = (i..events.len())
                .find(|&j| matches!(events[j].0, Event::End(TagEnd::Heading(_))))
                .unwrap_or(events.len());
            let text = plain_text(&events[i + 1..end]);
            let Event::Start(Tag::Heading { level, id, attrs, .. }) = &mut events[i].0 else { unreachable!() };
            let level = heading_level(*level);
            let mut activity = None;
            attrs.retain(|(k, v)| {
                if k.as_ref() != "minutes" {
                    return true;
                }
                match v.as_deref().map(str::parse::<u32>) {
                    Some(Ok(m)) => activity = Some(m),
                    _ => problems.push(
                        src.error(offset, "`minutes` must be a whole number")
                            .with_help("write the activity's length like {minutes=10}"),
                    ),
                }
                false
            });
            if let Some(id) = id.as_deref() {
                if let Some(first) = explicit.insert(id.to_owned(), offset) {
                    let (line, _) = crate::error::line_column(src.file, src.body_offset + first);
                    problems.push(
                        src.error(offset, format!("anchor `#{id}` is set twice (first on line {line})"))
                            .with_help("give each heading its own {#id}; links to it can only reach the first"),
                    );
                }
            }
            let wanted = id.as_deref().map(str::to_owned).unwrap_or_else(|| slugify(&text));
            let unique = unique_id(&mut used_ids, wanted);
            *id = Some(CowStr::from(unique.clone()));
            headings.push(Heading { level, id: unique, text, minutes: activity });
        }
        i += 1;
    }
    // Task-list boxes are drawings to tick on paper: the item's text says what they are
    // about, so the disabled box is hidden from screen readers (else: an unlabelled field).
    for (e, _) in events.iter_mut() {
        if let Event::TaskListMarker(checked) = e {
            let checked = if *checked { " checked=\"\"" } else { "" };
            *e = Event::InlineHtml(
                format!("<input disabled=\"\" type=\"checkbox\" aria-hidden=\"true\"{checked}/>\n").into(),
            );
        }
    }
    let mut marker_problems = Vec::new();
    let markers = if src.body().contains(":::") {
        crate::parse::handout::mark(&mut events, &mut |wanted| unique_id(&mut used_ids, wanted), &mut marker_problems)
    } else {
        Vec::new()
    };
    for (message, help, offset) in marker_problems {
        problems.push(src.error(offset, message).with_help(help));
    }
    (Prepared { src, events, headings, markers }, problems)
}

impl<'a> Prepared<'a> {
    /// The titles of the handouts the text marks.
    pub fn handout_titles(&self) -> impl Iterator<Item = &str> {
        self.markers.iter().map(|m| m.title.as_str())
    }

    /// Every link and image of the text, in order.
    pub fn targets(&self) -> Vec<Target> {
        let mut out = Vec::new();
        let mut image: Option<usize> = None;
        for (event, offset) in &self.events {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    out.push(Target { offset: *offset, dest: dest_url.to_string(), alt: None })
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    image.get_or_insert(out.len());
                    out.push(Target { offset: *offset, dest: dest_url.to_string(), alt: Some(String::new()) });
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(alt) = image.and_then(|i| out[i].alt.as_mut()) {
                        alt.push_str(t);
                    }
                }
                Event::End(TagEnd::Image) => image = None,
                _ => {}
            }
        }
        out
    }

    /// The `{{ contact(id="…") }}` shortcuts of the text: (offset, id).
    pub fn contacts(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        if !self.src.body().contains("{{") {
            return out;
        }
        for_text_runs(&self.events, |text, offset| {
            out.extend(crate::parse::shortcut::shortcuts(text).into_iter().map(|(_, id)| (offset, id)));
        });
        out
    }
}

/// Calls `f` with each run of consecutive text events, joined, and its offset.
fn for_text_runs(events: &Events, mut f: impl FnMut(&str, usize)) {
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i].0, Event::Text(_)) {
            i += 1;
            continue;
        }
        let offset = events[i].1;
        let mut joined = String::new();
        while let Some((Event::Text(t), _)) = events.get(i) {
            joined.push_str(t);
            i += 1;
        }
        f(&joined, offset);
    }
}

/// Steps 1 to 3 at once, for a text shown once: its HTML and every problem.
pub fn render(
    src: &SourceRef,
    resolver: &dyn LinkResolver,
    minutes_label: &dyn Fn(u32) -> String,
) -> (Rendered, Vec<Diagnostic>) {
    let (prepared, mut problems) = prepare(src, parse(src.body()));
    let (rendered, mut more) = prepared.html(resolver, minutes_label);
    problems.append(&mut more);
    (rendered, problems)
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

pub(super) fn plain_text(events: &[(Event, usize)]) -> String {
    let mut text = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// A readable id from heading text in any script: lower case, letters and digits
/// kept, everything else collapsed to `-`. "Где получить помощь?" → "где-получить-помощь".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' && c != 'ʻ' {
            dash = true;
        }
    }
    if out.is_empty() { "section".to_owned() } else { out }
}

fn unique_id(used: &mut HashMap<String, usize>, wanted: String) -> String {
    let n = used.entry(wanted.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        return wanted;
    }
    let mut k = *n - 1;
    loop {
        let candidate = format!("{wanted}-{k}");
        if !used.contains_key(&candidate) {
            used.insert(candidate.clone(), 1);
            return candidate;
        }
        k += 1;
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    // Most text has nothing to escape: copy it whole (Tera escapes every value).
    if !text.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl LinkResolver for Fake {
        fn internal(&self, target: &str) -> Result<String, String> {
            match target {
                "lessons/01-a" => Ok("../01-a/index.html".into()),
                "" => Ok("../../index.html".into()),
                _ => Err("no page `content/".to_owned() + target + "`"),
            }
        }
        fn bundle_file(&self, name: &str) -> Option<String> {
            (name == "photo.jpg").then(|| "../../../media/lessons/01-a/photo.jpg".into())
        }
    }

    fn md(body: &str) -> (Rendered, Vec<Diagnostic>) {
        let file = format!("+++\ntitle = \"x\"\n+++\n{body}");
        let src = SourceRef { path: Path::new("a.en.md"), file: &file, body_offset: 20 };
        render(&src, &Fake, &|m| format!("{m} min"))
    }

    #[test]
    fn cyrillic_headings_get_readable_unique_ids() {
        let (r, p) = md("## Где получить помощь?\n\n## Где получить помощь?\n\n## Ӯ ҳ ҷ ң ө ү\n");
        assert!(p.is_empty());
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["где-получить-помощь", "где-получить-помощь-1", "ӯ-ҳ-ҷ-ң-ө-ү"]);
        assert!(r.html.contains("<h2 id=\"где-получить-помощь\">"), "{}", r.html);
    }

    #[test]
    fn activities_keep_minutes_and_show_a_label() {
        let (r, p) = md("## Warm-up {minutes=10}\n\ntext\n\n## Talk {#talk minutes=35}\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(r.headings[0].minutes, Some(10));
        assert_eq!(r.headings[1].id, "talk");
        assert_eq!(r.headings[1].text, "Talk");
        assert!(r.html.contains("Warm-up <span class=\"minutes\" dir=\"auto\">10 min</span></h2>"), "{}", r.html);
        assert!(!r.html.contains("minutes=\""), "{}", r.html);
    }

    #[test]
    fn internal_links_resolve_and_broken_ones_name_the_line() {
        let (r, p) = md("See [a](@/lessons/01-a#part) and [home](@/).\n\n[x](@/lessons/nope)\n");
        assert!(r.html.contains("href=\"../01-a/index.html#part\""), "{}", r.html);
        assert!(r.html.contains("href=\"../../index.html\""));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(6));
        assert!(p[0].message.contains("broken internal link `@/lessons/nope`"));
    }

    #[test]
    fn bundle_files_are_rewritten_and_external_links_kept() {
        let (r, _) = md("![A bus](photo.jpg) [site](https://example.org) [top](#x)");
        assert!(r.html.contains("src=\"../../../media/lessons/01-a/photo.jpg\""), "{}", r.html);
        assert!(r.html.contains("<a href=\"https://example.org\" rel=\"noopener noreferrer\">site</a>"), "{}", r.html);
        assert!(r.html.contains("href=\"#x\""));
    }

    #[test]
    fn bundle_images_take_the_resolvers_html_with_their_alt_text() {
        struct Responsive;
        impl LinkResolver for Responsive {
            fn internal(&self, _: &str) -> Result<String, String> {
                Err("none".into())
            }
            fn bundle_file(&self, name: &str) -> Option<String> {
                Some(format!("media/{name}"))
            }
            fn bundle_image(&self, name: &str, alt: &str, title: &str) -> Option<Result<String, String>> {
                match name {
                    "bad.png" => Some(Err("cannot read image `bad.png`".into())),
                    "photo.jpg" => {
                        Some(Ok(format!("<img src=\"x-480.jpg\" alt=\"{}\" title=\"{title}\">", escape(alt))))
                    }
                    _ => None,
                }
            }
        }
        let file = "+++\ntitle = \"x\"\n+++\n![A *bus* \"stop\"](photo.jpg \"T\") ![x](other.svg)\n\n![b](bad.png)\n";
        let src = SourceRef { path: Path::new("a.en.md"), file, body_offset: 20 };
        let (r, p) = render(&src, &Responsive, &|m| format!("{m}"));
        assert!(r.html.contains("<img src=\"x-480.jpg\" alt=\"A bus “stop”\" title=\"T\">"), "{}", r.html);
        assert!(r.html.contains("src=\"media/other.svg\""), "{}", r.html);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(6));
        assert!(p[0].message.contains("bad.png"));
    }

    #[test]
    fn extensions_are_on() {
        let (r, _) = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] task\n\n~~old~~ note[^1]\n\n[^1]: foot\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
    }
}
