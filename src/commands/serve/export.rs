//! Export from the poster board: any poster × language × size as a PNG (for
//! messengers and social media) or as the print shop's PDF, made by the same local
//! Chromium and CDP client as `chyrak pdf`, from the page the preview serves.
//!
//! The PNG is the trimmed poster (no bleed, no crop marks) as it prints, at
//! [`PNG_DPI`]; the PDF is exactly what `chyrak pdf` writes for that page.

use super::state::Preview;
use crate::commands::pdf::cdp::{Browser, INSTALL_HELP, find_chrome};
use crate::output::documents::{self, Kind};
use serde_json::json;

pub const PATH: &str = "/__chyrak/export";

/// Resolution of an exported PNG: an A4 poster is 1240 × 1754 pixels.
pub const PNG_DPI: f64 = 150.0;

#[derive(Debug, Clone, Copy)]
pub enum Format {
    Png,
    Pdf,
}

/// An exported file.
pub struct File {
    /// `<slug>-<lang>-<size>.png`
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// What the board says instead of its export buttons when there is no Chromium.
pub fn missing_browser() -> Option<String> {
    find_chrome()
        .err()
        .map(|_| format!("PNG and PDF export uses a local Chromium, as `chyrak pdf` does. {INSTALL_HELP}"))
}

/// Exports the poster print page at `src` (`/en/print/posters/call-first-a4.html`).
/// Errors are an HTTP status and a message.
pub fn export(preview: &Preview, src: &str, format: Format) -> Result<File, (u16, String)> {
    let page = poster_page(preview, src).ok_or_else(|| (404, format!("`{src}` is not a poster's print page")))?;
    let chrome = find_chrome().map_err(|e| (503, e.to_string()))?;
    let failed = |e: crate::error::Error| (500, format!("Chromium could not export `{src}`: {e}"));
    let mut browser = Browser::launch(&chrome).map_err(failed)?;
    let url = format!("{}{src}", preview.editor.origin());
    let (ext, mime, bytes) = match format {
        Format::Pdf => {
            browser.open(&url).map_err(failed)?;
            ("pdf", "application/pdf", browser.print_pdf().map_err(failed)?)
        }
        Format::Png => {
            // As it prints: print styles (no quick-exit bar), then the sheet without
            // its bleed.
            browser.call("Emulation.setEmulatedMedia", json!({ "media": "print" })).map_err(failed)?;
            browser.open(&url).map_err(failed)?;
            let rect = browser
                .eval("(() => { const r = document.querySelector('.sheet').getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()")
                .map_err(failed)?;
            let r: Vec<f64> = rect.as_array().into_iter().flatten().filter_map(|v| v.as_f64()).collect();
            let [x, y, w, h] = r[..] else {
                return Err((500, format!("`{src}` has no poster sheet")));
            };
            let bleed = page.bleed_mm * 96.0 / 25.4;
            let clip = [x + bleed, y + bleed, w - 2.0 * bleed, h - 2.0 * bleed];
            ("png", "image/png", browser.screenshot_png(clip, PNG_DPI / 96.0).map_err(failed)?)
        }
    };
    Ok(File { name: format!("{}-{}-{}.{ext}", page.slug, page.lang, page.size.to_ascii_lowercase()), mime, bytes })
}

/// A poster print page of the current site.
struct PosterPage {
    slug: String,
    lang: String,
    size: String,
    bleed_mm: f64,
}

fn poster_page(preview: &Preview, src: &str) -> Option<PosterPage> {
    let current = preview.current.read().expect("preview lock");
    let site = &current.site;
    let doc = documents::documents(site)
        .into_iter()
        .find(|d| d.kind == Kind::Posters && src.strip_prefix('/') == Some(d.html.as_str()))?;
    let item = &site.items[doc.item?];
    let poster = item.translations.get(&doc.lang)?.content.poster()?;
    Some(PosterPage { slug: item.slug.clone(), lang: doc.lang, size: doc.size?.name, bleed_mm: poster.bleed })
}
