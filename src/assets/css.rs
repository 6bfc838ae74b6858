//! The theme's stylesheet through lightningcss: `@import`s bundled (relative to the
//! theme's `css/` folder, where a site's theme overrides the built-in files one by
//! one), minified, and prefixed and lowered for the browsers of `[build] browsers`.
//! CSS errors name the file and line. `@page` rules and their margin boxes are kept.

use crate::error::{Diagnostic, Error, Result};
use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};
use lightningcss::targets::{Browsers, Targets};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

pub use crate::config::DEFAULT_BROWSERS;

/// One stylesheet of the theme.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its path under the theme's `css/` folder, `/`-separated: `main.css`, `parts/nav.css`.
    pub name: String,
    pub text: String,
    /// Where it came from, for diagnostics (a file of the site's theme, or the built-in theme).
    pub path: PathBuf,
}

/// Where the browsers query was written, for its diagnostics.
pub struct QueryOrigin<'a> {
    pub path: &'a Path,
    /// The text of `site.toml`, if it could be read.
    pub text: Option<&'a str>,
}

/// The targets of a browserslist query, or a diagnostic pointing at the query.
pub fn targets(query: &str, origin: &QueryOrigin) -> Result<Targets> {
    let queries: Vec<&str> = query.split(',').map(str::trim).filter(|q| !q.is_empty()).collect();
    let browsers = Browsers::from_browserslist(queries).map_err(|e| {
        let mut d = Diagnostic::error(origin.path, format!("`build.browsers`: {e}"))
            .with_help(format!("a browserslist query, for example browsers = \"{DEFAULT_BROWSERS}\""));
        if let Some(offset) = origin.text.and_then(|t| t.find("browsers")) {
            d = d.at_offset(origin.text.unwrap_or_default(), offset);
        }
        Error::from(d)
    })?;
    Ok(Targets::from(browsers.unwrap_or_default()))
}

/// Bundles `entries` (names of `files`, in order) with everything they `@import`,
/// minifies the result and prefixes it for `targets`.
pub fn build(files: &[Source], entries: &[&str], targets: Targets) -> Result<String> {
    const ENTRY: &str = "(chyrak bundle)";
    let mut provider = Provider { files: HashMap::new() };
    for f in files {
        provider.files.insert(PathBuf::from(&f.name), f.clone());
    }
    let entry: String = entries.iter().map(|n| format!("@import \"{n}\";\n")).collect();
    provider
        .files
        .insert(PathBuf::from(ENTRY), Source { name: ENTRY.to_owned(), text: entry, path: PathBuf::from(ENTRY) });

    let options = ParserOptions { filename: ENTRY.to_owned(), ..ParserOptions::default() };
    let mut bundler = Bundler::new(&provider, None, options);
    let mut sheet = bundler.bundle(Path::new(ENTRY)).map_err(|e| {
        let message = match &e.kind {
            lightningcss::bundler::BundleErrorKind::ResolverError(r) => r.to_string(),
            other => format!("CSS error: {other}"),
        };
        provider.diagnostic(message, e.loc.as_ref())
    })?;
    sheet
        .minify(MinifyOptions { targets, ..MinifyOptions::default() })
        .map_err(|e| provider.diagnostic(format!("CSS error: {}", e.kind), e.loc.as_ref()))?;
    let out = sheet
        .to_css(PrinterOptions { minify: true, targets, ..PrinterOptions::default() })
        .map_err(|e| provider.diagnostic(format!("CSS error: {}", e.kind), e.loc.as_ref()))?;
    Ok(out.code)
}

/// Serves the theme's stylesheets to the bundler from memory, by their path under `css/`.
struct Provider {
    files: HashMap<PathBuf, Source>,
}

impl Provider {
    fn diagnostic(&self, message: String, loc: Option<&lightningcss::error::ErrorLocation>) -> Error {
        let Some(loc) = loc else {
            return Diagnostic::error("(theme)/css", message).into();
        };
        let Some(file) = self.files.get(Path::new(&loc.filename)) else {
            return Diagnostic::error(&loc.filename, message).into();
        };
        let line = loc.line as usize + 1;
        Diagnostic::error(&file.path, message)
            .at(&file.text, line, loc.column as usize)
            .with_help("fix the CSS syntax here (the theme's stylesheets are parsed by lightningcss)")
            .into()
    }
}

/// Why the bundler could not have a file.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Missing(String);

impl SourceProvider for Provider {
    type Error = Missing;

