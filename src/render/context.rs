//! What templates see: a borrowed, serialisable view of one page, separate from the
//! model so that templates are a stable contract while the model changes freely.
//! Documented for theme authors in the README ("Templates").

use crate::config::Contact;
use crate::model::Translation;
use crate::parse::front_matter::{CastMember, Colors, ContentType, Orientation};
use crate::parse::markdown::Heading;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct PageContext<'a> {
    pub site: SiteView<'a>,
    pub lang: LangView<'a>,
    /// The same page in every language of the site, for the language switcher.
    pub languages: Vec<LanguageLink<'a>>,
    /// Relative prefix to the output root (`../../`).
    pub root: String,
    pub home_url: String,
    pub nav: Vec<Link>,
    pub contacts: Vec<ContactView<'a>>,
    /// Plain UI strings in the reader's language (`ui.lessons`). Left out (`None`)
    /// when the context it joins already holds them: pages of a language reuse one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ui: Option<&'a BTreeMap<&'a str, String>>,
    pub css_url: String,
    pub js_url: String,
    /// Search, safety page, web app and quick exit (see `AppView`).
    pub app: AppView,
    pub page: PageView<'a>,
    /// Items and subsections, on section and home pages.
    pub section: Option<SectionView<'a>>,
    /// Top-level sections with their first items, on the home page.
    pub sections: Vec<SectionView<'a>>,
    /// On a section whose list takes several pages (`[sections] per_page`): which
    /// page this is and links to the others.
    pub paginator: Option<PaginatorView>,
}

#[derive(Serialize)]
pub struct PaginatorView {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the list takes.
    pub pages: usize,
    /// "Page 2 of 14" in the reader's language.
    pub label: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The first and last page, and the pages near this one, in order.
    pub links: Vec<PagerLink>,
}

#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    /// "Page 3 of 14", for screen readers.
    pub label: String,
    pub current: bool,
    /// Pages are skipped between the previous link and this one.
    pub gap_before: bool,
}

/// Links and settings of the offline web app, search and safety features, relative
/// to the page.
#[derive(Serialize, Clone)]
pub struct AppView {
    /// The language's search page (`<lang>/search/index.html`), also its no-JS index.
    pub search_url: String,
    /// The folder of the language's search index files, for the search script.
    pub search_dir: String,
    /// The language's safety page (quick exit, "forget this site").
    pub safety_url: String,
    /// The language's web app manifest.
    pub manifest_url: String,
    /// An icon for `apple-touch-icon`.
    pub icon_url: String,
    /// The service worker, or empty when `[offline] precache = "none"`.
    pub sw_url: String,
    /// Whether readers choose to keep a whole language (`precache = "language"`): the
    /// home page offers it.
    pub keep_offline: bool,
    /// Where quick exit goes, or empty when it is off.
    pub exit_url: String,
    /// The language's Atom feed of news, or empty when it has no news.
    pub feed_url: String,
    /// The Content-Security-Policy of every page.
    pub csp: &'static str,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub organisation: &'a str,
    pub base_url: &'a str,
    /// The licence of the site's texts, when `site.toml` names one.
    pub license: Option<LicenseView<'a>>,
}

#[derive(Serialize)]
pub struct LicenseView<'a> {
    /// `CC BY 4.0`
    pub name: &'a str,
    pub url: &'a str,
}

#[derive(Serialize, Clone, Copy)]
pub struct LangView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
}

#[derive(Serialize)]
pub struct LanguageLink<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// `ltr` or `rtl`: a language's name keeps its own direction in a page of another.
    pub dir: &'static str,
    pub url: String,
    pub current: bool,
    /// The page exists in this language as a real translation (not a fallback).
    pub translated: bool,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
    pub current: bool,
    /// The title's language and direction when it is not the reader's (the page is
    /// shown by fallback), for `lang` and `dir` on the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_dir: Option<&'static str>,
}

