//! A source file's text: read with a size limit and checked to be UTF-8 (an error names
//! the line of the first bad byte), and either kept in memory or dropped once it is
//! parsed and read again when a stage needs it, so that a build's memory does not
//! grow with the site.

use crate::error::Diagnostic;
use crate::hash::text_hash;
use std::borrow::Cow;
use std::path::Path;

/// Sources larger than this are refused: Markdown this big is a mistake, not a lesson.
pub const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// A source's text, kept or not.
#[derive(Debug)]
pub enum Text {
    Kept(String),
    /// Its length and [`text_hash`], to notice a file edited during the build.
    OnDisk {
        len: usize,
        hash: u64,
    },
}

impl Text {
    /// What is kept of `text` when it is dropped: its length and hash.
    pub fn on_disk(text: &str) -> Text {
        Text::OnDisk { len: text.len(), hash: text_hash(text) }
    }

    /// The whole file at `path`: borrowed when kept, else read again and checked unchanged.
    pub fn read<'a>(&'a self, path: &Path) -> Result<Cow<'a, str>, Diagnostic> {
        match self {
            Text::Kept(s) => Ok(Cow::Borrowed(s)),
            Text::OnDisk { len, hash } => {
                let text = read_text(path)?;
                if text.len() != *len || text_hash(&text) != *hash {
                    return Err(Diagnostic::error(path, "the file changed while the site was being built")
                        .with_help("build again"));
                }
                Ok(Cow::Owned(text))
            }
        }
    }

    /// [`text_hash`] of the whole file, without reading it again.
    pub fn hash(&self) -> u64 {
        match self {
            Text::Kept(s) => text_hash(s),
            Text::OnDisk { hash, .. } => *hash,
        }
    }
}

/// Reads a text file, refusing huge files and reporting invalid UTF-8 with its line.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let mut bytes = Vec::new();
    read_into(path, &mut bytes)?;
    utf8(path, &bytes)?;
    // SAFETY: `utf8` has just checked that `bytes` is valid UTF-8. (Checking again with
    // `String::from_utf8` doubled the cost of every read of a source.)
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Reads a file into `buf` (cleared first), refusing huge files.
pub fn read_into(path: &Path, buf: &mut Vec<u8>) -> Result<(), Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Diagnostic::error(path, format!("cannot read: {e}"));
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_SOURCE_BYTES {
        return Err(Diagnostic::error(path, format!("file is too large ({len} bytes)"))
            .with_help(format!("Markdown sources are limited to {} MiB; split it", MAX_SOURCE_BYTES / 1024 / 1024)));
    }
    buf.clear();
    file.read_to_end(buf).map_err(cannot)?;
    Ok(())
}

/// `bytes` as text, or an error naming the line and column of the first invalid byte.
/// Valid text is checked with SIMD (sources are read several times per build, and
/// the standard check was a tenth of a build's time on Cyrillic text); only invalid
/// text is checked again by the standard library, to find where it breaks.
pub fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let before = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
        let (line, column) = crate::error::line_column(&before, before.len());
        let mut d = Diagnostic::error(path, "file is not valid UTF-8 text")
            .with_help("save the file as UTF-8 (binary files belong in a bundle folder, not as .md)");
        d.line = Some(line);
        d.column = Some(column);
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unloaded_text_is_read_again_and_checked_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.ru.md");
        let text = "+++\ntitle = \"Виза\"\n+++\nТекст урока.\n";
        std::fs::write(&path, text).unwrap();
        let kept = Text::Kept(text.to_owned());
        let dropped = Text::on_disk(text);
        assert_eq!(kept.hash(), dropped.hash(), "the hash survives unloading");
        assert_eq!(dropped.read(&path).unwrap(), text);

        // Edited (same length or not) while the build runs: an error naming the file, not stale output.
        std::fs::write(&path, text.replace("Текст", "Тёкст")).unwrap();
        let d = dropped.read(&path).unwrap_err();
        assert!(d.to_string().contains("index.ru.md") && d.to_string().contains("changed"), "{d}");
        std::fs::write(&path, text.replace("урока", "урокА")).unwrap();
        assert!(dropped.read(&path).is_err());
        std::fs::remove_file(&path).unwrap();
        assert!(dropped.read(&path).unwrap_err().to_string().contains("cannot read"));
    }
}
