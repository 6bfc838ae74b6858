//! Writes the build atomically: everything goes into a staging folder beside the
//! output, which replaces the output only when the whole build succeeded. A failed
//! build leaves the previous site untouched, and nothing is written outside the
//! staging folder.

use super::{Fill, Sink};
use crate::error::{Diagnostic, Error, Result};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// A staging folder that becomes the output on [`Staging::commit`] and is removed if
/// dropped before that.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Folders made so far: a page's folder is made once, not once per file in it.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// Prepares to build into `target`. Refuses targets that would overwrite the sources.
    pub fn new(target: &Path, root: &Path) -> Result<Staging> {
        let target = absolute(target)?;
        let root = absolute(root)?;
        if root.starts_with(&target) || target == root.join("content") || target.starts_with(root.join("content")) {
            return Err(Error::Usage(format!(
                "refusing to build into `{}`: it holds the site's sources and would be replaced",
                target.display()
            )));
        }
        let parent = target.parent().ok_or_else(|| Error::Usage("output folder has no parent".into()))?;
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io("remove", &dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| Error::io("create", &dir, e))?;
        Ok(Staging { dir, target, committed: false, made: Default::default() })
    }

    /// Replaces the output with the staged build.
    pub fn commit(mut self) -> Result<PathBuf> {
        let old = self.dir.with_extension("old");
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| Error::io("move aside", &self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io("replace", &self.target, e));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io("remove", &old, e))?;
        }
        Ok(self.target.clone())
    }

    fn path_for(&self, rel: &str) -> Result<PathBuf> {
        let rel_path = Path::new(rel);
        if rel_path.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(Diagnostic::error(rel, "refusing to write outside the output folder").into());
        }
        let path = self.dir.join(rel_path);
        if let Some(parent) = path.parent() {
            let made = |m: &std::collections::HashSet<PathBuf>| m.contains(parent);
            if !made(&self.made.lock().unwrap_or_else(|e| e.into_inner())) {
                std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
                self.made.lock().unwrap_or_else(|e| e.into_inner()).insert(parent.to_owned());
            }
        }
        Ok(path)
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_for(rel)?;
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let path = self.path_for(rel)?;
        std::fs::copy(from, &path).map(|_| ()).map_err(|e| Error::io("copy", from, e))
    }

    /// A hard link when the cache and the output are on one file system, else a copy.
    fn link_cached(&self, rel: &str, from: &Path) -> Result<()> {
        let path = self.path_for(rel)?;
        if std::fs::hard_link(from, &path).is_ok() {
            return Ok(());
        }
        std::fs::copy(from, &path).map(|_| ()).map_err(|e| Error::io("copy", from, e))
    }

    fn write_pieces(&self, rel: &str, fill: Fill) -> Result<()> {
        let path = self.path_for(rel)?;
        let file = std::fs::File::create(&path).map_err(|e| Error::io("write", &path, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut |bytes| out.write_all(bytes).map_err(|e| Error::io("write", &path, e)))?;
        out.flush().map_err(|e| Error::io("write", &path, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_owned()
    } else {
        std::env::current_dir().map_err(|e| Error::io("read", Path::new("."), e))?.join(p)
    };
    // Normalise `.` and `..` without touching the file system (the output may not exist yet).
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_sources() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Staging::new(dir.path(), dir.path()).is_err());
        assert!(Staging::new(&dir.path().join("content"), dir.path()).is_err());
        assert!(Staging::new(&dir.path().join(".."), dir.path()).is_err());
    }

    #[test]
    fn dropped_staging_leaves_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("keep.html"), "old").unwrap();
        {
            let s = Staging::new(&out, &dir.path().join("site")).unwrap();
            s.write("new.html", b"new").unwrap();
            assert!(s.write("../escape.html", b"x").is_err());
        }
        assert_eq!(std::fs::read_to_string(out.join("keep.html")).unwrap(), "old");
        assert!(!out.join("new.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "staging folder removed");

        let s = Staging::new(&out, &dir.path().join("site")).unwrap();
        s.write("a/b.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(out.join("a/b.html").exists());
        assert!(!out.join("keep.html").exists());
    }
}
