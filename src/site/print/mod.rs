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
use crate::render::print::{Base, LessonPrint};
use rayon::prelude::*;

pub use handouts::render as handouts;

/// Renders every print page but the handbooks and handouts (which come with the
/// lessons, see `commands::pipeline`) into `sink`.
pub fn render(inputs: &Inputs, sink: &dyn Sink) -> Result<()> {
    let docs: Vec<Doc> = documents::documents(inputs.site)
        .into_iter()
        .filter(|d| matches!(d.kind, Kind::Scenarios | Kind::Posters))
        .collect();
    // A poster's sizes are rendered together, sharing its QR code.
    let groups: Vec<&[Doc]> = docs
        .chunk_by(|a, b| a.kind == Kind::Posters && (&b.kind, &b.item, &b.lang) == (&a.kind, &a.item, &a.lang))
        .collect();
    groups
        .into_par_iter()
        .map(|group| {
            let qr_codes = posters::QrCodes::default();
            group.iter().try_for_each(|doc| sink.write(&doc.html, one(inputs, doc, &qr_codes)?.as_bytes()))
        })
        .collect::<Vec<Result<()>>>()
        .into_iter()
        .collect()
}

/// Renders one print page of a scenario or poster.
fn one(inputs: &Inputs, doc: &Doc, qr_codes: &posters::QrCodes) -> Result<String> {
    let base = Base::new(inputs, &doc.lang, &doc.html);
    match (doc.kind, doc.item, &doc.size) {
        (Kind::Scenarios, Some(i), _) => {
            scripts::render(inputs, &base, i, doc.edition.unwrap_or(crate::parse::fountain::Edition::Facilitator))
        }
        (Kind::Posters, Some(i), Some(size)) => posters::render(inputs, &base, i, size, qr_codes),
        _ => Err(Diagnostic::error(&doc.html, "print page without its item").into()),
    }
}

/// What the handouts page needs of the lessons with handouts, collected while the
/// handbook is written.
pub type Handouts<'a> = Vec<LessonPrint<'a>>;
