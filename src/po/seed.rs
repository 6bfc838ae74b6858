//! The first translations of a catalog, taken from the translations already written
//! (`index.ky.md`) wherever their structure lines up with the source's, so that no
//! existing translation is lost when a site starts using catalogs.

use super::Page;
use super::extract::{self, Source};
use crate::model::{Site, Translation};

/// The text of `target` for each message of `page`, in order, or why the two files do
/// not line up.
pub fn align(site: &Site, page: &Page, target: &Translation) -> Result<Vec<String>, String> {
    let text = target.text().map_err(|d| d.message)?;
    let (text, removed) = strip_meta_lines(&text);
    let src = Source::of(&page.key, site.item(page.page), page.source);
    let doc = extract::extract(&src, &target.path, &text).map_err(|d| d.message)?;
    extract::align(&page.doc, &doc, &text, &removed)
}

/// `text` without the front-matter keys only translations have (`review`,
/// `source_hash`): `po apply` writes them itself.
pub fn strip_meta(text: &str) -> String {
    strip_meta_lines(text).0
}

/// [`strip_meta`], and the lines (1-based, of `text`) it left out.
pub fn strip_meta_lines(text: &str) -> (String, Vec<usize>) {
    let mut removed = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut fences = 0;
    let mut skipping_multiline = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if fences >= 2 {
            out.push_str(line);
            continue;
        }
        if line.trim_end() == "+++" {
            fences += 1;
            out.push_str(line);
            continue;
        }
        if skipping_multiline {
            skipping_multiline = !line.contains("\"\"\"");
            removed.push(n + 1);
            continue;
        }
        if fences == 1 && is_meta(line) {
            let value = line.split_once('=').map_or("", |(_, v)| v.trim());
            skipping_multiline = value.starts_with("\"\"\"") && value.matches("\"\"\"").count() == 1;
            removed.push(n + 1);
            continue;
        }
        out.push_str(line);
    }
    (out, removed)
}

/// Whether a front-matter line sets `review` or `source_hash`.
pub fn is_meta(line: &str) -> bool {
    ["review", "source_hash"]
        .iter()
        .any(|k| line.strip_prefix(k).is_some_and(|rest| rest.trim_start().starts_with('=')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_keys_are_left_out() {
        let text =
            "+++\ntitle = \"A\"\nreview = \"\"\"\nlong\n\"\"\"\nsource_hash = \"abc\"\norder = 1\n+++\nreview = body\n";
        assert_eq!(strip_meta(text), "+++\ntitle = \"A\"\norder = 1\n+++\nreview = body\n");
    }
}
