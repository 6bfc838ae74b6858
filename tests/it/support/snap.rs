//! Helpers for snapshot tests: cut the part of a page a snapshot is about, and take
//! out what differs from run to run (the temporary folder).

use std::path::Path;

/// The first `<tag …>…</tag>` element of `html`, as written (the tag must not nest).
pub fn element(html: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let start = html
        .match_indices(&open)
        .map(|(i, _)| i)
        .find(|&i| html[i + open.len()..].starts_with([' ', '>']))
        .unwrap_or_else(|| panic!("no <{tag}> in:\n{html}"));
    let close = format!("</{tag}>");
    let end = html[start..].find(&close).unwrap_or_else(|| panic!("<{tag}> is not closed")) + start + close.len();
    html[start..end].to_owned()
}

/// The element that starts with `start` (e.g. `<div class="fountain"`) up to its
/// matching closing tag, counting nested elements of the same name.
pub fn element_starting(html: &str, start: &str) -> String {
    let from = html.find(start).unwrap_or_else(|| panic!("no `{start}` in:\n{html}"));
    let tag: String = start[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 0usize;
    let mut i = from;
    loop {
        let next_open =
            html[i..].find(&open).map(|p| p + i).filter(|&p| html[p + open.len()..].starts_with([' ', '>']));
        let next_close = html[i..].find(&close).map(|p| p + i).unwrap_or_else(|| panic!("`{start}` is not closed"));
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close.len();
                if depth == 0 {
                    return html[from..i].to_owned();
                }
            }
        }
    }
}

/// `text` with the site's temporary folder written as `[ROOT]`.
pub fn redact(text: &str, root: &Path) -> String {
    let mut out = text.replace(&root.display().to_string(), "[ROOT]");
    if let Ok(real) = root.canonicalize() {
        out = out.replace(&real.display().to_string(), "[ROOT]");
    }
    out
}
