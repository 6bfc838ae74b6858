//! The theme's UI strings per language ("Lessons", "Duration", "3 урока"), with CLDR
//! plural rules from `intl_pluralrules`. The default theme's strings are compiled in;
//! a theme folder's `i18n/<lang>.toml` overrides them key by key.

use crate::error::{Diagnostic, Error, Result};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A string, or one string per CLDR plural category.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// Built-in strings: (file stem, contents), the default theme's `i18n/*.toml`.
fn builtin() -> impl Iterator<Item = (&'static str, &'static str)> {
    super::theme::builtin("i18n").filter_map(|(name, text)| Some((name.strip_suffix(".toml")?, text)))
}

/// Strings of one language, falling back to English key by key.
pub struct Strings {
    code: String,
    entries: HashMap<String, Entry>,
    rules: Option<PluralRules>,
}

/// UI strings for every language of a site.
pub struct Catalog {
    languages: HashMap<String, Strings>,
}

impl Catalog {
    /// Loads strings for `codes`, overriding with `theme_dir/i18n/*.toml` when present.
    pub fn load(codes: &[&str], theme_dir: Option<&Path>) -> Result<Catalog> {
        let english = parse_builtin("en")?;
        let mut languages = HashMap::new();
        for &code in codes {
            let mut entries = english.clone();
            let base = code.split('-').next().unwrap_or(code);
            for stem in [base, code] {
                if stem != "en" && builtin().any(|(s, _)| s == stem) {
                    entries.extend(parse_builtin(stem)?);
                }
            }
            if let Some(dir) = theme_dir {
                for stem in [base, code] {
                    let path = dir.join("i18n").join(format!("{stem}.toml"));
                    if path.is_file() {
                        let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
                        entries.extend(parse(&path, &text)?);
                    }
                }
            }
            let rules = code
                .parse::<unic_langid::LanguageIdentifier>()
                .ok()
                .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok());
            languages.insert(code.to_owned(), Strings { code: code.to_owned(), entries, rules });
        }
        Ok(Catalog { languages })
    }

    pub fn get(&self, lang: &str) -> &Strings {
        self.languages.get(lang).or_else(|| self.languages.values().next()).expect("catalog has a language")
    }
}

impl Strings {
    /// The plain string `key`, or the key itself when no language has it (visible, not fatal).
    pub fn text(&self, key: &str) -> String {
        match self.entries.get(key) {
            Some(Entry::Text(t)) => t.clone(),
            Some(Entry::Plural(forms)) => forms.get("other").cloned().unwrap_or_else(|| key.to_owned()),
            None => key.to_owned(),
        }
    }

    /// `key` for the number `n`, with `{n}` filled in: "5 уроков".
    pub fn plural(&self, key: &str, n: i64) -> String {
        let category = self.category(n);
        let form = match self.entries.get(key) {
            Some(Entry::Plural(forms)) => {
                forms.get(category).or_else(|| forms.get("other")).cloned().unwrap_or_else(|| key.to_owned())
            }
            Some(Entry::Text(t)) => t.clone(),
            None => key.to_owned(),
        };
        form.replace("{n}", &n.to_string())
    }

    /// The forms of a counted string by CLDR category, `{n}` unfilled (for scripts
    /// that count in the browser with `Intl.PluralRules`).
    pub fn forms(&self, key: &str) -> BTreeMap<String, String> {
        match self.entries.get(key) {
            Some(Entry::Plural(forms)) => forms.clone(),
            Some(Entry::Text(t)) => BTreeMap::from([("other".to_owned(), t.clone())]),
            None => BTreeMap::from([("other".to_owned(), key.to_owned())]),
        }
    }

    /// The CLDR plural category of `n` in this language.
    pub fn category(&self, n: i64) -> &'static str {
        let Some(rules) = &self.rules else {
            return "other";
        };
        match rules.select(n) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => "other",
        }
    }

    /// All plain strings, for templates (`ui.lessons`).
    pub fn all_text(&self) -> BTreeMap<&str, String> {
        self.entries.keys().map(|k| (k.as_str(), self.text(k))).collect()
    }

    pub fn code(&self) -> &str {
        &self.code
    }
}

/// The strings a language has of its own, without the English fallback: the built-in
/// theme's and those of the theme folder `theme_dir` (for translators' catalogs).
pub fn own(code: &str, theme_dir: Option<&Path>) -> Result<BTreeMap<String, Entry>> {
    let mut out = BTreeMap::new();
    let base = code.split('-').next().unwrap_or(code);
    for stem in [base, code] {
        if builtin().any(|(s, _)| s == stem) {
            out.extend(parse_builtin(stem)?);
        }
        if let Some(path) = theme_dir.map(|d| d.join("i18n").join(format!("{stem}.toml"))).filter(|p| p.is_file()) {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
            out.extend(parse(&path, &text)?);
        }
    }
    Ok(out)
}

fn parse_builtin(stem: &str) -> Result<HashMap<String, Entry>> {
    let (_, text) = builtin().find(|(s, _)| *s == stem).expect("built-in language");
    parse(Path::new(&format!("(built-in theme)/i18n/{stem}.toml")), text)
}

fn parse(path: &Path, text: &str) -> Result<HashMap<String, Entry>> {
    let entries: HashMap<String, Entry> =
        toml::from_str(text).map_err(|e| crate::toml_error::diagnostic(path, text, 0, &e))?;
    for (key, entry) in &entries {
        if let Entry::Plural(forms) = entry {
            if !forms.contains_key("other") {
                let offset = text.find(key.as_str()).unwrap_or(0);
                return Err(Diagnostic::error(path, format!("plural string `{key}` has no `other` form"))
                    .at_offset(text, offset)
                    .with_help("every plural string needs `other`; CLDR uses it for fractions and as the default")
                    .into());
            }
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_follow_cldr() {
        let c = Catalog::load(&["ru", "en", "ky"], None).unwrap();
        let ru = c.get("ru");
        let got: Vec<String> = [1, 3, 5, 11, 21, 22, 25, 101].iter().map(|&n| ru.plural("lesson_count", n)).collect();
        assert_eq!(got, ["1 урок", "3 урока", "5 уроков", "11 уроков", "21 урок", "22 урока", "25 уроков", "101 урок"]);
        assert_eq!(c.get("en").plural("lesson_count", 1), "1 lesson");
        assert_eq!(c.get("en").plural("lesson_count", 2), "2 lessons");
        assert_eq!(c.get("ky").category(1), "one");
    }

    #[test]
    fn every_builtin_language_has_every_english_key() {
        let en = parse_builtin("en").unwrap();
        for (stem, _) in builtin() {
            let other = parse_builtin(stem).unwrap();
            let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{stem} lacks {missing:?}");
        }
    }

    #[test]
    fn uz_latn_uses_uzbek_strings() {
        let c = Catalog::load(&["uz-Latn"], None).unwrap();
        assert_ne!(c.get("uz-Latn").text("lessons"), "Lessons");
    }
}
