//! What every page of one language shares, worked out once per language instead of
//! once per page (its UI strings as template values, whether it has news, the items
//! each section shows), and the parts of a page's view every page has: the site,
//! the language switcher, the navigation, the help bar's contacts, the app's links.

use super::Inputs;
use super::context::*;
use crate::config::{Direction, Precache};
use crate::model::{PageRef, Site};
use crate::output::layout;
use std::collections::BTreeMap;

pub type Ui<'a> = BTreeMap<&'a str, String>;

/// What every page of one language shares.
pub struct Language<'a> {
    pub code: &'a str,
    /// The theme's UI strings in this language.
    pub ui: Ui<'a>,
    /// Whether the language shows any news (and so has a feed to link to). Finding
    /// out walks every item, which per page made the build quadratic.
    pub has_news: bool,
    /// The items each section shows in this language, in order: made on first use,
    /// so that a page of a long list does not walk the whole section.
    shown: std::sync::OnceLock<Vec<Vec<usize>>>,
}

impl<'a> Language<'a> {
    pub fn new(inputs: &Inputs<'a>, code: &'a str) -> Self {
        Language {
            code,
            ui: inputs.theme.catalog.get(code).all_text(),
            has_news: inputs.site.has_news(code),
            shown: Default::default(),
        }
    }

    /// The items section `i` shows in this language.
    pub fn shown(&self, site: &Site, i: usize) -> &[usize] {
        let lists = self.shown.get_or_init(|| {
            let shows = |&it: &usize| site.pick(PageRef::Item(it), self.code).is_some();
            site.sections.iter().map(|s| s.items.iter().copied().filter(shows).collect()).collect()
        });
        &lists[i]
    }

    /// A template context holding what no page of the language changes (`ui`), for
    /// a page to fill in. One per thread is reused from page to page, so the UI
    /// strings are not converted for Tera again for every page.
    pub fn context(&self) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("ui", &self.ui);
        context
    }
}

/// A language as templates see it.
pub fn lang_view<'a>(site: &'a Site, code: &str) -> LangView<'a> {
    let l = site.config.language(code).expect("known language");
    LangView { code: &l.code, name: &l.name, dir: dir(l.direction) }
}

/// The value of an HTML `dir` attribute.
fn dir(direction: Direction) -> &'static str {
    if direction == Direction::Rtl { "rtl" } else { "ltr" }
}

/// A link from `from` to `page` in `lang`.
pub fn link(site: &Site, page: PageRef, lang: &str, from: &str, current: bool) -> Link {
    // A title shown by fallback is in its own language (screen readers say it so).
    let other = site.pick(page, lang).map(|t| t.lang.as_str()).filter(|l| *l != lang);
    Link {
        title: site.title_of(page, lang).to_owned(),
        url: layout::relative(from, &layout::page_path(lang, &site.key(page))),
        current,
        title_lang: other.map(str::to_owned),
        title_dir: other.map(|l| lang_view(site, l).dir),
    }
}

/// The parts of the view every page shares. `page`'s translations decide the language
/// switcher.
pub fn common<'a>(inputs: &Inputs<'a>, language: &'a Language, from: &str, page: PageRef) -> Shared<'a> {
    let site = inputs.site;
    let lang = language.code;
    let cfg = &site.config;
    let l = cfg.language(lang).expect("known language");
    let key = site.key(page);
    let translations = site.translations(page);
    let languages = cfg
        .languages
        .iter()
        .filter(|other| site.shows(page, &other.code) || key.is_empty())
        .map(|other| LanguageLink {
            code: &other.code,
            name: &other.name,
            dir: dir(other.direction),
            url: layout::relative(from, &layout::page_path(&other.code, &key)),
            current: other.code == lang,
            translated: translations.contains_key(&other.code),
        })
        .collect();
    let current_top = key.split('/').next().unwrap_or("");
    let nav = site.sections[site.section("").expect("root")]
        .subsections
        .iter()
        .filter_map(|p| site.section(p).map(PageRef::Section))
        .filter(|&s| site.shows(s, lang))
        .map(|s| link(site, s, lang, from, !key.is_empty() && site.key(s) == current_top))
        .collect();
    let contacts = cfg
        .contacts_for(lang)
        .map(|c| ContactView { contact: c, display_name: c.names.get(lang).unwrap_or(&c.name) })
        .collect();
    Shared {
        site: SiteView {
            title: l.title.as_deref().unwrap_or(&cfg.title),
            description: l.description.as_deref().unwrap_or(&cfg.description),
            organisation: &cfg.organisation,
            base_url: &cfg.base_url,
            license: cfg.license.as_ref().and_then(|l| l.resolved()).map(|(name, url)| LicenseView { name, url }),
        },
        lang: lang_view(site, lang),
        languages,
        root: layout::to_root(from),
        home_url: layout::relative(from, &layout::page_path(lang, "")),
        nav,
        contacts,
        ui: &language.ui,
        css_url: layout::relative(from, &inputs.theme.css.0),
        js_url: layout::relative(from, &inputs.theme.js.0),
        app: app_view(site, lang, language.has_news, from),
    }
}

/// The page's links to the search page, safety page, manifest and service worker.
pub fn app_view(site: &Site, lang: &str, has_news: bool, from: &str) -> AppView {
    let cfg = &site.config;
    AppView {
        search_url: layout::relative(from, &layout::search_page(lang)),
        search_dir: layout::relative(from, &layout::search_dir(lang)),
        safety_url: layout::relative(from, &layout::safety_page(lang)),
        manifest_url: layout::relative(from, &layout::manifest(lang)),
        icon_url: layout::relative(from, layout::ICON),
        sw_url: if cfg.offline.precache == Precache::None { String::new() } else { layout::relative(from, layout::SW) },
        keep_offline: cfg.offline.precache == Precache::Language,
        feed_url: if has_news { layout::relative(from, &layout::feed(lang)) } else { String::new() },
        exit_url: quick_exit_url(site),
        csp: super::CSP,
    }
}

/// Where quick exit goes, or empty when it is off.
pub fn quick_exit_url(site: &Site) -> String {
    let s = &site.config.safety;
    if s.quick_exit { s.exit_url.clone() } else { String::new() }
}

/// What every page's view shares (see [`common`]).
pub struct Shared<'a> {
    pub site: SiteView<'a>,
    pub lang: LangView<'a>,
    pub languages: Vec<LanguageLink<'a>>,
    pub root: String,
    pub home_url: String,
    pub nav: Vec<Link>,
    pub contacts: Vec<ContactView<'a>>,
    pub ui: &'a Ui<'a>,
    pub css_url: String,
    pub js_url: String,
    pub app: AppView,
}

impl<'a> Shared<'a> {
    /// The whole template context: what every page shares, and this page. With
    /// `with_ui` false the UI strings are left out, for a context that has them.
    pub fn into_context(
        self,
        with_ui: bool,
        page: PageView<'a>,
        section: Option<SectionView<'a>>,
        sections: Vec<SectionView<'a>>,
        paginator: Option<PaginatorView>,
    ) -> PageContext<'a> {
        PageContext {
            site: self.site,
            lang: self.lang,
            languages: self.languages,
            root: self.root,
            home_url: self.home_url,
            nav: self.nav,
            contacts: self.contacts,
            ui: with_ui.then_some(self.ui),
            css_url: self.css_url,
            js_url: self.js_url,
            app: self.app,
            page,
            section,
            sections,
            paginator,
        }
    }
}
