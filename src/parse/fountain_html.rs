//! HTML rendering of a parsed Fountain [`Script`] (a child module of `fountain.rs`).
//!
//! The markup is semantic and styled by the theme's `css/script.css`; every text is
//! HTML-escaped and emphasis markers become `<strong>`, `<em>` and `<u>`.

use super::{Edition, Element, Labels, Script, scene_ids};
use std::fmt::Write as _;

/// Renders the play as HTML inside `<div class="script">`.
///
/// [`Edition::Actors`] leaves out notes, stop points, Joker prompts, sections and
/// synopses; [`Edition::Facilitator`] (also used for the web page) shows notes, stop
/// points and Joker prompts as `<aside>` boxes whose `data-label` comes from `labels`.
pub fn render_html(script: &Script, edition: Edition, labels: &Labels) -> String {
    let mut r = Renderer {
        out: String::with_capacity(1024),
        facilitator: edition == Edition::Facilitator,
        labels,
        scene_ids: scene_ids(&script.elements),
        scene: 0,
    };
    r.out.push_str("<div class=\"script\">\n");
    if !script.title_page.is_empty() {
        r.out.push_str("<dl class=\"title-page\">\n");
        for (key, value) in &script.title_page {
            let _ = writeln!(r.out, "<dt>{}</dt><dd>{}</dd>", escape(key), lines(value, false));
        }
        r.out.push_str("</dl>\n");
    }
    let els = &script.elements;
    let mut i = 0;
    while i < els.len() {
        if !matches!(els[i], Element::Character { .. }) {
            r.element(&els[i]);
            i += 1;
            continue;
        }
        let end = block_end(els, i);
        match els.get(end) {
            Some(Element::Character { dual: true, .. }) => {
                let second_end = block_end(els, end);
                r.out.push_str("<div class=\"dual-dialogue\">\n");
                r.block(&els[i..end]);
                r.block(&els[end..second_end]);
                r.out.push_str("</div>\n");
                i = second_end;
            }
            _ => {
                r.block(&els[i..end]);
                i = end;
            }
        }
    }
    r.out.push_str("</div>\n");
    r.out
}

/// The end of the dialogue block starting with the cue at `start`: its dialogue and
/// parentheticals, and the notes between them (not notes after the last speech).
fn block_end(els: &[Element], start: usize) -> usize {
    let mut end = start + 1;
    loop {
        let mut k = end;
        while matches!(els.get(k), Some(Element::Note(_) | Element::StopPoint(_) | Element::JokerPrompt(_))) {
            k += 1;
        }
        match els.get(k) {
            Some(Element::Dialogue(_) | Element::Parenthetical(_)) => end = k + 1,
            _ => return end,
        }
    }
}

struct Renderer<'a> {
    out: String,
    facilitator: bool,
    labels: &'a Labels<'a>,
    scene_ids: Vec<String>,
    scene: usize,
}

impl Renderer<'_> {
    fn block(&mut self, els: &[Element]) {
        self.out.push_str("<div class=\"dialogue-block\">\n");
        for e in els {
            self.element(e);
        }
        self.out.push_str("</div>\n");
    }

    fn element(&mut self, e: &Element) {
        let out = &mut self.out;
        let fac = self.facilitator;
        let _ = match e {
            Element::SceneHeading { text, number } => {
                let id = self.scene_ids.get(self.scene).cloned().unwrap_or_default();
                self.scene += 1;
                let _ = write!(out, "<h3 class=\"scene-heading\" id=\"{}\">{}", escape(&id), inline(text, true));
                if let Some(n) = number {
                    let _ = write!(out, " <span class=\"scene-number\">{}</span>", escape(n));
                }
                writeln!(out, "</h3>")
            }
            Element::Action(t) => writeln!(out, "<p class=\"action\">{}</p>", lines(t, true)),
            Element::Character { name, extension, .. } => {
                let _ = write!(out, "<p class=\"character\">{}", inline(name, true));
                if let Some(ext) = extension {
                    let _ = write!(out, " <span class=\"extension\">{}</span>", escape(ext));
                }
                writeln!(out, "</p>")
            }
            Element::Dialogue(t) => writeln!(out, "<p class=\"dialogue\">{}</p>", lines(t, false)),
            Element::Parenthetical(t) => {
                writeln!(out, "<p class=\"parenthetical\">{}</p>", inline(t, true))
            }
            Element::Transition(t) => {
                writeln!(out, "<p class=\"transition\">{}</p>", inline(t, true))
            }
            Element::Centered(t) => writeln!(out, "<p class=\"centered\">{}</p>", inline(t, true)),
            Element::Lyrics(t) => writeln!(out, "<p class=\"lyrics\">{}</p>", lines(t, false)),
            Element::PageBreak => writeln!(out, "<hr class=\"page-break\">"),
            Element::Section { level, text } if fac => {
                let tag = match level {
                    0 | 1 => "h2",
                    2 => "h3",
                    _ => "h4",
                };
                writeln!(out, "<{tag} class=\"script-section level-{level}\">{}</{tag}>", inline(text, true))
            }
            Element::Synopsis(t) if fac => {
                writeln!(out, "<p class=\"synopsis\">{}</p>", inline(t, true))
            }
            Element::Note(t) if fac => aside(out, "note", self.labels.note, t),
            Element::StopPoint(t) if fac => aside(out, "stop-point", self.labels.stop_point, t),
            Element::JokerPrompt(t) if fac => aside(out, "joker", self.labels.joker, t),
            Element::Section { .. }
            | Element::Synopsis(_)
            | Element::Note(_)
            | Element::StopPoint(_)
            | Element::JokerPrompt(_) => Ok(()),
        };
    }
}

