//! Renders one page (a section or an item in a reader's language) to HTML: builds the
//! template view, renders the body (Markdown or Fountain) with links resolved for
//! that language, and picks the template for the content type.

use super::context::*;
use super::{Job, Theme};
use crate::config::Direction;
use crate::error::{Diagnostic, Result};
use crate::i18n::Strings;
use crate::model::{Item, PageRef, Site, Translation, poster, url};
use crate::parse::fountain;
use crate::parse::front_matter::ContentType;
use crate::parse::markdown::{self, LinkResolver, SourceRef};
use std::collections::BTreeMap;

type Ui<'a> = BTreeMap<&'a str, String>;

/// What every page of one language shares, worked out once per language instead of
/// once per page.
pub struct Language<'a> {
    pub code: &'a str,
    /// The theme's UI strings in this language.
    pub ui: Ui<'a>,
    /// Whether the language shows any news (and so has a feed to link to). Finding
    /// out walks every item, which per page made the build quadratic.
    has_news: bool,
    /// The items each section shows in this language, in order: made on first use,
    /// so that a page of a long list does not walk the whole section.
    shown: std::sync::OnceLock<Vec<Vec<usize>>>,
}

impl<'a> Language<'a> {
    pub fn new(site: &Site, theme: &'a Theme, code: &'a str) -> Self {
        Language {
            code,
            ui: theme.catalog.get(code).all_text(),
            has_news: crate::offline::feed::has_news(site, code),
            shown: Default::default(),
        }
    }

    /// The items section `i` shows in this language.
    fn shown(&self, site: &Site, i: usize) -> &[usize] {
        let lists = self.shown.get_or_init(|| {
            let shows = |&it: &usize| site.pick(PageRef::Item(it), self.code).is_some();
            site.sections.iter().map(|s| s.items.iter().copied().filter(shows).collect()).collect()
        });
        &lists[i]
    }

    /// A template context holding what no page of the language changes (`ui`), for
    /// [`render`] to fill in. One per thread is reused from page to page, so the UI
    /// strings are not converted for Tera again for every page.
    pub fn context(&self) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("ui", &self.ui);
        context
    }
}

/// Resolves links for one page in one language.
struct Links<'a> {
    site: &'a Site,
    lang: &'a str,
    from: &'a str,
    item: Option<&'a Item>,
    catalog: &'a crate::i18n::Catalog,
}

impl LinkResolver for Links<'_> {
    fn contact(&self, id: &str) -> Option<Result<String, String>> {
        Some(match self.site.config.contact(id) {
            Some(c) => Ok(super::contact::html(c, self.lang, self.catalog)),
            None => {
                let ids = self.site.config.contacts.iter().map(|c| c.id.as_str());
                Err(match crate::error::closest(id, ids) {
                    Some(near) => format!("no contact `{id}` (did you mean `{near}`?)"),
                    None => format!("no contact `{id}`"),
                })
            }
        })
    }

    fn internal(&self, target: &str) -> Result<String, String> {
        match self.site.index.get(target) {
            Some(&page) if self.site.shows(page, self.lang) => {
                Ok(url::relative(self.from, &url::page_path(self.lang, target)))
            }
            Some(_) => Err(format!("`{target}` has no translation in `{}` or its fallbacks", self.lang)),
            None => {
                let near = crate::error::closest(target, self.site.index.keys().map(String::as_str));
                Err(match near {
                    Some(n) => format!("no page `content/{target}` (did you mean `@/{n}`?)"),
                    None => format!("no page `content/{target}`"),
                })
            }
        }
    }

    fn bundle_file(&self, name: &str) -> Option<String> {
        self.item?.file_output(name).map(|path| url::relative(self.from, &path))
    }

    fn bundle_image(&self, name: &str, alt: &str, title: &str) -> Option<Result<String, String>> {
        self.image(name, alt, title, &self.site.config.images.sizes)
    }
}

