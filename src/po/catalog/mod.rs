//! GNU gettext PO files, read and written: `msgctxt`, `msgid`, `msgid_plural`,
//! `msgstr`/`msgstr[n]`, comments (`#` translator, `#.` extracted, `#:` references,
//! `#,` flags, `#|` previous), obsolete entries (`#~`) and the header. Strings are
//! written as msgmerge writes long ones — split after each `\n` — and never wrapped
//! elsewhere, so a catalog written and read again is the same catalog and a diff
//! shows only what changed. Every entry remembers its line, for diagnostics; the
//! reader is in `read.rs`.

mod read;

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
        read::read(path, text)
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
