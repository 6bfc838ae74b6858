//! Diagnostics shared by every stage: an error or warning that names its file, line
//! and column, shows the source line with the spot marked, and suggests a fix.
//!
//! Stages collect diagnostics instead of stopping at the first one, so an author sees
//! every problem of a build at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are printed and the build goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in the site's sources.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    pub message: String,
    /// The source line the problem is on, shown with a caret under `column`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            source_line: None,
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, message) }
    }

    /// Places the diagnostic at a 1-based line and column of `source`, keeping that line
    /// so it can be shown.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self.source_line = source.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }

    /// Places the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(source, line, column)
    }

    /// Places the diagnostic at the front-matter line that sets `key` (`key = …`, or
    /// `[key]`/`[[key]]`), if the front matter of `source` has one; else leaves it.
    pub fn at_key(self, source: &str, key: &str) -> Self {
        let mut offset = 0;
        for (n, line) in source.split_inclusive('\n').enumerate() {
            let trimmed = line.trim_start_matches(['\u{feff}', ' ', '\t']);
            if n > 0 && trimmed.trim_end() == "+++" {
                break;
            }
            let rest = trimmed.trim_start_matches('[');
            if let Some(after) = rest.strip_prefix(key) {
                let after = after.trim_start();
                if after.starts_with('=') || after.starts_with(']') || after.starts_with('.') {
                    return self.at_offset(source, offset + line.len() - trimmed.len());
                }
            }
            offset += line.len();
        }
        self
    }

    /// Places the diagnostic at `key = …` inside the front-matter table `table` (an
    /// inline table, `colors = { text = … }`, or a `[colors]` table), if it is there.
    pub fn at_subkey(self, source: &str, table: &str, key: &str) -> Self {
        let mut offset = 0;
        let mut in_table = false;
        for (n, line) in source.split_inclusive('\n').enumerate() {
            let trimmed = line.trim_start();
            if n > 0 && trimmed.trim_end() == "+++" {
                break;
            }
            if trimmed.starts_with('[') {
                in_table = trimmed.strip_prefix('[').is_some_and(|r| r.trim_start().starts_with(table));
            }
            if in_table || trimmed.starts_with(table) {
                let mut from = 0;
                while let Some(i) = line[from..].find(key) {
                    let at = from + i;
                    let before = line[..at].chars().next_back();
                    let after = line[at + key.len()..].trim_start();
                    if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.starts_with('=') {
                        return self.at_offset(source, offset + at);
                    }
                    from = at + key.len();
                }
            }
            offset += line.len();
        }
        self.at_key(source, table)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Characters of a source line shown under a diagnostic; longer lines are cut around the spot.
const SHOWN_CHARS: usize = 160;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = self.path.strip_prefix(".").unwrap_or(&self.path);
        write!(f, "{label}: {}", path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let (Some(source), Some(line)) = (&self.source_line, self.line) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            // A very long line (minified text, a runaway bracket) is shown around the spot.
            let column = self.column.unwrap_or(1).max(1);
            let skip = column.saturating_sub(1 + SHOWN_CHARS / 2);
            let shown: String = source.chars().skip(skip).take(SHOWN_CHARS).collect();
            let (before, after) =
                (if skip > 0 { "…" } else { "" }, if source.chars().count() > skip + SHOWN_CHARS { "…" } else { "" });
            write!(f, "\n {pad} |\n {number} | {before}{shown}{after}")?;
            if self.column.is_some() {
                let indent: String = before
                    .chars()
                    .chain(shown.chars())
                    .take(column - 1 - skip + before.chars().count())
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {pad} | {indent}^")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a command. `Content` carries every diagnostic of the run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", render_all(.0))]
    Content(Vec<Diagnostic>),
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io { action, path: path.to_owned(), source }
    }

    /// Exit code for the command line: 1 for problems in the content, 2 for misuse.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Content(vec![d])
    }
}

/// Most diagnostics shown at once, so a systematic mistake does not flood the terminal.
pub const MAX_SHOWN: usize = 50;

fn render_all(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let mut out = String::new();
    for d in errors.iter().take(MAX_SHOWN) {
        out.push_str(&d.to_string());
        out.push_str("\n\n");
    }
    if errors.len() > MAX_SHOWN {
        out.push_str(&format!("… and {} more errors\n", errors.len() - MAX_SHOWN));
    }
    let n = errors.len();
    out.push_str(&format!("{n} error{} found", if n == 1 { "" } else { "s" }));
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The known key closest to a misspelt one, if any is close enough to be a likely typo.
pub fn closest<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nтитул = 2\n";
        assert_eq!(line_column(src, 0), (1, 1));
        let off = src.find('=').unwrap();
        assert_eq!(line_column(src, off), (1, 3));
        let off = src.rfind('=').unwrap();
        assert_eq!(line_column(src, off), (2, 7));
    }

    #[test]
    fn display_marks_the_spot() {
        let d = Diagnostic::error("content/a.en.md", "unknown key `durtion`")
            .at("+++\ndurtion = 5\n+++", 2, 1)
            .with_help("did you mean `duration`?");
        let text = d.to_string();
        assert!(text.starts_with("error: content/a.en.md:2:1: unknown key `durtion`"), "{text}");
        assert!(text.contains(" 2 | durtion = 5\n   | ^"), "{text}");
        assert!(text.contains("did you mean `duration`?"));
    }

    #[test]
    fn at_key_finds_the_key_in_front_matter_only() {
        let src = "+++\ntitle = \"sizes\"\n  sizes = [\"B7\"]\n+++\nsizes = 1\n";
        let d = Diagnostic::error("a.md", "m").at_key(src, "sizes");
        assert_eq!((d.line, d.column), (Some(3), Some(3)));
        assert_eq!(Diagnostic::error("a.md", "m").at_key(src, "qr").line, None);
        let d = Diagnostic::error("a.md", "m").at_key("+++\n[colors]\ntext = 1\n+++\n", "colors");
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn at_subkey_finds_keys_of_inline_and_full_tables() {
        let src = "+++\ntitle = \"colors text\"\ncolors = { background = \"#fff\", text = \"#777\" }\n+++\n";
        let d = Diagnostic::error("a.md", "m").at_subkey(src, "colors", "text");
        let line = d.source_line.clone().unwrap();
        assert_eq!(d.line, Some(3));
        assert!(line.chars().skip(d.column.unwrap() - 1).collect::<String>().starts_with("text = "), "{d:?}");
        let src = "+++\ntitle = \"x\"\n[colors]\nbackground = \"#fff\"\naccent = \"#ff0\"\n+++\n";
        assert_eq!(Diagnostic::error("a.md", "m").at_subkey(src, "colors", "accent").line, Some(5));
        assert_eq!(Diagnostic::error("a.md", "m").at_subkey(src, "colors", "text").line, Some(3), "the table");
    }

    #[test]
    fn long_lines_are_cut_around_the_spot() {
        let line = format!("x = {}", "[".repeat(10_000));
        let d = Diagnostic::error("a.md", "too deep").at(&line, 1, 5000);
        let text = d.to_string();
        assert!(text.len() < 800, "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[2].chars().nth(caret), Some('['), "{text}");
        assert!(lines[2].contains('…'));
    }

    #[test]
    fn closest_suggests_only_near_keys() {
        let keys = ["duration", "title", "objectives"];
        assert_eq!(closest("durtion", keys), Some("duration"));
        assert_eq!(closest("zzz", keys), None);
    }
}