#[derive(Serialize)]
pub struct ContactView<'a> {
    #[serde(flatten)]
    pub contact: &'a Contact,
    /// The name in the reader's language.
    pub display_name: &'a str,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    /// `home`, `section`, `page`, `lesson`, `scenario`, `poster`, `not_found`.
    pub kind: &'static str,
    /// The `@/` path.
    pub key: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub content: String,
    pub headings: Vec<Heading>,
    /// Language and direction the text is really in (differs from `lang` on fallbacks).
    pub text_lang: LangView<'a>,
    pub fallback_notice: Option<String>,
    pub review: Option<&'a str>,
    pub canonical: String,
    /// `hreflang` alternates: languages the page is really translated into.
    pub alternates: Vec<Alternate>,
    pub meta: Option<MetaView<'a>>,
    pub parent: Option<Link>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    pub lesson: Option<LessonView>,
    pub scenario: Option<ScenarioView>,
    pub poster: Option<PosterView<'a>>,
    /// Print pages of a lesson, scenario or poster (and their PDFs when made), for
    /// `print/links.html`.
    pub print: Vec<crate::render::print::PrintLink>,
    /// JSON-LD (schema.org `LearningResource` or `CreativeWork`) of a lesson,
    /// scenario or poster, for `<script type="application/ld+json">`.
    pub structured_data: Option<String>,
    /// The "Share" control of a lesson, scenario or poster (`share.html`), unless
    /// `[safety] share = false`.
    pub share: Option<ShareView>,
    /// What a messenger or social network shows for a link to the page (Open Graph
    /// and Twitter card tags, in `base.html`).
    pub preview: PreviewView,
}

/// A link preview: every URL absolute, from `base_url`.
#[derive(Serialize)]
pub struct PreviewView {
    /// `article` for lessons, plays, posters, news and pages; `website` for the rest.
    pub kind: &'static str,
    pub url: String,
    /// `ru_RU`, `ky_KG`: the language the text is in, with its readers' country.
    pub locale: String,
    /// The same for the page's other translations.
    pub locale_alternates: Vec<String>,
    pub site_name: String,
    pub image: String,
    pub image_width: u32,
    pub image_height: u32,
    pub image_alt: String,
    /// `twitter:card`: `summary_large_image` with a preview card, else `summary`.
    pub card: &'static str,
}

/// Where "Share" sends a reader: the page's public address in the reader's language,
/// and ready-made links to messengers (plain links: nothing is loaded from them until
/// the reader follows one).
#[derive(Serialize)]
pub struct ShareView {
    pub url: String,
    pub telegram: String,
    pub whatsapp: String,
}

#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct LessonView {
    pub age: Option<String>,
    pub duration: Option<String>,
    pub activities: Vec<Activity>,
    /// Markdown fields rendered to HTML.
    pub preparation: Option<String>,
    pub teacher_notes: Option<String>,
}

#[derive(Serialize)]
pub struct Activity {
    pub title: String,
    pub id: String,
    pub minutes: Option<String>,
}

#[derive(Serialize)]
pub struct ScenarioView {
    pub duration: Option<String>,
    pub scenes: Vec<(String, String)>,
}

#[derive(Serialize)]
pub struct PosterView<'a> {
    pub sizes: Vec<crate::model::paper::PaperSize>,
    pub contact: Option<ContactView<'a>>,
    pub qr_url: Option<String>,
    pub background: &'a str,
    pub text_color: &'a str,
    pub accent: &'a str,
    /// Width / height of the first size, for the preview's aspect ratio.
    pub aspect: String,
    /// The preview's class and its stylesheet (colours and aspect ratio; no inline
    /// styles under the Content-Security-Policy).
    pub style_class: String,
    pub style_url: String,
    /// The poster's `image` as a responsive `<img>` (HTML), if it has one.
    pub image: Option<String>,
    /// Orientation, bleed and safe zone in mm (defaults applied).
    pub orientation: Orientation,
    pub bleed: f64,
    pub safe_zone: f64,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: String,
    pub url: String,
    /// How many items the section shows in the reader's language ("70 lessons").
    pub count: String,
    /// The number of the first item of `items` in the whole list (for `<ol start>`).
    pub first_number: usize,
    pub items: Vec<ItemView<'a>>,
    pub subsections: Vec<Link>,
}

