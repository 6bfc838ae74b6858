use super::*;
use std::path::Path;

fn doc(page: &str, ty: ContentType, text: &str) -> Doc {
    let src = Source { page, content_type: ty, section: false, sizes: "A4".into() };
    extract(&src, Path::new("content/x/index.en.md"), text).unwrap()
}

const LESSON: &str = "+++\ntitle = \"Safe work\"\nduration = 15\nobjectives = [\n  \"Name **two** signs.\",\n  \"Ask.\",\n]\nhandouts = [\"Signs\"]\npreparation = \"\"\"\nPrint the *sheet*.\n\n- one\n- two\n\"\"\"\n+++\n## Warm-up {#warm minutes=5}\n\nAsk: \"what?\" See [lesson 2](@/lessons/02)\nand call {{ contact(id=\"hotline\") }}.\n\n> A quote\n> on two lines.\n\n::: handout Signs\n\n1. First\n2. [ ] Second\n\n| a | b |\n|---|---|\n| Yes | 10 |\n\n:::\n\n```\ncode stays\n```\n";

#[test]
fn a_lesson_splits_into_messages_and_back() {
    let d = doc("lessons/01", ContentType::Lesson, LESSON);
    assert_eq!(d.source(), LESSON);
    let ids: Vec<&str> = d.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "Safe work",
            "Name **two** signs.",
            "Ask.",
            "Signs",
            "Print the *sheet*.",
            "one",
            "two",
            "Warm-up",
            "Ask: \"what?\" See [lesson 2](@/lessons/02)\nand call {{ contact(id=\"hotline\") }}.",
            "A quote\non two lines.",
            "First",
            "Second",
            "a",
            "b",
            "Yes",
            "code stays",
        ]
    );
    let contexts: Vec<&str> = d.messages.iter().map(|m| m.context.as_str()).collect();
    assert_eq!(contexts[1], "lessons/01:objectives.1");
    assert_eq!(contexts[4], "lessons/01:preparation.1");
    assert_eq!(contexts[7], "lessons/01:body.1");
    assert!(d.messages[7].comment.contains("5 minutes"), "{:?}", d.messages[7]);
    assert_eq!(d.messages[7].line, 16);
    assert!(d.messages[10].comment.contains("in the handout “Signs”"), "{:?}", d.messages[10]);
}

#[test]
fn a_translation_keeps_the_skeleton() {
    let d = doc("lessons/01", ContentType::Lesson, LESSON);
    let out = d.render(&|i| std::borrow::Cow::Owned(format!("T{i}\n{i}")));
    assert!(out.contains("## T7 7 {#warm minutes=5}") || out.contains("## T7\n7 {#warm minutes=5}"), "{out}");
    assert!(out.contains("> T9\n> 9\n"), "{out}");
    assert!(out.contains("handouts = [\"T3\\n3\"]"), "{out}");
    assert!(out.contains("::: handout T3\n3"), "{out}");
}

#[test]
fn a_play_gives_its_cues_from_the_cast() {
    let text = "+++\ntitle = \"P\"\ncast = [{ name = \"Aigul\", note = \"17, the hero\" }]\n+++\nTitle: The Offer\n\nEXT. BUS STOP - DAY\n\nAigul waits.\nShe counts coins.\n\nAIGUL\n(quietly)\nHello.\nIt's me.\n\n[[STOP: What could she ask?]]\n\nBAKYT (V.O.)\nHi.\n\nCUT TO:\n\n= A synopsis\n";
    let d = doc("scenarios/p", ContentType::Scenario, text);
    assert_eq!(d.source(), text);
    let ids: Vec<&str> = d.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "P",
            "Aigul",
            "17, the hero",
            "The Offer",
            "EXT. BUS STOP - DAY",
            "Aigul waits.\nShe counts coins.",
            "(quietly)",
            "Hello.\nIt's me.",
            "STOP: What could she ask?",
            "BAKYT",
            "(V.O.)",
            "Hi.",
            "CUT TO:",
            "A synopsis"
        ]
    );
    assert_eq!(d.messages[7].comment, "dialogue: AIGUL");
    let out =
        d.render(&|i| std::borrow::Cow::Owned(if i == 1 { "Айгуль".into() } else { d.messages[i].id.clone() }));
    assert!(out.contains("\nАЙГУЛЬ\n(quietly)"), "{out}");
}

#[test]
fn structure_that_differs_is_named() {
    let a = doc("lessons/01", ContentType::Lesson, LESSON);
    let same = LESSON.replace("Ask.", "Спросите.").replace("Yes", "Да");
    let b = doc("lessons/01", ContentType::Lesson, &same);
    let texts = align(&a, &b, &same, &[]).unwrap();
    assert_eq!(texts[2], "Спросите.");
    assert_eq!(texts[14], "Да");
    let other = LESSON.replace("minutes=5", "minutes=6");
    let c = doc("lessons/01", ContentType::Lesson, &other);
    let why = align(&a, &c, &other, &[]).unwrap_err();
    assert!(why.contains("minutes=5") && why.contains("minutes=6"), "{why}");
    assert!(why.ends_with("(line 16)"), "{why}");
    assert!(align(&a, &c, &other, &[3]).unwrap_err().ends_with("(line 17)"));
}

/// Pieces of Markdown and Fountain that meet in odd ways.
const FRAGMENTS: &[&str] = &[
    "",
    "",
    "# Heading {#h minutes=5}",
    "## Act",
    "- item",
    "  - nested",
    "1. first",
    "> quote",
    "> ",
    "text **bold",
    "[link](@/x) and ![alt](a.png)",
    "```",
    "code",
    "| a | b |",
    "|---|---|",
    "::: handout T",
    ":::",
    "   indented",
    "AIGUL",
    "@Aigul",
    "(quietly)",
    "[[STOP: why?]]",
    "[[note]]",
    "CUT TO:",
    "> FADE <",
    "= synopsis",
    "===",
    "~ la la",
    "INT. ROOM - DAY",
    ".FORCED",
    "Title: The Play",
    "Author: me",
    "!FORCED ACTION",
    "БАКЫТ (ЗК)",
    "{{ contact(id=\"a\") }}",
    "\\* escaped",
    "line  ",
    "\t",
    "<b>html</b>",
    "[^1]",
    "[^1]: note",
    "- [ ] task",
    "Ask: \"what?\"",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn any_body_splits_and_joins_back_byte_for_byte(
        picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..30),
        scenario: bool,
    ) {
        let body: Vec<&str> = picks.iter().map(|&i| FRAGMENTS[i]).collect();
        let text = format!(
            "+++\ntitle = \"P\"\ncast = [{{ name = \"Aigul\", note = \"a girl\" }}]\nobjectives = [\"x y\"]\n+++\n{}\n",
            body.join("\n")
        );
        let ty = if scenario { ContentType::Scenario } else { ContentType::Lesson };
        let text = if scenario { text.replace("objectives = [\"x y\"]\n", "") } else { text.replace("cast = [{ name = \"Aigul\", note = \"a girl\" }]\n", "") };
        let d = doc("p", ty, &text);
        proptest::prop_assert_eq!(d.source(), text.clone());
        // A doc lines up with itself, and a translation with the same texts renders the same.
        let texts = align(&d, &d, &text, &[]).unwrap();
        let by_index = d.render(&|i| std::borrow::Cow::Owned(texts[i].clone()));
        proptest::prop_assert_eq!(by_index, text);
    }
}
