//! The Nu HTML Checker (`vnu-jar` from npm, installed by the test, run with Java)
//! reports no errors on the sample site's output: every page of every type in every
//! language, the later pages of lists included.

use crate::support::*;

#[test]
fn sample_site_is_valid_html() {
    // Short lists, so that the later pages of a section's list are checked too.
    let site = SiteTest::sample().append("site.toml", "\n[sections]\nper_page = 3\n");
    site.build().ok();
    let pages: Vec<String> = tree(&site.out()).into_keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.iter().any(|p| p.contains("/page/2/")), "no list has a second page: {pages:?}");
    let errors = crate::support::vnu::errors(&site.out());
    assert!(errors.is_empty(), "{} HTML errors in {} pages:\n{}", errors.len(), pages.len(), errors.join("\n"));
    eprintln!("the Nu HTML Checker found no errors in {} pages", pages.len());
}
