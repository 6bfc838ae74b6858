//! `chyrak build` end to end: the sample site builds with every link resolving; on
//! fixture sites, fallbacks, language switchers, plurals, errors with file and line,
//! a failing build leaving the old output alone, themes, lists over several pages,
//! topics; and a snapshot of a lesson page's `<main>`.

use crate::support::snap::element;
use crate::support::*;

#[test]
fn sample_site_builds_and_every_relative_link_resolves() {
    let site = SiteTest::sample();
    let run = site.build().ok();
    assert!(!run.stderr().contains("error"), "{}", run.stderr());
    let problems = broken_links(&site.out());
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
    // Every section and every item of the sources is in every language, translated
    // or by fallback (the sample's sections and items, whatever they are).
    let languages: Vec<String> = std::fs::read_dir(site.out())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(languages.len() >= 2, "{languages:?}");
    let content = site.root().join("content");
    for section in std::fs::read_dir(&content).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
        let name = section.file_name().unwrap().to_string_lossy().into_owned();
        for item in std::fs::read_dir(&section).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
            let slug = item.file_name().unwrap().to_string_lossy().into_owned();
            let texts: Vec<String> = std::fs::read_dir(&item)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .map(|p| std::fs::read_to_string(p).unwrap())
                .collect();
            if texts.iter().all(|t| t.contains("\ndraft = true")) {
                continue; // drafts are left out of a build
            }
            for lang in &languages {
                assert!(site.has(&format!("{lang}/{name}/{slug}/index.html")), "{lang}/{name}/{slug}");
            }
        }
        for lang in &languages {
            assert!(site.has(&format!("{lang}/{name}/index.html")), "{lang}/{name}");
        }
    }
}

#[test]
fn sample_site_passes_check() {
    let site = SiteTest::sample();
    let run = site.run(&["check"]).ok();
    assert!(run.stdout().contains("check passed"), "{}", run.stdout());
    assert!(!site.out().exists(), "check must not write");
}

#[test]
fn every_item_is_in_every_language_translated_or_by_fallback() {
    let site = SiteTest::fixture("i18n/fallback");
    site.build().ok();
    for lang in ["en", "ru", "ky"] {
        for slug in ["a", "b"] {
            assert!(site.has(&format!("{lang}/lessons/{slug}/index.html")), "{lang}/lessons/{slug}");
        }
    }
    site.assert_file("en/lessons/index.html", &["2 lessons"]).assert_file("ru/lessons/index.html", &["2 урока"]);
}

#[test]
fn fallback_pages_say_so_and_carry_the_real_language() {
    let site = SiteTest::fixture("i18n/fallback");
    site.build().ok();
    // ky falls back to ru first, then en.
    let ky_b = site.read("ky/lessons/b/index.html");
    assert!(ky_b.contains("<html lang=\"ky\""), "UI stays in the reader's language");
    assert!(ky_b.contains("lang=\"ru\""), "text tagged with its real language");
    assert!(ky_b.contains("Русский Б"));
    assert!(ky_b.contains("Бул барактын котормосу азырынча жок (Кыргызча)"), "notice in the reader's language");
    let ru_a = site.read("ru/lessons/a/index.html");
    assert!(ru_a.contains("Эта страница ещё не переведена на язык «Русский». Она показана на языке «English»."));
    assert!(ru_a.contains("lang=\"en\""));
    let ru_b = site.read("ru/lessons/b/index.html");
    assert!(!ru_b.contains("ещё не переведена"), "no notice on a real translation");
    // The canonical URL of a fallback page is the original's.
    assert!(ru_a.contains("rel=\"canonical\" href=\"https://example.org/sub/en/lessons/a/\""));
    // hreflang alternates list real translations only.
    assert!(ru_b.contains("hreflang=\"ru\" href=\"https://example.org/sub/ru/lessons/b/\""));
    assert!(!ru_b.contains("hreflang=\"ky\" href="), "ky has no translation of b");
}

#[test]
fn language_switcher_links_the_same_page_in_each_language() {
    let site = SiteTest::fixture("i18n/translated-page");
    site.build().ok();
    let html = site.read("ru/about/index.html");
    // The current language is marked, not linked; the others link to the same page.
    for href in ["../../en/about/index.html", "../../ky/about/index.html"] {
        assert!(html.contains(&format!("href=\"{href}\"")), "switcher lacks {href}");
    }
}

