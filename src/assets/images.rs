//! Responsive images: every PNG or JPEG of a bundle that its text (or its poster front
//! matter) mentions is made in several widths (`[images] widths`, never wider than the
//! original), in its own format and, for PNGs, as lossless WebP where that is smaller.
//! Pages get `<img srcset sizes width height loading="lazy" decoding="async">` (in a
//! `<picture>` when there is WebP). The originals are copied too: print needs them.
//!
//! Images are decoded with limits (a file that declares more than
//! [`MAX_SIDE`] pixels a side, or needs more than [`MAX_ALLOC`] bytes, is refused
//! before anything is allocated), and encoded images are cached in
//! `<root>/.chyrak-cache/images/` under a hash of the source bytes and the encoding
//! parameters, so an unchanged image is never encoded twice. The cache is safe to
//! delete. All of the output is a function of the sources: the preview server and a
//! build produce the same files.

use crate::config::ImagesConfig;
use crate::discover::BundleFile;
use crate::error::Diagnostic;
use crate::model::{Item, Site};
use crate::output::{Sink, layout};
use crate::parse::markdown::escape;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Largest width or height read, in pixels (a protection against decompression bombs).
pub const MAX_SIDE: u32 = 12_000;
/// Most memory one decoded image may take.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// The cache folder under the site's root.
pub const CACHE_DIR: &str = ".chyrak-cache/images";
/// Changes whenever encoding changes, so that old cache entries are not reused.
const ENCODING_VERSION: &str = "chyrak-images-1";

/// How many image files this process has encoded (for tests).
pub static ENCODED: AtomicUsize = AtomicUsize::new(0);

pub use crate::discover::is_raster;

/// One encoded width of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    /// File name in the bundle's media folder: `photo-480.1a2b3c4d5e.jpg`.
    pub name: String,
    /// The encoded file in the cache.
    pub cache: PathBuf,
}

/// An image made responsive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// Size of the original as shown (after its EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// Every width, narrowest first, in the original's format.
    pub variants: Vec<Variant>,
    /// The same widths in WebP, when that is smaller; else empty.
    pub webp: Vec<Variant>,
}

impl Processed {
    /// Every file to write into the bundle's media folder.
    pub fn files(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().chain(&self.webp)
    }

    /// The `<img>` (in a `<picture>` with WebP when there is some) for a page; `url`
    /// turns a file name of the bundle's media folder into a link from the page.
    pub fn html(&self, url: &dyn Fn(&str) -> String, alt: &str, title: Option<&str>, sizes: &str) -> String {
        // A space or comma would split a srcset candidate: encode them.
        let url = |name: &str| url(name).replace(' ', "%20").replace(',', "%2C");
        let srcset = |vs: &[Variant]| {
            vs.iter().map(|v| format!("{} {}w", escape(&url(&v.name)), v.width)).collect::<Vec<_>>().join(", ")
        };
        let largest = self.variants.last().expect("an image has a width");
        // The fallback `src` for browsers without srcset: a middling width, not the largest.
        let fallback = self.variants.iter().find(|v| v.width >= 800).unwrap_or(largest);
        let mut img = format!("<img src=\"{}\"", escape(&url(&fallback.name)));
        if self.variants.len() > 1 {
            img.push_str(&format!(" srcset=\"{}\" sizes=\"{}\"", srcset(&self.variants), escape(sizes)));
        }
        img.push_str(&format!(" width=\"{}\" height=\"{}\" alt=\"{}\"", largest.width, largest.height, escape(alt)));
        if let Some(t) = title.filter(|t| !t.is_empty()) {
            img.push_str(&format!(" title=\"{}\"", escape(t)));
        }
        img.push_str(" loading=\"lazy\" decoding=\"async\">");
        if self.webp.is_empty() {
            return img;
        }
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">{img}</picture>",
            srcset(&self.webp),
            escape(sizes)
        )
    }
}

/// The images of one site, processed once and kept for every page that shows them.
#[derive(Debug, Default)]
pub struct Images {
    done: Mutex<HashMap<PathBuf, Arc<Processed>>>,
}

