//! Link-preview cards (`previews/<lang>/<key>/card.png`): drawn for every page in the
//! language its text is in, in the poster's colours or the theme's, cached and
//! byte-identical from build to build; `[preview] cards` narrows them; a letter no font
//! has and a text too long for a card are warnings of both `build` and `check`.

use crate::support::*;
use image::RgbImage;

fn card(site: &SiteTest, rel: &str) -> RgbImage {
    let path = site.out().join(rel);
    image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).to_rgb8()
}

/// The share of the picture's pixels that differ clearly from its corner's colour.
fn inked(img: &RgbImage) -> f64 {
    let bg = img.get_pixel(4, 4).0;
    let far = |p: [u8; 3]| p.iter().zip(bg).any(|(a, b)| a.abs_diff(b) > 60);
    img.pixels().filter(|p| far(p.0)).count() as f64 / f64::from(img.width() * img.height())
}

/// The share of pixels at which two pictures differ.
fn difference(a: &RgbImage, b: &RgbImage) -> f64 {
    a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count() as f64 / f64::from(a.width() * a.height())
}

/// The og:image of a built page, as an output path.
fn og_image(site: &SiteTest, page: &str) -> String {
    let html = site.read(page);
    let needle = "<meta property=\"og:image\" content=\"";
    let start = html.find(needle).unwrap_or_else(|| panic!("{page} has no og:image")) + needle.len();
    let url = &html[start..start + html[start..].find('"').unwrap()];
    match url.find("/previews/") {
        Some(i) => url[i + 1..].to_owned(),
        None => url.to_owned(),
    }
}

