//! A right-to-left language, proven on the fixture `rtl/dari` (Dari, `fa-AF`,
//! `direction = "rtl"`, next to Russian), in headless Chromium: every Dari page says
//! `dir="rtl"`; the layout really mirrors (what is on the left of the Russian page,
//! the same distance from the edge, is on the right of the Dari one); phone numbers,
//! hours, sizes and addresses inside right-to-left lines are drawn in their own order;
//! axe-core finds no serious or critical violation on any kind of Dari page. With
//! poppler, `chyrak pdf --lang fa-AF` prints the handbook and the poster right to
//! left, with the Dari text and the number in order (and the Russian lesson that Dari
//! readers get by fallback left to right).

use crate::support::axe;
use crate::support::browser::file_url;
use crate::support::tools;
use crate::support::*;
use chyrak::commands::pdf::cdp::Browser;
use serde_json::{Value, json};
use std::process::Command;

/// The fixture's example number and hours, as `site.toml` writes them.
const NUMBER: &str = "+992 00 000 0189";
const HOURS: &str = "08:00–20:00";

fn built() -> SiteTest {
    let site = SiteTest::fixture("rtl/dari");
    site.build().ok();
    site
}

/// A desktop-wide window, so that the header, the help bar and the text column sit
/// where a reader on a computer sees them (the column narrower than the page).
fn wide_browser() -> Browser {
    let mut b = tools::browser();
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
    )
    .unwrap();
    b
}

#[test]
fn every_dari_page_is_right_to_left_and_every_russian_one_left_to_right() {
    let site = built();
    let mut seen = (0, 0);
    for (rel, bytes) in tree(&site.out()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        if rel.starts_with("fa-AF/") {
            assert!(html.contains("<html lang=\"fa-AF\" dir=\"rtl\">"), "{rel} is not right to left");
            seen.0 += 1;
        } else if rel.starts_with("ru/") {
            assert!(html.contains("<html lang=\"ru\" dir=\"ltr\">"), "{rel} is not left to right");
            seen.1 += 1;
        }
    }
    assert!(seen.0 >= 10 && seen.1 >= 10, "pages seen (fa-AF, ru): {seen:?}");
    // The Russian lesson Dari readers get by fallback keeps its own direction inside
    // the right-to-left page, and language names theirs in every switcher.
    let fallback = site.read("fa-AF/lessons/documents/index.html");
    assert!(fallback.contains("<article class=\"lesson\" lang=\"ru\" dir=\"ltr\">"), "{fallback}");
    let ru = site.read("ru/index.html");
    assert!(ru.contains("lang=\"fa-AF\" dir=\"rtl\">دری</a>"), "{ru}");
}

/// Where `selector`'s first element is, as distances from the left and right edges of
/// the page's viewport (its scroll bar left out).
const BOXES: &str = r#"(selectors => {
  const w = document.documentElement.clientWidth;
  const out = { dir: document.documentElement.dir, width: w };
  for (const s of selectors) {
    const e = document.querySelector(s);
    if (!e) { out[s] = null; continue; }
    const r = e.getBoundingClientRect();
    out[s] = { left: r.left, right: w - r.right, width: r.width };
  }
  return out;
})"#;

/// Parts of a lesson page laid out from the side where lines start…
const FROM_START: &[&str] =
    &[".site-title", ".site-nav li:first-child a", ".helpbar-lead", "main h1", ".lesson-summary"];
/// …and from the side where they end.
const FROM_END: &[&str] = &["a.quick-exit", ".lang-switcher", ".helpbar-safety"];

fn boxes(b: &mut Browser, url: &str) -> Value {
    b.open(url).unwrap();
    let all: Vec<&str> = FROM_START.iter().chain(FROM_END).copied().collect();
    b.eval(&format!("({BOXES})({})", json!(all))).unwrap()
}

