//! News items (`type = "news"`, `date`) and the Atom feed of each language.

use crate::support::*;

#[test]
fn news_are_newest_first_with_a_feed_per_language() {
    let site = SiteTest::fixture("news/feed");
    site.build().ok();
    let list = site.read("en/news/index.html");
    assert!(list.find("Newer &amp; better").unwrap() < list.find("Older").unwrap(), "newest first");
    site.assert_file("en/news/b/index.html", &["<time datetime=\"2026-03-01\">"]);
    let feed = site.read("ru/atom.xml");
    assert!(
        feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    assert!(feed.contains("<link rel=\"self\" href=\"https://example.org/sub/ru/atom.xml\"/>"), "{feed}");
    assert!(feed.contains("<updated>2026-03-01T00:00:00Z</updated>"));
    // Russian readers get the Russian text, and the English one by fallback.
    assert!(feed.find("Новее").unwrap() < feed.find("Older").unwrap(), "{feed}");
    assert!(feed.contains("<title xml:lang=\"en\">Older</title>"));
    site.assert_file("en/atom.xml", &["Newer &amp; better"]);
    site.assert_file("ru/index.html", &["<link rel=\"alternate\" type=\"application/atom+xml\" href=\"atom.xml\""]);
    assert!(broken_links(&site.out()).is_empty(), "{:?}", broken_links(&site.out()));
}

#[test]
fn news_without_a_date_is_an_error() {
    let site = SiteTest::fixture("news/feed").edit("content/news/a/index.en.md", "date = \"2026-01-05\"\n", "");
    let err = site.build().fails(1);
    assert!(err.contains("content/news/a/index.en.md"), "{err}");
    assert!(err.contains("a news item needs `date = \"YYYY-MM-DD\"`"), "{err}");
}

#[test]
fn a_site_without_news_has_no_feed() {
    let site = SiteTest::fixture("site/minimal");
    site.build().ok();
    assert!(!site.has("en/atom.xml"));
    assert!(!site.read("en/index.html").contains("application/atom+xml"));
}
