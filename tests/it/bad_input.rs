//! Bad sites and bad files. Each case spoils a good site that was built before, then
//! runs both `chyrak build` and `chyrak check --format json` and holds them to the
//! project's rule: **`build` fails exactly when `check` reports an error** (build
//! exit 1 ⇔ check exit 1 with at least one error; both 0 otherwise), both name the
//! file at fault, nothing panics or hangs, and the previous output is untouched.
//! Usage errors (no `site.toml`, a refused output folder) are about the command line,
//! not the site: they exit 2.

use crate::support::images::{half_a_jpeg, png_header};
use crate::support::site::{CheckJson, copy_tree, fixtures, run_in};
use crate::support::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const LESSON: &str = "+++\ntitle = \"A\"\nduration = 10\n+++\n## Warm-up {minutes=10}\n\nText.\n";

/// A copy of the `bad_input/good` fixture with its output: a home page, a lesson
/// section with one lesson, and a poster. It is built once per test process (in the
/// target folder) and copied for each case.
fn good() -> SiteTest {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        // Copies left by earlier test processes that have ended.
        for e in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("bad-input-good-") {
                if !PathBuf::from(format!("/proc/{pid}")).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = tmp.join(format!("bad-input-good-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_tree(&fixtures().join("bad_input/good"), &dir);
        run_in(&dir, &["build"], &[]).ok();
        dir
    });
    SiteTest::copy_of(dir)
}

/// What `build` and `check` said about a spoilt site.
struct Verdict {
    site: SiteTest,
    before: BTreeMap<String, Vec<u8>>,
    build: Run,
    check: Run,
}

/// Spoils a copy of the good site with `spoil`, then builds and checks it.
fn bad(spoil: impl FnOnce(&SiteTest)) -> Verdict {
    let site = good();
    let before = tree(&site.out());
    assert!(before.contains_key("en/index.html"));
    spoil(&site);
    let build = site.build();
    let check = site.run(&["check", "--format", "json"]);
    Verdict { site, before, build, check }
}

/// The output and no staging folder left behind: as before the spoilt run.
fn assert_untouched(site: &SiteTest, before: &BTreeMap<String, Vec<u8>>) {
    assert!(tree(&site.out()) == *before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

impl Verdict {
    /// A content error: build exits 1 and check exits 1 with an error, both naming
    /// `named` (`path`, `path:line` or `path:line:column`, or a word of the message);
    /// the old output is untouched. Returns what build printed.
    fn rejected(self, named: &str) -> String {
        let Verdict { site, before, build, check } = self;
        let text = build.text();
        let check = CheckJson::from_run(check);
        let report = check.messages().join("\n");
        assert_eq!(
            (build.code(), check.run.code()),
            (1, 1),
            "build must fail exactly when check reports an error\nbuild:\n{text}\ncheck:\n{report}"
        );
        assert!(check.errors() > 0, "check failed without an error:\n{report}");
        assert!(text.contains(named), "build does not name `{named}`:\n{text}");
        assert!(check.has(named), "check does not name `{named}`:\n{report}");
        assert_untouched(&site, &before);
        text
    }

    /// A file that cannot be read: build and check both exit 1 naming `named`, check
    /// with a plain message instead of its JSON report; the old output is untouched.
    fn unreadable(self, named: &str) {
        for (what, run) in [("build", &self.build), ("check", &self.check)] {
            assert_eq!(run.code(), 1, "{what}: expected exit 1:\n{}", run.text());
            assert!(run.text().contains(named), "{what} does not name `{named}`:\n{}", run.text());
        }
        assert_untouched(&self.site, &self.before);
    }

    /// No content error: build and check both succeed, check without an error.
    fn accepted(self) -> SiteTest {
        let check = CheckJson::from_run(self.check);
        let report = check.messages().join("\n");
        assert_eq!(
            (self.build.code(), check.run.code(), check.errors()),
            (0, 0, 0),
            "build must fail exactly when check reports an error\nbuild:\n{}\ncheck:\n{report}",
            self.build.text()
        );
        self.site
    }

    /// Misuse of the command: both exit 2 naming `named`; the old output is untouched.
    fn usage(self, named: &str) {
        for (what, run) in [("build", &self.build), ("check", &self.check)] {
            assert_eq!(run.code(), 2, "{what}: expected exit 2:\n{}", run.text());
            assert!(run.text().contains(named), "{what} does not name `{named}`:\n{}", run.text());
        }
        assert_untouched(&self.site, &self.before);
    }
}

// ---- site.toml ----

#[test]
fn site_toml_malformed() {
    let text = bad(|s| s.replace("site.toml", "name = \"English\"", "name = \"English")).rejected("site.toml:5:16");
    assert!(text.contains('^'), "{text}");
}

#[test]
fn site_toml_wrong_type() {
    bad(|s| s.replace("site.toml", "title = \"Test site\"", "title = 5")).rejected("site.toml:1:");
}

#[test]
fn site_toml_unknown_key_suggests() {
    let text = bad(|s| s.replace("site.toml", "base_url", "base_ulr")).rejected("site.toml");
    assert!(text.contains("did you mean `base_url`?"), "{text}");
}

#[test]
fn fallback_cycle() {
    let text = bad(|s| s.replace("site.toml", "fallback = [\"en\"]", "fallback = [\"ky\"]")).rejected("site.toml");
    assert!(text.contains("fallback cycle: ru → ky → ru"), "{text}");
}

#[test]
fn fallback_to_unknown_language() {
    let text = bad(|s| s.replace("site.toml", "fallback = [\"en\"]", "fallback = [\"eng\"]")).rejected("site.toml");
    assert!(text.contains("did you mean `en`?"), "{text}");
}

#[test]
fn site_toml_is_not_utf8() {
    // Both fail naming the file; `check --format json` prints a plain message here, not
    // the JSON report (the file cannot be read as text at all).
    bad(|s| s.write("site.toml", b"title = \"\xff\xfe\"\n")).unreadable("site.toml");
}

#[test]
fn logo_outside_the_site() {
    let text = bad(|s| {
        s.replace("site.toml", "title = ", "logo = \"../../etc/passwd\"\ntitle = ");
    })
    .rejected("site.toml");
    assert!(text.contains("inside the site's folder"), "{text}");
}

#[test]
fn logo_is_a_decompression_bomb() {
    bad(|s| {
        s.write("assets/bomb.png", &png_header(50_000, 50_000));
        s.replace("site.toml", "title = ", "logo = \"assets/bomb.png\"\ntitle = ");
    })
    .rejected("assets/bomb.png");
}

#[test]
fn logo_is_a_truncated_jpeg() {
    bad(|s| {
        s.write("assets/cut.jpg", &half_a_jpeg());
        s.replace("site.toml", "title = ", "logo = \"assets/cut.jpg\"\ntitle = ");
    })
    .rejected("assets/cut.jpg");
}

// ---- front matter and files ----

#[test]
fn front_matter_malformed_toml() {
    bad(|s| s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\nduration = 10\n+++\n"))
        .rejected("content/lessons/a/index.en.md:2:");
}

#[test]
fn front_matter_unterminated() {
    let text = bad(|s| s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\n\n## Body\n"))
        .rejected("content/lessons/a/index.en.md");
    assert!(text.contains("not closed"), "{text}");
}

#[test]
fn front_matter_wrong_type() {
    let text = bad(|s| s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\nduration = \"forty\"\n+++\n"))
        .rejected("content/lessons/a/index.en.md:3:");
    assert!(text.contains(" 3 | duration = \"forty\""), "{text}");
}

#[test]
fn front_matter_unknown_key() {
    let text = bad(|s| s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\ndurtion = 10\n+++\n"))
        .rejected("content/lessons/a/index.en.md:3:1");
    assert!(text.contains("did you mean `duration`?"), "{text}");
}

#[test]
fn front_matter_key_of_another_type() {
    bad(|s| s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\nheadline = \"Big\"\n+++\n"))
        .rejected("content/lessons/a/index.en.md:3:1");
}

#[test]
fn unknown_content_type() {
    bad(|s| s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\ntype = \"lessen\"\n+++\n"))
        .rejected("content/lessons/a/index.en.md");
}

#[test]
fn missing_title() {
    bad(|s| s.write("content/lessons/a/index.en.md", b"+++\norder = 1\n+++\n"))
        .rejected("content/lessons/a/index.en.md");
}

#[test]
fn invalid_utf8() {
    let text = bad(|s| s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\n+++\n\nBad \xc3\x28 byte\n"))
        .rejected("content/lessons/a/index.en.md:5:");
    assert!(text.contains("UTF-8"), "{text}");
}

#[test]
fn binary_file_named_md() {
    bad(|s| s.write("content/lessons/b/index.en.md", &png_header(10, 10))).rejected("content/lessons/b/index.en.md");
}

#[test]
fn empty_file() {
    let text = bad(|s| s.write("content/lessons/b/index.en.md", b"")).rejected("content/lessons/b/index.en.md:1:1");
    assert!(text.contains("missing front matter"), "{text}");
}

#[test]
fn nul_bytes_only() {
    bad(|s| s.write("content/lessons/b/index.en.md", &[0u8; 4096])).rejected("content/lessons/b/index.en.md");
}

#[test]
fn huge_markdown_file_is_refused_quickly() {
    bad(|s| {
        std::fs::create_dir_all(s.root().join("content/lessons/b")).unwrap();
        let f = std::fs::File::create(s.root().join("content/lessons/b/index.en.md")).unwrap();
        f.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB without writing them
    })
    .rejected("content/lessons/b/index.en.md");
}

#[test]
fn language_missing_from_site_toml() {
    let text =
        bad(|s| s.write("content/lessons/a/index.fr.md", LESSON.as_bytes())).rejected("content/lessons/a/index.fr.md");
    assert!(text.contains("not a language of this site"), "{text}");
}

#[test]
fn markdown_without_language_code() {
    bad(|s| s.write("content/notes.md", b"+++\ntitle = \"N\"\n+++\n")).rejected("content/notes.md");
}

#[test]
fn two_items_with_the_same_slug() {
    let text = bad(|s| s.write("content/lessons/a.en.md", LESSON.as_bytes())).rejected("content/lessons/a.en.md");
    assert!(text.contains("duplicate page"), "{text}");
}

#[test]
fn broken_internal_link() {
    let text = bad(|s| s.write("content/lessons/a/index.en.md", format!("{LESSON}\n[x](@/lessons/b)\n").as_bytes()))
        .rejected("content/lessons/a/index.en.md:9:1");
    assert!(text.contains("broken internal link `@/lessons/b`"), "{text}");
}

#[test]
fn minutes_not_a_number() {
    bad(|s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\nduration = 10\n+++\n## Warm-up {minutes=ten}\n")
    })
    .rejected("content/lessons/a/index.en.md:5:");
}

#[test]
fn poster_with_an_unknown_size() {
    let text = bad(|s| s.replace("content/posters/p/index.en.md", "sizes = [\"A4\"]", "sizes = [\"B7\"]"))
        .rejected("content/posters/p/index.en.md:5:1");
    assert!(text.contains("unknown poster size `B7`"), "{text}");
}

#[test]
fn poster_with_unknown_contact() {
    bad(|s| s.replace("content/posters/p/index.en.md", "sizes = [\"A4\"]", "contact = \"nobody\""))
        .rejected("content/posters/p/index.en.md");
}

// ---- what only `check` found before the one-model rewrite (issue 12): `build` fails
// on these too now, since both run the same load, checks and render. ----

#[test]
fn broken_anchor_to_another_page() {
    let text =
        bad(|s| s.write("content/lessons/a/index.en.md", format!("{LESSON}\n[x](@/lessons/a#nope)\n").as_bytes()))
            .rejected("content/lessons/a/index.en.md:9:1");
    assert!(text.contains("`@/lessons/a#nope`"), "{text}");
}

#[test]
fn broken_anchor_on_the_same_page() {
    bad(|s| s.write("content/lessons/a/index.en.md", format!("{LESSON}\n[x](#nope)\n").as_bytes()))
        .rejected("content/lessons/a/index.en.md:9:1");
}

#[test]
fn markdown_link_to_a_missing_bundle_file() {
    let text = bad(|s| s.write("content/lessons/a/index.en.md", format!("{LESSON}\n[form](form.pdf)\n").as_bytes()))
        .rejected("content/lessons/a/index.en.md:9:1");
    assert!(text.contains("form.pdf"), "{text}");
}

#[test]
fn markdown_image_of_a_missing_bundle_file() {
    bad(|s| s.write("content/lessons/a/index.en.md", format!("{LESSON}\n![A map](map.png)\n").as_bytes()))
        .rejected("content/lessons/a/index.en.md:9:1");
}

#[test]
fn heading_id_set_twice() {
    bad(|s| s.write("content/lessons/a/index.en.md", format!("{LESSON}\n## One {{#x}}\n\n## Two {{#x}}\n").as_bytes()))
        .rejected("content/lessons/a/index.en.md:11:1");
}

#[test]
fn slugs_that_differ_only_in_capitals() {
    let text = bad(|s| s.write("content/lessons/A/index.en.md", LESSON.as_bytes())).rejected("content/lessons/");
    assert!(text.contains("differ only in capitals"), "{text}");
}

/// A poster like the good one, with `image` (and its description) added.
fn poster_with_image(image: &str) -> String {
    format!(
        "+++\ntitle = \"P\"\ntype = \"poster\"\nheadline = \"Call\"\nimage = \"{image}\"\nimage_alt = \"x\"\nsizes = [\"A4\"]\n+++\n"
    )
}

#[test]
fn poster_image_missing() {
    bad(|s| s.write("content/posters/p/index.en.md", poster_with_image("photo.png").as_bytes()))
        .rejected("content/posters/p/index.en.md:5:1");
}

#[test]
fn poster_image_outside_the_bundle() {
    let text =
        bad(|s| s.write("content/posters/p/index.en.md", poster_with_image("../../lessons/a/index.en.md").as_bytes()))
            .rejected("content/posters/p/index.en.md:5:1");
    assert!(text.contains("missing file"), "{text}");
}

#[test]
fn poster_image_that_cannot_be_read() {
    bad(|s| {
        s.write("content/posters/p/index.en.md", poster_with_image("photo.svg").as_bytes());
        s.write("content/posters/p/photo.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    })
    .rejected("content/posters/p/index.en.md:5:1");
}

// ---- templates ----

#[test]
fn template_syntax_error() {
    let text = bad(|s| {
        s.write(
            "themes/default/templates/page.html",
            b"{% extends \"base.html\" %}\n{% block content %}{{ page.title }\n{% endblock %}\n",
        )
    })
    .rejected("themes/default/templates/page.html");
    assert!(text.contains("template error"), "{text}");
}

#[test]
fn handbook_template_without_the_lessons() {
    let text = bad(|s| {
        s.write(
            "themes/default/templates/print/handbook.html",
            b"{% extends \"print/base.html\" %}{% block body %}<h1>{{ site.title }}</h1>{% endblock body %}",
        )
    })
    .rejected("print/handbook.html");
    assert!(text.contains("lesson_articles"), "{text}");
}

#[test]
fn template_with_unknown_function() {
    bad(|s| {
        s.write(
            "themes/default/templates/lesson.html",
            b"{% extends \"base.html\" %}{% block content %}{{ translate(key=\"x\") }}{% endblock %}",
        )
    })
    .rejected("lesson.html");
}

#[test]
fn template_recursive_macro_is_refused() {
    let text = bad(|s| {
        s.write("themes/default/templates/macros.html", b"{% macro forever(n) %}{{ self::forever(n=n + 1) }}{% endmacro %}");
        s.write(
            "themes/default/templates/lesson.html",
            b"{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block content %}{{ m::forever(n=1) }}{% endblock %}",
        )
    })
    .rejected("themes/default/templates/macros.html");
    assert!(text.contains("macro recursion"), "{text}");
}

#[test]
fn template_include_cycle_is_refused() {
    let text = bad(|s| {
        s.write("themes/default/templates/a.html", b"{% include \"b.html\" %}");
        s.write("themes/default/templates/b.html", b"{% include \"a.html\" %}");
    })
    .rejected("themes/default/templates/");
    assert!(text.contains("include cycle"), "{text}");
}

#[test]
fn template_huge_loop_is_refused() {
    let text = bad(|s| {
        s.write(
            "themes/default/templates/lesson.html",
            b"{% extends \"base.html\" %}{% block content %}{% for i in range(end=100000000000) %}{% for j in range(end=100000000000) %}.{% endfor %}{% endfor %}{% endblock %}",
        )
    })
    .rejected("range()");
    assert!(text.contains("at most 10000"), "{text}");
}

#[test]
fn template_extends_itself() {
    bad(|s| s.write("themes/default/templates/page.html", b"{% extends \"page.html\" %}")).rejected("page.html");
}

// ---- files, folders, symlinks ----

#[test]
fn output_folder_inside_content_is_refused() {
    let site = good();
    let before = tree(&site.out());
    let err = site.run(&["build", "--output", "content/out"]).fails(2);
    assert!(err.contains("refusing to build into"), "{err}");
    assert!(!site.root().join("content/out").exists());
    site.run(&["build", "--output", "."]).fails(2);
    assert!(tree(&site.out()) == before);
    // The site itself is fine.
    site.check_json(&[]).ok();
}

#[test]
fn symlink_loop_does_not_hang() {
    bad(|s| {
        std::os::unix::fs::symlink("..", s.root().join("content/lessons/loop")).unwrap();
        std::os::unix::fs::symlink("loop2", s.root().join("content/lessons/a/loop1")).unwrap();
        std::os::unix::fs::symlink("loop1", s.root().join("content/lessons/a/loop2")).unwrap();
    })
    .accepted();
}

#[test]
fn symlink_out_of_the_site_is_not_followed() {
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("secret.txt"), "SECRET-CONTENT").unwrap();
    std::fs::write(secret.path().join("page.en.md"), "+++\ntitle = \"SECRET-PAGE\"\n+++\n").unwrap();
    let site = bad(|s| {
        let link = |from: PathBuf, to: &str| std::os::unix::fs::symlink(from, s.root().join(to)).unwrap();
        link(secret.path().join("secret.txt"), "content/lessons/a/secret.txt");
        link(secret.path().join("page.en.md"), "content/stolen.en.md");
        link(secret.path().to_owned(), "content/outside");
    })
    .accepted();
    for (path, bytes) in tree(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("SECRET-CONTENT") && !text.contains("SECRET-PAGE"), "{path} holds outside content");
    }
    // An assets/ folder that is a link out of the site is refused (walkdir would follow it).
    let text = bad(|s| std::os::unix::fs::symlink(secret.path(), s.root().join("assets")).unwrap()).rejected("assets");
    assert!(text.contains("outside the site"), "{text}");
}

#[test]
fn dotdot_in_poster_image_never_reaches_the_output() {
    let verdict =
        bad(|s| s.write("content/posters/p/index.en.md", poster_with_image("../../../../../etc/passwd").as_bytes()));
    let check = CheckJson::from_run(verdict.check);
    check.assert_has("error: content/posters/p/index.en.md:5:1: missing file `../../../../../etc/passwd`");
    let leaked = tree(&verdict.site.out()).into_iter().find(|(_, b)| String::from_utf8_lossy(b).contains("root:x:0:0"));
    assert!(leaked.is_none(), "{:?} holds /etc/passwd\n{}", leaked.map(|l| l.0), verdict.build.text());
}

#[test]
fn poster_image_decompression_bomb() {
    let text = bad(|s| {
        s.write("content/posters/p/index.en.md", poster_with_image("bomb.png").as_bytes());
        s.write("content/posters/p/bomb.png", &png_header(50_000, 50_000));
    })
    .rejected("content/posters/p/bomb.png");
    assert!(text.contains("too large"), "{text}");
}

#[test]
fn truncated_jpeg_in_a_bundle() {
    bad(|s| {
        s.write("content/lessons/a/index.en.md", format!("{LESSON}\n![A cut photo](cut.jpg)\n").as_bytes());
        s.write("content/lessons/a/cut.jpg", &half_a_jpeg());
    })
    .rejected("content/lessons/a/cut.jpg");
}

#[test]
fn bom_and_crlf_are_fine() {
    let site = bad(|s| {
        s.write(
            "content/lessons/b/index.en.md",
            "\u{feff}+++\r\ntitle = \"B\"\r\n+++\r\n## Part\r\n\r\nText.\r\n".as_bytes(),
        )
    })
    .accepted();
    site.assert_file("en/lessons/b/index.html", &["<h1>B</h1>"]);
}

#[test]
fn an_error_in_a_crlf_file_points_at_the_right_line() {
    let text = bad(|s| s.write("content/lessons/b/index.en.md", b"+++\r\ntitle = \"B\"\r\ndurtion = 5\r\n+++\r\n"))
        .rejected("content/lessons/b/index.en.md:3:1: unknown key `durtion`");
    assert!(text.contains(" 3 | durtion = 5\n"), "{text:?}");
}

#[test]
fn fountain_with_unclosed_boneyard_and_notes() {
    let site = bad(|s| {
        s.write(
            "content/scenarios/s/index.en.md",
            b"+++\ntitle = \"S\"\ntype = \"scenario\"\n+++\nINT. ROOM - DAY\n\n[[ a note that never ends\n\nAIGUL\nHello /* and a boneyard\n\nthat never ends\n",
        )
    })
    .accepted();
    site.assert_file("en/scenarios/s/index.html", &["ROOM"]);
}

#[test]
fn deeply_nested_markdown_and_toml() {
    bad(|s| {
        let quotes = ">".repeat(50_000);
        let (open, close) = ("[".repeat(50_000), "]".repeat(50_000));
        s.write(
            "content/lessons/b/index.en.md",
            format!("+++\ntitle = \"B\"\n+++\n{quotes} deep\n\n{open}x{close}\n").as_bytes(),
        );
        s.write("content/lessons/c/index.en.md", format!("+++\ntitle = \"C\"\nx = {open}{close}\n+++\n").as_bytes());
    })
    .rejected("content/lessons/c/index.en.md:3:");
}

#[test]
fn many_identical_headings_are_fast() {
    let start = Instant::now();
    bad(|s| {
        s.write(
            "content/lessons/b/index.en.md",
            format!("+++\ntitle = \"B\"\n+++\n{}", "## Same\n\n".repeat(20_000)).as_bytes(),
        )
    })
    .accepted();
    assert!(start.elapsed() < Duration::from_secs(40), "build and check took {:?}", start.elapsed());
}

#[test]
fn directory_named_like_markdown_and_hidden_files() {
    bad(|s| {
        std::fs::create_dir_all(s.root().join("content/odd.en.md")).unwrap();
        s.write("content/lessons/a/.index.en.md.swp", b"\x00\x01binary");
        s.write("content/lessons/a/index.en.md~", b"\x00\x01binary");
    })
    .accepted();
}

#[test]
fn content_folder_missing() {
    bad(|s| std::fs::rename(s.root().join("content"), s.root().join("contents")).unwrap()).rejected("content");
}

#[test]
fn no_site_toml_is_a_usage_error() {
    bad(|s| std::fs::remove_file(s.root().join("site.toml")).unwrap()).usage("no site.toml");
}

#[test]
fn a_child_called_page_in_a_long_section_is_refused() {
    let text = bad(|s| {
        s.write("site.toml", format!("{}[sections]\nper_page = 1\n", s.source("site.toml")).as_bytes());
        s.write("content/lessons/page/index.en.md", LESSON.as_bytes());
    })
    .rejected("content/lessons/page/index.en.md");
    assert!(text.contains("`page` is the address of the later pages"), "{text}");
    assert!(text.contains("per_page = 0"), "the help names the way out: {text}");
}

#[test]
fn sections_per_page_must_be_a_number() {
    bad(|s| s.write("site.toml", format!("{}[sections]\nper_page = \"ten\"\n", s.source("site.toml")).as_bytes()))
        .rejected("site.toml:15:12: invalid type: string \"ten\", expected usize");
}

#[test]
fn a_top_level_page_named_like_a_generated_one_is_refused() {
    for name in ["search", "topics"] {
        let text = bad(|s| s.write(&format!("content/{name}/index.en.md"), b"+++\ntitle = \"Mine\"\n+++\nx\n"))
            .rejected(&format!("content/{name}/index.en.md"));
        assert!(text.contains(&format!("`@/{name}` would have the address of the generated {name} pages")), "{text}");
    }
}

// ---- values the model types once (issue 12): the web page and the print page take
// the same, and reject the same. ----

#[test]
fn a_poster_colour_that_is_not_a_colour() {
    let text = bad(|s| {
        s.replace(
            "content/posters/p/index.en.md",
            "sizes = [\"A4\"]",
            "sizes = [\"A4\"]\ncolors = { background = \"blue-ish\", text = \"navy\" }",
        )
    })
    .rejected("content/posters/p/index.en.md:6:");
    assert!(text.contains("poster colour `background`: `blue-ish` is not a CSS colour"), "{text}");
}

#[test]
fn poster_bleed_out_of_range() {
    let text = bad(|s| s.replace("content/posters/p/index.en.md", "sizes = [\"A4\"]", "bleed = -2.0"))
        .rejected("content/posters/p/index.en.md:5:1");
    assert!(text.contains("`bleed` is -2 mm"), "{text}");
}

#[test]
fn poster_qr_that_is_neither_a_page_nor_an_address() {
    bad(|s| s.replace("content/posters/p/index.en.md", "sizes = [\"A4\"]", "qr = \"lessons/a\""))
        .rejected("content/posters/p/index.en.md:5:1");
}

#[test]
fn poster_image_that_is_not_png_or_jpeg() {
    let text = bad(|s| {
        s.write("content/posters/p/art.gif", b"GIF89a");
        s.replace("content/posters/p/index.en.md", "sizes = [\"A4\"]", "image = \"art.gif\"\nimage_alt = \"Art\"");
    })
    .rejected("content/posters/p/index.en.md:5:1");
    assert!(text.contains("not a PNG or JPEG"), "{text}");
}

/// Every file's problems come in one run: a misspelt key in one file; a broken link, a
/// missing file and a broken anchor in another (issue 17's "errors arrive one stage at
/// a time").
#[test]
fn problems_of_several_files_come_together() {
    let text = bad(|s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\ndurtion = 10\n+++\n[x](@/lessons/b)\n");
        s.write(
            "content/_index.en.md",
            b"+++\ntitle = \"Home\"\n+++\n[y](@/nowhere) [f](form.pdf) [z](#no-such-heading)\n",
        );
    })
    .rejected("content/lessons/a/index.en.md:3:1");
    for needle in [
        "unknown key `durtion`",
        "broken internal link `@/lessons/b`",
        "broken internal link `@/nowhere`",
        "missing file `form.pdf`",
        "broken anchor `#no-such-heading`",
    ] {
        assert!(text.contains(needle), "`{needle}` not reported:\n{text}");
    }
    // `lessons/b` and `lessons/a` share only their section: no guess.
    assert!(!text.contains("did you mean `@/"), "{text}");
}

/// A relative link to another page says how to write it; "did you mean" never offers
/// the page's own section.
#[test]
fn a_relative_link_to_a_page_suggests_its_at_form() {
    let text = bad(|s| {
        s.write("content/lessons/b/index.en.md", LESSON.as_bytes());
        s.write(
            "content/lessons/a/index.en.md",
            format!("{LESSON}\n[next](../b/) [gone](@/lessons/zzzzzzzz)\n").as_bytes(),
        );
    })
    .rejected("content/lessons/a/index.en.md:9:1");
    assert!(text.contains("write it `@/lessons/b`"), "{text}");
    assert!(!text.contains("did you mean `@/lessons`"), "{text}");
}
