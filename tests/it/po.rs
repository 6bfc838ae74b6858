//! Translators' catalogs (`chyrak po update`, `chyrak po apply`): the round trip on
//! the sample site, catalogs GNU gettext accepts, msgmerge's fuzzy marking, a lesson
//! translated through its catalog, a catalog that breaks a link, and the interface
//! strings of Kazakh, Tajik and Uzbek with their plural forms.

use crate::support::{SiteTest, broken_links, tools};
use chyrak::po::catalog::{Catalog, Entry};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn catalog(site: &SiteTest, lang: &str) -> Catalog {
    let path = site.root().join("po").join(format!("{lang}.po"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no {}: {e}", path.display()));
    Catalog::parse(&path, &text).unwrap_or_else(|d| panic!("{d}"))
}

/// Changes the entries of `po/<lang>.po` with `f`, as a translator in a PO editor would.
fn translate(site: &SiteTest, lang: &str, f: impl Fn(&mut Entry)) {
    let mut c = catalog(site, lang);
    for e in c.entries.iter_mut().filter(|e| !e.obsolete) {
        f(e);
    }
    site.write(&format!("po/{lang}.po"), c.write().as_bytes());
}

fn msgfmt_check(site: &SiteTest, lang: &str) {
    let path = site.root().join("po").join(format!("{lang}.po"));
    let out =
        std::process::Command::new(tools::msgfmt()).args(["--check", "-o", "/dev/null"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "msgfmt --check {}:\n{}", path.display(), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn update_then_apply_leaves_the_sample_byte_identical_and_msgfmt_accepts_the_catalogs() {
    let site = SiteTest::sample();
    let before = files(&site.root().join("content"));
    let catalogs = files(&site.root().join("po"));
    assert!(
        catalogs.contains_key("ru.po") && catalogs.contains_key("ky.po"),
        "the sample's catalogs: {:?}",
        catalogs.keys()
    );
    site.run(&["po", "update"]).ok();
    assert_eq!(files(&site.root().join("po")), catalogs, "po update changed the committed catalogs");
    let applied = site.run(&["po", "apply"]).ok().stdout();
    assert!(applied.contains("0 files written"), "{applied}");
    assert_eq!(files(&site.root().join("content")), before, "po apply changed content files");
    for lang in ["ru", "ky"] {
        msgfmt_check(&site, lang);
    }
    // From no catalogs at all: the first run takes every page that lines up, and
    // applying them writes those pages as they are.
    std::fs::remove_dir_all(site.root().join("po")).unwrap();
    let update = site.run(&["po", "update"]).ok();
    assert!(update.stdout().contains("pages taken from existing translations"), "{}", update.text());
    assert!(!update.stderr().contains("not taken into"), "every page of the sample lines up: {}", update.stderr());
    site.run(&["po", "apply"]).ok();
    assert_eq!(files(&site.root().join("content")), before, "a first update and apply changed content files");
    assert_eq!(files(&site.root().join("po")), catalogs, "a first update made other catalogs");
}

#[test]
fn a_translation_that_does_not_line_up_is_named_with_its_line_and_left_out_of_the_first_catalog() {
    let site = SiteTest::sample();
    std::fs::remove_dir_all(site.root().join("po")).unwrap();
    // The English cue is `TIMUR (CONT'D)`; without its extension the Kyrgyz cue no
    // longer matches it.
    let play = "content/scenarios/the-offer/index.ky.md";
    let text = std::fs::read_to_string(site.root().join(play)).unwrap();
    let line = 1 + text.lines().position(|l| l == "ТИМУР (УЛАНТЫП)").expect("the cue with its extension");
    site.write(play, text.replacen("ТИМУР (УЛАНТЫП)", "ТИМУР", 1).as_bytes());
    let update = site.run(&["po", "update", "--lang", "ky"]).ok();
    let warning = format!("{play}: not taken into po/ky.po");
    assert!(update.stderr().contains(&warning), "{}", update.stderr());
    assert!(update.stderr().contains(&format!("(line {line})")), "line {line}: {}", update.stderr());
    let ky = catalog(&site, "ky");
    let from_play =
        ky.entries.iter().filter(|e| e.context.as_deref().is_some_and(|c| c.starts_with("scenarios/the-offer:")));
    assert!(from_play.clone().count() > 50, "the play's texts are in the catalog, to translate");
    assert!(from_play.clone().all(|e| !e.is_translated()), "none taken from a page that does not line up");
}

#[test]
fn an_edited_paragraph_is_fuzzy_in_ru_and_ky_with_its_old_text() {
    let old = "Make a short list on the board of what anyone can do before accepting an offer:";
    let new = "Make a short list on the board of what anyone can do before saying yes to an offer:";
    let site = SiteTest::sample().edit("content/lessons/02-deceptive-job-offers/index.en.md", old, new);
    site.run(&["po", "update"]).ok();
    for lang in ["ru", "ky"] {
        let c = catalog(&site, lang);
        let fuzzy: Vec<&Entry> = c.entries.iter().filter(|e| !e.obsolete && e.is_fuzzy()).collect();
        assert_eq!(fuzzy.len(), 1, "{lang}: {fuzzy:#?}");
        assert_eq!(fuzzy[0].id, new);
        assert_eq!(fuzzy[0].previous.as_deref(), Some(old), "{lang}");
        assert!(fuzzy[0].is_translated(), "{lang}: the old translation stays for the translator");
        let text = std::fs::read_to_string(site.root().join(format!("po/{lang}.po"))).unwrap();
        assert!(text.contains("#, fuzzy\n#| msgctxt \"lessons/02-deceptive-job-offers:body."), "{lang}");
        assert!(text.contains(&format!("#| msgid \"{old}\"")), "{lang}");
        msgfmt_check(&site, lang);
    }
    // Applied, the page keeps the old translation and says it needs review.
    site.run(&["po", "apply", "--lang", "ru"]).ok();
    let ru = site.source("content/lessons/02-deceptive-job-offers/index.ru.md");
    assert!(ru.contains("review = \"po: texts changed in the original"), "{}", &ru[..600]);
    // … and keeps the hash of the original it was made from, so check still warns.
    let check = site.run(&["check"]).ok().stdout();
    assert!(check.contains("index.ru.md") && check.contains("translation may be out of date"), "{check}");
    let row = check.lines().find(|l| l.trim_start().starts_with(LESSON)).unwrap_or_default();
    assert!(row.contains("review"), "the matrix marks the page for review:\n{check}");
}

/// The sample with Kazakh added (its source is English).
fn with_kazakh() -> SiteTest {
    SiteTest::sample().edit(
        "site.toml",
        "[[languages]]\ncode = \"ky\"",
        "[[languages]]\ncode = \"kk\"\nname = \"Қазақша\"\nfallback = [\"ru\", \"en\"]\n\n[[languages]]\ncode = \"ky\"",
    )
}

const LESSON: &str = "lessons/02-deceptive-job-offers";

#[test]
fn a_lesson_translated_in_its_catalog_builds_in_the_new_language() {
    let site = with_kazakh();
    site.run(&["po", "update", "--lang", "kk"]).ok();
    msgfmt_check(&site, "kk");
    translate(&site, "kk", |e| {
        if e.context.as_deref().is_some_and(|c| c.starts_with(&format!("{LESSON}:"))) {
            e.strs = vec![format!("ҚАЗ {}", e.id)];
        }
    });
    let applied = site.run(&["po", "apply", "--lang", "kk"]).ok().stdout();
    assert!(applied.contains("index.kk.md"), "{applied}");
    let md = site.source(&format!("content/{LESSON}/index.kk.md"));
    assert!(md.contains("title = \"ҚАЗ Too good to be true"), "{md}");
    assert!(md.contains("## ҚАЗ Warning signs {minutes=10}"), "{md}");
    assert!(md.contains("source_hash = \""), "{md}");
    site.build().ok();
    let page = site.read(&format!("kk/{LESSON}/index.html"));
    assert!(page.contains("<html lang=\"kk\""), "{}", &page[..300]);
    assert!(page.contains("ҚАЗ Too good to be true"));
    assert!(!page.contains("fallback-notice"), "the page is translated, not shown by fallback");
    let ru = site.read(&format!("ru/{LESSON}/index.html"));
    let minutes = |html: &str| html.matches("<span class=\"minutes\"").count();
    assert_eq!(minutes(&page), minutes(&ru), "every activity keeps its minutes");
    assert!(minutes(&page) >= 5);
    assert!(page.contains("href=\"../06-recruitment-on-social-media/index.html\""), "an @/ link resolves");
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:?}");

    // A translation that changes a link's target is refused, with the catalog's line.
    let text = std::fs::read_to_string(site.root().join("po/kk.po")).unwrap();
    let target = "(@/lessons/06-recruitment-on-social-media)";
    let line = text.lines().position(|l| l.starts_with("msgstr") && l.contains(target)).expect("a translated link") + 1;
    let broken_text: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { l.replace(target, "(@/lessons/06-nowhere)") } else { l.to_owned() } + "\n")
        .collect();
    site.write("po/kk.po", broken_text.as_bytes());
    let before = site.source(&format!("content/{LESSON}/index.kk.md"));
    let err = site.run(&["po", "apply", "--lang", "kk"]).fails(1);
    let entry_line =
        broken_text.lines().take(line).enumerate().filter(|(_, l)| l.starts_with("msgid ")).last().unwrap().0 + 1;
    assert!(err.contains(&format!("po/kk.po:{entry_line}:")), "{err}");
    assert!(err.contains("link targets differ") && err.contains("@/lessons/06-nowhere"), "{err}");
    assert_eq!(site.source(&format!("content/{LESSON}/index.kk.md")), before, "nothing is written");
    // check and build report it too, as errors.
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 1, "{}", check.text());
    assert!(check.text().contains(&format!("po/kk.po:{entry_line}:")), "{}", check.text());
    let build = site.build().fails(1);
    assert!(build.contains(&format!("po/kk.po:{entry_line}:")), "{build}");
}

#[test]
fn kazakh_tajik_and_uzbek_interface_strings_go_through_catalogs_with_their_plurals() {
    let mut toml = String::new();
    for (code, name) in [("kk", "Қазақша"), ("tg", "Тоҷикӣ"), ("uz", "Oʻzbekcha")] {
        toml.push_str(&format!("\n[[languages]]\ncode = \"{code}\"\nname = \"{name}\"\nfallback = [\"en\"]\n"));
    }
    let site = SiteTest::sample();
    let config = site.source("site.toml").replacen("\n# The numbers below", &format!("{toml}\n# The numbers below"), 1);
    site.write("site.toml", config.as_bytes());
    site.run(&["po", "update", "--lang", "kk,tg,uz"]).ok();
    for (lang, header) in [
        ("kk", "nplurals=2; plural=(n != 1);"),
        ("tg", "nplurals=2; plural=(n > 1);"),
        ("uz", "nplurals=2; plural=(n != 1);"),
    ] {
        msgfmt_check(&site, lang);
        let c = catalog(&site, lang);
        assert_eq!(c.header_value("Plural-Forms"), Some(header), "{lang}");
        let count = c.by_context("ui:lesson_count").expect("a plural UI string");
        assert_eq!(count.plural.as_deref(), Some("{n} lessons"));
        assert_eq!(count.strs.len(), 2, "{lang}");
        assert!(count.is_translated(), "{lang}: the theme's strings seed the catalog");
        translate(&site, lang, |e| match e.context.as_deref() {
            Some("ui:minutes") => e.strs = vec![format!("{{n}} {lang}-min-one"), format!("{{n}} {lang}-min-other")],
            Some("ui:duration") => e.strs = vec![format!("{lang}-DURATION")],
            _ => {}
        });
        msgfmt_check(&site, lang);
    }
    site.run(&["po", "apply", "--lang", "kk,tg,uz"]).ok();
    let kk = site.source("themes/default/i18n/kk.toml");
    assert!(kk.contains("minutes = { one = \"{n} kk-min-one\", other = \"{n} kk-min-other\" }"), "{kk}");
    assert!(kk.contains("duration = \"kk-DURATION\""), "{kk}");
    site.build().ok();
    for lang in ["kk", "tg", "uz"] {
        let list = site.read(&format!("{lang}/lessons/index.html"));
        assert!(list.contains(&format!("{lang}-DURATION:")), "{lang}");
        assert!(list.contains(&format!("45 {lang}-min-other")), "{lang}: a lesson's 45 minutes");
    }
    // Applying again changes nothing.
    let again = site.run(&["po", "apply", "--lang", "kk,tg,uz"]).ok().stdout();
    assert!(again.contains("0 files written"), "{again}");
}

#[test]
fn check_shows_each_catalogs_share_and_pages_with_fuzzy_texts_need_review() {
    let site = SiteTest::sample();
    let fresh = site.check_json(&[]).ok();
    let ru = fresh.json["catalogs"].as_array().unwrap().iter().find(|c| c["lang"] == "ru").cloned().unwrap();
    assert_eq!(ru["fuzzy"], 0);
    assert!(ru["translated"].as_u64().unwrap() * 10 > ru["messages"].as_u64().unwrap() * 9, "{ru}");
    site.replace(
        &format!("content/{LESSON}/index.en.md"),
        "Make a short list on the board",
        "Make a short list on the whiteboard",
    );
    site.run(&["po", "update"]).ok();
    let report = site.check_json(&[]);
    for lang in ["ru", "ky"] {
        let c = report.json["catalogs"].as_array().unwrap().iter().find(|c| c["lang"] == lang).cloned().unwrap();
        assert_eq!(c["fuzzy"], 1, "{lang}: {c}");
        assert_eq!(c["review"], serde_json::json!([LESSON]), "{lang}");
    }
    let rows = report.json["matrix"]["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["page"] == LESSON).unwrap();
    let states: Vec<&str> = row["languages"].as_array().unwrap().iter().map(|c| c["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["translated", "review", "review"], "{row}");
    let text = site.run(&["check"]).stdout();
    assert!(text.contains("Catalogs (po/<lang>.po"), "{text}");
    assert!(text.contains("% fuzzy (") && text.contains(&format!("pages to review: {LESSON}")), "{text}");
}

#[test]
fn a_partly_translated_page_waits_unless_partial_which_marks_the_rest_with_its_language() {
    let site = with_kazakh();
    site.run(&["po", "update", "--lang", "kk"]).ok();
    translate(&site, "kk", |e| {
        if e.context.as_deref() == Some(format!("{LESSON}:title").as_str()) {
            e.strs = vec!["Тым жақсы: алдамшы жұмыс ұсыныстары".to_owned()];
        }
    });
    let file = format!("content/{LESSON}/index.kk.md");
    let run = site.run(&["po", "apply", "--lang", "kk"]).ok();
    assert!(run.stderr().contains(&format!("skipped kk {LESSON}: ")), "{}", run.text());
    assert!(!site.root().join(&file).exists());
    site.run(&["po", "apply", "--lang", "kk", "--partial"]).ok();
    let md = site.source(&file);
    assert!(md.contains("title = \"Тым жақсы"), "{md}");
    assert!(md.contains("## <span lang=\"en\">Warning signs</span> {minutes=10}"), "{md}");
    assert!(md.contains("review = \""), "{md}");
    site.build().ok();
    let page = site.read(&format!("kk/{LESSON}/index.html"));
    assert!(page.contains("<span lang=\"en\">Warning signs</span>"), "the English parts say so");
}

#[test]
fn a_broken_catalog_is_an_error_at_its_line_for_update_apply_check_and_build() {
    let site = SiteTest::sample();
    let text = site.source("po/ru.po");
    let line = text.lines().position(|l| l.starts_with("msgstr \"") && l.len() > 12).unwrap() + 1;
    let broken: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { l.trim_end_matches('"').to_owned() } else { l.to_owned() } + "\n")
        .collect();
    site.write("po/ru.po", broken.as_bytes());
    let at = format!("po/ru.po:{line}:");
    let err = site.run(&["po", "update"]).fails(1);
    assert!(err.contains(&at), "{err}");
    assert_eq!(site.source("po/ru.po"), broken, "po update wrote nothing");
    let err = site.run(&["po", "apply"]).fails(1);
    assert!(err.contains(&at), "{err}");
    let check = site.check_json(&[]);
    assert_eq!(check.run.code(), 1);
    let d = &check.json["diagnostics"][0];
    assert_eq!((d["path"].as_str(), d["line"].as_u64()), (Some("po/ru.po"), Some(line as u64)), "{d}");
    let build = site.build().fails(1);
    assert!(build.contains(&at), "{build}");
}

#[test]
fn apply_refuses_a_catalog_older_than_the_texts() {
    let site = SiteTest::sample().edit(
        &format!("content/{LESSON}/index.en.md"),
        "Make a short list on the board",
        "Make a short list on the whiteboard",
    );
    let before = site.source(&format!("content/{LESSON}/index.ru.md"));
    let err = site.run(&["po", "apply", "--lang", "ru"]).fails(1);
    assert!(
        err.contains("po/ru.po:") && err.contains(&format!("the catalog is older than `content/{LESSON}/index.en.md:")),
        "{err}"
    );
    assert!(err.contains("chyrak po update"), "{err}");
    assert_eq!(site.source(&format!("content/{LESSON}/index.ru.md")), before);
}