#[derive(Serialize)]
pub struct ItemView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub kind: &'static str,
    pub text_lang: &'a str,
    pub fallback: bool,
    pub meta: MetaView<'a>,
}

/// The front matter as its author wrote it (`page.meta`, `item.meta`): every key of
/// every content type, those the translation's type has not `null` or empty.
#[derive(Serialize)]
pub struct MetaView<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub order: Option<i64>,
    pub draft: bool,
    #[serde(rename = "type")]
    pub content_type: Option<ContentType>,
    pub review: Option<&'a str>,
    pub source_hash: Option<&'a str>,
    pub age: Option<[u32; 2]>,
    pub duration: Option<u32>,
    pub objectives: &'a [String],
    pub materials: &'a [String],
    pub preparation: Option<&'a str>,
    pub topics: &'a [String],
    pub handouts: &'a [String],
    pub content_note: Option<&'a str>,
    pub teacher_notes: Option<&'a str>,
    pub audience: Option<&'a str>,
    pub format: Option<&'a str>,
    pub cast: &'a [CastMember],
    pub headline: Option<&'a str>,
    pub text: Option<&'a str>,
    pub cta: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub image: Option<&'a str>,
    pub image_alt: Option<&'a str>,
    pub colors: Option<&'a Colors>,
    pub sizes: &'a [String],
    pub orientation: Option<Orientation>,
    pub bleed: Option<f64>,
    pub safe_zone: Option<f64>,
    pub qr: Option<&'a str>,
    pub date: Option<&'a str>,
}

impl<'a> MetaView<'a> {
    pub fn of(t: &'a Translation) -> MetaView<'a> {
        let l = t.content.lesson();
        let s = t.content.scenario();
        let p = t.content.poster();
        let w = p.map(|p| &p.written);
        MetaView {
            title: &t.title,
            summary: t.summary.as_deref(),
            order: t.order,
            draft: t.draft,
            content_type: t.declared_type,
            review: t.review.as_deref(),
            source_hash: t.source_hash.as_deref(),
            age: l.and_then(|l| l.age),
            duration: l.and_then(|l| l.duration).or(s.and_then(|s| s.duration)),
            objectives: l.map_or(&[], |l| &l.objectives),
            materials: l.map_or(&[], |l| &l.materials),
            preparation: l.and_then(|l| l.preparation.as_deref()),
            topics: l.map_or(&[], |l| &l.topics),
            handouts: l.map_or(&[], |l| &l.handouts),
            content_note: l.and_then(|l| l.content_note.as_deref()),
            teacher_notes: l.and_then(|l| l.teacher_notes.as_deref()),
            audience: s.and_then(|s| s.audience.as_deref()),
            format: s.and_then(|s| s.format.as_deref()),
            cast: s.map_or(&[], |s| &s.cast),
            headline: p.and_then(|p| p.headline.as_deref()),
            text: p.and_then(|p| p.text.as_deref()),
            cta: p.and_then(|p| p.cta.as_deref()),
            contact: p.and_then(|p| p.contact.as_deref()),
            image: p.and_then(|p| p.image.as_deref()),
            image_alt: p.and_then(|p| p.image_alt.as_deref()),
            colors: w.and_then(|w| w.colors.as_ref()),
            sizes: w.map_or(&[], |w| &w.sizes),
            orientation: w.and_then(|w| w.orientation),
            bleed: w.and_then(|w| w.bleed),
            safe_zone: w.and_then(|w| w.safe_zone),
            qr: p.and_then(|p| p.qr.as_deref()),
            date: t.content.date(),
        }
    }
}
