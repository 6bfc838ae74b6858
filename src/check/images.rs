//! Poster images: the file must be in the poster's folder, have a description
//! (`image_alt`), and have enough pixels to print at 300 dpi across the poster's safe
//! zone at its largest size (the width the print template gives it). Only the image's
//! header is read, so a huge or hostile image costs nothing.

use crate::error::Diagnostic;
use crate::model::{Site, poster};
use crate::parse::front_matter::ContentType;

const DPI: f64 = 300.0;
const DEFAULT_BLEED_SAFE_ZONE: f64 = 10.0;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for item in site.items.iter().filter(|i| i.content_type == ContentType::Poster) {
        for t in item.translations.values() {
            let Some(name) = t.meta.image.as_deref() else { continue };
            let source = t.text().unwrap_or_default();
            let place = |d: Diagnostic| d.at_key(&source, "image");
            let Some(file) = item.files.iter().find(|f| f.name == name) else {
                let mut d = Diagnostic::error(
                    &t.path,
                    format!("missing file `{name}`: the poster's `image` is not in its folder"),
                );
                let names = item.files.iter().map(|f| f.name.as_str());
                d = match crate::error::closest(name, names) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help("put the image beside the poster's index.<lang>.md"),
                };
                out.push(place(d));
                continue;
            };
            if t.meta.image_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                out.push(place(
                    Diagnostic::warning(&t.path, format!("poster image `{name}` has no `image_alt`"))
                        .with_help("describe the image in `image_alt = \"…\"`: screen readers read it aloud"),
                ));
            }
            let orientation = t.meta.orientation.unwrap_or_default();
            let widest = t
                .meta
                .sizes
                .iter()
                .filter_map(|s| poster::paper_size(s, orientation))
                .max_by(|a, b| a.width_mm.total_cmp(&b.width_mm))
                .or_else(|| poster::paper_size("A4", orientation));
            let Some(size) = widest else { continue };
            let safe = t.meta.safe_zone.unwrap_or(DEFAULT_BLEED_SAFE_ZONE).max(0.0);
            let print_mm = (size.width_mm - 2.0 * safe).max(1.0);
            let needed = (print_mm / 25.4 * DPI).ceil() as u64;
            match image::image_dimensions(&file.path) {
                Ok((w, _)) if u64::from(w) < needed => out.push(place(
                    Diagnostic::warning(
                        &t.path,
                        format!(
                            "poster image `{name}` is {w} px wide: {:.0} dpi at {} ({print_mm:.0} mm wide); print needs {DPI:.0} dpi",
                            f64::from(w) / (print_mm / 25.4),
                            size.name
                        ),
                    )
                    .with_help(format!("use an image at least {needed} px wide, or smaller sizes")),
                )),
                Ok(_) => {}
                Err(e) => out.push(place(
                    Diagnostic::error(&t.path, format!("poster image `{name}` cannot be read: {e}"))
                        .with_help("save it again as PNG or JPEG"),
                )),
            }
        }
    }
}