impl Links<'_> {
    /// A responsive `<img>` for a PNG or JPEG of the page's bundle, shown `sizes` wide.
    fn image(&self, name: &str, alt: &str, title: &str, sizes: &str) -> Option<Result<String, String>> {
        let item = self.item?;
        let file = item.files.iter().find(|f| f.name == name && crate::assets::images::is_raster(&f.name))?;
        let dir = url::media_dir(&item.key());
        Some(
            self.site
                .images
                .get(self.site, &file.path)
                .map(|p| p.html(&|n| url::relative(self.from, &format!("{dir}/{n}")), alt, Some(title), sizes))
                .map_err(|d| d.to_string()),
        )
    }
}

fn lang_view<'a>(site: &'a Site, code: &'a str) -> LangView<'a> {
    let l = site.config.language(code).expect("known language");
    LangView { code: &l.code, name: &l.name, dir: if l.direction == Direction::Rtl { "rtl" } else { "ltr" } }
}

fn title_of<'a>(site: &'a Site, page: PageRef, lang: &str) -> &'a str {
    match site.pick(page, lang) {
        Some(t) => &t.meta.title,
        None => {
            let key = match page {
                PageRef::Section(i) => &site.sections[i].path,
                PageRef::Item(i) => &site.items[i].slug,
            };
            key.rsplit('/').next().unwrap_or(key)
        }
    }
}

fn link(site: &Site, page: PageRef, lang: &str, from: &str, current: bool) -> Link {
    Link {
        title: title_of(site, page, lang).to_owned(),
        url: url::relative(from, &url::page_path(lang, &site.key(page))),
        current,
    }
}

/// The parts of the view every page shares.
fn common<'a>(site: &'a Site, theme: &Theme, language: &'a Language, from: &str, page: PageRef) -> Shared<'a> {
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
            url: url::relative(from, &url::page_path(&other.code, &key)),
            current: other.code == lang,
            translated: translations.contains_key(&other.code),
        })
        .collect();
    let root_section = PageRef::Section(site.section("").expect("root section"));
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
        },
        lang: lang_view(site, lang),
        languages,
        root: url::to_root(from),
        home_url: url::relative(from, &url::page_path(lang, "")),
        nav,
        contacts,
        ui: &language.ui,
        css_url: url::relative(from, &theme.css.0),
        js_url: url::relative(from, &theme.js.0),
        app: app_view(site, lang, language.has_news, from),
        _root: root_section,
    }
}

/// The page's links to the search page, safety page, manifest and service worker.
pub fn app_view(site: &Site, lang: &str, has_news: bool, from: &str) -> AppView {
    let cfg = &site.config;
    let o = crate::offline::paths(lang);
    AppView {
        search_url: url::relative(from, &o.search_page),
        search_dir: url::relative(from, &o.search_dir),
        safety_url: url::relative(from, &o.safety_page),
        manifest_url: url::relative(from, &o.manifest),
        icon_url: url::relative(from, crate::offline::ICON_192),
        sw_url: if cfg.offline.precache == crate::config::Precache::None {
            String::new()
        } else {
            url::relative(from, crate::offline::SW)
        },
        feed_url: if has_news { url::relative(from, &crate::offline::feed::path(lang)) } else { String::new() },
        exit_url: if cfg.safety.quick_exit { cfg.safety.exit_url.clone() } else { String::new() },
        csp: crate::offline::CSP,
    }
}

struct Shared<'a> {
    site: SiteView<'a>,
    lang: LangView<'a>,
    languages: Vec<LanguageLink<'a>>,
    root: String,
    home_url: String,
    nav: Vec<Link>,
    contacts: Vec<ContactView<'a>>,
    ui: &'a Ui<'a>,
    css_url: String,
    js_url: String,
    app: AppView,
    _root: PageRef,
}

