//! Print pages and `chyrak pdf`. The first tests read the print HTML; the others print
//! through a real Chromium and check the PDFs with poppler's `pdfinfo` and
//! `pdftotext` (both required: see `support::tools`). Snapshots keep the Fountain HTML
//! of a scenario page and of the printed script's two editions.

use crate::support::snap::{element, element_starting};
use crate::support::tools::{self, Poppler};
use crate::support::*;
use std::path::Path;
use std::process::Command;

#[test]
fn print_pages_have_exact_sizes_crop_marks_qr_and_editions() {
    let site = SiteTest::fixture("print/handbook");
    site.build().ok();
    // Landscape A5: 210 × 148 trim + 2 × 3 mm bleed.
    let a5 = site.read_with_styles("en/print/posters/go-a5.html");
    // Written in whole points, as Chromium rounds them (154 mm = 436.54 pt).
    assert!(a5.contains("= 216 × 154 mm") && a5.contains("@page { size: 612pt 436pt; margin: 0; }"), "{a5}");
    assert!(a5.contains("width: 216mm; height: 154mm;"));
    assert!(site.read_with_styles("en/print/posters/go-sticker-100.html").contains("= 106 × 106 mm"));
    assert!(site.read_with_styles("en/print/posters/go-210x99.html").contains("= 216 × 105 mm"));
    assert!(a5.contains("class=\"crop-marks\"") && a5.matches("<line").count() == 16, "8 crop marks drawn twice");
    assert!(a5.contains("print-color-adjust: exact"));
    assert!(
        a5.contains("role=\"img\" aria-label=\"https://example.org/sub/en/lessons/a/\""),
        "QR to the campaign page"
    );
    assert!(a5.contains("+996 000 000 189"), "hotline from the contacts");
    // Text inside the safe zone: 3 mm bleed + 8 mm safe zone.
    assert!(a5.contains("inset-inline-start: 11mm; top: 11mm"), "{a5}");
    // Handbook: cover, contents with page slots, a named page per lesson.
    let hb = site.read_with_styles("en/print/handbook.html");
    assert_eq!(hb.matches("data-toc-page").count(), 2);
    assert!(hb.contains("@page lesson-0 { @top-center { content: \"Alpha lesson\"; } }"));
    assert!(hb.contains("counter(page)"));
    // Handouts: each on its own page, ids unique per lesson.
    let ho = site.read("en/print/handouts.html");
    assert_eq!(ho.matches("class=\"handout-page\"").count(), 2);
    assert!(ho.contains("id=\"lesson-a--handout-warning-signs-checklist\""));
    // The lesson's web page shows the handout as a box and links to the print pages.
    let web = site.read("en/lessons/a/index.html");
    assert!(web.contains("href=\"../../print/handbook.html\""), "{web}");
    assert!(web.contains("href=\"../../print/handouts.html#lesson-a\""));
    assert!(!web.contains(".pdf\""), "no PDF links before `chyrak pdf`");
    // Scripts: the actors' edition leaves the facilitator material out.
    let actors = site.read("en/print/scenarios/offer-actors.html");
    let facilitator = site.read("en/print/scenarios/offer-facilitator.html");
    assert!(!actors.contains("Aigul hesitates") && !actors.contains("who holds the power"));
    assert!(facilitator.contains("Aigul hesitates") && facilitator.contains("who holds the power"));
    assert!(facilitator.contains("also plays") && facilitator.contains("Waiter"));
    assert!(print_link_problems(&site).is_empty(), "{:?}", print_link_problems(&site));
}

/// Broken links from or to print pages and PDFs.
fn print_link_problems(site: &SiteTest) -> Vec<String> {
    broken_links(&site.out()).into_iter().filter(|p| p.contains("/print/") || p.contains(".pdf")).collect()
}

#[test]
fn handout_markers_are_checked() {
    let site = SiteTest::fixture("print/handbook")
        .file("content/lessons/c/index.en.md", "+++\ntitle = \"C\"\n+++\n::: handout Open\n\ntext\n");
    let err = site.build().fails(1);
    assert!(err.contains("content/lessons/c/index.en.md"), "{err}");
    assert!(err.contains("handout \"Open\" is not closed"), "{err}");
}

#[test]
fn pdf_without_chromium_fails_fast_saying_how_to_install() {
    let site = SiteTest::fixture("print/handbook");
    let err = site.run_with(&["pdf"], &[("CHYRAK_CHROME", ""), ("PATH", "")]).fails(1);
    assert!(err.contains("apt-get install chromium") && err.contains("CHYRAK_CHROME"), "{err}");
    assert!(!site.out().exists(), "fails before building");
}

