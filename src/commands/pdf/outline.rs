//! Reads a PDF's page count and outline (bookmarks with their pages), enough for the
//! PDFs Chromium writes: objects in plain `N 0 obj << … >>` form, a page tree under
//! the catalog's `/Pages`, outline items with `/Title`, `/Dest [page …]` (or a GoTo
//! action), `/First` and `/Next`. Used for the handbook's table of contents (its
//! second pass) and by the tests.

use std::collections::HashMap;

/// One bookmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    /// 1-based page number.
    pub page: usize,
    /// 0 for top-level bookmarks.
    pub level: usize,
}

/// What [`read`] finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub pages: usize,
    pub entries: Vec<Entry>,
}

/// Reads `pdf`. `None` when it has no page tree chyrak can follow.
pub fn read(pdf: &[u8]) -> Option<Outline> {
    let objects = objects(pdf);
    let catalog = objects.values().find(|d| has_type(d, b"/Catalog"))?;
    let mut pages = Vec::new();
    collect_pages(&objects, get_ref(catalog, b"/Pages")?, &mut pages, 0);
    let index: HashMap<u32, usize> = pages.iter().enumerate().map(|(i, &n)| (n, i + 1)).collect();
    let mut entries = Vec::new();
    if let Some(first) =
        get_ref(catalog, b"/Outlines").and_then(|o| objects.get(&o)).and_then(|d| get_ref(d, b"/First"))
    {
        collect_entries(&objects, &index, first, 0, &mut entries, &mut 0);
    }
    Some(Outline { pages: pages.len(), entries })
}

/// Object number → its dictionary bytes (up to `stream` or `endobj`).
fn objects(pdf: &[u8]) -> HashMap<u32, &[u8]> {
    let mut map = HashMap::new();
    let mut at = 0;
    while let Some(pos) = find(&pdf[at..], b" 0 obj") {
        let end_num = at + pos;
        let start_num = pdf[..end_num].iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |p| p + 1);
        let body_start = end_num + 6;
        at = body_start;
        let Ok(num) = std::str::from_utf8(&pdf[start_num..end_num]).unwrap_or("").parse::<u32>() else {
            continue;
        };
        let rest = &pdf[body_start..];
        let len = [find(rest, b"endobj"), find(rest, b"stream")].into_iter().flatten().min().unwrap_or(rest.len());
        map.insert(num, &rest[..len]);
    }
    map
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where the value of `key` starts (the key followed by a delimiter, not a longer name).
fn value_of<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut at = 0;
    while let Some(pos) = find(&dict[at..], key) {
        let after = at + pos + key.len();
        match dict.get(after) {
            Some(c) if c.is_ascii_alphanumeric() => at = after,
            _ => return Some(&dict[after..]),
        }
    }
    None
}

