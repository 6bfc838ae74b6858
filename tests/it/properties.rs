//! Property tests (proptest) for the parsers and the link code: whatever the input,
//! nothing panics or hangs, and what comes out is consistent.
//!
//! `cargo test --test it properties` runs 256 cases per property. For a longer hunt:
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test it properties
//! ```
//!
//! A failing case is shrunk and saved in `tests/it/properties.proptest-regressions`
//! (commit that file: it is replayed first on every run), then kept as a plain
//! regression test below once fixed.

use chyrak::error::{Diagnostic, line_column};
use chyrak::output::layout as url;
use chyrak::parse::fountain;
use chyrak::parse::front_matter::{self, ContentType};
use chyrak::parse::markdown::{self, LinkResolver, SourceRef};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::path::Path;

/// Text made of the pieces the parsers care about, so random input reaches deep paths.
fn markup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "+++",
        "\n",
        "\r\n",
        " ",
        "\t",
        "title = \"T\"",
        "duration = 5",
        "=",
        "\"",
        "[",
        "]",
        "{",
        "}",
        "#",
        "##",
        "{#id}",
        "{minutes=10}",
        "(@/lessons/a#x)",
        "[link](@/",
        "](",
        ")",
        "!",
        "![alt](photo.jpg)",
        "INT. ",
        "ИНТ. ",
        "EXT. ",
        "АЙГУЛЬ",
        "BOB",
        "@",
        "(beat)",
        "> ",
        "<",
        "~",
        "=",
        "/*",
        "*/",
        "[[",
        "]]",
        "[[STOP: ",
        "[[JOKER: ",
        "СТОП:",
        ".",
        "CUT TO:",
        "===",
        "_",
        "*",
        "**",
        ":::",
        "::: handout",
        "ң",
        "ө",
        "ү",
        "ё",
        "\u{feff}",
        "\0",
        "é",
        "\u{200d}",
        "😀",
        "a",
        "x",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![markup(), any::<String>()]
}

struct Fake;

impl LinkResolver for Fake {
    fn internal(&self, target: &str) -> Result<String, String> {
        let pages = ["", "lessons", "lessons/a", "lessons/б"];
        if pages.contains(&target) {
            Ok(url::relative(&url::page_path("ky", "lessons/a"), &url::page_path("ky", target)))
        } else {
            Err(format!("no page `content/{target}`"))
        }
    }
    fn bundle_file(&self, name: &str) -> Option<String> {
        (name == "photo.jpg").then(|| "../../../media/lessons/a/photo.jpg".to_owned())
    }
}

/// `base` (a file's folder) joined with a relative URL, `..` resolved.
fn resolve(from: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for p in rel.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

proptest! {
    // Failures are saved beside this file (proptest's default would put them under
    // `tests/proptest-regressions/`, as `tests/it/` holds a `main.rs`).
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn front_matter_split_and_parse_never_panic(text in any_text()) {
        let path = Path::new("content/x/index.en.md");
        if let Ok(split) = front_matter::split(path, &text) {
            prop_assert!(split.body_offset <= text.len());
            prop_assert!(split.front_matter_offset <= split.body_offset);
            prop_assert_eq!(&text[split.body_offset..], split.body);
            for ty in [ContentType::Page, ContentType::Lesson, ContentType::Scenario, ContentType::Poster] {
                if let Err(problems) = front_matter::parse(path, &text, &split, ty, false) {
                    prop_assert!(!problems.is_empty());
                    for d in problems {
                        let _ = d.to_string();
                    }
                }
            }
        }
    }

    #[test]
    fn any_title_round_trips_through_front_matter(title in "\\PC{1,40}", body in any_text()) {
        let quoted = toml_string(&title);
        let text = format!("+++\ntitle = {quoted}\n+++\n{body}");
        let path = Path::new("content/x/index.en.md");
        let split = front_matter::split(path, &text).unwrap();
        let parsed = front_matter::parse(path, &text, &split, ContentType::Page, false);
        if !title.trim().is_empty() {
            prop_assert_eq!(parsed.unwrap().title, title);
        }
    }

    #[test]
    fn fountain_never_panics_and_ends(text in any_text()) {
        let script = fountain::parse(&text);
        for edition in [fountain::Edition::Actors, fountain::Edition::Facilitator] {
            let html = fountain::render_html(&script, edition, &fountain::Labels::default());
            prop_assert!(!html.contains("<script"));
        }
        let _ = fountain::scenes(&script);
    }

    #[test]
    fn markdown_links_resolve_or_are_reported(text in any_text()) {
        let file = format!("+++\ntitle = \"x\"\n+++\n{text}");
        let src = SourceRef { path: Path::new("content/lessons/a/index.ky.md"), file: &file, body_offset: 20 };
        let (rendered, problems) = markdown::render(&src, &Fake, &|m| format!("{m} min"));
        // A link left unresolved is always reported (and a reported error stops the build).
        let unresolved = rendered.html.contains("href=\"@/") || rendered.html.contains("src=\"@/");
        prop_assert!(!unresolved || !problems.is_empty(), "an unresolved @/ link went unreported: {}", rendered.html);
        for d in problems {
            prop_assert!(d.line.is_some_and(|l| l >= 4), "{}", d);
            let _ = d.to_string();
        }
    }

    #[test]
    fn relative_links_lead_to_their_target(
        from in prop::collection::vec("[a-zа-я0-9-]{1,8}", 0..5),
        to in prop::collection::vec("[a-zа-я0-9-]{1,8}", 0..5),
        lang in prop::sample::select(vec!["en", "ky", "uz-Latn"]),
    ) {
        let from = url::page_path(lang, &from.join("/"));
        let to = url::page_path("ru", &to.join("/"));
        let rel = url::relative(&from, &to);
        prop_assert!(!rel.starts_with('/'));
        prop_assert!(rel.ends_with("index.html"), "links name files: {}", rel);
        prop_assert_eq!(resolve(&from, &rel), to);
    }

    #[test]
    fn search_tokens_are_folded_and_stable(text in any_text()) {
        for t in chyrak::site::search::tokens(&text) {
            prop_assert!(!t.is_empty());
            prop_assert_eq!(chyrak::site::search::fold(&t), t.clone());
        }
    }

    #[test]
    fn diagnostics_display_at_any_offset(text in any_text(), offset in 0usize..400) {
        let (line, column) = line_column(&text, offset);
        prop_assert!(line >= 1 && column >= 1);
        let d = Diagnostic::error("a.md", "m").at_offset(&text, offset).with_help("h");
        let shown = d.to_string();
        prop_assert!(shown.starts_with("error: a.md:"), "{}", shown);
    }
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
