//! Poster images with too few pixels to print at 300 dpi across the poster's safe zone
//! at its largest size (the width the print template gives it). (That the image is
//! there, readable and described is checked when the site is loaded.) Only the image's
//! header is read, so a huge or hostile image costs nothing.

use crate::error::Diagnostic;
use crate::model::Site;

const DPI: f64 = 300.0;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for item in &site.items {
        for t in item.translations.values() {
            let Some(p) = t.content.poster() else { continue };
            let Some(file) = p.image.as_deref().and_then(|name| item.file(name)) else { continue };
            let Some(size) = p.sizes.iter().max_by(|a, b| a.width_mm.total_cmp(&b.width_mm)) else { continue };
            let print_mm = (size.width_mm - 2.0 * p.safe_zone).max(1.0);
            let needed = (print_mm / 25.4 * DPI).ceil() as u64;
            // The file's header was read when the site was loaded: it can be read.
            if let Ok((w, _)) = image::image_dimensions(&file.path) {
                if u64::from(w) < needed {
                    let source = t.text().unwrap_or_default();
                    out.push(
                        Diagnostic::warning(
                            &t.path,
                            format!(
                                "poster image `{}` is {w} px wide: {:.0} dpi at {} ({print_mm:.0} mm wide); print needs {DPI:.0} dpi",
                                file.name,
                                f64::from(w) / (print_mm / 25.4),
                                size.name
                            ),
                        )
                        .at_key(&source, "image")
                        .with_help(format!("use an image at least {needed} px wide, or smaller sizes")),
                    );
                }
            }
        }
    }
}
