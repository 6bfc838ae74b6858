//! Print pages and `chyrak pdf`. The first tests read the print HTML only; the others
//! print through a real Chromium and check the PDFs with poppler's `pdfinfo` and
//! `pdftotext`. Without Chromium (or poppler) those are skipped with a message, unless
//! `CI=true`, where they fail.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

const CONTACTS: &str = r#"
[[contacts]]
id = "hotline"
name = "Test hotline"
number = "+996 000 000 189"
hours = "24/7"
example = true
"#;

/// A lesson with `paragraphs` paragraphs of filler (enough for several pages).
fn lesson(title: &str, order: u32, paragraphs: usize, extra: &str) -> String {
    let filler = "Students talk about what they know and what they would like to find out. ".repeat(8);
    let body: String = (0..paragraphs).map(|i| format!("## Part {i}\n\n{filler}\n\n")).collect();
    format!("+++\ntitle = \"{title}\"\norder = {order}\n+++\n{extra}\n\n{body}")
}

const HANDOUT: &str = "::: handout Warning signs checklist\n\n- [ ] The pay is too good to be true.\n- [ ] They want my passport.\n\n:::\n\n::: handout Situation cards\n\nCard 1. A friend of a friend offers a job.\n\n:::";

const SCRIPT: &str = "+++\ntitle = \"The Offer\"\nformat = \"forum theatre\"\nduration = 20\ncast = [\n  { name = \"Aigul\", note = \"17\" },\n  { name = \"Timur\", note = \"the recruiter\", doubling = \"Waiter\" },\n  { name = \"Waiter\", note = \"in the café\", doubling = \"Timur\" },\n]\n+++\nTitle: The Offer\n\nEXT. BUS STOP - DAY\n\nAigul waits.\n\nAIGUL\nWhere is the bus?\n\n[[STOP: Aigul hesitates here. What could she ask?]]\n\n[[JOKER: Ask the audience who holds the power.]]\n\nINT. CAFÉ - NIGHT\n\nTIMUR\nGive me your passport.\n";

fn poster(headline: &str, sizes: &str, orientation: &str) -> String {
    format!(
        "+++\ntitle = \"{headline}\"\nheadline = \"{headline}\"\ntext = \"Call the free hotline before you go.\"\ncta = \"Call first\"\ncontact = \"hotline\"\nsizes = [{sizes}]\norientation = \"{orientation}\"\nbleed = 3\nsafe_zone = 8\nqr = \"@/lessons/a\"\ncolors = {{ background = \"#0B3C5D\", text = \"#FFFFFF\", accent = \"#F2C14E\" }}\n+++\nBody.\n"
    )
}

/// A small site: two lessons (one with two handouts), a scenario, two posters (one with
/// a headline far too long for A6), and a lesson template that links to print pages.
fn fixture() -> SiteTest {
    let too_long = "This headline is deliberately far too long for a small poster and keeps going and going until it cannot possibly fit";
    SiteTest::new()
        .file("site.toml", &format!("{SITE_TOML}{CONTACTS}"))
        .file("content/lessons/_index.en.md", "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n")
        .file("content/lessons/a/index.en.md", &lesson("Alpha lesson", 1, 12, HANDOUT))
        .file("content/lessons/b/index.en.md", &lesson("Beta lesson", 2, 3, ""))
        .file("content/scenarios/_index.en.md", "+++\ntitle = \"Scenarios\"\ntype = \"scenario\"\n+++\n")
        .file("content/scenarios/offer/index.en.md", SCRIPT)
        .file("content/posters/_index.en.md", "+++\ntitle = \"Posters\"\ntype = \"poster\"\n+++\n")
        .file("content/posters/go/index.en.md", &poster("Call first", "\"A5\", \"sticker-100\", \"210x99\"", "landscape"))
        .file("content/posters/long/index.en.md", &poster(too_long, "\"A6\", \"A3\"", "portrait"))
        .file("themes/default/templates/lesson.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{% include \"print/links.html\" %}{% endblock content %}")
}

#[test]
fn print_pages_have_exact_sizes_crop_marks_qr_and_editions() {
    let site = fixture();
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
    assert!(a5.contains("left: 11mm; top: 11mm"), "{a5}");
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
    let site = fixture().file("content/lessons/c/index.en.md", "+++\ntitle = \"C\"\n+++\n::: handout Open\n\ntext\n");
    let err = site.build().fails(1);
    assert!(err.contains("handout \"Open\" is not closed"), "{err}");
}

#[test]
fn pdf_without_chromium_fails_fast_saying_how_to_install() {
    let site = fixture();
    let out = Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .arg("pdf")
        .current_dir(site.root())
        .env("CHYRAK_CHROME", "")
        .env("PATH", "")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("apt-get install chromium") && err.contains("CHYRAK_CHROME"), "{err}");
    assert!(!site.out().exists(), "fails before building");
}

/// Whether the browser tests can run; fails under `CI=true` when they cannot.
fn tools() -> bool {
    let has = |name: &str| {
        std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
    };
    let chrome = std::env::var_os("CHYRAK_CHROME").is_some_and(|p| Path::new(&p).is_file())
        || ["chromium", "chromium-browser", "google-chrome"].iter().any(|n| has(n));
    let poppler = has("pdfinfo") && has("pdftotext");
    if chrome && poppler {
        return true;
    }
    let why = format!("browser print tests need Chromium (found: {chrome}) and poppler-utils (found: {poppler})");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}; CI=true requires them (.ci/run installs them)");
    }
    eprintln!("SKIPPED: {why}");
    false
}