/// The sample's posters, in each language: the poster's own colours, text on them,
/// and a different picture per language (the text is in each reader's language).
#[test]
fn the_sample_poster_cards_carry_their_text_and_differ_between_languages() {
    let site = SiteTest::sample();
    site.build().ok();
    let posters: Vec<String> = std::fs::read_dir(site.root().join("content/posters"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(posters.len() >= 5, "{posters:?}");
    for slug in &posters {
        let cards: Vec<RgbImage> =
            ["en", "ru", "ky"].iter().map(|l| card(&site, &format!("previews/{l}/posters/{slug}/card.png"))).collect();
        for (img, lang) in cards.iter().zip(["en", "ru", "ky"]) {
            assert_eq!(img.dimensions(), (1200, 630));
            let ink = inked(img);
            assert!(ink > 0.03 && ink < 0.6, "{lang} {slug}: {:.1} % of the card is text", ink * 100.0);
            // The headline's area, under the site's name, has text.
            let headline = (130..430).flat_map(|y| (72..1128).map(move |x| (x, y)));
            let bg = img.get_pixel(4, 4).0;
            assert!(
                headline.filter(|&(x, y)| img.get_pixel(x, y).0 != bg).count() > 5000,
                "{lang} {slug}: no headline"
            );
            assert_eq!(
                og_image(&site, &format!("{lang}/posters/{slug}/index.html")),
                format!("previews/{lang}/posters/{slug}/card.png")
            );
        }
        assert!(difference(&cards[0], &cards[1]) > 0.01, "{slug}: en and ru cards are alike");
        assert!(difference(&cards[1], &cards[2]) > 0.01, "{slug}: ru and ky cards are alike");
    }
    // A lesson's card is in the theme's colour, with its title.
    let lesson = card(&site, "previews/ky/lessons/01-what-is-trafficking/card.png");
    assert_eq!(lesson.get_pixel(4, 4).0, [0x1d, 0x52, 0x60]);
    assert!(inked(&lesson) > 0.03);
}

/// The second build draws nothing (every card comes from the cache), and a build
/// that draws every card again makes the same bytes.
#[test]
fn cards_are_cached_and_byte_identical_across_builds() {
    let site = SiteTest::fixture("site/handbook");
    site.build().ok();
    let first: Vec<(String, Vec<u8>)> =
        tree(&site.out()).into_iter().filter(|(p, _)| p.starts_with("previews/")).collect();
    assert!(first.len() > 5, "{} cards", first.len());
    let cache = site.root().join(".chyrak-cache/cards");
    let cached = std::fs::read_dir(&cache).unwrap().count();
    assert!(cached > 0 && cached <= first.len());
    let stamp = |dir: &std::path::Path| {
        let mut times: Vec<_> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.metadata().unwrap().modified().unwrap()).collect();
        times.sort();
        times
    };
    let before = stamp(&cache);
    site.build().ok();
    assert_eq!(stamp(&cache), before, "a second build drew cards again");
    std::fs::remove_dir_all(&cache).unwrap();
    std::fs::remove_dir_all(site.out()).unwrap();
    site.build().ok();
    let again: Vec<(String, Vec<u8>)> =
        tree(&site.out()).into_iter().filter(|(p, _)| p.starts_with("previews/")).collect();
    assert_eq!(first.len(), again.len());
    for ((p, a), (q, b)) in first.iter().zip(&again) {
        assert_eq!(p, q);
        assert!(a == b, "{p} differs between two builds");
    }
}

/// A page shown by fallback shows the card of the page its text comes from; the
/// right-to-left card is set from the right margin.
#[test]
fn a_fallback_page_shares_its_text_languages_card_and_rtl_cards_start_at_the_right() {
    let site = SiteTest::fixture("rtl/dari");
    site.build().ok();
    assert_eq!(og_image(&site, "fa-AF/lessons/documents/index.html"), "previews/ru/lessons/documents/card.png");
    assert!(!site.has("previews/fa-AF/lessons/documents/card.png"), "no Dari card for a page with no Dari text");
    let dari = card(&site, "previews/fa-AF/lessons/first-call/card.png");
    let russian = card(&site, "previews/ru/lessons/first-call/card.png");
    // Columns with ink in the title's area: right-aligned in Dari, left-aligned in Russian.
    let columns = |img: &RgbImage| -> (u32, u32) {
        let bg = img.get_pixel(600, 200).0;
        let inked: Vec<u32> = (0..1200).filter(|&x| (200..520).any(|y| img.get_pixel(x, y).0 != bg)).collect();
        (*inked.first().unwrap(), *inked.last().unwrap())
    };
    let (d_left, d_right) = columns(&dari);
    let (r_left, r_right) = columns(&russian);
    assert!((1101..=1136).contains(&d_right), "Dari title ends at {d_right}");
    assert!((64..100).contains(&r_left), "Russian title starts at {r_left}");
    assert!(d_left > r_left && r_right < d_right, "Dari {d_left}–{d_right}, Russian {r_left}–{r_right}");
}

/// `[preview] cards = "posters"`: lessons show their language's home card; `"none"`:
/// the web app's icon, as a small card, and no previews folder.
#[test]
fn a_site_can_keep_cards_to_posters_or_turn_them_off() {
    let site = SiteTest::fixture("rtl/dari").append("site.toml", "\n[preview]\ncards = \"posters\"\n");
    site.build().ok();
    assert_eq!(og_image(&site, "ru/lessons/first-call/index.html"), "previews/ru/card.png");
    assert_eq!(og_image(&site, "ru/posters/call-first/index.html"), "previews/ru/posters/call-first/card.png");
    assert!(!site.has("previews/ru/lessons/first-call/card.png"));

    site.replace("site.toml", "cards = \"posters\"", "cards = \"none\"");
    site.build().ok();
    assert_eq!(
        og_image(&site, "ru/lessons/first-call/index.html"),
        "https://example.org/safe/assets/icons/icon-512.png"
    );
    assert!(site.read("ru/lessons/first-call/index.html").contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(!site.has("previews"));
}

/// A letter that no installed font has (here one of Unicode's private-use plane),
/// and a title too long for any size of a card: warnings of `build` and `check` alike,
/// naming the file; the card is still drawn, without the title that cannot fit.
#[test]
fn a_letter_no_font_has_and_a_title_too_long_are_warnings() {
    let long = "very long title ".repeat(60);
    let site = SiteTest::fixture("site/minimal")
        .file("content/about.en.md", "+++\ntitle = \"About \u{10FFFD}\"\n+++\nText.\n")
        .file("content/long.en.md", &format!("+++\ntitle = \"{long}\"\n+++\nText.\n"));
    let build = site.build().ok().text();
    assert!(build.contains("U+10FFFD") && build.contains("content/about.en.md"), "{build}");
    assert!(build.contains("too long for the preview card") && build.contains("content/long.en.md"), "{build}");
    assert!(site.has("previews/en/long/card.png"));
    let check = site.check_json(&[]);
    check.assert_has("U+10FFFD").assert_has("too long for the preview card");
}

/// Tajik (ӣ ӯ ҳ ҷ), Uzbek Latin (oʻ gʻ) and Kazakh (ә ғ қ ң ө ұ ү һ і) letters are in
/// the fonts CI installs: a card with all of them draws with no warning, and with ink.
#[test]
fn tajik_uzbek_and_kazakh_letters_draw_without_a_warning() {
    let title = "Тоҷикӣ: ӯ ҳ ҷ ӣ — Oʻzbekcha: oʻ gʻ — Қазақша: ә ғ қ ң ө ұ ү һ і";
    let site = SiteTest::fixture("site/minimal")
        .file("content/letters.en.md", &format!("+++\ntitle = \"{title}\"\n+++\nText.\n"));
    let build = site.build().ok().text();
    assert!(!build.contains("no font has"), "{build}");
    let img = card(&site, "previews/en/letters/card.png");
    assert!(inked(&img) > 0.03);
}