#[test]
fn russian_plural_forms_in_counts() {
    let mut site = SiteTest::fixture("site/minimal");
    for (section, n) in [("one", 1), ("three", 3), ("five", 5), ("twentyone", 21)] {
        site = site.file(
            &format!("content/{section}/_index.ru.md"),
            &format!("+++\ntitle = \"{section}\"\ntype = \"lesson\"\n+++\n"),
        );
        for i in 0..n {
            site = site.file(&format!("content/{section}/l{i}/index.ru.md"), &lesson(&format!("Урок {i}"), i));
        }
    }
    site.build().ok();
    let counts = [("one", "1 урок"), ("three", "3 урока"), ("five", "5 уроков"), ("twentyone", "21 урок")];
    for (section, text) in counts {
        let html = site.read(&format!("ru/{section}/index.html"));
        assert!(html.contains(text), "ru/{section} lacks `{text}`");
    }
    // Minutes are plural too.
    site.assert_file("ru/five/l0/index.html", &["45 минут"]);
}

#[test]
fn unknown_front_matter_key_names_file_line_and_suggestion() {
    let site = SiteTest::fixture("i18n/fallback")
        .file("content/lessons/a/index.en.md", "+++\ntitle = \"A\"\ndurtion = 45\n+++\n");
    let err = site.build().fails(1);
    assert!(err.contains("content/lessons/a/index.en.md:3:1: unknown key `durtion`"), "{err}");
    assert!(err.contains("did you mean `duration`?"), "{err}");
    assert!(err.contains("3 | durtion = 45"), "source line shown: {err}");
}

#[test]
fn all_errors_are_reported_together() {
    let site = SiteTest::fixture("site/minimal")
        .file("content/a.en.md", "+++\ntitel = \"A\"\n+++\n")
        .file("content/b.en.md", "+++\ntitle = \"B\"\n+++\n[x](@/nowhere)\n")
        .file("content/c.en.md", "no front matter");
    let err = site.build().fails(1);
    assert!(err.contains("content/a.en.md:2:1"), "{err}");
    assert!(err.contains("content/c.en.md:1:1: missing front matter"), "{err}");
    // Link errors come from rendering, after parsing succeeded: fix the others first.
    let site = SiteTest::fixture("site/minimal")
        .file("content/b.en.md", "+++\ntitle = \"B\"\n+++\nText.\n\n[x](@/nowhere) and [y](@/nothere)\n");
    let err = site.build().fails(1);
    assert!(err.contains("content/b.en.md:6:1: broken internal link `@/nowhere`"), "{err}");
    assert!(err.contains("`@/nothere`"), "{err}");
}

