//! Reading PO text line by line into a [`Catalog`], with the line of every entry and
//! an error naming the file and line for anything that is not PO.

use super::{Catalog, Entry};
use crate::error::Diagnostic;
use std::path::Path;

pub(super) fn read(path: &Path, text: &str) -> Result<Catalog, Diagnostic> {
    Reader { path, text, catalog: Catalog::default(), entry: Entry::default(), field: None, started: false }.run()
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
