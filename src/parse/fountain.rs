//! Fountain screenplay parsing for scenario pages.
//!
//! Scenario bodies (`type = "scenario"`) are plays written in Fountain, with the
//! forum-theatre additions described in `docs/content.md`: stop points
//! (`[[STOP: …]]`) and Joker prompts (`[[JOKER: …]]`). The loader hands the body
//! (front matter already removed) to [`parse`], which returns a [`Script`]: the
//! title page and a flat list of [`Element`]s. [`render_html`] turns that into the
//! HTML the theme's `css/script.css` styles, in the actors' or the facilitator's
//! edition, and [`scenes`] lists the scene headings with their ids for a table of
//! contents. The renderer lives in `fountain_html.rs`, a private child module.
//!
//! The parser is line based and linear in the input size; it never panics, so
//! any text an author writes produces some script rather than an error.

use std::collections::{HashMap, HashSet};

#[path = "fountain_html.rs"]
mod html;

pub use html::render_html;

/// A parsed play.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    /// The title page's `Key: value` pairs in source order (`("Title", "Safe Road")`).
    /// A value continued on indented lines keeps its line breaks as `\n`.
    pub title_page: Vec<(String, String)>,
    /// The body, in order. Dialogue and parentheticals follow their [`Element::Character`].
    pub elements: Vec<Element>,
}

/// One element of a play. Texts are as written (not HTML-escaped) and may still
/// contain emphasis markers (`*`, `**`, `_`), which the renderer interprets.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// `INT. KITCHEN - NIGHT`, `ИНТ. КУХНЯ — ВЕЧЕР`, `.FORCED`; `number` from `#12A#`.
    SceneHeading { text: String, number: Option<String> },
    /// A paragraph of action; lines are separated by `\n` and keep their indentation.
    Action(String),
    /// A character cue. `extension` is kept with its brackets, e.g. `(V.O.)`, `(ЗК)`.
    /// `dual` is set on the *second* cue of a dual-dialogue pair (the one marked `^`).
    Character { name: String, extension: Option<String>, dual: bool },
    /// Speech after a cue; lines separated by `\n`.
    Dialogue(String),
    /// `(quietly)` inside dialogue, brackets included.
    Parenthetical(String),
    /// `CUT TO:` or a forced `> TEXT`.
    Transition(String),
    /// `> THE END <`, without the markers.
    Centered(String),
    /// `~` lines; consecutive lines joined with `\n`.
    Lyrics(String),
    /// A `[[note]]` standing on a line of its own.
    Note(String),
    /// `# Act one` … `###### …` (a space after the `#`s, so `#hashtag` stays action).
    Section { level: u8, text: String },
    /// `= text`.
    Synopsis(String),
    /// `===`.
    PageBreak,
    /// `[[STOP: …]]` / `[[СТОП: …]]`: where the Joker may halt the scene.
    StopPoint(String),
    /// `[[JOKER: …]]` / `[[ДЖОКЕР: …]]`: a prompt for the facilitator.
    JokerPrompt(String),
}

/// Which printed edition to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    /// The play only: notes, stop points, Joker prompts, sections and synopses are left out.
    Actors,
    /// Everything, with facilitator material in labelled boxes (also used on the web page).
    Facilitator,
}

/// Translated labels for the facilitator boxes (written to `data-label` attributes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Labels<'a> {
    /// Label of a stop point box, e.g. "Stop point".
    pub stop_point: &'a str,
    /// Label of a Joker prompt box, e.g. "Joker prompt".
    pub joker: &'a str,
    /// Label of an ordinary note, e.g. "Note".
    pub note: &'a str,
}

impl Default for Labels<'static> {
    /// The English labels of the default theme.
    fn default() -> Self {
        Labels { stop_point: "Stop point", joker: "Joker prompt", note: "Note" }
    }
}

/// Title page keys that may open a title page (compared case-insensitively).
/// Once a title page has started, any `Key:` line is accepted.
#[rustfmt::skip]
pub(crate) const TITLE_KEYS: &[&str] = &[
    "title", "credit", "author", "authors", "source", "draft date", "date", "contact",
    "copyright", "notes", "revision", "название", "заглавие", "автор", "авторы",
    "источник", "дата", "контакты", "аталышы", "автору", "авторлор", "булагы",
];

/// Scene heading prefixes (compared case-insensitively), each followed by `.` or a space.
/// `INT./EXT.` and `ИНТ./НАТ.` are covered by `INT` and `ИНТ`.
const SCENE_PREFIXES: &[&str] = &["INT", "EXT", "EST", "I/E", "ИНТ", "НАТ", "ИЧК", "ТЫШ"];

