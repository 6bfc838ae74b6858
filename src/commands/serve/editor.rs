//! The poster editor of `chyrak serve`: a designer changes a poster translation's
//! headline, text, call to action, colours, sizes, orientation or contact beside its
//! print pages, sees them rendered as they type (drafts, nothing written), and saves.
//!
//! A draft is the file with the new values ([`edit::write`]) read by the loader's own
//! rules (`model::reload_draft`), so a value the build would refuse is refused here
//! with the build's message, and rendered by the print pages' own code. Its pages are
//! served at their usual paths with `?draft=<id>`; only each file's latest draft is
//! kept. Saving checks again, refuses to overwrite a file that changed on disk since
//! the editor opened it (unless told to), and writes by rename, never half a file.
//! The watcher then sees the change like any other edit.
//!
//! Who may edit is decided by the HTTP side (loopback only, same origin, the run's
//! [`Editor::token`]); this module only ever writes files that are poster
//! translations of the loaded site, so nothing outside `content/`.

use super::edit::{self, Fields};
use super::state::{Generation, Preview};
use crate::error::Diagnostic;
use crate::model::content::Contrast;
use crate::model::paper::{self, PaperSize};
use crate::model::{PageRef, Translation};
use crate::output::{Memory, documents, layout};
use crate::render::print::Base;
use crate::site::print::posters::{self, QrCodes};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The editor's state for one run of `serve`.
pub struct Editor {
    token: String,
    enabled: AtomicBool,
    /// `host:port` the preview listens on, for Chromium to open its pages.
    address: Mutex<String>,
    drafts: Mutex<Drafts>,
}

/// Output path → bytes.
type Files = HashMap<String, Arc<Vec<u8>>>;

#[derive(Default)]
struct Drafts {
    next: u64,
    /// The latest draft of each file, and its pages by output path.
    by_file: HashMap<PathBuf, (u64, Files)>,
    /// Stylesheets the drafts' pages link to (named by their content).
    assets: Files,
}

impl Default for Editor {
    fn default() -> Self {
        Editor { token: token(), enabled: AtomicBool::new(false), address: Mutex::default(), drafts: Mutex::default() }
    }
}

impl Editor {
    /// The secret every request that changes something must carry: only pages this
    /// server gave out know it.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Editing is allowed only when the preview listens on a loopback address.
    pub fn enable(&self, on: bool) {
        self.enabled.store(on, Ordering::Relaxed);
    }

    pub fn enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    pub fn set_address(&self, address: &str) {
        *self.address.lock().expect("address lock") = address.to_owned();
    }

    /// `http://host:port` of the preview.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address.lock().expect("address lock"))
    }
}

/// 128 random bits from the standard library's randomly keyed hasher, as hex.
fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    (0..2)
        .map(|i: u8| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(now);
            h.write_u32(std::process::id());
            h.write_u8(i);
            format!("{:016x}", h.finish())
        })
        .collect()
}

/// Why an edit was refused.
#[derive(Debug)]
pub enum Refused {
    /// Not a poster translation of this site.
    NotAPoster(String),
    /// The build would refuse the result: its problems.
    Invalid(Vec<Diagnostic>),
    /// The file changed on disk since the editor opened it.
    Changed,
    Io(String),
}

impl Refused {
    pub fn status(&self) -> u16 {
        match self {
            Refused::NotAPoster(_) => 404,
            Refused::Invalid(_) => 422,
            Refused::Changed => 409,
            Refused::Io(_) => 500,
        }
    }

    /// The answer's JSON: `{"ok": false, "errors": [...], "changed": bool}`.
    pub fn json(&self) -> String {
        let errors: Vec<String> = match self {
            Refused::NotAPoster(file) => vec![format!("`{file}` is not a poster of this site")],
            Refused::Invalid(problems) => problems.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect(),
            Refused::Changed => vec![
                "the file changed on disk since the editor opened it: reopen the editor, or save again to overwrite it"
                    .to_owned(),
            ],
            Refused::Io(e) => vec![e.clone()],
        };
        serde_json::json!({ "ok": false, "errors": errors, "changed": matches!(self, Refused::Changed) }).to_string()
    }
}

