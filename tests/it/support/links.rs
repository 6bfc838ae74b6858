//! The link checker: every relative `href`/`src` of every generated page must name a
//! file that exists (never a folder: `file://` shows folders as listings) and an
//! anchor that exists in it. Plus the small HTML helpers the tests read pages with.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Values of `attr="…"` in `html` (attribute values are always double-quoted in our output).
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

pub fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks every relative `href`/`src` of every HTML file under `out`: the target must be
/// a file (not a folder: `file://` shows folders as listings) and its anchor must exist.
/// Returns the problems found.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut pages = Vec::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            let set = attr_values(&html, "id").into_iter().map(unescape).collect();
            ids.insert(e.path().to_owned(), set);
            pages.push((e.path().to_owned(), html));
        }
    }
    let mut problems = Vec::new();
    for (page, html) in &pages {
        // The 404 page is served at any depth; its links start from the server root.
        if page.file_name().is_some_and(|n| n == "404.html") && page.parent() == Some(out) {
            continue;
        }
        let mut targets = attr_values(html, "href");
        targets.extend(attr_values(html, "src"));
        for raw in targets {
            let target = unescape(raw);
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
                || target.starts_with("tel:")
                || target.starts_with("sms:")
                || target.starts_with("data:")
            {
                continue;
            }
            if target.starts_with('/') {
                problems.push(format!("{}: root-relative link `{target}` breaks on file://", page.display()));
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p.to_owned(), Some(percent_decode(a))),
                None => (target.clone(), None),
            };
            let path = path.split('?').next().unwrap().to_owned();
            let file = if path.is_empty() {
                page.clone()
            } else {
                normalise(&page.parent().unwrap().join(percent_decode(&path)))
            };
            if !file.is_file() {
                problems.push(format!("{}: `{target}` → {} is not a file", page.display(), file.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                if anchor.is_empty() {
                    continue;
                }
                if file.extension().is_some_and(|x| x == "html") && !ids.get(&file).is_some_and(|s| s.contains(&anchor))
                {
                    problems.push(format!("{}: `{target}`: no id `{anchor}` in {}", page.display(), file.display()));
                }
            }
        }
    }
    problems
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
