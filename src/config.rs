//! `site.toml`: the site's title, languages with their fallback chains, theme and
//! contacts. First stage of the pipeline: everything else reads this.

use crate::error::{Diagnostic, Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// The whole of `site.toml`, checked strictly: an unknown key is an error.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is published at; used only for canonical links, the
    /// sitemap and `hreflang` alternates. Every other link is relative.
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Who publishes the site, shown in the footer and on the handbook cover.
    #[serde(default)]
    pub organisation: String,
    pub languages: Vec<LanguageConfig>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// The site's logo (PNG or JPEG, under the site's folder), from which the web
    /// app's icons are made. Without one, a plain lamp icon is drawn.
    pub logo: Option<String>,
    /// The licence of the site's texts: an SPDX id of a Creative Commons licence
    /// (`CC-BY-4.0`…) or `{ name = "…", url = "…" }`. Shown in the footer and in the
    /// pages' learning-resource metadata.
    pub license: Option<License>,
    #[serde(default)]
    pub offline: OfflineConfig,
    #[serde(default)]
    pub safety: SafetyConfig,
    #[serde(default)]
    pub preview: PreviewConfig,
    #[serde(default)]
    pub check: CheckConfig,
    #[serde(default)]
    pub build: BuildConfig,
    #[serde(default)]
    pub images: ImagesConfig,
    #[serde(default)]
    pub sections: SectionsConfig,
    /// Languages of `site.toml` left out of this output (`chyrak pack --lang`).
    #[serde(skip)]
    pub left_out: Vec<LanguageConfig>,
}

/// `[offline]`: the service worker and the installable web app.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfflineConfig {
    /// What the service worker stores for offline reading when a reader first visits:
    /// `language` (the pages of the language they opened, plus assets), `all`, or `none`
    /// (no service worker at all).
    #[serde(default)]
    pub precache: Precache,
    /// With `precache = "language"`: how much of a language the worker downloads on
    /// its own, beyond the pages every reader needs (home, sections, search, safety):
    /// its first items, in reading order, up to this size. Readers keep the rest as
    /// they read it, or all of it with the "keep all" button of the home page. A size
    /// (`"5 MB"`, `"800 kB"`) or a number of bytes.
    #[serde(default = "default_budget", deserialize_with = "bytes")]
    pub budget: u64,
    /// Colours of the installed web app (`theme_color`, `background_color`).
    #[serde(default = "default_theme_color")]
    pub theme_color: String,
    #[serde(default = "default_background_color")]
    pub background_color: String,
}

impl Default for OfflineConfig {
    fn default() -> Self {
        OfflineConfig {
            precache: Precache::default(),
            budget: default_budget(),
            theme_color: default_theme_color(),
            background_color: default_background_color(),
        }
    }
}

fn default_budget() -> u64 {
    5_000_000
}

/// A size: a number of bytes, or a string such as `"5 MB"`, `"800 kB"`, `"2.5MiB"`
/// (kB, MB, GB count thousands; KiB, MiB, GiB count 1,024s).
fn bytes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Size {
        Bytes(u64),
        Text(String),
    }
    match Size::deserialize(d)? {
        Size::Bytes(n) => Ok(n),
        Size::Text(text) => parse_size(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a size: write a number and a unit, such as \"5 MB\" or \"800 kB\""
            ))
        }),
    }
}

/// `"5 MB"` → 5,000,000 (see [`bytes`]).
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let n = number * scale;
    (0.0..1e15).contains(&n).then_some(n.round() as u64)
}

fn default_theme_color() -> String {
    "#1d5260".to_owned()
}

fn default_background_color() -> String {
    "#fbf8f4".to_owned()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precache {
    #[default]
    Language,
    All,
    None,
}

/// `[safety]`: the quick-exit button.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyConfig {
    /// Show the quick-exit button on every page (and leave on Shift pressed three times).
    #[serde(default = "yes")]
    pub quick_exit: bool,
    /// Where quick exit goes: a neutral site that says nothing about this one.
    #[serde(default = "default_exit_url")]
    pub exit_url: String,
    /// The "Share" control on lesson, play and poster pages. A service for survivors
    /// may not want readers to pass its pages on.
    #[serde(default = "yes")]
    pub share: bool,
}