impl<'a> Shared<'a> {
    /// The whole template context: what every page shares, and this page. With
    /// `with_ui` false the UI strings are left out, for a context that has them.
    fn into_context(
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

/// Items of each section shown on the home page; its link leads to the rest. (A home
/// page listing every item weighed 3 MB on a site of 10,000 pages.)
const HOME_ITEMS: usize = 6;

/// Renders one page in `language`, with `context` one that [`Language::context`] made
/// (what it held for an earlier page is replaced). Returns the page's output path,
/// HTML and warnings.
pub fn render(
    site: &Site,
    theme: &Theme,
    language: &Language,
    context: &mut tera::Context,
    job: Job,
) -> Result<(String, Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Job { page, lang, list_page } = job;
    debug_assert_eq!(lang, language.code);
    let ui = &language.ui;
    let key = site.key(page);
    let from = job.path(site);
    let strings = theme.catalog.get(lang);
    let shared = common(site, theme, language, &from, page);
    let translation = site.pick(page, lang);
    let item = match page {
        PageRef::Item(i) => Some(&site.items[i]),
        PageRef::Section(_) => None,
    };
    let links = Links { site, lang, from: &from, item, catalog: &theme.catalog };
    let mut warnings = Vec::new();
    let mut errors = Vec::new();

    let kind: &'static str = match (page, item) {
        (PageRef::Section(_), _) if key.is_empty() => "home",
        (PageRef::Section(_), _) => "section",
        (_, Some(item)) => item.content_type.name(),
        _ => "page",
    };
    let minutes_label = |m: u32| strings.plural("minutes", i64::from(m));
    // The source's text (read again from its file when the build dropped it).
    let text = match translation {
        Some(t) => t.text().map_err(|d| vec![d])?,
        None => Default::default(),
    };

    let (content, headings, scenario) = match (translation, item.map(|i| i.content_type)) {
        (Some(t), Some(ContentType::Scenario)) => {
            let script = fountain::parse(t.body_of(&text));
            let labels =
                fountain::Labels { stop_point: &ui["stop_point"], joker: &ui["joker_prompt"], note: &ui["note"] };
            let html = fountain::render_html(&script, fountain::Edition::Facilitator, &labels);
            let duration = t.meta.duration.map(minutes_label);
            (html, Vec::new(), Some(ScenarioView { duration, scenes: fountain::scenes(&script) }))
        }
        (Some(t), _) => {
            let src = SourceRef { path: &t.path, file: &text, body_offset: t.body_offset };
            let (rendered, problems) = markdown::render(&src, &links, &minutes_label);
            errors.extend(problems);
            (rendered.html, rendered.headings, None)
        }
        (None, _) => (String::new(), Vec::new(), None),
    };

    let lesson = match (translation, item.map(|i| i.content_type)) {
        (Some(t), Some(ContentType::Lesson)) => {
            if t.lang == lang {
                warnings.extend(check_minutes(t, &text, &headings));
            }
            let mut field = |text: &Option<String>, name: &str| {
                text.as_ref().map(|md| {
                    let src = SourceRef { path: &t.path, file: md, body_offset: 0 };
                    let (r, problems) = markdown::render(&src, &links, &minutes_label);
                    errors.extend(problems.into_iter().map(|mut d| {
                        d.message = format!("in `{name}`: {}", d.message);
                        d.source_line = None;
                        d.line = None;
                        d
                    }));
                    r.html
                })
            };
            let preparation = field(&t.meta.preparation, "preparation");
            let teacher_notes = field(&t.meta.teacher_notes, "teacher_notes");
            Some(LessonView {
                age: t.meta.age.map(|[min, max]| {
                    ui["age_range"].replace("{min}", &min.to_string()).replace("{max}", &max.to_string())
                }),
                duration: t.meta.duration.map(minutes_label),
                activities: headings
                    .iter()
                    .filter(|h| h.level == 2)
                    .map(|h| Activity {
                        title: h.text.clone(),
                        id: h.id.clone(),
                        minutes: h.minutes.map(minutes_label),
                    })
                    .collect(),
                preparation,
                teacher_notes,
            })
        }
        _ => None,
    };

    let poster = match (translation, item.map(|i| i.content_type)) {
        (Some(t), Some(ContentType::Poster)) => Some(poster_view(site, t, &text, lang, &links, &shared, &mut errors)),
        _ => None,
    };

    let mut paginator = None;
    let (section, sections) = match page {
        PageRef::Section(i) => {
            let shown = language.shown(site, i);
            let pages = site.config.sections.pages(shown.len());
            if list_page > pages {
                return Err(vec![Diagnostic::error(&from, format!("the list has {pages} pages, not {list_page}"))]);
            }
            let range = site.config.sections.page_range(shown.len(), list_page);
            let mut this = section_view(site, strings, i, lang, &from, shown.len(), &shown[range.clone()]);
            this.first_number = range.start + 1;
            if pages > 1 {
                paginator = Some(paginator_view(ui, lang, &key, &from, list_page, pages));
            }
            let tops = if key.is_empty() {
                site.sections[i]
                    .subsections
                    .iter()
                    .filter_map(|p| site.section(p))
                    .filter(|&s| site.shows(PageRef::Section(s), lang))
                    .map(|s| {
                        let shown = language.shown(site, s);
                        section_view(site, strings, s, lang, &from, shown.len(), &shown[..shown.len().min(HOME_ITEMS)])
                    })
                    .collect()
            } else {
                Vec::new()
            };
            (Some(this), tops)
        }
        PageRef::Item(_) => (None, Vec::new()),
    };

    let text_lang_code = translation.map_or(lang, |t| t.lang.as_str());
    let fallback_notice = (text_lang_code != lang).then(|| {
        ui["fallback_notice"]
            .replace("{language}", shared.lang.name)
            .replace("{original}", lang_view(site, text_lang_code).name)
    });
    // A later page of a list is itself in no other language: other languages split
    // their lists differently.
    let alternates = site
        .translations(page)
        .keys()
        .filter(|_| list_page == 1)
        .map(|code| Alternate { hreflang: code.clone(), href: url::absolute(&site.config.base_url, code, &key) })
        .collect();
    let (parent, previous, next) = neighbours(site, page, lang, &from);

    let view = PageView {
        kind,
        key: key.clone(),
        title: title_of(site, page, lang),
        summary: translation.and_then(|t| t.meta.summary.as_deref()).unwrap_or(""),
        content,
        headings,
        text_lang: lang_view(site, text_lang_code),
        fallback_notice,
        review: translation.and_then(|t| t.meta.review.as_deref()),
        canonical: url::absolute(&site.config.base_url, text_lang_code, &super::list_key(&key, list_page)),
        alternates,
        meta: translation.map(|t| &t.meta),
        parent,
        previous,
        next,
        lesson,
        scenario,
        poster,
        print: crate::print::links_for(site, ui, page, lang, &from),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let ctx = shared.into_context(false, view, section, sections, paginator);
    let template = match kind {
        "home" => "home.html",
        "section" => "section.html",
        "lesson" => "lesson.html",
        "scenario" => "scenario.html",
        "poster" => "poster.html",
        "news" => "news.html",
        _ => "page.html",
    };
    // Every key but `ui` is replaced: the page part serialises all its fields.
    context.extend(tera::Context::from_serialize(&ctx).map_err(|e| vec![Diagnostic::error(&from, e.to_string())])?);
    let html = theme.render_bytes(template, context).map_err(|e| match e {
        crate::error::Error::Content(d) => d,
        other => vec![Diagnostic::error(template, other.to_string())],
    })?;
    Ok((from, html, warnings))
}

/// Warns when a lesson's activity minutes do not add up to its duration.
fn check_minutes(t: &Translation, text: &str, headings: &[markdown::Heading]) -> Option<Diagnostic> {
    let duration = t.meta.duration?;
    let timed: Vec<u32> = headings.iter().filter_map(|h| h.minutes).collect();
    if timed.is_empty() {
        return None;
    }
    let sum: u32 = timed.iter().sum();
    (sum != duration).then(|| {
        Diagnostic::warning(
            &t.path,
            format!("lesson \"{}\": activities add up to {sum} minutes but `duration` is {duration}", t.meta.title),
        )
        .at_key(text, "duration")
        .with_help("adjust the {minutes=N} of the activities or the lesson's `duration`")
    })
}

/// A section's view with the items `window` of the `total` it shows in `lang`.
fn section_view<'a>(
    site: &'a Site,
    strings: &Strings,
    i: usize,
    lang: &str,
    from: &str,
    total: usize,
    window: &[usize],
) -> SectionView<'a> {
    let section = &site.sections[i];
    let items: Vec<ItemView> = window
        .iter()
        .filter_map(|&it| {
            let t = site.pick(PageRef::Item(it), lang)?;
            let item = &site.items[it];
            Some(ItemView {
                title: &t.meta.title,
                summary: t.meta.summary.as_deref().unwrap_or(""),
                url: url::relative(from, &url::page_path(lang, &item.key())),
                kind: item.content_type.name(),
                text_lang: &t.lang,
                fallback: t.lang != lang,
                meta: &t.meta,
            })
        })
        .collect();
    let count_key = match section.item_type {
        ContentType::Lesson => "lesson_count",
        ContentType::Scenario => "scenario_count",
        ContentType::Poster => "poster_count",
        ContentType::Page => "page_count",
        ContentType::News => "news_count",
    };
    let subsections = section
        .subsections
        .iter()
        .filter_map(|p| site.section(p).map(PageRef::Section))
        .filter(|&s| site.shows(s, lang))
        .map(|s| link(site, s, lang, from, false))
        .collect();
    SectionView {
        title: title_of(site, PageRef::Section(i), lang).to_owned(),
        url: url::relative(from, &url::page_path(lang, &section.path)),
        count: strings.plural(count_key, total as i64),
        first_number: 1,
        items,
        subsections,
    }
}

