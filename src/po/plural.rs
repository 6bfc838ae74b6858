//! gettext's `Plural-Forms` for each language, written from CLDR's cardinal rules for
//! integers, and which CLDR category each `msgstr[n]` is, so that a plural UI string
//! (`{ one = …, few = …, many = … }` in the theme's TOML) and its PO entry map one to
//! one.

/// A language's plural forms: the PO header and the CLDR category of each form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forms {
    pub header: &'static str,
    /// `msgstr[i]` is the form of `categories[i]`.
    pub categories: &'static [&'static str],
    /// CLDR categories the TOML keeps that gettext (integers only) has no form for,
    /// each with the form whose text it takes: Russian `other` (fractions) reads as `few`.
    pub extra: &'static [(&'static str, &'static str)],
}

const ONE_OTHER: Forms = Forms { header: "nplurals=2; plural=(n != 1);", categories: &["one", "other"], extra: &[] };

/// Russian, Ukrainian, Belarusian: one (1, 21, 101…), few (2–4, 22–24…), many (0, 5–20, 25…);
/// CLDR's `other` is for fractions only.
const EAST_SLAVIC: Forms = Forms {
    header: "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    categories: &["one", "few", "many"],
    extra: &[("other", "few")],
};

/// CLDR 49 for Tajik: `one: i = 0 or n = 1`, so 0 is `one` too.
const TAJIK: Forms = Forms { header: "nplurals=2; plural=(n > 1);", categories: &["one", "other"], extra: &[] };

/// Languages whose numbers take no plural (CLDR: only `other`).
const NONE: Forms = Forms { header: "nplurals=1; plural=0;", categories: &["other"], extra: &[] };

/// The forms of the language `code` (a BCP 47 tag: `uz-Latn` is Uzbek). Kyrgyz, Kazakh
/// and Uzbek have one/other in CLDR (`one: n = 1`); a language not listed gets
/// one/other, which is right for most European languages.
pub fn forms(code: &str) -> Forms {
    let base = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    match base.as_str() {
        "ru" | "uk" | "be" => EAST_SLAVIC,
        "tg" => TAJIK,
        "zh" | "ja" | "ko" | "th" | "vi" | "id" | "ms" => NONE,
        _ => ONE_OTHER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// gettext's formula for Russian, evaluated as msgfmt would.
    fn russian(n: u64) -> usize {
        if n % 10 == 1 && n % 100 != 11 {
            0
        } else if (2..=4).contains(&(n % 10)) && (n % 100 < 10 || n % 100 >= 20) {
            1
        } else {
            2
        }
    }

    #[test]
    fn russian_forms_follow_cldr() {
        let f = forms("ru");
        let cases =
            [(1, "one"), (21, "one"), (2, "few"), (22, "few"), (5, "many"), (11, "many"), (12, "many"), (0, "many")];
        for (n, cat) in cases {
            assert_eq!(f.categories[russian(n)], cat, "{n}");
        }
    }

    #[test]
    fn central_asian_languages() {
        for code in ["ky", "kk", "uz", "uz-Latn", "en"] {
            assert_eq!(forms(code).categories, ["one", "other"], "{code}");
            assert_eq!(forms(code).header, "nplurals=2; plural=(n != 1);");
        }
        assert_eq!(forms("tg").header, "nplurals=2; plural=(n > 1);");
    }
}
