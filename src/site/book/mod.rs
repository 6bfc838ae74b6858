//! What the packages for other platforms hold, collected once per language: every
//! lesson as the printed handbook has it, the plays, the posters, the help contacts
//! and the images they show. The e-book (`site::epub`), the SCORM course and the
//! Kolibri app (`site::course`) each wrap these documents their own way.
//!
//! The lessons are the handbook's own articles: `render::language` renders each
//! lesson once, as for the printed handbook (`print/handbook-lesson.html`, with its
//! summary, facts, activities with their minutes and handouts). Every text is made
//! well-formed XML by [`super::xhtml`] (e-book readers parse XHTML; the course pages
//! are the same markup served as HTML). Links to other lessons, plays and posters of
//! the package point inside it; links to the rest of the site become its public URLs;
//! bundle images come along at a phone's width (the widths the site already makes,
//! from the image cache); other bundle files stay on the site.

mod files;

use crate::assets::cards::CardWork;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{PageRef, Site};
use crate::output::{self, documents};
use crate::parse::fountain;
use crate::parse::front_matter::ContentType;
use crate::render::print::Base;
use crate::render::{self, Inputs, Wants};
use files::Files;
use std::collections::{HashMap, HashSet};

/// What a package holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub lessons: bool,
    pub plays: bool,
    pub posters: bool,
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Lesson,
    Play,
    Poster,
}

/// One document of a package.
#[derive(serde::Serialize)]
pub struct Doc {
    pub kind: Kind,
    /// Its file name in the package: `lesson-01.xhtml`.
    pub href: String,
    /// The lesson's number in the handbook.
    pub number: Option<usize>,
    pub title: String,
    /// The title's language when it is not the package's (a text shown by fallback).
    pub title_lang: Option<String>,
    /// Well-formed XHTML, its links already pointing into the package.
    #[serde(skip)]
    pub body: String,
}

/// A file the documents show.
pub struct Image {
    pub name: String,
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
}

/// Everything a package of one language holds.
pub struct Book {
    pub docs: Vec<Doc>,
    /// Each contact for the language's readers, as XHTML.
    pub contacts: Vec<String>,
    pub images: Vec<Image>,
    /// The site's logo, when it has one.
    pub logo: Option<Image>,
    /// The print pages' template context of the language (`site`, `lang`, `ui`, `date`).
    pub context: tera::Context,
    /// The site's title in the language.
    pub title: String,
}

/// The documents of `lang`, named `<kind>-NN.<ext>`, or `None` when there is none.
pub fn collect(inputs: &Inputs, lang: &str, parts: Parts, ext: &str) -> Result<Option<Book>> {
    let site = inputs.site;
    let lessons = if parts.lessons { site.lessons(lang) } else { Vec::new() };
    let plays = if parts.plays { items(site, lang, ContentType::Scenario) } else { Vec::new() };
    let posters = if parts.posters { items(site, lang, ContentType::Poster) } else { Vec::new() };
    if lessons.is_empty() && plays.is_empty() && posters.is_empty() {
        return Ok(None);
    }
    let name = |kind: &str, n: usize| format!("{kind}-{:02}.{ext}", n + 1);
    // The package's documents, by the item they hold: what links to an item point to.
    let mut targets: HashMap<String, String> = HashMap::new();
    for (list, kind) in [(&lessons, "lesson"), (&plays, "play"), (&posters, "poster")] {
        for (n, &i) in list.iter().enumerate() {
            targets.insert(site.items[i].key(), name(kind, n));
        }
    }
    let handbook = documents::site_doc(documents::Kind::Handbook, lang);
    let base = Base::new(inputs, lang, &handbook.html);
    let mut files = Files::new(inputs, lang, &base.from, targets);
    let mut docs = Vec::new();
    let doc = |kind, href: String, number, i: usize, body| {
        let t = site.pick(PageRef::Item(i), lang).expect("an item shown in the language");
        let title_lang = (t.lang != lang).then(|| t.lang.clone());
        Doc { kind, href, number, title: t.title.clone(), title_lang, body }
    };
    for (n, (i, html)) in articles(inputs, lang, &base, &lessons)?.into_iter().enumerate() {
        let t = site.pick(PageRef::Item(i), lang).expect("a lesson shown in the language");
        let body = files.normalise(&html, &t.path);
        docs.push(doc(Kind::Lesson, name("lesson", n), Some(n + 1), i, body));
    }
    for (n, &i) in plays.iter().enumerate() {
        let body = play(inputs, &base, i, lang, &mut files)?;
        docs.push(doc(Kind::Play, name("play", n), None, i, body));
    }
    for (n, &i) in posters.iter().enumerate() {
        let body = poster(inputs, &base, i, lang, &mut files)?;
        docs.push(doc(Kind::Poster, name("poster", n), None, i, body));
    }
    let contacts = contacts(inputs, lang, &mut files);
    if !files.problems.is_empty() {
        // Every text's problems together, as a build reports them.
        return Err(Error::Content(files.problems));
    }
    let title = base.context.get("site").and_then(|s| s.get("title")).and_then(|t| t.as_str()).unwrap_or("").to_owned();
    Ok(Some(Book { docs, contacts, images: files.images, logo: logo(site)?, context: base.context, title }))
}