impl Default for SafetyConfig {
    fn default() -> Self {
        SafetyConfig { quick_exit: true, exit_url: default_exit_url(), share: true }
    }
}

fn yes() -> bool {
    true
}

fn default_exit_url() -> String {
    "https://www.google.com/search?q=weather".to_owned()
}

/// `[preview]`: what a messenger or social network shows for a link to the site.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewConfig {
    /// Which pages get a preview card of their own (a 1200 × 630 picture, drawn at
    /// build time and cached).
    #[serde(default)]
    pub cards: Cards,
}

/// Which pages get their own preview card; the others show their language's home card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cards {
    /// Every page, with its title (some 30–55 kB and 5 ms of drawing each, once).
    #[default]
    Pages,
    /// Posters (and each language's home); other pages show the home card.
    Posters,
    /// None: previews show the web app's icon.
    None,
}

/// `[check]`: thresholds for `chyrak check`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Warn when a contact's `verified` date is older than this many days.
    #[serde(default = "default_verified_max_days")]
    pub verified_max_days: u32,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig { verified_max_days: default_verified_max_days() }
    }
}

fn default_verified_max_days() -> u32 {
    180
}

/// `[build]`: how assets are built.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// A browserslist query: the browsers the CSS is prefixed and lowered for.
    #[serde(default = "default_browsers")]
    pub browsers: String,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig { browsers: default_browsers() }
    }
}

/// The browsers CSS is built for when `site.toml` says nothing. Teachers in the
/// region read on cheap, old Android phones: Chrome 87 (late 2020) is older than the
/// last Chrome of Android 5–6 (95, 106), so every phone that still updates Chrome is
/// covered, with Safari on iOS 14.5+ and Samsung Internet 14+ besides current browsers.
/// Going lower (Chrome 80, iOS 12) doubles the stylesheet: lightningcss then rewrites
/// every logical property (`margin-inline`) and `:is()` into per-direction copies.
pub const DEFAULT_BROWSERS: &str = "defaults, Chrome >= 87, Firefox ESR, iOS >= 14.5, Samsung >= 14";

fn default_browsers() -> String {
    DEFAULT_BROWSERS.to_owned()
}

/// `[sections]`: how section pages list their items.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionsConfig {
    /// Items per page of a section's list: a longer list goes on to `page/2/`,
    /// `page/3/`… `0` lists every item on one page.
    #[serde(default = "default_per_page")]
    pub per_page: usize,
}

impl Default for SectionsConfig {
    fn default() -> Self {
        SectionsConfig { per_page: default_per_page() }
    }
}

impl SectionsConfig {
    /// Items per page of a list of `total` items.
    pub fn page_size(&self, total: usize) -> usize {
        if self.per_page == 0 { total.max(1) } else { self.per_page }
    }

    /// How many pages a list of `total` items takes (at least one).
    pub fn pages(&self, total: usize) -> usize {
        total.div_ceil(self.page_size(total)).max(1)
    }

    /// The positions of the items on page `n` (from 1) of a list of `total` items.
    pub fn page_range(&self, total: usize, n: usize) -> std::ops::Range<usize> {
        let size = self.page_size(total);
        (n.saturating_sub(1) * size).min(total)..(n * size).min(total)
    }
}

fn default_per_page() -> usize {
    50
}

/// `[images]`: responsive images made from the raster images of bundles.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Widths in pixels to make of each image (never wider than the original).
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    /// The `sizes` attribute of images in a page's text: how wide they are shown.
    #[serde(default = "default_sizes")]
    pub sizes: String,
    /// JPEG quality, 1–100.
    #[serde(default = "default_quality")]
    pub quality: u8,
    /// Also make WebP (lossless) copies of PNG images, used where they are smaller.
    #[serde(default = "yes")]
    pub webp: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig { widths: default_widths(), sizes: default_sizes(), quality: default_quality(), webp: true }
    }
}

fn default_widths() -> Vec<u32> {
    vec![480, 960, 1600]
}

fn default_sizes() -> String {
    // The text column is at most 68ch (about 42rem) wide; on phones, the screen less its margins.
    "(min-width: 45rem) 42rem, calc(100vw - 2rem)".to_owned()
}

fn default_quality() -> u8 {
    80
}

fn default_theme() -> String {
    "default".to_owned()
}

