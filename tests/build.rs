//! Building sites end to end with the real binary: the sample site, fixture sites
//! written by each test, and what a failing build must leave behind.

mod common;
use common::*;

fn lesson(title: &str, order: u32) -> String {
    format!(
        "+++\ntitle = \"{title}\"\norder = {order}\nduration = 45\nage = [14, 18]\n+++\n## Warm-up {{minutes=10}}\n\nx\n\n## Talk {{minutes=35}}\n\ny\n"
    )
}

#[test]
fn sample_site_builds_and_every_relative_link_resolves() {
    let site = SiteTest::sample();
    let run = site.build().ok();
    assert!(!run.stderr().contains("error"), "{}", run.stderr());
    let problems = broken_links(&site.out());
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
    for lang in ["en", "ru", "ky"] {
        for page in ["index.html", "lessons/index.html", "scenarios/index.html", "posters/index.html"] {
            assert!(site.out().join(lang).join(page).is_file(), "{lang}/{page}");
        }
    }
    assert!(site.read("en/lessons/index.html").contains(&format!("{} lessons", 8)));
    assert!(site.read("ru/lessons/index.html").contains("8 уроков"));
    // Every lesson exists in every language, translated or by fallback.
    let lessons = std::fs::read_dir(site.root().join("content/lessons"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(lessons >= 8, "sample has {lessons} lessons");
    for lang in ["en", "ru", "ky"] {
        let n = std::fs::read_dir(site.out().join(lang).join("lessons"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count();
        assert_eq!(n, lessons, "{lang}");
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
fn fallback_pages_say_so_and_carry_the_real_language() {
    let site = SiteTest::new()
        .file("content/lessons/_index.en.md", "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n")
        .file("content/lessons/_index.ru.md", "+++\ntitle = \"Уроки\"\ntype = \"lesson\"\n+++\n")
        .file("content/lessons/a/index.en.md", &lesson("Only English", 1))
        .file("content/lessons/b/index.en.md", &lesson("English B", 2))
        .file("content/lessons/b/index.ru.md", &lesson("Русский Б", 2));
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
    let site = SiteTest::new()
        .file("content/about.en.md", "+++\ntitle = \"About\"\n+++\n")
        .file("content/about.ru.md", "+++\ntitle = \"О нас\"\n+++\n");
    site.build().ok();
    let html = site.read("ru/about/index.html");
    // The current language is marked, not linked; the others link to the same page.
    for href in ["../../en/about/index.html", "../../ky/about/index.html"] {
        assert!(html.contains(&format!("href=\"{href}\"")), "switcher lacks {href}");
    }
}

#[test]
fn russian_plural_forms_in_counts() {
    let mut site = SiteTest::new();
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
    assert!(site.read("ru/five/l0/index.html").contains("45 минут"));
}

#[test]
fn unknown_front_matter_key_names_file_line_and_suggestion() {
    let site = SiteTest::new()
        .file("content/lessons/_index.en.md", "+++\ntitle = \"L\"\ntype = \"lesson\"\n+++\n")
        .file("content/lessons/a/index.en.md", "+++\ntitle = \"A\"\ndurtion = 45\n+++\n");
    let err = site.build().fails(1);
    assert!(err.contains("content/lessons/a/index.en.md:3:1: unknown key `durtion`"), "{err}");
    assert!(err.contains("did you mean `duration`?"), "{err}");
    assert!(err.contains("3 | durtion = 45"), "source line shown: {err}");
}

#[test]
fn all_errors_are_reported_together() {
    let site = SiteTest::new()
        .file("content/a.en.md", "+++\ntitel = \"A\"\n+++\n")
        .file("content/b.en.md", "+++\ntitle = \"B\"\n+++\n[x](@/nowhere)\n")
        .file("content/c.en.md", "no front matter");
    let err = site.build().fails(1);
    assert!(err.contains("content/a.en.md:2:1"), "{err}");
    assert!(err.contains("content/c.en.md:1:1: missing front matter"), "{err}");
    // Link errors come from rendering, after parsing succeeded: fix the others first.
    let site = SiteTest::new()
        .file("content/b.en.md", "+++\ntitle = \"B\"\n+++\nText.\n\n[x](@/nowhere) and [y](@/nothere)\n");
    let err = site.build().fails(1);
    assert!(err.contains("content/b.en.md:6:1: broken internal link `@/nowhere`"), "{err}");
    assert!(err.contains("`@/nothere`"), "{err}");
}

#[test]
fn lesson_minutes_that_do_not_add_up_warn_with_the_lesson_name() {
    let site = SiteTest::new().file(
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
    let site = SiteTest::new().file("content/a.en.md", "+++\ntitle = \"A\"\n+++\nfirst\n");
    site.build().ok();
    let before = site.read("en/a/index.html");
    site.write("content/a.en.md", b"+++\ntitle = \"A\"\n+++\n[broken](@/missing)\n");
    site.build().fails(1);
    assert_eq!(site.read("en/a/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("building"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind: {leftovers:?}");
}

#[test]
fn output_inside_the_sources_is_refused() {
    let site = SiteTest::new();
    let err = site.run(&["build", "--output", "content/out"]).fails(2);
    assert!(err.contains("refusing to build into"), "{err}");
    site.run(&["build", "--output", "."]).fails(2);
    assert!(site.root().join("site.toml").exists());
}

#[test]
fn init_output_builds_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_chyrak");
    let st = std::process::Command::new(bin).args(["init", "new-site"]).current_dir(dir.path()).status().unwrap();
    assert!(st.success());
    let out =
        std::process::Command::new(bin).args(["build", "--root", "new-site"]).current_dir(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let root = dir.path().join("new-site");
    for f in [
        "index.html",
        "en/lessons/first-lesson/index.html",
        "ru/lessons/first-lesson/index.html",
        "ru/posters/call-before-you-go/index.html",
        "en/scenarios/the-offer/index.html",
        "sitemap.xml",
        "404.html",
    ] {
        assert!(root.join("public").join(f).is_file(), "{f}");
    }
    assert!(broken_links(&root.join("public")).is_empty());
    // init refuses a folder that is not empty.
    let st = std::process::Command::new(bin).args(["init", "new-site"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(st.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2_and_help_has_examples() {
    let site = SiteTest::new();
    site.run(&["build", "--no-such-flag"]).fails(2);
    site.run(&["frobnicate"]).fails(2);
    let help = site.run(&["--help"]).ok().stdout();
    assert!(help.contains("Examples:") && help.contains("chyrak init"), "{help}");
    let version = site.run(&["--version"]).ok().stdout();
    assert!(version.starts_with("chyrak "), "{version}");
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .arg("build")
        .current_dir(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no site.toml"));
}

#[test]
fn sitemap_root_chooser_and_404() {
    let site = SiteTest::new()
        .file("content/about.en.md", "+++\ntitle = \"About\"\n+++\n")
        .file("content/about.ru.md", "+++\ntitle = \"О нас\"\n+++\n");
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
    let not_found = site.read("404.html");
    assert!(not_found.contains("/sub/en/index.html"), "404 links start at the site's path");
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = SiteTest::new().file("content/secret.en.md", "+++\ntitle = \"S\"\ndraft = true\n+++\n");
    site.build().ok();
    assert!(!site.out().join("en/secret/index.html").exists());
    site.run(&["build", "--drafts"]).ok();
    assert!(site.out().join("en/secret/index.html").exists());
}

#[test]
fn bundle_files_are_copied_once_and_linked_relatively() {
    let site = SiteTest::new()
        .file("content/lessons/a/index.en.md", "+++\ntitle = \"A\"\n+++\n![A bus station at dawn](bus.svg)\n")
        .file("content/lessons/a/index.ru.md", "+++\ntitle = \"А\"\n+++\n![Автовокзал на рассвете](bus.svg)\n")
        .file("content/lessons/a/bus.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.build().ok();
    assert!(site.out().join("media/lessons/a/bus.svg").is_file());
    assert!(site.read("ru/lessons/a/index.html").contains("src=\"../../../media/lessons/a/bus.svg\""));
    assert!(broken_links(&site.out()).is_empty());
}

#[test]
fn theme_overrides_one_template_and_keeps_the_rest() {
    let site = SiteTest::new().file("content/about.en.md", "+++\ntitle = \"About\"\n+++\n").file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">custom {{ page.title }}</p>{% endblock %}",
    );
    site.build().ok();
    let html = site.read("en/about/index.html");
    assert!(html.contains("<p id=\"custom\">custom About</p>"), "{html}");
    assert!(html.contains("<html lang=\"en\""), "base.html still the built-in one");
}

#[test]
fn template_errors_name_template_and_line() {
    let site = SiteTest::new().file("themes/default/templates/page.html", "line one\n{% if %}\n");
    let err = site.build().fails(1);
    assert!(err.contains("page.html"), "{err}");
    assert!(err.contains(":2:"), "line of the error: {err}");
}

#[test]
fn bad_site_toml_names_key_and_line() {
    let site = SiteTest::new().file("site.toml", &SITE_TOML.replace("fallback = [\"en\"]", "fallbak = [\"en\"]"));
    let err = site.build().fails(1);
    assert!(err.contains("site.toml:9:1: unknown key `fallbak`"), "{err}");
    assert!(err.contains("did you mean `fallback`?"), "{err}");
}

#[test]
fn invalid_utf8_and_unknown_language_are_named() {
    let site = SiteTest::new();
    site.write("content/bad.en.md", b"+++\ntitle = \"x\"\n+++\n\xff\xfe");
    site.write("content/x.fr.md", b"+++\ntitle = \"x\"\n+++\n");
    let err = site.build().fails(1);
    assert!(err.contains("content/bad.en.md:4:1: file is not valid UTF-8"), "{err}");
    assert!(err.contains("content/x.fr.md: `fr` is not a language of this site"), "{err}");
}

#[test]
fn template_rendering_errors_name_template_and_line() {
    let site = SiteTest::new().file("content/about.en.md", "+++\ntitle = \"About\"\n+++\n").file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title }}</p>\n<p>{{ page.no_such_field }}</p>\n{% endblock %}\n",
    );
    let err = site.build().fails(1);
    assert!(err.contains("themes/default/templates/page.html:4:"), "{err}");
    assert!(err.contains("no_such_field"), "{err}");
}

#[test]
fn the_home_page_shows_the_first_six_items_of_each_section_and_counts_them_all() {
    let mut site =
        SiteTest::new().file("content/lessons/_index.en.md", "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n");
    for n in 1..=9 {
        site = site.file(&format!("content/lessons/l{n}/index.en.md"), &lesson(&format!("Lesson number {n}"), n));
    }
    site.build().ok();
    let home = site.read("en/index.html");
    assert_eq!(home.matches("class=\"card card-lesson\"").count(), 6, "{home}");
    assert!(home.contains("Lesson number 6") && !home.contains("Lesson number 7"));
    assert!(home.contains("9 lessons"), "the count is the whole section's: {home}");
    let section = site.read("en/lessons/index.html");
    assert!(section.contains("Lesson number 9"), "the section page lists them all");
}

#[test]
fn a_long_section_lists_its_items_over_numbered_pages() {
    let mut site = SiteTest::new()
        .file("site.toml", &format!("{SITE_TOML}[sections]\nper_page = 4\n"))
        .file(
            "content/lessons/_index.en.md",
            "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\nAbout these lessons.\n",
        )
        .file("content/news/_index.en.md", "+++\ntitle = \"News\"\n+++\n")
        .file("content/news/n1/index.en.md", "+++\ntitle = \"Only news\"\n+++\nx\n");
    for n in 1..=10 {
        site = site.file(&format!("content/lessons/l{n:02}/index.en.md"), &lesson(&format!("Lesson number {n}"), n));
    }
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
    assert!(site.read("en/precache.json").contains("lessons/page/2/"), "{}", site.read("en/precache.json"));
    // Fallback languages show the same items, so they have the same pages.
    assert!(site.read("ky/lessons/page/3/index.html").contains("Lesson number 10"));
}

#[test]
fn per_page_zero_lists_every_item_on_one_page() {
    let mut site = SiteTest::new()
        .file("site.toml", &format!("{SITE_TOML}[sections]\nper_page = 0\n"))
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
    let mut site = SiteTest::new()
        .file("site.toml", &format!("{SITE_TOML}[sections]\nper_page = 4\n"))
        .file("content/lessons/_index.en.md", "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n");
    for n in 1..=7 {
        let topics = if n == 7 { "[\"Contracts\", \"Work abroad\"]" } else { "[\"contracts\"]" };
        site = site.file(
            &format!("content/lessons/l{n}/index.en.md"),
            &lesson(&format!("Lesson number {n}"), n).replacen("+++\n", &format!("+++\ntopics = {topics}\n"), 1),
        );
    }
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
    assert!(site.read("en/precache.json").contains("topics/contracts/page/2/"));
    assert!(site.read("ky/topics/contracts/index.html").contains("Lesson number 1<"));
}
