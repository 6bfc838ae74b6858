//! Watches the site's sources with notify (debounced, so an editor's save-by-rename
//! or a `git checkout` arrives as one batch) and hands changed paths to the preview.

use super::state::Preview;
use crate::error::{Error, Result};
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::Duration;

/// How long to wait for a burst of changes to settle. Short, because a designer wants
/// to see the edit at once; editors' atomic saves finish well within it.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// Watches `root` and applies changes to `preview` until the process stops. Calls
/// `ready` once every folder is watched (a change from then on is seen), and `report`
/// after each batch with the paths and the outcome.
pub fn watch(
    root: &Path,
    preview: Arc<Preview>,
    ready: &dyn Fn(),
    report: &(dyn Fn(&[PathBuf], &super::live::Event) + Sync),
) -> Result<()> {
    let (tx, rx) = channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(Duration::from_millis(10)), tx)
        .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
    for sub in ["content", "themes", "assets"] {
        let dir = root.join(sub);
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| Error::Usage(format!("cannot watch `{}`: {e}", dir.display())))?;
        }
    }
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Usage(format!("cannot watch `{}`: {e}", root.display())))?;
    ready();
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    for result in rx {
        let Ok(events) = result else { continue };
        let mut paths: Vec<PathBuf> = events
            .iter()
            // Reading a file is an event too (inotify reports opens and closes): only
            // writes, creations, removals and renames are changes.
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
                )
            })
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| p.strip_prefix(&canonical).ok())
            .filter(|rel| relevant(rel))
            .map(|rel| root.join(rel))
            .collect();
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            continue;
        }
        let event = preview.apply(&paths);
        report(&paths, &event);
    }
    Ok(())
}

/// Sources only (`rel` is relative to the site's root; notify reports canonical paths,
/// the model keeps them as discovered): not the output, editors' swap and backup
/// files, or hidden files.
fn relevant(rel: &Path) -> bool {
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let backup = name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with('#')
        || name.ends_with(".tmp");
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    let source = matches!(first.as_str(), "content" | "themes" | "assets") || rel == Path::new("site.toml");
    source && !hidden && !backup
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_are_relevant() {
        assert!(relevant(Path::new("content/a.en.md")));
        assert!(relevant(Path::new("site.toml")));
        assert!(relevant(Path::new("themes/default/css/main.css")));
        assert!(!relevant(Path::new("public/en/index.html")));
        assert!(!relevant(Path::new("content/.a.en.md.swp")));
        assert!(!relevant(Path::new("content/a.en.md~")));
        assert!(!relevant(Path::new(".git/index")));
    }
}
