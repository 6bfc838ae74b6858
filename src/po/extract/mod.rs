//! A content file as a skeleton and its messages: everything a reader sees (front
//! matter texts, Markdown blocks with their inline markup, Fountain elements) becomes
//! a [`Message`]; everything else (keys, numbers, Markdown and Fountain structure,
//! heading attributes, character cues) stays in the skeleton. Writing the skeleton
//! with each message's text gives the file back byte for byte ([`Doc::render`]);
//! writing it with translations gives the translated file. Two files line up when
//! their skeletons are the same ([`align`]).

mod fountain;
mod front_matter;
mod markdown;

use crate::model::{Item, Translation};
use crate::parse::front_matter::ContentType;
use std::borrow::Cow;

pub use front_matter::{Style, encode};

/// One text to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Stable and unique in the catalog: `lessons/01-a:objectives.2`, `lessons/01-a:body.7`.
    pub context: String,
    pub id: String,
    /// What it is, for the translator: "lesson objective", "dialogue: AIGUL".
    pub comment: String,
    /// 1-based line in the source file.
    pub line: usize,
    pub kind: Kind,
}

/// What a message's text may hold, for the safety checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text (a TOML value shown as it is).
    Plain,
    /// Inline Markdown: emphasis, links, images, contact shortcuts.
    Markdown,
    /// A line or lines of a Fountain play.
    Fountain,
    /// A forum-theatre stop point or facilitator prompt.
    Stop,
    /// A play's scene heading.
    Scene,
}

/// A part of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Written as it is.
    Lit(String),
    /// A message's text; `prefixes[k]` goes after its k-th line break (a block
    /// quote's `> `, a list item's indentation).
    Msg { index: usize, prefixes: Vec<String> },
    /// A character cue: the cast member's name (message `index`) in capitals.
    Cue { index: usize },
    /// A TOML string value holding the pieces, written in `style`.
    Toml { style: Style, pieces: Vec<Piece> },
}

/// A file as skeleton and messages.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub pieces: Vec<Piece>,
    pub messages: Vec<Message>,
}

impl Doc {
    /// The file, with `text(i)` for message `i`.
    pub fn render<'a>(&'a self, text: &dyn Fn(usize) -> Cow<'a, str>) -> String {
        let mut out = String::new();
        render_into(&self.pieces, text, &mut out);
        out
    }

    /// The file as it was (every message its own text).
    pub fn source(&self) -> String {
        self.render(&|i| Cow::Borrowed(self.messages[i].id.as_str()))
    }
}

fn render_into<'a>(pieces: &'a [Piece], text: &dyn Fn(usize) -> Cow<'a, str>, out: &mut String) {
    for p in pieces {
        match p {
            Piece::Lit(s) => out.push_str(s),
            Piece::Msg { index, prefixes } => {
                let t = text(*index);
                for (k, line) in t.split('\n').enumerate() {
                    if k > 0 {
                        out.push('\n');
                        out.push_str(prefixes.get(k - 1).or(prefixes.last()).map_or("", String::as_str));
                    }
                    out.push_str(line);
                }
            }
            Piece::Cue { index } => out.push_str(&text(*index).to_uppercase()),
            Piece::Toml { style, pieces } => {
                let mut inner = String::new();
                render_into(pieces, text, &mut inner);
                out.push_str(&encode(*style, &inner));
            }
        }
    }
}

/// What a file is, for the comments and contexts of its messages.
pub struct Source<'a> {
    /// The page's `@/` path (`""`: the home page).
    pub page: &'a str,
    pub content_type: ContentType,
    /// A section's `_index` file.
    pub section: bool,
    /// Poster sizes, for the comments of its texts ("A4, A6").
    pub sizes: String,
}

impl<'a> Source<'a> {
    pub fn of(page: &'a str, item: Option<&Item>, t: &Translation) -> Source<'a> {
        let sizes = t.content.poster().map(|p| p.sizes.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", "));
        Source {
            page,
            content_type: item.map_or(ContentType::Page, |i| i.content_type),
            section: item.is_none(),
            sizes: sizes.unwrap_or_default(),
        }
    }

    fn context(&self, rest: &str) -> String {
        let page = if self.page.is_empty() { "(home)" } else { self.page };
        format!("{page}:{rest}")
    }
}

/// Builds a [`Doc`], numbering messages as they come.
pub(crate) struct Builder<'a> {
    pub src: &'a Source<'a>,
    pub messages: Vec<Message>,
    /// The whole file, for line numbers.
    pub file: &'a str,
    body_count: usize,
}

impl<'a> Builder<'a> {
    fn add(&mut self, context: String, id: &str, comment: String, offset: usize, kind: Kind) -> usize {
        let line = self.file[..offset.min(self.file.len())].matches('\n').count() + 1;
        self.messages.push(Message { context, id: id.to_owned(), comment, line, kind });
        self.messages.len() - 1
    }

    /// A message of the body (numbered `body.1`, `body.2`…).
    fn body(&mut self, id: &str, comment: String, offset: usize, kind: Kind) -> usize {
        self.body_count += 1;
        let context = self.src.context(&format!("body.{}", self.body_count));
        self.add(context, id, comment, offset, kind)
    }

