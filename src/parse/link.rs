//! The grammar of link targets, written once: what a Markdown link, image or poster
//! `qr` target points to. `@/lessons/01-a#warm-up` is a page of the site by its path
//! under `content/` (`@/` alone is the home page), `#part` an anchor of the same page,
//! `photo.jpg` a file of the item's bundle; `notes.en.md` a link to a source file
//! (an error: pages are linked with `@/`); anything with a scheme (`https:`,
//! `mailto:`, `tel:`) or starting with `/` is left to the browser.

/// What a link target names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dest<'a> {
    /// `@/path#anchor`: `path` has no leading `@/` and no trailing `/`.
    Page { path: &'a str, anchor: Option<&'a str> },
    /// `#anchor` on the same page.
    Anchor(&'a str),
    /// A file of the item's bundle: `name` without `./`, `rest` its `#…` or `?…`.
    File { name: &'a str, rest: &'a str },
    /// A Markdown source (`other.md`, `../a/index.en.md#x`).
    Markdown,
    /// Another site, `mailto:`, `tel:`, a root-relative path, an empty target.
    Other,
}

/// Reads a link target.
pub fn dest(target: &str) -> Dest<'_> {
    if let Some(page) = target.strip_prefix("@/") {
        let (path, anchor) = match page.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (page, None),
        };
        return Dest::Page { path: path.trim_end_matches('/'), anchor };
    }
    if let Some(anchor) = target.strip_prefix('#') {
        return Dest::Anchor(anchor);
    }
    if target.is_empty() || target.starts_with('/') || target.contains(':') {
        return Dest::Other;
    }
    let (name, rest) = match target.find(['#', '?']) {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    if name.ends_with(".md") {
        return Dest::Markdown;
    }
    let name = name.trim_start_matches("./");
    if name.is_empty() { Dest::Other } else { Dest::File { name, rest } }
}

/// The name of a bundle file as a link may write it: spaces as `%20` are spaces.
pub fn file_name(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains("%20") { name.replace("%20", " ").into() } else { name.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_read_one_way() {
        assert_eq!(dest("@/lessons/a/#warm-up"), Dest::Page { path: "lessons/a", anchor: Some("warm-up") });
        assert_eq!(dest("@/"), Dest::Page { path: "", anchor: None });
        assert_eq!(dest("#x"), Dest::Anchor("x"));
        assert_eq!(dest("./img/a.png?v=1"), Dest::File { name: "img/a.png", rest: "?v=1" });
        assert_eq!(dest("b.pdf#page=2"), Dest::File { name: "b.pdf", rest: "#page=2" });
        assert_eq!(dest("../other/index.en.md#a"), Dest::Markdown);
        for other in ["https://example.org", "mailto:a@b.c", "tel:+996", "/x.html", "", "data:image/png,x"] {
            assert_eq!(dest(other), Dest::Other, "{other}");
        }
        assert_eq!(file_name("a%20b.pdf"), "a b.pdf");
    }
}
