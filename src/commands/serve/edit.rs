//! The poster editor's front matter: the keys a designer edits beside the preview
//! ([`KEYS`]), read as written and written back with `toml_edit`, so that a save
//! changes exactly the keys whose value changed and keeps every comment, the order of
//! the keys and their formatting. Whether the result is a valid poster is not decided
//! here: the preview parses it with the loader's own rules (`model::reload_draft`).

use crate::error::Diagnostic;
use crate::model::content::DEFAULT_COLOURS;
use crate::parse::front_matter;
use serde::{Deserialize, Serialize};
use std::path::Path;
use toml_edit::{Array, DocumentMut, InlineTable, Item, TableLike, Value};

/// The front-matter keys the editor may change; no other key is ever written.
pub const KEYS: [&str; 7] = ["headline", "text", "cta", "colors", "sizes", "orientation", "contact"];

/// A poster translation's editable keys. An empty string is a key that is not set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    pub headline: String,
    pub text: String,
    pub cta: String,
    pub colors: Colours,
    pub sizes: Vec<String>,
    pub orientation: String,
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    pub background: String,
    pub text: String,
    pub accent: String,
}

/// The editable keys of the file `text` as written, with the defaults the loader uses
/// where a key is missing (A4, portrait, the default colours).
pub fn read(path: &Path, text: &str) -> Result<Fields, Diagnostic> {
    let split = front_matter::split(path, text)?;
    let doc = document(path, text, split.front_matter)?;
    Ok(fields(&doc))
}

/// The file `text` with `new`'s values in its front matter. Keys whose value did not
/// change are left exactly as they are; the body is untouched.
pub fn write(path: &Path, text: &str, new: &Fields) -> Result<String, Diagnostic> {
    let split = front_matter::split(path, text)?;
    let mut doc = document(path, text, split.front_matter)?;
    let old = fields(&doc);
    let root = doc.as_table_mut();
    for (key, old, new) in [
        ("headline", &old.headline, &new.headline),
        ("text", &old.text, &new.text),
        ("cta", &old.cta, &new.cta),
        ("contact", &old.contact, &new.contact),
    ] {
        if old != new {
            set_text(root, key, new);
        }
    }
    if old.orientation != new.orientation {
        set_text(root, "orientation", &new.orientation);
    }
    if old.sizes != new.sizes {
        let sizes: Array = new.sizes.iter().map(String::as_str).collect();
        set(root, "sizes", Value::Array(sizes));
    }
    let colours = [
        ("background", &old.colors.background, &new.colors.background),
        ("text", &old.colors.text, &new.colors.text),
        ("accent", &old.colors.accent, &new.colors.accent),
    ];
    if colours.iter().any(|(_, o, n)| o != n) {
        match root.get_mut("colors").and_then(Item::as_table_like_mut) {
            Some(table) => {
                for (key, old, new) in colours {
                    if old != new {
                        set(table, key, Value::from(new.as_str()));
                    }
                }
            }
            None => {
                let mut table = InlineTable::new();
                for (key, _, new) in colours {
                    table.insert(key, Value::from(new.as_str()));
                }
                set(root, "colors", Value::InlineTable(table));
            }
        }
    }
    let fm = doc.to_string();
    let end = split.front_matter_offset + split.front_matter.len();
    Ok(format!("{}{fm}{}", &text[..split.front_matter_offset], &text[end..]))
}

fn document(path: &Path, text: &str, front_matter: &str) -> Result<DocumentMut, Diagnostic> {
    front_matter
        .parse::<DocumentMut>()
        .map_err(|e| Diagnostic::error(path, format!("front matter is not valid TOML: {}", e.message())).at(text, 2, 1))
}

fn fields(doc: &DocumentMut) -> Fields {
    let text = |key: &str| doc.get(key).and_then(Item::as_str).unwrap_or("").to_owned();
    let colours = doc.get("colors").and_then(Item::as_table_like);
    let colour = |key: &str, default: &str| {
        colours.and_then(|t| t.get(key)).and_then(Item::as_str).unwrap_or(default).to_owned()
    };
    let [background, text_colour, accent] = DEFAULT_COLOURS;
    let sizes = match doc.get("sizes").and_then(Item::as_array) {
        Some(a) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        None => vec!["A4".to_owned()],
    };
    let orientation = match text("orientation") {
        o if o.is_empty() => "portrait".to_owned(),
        o => o,
    };
    Fields {
        headline: text("headline"),
        text: text("text"),
        cta: text("cta"),
        colors: Colours {
            background: colour("background", background),
            text: colour("text", text_colour),
            accent: colour("accent", accent),
        },
        sizes,
        orientation,
        contact: text("contact"),
    }
}