fn pdf(site: &SiteTest, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .arg("pdf")
        .args(args)
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", "1793232000")
        .output()
        .unwrap();
    Run { output }
}

fn pdfinfo(path: &Path) -> String {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    assert!(out.status.success(), "pdfinfo {}", path.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Page size in points, and page count.
fn size_and_pages(path: &Path) -> ((f64, f64), usize) {
    let info = pdfinfo(path);
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or("").to_owned();
    let size = field("Page size:");
    let mut it = size.split_whitespace();
    let w: f64 = it.next().unwrap().parse().unwrap();
    it.next();
    let h: f64 = it.next().unwrap().parse().unwrap();
    ((w, h), field("Pages:").parse().unwrap())
}

fn page_text(path: &Path, page: usize, layout: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd.args(["-f", &page.to_string(), "-l", &page.to_string()]).arg(path).arg("-").output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pt(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

fn assert_size(path: &Path, w_mm: f64, h_mm: f64) {
    let ((w, h), _) = size_and_pages(path);
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
fn assert_toc_matches(handbook: &Path, titles: &[&str]) {
    let (_, pages) = size_and_pages(handbook);
    assert!(pages >= titles.len() + 2, "{pages} pages for {} lessons", titles.len());
    let toc = page_text(handbook, 2, true);
    // A lesson starts on the first page whose running header (its first line) is its title.
    let first_lines: Vec<String> = (1..=pages)
        .map(|p| page_text(handbook, p, false).lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_owned())
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
    if !tools() {
        return;
    }
    let site = fixture();
    let run = pdf(&site, &["--lang", "en"]).ok();
    let err = run.stderr();
    let pdfs = site.out().join("pdf/en");
    // Posters: page = trim + 2 × bleed, within 0.5 pt.
    assert_size(&pdfs.join("posters/go-a5.pdf"), 216.0, 154.0);
    assert_size(&pdfs.join("posters/go-sticker-100.pdf"), 106.0, 106.0);
    assert_size(&pdfs.join("posters/go-210x99.pdf"), 216.0, 105.0);
    assert_size(&pdfs.join("posters/long-a6.pdf"), 111.0, 154.0);
    assert_size(&pdfs.join("posters/long-a3.pdf"), 303.0, 426.0);
    // The too-long headline is reported, naming language, poster and size.
    assert!(err.contains("en headline of poster long overflows A6 by "), "{err}");
    assert!(!err.contains("poster go overflows"), "{err}");
    // Handbook: contents numbers and outline match the pages.
    assert_toc_matches(&pdfs.join("handbook.pdf"), &["Alpha lesson", "Beta lesson"]);
    let cover = page_text(&pdfs.join("handbook.pdf"), 1, false);
    assert!(cover.contains("2026-10-29"), "edition date from SOURCE_DATE_EPOCH: {cover}");
    // Handouts: one A4 page each.
    let handouts = pdfs.join("handouts.pdf");
    assert_size(&handouts, 210.0, 297.0);
    assert_eq!(size_and_pages(&handouts).1, 2);
    // Editions.
    let text = |name: &str| {
        let path = pdfs.join("scenarios").join(name);
        (1..=size_and_pages(&path).1).map(|p| page_text(&path, p, false)).collect::<String>()
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
fn sample_site_prints_in_russian_with_a_correct_handbook_and_poster_sizes() {
    if !tools() {
        return;
    }
    let site = SiteTest::sample();
    pdf(&site, &["--lang", "ru", "--only", "handbook,posters"]).ok();
    let pdfs = site.out().join("pdf/ru");
    assert!(!pdfs.join("handouts.pdf").exists() && !site.out().join("pdf/en").exists(), "only what was asked");
    let html = std::fs::read_to_string(site.out().join("ru/print/handbook.html")).unwrap();
    let titles: Vec<String> = html
        .split("<span class=\"hbtoc-title\">")
        .skip(1)
        .map(|s| unescape(&s[..s.find("</span>").unwrap()]))
        .collect();
    assert!(titles.len() >= 8);
    // Long titles wrap in the contents; check the ones that fit a line.
    let short: Vec<&str> = titles.iter().map(String::as_str).filter(|t| t.chars().count() < 45).collect();
    assert!(short.len() >= 5, "{titles:?}");
    assert_toc_matches(&pdfs.join("handbook.pdf"), &short);
    let mut posters = 0;
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
        let ((pw, ph), _) = size_and_pages(&path);
        // Portrait or landscape, as the poster says: compare the sides in either order.
        let (want_w, want_h) = if pw > ph { (h.max(w), h.min(w)) } else { (w.min(h), w.max(h)) };
        assert!((pw - pt(want_w + 6.0)).abs() <= 0.5 && (ph - pt(want_h + 6.0)).abs() <= 0.5, "{name}: {pw} × {ph}");
        posters += 1;
    }
    assert!(posters >= 9, "{posters} poster PDFs");
}
