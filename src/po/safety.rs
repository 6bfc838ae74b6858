//! What a translation must keep of its source text: every link target to a page or
//! file of the site (`@/lessons/x`, `#part`, `photo.jpg`), every contact shortcut,
//! Markdown that still reads (no unclosed `**`, no link without its target, no new
//! list, heading, quote or handout marker), a play's stop points, Joker prompts, scene
//! headings and transitions, and a string's `{placeholders}`. `po apply` refuses a
//! catalog with such a problem, and `check` and `build` report it, each with the
//! catalog's file and line.

use super::catalog::{Catalog, Entry};
use super::extract::{Kind, Message};
use crate::error::Diagnostic;
use crate::model::Site;
use crate::parse::fountain::{self, Element};
use pulldown_cmark::{Event, Parser, Tag};
use std::path::Path;

/// What is wrong with `translation` as a translation of `m`, one sentence each.
pub fn problems(m: &Message, translation: &str) -> Vec<String> {
    let mut out = Vec::new();
    if translation.trim().is_empty() {
        return out;
    }
    match m.kind {
        Kind::Markdown => markdown(
            &m.id,
            translation,
            m.comment.starts_with("activity heading") || m.comment.starts_with("heading"),
            &mut out,
        ),
        Kind::Stop => {
            let kind = |t: &str| match fountain::note_element(t) {
                Element::StopPoint(_) => "stop point (STOP:)",
                Element::JokerPrompt(_) => "Joker prompt (JOKER:)",
                _ => "note",
            };
            if kind(&m.id) != kind(translation) {
                out.push(format!(
                    "the original is a {}, the translation a {}: keep the keyword and its colon at the start",
                    kind(&m.id),
                    kind(translation)
                ));
            }
        }
        Kind::Scene => {
            if fountain::scene_heading(translation.trim()).is_none() {
                out.push(
                    "a scene heading must start with INT./EXT. (ИНТ./НАТ.) or `.`, or it becomes action".to_owned(),
                );
            }
        }
        Kind::Fountain if m.comment.starts_with("transition") => {
            let t = translation.trim();
            let ok = matches!(fountain::marked_line(t), Some(Element::Transition(_)))
                || (t.ends_with("TO:") && fountain::is_capitals(t));
            if !ok {
                out.push("a transition must end in TO: (in capitals) or start with `> `".to_owned());
            }
        }
        Kind::Fountain | Kind::Plain => {}
    }
    if m.comment.starts_with("handout title") && translation.contains('\n') {
        out.push("a handout title is one line: its `::: handout` line ends with it".to_owned());
    }
    if m.comment.starts_with("character name") {
        // The play's cues are this name in capitals: it must still read as a cue.
        let upper = translation.trim().to_uppercase();
        let ok =
            matches!(fountain::cue(&upper), Some(Element::Character { name, extension: None, .. }) if name == upper);
        if !ok || upper.contains('\n') {
            out.push(format!("the play's character cues would be `{upper}`, which Fountain does not read as a cue: use letters, spaces and dots"));
        }
    }
    if matches!(m.kind, Kind::Fountain | Kind::Stop | Kind::Scene) && translation.contains("\n\n") {
        out.push("a blank line in a play's text splits it into two elements".to_owned());
    }
    let contacts = |t: &str| sorted(crate::parse::shortcut::shortcuts(t).into_iter().map(|(_, id)| id).collect());
    if contacts(&m.id) != contacts(translation) {
        out.push(format!(
            "the contact shortcuts differ: the original has {}, the translation {}",
            list(&contacts(&m.id)),
            list(&contacts(translation))
        ));
    }
    out
}