/// One language of the site, in the order readers see them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// BCP 47 code: `ky`, `ru`, `uz-Latn`…
    pub code: String,
    /// The language's own name ("Кыргызча").
    pub name: String,
    #[serde(default)]
    pub direction: Direction,
    /// Languages to show, in order, when a page has no translation in this one.
    #[serde(default)]
    pub fallback: Vec<String>,
    /// Country whose contacts the "get help" block shows to readers of this language
    /// (`KG`, `KZ`…). Without it, every contact is shown.
    pub country: Option<String>,
    /// Site title and description in this language (default: the site's).
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

/// A licence as `site.toml` names it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum License {
    /// An SPDX id from [`KNOWN_LICENSES`].
    Id(String),
    Custom {
        name: String,
        url: String,
    },
}

/// Creative Commons licences by SPDX id: their short name and deed.
pub const KNOWN_LICENSES: [(&str, &str, &str); 7] = [
    ("CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    ("CC-BY-SA-4.0", "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    ("CC-BY-NC-4.0", "CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    ("CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    ("CC-BY-ND-4.0", "CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/"),
    ("CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    ("CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
];

impl License {
    /// Its name and address; `None` for an id chyrak does not know (an error of
    /// `site.toml`).
    pub fn resolved(&self) -> Option<(&str, &str)> {
        match self {
            License::Id(id) => {
                KNOWN_LICENSES.iter().find(|(k, _, _)| k.eq_ignore_ascii_case(id)).map(|(_, name, url)| (*name, *url))
            }
            License::Custom { name, url } => Some((name, url)),
        }
    }
}

/// A hotline or service, shown in the same place on every page and on posters.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: String,
    pub name: String,
    /// The contact's name per language code, when it differs from `name`.
    #[serde(default)]
    pub names: std::collections::BTreeMap<String, String>,
    /// The number as people read it.
    pub number: String,
    /// Number for `tel:` links (digits and `+`).
    pub tel: Option<String>,
    /// Number for `sms:` links.
    pub sms: Option<String>,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub cost: String,
    /// Country the service works in (ISO 3166 code such as `KG`, `KZ`, `TJ`, `UZ`), for
    /// the "get help" block of the languages spoken there. Empty: every language.
    #[serde(default)]
    pub country: String,
    /// When the number was last checked to work (YYYY-MM-DD).
    #[serde(default)]
    pub verified: String,
    /// An example number, not a real service: shown as such.
    #[serde(default)]
    pub example: bool,
}

impl SiteConfig {
    /// Reads and validates `site.toml` at `path`.
    pub fn load(path: &Path) -> Result<SiteConfig> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<SiteConfig> {
        let config: SiteConfig = toml::from_str(text).map_err(|e| crate::toml_error::diagnostic(path, text, 0, &e))?;
        let problems = config.validate(path, text);
        if problems.is_empty() { Ok(config) } else { Err(Error::Content(problems)) }
    }

    fn validate(&self, path: &Path, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let at = |needle: &str, d: Diagnostic| match text.find(needle) {
            Some(offset) => d.at_offset(text, offset),
            None => d,
        };
        if self.languages.is_empty() {
            problems.push(
                Diagnostic::error(path, "no languages: the site needs at least one")
                    .with_help("add a `[[languages]]` table with `code` and `name`"),
            );
        }
        if !self.base_url.starts_with("http://") && !self.base_url.starts_with("https://") {
            problems.push(at(
                "base_url",
                Diagnostic::error(path, format!("`base_url` must be an absolute http(s) URL, not `{}`", self.base_url))
                    .with_help("for example base_url = \"https://example.org/handbook\""),
            ));
        }
        let mut seen = HashSet::new();
        for lang in &self.languages {
            if let Err(why) = lang.code.parse::<unic_langid::LanguageIdentifier>() {
                problems.push(at(
                    &format!("\"{}\"", lang.code),
                    Diagnostic::error(path, format!("`{}` is not a BCP 47 language code: {why}", lang.code))
                        .with_help("use codes such as `ky`, `ru`, `kk`, `tg`, `uz-Latn`, `en`"),
                ));
            }
            if !seen.insert(lang.code.as_str()) {
                problems.push(Diagnostic::error(path, format!("language `{}` is listed twice", lang.code)));
            }
        }
        let codes: Vec<&str> = self.languages.iter().map(|l| l.code.as_str()).collect();
        for lang in &self.languages {
            for fb in &lang.fallback {
                if !codes.contains(&fb.as_str()) || fb == &lang.code {
                    let mut d = Diagnostic::error(
                        path,
                        format!(
                            "language `{}` falls back to `{fb}`, which is not another language of the site",
                            lang.code
                        ),
                    );
                    if let Some(near) = crate::error::closest(fb, codes.iter().copied()) {
                        d = d.with_help(format!("did you mean `{near}`?"));
                    }
                    problems.push(at(&format!("\"{fb}\""), d));
                }
            }
        }
        if let Some(cycle) = fallback_cycle(&self.languages) {
            problems.push(at(
                "fallback",
                Diagnostic::error(path, format!("fallback cycle: {}", cycle.join(" → ")))
                    .with_help("languages must not fall back to each other; list the full chain in each, e.g. ky: [\"ru\", \"en\"], ru: [\"en\"]"),
            ));
        }
        if !self.safety.exit_url.starts_with("https://") && !self.safety.exit_url.starts_with("http://") {
            problems.push(at(
                "exit_url",
                Diagnostic::error(
                    path,
                    format!("`exit_url` must be an absolute http(s) URL, not `{}`", self.safety.exit_url),
                )
                .with_help("a neutral site, for example exit_url = \"https://www.google.com/search?q=weather\""),
            ));
        }
        if self.images.widths.is_empty() || self.images.widths.iter().any(|w| !(16..=8000).contains(w)) {
            problems.push(at(
                "widths",
                Diagnostic::error(path, "`images.widths` must list widths between 16 and 8000 pixels")
                    .with_help("for example widths = [480, 960, 1600]"),
            ));
        }
        if !(1..=100).contains(&self.images.quality) {
            problems.push(at(
                "quality",
                Diagnostic::error(path, "`images.quality` must be between 1 and 100").with_help("80 is a good default"),
            ));
        }
        if let Some(license) = &self.license {
            match (license, license.resolved()) {
                (License::Id(id), None) => {
                    let mut d = Diagnostic::error(path, format!("unknown licence `{id}`")).with_help(
                        "use the SPDX id of a Creative Commons licence (CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0, \
                         CC-BY-NC-SA-4.0, CC-BY-ND-4.0, CC-BY-NC-ND-4.0, CC0-1.0), or license = { name = \"…\", url = \"https://…\" }",
                    );
                    if let Some(near) = crate::error::closest(id, KNOWN_LICENSES.iter().map(|(k, _, _)| *k)) {
                        d = d.with_help(format!("did you mean `{near}`?"));
                    }
                    problems.push(at("license", d));
                }
                (License::Custom { url, .. }, _) if !(url.starts_with("https://") || url.starts_with("http://")) => {
                    problems.push(at(
                        "license",
                        Diagnostic::error(
                            path,
                            format!("the licence's `url` must be an absolute http(s) URL, not `{url}`"),
                        ),
                    ));
                }
                _ => {}
            }
        }
        let mut ids = HashSet::new();
        for c in &self.contacts {
            if !ids.insert(c.id.as_str()) {
                problems.push(at(
                    &format!("\"{}\"", c.id),
                    Diagnostic::error(path, format!("contact id `{}` is used twice", c.id)),
                ));
            }
        }
        problems
    }

    /// The language a site is first shown in.
    pub fn default_language(&self) -> &LanguageConfig {
        &self.languages[0]
    }

    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().chain(&self.left_out).find(|l| l.code == code)
    }

    /// Publishes only the languages `codes` (for `chyrak pack`). The others stay known
    /// (their names and directions) for the texts the kept ones show by fallback.
    pub fn keep_languages(&mut self, codes: &[String]) {
        let (kept, left): (Vec<_>, Vec<_>) = self.languages.drain(..).partition(|l| codes.contains(&l.code));
        self.languages = kept;
        self.left_out.extend(left);
    }

    /// `code` followed by its fallbacks: the order in which translations are looked for.
    pub fn chain<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a str> {
        let fallbacks = self.language(code).map(|l| l.fallback.as_slice()).unwrap_or(&[]);
        std::iter::once(code).chain(fallbacks.iter().map(String::as_str))
    }

    /// The contacts for readers of `lang`: those of the language's country and those
    /// with no country, in the order of `site.toml`.
    pub fn contacts_for(&self, lang: &str) -> impl Iterator<Item = &Contact> {
        let country = self.language(lang).and_then(|l| l.country.as_deref());
        self.contacts.iter().filter(move |c| match country {
            Some(country) => c.country.is_empty() || c.country.eq_ignore_ascii_case(country),
            None => true,
        })
    }

    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }
}