#[test]
fn the_layout_mirrors_and_numbers_keep_their_order() {
    let site = built();
    let mut b = wide_browser();
    let url = |lang: &str, page: &str| file_url(&site.out().join(lang).join(page).join("index.html"));

    // Mirrored: each part is as far from the right edge of the Dari lesson as it is
    // from the left edge of the Russian one (or the other way round), and so on the
    // other half of the page.
    let ru = boxes(&mut b, &url("ru", "lessons/first-call"));
    let fa = boxes(&mut b, &url("fa-AF", "lessons/first-call"));
    assert_eq!((ru["dir"].as_str(), fa["dir"].as_str()), (Some("ltr"), Some("rtl")));
    let width = ru["width"].as_f64().unwrap();
    let mut wrong = Vec::new();
    for (parts, near) in [(FROM_START, "left"), (FROM_END, "right")] {
        let far = if near == "left" { "right" } else { "left" };
        for part in parts.iter() {
            let (r, f) = (&ru[*part], &fa[*part]);
            assert!(r.is_object() && f.is_object(), "{part} missing: ru {r}, fa-AF {f}");
            let (r_near, f_near) = (r[near].as_f64().unwrap(), f[far].as_f64().unwrap());
            // The middle of the part, from the edge it keeps to: less than half the page.
            let r_middle = r_near + r["width"].as_f64().unwrap() / 2.0;
            let f_middle = f_near + f["width"].as_f64().unwrap() / 2.0;
            if (r_near - f_near).abs() > 1.5 || r_middle >= width / 2.0 || f_middle >= width / 2.0 {
                wrong.push(format!(
                    "{part}: {r_near:.1} px from the {near} in Russian, {f_near:.1} px from the {far} in Dari ({r} / {f})"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "not mirrored:\n{}", wrong.join("\n"));

    // In order: the number, the hours, a poster's sizes and its address are drawn
    // left to right inside the right-to-left lines, each in an element that says so.
    let lesson = read_in_order(
        &mut b,
        &url("fa-AF", "lessons/first-call"),
        &[".helpbar .contact-number", ".helpbar .contact-hours", ".handout .contact-number", ".handout .contact-hours"],
    );
    let poster = read_in_order(
        &mut b,
        &url("fa-AF", "posters/call-first"),
        &[".poster-contact-number > *", ".sizes td > *", ".qr-target a"],
    );
    let texts: Vec<&str> = lesson.iter().chain(&poster).map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            NUMBER,
            HOURS,
            NUMBER,
            HOURS,
            NUMBER,
            "210 × 297 mm",
            "105 × 148 mm",
            "https://example.org/safe/fa-AF/lessons/first-call/"
        ]
    );
    for (dir, text) in lesson.iter().chain(&poster) {
        let want = if text == HOURS { "auto" } else { "ltr" };
        assert_eq!(dir, want, "{text} has dir={dir}");
    }
}

/// For every element of `selectors` on the page at `url`: its `dir` and its text,
/// after checking that each next character is drawn to the right of the one before
/// (which fails when the bidi algorithm has turned groups of digits round).
fn read_in_order(b: &mut Browser, url: &str, selectors: &[&str]) -> Vec<(String, String)> {
    b.open(url).unwrap();
    let found = b
        .eval(&format!(
            r#"({}).flatMap(s => [...document.querySelectorAll(s)].map(e => {{
  const xs = [];
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {{
    for (let i = 0; i < n.data.length; i++) {{
      if (/\s/.test(n.data[i])) continue;
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      xs.push([n.data[i], Math.round(r.getBoundingClientRect().left * 10) / 10]);
    }}
  }}
  return {{ selector: s, dir: e.getAttribute('dir') || '', text: e.innerText, xs }};
}}))"#,
            json!(selectors)
        ))
        .unwrap();
    let found = found.as_array().unwrap();
    let mut out = Vec::new();
    for s in selectors {
        assert!(found.iter().any(|f| f["selector"] == *s), "no {s} on {url}");
    }
    for f in found {
        let xs: Vec<f64> = f["xs"].as_array().unwrap().iter().map(|p| p[1].as_f64().unwrap()).collect();
        assert!(
            xs.windows(2).all(|w| w[0] < w[1]),
            "{} on {url} is not drawn in reading order: {}",
            f["selector"],
            f["xs"]
        );
        out.push((f["dir"].as_str().unwrap().to_owned(), f["text"].as_str().unwrap().to_owned()));
    }
    out
}

