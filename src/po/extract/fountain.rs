//! The messages of a Fountain play, line by line with the parser's own rules
//! (`parse::fountain`): title page values, scene headings, action, dialogue,
//! parentheticals, transitions, centred text, lyrics, sections, synopses, notes, stop
//! points and Joker prompts. A character cue is no message: it is its cast member's
//! translated name in capitals, so a play's cues are translated once, in its cast.

use super::{Builder, Kind, Piece};
use crate::parse::fountain::{self as f, Element};

struct Lines<'a> {
    body: &'a str,
    /// (start, end) of each line, without its line break.
    spans: Vec<(usize, usize)>,
}

impl Lines<'_> {
    fn text(&self, i: usize) -> &str {
        self.spans.get(i).map_or("", |&(s, e)| &self.body[s..e])
    }
    fn blank(&self, i: usize) -> bool {
        self.text(i).trim().is_empty()
    }
    fn note(&self, i: usize) -> bool {
        let t = self.text(i).trim();
        t.starts_with("[[") && t.ends_with("]]") && !t[2..t.len() - 2].contains("]]")
    }
}

/// Pieces of the play `body` at `offset` in the file.
pub(super) fn pieces(b: &mut Builder, body: &str, offset: usize) -> Vec<Piece> {
    let mut spans = Vec::new();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches('\n').trim_end_matches('\r');
        spans.push((start, start + content.len()));
        start += line.len();
    }
    let lines = Lines { body, spans };
    let mut out = Out { pieces: Vec::new(), at: 0, body, offset };
    let mut i = title_page(b, &lines, &mut out);
    let mut after_blank = true;
    while i < lines.spans.len() {
        let (s, e) = lines.spans[i];
        let raw = &body[s..e];
        let t = raw.trim();
        let ts = s + (raw.len() - raw.trim_start().len());
        if t.is_empty() {
            after_blank = true;
            i += 1;
            continue;
        }
        if lines.note(i) {
            note(b, &mut out, ts + 2, ts + t.len() - 2, "");
            i += 1;
            continue;
        }
        let was_blank = std::mem::replace(&mut after_blank, false);
        let next_text = i + 1 < lines.spans.len() && !lines.blank(i + 1);
        if !t.starts_with('!') {
            if let Some(el) = f::marked_line(t) {
                let (inner, comment) = match &el {
                    Element::PageBreak => (None, ""),
                    Element::Synopsis(x) => (Some(x), "synopsis (facilitator edition only)"),
                    Element::Section { text, .. } => (Some(text), "section heading (facilitator edition only)"),
                    Element::Centered(x) => (Some(x), "centred text"),
                    Element::Transition(_) => (None, "transition"),
                    Element::Lyrics(x) => (Some(x), "lyrics (sung)"),
                    _ => (None, ""),
                };
                if matches!(el, Element::Transition(_)) {
                    out.msg(b, ts, ts + t.len(), transition_comment(), Kind::Fountain);
                } else if let Some(x) = inner.filter(|x| !x.is_empty()) {
                    let at = ts + t.find(x.as_str()).unwrap_or(0);
                    out.msg(b, at, at + x.len(), comment.to_owned(), Kind::Fountain);
                }
                after_blank = matches!(el, Element::PageBreak | Element::Section { .. } | Element::Synopsis(_));
                i += 1;
                continue;
            }
            if was_blank && f::scene_heading(t).is_some() {
                let comment = "scene heading: keep INT./EXT. (ИНТ./НАТ.) or a leading `.` at its start".to_owned();
                out.msg(b, ts, ts + t.len(), comment, Kind::Scene);
                after_blank = true;
                i += 1;
                continue;
            }
            if was_blank && next_text {
                if let Some(Element::Character { name, .. }) = f::cue(t) {
                    cue(b, &mut out, ts, t, &name);
                    i = dialogue(b, &lines, i + 1, &mut out, &name);
                    continue;
                }
            }
            if was_blank && !next_text && t.ends_with("TO:") && f::is_capitals(t) {
                out.msg(b, ts, ts + t.len(), transition_comment(), Kind::Fountain);
                i += 1;
                continue;
            }
        }
        // Action: this line and the next ones up to a blank line or a note.
        let mut j = i;
        while j + 1 < lines.spans.len() && !lines.blank(j + 1) && !lines.note(j + 1) {
            let next = lines.text(j + 1).trim();
            if !next.starts_with('!') && f::marked_line(next).is_some() {
                break;
            }
            j += 1;
        }
        let end = lines.spans[j].1;
        out.multi(b, ts, end, "stage direction (action)".to_owned(), Kind::Fountain);
        i = j + 1;
    }
    out.pieces.push(Piece::Lit(body[out.at..].to_owned()));
    out.pieces
}