/// What the editor opens with.
#[derive(Serialize)]
pub struct Opened {
    pub file: String,
    pub lang: String,
    pub title: String,
    pub fields: Fields,
    /// A hash of the file as it is on disk, sent back on save.
    pub version: String,
    /// `[id, label]` of every contact of `site.toml`.
    pub contacts: Vec<[String; 2]>,
    /// The sizes known by name, for the size checkboxes.
    pub named_sizes: [&'static str; 6],
}

/// A draft, rendered.
#[derive(Serialize)]
pub struct Drafted {
    pub ok: bool,
    pub id: u64,
    pub pages: Vec<DraftPage>,
    pub contrasts: [Contrast; 2],
    /// The build's warnings about the draft.
    pub warnings: Vec<String>,
}

#[derive(Serialize)]
pub struct DraftPage {
    pub size: String,
    /// The draft's print page: `/<lang>/print/posters/<slug>-<size>.html?draft=<id>`.
    pub src: String,
    /// Page size (trim and bleed) in mm.
    pub page_w: f64,
    pub page_h: f64,
}

impl Preview {
    /// The editable values of the poster translation `file` (relative to the site's
    /// folder, e.g. `content/posters/call-first/index.ky.md`).
    pub fn open_poster(&self, file: &str) -> Result<Opened, Refused> {
        let current = self.current.read().expect("preview lock");
        let (path, _, t) = self.poster(&current, file)?;
        let text = read(&path)?;
        let fields = edit::read(&path, &text).map_err(|d| Refused::Invalid(vec![d]))?;
        let contacts = current
            .site
            .config
            .contacts
            .iter()
            .map(|c| [c.id.clone(), format!("{} ({})", c.names.get(&t.lang).unwrap_or(&c.name), c.number)])
            .collect();
        Ok(Opened {
            file: file.to_owned(),
            lang: t.lang.clone(),
            title: t.title.clone(),
            fields,
            version: crate::hash::fingerprint(text.as_bytes()),
            contacts,
            named_sizes: paper::NAMED,
        })
    }

    /// Renders `file` with `fields` (nothing is written): its print pages, served
    /// until the next draft of the same file, the contrast of its colours and the
    /// build's warnings.
    pub fn draft_poster(&self, file: &str, fields: &Fields) -> Result<Drafted, Refused> {
        let current = self.current.read().expect("preview lock");
        let (path, i, _) = self.poster(&current, file)?;
        let (t, warnings) = checked(&current, &path, &read(&path)?, fields)?;
        let poster = t.content.poster().expect("checked to be a poster");
        let inputs = self.inputs(&current);
        let lang = current.site.languages().find(|l| *l == t.lang).expect("a language of the site");
        let slug = &current.site.items[i].slug;
        let qr_codes = QrCodes::default();
        let memory = Memory::default();
        let mut pages = Vec::new();
        let mut files = HashMap::new();
        for size in &poster.sizes {
            let html_path = layout::print_page(lang, &documents::poster_name(slug, size));
            let base = Base::new(&inputs, lang, &html_path);
            let html = posters::render(&inputs, &memory, &base, i, &t, size, &qr_codes).map_err(|e| match e {
                crate::error::Error::Content(problems) => Refused::Invalid(problems),
                other => Refused::Io(other.to_string()),
            })?;
            pages.push(page(&html_path, size, poster.bleed));
            files.insert(html_path, Arc::new(html.into_bytes()));
        }
        let mut drafts = self.editor.drafts.lock().expect("drafts lock");
        drafts.next += 1;
        let id = drafts.next;
        for page in &mut pages {
            page.src.push_str(&format!("?draft={id}"));
        }
        if drafts.assets.len() > 1000 {
            drafts.assets.clear();
        }
        for (rel, body) in memory.into_files() {
            if let Ok(bytes) = body.bytes() {
                drafts.assets.insert(rel, Arc::new(bytes));
            }
        }
        drafts.by_file.insert(path, (id, files));
        Ok(Drafted {
            ok: true,
            id,
            pages,
            contrasts: poster.contrasts(),
            warnings: warnings.iter().map(|d| d.to_string()).collect(),
        })
    }

