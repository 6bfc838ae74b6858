//! Where each page is written and how pages link to each other. Every link the
//! generator writes is relative and names a file (`../lessons/index.html`), so the
//! same output works on a server, under a sub-path and from `file://`.

/// Output path (with `/`) of the page at `@/` path `key` in `lang`.
pub fn page_path(lang: &str, key: &str) -> String {
    if key.is_empty() { format!("{lang}/index.html") } else { format!("{lang}/{key}/index.html") }
}

/// Output folder of an item's bundle files, shared by all languages.
pub fn media_dir(key: &str) -> String {
    format!("media/{key}")
}

/// The public URL of a page: `base_url` + pretty path (for canonical links, sitemap,
/// `hreflang`; never for navigation).
pub fn absolute(base_url: &str, lang: &str, key: &str) -> String {
    let base = base_url.trim_end_matches('/');
    if key.is_empty() { format!("{base}/{lang}/") } else { format!("{base}/{lang}/{key}/") }
}

/// A relative URL from the file `from` to the file `to` (both output paths with `/`).
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The relative prefix from a page to the output root: `../../`.
pub fn to_root(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_name_files() {
        let lesson = page_path("ru", "lessons/01-a");
        assert_eq!(lesson, "ru/lessons/01-a/index.html");
        assert_eq!(relative(&lesson, &page_path("ru", "lessons/02-b")), "../02-b/index.html");
        assert_eq!(relative(&lesson, &page_path("ru", "lessons")), "../index.html");
        assert_eq!(relative(&lesson, &page_path("ky", "")), "../../../ky/index.html");
        assert_eq!(relative("index.html", &page_path("en", "")), "en/index.html");
        assert_eq!(relative(&lesson, "media/lessons/01-a/p.jpg"), "../../../media/lessons/01-a/p.jpg");
        assert_eq!(to_root(&lesson), "../../../");
    }

    #[test]
    fn absolute_urls_use_base_url() {
        assert_eq!(absolute("https://e.org/h/", "ky", "lessons"), "https://e.org/h/ky/lessons/");
        assert_eq!(absolute("https://e.org", "en", ""), "https://e.org/en/");
    }
}
