//! Search, built at compile time: one index per language, split into small classic
//! scripts that the browser loads with `<script>` elements only when a query needs
//! them (this works on `file://`, where `fetch()` does not).
//!
//! Files under `<lang>/search/`:
//! * `index.js` — the table of shards: token prefix → shard number, the number of
//!   documents, the chunk size and the section titles;
//! * `s<N>.js` — the tokens that start with one prefix (the first [`PREFIX`] folded
//!   characters), each with its postings `[doc, score, doc − previous doc, score, …]`;
//! * `d<N>.js` — [`CHUNK`] documents: title, URL relative to the language root,
//!   section number, snippet and (for fallback pages) the language of the text.
//!
//! Every file calls the global `chyrakSearch(data)` defined by the theme's script. A
//! query loads `index.js`, one shard per query word and the document chunks of the
//! results it shows. The browser-side half is in `themes/default/js/main.js`; the
//! folding there must match [`fold`] here.

use crate::model::{PageRef, Site, url};
use crate::parse::front_matter::ContentType;
use crate::render::Job;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// Folded characters a shard's prefix has.
pub const PREFIX: usize = 2;
/// Documents per document-table file.
pub const CHUNK: usize = 32;
/// Postings kept per token: the best-scoring ones. Rare words keep all of theirs;
/// a word on nearly every page of a huge site keeps the pages where it matters most.
pub const MAX_POSTINGS: usize = 300;
/// Longest token indexed, in characters.
const MAX_TOKEN: usize = 40;
/// Characters of body text in a snippet.
const SNIPPET: usize = 160;

const TITLE_WEIGHT: u32 = 16;
const HEADING_WEIGHT: u32 = 6;
const BODY_CAP: u32 = 8;

/// Folds one character for search: Unicode lower case, `ё` → `е`, every Uzbek
/// apostrophe (ʻ ʼ ‘ ’ `) → `'`. The region's own letters (ң ө ү ә ғ қ ҳ ҷ ӣ ӯ) stay
/// themselves: they are different letters, not accented ones.
pub fn fold_char(c: char, out: &mut String) {
    match c {
        'ё' | 'Ё' => out.push('е'),
        '\u{02BB}' | '\u{02BC}' | '\u{2018}' | '\u{2019}' | '`' | '\'' => out.push('\''),
        c => out.extend(c.to_lowercase()),
    }
}

/// Folds a whole string (see [`fold_char`]).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Splits text into folded words: runs of letters and digits, with apostrophes kept
/// inside a word (`oʻzbek` → `o'zbek`) and dropped at its ends.
pub fn tokens(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    for word in folded.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let word = word.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        if word.chars().count() <= MAX_TOKEN {
            out.push(word.to_owned());
        }
    }
    out
}

/// The shard prefix of a folded token: its first [`PREFIX`] characters.
pub fn shard_key(token: &str) -> &str {
    match token.char_indices().nth(PREFIX) {
        Some((i, _)) => &token[..i],
        None => token,
    }
}

/// The text of a page, for indexing.
#[derive(Debug, Default)]
pub struct PageText {
    pub headings: Vec<String>,
    pub body: String,
}

/// Plain text of a Markdown body: headings apart, everything else together.
pub fn page_text(markdown: &str) -> PageText {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut text = PageText::default();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    text.body.push_str(&h);
                    text.body.push(' ');
                    text.headings.push(h);
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut heading {
                Some(h) => h.push_str(&t),
                None => text.body.push_str(&t),
            },
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => match &mut heading {
                Some(h) => h.push(' '),
                None => text.body.push(' '),
            },
            _ => {}
        }
    }
    // Lesson and handout markers (`{minutes=10}`, `::: handout`) are not words anyone searches.
    text.body = text.body.replace(":::", " ").split_whitespace().collect::<Vec<_>>().join(" ");
    text
}

