//! Front matter: the TOML between `+++` lines at the top of every Markdown file, typed
//! per content type and checked strictly, so that a misspelt key is an error that
//! names the file, the line and the key that was probably meant.

use crate::error::{Diagnostic, closest};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What an item is; decides its template and which front-matter keys it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ContentType {
    #[default]
    Page,
    Lesson,
    Scenario,
    Poster,
    /// A dated news item, listed newest first and in the language's Atom feed.
    News,
}

impl ContentType {
    pub fn name(self) -> &'static str {
        match self {
            ContentType::Page => "page",
            ContentType::Lesson => "lesson",
            ContentType::Scenario => "scenario",
            ContentType::Poster => "poster",
            ContentType::News => "news",
        }
    }

    /// Keys allowed beyond the common ones.
    fn own_keys(self) -> &'static [&'static str] {
        match self {
            ContentType::Page => &[],
            ContentType::Lesson => &[
                "age",
                "duration",
                "objectives",
                "materials",
                "preparation",
                "topics",
                "handouts",
                "content_note",
                "teacher_notes",
            ],
            ContentType::Scenario => &["duration", "audience", "format", "cast"],
            ContentType::News => &["date"],
            ContentType::Poster => &[
                "headline",
                "text",
                "cta",
                "contact",
                "image",
                "image_alt",
                "colors",
                "sizes",
                "orientation",
                "bleed",
                "safe_zone",
                "qr",
            ],
        }
    }
}

const COMMON_KEYS: &[&str] = &["title", "summary", "order", "draft", "type", "review", "source_hash"];

/// Front matter of any type. Keys of other types are rejected after parsing, with
/// the type named, so the struct can stay one.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: String,
    pub summary: Option<String>,
    pub order: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(rename = "type")]
    pub content_type: Option<ContentType>,
    /// Set while a translation still needs a fluent reader's review; the text says why.
    pub review: Option<String>,
    pub source_hash: Option<String>,

    // lesson
    pub age: Option<[u32; 2]>,
    pub duration: Option<u32>,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub materials: Vec<String>,
    pub preparation: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub handouts: Vec<String>,
    pub content_note: Option<String>,
    pub teacher_notes: Option<String>,

    // scenario
    pub audience: Option<String>,
    pub format: Option<String>,
    #[serde(default)]
    pub cast: Vec<CastMember>,

    // poster
    pub headline: Option<String>,
    pub text: Option<String>,
    pub cta: Option<String>,
    pub contact: Option<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub colors: Option<Colors>,
    #[serde(default)]
    pub sizes: Vec<String>,
    pub orientation: Option<Orientation>,
    pub bleed: Option<f64>,
    pub safe_zone: Option<f64>,
    pub qr: Option<String>,

    // news
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CastMember {
    pub name: String,
    #[serde(default)]
    pub note: String,
    /// Another role the same actor can play.
    #[serde(default)]
    pub doubling: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub background: String,
    pub text: String,
    pub accent: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

/// A source split into front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Byte offset of the front matter in the file.
    pub front_matter_offset: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Separates the `+++` block from the body.
pub fn split<'a>(path: &Path, source: &'a str) -> Result<Split<'a>, Diagnostic> {
    let source_no_bom = source.strip_prefix('\u{feff}').unwrap_or(source);
    let bom = source.len() - source_no_bom.len();
    let first_line_end = source_no_bom.find('\n').map_or(source_no_bom.len(), |i| i + 1);
    if source_no_bom[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::error(path, "missing front matter: the file must start with a `+++` line")
            .at(source, 1, 1)
            .with_help("start the file with\n+++\ntitle = \"…\"\n+++"));
    }
    let start = bom + first_line_end;
    let mut offset = start;
    for line in source[start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_offset = offset + line.len();
            return Ok(Split {
                front_matter: &source[start..offset],
                front_matter_offset: start,
                body: &source[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, "front matter is not closed: no second `+++` line")
        .at(source, 1, 1)
        .with_help("end the front matter with a line holding only `+++`"))
}

/// Parses front matter for an item whose type is `default_type` unless it says otherwise.
/// `section_index` front matter takes only the common keys.
pub fn parse(
    path: &Path,
    source: &str,
    split: &Split,
    default_type: ContentType,
    section_index: bool,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let fm: FrontMatter = toml::from_str(split.front_matter)
        .map_err(|e| vec![crate::toml_error::diagnostic(path, source, split.front_matter_offset, &e)])?;
    let content_type = fm.content_type.unwrap_or(default_type);
    let mut problems = Vec::new();
    if fm.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(path, "missing `title`")
                .at(source, 2, 1)
                .with_help("add title = \"…\" to the front matter"),
        );
    }
    let table: toml::Table = toml::from_str(split.front_matter).unwrap_or_default();
    let own: &[&str] = if section_index { &[] } else { content_type.own_keys() };
    for key in table.keys() {
        if COMMON_KEYS.contains(&key.as_str()) || own.contains(&key.as_str()) {
            continue;
        }
        let what = if section_index { "a section".to_owned() } else { format!("a {}", content_type.name()) };
        let mut d = Diagnostic::error(path, format!("`{key}` is not a key of {what}"));
        if let Some(offset) = key_offset(split.front_matter, key) {
            d = d.at_offset(source, split.front_matter_offset + offset);
        }
        let allowed = COMMON_KEYS.iter().chain(own).copied();
        d = match closest(key, allowed) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help(format!("remove it, or set `type` to the content type that has `{key}`")),
        };
        problems.push(d);
    }
    if content_type == ContentType::News && !section_index {
        let valid = fm.date.as_deref().is_some_and(is_date);
        if !valid {
            let mut d = Diagnostic::error(path, "a news item needs `date = \"YYYY-MM-DD\"`")
                .with_help("the publication date, e.g. date = \"2026-11-29\"; news are listed newest first");
            if let Some(offset) = key_offset(split.front_matter, "date") {
                d = d.at_offset(source, split.front_matter_offset + offset);
            }
            problems.push(d);
        }
    }
    if problems.is_empty() { Ok(fm) } else { Err(problems) }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && (1..=12).contains(&text[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&text[8..10].parse::<u32>().unwrap_or(0))
}