fn has_type(dict: &[u8], ty: &[u8]) -> bool {
    value_of(dict, b"/Type").is_some_and(|v| {
        let v = trim_start(v);
        v.starts_with(ty) && !v.get(ty.len()).is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

fn trim_start(v: &[u8]) -> &[u8] {
    let n = v.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &v[n..]
}

/// Reads `N G R` at the start of `v`.
fn parse_ref(v: &[u8]) -> Option<(u32, usize)> {
    let text = std::str::from_utf8(&v[..v.len().min(40)]).ok().or_else(|| {
        let end = v.iter().take(40).position(|b| !b.is_ascii()).unwrap_or(v.len().min(40));
        std::str::from_utf8(&v[..end]).ok()
    })?;
    let mut parts = text.split_ascii_whitespace();
    let num = parts.next()?.parse().ok()?;
    parts.next()?.parse::<u32>().ok()?;
    let r = parts.next()?;
    if !r.starts_with('R') {
        return None;
    }
    let used = text.find(r)? + 1;
    Some((num, used))
}

fn get_ref(dict: &[u8], key: &[u8]) -> Option<u32> {
    parse_ref(trim_start(value_of(dict, key)?)).map(|(n, _)| n)
}

/// The references in the array value of `key`.
fn get_refs(dict: &[u8], key: &[u8]) -> Vec<u32> {
    let Some(v) = value_of(dict, key) else { return Vec::new() };
    let v = trim_start(v);
    let Some(v) = v.strip_prefix(b"[") else { return Vec::new() };
    let end = v.iter().position(|&b| b == b']').unwrap_or(v.len());
    let mut list = &v[..end];
    let mut out = Vec::new();
    loop {
        list = trim_start(list);
        match parse_ref(list) {
            Some((n, used)) => {
                out.push(n);
                list = &list[used..];
            }
            None => return out,
        }
    }
}

fn collect_pages(objects: &HashMap<u32, &[u8]>, node: u32, pages: &mut Vec<u32>, depth: usize) {
    let Some(dict) = objects.get(&node) else { return };
    if depth > 32 {
        return;
    }
    if has_type(dict, b"/Pages") {
        for kid in get_refs(dict, b"/Kids") {
            collect_pages(objects, kid, pages, depth + 1);
        }
    } else {
        pages.push(node);
    }
}

fn collect_entries(
    objects: &HashMap<u32, &[u8]>,
    pages: &HashMap<u32, usize>,
    first: u32,
    level: usize,
    out: &mut Vec<Entry>,
    budget: &mut usize,
) {
    let mut next = Some(first);
    while let Some(n) = next {
        *budget += 1;
        if *budget > 100_000 || level > 16 {
            return;
        }
        let Some(dict) = objects.get(&n) else { return };
        let title = value_of(dict, b"/Title").map(|v| pdf_string(trim_start(v))).unwrap_or_default();
        let dest = value_of(dict, b"/Dest").or_else(|| value_of(dict, b"/D"));
        let page = dest
            .and_then(|v| trim_start(v).strip_prefix(b"["))
            .and_then(|v| parse_ref(trim_start(v)))
            .and_then(|(p, _)| pages.get(&p).copied());
        if let Some(page) = page {
            out.push(Entry { title, page, level });
        }
        if let Some(child) = get_ref(dict, b"/First") {
            collect_entries(objects, pages, child, level + 1, out, budget);
        }
        next = get_ref(dict, b"/Next");
    }
}

/// Decodes a PDF string object at the start of `v`: `(literal)` or `<hex>`, as
/// UTF-16BE when it starts with a byte-order mark, else as Latin-1.
fn pdf_string(v: &[u8]) -> String {
    let bytes = if let Some(rest) = v.strip_prefix(b"<") {
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let hex: Vec<u8> = rest[..end].iter().copied().filter(u8::is_ascii_hexdigit).collect();
        hex.chunks(2)
            .filter_map(|c| {
                let s = std::str::from_utf8(c).ok()?;
                u8::from_str_radix(&format!("{s:0<2}"), 16).ok()
            })
            .collect()
    } else if let Some(rest) = v.strip_prefix(b"(") {
        literal(rest)
    } else {
        Vec::new()
    };
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// The bytes of a literal string whose `(` was already read.
fn literal(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < v.len() {
        let b = v[i];
        match b {
            b'\\' => {
                i += 1;
                let Some(&e) = v.get(i) else { break };
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut n = 0u32;
                        let mut k = 0;
                        while k < 3 && v.get(i + k).is_some_and(|c| (b'0'..=b'7').contains(c)) {
                            n = n * 8 + u32::from(v[i + k] - b'0');
                            k += 1;
                        }
                        out.push(n as u8);
                        i += k - 1;
                    }
                    b'\r' | b'\n' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' if depth == 0 => break,
            b')' => {
                depth -= 1;
                out.push(b);
            }
            _ => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n\
2 0 obj\n<</Type /Page\n/Parent 13 0 R>>\nendobj\n\
6 0 obj\n<</Type /Page\n/Parent 14 0 R>>\nendobj\n\
9 0 obj\n<</Type /Page\n/Parent 14 0 R>>\nendobj\n\
14 0 obj\n<</Type /Pages\n/Count 2\n/Kids [6 0 R 9 0 R]>>\nendobj\n\
13 0 obj\n<</Type /Pages\n/Count 3\n/Kids [2 0 R 14 0 R]>>\nendobj\n\
41 0 obj\n<</Title (Cover \\(one\\))\n/Dest [2 0 R /XYZ 50 764 0]\n/Parent 40 0 R\n/Next 43 0 R>>\nendobj\n\
43 0 obj\n<</Title <FEFF04230440043E043A>\n/Dest [9 0 R /XYZ 49 764 0]\n/Prev 41 0 R\n/First 44 0 R>>\nendobj\n\
44 0 obj\n<</Title (Sub)\n/Dest [9 0 R /XYZ 50 721 0]\n/Parent 43 0 R>>\nendobj\n\
40 0 obj\n<</Type /Outlines\n/First 41 0 R\n/Last 43 0 R\n/Count 3>>\nendobj\n\
45 0 obj\n<</Type /Catalog\n/Pages 13 0 R\n/Outlines 40 0 R>>\nendobj\n";

    #[test]
    fn reads_pages_and_outline_from_a_nested_page_tree() {
        let o = read(PDF).unwrap();
        assert_eq!(o.pages, 3);
        assert_eq!(
            o.entries,
            [
                Entry { title: "Cover (one)".into(), page: 1, level: 0 },
                Entry { title: "Урок".into(), page: 3, level: 0 },
                Entry { title: "Sub".into(), page: 3, level: 1 },
            ]
        );
    }

    #[test]
    fn no_catalog_is_none() {
        assert!(read(b"%PDF-1.4\n").is_none());
    }
}