/// Parses a Fountain play. Never fails: text that is nothing else is action.
pub fn parse(source: &str) -> Script {
    let lines = preprocess(source);
    let (title_page, mut i) = title_page(&lines);
    let mut b = Builder::default();
    let mut after_blank = true;
    while i < lines.len() {
        let raw = match &lines[i] {
            Line::Note(n) => {
                b.push(note_element(n));
                i += 1;
                continue;
            }
            Line::Text(t) => t.as_str(),
        };
        let t = raw.trim();
        i += 1;
        if t.is_empty() {
            b.flush();
            after_blank = true;
            continue;
        }
        let was_blank = std::mem::replace(&mut after_blank, false);
        let next_blank = lines.get(i).is_none_or(Line::is_blank);
        let next_text = matches!(lines.get(i), Some(Line::Text(n)) if !n.trim().is_empty());

        if t.starts_with('!') {
            // Forced action: strip the `!`, keep the indentation before it.
            let indent = raw.len() - raw.trim_start().len();
            b.action.push(format!("{}{}", &raw[..indent], raw[indent + 1..].trim_end()));
            continue;
        }
        if let Some(e) = marked_line(t) {
            let structural = matches!(e, Element::PageBreak | Element::Section { .. } | Element::Synopsis(_));
            match (e, b.elements.last_mut()) {
                // A lyric continuing the lyric on the line above.
                (Element::Lyrics(l), Some(Element::Lyrics(prev))) if !was_blank && b.action.is_empty() => {
                    prev.push('\n');
                    prev.push_str(&l);
                }
                (e, _) => b.push(e),
            }
            after_blank = structural;
            continue;
        }
        if was_blank {
            if let Some(h) = scene_heading(t) {
                b.push(h);
                after_blank = true;
                continue;
            }
            if next_text {
                if let Some(cue) = cue(t) {
                    b.push(cue);
                    i = dialogue(&lines, i, &mut b.elements);
                    continue;
                }
            }
            if next_blank && t.ends_with("TO:") && is_capitals(t) {
                b.push(Element::Transition(t.to_string()));
                continue;
            }
        }
        b.action.push(raw.trim_end().to_string());
    }
    b.flush();
    Script { title_page, elements: b.elements }
}

/// Scene headings as `(id, plain text)`, in order; the ids are those [`render_html`]
/// gives the `<h3>`s (`scene-3`, or `scene-12a` from `#12A#`). The text has its
/// emphasis markers removed and is not HTML-escaped.
pub fn scenes(script: &Script) -> Vec<(String, String)> {
    let texts = script.elements.iter().filter_map(|e| match e {
        Element::SceneHeading { text, .. } => Some(html::inline(text, false)),
        _ => None,
    });
    scene_ids(&script.elements).into_iter().zip(texts).collect()
}

/// Unique ids for the scene headings, in order.
fn scene_ids(elements: &[Element]) -> Vec<String> {
    let mut used = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut ids = Vec::new();
    let numbers = elements.iter().filter_map(|e| match e {
        Element::SceneHeading { number, .. } => Some(number),
        _ => None,
    });
    for (index, number) in numbers.enumerate() {
        let slug = number.as_deref().map(slug).unwrap_or_default();
        let base = if slug.is_empty() { format!("scene-{}", index + 1) } else { format!("scene-{slug}") };
        let mut id = base.clone();
        while used.contains(&id) {
            let k = next_suffix.entry(base.clone()).or_insert(1);
            *k += 1;
            id = format!("{base}-{k}");
        }
        used.insert(id.clone());
        ids.push(id);
    }
    ids
}

/// Lower-case letters and digits of any script; runs of anything else become `-`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A source line after boneyard and inline notes are removed.
#[derive(Debug, PartialEq)]
enum Line {
    Text(String),
    /// A `[[note]]` that stood on a line (or lines) of its own; content only.
    Note(String),
}

impl Line {
    fn is_blank(&self) -> bool {
        matches!(self, Line::Text(t) if t.trim().is_empty())
    }
}

/// Collects action lines into one paragraph until something else comes.
#[derive(Default)]
struct Builder {
    elements: Vec<Element>,
    action: Vec<String>,
}

impl Builder {
    fn flush(&mut self) {
        if !self.action.is_empty() {
            self.elements.push(Element::Action(self.action.join("\n")));
            self.action.clear();
        }
    }

    fn push(&mut self, e: Element) {
        self.flush();
        self.elements.push(e);
    }
}

/// Normalises line ends, removes the boneyard `/* … */` and `[[notes]]` inside other
/// text, and splits into lines. Notes standing alone become [`Line::Note`]. A line
/// left blank only because something was removed from it is dropped, so a removed
/// comment does not split a paragraph. Linear: every search resumes past its result,
/// and a failed search is remembered so it is not repeated.
fn preprocess(source: &str) -> Vec<Line> {
    let s = source.strip_prefix('\u{feff}').unwrap_or(source).replace("\r\n", "\n").replace('\r', "\n");
    let b = s.as_bytes();
    let mut lines = Vec::new();
    let mut cur = LineBuf::default();
    // Every index below points at an ASCII byte (or the end), so slicing is safe.
    let (mut i, mut seg) = (0, 0);
    let mut no_boneyard_end = false;
    let mut no_note_end_before = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                cur.push(&s[seg..i]);
                cur.finish(&mut lines);
                i += 1;
                seg = i;
            }
            b'/' if !no_boneyard_end && b.get(i + 1) == Some(&b'*') => match s[i + 2..].find("*/") {
                Some(end) => {
                    cur.push(&s[seg..i]);
                    cur.removed = true;
                    i += 2 + end + 2;
                    seg = i;
                }
                None => {
                    no_boneyard_end = true;
                    i += 1;
                }
            },
            b'[' if i >= no_note_end_before && b.get(i + 1) == Some(&b'[') => match note_end(b, i + 2) {
                Ok(end) => {
                    let after = skip_spaces(b, end + 2);
                    let alone =
                        !cur.has_text && s[seg..i].trim().is_empty() && b.get(after).is_none_or(|&c| c == b'\n');
                    if alone {
                        cur = LineBuf::default();
                        lines.push(Line::Note(join_words(&s[i + 2..end])));
                        i = (after + 1).min(b.len());
                    } else {
                        cur.push(&s[seg..i]);
                        cur.removed = true;
                        i = end + 2;
                    }
                    seg = i;
                }
                Err(barrier) => {
                    no_note_end_before = barrier;
                    i += 1;
                }
            },
            _ => i += 1,
        }
    }
    cur.push(&s[seg..]);
    if cur.removed || !cur.text.is_empty() {
        cur.finish(&mut lines);
    }
    lines
}

