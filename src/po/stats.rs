//! How far each catalog is: the share of messages translated and fuzzy, and the pages
//! with fuzzy messages, for `chyrak check` and its translation matrix.

use super::catalog::Catalog;
use super::merge::page_of;

/// One language's catalog in numbers.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    pub lang: String,
    pub messages: usize,
    pub translated: usize,
    pub fuzzy: usize,
    /// Pages (their `@/` paths) with fuzzy messages: they need a translator's review.
    pub review: Vec<String>,
}

impl Stats {
    /// Percent of `n` in the catalog, rounded down.
    pub fn percent(&self, n: usize) -> usize {
        (n * 100).checked_div(self.messages).unwrap_or(0)
    }
}

/// The numbers of every catalog of the site that can be read (the others are
/// reported by the safety checks).
pub fn stats(site: &crate::model::Site) -> Vec<Stats> {
    let mut out = Vec::new();
    for lang in super::languages(site, &[]).unwrap_or_default() {
        let path = super::catalog_path(&site.root, &lang);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Ok(c) = Catalog::parse(&path, &text) else { continue };
        let live: Vec<_> = c.entries.iter().filter(|e| !e.obsolete).collect();
        let mut review: Vec<String> = live
            .iter()
            .filter(|e| e.is_fuzzy())
            .filter_map(|e| e.context.as_deref())
            .filter(|c| !c.starts_with(super::ui::PREFIX))
            .map(|c| page_of(c).replace("(home)", ""))
            .collect();
        review.dedup();
        out.push(Stats {
            lang,
            messages: live.len(),
            translated: live.iter().filter(|e| e.is_done()).count(),
            fuzzy: live.iter().filter(|e| e.is_fuzzy()).count(),
            review,
        });
    }
    out
}
