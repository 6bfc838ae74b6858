//! Where every output file goes and how files link to each other: the one place that
//! knows the output's layout. Every link the generator writes is relative and names a
//! file (`../lessons/index.html`), so the same output works on a server, under a
//! sub-path and from `file://`; absolute URLs (from `base_url`) are only for canonical
//! links, `hreflang`, the sitemap, feeds and QR codes.
//!
//! ```text
//! index.html  404.html  sitemap.xml  sw.js  precache.json       the root
//! assets/chyrak.<hash>.css|js  assets/posters/<hash>.css  assets/print/<hash>.css
//! assets/icons/…  assets/…                                       theme, styles, site assets
//! media/<section>/<slug>/<file>                                  bundle files, once for all languages
//! <lang>/index.html  <lang>/<key>/index.html  <lang>/<key>/page/<n>/index.html
//! <lang>/search/  safety/  topics/<slug>/  offline.html  manifest.webmanifest  precache.json  atom.xml
//! <lang>/print/handbook.html  handouts.html  scenarios/<slug>-<edition>.html  posters/<slug>-<size>.html
//! pdf/<lang>/handbook.pdf  …                                     made by `chyrak pdf`
//! previews/<lang>/card.png  previews/<lang>/<key>/card.png       link-preview cards (not in packs)
//! ```

use crate::model::reserved::{LIST_PAGE, PRINT, SAFETY, SEARCH, TOPICS};

/// The root language chooser.
pub const CHOOSER: &str = "index.html";
pub const NOT_FOUND: &str = "404.html";
pub const SITEMAP: &str = "sitemap.xml";
/// The service worker, at the root so that its scope is the whole site.
pub const SW: &str = "sw.js";
/// The language chooser under a name that says what to open, in `chyrak pack` zips.
pub const START_HERE: &str = "START-HERE.html";
/// The folder of the PDFs `chyrak pdf` makes, inside the site's output.
pub const PDF_DIR: &str = "pdf";
/// The folder of the e-books `chyrak epub` makes, inside the site's output.
pub const EPUB_DIR: &str = "epub";

/// The e-book of `lang`: the handbook (with the plays, when asked) or the plays alone.
pub fn epub(lang: &str, handbook: bool) -> String {
    format!("{EPUB_DIR}/{}-{lang}.epub", if handbook { "handbook" } else { "plays" })
}
/// The web app's icons: (output path, size in pixels, maskable).
pub const ICONS: [(&str, u32, bool); 3] = [
    ("assets/icons/icon-192.png", 192, false),
    ("assets/icons/icon-512.png", 512, false),
    ("assets/icons/maskable-512.png", 512, true),
];
/// The icon pages name for `apple-touch-icon`.
pub const ICON: &str = ICONS[0].0;

/// The folder of a language's pages: `ru/`.
pub fn lang_dir(lang: &str) -> String {
    format!("{lang}/")
}

/// The page at `@/` path `key` in `lang`.
pub fn page_path(lang: &str, key: &str) -> String {
    if key.is_empty() { format!("{lang}/index.html") } else { format!("{lang}/{key}/index.html") }
}

/// The key of page `n` of the list of the section `key` (`lessons/page/2`).
pub fn list_key(key: &str, n: usize) -> String {
    match (n, key) {
        (0 | 1, _) => key.to_owned(),
        (_, "") => format!("{LIST_PAGE}/{n}"),
        _ => format!("{key}/{LIST_PAGE}/{n}"),
    }
}

/// Page `n` (from 1) of the list of the section `key`.
pub fn list_page_path(lang: &str, key: &str, n: usize) -> String {
    page_path(lang, &list_key(key, n))
}

/// The folder of an item's bundle files, shared by all languages.
pub fn media_dir(key: &str) -> String {
    format!("media/{key}")
}

/// A file of the bundle of the item at `key`.
pub fn bundle_file(key: &str, name: &str) -> String {
    format!("media/{key}/{name}")
}

/// The theme's stylesheet and script, named by their content.
pub fn theme_css(hash: &str) -> String {
    format!("assets/chyrak.{hash}.css")
}

pub fn theme_js(hash: &str) -> String {
    format!("assets/chyrak.{hash}.js")
}

