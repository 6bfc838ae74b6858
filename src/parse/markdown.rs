//! Markdown to HTML with pulldown-cmark: stable Unicode-aware heading ids, lesson
//! activities read from `{minutes=N}` heading attributes, `@/section/slug` internal
//! links and bundle-relative files rewritten to relative URLs through a resolver.
//!
//! Rendering happens once per output page, because links resolve differently in each
//! language (to the reader's translation or its fallback).

use crate::error::Diagnostic;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::path::Path;

/// Answers the questions link rewriting asks about the site.
pub trait LinkResolver {
    /// `target` is what followed `@/` (without the anchor); returns a relative URL
    /// from the current page, or why it cannot be found.
    fn internal(&self, target: &str) -> Result<String, String>;
    /// A relative URL for a file of the current bundle named `name`, if it has one.
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

/// The extensions authors get; `check` parses with the same ones so offsets and ids agree.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `src.file[src.body_offset..]`. `minutes_label` writes "10 minutes" in the
/// page's language next to an activity heading.
pub fn render(
    src: &SourceRef,
    resolver: &dyn LinkResolver,
    minutes_label: &dyn Fn(u32) -> String,
) -> (Rendered, Vec<Diagnostic>) {
    let body = &src.file[src.body_offset..];
    let mut problems = Vec::new();
    let at = |d: Diagnostic, offset: usize| d.at_offset(src.file, src.body_offset + offset);
    let mut events: Vec<(Event, usize)> =
        Parser::new_ext(body, options()).into_offset_iter().map(|(e, r)| (e, r.start)).collect();
    for (message, offset) in bundle_images(&mut events, resolver) {
        problems.push(at(Diagnostic::error(src.path, message), offset));
    }

    let mut headings = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
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
            let mut minutes = None;
            attrs.retain(|(k, v)| {
                if k.as_ref() != "minutes" {
                    return true;
                }
                match v.as_deref().map(str::parse::<u32>) {
                    Some(Ok(m)) => minutes = Some(m),
                    _ => problems.push(at(
                        Diagnostic::error(src.path, "`minutes` must be a whole number")
                            .with_help("write the activity's length like {minutes=10}"),
                        offset,
                    )),
                }
                false
            });
            let wanted = id.as_deref().map(str::to_owned).unwrap_or_else(|| slugify(&text));
            let unique = unique_id(&mut used_ids, wanted);
            *id = Some(CowStr::from(unique.clone()));
            headings.push(Heading { level, id: unique, text, minutes });
            if let Some(m) = minutes {
                let label = format!(" <span class=\"minutes\">{}</span>", escape(&minutes_label(m)));
                events.insert(end, (Event::InlineHtml(label.into()), offset));
            }
        } else if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut events[i].0 {
            match rewrite(dest_url, resolver) {
                Ok(Some(url)) => *dest_url = url.into(),
                Ok(None) => {}
                Err((message, help)) => problems.push(at(Diagnostic::error(src.path, message).with_help(help), offset)),
            }
        }
        i += 1;
    }
    external_links(&mut events);
    for (message, offset) in contact_shortcuts(&mut events, resolver) {
        problems.push(at(
            Diagnostic::error(src.path, message).with_help("contacts are the [[contacts]] of site.toml, by `id`"),
            offset,
        ));
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
    let markers =
        super::handout::mark(&mut events, &mut |wanted| unique_id(&mut used_ids, wanted), &mut marker_problems);
    for (message, help, offset) in marker_problems {
        problems.push(at(Diagnostic::error(src.path, message).with_help(help), offset));
    }
    let handouts = markers
        .into_iter()
        .map(|m| {
            let mut html = String::new();
            let slice = events[m.start..=m.end].iter().map(|(e, _)| e.clone());
            pulldown_cmark::html::push_html(&mut html, slice);
            Handout { title: m.title, id: m.id, html }
        })
        .collect();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    (Rendered { html, headings, handouts }, problems)
}

