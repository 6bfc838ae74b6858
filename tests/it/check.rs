//! `chyrak check`: every kind of problem it reports, its text and JSON output, the
//! translation matrix, exit codes with and without `--strict`; and a snapshot of the
//! JSON report of a site with several problems.

use crate::support::snap::redact;
use crate::support::*;

#[test]
fn sample_site_checks_clean_in_json_even_when_strict() {
    let site = SiteTest::sample();
    let v = site.check_json(&["--strict"]).ok();
    assert_eq!(v.json["version"], 1);
    assert_eq!((v.errors(), v.warnings()), (0, 0), "{}", v.messages().join("\n"));
    assert!(!v.json["matrix"]["rows"].as_array().unwrap().is_empty());
    assert!(!site.out().exists(), "check must not write");
}

#[test]
fn the_json_report_has_a_translation_matrix() {
    let site = SiteTest::fixture("i18n/translated-page");
    let v = site.check_json(&[]).ok();
    let langs: Vec<&str> =
        v.json["matrix"]["languages"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert_eq!(langs, ["en", "ru", "ky"]);
    let rows = v.json["matrix"]["rows"].as_array().unwrap();
    let about = rows.iter().find(|r| r["page"] == "about").unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(about["type"], "page");
    assert_eq!(about["languages"][0]["state"], "translated");
    assert_eq!(about["languages"][1]["state"], "translated");
    assert_eq!(about["languages"][2]["state"], "fallback");
    assert_eq!(about["languages"][2]["from"], "ru");
}

#[test]
fn broken_anchors_same_page_and_across_pages_fail_with_lines() {
    let site = SiteTest::fixture("check/anchors");
    let v = site.check_json(&[]);
    assert_eq!(v.run.code(), 1, "{}", v.run.text());
    v.assert_has("error: content/lessons/a/index.en.md:6:16: broken anchor `#warmup`");
    v.assert_has("error: content/lessons/b/index.en.md:6:1: broken anchor `@/lessons/a#talk`");
    assert_eq!(v.errors(), 2, "{}", v.messages().join("\n"));
    let d = v.find("#warmup");
    assert!(d["source_line"].is_string() && d["help"].as_str().unwrap().contains("#warm-up"), "{d}");
}

#[test]
fn anchor_is_checked_in_the_language_the_reader_gets() {
    let site = SiteTest::fixture("check/anchor-per-language");
    site.check_json(&[]).assert_has("broken anchor `@/lessons/b#help`: `@/lessons/b` has no heading `#help` in ru, ky");
}

#[test]
fn missing_files_images_without_alt_and_duplicate_anchors() {
    let v = SiteTest::fixture("check/bundle-files").check_json(&[]);
    v.assert_has("error: content/lessons/a/index.en.md:6:1: anchor `#x` is set twice (first on line 4)")
        .assert_has("warning: content/lessons/a/index.en.md:8:1: image `photo.png` has no alt text")
        .assert_has("error: content/lessons/a/index.en.md:10:1: missing file `mapp.png`")
        .assert_has("missing file `form.pdf`");
    assert_eq!(v.find("mapp")["help"], "did you mean `map.png`?");
}

#[test]
fn warnings_pass_unless_strict_and_text_output_has_matrix() {
    let site = SiteTest::fixture("site/minimal").file("content/about.en.md", "+++\ntitle = \"About\"\n+++\n![](@/)\n");
    let out = site.run(&["check"]).ok().stdout();
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
    let site = SiteTest::fixture("check/stale-translation");
    let hashes = site.run(&["check", "--print-hashes"]).ok().stdout();
    let line = hashes.lines().find(|l| l.contains("content/about.en.md")).unwrap_or_else(|| panic!("{hashes}"));
    let hash = line.split_whitespace().next().unwrap().to_owned();
    assert_eq!(hash.len(), 12);
    assert!(!hashes.contains("about.ru.md"), "translations have no hash of their own: {hashes}");
    let v = site.check_json(&[]);
    v.assert_has("warning: content/about.ru.md:3:1: translation may be out of date");
    v.assert_has(&format!("source_hash = \"{hash}\""));
    // Recording the hash silences it; changing the English text brings it back.
    let site = site.edit("content/about.ru.md", "0123456789ab", &hash);
    let v = site.check_json(&["--strict"]).ok();
    assert_eq!(v.warnings(), 0, "{}", v.messages().join("\n"));
    let site = site.edit("content/about.en.md", "We help migrants.", "We help migrants and their families.");
    site.check_json(&[]).assert_has("translation may be out of date");
}

#[test]
fn poster_contrast_and_image_resolution() {
    let v = SiteTest::fixture("check/posters").check_json(&[]).ok();
    v.assert_has(
        "warning: content/posters/p/index.en.md:8:36: poster colours: `text` #777777 on `background` #ffffff has contrast 4.48:1",
    )
    .assert_has("`accent` #ffcc00 on `background` #ffffff has contrast 1.51:1")
    .assert_has("poster image `photo.png` is 1200 px wide")
    .assert_has("at A2");
    assert!(!v.has("posters/q"), "{}", v.messages().join("\n"));
}

#[test]
fn case_only_slug_clash_is_an_error() {
    let site = SiteTest::fixture("site/minimal")
        .file("content/news/Lesson-1.en.md", "+++\ntitle = \"A\"\n+++\n")
        .file("content/news/lesson-1.en.md", "+++\ntitle = \"B\"\n+++\n");
    let v = site.check_json(&[]);
    assert_eq!(v.run.code(), 1);
    v.assert_has("differ only in capitals");
}

#[test]
fn content_errors_come_as_json_too() {
    let site = SiteTest::fixture("site/minimal").file("content/about.en.md", "+++\ntitel = \"About\"\n+++\n");
    let v = site.check_json(&[]);
    assert_eq!(v.run.code(), 1);
    v.assert_has("error: content/about.en.md:2:1: unknown key `titel`");
    // The rest of the site is still checked, and its matrix made, in the same run.
    let rows = v.json["matrix"]["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["page"] == "about"), "{rows:?}");
    // A site.toml that cannot be read leaves no site: the matrix is empty.
    let broken = SiteTest::fixture("site/minimal").file("site.toml", "title = \"T\"\n");
    let v = broken.check_json(&[]);
    assert_eq!(v.run.code(), 1);
    assert_eq!(v.json["matrix"]["rows"].as_array().unwrap().len(), 0);
    // No site.toml is misuse: exit 2, as text.
    let empty = tempfile::tempdir().unwrap();
    let err = site::run_in(empty.path(), &["check", "--format", "json"], &[]).fails(2);
    assert!(err.contains("no site.toml"), "{err}");
}

/// The whole JSON report of a site with problems of every kind: errors and warnings
/// in their order, with lines, columns, source lines and help, and the matrix with
/// translated, fallback and missing pages.
#[test]
fn snapshot_check_json_of_several_problems() {
    let site = SiteTest::fixture("check/several-problems");
    let v = site.check_json(&[]);
    assert_eq!(v.run.code(), 1, "{}", v.run.text());
    let json = serde_json::to_string_pretty(&v.json).unwrap();
    insta::assert_snapshot!("check_json_several_problems", redact(&json, site.root()));
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
    let site = SiteTest::fixture("site/minimal")
        .edit("site.toml", "title = \"Test site\"", "title = \"Test site\"\ntheme = \"mine\"")
        .file("content/about.ky.md", "+++\ntitle = \"Биз жөнүндө\"\n+++\nКеңеш\n")
        .bytes("themes/mine/fonts/sans.ttf", &font);
    let v = site.check_json(&[]).ok();
    let d = v.messages().into_iter().find(|m| m.contains("themes/mine/fonts/sans.ttf"));
    let d = d.unwrap_or_else(|| panic!("{}", v.messages().join("\n")));
    assert!(d.contains("lacks 3 letter(s)"), "{d}");
    assert!(d.contains("ң (in content/about.ky.md)") && d.contains("ө (in") && d.contains("ү (in"), "{d}");
    // The default theme (system fonts) reports nothing about fonts.
    let plain = SiteTest::fixture("site/minimal").file("content/about.ky.md", "+++\ntitle = \"Биз жөнүндө\"\n+++\n");
    assert!(!plain.check_json(&[]).has("font"));
}

/// A lesson that lists a handout it does not mark gets a warning: the handouts page
/// would miss it. Titles compare as typed (`...` matches the marked `…`).
#[test]
fn listed_handouts_must_be_marked() {
    let site = SiteTest::fixture("site/minimal")
        .file("content/lessons/_index.en.md", "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n")
        .file(
            "content/lessons/a/index.en.md",
            "+++\ntitle = \"A\"\nhandouts = [\"What if...? cards\", \"Myths and facts\"]\n+++\n\
             ::: handout What if...? cards\n\nCard 1.\n\n:::\n",
        );
    let v = site.check_json(&["--strict"]);
    assert_eq!(v.run.code(), 1);
    v.assert_has("warning: content/lessons/a/index.en.md:3:1: the lesson lists the handout \"Myths and facts\"");
    assert_eq!(v.json["warnings"], 1, "{}", v.run.text());
}
