//! Colours, read once (a poster's, the web app's): any CSS colour (`#0b3c5d`, `navy`, `rgb(…)`, `hsl(…)`,
//! `oklch(…)`…, parsed by lightningcss), kept as its sRGB value for the contrast check
//! and as CSS text for the web preview and the print page alike, so that what a
//! designer sees on screen is what the printer gets. A value that is not a colour is
//! an error of the front matter.

use lightningcss::traits::{Parse, ToCss};
use lightningcss::values::color::{CssColor, RGBA, SRGB};

/// A colour of a poster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colour {
    /// sRGB channels, after any transparency is laid over white paper.
    pub rgb: [u8; 3],
    css: String,
}

impl Colour {
    /// Reads a CSS colour. The error says why it is not one.
    pub fn parse(text: &str) -> Result<Colour, String> {
        let written = text.trim();
        let colour = CssColor::parse_string(written).map_err(|_| format!("`{written}` is not a CSS colour"))?;
        let rgba: RGBA = SRGB::try_from(&colour)
            .map_err(|()| format!("`{written}` depends on where it is shown; write a colour such as #1d5260"))?
            .into();
        // As written when it is plain colour syntax (the preview and the print page
        // then say what the author said); otherwise as lightningcss writes it.
        let plain = written.chars().all(|c| c.is_ascii_alphanumeric() || "#(),.%/ -".contains(c));
        let css = if plain {
            written.to_owned()
        } else {
            colour.to_css_string(Default::default()).map_err(|_| format!("`{written}` is not a CSS colour"))?
        };
        let over = |c: u8, under: u8| {
            let a = f64::from(rgba.alpha) / 255.0;
            (f64::from(c) * a + f64::from(under) * (1.0 - a)).round() as u8
        };
        Ok(Colour { rgb: [over(rgba.red, 255), over(rgba.green, 255), over(rgba.blue, 255)], css })
    }

    /// The colour as CSS.
    pub fn css(&self) -> &str {
        &self.css
    }

    /// WCAG contrast ratio of two colours, 1–21.
    pub fn contrast(&self, other: &Colour) -> f64 {
        contrast(self.rgb, other.rgb)
    }
}

/// WCAG contrast ratio of two sRGB colours, 1–21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// WCAG relative luminance.
fn luminance(c: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_css_colour_is_read_and_kept_as_written() {
        let c = Colour::parse(" #0B3C5D ").unwrap();
        assert_eq!((c.rgb, c.css()), ([0x0b, 0x3c, 0x5d], "#0B3C5D"));
        assert_eq!(Colour::parse("navy").unwrap().rgb, [0, 0, 128]);
        assert_eq!(Colour::parse("rgb(10, 20, 30)").unwrap().rgb, [10, 20, 30]);
        assert_eq!(Colour::parse("hsl(0 100% 50%)").unwrap().rgb, [255, 0, 0]);
        assert_eq!(Colour::parse("#fff").unwrap().rgb, [255, 255, 255]);
        assert_eq!(Colour::parse("rgb(0 0 0 / 50%)").unwrap().rgb, [127, 127, 127], "laid over paper");
        // Anything but plain colour syntax is written as lightningcss writes it, so
        // that nothing but a colour reaches a stylesheet.
        assert_eq!(Colour::parse("red /* x").unwrap().css(), "red");
    }

    #[test]
    fn what_is_not_a_colour_says_so() {
        for bad in ["blue-ish", "#12", "red; } body { color: red", "currentColor", ""] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn contrast_of_known_pairs() {
        let c = |s| Colour::parse(s).unwrap();
        assert!((c("black").contrast(&c("white")) - 21.0).abs() < 0.01);
        assert!((c("#777").contrast(&c("white")) - 4.48).abs() < 0.01);
    }
}
