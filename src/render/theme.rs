//! The theme: Tera templates, CSS, JS and UI strings. The default theme is compiled
//! into the binary; a site's `themes/<name>/` folder overrides it file by file.

use super::i18n::Catalog;
use crate::error::{Diagnostic, Error, Result};
use crate::hash::fingerprint;
use crate::output::layout;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Built-in templates: (name, source).
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("home.html", include_str!("../../themes/default/templates/home.html")),
    ("section.html", include_str!("../../themes/default/templates/section.html")),
    ("page.html", include_str!("../../themes/default/templates/page.html")),
    ("lesson.html", include_str!("../../themes/default/templates/lesson.html")),
    ("scenario.html", include_str!("../../themes/default/templates/scenario.html")),
    ("poster.html", include_str!("../../themes/default/templates/poster.html")),
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("chooser.html", include_str!("../../themes/default/templates/chooser.html")),
    // Generated per language (src/offline/).
    ("search.html", include_str!("../../themes/default/templates/search.html")),
    ("safety.html", include_str!("../../themes/default/templates/safety.html")),
    ("offline.html", include_str!("../../themes/default/templates/offline.html")),
    ("news.html", include_str!("../../themes/default/templates/news.html")),
    ("topic.html", include_str!("../../themes/default/templates/topic.html")),
    ("list-pager.html", include_str!("../../themes/default/templates/list-pager.html")),
    // Print pages (src/print/).
    ("print/base.html", include_str!("../../themes/default/templates/print/base.html")),
    ("print/print.css", include_str!("../../themes/default/templates/print/print.css")),
    ("print/handbook.html", include_str!("../../themes/default/templates/print/handbook.html")),
    ("print/handbook-lesson.html", include_str!("../../themes/default/templates/print/handbook-lesson.html")),
    ("print/handouts.html", include_str!("../../themes/default/templates/print/handouts.html")),
    ("print/script.html", include_str!("../../themes/default/templates/print/script.html")),
    ("print/poster.html", include_str!("../../themes/default/templates/print/poster.html")),
    ("print/links.html", include_str!("../../themes/default/templates/print/links.html")),
];

/// Built-in static files: (name under `assets/`, contents). CSS files are joined in order.
const CSS: &[(&str, &str)] = &[
    ("main.css", include_str!("../../themes/default/css/main.css")),
    ("script.css", include_str!("../../themes/default/css/script.css")),
    ("offline.css", include_str!("../../themes/default/css/offline.css")),
    ("print.css", include_str!("../../themes/default/css/print.css")),
];
const JS: &[(&str, &str)] = &[
    ("main.js", include_str!("../../themes/default/js/main.js")),
    ("search.js", include_str!("../../themes/default/js/search.js")),
    ("safety.js", include_str!("../../themes/default/js/safety.js")),
];

/// A loaded theme, shared read-only by all render threads.
pub struct Theme {
    pub tera: tera::Tera,
    pub catalog: Arc<Catalog>,
    /// The stylesheet and its fingerprinted file name under the output root.
    pub css: (String, String),
    pub js: (String, String),
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

        let mut sources: Vec<(String, String, PathBuf)> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string(), PathBuf::from(format!("(built-in theme)/templates/{n}"))))
            .collect();
        let css = build_css(root, dir.as_deref(), browsers)?;
        let js = read_overridable(dir.as_deref(), "js", JS)?;
        if let Some(dir) = &dir {
            let tdir = dir.join("templates");
            if tdir.is_dir() {
                for entry in walkdir::WalkDir::new(&tdir).follow_links(false).into_iter().flatten() {
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    let rel = entry.path().strip_prefix(&tdir).unwrap_or(entry.path());
                    let name = rel.to_string_lossy().replace('\\', "/");
                    let text = crate::model::read_text(entry.path())?;
                    sources.retain(|(n, _, _)| *n != name);
                    sources.push((name, text, entry.path().to_owned()));
                }
            }
        }
        let mut all = String::new();
        for (n, s, _) in &sources {
            all.push_str(n);
            all.push_str(s);
        }
        all.push_str(&css);
        all.push_str(&js);
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
        Ok(Theme { tera, catalog, css: (css_name, css), js: (js_name, js), fingerprint: theme_fingerprint, sources })
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

/// The theme's stylesheets (the built-in ones, overridden file by file, and any other
/// `.css` file of the site's theme for `@import`), bundled from the built-in list in order.
fn build_css(root: &Path, dir: Option<&Path>, browsers: &str) -> Result<String> {
    use crate::assets::css;
    let mut sources: Vec<css::Source> = Vec::new();
    for (name, text) in CSS {
        sources.push(css::Source {
            name: name.to_string(),
            text: text.to_string(),
            path: PathBuf::from(format!("(built-in theme)/css/{name}")),
        });
    }
    if let Some(cdir) = dir.map(|d| d.join("css")).filter(|d| d.is_dir()) {
        for entry in walkdir::WalkDir::new(&cdir).follow_links(false).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "css") {
                continue;
            }
            let rel = entry.path().strip_prefix(&cdir).unwrap_or(entry.path());
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let text = crate::model::read_text(entry.path())?;
            sources.retain(|s| s.name != name);
            sources.push(css::Source { name, text, path: entry.path().to_owned() });
        }
    }
    let config = root.join("site.toml");
    let config_text = std::fs::read_to_string(&config).ok();
    let targets = css::targets(browsers, &css::QueryOrigin { path: &config, text: config_text.as_deref() })?;
    let entries: Vec<&str> = CSS.iter().map(|(n, _)| *n).collect();
    css::build(&sources, &entries, targets)
}

fn read_overridable(dir: Option<&Path>, sub: &str, builtin: &[(&str, &str)]) -> Result<String> {
    let mut out = String::new();
    for (name, text) in builtin {
        let path = dir.map(|d| d.join(sub).join(name));
        match path.filter(|p| p.is_file()) {
            Some(p) => out.push_str(&std::fs::read_to_string(&p).map_err(|e| Error::io("read", &p, e))?),
            None => out.push_str(text),
        }
        out.push('\n');
    }
    Ok(out)
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
