//! The theme: Tera templates, CSS, JS and UI strings. The default theme is compiled
//! into the binary; a site's `themes/<name>/` folder overrides it file by file.

use super::i18n::Catalog;
use crate::error::{Diagnostic, Error, Result};
use crate::hash::fingerprint;
use crate::output::layout;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

// Every file of the default theme (`THEME_FILES`), listed by build.rs.
include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// The default theme's files under `dir/` (`templates`, `css`…): (path under it, text).
pub fn builtin(dir: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    THEME_FILES.iter().filter_map(move |(path, text)| Some((path.strip_prefix(dir)?.strip_prefix('/')?, *text)))
}

/// The stylesheet that `@import`s the others, in the order they cascade.
const CSS_ENTRY: &str = "site.css";

/// A theme's files: the built-in ones, each replaced by the site's theme folder's file
/// of the same path, plus that folder's own: path in the theme → (text, where it is).
struct Files(std::collections::BTreeMap<String, (String, PathBuf)>);

impl Files {
    fn load(dir: Option<&Path>) -> Result<Files> {
        let mut files: std::collections::BTreeMap<String, (String, PathBuf)> = THEME_FILES
            .iter()
            .map(|(path, text)| {
                (path.to_string(), (text.to_string(), PathBuf::from(format!("(built-in theme)/{path}"))))
            })
            .collect();
        if let Some(dir) = dir {
            for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter().flatten() {
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !entry.file_type().is_file() || hidden {
                    continue;
                }
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
                // UI strings override key by key (see `i18n`); fonts and images are not text.
                let text_file = ["templates/", "css/", "js/", "scripts/"].iter().any(|d| rel.join("/").starts_with(d));
                if text_file {
                    let text = crate::model::read_text(entry.path())?;
                    files.insert(rel.join("/"), (text, entry.path().to_owned()));
                }
            }
        }
        Ok(Files(files))
    }

    /// The files under `dir/`: (path under it, text, where it is).
    fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a str, &'a Path)> + 'a {
        self.0.iter().filter_map(move |(path, (text, from))| {
            Some((path.strip_prefix(dir)?.strip_prefix('/')?, text.as_str(), from.as_path()))
        })
    }
}

/// Scripts of `scripts/` that only `chyrak serve` uses (with `templates/preview/`).
const PREVIEW_SCRIPTS: [&str; 2] = ["live.js", "preview-sw.js"];

/// Theme files only the e-books and course packages use (`chyrak epub`, `chyrak pack
/// --format scorm|kolibri`): templates under these folders, and the SCO script.
const PACKAGE_ONLY: [&str; 4] = ["epub/", "course/", "book/", "scorm.js"];

/// A loaded theme, shared read-only by all render threads.
pub struct Theme {
    pub tera: tera::Tera,
    pub catalog: Arc<Catalog>,
    /// The stylesheet and its fingerprinted file name under the output root.
    pub css: (String, String),
    pub js: (String, String),
    /// Scripts that are not part of pages (`scripts/`): the service worker, the
    /// preview's live reload, the poster measurement: name → text.
    pub scripts: std::collections::BTreeMap<String, String>,
    /// A hash of every template, stylesheet and script, for the service worker's
    /// page hashes (UI strings are hashed per language).
    pub fingerprint: String,
    /// Every template's file and source, to place rendering errors on a line.
    sources: Vec<(String, PathBuf, String)>,
}

impl Theme {
    /// Loads the theme `name` with CSS for the default browsers.
    pub fn load(root: &Path, name: &str, languages: &[&str]) -> Result<Theme> {
        Self::load_for(root, name, languages, crate::assets::css::DEFAULT_BROWSERS)
    }

