//! The asset pipeline over the real binary: CSS bundled, prefixed and fingerprinted,
//! CSS errors with file and line; responsive images, their cache, and refusal of
//! damaged or oversized images.

mod common;

use common::{SiteTest, attr_values, broken_links, unescape};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

const SECTION: &str = "+++\ntitle = \"News\"\n+++\n";

/// A photo-like JPEG (smooth gradients and noise) `w` × `h`.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23;
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, (120 + n) as u8])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90))
        .unwrap();
    out
}

/// A diagram-like PNG (bands of flat colour), where lossless WebP beats PNG.
fn png(w: u32, h: u32) -> Vec<u8> {
    let colours = [[11, 60, 93, 255], [242, 193, 78, 255], [255, 255, 255, 255], [176, 0, 32, 255]];
    png_from(image::RgbaImage::from_fn(w, h, |_, y| image::Rgba(colours[(y * 4 / h) as usize])))
}

/// A checkerboard PNG: scaled down, its soft edges make lossless WebP larger than PNG.
fn checker_png(w: u32, h: u32) -> Vec<u8> {
    png_from(image::RgbaImage::from_fn(w, h, |x, y| {
        if (x / 40 + y / 40) % 2 == 0 { image::Rgba([11, 60, 93, 255]) } else { image::Rgba([242, 193, 78, 255]) }
    }))
}

fn png_from(img: image::RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn with_images() -> SiteTest {
    let t = SiteTest::new()
        .file("content/news/_index.en.md", SECTION)
        .file(
            "content/news/bus/index.en.md",
            "+++\ntitle = \"Bus\"\n+++\n![A bus stop at night](photo.jpg)\n\n![Route map](map.png \"The route\")\n\n![Board](board.png)\n",
        )
        .file(
            "content/posters/_index.en.md",
            "+++\ntitle = \"Posters\"\ntype = \"poster\"\n+++\n",
        )
        .file(
            "content/posters/p/index.en.md",
            "+++\ntitle = \"P\"\nheadline = \"Call first\"\nimage = \"photo.jpg\"\nimage_alt = \"A bus\"\n+++\n",
        );
    t.write("content/news/bus/photo.jpg", &jpeg(2000, 1000));
    t.write("content/news/bus/map.png", &png(600, 400));
    t.write("content/news/bus/board.png", &checker_png(600, 400));
    t.write("content/posters/p/photo.jpg", &jpeg(1200, 1600));
    t
}

fn img_tags(html: &str) -> Vec<String> {
    html.split("<img ").skip(1).map(|s| s[..s.find('>').unwrap()].to_owned()).collect()
}

fn cache_files(root: &Path) -> BTreeMap<String, (SystemTime, Vec<u8>)> {
    let dir = root.join(".chyrak-cache/images");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no cache at {}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            (e.file_name().to_string_lossy().into_owned(), (m.modified().unwrap(), std::fs::read(e.path()).unwrap()))
        })
        .collect()
}

#[test]
fn css_imports_are_bundled_prefixed_and_fingerprinted() {
    let t = SiteTest::new()
        .file("site.toml", &format!("{}\n[build]\nbrowsers = \"Safari >= 13, Chrome >= 90\"\n", common::SITE_TOML))
        .file("themes/default/css/print.css", "@import \"parts/extra.css\";\n.handout { margin: 0 }\n")
        .file("themes/default/css/parts/extra.css", ".chooser-x {\n  user-select: none;\n}\n");
    t.build().ok();
    let html = t.read("en/index.html");
    let css_url = attr_values(&html, "href").into_iter().find(|h| h.ends_with(".css")).expect("a stylesheet");
    let name = css_url.rsplit('/').next().unwrap();
    assert!(name.starts_with("chyrak.") && name.len() > "chyrak..css".len(), "{name}");
    let css = t.read(&format!("assets/{name}"));
    assert!(css.contains(".chooser-x{-webkit-user-select:none;user-select:none}"), "{css}");
    assert!(css.contains("@page{margin:16mm 14mm}"), "print rules of main.css kept");
    assert!(!css.contains("\n  "), "minified");
    // The name is the content's hash: another browser list makes another file.
    let t2 = SiteTest::new()
        .file("site.toml", &format!("{}\n[build]\nbrowsers = \"Chrome >= 120\"\n", common::SITE_TOML))
        .file("themes/default/css/print.css", "@import \"parts/extra.css\";\n.handout { margin: 0 }\n")
        .file("themes/default/css/parts/extra.css", ".chooser-x {\n  user-select: none;\n}\n");
    t2.build().ok();
    let html2 = t2.read("en/index.html");
    let css_url2 = attr_values(&html2, "href").into_iter().find(|h| h.ends_with(".css")).unwrap().to_owned();
    assert_ne!(css_url, css_url2);
    assert!(!t2.read(&format!("assets/{}", css_url2.rsplit('/').next().unwrap())).contains("-webkit-user-select"));
    assert!(broken_links(&t.out()).is_empty(), "{:?}", broken_links(&t.out()));
}

