//! The `{{ contact(id="hotline") }}` shortcut that authors write in Markdown to show
//! one of the site's contacts: its grammar, written once. What a contact looks like is
//! the render stage's business (`render::contact`).

/// Finds the `{{ contact(id="…") }}` shortcuts in `text` (straight or curly quotes,
/// as smart punctuation leaves them): (byte range, id).
pub fn shortcuts(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("{{").map(|i| i + from) {
        let Some(end) = text[start..].find("}}").map(|i| i + start + 2) else { break };
        let inner = text[start + 2..end - 2].trim();
        let id = inner
            .strip_prefix("contact(")
            .and_then(|r| r.strip_suffix(')'))
            .and_then(|r| r.trim().strip_prefix("id"))
            .and_then(|r| r.trim_start().strip_prefix('='))
            .map(|r| r.trim().trim_matches(['"', '\'', '“', '”', '‘', '’', '«', '»']).to_owned());
        match id {
            Some(id) if !id.is_empty() => {
                out.push((start..end, id));
                from = end;
            }
            _ => from = start + 2,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortcuts_with_any_quotes() {
        let text = "Call {{ contact(id=\"hotline\") }} or {{contact(id=“shelter”)}}; {{ other }}.";
        let found: Vec<_> = shortcuts(text).into_iter().map(|(r, id)| (text[r].to_owned(), id)).collect();
        assert_eq!(
            found,
            [
                ("{{ contact(id=\"hotline\") }}".to_owned(), "hotline".to_owned()),
                ("{{contact(id=“shelter”)}}".to_owned(), "shelter".to_owned())
            ]
        );
    }
}