/// Pages of a list either side of the current one that the pager links to by number.
const PAGER_NEAR: usize = 2;

/// The pager of page `number` of the `pages` of the section `key`'s list.
pub(crate) fn paginator_view(ui: &Ui, lang: &str, key: &str, from: &str, number: usize, pages: usize) -> PaginatorView {
    let url_of = |n: usize| url::relative(from, &super::list_page_path(lang, key, n));
    let label = |n: usize| ui["list_page"].replace("{n}", &n.to_string()).replace("{total}", &pages.to_string());
    let mut links: Vec<PagerLink> = Vec::new();
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(number) <= PAGER_NEAR {
            let gap_before = links.last().is_some_and(|l| l.number + 1 != n);
            links.push(PagerLink { number: n, url: url_of(n), label: label(n), current: n == number, gap_before });
        }
    }
    PaginatorView {
        number,
        pages,
        label: label(number),
        previous: (number > 1).then(|| url_of(number - 1)),
        next: (number < pages).then(|| url_of(number + 1)),
        links,
    }
}

/// Parent section and the previous and next item shown in this language.
fn neighbours(site: &Site, page: PageRef, lang: &str, from: &str) -> (Option<Link>, Option<Link>, Option<Link>) {
    let PageRef::Item(i) = page else {
        let parent = match page {
            PageRef::Section(s) if !site.sections[s].path.is_empty() => {
                let path = &site.sections[s].path;
                let up = path.rfind('/').map_or("", |k| &path[..k]);
                site.section(up).map(|p| link(site, PageRef::Section(p), lang, from, false))
            }
            _ => None,
        };
        return (parent, None, None);
    };
    let section = site.section(&site.items[i].section).expect("item's section");
    let items = &site.sections[section].items;
    // Items are in index order, so the item is found by binary search, and the nearest
    // shown neighbours by walking outwards: no pass over the section per page.
    let pos = items.binary_search(&i).unwrap_or(0);
    let shown = |it: &&usize| site.shows(PageRef::Item(**it), lang);
    let to_link = |it: &usize| link(site, PageRef::Item(*it), lang, from, false);
    let previous = items[..pos].iter().rev().find(shown).map(to_link);
    let next = items.get(pos + 1..).unwrap_or(&[]).iter().find(shown).map(to_link);
    let parent = Some(link(site, PageRef::Section(section), lang, from, false));
    (parent, previous, next)
}