/// A cycle in the fallback graph (`ky → ru → ky`), if there is one: a reader would be
/// sent round in circles and no language would be the original.
fn fallback_cycle(languages: &[LanguageConfig]) -> Option<Vec<String>> {
    fn visit<'a>(code: &'a str, languages: &'a [LanguageConfig], path: &mut Vec<&'a str>) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|c| *c == code) {
            let mut cycle: Vec<String> = path[start..].iter().map(|c| c.to_string()).collect();
            cycle.push(code.to_owned());
            return Some(cycle);
        }
        if path.len() > languages.len() {
            return None;
        }
        path.push(code);
        let fallbacks = languages.iter().find(|l| l.code == code).map_or(&[][..], |l| &l.fallback[..]);
        for fb in fallbacks.iter().filter(|fb| **fb != code) {
            if let Some(cycle) = visit(fb, languages, path) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    languages.iter().find_map(|l| visit(&l.code, languages, &mut Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
title = "T"
base_url = "https://example.org/x"
[[languages]]
code = "ky"
name = "Кыргызча"
fallback = ["ru"]
[[languages]]
code = "ru"
name = "Русский"
"#;

    #[test]
    fn parses_languages_in_order_with_chains() {
        let c = SiteConfig::parse(Path::new("site.toml"), OK).unwrap();
        assert_eq!(c.default_language().code, "ky");
        assert_eq!(c.chain("ky").collect::<Vec<_>>(), ["ky", "ru"]);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_size("5 MB"), Some(5_000_000));
        assert_eq!(parse_size("800kB"), Some(800_000));
        assert_eq!(parse_size("2.5 MiB"), Some(2_621_440));
        assert_eq!(parse_size("1 GB"), Some(1_000_000_000));
        assert_eq!(parse_size("1200"), Some(1200));
        assert_eq!(parse_size("five MB"), None);
        assert_eq!(parse_size("5 MX"), None);
        let c = SiteConfig::parse(Path::new("site.toml"), &format!("{OK}[offline]\nbudget = \"2 MB\"\n")).unwrap();
        assert_eq!(c.offline.budget, 2_000_000);
        let c = SiteConfig::parse(Path::new("site.toml"), &format!("{OK}[offline]\nbudget = 65536\n")).unwrap();
        assert_eq!(c.offline.budget, 65536);
        let e = SiteConfig::parse(Path::new("site.toml"), &format!("{OK}[offline]\nbudget = \"lots\"\n"));
        let e = e.unwrap_err().to_string();
        assert!(e.contains("`lots` is not a size") && e.contains("site.toml"), "{e}");
        assert_eq!(SiteConfig::parse(Path::new("site.toml"), OK).unwrap().offline.budget, 5_000_000);
    }

    #[test]
    fn unknown_key_names_line_and_nearest_key() {
        let text = OK.replace("title = \"T\"", "titel = \"T\"");
        let err = SiteConfig::parse(Path::new("site.toml"), &text).unwrap_err().to_string();
        assert!(err.contains("site.toml:2:1: unknown key `titel`"), "{err}");
        assert!(err.contains("did you mean `title`?"), "{err}");
    }

    #[test]
    fn fallback_cycle_is_an_error() {
        let text = OK.replace("name = \"Русский\"", "name = \"Русский\"\nfallback = [\"ky\"]");
        let err = SiteConfig::parse(Path::new("site.toml"), &text).unwrap_err().to_string();
        assert!(err.contains("fallback cycle: ky → ru → ky"), "{err}");
    }

    #[test]
    fn unknown_fallback_is_reported() {
        let text = OK.replace("fallback = [\"ru\"]", "fallback = [\"rus\"]");
        let err = SiteConfig::parse(Path::new("site.toml"), &text).unwrap_err().to_string();
        assert!(err.contains("falls back to `rus`"), "{err}");
        assert!(err.contains(":7:"), "{err}");
    }
}
