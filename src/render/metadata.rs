//! Structured data for platforms that collect open educational resources: JSON-LD
//! with schema.org `LearningResource` (LRMI) on lesson and scenario pages, and
//! `CreativeWork` on poster pages. What it says comes from the model: the text's real
//! language (on a fallback page, the language it is written in, not the reader's),
//! ages, minutes, objectives, the section it belongs to, the publisher and the
//! licence of `site.toml`.

use super::context::{PreviewView, ShareView};
use crate::assets::cards;
use crate::model::content::{Content, Lesson};
use crate::model::{PageRef, Site, Translation};
use crate::output::layout;
use serde_json::{Value, json};

/// The JSON-LD of item `t` of `section` (its `@/` path), published at `url`, or
/// `None` for kinds of page that have none. Ready to put in a `<script>` element.
pub fn json_ld(site: &Site, section: &str, t: &Translation, url: &str) -> Option<String> {
    let config = &site.config;
    let mut data = json!({
        "@context": "https://schema.org",
        "name": t.title,
        "url": url,
        "inLanguage": t.lang,
    });
    let object = data.as_object_mut()?;
    if let Some(summary) = &t.summary {
        object.insert("description".into(), json!(summary));
    }
    match &t.content {
        Content::Lesson(l) => {
            object.insert("@type".into(), json!("LearningResource"));
            object.insert("learningResourceType".into(), json!("lesson plan"));
            lesson(object, l);
        }
        Content::Scenario(s) => {
            object.insert("@type".into(), json!("LearningResource"));
            object.insert("learningResourceType".into(), json!("play script"));
            if let Some(minutes) = s.duration {
                object.insert("timeRequired".into(), json!(iso_duration(minutes)));
            }
            if let Some(audience) = &s.audience {
                object.insert("audience".into(), json!({ "@type": "Audience", "audienceType": audience }));
            }
        }
        Content::Poster(p) => {
            object.insert("@type".into(), json!("CreativeWork"));
            object.insert("genre".into(), json!("poster"));
            let sizes: Vec<String> = p
                .sizes
                .iter()
                .map(|s| format!("{} ({} × {} mm)", s.name, trim(s.width_mm), trim(s.height_mm)))
                .collect();
            object.insert("size".into(), json!(sizes));
        }
        _ => return None,
    }
    if let Some(i) = site.section(section) {
        let title = site.sections[i].translations.get(&t.lang).map(|s| s.title.as_str());
        let title = title.or_else(|| site.sections[i].translations.values().next().map(|s| s.title.as_str()));
        let kind = if matches!(t.content, Content::Lesson(_)) { "Book" } else { "Collection" };
        object.insert(
            "isPartOf".into(),
            json!({
                "@type": kind,
                "name": title.unwrap_or(section),
                "url": layout::absolute(&config.base_url, &t.lang, section),
            }),
        );
    }
    if !config.organisation.is_empty() {
        object.insert("publisher".into(), json!({ "@type": "Organization", "name": config.organisation }));
    }
    if let Some((name, url)) = config.license.as_ref().and_then(|l| l.resolved()) {
        object.insert("license".into(), json!(url));
        object.insert("copyrightNotice".into(), json!(name));
    }
    // Inside <script>, `</` would end the element early.
    Some(data.to_string().replace("</", "<\\/"))
}

/// The link preview of `page` at `url` whose text is in `text_lang`, translated into
/// `translated` (every language with a translation), for readers of `lang`. Its
/// picture is the page's preview card, or the web app's icon when cards are off.
pub fn preview(
    site: &Site,
    page: PageRef,
    lang: &str,
    text_lang: &str,
    translated: &[&str],
    kind: &'static str,
    url: String,
) -> PreviewView {
    let config = &site.config;
    let l = config.language(lang);
    let site_name = l.and_then(|l| l.title.clone()).unwrap_or_else(|| config.title.clone());
    let (image, width, height, card) = match cards::card_of(site, page, text_lang) {
        Some((rel, _)) => (rel, cards::WIDTH, cards::HEIGHT, "summary_large_image"),
        None => {
            let (icon, size, _) = layout::ICONS[1];
            (icon.to_owned(), size, size, "summary")
        }
    };
    let title = site.title_of(page, text_lang);
    PreviewView {
        kind,
        url,
        locale: og_locale(site, text_lang),
        locale_alternates: translated.iter().filter(|c| **c != text_lang).map(|c| og_locale(site, c)).collect(),
        image: layout::absolute_file(&config.base_url, &image),
        image_width: width,
        image_height: height,
        image_alt: if card == "summary" || title.is_empty() {
            site_name.clone()
        } else {
            format!("{title} — {site_name}")
        },
        card,
        site_name,
    }
}