/// Sets a text key, or removes it when `value` is empty.
fn set_text(table: &mut dyn TableLike, key: &str, value: &str) {
    if value.is_empty() {
        table.remove(key);
    } else {
        set(table, key, Value::from(value));
    }
}

/// Sets `key` to `value`, keeping the spaces and comment around the old value.
fn set(table: &mut dyn TableLike, key: &str, mut value: Value) {
    match table.get_mut(key) {
        Some(item) => {
            if let Some(old) = item.as_value() {
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "+++\n# The campaign's main poster.\ntitle = \"Call first\"\nheadline = \"Going abroad?\"   # short!\ncta = \"Call\"\n\ncolors = { background = \"#0B3C5D\", text = \"#FFFFFF\", accent = \"#F2C14E\" }\nsizes = [\"A3\", \"A4\"] # the print run\n+++\nBody *stays*.\n";

    fn path() -> &'static Path {
        Path::new("content/posters/p/index.en.md")
    }

    #[test]
    fn reads_what_is_written_with_the_loaders_defaults() {
        let f = read(path(), FILE).unwrap();
        assert_eq!(f.headline, "Going abroad?");
        assert_eq!(f.text, "");
        assert_eq!(f.colors.accent, "#F2C14E");
        assert_eq!(f.sizes, ["A3", "A4"]);
        assert_eq!(f.orientation, "portrait");
        let bare = read(path(), "+++\ntitle = \"x\"\n+++\n").unwrap();
        assert_eq!(bare.sizes, ["A4"]);
        assert_eq!(bare.colors.background, DEFAULT_COLOURS[0]);
    }

    #[test]
    fn unchanged_fields_write_the_file_unchanged() {
        let f = read(path(), FILE).unwrap();
        assert_eq!(write(path(), FILE, &f).unwrap(), FILE);
    }

    #[test]
    fn a_change_writes_exactly_that_key_keeping_comments_and_order() {
        let mut f = read(path(), FILE).unwrap();
        f.headline = "Going abroad for work?".into();
        let out = write(path(), FILE, &f).unwrap();
        assert_eq!(out, FILE.replace("\"Going abroad?\"", "\"Going abroad for work?\""));

        let mut f = read(path(), FILE).unwrap();
        f.colors.background = "navy".into();
        f.sizes = vec!["A3".into(), "A4".into(), "A6".into()];
        let out = write(path(), FILE, &f).unwrap();
        let expected = FILE
            .replace("background = \"#0B3C5D\"", "background = \"navy\"")
            .replace("[\"A3\", \"A4\"] #", "[\"A3\", \"A4\", \"A6\"] #");
        assert_eq!(out, expected);
    }

    #[test]
    fn new_keys_are_added_and_emptied_ones_removed() {
        let mut f = read(path(), FILE).unwrap();
        f.text = "Before you pay anyone, call.".into();
        f.cta = String::new();
        f.contact = "hotline".into();
        let out = write(path(), FILE, &f).unwrap();
        assert!(!out.contains("cta ="), "{out}");
        assert!(out.contains("text = \"Before you pay anyone, call.\"\n"), "{out}");
        assert!(out.contains("contact = \"hotline\"\n"), "{out}");
        assert!(out.starts_with("+++\n# The campaign's main poster.\ntitle = \"Call first\"\n"), "{out}");
        assert!(out.ends_with("+++\nBody *stays*.\n"), "{out}");
        assert_eq!(read(path(), &out).unwrap(), f);
    }

    #[test]
    fn colours_are_added_as_one_inline_table_and_quotes_are_escaped() {
        let text = "+++\ntitle = \"x\"\n+++\n";
        let mut f = read(path(), text).unwrap();
        f.colors.text = "#222222".into();
        f.headline = "Say \"no\"".into();
        let out = write(path(), text, &f).unwrap();
        assert!(
            out.contains("colors = { background = \"#ffffff\", text = \"#222222\", accent = \"#b00020\" }"),
            "{out}"
        );
        assert_eq!(read(path(), &out).unwrap().headline, "Say \"no\"");
    }

    #[test]
    fn broken_front_matter_is_an_error_naming_the_file() {
        let err = read(path(), "+++\ntitle = \n+++\n").unwrap_err();
        assert!(err.to_string().contains("content/posters/p/index.en.md"), "{err}");
    }
}
