//! Fonts that lack letters the text uses. The default theme uses the system's font
//! stack, so there is nothing to check; a theme (or the site's `assets/`) that ships
//! its own TrueType/OpenType fonts (`.ttf`, `.otf`) has each font's character map
//! read with `ttf-parser` and compared with every letter of every page, so a Latin or
//! basic-Cyrillic subset missing ң ө ү ә ғ қ ҳ ҷ ӣ ӯ is reported before readers see
//! boxes or a fallback font. WOFF/WOFF2 files are compressed and not checked.

use crate::error::Diagnostic;
use crate::model::Site;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Fonts larger than this are not read (no real font is).
const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;
/// Letters listed per font; the rest are counted.
const MAX_LISTED: usize = 12;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    let fonts = crate::assets::fonts::files(site);
    if fonts.is_empty() {
        return;
    }
    let letters = letters(site);
    for path in fonts {
        let shown = super::shown(&site.root, &path);
        let data = match std::fs::metadata(&path) {
            Ok(m) if m.len() <= MAX_FONT_BYTES => std::fs::read(&path).ok(),
            _ => None,
        };
        let face = data.as_deref().and_then(|d| ttf_parser::Face::parse(d, 0).ok());
        let Some(face) = face else {
            out.push(
                Diagnostic::warning(&shown, "cannot read this font's character map")
                    .with_help("check that it is a TrueType or OpenType font"),
            );
            continue;
        };
        let missing: Vec<(&char, &PathBuf)> = letters.iter().filter(|(c, _)| face.glyph_index(**c).is_none()).collect();
        if missing.is_empty() {
            continue;
        }
        let family = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap_or_default();
        let listed: Vec<String> = missing
            .iter()
            .take(MAX_LISTED)
            .map(|(c, p)| format!("{c} (in {})", super::shown(&site.root, p).display()))
            .collect();
        let more = missing.len().saturating_sub(MAX_LISTED);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let family = if family.is_empty() { String::new() } else { format!(" ({family})") };
        out.push(
            Diagnostic::warning(
                &shown,
                format!("font{family} lacks {} letter(s) the text uses: {}{more}", missing.len(), listed.join(", ")),
            )
            .with_help("use a font that covers these letters (e.g. Noto Sans), or a fuller subset of this one"),
        );
    }
}

/// Every letter the site's text uses, with the first file that uses it.
fn letters(site: &Site) -> BTreeMap<char, PathBuf> {
    use rayon::prelude::*;
    let translations: Vec<_> = site
        .sections
        .iter()
        .flat_map(|s| s.translations.values())
        .chain(site.items.iter().flat_map(|i| i.translations.values()))
        .collect();
    // The distinct letters of each file, in parallel; then the first file of each letter.
    let per_file: Vec<std::collections::BTreeSet<char>> = translations
        .par_iter()
        .map(|t| {
            let text = t.text().unwrap_or_default();
            let mut ascii = [false; 128];
            let mut others = std::collections::BTreeSet::new();
            for c in text.chars() {
                match c {
                    '\0'..='\x7f' => ascii[c as usize] = true,
                    c if c.is_alphabetic() => {
                        others.insert(c);
                    }
                    _ => {}
                }
            }
            (0u8..128).map(char::from).filter(|c| ascii[*c as usize] && c.is_alphabetic()).chain(others).collect()
        })
        .collect();
    let mut out = BTreeMap::new();
    for (t, letters) in translations.iter().zip(per_file) {
        for c in letters {
            out.entry(c).or_insert_with(|| t.path.clone());
        }
    }
    out
}
