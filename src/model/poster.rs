//! Poster sizes: paper names and custom sizes in millimetres, and the trim and page
//! (trim + 2 × bleed) sizes the print stage and the preview use.

use crate::parse::front_matter::Orientation;

/// A poster's printed size, in millimetres, already turned for its orientation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PaperSize {
    /// As written in front matter: `A4`, `sticker-100`, `210x99`.
    pub name: String,
    pub width_mm: f64,
    pub height_mm: f64,
}

/// Reads a size name. `None` when it is not one chyrak knows.
pub fn paper_size(name: &str, orientation: Orientation) -> Option<PaperSize> {
    let (w, h) = match name.to_ascii_uppercase().as_str() {
        "A2" => (420.0, 594.0),
        "A3" => (297.0, 420.0),
        "A4" => (210.0, 297.0),
        "A5" => (148.0, 210.0),
        "A6" => (105.0, 148.0),
        "LETTER" => (215.9, 279.4),
        other => {
            if let Some(side) = other.strip_prefix("STICKER-") {
                let side: f64 = side.parse().ok()?;
                (side, side)
            } else {
                let (w, h) = other.split_once('X')?;
                (w.trim().parse().ok()?, h.trim().parse().ok()?)
            }
        }
    };
    if !(10.0..=2000.0).contains(&w) || !(10.0..=2000.0).contains(&h) {
        return None;
    }
    let (w, h) = match orientation {
        Orientation::Portrait => (f64::min(w, h), f64::max(w, h)),
        Orientation::Landscape => (f64::max(w, h), f64::min(w, h)),
    };
    let square = name.to_ascii_lowercase().starts_with("sticker-");
    let (w, h) = if square { (w.min(h), w.min(h)) } else { (w, h) };
    Some(PaperSize { name: name.to_owned(), width_mm: w, height_mm: h })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_custom_sizes_and_orientation() {
        let a4 = paper_size("A4", Orientation::Landscape).unwrap();
        assert_eq!((a4.width_mm, a4.height_mm), (297.0, 210.0));
        assert_eq!(paper_size("sticker-100", Orientation::Portrait).unwrap().width_mm, 100.0);
        let custom = paper_size("99x210", Orientation::Portrait).unwrap();
        assert_eq!((custom.width_mm, custom.height_mm), (99.0, 210.0));
        assert!(paper_size("B7", Orientation::Portrait).is_none());
        assert!(paper_size("0x0", Orientation::Portrait).is_none());
    }
}
