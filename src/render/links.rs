//! How a page's Markdown links are written, for the two places a text is shown: a web
//! page ([`WebLinks`]: relative links to the reader's language, responsive images) and
//! a printed page ([`PrintLinks`]: `@/` links as the page's public URL, since a printed
//! page or PDF is read away from the site, and images at full resolution). The model
//! checks every link and contact when the site is loaded and reports what is wrong,
//! so these never report it again: a link they cannot resolve (only when `check` goes
//! on rendering a site with errors, to find more) is left as written.

use super::Inputs;
use crate::model::{Item, PageRef};
use crate::output::layout;
use crate::parse::markdown::LinkResolver;

/// Links of one web page in one language.
pub struct WebLinks<'a> {
    pub inputs: &'a Inputs<'a>,
    pub lang: &'a str,
    /// The page's output path.
    pub from: &'a str,
    pub item: Option<&'a Item>,
}

impl LinkResolver for WebLinks<'_> {
    fn internal(&self, path: &str) -> Result<String, String> {
        let site = self.inputs.site;
        match site.index.get(path) {
            Some(&page) if site.shows(page, self.lang) => {
                Ok(layout::relative(self.from, &layout::page_path(self.lang, path)))
            }
            _ => Ok(format!("@/{path}")),
        }
    }

    fn bundle_file(&self, name: &str) -> Option<String> {
        bundle_file(self.item?, self.from, name)
    }

    fn contact(&self, id: &str) -> Option<Result<String, String>> {
        contact(self.inputs, self.lang, id)
    }

    fn bundle_image(&self, name: &str, alt: &str, title: &str) -> Option<Result<String, String>> {
        self.image(name, alt, title, &self.inputs.site.config.images.sizes)
    }
}

impl WebLinks<'_> {
    /// A responsive `<img>` for a PNG or JPEG of the page's bundle, shown `sizes` wide.
    pub fn image(&self, name: &str, alt: &str, title: &str, sizes: &str) -> Option<Result<String, String>> {
        let item = self.item?;
        let file = item.file(name).filter(|f| crate::assets::images::is_raster(&f.name))?;
        let key = item.key();
        let url = |n: &str| layout::relative(self.from, &layout::bundle_file(&key, n));
        Some(
            self.inputs
                .images
                .get(self.inputs.site, &file.path)
                .map(|p| p.html(&url, alt, Some(title), sizes))
                .map_err(|d| d.to_string()),
        )
    }
}

/// Links of a printed page: `@/` links become the page's public URL (a PDF's links
/// must not point into a local folder); bundle files stay relative so that images
/// load from `file://`.
pub struct PrintLinks<'a> {
    pub inputs: &'a Inputs<'a>,
    pub lang: &'a str,
    pub from: &'a str,
    pub item: Option<&'a Item>,
}

impl LinkResolver for PrintLinks<'_> {
    fn internal(&self, path: &str) -> Result<String, String> {
        let site = self.inputs.site;
        match site.index.get(path) {
            Some(&page) if site.shows(page, self.lang) => Ok(layout::absolute(&site.config.base_url, self.lang, path)),
            _ => Ok(format!("@/{path}")),
        }
    }

    fn bundle_file(&self, name: &str) -> Option<String> {
        bundle_file(self.item?, self.from, name)
    }

    fn contact(&self, id: &str) -> Option<Result<String, String>> {
        contact(self.inputs, self.lang, id)
    }
}

fn bundle_file(item: &Item, from: &str, name: &str) -> Option<String> {
    let file = item.file(name)?;
    Some(layout::relative(from, &layout::bundle_file(&item.key(), &file.name)))
}

fn contact(inputs: &Inputs, lang: &str, id: &str) -> Option<Result<String, String>> {
    let c = inputs.site.config.contact(id)?;
    Some(Ok(super::contact::html(c, lang, &inputs.theme.catalog)))
}

/// The item behind `page`, if it is one.
pub fn item_of<'a>(inputs: &Inputs<'a>, page: PageRef) -> Option<&'a Item> {
    inputs.site.item(page)
}