fn poster_view<'a>(
    site: &'a Site,
    t: &'a Translation,
    text: &str,
    lang: &str,
    links: &Links,
    shared: &Shared<'a>,
    errors: &mut Vec<Diagnostic>,
) -> PosterView<'a> {
    let m = &t.meta;
    let orientation = m.orientation.unwrap_or_default();
    let mut sizes = Vec::new();
    for name in &m.sizes {
        match poster::paper_size(name, orientation) {
            Some(s) => sizes.push(s),
            None => errors.push(
                Diagnostic::error(&t.path, format!("unknown poster size `{name}`"))
                    .at_key(text, "sizes")
                    .with_help("use A2–A6, Letter, sticker-<mm> or <width>x<height> in mm, e.g. 210x99"),
            ),
        }
    }
    if sizes.is_empty() {
        sizes.push(poster::paper_size("A4", orientation).expect("A4"));
    }
    let contact = m.contact.as_deref().and_then(|id| {
        let c = site.config.contact(id);
        if c.is_none() {
            errors.push(
                Diagnostic::error(&t.path, format!("poster contact `{id}` is not in site.toml's contacts"))
                    .at_key(text, "contact")
                    .with_help("add a [[contacts]] entry with this id, or fix the id"),
            );
        }
        c.map(|c| ContactView { contact: c, display_name: c.names.get(lang).unwrap_or(&c.name) })
    });
    let qr_url = m.qr.as_deref().map(|target| match target.strip_prefix("@/") {
        Some(path) => {
            let path = path.split('#').next().unwrap_or("").trim_end_matches('/');
            if let Err(why) = links.internal(path) {
                errors.push(
                    Diagnostic::error(&t.path, format!("poster `qr` target `{target}`: {why}")).at_key(text, "qr"),
                );
            }
            url::absolute(&site.config.base_url, lang, path)
        }
        None => target.to_owned(),
    });
    let colors = m.colors.as_ref();
    let _ = shared;
    let background = colors.map_or("#ffffff", |c| c.background.as_str());
    let text_color = colors.map_or("#111111", |c| c.text.as_str());
    let accent = colors.and_then(|c| c.accent.as_deref()).unwrap_or("#b00020");
    let aspect = format!("{} / {}", sizes[0].width_mm, sizes[0].height_mm);
    let style = poster_style(&aspect, background, text_color, accent);
    // The poster preview is at most 420px wide (36rem landscape); 2x screens need twice that.
    let image = m.image.as_deref().and_then(|name| {
        let alt = m.image_alt.as_deref().unwrap_or("");
        match links.image(name, alt, "", "(min-width: 30rem) 420px, 90vw") {
            Some(Ok(html)) => Some(html),
            Some(Err(why)) => {
                errors.push(Diagnostic::error(&t.path, why));
                None
            }
            None => None,
        }
    });
    PosterView {
        image,
        style_url: url::relative(links.from, &style.path),
        style_class: style.class,
        aspect,
        sizes,
        contact,
        qr_url,
        background,
        text_color,
        accent,
    }
}

