//! An Atom feed of each language's news (`<lang>/atom.xml`): every item of type
//! `news` shown in the language (translated or by fallback), newest first. Feeds
//! carry absolute URLs from `base_url`, as feed readers need.

use crate::model::{PageRef, Site};
use crate::output::layout;
use crate::parse::front_matter::ContentType;
use crate::parse::markdown::escape;

/// Most entries in a feed.
const MAX_ENTRIES: usize = 50;

/// The feed, or `None` when the language has no news.
pub fn atom(site: &Site, lang: &str) -> Option<String> {
    let cfg = &site.config;
    let l = cfg.language(lang)?;
    let mut entries: Vec<(&str, String, &crate::model::Translation)> = site
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.content_type == ContentType::News)
        .filter_map(|(i, it)| {
            let t = site.pick(PageRef::Item(i), lang)?;
            Some((t.content.date().unwrap_or(""), it.key(), t))
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    entries.sort_by(|a, b| b.0.cmp(a.0).then(a.1.cmp(&b.1)));
    entries.truncate(MAX_ENTRIES);
    let base = cfg.base_url.trim_end_matches('/');
    let title = l.title.as_deref().unwrap_or(&cfg.title);
    let stamp = |date: &str| format!("{date}T00:00:00Z");
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", escape(lang)));
    xml.push_str(&format!("  <title>{}</title>\n", escape(title)));
    xml.push_str(&format!("  <id>{}</id>\n", escape(&layout::absolute(base, lang, ""))));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&layout::absolute_file(base, &layout::feed(lang)))
    ));
    xml.push_str(&format!("  <link rel=\"alternate\" href=\"{}\"/>\n", escape(&layout::absolute(base, lang, ""))));
    xml.push_str(&format!("  <updated>{}</updated>\n", stamp(entries[0].0)));
    if !cfg.organisation.is_empty() {
        xml.push_str(&format!("  <author><name>{}</name></author>\n", escape(&cfg.organisation)));
    }
    for (date, key, t) in &entries {
        let link = layout::absolute(base, lang, key);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title xml:lang=\"{}\">{}</title>\n", escape(&t.lang), escape(&t.title)));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&link)));
        xml.push_str(&format!("    <link rel=\"alternate\" href=\"{}\"/>\n", escape(&link)));
        xml.push_str(&format!("    <published>{}</published>\n    <updated>{}</updated>\n", stamp(date), stamp(date)));
        if let Some(summary) = &t.summary {
            xml.push_str(&format!("    <summary xml:lang=\"{}\">{}</summary>\n", escape(&t.lang), escape(summary)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(xml)
}
