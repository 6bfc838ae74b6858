//! Drawing a card: its design laid out into SVG text lines (sizes fitted with the
//! widths of the font the card is set in), shaped and drawn by resvg with the
//! theme's fonts and the system's, the logo laid on, encoded as PNG.
//!
//! The fitting measures with the first font of the list and no kerning; the drawn
//! text's real extent is then checked against the margins, and the card is laid out
//! again a size smaller until it fits, so no text is ever cut at an edge.

use super::fit::{self, Block, Fitted};
use super::{Card, Design, HEIGHT, WIDTH};
use crate::error::{Diagnostic, Result};
use crate::model::Site;
use image::RgbaImage;
use resvg::usvg::{self, fontdb};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

const W: f32 = WIDTH as f32;
const H: f32 = HEIGHT as f32;
/// The margin on every side.
const M: f32 = 72.0;
/// The logo's side on a page card.
const LOGO: u32 = 72;
/// Letters named one by one in the warning about letters no font has.
const MAX_LISTED: usize = 8;
/// Families tried after the theme's own fonts.
const FAMILIES: [&str; 6] = ["Noto Sans", "PT Sans", "DejaVu Sans", "Liberation Sans", "Arial", "FreeSans"];

/// Fonts, logo and everything else shared by the cards of a build.
pub struct Painter {
    options: usvg::Options<'static>,
    /// The `font-family` list, as CSS.
    families: String,
    /// The first font of the list, regular and bold, for measuring.
    regular: Option<(Vec<u8>, u32)>,
    bold: Option<(Vec<u8>, u32)>,
    /// The logo (or the lamp) at its size on a page card.
    logo: RgbaImage,
    /// Letters of the cards that no font has, with the first file using each.
    missing: Vec<(char, PathBuf)>,
    fingerprint: String,
}

thread_local! {
    /// Each thread's picture and its RGB copy, reused from card to card (a fresh
    /// 3 MB buffer per card cost more in page faults than the drawing).
    static BUFFERS: std::cell::RefCell<Option<(resvg::tiny_skia::Pixmap, Vec<u8>)>> = const { std::cell::RefCell::new(None) };
}

/// The system's fonts, read once per process (reading them takes some 30 ms).
fn system_fonts() -> &'static fontdb::Database {
    static SYSTEM: OnceLock<fontdb::Database> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

impl Painter {
    /// The painter of `cards`: the theme's and the site's own fonts (`.ttf`/`.otf`
    /// under `themes/<theme>/` and `assets/`) first, then the system's. The fonts the
    /// cards need are read into memory once: every face of the families named, and
    /// for a letter those lack, the family of the first font that has it (resvg would
    /// otherwise open and map a font file again for every line it sets).
    pub fn new(site: &Site, cards: &[Card]) -> Result<Painter> {
        let mut all = system_fonts().clone();
        let mut own = Vec::new();
        for file in crate::assets::fonts::files(site) {
            let before: Vec<fontdb::ID> = all.faces().map(|f| f.id).collect();
            if all.load_font_file(&file).is_ok() {
                own.extend(all.faces().filter(|f| !before.contains(&f.id)).flat_map(|f| f.families.first().cloned()));
            }
        }
        let mut names: Vec<String> = own.into_iter().map(|(name, _)| name).collect();
        names.dedup();
        names.extend(FAMILIES.iter().map(|s| (*s).to_owned()));
        let families =
            names.iter().map(|n| format!("'{}'", n.replace('\'', ""))).collect::<Vec<_>>().join(", ") + ", sans-serif";

        let mut letters: BTreeMap<char, PathBuf> = BTreeMap::new();
        for card in cards {
            for c in card.texts().into_iter().flat_map(str::chars).filter(|c| needs_glyph(*c)) {
                letters.entry(c).or_insert_with(|| card.source.clone());
            }
        }
        let family = |f: &fontdb::FaceInfo| f.families.first().map(|(n, _)| n.clone()).unwrap_or_default();
        let mut kept: Vec<String> = names.iter().filter(|n| all.faces().any(|f| family(f) == **n)).cloned().collect();
        let mut missing = letters;
        // The named families' faces first: a letter they have needs no other font.
        let named: Vec<&fontdb::FaceInfo> = all.faces().filter(|f| kept.contains(&family(f))).collect();
        for face in named.into_iter().chain(all.faces()) {
            if missing.is_empty() {
                break;
            }
            let kept_already = kept.contains(&family(face));
            all.with_face_data(face.id, |data, index| {
                if let Ok(f) = ttf_parser::Face::parse(data, index) {
                    let before = missing.len();
                    missing.retain(|c, _| f.glyph_index(*c).is_none());
                    if missing.len() < before && !kept_already {
                        kept.push(family(face));
                    }
                }
            });
        }
        let mut db = fontdb::Database::new();
        let mut fingerprint = crate::hash::Fingerprint::default();
        fingerprint.add(families.as_bytes());
        let mut read = std::collections::HashSet::new();
        for name in &kept {
            // Cards are set upright at normal width: italic and condensed faces stay out.
            let upright =
                |f: &fontdb::FaceInfo| f.style == fontdb::Style::Normal && f.stretch == fontdb::Stretch::Normal;
            for face in all.faces().filter(|f| family(f) == *name && upright(f)) {
                let fontdb::Source::File(path) = &face.source else { continue };
                if !read.insert(path.clone()) {
                    continue;
                }
                let Ok(bytes) = std::fs::read(path) else { continue };
                fingerprint.add(format!("{}:{};", path.display(), bytes.len()).as_bytes());
                db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
            }
        }
        let face_data = |weight: fontdb::Weight| {
            let families: Vec<fontdb::Family> = names.iter().map(|n| fontdb::Family::Name(n)).collect();
            let query = fontdb::Query { families: &families, weight, ..Default::default() };
            let id = db.query(&query)?;
            db.with_face_data(id, |data, index| (data.to_vec(), index))
        };
        let (regular, bold) = (face_data(fontdb::Weight::NORMAL), face_data(fontdb::Weight::BOLD));
        // Without a logo, the lamp of the web app's icon, on the theme colour.
        let logo = match &site.config.logo {
            Some(rel) => super::super::icons::scaled(&super::super::icons::load_logo(site, rel)?, LOGO),
            None => {
                let [r, g, b] = super::theme_colour(site);
                super::super::icons::lamp(LOGO, image::Rgba([r, g, b, 255]))
            }
        };
        fingerprint.add(logo.as_raw());
        let options = usvg::Options { fontdb: Arc::new(db), ..Default::default() };
        let missing = missing.into_iter().collect();
        Ok(Painter { options, families, regular, bold, logo, missing, fingerprint: fingerprint.hex() })
    }

