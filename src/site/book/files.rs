//! The links of a package's texts: to its other documents, to the site's public
//! URLs, and to the images of the bundles, brought into the package as they are met
//! (at most [`MAX_IMAGE_WIDTH`] wide). Also where in a source a text that cannot be
//! made well-formed went wrong.

use super::Image;
use crate::error::Diagnostic;
use crate::output::layout;
use crate::render::Inputs;
use crate::render::print::anchor;
use crate::site::xhtml;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Widest image put in a package, in pixels: sharp on a phone held upright, small
/// enough to send over a messenger.
const MAX_IMAGE_WIDTH: u32 = 1000;

/// What a package's texts link to: its other documents, and the images of the
/// bundles, brought in as they are met.
pub(super) struct Files<'a> {
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
    pub(super) images: Vec<Image>,
    pub(super) problems: Vec<Diagnostic>,
}

impl<'a> Files<'a> {
    pub(super) fn new(
        inputs: &'a Inputs<'a>,
        lang: &'a str,
        from: &'a str,
        targets: HashMap<String, String>,
    ) -> Files<'a> {
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

    /// `html` made well-formed, its links rewritten for the book. What cannot be is
    /// kept among the problems, naming `source`, and the package is not made.
    pub(super) fn normalise(&mut self, html: &str, source: &std::path::Path) -> String {
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
        out.unwrap_or_else(|why| {
            let d = Diagnostic::error(source, format!("cannot put this text in the e-book or course package: {why}"))
                .with_help("fix the raw HTML in the text, or write it in Markdown");
            self.problems.push(at_fragment(d, source, &why));
            String::new()
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
        self.image(&source).map(Some)
    }

    /// The book's copy of the bundle image at `source`, at most [`MAX_IMAGE_WIDTH`]
    /// wide, added on first use.
    pub(super) fn image(&mut self, source: &std::path::Path) -> std::result::Result<String, String> {
        if let Some(name) = self.added.get(source) {
            return Ok(name.clone());
        }
        let site = self.inputs.site;
        let processed = self.inputs.images.get(site, source).map_err(|d| d.message)?;
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
        self.images.push(Image { name: name.clone(), bytes, media_type });
        self.added.insert(source.to_owned(), name.clone());
        Ok(name)
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
