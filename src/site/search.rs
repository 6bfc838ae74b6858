//! Search, built at compile time: one index per language, split into small classic
//! scripts that the browser loads with `<script>` elements only when a query needs
//! them (this works on `file://`, where `fetch()` does not).
//!
//! Files under `<lang>/search/`:
//! * `index.js` — the table of shards: token prefix → shard number, the number of
//!   documents, the chunk size and the section titles;
//! * `s<N>.js` — the tokens of one or more neighbouring prefixes (the first [`PREFIX`]
//!   folded characters), each with its postings `[doc, score, doc − previous doc,
//!   score, …]`. Prefixes are grouped up to [`SHARD_BYTES`], so a small site writes a
//!   handful of files, not one per prefix (a FAT32 USB stick spends 32 KB on each);
//!   a prefix bigger than that has a file of its own;
//! * `d<N>.js` — [`CHUNK`] documents: title, URL relative to the language root,
//!   section number, snippet and (for fallback pages) the language of the text.
//!
//! Every file calls the global `chyrakSearch(data)` defined by the theme's script. A
//! query loads `index.js`, one shard per query word and the document chunks of the
//! results it shows. The browser-side half is in `themes/default/js/search.js`; the
//! folding there must match [`fold`] here.
//!
//! The words come from the render stage, which collects each page's text as it
//! renders it ([`SearchText`]): no source is read or parsed again for the index.

use crate::model::{PageRef, Site};
use crate::output::layout;
use crate::render::page::SearchText;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// Folded characters a shard's prefix has.
pub const PREFIX: usize = 2;
/// The size a shard file is filled to with neighbouring prefixes, in bytes: under a
/// FAT32 cluster (32 KB), and a small part of a query's download.
pub const SHARD_BYTES: usize = 24 * 1024;
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
    match fold_one(c) {
        Some(f) => out.push(f),
        None => out.extend(c.to_lowercase()),
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

/// Whether a folded character belongs to a word: letters, digits and the apostrophe.
/// ASCII and the Cyrillic blocks (what this region writes) are answered without
/// Unicode's tables.
fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphanumeric() || c == '\'',
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        c => c.is_alphanumeric(),
    }
}

/// Calls `word` with every folded word of `text`: runs of letters and digits, with
/// apostrophes kept inside a word (`oʻzbek` → `o'zbek`) and dropped at its ends.
/// Words longer than [`MAX_TOKEN`] characters are skipped. `buf` is scratch space.
pub fn for_each_token(text: &str, buf: &mut String, mut word: impl FnMut(&str)) {
    let mut chars = 0;
    let mut step = |f: char, buf: &mut String, chars: &mut usize| {
        if !is_word_char(f) {
            let w = buf.trim_end_matches('\'');
            if !w.is_empty() && *chars <= MAX_TOKEN {
                word(w);
            }
            buf.clear();
            *chars = 0;
        } else if !(f == '\'' && buf.is_empty()) {
            buf.push(f);
            *chars += 1;
        }
    };
    buf.clear();
    for c in text.chars() {
        match fold_one(c) {
            Some(f) => step(f, buf, &mut chars),
            None => c.to_lowercase().for_each(|f| step(f, buf, &mut chars)),
        }
    }
    step(' ', buf, &mut chars);
}

/// [`fold_char`] for the characters that fold to one character without a table
/// lookup: ASCII, apostrophes and basic Cyrillic (nearly all the text this region
/// writes). `None`: use [`char::to_lowercase`].
fn fold_one(c: char) -> Option<char> {
    match c {
        '`' | '\'' | '\u{02BB}' | '\u{02BC}' | '\u{2018}' | '\u{2019}' => Some('\''),
        '\0'..='\x7f' => Some(c.to_ascii_lowercase()),
        'ё' | 'Ё' => Some('е'),
        'а'..='я' => Some(c),
        'А'..='Я' => char::from_u32(c as u32 + 0x20),
        _ => None,
    }
}

/// Splits text into folded words (see [`for_each_token`]).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, &mut String::new(), |w| out.push(w.to_owned()));
    out
}

/// The shard prefix of a folded token: its first [`PREFIX`] characters.
pub fn shard_key(token: &str) -> &str {
    match token.char_indices().nth(PREFIX) {
        Some((i, _)) => &token[..i],
        None => token,
    }
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

/// Where a word was seen on a page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    Title,
    Heading,
    Body,
}

