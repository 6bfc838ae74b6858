//! GNU gettext PO files, read and written: `msgctxt`, `msgid`, `msgid_plural`,
//! `msgstr`/`msgstr[n]`, comments (`#` translator, `#.` extracted, `#:` references,
//! `#,` flags, `#|` previous), obsolete entries (`#~`) and the header. Strings are
//! written as msgmerge writes long ones — split after each `\n` — and never wrapped
//! elsewhere, so a catalog written and read again is the same catalog and a diff
//! shows only what changed. Every entry remembers its line, for diagnostics.

use crate::error::Diagnostic;
use std::fmt::Write;
use std::path::Path;

/// One message of a catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// `# ` lines: the translator's own notes, kept as they are.
    pub translator: Vec<String>,
    /// `#.` lines: what the text is, from chyrak.
    pub extracted: Vec<String>,
    /// `#:` references: `content/lessons/x/index.en.md:12`.
    pub references: Vec<String>,
    /// `#,` flags: `fuzzy`, …
    pub flags: Vec<String>,
    /// `#| msgid`: the source text a fuzzy translation was made for.
    pub previous: Option<String>,
    pub context: Option<String>,
    pub id: String,
    pub plural: Option<String>,
    /// One string, or one per plural form.
    pub strs: Vec<String>,
    pub obsolete: bool,
    /// The line of `msgid` in the file read (0 for entries not read from a file).
    pub line: usize,
}

impl Entry {
    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    pub fn set_fuzzy(&mut self, fuzzy: bool) {
        self.flags.retain(|f| f != "fuzzy");
        if fuzzy {
            self.flags.insert(0, "fuzzy".to_owned());
        }
    }

    /// Whether every form has a translation.
    pub fn is_translated(&self) -> bool {
        !self.strs.is_empty() && self.strs.iter().all(|s| !s.is_empty())
    }

    /// Translated and not fuzzy: what `po apply` uses as final.
    pub fn is_done(&self) -> bool {
        self.is_translated() && !self.is_fuzzy()
    }
}

/// A whole catalog: header fields in order, then entries (obsolete ones last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Comment lines above the header (`# ` removed).
    pub header_comments: Vec<String>,
    pub header: Vec<(String, String)>,
    pub entries: Vec<Entry>,
}

impl Catalog {
    pub fn header_value(&self, key: &str) -> Option<&str> {
        self.header.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str())
    }

    pub fn set_header(&mut self, key: &str, value: &str) {
        match self.header.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            Some((_, v)) => *v = value.to_owned(),
            None => self.header.push((key.to_owned(), value.to_owned())),
        }
    }

    /// The live entry whose context is `context`.
    pub fn by_context(&self, context: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| !e.obsolete && e.context.as_deref() == Some(context))
    }

    /// The catalog as PO text.
    pub fn write(&self) -> String {
        let mut out = String::new();
        for c in &self.header_comments {
            push_comment(&mut out, "#", c);
        }
        out.push_str("msgid \"\"\n");
        let header: String = self.header.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
        push_string(&mut out, "", "msgstr", &header);
        for e in &self.entries {
            out.push('\n');
            write_entry(&mut out, e);
        }
        out
    }

    /// Reads PO text; an error names the file and line.
    pub fn parse(path: &Path, text: &str) -> Result<Catalog, Diagnostic> {
        Reader { path, text, catalog: Catalog::default(), entry: Entry::default(), field: None, started: false }.run()
    }
}

fn push_comment(out: &mut String, mark: &str, text: &str) {
    for line in text.split('\n') {
        if line.is_empty() {
            let _ = writeln!(out, "{mark}");
        } else {
            let _ = writeln!(out, "{mark} {line}");
        }
    }
}

fn write_entry(out: &mut String, e: &Entry) {
    let p = if e.obsolete { "#~ " } else { "" };
    for c in &e.translator {
        push_comment(out, "#", c);
    }
    for c in &e.extracted {
        push_comment(out, "#.", c);
    }
    if !e.references.is_empty() {
        let _ = writeln!(out, "#: {}", e.references.join(" "));
    }
    if !e.flags.is_empty() {
        let _ = writeln!(out, "#, {}", e.flags.join(", "));
    }
    if let Some(previous) = &e.previous {
        let prefix = if e.obsolete { "#~| " } else { "#| " };
        if let Some(ctx) = &e.context {
            push_string(out, prefix, "msgctxt", ctx);
        }
        push_string(out, prefix, "msgid", previous);
    }
    if let Some(ctx) = &e.context {
        push_string(out, p, "msgctxt", ctx);
    }
    push_string(out, p, "msgid", &e.id);
    match &e.plural {
        Some(plural) => {
            push_string(out, p, "msgid_plural", plural);
            for (i, s) in e.strs.iter().enumerate() {
                push_string(out, p, &format!("msgstr[{i}]"), s);
            }
        }
        None => push_string(out, p, "msgstr", e.strs.first().map_or("", String::as_str)),
    }
}

