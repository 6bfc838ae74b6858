//! The asset pipeline over the real binary: CSS bundled, prefixed and fingerprinted,
//! CSS errors with file and line; responsive images, their cache, and refusal of
//! damaged or oversized images.

use crate::support::images::{checker_png, diagram_png, jpeg, png_header, truncated_jpeg};
use crate::support::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// The `assets/images` fixture with its images: a photo 2000 px wide (wider than the
/// widest configured width), a flat-colour diagram (WebP smaller), a checkerboard
/// (WebP larger) and the poster's photo.
fn with_images() -> SiteTest {
    SiteTest::fixture("assets/images")
        .bytes("content/news/bus/photo.jpg", &jpeg(2000, 1000))
        .bytes("content/news/bus/map.png", &diagram_png(600, 400))
        .bytes("content/news/bus/board.png", &checker_png(600, 400))
        .bytes("content/posters/p/photo.jpg", &jpeg(1200, 1600))
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

/// The site's stylesheet as a page links it, and its text.
fn stylesheet(site: &SiteTest) -> (String, String) {
    let html = site.read("en/index.html");
    let url = attr_values(&html, "href").into_iter().find(|h| h.ends_with(".css")).expect("a stylesheet").to_owned();
    let name = url.rsplit('/').next().unwrap().to_owned();
    let css = site.read(&format!("assets/{name}"));
    (name, css)
}

#[test]
fn css_imports_are_bundled_prefixed_and_fingerprinted() {
    let t = SiteTest::fixture("assets/css-import")
        .append("site.toml", "\n[build]\nbrowsers = \"Safari >= 13, Chrome >= 90\"\n");
    t.build().ok();
    let (name, css) = stylesheet(&t);
    assert!(name.starts_with("chyrak.") && name.len() > "chyrak..css".len(), "{name}");
    assert!(css.contains(".chooser-x{-webkit-user-select:none;user-select:none}"), "{css}");
    assert!(css.contains("@page{margin:16mm 14mm}"), "print rules of main.css kept");
    assert!(!css.contains("\n  "), "minified");
    // The name is the content's hash: another browser list makes another file.
    let t2 = SiteTest::fixture("assets/css-import").append("site.toml", "\n[build]\nbrowsers = \"Chrome >= 120\"\n");
    t2.build().ok();
    let (name2, css2) = stylesheet(&t2);
    assert_ne!(name, name2);
    assert!(!css2.contains("-webkit-user-select"), "{css2}");
    assert!(broken_links(&t.out()).is_empty(), "{:?}", broken_links(&t.out()));
}

#[test]
fn css_errors_name_file_and_line() {
    let t = SiteTest::fixture("site/minimal")
        .file("themes/default/css/print.css", "@import \"extra.css\";\n")
        .file("themes/default/css/extra.css", "/* fine */\n.a { color: red }\n.b { color: red; }}\n.c { margin: 0 }\n");
    let err = t.build().fails(1);
    assert!(err.contains("themes/default/css/extra.css:3:19"), "{err}");
    assert!(err.contains(".b { color: red; }}"), "{err}");

    let t = SiteTest::fixture("site/minimal").append("site.toml", "\n[build]\nbrowsers = \"Chrom >= 80\"\n");
    let err = t.build().fails(1);
    assert!(err.contains("site.toml:"), "{err}");
    assert!(err.contains("build.browsers"), "{err}");
}

#[test]
fn print_pages_keep_their_page_rules() {
    let t = SiteTest::fixture("print/handbook");
    t.build().ok();
    let (_, css) = stylesheet(&t);
    assert!(css.contains("@media print{@page{margin:16mm 14mm}"), "site CSS keeps @page inside @media print");
    // A print page's own rules are a stylesheet of its own (no inline style under the CSP).
    let handbook = t.read_with_styles("en/print/handbook.html");
    assert!(handbook.contains("@page") && handbook.contains("@top-center"), "margin boxes kept: {handbook}");
    assert!(!t.read("en/print/handbook.html").contains("<style"), "no inline style");
    assert!(t.has("en/print/posters/go-a5.html"));
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
    assert!(t.has("media/news/bus/photo.jpg") && t.has("media/news/bus/map.png"));
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
    // Rewriting a cache file would give it a later modification time, if the clock
    // has moved on: make sure it has, by at least one tick of the file system's clock.
    let stamp = |t: &SiteTest| {
        t.write(".clock", b"x");
        std::fs::metadata(t.root().join(".clock")).unwrap().modified().unwrap()
    };
    let before = stamp(&t);
    while stamp(&t) == before {
        std::thread::yield_now();
    }
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

#[test]
fn decompression_bombs_are_refused_naming_the_file() {
    let t = SiteTest::fixture("site/minimal")
        .file("content/news/bomb/index.en.md", "+++\ntitle = \"Bomb\"\n+++\n![boom](bomb.png)\n")
        .bytes("content/news/bomb/bomb.png", &png_header(50_000, 50_000));
    let err = t.build().fails(1);
    assert!(err.contains("content/news/bomb/bomb.png"), "{err}");
    assert!(err.contains("50000 × 50000"), "{err}");
    assert!(err.contains("decompression bomb"), "{err}");
}

#[test]
fn damaged_images_are_clear_errors() {
    let t = SiteTest::fixture("site/minimal")
        .file("content/news/cut/index.en.md", "+++\ntitle = \"Cut\"\n+++\n![cut](cut.jpg)\n")
        .bytes("content/news/cut/cut.jpg", &truncated_jpeg(800, 600, 3));
    let err = t.build().fails(1);
    assert!(err.contains("content/news/cut/cut.jpg"), "{err}");
    assert!(err.contains("image"), "{err}");

    let t = SiteTest::fixture("site/minimal")
        .file("content/news/fake/index.en.md", "+++\ntitle = \"Fake\"\n+++\n![x](fake.png)\n")
        .bytes("content/news/fake/fake.png", b"GIF89a not really");
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
    t.build_as_preview().ok();
    let full = tree(&t.out());
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