    fn read<'a>(&'a self, file: &Path) -> std::result::Result<&'a str, Missing> {
        self.files.get(file).map(|f| f.text.as_str()).ok_or_else(|| {
            Missing(format!("`@import` of `{}`: no such stylesheet in the theme's css folder", file.display()))
        })
    }

    fn resolve(&self, specifier: &str, originating_file: &Path) -> std::result::Result<ResolveResult, Missing> {
        if specifier.contains("://") || specifier.starts_with("//") {
            return Err(Missing(format!(
                "`@import \"{specifier}\"` loads a stylesheet from the internet; download it into the theme's \
                 css folder so that the site works offline"
            )));
        }
        let base = originating_file.parent().unwrap_or(Path::new(""));
        let mut parts: Vec<String> = base.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        for c in Path::new(specifier).components() {
            match c {
                Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
                Component::CurDir => {}
                Component::ParentDir if !parts.is_empty() => {
                    parts.pop();
                }
                _ => {
                    return Err(Missing(format!(
                        "`@import \"{specifier}\"` points outside the theme's css folder; imports are relative to it"
                    )));
                }
            }
        }
        Ok(ResolveResult::File(PathBuf::from(parts.join("/"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(name: &str, text: &str) -> Source {
        Source { name: name.into(), text: text.into(), path: PathBuf::from(format!("themes/t/css/{name}")) }
    }

    fn default_targets() -> Targets {
        targets(DEFAULT_BROWSERS, &QueryOrigin { path: Path::new("site.toml"), text: None }).unwrap()
    }

    #[test]
    fn imports_are_bundled_minified_and_prefixed() {
        let files = [
            src("main.css", "@import \"parts/a.css\";\nbody {\n  color: #ff0000;\n}\n"),
            src("parts/a.css", "@import \"../b.css\";\n.a { user-select: none; appearance: none; }\n"),
            src("b.css", ".b { margin: 0 }\n"),
        ];
        let css = build(&files, &["main.css"], default_targets()).unwrap();
        assert!(css.contains(".b{margin:0}"), "{css}");
        assert!(css.contains("-webkit-user-select:none"), "{css}");
        assert!(css.contains("-webkit-appearance:none"), "{css}");
        assert!(css.contains("body{color:red}"), "{css}");
        assert!(css.find(".b{").unwrap() < css.find(".a{").unwrap(), "imports come first: {css}");
        assert!(!css.contains('\n'), "{css}");
    }

    #[test]
    fn page_rules_and_margin_boxes_are_kept() {
        let text = "@page { size: 210mm 297mm; margin: 20mm; @top-center { content: \"Title\" } \
                    @bottom-right { content: counter(page) \" / \" counter(pages) } }\n\
                    @page lesson-1 { @top-center { content: \"One\" } }\n@page :first { margin-top: 0 }\n\
                    @media print { @page { margin: 16mm 14mm } }\n.l { page: lesson-1 }\n";
        let css = build(&[src("print.css", text)], &["print.css"], default_targets()).unwrap();
        for needle in ["@page{size:210mm 297mm", "@top-center{content:\"Title\"}", "@bottom-right{", "counter(pages)"] {
            assert!(css.contains(needle), "{needle} missing from {css}");
        }
        assert!(css.contains("@page lesson-1{"), "{css}");
        assert!(css.contains("@page:first{margin-top:0}"), "{css}");
        assert!(css.contains("@media print{@page{margin:16mm 14mm}}"), "{css}");
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let files = [
            src("main.css", "@import \"b.css\";\n"),
            src("b.css", ".ok { color: red }\n\n.x { color: red; }}\n.y { color: blue }\n"),
        ];
        let err = build(&files, &["main.css"], default_targets()).unwrap_err().to_string();
        assert!(err.contains("themes/t/css/b.css:3:19: CSS error: Invalid empty selector"), "{err}");
        assert!(err.contains(".x { color: red; }}"), "{err}");
    }

    #[test]
    fn missing_and_remote_imports_are_errors() {
        let files = [src("main.css", "@import \"nope.css\";\n")];
        let err = build(&files, &["main.css"], default_targets()).unwrap_err().to_string();
        assert!(err.contains("nope.css"), "{err}");
        assert!(err.contains("themes/t/css/main.css:1:"), "{err}");
        let files = [src("main.css", "@import \"https://fonts.example/x.css\";\n")];
        let err = build(&files, &["main.css"], default_targets()).unwrap_err().to_string();
        assert!(err.contains("offline"), "{err}");
        let files = [src("main.css", "@import \"../../secret.css\";\n")];
        let err = build(&files, &["main.css"], default_targets()).unwrap_err().to_string();
        assert!(err.contains("outside"), "{err}");
    }

    #[test]
    fn bad_query_points_at_site_toml() {
        let text = "title = \"x\"\n[build]\nbrowsers = \"chrom >= 80\"\n";
        let err = targets("chrom >= 80", &QueryOrigin { path: Path::new("site.toml"), text: Some(text) })
            .unwrap_err()
            .to_string();
        assert!(err.contains("site.toml:3:1"), "{err}");
    }

    #[test]
    fn output_is_deterministic() {
        let files = [src("main.css", "a { color: blue; } b { backdrop-filter: blur(2px) }\n")];
        let one = build(&files, &["main.css"], default_targets()).unwrap();
        let two = build(&files, &["main.css"], default_targets()).unwrap();
        assert_eq!(one, two);
        assert!(one.contains("-webkit-backdrop-filter:blur(2px)"), "prefixed for Safari: {one}");
    }
}