    /// Loads the theme `name`, with CSS built for the browserslist query `browsers`.
    pub fn load_for(root: &Path, name: &str, languages: &[&str], browsers: &str) -> Result<Theme> {
        let dir = root.join("themes").join(name);
        let dir = if dir.is_dir() {
            Some(dir)
        } else if name != "default" {
            return Err(Diagnostic::error(
                root.join("site.toml"),
                format!("theme `{name}` not found at `{}`", dir.display()),
            )
            .with_help("create the folder, or remove `theme` to use the built-in default theme")
            .into());
        } else {
            None
        };
        let catalog = Arc::new(Catalog::load(languages, dir.as_deref())?);
        let files = Files::load(dir.as_deref())?;
        let sources: Vec<(String, String, PathBuf)> =
            files.under("templates").map(|(n, s, p)| (n.to_owned(), s.to_owned(), p.to_owned())).collect();
        let css = build_css(root, &files, browsers)?;
        // The page's script: every `js/*.js`, in name order.
        let mut js = String::new();
        for (name, text, _) in files.under("js").filter(|(n, _, _)| n.ends_with(".js") && !n.contains('/')) {
            let _ = name;
            js.push_str(text);
            js.push('\n');
        }
        let scripts: std::collections::BTreeMap<String, String> =
            files.under("scripts").map(|(n, s, _)| (n.to_owned(), s.to_owned())).collect();
        // What readers get: the preview's own files (the poster board, live reload)
        // never reach a build, so changing them must not make readers' service
        // workers download the site again.
        // Nor do the templates and script of the e-books and course packages.
        let preview_only = |name: &str| {
            name.starts_with("preview/")
                || PREVIEW_SCRIPTS.contains(&name)
                || PACKAGE_ONLY.iter().any(|p| name.starts_with(p))
        };
        let mut all = String::new();
        for (n, s, _) in sources.iter().filter(|(n, _, _)| !preview_only(n)) {
            all.push_str(n);
            all.push_str(s);
        }
        all.push_str(&css);
        all.push_str(&js);
        for (n, s) in scripts.iter().filter(|(n, _)| !preview_only(n)) {
            all.push_str(n);
            all.push_str(s);
        }
        let theme_fingerprint = fingerprint(all.as_bytes());
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's own escaping also turns `/` into `&#x2F;`, which makes every URL unreadable.
        tera.set_escape_fn(escape_html);
        let paths: HashMap<String, PathBuf> = sources.iter().map(|(n, _, p)| (n.clone(), p.clone())).collect();
        tera.add_raw_templates(sources.iter().map(|(n, s, _)| (n.as_str(), s.as_str())))
            .map_err(|e| template_error(&e, &paths))?;
        let loops = super::guard::recursion(&tera, &paths);
        if !loops.is_empty() {
            return Err(Error::Content(loops));
        }
        tera.register_function("range", super::guard::bounded_range);
        let cat = catalog.clone();
        tera.register_function("plural", move |args: &HashMap<String, tera::Value>| {
            let key = args.get("key").and_then(|v| v.as_str()).ok_or("plural() needs key=")?;
            let lang = args.get("lang").and_then(|v| v.as_str()).ok_or("plural() needs lang=")?;
            let n = args.get("n").and_then(|v| v.as_i64()).ok_or("plural() needs a whole number n=")?;
            Ok(tera::Value::String(cat.get(lang).plural(key, n)))
        });
        let css_name = layout::theme_css(&fingerprint(css.as_bytes()));
        let js_name = layout::theme_js(&fingerprint(js.as_bytes()));
        let sources = sources.into_iter().map(|(n, s, p)| (n, p, s)).collect();
        Ok(Theme {
            tera,
            catalog,
            css: (css_name, css),
            js: (js_name, js),
            scripts,
            fingerprint: theme_fingerprint,
            sources,
        })
    }

    /// A script of the theme's `scripts/` folder (`sw.js`, `live.js`, `measure.js`…).
    pub fn script(&self, name: &str) -> &str {
        self.scripts.get(name).map_or("", String::as_str)
    }

    /// Renders `template` with `context`, turning Tera's error chain into one message.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String> {
        self.tera.render(template, context).map_err(|e| self.locate(template_error(&e, &HashMap::new())))
    }

    /// [`Theme::render`] as bytes, for output files: `render` checks the whole page is
    /// UTF-8 again after Tera built it from strings, which cost 4 % of a build.
    pub fn render_bytes(&self, template: &str, context: &tera::Context) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| self.locate(template_error(&e, &HashMap::new())))?;
        Ok(out)
    }

    /// Tera names no line for errors found while rendering ("Variable `ui.x` not found
    /// in context while rendering 'home.html'"): find the first line, in the templates
    /// the message names (then in all), that uses the name in backticks.
    fn locate(&self, error: Error) -> Error {
        let Error::Content(mut diagnostics) = error else { return error };
        for d in &mut diagnostics {
            if d.line.is_some() {
                continue;
            }
            let Some(needle) = d.message.split('`').nth(1).map(str::to_owned) else { continue };
            let named: Vec<&str> = d.message.split('\'').skip(1).step_by(2).collect();
            let candidates = self
                .sources
                .iter()
                .filter(|(n, _, _)| named.contains(&n.as_str()))
                .chain(self.sources.iter().filter(|(n, _, _)| !named.contains(&n.as_str())));
            for (_, path, source) in candidates {
                if let Some(offset) = source.find(needle.as_str()) {
                    let (line, column) = crate::error::line_column(source, offset);
                    let mut placed = Diagnostic::error(path, d.message.clone()).at(source, line, column);
                    placed.help = d.help.take();
                    *d = placed;
                    break;
                }
            }
        }
        Error::Content(diagnostics)
    }
}

/// The theme's stylesheet: `css/site.css` bundled with everything it `@import`s (any
/// `.css` file of the theme, each replaceable file by file), for `browsers`.
fn build_css(root: &Path, files: &Files, browsers: &str) -> Result<String> {
    use crate::assets::css;
    let sources: Vec<css::Source> = files
        .under("css")
        .filter(|(name, _, _)| name.ends_with(".css"))
        .map(|(name, text, path)| css::Source { name: name.to_owned(), text: text.to_owned(), path: path.to_owned() })
        .collect();
    let config = root.join("site.toml");
    let config_text = std::fs::read_to_string(&config).ok();
    let targets = css::targets(browsers, &css::QueryOrigin { path: &config, text: config_text.as_deref() })?;
    css::build(&sources, &[CSS_ENTRY], targets)
}

/// Tera puts the useful part (template name, line and column) in the error's sources.
fn template_error(err: &tera::Error, paths: &HashMap<String, PathBuf>) -> Error {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let message = parts.join(": ");
    let name = message.split('\'').nth(1).unwrap_or("template").to_owned();
    let path = paths.get(&name).cloned().unwrap_or_else(|| PathBuf::from(format!("template {name}")));
    let mut d = Diagnostic::error(path, format!("template error: {message}"));
    if let Some(pos) = message.find("--> ") {
        let spot: String = message[pos + 4..].chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
        let mut it = spot.split(':').filter_map(|n| n.parse::<usize>().ok());
        d.line = it.next();
        d.column = it.next();
    }
    d.with_help("see the Tera documentation for template syntax").into()
}

fn escape_html(text: &str) -> String {
    crate::parse::markdown::escape(text)
}