#[test]
fn css_errors_name_file_and_line() {
    let t = SiteTest::new()
        .file("themes/default/css/print.css", "@import \"extra.css\";\n")
        .file("themes/default/css/extra.css", "/* fine */\n.a { color: red }\n.b { color: red; }}\n.c { margin: 0 }\n");
    let err = t.build().fails(1);
    assert!(err.contains("themes/default/css/extra.css:3:19"), "{err}");
    assert!(err.contains(".b { color: red; }}"), "{err}");

    let t = SiteTest::new().file("site.toml", &format!("{}\n[build]\nbrowsers = \"Chrom >= 80\"\n", common::SITE_TOML));
    let err = t.build().fails(1);
    assert!(err.contains("site.toml:"), "{err}");
    assert!(err.contains("build.browsers"), "{err}");
}

#[test]
fn print_pages_keep_their_page_rules() {
    let t = SiteTest::sample();
    t.build().ok();
    let css_name = std::fs::read_dir(t.out().join("assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css"))
        .unwrap();
    let css = t.read(&format!("assets/{css_name}"));
    assert!(css.contains("@media print{@page{margin:16mm 14mm}"), "site CSS keeps @page inside @media print");
    let handbook = t.read_with_styles("en/print/handbook.html");
    assert!(handbook.contains("@page"), "handbook print page has @page rules");
    assert!(handbook.contains("@top-center"), "handbook keeps its margin boxes");
    let posters: Vec<_> = std::fs::read_dir(t.out().join("en/print/posters")).unwrap().collect();
    assert!(!posters.is_empty());
}

#[test]
fn markdown_and_poster_images_are_responsive() {
    let t = with_images();
    t.build().ok();
    let html = t.read("en/news/bus/index.html");
    let imgs = img_tags(&html);
    let photo = imgs.iter().find(|i| i.contains("alt=\"A bus stop at night\"")).expect("photo");
    for needle in [
        "width=\"1600\" height=\"800\"",
        "loading=\"lazy\"",
        "decoding=\"async\"",
        "sizes=\"(min-width: 45rem) 42rem, calc(100vw - 2rem)\"",
    ] {
        assert!(photo.contains(needle), "{needle} missing from {photo}");
    }
    let srcset = unescape(attr_values(photo, "srcset")[0]);
    let widths: Vec<&str> = srcset.split(", ").map(|c| c.rsplit(' ').next().unwrap()).collect();
    assert_eq!(widths, ["480w", "960w", "1600w"], "never wider than the widest configured: {srcset}");
    for candidate in srcset.split(", ") {
        let url = candidate.split(' ').next().unwrap();
        let file = t.out().join("en/news/bus").join(url);
        let real = std::fs::canonicalize(&file).unwrap_or_else(|_| panic!("missing {}", file.display()));
        let (w, _) = image::image_dimensions(&real).unwrap();
        assert_eq!(format!("{w}w"), candidate.rsplit(' ').next().unwrap());
    }
    // The PNG diagram: 600 px wide, so 480 and 600; WebP where smaller, PNG as fallback.
    assert!(html.contains("<picture><source type=\"image/webp\" srcset=\""), "{html}");
    let map = imgs.iter().find(|i| i.contains("alt=\"Route map\"")).expect("map");
    assert!(map.contains("width=\"600\" height=\"400\""), "{map}");
    assert!(map.contains("title=\"The route\""), "{map}");
    assert!(unescape(attr_values(map, "srcset")[0]).ends_with(" 600w"), "{map}");
    // Where WebP is larger, the PNG alone.
    assert_eq!(html.matches("<picture>").count(), 1, "{html}");
    let board = html.split("alt=\"Board\"").next().unwrap();
    assert!(!board[board.rfind("<p>").unwrap()..].contains("<picture>"), "{html}");
    // Originals are kept for print.
    assert!(t.out().join("media/news/bus/photo.jpg").is_file());
    assert!(t.out().join("media/news/bus/map.png").is_file());
    // The poster's image.
    let poster = t.read("en/posters/p/index.html");
    let pimg = img_tags(&poster).into_iter().find(|i| i.contains("alt=\"A bus\"")).expect("poster image");
    assert!(pimg.contains("srcset=") && pimg.contains("width=\"1200\" height=\"1600\""), "{pimg}");
    assert!(broken_links(&t.out()).is_empty(), "{:?}", broken_links(&t.out()));
}

