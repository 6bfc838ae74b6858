//! The web app's icons (192 and 512 px, and a maskable 512 px one with the picture
//! inside the safe circle), made with `image` from the site's `logo`, or drawn here —
//! a small oil lamp, what *chyrak* means — when the site has none.

use crate::error::{Diagnostic, Result};
use crate::model::Site;
use crate::output::layout::ICONS;
use image::{ImageFormat, Rgba, RgbaImage, imageops};
use std::io::Cursor;

/// Largest logo accepted, in pixels per side (decompression bombs are refused).
const MAX_LOGO: u32 = 8192;

/// A colour of `[offline]`, or the default theme colour when it is not one.
fn hex(colour: &str) -> Rgba<u8> {
    let [r, g, b] = crate::parse::colour::Colour::parse(colour).map_or([0x1d, 0x52, 0x60], |c| c.rgb);
    Rgba([r, g, b, 255])
}

/// A lamp on the theme colour: a flame above a low bowl on a foot.
pub fn lamp(size: u32, background: Rgba<u8>) -> RgbaImage {
    const SAMPLES: u32 = 4;
    let bowl = Rgba([0xf3, 0xe8, 0xd6, 255]);
    let flame = Rgba([0xff, 0xc2, 0x3d, 255]);
    let core = Rgba([0xff, 0xf4, 0xc9, 255]);
    let shape = |x: f32, y: f32| -> Option<Rgba<u8>> {
        let in_drop = |cx: f32, cy: f32, r: f32, tip: f32| {
            let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
            d <= r || (y >= tip && y <= cy && (x - cx).abs() <= r * (y - tip) / (cy - tip))
        };
        if in_drop(0.5, 0.47, 0.035, 0.36) {
            return Some(core);
        }
        if in_drop(0.5, 0.46, 0.075, 0.22) {
            return Some(flame);
        }
        // Bowl: the lower half of an ellipse, with a spout to the right.
        let (bx, by, rx, ry) = (0.47, 0.58, 0.25, 0.17);
        let in_bowl = y >= by && ((x - bx) / rx).powi(2) + ((y - by) / ry).powi(2) <= 1.0;
        let in_spout = (0.60..=0.8).contains(&x) && y >= 0.58 - (x - 0.6) * 0.35 && y <= 0.64;
        let in_foot = (0.4..=0.54).contains(&x) && (0.74..=0.79).contains(&y);
        let in_rim = (0.2..=0.74).contains(&x) && (0.555..=0.585).contains(&y);
        (in_bowl || in_spout || in_foot || in_rim).then_some(bowl)
    };
    RgbaImage::from_fn(size, size, |px, py| {
        let mut acc = [0u32; 4];
        for sy in 0..SAMPLES {
            for sx in 0..SAMPLES {
                let x = (px as f32 + (sx as f32 + 0.5) / SAMPLES as f32) / size as f32;
                let y = (py as f32 + (sy as f32 + 0.5) / SAMPLES as f32) / size as f32;
                let c = shape(x, y).unwrap_or(background);
                for (a, v) in acc.iter_mut().zip(c.0) {
                    *a += u32::from(v);
                }
            }
        }
        let n = SAMPLES * SAMPLES;
        Rgba([(acc[0] / n) as u8, (acc[1] / n) as u8, (acc[2] / n) as u8, (acc[3] / n) as u8])
    })
}

/// The logo on a square of the theme colour, scaled to `share` of the side.
fn fit(logo: &RgbaImage, size: u32, share: f32, background: Rgba<u8>) -> RgbaImage {
    let mut canvas = RgbaImage::from_pixel(size, size, background);
    let small = scaled(logo, (size as f32 * share) as u32);
    let (w, h) = small.dimensions();
    imageops::overlay(&mut canvas, &small, i64::from((size - w) / 2), i64::from((size - h) / 2));
    canvas
}

