//! Where pages travel: schema.org JSON-LD on lesson, play and poster pages (LRMI
//! `LearningResource`, `CreativeWork`) for platforms that collect open educational
//! resources, with the text's real language on a fallback page; the licence in the
//! footer; and the "Share" control, which loads nothing from another site.

use crate::support::browser::{console_errors, wait_for};
use crate::support::http::StaticServer;
use crate::support::*;
use serde_json::{Value, json};

/// The JSON-LD of a page, if it has one.
fn json_ld(html: &str) -> Option<Value> {
    let start = html.find("<script type=\"application/ld+json\">")? + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..end]).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}")))
}

/// The `href` of the page's canonical link.
fn canonical(html: &str) -> &str {
    let start = html.find("<link rel=\"canonical\" href=\"").unwrap() + "<link rel=\"canonical\" href=\"".len();
    &html[start..start + html[start..].find('"').unwrap()]
}

#[test]
fn lessons_plays_and_posters_carry_learning_resource_metadata() {
    // One Kyrgyz lesson untranslated: its Kyrgyz page shows the Russian text.
    let site = SiteTest::sample().remove("content/lessons/05-writing-a-cv/index.ky.md");
    site.build().ok();
    let out = site.out();
    let base = "https://example.org/safe-road/";
    let mut lessons = 0;
    for lang in ["en", "ru", "ky"] {
        for entry in std::fs::read_dir(out.join(lang).join("lessons")).unwrap().flatten() {
            let page = entry.path().join("index.html");
            if !entry.path().is_dir() || entry.file_name() == "page" || !page.is_file() {
                continue;
            }
            let html = std::fs::read_to_string(&page).unwrap();
            let at = page.display();
            let d = json_ld(&html).unwrap_or_else(|| panic!("{at} has no JSON-LD"));
            lessons += 1;
            assert_eq!(d["@context"], "https://schema.org", "{at}");
            assert_eq!(d["@type"], "LearningResource", "{at}");
            assert_eq!(d["learningResourceType"], "lesson plan", "{at}");
            assert!(d["name"].as_str().is_some_and(|n| !n.is_empty() && html.contains(n)), "{at}: {d}");
            assert!(d["description"].as_str().is_some_and(|s| !s.is_empty()), "{at}");
            assert!(
                d["typicalAgeRange"].as_str().is_some_and(|a| a.split('-').all(|n| n.parse::<u32>().is_ok())),
                "{at}: {d}"
            );
            assert!(
                d["timeRequired"].as_str().is_some_and(|t| t.starts_with("PT") && t.ends_with(['M', 'H'])),
                "{at}: {d}"
            );
            assert!(d["teaches"].as_array().is_some_and(|t| !t.is_empty() && t.iter().all(Value::is_string)), "{at}");
            assert!(d["educationalLevel"].as_str().is_some_and(|l| l.ends_with("education")), "{at}: {d}");
            assert_eq!(d["isPartOf"]["@type"], "Book", "{at}");
            assert!(
                d["isPartOf"]["url"].as_str().is_some_and(|u| u.starts_with(base) && u.ends_with("/lessons/")),
                "{at}: {d}"
            );
            assert_eq!(d["publisher"]["name"], "Example Youth Prevention Network (a fictional organisation)");
            assert_eq!(d["license"], "https://creativecommons.org/licenses/by/4.0/", "{at}");
            assert_eq!(d["url"], canonical(&html), "{at}");
            let fallback = lang == "ky" && page.to_string_lossy().contains("05-writing-a-cv");
            let text_lang = if fallback { "ru" } else { lang };
            assert_eq!(d["inLanguage"], text_lang, "{at}: the language the text is in");
        }
    }
    assert_eq!(lessons, 24, "8 lessons × 3 languages");

    let play = site.read("ru/scenarios/the-offer/index.html");
    let d = json_ld(&play).unwrap();
    assert_eq!(
        (d["@type"].as_str(), d["learningResourceType"].as_str()),
        (Some("LearningResource"), Some("play script"))
    );
    assert_eq!(d["inLanguage"], "ru");
    assert_eq!(d["isPartOf"]["@type"], "Collection");

    let poster = site.read("en/posters/call-before-you-go/index.html");
    let d = json_ld(&poster).unwrap();
    assert_eq!((d["@type"].as_str(), d["genre"].as_str()), (Some("CreativeWork"), Some("poster")));
    assert!(d["size"].as_array().is_some_and(|s| s.iter().any(|s| s == "A4 (210 × 297 mm)")), "{d}");

    // Lists and other pages have none; every page names the licence in its footer.
    for page in ["en/index.html", "en/lessons/index.html", "ru/safety/index.html"] {
        let html = site.read(page);
        assert!(json_ld(&html).is_none(), "{page}");
        assert!(html.contains("rel=\"license\""), "{page}");
    }
    assert!(
        site.read("ru/index.html").contains(
            "Лицензия: <a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">CC BY 4.0</a>"
        )
    );
}