/// Byte offset of the line defining `key` at the top level.
fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with('=') || rest.starts_with('.') {
                return Some(offset + line.len() - trimmed.len());
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(src: &str, ty: ContentType) -> Result<FrontMatter, Vec<Diagnostic>> {
        let path = Path::new("content/lessons/x/index.en.md");
        let split = split(path, src).map_err(|d| vec![d])?;
        parse(path, src, &split, ty, false)
    }

    #[test]
    fn splits_and_parses_a_lesson() {
        let src = "+++\ntitle = \"A\"\nage = [14, 18]\nduration = 45\n+++\n# Body\n";
        let fm = parse_str(src, ContentType::Lesson).unwrap();
        assert_eq!(fm.title, "A");
        assert_eq!(fm.age, Some([14, 18]));
        assert_eq!(fm.duration, Some(45));
    }

    #[test]
    fn unknown_key_error_names_line_and_nearest_key() {
        let src = "+++\ntitle = \"A\"\ndurtion = 45\n+++\n";
        let errs = parse_str(src, ContentType::Lesson).unwrap_err();
        let text = errs[0].to_string();
        assert!(text.contains("index.en.md:3:1: unknown key `durtion`"), "{text}");
        assert!(text.contains("did you mean `duration`?"), "{text}");
    }

    #[test]
    fn key_of_another_type_is_rejected_with_its_line() {
        let src = "+++\ntitle = \"A\"\nheadline = \"Big\"\n+++\n";
        let errs = parse_str(src, ContentType::Lesson).unwrap_err();
        let text = errs[0].to_string();
        assert!(text.contains(":3:1: `headline` is not a key of a lesson"), "{text}");
        assert!(parse_str(src, ContentType::Poster).is_ok());
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        assert!(
            parse_str("# no front matter", ContentType::Page).unwrap_err()[0].message.contains("missing front matter")
        );
        assert!(parse_str("+++\ntitle = \"x\"\n", ContentType::Page).unwrap_err()[0].message.contains("not closed"));
    }

    #[test]
    fn news_needs_a_date() {
        assert_eq!(
            parse_str("+++\ntitle = \"A\"\ndate = \"2026-11-29\"\n+++\n", ContentType::News).unwrap().date.as_deref(),
            Some("2026-11-29")
        );
        let errs = parse_str("+++\ntitle = \"A\"\ndate = \"29.11.2026\"\n+++\n", ContentType::News).unwrap_err();
        assert_eq!(errs[0].line, Some(3), "{}", errs[0]);
        assert!(parse_str("+++\ntitle = \"A\"\n+++\n", ContentType::News).is_err());
        assert!(parse_str("+++\ntitle = \"A\"\ndate = \"2026-11-29\"\n+++\n", ContentType::Lesson).is_err());
    }

    #[test]
    fn wrong_value_type_points_at_the_value() {
        let src = "+++\ntitle = \"A\"\nduration = \"forty\"\n+++\n";
        let errs = parse_str(src, ContentType::Lesson).unwrap_err();
        assert_eq!(errs[0].line, Some(3), "{}", errs[0]);
    }
}
