//! The e-book of one language: an EPUB 3 with a cover (the site's logo), the help
//! contacts, a contents page, every lesson of the handbook and, when asked, the plays:
//! the documents of [`super::book`], each in the theme's `epub/page.html`, with the
//! cover, contents and contacts pages from `epub/*.html` and the stylesheet
//! `epub/book.css`. The package files are written by [`package`].

mod package;

use super::book::{self, Kind, Parts};
use crate::error::Result;
use crate::render::Inputs;
use package::{Entry, Package};

/// The EPUB of `lang` (lessons and plays as `parts` says), or `None` when it would
/// hold nothing.
pub fn book(inputs: &Inputs, lang: &str, parts: Parts) -> Result<Option<Vec<u8>>> {
    let parts = Parts { posters: false, ..parts };
    let Some(book) = book::collect(inputs, lang, parts, "xhtml")? else { return Ok(None) };
    let mut package = Package::new(inputs.site, lang);
    let mut ctx = book.context.clone();
    ctx.insert("css_url", "style.css");
    ctx.insert("contacts", &book.contacts);
    let cover = book.logo.as_ref().map(|l| l.name.clone());
    if let Some(logo) = book.logo {
        let mut entry = Entry::resource(&logo.name, logo.media_type, logo.bytes);
        entry.properties = Some("cover-image");
        package.add(entry);
    }
    ctx.insert("cover_url", &cover);
    // What the book is: the handbook (with the plays), or the plays alone.
    let ui =
        |key: &str| book.context.get("ui").and_then(|u| u.get(key)).and_then(|v| v.as_str()).unwrap_or(key).to_owned();
    let subtitle = ui(if parts.lessons { "print_handbook" } else { "scenarios" });
    let title = if parts.lessons { book.title.clone() } else { format!("{} — {subtitle}", book.title) };
    ctx.insert("subtitle", &subtitle);
    ctx.insert("title", &book.title);
    ctx.insert("body_class", "cover-page");
    package.add(Entry::page("cover.xhtml", inputs.theme.render_bytes("epub/cover.html", &ctx)?));
    ctx.insert("body_class", "");
    let (need_help, contents) = (ui("need_help"), ui("contents"));
    ctx.insert("title", &need_help);
    package.add(Entry::page("contacts.xhtml", inputs.theme.render_bytes("epub/contacts.html", &ctx)?));
    let lessons: Vec<&book::Doc> = book.docs.iter().filter(|d| d.kind == Kind::Lesson).collect();
    let plays: Vec<&book::Doc> = book.docs.iter().filter(|d| d.kind == Kind::Play).collect();
    ctx.insert("lessons", &lessons);
    ctx.insert("plays", &plays);
    ctx.insert("title", &contents);
    let mut nav = Entry::page("nav.xhtml", inputs.theme.render_bytes("epub/nav.html", &ctx)?);
    nav.properties = Some("nav");
    package.add(nav);
    for doc in &book.docs {
        ctx.insert("title", &doc.title);
        ctx.insert("body", &doc.body);
        package.add(Entry::page(&doc.href, inputs.theme.render_bytes("epub/page.html", &ctx)?));
    }
    let css = inputs.theme.render("epub/book.css", &ctx)?;
    package.add(Entry::resource("style.css", "text/css", css.into_bytes()));
    for image in book.images {
        package.add(Entry::resource(&image.name, image.media_type, image.bytes));
    }
    let kind = if parts.lessons { "handbook" } else { "plays" };
    package.zip(&title, kind, cover.is_some()).map(Some)
}