/// `keyword "…"`, or, for text with line breaks, `keyword ""` and one line per part.
fn push_string(out: &mut String, prefix: &str, keyword: &str, text: &str) {
    let parts: Vec<&str> = text.split_inclusive('\n').collect();
    if parts.len() <= 1 {
        let _ = writeln!(out, "{prefix}{keyword} \"{}\"", escape(text));
        return;
    }
    let _ = writeln!(out, "{prefix}{keyword} \"\"");
    for part in parts {
        let _ = writeln!(out, "{prefix}\"{}\"", escape(part));
    }
}

/// PO's C-like escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The text of a quoted PO string (`"…"`, quotes included), or why not.
fn unquote(s: &str) -> Result<String, String> {
    let inner = s
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .filter(|_| s.len() >= 2)
        .ok_or("expected a string in double quotes")?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Err("a `\"` inside a string must be written `\\\"`".to_owned()),
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('a') => out.push('\u{7}'),
                Some('b') => out.push('\u{8}'),
                Some('v') => out.push('\u{b}'),
                Some('f') => out.push('\u{c}'),
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some(d @ '0'..='7') => {
                    let mut n = d.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match chars.peek().and_then(|c| c.to_digit(8)) {
                            Some(v) => {
                                n = n * 8 + v;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(n).ok_or("bad octal escape")?);
                }
                other => return Err(format!("unknown escape `\\{}`", other.map(String::from).unwrap_or_default())),
            },
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Which string the continuation lines (`"…"` alone) add to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    Plural,
    Str(usize),
    PreviousId,
    PreviousContext,
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    catalog: Catalog,
    entry: Entry,
    field: Option<Field>,
    /// Whether the current entry has its `msgid` yet.
    started: bool,
}

