//! The checks of one source that need no other page, run while its text is at hand:
//! links and images to files of its bundle, links to Markdown files, alt text,
//! contact shortcuts, a lesson's minutes and handouts, a poster's contact, image and QR
//! target. Links to other pages are kept for the site-wide checks (`validate`).

use super::source::Context;
use super::{Field, PageLink, Translation};
use crate::discover::{self, SourceFile, SourceKind};
use crate::error::{Diagnostic, closest};
use crate::parse::link::{self, Dest};
use crate::parse::markdown::{self, SourceRef};
use std::collections::HashSet;
use std::path::Path;

/// The checks of one source that need no other page.
pub struct Check<'a> {
    pub path: &'a Path,
    /// The whole file.
    pub text: &'a str,
    pub source: &'a SourceFile,
    /// The names of the files of its bundle.
    pub files: &'a [&'a str],
    pub cx: &'a Context<'a>,
    pub section_index: bool,
}

impl Check<'_> {
    /// Parses Markdown once and checks it: ids, activities and handout markers; links
    /// and images to files of the bundle; contact shortcuts; alt text. Links to pages
    /// go into `links`, for the site-wide checks.
    pub fn markdown<'a>(
        &self,
        src: &'a SourceRef<'a>,
        field: Field,
        links: &mut Vec<PageLink>,
        used: &mut Vec<String>,
        problems: &mut Vec<Diagnostic>,
    ) -> markdown::Prepared<'a> {
        let body = &src.file[src.body_offset..];
        let (prepared, mut found) = markdown::prepare(src, markdown::parse(body));
        problems.append(&mut found);
        let at = |d: Diagnostic, offset: usize| d.at_offset(src.file, src.body_offset + offset);
        for target in prepared.targets() {
            let offset = target.offset;
            match link::dest(&target.dest) {
                Dest::Page { path, anchor } => links.push(PageLink {
                    offset: offset as u32,
                    field,
                    path: Some(path.into()),
                    anchor: anchor.filter(|a| !a.is_empty()).map(Into::into),
                }),
                Dest::Anchor(anchor) if !anchor.is_empty() => {
                    links.push(PageLink { offset: offset as u32, field, path: None, anchor: Some(anchor.into()) })
                }
                Dest::File { name, .. } => match self.missing_file(name) {
                    Some(d) => problems.push(at(d, offset)),
                    None => used.push(link::file_name(name).into_owned()),
                },
                Dest::Markdown => problems.push(at(
                    Diagnostic::error(self.path, format!("link to Markdown file `{}`", target.dest))
                        .with_help("link to pages with @/section/slug instead of file names"),
                    offset,
                )),
                Dest::Anchor(_) | Dest::Other => {}
            }
            if target.alt.as_deref().is_some_and(|alt| alt.trim().is_empty()) {
                problems.push(at(
                    Diagnostic::warning(self.path, format!("image `{}` has no alt text", target.dest)).with_help(
                        "describe the image between the brackets, e.g. ![A bus stop at night](photo.jpg): \
                         screen readers read this text aloud",
                    ),
                    offset,
                ));
            }
        }
        for (offset, id) in prepared.contacts() {
            if self.cx.config.contact(&id).is_none() {
                let ids = self.cx.config.contacts.iter().map(|c| c.id.as_str());
                let message = match closest(&id, ids) {
                    Some(near) => format!("no contact `{id}` (did you mean `{near}`?)"),
                    None => format!("no contact `{id}`"),
                };
                problems.push(at(
                    Diagnostic::error(self.path, message)
                        .with_help("contacts are the [[contacts]] of site.toml, by `id`"),
                    offset,
                ));
            }
        }
        prepared
    }

    /// An error when a link names a file that is not in the bundle.
    fn missing_file(&self, name: &str) -> Option<Diagnostic> {
        let name = link::file_name(name);
        if self.files.contains(&name.as_ref()) {
            return None;
        }
        let d = Diagnostic::error(self.path, format!("missing file `{name}`: it is not in this item's folder"));
        Some(if let Some(key) = self.page_at(&name) {
            d.with_help(format!("this is a link to a page: write it `@/{key}`"))
        } else if let Some(near) = closest(&name, self.files.iter().copied()) {
            d.with_help(format!("did you mean `{near}`?"))
        } else if self.section_index {
            d.with_help("files can only be linked from items (bundles); put the file in assets/ and link to it there")
        } else {
            d.with_help("put the file in the item's folder beside index.<lang>.md, or fix the name")
        })
    }

    /// The `@/` path of the page a relative link (`../first-lesson/`) names, if any.
    fn page_at(&self, name: &str) -> Option<String> {
        let dir = match self.source.kind {
            SourceKind::Bundle => super::load::key_of(&self.source.section, &self.source.slug),
            _ => self.source.section.clone(),
        };
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for part in name.split('/') {
            match part {
                "" | "." | "index.html" => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
        let key = parts.join("/");
        (self.cx.has_key)(&key).then_some(key)
    }

    /// A lesson's activities add up to its duration; the handouts it lists are marked.
    pub fn lesson(&self, t: &Translation, headings: &[markdown::Heading], problems: &mut Vec<Diagnostic>) {
        let Some(lesson) = t.content.lesson() else { return };
        let timed: Vec<u32> = headings.iter().filter_map(|h| h.minutes).collect();
        if let (Some(duration), false) = (lesson.duration, timed.is_empty()) {
            let sum: u32 = timed.iter().sum();
            if sum != duration {
                problems.push(
                    Diagnostic::warning(
                        self.path,
                        format!(
                            "lesson \"{}\": activities add up to {sum} minutes but `duration` is {duration}",
                            t.title
                        ),
                    )
                    .at_key(self.text, "duration")
                    .with_help("adjust the {minutes=N} of the activities or the lesson's `duration`"),
                );
            }
        }
        let marked: HashSet<String> = t.handouts.iter().map(|h| normalise(h)).collect();
        for listed in lesson.handouts.iter().filter(|h| !marked.contains(&normalise(h))) {
            problems.push(
                Diagnostic::warning(self.path, format!("the lesson lists the handout \"{listed}\" but its text marks none by that title"))
                    .at_key(self.text, "handouts")
                    .with_help(format!("mark it in the text: a paragraph `::: handout {listed}`, the handout, then `:::`; the handouts page prints each on its own A4 page")),
            );
        }
    }

    /// A poster's contact, image and QR target.
    pub fn poster(
        &self,
        t: &Translation,
        links: &mut Vec<PageLink>,
        used: &mut Vec<String>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let Some(p) = t.content.poster() else { return };
        let config = self.cx.config;
        if let Some(id) = p.contact.as_deref().filter(|id| config.contact(id).is_none()) {
            problems.push(
                Diagnostic::error(self.path, format!("poster contact `{id}` is not in site.toml's contacts"))
                    .at_key(self.text, "contact")
                    .with_help("add a [[contacts]] entry with this id, or fix the id"),
            );
        }
        if let Some(name) = p.image.as_deref() {
            let place = |d: Diagnostic| d.at_key(self.text, "image");
            if !self.files.contains(&name) {
                let d = Diagnostic::error(
                    self.path,
                    format!("missing file `{name}`: the poster's `image` is not in its folder"),
                );
                problems.push(place(match closest(name, self.files.iter().copied()) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help("put the image beside the poster's index.<lang>.md"),
                }));
            } else {
                // Its pixels are read with the other images (`assets::images`), which
                // refuse a damaged or hostile file naming it.
                used.push(name.to_owned());
                if !discover::is_raster(name) {
                    problems.push(place(
                        Diagnostic::error(self.path, format!("poster image `{name}` is not a PNG or JPEG file"))
                            .with_help("save it as PNG or JPEG: the preview and the print shop both need one of those"),
                    ));
                }
                if p.image_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    problems.push(place(
                        Diagnostic::warning(self.path, format!("poster image `{name}` has no `image_alt`"))
                            .with_help("describe the image in `image_alt = \"…\"`: screen readers read it aloud"),
                    ));
                }
            }
        }
        if let Some(target) = p.qr.as_deref() {
            match link::dest(target) {
                Dest::Page { path, anchor } => links.push(PageLink {
                    offset: 0,
                    field: Field::Qr,
                    path: Some(path.into()),
                    anchor: anchor.filter(|a| !a.is_empty()).map(Into::into),
                }),
                Dest::Other if target.contains(':') => {}
                _ => problems.push(
                    Diagnostic::error(self.path, format!("poster `qr` target `{target}` is neither a page nor an address"))
                        .at_key(self.text, "qr")
                        .with_help("write a page of the site, `@/lessons/01-what-is-trafficking`, or a full address, `https://…`, `tel:+996…`"),
                ),
            }
        }
    }
}

/// A handout title as compared: spaces collapsed, case ignored, and the typography
/// Markdown's smart punctuation gives a marked title (`...` → `…`, `--` → `–`, quotes
/// curled) undone, since the front matter's list is written as typed.
fn normalise(title: &str) -> String {
    let plain: String = title
        .chars()
        .map(|c| match c {
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect();
    let plain = plain.replace('…', "...").replace('—', "---").replace('–', "--");
    plain.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn handout_titles_compare_as_typed() {
        let marked = "«Эгер… болсочу?» – “cards”";
        assert_eq!(super::normalise(marked), super::normalise("«Эгер...  болсочу?» -- \"Cards\""));
        assert_ne!(super::normalise("Myths and facts"), super::normalise("Myths & facts"));
    }
}
