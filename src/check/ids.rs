//! A render sink that writes nothing and keeps the `id` attributes of every HTML page,
//! so anchors can be checked against the pages readers really get (headings, handouts,
//! footnotes and the theme's own ids alike).

use crate::error::Result;
use crate::render::{Fill, Sink};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

/// The ids on every page, by output path (`en/lessons/a/index.html`). Each id is
/// kept once and pages hold numbers: the theme's ids are on every page and headings
/// repeat, and as strings per page they took 300 MB at 100,000 pages × 3.
#[derive(Default)]
pub struct Ids {
    names: Vec<String>,
    numbers: HashMap<String, u32>,
    /// Sorted numbers of each page's ids.
    pages: HashMap<String, Vec<u32>>,
}

impl Ids {
    fn insert(&mut self, page: &str, found: HashSet<String>) {
        let mut list: Vec<u32> = found
            .into_iter()
            .map(|id| match self.numbers.get(&id) {
                Some(&n) => n,
                None => {
                    let n = self.names.len() as u32;
                    self.names.push(id.clone());
                    self.numbers.insert(id, n);
                    n
                }
            })
            .collect();
        list.sort_unstable();
        self.pages.insert(page.to_owned(), list);
    }

    /// The ids of the page at `path`, if it was rendered.
    pub fn get(&self, path: &str) -> Option<PageIds<'_>> {
        self.pages.get(path).map(|list| PageIds { ids: self, list })
    }
}

/// The ids of one page.
#[derive(Clone, Copy)]
pub struct PageIds<'a> {
    ids: &'a Ids,
    list: &'a [u32],
}

impl<'a> PageIds<'a> {
    pub fn contains(&self, id: &str) -> bool {
        self.ids.numbers.get(id).is_some_and(|n| self.list.binary_search(n).is_ok())
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let names = &self.ids.names;
        self.list.iter().map(move |&n| names[n as usize].as_str())
    }
}

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
            self.ids.lock().unwrap_or_else(|e| e.into_inner()).insert(rel, found);
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

    #[test]
    fn pages_share_their_ids_and_answer_for_themselves() {
        let mut ids = super::Ids::default();
        ids.insert("a.html", super::ids_in("<main id=\"main\"><h2 id=\"где\">"));
        ids.insert("b.html", super::ids_in("<main id=\"main\"><h2 id=\"warm-up\">"));
        assert_eq!(ids.names.len(), 3, "`main` is kept once");
        let a = ids.get("a.html").unwrap();
        assert!(a.contains("main") && a.contains("где") && !a.contains("warm-up") && !a.contains("nowhere"));
        let mut b: Vec<_> = ids.get("b.html").unwrap().iter().collect();
        b.sort();
        assert_eq!(b, ["main", "warm-up"]);
        assert!(ids.get("c.html").is_none());
    }
}