#[test]
fn dari_pages_have_no_serious_axe_violations() {
    let site = built();
    let axe_js = axe::script();
    let mut b = wide_browser();
    b.call("Page.setBypassCSP", json!({ "enabled": true })).unwrap();
    let pages = axe::pages_of_every_kind(&site.out());
    // The Dari pages, and the root ones (the language chooser shows Dari too).
    let dari: Vec<(&String, &String)> =
        pages.iter().filter(|(k, _)| k.starts_with("fa-AF ") || k.starts_with(' ')).collect();
    let kinds = [
        "fa-AF kind-home",
        "fa-AF kind-section",
        "fa-AF kind-lesson",
        "fa-AF kind-lesson/fallback",
        "fa-AF kind-scenario",
        "fa-AF kind-poster",
        "fa-AF kind-search",
        "fa-AF kind-safety",
        "fa-AF print-handbook",
        "fa-AF print-handouts",
        "fa-AF print-script",
        " kind-chooser",
    ];
    for kind in kinds {
        assert!(dari.iter().any(|(k, _)| k.starts_with(kind)), "no {kind} page: {pages:#?}");
    }
    let mut problems = Vec::new();
    for (_, page) in &dari {
        for v in axe::violations(&mut b, &axe_js, &file_url(&site.out().join(page))) {
            problems.push(format!("{page}: {v}"));
        }
    }
    assert!(problems.is_empty(), "{} serious or critical violations:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_handbook_and_a_poster_print_right_to_left() {
    tools::chromium();
    let poppler = tools::poppler();
    let site = SiteTest::fixture("rtl/dari");
    site.run(&["pdf", "--lang", "fa-AF", "--only", "handbook,posters"]).ok();
    let pdfs = site.out().join("pdf/fa-AF");
    let handbook = pdfs.join("handbook.pdf");
    // Cover, contents, the Dari lesson (two pages), the Russian one.
    let page = |p: usize| text(&poppler, &handbook, p);
    let cover = page(1);
    assert!(cover.contains("سفر مصون") && cover.contains("کتاب راهنما"), "{cover}");
    let lesson = page(3);
    for needle in ["پیش از سفر زنگ بزنید", "گرم کردن", "WhatsApp", "1500"] {
        assert!(lesson.contains(needle), "no {needle} in\n{lesson}");
    }
    let handout = (3..=4).map(page).collect::<String>();
    assert!(handout.contains(NUMBER) && handout.contains(HOURS), "the number or hours turned round:\n{handout}");
    let last = size_and_pages(&poppler, &handbook).1;
    assert!(page(last).contains("Документы при себе"), "{}", page(last));
    // Lines start on the right of the Dari lesson, and on the left of the Russian one.
    assert_eq!(aligned(&poppler, &handbook, 3), "right");
    assert_eq!(aligned(&poppler, &handbook, last), "left");

    for (name, w, h) in [("call-first-a4", 216.0, 303.0), ("call-first-a6", 111.0, 154.0)] {
        let poster = pdfs.join("posters").join(format!("{name}.pdf"));
        let ((pw, ph), _) = size_and_pages(&poppler, &poster);
        let pt = |mm: f64| mm * 72.0 / 25.4;
        assert!((pw - pt(w)).abs() <= 0.5 && (ph - pt(h)).abs() <= 0.5, "{name}: {pw} × {ph} pt");
        let t = text(&poppler, &poster, 1);
        for needle in ["برای کار به خارج", "پیش از سفر زنگ بزنید", NUMBER, HOURS] {
            assert!(t.contains(needle), "{name}: no {needle} in\n{t}");
        }
        assert_eq!(aligned(&poppler, &poster, 1), "right", "{name}");
    }
}

/// The text of page `p`, without the bidi controls `pdftotext` puts around runs.
fn text(poppler: &tools::Poppler, pdf: &std::path::Path, p: usize) -> String {
    let out = Command::new(&poppler.pdftotext)
        .args(["-f", &p.to_string(), "-l", &p.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// Page size in points, and page count, from `pdfinfo`.
fn size_and_pages(poppler: &tools::Poppler, pdf: &std::path::Path) -> ((f64, f64), usize) {
    let out = Command::new(&poppler.pdfinfo).arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or("").to_owned();
    let size: Vec<f64> = field("Page size:").split_whitespace().filter_map(|w| w.parse().ok()).collect();
    ((size[0], size[1]), field("Pages:").parse().unwrap())
}

/// Which edge the lines of page `p` keep to: "right" when more lines end at the
/// rightmost edge of the text than start at its leftmost one, else "left" (from the
/// line boxes of `pdftotext -bbox-layout`).
fn aligned(poppler: &tools::Poppler, pdf: &std::path::Path, p: usize) -> &'static str {
    let out = Command::new(&poppler.pdftotext)
        .args(["-bbox-layout", "-f", &p.to_string(), "-l", &p.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&out.stdout);
    let num = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    let lines: Vec<(f64, f64)> = xml.split("<line ").skip(1).map(|l| (num(l, "xMin"), num(l, "xMax"))).collect();
    assert!(lines.len() >= 3, "too few lines on page {p} of {}: {xml}", pdf.display());
    let left = lines.iter().map(|l| l.0).fold(f64::MAX, f64::min);
    let right = lines.iter().map(|l| l.1).fold(f64::MIN, f64::max);
    let at_left = lines.iter().filter(|l| (l.0 - left).abs() < 2.0).count();
    let at_right = lines.iter().filter(|l| (right - l.1).abs() < 2.0).count();
    assert_ne!(at_left, at_right, "page {p} of {}: as many lines at either edge ({lines:?})", pdf.display());
    if at_right > at_left { "right" } else { "left" }
}

/// A title shown by fallback keeps its language wherever it appears in a page of
/// another: the pager, and the handbook's contents (screen readers say it in the
/// right voice; the browser sets it in the right direction).
#[test]
fn fallback_titles_carry_their_language_in_the_pager_and_the_handbook() {
    let site = built();
    let lesson = site.read("fa-AF/lessons/first-call/index.html");
    let next = &lesson[lesson.find("class=\"pager-next\"").expect("a next link")..];
    let next = &next[..next.find("</li>").unwrap()];
    assert!(next.contains("class=\"pager-title\" lang=\"ru\" dir=\"ltr\""), "{next}");
    let home = site.read("fa-AF/index.html");
    assert!(!home.contains("pager-title\" lang=\"fa-AF\""), "the reader's own language is not repeated");
    let handbook = site.read("fa-AF/print/handbook.html");
    let toc = &handbook[handbook.find("handbook-toc").unwrap()..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert_eq!(toc.matches("class=\"hbtoc-title\" lang=\"ru\" dir=\"ltr\"").count(), 1, "{toc}");
    assert_eq!(toc.matches("class=\"hbtoc-title\">").count(), 1, "{toc}");
}