/// An Open Graph locale: `ky_KG` (the language's `country` in `site.toml`, or the
/// country where most of its readers live), or the language alone.
fn og_locale(site: &Site, code: &str) -> String {
    let language = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    let country = site.config.language(code).and_then(|l| l.country.clone()).or_else(|| {
        let c = match language.as_str() {
            "en" => "US",
            "ru" => "RU",
            "ky" => "KG",
            "kk" => "KZ",
            "tg" => "TJ",
            "uz" => "UZ",
            "tk" => "TM",
            "fa" => "IR",
            "prs" => "AF",
            "ps" => "AF",
            "ar" => "SA",
            _ => return None,
        };
        Some(c.to_owned())
    });
    match country {
        Some(c) => format!("{language}_{}", c.to_ascii_uppercase()),
        None => language,
    }
}

/// The "Share" links of the page at `url` titled `title`.
pub fn share(url: &str, title: &str) -> ShareView {
    ShareView {
        url: url.to_owned(),
        telegram: format!("https://t.me/share/url?url={}&text={}", encode(url), encode(title)),
        whatsapp: format!("https://wa.me/?text={}", encode(&format!("{title} {url}"))),
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for a query value.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn lesson(object: &mut serde_json::Map<String, Value>, l: &Lesson) {
    if let Some([min, max]) = l.age {
        object.insert("typicalAgeRange".into(), json!(format!("{min}-{max}")));
        object.insert("educationalLevel".into(), json!(level(min, max)));
    }
    if let Some(minutes) = l.duration {
        object.insert("timeRequired".into(), json!(iso_duration(minutes)));
    }
    if !l.objectives.is_empty() {
        object.insert("teaches".into(), json!(l.objectives));
    }
    if !l.topics.is_empty() {
        object.insert("keywords".into(), json!(l.topics.join(", ")));
    }
}

/// The level of schooling for readers of these ages, in the words of ISCED.
fn level(min: u32, max: u32) -> &'static str {
    match (min, max) {
        (18.., _) => "adult education",
        (15.., _) => "upper secondary education",
        (_, ..=11) => "primary education",
        (_, ..=14) => "lower secondary education",
        _ => "secondary education",
    }
}

/// Minutes as an ISO 8601 duration: `PT45M`, `PT1H30M`.
fn iso_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// `210` for 210.0, `215.9` for 215.9.
fn trim(mm: f64) -> String {
    let s = format!("{mm:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_levels() {
        assert_eq!(iso_duration(45), "PT45M");
        assert_eq!(iso_duration(60), "PT1H");
        assert_eq!(iso_duration(90), "PT1H30M");
        assert_eq!(level(14, 18), "secondary education");
        assert_eq!(level(15, 18), "upper secondary education");
        assert_eq!(level(12, 14), "lower secondary education");
        assert_eq!(level(18, 99), "adult education");
        assert_eq!(trim(215.9), "215.9");
        assert_eq!(trim(210.0), "210");
    }

    #[test]
    fn share_links_are_encoded_for_a_query() {
        let s = share("https://example.org/ru/lessons/a/", "Договор & «права»");
        assert_eq!(
            s.telegram,
            "https://t.me/share/url?url=https%3A%2F%2Fexample.org%2Fru%2Flessons%2Fa%2F&text=%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%20%26%20%C2%AB%D0%BF%D1%80%D0%B0%D0%B2%D0%B0%C2%BB"
        );
        assert!(
            s.whatsapp.starts_with("https://wa.me/?text=%D0%94")
                && s.whatsapp.ends_with("%20https%3A%2F%2Fexample.org%2Fru%2Flessons%2Fa%2F")
        );
    }
}