    /// What the cards' pictures depend on besides their designs: fonts and logo.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// A warning for each letter of the cards' texts that no font has (it would be
    /// drawn as an empty box), naming the first file that uses it.
    pub fn coverage(&self) -> Vec<Diagnostic> {
        let missing = &self.missing;
        let help = "install a font that has it (e.g. Noto Sans), or add one to the theme's folder";
        let name = |c: char| format!("{c} (U+{:04X})", u32::from(c));
        // A machine with few or no fonts lacks many letters: one warning then, not one each.
        if missing.len() > MAX_LISTED {
            let listed: Vec<String> = missing.iter().take(MAX_LISTED).map(|(c, _)| name(*c)).collect();
            let message = format!(
                "no font has {} of the letters the preview cards use ({}, …): cards would show boxes for them",
                missing.len(),
                listed.join(", ")
            );
            return vec![Diagnostic::warning(&missing[0].1, message).with_help(help)];
        }
        missing
            .iter()
            .map(|(c, path)| {
                let message = format!("no font has the letter {}: preview cards would show a box for it", name(*c));
                Diagnostic::warning(path, message).with_help(help)
            })
            .collect()
    }

    /// The card as PNG, and what was left out of it for being too long to fit.
    pub fn png(&self, card: &Card) -> std::result::Result<(Vec<u8>, Option<&'static str>), String> {
        let mut scale = 1.0;
        loop {
            let (svg, left_out) = self.svg(card, scale);
            let tree = usvg::Tree::from_str(&svg, &self.options).map_err(|e| e.to_string())?;
            if scale > 0.6 && !inside(tree.root()) {
                scale -= 0.1;
                continue;
            }
            return BUFFERS.with_borrow_mut(|buffers| {
                let (pixmap, rgb) = match buffers {
                    Some(b) => b,
                    None => {
                        let pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no memory for the card")?;
                        buffers.insert((pixmap, vec![0; (WIDTH * HEIGHT * 3) as usize]))
                    }
                };
                pixmap.fill(resvg::tiny_skia::Color::BLACK);
                resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
                // The background is opaque, so premultiplied colour is the colour.
                for (to, from) in rgb.chunks_exact_mut(3).zip(pixmap.data().chunks_exact(4)) {
                    to.copy_from_slice(&from[..3]);
                }
                if let Design::Page { .. } = &card.design {
                    let x = if card.rtl { W - M - self.logo.width() as f32 } else { M };
                    lay(rgb, &self.logo, x as u32, 52);
                }
                Ok((encode(rgb)?, left_out))
            });
        }
    }

