//! The site as plain data: sections, items and their translations, with the language
//! fallback chains applied. Built once from the discovered and parsed sources; the
//! render and check stages only read it.

mod load;
pub mod poster;
pub mod url;

pub use load::{load, read_text};

use crate::config::SiteConfig;
use crate::discover::BundleFile;
use crate::parse::front_matter::{ContentType, FrontMatter};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// One language version of a section or item, as written by its author.
#[derive(Debug)]
pub struct Translation {
    pub path: PathBuf,
    pub lang: String,
    /// The whole file, kept for rendering and for diagnostics that show source lines.
    pub source: String,
    pub body_offset: usize,
    pub meta: FrontMatter,
}

impl Translation {
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
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
