//! Link-preview cards: the 1200 × 630 picture a messenger or social network shows
//! next to a shared link (`og:image`). A poster's card is drawn in the poster's
//! colours with its headline, call to action and hotline number; every other page's
//! card has its title, its section and the site's name and logo in the theme's
//! colours. `[preview] cards` in `site.toml` chooses which pages get a card of their
//! own; the others show their language's home card.
//!
//! A card is drawn in the language its text is in (a page shown by fallback shares the
//! card of the page it falls back to), from a [`Design`] that says everything the
//! picture depends on. Cards are cached in `<root>/.chyrak-cache/cards/` under a hash
//! of the design, the fonts and the logo, so an unchanged card is never drawn twice
//! and a build makes byte-identical files. Text is shaped and drawn by resvg
//! ([`paint`]), fitted by [`fit`]; a letter no font has is a warning naming it.

mod fit;
pub mod paint;

use crate::config::Cards;
use crate::error::{Diagnostic, Result};
use crate::model::content::Content;
use crate::model::{PageRef, Site};
use crate::output::{self, Sink, layout};
use crate::parse::colour::{Colour, contrast};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use paint::Painter;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// The cache folder under the site's root.
pub const CACHE_DIR: &str = ".chyrak-cache/cards";
/// Changes whenever drawing changes, so that old cache entries are not reused.
const VERSION: &str = "cards-2";

/// What a run does with the link-preview cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardWork {
    /// Draw them (or take them from the cache) and write them.
    Draw,
    /// Lay them out for their warnings only (`check`).
    LayOut,
    /// Nothing: outputs for reading elsewhere, and the preview server (messengers
    /// fetch cards from the published site, never from a preview).
    Skip,
}

/// What a card shows: everything its picture depends on besides fonts and logo.
#[derive(Debug, Clone, PartialEq)]
pub enum Design {
    Poster {
        background: [u8; 3],
        text: [u8; 3],
        accent: [u8; 3],
        /// The site's name, small, at the top.
        site: String,
        headline: String,
        cta: Option<String>,
        /// The contact's name and number.
        contact: Option<(String, String)>,
    },
    Page {
        background: [u8; 3],
        text: [u8; 3],
        accent: [u8; 3],
        /// The band at the bottom and its text.
        band: [u8; 3],
        band_text: [u8; 3],
        site: String,
        /// Above the title: the section of an item.
        kicker: Option<String>,
        title: String,
        /// Below the title: the site's description on the home card.
        subtitle: Option<String>,
        /// In the band: where the site is (`example.org/safe-road`).
        address: String,
    },
}

/// One card to draw.
#[derive(Debug, Clone)]
pub struct Card {
    /// Its output path.
    pub rel: String,
    /// The file its text comes from (under the site's folder), for warnings.
    pub source: PathBuf,
    pub lang: String,
    pub rtl: bool,
    pub design: Design,
}

impl Card {
    /// Every text the card shows.
    pub fn texts(&self) -> Vec<&str> {
        match &self.design {
            Design::Poster { site, headline, cta, contact, .. } => {
                let mut t = vec![site.as_str(), headline.as_str()];
                t.extend(cta.as_deref());
                if let Some((name, number)) = contact {
                    t.extend([name.as_str(), number.as_str()]);
                }
                t
            }
            Design::Page { site, kicker, title, subtitle, address, .. } => {
                let mut t = vec![site.as_str(), title.as_str(), address.as_str()];
                t.extend(kicker.as_deref());
                t.extend(subtitle.as_deref());
                t
            }
        }
    }
}

/// The output path of the card a page shows when its text is in `text_lang`, and the
/// page that card is drawn for; `None` when previews show the icon.
pub fn card_of(site: &Site, page: PageRef, text_lang: &str) -> Option<(String, PageRef)> {
    let home = || site.section("").map(|i| (layout::card(text_lang, ""), PageRef::Section(i)));
    match site.config.preview.cards {
        Cards::None => None,
        Cards::Pages => Some((layout::card(text_lang, &site.key(page)), page)),
        Cards::Posters => match site.item(page) {
            Some(item) if item.content_type == crate::parse::front_matter::ContentType::Poster => {
                Some((layout::card(text_lang, &site.key(page)), page))
            }
            _ => home(),
        },
    }
}