/// A UI string's `{names}` must all stay.
pub fn placeholders(e: &Entry, translation: &str) -> Option<String> {
    let names = |t: &str| {
        let mut v: Vec<String> =
            t.split('{').skip(1).filter_map(|r| r.split_once('}').map(|(n, _)| n.to_owned())).collect();
        v.sort();
        v.dedup();
        v
    };
    let want = names(&e.id);
    let got = names(translation);
    (want != got)
        .then(|| format!("the placeholders differ: the original has {}, the translation {}", list(&want), list(&got)))
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn list(v: &[String]) -> String {
    if v.is_empty() { "none".to_owned() } else { v.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ") }
}

/// Link targets (external addresses left out) and what reads wrongly.
fn markdown(source: &str, translation: &str, heading: bool, out: &mut Vec<String>) {
    let (a, b) = (read(source), read(translation));
    if a.targets != b.targets {
        out.push(format!(
            "the link targets differ: the original has {}, the translation {}; keep each `(…)` after a link as it is",
            list(&a.targets),
            list(&b.targets)
        ));
    }
    for marker in ["**", "__"] {
        if b.loose.contains(&marker) && !a.loose.contains(&marker) {
            out.push(format!("an unclosed `{marker}`: emphasis needs a `{marker}` at both ends"));
        }
    }
    if b.loose.contains(&"](") && !a.loose.contains(&"](") {
        out.push(
            "a link that Markdown does not read: write [text](target) with no space between `]` and `(`".to_owned(),
        );
    }
    if a.blocks == 1 && b.blocks != 1 || b.structure && !a.structure {
        out.push(
            "the translation changes the text's structure (a new paragraph, list, heading or quote): keep it one block"
                .to_owned(),
        );
    }
    if translation.contains(":::") && !source.contains(":::") {
        out.push("`:::` marks handouts: it cannot be part of a text".to_owned());
    }
    if heading && translation.contains('{') && !source.contains('{') {
        out.push("heading attributes ({#id minutes=…}) stay outside the text: remove the `{…}`".to_owned());
    }
}

struct Read {
    targets: Vec<String>,
    /// Markers left as plain text.
    loose: Vec<&'static str>,
    blocks: usize,
    structure: bool,
}

fn read(text: &str) -> Read {
    let mut r = Read { targets: Vec::new(), loose: Vec::new(), blocks: 0, structure: false };
    let mut depth = 0usize;
    // Unmatched delimiters come as text of their own: joined, `**` shows.
    let mut plain = String::new();
    for event in Parser::new_ext(text, crate::parse::markdown::options()) {
        let (start, end) = (matches!(event, Event::Start(_)), matches!(event, Event::End(_)));
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let d = dest_url.to_string();
                if !d.contains("://") && !d.starts_with("mailto:") && !d.starts_with("tel:") && !d.starts_with("sms:") {
                    r.targets.push(d);
                }
            }
            Event::Text(t) => plain.push_str(&t),
            Event::Start(Tag::Paragraph) if depth == 0 => r.blocks += 1,
            Event::Start(
                Tag::List(_) | Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::Table(_),
            ) => {
                r.structure = true;
                if depth == 0 {
                    r.blocks += 1;
                }
            }
            _ => {}
        }
        if start {
            depth += 1;
        } else if end {
            depth = depth.saturating_sub(1);
        }
    }
    r.loose = ["**", "__", "]("].into_iter().filter(|m| plain.contains(m)).collect();
    r.targets.sort();
    r
}

/// The safety problems of `catalog` (at `path`, read from `text`) against the site's
/// current texts, as errors at the catalog's lines.
pub fn catalog(pages: &[super::Page], path: &Path, text: &str, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let messages = pages.iter().flat_map(|p| p.doc.messages.iter());
    let by_context: std::collections::HashMap<&str, &Message> = messages.map(|m| (m.context.as_str(), m)).collect();
    for e in catalog.entries.iter().filter(|e| !e.obsolete && e.is_translated()) {
        let Some(ctx) = e.context.as_deref() else { continue };
        let found: Vec<String> = if ctx.starts_with(super::ui::PREFIX) {
            e.strs.iter().filter_map(|s| placeholders(e, s)).collect()
        } else {
            match by_context.get(ctx) {
                Some(m) if m.id == e.id => problems(m, &e.strs[0]),
                _ => continue, // an old text: `po update` marks it fuzzy
            }
        };
        for why in found {
            let d = Diagnostic::error(path, format!("unsafe translation of `{ctx}`: {why}"))
                .with_help("fix the msgstr in a PO editor (or by hand); the original is the msgid above it");
            out.push(if e.line > 0 { d.at(text, e.line, 1) } else { d });
        }
    }
    out
}