#[test]
fn lesson_minutes_that_do_not_add_up_warn_with_the_lesson_name() {
    let site = SiteTest::fixture("site/minimal").file(
        "content/x.en.md",
        "+++\ntitle = \"Contracts\"\ntype = \"lesson\"\nduration = 45\n+++\n## A {minutes=10}\n\n## B {minutes=20}\n",
    );
    let run = site.build().ok();
    assert!(
        run.stderr().contains(
            "warning: content/x.en.md:4:1: lesson \"Contracts\": activities add up to 30 minutes but `duration` is 45"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn failing_build_leaves_previous_output_untouched() {
    let site = SiteTest::fixture("site/minimal").file("content/a.en.md", "+++\ntitle = \"A\"\n+++\nfirst\n");
    site.build().ok();
    let before = tree(&site.out());
    site.write("content/a.en.md", b"+++\ntitle = \"A\"\n+++\n[broken](@/missing)\n");
    site.build().fails(1);
    assert!(tree(&site.out()) == before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("building") || n.to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind: {leftovers:?}");
}

#[test]
fn output_inside_the_sources_is_refused() {
    let site = SiteTest::fixture("site/minimal");
    let err = site.run(&["build", "--output", "content/out"]).fails(2);
    assert!(err.contains("refusing to build into"), "{err}");
    site.run(&["build", "--output", "."]).fails(2);
    assert!(site.root().join("site.toml").exists());
}

#[test]
fn init_output_builds_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    site::run_in(dir.path(), &["init", "new-site"], &[]).ok();
    site::run_in(dir.path(), &["build", "--root", "new-site"], &[]).ok();
    // Untouched, it is clean: `--strict` fails on any warning.
    site::run_in(dir.path(), &["check", "--strict", "--root", "new-site"], &[]).ok();
    let ignore = std::fs::read_to_string(dir.path().join("new-site/.gitignore")).unwrap();
    for line in ["public/", ".chyrak-cache/", "*.zip"] {
        assert!(ignore.lines().any(|l| l == line), "{line} in .gitignore:\n{ignore}");
    }
    let out = dir.path().join("new-site/public");
    for f in [
        "index.html",
        "en/lessons/first-lesson/index.html",
        "ru/lessons/first-lesson/index.html",
        "ru/posters/call-before-you-go/index.html",
        "en/scenarios/the-offer/index.html",
        "sitemap.xml",
        "404.html",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    assert!(broken_links(&out).is_empty());
    // init refuses a folder that is not empty.
    site::run_in(dir.path(), &["init", "new-site"], &[]).fails(2);
}

#[test]
fn usage_errors_exit_2_and_help_has_examples() {
    let site = SiteTest::fixture("site/minimal");
    site.run(&["build", "--no-such-flag"]).fails(2);
    site.run(&["frobnicate"]).fails(2);
    let help = site.run(&["--help"]).ok().stdout();
    assert!(help.contains("Examples:") && help.contains("chyrak init"), "{help}");
    let version = site.run(&["--version"]).ok().stdout();
    assert!(version.starts_with("chyrak "), "{version}");
    let empty = tempfile::tempdir().unwrap();
    let err = site::run_in(empty.path(), &["build"], &[]).fails(2);
    assert!(err.contains("no site.toml"), "{err}");
}

#[test]
fn sitemap_root_chooser_and_404() {
    let site = SiteTest::fixture("i18n/translated-page");
    site.build().ok();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/sub/ru/about/</loc>"), "{sitemap}");
    assert!(sitemap.contains("hreflang=\"en\" href=\"https://example.org/sub/en/about/\""));
    assert!(
        !sitemap.contains("<loc>https://example.org/sub/ky/about/</loc>"),
        "fallback copies stay out of the sitemap"
    );
    let chooser = site.read("index.html");
    for (code, name) in [("en", "English"), ("ru", "Русский"), ("ky", "Кыргызча")] {
        assert!(chooser.contains(&format!("href=\"{code}/index.html\"")), "{code}");
        assert!(chooser.contains(name));
    }
    assert!(!chooser.contains("<script>"), "the chooser works without JavaScript");
    site.assert_file("404.html", &["/sub/en/index.html"]);
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site =
        SiteTest::fixture("site/minimal").file("content/secret.en.md", "+++\ntitle = \"S\"\ndraft = true\n+++\n");
    site.build().ok();
    assert!(!site.has("en/secret/index.html"));
    site.run(&["build", "--drafts"]).ok();
    assert!(site.has("en/secret/index.html"));
}

#[test]
fn bundle_files_are_copied_once_and_linked_relatively() {
    let site = SiteTest::fixture("build/bundle-files");
    site.build().ok();
    assert!(site.has("media/lessons/a/bus.svg"));
    assert!(!site.has("en/lessons/a/bus.svg") && !site.has("ru/lessons/a/bus.svg"), "one copy");
    site.assert_file("ru/lessons/a/index.html", &["src=\"../../../media/lessons/a/bus.svg\""]);
    assert!(broken_links(&site.out()).is_empty());
}

#[test]
fn theme_overrides_one_template_and_keeps_the_rest() {
    let site = SiteTest::fixture("i18n/translated-page").file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">custom {{ page.title }}</p>{% endblock %}",
    );
    site.build().ok();
    site.assert_file(
        "en/about/index.html",
        &["<p id=\"custom\">custom About</p>", "<html lang=\"en\"" /* base.html is still the built-in one */],
    );
}

#[test]
fn template_errors_name_template_and_line() {
    let site = SiteTest::fixture("site/minimal").file("themes/default/templates/page.html", "line one\n{% if %}\n");
    let err = site.build().fails(1);
    assert!(err.contains("page.html"), "{err}");
    assert!(err.contains(":2:"), "line of the error: {err}");
}

#[test]
fn bad_site_toml_names_key_and_line() {
    let site = SiteTest::fixture("site/minimal").edit("site.toml", "fallback = [\"en\"]", "fallbak = [\"en\"]");
    let err = site.build().fails(1);
    assert!(err.contains("site.toml:9:1: unknown key `fallbak`"), "{err}");
    assert!(err.contains("did you mean `fallback`?"), "{err}");
}

#[test]
fn invalid_utf8_and_unknown_language_are_named() {
    let site = SiteTest::fixture("site/minimal")
        .bytes("content/bad.en.md", b"+++\ntitle = \"x\"\n+++\n\xff\xfe")
        .file("content/x.fr.md", "+++\ntitle = \"x\"\n+++\n");
    let err = site.build().fails(1);
    assert!(err.contains("content/bad.en.md:4:1: file is not valid UTF-8"), "{err}");
    assert!(err.contains("content/x.fr.md: `fr` is not a language of this site"), "{err}");
}

#[test]
fn template_rendering_errors_name_template_and_line() {
    let site = SiteTest::fixture("i18n/translated-page").file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title }}</p>\n<p>{{ page.no_such_field }}</p>\n{% endblock %}\n",
    );
    let err = site.build().fails(1);
    assert!(err.contains("themes/default/templates/page.html:4:"), "{err}");
    assert!(err.contains("no_such_field"), "{err}");
}