/// A short plain-text excerpt: the first `SNIPPET` characters, cut at a word.
fn snippet(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SNIPPET {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > SNIPPET / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// One search result's data.
#[derive(Debug)]
struct Doc {
    title: String,
    url: String,
    section: usize,
    snippet: String,
    /// Language of the text when it is a fallback page.
    text_lang: Option<String>,
}

/// A language's whole index, before it is split into files.
#[derive(Debug, Default)]
pub struct Index {
    docs: Vec<Doc>,
    sections: Vec<String>,
    /// Token → (doc, score), best first, at most [`MAX_POSTINGS`].
    tokens: BTreeMap<String, Vec<(u32, u32)>>,
}

/// Scores of the words of one page.
fn score_page(title: &str, text: &PageText, extra: &[&str]) -> HashMap<String, u32> {
    let mut scores: HashMap<String, u32> = HashMap::new();
    let mut body: HashMap<String, u32> = HashMap::new();
    for t in tokens(title) {
        *scores.entry(t).or_default() += TITLE_WEIGHT;
    }
    for h in &text.headings {
        for t in tokens(h) {
            *scores.entry(t).or_default() += HEADING_WEIGHT;
        }
    }
    for t in tokens(&text.body).into_iter().chain(extra.iter().flat_map(|e| tokens(e))) {
        *body.entry(t).or_default() += 1;
    }
    for (t, n) in body {
        *scores.entry(t).or_default() += n.min(BODY_CAP);
    }
    scores
}

/// Builds the index of one language from the pages it shows.
pub fn build(site: &Site, lang: &str, jobs: &[Job]) -> Index {
    let lang_root = format!("{lang}/");
    let mut sections: Vec<String> = vec![String::new()];
    let mut section_no: HashMap<String, usize> = HashMap::new();
    let pages: Vec<_> = jobs.iter().filter(|j| j.lang == lang).collect();
    let built: Vec<Option<Built>> = pages
        .par_iter()
        .map(|job| {
            let t = site.pick(job.page, lang)?;
            let key = site.key(job.page);
            let path = url::page_path(lang, &key);
            let text = page_text(t.body());
            let m = &t.meta;
            let mut extra: Vec<&str> = Vec::new();
            extra.extend(m.summary.as_deref());
            extra.extend(m.topics.iter().map(String::as_str));
            extra.extend(m.objectives.iter().map(String::as_str));
            extra.extend([&m.headline, &m.text, &m.cta].into_iter().flatten().map(String::as_str));
            let scores = score_page(&m.title, &text, &extra);
            let lead = match (&m.summary, &m.text) {
                (Some(s), _) if !s.trim().is_empty() => s.clone(),
                (_, Some(s)) if !s.trim().is_empty() => s.clone(),
                _ => text.body.clone(),
            };
            let top = key.split('/').next().unwrap_or("").to_owned();
            let doc = Doc {
                title: m.title.clone(),
                url: path.strip_prefix(&lang_root).unwrap_or(&path).to_owned(),
                section: 0,
                snippet: snippet(&lead),
                text_lang: (t.lang != lang).then(|| t.lang.clone()),
            };
            Some((doc, scores, top))
        })
        .collect();
    let mut index = Index::default();
    let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (mut doc, scores, top) in built.into_iter().flatten() {
        if !top.is_empty() && matches!(site.index.get(&top), Some(PageRef::Section(_))) {
            let n = *section_no.entry(top.clone()).or_insert_with(|| {
                let title = site.pick(site.index[&top], lang).map_or(top.clone(), |t| t.meta.title.clone());
                sections.push(title);
                sections.len() - 1
            });
            doc.section = n;
        }
        let id = index.docs.len() as u32;
        for (token, score) in scores {
            postings.entry(token).or_default().push((id, score));
        }
        index.docs.push(doc);
    }
    for (token, mut list) in postings {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_POSTINGS);
        list.sort_by_key(|p| p.0);
        index.tokens.insert(token, list);
    }
    index.sections = sections;
    index
}

/// A page's search data: its result, its words' scores and its top section.
type Built = (Doc, HashMap<String, u32>, String);
/// A link to a lesson: title, URL, language of the text when it is a fallback.
pub type TopicLink = (String, String, Option<String>);
/// A shard's tokens with their postings.
type Shard<'a> = Vec<(&'a String, &'a Vec<(u32, u32)>)>;

/// A file of the index: path under the output root and contents.
pub type File = (String, String);

fn script(data: serde_json::Value) -> String {
    format!("chyrakSearch({data});\n")
}

impl Index {
    /// Splits the index into the files described in the module documentation.
    pub fn files(&self, lang: &str) -> Vec<File> {
        let dir = format!("{lang}/search");
        let mut shards: BTreeMap<&str, Shard> = BTreeMap::new();
        for (token, list) in &self.tokens {
            shards.entry(shard_key(token)).or_default().push((token, list));
        }
        let mut files = Vec::new();
        let mut table = serde_json::Map::new();
        for (n, (prefix, tokens)) in shards.iter().enumerate() {
            table.insert((*prefix).to_owned(), json!(n));
            let mut t = serde_json::Map::new();
            for (token, list) in tokens {
                let mut flat = Vec::with_capacity(list.len() * 2);
                let mut previous = 0;
                for &(doc, score) in list.iter() {
                    flat.push(doc - previous);
                    flat.push(score);
                    previous = doc;
                }
                t.insert((*token).clone(), json!(flat));
            }
            files.push((format!("{dir}/s{n}.js"), script(json!({ "shard": n, "t": t }))));
        }
        for (n, chunk) in self.docs.chunks(CHUNK).enumerate() {
            let docs: Vec<_> = chunk
                .iter()
                .map(|d| match &d.text_lang {
                    Some(l) => json!([d.title, d.url, d.section, d.snippet, l]),
                    None => json!([d.title, d.url, d.section, d.snippet]),
                })
                .collect();
            files.push((format!("{dir}/d{n}.js"), script(json!({ "chunk": n, "d": docs }))));
        }
        let head = json!({
            "lang": lang, "prefix": PREFIX, "chunk": CHUNK, "docs": self.docs.len(),
            "sections": self.sections, "shards": table,
        });
        files.push((format!("{dir}/index.js"), script(head)));
        files
    }
}

/// Every language's index files: (language, path, contents).
pub fn files(site: &Site, jobs: &[Job]) -> Vec<(String, String, String)> {
    let codes: Vec<&str> = site.languages().collect();
    let files: Vec<Vec<File>> = codes.par_iter().map(|lang| build(site, lang, jobs).files(lang)).collect();
    codes
        .iter()
        .zip(files)
        .flat_map(|(lang, files)| files.into_iter().map(move |(path, text)| (lang.to_string(), path, text)))
        .collect()
}

/// Lessons by topic, for the search page's no-JavaScript index: topic → (title, URL
/// relative to `from`, language of the text when it is a fallback).
pub fn topics(site: &Site, lang: &str, from: &str) -> Vec<(String, Vec<TopicLink>)> {
    let mut by_topic: BTreeMap<String, (String, Vec<TopicLink>)> = BTreeMap::new();
    for (i, item) in site.items.iter().enumerate() {
        if item.content_type != ContentType::Lesson {
            continue;
        }
        let Some(t) = site.pick(PageRef::Item(i), lang) else { continue };
        let link = url::relative(from, &url::page_path(lang, &item.key()));
        for topic in &t.meta.topics {
            let entry = by_topic.entry(fold(topic.trim())).or_insert_with(|| (topic.trim().to_owned(), Vec::new()));
            entry.1.push((t.meta.title.clone(), link.clone(), (t.lang != lang).then(|| t.lang.clone())));
        }
    }
    by_topic.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_handles_case_yo_and_apostrophes() {
        assert_eq!(fold("ЁЛКА Ёж"), "елка еж");
        assert_eq!(fold("Oʻzbek Oʼzbek O‘zbek O’zbek O'zbek"), "o'zbek o'zbek o'zbek o'zbek o'zbek");
        // The region's letters are kept, not stripped to basic Cyrillic.
        assert_eq!(fold("ҢӨҮӘҒҚҲҶӢӮ"), "ңөүәғқҳҷӣӯ");
        assert_eq!(fold("Контракт"), "контракт");
    }

    #[test]
    fn tokens_split_on_anything_but_letters_digits_and_inner_apostrophes() {
        assert_eq!(tokens("Иш берүүчү: «келишим»—2026!"), ["иш", "берүүчү", "келишим", "2026"]);
        assert_eq!(tokens("O‘zbekiston 'yo‘l' g‘oya"), ["o'zbekiston", "yo'l", "g'oya"]);
        assert_eq!(tokens("Ҷавонон ҳуқуқ"), ["ҷавонон", "ҳуқуқ"]);
        assert!(tokens(&"а".repeat(100)).is_empty(), "absurdly long tokens are skipped");
    }

    #[test]
    fn shard_keys_are_the_first_two_characters() {
        assert_eq!(shard_key("контракт"), "ко");
        assert_eq!(shard_key("ңө"), "ңө");
        assert_eq!(shard_key("я"), "я");
        assert_eq!(shard_key("o'zbek"), "o'");
    }

    #[test]
    fn page_text_separates_headings_and_drops_markup() {
        let t = page_text("Intro *text* [link](@/x).\n\n## Warm-up {minutes=10}\n\n| a | b |\n|---|---|\n| c | d |\n");
        assert_eq!(t.headings, ["Warm-up"]);
        assert!(t.body.contains("Intro text link"), "{}", t.body);
        assert!(!t.body.contains("minutes"), "{}", t.body);
        assert!(!t.body.contains("@/x"), "{}", t.body);
    }

    #[test]
    fn titles_outrank_headings_outrank_body() {
        let text = page_text("## Контракт\n\nконтракт договор договор");
        let s = score_page("Паспорт", &text, &[]);
        assert!(s["паспорт"] > s["контракт"]);
        assert!(s["контракт"] > s["договор"]);
        assert_eq!(s["договор"], 2);
    }

    fn index_of(tokens: &[(&str, Vec<(u32, u32)>)], docs: usize) -> Index {
        Index {
            docs: (0..docs)
                .map(|i| Doc {
                    title: format!("T{i}"),
                    url: format!("p{i}/index.html"),
                    section: 0,
                    snippet: String::new(),
                    text_lang: None,
                })
                .collect(),
            sections: vec![String::new()],
            tokens: tokens.iter().map(|(t, l)| ((*t).to_owned(), l.clone())).collect(),
        }
    }

    #[test]
    fn shards_group_tokens_by_prefix_and_delta_encode_postings() {
        let index = index_of(
            &[
                ("контракт", vec![(1, 16), (5, 2)]),
                ("контроль", vec![(3, 1)]),
                ("келишим", vec![(0, 1)]),
                ("o'zbek", vec![(2, 1)]),
            ],
            CHUNK + 1,
        );
        let files = index.files("ky");
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "ky/search/s0.js",
                "ky/search/s1.js",
                "ky/search/s2.js",
                "ky/search/d0.js",
                "ky/search/d1.js",
                "ky/search/index.js"
            ]
        );
        let head = &files.last().unwrap().1;
        assert!(head.starts_with("chyrakSearch({") && head.ends_with(");\n"), "{head}");
        assert!(head.contains(r#""shards":{"o'":0,"ке":1,"ко":2}"#), "{head}");
        let ko = &files[2].1;
        assert!(ko.contains(r#""контракт":[1,16,4,2]"#), "{ko}");
        assert!(ko.contains(r#""контроль":[3,1]"#), "{ko}");
        assert!(!ko.contains("келишим"));
    }
}