fn transition_comment() -> String {
    "transition: a translation that does not end in TO: must start with `> `".to_owned()
}

/// Pieces being written, and how far the body is covered.
struct Out<'a> {
    pieces: Vec<Piece>,
    at: usize,
    body: &'a str,
    offset: usize,
}

impl Out<'_> {
    fn lit_to(&mut self, start: usize) {
        self.pieces.push(Piece::Lit(self.body[self.at..start].to_owned()));
        self.at = start;
    }

    fn msg(&mut self, b: &mut Builder, start: usize, end: usize, comment: String, kind: Kind) {
        let text = &self.body[start..end];
        if !text.chars().any(char::is_alphabetic) {
            return;
        }
        self.lit_to(start);
        let index = b.body(text, comment, self.offset + start, kind);
        self.pieces.push(Piece::Msg { index, prefixes: Vec::new() });
        self.at = end;
    }

    /// A message over several lines; the indentation of later lines stays outside.
    fn multi(&mut self, b: &mut Builder, start: usize, end: usize, comment: String, kind: Kind) {
        let raw = &self.body[start..end];
        if !raw.chars().any(char::is_alphabetic) {
            return;
        }
        let mut text = String::new();
        let mut prefixes = Vec::new();
        for (k, line) in raw.split('\n').enumerate() {
            let line = line.trim_end_matches('\r');
            if k > 0 {
                let cut = line.len() - line.trim_start().len();
                prefixes.push(line[..cut].to_owned());
                text.push('\n');
                text.push_str(&line[cut..]);
            } else {
                text.push_str(line);
            }
        }
        if raw.contains('\r') {
            // Line ends `\r\n`: kept whole rather than rebuilt.
            return self.msg(b, start, end, comment, kind);
        }
        self.lit_to(start);
        let index = b.body(&text, comment, self.offset + start, kind);
        self.pieces.push(Piece::Msg { index, prefixes });
        self.at = end;
    }
}

/// The title page, if the play has one; returns the first line after it.
fn title_page(b: &mut Builder, lines: &Lines, out: &mut Out) -> usize {
    let mut i = (0..lines.spans.len()).find(|&i| !lines.blank(i)).unwrap_or(0);
    let opens = f::key_line(lines.text(i)).is_some_and(|(k, _)| f::TITLE_KEYS.contains(&k.to_lowercase().as_str()));
    if !opens {
        return 0;
    }
    let mut key = String::new();
    while i < lines.spans.len() && !lines.blank(i) {
        let (s, e) = lines.spans[i];
        let raw = &lines.body[s..e];
        let (value_start, value) = match f::key_line(raw) {
            Some((k, v)) => {
                key = k.to_owned();
                (s + raw.rfind(v).unwrap_or(raw.len()), v)
            }
            None => (s + raw.len() - raw.trim_start().len(), raw.trim()),
        };
        if !value.is_empty() {
            let comment = format!("title page: {key}");
            let index = b.add(
                b.src.context(&format!("title_page.{}", i + 1)),
                value,
                comment,
                out.offset + value_start,
                Kind::Plain,
            );
            out.lit_to(value_start);
            out.pieces.push(Piece::Msg { index, prefixes: Vec::new() });
            out.at = value_start + value.len();
        }
        i += 1;
    }
    i
}

/// A note standing alone between `start` and `end` (inside the brackets).
fn note(b: &mut Builder, out: &mut Out, start: usize, end: usize, speaker: &str) {
    let inner = &out.body[start..end];
    let (comment, kind) = match f::note_element(inner) {
        Element::StopPoint(_) => ("forum-theatre stop point: keep `STOP:` (or `СТОП:`) at its start", Kind::Stop),
        Element::JokerPrompt(_) => {
            ("facilitator (Joker) prompt: keep `JOKER:` (or `ДЖОКЕР:`) at its start", Kind::Stop)
        }
        _ => ("note for the actors and the facilitator", Kind::Fountain),
    };
    let comment = if speaker.is_empty() { comment.to_owned() } else { format!("{comment}, in {speaker}'s lines") };
    let lead = inner.len() - inner.trim_start().len();
    out.msg(b, start + lead, start + inner.trim_end().len(), comment, kind);
}

