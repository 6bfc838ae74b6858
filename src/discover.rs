//! Finds the site's sources under `content/` with walkdir and says what each file is:
//! a section index, an item (bundle or single file) in some language, or a bundle's
//! own file. Second stage of the pipeline; nothing is read or parsed here.

use crate::error::Diagnostic;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a Markdown source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `_index.<lang>.md`: the text of a section (or of the home page, for the root).
    SectionIndex,
    /// `<slug>/index.<lang>.md`: an item with its own folder of files.
    Bundle,
    /// `<slug>.<lang>.md`: an item in a single file.
    Single,
}

/// One Markdown file, placed in the site.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub kind: SourceKind,
    /// Section path under `content/` with `/` separators; `""` for the root.
    pub section: String,
    /// The item's slug; empty for a section index.
    pub slug: String,
    pub lang: String,
}

/// A non-Markdown file inside a bundle, copied next to the item's pages.
#[derive(Debug, Clone)]
pub struct BundleFile {
    pub path: PathBuf,
    pub section: String,
    pub slug: String,
    /// Path relative to the bundle folder, with `/` separators.
    pub name: String,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub sources: Vec<SourceFile>,
    pub bundle_files: Vec<BundleFile>,
    pub problems: Vec<Diagnostic>,
}

/// Walks `content_dir`. Symlinks are not followed (no loops, nothing outside the
/// tree); hidden files and editors' backup files are skipped.
pub fn discover(content_dir: &Path, languages: &[&str]) -> Discovered {
    let mut found = Discovered::default();
    let mut entries: Vec<_> = Vec::new();
    for entry in WalkDir::new(content_dir).follow_links(false).sort_by_file_name() {
        match entry {
            Ok(e) => entries.push(e),
            Err(e) => {
                let path = e.path().unwrap_or(content_dir).to_owned();
                found.problems.push(Diagnostic::error(path, format!("cannot read: {e}")));
            }
        }
    }
    // Bundles are folders holding an `index.<lang>.md`; files beside it belong to them.
    let bundles: std::collections::HashSet<PathBuf> = entries
        .iter()
        .filter(|e| e.file_type().is_file())
        .filter(|e| split_name(&e.file_name().to_string_lossy()).is_some_and(|(stem, _)| stem == "index"))
        .filter_map(|e| e.path().parent().map(Path::to_owned))
        .collect();

    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.depth() == 0 || !entry.file_type().is_file() || is_ignored(&name) {
            continue;
        }
        let rel = path.strip_prefix(content_dir).unwrap_or(path);
        let bundle_dir = path.ancestors().skip(1).find(|a| bundles.contains(*a));
        if !name.ends_with(".md") {
            match bundle_dir {
                Some(dir) => {
                    let (section, slug) = section_and_slug(dir.strip_prefix(content_dir).unwrap_or(dir));
                    let inner = path.strip_prefix(dir).unwrap_or(path);
                    found.bundle_files.push(BundleFile {
                        path: path.to_owned(),
                        section,
                        slug,
                        name: slash_path(inner),
                    });
                }
                None => found.problems.push(
                    Diagnostic::warning(path, "file outside a bundle is not part of the site")
                        .with_help("put it in an item's folder beside its index.<lang>.md, or in assets/"),
                ),
            }
            continue;
        }
        let Some((stem, lang)) = split_name(&name) else {
            found.problems.push(
                Diagnostic::error(path, "Markdown file name lacks a language code").with_help(format!(
                    "name it like `{}.{}.md`",
                    name.trim_end_matches(".md"),
                    languages[0]
                )),
            );
            continue;
        };
        if !languages.contains(&lang) {
            let mut d =
                Diagnostic::error(path, format!("`{lang}` is not a language of this site ({})", languages.join(", ")));
            if let Some(near) = crate::error::closest(lang, languages.iter().copied()) {
                d = d.with_help(format!("did you mean `{near}`?"));
            } else {
                d = d.with_help("add the language to site.toml, or rename the file");
            }
            found.problems.push(d);
            continue;
        }
        let parent = rel.parent().unwrap_or(Path::new(""));
        let (kind, section, slug) = match stem {
            "_index" => (SourceKind::SectionIndex, slash_path(parent), String::new()),
            "index" if parent.as_os_str().is_empty() => {
                found.problems.push(
                    Diagnostic::error(path, "`index.<lang>.md` at the top of content/ is ambiguous")
                        .with_help("the home page is `_index.<lang>.md`"),
                );
                continue;
            }
            "index" => {
                let (section, slug) = section_and_slug(parent);
                (SourceKind::Bundle, section, slug)
            }
            _ if bundle_dir.is_some() => {
                found.problems.push(
                    Diagnostic::warning(path, "extra Markdown file inside a bundle is copied as a file, not a page")
                        .with_help("make it its own item folder if it should be a page"),
                );
                continue;
            }
            _ => (SourceKind::Single, slash_path(parent), stem.to_owned()),
        };
        found.sources.push(SourceFile { path: path.to_owned(), kind, section, slug, lang: lang.to_owned() });
    }
    found
}

/// Whether a bundle file is a raster image (PNG or JPEG): those are made responsive,
/// and a poster's image must be one.
pub fn is_raster(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".jpg") || lower.ends_with(".jpeg") || lower.ends_with(".png")
}

/// `name.<lang>.md` → (`name`, `lang`).
fn split_name(name: &str) -> Option<(&str, &str)> {
    let base = name.strip_suffix(".md")?;
    let (stem, lang) = base.rsplit_once('.')?;
    (!stem.is_empty() && !lang.is_empty()).then_some((stem, lang))
}

fn section_and_slug(dir: &Path) -> (String, String) {
    let slug = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (slash_path(dir.parent().unwrap_or(Path::new(""))), slug)
}

fn slash_path(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with("#")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn classifies_sections_bundles_singles_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path();
        for f in [
            "_index.en.md",
            "about.en.md",
            "lessons/_index.ru.md",
            "lessons/01-a/index.en.md",
            "lessons/01-a/index.uz-Latn.md",
            "lessons/01-a/img/photo.jpg",
            "lessons/02-b.ru.md",
            "notes.txt",
            "bad.md",
            "x/y.fr.md",
        ] {
            let p = c.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "").unwrap();
        }
        let d = discover(c, &["en", "ru", "uz-Latn"]);
        let mut got: Vec<_> =
            d.sources.iter().map(|s| (s.kind, s.section.as_str(), s.slug.as_str(), s.lang.as_str())).collect();
        got.sort_by_key(|g| (g.1, g.2, g.3));
        assert_eq!(
            got,
            [
                (SourceKind::SectionIndex, "", "", "en"),
                (SourceKind::Single, "", "about", "en"),
                (SourceKind::SectionIndex, "lessons", "", "ru"),
                (SourceKind::Bundle, "lessons", "01-a", "en"),
                (SourceKind::Bundle, "lessons", "01-a", "uz-Latn"),
                (SourceKind::Single, "lessons", "02-b", "ru"),
            ]
        );
        assert_eq!(d.bundle_files.len(), 1);
        assert_eq!(d.bundle_files[0].name, "img/photo.jpg");
        assert_eq!(d.bundle_files[0].slug, "01-a");
        let messages: Vec<_> = d.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("lacks a language code")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("`fr` is not a language")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("outside a bundle")), "{messages:?}");
    }
}