/// Postings of the pages one thread has indexed, with no allocation per word seen:
/// each word gets a number the first time this thread meets it, and a page's scores
/// live in arrays indexed by that number.
#[derive(Default)]
struct Postings {
    ids: FxHashMap<String, usize>,
    words: Vec<String>,
    lists: Vec<Vec<(u32, u32)>>,
    /// The current page: weighted score (title, headings) and body count per word,
    /// and which words it has.
    weighted: Vec<u32>,
    body: Vec<u32>,
    seen: Vec<usize>,
    scratch: String,
}

impl Postings {
    fn add(&mut self, text: &str, place: Place) {
        let mut scratch = std::mem::take(&mut self.scratch);
        for_each_token(text, &mut scratch, |w| {
            let id = match self.ids.get(w) {
                Some(&id) => id,
                None => {
                    let id = self.words.len();
                    self.ids.insert(w.to_owned(), id);
                    self.words.push(w.to_owned());
                    self.lists.push(Vec::new());
                    self.weighted.push(0);
                    self.body.push(0);
                    id
                }
            };
            if self.weighted[id] == 0 && self.body[id] == 0 {
                self.seen.push(id);
            }
            match place {
                Place::Title => self.weighted[id] += TITLE_WEIGHT,
                // A heading's words count as body text too.
                Place::Heading => {
                    self.weighted[id] += HEADING_WEIGHT;
                    self.body[id] += 1;
                }
                Place::Body => self.body[id] += 1,
            }
        });
        self.scratch = scratch;
    }

    /// Ends the current page, giving its postings the number `doc`.
    fn finish(&mut self, doc: u32) {
        for id in self.seen.drain(..) {
            let score = self.weighted[id] + self.body[id].min(BODY_CAP);
            self.weighted[id] = 0;
            self.body[id] = 0;
            let list = &mut self.lists[id];
            list.push((doc, score));
            // A word on every page of a huge site keeps only its best postings anyway:
            // prune as we go so memory stays bounded by the vocabulary.
            if list.len() >= 4 * MAX_POSTINGS {
                prune(list);
            }
        }
    }

    /// Merges another thread's postings into these.
    fn merge(mut self, other: Postings) -> Postings {
        for (word, list) in other.words.into_iter().zip(other.lists) {
            match self.ids.get(&word) {
                Some(&id) => {
                    self.lists[id].extend(list);
                    if self.lists[id].len() >= 4 * MAX_POSTINGS {
                        prune(&mut self.lists[id]);
                    }
                }
                None => {
                    self.ids.insert(word.clone(), self.words.len());
                    self.words.push(word);
                    self.lists.push(list);
                }
            }
        }
        self
    }
}

/// Keeps a word's [`MAX_POSTINGS`] best postings, in no particular order.
fn prune(list: &mut Vec<(u32, u32)>) {
    if list.len() > MAX_POSTINGS {
        list.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_POSTINGS);
    }
}

/// A language's index, made as its pages are rendered: each chunk of pages is
/// indexed in parallel and merged.
pub struct Builder {
    lang: String,
    postings: Postings,
    docs: Vec<(u32, Doc, String)>,
}

impl Builder {
    pub fn new(lang: &str) -> Builder {
        Builder { lang: lang.to_owned(), postings: Postings::default(), docs: Vec::new() }
    }

    /// Indexes rendered pages of the language.
    pub fn add(&mut self, site: &Site, texts: &[SearchText]) {
        let lang = self.lang.as_str();
        let lang_root = layout::lang_dir(lang);
        let (postings, docs) = texts
            .par_iter()
            .filter_map(|s| Some((s, site.pick(s.page, lang)?)))
            .fold(
                || (Postings::default(), Vec::new()),
                |(mut postings, mut docs), (s, t)| {
                    let key = site.key(s.page);
                    let path = layout::page_path(lang, &key);
                    postings.add(&t.title, Place::Title);
                    postings.add(&s.heading, Place::Heading);
                    postings.add(&s.body, Place::Body);
                    let lesson = t.content.lesson();
                    let poster = t.content.poster();
                    let extras = t
                        .summary
                        .iter()
                        .chain(lesson.map_or(&[][..], |l| &l.topics))
                        .chain(lesson.map_or(&[][..], |l| &l.objectives))
                        .chain(poster.and_then(|p| p.headline.as_ref()))
                        .chain(poster.and_then(|p| p.text.as_ref()))
                        .chain(poster.and_then(|p| p.cta.as_ref()));
                    for extra in extras {
                        postings.add(extra, Place::Body);
                    }
                    postings.finish(s.doc);
                    let text = poster.and_then(|p| p.text.as_deref());
                    let lead = match (t.summary.as_deref(), text) {
                        (Some(s), _) if !s.trim().is_empty() => s,
                        (_, Some(s)) if !s.trim().is_empty() => s,
                        _ => &s.lead,
                    };
                    let top = key.split('/').next().unwrap_or("").to_owned();
                    let doc = Doc {
                        title: t.title.clone(),
                        url: path.strip_prefix(&lang_root).unwrap_or(&path).to_owned(),
                        section: 0,
                        snippet: snippet(lead),
                        text_lang: (t.lang != lang).then(|| t.lang.clone()),
                    };
                    docs.push((s.doc, doc, top));
                    (postings, docs)
                },
            )
            .reduce(
                || (Postings::default(), Vec::new()),
                |(a, mut da), (b, db)| {
                    da.extend(db);
                    (a.merge(b), da)
                },
            );
        self.postings = std::mem::take(&mut self.postings).merge(postings);
        self.docs.extend(docs);
    }