/// A character cue: the cast member's name in capitals, when the cast has it.
fn cue(b: &mut Builder, out: &mut Out, ts: usize, t: &str, name: &str) {
    let at = ts + t.find(name).unwrap_or(0);
    let prefix = b.src.context("cast.");
    let upper = name.to_uppercase();
    let member = b
        .messages
        .iter()
        .position(|m| m.context.starts_with(&prefix) && m.context.ends_with(".name") && m.id.to_uppercase() == upper);
    out.lit_to(at);
    let index = match member {
        Some(index) => {
            // `@Baiysh agai` (forced, as the cast writes it) stays as the cast writes it.
            let as_written = b.messages[index].id == name;
            out.pieces.push(if as_written { Piece::Msg { index, prefixes: Vec::new() } } else { Piece::Cue { index } });
            out.at = at + name.len();
            extension(b, out, ts, t);
            return;
        }
        None => {
            let prefix = b.src.context("cue.");
            match b.messages.iter().position(|m| m.context.starts_with(&prefix) && m.id == name) {
                Some(i) => i,
                None => {
                    let n = b.messages.iter().filter(|m| m.context.starts_with(&prefix)).count() + 1;
                    let context = format!("{prefix}{n}");
                    let comment = "character cue (this role is not in the cast): in capitals".to_owned();
                    b.add(context, name, comment, out.offset + at, Kind::Fountain)
                }
            }
        }
    };
    out.pieces.push(Piece::Msg { index, prefixes: Vec::new() });
    out.at = at + name.len();
    extension(b, out, ts, t);
}

/// A cue's extension (`(CONT'D)`, `(O.S.)`): one message per play for each.
fn extension(b: &mut Builder, out: &mut Out, ts: usize, t: &str) {
    let Some(Element::Character { extension: Some(ext), .. }) = f::cue(t) else { return };
    let Some(at) = t.rfind(ext.as_str()).map(|i| ts + i) else { return };
    if at < out.at {
        return;
    }
    let prefix = b.src.context("cue_extension.");
    let index = match b.messages.iter().position(|m| m.context.starts_with(&prefix) && m.id == ext) {
        Some(i) => i,
        None => {
            let n = b.messages.iter().filter(|m| m.context.starts_with(&prefix)).count() + 1;
            let context = format!("{prefix}{n}");
            let comment =
                "character cue extension, in brackets: (CONT'D) continued, (O.S.) off stage, (V.O.) voice over"
                    .to_owned();
            b.add(context, &ext, comment, out.offset + at, Kind::Fountain)
        }
    };
    out.lit_to(at);
    out.pieces.push(Piece::Msg { index, prefixes: Vec::new() });
    out.at = at + ext.len();
}

/// The lines spoken after a cue, from line `i` to a blank line; returns the line after.
fn dialogue(b: &mut Builder, lines: &Lines, mut i: usize, out: &mut Out, name: &str) -> usize {
    while i < lines.spans.len() && !lines.blank(i) {
        let (s, _) = lines.spans[i];
        let raw = lines.text(i);
        let t = raw.trim();
        let ts = s + (raw.len() - raw.trim_start().len());
        if lines.note(i) {
            note(b, out, ts + 2, ts + t.len() - 2, name);
            i += 1;
        } else if t.starts_with('(') && t.ends_with(')') {
            out.msg(b, ts, ts + t.len(), format!("parenthetical: how {name} speaks or acts"), Kind::Fountain);
            i += 1;
        } else {
            let mut j = i;
            while j + 1 < lines.spans.len() && !lines.blank(j + 1) && !lines.note(j + 1) {
                let next = lines.text(j + 1).trim();
                if next.starts_with('(') && next.ends_with(')') {
                    break;
                }
                j += 1;
            }
            out.multi(b, ts, lines.spans[j].1, format!("dialogue: {name}"), Kind::Fountain);
            i = j + 1;
        }
    }
    i
}