#[test]
fn unchanged_images_are_never_encoded_again() {
    let t = with_images();
    t.build().ok();
    let first = cache_files(t.root());
    assert!(first.len() >= 7, "{:?}", first.keys());
    let out_first = std::fs::read(t.out().join("en/news/bus/index.html")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    t.build().ok();
    let second = cache_files(t.root());
    assert_eq!(first, second, "the second build rewrote cache files");
    assert_eq!(out_first, std::fs::read(t.out().join("en/news/bus/index.html")).unwrap());

    // A changed image gets new entries; the cache is safe to delete and comes back the same.
    t.write("content/news/bus/photo.jpg", &jpeg(1000, 500));
    t.build().ok();
    let third = cache_files(t.root());
    assert!(third.len() > second.len());
    std::fs::remove_dir_all(t.root().join(".chyrak-cache")).unwrap();
    t.build().ok();
    let fresh = cache_files(t.root());
    let bytes = |m: &BTreeMap<String, (SystemTime, Vec<u8>)>| {
        m.iter().map(|(k, v)| (k.clone(), v.1.clone())).collect::<BTreeMap<_, _>>()
    };
    let kept: BTreeMap<_, _> = bytes(&third).into_iter().filter(|(k, _)| fresh.contains_key(k)).collect();
    assert_eq!(kept, bytes(&fresh), "re-encoding gives the same bytes");
}

/// A PNG that declares `w` × `h` pixels and holds almost nothing.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend(data);
        out.extend(&crc_input);
        out.extend(crc32(&crc_input).to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn decompression_bombs_are_refused_naming_the_file() {
    let t = SiteTest::new()
        .file("content/news/_index.en.md", SECTION)
        .file("content/news/bomb/index.en.md", "+++\ntitle = \"Bomb\"\n+++\n![boom](bomb.png)\n");
    t.write("content/news/bomb/bomb.png", &png_header(50_000, 50_000));
    let err = t.build().fails(1);
    assert!(err.contains("content/news/bomb/bomb.png"), "{err}");
    assert!(err.contains("50000 × 50000"), "{err}");
    assert!(err.contains("decompression bomb"), "{err}");
}

#[test]
fn damaged_images_are_clear_errors() {
    let full = jpeg(800, 600);
    let t = SiteTest::new()
        .file("content/news/_index.en.md", SECTION)
        .file("content/news/cut/index.en.md", "+++\ntitle = \"Cut\"\n+++\n![cut](cut.jpg)\n");
    t.write("content/news/cut/cut.jpg", &full[..full.len() / 3]);
    let err = t.build().fails(1);
    assert!(err.contains("content/news/cut/cut.jpg"), "{err}");
    assert!(err.contains("image"), "{err}");

    let t = SiteTest::new()
        .file("content/news/_index.en.md", SECTION)
        .file("content/news/fake/index.en.md", "+++\ntitle = \"Fake\"\n+++\n![x](fake.png)\n");
    t.write("content/news/fake/fake.png", b"GIF89a not really");
    let err = t.build().fails(1);
    assert!(err.contains("content/news/fake/fake.png"), "{err}");
    assert!(err.contains("not a PNG or JPEG"), "{err}");
}

#[test]
fn the_preview_serves_the_same_images_as_a_build() {
    let t = with_images();
    let page = t.root().join("content/news/bus/index.en.md");
    let (preview, _) = chyrak::commands::serve::Preview::new(t.root(), false).unwrap();
    // An in-place edit of the text around the images.
    std::fs::write(
        &page,
        "+++\ntitle = \"Bus\"\n+++\nAt night:\n\n![A bus stop](photo.jpg)\n\n![Route map](map.png)\n",
    )
    .unwrap();
    preview.apply(std::slice::from_ref(&page));
    t.build().ok();
    let mut full = BTreeMap::new();
    for e in walkdir::WalkDir::new(t.out()).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let rel = e.path().strip_prefix(t.out()).unwrap().to_string_lossy().replace('\\', "/");
        full.insert(rel, std::fs::read(e.path()).unwrap());
    }
    let served = preview.snapshot();
    let images: Vec<&String> = full.keys().filter(|k| k.starts_with("media/")).collect();
    assert!(images.iter().any(|k| k.contains("map-600.")), "{images:?}");
    for k in images {
        assert_eq!(served.get(k), full.get(k), "{k} differs between the preview and the build");
    }
    let page = "en/news/bus/index.html";
    assert!(String::from_utf8_lossy(&full[page]).contains("alt=\"A bus stop\""));
    assert_eq!(String::from_utf8_lossy(&served[page]), String::from_utf8_lossy(&full[page]));
}