#[test]
fn the_home_page_shows_the_first_six_items_of_each_section_and_counts_them_all() {
    let site = SiteTest::fixture("lists/long-section");
    site.build().ok();
    let home = site.read("en/index.html");
    assert_eq!(home.matches("class=\"card card-lesson\"").count(), 6, "{home}");
    assert!(home.contains("Lesson number 6<") && !home.contains("Lesson number 7<"), "{home}");
    assert!(home.contains("10 lessons"), "the count is the whole section's: {home}");
}

#[test]
fn a_long_section_lists_its_items_over_numbered_pages() {
    let site = SiteTest::fixture("lists/long-section");
    site.build().ok();
    let problems = broken_links(&site.out());
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let first = site.read("en/lessons/index.html");
    let second = site.read("en/lessons/page/2/index.html");
    let last = site.read("en/lessons/page/3/index.html");
    assert!(!site.out().join("en/lessons/page/4").exists() && !site.out().join("en/news/page").exists());
    let titles = |html: &str| (1..=10).filter(|n| html.contains(&format!("Lesson number {n}<"))).collect::<Vec<_>>();
    assert_eq!((titles(&first), titles(&second), titles(&last)), ((1..=4).collect(), (5..=8).collect(), vec![9, 10]));
    // Every page counts the whole list and says where it is; the introduction is on
    // the first only, and numbering goes on from page to page.
    for html in [&first, &second, &last] {
        assert!(html.contains("10 lessons"), "{html}");
    }
    assert!(second.contains("<title>Lessons (Page 2 of 3) — Test site</title>"), "{second}");
    assert!(first.contains("About these lessons") && !second.contains("About these lessons"));
    assert!(second.contains(r#"<ol class="item-list" start="5">"#), "{second}");
    // The pager: previous and next with rel, the current page marked.
    assert!(!first.contains("rel=\"prev\"") && first.contains(r#"href="page/2/index.html" rel="next""#), "{first}");
    assert!(second.contains(r#"href="../../index.html" rel="prev""#), "{second}");
    assert!(second.contains(r#"href="../3/index.html" rel="next""#), "{second}");
    assert!(second.contains(r#"aria-current="page" aria-label="Page 2 of 3">2</a>"#), "{second}");
    assert!(!last.contains("rel=\"next\""));
    // A later page is its own canonical page, in no other language, and not in the
    // sitemap; it is kept for offline reading like every page.
    assert!(second.contains(r#"<link rel="canonical" href="https://example.org/sub/en/lessons/page/2/">"#));
    assert!(first.contains(r#"<link rel="alternate" hreflang="en""#), "{first}");
    assert!(!second.contains(r#"<link rel="alternate" hreflang"#), "{second}");
    assert!(!site.read("sitemap.xml").contains("page/2"));
    site.assert_file("en/precache.json", &["lessons/page/2/"]);
    // Fallback languages show the same items, so they have the same pages.
    site.assert_file("ky/lessons/page/3/index.html", &["Lesson number 10"]);
}

#[test]
fn per_page_zero_lists_every_item_on_one_page() {
    let mut site = SiteTest::fixture("site/minimal")
        .append("site.toml", "[sections]\nper_page = 0\n")
        .file("content/lessons/_index.en.md", "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n");
    for n in 1..=60 {
        site = site.file(&format!("content/lessons/l{n:02}/index.en.md"), &lesson(&format!("Lesson number {n}"), n));
    }
    site.build().ok();
    let html = site.read("en/lessons/index.html");
    assert!(html.contains("Lesson number 1<") && html.contains("Lesson number 60<"));
    assert!(!html.contains("list-pager") && !site.out().join("en/lessons/page").exists());
}

#[test]
fn topics_have_their_own_pages_and_the_search_page_previews_them() {
    let site = SiteTest::fixture("lists/topics");
    site.build().ok();
    let problems = broken_links(&site.out());
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The search page: each topic once (case does not make a new one), with its count,
    // its first five lessons and a link to all of them.
    let search = site.read("en/search/index.html");
    assert!(
        search.contains(
            r#"<a href="../topics/contracts/index.html">contracts</a> <span class="topic-count">(7 lessons)</span>"#
        ),
        "{search}"
    );
    assert!(search.contains(r#"<a href="../topics/work-abroad/index.html">Work abroad</a>"#), "{search}");
    let contracts = &search[search.find("topics/contracts/").unwrap()..search.find("topics/work-abroad/").unwrap()];
    assert_eq!(contracts.matches("<dd><a href=\"../lessons/").count(), 5, "{contracts}");
    assert!(contracts.contains("All lessons on this topic"), "{contracts}");

    // The topic's own pages list every lesson, four to a page.
    let first = site.read("en/topics/contracts/index.html");
    let second = site.read("en/topics/contracts/page/2/index.html");
    assert!(first.contains("<h1>contracts</h1>") && first.contains("7 lessons"), "{first}");
    assert!(first.contains("Lesson number 4<") && !first.contains("Lesson number 5<"));
    assert!(second.contains("Lesson number 7<") && second.contains(r#"start="5""#), "{second}");
    assert!(second.contains(r#"href="../../index.html" rel="prev""#), "{second}");
    // Other languages have their own topics: the switcher leads to their search pages.
    assert!(first.contains(r#"href="../../../ru/search/index.html""#), "{first}");
    // Kept for offline reading; a fallback language lists the lessons it shows.
    site.assert_file("en/precache.json", &["topics/contracts/page/2/"]);
    site.assert_file("ky/topics/contracts/index.html", &["Lesson number 1<"]);
}

/// The whole `<main>` of a lesson page: activities with their minutes, objectives,
/// materials, a handout box, a table, a footnote, an internal link, a contact and a
/// responsive image. The library rewrite must keep it byte for byte.
#[test]
fn snapshot_lesson_page_main() {
    let site = SiteTest::fixture("render/lesson");
    site.build().ok();
    insta::assert_snapshot!("lesson_main_en", element(&site.read("en/lessons/contracts/index.html"), "main"));
    insta::assert_snapshot!("lesson_main_ru_fallback", element(&site.read("ru/lessons/contracts/index.html"), "main"));
}

/// The service worker, the preview's scripts and the poster board are theme files a
/// site's theme replaces like any other; `base.html`'s blocks can be replaced one at a
/// time.
#[test]
fn theme_scripts_and_layout_blocks_are_overridable() {
    let site = SiteTest::fixture("site/minimal")
        .file("themes/default/scripts/sw.js", "/* my own worker */\n")
        .file(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block footer %}<footer class=\"mine\">Ours</footer>{% endblock footer %}\
             {% block content %}<h1>{{ page.title }}</h1>{% endblock content %}",
        )
        .file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nText.\n");
    site.build().ok();
    let sw = site.read("sw.js");
    assert!(
        sw.starts_with("/* chyrak service worker ")
            && sw.contains("var SITE = ")
            && sw.ends_with("/* my own worker */\n"),
        "{sw}"
    );
    let about = site.read("en/about/index.html");
    assert!(about.contains("<footer class=\"mine\">Ours</footer>") && !about.contains("site-footer"), "{about}");
    assert!(about.contains("class=\"site-header\""), "the other blocks stay");
}