#[test]
fn a_licence_chyrak_does_not_know_is_an_error_with_the_way_out() {
    let site =
        SiteTest::fixture("site/handbook").edit("site.toml", "base_url = ", "license = \"CC-BY-4\"\nbase_url = ");
    let err = site.build().fails(1);
    assert!(err.contains("unknown licence `CC-BY-4`") && err.contains("did you mean `CC-BY-4.0`?"), "{err}");
    let site = SiteTest::fixture("site/handbook").edit(
        "site.toml",
        "base_url = ",
        "license = { name = \"Our own licence\", url = \"https://example.org/licence\" }\nbase_url = ",
    );
    site.build().ok();
    assert!(
        site.read("en/index.html")
            .contains("<a href=\"https://example.org/licence\" rel=\"license\">Our own licence</a>")
    );
}

/// "Share" as a reader meets it: on a phone the browser's share sheet with the page's
/// public address; elsewhere the control opens on plain Telegram and WhatsApp links and
/// "Copy link" copies the address. No request leaves the site; hidden in print.
#[test]
fn share_uses_the_share_sheet_or_plain_links_and_loads_nothing_from_elsewhere() {
    let site = SiteTest::fixture("site/handbook");
    site.build().ok();
    let server = StaticServer::start(site.out());
    let page = server.url("/ru/lessons/contracts/");
    let public = "https://example.org/safe/ru/lessons/contracts/";
    let mut b = tools::browser();
    b.call("Network.enable", json!({})).unwrap();
    b.call("Log.enable", json!({})).unwrap();
    b.record(true);

    // A desktop browser without a share sheet: the links and "Copy link".
    b.open(&page).unwrap();
    assert_eq!(
        b.eval("typeof navigator.share").unwrap(),
        json!("undefined"),
        "headless Chromium on Linux has no share sheet"
    );
    b.call_browser_target(
        "Browser.grantPermissions",
        json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": server.url("").trim_end_matches('/') }),
    )
    .unwrap();
    b.eval("document.querySelector('.share summary').click(); true").unwrap();
    wait_for(&mut b, "document.querySelector('.share').open", "the share control open");
    let telegram = b.eval("document.querySelector('.share a[href^=\"https://t.me/\"]').href").unwrap();
    assert_eq!(
        telegram,
        json!(
            "https://t.me/share/url?url=https%3A%2F%2Fexample.org%2Fsafe%2Fru%2Flessons%2Fcontracts%2F&text=%D0%A2%D1%80%D1%83%D0%B4%D0%BE%D0%B2%D1%8B%D0%B5%20%D0%BF%D1%80%D0%B0%D0%B2%D0%B0%20%D0%B8%20%D0%B4%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80"
        )
    );
    let whatsapp = b.eval("document.querySelector('.share a[href^=\"https://wa.me/\"]').href").unwrap();
    assert!(
        whatsapp.as_str().unwrap().ends_with("%20https%3A%2F%2Fexample.org%2Fsafe%2Fru%2Flessons%2Fcontracts%2F"),
        "{whatsapp}"
    );
    b.eval("document.querySelector('[data-share-copy]').click(); true").unwrap();
    wait_for(&mut b, "document.querySelector('[data-share-status]').textContent === 'Ссылка скопирована'", "the copy");
    assert_eq!(b.eval("navigator.clipboard.readText()").unwrap(), json!(public));

    // A phone's browser: the share sheet, with the public address, and no open control.
    b.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "navigator.share = (data) => { window.shared = data; return Promise.resolve(); };" }),
    )
    .unwrap();
    b.open(&page).unwrap();
    b.eval("document.querySelector('.share summary').click(); true").unwrap();
    wait_for(&mut b, "window.shared && window.shared.url", "the share sheet");
    assert_eq!(b.eval("window.shared.url").unwrap(), json!(public));
    assert_eq!(b.eval("document.querySelector('.share').open").unwrap(), json!(false));

    // Not printed.
    b.call("Emulation.setEmulatedMedia", json!({ "media": "print" })).unwrap();
    assert_eq!(b.eval("getComputedStyle(document.querySelector('.share')).display").unwrap(), json!("none"));

    let events = b.take_recorded();
    let origin = server.url("");
    let elsewhere: Vec<&str> = events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str())
        .filter(|u| !u.starts_with(&origin) && !u.starts_with("data:"))
        .collect();
    assert!(elsewhere.is_empty(), "requests to other origins: {elsewhere:?}");
    let errors = console_errors(&events);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn a_site_can_turn_share_off() {
    let site =
        SiteTest::fixture("site/handbook").edit("site.toml", "quick_exit = true", "quick_exit = true\nshare = false");
    site.build().ok();
    assert!(!site.read("ru/lessons/contracts/index.html").contains("data-share"));
    let on = SiteTest::fixture("site/handbook");
    on.build().ok();
    assert!(on.read("ru/lessons/contracts/index.html").contains("data-share"));
    assert!(!on.read("ru/index.html").contains("data-share"), "only on lessons, plays and posters");
}

