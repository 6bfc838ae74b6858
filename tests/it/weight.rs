//! Pages light enough for cheap phones, checked on the sample site's output: every
//! lesson page's HTML with the CSS and JavaScript it loads stays under 60 KB gzipped
//! (images excluded); no script blocks rendering; and a search query's downloads stay
//! under the search budget.

use crate::support::*;
use flate2::{Compression, write::GzEncoder};
use std::io::Write;
use std::path::{Path, PathBuf};

const PAGE_BUDGET: usize = 60 * 1024;
const QUERY_BUDGET: u64 = 300 * 1024;

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// The tags named `name` in `html` (`<script …>`), as written.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    html.match_indices(&open)
        .filter(|(i, _)| html[i + open.len()..].starts_with([' ', '>']))
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

/// Every lesson page of the output (`<lang>/lessons/<slug>/index.html`).
fn lesson_pages(out: &Path) -> Vec<PathBuf> {
    tree(out)
        .into_keys()
        .filter(|rel| {
            let parts: Vec<&str> = rel.split('/').collect();
            parts.len() == 4 && parts[1] == "lessons" && parts[3] == "index.html" && parts[2] != "page"
        })
        .map(|rel| out.join(rel))
        .collect()
}

#[test]
fn lesson_pages_with_their_css_and_js_stay_under_60_kb_gzipped_and_no_script_blocks_rendering() {
    let site = SiteTest::sample();
    site.build().ok();
    let out = site.out();
    let pages = lesson_pages(&out);
    assert!(!pages.is_empty(), "the sample has no lesson pages");
    let mut heaviest = (0, String::new());
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let dir = page.parent().unwrap();
        let mut total = gzipped(html.as_bytes());
        for link in tags(&html, "link").into_iter().filter(|l| l.contains("rel=\"stylesheet\"")) {
            let href = attr_values(link, "href")[0];
            total += gzipped(&std::fs::read(dir.join(href)).unwrap_or_else(|e| panic!("{href}: {e}")));
        }
        // A JSON-LD data block is not a script: it never runs and blocks nothing.
        for script in tags(&html, "script").into_iter().filter(|s| !s.contains("type=\"application/ld+json\"")) {
            let src = attr_values(script, "src");
            assert!(!src.is_empty(), "{}: inline script {script}", page.display());
            assert!(
                script.contains(" defer") || script.contains(" async"),
                "{}: render-blocking script {script}",
                page.display()
            );
            total += gzipped(&std::fs::read(dir.join(src[0])).unwrap());
        }
        assert!(total < PAGE_BUDGET, "{}: {total} bytes gzipped with its CSS and JS", page.display());
        if total > heaviest.0 {
            heaviest = (total, page.display().to_string());
        }
    }
    eprintln!("heaviest lesson page with CSS and JS: {} bytes gzipped ({})", heaviest.0, heaviest.1);
}

#[test]
fn a_search_query_downloads_less_than_the_budget() {
    let site = SiteTest::sample();
    site.build().ok();
    let languages: Vec<PathBuf> = std::fs::read_dir(site.out())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("search/index.js").is_file())
        .collect();
    assert!(!languages.is_empty(), "no search index");
    for lang in languages {
        let dir = lang.join("search");
        let size = |name: &str| std::fs::metadata(dir.join(name)).unwrap().len();
        let mut shards = Vec::new();
        let mut docs = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            match name.as_bytes()[0] {
                b's' if name.ends_with(".js") => shards.push(size(&name)),
                b'd' if name.ends_with(".js") => docs.push(size(&name)),
                _ => {}
            }
        }
        shards.sort_unstable_by(|a, b| b.cmp(a));
        docs.sort_unstable_by(|a, b| b.cmp(a));
        // The worst three-word query: the index, the three largest shards and the ten
        // largest document files (a page of results), uncompressed.
        let worst = size("index.js") + shards.iter().take(3).sum::<u64>() + docs.iter().take(10).sum::<u64>();
        assert!(!shards.is_empty() && !docs.is_empty(), "{}: no index files", lang.display());
        assert!(worst < QUERY_BUDGET, "{}: a query may download {worst} bytes", lang.display());
    }
}

/// A small site does not pay for a big one's structure: its search index is a handful
/// of files per language (each one costs a 32 KB cluster on a FAT32 USB stick), filled
/// up to 32 KB; only a prefix bigger than that alone has a bigger file.
#[test]
fn a_small_site_writes_a_handful_of_search_files() {
    let site = SiteTest::sample();
    site.build().ok();
    for lang in ["en", "ru", "ky"] {
        let dir = site.out().join(lang).join("search");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".js"))
            .collect();
        assert!(names.len() <= 16, "{lang}: {} search files", names.len());
        let head = std::fs::read_to_string(dir.join("index.js")).unwrap();
        let table = &head[head.find("\"shards\":{").unwrap()..];
        for name in names.iter().filter(|n| n.starts_with('s')) {
            let n = &name[1..name.len() - 3];
            let size = std::fs::metadata(dir.join(name)).unwrap().len();
            let prefixes = table.matches(&format!(":{n},")).count() + table.matches(&format!(":{n}}}")).count();
            assert!(prefixes >= 1, "{lang}/{name} is in the table");
            assert!(size <= 32 * 1024 || prefixes == 1, "{lang}/{name}: {size} bytes for {prefixes} prefixes");
        }
    }
}
