//! The e-book of one language: an EPUB 3 with a cover (the site's logo), the help
//! contacts, a contents page, every lesson of the handbook and, when asked, the plays.
//!
//! The lessons are the handbook's own articles: `render::language` renders each
//! lesson once, as for the printed handbook (`print/handbook-lesson.html`, with its
//! summary, facts, activities with their minutes and handouts), and each article
//! becomes one XHTML content document, made well-formed by [`super::xhtml`]. Links to
//! other lessons and plays of the book point inside it; links to the rest of the site
//! stay its public URLs; bundle images come along at a phone's width (the widths the
//! site already makes, from the image cache). The pages around them are the theme's
//! `epub/*.html` templates; the package files are written by [`package`].

mod package;

use super::xhtml;
use crate::assets::cards::CardWork;
use crate::error::{Diagnostic, Error, Result};
use crate::model::PageRef;
use crate::output::{self, documents, layout};
use crate::parse::fountain;
use crate::parse::front_matter::ContentType;
use crate::render::print::{Base, anchor};
use crate::render::{self, Inputs, Wants};
use package::{Entry, Package};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// What a book holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub lessons: bool,
    pub plays: bool,
}

/// Widest image put in a book, in pixels: sharp on a phone held upright, small enough
/// to send over a messenger.
const MAX_IMAGE_WIDTH: u32 = 1000;

/// One entry of the contents, as `epub/nav.html` sees it.
#[derive(Serialize)]
struct NavEntry<'a> {
    href: String,
    number: Option<usize>,
    title: &'a str,
    /// The title's language when it is not the book's (a text shown by fallback).
    title_lang: Option<&'a str>,
}

/// The EPUB of `lang`, or `None` when it would hold no lesson and no play.
pub fn book(inputs: &Inputs, lang: &str, parts: Parts) -> Result<Option<Vec<u8>>> {
    let site = inputs.site;
    let lessons = if parts.lessons { site.lessons(lang) } else { Vec::new() };
    let plays = if parts.plays { plays(inputs, lang) } else { Vec::new() };
    if lessons.is_empty() && plays.is_empty() {
        return Ok(None);
    }
    // The book's documents, by the item they hold: what links to an item point to.
    let mut targets: HashMap<String, String> = HashMap::new();
    for (n, &i) in lessons.iter().enumerate() {
        targets.insert(site.items[i].key(), format!("lesson-{:02}.xhtml", n + 1));
    }
    for (n, &i) in plays.iter().enumerate() {
        targets.insert(site.items[i].key(), format!("play-{:02}.xhtml", n + 1));
    }
    let handbook = documents::site_doc(documents::Kind::Handbook, lang);
    let base = Base::new(inputs, lang, &handbook.html);
    let mut files = Files::new(inputs, lang, &base.from, targets);
    let mut package = Package::new(site, lang);
    let mut ctx = base.context.clone();
    ctx.insert("css_url", "style.css");
    ctx.insert("contacts", &contacts(inputs, lang, &mut files)?);
    let cover = cover(site, &mut package)?;
    ctx.insert("cover_url", &cover);
    let site_title = ctx.get("site").and_then(|s| s.get("title")).and_then(|t| t.as_str()).unwrap_or("").to_owned();
    ctx.insert("title", &site_title);
    ctx.insert("body_class", "cover-page");
    package.add(Entry::page("cover.xhtml", page(inputs, "epub/cover.html", &ctx)?));
    ctx.insert("body_class", "");
    ctx.insert("title", &base.ui["need_help"]);
    package.add(Entry::page("contacts.xhtml", page(inputs, "epub/contacts.html", &ctx)?));

    let mut nav = Vec::new();
    let mut documents: Vec<Entry> = Vec::new();
    for (n, (i, html)) in articles(inputs, lang, &base, &lessons)?.into_iter().enumerate() {
        let t = site.pick(PageRef::Item(i), lang).expect("a lesson shown in the language");
        let href = format!("lesson-{:02}.xhtml", n + 1);
        let body = files.normalise(&html, &t.path)?;
        ctx.insert("title", &t.title);
        ctx.insert("body", &body);
        documents.push(Entry::page(&href, page(inputs, "epub/page.html", &ctx)?));
        let title_lang = (t.lang != lang).then_some(t.lang.as_str());
        nav.push(NavEntry { href, number: Some(n + 1), title: &t.title, title_lang });
    }
    let mut play_nav = Vec::new();
    for (n, &i) in plays.iter().enumerate() {
        let t = site.pick(PageRef::Item(i), lang).expect("a play shown in the language");
        let href = format!("play-{:02}.xhtml", n + 1);
        let body = play(inputs, &base, i, lang, &mut files)?;
        ctx.insert("title", &t.title);
        ctx.insert("body", &body);
        documents.push(Entry::page(&href, page(inputs, "epub/page.html", &ctx)?));
        let title_lang = (t.lang != lang).then_some(t.lang.as_str());
        play_nav.push(NavEntry { href, number: None, title: &t.title, title_lang });
    }
    ctx.insert("lessons", &nav);
    ctx.insert("plays", &play_nav);
    ctx.insert("title", &base.ui["contents"]);
    let mut nav_page = Entry::page("nav.xhtml", page(inputs, "epub/nav.html", &ctx)?);
    nav_page.properties = Some("nav");
    package.add(nav_page);
    for d in documents {
        package.add(d);
    }
    let css = inputs.theme.render("epub/book.css", &ctx)?;
    package.add(Entry::resource("style.css", "text/css", css.into_bytes()));
    for (name, bytes, media_type) in files.images {
        package.add(Entry::resource(&name, media_type, bytes));
    }
    if let Some(problem) = files.problems.into_iter().next() {
        return Err(problem.into());
    }
    let kind = if parts.lessons { "handbook" } else { "plays" };
    package.zip(&site_title, kind, cover.is_some()).map(Some)
}