    /// The language's whole index.
    pub fn finish(self, site: &Site) -> Index {
        let lang = self.lang.as_str();
        let mut docs = self.docs;
        docs.sort_unstable_by_key(|d| d.0);
        let mut index = Index { sections: vec![String::new()], ..Index::default() };
        let mut section_no: HashMap<String, usize> = HashMap::new();
        for (_, mut doc, top) in docs {
            if !top.is_empty() && matches!(site.index.get(&top), Some(PageRef::Section(_))) {
                doc.section = *section_no.entry(top.clone()).or_insert_with(|| {
                    let title = site.pick(site.index[&top], lang).map_or(top.clone(), |t| t.title.clone());
                    index.sections.push(title);
                    index.sections.len() - 1
                });
            }
            index.docs.push(doc);
        }
        for (word, mut list) in self.postings.words.into_iter().zip(self.postings.lists) {
            prune(&mut list);
            list.sort_unstable_by_key(|p| p.0);
            index.tokens.insert(word, list);
        }
        index
    }
}

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
        self.files_sized(lang, SHARD_BYTES)
    }

    fn files_sized(&self, lang: &str, shard_bytes: usize) -> Vec<File> {
        let file = |name: String| layout::search_file(lang, &name);
        let mut prefixes: BTreeMap<&str, Shard> = BTreeMap::new();
        for (token, list) in &self.tokens {
            prefixes.entry(shard_key(token)).or_default().push((token, list));
        }
        let mut files = Vec::new();
        let mut table = serde_json::Map::new();
        let mut group = serde_json::Map::new();
        let mut size = 0;
        let flush = |group: &mut serde_json::Map<String, serde_json::Value>, files: &mut Vec<File>| {
            let n = files.len();
            let t = std::mem::take(group);
            files.push((file(format!("s{n}.js")), script(json!({ "shard": n, "t": t }))));
        };
        for (prefix, tokens) in &prefixes {
            let mut t = serde_json::Map::new();
            let mut bytes = 0;
            for (token, list) in tokens {
                let mut flat = Vec::with_capacity(list.len() * 2);
                let mut previous = 0;
                for &(doc, score) in list.iter() {
                    flat.push(doc - previous);
                    flat.push(score);
                    previous = doc;
                }
                // The token with its quotes and punctuation, then each number and comma.
                let digits = |n: u32| n.checked_ilog10().unwrap_or(0) as usize + 1;
                bytes += token.len() + 6 + flat.iter().map(|&n| digits(n) + 1).sum::<usize>();
                t.insert((*token).clone(), json!(flat));
            }
            if size > 0 && size + bytes > shard_bytes {
                flush(&mut group, &mut files);
                size = 0;
            }
            table.insert((*prefix).to_owned(), json!(files.len()));
            group.extend(t);
            size += bytes;
        }
        if !group.is_empty() {
            flush(&mut group, &mut files);
        }
        for (n, chunk) in self.docs.chunks(CHUNK).enumerate() {
            let docs: Vec<_> = chunk
                .iter()
                .map(|d| match &d.text_lang {
                    Some(l) => json!([d.title, d.url, d.section, d.snippet, l]),
                    None => json!([d.title, d.url, d.section, d.snippet]),
                })
                .collect();
            files.push((file(format!("d{n}.js")), script(json!({ "chunk": n, "d": docs }))));
        }
        let head = json!({
            "lang": lang, "prefix": PREFIX, "chunk": CHUNK, "docs": self.docs.len(),
            "sections": self.sections, "shards": table,
        });
        files.push((file("index.js".to_owned()), script(head)));
        files
    }
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

    /// The scores the words of one page titled `title` get, and its lead.
    fn scores(title: &str, markdown: &str) -> (HashMap<String, u32>, String) {
        let mut text = SearchText {
            doc: 7,
            page: PageRef::Section(0),
            heading: String::new(),
            body: String::new(),
            lead: String::new(),
        };
        crate::render::page::markdown_text(&crate::parse::markdown::parse(markdown), &mut text);
        let mut p = Postings::default();
        p.add(title, Place::Title);
        p.add(&text.heading, Place::Heading);
        p.add(&text.body, Place::Body);
        p.finish(7);
        let scores = p.words.iter().zip(&p.lists).map(|(w, l)| (w.clone(), l[0].1)).collect();
        assert!(p.lists.iter().all(|l| l.len() == 1 && l[0].0 == 7));
        (scores, text.lead)
    }

    #[test]
    fn markdown_text_is_indexed_without_markup() {
        let (s, lead) =
            scores("", "Intro *text* [link](@/x).\n\n## Warm-up {minutes=10}\n\n| a | b |\n|---|---|\n| c | d |\n");
        assert!(lead.contains("Intro text link"), "{lead}");
        assert!(s.contains_key("warm") && s.contains_key("link"));
        assert!(!s.contains_key("minutes") && !s.contains_key("x"), "{s:?}");
        assert_eq!(s["warm"], HEADING_WEIGHT + 1);
    }

    #[test]
    fn titles_outrank_headings_outrank_body() {
        let (s, _) = scores("Паспорт", "## Контракт\n\nконтракт договор договор");
        assert!(s["паспорт"] > s["контракт"]);
        assert!(s["контракт"] > s["договор"]);
        assert_eq!(s["договор"], 2);
        let (s, _) = scores("", &"договор ".repeat(50));
        assert_eq!(s["договор"], BODY_CAP, "body repetitions are capped");
    }

    #[test]
    fn postings_keep_the_best_pages_of_common_words() {
        let mut a = Postings::default();
        for doc in 0..(MAX_POSTINGS as u32 * 5) {
            a.add(if doc % 3 == 0 { "виза" } else { "" }, Place::Title);
            a.add("виза", Place::Body);
            a.finish(doc);
        }
        let mut b = Postings::default();
        b.add("виза паспорт", Place::Body);
        b.finish(10_000);
        let mut merged = a.merge(b);
        let mut list = std::mem::take(&mut merged.lists[0]);
        prune(&mut list);
        assert_eq!(list.len(), MAX_POSTINGS);
        assert!(list.iter().all(|p| p.0 % 3 == 0 && p.1 == TITLE_WEIGHT + 1), "titles first");
        assert_eq!(merged.words, ["виза", "паспорт"]);
        assert_eq!(merged.lists[1], [(10_000, 1)]);
    }

    #[test]
    fn cyrillic_letters_need_no_table_lookup() {
        for c in ('\u{0400}'..='\u{0481}').chain('\u{048A}'..='\u{052F}') {
            assert!(c.is_alphanumeric(), "{c:?}");
        }
        for c in '\u{0482}'..='\u{0489}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        for c in ('А'..='Я').chain('A'..='Z') {
            let (mut fast, slow) = (String::new(), c.to_lowercase().to_string());
            fold_char(c, &mut fast);
            assert_eq!(fast, slow);
        }
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
        // One shard per prefix when each is as big as a shard may be.
        let files = index.files_sized("ky", 1);
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

        // Small prefixes share a file; the table sends each to it.
        let files = index.files("ky");
        assert_eq!(files.iter().filter(|(p, _)| p.contains("/search/s")).count(), 1);
        assert!(files.last().unwrap().1.contains(r#""shards":{"o'":0,"ке":0,"ко":0}"#));
        assert!(files[0].1.contains("келишим") && files[0].1.contains("контроль"));
    }

    #[test]
    fn a_shard_is_filled_up_to_its_size_and_a_big_prefix_stands_alone() {
        let big: Vec<(u32, u32)> = (0..5000).map(|d| (d, 12345)).collect();
        let index =
            index_of(&[("аа", vec![(0, 1)]), ("бб", big.clone()), ("вв", vec![(1, 1)]), ("гг", vec![(2, 1)])], 5000);
        let files = index.files("ru");
        let shards: Vec<&File> = files.iter().filter(|(p, _)| p.contains("/search/s")).collect();
        let head = &files.last().unwrap().1;
        // "аа" alone (the next is too big to join it), "бб" alone, then "вв" and "гг" together.
        assert!(head.contains(r#""shards":{"аа":0,"бб":1,"вв":2,"гг":2}"#), "{head}");
        assert_eq!(shards.len(), 3);
        assert!(shards[1].1.len() > SHARD_BYTES, "the big prefix is not cut");
    }
}
