//! A poster at one size in one language, ready for a print shop: the page is the trim
//! size plus the bleed on every side (`@page { size: W mm H mm }`, since browsers know
//! no A2/A6 keywords and no `bleed`), the background runs to the page edge, crop
//! marks are drawn in the bleed (no browser draws `marks`), and all text stays inside
//! the safe zone. Text sizes follow the sheet, so one design serves every size.
//!
//! The text boxes carry `data-part`; `chyrak pdf` measures them in the browser and
//! reports any that overflow (see `pdf.rs`).

use crate::error::{Diagnostic, Result};
use crate::model::Translation;
use crate::model::paper::PaperSize;
use crate::output::{Sink, layout};
use crate::render::Inputs;
use crate::render::print::Base;
use std::fmt::Write as _;

/// Poster geometry in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Geometry {
    pub trim_w: f64,
    pub trim_h: f64,
    pub bleed: f64,
    pub safe: f64,
    /// Page (sheet) size: trim + 2 × bleed.
    pub page_w: f64,
    pub page_h: f64,
    /// The page size as written in `@page`, in whole points: see [`chromium_points`].
    pub page_w_pt: f64,
    pub page_h_pt: f64,
    /// The design unit: a hundredth of the shorter trim side.
    pub unit: f64,
}

impl Geometry {
    pub fn new(size: &PaperSize, bleed: f64, safe: f64) -> Geometry {
        let bleed = bleed.clamp(0.0, 20.0);
        let safe = safe.clamp(0.0, size.width_mm.min(size.height_mm) / 4.0);
        Geometry {
            trim_w: size.width_mm,
            trim_h: size.height_mm,
            bleed,
            safe,
            page_w: size.width_mm + 2.0 * bleed,
            page_h: size.height_mm + 2.0 * bleed,
            page_w_pt: chromium_points(size.width_mm + 2.0 * bleed),
            page_h_pt: chromium_points(size.height_mm + 2.0 * bleed),
            unit: size.width_mm.min(size.height_mm) / 100.0,
        }
    }
}

/// The `@page` length, in whole points, that makes Chromium's PDF page closest to
/// `mm`. Chromium rounds a page size to whole points, then to 1/300 inch (0.24 pt), so
/// `154mm` (436.54 pt) comes out as 437.04 pt; `436pt` comes out as 436.08 pt, closer.
/// For the standard sizes with a 3 mm bleed the result is within 0.5 pt.
pub fn chromium_points(mm: f64) -> f64 {
    let target = mm * 72.0 / 25.4;
    let printed = |p: f64| {
        let dots = p * 300.0 / 72.0;
        // Ties can go either way: count the worse one.
        let (lo, hi) = (dots.floor() * 0.24, dots.ceil() * 0.24);
        if (dots - dots.floor() - 0.5).abs() < 1e-9 {
            (lo - target).abs().max((hi - target).abs())
        } else {
            ((dots.round() * 0.24) - target).abs()
        }
    };
    let base = target.round();
    [base - 1.0, base, base + 1.0].into_iter().min_by(|a, b| printed(*a).total_cmp(&printed(*b))).unwrap_or(base)
}