impl Reader<'_> {
    fn error(&self, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, message).at(self.text, line, 1).with_help(
            "PO lines are comments (`#`), keywords with a quoted string (msgid \"…\"), or a quoted string \
             continuing the one above; fix the line in a PO editor or by hand",
        )
    }

    fn run(mut self) -> Result<Catalog, Diagnostic> {
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(self.text);
        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let mut line = raw.trim_end_matches('\r').trim();
            if line.is_empty() {
                continue;
            }
            let mut obsolete = false;
            if let Some(rest) = line.strip_prefix("#~") {
                obsolete = true;
                line = rest.trim_start();
                if line.is_empty() {
                    continue;
                }
            }
            if let Some(rest) = line.strip_prefix("#|") {
                let rest = rest.trim_start();
                self.finish_if_started();
                self.entry.obsolete |= obsolete;
                let (field, s) = if let Some(s) = rest.strip_prefix("msgctxt") {
                    (Field::PreviousContext, s)
                } else if let Some(s) = rest.strip_prefix("msgid_plural") {
                    (Field::PreviousId, s) // previous plural: read into nothing useful, kept as id
                } else if let Some(s) = rest.strip_prefix("msgid") {
                    (Field::PreviousId, s)
                } else if rest.starts_with('"') {
                    let f = self.field.ok_or_else(|| self.error(line_no, "a string continues nothing"))?;
                    (f, rest)
                } else {
                    return Err(self.error(line_no, format!("cannot read `{raw}`")));
                };
                let value = unquote(s.trim()).map_err(|e| self.error(line_no, e))?;
                self.add(field, value, line_no)?;
                continue;
            }
            if !obsolete && line.starts_with('#') {
                self.finish_if_started();
                let (mark, rest) = line.split_at(if line.len() > 1 { 2 } else { 1 });
                let rest = rest.strip_prefix(' ').unwrap_or(rest);
                match mark {
                    "#." => self.entry.extracted.push(rest.to_owned()),
                    "#:" => self.entry.references.extend(rest.split_whitespace().map(str::to_owned)),
                    "#," => self
                        .entry
                        .flags
                        .extend(rest.split(',').map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned)),
                    _ => {
                        let t = line.strip_prefix('#').unwrap_or(line);
                        self.entry.translator.push(t.strip_prefix(' ').unwrap_or(t).to_owned());
                    }
                }
                continue;
            }
            let (field, s) = if let Some(s) = line.strip_prefix("msgctxt") {
                self.finish_if_started();
                (Field::Context, s)
            } else if let Some(s) = line.strip_prefix("msgid_plural") {
                (Field::Plural, s)
            } else if let Some(s) = line.strip_prefix("msgid") {
                if self.started {
                    self.finish_if_started();
                }
                (Field::Id, s)
            } else if let Some(s) = line.strip_prefix("msgstr[") {
                let (index, rest) = s.split_once(']').ok_or_else(|| self.error(line_no, "`msgstr[` without `]`"))?;
                let i: usize =
                    index.parse().map_err(|_| self.error(line_no, "a plural form's number must be 0, 1, 2…"))?;
                (Field::Str(i), rest)
            } else if let Some(s) = line.strip_prefix("msgstr") {
                (Field::Str(0), s)
            } else if line.starts_with('"') {
                let f = self.field.ok_or_else(|| self.error(line_no, "a string continues nothing"))?;
                (f, line)
            } else {
                return Err(self.error(line_no, format!("cannot read `{raw}`")));
            };
            self.entry.obsolete |= obsolete;
            let value = unquote(s.trim()).map_err(|e| self.error(line_no, e))?;
            self.add(field, value, line_no)?;
        }
        self.finish_if_started();
        Ok(self.catalog)
    }

    fn add(&mut self, field: Field, value: String, line: usize) -> Result<(), Diagnostic> {
        let continuing = self.field == Some(field);
        let e = &mut self.entry;
        match field {
            Field::Context if continuing => e.context.get_or_insert_default().push_str(&value),
            Field::Context => e.context = Some(value),
            Field::PreviousContext => {}
            Field::PreviousId if continuing => e.previous.get_or_insert_default().push_str(&value),
            Field::PreviousId => e.previous = Some(value),
            Field::Id if continuing => e.id.push_str(&value),
            Field::Id => {
                e.id = value;
                e.line = line;
                self.started = true;
            }
            Field::Plural if continuing => e.plural.get_or_insert_default().push_str(&value),
            Field::Plural => e.plural = Some(value),
            Field::Str(i) => {
                if !self.started {
                    return Err(self.error(line, "`msgstr` before its `msgid`"));
                }
                let have = self.entry.strs.len();
                if continuing {
                    self.entry.strs[i].push_str(&value);
                } else if i != have {
                    return Err(self.error(line, format!("expected msgstr[{have}] here")));
                } else {
                    self.entry.strs.push(value);
                }
            }
        }
        self.field = Some(field);
        Ok(())
    }

    /// Ends the entry being read, if it has its msgid and a msgstr.
    fn finish_if_started(&mut self) {
        if !self.started || self.entry.strs.is_empty() {
            return;
        }
        let e = std::mem::take(&mut self.entry);
        self.started = false;
        self.field = None;
        if e.id.is_empty() && e.context.is_none() && !e.obsolete && self.catalog.header.is_empty() {
            self.catalog.header_comments = e.translator;
            for line in e.strs[0].lines() {
                if let Some((k, v)) = line.split_once(':') {
                    self.catalog.header.push((k.trim().to_owned(), v.trim().to_owned()));
                }
            }
            return;
        }
        self.catalog.entries.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Catalog {
        Catalog {
            header_comments: vec!["Russian translation".into()],
            header: vec![
                ("Content-Type".into(), "text/plain; charset=UTF-8".into()),
                ("Plural-Forms".into(), "nplurals=2; plural=(n != 1);".into()),
            ],
            entries: vec![
                Entry {
                    extracted: vec!["lesson objective".into()],
                    references: vec!["content/a/index.en.md:3".into()],
                    context: Some("a:objectives.1".into()),
                    id: "Say \"no\"\twith a \\ slash".into(),
                    strs: vec!["Скажите «нет»".into()],
                    ..Default::default()
                },
                Entry {
                    flags: vec!["fuzzy".into()],
                    previous: Some("Old\ntext".into()),
                    context: Some("a:body.2".into()),
                    id: "New\ntext\n".into(),
                    strs: vec!["Старый\nтекст\n".into()],
                    translator: vec!["ask Aida".into()],
                    ..Default::default()
                },
                Entry {
                    context: Some("ui:minutes".into()),
                    id: "{n} minute".into(),
                    plural: Some("{n} minutes".into()),
                    strs: vec!["{n} минута".into(), "{n} минуты".into()],
                    ..Default::default()
                },
                Entry {
                    obsolete: true,
                    context: Some("a:body.9".into()),
                    id: "Gone".into(),
                    strs: vec!["Нет".into()],
                    ..Default::default()
                },
            ],
        }
    }

    #[test]
    fn a_catalog_reads_back_as_written() {
        let c = sample();
        let text = c.write();
        let mut back = Catalog::parse(Path::new("po/ru.po"), &text).unwrap();
        for e in &mut back.entries {
            e.line = 0;
        }
        assert_eq!(back, c, "{text}");
        assert!(text.contains("#| msgid \"\"\n#| \"Old\\n\"\n#| \"text\"\n"), "{text}");
        assert!(text.contains("#~ msgctxt \"a:body.9\"\n#~ msgid \"Gone\""), "{text}");
        assert_eq!(Catalog::parse(Path::new("x"), &text).unwrap().write(), text);
    }

    #[test]
    fn entries_know_their_line() {
        let text = sample().write();
        let c = Catalog::parse(Path::new("x"), &text).unwrap();
        let line = text.lines().position(|l| l.starts_with("msgid \"Say")).unwrap() + 1;
        assert_eq!(c.entries[0].line, line);
    }

    #[test]
    fn a_broken_line_is_an_error_with_its_line() {
        let text = "msgid \"\"\nmsgstr \"\"\n\nmsgid \"a\"\nmsgstr \"b\n";
        let e = Catalog::parse(Path::new("po/ky.po"), text).unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        let e = Catalog::parse(Path::new("po/ky.po"), "msgid \"a\"\nmsgstr \"b\\q\"\n").unwrap_err();
        assert!(e.message.contains("unknown escape"), "{e}");
        let e = Catalog::parse(Path::new("po/ky.po"), "hello\n").unwrap_err();
        assert_eq!(e.line, Some(1));
    }
}
