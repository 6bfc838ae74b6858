//! HTML fragments made well-formed XML, for the packages whose readers parse XHTML
//! (EPUB content documents) or check it strictly. chyrak's own renderers already write
//! balanced tags; what an author wrote as raw HTML in Markdown may not, and HTML's
//! named entities (`&nbsp;`) are undefined in XML without a DTD. So every fragment
//! goes through [`normalise`]: void elements closed (`<br/>`), attributes quoted,
//! known named entities turned into numbers, stray `&` escaped, `lang` doubled as
//! `xml:lang`, and every `src`/`href` handed to a rewriter. What cannot be made
//! well-formed (a close tag that closes nothing, a `<script>`) is an error for the
//! caller to name the source file in.

/// Elements that have no end tag in HTML.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// HTML named entities an author is likely to write, as code points; the five of XML
/// are kept as they are.
const ENTITIES: &[(&str, u32)] = &[
    ("nbsp", 160),
    ("shy", 173),
    ("copy", 169),
    ("reg", 174),
    ("deg", 176),
    ("middot", 183),
    ("laquo", 171),
    ("raquo", 187),
    ("times", 215),
    ("ndash", 8211),
    ("mdash", 8212),
    ("lsquo", 8216),
    ("rsquo", 8217),
    ("sbquo", 8218),
    ("ldquo", 8220),
    ("rdquo", 8221),
    ("bdquo", 8222),
    ("bull", 8226),
    ("hellip", 8230),
    ("thinsp", 8201),
    ("ensp", 8194),
    ("emsp", 8195),
    ("zwnj", 8204),
    ("zwj", 8205),
    ("lrm", 8206),
    ("rlm", 8207),
    ("euro", 8364),
    ("trade", 8482),
    ("larr", 8592),
    ("rarr", 8594),
];

/// A fragment's `src` or `href` value: the element, the attribute and the value as
/// written (entities still encoded). Returns the value to write instead, or `None` to
/// keep it; an empty `href` drops the attribute (the link's text stays).
pub type Rewrite<'a> = dyn FnMut(&str, &str, &str) -> Option<String> + 'a;

/// `html` as well-formed XHTML (see the module's documentation), or what is wrong.
pub fn normalise(html: &str, rewrite: &mut Rewrite) -> Result<String, String> {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text(&rest[..lt], &mut out)?;
        rest = &rest[lt..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").ok_or("a comment `<!--` is never closed")?;
            rest = &body[end + 3..];
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').ok_or("a `<!` declaration is never closed")?;
            rest = &rest[end + 1..];
            continue;
        }
        if let Some(body) = rest.strip_prefix("</") {
            let end = body.find('>').ok_or("an end tag is never closed with `>`")?;
            let name = body[..end].trim().to_ascii_lowercase();
            rest = &body[end + 1..];
            if VOID.contains(&name.as_str()) {
                continue;
            }
            match open.pop() {
                Some(top) if top == name => out.push_str(&format!("</{name}>")),
                Some(top) => return Err(format!("`</{name}>` closes `<{top}>`: the raw HTML's tags are not nested")),
                None => return Err(format!("`</{name}>` closes no element")),
            }
            continue;
        }
        let name_len = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(0);
        if name_len == 0 {
            // A `<` that starts no tag is text.
            out.push_str("&lt;");
            rest = &rest[1..];
            continue;
        }
        let name = rest[1..1 + name_len].to_ascii_lowercase();
        if name == "script" {
            return Err("a `<script>` element: e-books and course pages carry no script of the site's text".into());
        }
        rest = &rest[1 + name_len..];
        out.push('<');
        out.push_str(&name);
        let closed = attributes(&name, &mut rest, &mut out, rewrite)?;
        if closed || VOID.contains(&name.as_str()) {
            out.push_str("/>");
        } else {
            out.push('>');
            open.push(name);
        }
    }
    text(rest, &mut out)?;
    match open.pop() {
        Some(top) => Err(format!("`<{top}>` is never closed")),
        None => Ok(out),
    }
}

