//! Files copied as they are: each bundle's files (once, to `media/<section>/<slug>/`,
//! whatever languages show them) and the site's `assets/` folder (symlinks not
//! followed, and an `assets/` that is itself a link out of the site refused).

use crate::error::{Diagnostic, Error, Result};
use crate::model::Site;
use crate::output::{Sink, layout};
use std::path::PathBuf;

/// Copies every bundle file of the site.
pub fn copy_bundles(site: &Site, sink: &dyn Sink) -> Result<()> {
    for item in &site.items {
        for file in &item.files {
            sink.copy(&layout::bundle_file(&item.key(), &file.name), &file.path)?;
        }
    }
    Ok(())
}

/// The files of the site's `assets/` folder: (output path, source), in a stable order.
pub fn site_assets(site: &Site) -> Result<Vec<(String, PathBuf)>> {
    let dir = site.root.join("assets");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    // walkdir follows a symlinked root: refuse an assets/ that leads out of the site.
    let real = dir.canonicalize().map_err(|e| Error::io("read", &dir, e))?;
    if !site.root.canonicalize().is_ok_and(|root| real.starts_with(root)) {
        return Err(Diagnostic::error(&dir, "assets/ is a link to a folder outside the site")
            .with_help("copy the files into the site's assets/ folder: chyrak reads nothing outside the site")
            .into());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| Diagnostic::error(&dir, format!("cannot read: {e}")))?;
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            out.push((layout::site_asset(&rel.join("/")), entry.into_path()));
        }
    }
    Ok(out)
}
