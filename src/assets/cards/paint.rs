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
use std::path::Path;
use std::sync::{Arc, OnceLock};

const W: f32 = WIDTH as f32;
const H: f32 = HEIGHT as f32;
/// The margin on every side.
const M: f32 = 72.0;
/// The logo's side on a page card.
const LOGO: u32 = 72;
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
    logo: Option<RgbaImage>,
    fingerprint: String,
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
    /// The painter of `site`'s cards: the system's fonts with the theme's and the
    /// site's (`.ttf`/`.otf` under `themes/<theme>/` and `assets/`) first.
    pub fn new(site: &Site) -> Result<Painter> {
        let mut db = system_fonts().clone();
        let mut own = Vec::new();
        for file in crate::assets::fonts::files(site) {
            let before: Vec<fontdb::ID> = db.faces().map(|f| f.id).collect();
            if db.load_font_file(&file).is_ok() {
                own.extend(db.faces().filter(|f| !before.contains(&f.id)).flat_map(|f| f.families.first().cloned()));
            }
        }
        let mut names: Vec<String> = own.into_iter().map(|(name, _)| name).collect();
        names.dedup();
        names.extend(FAMILIES.iter().map(|s| (*s).to_owned()));
        let families =
            names.iter().map(|n| format!("'{}'", n.replace('\'', ""))).collect::<Vec<_>>().join(", ") + ", sans-serif";
        let face_data = |weight: fontdb::Weight| {
            let families: Vec<fontdb::Family> = names.iter().map(|n| fontdb::Family::Name(n)).collect();
            let query = fontdb::Query { families: &families, weight, ..Default::default() };
            let id = db.query(&query)?;
            db.with_face_data(id, |data, index| (data.to_vec(), index))
        };
        let (regular, bold) = (face_data(fontdb::Weight::NORMAL), face_data(fontdb::Weight::BOLD));
        let mut fingerprint = crate::hash::Fingerprint::default();
        fingerprint.add(families.as_bytes());
        for face in db.faces() {
            let path = match &face.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
                fontdb::Source::Binary(_) => Default::default(),
            };
            let len = std::fs::metadata(&path).map_or(0, |m| m.len());
            fingerprint.add(format!("{}:{}:{len};", path.display(), face.index).as_bytes());
        }
        let logo = match &site.config.logo {
            Some(rel) => {
                let full = super::super::icons::load_logo(site, rel)?;
                fingerprint.add(full.as_raw());
                Some(scaled(&full, LOGO))
            }
            None => None,
        };
        let options = usvg::Options { fontdb: Arc::new(db), ..Default::default() };
        Ok(Painter { options, families, regular, bold, logo, fingerprint: fingerprint.hex() })
    }

    /// What the cards' pictures depend on besides their designs: fonts and logo.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// A warning for each letter of the cards' texts that no font has (it would be
    /// drawn as an empty box), naming the first file that uses it.
    pub fn coverage(&self, cards: &[Card]) -> Vec<Diagnostic> {
        let mut letters: BTreeMap<char, &Path> = BTreeMap::new();
        for card in cards {
            for c in card.texts().into_iter().flat_map(str::chars).filter(|c| needs_glyph(*c)) {
                letters.entry(c).or_insert(&card.source);
            }
        }
        let db = &self.options.fontdb;
        let mut missing = letters.clone();
        for face in db.faces() {
            if missing.is_empty() {
                break;
            }
            db.with_face_data(face.id, |data, index| {
                if let Ok(f) = ttf_parser::Face::parse(data, index) {
                    missing.retain(|c, _| f.glyph_index(*c).is_none());
                }
            });
        }
        missing
            .into_iter()
            .map(|(c, path)| {
                Diagnostic::warning(
                    path,
                    format!(
                        "no font has the letter {c} (U+{:04X}): preview cards would show a box for it",
                        u32::from(c)
                    ),
                )
                .with_help("install a font that has it (e.g. Noto Sans), or add one to the theme's folder")
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
            let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no memory for the card")?;
            resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
            // The background is opaque, so premultiplied colour is the colour.
            let mut rgb = vec![0; (WIDTH * HEIGHT * 3) as usize];
            for (to, from) in rgb.chunks_exact_mut(3).zip(pixmap.data().chunks_exact(4)) {
                to.copy_from_slice(&from[..3]);
            }
            if let Design::Page { background, .. } = &card.design {
                // Without a logo, the lamp of the web app's icon.
                let [r, g, b] = *background;
                let lamp;
                let logo = match &self.logo {
                    Some(logo) => logo,
                    None => {
                        lamp = super::super::icons::lamp(LOGO, image::Rgba([r, g, b, 255]));
                        &lamp
                    }
                };
                let x = if card.rtl { W - M - logo.width() as f32 } else { M };
                lay(&mut rgb, logo, x as u32, 52, *background);
            }
            return Ok((encode(&rgb)?, left_out));
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
                page.stack(130.0, bottom, (headline, main, Style::new(*text, 700)), cta, None)
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
                page.stack(160.0, 520.0, (title, main, Style::new(*text, 700)), subtitle, kick)
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
    /// then the second text; returns what was left out of the main text, if it was.
    fn stack(
        &mut self,
        top: f32,
        bottom: f32,
        main: (&str, Block, Style),
        second: Option<(&str, Block, Style)>,
        kicker: Option<(&str, Block, Style)>,
    ) -> Option<&'static str> {
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
            return None;
        }
        Some("the text")
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

/// `logo` scaled to fit a `side` × `side` square.
fn scaled(logo: &RgbaImage, side: u32) -> RgbaImage {
    let scale = side as f32 / logo.width().max(logo.height()) as f32;
    let (w, h) = (((logo.width() as f32 * scale) as u32).max(1), ((logo.height() as f32 * scale) as u32).max(1));
    image::imageops::resize(logo, w, h, image::imageops::FilterType::Lanczos3)
}

/// Lays `logo` on the RGB picture at (`x`, `y`), over `background`.
fn lay(rgb: &mut [u8], logo: &RgbaImage, x: u32, y: u32, background: [u8; 3]) {
    for (lx, ly, p) in logo.enumerate_pixels() {
        let (px, py) = (x + lx, y + ly);
        if px >= WIDTH || py >= HEIGHT {
            continue;
        }
        let at = ((py * WIDTH + px) * 3) as usize;
        let a = u32::from(p.0[3]);
        for ch in 0..3 {
            let under = u32::from(rgb.get(at + ch).copied().unwrap_or(background[ch]));
            rgb[at + ch] = ((u32::from(p.0[ch]) * a + under * (255 - a) + 127) / 255) as u8;
        }
    }
}

fn encode(rgb: &[u8]) -> std::result::Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
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