/// Every card the site's pages show, by output path.
pub fn list(site: &Site) -> Vec<Card> {
    let mut cards: BTreeMap<String, Card> = BTreeMap::new();
    for job in output::jobs(site).into_iter().filter(|j| j.list_page <= 1) {
        let text_lang = site.pick(job.page, job.lang).map_or(job.lang, |t| t.lang.as_str());
        let Some((rel, page)) = card_of(site, job.page, text_lang) else { return Vec::new() };
        if let std::collections::btree_map::Entry::Vacant(slot) = cards.entry(rel) {
            let rel = slot.key().clone();
            slot.insert(design(site, page, text_lang, rel));
        }
    }
    cards.into_values().collect()
}

/// The card of `page` in `lang`.
fn design(site: &Site, page: PageRef, lang: &str, rel: String) -> Card {
    let config = &site.config;
    let language = config.language(lang);
    let rtl = language.is_some_and(|l| l.direction == crate::config::Direction::Rtl);
    let site_name = language.and_then(|l| l.title.clone()).unwrap_or_else(|| config.title.clone());
    let translation = site.translations(page).get(lang);
    let source = translation.map_or_else(|| site.root.join("site.toml"), |t| t.path.clone());
    let source = source.strip_prefix(&site.root).map_or(source.clone(), Path::to_path_buf);
    let title = site.title_of(page, lang).to_owned();
    if let Some(Content::Poster(p)) = translation.map(|t| &t.content) {
        let contact = p.contact.as_ref().and_then(|id| config.contacts.iter().find(|c| &c.id == id));
        let design = Design::Poster {
            background: p.colours.background.rgb,
            text: p.colours.text.rgb,
            accent: p.colours.accent.rgb,
            site: site_name,
            headline: p.headline.clone().unwrap_or(title),
            cta: p.cta.clone(),
            contact: contact.map(|c| (c.names.get(lang).unwrap_or(&c.name).clone(), c.number.clone())),
        };
        return Card { rel, source, lang: lang.to_owned(), rtl, design };
    }
    let background = theme_colour(site);
    let band = Colour::parse(&config.offline.background_color).map_or([0xfb, 0xf8, 0xf4], |c| c.rgb);
    let text = readable_on(background);
    // The lamp's flame, where it stands out; the text colour where it does not.
    let flame = [0xff, 0xc2, 0x3d];
    let accent = if contrast(flame, background) >= 3.0 { flame } else { text };
    let band_text = if contrast(background, band) >= 4.5 { background } else { readable_on(band) };
    let (kicker, subtitle, title) = match page {
        PageRef::Section(i) if site.sections[i].path.is_empty() => {
            let description =
                language.and_then(|l| l.description.clone()).unwrap_or_else(|| config.description.clone());
            // The site's name is the title: the organisation (if any) goes beside the logo.
            (None, Some(description).filter(|d| !d.is_empty()), site_name.clone())
        }
        PageRef::Section(_) => (None, None, title),
        PageRef::Item(i) => {
            let section = site.section(&site.items[i].section).map(PageRef::Section);
            let kicker = section.map(|s| site.title_of(s, lang).to_owned());
            (kicker.filter(|k| !k.is_empty()), None, title)
        }
    };
    let is_home = matches!(page, PageRef::Section(i) if site.sections[i].path.is_empty());
    let site_name = if is_home { config.organisation.clone() } else { site_name };
    let design = Design::Page {
        background,
        text,
        accent,
        band,
        band_text,
        site: site_name,
        kicker,
        title,
        subtitle,
        address: address(&config.base_url),
    };
    Card { rel, source, lang: lang.to_owned(), rtl, design }
}

