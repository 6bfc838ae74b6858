//! `sitemap.xml`: absolute URLs of every page a language really has, with `hreflang`
//! alternates between translations.

use crate::model::Site;
use crate::output::{Job, layout};

pub fn sitemap(site: &Site, jobs: &[Job]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let base = &site.config.base_url;
    // A long section's later list pages are reached from its first.
    for job in jobs.iter().filter(|j| j.list_page == 1) {
        let translations = site.translations(job.page);
        // A fallback page is a copy of another language's page: leave it out.
        if !translations.contains_key(job.lang) && !translations.is_empty() {
            continue;
        }
        let key = site.key(job.page);
        out.push_str("  <url>\n    <loc>");
        out.push_str(&xml_escape(&layout::absolute(base, job.lang, &key)));
        out.push_str("</loc>\n");
        for code in translations.keys() {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                xml_escape(code),
                xml_escape(&layout::absolute(base, code, &key))
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn xml_escape(s: &str) -> String {
    crate::parse::markdown::escape(s)
}