/// A poster preview's colours and shape as a class in a small stylesheet of its own,
/// because the Content-Security-Policy allows no inline `style` attributes.
pub struct PosterStyle {
    pub class: String,
    /// Output path of the stylesheet (named by its content).
    pub path: String,
    pub css: String,
}

/// Keeps a colour value to what CSS colours are written with, so that front matter
/// cannot add rules of its own.
fn css_value(v: &str) -> String {
    v.chars().filter(|c| c.is_ascii_alphanumeric() || "#(),.%/ -".contains(*c)).collect()
}

pub fn poster_style(aspect: &str, background: &str, text: &str, accent: &str) -> PosterStyle {
    let body = format!(
        "aspect-ratio: {}; background: {}; color: {}; --poster-accent: {};",
        css_value(aspect),
        css_value(background),
        css_value(text),
        css_value(accent)
    );
    let hash = super::templates::fingerprint(body.as_bytes());
    let class = format!("poster-style-{hash}");
    PosterStyle { path: format!("assets/posters/{hash}.css"), css: format!(".{class} {{ {body} }}\n"), class }
}

/// Every poster preview stylesheet of the site (each poster translation's), for the
/// site-wide files.
pub fn poster_styles(site: &Site) -> Vec<PosterStyle> {
    let mut out: BTreeMap<String, PosterStyle> = BTreeMap::new();
    for item in site.items.iter().filter(|i| i.content_type == ContentType::Poster) {
        for t in item.translations.values() {
            let m = &t.meta;
            let orientation = m.orientation.unwrap_or_default();
            let size = m
                .sizes
                .iter()
                .find_map(|n| poster::paper_size(n, orientation))
                .or_else(|| poster::paper_size("A4", orientation))
                .expect("A4");
            let colors = m.colors.as_ref();
            let style = poster_style(
                &format!("{} / {}", size.width_mm, size.height_mm),
                colors.map_or("#ffffff", |c| c.background.as_str()),
                colors.map_or("#111111", |c| c.text.as_str()),
                colors.and_then(|c| c.accent.as_deref()).unwrap_or("#b00020"),
            );
            out.insert(style.path.clone(), style);
        }
    }
    out.into_values().collect()
}

