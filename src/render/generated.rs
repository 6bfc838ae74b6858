//! Pages that are not a section or item: the root language chooser (works without
//! JavaScript), the 404 page (served at any depth, so its links start from the site's
//! path on the server), and the pages the generator makes for each language (search,
//! safety, offline, a topic's lessons), rendered through `base.html` like any page.

use super::Inputs;
use super::context::*;
use super::language::{Language, common, lang_view, quick_exit_url};
use super::theme::Theme;
use crate::config::Direction;
use crate::error::{Diagnostic, Result};
use crate::model::{PageRef, Site};
use crate::output::layout;

/// The root `index.html`: a language chooser that works without JavaScript.
pub fn chooser(site: &Site, theme: &Theme, ui: &super::language::Ui) -> Result<String> {
    let languages: Vec<_> = site
        .config
        .languages
        .iter()
        .map(|l| {
            serde_json::json!({
                "code": l.code, "name": l.name, "dir": if l.direction == Direction::Rtl { "rtl" } else { "ltr" },
                "title": l.title.as_deref().unwrap_or(&site.config.title),
                "intro": theme.catalog.get(&l.code).text("language_chooser_intro"),
                "url": layout::page_path(&l.code, ""),
            })
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("site", &serde_json::json!({"title": site.config.title, "description": site.config.description}));
    ctx.insert("lang", &lang_view(site, &site.config.default_language().code));
    ctx.insert("languages", &languages);
    ctx.insert("ui", ui);
    ctx.insert("css_url", &theme.css.0);
    ctx.insert("csp", super::CSP);
    ctx.insert("js_url", &theme.js.0);
    ctx.insert("exit_url", &quick_exit_url(site));
    let default = &site.config.default_language().code;
    let codes: Vec<&str> = site.languages().collect();
    let url = format!("{}/", site.config.base_url.trim_end_matches('/'));
    let home = PageRef::Section(site.section("").expect("root section"));
    ctx.insert("preview", &super::metadata::preview(site, home, default, default, &codes, "website", url));
    theme.render("chooser.html", &ctx)
}

/// What the root language chooser is made from, for the service worker's hash.
pub fn chooser_fingerprint(site: &Site, theme: &Theme) -> String {
    format!("{}{}", serde_json::to_string(&site.config).unwrap_or_default(), theme.fingerprint)
}

/// The root `404.html`. A server shows it at any depth, so its links start from the
/// site's path on the server (taken from `base_url`).
pub fn not_found(site: &Site, theme: &Theme, ui: &super::language::Ui) -> Result<String> {
    let base_path = layout::base_path(&site.config.base_url);
    let languages: Vec<_> = site
        .config
        .languages
        .iter()
        .map(|l| {
            let strings = theme.catalog.get(&l.code);
            serde_json::json!({
                "code": l.code, "name": l.name,
                "title": strings.text("not_found_title"), "text": strings.text("not_found_text"),
                "back": strings.text("back_home"), "url": format!("{base_path}{}", layout::page_path(&l.code, "")),
            })
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("site", &serde_json::json!({"title": site.config.title}));
    ctx.insert("lang", &lang_view(site, &site.config.default_language().code));
    ctx.insert("languages", &languages);
    ctx.insert("ui", ui);
    ctx.insert("css_url", &format!("{base_path}{}", theme.css.0));
    ctx.insert("csp", super::CSP);
    ctx.insert("js_url", &format!("{base_path}{}", theme.js.0));
    ctx.insert("exit_url", &quick_exit_url(site));
    theme.render("404.html", &ctx)
}

/// A page the generator makes for each language (search, safety, offline, a topic's
/// lessons), rendered through `base.html` like any page.
pub struct Generated<'a> {
    /// `search`, `safety`, `offline` or `topic`: the page's kind, and the UI string of
    /// its title (`search_title`) unless `title` is given.
    pub key: &'a str,
    pub title: Option<&'a str>,
    /// The page's output path in a language, for the language switcher.
    pub path_of: &'a dyn Fn(&str) -> String,
    pub template: &'a str,
    /// What the template sees as `extra`.
    pub extra: serde_json::Value,
    /// For a list over several pages.
    pub paginator: Option<PaginatorView>,
}

/// Renders a [`Generated`] page in `language`.
pub fn generated(inputs: &Inputs, language: &Language, page: Generated) -> Result<String> {
    let (site, theme) = (inputs.site, inputs.theme);
    let Generated { key, title, path_of, template, extra, paginator } = page;
    let (lang, ui) = (language.code, &language.ui);
    let from = path_of(lang);
    let root = PageRef::Section(site.section("").expect("root section"));
    let mut shared = common(inputs, language, &from, root);
    for l in &mut shared.languages {
        l.url = layout::relative(&from, &path_of(l.code));
        l.translated = true;
    }
    let title = match title {
        Some(t) => t.to_owned(),
        None => ui.get(&*format!("{key}_title")).cloned().unwrap_or_else(|| key.to_owned()),
    };
    let canonical = format!("{}/{from}", site.config.base_url.trim_end_matches('/'));
    let view = PageView {
        kind: match key {
            "search" => "search",
            "safety" => "safety",
            "topic" => "topic",
            _ => "offline",
        },
        key: key.to_owned(),
        title: &title,
        summary: "",
        content: String::new(),
        headings: Vec::new(),
        text_lang: lang_view(site, lang),
        fallback_notice: None,
        review: None,
        canonical: canonical.clone(),
        alternates: Vec::new(),
        meta: None,
        parent: None,
        previous: None,
        next: None,
        lesson: None,
        scenario: None,
        poster: None,
        print: Vec::new(),
        structured_data: None,
        share: None,
        preview: super::metadata::preview(site, root, lang, lang, &[], "website", canonical.clone()),
    };
    let ctx = shared.into_context(true, view, None, Vec::new(), paginator);
    let mut context = tera::Context::from_serialize(&ctx).map_err(|e| Diagnostic::error(&from, e.to_string()))?;
    context.insert("extra", &extra);
    theme.render(template, &context)
}