/// A poster preview's small stylesheet, named by its content.
pub fn poster_style(hash: &str) -> String {
    format!("assets/posters/{hash}.css")
}

/// A print page's own stylesheet (its page sizes and running headers), named by its content.
pub fn print_style(hash: &str) -> String {
    format!("assets/print/{hash}.css")
}

/// A file of the site's `assets/` folder (`rel` is `/`-separated).
pub fn site_asset(rel: &str) -> String {
    format!("assets/{rel}")
}

/// The language's search page, also its index of topics without JavaScript.
pub fn search_page(lang: &str) -> String {
    format!("{lang}/{SEARCH}/index.html")
}

/// The folder of the language's search index files.
pub fn search_dir(lang: &str) -> String {
    format!("{lang}/{SEARCH}/")
}

/// A file of the language's search index (`index.js`, `s3.js`, `d0.js`).
pub fn search_file(lang: &str, name: &str) -> String {
    format!("{lang}/{SEARCH}/{name}")
}

pub fn safety_page(lang: &str) -> String {
    format!("{lang}/{SAFETY}/index.html")
}

/// What a reader who opens a page never stored gets offline.
pub fn offline_page(lang: &str) -> String {
    format!("{lang}/offline.html")
}

pub fn manifest(lang: &str) -> String {
    format!("{lang}/manifest.webmanifest")
}

/// A language's Atom feed of news.
pub fn feed(lang: &str) -> String {
    format!("{lang}/atom.xml")
}

/// The `@/`-like key of a topic's pages (`topics/<slug>`), for [`list_page_path`].
pub fn topic_key(slug: &str) -> String {
    format!("{TOPICS}/{slug}")
}

/// The service worker's list of a language's files (`lang` empty: the root list).
pub fn precache_list(lang: &str) -> String {
    if lang.is_empty() { "precache.json".to_owned() } else { format!("{lang}/precache.json") }
}

/// A print page of `lang`: `name` is `handbook`, `handouts`, `scenarios/<slug>-actors`…
pub fn print_page(lang: &str, name: &str) -> String {
    format!("{lang}/{PRINT}/{name}.html")
}

/// The PDF of a print page, under the PDF folder: `en/handbook.pdf`.
pub fn pdf(lang: &str, name: &str) -> String {
    format!("{lang}/{name}.pdf")
}

/// The folder of the link-preview cards (1200 × 630 PNGs that messengers show).
pub const PREVIEWS: &str = "previews";

/// The preview card of the page at `key` whose text is in `lang`.
pub fn card(lang: &str, key: &str) -> String {
    if key.is_empty() { format!("{PREVIEWS}/{lang}/card.png") } else { format!("{PREVIEWS}/{lang}/{key}/card.png") }
}

/// The public URL of a page: `base_url` + pretty path.
pub fn absolute(base_url: &str, lang: &str, key: &str) -> String {
    let base = base_url.trim_end_matches('/');
    if key.is_empty() { format!("{base}/{lang}/") } else { format!("{base}/{lang}/{key}/") }
}

/// The public URL of an output file: `base_url` + its path.
pub fn absolute_file(base_url: &str, path: &str) -> String {
    format!("{}/{path}", base_url.trim_end_matches('/'))
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

/// The path of the site on its server, from `base_url` (`/safe-road/`), for pages a
/// server shows at any depth (404).
pub fn base_path(base_url: &str) -> String {
    let path = base_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap_or_else(|| "/".to_owned());
    format!("{}/", path.trim_end_matches('/'))
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
        assert_eq!(list_page_path("ru", "lessons", 2), "ru/lessons/page/2/index.html");
        assert_eq!(list_page_path("ru", "", 3), "ru/page/3/index.html");
    }

    #[test]
    fn absolute_urls_use_base_url() {
        assert_eq!(absolute("https://e.org/h/", "ky", "lessons"), "https://e.org/h/ky/lessons/");
        assert_eq!(absolute("https://e.org", "en", ""), "https://e.org/en/");
        assert_eq!(base_path("https://e.org/safe-road"), "/safe-road/");
        assert_eq!(base_path("https://e.org"), "/");
    }
}