/// [`catalog`] for every catalog of the site: what `check` and `build` report.
pub fn site(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Ok(langs) = super::languages(site, &[]) else { return out };
    let mut cache: Vec<(String, Vec<super::Page>)> = Vec::new();
    for lang in langs {
        let path = super::catalog_path(&site.root, &lang);
        if !path.is_file() {
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                out.push(Diagnostic::error(&path, format!("cannot read: {e}")));
                continue;
            }
        };
        let c = match Catalog::parse(&path, &text) {
            Ok(c) => c,
            Err(d) => {
                out.push(d);
                continue;
            }
        };
        let source = super::source_language(site, &lang).to_owned();
        if !cache.iter().any(|(s, _)| *s == source) {
            let (pages, _) = super::pages(site, &source); // their problems are the model's
            cache.push((source.clone(), pages));
        }
        let pages = &cache.iter().find(|(s, _)| *s == source).expect("cached").1;
        out.extend(catalog(pages, &path, &text, &c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(id: &str) -> Message {
        Message {
            context: "a:body.1".into(),
            id: id.into(),
            comment: "paragraph".into(),
            line: 1,
            kind: Kind::Markdown,
        }
    }

    #[test]
    fn a_changed_or_dropped_link_target_is_caught() {
        let m = md("See [lesson 2](@/lessons/02) and call {{ contact(id=\"hotline\") }}.");
        assert!(problems(&m, "См. [урок 2](@/lessons/02) и звоните {{ contact(id=\"hotline\") }}.").is_empty());
        let p = problems(&m, "См. [урок 2](@/lessons/03) и звоните {{ contact(id=\"hotline\") }}.");
        assert!(p[0].contains("`@/lessons/02`") && p[0].contains("`@/lessons/03`"), "{p:?}");
        let p = problems(&m, "См. урок 2 и звоните.");
        assert_eq!(p.len(), 2, "{p:?}");
    }

    #[test]
    fn broken_markdown_is_caught() {
        let m = md("A **bold** word and [a link](@/x).");
        assert!(problems(&m, "Слово **жирное** и [ссылка](@/x).").is_empty());
        assert!(problems(&m, "Слово **жирное и [ссылка](@/x).")[0].contains("unclosed `**`"));
        let p = problems(&m, "Слово **жирное** и [ссылка] (@/x).");
        assert!(p.iter().any(|p| p.contains("link targets differ")), "{p:?}");
        assert!(problems(&m, "Слово **жирное** [ссылка](@/x).\n\n- список")[0].contains("structure"));
    }

    #[test]
    fn stop_points_and_scene_headings_keep_their_marks() {
        let stop = Message { kind: Kind::Stop, comment: "forum-theatre stop point".into(), ..md("STOP: What now?") };
        assert!(problems(&stop, "СТОП: Что теперь?").is_empty());
        assert!(!problems(&stop, "Что теперь?").is_empty());
        let name = Message { kind: Kind::Plain, comment: "character name; …".into(), ..md("Aunt Cholpon") };
        assert!(problems(&name, "Тётя Чолпон").is_empty());
        assert!(!problems(&name, "Тётя (Чолпон)").is_empty());
        assert!(!problems(&name, "Чолпон:").is_empty());
        let scene = Message { kind: Kind::Scene, ..md("EXT. BUS STOP - DAY") };
        assert!(problems(&scene, "НАТ. ОСТАНОВКА — ДЕНЬ").is_empty());
        assert!(!problems(&scene, "ОСТАНОВКА — ДЕНЬ").is_empty());
    }
}