impl Images {
    /// Processes every image the site's pages show, in parallel. Returns every problem.
    pub fn prepare(&self, site: &Site) -> Result<(), Vec<Diagnostic>> {
        let todo: Vec<&BundleFile> = {
            let done = self.done.lock().expect("images lock");
            shown(site).filter(|(_, f)| !done.contains_key(&f.path)).map(|(_, f)| f).collect()
        };
        let cache = site.root.join(CACHE_DIR);
        let results: Vec<_> =
            todo.par_iter().map(|f| process(&f.path, &site.config.images, &cache).map(|p| (f, p))).collect();
        let mut problems = Vec::new();
        let mut done = self.done.lock().expect("images lock");
        for r in results {
            match r {
                Ok((f, p)) => {
                    done.insert(f.path.clone(), Arc::new(p));
                }
                Err(d) => problems.push(d),
            }
        }
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// The processed image at `path` (processing it now if [`Images::prepare`] did not).
    pub fn get(&self, site: &Site, path: &Path) -> Result<Arc<Processed>, Diagnostic> {
        if let Some(p) = self.done.lock().expect("images lock").get(path) {
            return Ok(p.clone());
        }
        let p = Arc::new(process(path, &site.config.images, &site.root.join(CACHE_DIR))?);
        self.done.lock().expect("images lock").insert(path.to_owned(), p.clone());
        Ok(p)
    }

    /// Writes the widths of every image the pages show into their bundles' media folders.
    pub fn write(&self, site: &Site, sink: &dyn Sink) -> crate::error::Result<()> {
        for (item, file) in shown(site) {
            let p = self.get(site, &file.path)?;
            for v in p.files() {
                sink.link_cached(&layout::bundle_file(&item.key(), &v.name), &v.cache)?;
            }
        }
        Ok(())
    }
}

/// The raster images of bundles that some translation of their item shows or links
/// to (a poster's `image` too), in a stable order.
fn shown(site: &Site) -> impl Iterator<Item = (&Item, &BundleFile)> {
    site.items.iter().flat_map(|item| {
        item.files
            .iter()
            .filter(|f| is_raster(&f.name) && item.translations.values().any(|t| t.files.contains(&f.name)))
            .map(move |f| (item, f))
    })
}

/// The widths to make of an image `width` pixels wide: the configured ones narrower
/// than it, plus its own width when that is not beyond the widest configured.
pub fn widths(config: &[u32], width: u32) -> Vec<u32> {
    let mut ws: Vec<u32> = config.iter().copied().filter(|&w| w < width).collect();
    let widest = config.iter().copied().max().unwrap_or(width);
    if width <= widest {
        ws.push(width);
    }
    ws.sort_unstable();
    ws.dedup();
    ws
}

/// 128-bit FNV-1a: a cache key (not a defence against someone crafting collisions).
pub(crate) fn hash(parts: &[&[u8]]) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for part in parts {
        for b in part.iter().chain(&[0xff]) {
            h ^= u128::from(*b);
            h = h.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }
    format!("{h:032x}")
}

fn error(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(path, message)
}

/// Makes (or finds in the cache) every width of the image at `path`.
pub fn process(path: &Path, config: &ImagesConfig, cache: &Path) -> Result<Processed, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| error(path, format!("cannot read image: {e}")))?;
    let params = format!("{ENCODING_VERSION} q{}", config.quality);
    let key = hash(&[&bytes, params.as_bytes()]);
    let short = &key[..10];

    let reader = ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| error(path, format!("cannot read image: {e}")))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
        _ => {
            return Err(error(path, "not a PNG or JPEG image, though its name says so")
                .with_help("save it again as PNG or JPEG, or give it the right extension"));
        }
    };
    let (ext, name_ext) = match format {
        ImageFormat::Png => ("png", "png"),
        _ => ("jpg", extension(path)),
    };
    if format == ImageFormat::Jpeg && !jpeg_complete(&bytes) {
        return Err(error(path, "cannot read image: the JPEG is cut short (its last scan has no end marker)")
            .with_help("the file is damaged or was not copied completely: copy or export it again"));
    }
    let mut decoder = header(&bytes, path)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let (mut width, mut height) = decoder.dimensions();
    let turned = matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    if turned {
        std::mem::swap(&mut width, &mut height);
    }
    // Variant names are ours: letters and digits of any script, `-`, `_` and `.` only.
    let stem: String = path
        .file_stem()
        .map(|s| {
            s.to_string_lossy()
                .chars()
                .map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '-' })
                .collect()
        })
        .unwrap_or_default();
    let webp_wanted = config.webp && format == ImageFormat::Png;
    let plan: Vec<(u32, u32)> = widths(&config.widths, width)
        .into_iter()
        .map(|w| (w, ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width)).max(1) as u32))
        .collect();
    let variant = |w: u32, h: u32, ext: &str, name_ext: &str| Variant {
        width: w,
        height: h,
        name: format!("{stem}-{w}.{short}.{name_ext}"),
        cache: cache.join(format!("{key}-{w}.{ext}")),
    };
    let variants: Vec<Variant> = plan.iter().map(|&(w, h)| variant(w, h, ext, name_ext)).collect();
    let webp: Vec<Variant> =
        if webp_wanted { plan.iter().map(|&(w, h)| variant(w, h, "webp", "webp")).collect() } else { Vec::new() };

    let missing: Vec<&Variant> = variants.iter().chain(&webp).filter(|v| !v.cache.is_file()).collect();
    if !missing.is_empty() {
        let mut img =
            DynamicImage::from_decoder(decoder).map_err(|e| error(path, format!("cannot decode image: {e}")))?;
        img.apply_orientation(orientation);
        std::fs::create_dir_all(cache)
            .map_err(|e| error(cache, format!("cannot create the image cache folder: {e}")))?;
        missing.par_iter().try_for_each(|v| {
            let resized;
            let img = if v.width == width {
                &img
            } else {
                resized = img.resize_exact(v.width, v.height, image::imageops::FilterType::CatmullRom);
                &resized
            };
            let out = encode(img, v.cache.extension().is_some_and(|e| e == "webp"), format, config.quality)
                .map_err(|e| error(path, format!("cannot encode image: {e}")))?;
            write_atomic(&v.cache, &out).map_err(|e| error(&v.cache, format!("cannot write to the image cache: {e}")))
        })?;
    }
    let size = |vs: &[Variant]| vs.iter().map(|v| v.cache.metadata().map_or(u64::MAX, |m| m.len())).sum::<u64>();
    let webp = if !webp.is_empty() && size(&webp) < size(&variants) { webp } else { Vec::new() };
    Ok(Processed { width, height, variants, webp })
}