/// The Fountain HTML of a scenario page (its whole article: summary, cast, scenes and
/// the script with forum-theatre notes), in English and with Russian keywords.
#[test]
fn snapshot_scenario_page_fountain_html() {
    let site = SiteTest::fixture("fountain/forum-theatre");
    site.build().ok();
    let en = site.read("en/scenarios/the-offer/index.html");
    insta::assert_snapshot!("scenario_page_en", element_starting(&en, "<article class=\"scenario\""));
    let ru = site.read("ru/scenarios/the-offer/index.html");
    insta::assert_snapshot!("scenario_script_ru", element_starting(&ru, "<div class=\"script\""));
}

/// The printed script's two editions, cover to end: the actors' without notes, stop
/// points and Joker prompts; the facilitator's with them.
#[test]
fn snapshot_printed_script_editions() {
    let site = SiteTest::fixture("fountain/forum-theatre");
    site.build().ok();
    for edition in ["actors", "facilitator"] {
        let html = site.read(&format!("en/print/scenarios/the-offer-{edition}.html"));
        insta::assert_snapshot!(format!("printed_script_{edition}"), element(&html, "body"));
    }
}

fn pdfinfo(poppler: &Poppler, path: &Path) -> String {
    let out = Command::new(&poppler.pdfinfo).arg(path).output().unwrap();
    assert!(out.status.success(), "pdfinfo {}", path.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Page size in points, and page count.
fn size_and_pages(poppler: &Poppler, path: &Path) -> ((f64, f64), usize) {
    let info = pdfinfo(poppler, path);
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or("").to_owned();
    let size = field("Page size:");
    let mut it = size.split_whitespace();
    let w: f64 = it.next().unwrap().parse().unwrap();
    it.next();
    let h: f64 = it.next().unwrap().parse().unwrap();
    ((w, h), field("Pages:").parse().unwrap())
}

fn page_text(poppler: &Poppler, path: &Path, page: usize, layout: bool) -> String {
    let mut cmd = Command::new(&poppler.pdftotext);
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd.args(["-f", &page.to_string(), "-l", &page.to_string()]).arg(path).arg("-").output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pt(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

fn assert_size(poppler: &Poppler, path: &Path, w_mm: f64, h_mm: f64) {
    let ((w, h), _) = size_and_pages(poppler, path);
    assert!(
        (w - pt(w_mm)).abs() <= 0.5 && (h - pt(h_mm)).abs() <= 0.5,
        "{}: {w} × {h} pt, want {:.2} × {:.2}",
        path.display(),
        pt(w_mm),
        pt(h_mm)
    );
}

/// Checks that each lesson's number in the contents (page 2) is the page where
/// `pdftotext` first finds its title after the contents, and that the outline agrees.
fn assert_toc_matches(poppler: &Poppler, handbook: &Path, titles: &[&str]) {
    let (_, pages) = size_and_pages(poppler, handbook);
    assert!(pages >= titles.len() + 2, "{pages} pages for {} lessons", titles.len());
    let toc = page_text(poppler, handbook, 2, true);
    // A lesson starts on the first page whose running header (its first line) is its title.
    let first_lines: Vec<String> = (1..=pages)
        .map(|p| {
            let text = page_text(poppler, handbook, p, false);
            text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_owned()
        })
        .collect();
    let bytes = std::fs::read(handbook).unwrap();
    assert!(bytes.windows(9).any(|w| w == b"/Outlines"), "no outline");
    let outline = chyrak::commands::pdf::outline::read(&bytes).expect("readable outline");
    for title in titles {
        let line = toc.lines().find(|l| l.contains(title)).unwrap_or_else(|| panic!("{title} not in contents:\n{toc}"));
        let number: usize =
            line.split_whitespace().last().unwrap().parse().unwrap_or_else(|_| panic!("no number: {line}"));
        let found = (3..=pages)
            .find(|&p| first_lines[p - 1] == *title)
            .unwrap_or_else(|| panic!("no page headed {title}: {first_lines:?}"));
        assert_eq!(number, found, "{title}: contents say {number}, pdftotext finds it on {found}");
        let squashed: String = title.split_whitespace().collect();
        let entry = outline.entries.iter().find(|e| e.title.replace(' ', "") == squashed).expect("title in outline");
        assert_eq!(entry.page, found, "{title}: outline page");
    }
}

#[test]
fn pdf_prints_exact_posters_a_numbered_handbook_and_two_editions() {
    tools::chromium();
    let poppler = tools::poppler();
    let site = SiteTest::fixture("print/handbook");
    let err = site.run(&["pdf", "--lang", "en"]).ok().stderr();
    let pdfs = site.out().join("pdf/en");
    // Posters: page = trim + 2 × bleed, within 0.5 pt.
    assert_size(&poppler, &pdfs.join("posters/go-a5.pdf"), 216.0, 154.0);
    assert_size(&poppler, &pdfs.join("posters/go-sticker-100.pdf"), 106.0, 106.0);
    assert_size(&poppler, &pdfs.join("posters/go-210x99.pdf"), 216.0, 105.0);
    assert_size(&poppler, &pdfs.join("posters/long-a6.pdf"), 111.0, 154.0);
    assert_size(&poppler, &pdfs.join("posters/long-a3.pdf"), 303.0, 426.0);
    // The too-long headline is reported, naming language, poster and size.
    assert!(err.contains("en headline of poster long overflows A6 by "), "{err}");
    assert!(!err.contains("poster go overflows"), "{err}");
    // Handbook: contents numbers and outline match the pages.
    assert_toc_matches(&poppler, &pdfs.join("handbook.pdf"), &["Alpha lesson", "Beta lesson"]);
    let cover = page_text(&poppler, &pdfs.join("handbook.pdf"), 1, false);
    assert!(cover.contains("2026-10-29"), "edition date from SOURCE_DATE_EPOCH: {cover}");
    // Handouts: one A4 page each.
    let handouts = pdfs.join("handouts.pdf");
    assert_size(&poppler, &handouts, 210.0, 297.0);
    assert_eq!(size_and_pages(&poppler, &handouts).1, 2);
    // Editions.
    let text = |name: &str| {
        let path = pdfs.join("scenarios").join(name);
        (1..=size_and_pages(&poppler, &path).1).map(|p| page_text(&poppler, &path, p, false)).collect::<String>()
    };
    let actors = text("offer-actors.pdf");
    let facilitator = text("offer-facilitator.pdf");
    assert!(actors.contains("Where is the bus?"));
    assert!(!actors.contains("Aigul hesitates") && !actors.contains("holds the power"), "{actors}");
    assert!(facilitator.contains("Aigul hesitates") && facilitator.contains("holds the power"));
    assert!(facilitator.to_uppercase().contains("STOP POINT") && facilitator.to_uppercase().contains("JOKER PROMPT"));
    // The site links to the PDFs it now has.
    let web = site.read("en/lessons/a/index.html");
    assert!(web.contains("href=\"../../../pdf/en/handbook.pdf\""), "{web}");
    assert!(print_link_problems(&site).is_empty(), "{:?}", print_link_problems(&site));
}

#[test]
fn a_russian_handbook_prints_with_correct_contents_and_poster_sizes() {
    tools::chromium();
    let poppler = tools::poppler();
    let site = SiteTest::fixture("print/russian");
    site.run(&["pdf", "--lang", "ru", "--only", "handbook,posters"]).ok();
    let pdfs = site.out().join("pdf/ru");
    assert!(!pdfs.join("handouts.pdf").exists() && !site.out().join("pdf/en").exists(), "only what was asked");
    let html = site.read("ru/print/handbook.html");
    let titles: Vec<String> = html
        .split("<span class=\"hbtoc-title\">")
        .skip(1)
        .map(|s| unescape(&s[..s.find("</span>").unwrap()]))
        .collect();
    assert_eq!(titles.len(), 6, "{titles:?}");
    // Long titles wrap in the contents; check the ones that fit a line.
    let short: Vec<&str> = titles.iter().map(String::as_str).filter(|t| t.chars().count() < 45).collect();
    assert_eq!(short.len(), 5, "{titles:?}");
    assert_toc_matches(&poppler, &pdfs.join("handbook.pdf"), &short);
    let mut printed = Vec::new();
    for e in std::fs::read_dir(pdfs.join("posters")).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let size = name.rsplit_once('-').unwrap().1;
        let (w, h): (f64, f64) = match size {
            "a3" => (297.0, 420.0),
            "a4" => (210.0, 297.0),
            "a5" => (148.0, 210.0),
            "a6" => (105.0, 148.0),
            "100" => (100.0, 100.0),
            other => panic!("unexpected size {other} in {name}"),
        };
        let ((pw, ph), _) = size_and_pages(&poppler, &path);
        let landscape = name.starts_with("passport");
        let (want_w, want_h) = if landscape { (w.max(h), w.min(h)) } else { (w.min(h), w.max(h)) };
        assert!((pw - pt(want_w + 6.0)).abs() <= 0.5 && (ph - pt(want_h + 6.0)).abs() <= 0.5, "{name}: {pw} × {ph}");
        printed.push(name);
    }
    printed.sort();
    assert_eq!(
        printed,
        ["call-first-a3", "call-first-a4", "call-first-a6", "contract-a4", "passport-a5", "passport-sticker-100"]
    );
}

/// A poster's colours are read once: whatever CSS colour the web preview takes, the
/// printed poster takes the same (issue 12: the print page used to take only hex).
#[test]
fn a_poster_prints_in_the_colours_of_its_preview() {
    let site = SiteTest::fixture("print/handbook").edit(
        "content/posters/go/index.en.md",
        "colors = { background = \"#0B3C5D\", text = \"#FFFFFF\", accent = \"#F2C14E\" }",
        "colors = { background = \"navy\", text = \"rgb(255 255 255)\", accent = \"hsl(40 86% 63%)\" }",
    );
    site.build().ok();
    let web = site.read_with_styles("en/posters/go/index.html");
    let print = site.read_with_styles("en/print/posters/go-a5.html");
    for colour in ["navy", "rgb(255 255 255)", "hsl(40 86% 63%)"] {
        assert!(web.contains(colour), "the preview lacks {colour}");
        assert!(print.contains(colour), "the printed poster lacks {colour}");
    }
}

/// Every page carries the site's Content-Security-Policy and the quick exit, print
/// pages too: their page rules are stylesheets of their own, never inline styles, and
/// the bar is never printed.
#[test]
fn print_pages_carry_the_csp_and_the_quick_exit() {
    let site = SiteTest::fixture("print/handbook");
    site.build().ok();
    let pages: Vec<String> = tree(&site.out()).into_keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.iter().filter(|p| p.contains("/print/")).count() >= 8, "{pages:?}");
    for page in &pages {
        let html = site.read(page);
        assert!(html.contains("http-equiv=\"Content-Security-Policy\""), "{page} has no CSP");
        assert!(!html.contains("<style") && !html.contains(" style=\""), "{page} has an inline style");
        if page.contains("/print/") {
            assert!(html.contains("data-quick-exit"), "{page} has no quick exit");
            let styles = site.read_with_styles(page);
            assert!(
                styles.contains("@media print") && styles.contains(".quick-exit-bar"),
                "{page}: the bar is printed"
            );
        }
    }
}

/// A contact shortcut in a lesson is written in the handbook as on the web page.
#[test]
fn contact_shortcuts_are_printed_too() {
    let site = SiteTest::fixture("print/handbook").edit(
        "content/lessons/a/index.en.md",
        "## Part 0\n",
        "## Part 0\n\nCall {{ contact(id=\"hotline\") }} first.\n",
    );
    site.build().ok();
    let handbook = site.read("en/print/handbook.html");
    assert!(
        handbook.contains("<span class=\"contact-card\">") && !handbook.contains("{{ contact"),
        "raw shortcut in print"
    );
}

/// The sample's posters are what a designer starts from: every one fits every size it
/// is made for, in every language, measured the way `chyrak pdf` measures before
/// printing. (The passport sticker once carried the poster's whole text and overflowed.)
#[test]
fn the_sample_posters_fit_every_size_in_every_language() {
    let site = SiteTest::sample();
    let run = site.run(&["pdf", "--only", "posters"]).ok();
    let said = run.text();
    assert!(!said.contains("overflows"), "{said}");
    assert!(!said.contains("dpi"), "{said}");
    let pdfs = tree(&site.out().join("pdf"));
    assert!(pdfs.keys().any(|k| k.ends_with("ky/posters/passport-sticker-sticker-100.pdf")), "{:?}", pdfs.keys());
    // One page each: A6 (154 mm with bleed) and landscape A4 and A5 printed a blank
    // second page when the sheet was a fraction of a point taller than the PDF page.
    let poppler = tools::poppler();
    for rel in pdfs.keys() {
        let (_, pages) = size_and_pages(&poppler, &site.out().join("pdf").join(rel));
        assert_eq!(pages, 1, "{rel} has {pages} pages");
    }
}
