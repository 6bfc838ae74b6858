//! The fonts a site brings: `.ttf`/`.otf` files of its theme's folder and of its
//! `assets/`. `check` compares their letters with the text's; preview cards are set
//! in them first.

use crate::model::Site;
use std::path::{Path, PathBuf};

/// The site's font files, sorted (symlinks not followed).
pub fn files(site: &Site) -> Vec<PathBuf> {
    let dirs = [site.root.join("themes").join(&site.config.theme), site.root.join("assets")];
    let mut fonts = Vec::new();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        for e in walkdir::WalkDir::new(dir).follow_links(false).max_depth(8).into_iter().flatten() {
            if e.file_type().is_file() && is_font(e.path()) {
                fonts.push(e.into_path());
            }
        }
    }
    fonts.sort();
    fonts
}

fn is_font(p: &Path) -> bool {
    p.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("ttf") || x.eq_ignore_ascii_case("otf"))
}