/// The theme colour of `[offline]`, the background of page cards.
fn theme_colour(site: &Site) -> [u8; 3] {
    Colour::parse(&site.config.offline.theme_color).map_or([0x1d, 0x52, 0x60], |c| c.rgb)
}

/// `https://example.org/safe-road/` → `example.org/safe-road`.
fn address(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.trim_end_matches('/').to_owned()
}

/// White or near-black, whichever stands out more from `background`.
fn readable_on(background: [u8; 3]) -> [u8; 3] {
    let (white, black) = ([0xff; 3], [0x11; 3]);
    if contrast(white, background) >= contrast(black, background) { white } else { black }
}

/// Draws (or finds in the cache) every card of the site and puts it into the sink;
/// or only lays the cards out for their warnings (`check`). Returns the warnings:
/// letters no font has, texts too long for a card.
pub fn write(site: &Site, sink: &dyn Sink, work: CardWork) -> Result<Vec<Diagnostic>> {
    let cards = if work == CardWork::Skip { Vec::new() } else { list(site) };
    if cards.is_empty() {
        return Ok(Vec::new());
    }
    let draw = work == CardWork::Draw;
    let painter = Painter::new(site, &cards)?;
    let mut warnings = painter.coverage();
    let cache = site.root.join(CACHE_DIR);
    let made: Vec<Result<Option<String>>> = cards
        .par_iter()
        .map(|card| {
            let made = make(&painter, card, &cache, draw).map_err(|d| crate::error::Error::Content(vec![d]))?;
            if let Some(file) = made.file {
                sink.link_cached(&card.rel, &file)?;
            }
            Ok(made.left_out)
        })
        .collect();
    for (card, left_out) in cards.iter().zip(made) {
        if let Some(what) = left_out? {
            warnings.push(
                Diagnostic::warning(
                    &card.source,
                    format!("{what} is too long for the preview card `{}`, which leaves it out", card.rel),
                )
                .with_help("shorten it, or set [preview] cards = \"posters\" in site.toml"),
            );
        }
    }
    Ok(warnings)
}

/// A card made or found: its file (when drawn), and what it leaves out.
struct Made {
    file: Option<PathBuf>,
    left_out: Option<String>,
}

/// The card from the cache, or drawn into it; without `draw`, what is cached or, for
/// a card not drawn yet, only its layout. What a card leaves out is kept beside it.
fn make(painter: &Painter, card: &Card, cache: &Path, draw: bool) -> std::result::Result<Made, Diagnostic> {
    let key = super::images::hash(&[
        VERSION.as_bytes(),
        painter.fingerprint().as_bytes(),
        format!("{:?}{}{}", card.design, card.lang, card.rtl).as_bytes(),
    ]);
    let file = cache.join(format!("{key}.png"));
    let note = cache.join(format!("{key}.left-out"));
    if file.is_file() {
        let left_out = std::fs::read_to_string(&note).ok();
        return Ok(Made { file: draw.then_some(file), left_out });
    }
    if !draw {
        return Ok(Made { file: None, left_out: painter.svg(card, 1.0).1.map(str::to_owned) });
    }
    let fail =
        |why: String| Diagnostic::error(&card.source, format!("cannot draw the preview card `{}`: {why}", card.rel));
    let (png, left_out) = painter.png(card).map_err(fail)?;
    std::fs::create_dir_all(cache)
        .map_err(|e| fail(format!("cannot create the cache folder {}: {e}", cache.display())))?;
    if let Some(what) = left_out {
        super::images::write_atomic(&note, what.as_bytes())
            .map_err(|e| fail(format!("cannot write {}: {e}", note.display())))?;
    }
    super::images::write_atomic(&file, &png).map_err(|e| fail(format!("cannot write {}: {e}", file.display())))?;
    Ok(Made { file: Some(file), left_out: left_out.map(str::to_owned) })
}
