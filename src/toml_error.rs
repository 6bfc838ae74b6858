//! Turns TOML parse and schema errors into diagnostics with line, column and a
//! "did you mean" for misspelt keys. Used for `site.toml` and for front matter.

use crate::error::{Diagnostic, closest};
use std::path::Path;

/// Converts a `toml` error on `text` (which starts at line `first_line` of `path`) into a
/// diagnostic pointing at the offending spot.
pub fn diagnostic(path: &Path, file_source: &str, text_offset: usize, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim().to_owned();
    let (message, help) = explain(&message);
    let mut d = Diagnostic::error(path, message);
    if let Some(span) = err.span() {
        d = d.at_offset(file_source, text_offset + span.start);
    }
    if let Some(help) = help {
        d = d.with_help(help);
    }
    d
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" into our words and
/// finds the closest known key.
fn explain(message: &str) -> (String, Option<String>) {
    if message == "missing field `base_url`" {
        let why = "set `base_url` to the address the site will be published at, e.g. base_url = \"https://example.org/handbook\": \
                   canonical links, the sitemap, QR codes and link previews (og:image) need absolute addresses";
        return ("`base_url` is missing".to_owned(), Some(why.to_owned()));
    }
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return (message.to_owned(), None);
    };
    let Some((key, rest)) = rest.split_once('`') else {
        return (message.to_owned(), None);
    };
    let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let help = match closest(key, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if known.is_empty() => "remove this key".to_owned(),
        None => format!("known keys here: {}", known.join(", ")),
    };
    (format!("unknown key `{key}`"), Some(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_becomes_a_suggestion() {
        let (msg, help) = explain("unknown field `durtion`, expected one of `title`, `duration`");
        assert_eq!(msg, "unknown key `durtion`");
        assert_eq!(help.as_deref(), Some("did you mean `duration`?"));
    }

    #[test]
    fn a_missing_base_url_says_what_needs_it() {
        let (msg, help) = explain("missing field `base_url`");
        assert_eq!(msg, "`base_url` is missing");
        assert!(help.unwrap().contains("link previews"));
    }
}
