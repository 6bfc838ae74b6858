//! The messages of Markdown: one per block of text (heading, paragraph, list item,
//! table cell, quoted paragraph, handout title), found with pulldown-cmark's source
//! offsets and the options every page is parsed with. Inline markup (`**bold**`,
//! links, images, contact shortcuts) stays in the message; block markers, list
//! numbers, heading attributes (`{#id minutes=10}`), code and HTML blocks stay out.

use super::{Builder, Kind, Piece};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// The block a run of inline text belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Paragraph,
    Heading(u8),
    Item,
    Cell,
    /// Preformatted text: a translator may need to translate it (a sample CV), but
    /// its lines are kept as they are.
    Code,
}

struct Run {
    range: Range<usize>,
    block: Block,
    quoted: bool,
}

/// Runs of inline text and the block each is in.
fn runs(text: &str) -> Vec<(Run, Option<String>)> {
    let mut out = Vec::new();
    let mut stack: Vec<Block> = Vec::new();
    let mut quotes = 0usize;
    let mut skip = 0usize; // inside HTML blocks
    let mut code = false;
    let mut current: Option<Run> = None;
    let mut minutes: Option<String> = None;
    let flush = |current: &mut Option<Run>, out: &mut Vec<(Run, Option<String>)>, minutes: &Option<String>| {
        if let Some(run) = current.take() {
            let m = if matches!(run.block, Block::Heading(_)) { minutes.clone() } else { None };
            out.push((run, m));
        }
    };
    for (event, range) in Parser::new_ext(text, crate::parse::markdown::options()).into_offset_iter() {
        let inline = matches!(
            &event,
            Event::Text(_)
                | Event::Code(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::FootnoteReference(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::Start(
                    Tag::Emphasis
                        | Tag::Strong
                        | Tag::Strikethrough
                        | Tag::Superscript
                        | Tag::Subscript
                        | Tag::Link { .. }
                        | Tag::Image { .. },
                )
                | Event::End(
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Superscript
                        | TagEnd::Subscript
                        | TagEnd::Link
                        | TagEnd::Image,
                )
        );
        if code && matches!(event, Event::Text(_)) {
            match &mut current {
                Some(run) => run.range.end = run.range.end.max(range.end),
                None => current = Some(Run { range, block: Block::Code, quoted: quotes > 0 }),
            }
            continue;
        }
        if inline {
            if skip > 0 {
                continue;
            }
            let Some(&block) = stack.last() else { continue };
            match &mut current {
                Some(run) => {
                    run.range.start = run.range.start.min(range.start);
                    run.range.end = run.range.end.max(range.end);
                }
                None => current = Some(Run { range, block, quoted: quotes > 0 }),
            }
            continue;
        }
        flush(&mut current, &mut out, &minutes);
        match event {
            Event::Start(Tag::Paragraph) => stack.push(Block::Paragraph),
            Event::Start(Tag::Heading { level, attrs, .. }) => {
                minutes = attrs
                    .iter()
                    .find(|(k, _)| k.as_ref() == "minutes")
                    .and_then(|(_, v)| v.as_ref().map(|v| v.to_string()));
                stack.push(Block::Heading(level as u8));
            }
            Event::Start(Tag::Item) => stack.push(Block::Item),
            Event::Start(Tag::TableCell) => stack.push(Block::Cell),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                stack.pop();
            }
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes = quotes.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            Event::Start(Tag::HtmlBlock | Tag::MetadataBlock(_)) => skip += 1,
            Event::End(TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => skip = skip.saturating_sub(1),
            _ => {}
        }
    }
    flush(&mut current, &mut out, &minutes);
    out
}

/// The pieces of Markdown `text`, which starts at `offset` of the file. `field` names
/// the contexts (`body.3`, `preparation.2`); `about` the field's comment.
pub(super) fn pieces(b: &mut Builder, text: &str, offset: usize, field: &str, about: Option<&str>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut at = 0;
    let mut handout: Option<String> = None;
    let mut count = 0;
    for (run, minutes) in runs(text) {
        let raw = &text[run.range.clone()];
        // `::: handout Title` opens a handout; `:::` closes it.
        if run.block == Block::Paragraph && raw.trim_start().starts_with(":::") {
            let rest = raw.trim_start()[3..].trim_start();
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if rest[..word_end].eq_ignore_ascii_case("handout") {
                let title = rest[word_end..].trim();
                if !title.is_empty() && !title.contains('\n') {
                    let start = run.range.start + raw.rfind(title).unwrap_or(0);
                    pieces.push(Piece::Lit(text[at..start].to_owned()));
                    let index = b.find("handouts.", title).unwrap_or_else(|| {
                        count += 1;
                        let comment = "handout title: the same words as in the lesson's list of handouts".to_owned();
                        b.body(title, comment, offset + start, Kind::Plain)
                    });
                    pieces.push(Piece::Msg { index, prefixes: Vec::new() });
                    at = start + title.len();
                    handout = Some(title.to_owned());
                }
            } else if rest.is_empty() {
                handout = None;
            }
            continue;
        }
        if !raw.chars().any(char::is_alphabetic) {
            continue;
        }
        let (id, prefixes) = if run.block == Block::Code {
            // Its lines end with the text, so the message does not take the last break.
            (raw.strip_suffix('\n').unwrap_or(raw).to_owned(), Vec::new())
        } else {
            strip_prefixes(raw, run.quoted)
        };
        let end = run.range.start + if run.block == Block::Code { id.len() } else { raw.len() };
        let mut comment = match run.block {
            Block::Heading(level) => match &minutes {
                Some(m) => format!("activity heading ({m} minutes; the minutes stay outside the text)"),
                None => format!("heading (level {level})"),
            },
            Block::Paragraph if run.quoted => "quoted paragraph".to_owned(),
            Block::Paragraph => "paragraph".to_owned(),
            Block::Item => "list item".to_owned(),
            Block::Cell => "table cell".to_owned(),
            Block::Code => "preformatted text: keep its lines and spacing, they are shown as written".to_owned(),
        };
        if let Some(title) = &handout {
            comment = format!("{comment}, in the handout “{title}”");
        }
        if let Some(about) = about {
            comment = format!("{about}: {comment}");
        }
        pieces.push(Piece::Lit(text[at..run.range.start].to_owned()));
        count += 1;
        let kind = if run.block == Block::Code { Kind::Plain } else { Kind::Markdown };
        let index = if field == "body" {
            b.body(&id, comment, offset + run.range.start, kind)
        } else {
            let context = b.src.context(&format!("{field}.{count}"));
            b.add(context, &id, comment, offset + run.range.start, kind)
        };
        pieces.push(Piece::Msg { index, prefixes });
        at = end;
    }
    pieces.push(Piece::Lit(text[at..].to_owned()));
    pieces
}

/// The text of a block spanning lines without what starts its later lines (spaces,
/// and `>` in a block quote), and those starts.
fn strip_prefixes(raw: &str, quoted: bool) -> (String, Vec<String>) {
    let mut lines = raw.split('\n');
    let mut text = lines.next().unwrap_or("").to_owned();
    let mut prefixes = Vec::new();
    for line in lines {
        let cut = line
            .char_indices()
            .find(|&(_, c)| !(c == ' ' || c == '\t' || (quoted && c == '>')))
            .map_or(line.len(), |(i, _)| i);
        prefixes.push(line[..cut].to_owned());
        text.push('\n');
        text.push_str(&line[cut..]);
    }
    (text, prefixes)
}