fn aside(out: &mut String, class: &str, label: &str, text: &str) -> std::fmt::Result {
    writeln!(
        out,
        "<aside class=\"{class}\" data-label=\"{}\" role=\"note\">{}</aside>",
        escape(label),
        inline(text, true)
    )
}

/// Text with `\n` line breaks as HTML joined by `<br>`; with `indent`, leading spaces
/// and tabs are kept as non-breaking spaces (a tab counts four).
fn lines(text: &str, indent: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push_str("<br>");
        }
        let body = line.trim_start_matches([' ', '\t']);
        if indent {
            for c in line[..line.len() - body.len()].chars() {
                out.push_str(if c == '\t' { "&nbsp;&nbsp;&nbsp;&nbsp;" } else { "&nbsp;" });
            }
        }
        out.push_str(&inline(body.trim_end(), true));
    }
    out
}

/// Escapes `& < > " '` for text and attribute values.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
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

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Italic,
    Bold,
    BoldItalic,
    Underline,
}

impl Mark {
    fn tags(self) -> (&'static str, &'static str) {
        match self {
            Mark::Italic => ("<em>", "</em>"),
            Mark::Bold => ("<strong>", "</strong>"),
            Mark::BoldItalic => ("<strong><em>", "</em></strong>"),
            Mark::Underline => ("<u>", "</u>"),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Literal,
    Open,
    Close,
}

enum Tok {
    Text(String),
    Mark { mark: Mark, raw: &'static str, role: Role },
}

fn set_role(tok: &mut Tok, to: Role) {
    if let Tok::Mark { role, .. } = tok {
        *role = to;
    }
}

/// One line of text with Fountain emphasis: `***bold italic***`, `**bold**`,
/// `*italic*`, `_underline_`; `\*` and `\_` are literal. With `html`, the result is
/// escaped HTML with tags; without, plain text with the markers removed.
///
/// Markers pair like brackets (linear, with a stack); an opener must be followed and
/// a closer preceded by a non-space, and `_` inside a word (`snake_case`) is literal.
/// Unpaired markers stay as written.
pub(super) fn inline(text: &str, html: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut buf = String::new();
    let mut stack: Vec<(usize, Mark)> = Vec::new();
    let mut open = [0usize; 4];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && matches!(chars.get(i + 1), Some('*' | '_')) {
            buf.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c != '*' && c != '_' {
            buf.push(c);
            i += 1;
            continue;
        }
        let n = chars[i..].iter().take_while(|&&x| x == c).count();
        let (mark, raw) = match (c, n) {
            ('*', 1) => (Mark::Italic, "*"),
            ('*', 2) => (Mark::Bold, "**"),
            ('*', 3) => (Mark::BoldItalic, "***"),
            ('_', 1) => (Mark::Underline, "_"),
            _ => {
                buf.extend(&chars[i..i + n]);
                i += n;
                continue;
            }
        };
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + n).copied();
        let word = |ch: Option<char>| c == '_' && ch.is_some_and(char::is_alphanumeric);
        let can_open = next.is_some_and(|x| !x.is_whitespace()) && !word(prev);
        let can_close = prev.is_some_and(|x| !x.is_whitespace()) && !word(next);
        i += n;
        if !buf.is_empty() {
            toks.push(Tok::Text(std::mem::take(&mut buf)));
        }
        let idx = toks.len();
        toks.push(Tok::Mark { mark, raw, role: Role::Literal });
        // `open[m]` counts openers of mark `m` on the stack, so a closer with no opener
        // costs nothing and one with an opener pops what it scans.
        if can_close && open[mark as usize] > 0 {
            // Close the nearest matching opener; openers above it stay literal.
            while let Some((at, m)) = stack.pop() {
                open[m as usize] -= 1;
                if m == mark {
                    set_role(&mut toks[at], Role::Open);
                    set_role(&mut toks[idx], Role::Close);
                    break;
                }
            }
        } else if can_open {
            stack.push((idx, mark));
            open[mark as usize] += 1;
        }
    }
    if !buf.is_empty() {
        toks.push(Tok::Text(buf));
    }
    let mut out = String::with_capacity(text.len() + 16);
    for tok in &toks {
        match tok {
            Tok::Text(t) if html => out.push_str(&escape(t)),
            Tok::Text(t) => out.push_str(t),
            Tok::Mark { raw, role: Role::Literal, .. } => out.push_str(raw),
            Tok::Mark { mark, role: Role::Open, .. } if html => out.push_str(mark.tags().0),
            Tok::Mark { mark, role: Role::Close, .. } if html => out.push_str(mark.tags().1),
            Tok::Mark { .. } => {}
        }
    }
    out
}