/// The content of `<meta property|name="{name}" content="…">`, every one.
fn meta<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    for attr in ["property", "name"] {
        let needle = format!("<meta {attr}=\"{name}\" content=\"");
        let mut rest = html;
        while let Some(i) = rest.find(&needle) {
            let after = &rest[i + needle.len()..];
            found.push(&after[..after.find('"').unwrap()]);
            rest = after;
        }
    }
    found
}

/// Every page of the sample, as a messenger reads it: Open Graph and Twitter card tags
/// with absolute URLs, an image that exists in the output with its real size.
#[test]
fn every_page_has_link_preview_tags() {
    let site = SiteTest::sample();
    site.build().ok();
    let out = site.out();
    let base = "https://example.org/safe-road/";
    let mut pages = 0;
    for (rel, bytes) in tree(&out) {
        // Print pages are for paper; the 404 page is served at any address.
        if !rel.ends_with(".html") || rel.contains("/print/") || rel == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        pages += 1;
        let one = |name: &str| {
            let v = meta(&html, name);
            assert_eq!(v.len(), 1, "{rel}: {name} {v:?}");
            v[0].to_owned()
        };
        assert!(!one("og:title").is_empty() && !one("og:description").is_empty(), "{rel}");
        assert!(["article", "website"].contains(&one("og:type").as_str()), "{rel}");
        let url = one("og:url");
        assert!(url.starts_with(base), "{rel}: {url}");
        assert!(!one("og:site_name").is_empty(), "{rel}");
        let locale = one("og:locale");
        assert!(["en_US", "ru_RU", "ky_KG"].contains(&locale.as_str()), "{rel}: {locale}");
        for alt in meta(&html, "og:locale:alternate") {
            assert_ne!(alt, locale, "{rel}");
        }
        let image = one("og:image");
        let file = image.strip_prefix(base).unwrap_or_else(|| panic!("{rel}: {image} is not absolute under {base}"));
        assert!(file.starts_with("previews/") && file.ends_with("/card.png"), "{rel}: {file}");
        let img = image::open(out.join(file)).unwrap_or_else(|e| panic!("{rel}: {file}: {e}"));
        assert_eq!((img.width(), img.height()), (1200, 630), "{rel}: {file}");
        assert_eq!(one("og:image:width"), "1200", "{rel}");
        assert_eq!(one("og:image:height"), "630", "{rel}");
        assert!(!one("og:image:alt").is_empty(), "{rel}");
        assert_eq!(one("twitter:card"), "summary_large_image", "{rel}");
        assert_eq!(one("twitter:image:alt"), one("og:image:alt"), "{rel}");
    }
    assert!(pages > 60, "{pages} pages checked");
    let lesson = site.read("ru/lessons/04-labour-rights-and-contracts/index.html");
    assert_eq!(meta(&lesson, "og:type"), ["article"]);
    assert_eq!(meta(&lesson, "og:locale:alternate"), ["en_US", "ky_KG"]);
    assert_eq!(meta(&lesson, "og:url"), [canonical(&lesson)]);
}