/// The items of `kind` shown in `lang`, in the site's reading order.
fn items(site: &Site, lang: &str, kind: ContentType) -> Vec<usize> {
    site.sections
        .iter()
        .flat_map(|s| s.items.iter().copied())
        .filter(|&i| site.items[i].content_type == kind && site.shows(PageRef::Item(i), lang))
        .collect()
}

/// The handbook's articles of `lessons`, in order, each with its lesson.
fn articles(inputs: &Inputs, lang: &str, base: &Base, lessons: &[usize]) -> Result<Vec<(usize, String)>> {
    if lessons.is_empty() {
        return Ok(Vec::new());
    }
    let wants = Wants { pages: false, handbook: true, search: false, cards: CardWork::Skip, worker: false };
    let mut out = Vec::new();
    let lang: &str = inputs.site.config.language(lang).map(|l| l.code.as_str()).expect("known language");
    render::language(inputs, lang, wants, Some(base), &HashSet::new(), &output::Discard, &|_| {}, &mut |chunk| {
        for page in chunk {
            if let (PageRef::Item(i), Some(article)) = (page.job.page, page.article) {
                out.push((i, article.html));
            }
        }
        Ok(())
    })
    .map_err(Error::Content)?;
    Ok(out)
}

/// A play as `book/play.html` renders it: the facilitator's edition (the book is for
/// those who stage it), with its cast.
fn play(inputs: &Inputs, base: &Base, i: usize, lang: &str, files: &mut Files) -> Result<String> {
    let site = inputs.site;
    let t = site.pick(PageRef::Item(i), lang).expect("a play shown in the language");
    let text = t.text()?;
    let mut script = fountain::parse(t.body_of(&text));
    // The title page goes with the play's facts, without its title (the heading), as
    // on the printed script's cover.
    let title_page: Vec<(String, String)> =
        std::mem::take(&mut script.title_page).into_iter().filter(|(k, _)| !k.eq_ignore_ascii_case("title")).collect();
    let ui = &base.ui;
    let labels = fountain::Labels { stop_point: &ui["stop_point"], joker: &ui["joker_prompt"], note: &ui["note"] };
    let html = fountain::render_html(&script, fountain::Edition::Facilitator, &labels);
    let s = t.content.scenario();
    let strings = inputs.theme.catalog.get(lang);
    let mut ctx = base.context.clone();
    ctx.insert("title", &t.title);
    ctx.insert("summary", &t.summary);
    ctx.insert("text_lang", &crate::render::language::lang_view(site, &t.lang));
    ctx.insert("format", &s.and_then(|s| s.format.as_deref()));
    ctx.insert("audience", &s.and_then(|s| s.audience.as_deref()));
    ctx.insert("duration", &s.and_then(|s| s.duration).map(|m| strings.plural("minutes", i64::from(m))));
    ctx.insert("cast", &s.map_or(&[][..], |s| &s.cast));
    ctx.insert("script", &html);
    ctx.insert("title_page", &title_page);
    ctx.insert("anchor", &format!("play-{}", site.items[i].slug));
    let body = inputs.theme.render("book/play.html", &ctx)?;
    Ok(files.normalise(&body, &t.path))
}

