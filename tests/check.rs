//! `chyrak check`: every kind of problem it reports, its text and JSON output, the
//! translation matrix, exit codes with and without `--strict`.

mod common;
use common::*;

const LESSONS: &str = "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n";
const POSTERS: &str = "+++\ntitle = \"Posters\"\ntype = \"poster\"\n+++\n";

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout()))
}

/// Messages of the diagnostics in a JSON report, as `severity path:line: message`.
fn messages(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}: {}",
                d["severity"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn has(v: &serde_json::Value, needle: &str) -> bool {
    messages(v).iter().any(|m| m.contains(needle))
}

/// A real PNG `w` pixels wide (and at most 4 high: only the width matters here).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut img = image::RgbImage::new(w, h.min(4));
    img.put_pixel(0, 0, image::Rgb([1, 2, 3]));
    let mut bytes = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

#[test]
fn sample_site_checks_clean_in_json_with_a_matrix() {
    let site = SiteTest::sample();
    let run = site.run(&["check", "--format", "json", "--strict"]).ok();
    let v = json(&run);
    assert_eq!(v["version"], 1);
    assert_eq!(v["errors"], 0, "{:#?}", messages(&v));
    assert_eq!(v["warnings"], 0, "{:#?}", messages(&v));
    let langs: Vec<&str> = v["matrix"]["languages"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert_eq!(langs, ["en", "ru", "ky"]);
    let rows = v["matrix"]["rows"].as_array().unwrap();
    let about = rows.iter().find(|r| r["page"] == "about").unwrap();
    assert_eq!(about["languages"][2]["state"], "fallback");
    assert_eq!(about["languages"][2]["from"], "ru");
    assert!(!site.out().exists(), "check must not write");
}

#[test]
fn broken_anchors_same_page_and_across_pages_fail_with_lines() {
    let site = SiteTest::new()
        .file("content/lessons/_index.en.md", LESSONS)
        .file("content/lessons/a/index.en.md", "+++\ntitle = \"A\"\n+++\n## Warm-up\n\n[ok](#warm-up) [bad](#warmup)\n")
        .file(
            "content/lessons/b/index.en.md",
            "+++\ntitle = \"B\"\n+++\nSee [a](@/lessons/a#warm-up).\n\n[x](@/lessons/a#talk)\n",
        );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let v = json(&run);
    assert!(has(&v, "error content/lessons/a/index.en.md:6: broken anchor `#warmup`"), "{:#?}", messages(&v));
    assert!(has(&v, "error content/lessons/b/index.en.md:6: broken anchor `@/lessons/a#talk`"), "{:#?}", messages(&v));
    assert_eq!(v["errors"], 2, "{:#?}", messages(&v));
    let d = &v["diagnostics"][0];
    assert!(
        d["column"].is_number() && d["source_line"].is_string() && d["help"].as_str().unwrap().contains("#warm-up")
    );
}

#[test]
fn anchor_is_checked_in_the_language_the_reader_gets() {
    // The English page links to b's English heading; Russian readers see the English
    // text (no Russian a) but b's Russian translation, which has other headings.
    let site = SiteTest::new()
        .file("content/lessons/_index.en.md", LESSONS)
        .file("content/lessons/a/index.en.md", "+++\ntitle = \"A\"\n+++\n[b](@/lessons/b#help)\n")
        .file("content/lessons/b/index.en.md", "+++\ntitle = \"B\"\n+++\n## Help\n")
        .file("content/lessons/b/index.ru.md", "+++\ntitle = \"Б\"\n+++\n## Помощь\n");
    let v = json(&site.run(&["check", "--format", "json"]));
    assert!(
        has(&v, "broken anchor `@/lessons/b#help`: `@/lessons/b` has no heading `#help` in ru, ky"),
        "{:#?}",
        messages(&v)
    );
}

#[test]
fn missing_files_images_without_alt_and_duplicate_anchors() {
    let site = SiteTest::new().file("content/lessons/_index.en.md", LESSONS).file(
        "content/lessons/a/index.en.md",
        "+++\ntitle = \"A\"\n+++\n## One {#x}\n\n## Two {#x}\n\n![](photo.png)\n\n![Map](mapp.png) [form](form.pdf)\n",
    );
    site.write("content/lessons/a/photo.png", &png(10, 10));
    site.write("content/lessons/a/map.png", &png(10, 10));
    let v = json(&site.run(&["check", "--format", "json"]));
    let m = messages(&v);
    assert!(has(&v, "error content/lessons/a/index.en.md:6: anchor `#x` is set twice (first on line 4)"), "{m:#?}");
    assert!(has(&v, "warning content/lessons/a/index.en.md:8: image `photo.png` has no alt text"), "{m:#?}");
    assert!(has(&v, "error content/lessons/a/index.en.md:10: missing file `mapp.png`"), "{m:#?}");
    assert!(has(&v, "missing file `form.pdf`"), "{m:#?}");
    let help =
        v["diagnostics"].as_array().unwrap().iter().find(|d| d["message"].as_str().unwrap().contains("mapp")).unwrap();
    assert_eq!(help["help"], "did you mean `map.png`?");
}

#[test]
fn warnings_pass_unless_strict_and_text_output_has_matrix() {
    let site = SiteTest::new().file("content/about.en.md", "+++\ntitle = \"About\"\n+++\n![](@/)\n");
    let run = site.run(&["check"]).ok();
    let out = run.stdout();
    assert!(out.contains("warning: content/about.en.md:4:1: image `@/` has no alt text"), "{out}");
    assert!(out.contains(" 4 | ![](@/)\n   | ^"), "{out}");
    assert!(out.contains("Translations (✓ translated"), "{out}");
    assert!(out.contains("  about   ✓       ← en    ← en"), "{out}");
    assert!(out.contains("check passed: "), "{out}");
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code(), 1);
    assert!(strict.stdout().contains("check failed"), "{}", strict.stdout());
}

#[test]
fn stale_translation_warns_with_the_new_hash_and_print_hashes_lists_it() {
    let site = SiteTest::new()
        .file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nWe help migrants.\n")
        .file("content/about.ru.md", "+++\ntitle = \"О нас\"\nsource_hash = \"0123456789ab\"\n+++\nМы помогаем.\n");
    let hashes = site.run(&["check", "--print-hashes"]).ok().stdout();
    let line = hashes.lines().find(|l| l.contains("content/about.en.md")).unwrap_or_else(|| panic!("{hashes}"));
    let hash = line.split_whitespace().next().unwrap().to_owned();
    assert_eq!(hash.len(), 12);
    assert!(!hashes.contains("about.ru.md"), "translations have no hash of their own: {hashes}");
    let v = json(&site.run(&["check", "--format", "json"]));
    assert!(has(&v, "warning content/about.ru.md:3: translation may be out of date"), "{:#?}", messages(&v));
    assert!(v.to_string().contains(&format!("source_hash = \\\"{hash}\\\"")), "{v}");
    // Recording the hash silences it; changing the English text brings it back.
    site.write(
        "content/about.ru.md",
        format!("+++\ntitle = \"О нас\"\nsource_hash = \"{hash}\"\n+++\nМы помогаем.\n").as_bytes(),
    );
    let v = json(&site.run(&["check", "--format", "json", "--strict"]).ok());
    assert_eq!(v["warnings"], 0, "{:#?}", messages(&v));
    site.write("content/about.en.md", b"+++\ntitle = \"About\"\n+++\nWe help migrants and their families.\n");
    let v = json(&site.run(&["check", "--format", "json"]));
    assert!(has(&v, "translation may be out of date"), "{:#?}", messages(&v));
}

#[test]
fn poster_contrast_and_image_resolution() {
    let poster = "+++\ntitle = \"P\"\nheadline = \"Call\"\ncta = \"Call now\"\nimage = \"photo.png\"\nimage_alt = \"A bus\"\nsizes = [\"A2\", \"A5\"]\ncolors = { background = \"#ffffff\", text = \"#777777\", accent = \"#ffcc00\" }\n+++\n";
    let good = "+++\ntitle = \"Q\"\nheadline = \"Call\"\nimage = \"big.png\"\nimage_alt = \"A bus\"\nsizes = [\"A6\"]\ncolors = { background = \"#1d5260\", text = \"#ffffff\", accent = \"#ffd54f\" }\n+++\n";
    let site = SiteTest::new()
        .file("content/posters/_index.en.md", POSTERS)
        .file("content/posters/p/index.en.md", poster)
        .file("content/posters/q/index.en.md", good);
    site.write("content/posters/p/photo.png", &png(1200, 800));
    // A6 portrait is 105 mm wide, 85 mm inside the safe zone: 1004 px at 300 dpi.
    site.write("content/posters/q/big.png", &png(1100, 800));
    let v = json(&site.run(&["check", "--format", "json"]).ok());
    let m = messages(&v);
    assert!(
        has(
            &v,
            "warning content/posters/p/index.en.md:8: poster colours: `text` #777777 on `background` #ffffff has contrast 4.48:1"
        ),
        "{m:#?}"
    );
    assert!(has(&v, "`accent` #ffcc00 on `background` #ffffff has contrast 1.51:1"), "{m:#?}");
    assert!(has(&v, "poster image `photo.png` is 1200 px wide"), "{m:#?}");
    assert!(m.iter().any(|x| x.contains("at A2")), "{m:#?}");
    assert!(!m.iter().any(|x| x.contains("posters/q")), "{m:#?}");
}

#[test]
fn case_only_slug_clash_is_an_error() {
    let site = SiteTest::new()
        .file("content/news/Lesson-1.en.md", "+++\ntitle = \"A\"\n+++\n")
        .file("content/news/lesson-1.en.md", "+++\ntitle = \"B\"\n+++\n");
    let v = json(&site.run(&["check", "--format", "json"]));
    assert!(has(&v, "differ only in capitals"), "{:#?}", messages(&v));
}

#[test]
fn content_errors_come_as_json_too() {
    let site = SiteTest::new().file("content/about.en.md", "+++\ntitel = \"About\"\n+++\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 1);
    let v = json(&run);
    assert!(has(&v, "error content/about.en.md:2: unknown key `titel`"), "{:#?}", messages(&v));
    assert_eq!(v["matrix"]["rows"].as_array().unwrap().len(), 0);
    // No site.toml is misuse: exit 2, as text.
    let empty = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .args(["check", "--format", "json", "--root"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
}

/// A minimal TrueType font (head, hhea, maxp, cmap) whose character map covers
/// printable ASCII and basic Cyrillic (U+0400–U+045F) only: no ң ө ү.
fn basic_cyrillic_font() -> Vec<u8> {
    fn be16(v: &mut Vec<u8>, x: u16) {
        v.extend_from_slice(&x.to_be_bytes());
    }
    fn be32(v: &mut Vec<u8>, x: u32) {
        v.extend_from_slice(&x.to_be_bytes());
    }
    let mut head = Vec::new();
    be32(&mut head, 0x0001_0000);
    be32(&mut head, 0x0001_0000);
    be32(&mut head, 0);
    be32(&mut head, 0x5F0F_3CF5);
    be16(&mut head, 0);
    be16(&mut head, 1000);
    head.extend_from_slice(&[0; 16]);
    for v in [0u16, 0, 1000, 1000, 0, 8, 2, 0, 0] {
        be16(&mut head, v);
    }
    let mut hhea = Vec::new();
    be32(&mut hhea, 0x0001_0000);
    for v in [800u16, (-200i16) as u16, 0, 1000, 0, 0, 1000, 1, 0, 0, 0, 0, 0, 0, 0, 1] {
        be16(&mut hhea, v);
    }
    let mut maxp = Vec::new();
    be32(&mut maxp, 0x0000_5000);
    be16(&mut maxp, 400);
    let segments: [(u16, u16, u16); 3] =
        [(0x20, 0x7E, 1u16.wrapping_sub(0x20)), (0x400, 0x45F, 100u16.wrapping_sub(0x400)), (0xFFFF, 0xFFFF, 1)];
    let mut sub = Vec::new();
    let n = segments.len() as u16;
    for v in [4u16, 16 + 8 * n, 0, 2 * n, 4, 1, 2 * n - 4] {
        be16(&mut sub, v);
    }
    segments.iter().for_each(|s| be16(&mut sub, s.1));
    be16(&mut sub, 0);
    segments.iter().for_each(|s| be16(&mut sub, s.0));
    segments.iter().for_each(|s| be16(&mut sub, s.2));
    segments.iter().for_each(|_| be16(&mut sub, 0));
    let mut cmap = Vec::new();
    for v in [0u16, 1, 3, 1] {
        be16(&mut cmap, v);
    }
    be32(&mut cmap, 12);
    cmap.extend_from_slice(&sub);
    let tables: [(&[u8; 4], Vec<u8>); 4] = [(b"cmap", cmap), (b"head", head), (b"hhea", hhea), (b"maxp", maxp)];
    let mut font = Vec::new();
    be32(&mut font, 0x0001_0000);
    for v in [4u16, 64, 2, 0] {
        be16(&mut font, v);
    }
    let mut offset = 12 + 16 * tables.len() as u32;
    let mut data = Vec::new();
    for (tag, t) in &tables {
        font.extend_from_slice(*tag);
        be32(&mut font, 0);
        be32(&mut font, offset);
        be32(&mut font, t.len() as u32);
        data.extend_from_slice(t);
        while data.len() % 4 != 0 {
            data.push(0);
        }
        offset = 12 + 16 * tables.len() as u32 + data.len() as u32;
    }
    font.extend_from_slice(&data);
    font
}

#[test]
fn theme_font_missing_kyrgyz_letters_is_reported() {
    let font = basic_cyrillic_font();
    let face = ttf_parser::Face::parse(&font, 0).expect("test font parses");
    assert!(face.glyph_index('б').is_some() && face.glyph_index('ң').is_none());
    let site = SiteTest::new()
        .file("site.toml", &SITE_TOML.replace("title = \"Test site\"", "title = \"Test site\"\ntheme = \"mine\""))
        .file("content/about.ky.md", "+++\ntitle = \"Биз жөнүндө\"\n+++\nКеңеш\n");
    site.write("themes/mine/fonts/sans.ttf", &font);
    let v = json(&site.run(&["check", "--format", "json"]).ok());
    let m = messages(&v);
    let d = m.iter().find(|m| m.contains("themes/mine/fonts/sans.ttf")).unwrap_or_else(|| panic!("{m:#?}"));
    assert!(d.contains("lacks 3 letter(s)"), "{d}");
    assert!(d.contains("ң (in content/about.ky.md)") && d.contains("ө (in") && d.contains("ү (in"), "{d}");
    // The default theme (system fonts) reports nothing about fonts.
    let plain = SiteTest::new().file("content/about.ky.md", "+++\ntitle = \"Биз жөнүндө\"\n+++\n");
    assert!(!has(&json(&plain.run(&["check", "--format", "json"])), "font"));
}