/// Reads a tag's attributes from `rest` (after its name) up to and past its `>`,
/// writing them quoted. Returns whether the tag closed itself (`/>`).
fn attributes(tag: &str, rest: &mut &str, out: &mut String, rewrite: &mut Rewrite) -> Result<bool, String> {
    let mut lang = None;
    let mut has_xml_lang = false;
    loop {
        *rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            *rest = after;
            break finish(out, lang, has_xml_lang, true);
        }
        if let Some(after) = rest.strip_prefix('>') {
            *rest = after;
            break finish(out, lang, has_xml_lang, false);
        }
        if let Some(after) = rest.strip_prefix('/') {
            *rest = after;
            continue;
        }
        let len = rest.find(|c: char| c.is_whitespace() || "=>/\"'".contains(c)).unwrap_or(rest.len());
        if len == 0 {
            return Err(format!("a `<{tag}>` tag is never closed with `>`"));
        }
        let name = rest[..len].to_ascii_lowercase();
        *rest = rest[len..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, left) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).ok_or(format!("the value of `{name}` is never closed"))?;
                    (&after[1..1 + end], &after[end + 2..])
                }
                _ => {
                    let end = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            *rest = left;
            value.to_owned()
        } else {
            // A boolean attribute has its own name as value in XML.
            name.clone()
        };
        let value =
            if matches!(name.as_str(), "src" | "href") { rewrite(tag, &name, &value).unwrap_or(value) } else { value };
        if name == "href" && value.is_empty() {
            // The rewriter dropped the link; the element stays, as text.
            continue;
        }
        if name == "lang" {
            lang = Some(value.clone());
        }
        has_xml_lang |= name == "xml:lang";
        out.push(' ');
        out.push_str(&name);
        out.push_str("=\"");
        let mut escaped = String::new();
        text(&value, &mut escaped)?;
        out.push_str(&escaped.replace('"', "&quot;"));
        out.push('"');
    }
}

fn finish(out: &mut String, lang: Option<String>, has_xml_lang: bool, closed: bool) -> Result<bool, String> {
    if let (Some(lang), false) = (lang, has_xml_lang) {
        out.push_str(&format!(" xml:lang=\"{lang}\""));
    }
    Ok(closed)
}

/// Text with every `&` starting a known entity (XML's, numeric, or one of
/// [`ENTITIES`] as a number) and every other `&` escaped; `<` never reaches here.
fn text(text: &str, out: &mut String) -> Result<(), String> {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp].replace('<', "&lt;"));
        rest = &rest[amp + 1..];
        let end = rest
            .find(';')
            .filter(|&e| e > 0 && e <= 32 && rest[..e].chars().all(|c| c.is_ascii_alphanumeric() || c == '#'));
        let Some(end) = end else {
            out.push_str("&amp;");
            continue;
        };
        let name = &rest[..end];
        if let Some(number) = name.strip_prefix('#') {
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse().ok(),
            };
            match code.and_then(char::from_u32) {
                Some(c) if c != '\0' => out.push_str(&format!("&#{};", c as u32)),
                _ => return Err(format!("`&{name};` is not a character")),
            }
        } else if matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") {
            out.push_str(&format!("&{name};"));
        } else if let Some((_, code)) = ENTITIES.iter().find(|(n, _)| *n == name) {
            out.push_str(&format!("&#{code};"));
        } else {
            return Err(format!("`&{name};` is an HTML entity XML does not know: write the character itself"));
        }
        rest = &rest[end + 1..];
    }
    out.push_str(&rest.replace('<', "&lt;"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(html: &str) -> Result<String, String> {
        normalise(html, &mut |_, _, _| None)
    }

    #[test]
    fn void_elements_close_and_attributes_are_quoted() {
        assert_eq!(
            keep("<p>a<br>b<img src=x.png alt='say \"hi\"'><input disabled type=checkbox></p>").unwrap(),
            "<p>a<br/>b<img src=\"x.png\" alt=\"say &quot;hi&quot;\"/><input disabled=\"disabled\" type=\"checkbox\"/></p>"
        );
        assert_eq!(keep("<hr/><hr />").unwrap(), "<hr/><hr/>");
    }

    #[test]
    fn entities_become_what_xml_knows() {
        assert_eq!(keep("a&nbsp;b &amp; c & d &#x41; &mdash;").unwrap(), "a&#160;b &amp; c &amp; d &#65; &#8212;");
        assert!(keep("&bogus;").unwrap_err().contains("&bogus;"));
    }

    #[test]
    fn lang_is_doubled_for_xml() {
        assert_eq!(keep("<div lang=\"ru\">x</div>").unwrap(), "<div lang=\"ru\" xml:lang=\"ru\">x</div>");
    }

    #[test]
    fn badly_nested_raw_html_and_scripts_are_refused() {
        assert!(keep("<p><b>x</p></b>").unwrap_err().contains("not nested"));
        assert!(keep("<p>x").unwrap_err().contains("never closed"));
        assert!(keep("<script>alert(1)</script>").unwrap_err().contains("script"));
        assert_eq!(keep("1 < 2 <!-- c --> 3").unwrap(), "1 &lt; 2  3");
    }

    #[test]
    fn links_and_sources_are_rewritten() {
        let out = normalise("<a href=\"../x/\">x</a><img src=\"p.png\"/>", &mut |tag, attr, v| {
            Some(format!("{tag}-{attr}-{v}"))
        })
        .unwrap();
        assert_eq!(out, "<a href=\"a-href-../x/\">x</a><img src=\"img-src-p.png\"/>");
    }
}
