//! A render sink that writes nothing and keeps the `id` attributes of every HTML page,
//! so anchors can be checked against the pages readers really get (headings, handouts,
//! footnotes and the theme's own ids alike).

use crate::error::Result;
use crate::render::{Fill, Sink};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

/// Output path (`en/lessons/a/index.html`) → ids on that page.
pub type Ids = HashMap<String, HashSet<String>>;

#[derive(Default)]
pub struct IdSink {
    ids: Mutex<Ids>,
}

impl IdSink {
    pub fn into_ids(self) -> Ids {
        self.ids.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for IdSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if rel.ends_with(".html") {
            let found = ids_in(&String::from_utf8_lossy(bytes));
            self.ids.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_owned(), found);
        }
        Ok(())
    }

    fn copy(&self, _: &str, from: &Path) -> Result<()> {
        crate::output::Discard.copy("", from)
    }

    /// Files written in pieces are the big print pages (a handbook of every lesson),
    /// which no `@/` link can point into: rendered for their errors, not scanned.
    fn write_pieces(&self, _: &str, fill: Fill) -> Result<()> {
        fill(&mut |_| Ok(()))
    }
}

/// Values of ` id="…"` attributes (the generator always double-quotes them), unescaped.
pub fn ids_in(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let Some(end) = rest.find('"') else { break };
        let raw = &rest[..end];
        out.insert(if raw.contains('&') {
            raw.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        } else {
            raw.to_owned()
        });
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_ids() {
        let ids = super::ids_in("<h2 id=\"где\">x</h2><p id=\"a&amp;b\"></p><div data-id=\"no\">");
        assert!(ids.contains("где") && ids.contains("a&b"));
        assert_eq!(ids.len(), 2);
    }
}