    /// The card's SVG at `scale` of its font sizes, and what did not fit.
    pub fn svg(&self, card: &Card, scale: f32) -> (String, Option<&'static str>) {
        let mut svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{}">"#,
            attr(&self.families)
        );
        let faces = self.faces();
        let mut page = Page { svg: &mut svg, rtl: card.rtl, lang: &card.lang, faces: &faces };
        let left_out = match &card.design {
            Design::Poster { background, text, accent, site, headline, cta, contact } => {
                page.rect(0.0, 0.0, W, H, *background);
                page.line(
                    site,
                    Block { max: 26.0 * scale, min: 18.0, max_lines: 1, leading: 1.2 },
                    88.0,
                    Style::new(*text, 400).faded(0.8),
                );
                let bottom = match contact {
                    Some((name, number)) => {
                        page.rect(M, 462.0, W - 2.0 * M, 5.0, *accent);
                        page.line(
                            name,
                            Block { max: 28.0 * scale, min: 18.0, max_lines: 1, leading: 1.2 },
                            512.0,
                            Style::new(*text, 400),
                        );
                        // A number reads left to right in every script.
                        let style = Style::new(*text, 700).ltr();
                        page.line(
                            number,
                            Block { max: 54.0 * scale, min: 30.0, max_lines: 1, leading: 1.2 },
                            574.0,
                            style,
                        );
                        440.0
                    }
                    None => 558.0,
                };
                let main = Block { max: 84.0 * scale, min: 36.0, max_lines: 5, leading: 1.12 };
                let second = Block { max: 44.0 * scale, min: 26.0, max_lines: 2, leading: 1.2 };
                let cta = cta.as_deref().map(|c| (c, second, Style::new(*accent, 700)));
                let drawn = page.stack(130.0, bottom, (headline, main, Style::new(*text, 700)), cta, None);
                (!drawn).then_some("the headline")
            }
            Design::Page { background, text, accent, band, band_text, site, kicker, title, subtitle, address } => {
                page.rect(0.0, 0.0, W, H, *background);
                page.rect(0.0, 546.0, W, H - 546.0, *band);
                let style = Style::new(*band_text, 400).ltr();
                page.line(address, Block { max: 28.0 * scale, min: 18.0, max_lines: 1, leading: 1.2 }, 598.0, style);
                // Beside the logo (drawn on afterwards), on its middle.
                let beside = M + LOGO as f32 + 24.0;
                let name = Block { max: 30.0 * scale, min: 20.0, max_lines: 1, leading: 1.2 };
                if !site.is_empty() {
                    page.line_at(site, name, beside, 98.0, Style::new(*text, 700).faded(0.92));
                }
                let main = Block { max: 72.0 * scale, min: 34.0, max_lines: 5, leading: 1.14 };
                let small = Block { max: 34.0 * scale, min: 22.0, max_lines: 3, leading: 1.25 };
                let kick = Block { max: 32.0 * scale, min: 22.0, max_lines: 2, leading: 1.2 };
                let kick = kicker.as_deref().map(|k| (k, kick, Style::new(*accent, 400)));
                let subtitle = subtitle.as_deref().map(|s| (s, small, Style::new(*text, 700)));
                let drawn = page.stack(160.0, 520.0, (title, main, Style::new(*text, 700)), subtitle, kick);
                (!drawn).then_some("the title")
            }
        };
        svg.push_str("</svg>");
        (svg, left_out)
    }

    /// The fonts texts are measured with.
    fn faces(&self) -> Faces<'_> {
        fn parse(font: &Option<(Vec<u8>, u32)>) -> Option<ttf_parser::Face<'_>> {
            font.as_ref().and_then(|(d, i)| ttf_parser::Face::parse(d, *i).ok())
        }
        Faces { regular: parse(&self.regular), bold: parse(&self.bold) }
    }
}

/// The first font of the list, regular and bold, read.
struct Faces<'a> {
    regular: Option<ttf_parser::Face<'a>>,
    bold: Option<ttf_parser::Face<'a>>,
}

impl Faces<'_> {
    /// A text's width in em (0.6 em for a letter the font lacks).
    fn measure(&self, text: &str, weight: u16) -> f32 {
        let face = if weight >= 600 { &self.bold } else { &self.regular };
        let Some(face) = face else { return text.chars().count() as f32 * 0.6 };
        let em = f32::from(face.units_per_em());
        text.chars()
            .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(0.6, |a| f32::from(a) / em))
            .sum()
    }
}