/// The contacts for readers of `lang`, each as the site shows it.
fn contacts(inputs: &Inputs, lang: &str, files: &mut Files) -> Vec<String> {
    let site_toml = inputs.site.root.join("site.toml");
    inputs
        .site
        .config
        .contacts_for(lang)
        .map(|c| files.normalise(&crate::render::contact::html(c, lang, &inputs.theme.catalog), &site_toml))
        .collect()
}

/// A poster as `book/poster.html` renders it: its words, image and contact, in its
/// colours.
fn poster(inputs: &Inputs, base: &Base, i: usize, lang: &str, files: &mut Files) -> Result<String> {
    let site = inputs.site;
    let t = site.pick(PageRef::Item(i), lang).expect("a poster shown in the language");
    let Some(p) = t.content.poster() else { return Ok(String::new()) };
    let image = match &p.image {
        Some(name) => match site.items[i].file(name) {
            Some(f) => Some(files.image(&f.path).map_err(|why| Diagnostic::error(&t.path, why))?),
            None => None,
        },
        None => None,
    };
    let contact = p
        .contact
        .as_deref()
        .and_then(|id| site.config.contact(id))
        .map(|c| crate::render::contact::html(c, lang, &inputs.theme.catalog));
    let mut ctx = base.context.clone();
    ctx.insert("title", &t.title);
    ctx.insert("text_lang", &crate::render::language::lang_view(site, &t.lang));
    ctx.insert("headline", &p.headline.as_deref().unwrap_or(&t.title));
    ctx.insert("text", &p.text);
    ctx.insert("cta", &p.cta);
    ctx.insert("contact", &contact);
    ctx.insert("image", &image);
    ctx.insert("image_alt", &p.image_alt.as_deref().unwrap_or(""));
    ctx.insert("background", &p.colours.background.css());
    ctx.insert("text_color", &p.colours.text.css());
    ctx.insert("accent", &p.colours.accent.css());
    ctx.insert("anchor", &format!("poster-{}", site.items[i].slug));
    let body = inputs.theme.render("book/poster.html", &ctx)?;
    Ok(files.normalise(&body, &t.path))
}

/// The site's logo, when it has one (PNG or JPEG).
fn logo(site: &Site) -> Result<Option<Image>> {
    let Some(logo) = &site.config.logo else { return Ok(None) };
    let path = site.root.join(logo);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let (media_type, ext) = match ext.as_str() {
        "png" => ("image/png", "png"),
        "jpg" | "jpeg" => ("image/jpeg", "jpg"),
        _ => {
            return Err(Diagnostic::error(
                site.root.join("site.toml"),
                format!("the logo `{logo}` is not a PNG or JPEG"),
            )
            .into());
        }
    };
    Ok(Some(Image { name: format!("images/logo.{ext}"), bytes, media_type }))
}

/// A UUID made from `text` (version 8, RFC 9562: the bits are chyrak's own hash), so
/// that a site's book in one language keeps its identifier from edition to edition
/// and reading apps and learning platforms see a new edition as the same package.
pub fn identifier(text: &str) -> String {
    let hash = |seed: u64| {
        let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // Spread the bits (FNV's high bits change little for short texts).
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    };
    let (a, b) = (hash(1), hash(2));
    let a = (a & !0xf000) | 0x8000; // version 8
    let b = (b & !(0xc000 << 48)) | (0x8000 << 48); // variant 10
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn identifiers_are_stable_uuids_that_differ_by_language() {
        let en = super::identifier("https://example.org\nen\nhandbook");
        assert_eq!(en, super::identifier("https://example.org\nen\nhandbook"));
        assert_ne!(en, super::identifier("https://example.org\nru\nhandbook"));
        let parts: Vec<&str> = en.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('8'));
        assert!("89ab".contains(&parts[3][..1]));
    }
}
