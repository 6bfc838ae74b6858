//! The messages of a front matter: its reader-visible string values, found with their
//! byte spans by `toml_edit` (the parser the poster editor already uses), and how a
//! translated value is written back in the quoting the original used.

use super::{Builder, Kind, Piece};
use crate::error::Diagnostic;
use crate::parse::front_matter::ContentType;
use std::path::Path;
use toml_edit::{Item, Value};

/// How a TOML string is quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `"…"`
    Basic,
    /// `"""…"""`; `true` when the original starts with a line break after `"""`.
    MultiBasic(bool),
    /// `'…'`
    Literal,
    /// `'''…'''`
    MultiLiteral(bool),
}

impl Style {
    fn of(raw: &str) -> Style {
        let newline = |r: &str| r.starts_with('\n') || r.starts_with("\r\n");
        if let Some(r) = raw.strip_prefix("\"\"\"") {
            Style::MultiBasic(newline(r))
        } else if let Some(r) = raw.strip_prefix("'''") {
            Style::MultiLiteral(newline(r))
        } else if raw.starts_with('\'') {
            Style::Literal
        } else {
            Style::Basic
        }
    }
}

/// `text` as a TOML string in `style`, or in the nearest style that can hold it.
pub fn encode(style: Style, text: &str) -> String {
    match style {
        Style::Literal if !text.contains(['\'', '\n', '\r']) && !text.chars().any(char::is_control) => {
            format!("'{text}'")
        }
        Style::MultiLiteral(nl) if !text.contains("'''") && !text.ends_with('\'') && !has_controls(text) => {
            format!("'''{}{text}'''", if nl { "\n" } else { "" })
        }
        Style::MultiBasic(nl) | Style::MultiLiteral(nl) => {
            let mut out = String::from("\"\"\"");
            if nl {
                out.push('\n');
            }
            let chars: Vec<char> = text.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    // A quote that would close the string, or end it, is escaped.
                    '"' if chars.get(i + 1) == Some(&'"') && chars.get(i + 2) == Some(&'"') || i + 1 == chars.len() => {
                        out.push_str("\\\"")
                    }
                    '\n' | '\t' => out.push(c),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push_str("\"\"\"");
            out
        }
        Style::Basic | Style::Literal => {
            let mut out = String::from("\"");
            for c in text.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '"' => out.push_str("\\\""),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
    }
}

fn has_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

/// What a key's value is.
enum Field {
    One(&'static str),
    List(&'static str),
    /// Markdown in a string (`preparation`, `teacher_notes`).
    Markdown(&'static str),
    Cast,
}

fn field(key: &str, ty: ContentType, sizes: &str) -> Option<Field> {
    let title = match ty {
        ContentType::Page => "page title",
        ContentType::Lesson => "lesson title",
        ContentType::Scenario => "play title",
        ContentType::Poster => "poster title (on the website; the poster shows its headline)",
        ContentType::News => "news title",
    };
    Some(match key {
        "title" => Field::One(title),
        "summary" => Field::One("summary: one or two sentences, shown in lists and link previews"),
        "objectives" => Field::List("lesson objective"),
        "materials" => Field::List("lesson material: what the teacher needs"),
        "topics" => Field::List("lesson topic: a tag; the same words on every lesson make one topic page"),
        "handouts" => Field::List("handout title: the same words as its `::: handout` line in the text"),
        "preparation" => Field::Markdown("lesson preparation"),
        "teacher_notes" => Field::Markdown("notes for the teacher"),
        "content_note" => Field::One("content note: warns readers before sensitive content"),
        "audience" => Field::One("play: who it is for"),
        "format" => Field::One("play: its format (forum theatre, …)"),
        "cast" => Field::Cast,
        "headline" => Field::One(leak(format!("poster headline, {sizes}: keep it short"))),
        "text" => Field::One(leak(format!("poster text, {sizes}: it must fit on the poster"))),
        "cta" => Field::One(leak(format!("poster call to action, {sizes}: a few words"))),
        "image_alt" => Field::One("poster image described for readers who cannot see it (alt text)"),
        _ => return None,
    })
}

/// Comments are few and short-lived; this keeps [`Field`] simple.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// A string value found: its span in the front matter and its pieces.
struct Found {
    start: usize,
    end: usize,
    piece: Piece,
}

/// The pieces of the front matter `fm` (at `offset` in `file`).
pub(super) fn pieces(
    b: &mut Builder,
    fm: &str,
    offset: usize,
    path: &Path,
    file: &str,
) -> Result<Vec<Piece>, Diagnostic> {
    let doc = toml_edit::Document::parse(fm).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        Diagnostic::error(path, format!("front matter: {}", e.message())).at_offset(file, offset + at)
    })?;
    let sizes = b.src.sizes.clone();
    let ty = if b.src.section { ContentType::Page } else { b.src.content_type };
    let mut found = Vec::new();
    let mut cast_names: Vec<(String, usize)> = Vec::new();
    for (key, item) in doc.as_table().iter() {
        let Some(f) = field(key, ty, &sizes) else { continue };
        let list = || -> Vec<&Value> {
            match item {
                Item::Value(Value::Array(a)) => a.iter().collect(),
                _ => Vec::new(),
            }
        };
        match f {
            Field::One(comment) => {
                if let Some(v) = item.as_value() {
                    string(b, &mut found, v, fm, offset, key, comment, Kind::Plain);
                }
            }
            Field::List(comment) => {
                for (i, v) in list().into_iter().enumerate() {
                    string(b, &mut found, v, fm, offset, &format!("{key}.{}", i + 1), comment, Kind::Plain);
                }
            }
            Field::Markdown(comment) => {
                if let Some(v) = item.as_value() {
                    markdown(b, &mut found, v, fm, offset, key, comment);
                }
            }
            Field::Cast => cast(b, &mut found, item, fm, offset, &mut cast_names),
        }
    }
    found.sort_by_key(|f| f.start);
    let mut pieces = Vec::new();
    let mut at = 0;
    for f in found {
        pieces.push(Piece::Lit(fm[at..f.start].to_owned()));
        pieces.push(f.piece);
        at = f.end;
    }
    pieces.push(Piece::Lit(fm[at..].to_owned()));
    Ok(pieces)
}

#[allow(clippy::too_many_arguments)]
fn string(
    b: &mut Builder,
    found: &mut Vec<Found>,
    v: &Value,
    fm: &str,
    offset: usize,
    name: &str,
    comment: &str,
    kind: Kind,
) -> Option<usize> {
    let (Some(text), Some(span)) = (v.as_str(), v.span()) else { return None };
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    let context = b.src.context(name);
    let index = b.add(context, text, comment.to_owned(), offset + span.start, kind);
    let style = Style::of(&fm[span.clone()]);
    found.push(Found {
        start: span.start,
        end: span.end,
        piece: Piece::Toml { style, pieces: vec![Piece::Msg { index, prefixes: Vec::new() }] },
    });
    Some(index)
}

fn markdown(b: &mut Builder, found: &mut Vec<Found>, v: &Value, fm: &str, offset: usize, key: &str, comment: &str) {
    let (Some(text), Some(span)) = (v.as_str(), v.span()) else { return };
    let raw = &fm[span.clone()];
    let style = Style::of(raw);
    // Where the value's text starts in the file, for line numbers.
    let skip = match style {
        Style::MultiBasic(true) | Style::MultiLiteral(true) => 3 + if raw[3..].starts_with("\r\n") { 2 } else { 1 },
        Style::MultiBasic(false) | Style::MultiLiteral(false) => 3,
        _ => 1,
    };
    let inner = super::markdown::pieces(b, text, offset + span.start + skip, key, Some(comment));
    found.push(Found { start: span.start, end: span.end, piece: Piece::Toml { style, pieces: inner } });
}

fn cast(
    b: &mut Builder,
    found: &mut Vec<Found>,
    item: &Item,
    fm: &str,
    offset: usize,
    names: &mut Vec<(String, usize)>,
) {
    // `cast = [{…}, …]` or `[[cast]]` tables: both are a list of tables.
    let members: Vec<Vec<(&str, &Value)>> = match item {
        Item::Value(Value::Array(a)) => {
            a.iter().filter_map(|v| v.as_inline_table()).map(|t| t.iter().collect()).collect()
        }
        Item::ArrayOfTables(a) => {
            a.iter().map(|t| t.iter().filter_map(|(k, i)| i.as_value().map(|v| (k, v))).collect()).collect()
        }
        _ => Vec::new(),
    };
    for (i, member) in members.iter().enumerate() {
        if let Some((_, v)) = member.iter().find(|(k, _)| *k == "name") {
            let comment = "character name; the play's character cues are this name in capitals";
            if let Some(index) = string(b, found, v, fm, offset, &format!("cast.{}.name", i + 1), comment, Kind::Plain)
            {
                names.push((v.as_str().unwrap_or_default().to_owned(), index));
            }
        }
    }
    for (i, member) in members.iter().enumerate() {
        let name = member.iter().find(|(k, _)| *k == "name").and_then(|(_, v)| v.as_str()).unwrap_or("?");
        for (key, v) in member {
            match *key {
                "note" => {
                    let comment = format!("cast: note on {name}");
                    string(b, found, v, fm, offset, &format!("cast.{}.note", i + 1), &comment, Kind::Plain);
                }
                "doubling" => {
                    // Another role's name: the same message as that role's name.
                    let (Some(text), Some(span)) = (v.as_str(), v.span()) else { continue };
                    let piece = match names.iter().find(|(n, _)| n == text) {
                        Some((_, index)) => Piece::Msg { index: *index, prefixes: Vec::new() },
                        None => {
                            let comment = format!("cast: the other role {name} plays");
                            string(b, found, v, fm, offset, &format!("cast.{}.doubling", i + 1), &comment, Kind::Plain);
                            continue;
                        }
                    };
                    let style = Style::of(&fm[span.clone()]);
                    found.push(Found {
                        start: span.start,
                        end: span.end,
                        piece: Piece::Toml { style, pieces: vec![piece] },
                    });
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_back_in_their_quoting() {
        for (style, text, want) in [
            (Style::Basic, "Say \"no\"", r#""Say \"no\"""#),
            (Style::Literal, "C:\\x", "'C:\\x'"),
            (Style::Literal, "it's", "\"it's\""),
            (Style::MultiBasic(true), "a\n\"b\"\n", "\"\"\"\na\n\"b\"\n\"\"\""),
            (Style::MultiBasic(false), "ends with \"", "\"\"\"ends with \\\"\"\"\""),
        ] {
            let encoded = encode(style, text);
            assert_eq!(encoded, want);
            let parsed: toml::Table = toml::from_str(&format!("k = {encoded}")).unwrap();
            assert_eq!(parsed["k"].as_str(), Some(text));
        }
    }
}