/// `logo` scaled to fit a `side` × `side` square.
pub(crate) fn scaled(logo: &RgbaImage, side: u32) -> RgbaImage {
    let scale = side as f32 / logo.width().max(logo.height()) as f32;
    let (w, h) = (((logo.width() as f32 * scale) as u32).max(1), ((logo.height() as f32 * scale) as u32).max(1));
    imageops::resize(logo, w, h, imageops::FilterType::Lanczos3)
}

fn png(img: &RgbaImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).expect("PNG encoding to memory");
    out.into_inner()
}

type Icons = Vec<(String, Vec<u8>)>;

/// The icons' files: (output path, PNG bytes). Drawing and encoding them takes a
/// moment, so the last ones made are kept for the preview server's rebuilds.
pub fn icons(site: &Site) -> Result<Icons> {
    static LAST: std::sync::Mutex<Option<(String, Icons)>> = std::sync::Mutex::new(None);
    let logo_state = site.config.logo.as_ref().map(|rel| {
        let meta = std::fs::metadata(site.root.join(rel)).ok();
        (rel.clone(), meta.map(|m| (m.len(), m.modified().ok())))
    });
    let key = format!("{}{logo_state:?}", site.config.offline.theme_color);
    if let Some((k, icons)) = LAST.lock().expect("icon cache").as_ref() {
        if *k == key {
            return Ok(icons.clone());
        }
    }
    let icons = make_icons(site)?;
    *LAST.lock().expect("icon cache") = Some((key, icons.clone()));
    Ok(icons)
}

fn make_icons(site: &Site) -> Result<Icons> {
    let background = hex(&site.config.offline.theme_color);
    let logo = match &site.config.logo {
        Some(rel) => Some(load_logo(site, rel)?),
        None => None,
    };
    Ok(ICONS
        .iter()
        .map(|&(path, size, maskable)| {
            let img = match &logo {
                // A maskable icon's picture must stay inside the central 80 % circle.
                Some(l) => fit(l, size, if maskable { 0.6 } else { 0.86 }, background),
                None => lamp(size, background),
            };
            (path.to_owned(), png(&img))
        })
        .collect())
}

pub(crate) fn load_logo(site: &Site, rel: &str) -> Result<RgbaImage> {
    let path = site.root.join(rel);
    let config = site.root.join("site.toml");
    let fail = |why: String| {
        Diagnostic::error(&config, format!("logo `{rel}`: {why}"))
            .with_help("set `logo` to a PNG or JPEG file under the site's folder, e.g. logo = \"assets/logo.png\"")
    };
    if rel.contains("..") || path.is_absolute() && !path.starts_with(&site.root) {
        return Err(fail("must be a path inside the site's folder".to_owned()).into());
    }
    let reader = image::ImageReader::open(&path)
        .map_err(|e| fail(e.to_string()))?
        .with_guessed_format()
        .map_err(|e| fail(e.to_string()))?;
    let mut reader = reader;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_LOGO);
    limits.max_image_height = Some(MAX_LOGO);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    Ok(reader.decode().map_err(|e| fail(e.to_string()))?.to_rgba8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lamp_has_a_flame_on_the_background() {
        let bg = hex("#1d5260");
        let img = lamp(64, bg);
        assert_eq!(*img.get_pixel(1, 1), bg);
        let flame = img.get_pixel(32, 20);
        assert!(flame.0[0] > 200 && flame.0[2] < 120, "{flame:?}");
    }

    #[test]
    fn logo_fits_centred() {
        let logo = RgbaImage::from_pixel(40, 20, Rgba([255, 0, 0, 255]));
        let img = fit(&logo, 100, 0.6, Rgba([0, 0, 0, 255]));
        assert_eq!(img.dimensions(), (100, 100));
        assert_eq!(img.get_pixel(50, 50).0[0], 255);
        assert_eq!(img.get_pixel(5, 50).0[0], 0);
    }
}
