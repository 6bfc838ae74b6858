//! `chyrak epub`: every language's book passes EPUBCheck with no error and no warning,
//! its navigation lists the handbook's lessons in the handbook's order, a lesson shown
//! by fallback keeps its own language, its documents open in Chromium from the
//! unpacked files with nothing failing to load, and raw HTML it cannot hold is an
//! error naming the file and line.

use crate::support::browser::{console_errors, file_url};
use crate::support::tools;
use crate::support::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Unzips `book` into `to` and returns its file names, in zip order.
fn unzip(book: &Path, to: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    archive.extract(to).unwrap();
    (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().to_owned()).collect()
}

/// EPUBCheck's report on `book`, as JSON.
fn epubcheck(book: &Path) -> Value {
    let out = std::process::Command::new(tools::java())
        .arg("-jar")
        .arg(tools::epubcheck())
        .args(["--json", "-"])
        .arg(book)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("EPUBCheck gave no JSON report ({e}):\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr))
    })
}

/// The `(href, title, lang)` of every link of the book's table of contents, in order.
fn toc(nav: &str) -> Vec<(String, String, Option<String>)> {
    let toc = &nav[nav.find("epub:type=\"toc\"").unwrap()..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    toc.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let href = a[..a.find('"').unwrap()].to_owned();
            let inner = &a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()];
            let lang = inner.rsplit_once("lang=\"").map(|(_, l)| l[..l.find('"').unwrap()].to_owned());
            (href, strip_tags(inner), lang)
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_language_of_the_sample_passes_epubcheck_with_no_warning() {
    let site = SiteTest::sample();
    let run = site.run(&["epub", "--output", "books"]).ok();
    for lang in ["en", "ru", "ky"] {
        let book = site.root().join(format!("books/handbook-{lang}.epub"));
        assert!(run.stdout().contains(&format!("handbook-{lang}.epub")), "{}", run.stdout());
        let report = epubcheck(&book);
        assert_eq!(report["publication"]["language"], json!(lang), "{report:#}");
        assert!(report["checker"]["nFatal"].is_number(), "EPUBCheck did not check the book: {report:#}");
        let messages: Vec<String> = report["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["severity"] != "INFO" && m["severity"] != "USAGE")
            .map(|m| format!("{} {} {} at {}", m["severity"], m["ID"], m["message"], m["locations"]))
            .collect();
        assert!(messages.is_empty(), "{lang}: EPUBCheck found:\n{}", messages.join("\n"));
        for count in ["nFatal", "nError", "nWarning"] {
            assert_eq!(report["checker"][count], json!(0), "{lang} {count}: {report:#}");
        }
    }
}

#[test]
fn the_navigation_lists_every_lesson_in_the_handbooks_order() {
    let site = SiteTest::sample();
    site.build().ok();
    site.run(&["epub", "--lang", "ru", "--output", "books"]).ok();
    let handbook = site.read("ru/print/handbook.html");
    let printed: Vec<String> = handbook
        .split("<span class=\"hbtoc-title\"")
        .skip(1)
        .map(|s| strip_tags(&s[s.find('>').unwrap() + 1..s.find("</span>").unwrap()]))
        .collect();
    assert!(printed.len() >= 2, "the sample's handbook has lessons: {printed:?}");
    let out = site.root().join("unpacked");
    unzip(&site.root().join("books/handbook-ru.epub"), &out);
    let nav = std::fs::read_to_string(out.join("EPUB/nav.xhtml")).unwrap();
    let entries = toc(&nav);
    let lessons: Vec<&(String, String, Option<String>)> =
        entries.iter().filter(|(href, _, _)| href.starts_with("lesson-")).collect();
    let titles: Vec<String> =
        lessons.iter().map(|(_, t, _)| t.split_once(". ").map_or(t.clone(), |(_, t)| t.to_owned())).collect();
    assert_eq!(titles, printed);
    for (n, (href, title, _)) in lessons.iter().enumerate() {
        assert_eq!(*href, format!("lesson-{:02}.xhtml", n + 1));
        assert!(title.starts_with(&format!("{}. ", n + 1)), "{title}");
        let doc = std::fs::read_to_string(out.join("EPUB").join(href)).unwrap();
        assert!(doc.contains(&format!("<h1>{}</h1>", titles[n])), "{href} holds its lesson");
    }
    // The contacts come first, then the lessons, then the plays.
    assert_eq!(entries[0].0, "contacts.xhtml");
    assert!(entries.last().unwrap().0.starts_with("play-"), "{entries:?}");
    let opf = std::fs::read_to_string(out.join("EPUB/package.opf")).unwrap();
    let spine: Vec<&str> = opf.split("<itemref idref=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(&spine[..4], ["f-cover-xhtml", "f-contacts-xhtml", "f-nav-xhtml", "f-lesson-01-xhtml"]);
}

#[test]
fn a_lesson_shown_by_fallback_keeps_its_language_and_the_package_says_the_books() {
    let site = SiteTest::fixture("site/handbook");
    site.run(&["epub", "--lang", "ky", "--only", "handbook", "--output", "books"]).ok();
    let out = site.root().join("unpacked");
    let names = unzip(&site.root().join("books/handbook-ky.epub"), &out);
    assert_eq!(names[0], "mimetype", "the mimetype comes first");
    assert!(!names.iter().any(|n| n.contains("play-")), "--only handbook: {names:?}");
    let opf = std::fs::read_to_string(out.join("EPUB/package.opf")).unwrap();
    assert!(opf.contains("<dc:language>ky</dc:language>"), "{opf}");
    assert!(opf.contains("<dc:publisher>Test Youth Network</dc:publisher>"), "{opf}");
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    assert!(opf.contains("<meta property=\"dcterms:modified\">"), "{opf}");
    let nav = std::fs::read_to_string(out.join("EPUB/nav.xhtml")).unwrap();
    // `getting-help` has no Kyrgyz text: its Russian text is in the book, marked so.
    let entry = toc(&nav).into_iter().find(|(_, t, _)| t.contains("Куда обратиться за помощью")).unwrap();
    assert_eq!(entry.2.as_deref(), Some("ru"), "{entry:?}");
    let doc = std::fs::read_to_string(out.join("EPUB").join(&entry.0)).unwrap();
    assert!(doc.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\""), "XHTML");
    assert!(doc.contains("lang=\"ky\" xml:lang=\"ky\""), "the document is the Kyrgyz book's");
    assert!(doc.contains("<article class=\"print-lesson\" id=\"lesson-getting-help\" lang=\"ru\""), "{doc}");
    assert!(doc.contains("xml:lang=\"ru\""), "{doc}");
    // The fallback notice is in the reader's language.
    let notice = &doc[doc.find("print-notice").unwrap()..];
    assert!(notice[..notice.find("</p>").unwrap()].contains("lang=\"ky\""), "{notice}");
    // The identifier stays from one edition to the next.
    site.run(&["epub", "--lang", "ky", "--only", "handbook", "--output", "again"]).ok();
    let again = site.root().join("again-unpacked");
    unzip(&site.root().join("again/handbook-ky.epub"), &again);
    let id = |opf: &str| opf[opf.find("urn:uuid:").unwrap()..][..45].to_owned();
    assert_eq!(id(&opf), id(&std::fs::read_to_string(again.join("EPUB/package.opf")).unwrap()));
}

/// A PNG `width` × `height` pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 120]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

#[test]
fn the_books_text_opens_in_chromium_with_nothing_failing_to_load() {
    let site = SiteTest::fixture("site/handbook")
        .bytes("content/lessons/contracts/signing.png", &png(1600, 900))
        .append("content/lessons/contracts/index.ru.md", "\n![Подпись договора](signing.png)\n");
    site.run(&["epub", "--lang", "ru", "--output", "books"]).ok();
    let out = site.root().join("unpacked");
    let names = unzip(&site.root().join("books/handbook-ru.epub"), &out);
    let images: Vec<&String> = names.iter().filter(|n| n.starts_with("EPUB/images/") && !n.contains("logo")).collect();
    assert_eq!(images.len(), 1, "{names:?}");
    let img = image::open(out.join(images[0])).unwrap();
    assert!(img.width() <= 1000 && img.width() >= 600, "a phone's width, not the original's: {}", img.width());
    let opf = std::fs::read_to_string(out.join("EPUB/package.opf")).unwrap();
    let spine: Vec<PathBuf> = opf
        .split("<itemref idref=\"f-")
        .skip(1)
        .map(|s| {
            let id = &s[..s.find('"').unwrap()];
            out.join("EPUB").join(id.trim_end_matches("-xhtml").to_owned() + ".xhtml")
        })
        .collect();
    assert!(spine.len() >= 6, "{spine:?}");
    let mut b = tools::browser();
    b.call("Network.enable", json!({})).unwrap();
    b.call("Log.enable", json!({})).unwrap();
    b.record(true);
    let mut shown = 0;
    for doc in &spine {
        assert!(doc.is_file(), "{} is in the spine and in the zip", doc.display());
        b.open(&file_url(doc)).unwrap();
        let state = b
            .eval("[document.contentType, [...document.images].every(i => i.complete && i.naturalWidth > 0), document.images.length, document.body.innerText.length]")
            .unwrap();
        assert_eq!(state[0], "application/xhtml+xml", "{}: {state}", doc.display());
        assert_eq!(state[1], true, "{}: an image did not load", doc.display());
        shown += state[2].as_u64().unwrap();
        assert!(state[3].as_u64().unwrap() > 10, "{} shows text", doc.display());
    }
    assert!(shown >= 2, "the cover and the lesson's image were shown: {shown}");
    let events = b.take_recorded();
    let failed: Vec<&Value> = events.iter().filter(|e| e["method"] == "Network.loadingFailed").collect();
    assert!(failed.is_empty(), "failed loads: {failed:#?}");
    let errors = console_errors(&events);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let requests: Vec<&str> = events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str())
        .collect();
    assert!(requests.iter().all(|u| u.starts_with("file://")), "{requests:?}");
}

#[test]
fn raw_html_the_book_cannot_hold_is_an_error_naming_file_and_line() {
    let site = SiteTest::fixture("site/handbook")
        .append(
            "content/lessons/contracts/index.en.md",
            "\nA table the author closed wrongly:\n\n<div class=\"box\"><b>Keep your passport.</div></b>\n",
        )
        .append("content/lessons/job-offers/index.en.md", "\n<p>Call us&nbsp;now, &bogus; today.</p>\n");
    site.build().ok();
    let err = site.run(&["epub", "--lang", "en", "--output", "books"]).fails(1);
    assert!(err.contains("contracts/index.en.md"), "{err}");
    assert!(err.contains("`</div>` closes `<b>`"), "{err}");
    let line = site.source("content/lessons/contracts/index.en.md").lines().count();
    assert!(err.contains(&format!(":{line}:")), "the line of the raw HTML ({line}): {err}");
    // Every text's problems come together: the second lesson's too.
    assert!(err.contains("job-offers/index.en.md") && err.contains("`&bogus;`"), "{err}");
    assert!(!site.root().join("books/handbook-en.epub").exists(), "no book is written");
}

#[test]
fn the_lessons_link_to_the_book_of_their_language_when_it_is_made_into_the_site() {
    let site = SiteTest::fixture("site/handbook");
    let run = site.run(&["epub", "--lang", "ru,ky"]).ok();
    assert!(run.stdout().contains("Built the site"), "{}", run.stdout());
    assert!(site.out().join("epub/handbook-ru.epub").is_file() && site.out().join("epub/handbook-ky.epub").is_file());
    let lesson = site.read("ru/lessons/contracts/index.html");
    assert!(
        lesson.contains("href=\"../../../epub/handbook-ru.epub\" type=\"application/epub+zip\""),
        "the Russian lesson links to the Russian book: {lesson}"
    );
    // English has no book: its lessons link to none.
    assert!(!site.read("en/lessons/contracts/index.html").contains(".epub"));
    let problems = broken_links(&site.out());
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
    // A plain build, which makes no book, links to none.
    site.build().ok();
    assert!(!site.read("ru/lessons/contracts/index.html").contains(".epub"));
}

#[test]
fn a_right_to_left_book_reads_right_to_left_and_passes_epubcheck() {
    let site = SiteTest::fixture("rtl/dari");
    site.run(&["epub", "--lang", "fa-AF", "--output", "books"]).ok();
    let book = site.root().join("books/handbook-fa-AF.epub");
    let report = epubcheck(&book);
    for count in ["nFatal", "nError", "nWarning"] {
        assert_eq!(report["checker"][count], json!(0), "{count}: {report:#}");
    }
    let out = site.root().join("unpacked");
    unzip(&book, &out);
    let opf = std::fs::read_to_string(out.join("EPUB/package.opf")).unwrap();
    assert!(opf.contains("xml:lang=\"fa-AF\" dir=\"rtl\""), "{opf}");
    assert!(opf.contains("<spine page-progression-direction=\"rtl\">"), "{opf}");
    let nav = std::fs::read_to_string(out.join("EPUB/nav.xhtml")).unwrap();
    assert!(nav.contains("lang=\"fa-AF\" xml:lang=\"fa-AF\" dir=\"rtl\""), "{nav}");
}

#[test]
fn the_plays_alone_make_a_book_of_their_own() {
    let site = SiteTest::fixture("site/handbook");
    site.run(&["epub", "--lang", "ru", "--only", "scenarios", "--output", "books"]).ok();
    let book = site.root().join("books/plays-ru.epub");
    let report = epubcheck(&book);
    for count in ["nFatal", "nError", "nWarning"] {
        assert_eq!(report["checker"][count], json!(0), "{count}: {report:#}");
    }
    let out = site.root().join("unpacked");
    let names = unzip(&book, &out);
    assert!(names.iter().any(|n| n.starts_with("EPUB/play-")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("lesson-")), "no lesson: {names:?}");
    let cover = std::fs::read_to_string(out.join("EPUB/cover.xhtml")).unwrap();
    let subtitle = &cover[cover.find("class=\"cover-sub\">").unwrap() + 18..];
    let subtitle = &subtitle[..subtitle.find('<').unwrap()];
    let opf = std::fs::read_to_string(out.join("EPUB/package.opf")).unwrap();
    assert!(opf.contains(&format!("<dc:title>Безопасный путь — {subtitle}</dc:title>")), "{subtitle}: {opf}");
    // Not the handbook's identifier: reading apps keep both books.
    site.run(&["epub", "--lang", "ru", "--only", "handbook", "--output", "books"]).ok();
    let handbook = site.root().join("handbook-unpacked");
    unzip(&site.root().join("books/handbook-ru.epub"), &handbook);
    let id = |opf: &str| opf[opf.find("urn:uuid:").unwrap()..][..45].to_owned();
    assert_ne!(id(&opf), id(&std::fs::read_to_string(handbook.join("EPUB/package.opf")).unwrap()));
}
