//! The parts of a page's view that depend on its kind: a section's list of items and
//! its pager, an item's neighbours, a poster's preview (and the small stylesheet that
//! carries its colours, since the Content-Security-Policy allows no inline styles).

use super::Inputs;
use super::context::*;
use super::language::{Ui, link};
use super::links::WebLinks;
use crate::hash::fingerprint;
use crate::model::content::Poster;
use crate::model::{PageRef, Site};
use crate::output::layout;
use crate::parse::front_matter::ContentType;
use crate::render::i18n::Strings;
use std::collections::BTreeMap;

/// A section's view with the items `window` of the `total` it shows in `lang`.
pub fn section_view<'a>(
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
                title: &t.title,
                summary: t.summary.as_deref().unwrap_or(""),
                url: layout::relative(from, &layout::page_path(lang, &item.key())),
                kind: item.content_type.name(),
                text_lang: &t.lang,
                fallback: t.lang != lang,
                meta: MetaView::of(t),
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
        title: site.title_of(PageRef::Section(i), lang).to_owned(),
        url: layout::relative(from, &layout::page_path(lang, &section.path)),
        count: strings.plural(count_key, total as i64),
        first_number: 1,
        items,
        subsections,
    }
}

/// Pages of a list either side of the current one that the pager links to by number.
const PAGER_NEAR: usize = 2;

/// The pager of page `number` of the `pages` of the list at `key` (a section's, or a
/// topic's).
pub fn paginator_view(ui: &Ui, lang: &str, key: &str, from: &str, number: usize, pages: usize) -> PaginatorView {
    let url_of = |n: usize| layout::relative(from, &layout::list_page_path(lang, key, n));
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
pub fn neighbours(site: &Site, page: PageRef, lang: &str, from: &str) -> (Option<Link>, Option<Link>, Option<Link>) {
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

/// The poster's view on its web page: sizes, contact, QR target and a preview whose
/// colours come from a stylesheet of its own. `Err` when its image cannot be made.
pub fn poster_view<'a>(
    inputs: &Inputs<'a>,
    p: &'a Poster,
    lang: &str,
    links: &WebLinks,
) -> Result<PosterView<'a>, String> {
    let site = inputs.site;
    let contact = p.contact.as_deref().and_then(|id| site.config.contact(id));
    let contact = contact.map(|c| ContactView { contact: c, display_name: c.names.get(lang).unwrap_or(&c.name) });
    let qr_url = p.qr.as_deref().map(|target| qr_target(site, lang, target));
    let style = poster_style(p);
    // The poster preview is at most 420px wide (36rem landscape); 2x screens need twice that.
    let image = match p.image.as_deref() {
        Some(name) => links.image(name, p.image_alt.as_deref().unwrap_or(""), "", "(min-width: 30rem) 420px, 90vw"),
        None => None,
    }
    .transpose()?;
    Ok(PosterView {
        image,
        style_url: layout::relative(links.from, &style.path),
        style_class: style.class,
        aspect: aspect(p),
        sizes: p.sizes.clone(),
        contact,
        qr_url,
        background: p.colours.background.css(),
        text_color: p.colours.text.css(),
        accent: p.colours.accent.css(),
        orientation: p.orientation,
        bleed: p.bleed,
        safe_zone: p.safe_zone,
    })
}

/// Where a poster's `qr` leads, as an absolute URL: a page of the site in `lang`, or
/// the address as written.
pub fn qr_target(site: &Site, lang: &str, target: &str) -> String {
    match crate::parse::link::dest(target) {
        crate::parse::link::Dest::Page { path, .. } => layout::absolute(&site.config.base_url, lang, path),
        _ => target.to_owned(),
    }
}

/// The width / height of the poster's first size, for the preview's aspect ratio.
fn aspect(p: &Poster) -> String {
    format!("{} / {}", p.sizes[0].width_mm, p.sizes[0].height_mm)
}

/// A poster preview's colours and shape as a class in a small stylesheet of its own,
/// because the Content-Security-Policy allows no inline `style` attributes.
pub struct PosterStyle {
    pub class: String,
    /// Output path of the stylesheet (named by its content).
    pub path: String,
    pub css: String,
}

pub fn poster_style(p: &Poster) -> PosterStyle {
    let c = &p.colours;
    let body = format!(
        "aspect-ratio: {}; background: {}; color: {}; --poster-accent: {};",
        aspect(p),
        c.background.css(),
        c.text.css(),
        c.accent.css()
    );
    let hash = fingerprint(body.as_bytes());
    let class = format!("poster-style-{hash}");
    PosterStyle { path: layout::poster_style(&hash), css: format!(".{class} {{ {body} }}\n"), class }
}

/// Every poster preview stylesheet of the site (each poster translation's), for the
/// site-wide files.
pub fn poster_styles(site: &Site) -> Vec<PosterStyle> {
    let mut out: BTreeMap<String, PosterStyle> = BTreeMap::new();
    for t in site.items.iter().flat_map(|i| i.translations.values()) {
        if let Some(p) = t.content.poster() {
            let style = poster_style(p);
            out.insert(style.path.clone(), style);
        }
    }
    out.into_values().collect()
}
