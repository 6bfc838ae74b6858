//! Accessibility of the sample site in headless Chromium: axe-core (WCAG 2.0–2.2 A and
//! AA rules, installed from npm by the test) finds no violation of impact "serious" or
//! "critical" on one page of every kind in every language — home, section lists and
//! their later pages, lessons translated and by fallback, scenarios, posters, news,
//! plain pages, topics, search, safety, offline, the language chooser, 404 and the
//! print pages. Pages are picked by kind from the output, not by name. Keyboard use
//! reaches the skip link first, then quick exit, search and the language switch
//! before the main content.

use crate::support::axe;
use crate::support::browser::file_url;
use crate::support::tools;
use crate::support::*;
use serde_json::{Value, json};

#[test]
fn sample_site_has_no_serious_axe_violations_and_a_sensible_tab_order() {
    let axe_js = axe::script();
    let mut b = tools::browser();
    // Short lists, so that a section's list pager is checked too.
    let site = SiteTest::sample().append("site.toml", "\n[sections]\nper_page = 3\n");
    // A lesson shown by fallback, whatever the sample translates: its last lesson
    // without its Kyrgyz translation (Kyrgyz falls back to Russian).
    let site = match fallback_candidate(&site) {
        Some(rel) => site.remove(&rel),
        None => site,
    };
    site.build().ok();
    let pages = axe::pages_of_every_kind(&site.out());
    for kind in
        ["kind-home", "kind-section", "kind-section/later", "kind-lesson", "kind-lesson/fallback", "print-handbook"]
    {
        assert!(pages.keys().any(|k| k.ends_with(&format!(" {kind}"))), "no {kind} page: {pages:#?}");
    }
    b.call("Page.setBypassCSP", json!({ "enabled": true })).unwrap();
    let mut problems = Vec::new();
    for page in pages.values() {
        for v in axe::violations(&mut b, &axe_js, &file_url(&site.out().join(page))) {
            problems.push(format!("{page}: {v}"));
        }
    }
    eprintln!("axe-core checked {} pages: {:?}", pages.len(), pages.keys().collect::<Vec<_>>());
    assert!(problems.is_empty(), "{} serious or critical violations:\n{}", problems.len(), problems.join("\n"));

    // Keyboard: the first Tab stops reach the skip link, then the page's controls, and
    // the skip link leads to the main content; every stop shows a focus outline. On a
    // lesson page in a language other than the first.
    let (_, lesson) = pages
        .iter()
        .find(|(k, p)| k.ends_with(" kind-lesson") && !p.starts_with("en/"))
        .expect("a lesson in another language than English");
    let slug = lesson.split('/').nth(2).unwrap();
    b.open(&file_url(&site.out().join(lesson))).unwrap();
    let order: Value = b
        .eval(
            r#"(() => {
  const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0);
  const main = document.querySelector('main');
  const firstInMain = focusable.findIndex(e => main && main.contains(e));
  return {
    first: focusable[0] ? (focusable[0].getAttribute('href') || '') + ' ' + focusable[0].textContent.trim() : '',
    before_main: focusable.slice(0, firstInMain < 0 ? focusable.length : firstInMain)
      .map(e => (e.className || e.tagName) + ' ' + (e.getAttribute('href') || '')).join(' | '),
    main_id: main ? main.id : '',
    lang: document.documentElement.lang,
  };
})()"#,
        )
        .unwrap();
    let first = order["first"].as_str().unwrap();
    let main_id = order["main_id"].as_str().unwrap();
    assert!(!main_id.is_empty(), "no <main id>: {order}");
    assert!(first.starts_with(&format!("#{main_id}")), "the first Tab stop is not the skip link: {order}");
    let before = order["before_main"].as_str().unwrap();
    // Skip link, quick exit, search field, language switch: all before the content, in that order.
    let stops: Vec<&str> = before.split(" | ").collect();
    let at = |what: &str| {
        stops.iter().position(|s| s.contains(what)).unwrap_or_else(|| panic!("no `{what}` before the content: {order}"))
    };
    let sequence = [at("skip-link"), at("quick-exit https:"), at("INPUT"), at(&format!("en/lessons/{slug}"))];
    assert!(sequence.windows(2).all(|w| w[0] < w[1]), "tab order {sequence:?}: {order}");
    assert_eq!(order["lang"].as_str(), lesson.split('/').next());
    // Focus is visible: a focused link gets an outline (or a box shadow).
    let visible = b
        .eval(
            r#"(() => { const a = document.querySelector('a[href]'); a.focus();
  const s = getComputedStyle(a); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'; })()"#,
        )
        .unwrap();
    assert_eq!(visible, json!(true), "no visible focus on links");
}

/// The sample's last Kyrgyz lesson, whose removal leaves that lesson shown in Kyrgyz
/// by fallback.
fn fallback_candidate(site: &SiteTest) -> Option<String> {
    let lessons = site.root().join("content/lessons");
    let mut found: Vec<String> = walkdir::WalkDir::new(&lessons)
        .into_iter()
        .flatten()
        .map(|e| e.path().strip_prefix(site.root()).unwrap().to_string_lossy().into_owned())
        .filter(|p| p.ends_with("/index.ky.md"))
        .collect();
    found.sort();
    found.pop()
}