/// How a text is drawn.
#[derive(Debug, Clone, Copy)]
struct Style {
    fill: [u8; 3],
    weight: u16,
    opacity: f32,
    /// Left to right whatever the card's direction (numbers, addresses).
    ltr: bool,
}

impl Style {
    fn new(fill: [u8; 3], weight: u16) -> Style {
        Style { fill, weight, opacity: 1.0, ltr: false }
    }

    fn faded(self, opacity: f32) -> Style {
        Style { opacity, ..self }
    }

    fn ltr(self) -> Style {
        Style { ltr: true, ..self }
    }
}

/// The SVG being written for one card.
struct Page<'a> {
    svg: &'a mut String,
    rtl: bool,
    lang: &'a str,
    faces: &'a Faces<'a>,
}

impl Page<'_> {
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: [u8; 3]) {
        let x = if self.rtl { W - x - w } else { x };
        let _ = write!(self.svg, r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{}"/>"#, hex(fill));
    }

    /// One line across the card, its baseline at `y`, shrunk to fit (shown whole
    /// whatever its length: it is short by nature: a name, a number, an address).
    fn line(&mut self, text: &str, block: Block, y: f32, style: Style) {
        self.line_at(text, block, M, y, style);
    }

    fn line_at(&mut self, text: &str, block: Block, x: f32, y: f32, style: Style) {
        let width = W - x - M;
        let measure = |t: &str| self.faces.measure(t, style.weight);
        let fitted = fit::fit(text, width, f32::MAX, block, &measure).unwrap_or_else(|| {
            let size = block.min.min(width / measure(text).max(0.01));
            Fitted { size, lines: vec![text.split_whitespace().collect::<Vec<_>>().join(" ")] }
        });
        if let Some(line) = fitted.lines.first() {
            self.text(line, x, y, fitted.size, style);
        }
    }

    /// The main text with a second text below it and a kicker above, together centred
    /// between `top` and `bottom`. What cannot fit is left out, the kicker first,
    /// then the second text; returns whether the main text could be drawn.
    fn stack(
        &mut self,
        top: f32,
        bottom: f32,
        main: (&str, Block, Style),
        second: Option<(&str, Block, Style)>,
        kicker: Option<(&str, Block, Style)>,
    ) -> bool {
        const GAP: f32 = 22.0;
        let width = W - 2.0 * M;
        let regular = |t: &str| self.faces.measure(t, 400);
        let bold = |t: &str| self.faces.measure(t, 700);
        let room = bottom - top;
        let kicked = kicker.and_then(|(t, b, st)| fit::fit(t, width, room, b, &regular).map(|f| (f, b, st)));
        let seconded = second.and_then(|(t, b, st)| fit::fit(t, width, room / 3.0, b, &bold).map(|f| (f, b, st)));
        let height = |f: &Option<(Fitted, Block, Style)>| f.as_ref().map_or(0.0, |(f, b, _)| f.height(b.leading) + GAP);
        // Drop the kicker, then the second text, until the main text fits.
        let tries = [(true, true), (false, true), (false, false)];
        for (with_kicker, with_second) in tries {
            let k = if with_kicker { kicked.clone() } else { None };
            let s = if with_second { seconded.clone() } else { None };
            let left = room - height(&k) - height(&s);
            let Some(m) = fit::fit(main.0, width, left, main.1, &bold) else { continue };
            let total = height(&k) + m.height(main.1.leading) + height(&s);
            let mut y = top + (room - total).max(0.0) / 2.0;
            let blocks = k
                .iter()
                .map(|(f, b, st)| (f, b, st))
                .chain([(&m, &main.1, &main.2)])
                .chain(s.iter().map(|(f, b, st)| (f, b, st)));
            for (f, b, style) in blocks {
                for line in &f.lines {
                    // The baseline sits about four fifths down the line box.
                    self.text(line, M, y + f.size * (b.leading - 0.2), f.size, *style);
                    y += f.size * b.leading;
                }
                y += GAP;
            }
            return true;
        }
        false
    }

    fn text(&mut self, line: &str, x: f32, y: f32, size: f32, style: Style) {
        let Style { fill, weight, opacity, ltr } = style;
        // On a right-to-left card every line ends at the right margin, and its own
        // text is isolated as right-to-left (resvg lays every line out as a
        // left-to-right paragraph, which would put a closing full stop at its right).
        let (x, dir, line) = match (self.rtl, ltr) {
            (false, _) => (x, "", std::borrow::Cow::Borrowed(line)),
            (true, true) => (W - x, r#" text-anchor="end""#, line.into()),
            (true, false) => (W - x, r#" text-anchor="end""#, format!("\u{2067}{line}\u{2069}").into()),
        };
        let opacity = if opacity < 1.0 { format!(r#" fill-opacity="{opacity}""#) } else { String::new() };
        let _ = write!(
            self.svg,
            r#"<text x="{x}" y="{y:.1}" font-size="{size}" font-weight="{weight}" fill="{}"{opacity}{dir} xml:lang="{}">{}</text>"#,
            hex(fill),
            attr(self.lang),
            escape(&line)
        );
    }
}

/// Whether every text of the drawing lies within the margins (with a little room
/// for letters that overhang their advance).
fn inside(group: &usvg::Group) -> bool {
    group.children().iter().all(|node| match node {
        usvg::Node::Group(g) => inside(g),
        usvg::Node::Text(t) => {
            let b = t.abs_bounding_box();
            b.left() >= M - 8.0 && b.right() <= W - M + 8.0 && b.top() >= 0.0 && b.bottom() <= H
        }
        _ => true,
    })
}

/// Whether a character is drawn (format and spacing characters are not).
fn needs_glyph(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Lays `logo` on the RGB picture at (`x`, `y`).
fn lay(rgb: &mut [u8], logo: &RgbaImage, x: u32, y: u32) {
    for (lx, ly, p) in logo.enumerate_pixels() {
        let (px, py) = (x + lx, y + ly);
        if px >= WIDTH || py >= HEIGHT {
            continue;
        }
        let at = ((py * WIDTH + px) * 3) as usize;
        let a = u32::from(p.0[3]);
        for ch in 0..3 {
            let under = u32::from(rgb[at + ch]);
            rgb[at + ch] = ((u32::from(p.0[ch]) * a + under * (255 - a) + 127) / 255) as u8;
        }
    }
}

/// PNG at zlib level 1: a card of some 50 kB in 2 ms, against 37 kB in 8 ms at the
/// default level (messengers fetch a card once; a big site draws thousands).
fn encode(rgb: &[u8]) -> std::result::Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Level(1), FilterType::Adaptive)
        .write_image(rgb, WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn attr(text: &str) -> String {
    escape(text).replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A painter with no fonts at all (measuring falls back to 0.6 em a letter).
    fn fontless() -> Painter {
        let options = usvg::Options { fontdb: Arc::new(fontdb::Database::new()), ..Default::default() };
        let families = "sans-serif".to_owned();
        let logo = RgbaImage::new(1, 1);
        let missing = ('a'..='p').map(|c| (c, PathBuf::from("content/x.md"))).collect();
        Painter { options, families, regular: None, bold: None, logo, missing, fingerprint: String::new() }
    }

    fn page_card(title: &str, rtl: bool) -> Card {
        Card {
            rel: "previews/x/card.png".into(),
            source: "content/x.md".into(),
            lang: if rtl { "fa-AF".into() } else { "en".into() },
            rtl,
            design: Design::Page {
                background: [0x1d, 0x52, 0x60],
                text: [0xff; 3],
                accent: [0xff, 0xc2, 0x3d],
                band: [0xfb, 0xf8, 0xf4],
                band_text: [0x1d, 0x52, 0x60],
                site: "Site".into(),
                kicker: Some("Lessons".into()),
                title: title.into(),
                subtitle: None,
                address: "example.org/x".into(),
            },
        }
    }

    #[test]
    fn with_no_fonts_the_missing_letters_are_one_warning() {
        let warnings = fontless().coverage();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("letters the preview cards use"), "{}", warnings[0].message);
    }

    #[test]
    fn a_right_to_left_card_ends_its_lines_at_the_right_margin_and_isolates_them() {
        let (svg, left_out) = fontless().svg(&page_card("سفر مصون", true), 1.0);
        assert_eq!(left_out, None);
        assert!(svg.contains("x=\"1128\"") && svg.contains("text-anchor=\"end\""), "{svg}");
        assert!(svg.contains("\u{2067}سفر مصون\u{2069}"), "{svg}");
        // The address reads left to right, not isolated as right-to-left.
        assert!(svg.contains(">example.org/x</text>"), "{svg}");
        let (ltr, _) = fontless().svg(&page_card("Safe road", false), 1.0);
        assert!(ltr.contains("x=\"72\"") && !ltr.contains("text-anchor"), "{ltr}");
    }

    #[test]
    fn a_title_no_size_can_fit_is_left_out_and_said() {
        let (svg, left_out) = fontless().svg(&page_card(&"word ".repeat(400), false), 1.0);
        assert_eq!(left_out, Some("the title"));
        assert!(!svg.contains("word word"), "the title is not drawn cut");
    }
}