/// The root `index.html`: a language chooser that works without JavaScript.
pub fn chooser(site: &Site, theme: &Theme, ui: &Ui) -> Result<String> {
    let languages: Vec<_> = site
        .config
        .languages
        .iter()
        .map(|l| {
            serde_json::json!({
                "code": l.code, "name": l.name, "dir": if l.direction == Direction::Rtl { "rtl" } else { "ltr" },
                "title": l.title.as_deref().unwrap_or(&site.config.title),
                "intro": theme.catalog.get(&l.code).text("language_chooser_intro"),
                "url": url::page_path(&l.code, ""),
            })
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("site", &serde_json::json!({"title": site.config.title, "description": site.config.description}));
    ctx.insert("lang", &lang_view(site, &site.config.default_language().code));
    ctx.insert("languages", &languages);
    ctx.insert("ui", ui);
    ctx.insert("css_url", &theme.css.0);
    ctx.insert("csp", crate::offline::CSP);
    ctx.insert("js_url", &theme.js.0);
    ctx.insert("exit_url", &quick_exit_url(site));
    theme.render("chooser.html", &ctx)
}

/// What the root language chooser is made from, for the service worker's hash.
pub fn chooser_fingerprint(site: &Site, theme: &Theme) -> String {
    format!("{}{}", serde_json::to_string(&site.config).unwrap_or_default(), theme.fingerprint)
}

/// Where quick exit goes, or empty when it is off.
fn quick_exit_url(site: &Site) -> String {
    let s = &site.config.safety;
    if s.quick_exit { s.exit_url.clone() } else { String::new() }
}

/// The root `404.html`. A server shows it at any depth, so its links start from the
/// site's path on the server (taken from `base_url`).
pub fn not_found(site: &Site, theme: &Theme, ui: &Ui) -> Result<String> {
    let base_path = site
        .config
        .base_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap_or_else(|| "/".to_owned());
    let base_path = format!("{}/", base_path.trim_end_matches('/'));
    let languages: Vec<_> = site
        .config
        .languages
        .iter()
        .map(|l| {
            let strings = theme.catalog.get(&l.code);
            serde_json::json!({
                "code": l.code, "name": l.name,
                "title": strings.text("not_found_title"), "text": strings.text("not_found_text"),
                "back": strings.text("back_home"), "url": format!("{base_path}{}", url::page_path(&l.code, "")),
            })
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("site", &serde_json::json!({"title": site.config.title}));
    ctx.insert("lang", &lang_view(site, &site.config.default_language().code));
    ctx.insert("languages", &languages);
    ctx.insert("ui", ui);
    ctx.insert("css_url", &format!("{base_path}{}", theme.css.0));
    ctx.insert("csp", crate::offline::CSP);
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
pub fn generated(site: &Site, theme: &Theme, language: &Language, page: Generated) -> Result<String> {
    let Generated { key, title, path_of, template, extra, paginator } = page;
    let (lang, ui) = (language.code, &language.ui);
    let from = path_of(lang);
    let root = PageRef::Section(site.section("").expect("root section"));
    let mut shared = common(site, theme, language, &from, root);
    for l in &mut shared.languages {
        l.url = url::relative(&from, &path_of(l.code));
        l.translated = true;
    }
    let title = match title {
        Some(t) => t.to_owned(),
        None => ui.get(&*format!("{key}_title")).cloned().unwrap_or_else(|| key.to_owned()),
    };
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
        canonical: format!("{}/{from}", site.config.base_url.trim_end_matches('/')),
        alternates: Vec::new(),
        meta: None,
        parent: None,
        previous: None,
        next: None,
        lesson: None,
        scenario: None,
        poster: None,
        print: Vec::new(),
    };
    let ctx = shared.into_context(true, view, None, Vec::new(), paginator);
    let mut context = tera::Context::from_serialize(&ctx).map_err(|e| Diagnostic::error(&from, e.to_string()))?;
    context.insert("extra", &extra);
    theme.render(template, &context)
}