/// The plays shown in `lang`, in the site's reading order.
fn plays(inputs: &Inputs, lang: &str) -> Vec<usize> {
    let site = inputs.site;
    site.sections
        .iter()
        .flat_map(|s| s.items.iter().copied())
        .filter(|&i| site.items[i].content_type == ContentType::Scenario && site.shows(PageRef::Item(i), lang))
        .collect()
}

/// The handbook's articles of `lessons`, in order, each with its lesson.
fn articles(inputs: &Inputs, lang: &str, base: &Base, lessons: &[usize]) -> Result<Vec<(usize, String)>> {
    if lessons.is_empty() {
        return Ok(Vec::new());
    }
    let wants = Wants { pages: false, handbook: true, search: false, cards: CardWork::Skip };
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

/// A play as `epub/play.html` renders it: the facilitator's edition (the book is for
/// those who stage it), with its cast.
fn play(inputs: &Inputs, base: &Base, i: usize, lang: &str, files: &mut Files) -> Result<String> {
    let site = inputs.site;
    let t = site.pick(PageRef::Item(i), lang).expect("a play shown in the language");
    let text = t.text()?;
    let script = fountain::parse(t.body_of(&text));
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
    ctx.insert("anchor", &format!("play-{}", site.items[i].slug));
    let body = inputs.theme.render("epub/play.html", &ctx)?;
    files.normalise(&body, &t.path)
}

/// The contacts for readers of `lang`, each as the site shows it.
fn contacts(inputs: &Inputs, lang: &str, files: &mut Files) -> Result<Vec<String>> {
    let site_toml = inputs.site.root.join("site.toml");
    inputs
        .site
        .config
        .contacts_for(lang)
        .map(|c| files.normalise(&crate::render::contact::html(c, lang, &inputs.theme.catalog), &site_toml))
        .collect()
}

/// Adds the site's logo as the cover image; its name in the book, when there is one.
fn cover(site: &crate::model::Site, package: &mut Package) -> Result<Option<String>> {
    let Some(logo) = &site.config.logo else { return Ok(None) };
    let path = site.root.join(logo);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let media_type = match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => {
            return Err(Diagnostic::error(
                site.root.join("site.toml"),
                format!("the logo `{logo}` is not a PNG or JPEG"),
            )
            .into());
        }
    };
    let name = format!("images/cover.{}", if media_type == "image/png" { "png" } else { "jpg" });
    let mut entry = Entry::resource(&name, media_type, bytes);
    entry.properties = Some("cover-image");
    package.add(entry);
    Ok(Some(name))
}

/// Renders one of the theme's `epub/*.html` pages.
fn page(inputs: &Inputs, template: &str, ctx: &tera::Context) -> Result<Vec<u8>> {
    inputs.theme.render_bytes(template, ctx)
}

/// What a book's texts link to: the other documents of the book, and the images of
/// the bundles, brought in as they are met.
struct Files<'a> {
    inputs: &'a Inputs<'a>,
    lang: &'a str,
    /// The output path the articles' relative links start from.
    from: &'a str,
    /// Item key → the book's document for it.
    targets: HashMap<String, String>,
    /// Output path of a bundle file → its source.
    bundle: BTreeMap<String, PathBuf>,
    /// Source → name in the book, for images already added.
    added: HashMap<PathBuf, String>,
    images: Vec<(String, Vec<u8>, &'static str)>,
    problems: Vec<Diagnostic>,
}