    /// The message whose text is `id` and whose context starts with `prefix`, if any.
    fn find(&self, prefix: &str, id: &str) -> Option<usize> {
        let prefix = self.src.context(prefix);
        self.messages.iter().position(|m| m.context.starts_with(&prefix) && m.id == id)
    }
}

/// The doc of a file's `text` (front matter and body).
pub fn extract(src: &Source, path: &std::path::Path, text: &str) -> Result<Doc, crate::error::Diagnostic> {
    let split = crate::parse::front_matter::split(path, text)?;
    let mut b = Builder { src, messages: Vec::new(), file: text, body_count: 0 };
    let mut pieces = vec![Piece::Lit(text[..split.front_matter_offset].to_owned())];
    pieces.extend(front_matter::pieces(&mut b, split.front_matter, split.front_matter_offset, path, text)?);
    pieces.push(Piece::Lit(text[split.front_matter_offset + split.front_matter.len()..split.body_offset].to_owned()));
    let body = split.body;
    if src.content_type == ContentType::Scenario && !src.section {
        pieces.extend(fountain::pieces(&mut b, body, split.body_offset));
    } else {
        pieces.extend(markdown::pieces(&mut b, body, split.body_offset, "body", None));
    }
    Ok(Doc { pieces: merge_lits(pieces), messages: b.messages })
}

/// Joins neighbouring literal pieces, so that two docs compare piece by piece.
fn merge_lits(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match (p, out.last_mut()) {
            (Piece::Lit(s), _) if s.is_empty() => {}
            (Piece::Lit(s), Some(Piece::Lit(prev))) => prev.push_str(&s),
            (Piece::Toml { style, pieces }, _) => out.push(Piece::Toml { style, pieces: merge_lits(pieces) }),
            (p, _) => out.push(p),
        }
    }
    out
}

/// The texts of `target`'s messages in the order of `source`'s, when the two files
/// have the same skeleton; else why not, with the line of `target` (whose text is
/// `target_text`, `removed` lines of the file left out) where they part.
pub fn align(source: &Doc, target: &Doc, target_text: &str, removed: &[usize]) -> Result<Vec<String>, String> {
    let mut texts: Vec<Option<String>> = vec![None; source.messages.len()];
    align_pieces(&source.pieces, &target.pieces, source, target, &mut texts).map_err(|(why, k, extra)| {
        let mut before = String::new();
        render_into(
            &target.pieces[..k.min(target.pieces.len())],
            &|i| Cow::Borrowed(&target.messages[i].id),
            &mut before,
        );
        let offset = (before.len() + extra).min(target_text.len());
        let mut line = target_text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        for &r in removed {
            if r <= line {
                line += 1;
            }
        }
        format!("{why} (line {line})")
    })?;
    Ok(texts.into_iter().map(Option::unwrap_or_default).collect())
}

/// Why two skeletons part, the index of the target's piece where, and a byte offset in it.
type Mismatch = (String, usize, usize);

fn align_pieces(s: &[Piece], t: &[Piece], sd: &Doc, td: &Doc, texts: &mut [Option<String>]) -> Result<(), Mismatch> {
    for (k, sp) in s.iter().enumerate() {
        let Some(tp) = t.get(k) else {
            return Err(("the translation ends early".to_owned(), k, 0));
        };
        match (sp, tp) {
            (Piece::Lit(a), Piece::Lit(b)) if a == b => {}
            (Piece::Lit(a), Piece::Lit(b)) => {
                let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                return Err((lit_difference(a, b), k, common));
            }
            (Piece::Msg { index: i, .. }, Piece::Msg { index: j, .. })
            | (Piece::Cue { index: i }, Piece::Cue { index: j }) => {
                let text = &td.messages[*j].id;
                let (a, b) = (&sd.messages[*i], &td.messages[*j]);
                if a.context != b.context || a.kind != b.kind {
                    return Err((
                        format!("“{}” stands where the original has another kind of text", short(text)),
                        k,
                        0,
                    ));
                }
                match &texts[*i] {
                    Some(prev) if prev != text => {
                        return Err((format!("“{}” is written two ways in the translation", short(text)), k, 0));
                    }
                    _ => texts[*i] = Some(text.clone()),
                }
            }
            (Piece::Toml { pieces: a, .. }, Piece::Toml { pieces: b, .. }) => {
                align_pieces(a, b, sd, td, texts).map_err(|(why, _, _)| (why, k, 0))?
            }
            (_, Piece::Msg { index, .. }) => {
                return Err((format!("“{}” has no counterpart in the original", short(&td.messages[*index].id)), k, 0));
            }
            _ => return Err(("the original has a text here that the translation lacks".to_owned(), k, 0)),
        }
    }
    if t.len() > s.len() {
        return Err(("the translation has more text than the original".to_owned(), s.len(), 0));
    }
    Ok(())
}

fn lit_difference(a: &str, b: &str) -> String {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let show =
        |s: &str| short(&s.chars().skip(common.saturating_sub(10)).take(40).collect::<String>()).replace('\n', "⏎");
    format!("the structure differs: the original has `{}` where the translation has `{}`", show(a), show(b))
}

fn short(s: &str) -> String {
    let first: String = s.chars().take(60).collect();
    if first.len() < s.len() { format!("{first}…") } else { first }
}

#[cfg(test)]
mod tests;
