//! Poster sizes: paper names and custom sizes in millimetres, turned for the poster's
//! orientation, with the one default every output uses (A4) and the default bleed and
//! safe zone.

use crate::parse::front_matter::Orientation;

/// A poster's printed size, in millimetres, already turned for its orientation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PaperSize {
    /// As written in front matter: `A4`, `sticker-100`, `210x99`.
    pub name: String,
    pub width_mm: f64,
    pub height_mm: f64,
}

/// The sizes known by name (others: `sticker-<mm>`, `<width>x<height>`).
pub const NAMED: [&str; 6] = ["A2", "A3", "A4", "A5", "A6", "Letter"];

/// The size of a poster that names none.
pub const DEFAULT_SIZE: &str = "A4";
/// Bleed around the trim, in mm, when a poster sets none: what print shops ask for.
pub const DEFAULT_BLEED: f64 = 3.0;
/// Margin inside the trim that text keeps clear of, in mm, when a poster sets none.
pub const DEFAULT_SAFE_ZONE: f64 = 10.0;

/// The sizes a poster asks for, read with [`paper_size`]: [`DEFAULT_SIZE`] when it
/// names none. `Err` lists the names chyrak does not know.
pub fn sizes(names: &[String], orientation: Orientation) -> Result<Vec<PaperSize>, Vec<&str>> {
    let mut sizes = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        match paper_size(name, orientation) {
            Some(s) => sizes.push(s),
            None => unknown.push(name.as_str()),
        }
    }
    if !unknown.is_empty() {
        return Err(unknown);
    }
    if sizes.is_empty() {
        sizes.extend(paper_size(DEFAULT_SIZE, orientation));
    }
    Ok(sizes)
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

    #[test]
    fn a_poster_without_sizes_is_a4_and_unknown_names_are_listed() {
        let a4 = sizes(&[], Orientation::Portrait).unwrap();
        assert_eq!((a4.len(), a4[0].name.as_str()), (1, "A4"));
        let names = ["A5".to_owned(), "B7".to_owned()];
        assert_eq!(sizes(&names, Orientation::Portrait).unwrap_err(), ["B7"]);
    }
}
