//! The site as plain data: sections, items and their translations, with the language
//! fallback chains applied. Built once from the discovered and parsed sources; the
//! render and check stages only read it.

mod load;
pub mod poster;
pub mod url;

pub use load::{load, read_text};

use crate::config::SiteConfig;
use crate::discover::BundleFile;
use crate::error::Diagnostic;
use crate::parse::front_matter::{ContentType, FrontMatter};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// One language version of a section or item, as written by its author.
#[derive(Debug)]
pub struct Translation {
    pub path: PathBuf,
    pub lang: String,
    /// The whole file, for rendering and for diagnostics that show source lines.
    pub source: Text,
    pub body_offset: usize,
    pub meta: FrontMatter,
    /// The body marks a handout (`::: handout`): the language has a handouts page.
    pub has_handouts: bool,
}

/// A source file's text: kept in memory, or dropped after loading and read again
/// when a stage needs it, so that a build's memory does not grow with the site.
#[derive(Debug)]
pub enum Text {
    Kept(String),
    /// Its length and [`text_hash`], to notice a file edited during the build.
    OnDisk {
        len: usize,
        hash: u64,
    },
}

impl Text {
    /// What is kept of `text` when it is dropped: its length and hash.
    pub fn on_disk(text: &str) -> Text {
        Text::OnDisk { len: text.len(), hash: text_hash(text) }
    }
}

/// A fast hash of a source's text (not stable across chyrak versions).
pub fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

impl Translation {
    /// The whole file: borrowed when kept, else read again and checked unchanged.
    pub fn text(&self) -> Result<Cow<'_, str>, Diagnostic> {
        match &self.source {
            Text::Kept(s) => Ok(Cow::Borrowed(s)),
            Text::OnDisk { len, hash } => {
                let text = read_text(&self.path)?;
                if text.len() != *len || text_hash(&text) != *hash {
                    return Err(Diagnostic::error(&self.path, "the file changed while the site was being built")
                        .with_help("build again"));
                }
                Ok(Cow::Owned(text))
            }
        }
    }

    /// The body (after the front matter) of `text`, this translation's [`Translation::text`].
    pub fn body_of<'a>(&self, text: &'a str) -> &'a str {
        &text[self.body_offset..]
    }

    /// [`text_hash`] of the whole file, without reading it again.
    pub fn content_hash(&self) -> u64 {
        match &self.source {
            Text::Kept(s) => text_hash(s),
            Text::OnDisk { hash, .. } => *hash,
        }
    }
}

/// A folder of items (`lessons/`), or the home page for the root (`""`).
#[derive(Debug)]
pub struct Section {
    /// Path under `content/` with `/`; `""` is the home page.
    pub path: String,
    pub translations: BTreeMap<String, Translation>,
    /// Type of the items inside.
    pub item_type: ContentType,
    /// Indices into `Site::items`, in reading order.
    pub items: Vec<usize>,
    /// Paths of the sections directly inside this one, in reading order.
    pub subsections: Vec<String>,
}

/// A lesson, scenario, poster or page, in all its languages.
#[derive(Debug)]
pub struct Item {
    pub section: String,
    pub slug: String,
    pub content_type: ContentType,
    pub translations: BTreeMap<String, Translation>,
    /// Files of the item's bundle, copied once to `media/<section>/<slug>/`.
    pub files: Vec<BundleFile>,
}

impl Item {
    /// Output path of the bundle file `name` (`media/<section>/<slug>/<name>`), if the
    /// bundle has it.
    pub fn file_output(&self, name: &str) -> Option<String> {
        self.files.iter().find(|f| f.name == name).map(|f| format!("{}/{}", url::media_dir(&self.key()), f.name))
    }

    /// The `@/` path of the item: `lessons/01-safe-migration`.
    pub fn key(&self) -> String {
        if self.section.is_empty() { self.slug.clone() } else { format!("{}/{}", self.section, self.slug) }
    }
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub root: PathBuf,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    /// `@/` path → page, for link resolution in constant time.
    pub index: HashMap<String, PageRef>,
    /// PDFs that `chyrak pdf` is printing, so that pages can link to them: output path
    /// of a print page (`en/print/handbook.html`) → output path of its PDF
    /// (`pdf/en/handbook.pdf`). Empty for a plain build.
    pub pdfs: BTreeMap<String, String>,
    /// The bundles' images in several widths, made once per site (src/assets/images.rs).
    pub images: crate::assets::images::Images,
}

/// A page of the site, language-independent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageRef {
    Section(usize),
    Item(usize),
}

impl Site {
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.config.languages.iter().map(|l| l.code.as_str())
    }

    pub fn translations(&self, page: PageRef) -> &BTreeMap<String, Translation> {
        match page {
            PageRef::Section(i) => &self.sections[i].translations,
            PageRef::Item(i) => &self.items[i].translations,
        }
    }

    /// The translation a reader of `lang` sees: their own, or the first fallback that exists.
    pub fn pick(&self, page: PageRef, lang: &str) -> Option<&Translation> {
        let translations = self.translations(page);
        self.config.chain(lang).find_map(|code| translations.get(code))
    }

    /// Whether `page` is published in `lang` (translated or by fallback).
    pub fn shows(&self, page: PageRef, lang: &str) -> bool {
        match page {
            // A section always exists in every language when it has items to list.
            PageRef::Section(i) => {
                self.pick(page, lang).is_some()
                    || self.sections[i].items.iter().any(|&it| self.shows(PageRef::Item(it), lang))
            }
            PageRef::Item(_) => self.pick(page, lang).is_some(),
        }
    }

    pub fn section(&self, path: &str) -> Option<usize> {
        match self.index.get(path) {
            Some(PageRef::Section(i)) => Some(*i),
            _ => None,
        }
    }

    /// The `@/` path of a page.
    pub fn key(&self, page: PageRef) -> String {
        match page {
            PageRef::Section(i) => self.sections[i].path.clone(),
            PageRef::Item(i) => self.items[i].key(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translation(path: PathBuf, text: &str) -> Translation {
        Translation {
            path,
            lang: "ru".into(),
            source: Text::Kept(text.to_owned()),
            body_offset: text.find("\n+++\n").map_or(0, |i| i + 5),
            meta: FrontMatter::default(),
            has_handouts: false,
        }
    }

    #[test]
    fn an_unloaded_text_is_read_again_and_checked_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.ru.md");
        let text = "+++\ntitle = \"Виза\"\n+++\nТекст урока.\n";
        std::fs::write(&path, text).unwrap();
        let mut t = translation(path.clone(), text);
        let hash = t.content_hash();
        t.source = Text::on_disk(text);
        assert_eq!(t.content_hash(), hash, "the hash survives unloading");
        let again = t.text().unwrap();
        assert_eq!(again, text);
        assert_eq!(t.body_of(&again), "Текст урока.\n");

        // Edited (same length or not) while the build runs: an error naming the file, not stale output.
        std::fs::write(&path, text.replace("Текст", "Тёкст")).unwrap();
        let d = t.text().unwrap_err();
        assert!(d.to_string().contains("index.ru.md") && d.to_string().contains("changed"), "{d}");
        std::fs::write(&path, text.replace("урока", "урокА")).unwrap();
        assert!(t.text().is_err());
        std::fs::remove_file(&path).unwrap();
        assert!(t.text().unwrap_err().to_string().contains("cannot read"));
    }
}
