//! axe-core in headless Chromium: WCAG 2.0–2.2 A and AA rules, installed from npm by
//! the tests (`tools::npm_tool`), and the violations of impact "serious" or
//! "critical" on a page; and one page of every kind of a built site, to run it on.

use super::{attr_values, tools, tree};
use chyrak::commands::pdf::cdp::Browser;
use std::collections::BTreeMap;
use std::path::Path;

/// Runs axe on the open page and returns one line per serious or critical violation.
const RUN_AXE: &str = r#"axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  resultTypes: ['violations']
}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))"#;

/// axe-core's script, to load into each page (the browser must bypass the pages'
/// Content-Security-Policy: `Page.setBypassCSP`).
pub fn script() -> String {
    std::fs::read_to_string(tools::npm_tool("axe-core").join("axe.min.js")).unwrap()
}

/// Opens `url` and returns its serious and critical violations, each as
/// "impact id: help — first elements".
pub fn violations(b: &mut Browser, axe: &str, url: &str) -> Vec<String> {
    b.open(url).unwrap();
    b.eval(axe).unwrap();
    let found = b.eval(RUN_AXE).unwrap_or_else(|e| panic!("axe on {url}: {e}"));
    found.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

/// What kind of page `html` is: its body's `kind-…` or `print-…` class, `/fallback`
/// for a page shown from another language, `/later` for a list's later page.
fn kind(rel: &str, html: &str) -> Option<String> {
    let body = &html[html.find("<body")?..];
    let class = attr_values(&body[..body.find('>')?], "class").first()?.to_string();
    let mut kind =
        class.split(' ').find(|c| c.starts_with("kind-") || (c.starts_with("print-") && *c != "print-doc"))?.to_owned();
    if html.contains("class=\"notice notice-fallback\"") {
        kind.push_str("/fallback");
    }
    if rel.contains("/page/") {
        kind.push_str("/later");
    }
    Some(kind)
}

/// One page of every kind in every language (and the root pages), by path.
pub fn pages_of_every_kind(out: &Path) -> BTreeMap<String, String> {
    let mut picked = BTreeMap::new();
    for (rel, bytes) in tree(out) {
        // Posters' print pages are each a single sheet of print-shop layout, made for paper.
        if !rel.ends_with(".html") || rel.contains("/print/posters/") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let Some(kind) = kind(&rel, &html) else { panic!("{rel}: a page of no kind") };
        let lang = if rel.contains('/') { rel.split('/').next().unwrap() } else { "" };
        picked.entry(format!("{lang} {kind}")).or_insert(rel);
    }
    picked
}
