//! The site as typed, validated data: sections, items and their translations, each
//! translation's content typed by its content type with the defaults applied, every
//! link to another page read once, and the language fallback chains. Loaded and
//! checked once ([`load`]); every later stage only reads it, and may assume what the
//! checks guarantee (every `@/` link leads to a page the reader's language shows,
//! every poster value is valid).

mod check;
pub mod content;
mod load;
pub mod paper;
mod source;
pub mod text;
mod validate;

pub use content::Content;
pub use load::{load, reload, reload_draft};
pub use text::{Text, read_text};

use crate::config::SiteConfig;
use crate::discover::BundleFile;
use crate::error::Diagnostic;
use crate::parse::front_matter::ContentType;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Names the generator gives its own pages in each language's folder (and `page`,
/// the folder of a long list's later pages): no content may use them.
pub mod reserved {
    pub const SEARCH: &str = "search";
    pub const SAFETY: &str = "safety";
    pub const PRINT: &str = "print";
    pub const TOPICS: &str = "topics";
    /// Top-level names.
    pub const TOP: [&str; 4] = [SEARCH, SAFETY, PRINT, TOPICS];
    /// `lessons/page/2/`: the later pages of a long list.
    pub const LIST_PAGE: &str = "page";
}

/// One language version of a section or item, as written by its author.
#[derive(Debug)]
pub struct Translation {
    pub path: PathBuf,
    pub lang: String,
    /// The whole file, for rendering and for diagnostics that show source lines.
    pub source: Text,
    pub body_offset: usize,
    pub title: String,
    pub summary: Option<String>,
    pub order: Option<i64>,
    pub draft: bool,
    /// The `type` its front matter sets (on a section: the type of its items).
    pub declared_type: Option<ContentType>,
    /// Set while a translation still needs a fluent reader's review; the text says why.
    pub review: Option<String>,
    pub source_hash: Option<String>,
    pub content: Content,
    /// Its links to pages of the site (`@/…`, `#…`, a poster's `qr`), read once.
    pub links: Vec<PageLink>,
    /// Titles of the handouts its text marks (`::: handout Title`).
    pub handouts: Vec<String>,
    /// The files of its bundle that it links to or shows (a poster's `image` too).
    pub files: Vec<String>,
}

/// A link from a translation to a page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// Byte offset in the text of `field`.
    pub offset: u32,
    pub field: Field,
    /// The target's `@/` path; `None` for an anchor of the same page (`#part`).
    pub path: Option<Box<str>>,
    pub anchor: Option<Box<str>>,
}

/// Where a link is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The Markdown body.
    Body,
    /// A Markdown field of the front matter.
    Preparation,
    TeacherNotes,
    /// A poster's `qr`.
    Qr,
}

impl Field {
    /// The front-matter key of a field, if it is one.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Field::Body => None,
            Field::Preparation => Some("preparation"),
            Field::TeacherNotes => Some("teacher_notes"),
            Field::Qr => Some("qr"),
        }
    }
}

impl Translation {
    /// The whole file: borrowed when kept, else read again and checked unchanged.
    pub fn text(&self) -> Result<Cow<'_, str>, Diagnostic> {
        self.source.read(&self.path)
    }

    /// The body (after the front matter) of `text`, this translation's [`Translation::text`].
    pub fn body_of<'a>(&self, text: &'a str) -> &'a str {
        &text[self.body_offset..]
    }

    /// A hash of the whole file, without reading it again.
    pub fn content_hash(&self) -> u64 {
        self.source.hash()
    }

    /// Whether its text marks a handout.
    pub fn has_handouts(&self) -> bool {
        !self.handouts.is_empty()
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
    /// Files of the item's bundle.
    pub files: Vec<BundleFile>,
}

impl Item {
    /// The `@/` path of the item: `lessons/01-safe-migration`.
    pub fn key(&self) -> String {
        if self.section.is_empty() { self.slug.clone() } else { format!("{}/{}", self.section, self.slug) }
    }

    /// The bundle file named `name` (as a link writes it: `a%20b.pdf` is `a b.pdf`).
    pub fn file(&self, name: &str) -> Option<&BundleFile> {
        let name = crate::parse::link::file_name(name);
        self.files.iter().find(|f| f.name == name)
    }
}

/// The whole site, loaded and checked.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub root: PathBuf,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    /// `@/` path → page, for link resolution in constant time.
    pub index: HashMap<String, PageRef>,
}

/// A page of the site, language-independent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    /// The page and translation read from the file at `path`. Paths are compared as
    /// bytes first (as discovered and as the watcher names them, they are the same):
    /// `Path`'s own equality walks components, which over 30,000 translations cost
    /// several milliseconds of every edit in the preview.
    pub fn translation_at(&self, path: &std::path::Path) -> Option<(PageRef, &Translation)> {
        let all = || {
            let sections = self.sections.iter().enumerate().map(|(i, s)| (PageRef::Section(i), &s.translations));
            let items = self.items.iter().enumerate().map(|(i, it)| (PageRef::Item(i), &it.translations));
            sections.chain(items).flat_map(|(page, ts)| ts.values().map(move |t| (page, t)))
        };
        let bytes = path.as_os_str();
        all().find(|(_, t)| t.path.as_os_str() == bytes).or_else(|| all().find(|(_, t)| t.path == path))
    }

    /// The title a reader of `lang` sees: the picked translation's, or the last part
    /// of the page's path when it has none.
    pub fn title_of(&self, page: PageRef, lang: &str) -> &str {
        match self.pick(page, lang) {
            Some(t) => &t.title,
            None => {
                let key = match page {
                    PageRef::Section(i) => &self.sections[i].path,
                    PageRef::Item(i) => &self.items[i].slug,
                };
                key.rsplit('/').next().unwrap_or(key)
            }
        }
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

    /// The languages whose readers see the translation `t` of `page`.
    pub fn readers<'a>(&'a self, page: PageRef, t: &'a Translation) -> impl Iterator<Item = &'a str> + 'a {
        self.languages().filter(move |l| self.pick(page, l).is_some_and(|p| std::ptr::eq(p, t)))
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

    /// The item behind a page, if it is one.
    pub fn item(&self, page: PageRef) -> Option<&Item> {
        match page {
            PageRef::Item(i) => Some(&self.items[i]),
            PageRef::Section(_) => None,
        }
    }

    /// The lessons shown in `lang`, in reading order (sections in order, then their
    /// items): the handbook's.
    pub fn lessons(&self, lang: &str) -> Vec<usize> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().copied())
            .filter(|&i| self.items[i].content_type == ContentType::Lesson && self.shows(PageRef::Item(i), lang))
            .collect()
    }

    /// Whether the site shows news in `lang` (and so has a feed).
    pub fn has_news(&self, lang: &str) -> bool {
        self.items
            .iter()
            .enumerate()
            .any(|(i, it)| it.content_type == ContentType::News && self.shows(PageRef::Item(i), lang))
    }
}