/// The line being assembled by [`preprocess`].
#[derive(Default)]
struct LineBuf {
    text: String,
    has_text: bool,
    removed: bool,
}

impl LineBuf {
    fn push(&mut self, part: &str) {
        self.has_text |= !part.trim().is_empty();
        self.text.push_str(part);
    }

    fn finish(&mut self, lines: &mut Vec<Line>) {
        let line = std::mem::take(self);
        if line.has_text || !line.removed {
            lines.push(Line::Text(line.text));
        }
    }
}

/// Where the `]]` closing a note opened before `from` is, or, as `Err`, the point
/// (a blank line or the end) before which there is none: notes do not cross blank lines.
fn note_end(b: &[u8], from: usize) -> Result<usize, usize> {
    let mut j = from;
    while j < b.len() {
        match b[j] {
            b']' if b.get(j + 1) == Some(&b']') => return Ok(j),
            b'\n' if b.get(skip_spaces(b, j + 1)).is_none_or(|&c| c == b'\n') => return Err(j),
            _ => j += 1,
        }
    }
    Err(b.len())
}

fn skip_spaces(b: &[u8], mut j: usize) -> usize {
    while matches!(b.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    j
}

fn join_words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title page, and the index of the first line after it.
fn title_page(lines: &[Line]) -> (Vec<(String, String)>, usize) {
    let mut i = lines.iter().take_while(|l| l.is_blank()).count();
    let opens = match lines.get(i) {
        Some(Line::Text(t)) => key_line(t).is_some_and(|(k, _)| TITLE_KEYS.contains(&k.to_lowercase().as_str())),
        _ => false,
    };
    if !opens {
        return (Vec::new(), 0);
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    while i < lines.len() {
        let line = &lines[i];
        i += 1;
        let Line::Text(t) = line else { continue };
        if t.trim().is_empty() {
            break;
        }
        match (key_line(t), pairs.last_mut()) {
            (Some((k, v)), _) => pairs.push((k.to_string(), v.to_string())),
            (None, Some((_, value))) => {
                if !value.is_empty() {
                    value.push('\n');
                }
                value.push_str(t.trim());
            }
            (None, None) => {}
        }
    }
    (pairs, i)
}

/// `Key: value` with a short key of letters, digits, spaces, `-`, `_`, `.`, not indented.
pub(crate) fn key_line(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim_end();
    let ok = key.chars().next().is_some_and(char::is_alphabetic)
        && key.chars().count() <= 40
        && key.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    ok.then(|| (key, value.trim()))
}

/// Elements marked by their first character, recognised anywhere outside dialogue:
/// page breaks, synopses, sections (`#` and a space), centred text, forced
/// transitions and lyrics.
pub(crate) fn marked_line(t: &str) -> Option<Element> {
    if t.len() >= 3 && t.bytes().all(|c| c == b'=') {
        return Some(Element::PageBreak);
    }
    if let Some(rest) = t.strip_prefix('=') {
        return (!rest.starts_with("==")).then(|| Element::Synopsis(rest.trim().to_string()));
    }
    if t.starts_with('#') {
        // `# Act One`; the space keeps a hashtag (`#dreamjob`) in the action.
        let text = t.trim_start_matches('#');
        let level = (t.len() - text.len()).min(6) as u8;
        let ok = text.starts_with(char::is_whitespace) && !text.trim().is_empty();
        return ok.then(|| Element::Section { level, text: text.trim().to_string() });
    }
    if let Some(rest) = t.strip_prefix('>') {
        if let Some(inner) = rest.strip_suffix('<') {
            let inner = inner.trim();
            return (!inner.is_empty()).then(|| Element::Centered(inner.to_string()));
        }
        let rest = rest.trim();
        return (!rest.is_empty()).then(|| Element::Transition(rest.to_string()));
    }
    t.strip_prefix('~').map(|rest| Element::Lyrics(rest.trim().to_string()))
}

/// A scene heading: a known prefix, or a forced `.` (not `..`), with an optional `#n#`.
pub(crate) fn scene_heading(t: &str) -> Option<Element> {
    let text = match t.strip_prefix('.') {
        Some(rest) => {
            let c = rest.chars().next()?;
            if c == '.' || c.is_whitespace() {
                return None;
            }
            rest
        }
        None if has_scene_prefix(t) => t,
        None => return None,
    };
    let (text, number) = split_scene_number(text);
    Some(Element::SceneHeading { text, number })
}

fn has_scene_prefix(t: &str) -> bool {
    SCENE_PREFIXES.iter().any(|p| {
        let mut chars = t.chars();
        p.chars().all(|pc| chars.next().is_some_and(|c| c.to_uppercase().eq(pc.to_uppercase())))
            && chars.next().is_some_and(|c| c == '.' || c == ' ' || c == '\t')
    })
}

fn split_scene_number(t: &str) -> (String, Option<String>) {
    let t = t.trim();
    if let Some((text, num)) = t.strip_suffix('#').and_then(|body| body.rsplit_once('#')) {
        if !num.is_empty() && num.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.') {
            return (text.trim_end().to_string(), Some(num.to_string()));
        }
    }
    (t.to_string(), None)
}

/// A character cue, if `t` can be one: `@` forced, or capitals (the extension in
/// brackets is not tested). `^` at the end marks the second cue of dual dialogue.
pub(crate) fn cue(t: &str) -> Option<Element> {
    let (forced, body) = match t.strip_prefix('@') {
        Some(rest) => (true, rest.trim()),
        None => (false, t),
    };
    let (body, dual) = match body.strip_suffix('^') {
        Some(rest) => (rest.trim_end(), true),
        None => (body, false),
    };
    let (name, extension) = match body.find('(') {
        Some(p) if body.ends_with(')') && !body[..p].trim().is_empty() => {
            (body[..p].trim(), Some(body[p..].to_string()))
        }
        _ => (body, None),
    };
    let ok = !name.is_empty() && (forced || (is_capitals(name) && !name.ends_with(':')));
    ok.then(|| Element::Character { name: name.to_string(), extension, dual })
}

/// At least one letter and no lower-case letter (any script).
pub(crate) fn is_capitals(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// Reads the dialogue after a cue, from line `i` to the next blank line, and returns
/// the index after it. A line of exactly two spaces continues the speech; a sung
/// `~` line stays part of the speech, without its marker.
fn dialogue(lines: &[Line], mut i: usize, out: &mut Vec<Element>) -> usize {
    let mut speech: Vec<&str> = Vec::new();
    fn flush(speech: &mut Vec<&str>, out: &mut Vec<Element>) {
        if !speech.is_empty() {
            out.push(Element::Dialogue(speech.join("\n").trim_matches('\n').to_string()));
            speech.clear();
        }
    }
    while let Some(line) = lines.get(i) {
        match line {
            Line::Note(n) => {
                flush(&mut speech, out);
                out.push(note_element(n));
            }
            Line::Text(t) if t == "  " && matches!(lines.get(i + 1), Some(l) if !l.is_blank()) => speech.push(""),
            Line::Text(t) => {
                let t = t.trim();
                if t.is_empty() {
                    break;
                }
                if t.starts_with('(') && t.ends_with(')') {
                    flush(&mut speech, out);
                    out.push(Element::Parenthetical(t.to_string()));
                } else {
                    speech.push(t.strip_prefix('~').map_or(t, str::trim_start));
                }
            }
        }
        i += 1;
    }
    flush(&mut speech, out);
    i
}

/// A note standing alone: a stop point, a Joker prompt or an ordinary note.
pub(crate) fn note_element(content: &str) -> Element {
    if let Some(rest) = keyword(content, &["stop", "стоп"]) {
        Element::StopPoint(rest)
    } else if let Some(rest) = keyword(content, &["joker", "джокер"]) {
        Element::JokerPrompt(rest)
    } else {
        Element::Note(content.trim().to_string())
    }
}

/// The text after `word:` when `s` starts with one of `words` (any case), else `None`.
fn keyword(s: &str, words: &[&str]) -> Option<String> {
    let s = s.trim_start();
    words.iter().find_map(|w| {
        let mut chars = s.chars();
        let matched = w.chars().all(|wc| chars.next().is_some_and(|c| c.to_lowercase().eq(wc.to_lowercase())));
        let rest = chars.as_str().trim_start().strip_prefix(':')?;
        matched.then(|| rest.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Element::*;

    fn els(src: &str) -> Vec<Element> {
        parse(src).elements
    }
    fn s(t: &str) -> String {
        t.to_string()
    }
    fn cue(name: &str, ext: Option<&str>) -> Element {
        Character { name: s(name), extension: ext.map(s), dual: false }
    }
    fn heading(text: &str, number: Option<&str>) -> Element {
        SceneHeading { text: s(text), number: number.map(s) }
    }
    fn html(src: &str, edition: Edition) -> String {
        render_html(&parse(src), edition, &Labels::default())
    }

    #[test]
    fn title_page_english_and_russian() {
        let p = parse(
            "Title: **Safe Road**\nCredit: written by\nAuthor: Aigul & Co\nContact:\n    Youth Network\n    Bishkek\n\nINT. BUS STATION - DAY\n",
        );
        assert_eq!(p.title_page[0], (s("Title"), s("**Safe Road**")));
        assert_eq!(p.title_page[3], (s("Contact"), s("Youth Network\nBishkek")));
        assert_eq!(p.elements, vec![heading("INT. BUS STATION - DAY", None)]);
        let h = html("Title: A <b>\n\nHi.", Edition::Actors);
        assert!(h.contains("<dl class=\"title-page\">\n<dt>Title</dt><dd>A &lt;b&gt;</dd>"), "{h}");

        let p = parse("\r\nНазвание: Безопасный путь\r\nАвтор: Театр «Жол»\r\n\r\nИНТ. КУХНЯ — ВЕЧЕР\r\n");
        assert_eq!(p.title_page, vec![(s("Название"), s("Безопасный путь")), (s("Автор"), s("Театр «Жол»"))]);
        assert_eq!(p.elements, vec![heading("ИНТ. КУХНЯ — ВЕЧЕР", None)]);
    }

    #[test]
    fn no_title_page_unless_a_known_key_opens_it() {
        let p = parse("Aigul: looks at the phone.\n\nShe waits.");
        assert!(p.title_page.is_empty());
        assert_eq!(p.elements[0], Action(s("Aigul: looks at the phone.")));
        assert!(!html("She waits.", Edition::Facilitator).contains("title-page"));
    }

    #[test]
    fn scene_headings() {
        let src = "INT. KITCHEN - NIGHT\n\next. yard #1A#\n\nINT./EXT. CAR\n\nI/E TRAIN\n\nEST. CITY\n\n.THE BUS STATION\n\n...and then.\n\nINTERIOR MONOLOGUE\n\nИНТ. КУХНЯ — ВЕЧЕР #12#\n\nнат. двор\n\nИНТ./НАТ. МАШИНА\n\nИЧК. ҮЙ\n\nТЫШ. КӨЧӨ";
        assert_eq!(
            els(src),
            vec![
                heading("INT. KITCHEN - NIGHT", None),
                heading("ext. yard", Some("1A")),
                heading("INT./EXT. CAR", None),
                heading("I/E TRAIN", None),
                heading("EST. CITY", None),
                heading("THE BUS STATION", None),
                Action(s("...and then.")),
                Action(s("INTERIOR MONOLOGUE")),
                heading("ИНТ. КУХНЯ — ВЕЧЕР", Some("12")),
                heading("нат. двор", None),
                heading("ИНТ./НАТ. МАШИНА", None),
                heading("ИЧК. ҮЙ", None),
                heading("ТЫШ. КӨЧӨ", None),
            ]
        );
        // Not after a blank line: part of the action.
        assert_eq!(els("She runs.\nINT. HALL"), vec![Action(s("She runs.\nINT. HALL"))]);
        let h = html("INT. KITCHEN #1A#\n\nEXT. YARD", Edition::Actors);
        assert!(
            h.contains(
                "<h3 class=\"scene-heading\" id=\"scene-1a\">INT. KITCHEN <span class=\"scene-number\">1A</span></h3>"
            ),
            "{h}"
        );
        assert!(h.contains("<h3 class=\"scene-heading\" id=\"scene-2\">EXT. YARD</h3>"), "{h}");
    }

    #[test]
    fn scene_list_for_contents() {
        let p = parse("INT. *HOME*\n\nEXT. ROAD #2#\n\nEXT. BORDER #2#\n\nИНТ. КУХНЯ");
        assert_eq!(
            scenes(&p),
            vec![
                (s("scene-1"), s("INT. HOME")),
                (s("scene-2"), s("EXT. ROAD")),
                (s("scene-2-2"), s("EXT. BORDER")),
                (s("scene-4"), s("ИНТ. КУХНЯ")),
            ]
        );
        let h = render_html(&p, Edition::Actors, &Labels::default());
        for (id, _) in scenes(&p) {
            assert!(h.contains(&format!("id=\"{id}\"")), "{id} in {h}");
        }
    }

    #[test]
    fn character_dialogue_parenthetical_english() {
        let src = "AIGUL (V.O.)\n(quietly)\nI have a job offer.\nIn Moscow.\n\nMOM (cont'd)\nWho from?";
        assert_eq!(
            els(src),
            vec![
                cue("AIGUL", Some("(V.O.)")),
                Parenthetical(s("(quietly)")),
                Dialogue(s("I have a job offer.\nIn Moscow.")),
                cue("MOM", Some("(cont'd)")),
                Dialogue(s("Who from?")),
            ]
        );
        let h = html(src, Edition::Actors);
        assert!(h.contains("<div class=\"dialogue-block\">\n<p class=\"character\">AIGUL <span class=\"extension\">(V.O.)</span></p>\n<p class=\"parenthetical\">(quietly)</p>\n<p class=\"dialogue\">I have a job offer.<br>In Moscow.</p>\n</div>"), "{h}");
    }

    #[test]
    fn character_dialogue_parenthetical_russian() {
        let src = "ИНТ. КУХНЯ — ВЕЧЕР\nАЙГУЛЬ (ЗК)\n(тихо)\nМне предложили работу.\n\nМАМА\nКто?";
        assert_eq!(
            els(src),
            vec![
                heading("ИНТ. КУХНЯ — ВЕЧЕР", None),
                cue("АЙГУЛЬ", Some("(ЗК)")),
                Parenthetical(s("(тихо)")),
                Dialogue(s("Мне предложили работу.")),
                cue("МАМА", None),
                Dialogue(s("Кто?")),
            ]
        );
    }

    #[test]
    fn forced_cue_and_forced_action() {
        assert_eq!(els("@McCoy\nHello."), vec![cue("McCoy", None), Dialogue(s("Hello."))]);
        assert_eq!(els("@Айгуль\nПривет."), vec![cue("Айгуль", None), Dialogue(s("Привет."))]);
        assert_eq!(els("!SCREAMS\nShe runs."), vec![Action(s("SCREAMS\nShe runs."))]);
        assert_eq!(els("!INT. NOT A SCENE"), vec![Action(s("INT. NOT A SCENE"))]);
    }

    #[test]
    fn dual_dialogue() {
        let src = "BRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n\nАЙГУЛЬ\nНет.\n\nДАНИЯР (ЗК) ^\nДа.";
        let e = els(src);
        assert_eq!(e[0], cue("BRICK", None));
        assert_eq!(e[2], Character { name: s("STEEL"), extension: None, dual: true });
        assert_eq!(e[6], Character { name: s("ДАНИЯР"), extension: Some(s("(ЗК)")), dual: true });
        let h = html(src, Edition::Actors);
        assert_eq!(h.matches("<div class=\"dual-dialogue\">").count(), 2, "{h}");
        assert_eq!(h.matches("<div class=\"dialogue-block\">").count(), 4, "{h}");
        assert!(h.contains(
            "<div class=\"dual-dialogue\">\n<div class=\"dialogue-block\">\n<p class=\"character\">BRICK</p>"
        ));
    }

    #[test]
    fn mixed_case_two_lines_are_action() {
        assert_eq!(els("Aigul enters.\nShe sits down."), vec![Action(s("Aigul enters.\nShe sits down."))]);
        assert_eq!(els("AIGUL enters.\nShe sits."), vec![Action(s("AIGUL enters.\nShe sits."))]);
        assert_eq!(els("Айгуль входит.\nСадится."), vec![Action(s("Айгуль входит.\nСадится."))]);
        // Capitals after action, without a blank line, are not a cue either.
        assert_eq!(els("She turns.\nAIGUL\nHello."), vec![Action(s("She turns.\nAIGUL\nHello."))]);
        // A line of digits has no letter.
        assert_eq!(els("1999\nA year."), vec![Action(s("1999\nA year."))]);
    }

    #[test]
    fn cue_at_end_of_file_is_action() {
        assert_eq!(els("She waits.\n\nAIGUL"), vec![Action(s("She waits.")), Action(s("AIGUL"))]);
        assert_eq!(els("АЙГУЛЬ\n\nТишина."), vec![Action(s("АЙГУЛЬ")), Action(s("Тишина."))]);
    }

    #[test]
    fn transitions() {
        assert_eq!(
            els("She leaves.\n\nCUT TO:\n\nEXT. ROAD"),
            vec![Action(s("She leaves.")), Transition(s("CUT TO:")), heading("EXT. ROAD", None)]
        );
        assert_eq!(els("FADE OUT."), vec![Action(s("FADE OUT."))]);
        assert_eq!(els("> FADE OUT."), vec![Transition(s("FADE OUT."))]);
        assert_eq!(els(">В ЗАТЕМНЕНИЕ."), vec![Transition(s("В ЗАТЕМНЕНИЕ."))]);
        // Needs a blank line after, and capitals.
        assert_eq!(els("CUT TO:\nThe road."), vec![Action(s("CUT TO:\nThe road."))]);
        assert_eq!(els("Cut to:"), vec![Action(s("Cut to:"))]);
        assert!(html("CUT TO:", Edition::Actors).contains("<p class=\"transition\">CUT TO:</p>"));
    }

    #[test]
    fn centered_text() {
        assert_eq!(els("> THE END <"), vec![Centered(s("THE END"))]);
        assert_eq!(els(">КОНЕЦ<"), vec![Centered(s("КОНЕЦ"))]);
        assert!(html("> THE END <", Edition::Actors).contains("<p class=\"centered\">THE END</p>"));
    }

    #[test]
    fn lyrics() {
        assert_eq!(
            els("~Willy Wonka!\n~The amazing chocolatier!"),
            vec![Lyrics(s("Willy Wonka!\nThe amazing chocolatier!"))]
        );
        assert_eq!(els("~Баю-бай\n\n~Спи"), vec![Lyrics(s("Баю-бай")), Lyrics(s("Спи"))]);
        assert!(html("~la la", Edition::Actors).contains("<p class=\"lyrics\">la la</p>"));
    }

    #[test]
    fn notes() {
        assert_eq!(els("[[Check the props.]]"), vec![Note(s("Check the props."))]);
        assert_eq!(els("  [[Multi-line\n  note here]]  \n"), vec![Note(s("Multi-line note here"))]);
        assert_eq!(els("Она молчит.\n[[пауза]]"), vec![Action(s("Она молчит.")), Note(s("пауза"))]);
        // A note standing between lines of dialogue stays in the dialogue block.
        let src = "AIGUL\nHello.\n[[She is nervous]]\nGoodbye.";
        assert_eq!(
            els(src),
            vec![cue("AIGUL", None), Dialogue(s("Hello.")), Note(s("She is nervous")), Dialogue(s("Goodbye."))]
        );
        let h = html(src, Edition::Facilitator);
        assert!(h.contains("<aside class=\"note\" data-label=\"Note\" role=\"note\">She is nervous</aside>\n<p class=\"dialogue\">Goodbye.</p>\n</div>"), "{h}");
        assert!(!html(src, Edition::Actors).contains("nervous"));
    }

    #[test]
    fn inline_notes_are_removed() {
        assert_eq!(els("She opens [[slowly?]]the door."), vec![Action(s("She opens the door."))]);
        assert_eq!(els("AIGUL [[lead]]\nHi [[beat]]there."), vec![cue("AIGUL", None), Dialogue(s("Hi there."))]);
        // A note spanning lines inside action joins them; an unclosed one stays.
        assert_eq!(els("She [[a\nb]] waits."), vec![Action(s("She  waits."))]);
        assert_eq!(els("Text [[open\n\nMore."), vec![Action(s("Text [[open")), Action(s("More."))]);
    }

    #[test]
    fn boneyard_spanning_lines() {
        let src = "Aigul waits.\n/* An old version:\n\nBOB\nHello.\n*/\nShe leaves.";
        assert_eq!(els(src), vec![Action(s("Aigul waits.\nShe leaves."))]);
        assert_eq!(els("АЙГУЛЬ\nПривет /* вырезано */всем."), vec![cue("АЙГУЛЬ", None), Dialogue(s("Привет всем."))]);
        assert_eq!(els("a /* never closed\n\nb"), vec![Action(s("a /* never closed")), Action(s("b"))]);
    }

    #[test]
    fn sections_synopses_page_breaks() {
        let src = "# Act One\n\n## Сцена первая\n\n= Aigul gets an offer.\n\n===\n\n####### Deep";
        assert_eq!(
            els(src),
            vec![
                Section { level: 1, text: s("Act One") },
                Section { level: 2, text: s("Сцена первая") },
                Synopsis(s("Aigul gets an offer.")),
                PageBreak,
                Section { level: 6, text: s("Deep") },
            ]
        );
        assert_eq!(els("=====\n=== x"), vec![PageBreak, Action(s("=== x"))]);
        // A hashtag is not a section.
        assert_eq!(els("She posts:\n#dreamjob"), vec![Action(s("She posts:\n#dreamjob"))]);
        let fac = html(src, Edition::Facilitator);
        assert!(fac.contains("<h2 class=\"script-section level-1\">Act One</h2>"), "{fac}");
        assert!(fac.contains("<h3 class=\"script-section level-2\">Сцена первая</h3>"));
        assert!(fac.contains("<h4 class=\"script-section level-6\">Deep</h4>"));
        assert!(fac.contains("<p class=\"synopsis\">Aigul gets an offer.</p>"));
        assert!(fac.contains("<hr class=\"page-break\">"));
        let act = html(src, Edition::Actors);
        assert!(!act.contains("script-section") && !act.contains("synopsis"), "{act}");
        assert!(act.contains("<hr class=\"page-break\">"));
    }

    #[test]
    fn stop_points_and_joker_prompts() {
        let src = "AIGUL\nHere is my passport.\n\n[[STOP: Aigul is about to hand over her passport. What could she do instead?]]\n[[joker : Ask who has power.]]\n\n[[Стоп: Что она может сделать?]]\n[[ДЖОКЕР: Спросите зал.]]\n[[Stopwatch ready]]";
        assert_eq!(
            els(src),
            vec![
                cue("AIGUL", None),
                Dialogue(s("Here is my passport.")),
                StopPoint(s("Aigul is about to hand over her passport. What could she do instead?")),
                JokerPrompt(s("Ask who has power.")),
                StopPoint(s("Что она может сделать?")),
                JokerPrompt(s("Спросите зал.")),
                Note(s("Stopwatch ready")),
            ]
        );
        let labels = Labels { stop_point: "Стоп-точка", joker: "Джокер", note: "Заметка" };
        let fac = render_html(&parse(src), Edition::Facilitator, &labels);
        assert!(
            fac.contains("<aside class=\"stop-point\" data-label=\"Стоп-точка\" role=\"note\">Aigul is about"),
            "{fac}"
        );
        assert!(fac.contains("<aside class=\"joker\" data-label=\"Джокер\" role=\"note\">Спросите зал.</aside>"));
        assert!(fac.contains("data-label=\"Заметка\""));
        // The stop point comes after the dialogue block, not inside it.
        assert!(fac.contains("</div>\n<aside class=\"stop-point\""), "{fac}");
        let act = render_html(&parse(src), Edition::Actors, &labels);
        assert!(!act.contains("aside") && !act.contains("passport. What") && !act.contains("Спросите"), "{act}");
        assert!(act.contains("Here is my passport."));
    }

    #[test]
    fn html_escaping() {
        let src = "Title: Tom & \"Jerry\"\n\nINT. <SCRIPT> #1#\n\nShe types <b>'hi'</b> & waits.\n\nBOB (<V.O.>)\n(a & b)\n\"Yes\" <no>";
        let h = render_html(&parse(src), Edition::Facilitator, &Labels { stop_point: "\"x\"", joker: "j", note: "n" });
        assert!(!h.contains("<b>") && !h.contains("<SCRIPT>") && !h.contains("<no>") && !h.contains("<V.O.>"), "{h}");
        assert!(h.contains("Tom &amp; &quot;Jerry&quot;"));
        assert!(h.contains("She types &lt;b&gt;&#39;hi&#39;&lt;/b&gt; &amp; waits."));
        assert!(h.contains("<span class=\"extension\">(&lt;V.O.&gt;)</span>"));
        assert!(h.contains("&quot;Yes&quot; &lt;no&gt;"));
        let stop = render_html(
            &parse("[[STOP: a]]"),
            Edition::Facilitator,
            &Labels { stop_point: "\"x\"", joker: "j", note: "n" },
        );
        assert!(stop.contains("data-label=\"&quot;x&quot;\""), "{stop}");
    }

    #[test]
    fn emphasis() {
        let h = |t: &str| html_inline(t);
        assert_eq!(
            h("*italic* **bold** ***both*** _under_"),
            "<em>italic</em> <strong>bold</strong> <strong><em>both</em></strong> <u>under</u>"
        );
        assert_eq!(h("**bold *and italic* here**"), "<strong>bold <em>and italic</em> here</strong>");
        assert_eq!(h("\\*not italic\\* and \\_not\\_"), "*not italic* and _not_");
        assert_eq!(h("2 * 3 * 4 and snake_case_name"), "2 * 3 * 4 and snake_case_name");
        assert_eq!(h("*unclosed and **bold**"), "*unclosed and <strong>bold</strong>");
        assert_eq!(h("**mixed *order** end*"), "<strong>mixed *order</strong> end*");
        assert_eq!(h("_Айгуль_ *<тихо>*"), "<u>Айгуль</u> <em>&lt;тихо&gt;</em>");
        assert_eq!(h("**** ____"), "**** ____");
        let d = html("AIGUL\nI *never* said **that**.", Edition::Actors);
        assert!(d.contains("<p class=\"dialogue\">I <em>never</em> said <strong>that</strong>.</p>"), "{d}");
    }

    fn html_inline(t: &str) -> String {
        html::inline(t, true)
    }

    #[test]
    fn action_keeps_line_breaks_and_indentation() {
        let src = "She reads the message:\n\t\"Good job, good pay.\"\n  Reply now!";
        assert_eq!(els(src), vec![Action(s(src))]);
        let h = html(src, Edition::Actors);
        assert!(h.contains("<p class=\"action\">She reads the message:<br>&nbsp;&nbsp;&nbsp;&nbsp;&quot;Good job, good pay.&quot;<br>&nbsp;&nbsp;Reply now!</p>"), "{h}");
    }

    #[test]
    fn intentional_blank_line_in_dialogue() {
        assert_eq!(els("AIGUL\nOne.\n  \nTwo."), vec![cue("AIGUL", None), Dialogue(s("One.\n\nTwo."))]);
    }

    /// A small deterministic generator (xorshift64*), no crates needed.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        const PIECES: &[&str] = &[
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            " ",
            "  ",
            "\t",
            "/*",
            "*/",
            "[[",
            "]]",
            "*",
            "**",
            "***",
            "_",
            "\\",
            "INT. ",
            "ИНТ. ",
            ".",
            "..",
            "@",
            "!",
            ">",
            "<",
            "~",
            "#",
            "##",
            "=",
            "===",
            "^",
            "(",
            ")",
            ":",
            "TO:",
            "CUT TO:",
            "Title: ",
            "Название:",
            "АЙГУЛЬ",
            "AIGUL",
            "(V.O.)",
            "(ЗК)",
            "STOP:",
            "стоп:",
            "ДЖОКЕР:",
            "joker:",
            "a",
            "é",
            "e\u{301}",
            "🎭",
            "\u{feff}",
            "ß",
            "ǅ",
            "#1A#",
            "&",
            "\"",
            "'",
            "Ё",
            "\u{0}",
            "\u{200b}",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let labels = Labels::default();
        for _ in 0..4000 {
            let mut src = String::new();
            for _ in 0..rng.below(40) {
                src.push_str(PIECES[rng.below(PIECES.len())]);
            }
            let script = parse(&src);
            let a = render_html(&script, Edition::Actors, &labels);
            let f = render_html(&script, Edition::Facilitator, &labels);
            assert!(a.starts_with("<div class=\"script\">") && f.ends_with("</div>\n"));
            // Hand-built elements with odd text render too.
            let text = src.clone();
            let built = Script {
                title_page: vec![(text.clone(), text.clone())],
                elements: vec![
                    SceneHeading { text: text.clone(), number: Some(text.clone()) },
                    Action(text.clone()),
                    Character { name: text.clone(), extension: Some(text.clone()), dual: true },
                    Parenthetical(text.clone()),
                    Dialogue(text.clone()),
                    Note(text.clone()),
                    Character { name: text.clone(), extension: None, dual: true },
                    Lyrics(text.clone()),
                    Section { level: rng.below(9) as u8, text: text.clone() },
                    Synopsis(text.clone()),
                    Transition(text.clone()),
                    Centered(text.clone()),
                    StopPoint(text.clone()),
                    JokerPrompt(text.clone()),
                    PageBreak,
                ],
            };
            let h = render_html(&built, Edition::Facilitator, &Labels { stop_point: &text, joker: &text, note: &text });
            assert_eq!(h.matches("<aside").count(), 3);
            assert_eq!(scenes(&built).len(), 1);
            assert_eq!(
                scenes(&script).len(),
                script.elements.iter().filter(|e| matches!(e, SceneHeading { .. })).count()
            );
        }
    }

    #[test]
    fn long_pathological_inputs_are_fast() {
        let n = 200_000;
        let inputs = [
            "[[".repeat(n),
            "/*".repeat(n),
            "[[a]] ".repeat(n / 6),
            "_a ".repeat(n / 3) + &"b* ".repeat(n / 3),
            "*".repeat(n),
            "*a ".repeat(n / 3),
            "INT. X #1#\n\n".repeat(n / 12),
            format!("AIGUL\n{}", "Line\n".repeat(n / 5)),
            "A\n".repeat(n / 2),
        ];
        let start = std::time::Instant::now();
        for src in &inputs {
            let script = parse(src);
            let _ = render_html(&script, Edition::Facilitator, &Labels::default());
            let _ = scenes(&script);
        }
        // Generous even for a debug build; quadratic behaviour would take minutes.
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
        assert_eq!(scenes(&parse(&inputs[6])).last().map(|(id, _)| id.clone()), Some(format!("scene-1-{}", n / 12)));
    }
}
