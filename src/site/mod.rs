//! Site-wide outputs: the files made from the whole site rather than from one page.
//! Two of them are made while the pages of a language are rendered, from what the
//! render stage hands on: its search index ([`search`]) and its handbook and handouts
//! ([`print::handbook`]). The rest come after the pages ([`write`]): the root language
//! chooser, the 404 page, the sitemap, the theme's files, bundle files and images, the
//! site's assets, the offline files and service worker ([`offline`], [`sw`]), topic
//! pages, feeds, and the print pages of scenarios and posters.

pub mod book;
pub mod course;
pub mod epub;
pub mod feed;
pub mod offline;
pub mod print;
pub mod search;
pub mod sitemap;
pub mod sw;
pub mod topics;
pub mod xhtml;

use crate::assets::files;
use crate::error::Result;
use crate::output::{Job, Sink, layout};
use crate::render::Inputs;
use crate::render::generated::{chooser, not_found};
use crate::timings::Timings;

/// Writes every site-wide file that is not made with the pages. `entries` are the
/// files already written that the service worker may keep (the search index).
pub fn write(
    inputs: &Inputs,
    jobs: &[Job],
    sink: &dyn Sink,
    entries: sw::Entries,
    worker: bool,
    timings: &Timings,
) -> Result<()> {
    let (site, theme) = (inputs.site, inputs.theme);
    let assets = timings.time("assets", || -> Result<_> {
        let default_ui = theme.catalog.get(&site.config.default_language().code).all_text();
        sink.write(layout::CHOOSER, chooser(site, theme, &default_ui)?.as_bytes())?;
        sink.write(layout::NOT_FOUND, not_found(site, theme, &default_ui)?.as_bytes())?;
        sink.write(layout::SITEMAP, sitemap::sitemap(site, jobs).as_bytes())?;
        sink.write(&theme.css.0, theme.css.1.as_bytes())?;
        sink.write(&theme.js.0, theme.js.1.as_bytes())?;
        files::copy_bundles(site, sink)?;
        inputs.images.write(site, sink)?;
        let assets = files::site_assets(site)?;
        for (path, source) in &assets {
            sink.copy(path, source)?;
        }
        Ok(assets)
    })?;
    timings.time("offline", || offline::write(inputs, jobs, sink, entries, worker, &assets))?;
    timings.time("print", || print::render(inputs, sink))
}
