//! What platforms that collect open educational resources read: schema.org JSON-LD
//! on lesson, play and poster pages (LRMI `LearningResource`, `CreativeWork`), with
//! the text's real language on a fallback page, and the licence in the footer.

use crate::support::*;
use serde_json::Value;

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