impl<'a> Files<'a> {
    fn new(inputs: &'a Inputs<'a>, lang: &'a str, from: &'a str, targets: HashMap<String, String>) -> Files<'a> {
        let bundle = inputs
            .site
            .items
            .iter()
            .flat_map(|item| {
                item.files.iter().map(move |f| (layout::bundle_file(&item.key(), &f.name), f.path.clone()))
            })
            .collect();
        Files { inputs, lang, from, targets, bundle, added: HashMap::new(), images: Vec::new(), problems: Vec::new() }
    }

    /// `html` made well-formed, its links rewritten for the book; errors name `source`.
    fn normalise(&mut self, html: &str, source: &std::path::Path) -> Result<String> {
        let mut problems = Vec::new();
        let out = xhtml::normalise(html, &mut |tag, attr, value| match self.link(tag, attr, value) {
            Ok(v) => v,
            Err(why) => {
                problems.push(why);
                None
            }
        });
        for why in problems {
            self.problems.push(Diagnostic::error(source, why));
        }
        out.map_err(|why| {
            let d = Diagnostic::error(source, format!("cannot put this text in the e-book: {why}"))
                .with_help("fix the raw HTML in the text, or write it in Markdown");
            at_fragment(d, source, &why).into()
        })
    }

    /// Where a link or image source of an article points in the book.
    fn link(&mut self, tag: &str, attr: &str, value: &str) -> std::result::Result<Option<String>, String> {
        let site = self.inputs.site;
        let value = value.replace("&amp;", "&");
        let prefix = layout::absolute(&site.config.base_url, self.lang, "");
        if let Some(rest) = value.strip_prefix(&prefix) {
            let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
            let key = path.trim_end_matches('/');
            if let Some(doc) = self.targets.get(key) {
                let slug = key.rsplit('/').next().unwrap_or(key);
                let fragment =
                    if fragment.is_empty() { String::new() } else { format!("#{}--{fragment}", anchor(slug)) };
                return Ok(Some(format!("{doc}{fragment}")));
            }
            return Ok(None);
        }
        if value.starts_with("sms:") {
            // EPUB knows no `sms:` links (EPUBCheck warns, HTM-025); the number is in the text.
            return Ok(Some(String::new()));
        }
        if value.starts_with('#') || value.contains(':') || value.starts_with('/') || value.is_empty() {
            return Ok(None);
        }
        let out = resolve(self.from, &value);
        let Some(source) = self.bundle.get(&out).cloned() else {
            return Err(format!("`{value}` is not a file of a bundle: the e-book cannot hold it"));
        };
        let is_image = tag == "img" && attr == "src" && crate::assets::images::is_raster(&out);
        if !is_image {
            // Only images travel in the book; other files stay on the site.
            return Ok(Some(layout::absolute_file(&site.config.base_url, &out)));
        }
        if let Some(name) = self.added.get(&source) {
            return Ok(Some(name.clone()));
        }
        let processed = self.inputs.images.get(site, &source).map_err(|d| d.message)?;
        let variant = processed
            .variants
            .iter()
            .rev()
            .find(|v| v.width <= MAX_IMAGE_WIDTH)
            .or(processed.variants.first())
            .ok_or("an image without any width")?;
        let bytes =
            std::fs::read(&variant.cache).map_err(|e| format!("cannot read `{}`: {e}", variant.cache.display()))?;
        let media_type = if variant.name.ends_with(".png") { "image/png" } else { "image/jpeg" };
        let ext = if media_type == "image/png" { "png" } else { "jpg" };
        let name = format!("images/{:03}.{ext}", self.images.len() + 1);
        self.images.push((name.clone(), bytes, media_type));
        self.added.insert(source, name.clone());
        Ok(Some(name))
    }
}

/// `d` at the line of the source that holds the first fragment `why` quotes (in
/// backticks): the tag or entity the normaliser could not place.
fn at_fragment(d: Diagnostic, source: &std::path::Path, why: &str) -> Diagnostic {
    let Some(fragment) = why.split('`').nth(1) else { return d };
    let Ok(text) = std::fs::read_to_string(source) else { return d };
    let lower = text.to_lowercase();
    let found = lower.find(fragment).or_else(|| lower.find(fragment.trim_end_matches('>')));
    // Lower-casing keeps byte offsets only for text whose case changes keep lengths.
    match found.filter(|_| lower.len() == text.len()) {
        Some(offset) => d.at_offset(&text, offset),
        None => d,
    }
}

/// The output path `link` (relative, `%20` for spaces) points to from the file `from`.
fn resolve(from: &str, link: &str) -> String {
    let link = link.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    crate::parse::link::file_name(&parts.join("/")).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_links_resolve_from_the_handbook() {
        assert_eq!(
            super::resolve("en/print/handbook.html", "../../media/lessons/a/map%201.png"),
            "media/lessons/a/map 1.png"
        );
        assert_eq!(super::resolve("en/print/handbook.html", "./x.png#top"), "en/print/x.png");
    }
}
