//! Embeds the default theme: every file under `themes/default/` becomes an entry of
//! `THEME_FILES` (path relative to the theme, contents), so the list of built-in theme
//! files is derived from the folder, never kept by hand.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .follow_links(false)
        .into_iter()
        .map(|e| e.expect("readable theme folder"))
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            println!("cargo:rerun-if-changed={}", e.path().display());
            let rel = e.path().strip_prefix(&root).expect("inside the theme");
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            (rel.join("/"), e.path().display().to_string())
        })
        .collect();
    files.sort();
    let mut out = String::from("/// Every file of the default theme: (path in the theme, contents).\n");
    out.push_str("pub const THEME_FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in files {
        writeln!(out, "    ({rel:?}, include_str!({path:?})),").expect("write to a string");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("theme_files.rs");
    std::fs::write(dest, out).expect("write the theme's file list");
}