/// Crop marks as SVG lines in the bleed: at each corner, one mark on the line of each
/// trim edge, from the page edge to just short of the trim (so none shows after
/// cutting). Each is drawn white under black so it shows on any background.
pub fn crop_marks(g: &Geometry) -> String {
    let mut svg = format!(
        "<svg class=\"crop-marks\" aria-hidden=\"true\" viewBox=\"0 0 {w} {h}\" width=\"{w}mm\" height=\"{h}mm\">",
        w = g.page_w,
        h = g.page_h
    );
    if g.bleed >= 1.0 {
        let gap = (g.bleed * 0.25).min(1.0);
        let b = g.bleed;
        let (x0, x1, y0, y1) = (b, b + g.trim_w, b, b + g.trim_h);
        let mut lines = Vec::new();
        for x in [x0, x1] {
            lines.push((x, 0.0, x, b - gap));
            lines.push((x, y1 + gap, x, g.page_h));
        }
        for y in [y0, y1] {
            lines.push((0.0, y, b - gap, y));
            lines.push((x1 + gap, y, g.page_w, y));
        }
        for (stroke, width) in [("#fff", 0.35), ("#000", 0.12)] {
            let _ = write!(svg, "<g stroke=\"{stroke}\" stroke-width=\"{width}\" fill=\"none\">");
            for (xa, ya, xb, yb) in &lines {
                let _ = write!(svg, "<line x1=\"{xa:.2}\" y1=\"{ya:.2}\" x2=\"{xb:.2}\" y2=\"{yb:.2}\"/>");
            }
            svg.push_str("</g>");
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A QR code for `target` as inline SVG (dark modules on white, with its quiet zone).
pub fn qr_svg(target: &str, label: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(target, qrcode::EcLevel::M).ok()?;
    let svg = code.render::<qrcode::render::svg::Color>().quiet_zone(true).module_dimensions(1, 1).build();
    let start = svg.find("<svg")?;
    let svg = &svg[start..];
    // Size comes from CSS; the viewBox keeps the modules square.
    let open_end = svg.find('>')?;
    let open = &svg[..open_end];
    let mut cleaned = String::new();
    for part in open.split(' ') {
        if part.starts_with("width=") || part.starts_with("height=") {
            continue;
        }
        if !cleaned.is_empty() {
            cleaned.push(' ');
        }
        cleaned.push_str(part);
    }
    Some(format!("{cleaned} role=\"img\" aria-label=\"{}\"{}", crate::parse::markdown::escape(label), &svg[open_end..]))
}

/// QR codes made once per target, for a poster printed at several sizes: making one
/// tries every mask pattern and was 3 % of a build. Kept only while one poster's
/// sizes are rendered.
#[derive(Default)]
pub struct QrCodes(std::sync::Mutex<std::collections::HashMap<String, Option<String>>>);

impl QrCodes {
    fn svg(&self, target: &str) -> Option<String> {
        if let Some(svg) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(target) {
            return svg.clone();
        }
        let svg = qr_svg(target, target);
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(target.to_owned(), svg.clone());
        svg
    }
}

/// Renders the print page of item `i`'s poster translation `t` (the site's own, or a
/// draft of the preview's editor) at `size`; its stylesheet goes into `sink`.
pub fn render(
    inputs: &Inputs,
    sink: &dyn Sink,
    base: &Base,
    i: usize,
    t: &Translation,
    size: &PaperSize,
    qr_codes: &QrCodes,
) -> Result<String> {
    let site = inputs.site;
    let item = &site.items[i];
    let p = t.content.poster().ok_or_else(|| Diagnostic::error(&t.path, "not a poster"))?;
    let g = Geometry::new(size, p.bleed, p.safe_zone);
    let contact = p.contact.as_deref().and_then(|id| site.config.contact(id));
    let qr_target = match p.qr.as_deref() {
        Some(target) => crate::render::views::qr_target(site, base.lang, target),
        None => layout::absolute(&site.config.base_url, base.lang, &item.key()),
    };
    let qr = qr_codes
        .svg(&qr_target)
        .ok_or_else(|| Diagnostic::error(&t.path, format!("cannot make a QR code for `{qr_target}`")))?;
    let image = p
        .image
        .as_deref()
        .and_then(|name| item.file(name))
        .map(|f| layout::relative(&base.from, &layout::bundle_file(&item.key(), &f.name)));
    let mut ctx = base.context.clone();
    ctx.insert("kind", "poster");
    ctx.insert("slug", &item.slug);
    ctx.insert("size", size);
    ctx.insert("g", &g);
    ctx.insert("meta", &crate::render::context::MetaView::of(t));
    ctx.insert(
        "contact",
        &contact.map(|c| {
            serde_json::json!({
                "name": c.names.get(base.lang).unwrap_or(&c.name),
                "number": c.number, "hours": c.hours, "example": c.example,
            })
        }),
    );
    ctx.insert("qr", &qr);
    ctx.insert("qr_target", &qr_target);
    ctx.insert("crop_marks", &crop_marks(&g));
    ctx.insert("image", &image);
    ctx.insert("image_name", &p.image);
    ctx.insert("background", p.colours.background.css());
    ctx.insert("text_color", p.colours.text.css());
    ctx.insert("accent", p.colours.accent.css());
    super::style(inputs, sink, base, "print/poster.css", &mut ctx)?;
    inputs.theme.render("print/poster.html", &ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::paper::paper_size;
    use crate::parse::front_matter::Orientation;

    #[test]
    fn page_is_trim_plus_bleed_and_marks_stay_in_the_bleed() {
        let a5 = paper_size("A5", Orientation::Portrait).unwrap();
        let g = Geometry::new(&a5, 3.0, 10.0);
        assert_eq!((g.page_w, g.page_h), (154.0, 216.0));
        let svg = crop_marks(&g);
        assert_eq!(svg.matches("<line").count(), 16, "8 marks, white and black");
        assert!(svg.contains("x1=\"3.00\" y1=\"0.00\" x2=\"3.00\" y2=\"2.25\""), "{svg}");
        assert!(svg.contains("x1=\"151.00\" y1=\"213.75\" x2=\"151.00\" y2=\"216.00\""), "{svg}");
        let none = crop_marks(&Geometry::new(&a5, 0.0, 10.0));
        assert!(!none.contains("<line"));
    }

    #[test]
    fn page_sizes_land_within_half_a_point_in_chromium() {
        assert_eq!(chromium_points(154.0), 436.0);
        assert_eq!(chromium_points(216.0), 612.0);
        for name in ["A2", "A3", "A4", "A5", "A6", "Letter", "sticker-100", "210x99"] {
            for o in [Orientation::Portrait, Orientation::Landscape] {
                let g = Geometry::new(&paper_size(name, o).unwrap(), 3.0, 10.0);
                for (mm, pt) in [(g.page_w, g.page_w_pt), (g.page_h, g.page_h_pt)] {
                    // What Chromium prints for `pt`: 1/300 inch steps.
                    let printed = (pt * 300.0 / 72.0).round() * 0.24;
                    assert!((printed - mm * 72.0 / 25.4).abs() < 0.5, "{name} {mm} mm → {pt} pt → {printed}");
                }
            }
        }
    }

    #[test]
    fn qr_is_inline_svg_without_fixed_size() {
        let svg = qr_svg("https://example.org/en/lessons/a/", "QR").unwrap();
        assert!(svg.starts_with("<svg xmlns="), "{svg}");
        assert!(!svg.contains("<?xml"));
        let open = &svg[..svg.find('>').unwrap()];
        assert!(!open.contains(" width="), "{open}");
        assert!(svg.contains("viewBox=") && svg.contains("role=\"img\""));
    }

    #[test]
    fn a_target_gets_its_qr_code_once_and_the_same_as_made_alone() {
        let codes = QrCodes::default();
        let target = "https://example.org/ru/posters/a/";
        assert_eq!(codes.svg(target), qr_svg(target, target));
        assert_eq!(codes.svg(target), qr_svg(target, target));
        assert_eq!(codes.0.lock().unwrap().len(), 1);
        assert_ne!(codes.svg("https://example.org/ky/posters/a/"), codes.svg(target));
    }
}