/// Whether a JPEG ends its last scan with an end-of-image marker. The decoder fills a
/// cut-short file with grey without complaint; a marker byte `FF` cannot occur inside
/// scan data unescaped, so an `FF D9` after the last start-of-scan is the real end (a
/// thumbnail's own end marker comes before the main image's scans).
fn jpeg_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_scan {
        Some(sos) => bytes[sos..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => false,
    }
}

/// The file's own extension for JPEGs (`jpg` or `jpeg`, as the author wrote it).
fn extension(path: &Path) -> &'static str {
    match path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()) {
        Some(e) if e == "jpeg" => "jpeg",
        _ => "jpg",
    }
}

/// Reads the image's header with decode limits, so that a file declaring a huge size
/// is refused before any pixel memory is allocated.
fn header<'a>(bytes: &'a [u8], path: &Path) -> Result<impl ImageDecoder + 'a, Diagnostic> {
    let too_big = |message: String| {
        error(path, message).with_help("scale the image down: web pages need at most a few thousand pixels a side")
    };
    // The declared size, read from the header alone, to name it in the message.
    let declared =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok().and_then(|r| r.into_dimensions().ok());
    if let Some((w, h)) = declared {
        if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) * 4 > MAX_ALLOC {
            return Err(too_big(format!(
                "image is {w} × {h} pixels, too large: chyrak reads at most {MAX_SIDE} × {MAX_SIDE} pixels \
                 ({} MB decoded), a protection against decompression bombs",
                MAX_ALLOC / 1024 / 1024
            )));
        }
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| error(path, format!("cannot read image: {e}")))?;
    reader.limits(limits);
    reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_big(format!(
            "image is too large to read ({e}): chyrak reads at most {MAX_SIDE} × {MAX_SIDE} pixels, a \
             protection against decompression bombs"
        )),
        other => error(path, format!("cannot read image: {other}"))
            .with_help("the file may be damaged or cut short: export it again"),
    })
}

