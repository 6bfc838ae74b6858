//! The poster board of `chyrak serve`: every poster in every language and size side by
//! side, at true proportions to one another, each the real print page (trim, bleed and
//! crop marks) scaled down, with the text that overflows its box flagged as the page
//! loads, measured by the same script `chyrak pdf` runs (`scripts/measure.js`). The
//! page is the theme's `templates/preview/board.html`; this module gives it the
//! posters. Lives at [`PATH`].
//!
//! Each frame carries its print page's version (a hash of its bytes), and
//! [`VERSIONS_PATH`] lists the current ones: after an edit the board reloads only the
//! frames whose page changed, and itself only when the set of frames did.

use crate::error::Result;
use crate::model::Site;
use crate::output::documents::{self, Kind};
use crate::render::Theme;
use serde::Serialize;

pub const PATH: &str = "/__chyrak/posters";
pub const VERSIONS_PATH: &str = "/__chyrak/posters.json";

/// Screen pixels per millimetre of paper on the board.
const SCALE_PX_PER_MM: f64 = 0.9;

/// One poster on the board, in all its languages and sizes.
#[derive(Serialize)]
struct Poster<'a> {
    title: &'a str,
    slug: &'a str,
    /// One row per language, in the site's order.
    rows: Vec<Row>,
}

/// One translation of a poster: its sizes side by side.
#[derive(Serialize)]
struct Row {
    lang: String,
    /// Its source file, relative to the site's folder (for the editor).
    file: String,
    frames: Vec<Frame>,
}

/// What the board is made from.
pub struct Board<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// The site's folder.
    pub root: &'a std::path::Path,
    /// The poster editor's token, when this request may edit.
    pub editor_token: Option<&'a str>,
}

/// One print page on the board.
#[derive(Serialize)]
struct Frame {
    /// URL path of the print page.
    src: String,
    label: String,
    lang: String,
    size: String,
    /// Trim size in mm.
    trim_w: f64,
    trim_h: f64,
    /// Page size (trim + bleed) in mm, and the frame's size on screen in px.
    page_w: f64,
    page_h: f64,
    frame_w: String,
    frame_h: String,
    /// The scale that shows the page at the frame's size.
    scale: String,
    /// A hash of the print page's bytes.
    version: String,
}

/// The posters of the board, with each print page's version from `version` (given
/// its output path).
fn posters<'a>(site: &'a Site, root: &std::path::Path, version: &dyn Fn(&str) -> String) -> Vec<Poster<'a>> {
    let mut docs: Vec<_> = documents::documents(site).into_iter().filter(|d| d.kind == Kind::Posters).collect();
    let lang_order = |code: &str| site.languages().position(|l| l == code).unwrap_or(usize::MAX);
    docs.sort_by_key(|d| (d.item, lang_order(&d.lang)));
    let mut posters: Vec<Poster> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for doc in &docs {
        let (Some(i), Some(size)) = (doc.item, &doc.size) else { continue };
        let item = &site.items[i];
        if current.as_ref().map(|c| c.0) != Some(i) {
            let title = item.translations.values().next().map_or(item.slug.as_str(), |t| t.title.as_str());
            posters.push(Poster { title, slug: &item.slug, rows: Vec::new() });
        }
        let poster = posters.last_mut().expect("a poster");
        let t = &item.translations[&doc.lang];
        if current.as_ref() != Some(&(i, doc.lang.clone())) {
            let file = super::editor::site_relative(root, &t.path);
            poster.rows.push(Row { lang: doc.lang.clone(), file, frames: Vec::new() });
            current = Some((i, doc.lang.clone()));
        }
        let bleed = t.content.poster().map_or(crate::model::paper::DEFAULT_BLEED, |p| p.bleed);
        let (page_w, page_h) = (size.width_mm + 2.0 * bleed, size.height_mm + 2.0 * bleed);
        poster.rows.last_mut().expect("a row").frames.push(Frame {
            src: format!("/{}", doc.html),
            label: doc.label(site),
            lang: doc.lang.clone(),
            size: size.name.clone(),
            trim_w: size.width_mm,
            trim_h: size.height_mm,
            page_w,
            page_h,
            frame_w: format!("{:.1}", page_w * SCALE_PX_PER_MM),
            frame_h: format!("{:.1}", page_h * SCALE_PX_PER_MM),
            scale: format!("{:.5}", SCALE_PX_PER_MM * 25.4 / 96.0),
            version: version(&doc.html),
        });
    }
    posters
}

impl Board<'_> {
    /// The board's HTML.
    pub fn html(&self, version: &dyn Fn(&str) -> String) -> Result<String> {
        let posters = posters(self.site, self.root, version);
        let mut ctx = tera::Context::new();
        ctx.insert("title", &self.site.config.title);
        ctx.insert("posters", &posters);
        ctx.insert("measure", self.theme.script("measure.js"));
        ctx.insert("editor_token", &self.editor_token);
        ctx.insert("export_help", &self.editor_token.and_then(|_| super::export::missing_browser()));
        self.theme.render("preview/board.html", &ctx)
    }

    /// `{"frames": {src: version, …}}`: what the board asks for after an edit.
    pub fn versions(&self, version: &dyn Fn(&str) -> String) -> String {
        let frames: std::collections::BTreeMap<String, String> = posters(self.site, self.root, version)
            .into_iter()
            .flat_map(|p| p.rows)
            .flat_map(|r| r.frames)
            .map(|f| (f.src, f.version))
            .collect();
        serde_json::json!({ "frames": frames }).to_string()
    }
}
