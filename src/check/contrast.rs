//! Poster colour contrast under WCAG 2.2 AA, for every pair the default theme draws:
//! text and headline on the background (the text must reach 4.5:1; the headline is
//! large text, 3:1, and is drawn in the same colour), and the call to action, drawn in
//! the accent colour on the background in print (large bold text, 3:1; on the web
//! preview the accent is a bar beside it, a graphic, also 3:1).

use crate::error::Diagnostic;
use crate::model::Site;
use crate::parse::front_matter::ContentType;

/// The colours a poster gets when its front matter has none (as `render/page.rs`).
const DEFAULT_BACKGROUND: &str = "#ffffff";
const DEFAULT_TEXT: &str = "#111111";
const DEFAULT_ACCENT: &str = "#b00020";

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for item in site.items.iter().filter(|i| i.content_type == ContentType::Poster) {
        for t in item.translations.values() {
            let colors = t.meta.colors.as_ref();
            let background = colors.map_or(DEFAULT_BACKGROUND, |c| c.background.as_str());
            let text = colors.map_or(DEFAULT_TEXT, |c| c.text.as_str());
            let accent = colors.and_then(|c| c.accent.as_deref()).unwrap_or(DEFAULT_ACCENT);
            let source = t.text().unwrap_or_default();
            let place = |d: Diagnostic, key: &str| match find(&source, key) {
                Some(offset) => d.at_offset(&source, offset),
                None => d,
            };
            let mut parsed = Vec::new();
            for (key, value) in [("background", background), ("text", text), ("accent", accent)] {
                match parse(value) {
                    Some(c) => parsed.push(c),
                    None => out.push(place(
                        Diagnostic::warning(&t.path, format!("cannot check the contrast of `{key}` colour `{value}`"))
                            .with_help("write colours as #rrggbb, e.g. #1d5260, so chyrak can check them"),
                        key,
                    )),
                }
            }
            let [bg, fg, ac] = parsed[..] else { continue };
            let pairs = [
                ("text", "background", fg, 4.5, "poster text"),
                ("accent", "background", ac, 3.0, "the call to action (large text in the accent colour)"),
            ];
            for (key, on, colour, needed, what) in pairs {
                let ratio = ratio(colour, bg);
                if ratio + 1e-9 < needed {
                    let value = if key == "text" { text } else { accent };
                    out.push(place(
                        Diagnostic::warning(
                            &t.path,
                            format!(
                                "poster colours: `{key}` {value} on `{on}` {background} has contrast {ratio:.2}:1; \
                                 {what} needs {needed}:1 (WCAG AA)"
                            ),
                        )
                        .with_help(format!("make `{key}` darker or `{on}` lighter (or the other way round)")),
                        key,
                    ));
                }
            }
        }
    }
}

/// Offset of `key = ` in the front matter's `colors` (an inline table or a `[colors]` table).
fn find(source: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    let mut in_colors = false;
    for (n, line) in source.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if n > 0 && trimmed.trim_end() == "+++" {
            return None;
        }
        if trimmed.starts_with('[') {
            in_colors = trimmed.starts_with("[colors]");
        }
        if in_colors || trimmed.starts_with("colors") {
            let mut from = 0;
            while let Some(i) = line[from..].find(key) {
                let at = from + i;
                let before = line[..at].chars().next_back();
                let after = line[at + key.len()..].trim_start();
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.starts_with('=') {
                    return Some(offset + at);
                }
                from = at + key.len();
            }
        }
        offset += line.len();
    }
    None
}

/// sRGB channels 0–255.
type Rgb = [u8; 3];

/// `#rgb`, `#rrggbb` (alpha forms `#rgba`/`#rrggbbaa` are read without their alpha),
/// `rgb(r, g, b)` and a few named colours.
pub fn parse(value: &str) -> Option<Rgb> {
    let v = value.trim().to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        let digits: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
        return match digits.len() {
            3 | 4 => Some([digits[0] * 17, digits[1] * 17, digits[2] * 17]),
            6 | 8 => Some([digits[0] * 16 + digits[1], digits[2] * 16 + digits[3], digits[4] * 16 + digits[5]]),
            _ => None,
        };
    }
    if let Some(inner) = v.strip_prefix("rgb(").or_else(|| v.strip_prefix("rgba(")) {
        let parts: Vec<u8> = inner
            .trim_end_matches(')')
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .take(3)
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        return (parts.len() == 3).then(|| [parts[0], parts[1], parts[2]]);
    }
    Some(match v.as_str() {
        "white" => [255, 255, 255],
        "black" => [0, 0, 0],
        "red" => [255, 0, 0],
        "yellow" => [255, 255, 0],
        "navy" => [0, 0, 128],
        "gray" | "grey" => [128, 128, 128],
        _ => return None,
    })
}

/// WCAG relative luminance.
fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG contrast ratio, 1–21.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_colour_keys_in_inline_and_full_tables() {
        let src = "+++\ntitle = \"colors text\"\ncolors = { background = \"#fff\", text = \"#777\" }\n+++\n";
        assert_eq!(find(src, "text"), Some(src.find("text = ").unwrap()));
        let src = "+++\ntitle = \"x\"\n[colors]\nbackground = \"#fff\"\naccent = \"#ff0\"\n+++\n";
        assert_eq!(find(src, "accent"), Some(src.find("accent").unwrap()));
        assert_eq!(find(src, "text"), None);
    }

    #[test]
    fn contrast_of_known_pairs() {
        assert!((ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        assert!((ratio(parse("#777").unwrap(), parse("white").unwrap()) - 4.48).abs() < 0.01);
        assert_eq!(parse("#1d5260"), Some([0x1d, 0x52, 0x60]));
        assert_eq!(parse("rgb(10, 20, 30)"), Some([10, 20, 30]));
        assert_eq!(parse("#12"), None);
        assert_eq!(parse("blue-ish"), None);
    }
}
