//! The floor: the least any generator must do with the benchmark's site. It reads every
//! Markdown file under `content/`, drops its front matter, renders the body with
//! pulldown-cmark (in parallel, one task per file) and writes one HTML file per page.
//! No templates, links, search, offline files or print pages: the build's time over
//! this one is what chyrak adds to the work it cannot avoid.
//!
//! Run by the benchmark as `<bench binary> --floor SITE OUT`, in its own process, so
//! that its time and peak memory are measured the same way as `chyrak build`'s.

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use std::fs;
use std::path::Path;

/// The body of a source file: what follows its `+++`-fenced TOML front matter.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("+++") else { return text };
    match rest.find("\n+++") {
        Some(end) => rest[end + 4..].trim_start_matches(['\r', '\n']),
        None => text,
    }
}

pub fn main(site: &Path, out: &Path) {
    let content = site.join("content");
    let files: Vec<_> = walkdir::WalkDir::new(&content)
        .into_iter()
        .map(|e| e.expect("walk the content folder"))
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    // The options chyrak renders with (`parse::markdown::options`).
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    files.par_iter().for_each(|path| {
        let text = fs::read_to_string(path).expect("read a page");
        let mut page = String::with_capacity(text.len() * 3 / 2);
        html::push_html(&mut page, Parser::new_ext(body(&text), options));
        let rel = path.strip_prefix(&content).expect("under content/").with_extension("html");
        let target = out.join(rel);
        fs::create_dir_all(target.parent().expect("a parent")).expect("create an output folder");
        fs::write(target, page).expect("write a page");
    });
}