    /// Writes `fields` into `file`, if the build accepts them and the file is still
    /// the one the editor opened (`version`) or `force`. Returns the new version.
    pub fn save_poster(&self, file: &str, fields: &Fields, version: &str, force: bool) -> Result<String, Refused> {
        let path = {
            let current = self.current.read().expect("preview lock");
            let (path, _, _) = self.poster(&current, file)?;
            let text = read(&path)?;
            if !force && crate::hash::fingerprint(text.as_bytes()) != version {
                return Err(Refused::Changed);
            }
            // The draft keeps the text it was read from: the file's new text.
            let (t, _) = checked(&current, &path, &text, fields)?;
            let new = t.text().map(|t| t.into_owned()).map_err(|d| Refused::Io(d.to_string()))?;
            write(&path, new.as_bytes())?;
            self.editor.drafts.lock().expect("drafts lock").by_file.remove(&path);
            (path, new)
        };
        Ok(crate::hash::fingerprint(path.1.as_bytes()))
    }

    /// The source file (relative to the site's folder) of the poster a web page shows:
    /// `output` is its output path (`en/posters/call-first/index.html`).
    pub fn poster_file_of_page(&self, output: &str) -> Option<String> {
        let current = self.current.read().expect("preview lock");
        let &(page, lang, _) = current.pages.get(output)?;
        let t = current.site.pick(page, &current.site.config.languages[lang].code)?;
        t.content.poster()?;
        Some(site_relative(&self.root, &t.path))
    }

    /// A page or stylesheet of a draft: `draft` is the id of the page's `?draft=`.
    pub fn draft_file(&self, draft: Option<u64>, rel: &str) -> Option<Arc<Vec<u8>>> {
        let drafts = self.editor.drafts.lock().expect("drafts lock");
        if let Some(id) = draft {
            let found = drafts.by_file.values().find(|(i, _)| *i == id).and_then(|(_, pages)| pages.get(rel));
            if found.is_some() {
                return found.cloned();
            }
        }
        drafts.assets.get(rel).cloned()
    }

    /// The poster translation `file` names: its path, its item and translation. Only
    /// files the loaded site has as poster translations qualify.
    fn poster<'a>(&self, current: &'a Generation, file: &str) -> Result<(PathBuf, usize, &'a Translation), Refused> {
        let path = self.root.join(file);
        let found = match current.site.translation_at(&path) {
            Some((crate::model::PageRef::Item(i), t)) if t.content.poster().is_some() => Some((i, t)),
            _ => None,
        };
        match found {
            Some((i, t)) => Ok((path, i, t)),
            None => Err(Refused::NotAPoster(file.to_owned())),
        }
    }
}

/// The file's text with `fields`, read by the loader's rules: the draft translation
/// and its warnings, or every error.
fn checked(
    current: &Generation,
    path: &Path,
    text: &str,
    fields: &Fields,
) -> Result<(Translation, Vec<Diagnostic>), Refused> {
    let new = edit::write(path, text, fields).map_err(|d| Refused::Invalid(vec![d]))?;
    match crate::model::reload_draft(&current.site, path, new) {
        Ok(Some((PageRef::Item(_), t, warnings))) if t.content.poster().is_some() => Ok((t, warnings)),
        Ok(_) => Err(Refused::Invalid(vec![Diagnostic::error(path, "the file is no longer a poster")])),
        Err(problems) => Err(Refused::Invalid(problems)),
    }
}

/// A source's path as the editor names it: relative to the site's folder, with `/`.
pub fn site_relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn page(html_path: &str, size: &PaperSize, bleed: f64) -> DraftPage {
    DraftPage {
        size: size.name.clone(),
        src: format!("/{html_path}"),
        page_w: size.width_mm + 2.0 * bleed,
        page_h: size.height_mm + 2.0 * bleed,
    }
}

fn read(path: &Path) -> Result<String, Refused> {
    crate::model::read_text(path).map_err(|d| Refused::Io(d.to_string()))
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so the
/// file is never half written.
fn write(path: &Path, bytes: &[u8]) -> Result<(), Refused> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.chyrak-edit"));
    let io = |e: std::io::Error| Refused::Io(format!("cannot write `{}`: {e}", path.display()));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}
