//! Print pages: the handbook, the handouts, the two editions of each stage script and
//! every poster × language × size, written as HTML into the same sink as the site
//! (under `<lang>/print/`), laid out with CSS for paper. `chyrak pdf` prints them to
//! PDF through a local Chromium. Which print pages exist is decided in
//! `output::documents`; a lesson's article is rendered with its web page
//! (`render::print`), and the handbook is written as the articles come ([`handbook`]).

pub mod handbook;
mod handouts;
pub mod posters;
mod scripts;

use crate::error::{Diagnostic, Result};
use crate::output::Sink;
use crate::output::documents::{self, Doc, Kind};
use crate::render::Inputs;
use crate::render::print::Base;
use rayon::prelude::*;

pub use handouts::render as handouts;

/// Renders every print page but the handbooks and handouts (which come with the
/// lessons, see `commands::pipeline`) into `sink`.
pub fn render(inputs: &Inputs, sink: &dyn Sink) -> Result<()> {
    let docs: Vec<Doc> = documents::documents(inputs.site)
        .into_iter()
        .filter(|d| matches!(d.kind, Kind::Scenarios | Kind::Posters))
        .collect();
    // A poster's sizes are rendered together, sharing its QR code; a play's two
    // editions, sharing its parse.
    let groups: Vec<&[Doc]> =
        docs.chunk_by(|a, b| (&b.kind, &b.item, &b.lang) == (&a.kind, &a.item, &a.lang)).collect();
    groups
        .into_par_iter()
        .map(|group| {
            let shared = Group::default();
            group.iter().try_for_each(|doc| sink.write(&doc.html, one(inputs, sink, doc, &shared)?.as_bytes()))
        })
        .collect::<Vec<Result<()>>>()
        .into_iter()
        .collect()
}

/// What the print pages of one item in one language share: a poster's QR code, a
/// play's parse.
#[derive(Default)]
struct Group {
    qr_codes: posters::QrCodes,
    script: std::sync::OnceLock<crate::parse::fountain::Script>,
}

/// Renders one print page of a scenario or poster.
fn one(inputs: &Inputs, sink: &dyn Sink, doc: &Doc, shared: &Group) -> Result<String> {
    let base = Base::new(inputs, &doc.lang, &doc.html);
    match (doc.kind, doc.item, &doc.size) {
        (Kind::Scenarios, Some(i), _) => {
            let edition = doc.edition.unwrap_or(crate::parse::fountain::Edition::Facilitator);
            scripts::render(inputs, sink, &base, i, edition, &shared.script)
        }
        (Kind::Posters, Some(i), Some(size)) => {
            let t = &inputs.site.items[i].translations[&doc.lang];
            posters::render(inputs, sink, &base, i, t, size, &shared.qr_codes)
        }
        _ => Err(Diagnostic::error(&doc.html, "print page without its item").into()),
    }
}

/// Renders a print page's stylesheet (`template`, one of `print/*.css`) with the
/// page's context, writes it under a name made from its content, and gives the page
/// its link (`style_url`): print pages carry the site's Content-Security-Policy,
/// which allows no inline styles.
pub fn style(inputs: &Inputs, sink: &dyn Sink, base: &Base, template: &str, ctx: &mut tera::Context) -> Result<()> {
    let css = inputs.theme.render(template, ctx)?;
    let path = crate::output::layout::print_style(&crate::hash::fingerprint(css.as_bytes()));
    sink.write(&path, css.as_bytes())?;
    ctx.insert("style_url", &crate::output::layout::relative(&base.from, &path));
    Ok(())
}