fn encode(img: &DynamicImage, webp: bool, format: ImageFormat, quality: u8) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    if webp {
        let rgba = match img {
            DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) | DynamicImage::ImageLuma8(_) => img.clone(),
            _ => DynamicImage::ImageRgba8(img.to_rgba8()),
        };
        rgba.write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out))?;
    } else if format == ImageFormat::Png {
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        );
        img.write_with_encoder(encoder)?;
    } else {
        let rgb = match img {
            DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => img.clone(),
            _ => DynamicImage::ImageRgb8(img.to_rgb8()),
        };
        rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality))?;
    }
    ENCODED.fetch_add(1, Ordering::Relaxed);
    Ok(out)
}

/// Writes through a temporary file and a rename, so that a build running beside the
/// preview never sees half a file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        assert_eq!(widths(&[480, 960, 1600], 3000), [480, 960, 1600]);
        assert_eq!(widths(&[1600, 480, 960], 1200), [480, 960, 1200]);
        assert_eq!(widths(&[480, 960, 1600], 300), [300]);
        assert_eq!(widths(&[480, 960, 1600], 960), [480, 960]);
    }

    fn v(w: u32, h: u32, name: &str) -> Variant {
        Variant { width: w, height: h, name: name.into(), cache: PathBuf::new() }
    }

    #[test]
    fn html_has_srcset_sizes_dimensions_and_alt() {
        let p = Processed {
            width: 2000,
            height: 1000,
            variants: vec![v(480, 240, "a b-480.h.png"), v(960, 480, "a b-960.h.png")],
            webp: vec![v(480, 240, "a-480.h.webp"), v(960, 480, "a-960.h.webp")],
        };
        let html = p.html(&|n| format!("../m/{n}"), "A \"map\"", None, "100vw");
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"../m/a-480.h.webp 480w, ../m/a-960.h.webp 960w\" \
             sizes=\"100vw\"><img src=\"../m/a%20b-960.h.png\" srcset=\"../m/a%20b-480.h.png 480w, \
             ../m/a%20b-960.h.png 960w\" sizes=\"100vw\" width=\"960\" height=\"480\" alt=\"A &quot;map&quot;\" \
             loading=\"lazy\" decoding=\"async\"></picture>"
        );
        let one = Processed { width: 300, height: 200, variants: vec![v(300, 200, "s-300.h.jpg")], webp: vec![] };
        let html = one.html(&|n| n.to_owned(), "", Some("T"), "100vw");
        assert_eq!(
            html,
            "<img src=\"s-300.h.jpg\" width=\"300\" height=\"200\" alt=\"\" title=\"T\" loading=\"lazy\" \
             decoding=\"async\">"
        );
    }

    #[test]
    fn cut_short_jpegs_are_recognised() {
        let thumb_then_scan = [0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 0xFF, 0xD9, 0xFF, 0xDA, 3, 4, 0xFF, 0x00, 5];
        assert!(!jpeg_complete(&thumb_then_scan));
        let mut whole = thumb_then_scan.to_vec();
        whole.extend([0xFF, 0xD9]);
        assert!(jpeg_complete(&whole));
        assert!(!jpeg_complete(&[0xFF, 0xD8]));
    }
}