/// Replaces `{{ contact(id="…") }}` in text with the contact's HTML. Text is joined
/// first: smart punctuation splits it at quotes. Returns problems with their offsets.
fn contact_shortcuts(events: &mut Vec<(Event, usize)>, resolver: &dyn LinkResolver) -> Vec<(String, usize)> {
    let mut problems = Vec::new();
    if !events.iter().any(|(e, _)| matches!(e, Event::Text(t) if t.contains("{{"))) {
        return problems;
    }
    let old = std::mem::take(events);
    let mut it = old.into_iter().peekable();
    while let Some((event, offset)) = it.next() {
        let Event::Text(first) = event else {
            events.push((event, offset));
            continue;
        };
        let mut text = first.into_string();
        while let Some((Event::Text(_), _)) = it.peek() {
            if let Some((Event::Text(t), _)) = it.next() {
                text.push_str(&t);
            }
        }
        let mut last = 0;
        for (range, id) in super::super::render::contact::shortcuts(&text) {
            let Some(found) = resolver.contact(&id) else { continue };
            match found {
                Ok(html) => {
                    if range.start > last {
                        events.push((Event::Text(text[last..range.start].to_owned().into()), offset));
                    }
                    events.push((Event::InlineHtml(html.into()), offset));
                    last = range.end;
                }
                Err(why) => problems.push((why, offset)),
            }
        }
        if last < text.len() {
            events.push((Event::Text(text[last..].to_owned().into()), offset));
        }
    }
    problems
}

/// Links to other sites open with `rel="noopener noreferrer"`: the start tag is
/// written as HTML (pulldown-cmark has no attribute for it), the end tag to match.
fn external_links(events: &mut [(Event, usize)]) {
    let mut open = false;
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::Link { dest_url, title, .. })
                if dest_url.starts_with("http://") || dest_url.starts_with("https://") =>
            {
                let title = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(title)) };
                let tag = format!("<a href=\"{}\"{title} rel=\"noopener noreferrer\">", escape(dest_url));
                *event = Event::InlineHtml(tag.into());
                open = true;
            }
            Event::End(TagEnd::Link) if open => {
                *event = Event::InlineHtml("</a>".into());
                open = false;
            }
            _ => {}
        }
    }
}

/// Replaces images of the bundle that the resolver makes responsive with its HTML,
/// the alt text taken from the image's text. Returns problems with their offsets.
fn bundle_images(events: &mut Vec<(Event, usize)>, resolver: &dyn LinkResolver) -> Vec<(String, usize)> {
    let mut problems = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Image { dest_url, title, .. }) = &events[i].0 {
            let mut depth = 0;
            let end = (i..events.len())
                .find(|&j| {
                    match events[j].0 {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .unwrap_or(events.len() - 1);
            let name = dest_url.trim_start_matches("./");
            let local = !name.is_empty() && !name.contains([':', '#', '?']) && !name.starts_with('/');
            if local {
                let alt = plain_text(&events[i + 1..end]);
                let offset = events[i].1;
                match resolver.bundle_image(name, &alt, title) {
                    Some(Ok(html)) => {
                        events.splice(i..=end, [(Event::InlineHtml(html.into()), offset)]);
                    }
                    Some(Err(why)) => problems.push((why, offset)),
                    None => {}
                }
            }
        }
        i += 1;
    }
    problems
}

/// Rewrites one link target; `Ok(None)` leaves it as written.
fn rewrite(dest: &str, resolver: &dyn LinkResolver) -> Result<Option<String>, (String, String)> {
    if let Some(target) = dest.strip_prefix("@/") {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let path = path.trim_end_matches('/');
        return match resolver.internal(path) {
            Ok(url) => Ok(Some(match anchor {
                Some(a) => format!("{url}#{a}"),
                None => url,
            })),
            Err(why) => Err((
                format!("broken internal link `{dest}`: {why}"),
                "internal links name a page by its path under content/, e.g. @/lessons/01-safe-migration".to_owned(),
            )),
        };
    }
    let is_relative_file = !dest.is_empty()
        && !dest.starts_with('#')
        && !dest.starts_with('/')
        && !dest.contains("://")
        && !dest.starts_with("mailto:")
        && !dest.starts_with("tel:")
        && !dest.starts_with("sms:");
    if is_relative_file {
        let (name, rest) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let name = name.trim_start_matches("./");
        if let Some(url) = resolver.bundle_file(name) {
            return Ok(Some(format!("{url}{rest}")));
        }
        if dest.ends_with(".md") || dest.contains(".md#") {
            return Err((
                format!("link to Markdown file `{dest}`"),
                "link to pages with @/section/slug instead of file names".to_owned(),
            ));
        }
    }
    Ok(None)
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn plain_text(events: &[(Event, usize)]) -> String {
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
    let mut out = String::with_capacity(text.len());
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
        assert!(r.html.contains("Warm-up <span class=\"minutes\">10 min</span></h2>"), "{}", r.html);
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
