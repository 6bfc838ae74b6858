//! Bad sites and bad files: each must fail (or pass) with the right exit code, name the
//! file at fault, never panic or hang, and leave the previous build's output untouched.
//! `chyrak check` is run on each too: it must report the same, not crash.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest any run may take before it counts as a hang.
const LIMIT: Duration = Duration::from_secs(60);

const LESSONS: &str = "+++\ntitle = \"Lessons\"\ntype = \"lesson\"\n+++\n";
const LESSON: &str = "+++\ntitle = \"A\"\nduration = 10\n+++\n## Warm-up {minutes=10}\n\nText.\n";

struct Out {
    code: i32,
    text: String,
}

/// Runs chyrak with a time limit; stdout and stderr together. The output is read on
/// another thread, so a long report cannot fill the pipe and stall the child.
fn run(site: &SiteTest, args: &[&str]) -> Out {
    let child = Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .args(args)
        .current_dir(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let out = match rx.recv_timeout(LIMIT) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            // SAFETY: kill(2) on the pid of our own child, which has not been reaped.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            panic!("chyrak {args:?} hung for more than {LIMIT:?}");
        }
    };
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains("panicked"), "panic:\n{text}");
    Out { code: out.status.code().unwrap_or(-1), text }
}

/// A small good site: home page, a lesson section with one lesson, and a poster.
fn good() -> SiteTest {
    let site = SiteTest::new()
        .file("content/lessons/_index.en.md", LESSONS)
        .file("content/lessons/a/index.en.md", LESSON)
        .file(
            "content/posters/p/index.en.md",
            "+++\ntitle = \"P\"\ntype = \"poster\"\nheadline = \"Call\"\nsizes = [\"A4\"]\n+++\n",
        );
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.text);
    site
}

/// Every file of the output with its bytes.
fn snapshot(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(site.out()).into_iter().flatten() {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(site.out()).unwrap().to_string_lossy().into_owned();
            files.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    files
}

/// Builds `site` (which has a previous good output) after `spoil`, expecting `code`
/// with `named` in the message and the old output unchanged; then checks it too.
fn spoil(site: SiteTest, code: i32, named: &str, spoil: impl FnOnce(&SiteTest)) -> String {
    let before = snapshot(&site);
    assert!(before.contains_key("en/index.html"));
    spoil(&site);
    let out = run(&site, &["build"]);
    assert_eq!(out.code, code, "build: expected exit {code}:\n{}", out.text);
    assert!(out.text.contains(named), "build: `{named}` not named in:\n{}", out.text);
    assert!(snapshot(&site) == before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    let check = run(&site, &["check"]);
    assert_eq!(check.code, code, "check: expected exit {code}:\n{}", check.text);
    assert!(check.text.contains(named), "check: `{named}` not named in:\n{}", check.text);
    out.text
}

fn write_bytes(site: &SiteTest, rel: &str, bytes: &[u8]) {
    site.write(rel, bytes);
}

/// A PNG header claiming `w` × `h` pixels, with no image data after it.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The start of a real JPEG, cut off in the middle.
fn truncated_jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]));
    let mut bytes = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Jpeg).unwrap();
    bytes.truncate(bytes.len() / 2);
    bytes
}

// ---- site.toml ----

#[test]
fn site_toml_malformed() {
    let text = spoil(good(), 1, "site.toml:5:16", |s| {
        s.write("site.toml", SITE_TOML.replace("name = \"English\"", "name = \"English").as_bytes())
    });
    assert!(text.contains('^'), "{text}");
}

#[test]
fn site_toml_wrong_type() {
    spoil(good(), 1, "site.toml:1:", |s| {
        s.write("site.toml", SITE_TOML.replace("title = \"Test site\"", "title = 5").as_bytes())
    });
}

#[test]
fn site_toml_unknown_key_suggests() {
    let text =
        spoil(good(), 1, "site.toml", |s| s.write("site.toml", SITE_TOML.replace("base_url", "base_ulr").as_bytes()));
    assert!(text.contains("did you mean `base_url`?"), "{text}");
}

#[test]
fn fallback_cycle() {
    let text = spoil(good(), 1, "site.toml", |s| {
        s.write("site.toml", SITE_TOML.replace("fallback = [\"en\"]", "fallback = [\"ky\"]").as_bytes())
    });
    assert!(text.contains("fallback cycle: ru → ky → ru"), "{text}");
}

#[test]
fn fallback_to_unknown_language() {
    let text = spoil(good(), 1, "site.toml", |s| {
        s.write("site.toml", SITE_TOML.replace("fallback = [\"en\"]", "fallback = [\"eng\"]").as_bytes())
    });
    assert!(text.contains("did you mean `en`?"), "{text}");
}

#[test]
fn site_toml_is_not_utf8() {
    spoil(good(), 1, "site.toml", |s| s.write("site.toml", b"title = \"\xff\xfe\"\n"));
}

#[test]
fn logo_outside_the_site() {
    let text = spoil(good(), 1, "site.toml", |s| {
        s.write("site.toml", format!("logo = \"../../etc/passwd\"\n{SITE_TOML}").as_bytes())
    });
    assert!(text.contains("inside the site's folder"), "{text}");
}

#[test]
fn logo_is_a_decompression_bomb() {
    spoil(good(), 1, "logo", |s| {
        write_bytes(s, "assets/bomb.png", &png_header(50_000, 50_000));
        s.write("site.toml", format!("logo = \"assets/bomb.png\"\n{SITE_TOML}").as_bytes());
    });
}

#[test]
fn logo_is_a_truncated_jpeg() {
    spoil(good(), 1, "logo", |s| {
        write_bytes(s, "assets/cut.jpg", &truncated_jpeg());
        s.write("site.toml", format!("logo = \"assets/cut.jpg\"\n{SITE_TOML}").as_bytes());
    });
}

// ---- front matter and files ----

#[test]
fn front_matter_malformed_toml() {
    spoil(good(), 1, "content/lessons/a/index.en.md:2:", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\nduration = 10\n+++\n")
    });
}

#[test]
fn front_matter_unterminated() {
    let text = spoil(good(), 1, "content/lessons/a/index.en.md", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\n\n## Body\n")
    });
    assert!(text.contains("not closed"), "{text}");
}

#[test]
fn front_matter_wrong_type() {
    let text = spoil(good(), 1, "content/lessons/a/index.en.md:3:", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\nduration = \"forty\"\n+++\n")
    });
    assert!(text.contains(" 3 | duration = \"forty\""), "{text}");
}

#[test]
fn front_matter_unknown_key() {
    let text = spoil(good(), 1, "content/lessons/a/index.en.md:3:1", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\ndurtion = 10\n+++\n")
    });
    assert!(text.contains("did you mean `duration`?"), "{text}");
}

#[test]
fn front_matter_key_of_another_type() {
    spoil(good(), 1, "content/lessons/a/index.en.md:3:1", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\nheadline = \"Big\"\n+++\n")
    });
}

#[test]
fn unknown_content_type() {
    spoil(good(), 1, "content/lessons/a/index.en.md", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\ntype = \"lessen\"\n+++\n")
    });
}

#[test]
fn missing_title() {
    spoil(good(), 1, "content/lessons/a/index.en.md", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\norder = 1\n+++\n")
    });
}

#[test]
fn invalid_utf8() {
    let text = spoil(good(), 1, "content/lessons/a/index.en.md:5:", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\n+++\n\nBad \xc3\x28 byte\n")
    });
    assert!(text.contains("UTF-8"), "{text}");
}

#[test]
fn binary_file_named_md() {
    spoil(good(), 1, "content/lessons/b/index.en.md", |s| {
        write_bytes(s, "content/lessons/b/index.en.md", &png_header(10, 10))
    });
}

#[test]
fn empty_file() {
    let text = spoil(good(), 1, "content/lessons/b/index.en.md:1:1", |s| s.write("content/lessons/b/index.en.md", b""));
    assert!(text.contains("missing front matter"), "{text}");
}

#[test]
fn nul_bytes_only() {
    spoil(good(), 1, "content/lessons/b/index.en.md", |s| {
        write_bytes(s, "content/lessons/b/index.en.md", &[0u8; 4096])
    });
}

#[test]
fn huge_markdown_file_is_refused_quickly() {
    spoil(good(), 1, "content/lessons/b/index.en.md", |s| {
        let f = std::fs::File::create(s.root().join("content/lessons/_index.ru.md")).unwrap();
        drop(f);
        std::fs::create_dir_all(s.root().join("content/lessons/b")).unwrap();
        let f = std::fs::File::create(s.root().join("content/lessons/b/index.en.md")).unwrap();
        f.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB without writing them
        std::fs::remove_file(s.root().join("content/lessons/_index.ru.md")).unwrap();
    });
}

#[test]
fn language_missing_from_site_toml() {
    let text = spoil(good(), 1, "content/lessons/a/index.fr.md", |s| {
        s.write("content/lessons/a/index.fr.md", LESSON.as_bytes())
    });
    assert!(text.contains("not a language of this site"), "{text}");
}

#[test]
fn markdown_without_language_code() {
    spoil(good(), 1, "content/notes.md", |s| s.write("content/notes.md", b"+++\ntitle = \"N\"\n+++\n"));
}

#[test]
fn two_items_with_the_same_slug() {
    let text = spoil(good(), 1, "content/lessons/a.en.md", |s| s.write("content/lessons/a.en.md", LESSON.as_bytes()));
    assert!(text.contains("duplicate page"), "{text}");
}

#[test]
fn broken_internal_link_and_anchor() {
    let text = spoil(good(), 1, "content/lessons/a/index.en.md:9:1", |s| {
        s.write("content/lessons/a/index.en.md", format!("{LESSON}\n[x](@/lessons/b)\n").as_bytes())
    });
    assert!(text.contains("broken internal link `@/lessons/b`"), "{text}");
}

#[test]
fn minutes_not_a_number() {
    spoil(good(), 1, "content/lessons/a/index.en.md:5:", |s| {
        s.write("content/lessons/a/index.en.md", b"+++\ntitle = \"A\"\nduration = 10\n+++\n## Warm-up {minutes=ten}\n")
    });
}

#[test]
fn poster_with_an_unknown_size() {
    let text = spoil(good(), 1, "content/posters/p/index.en.md:5:1", |s| {
        s.write(
            "content/posters/p/index.en.md",
            b"+++\ntitle = \"P\"\ntype = \"poster\"\nheadline = \"Call\"\nsizes = [\"B7\"]\n+++\n",
        )
    });
    assert!(text.contains("unknown poster size `B7`"), "{text}");
}

#[test]
fn poster_with_unknown_contact() {
    spoil(good(), 1, "content/posters/p/index.en.md", |s| {
        s.write(
            "content/posters/p/index.en.md",
            b"+++\ntitle = \"P\"\ntype = \"poster\"\nheadline = \"Call\"\ncontact = \"nobody\"\n+++\n",
        )
    });
}

// ---- templates ----

#[test]
fn template_syntax_error() {
    let text = spoil(good(), 1, "themes/default/templates/page.html", |s| {
        s.write(
            "themes/default/templates/page.html",
            b"{% extends \"base.html\" %}\n{% block content %}{{ page.title }\n{% endblock %}\n",
        )
    });
    assert!(text.contains("template error"), "{text}");
}

#[test]
fn handbook_template_without_the_lessons() {
    let text = spoil(good(), 1, "print/handbook.html", |s| {
        s.write(
            "themes/default/templates/print/handbook.html",
            b"{% extends \"print/base.html\" %}{% block body %}<h1>{{ site.title }}</h1>{% endblock body %}",
        )
    });
    assert!(text.contains("lesson_articles"), "{text}");
}

#[test]
fn template_with_unknown_function() {
    spoil(good(), 1, "lesson.html", |s| {
        s.write(
            "themes/default/templates/lesson.html",
            b"{% extends \"base.html\" %}{% block content %}{{ translate(key=\"x\") }}{% endblock %}",
        )
    });
}

#[test]
fn template_recursive_macro_is_refused() {
    let text = spoil(good(), 1, "themes/default/templates/macros.html", |s| {
        s.write(
            "themes/default/templates/macros.html",
            b"{% macro forever(n) %}{{ self::forever(n=n + 1) }}{% endmacro %}",
        );
        s.write(
            "themes/default/templates/lesson.html",
            b"{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block content %}{{ m::forever(n=1) }}{% endblock %}",
        )
    });
    assert!(text.contains("macro recursion"), "{text}");
}

#[test]
fn template_include_cycle_is_refused() {
    let text = spoil(good(), 1, "themes/default/templates/", |s| {
        s.write("themes/default/templates/a.html", b"{% include \"b.html\" %}");
        s.write("themes/default/templates/b.html", b"{% include \"a.html\" %}");
    });
    assert!(text.contains("include cycle"), "{text}");
}

#[test]
fn template_huge_loop_is_refused() {
    let text = spoil(good(), 1, "range()", |s| {
        s.write(
            "themes/default/templates/lesson.html",
            b"{% extends \"base.html\" %}{% block content %}{% for i in range(end=100000000000) %}{% for j in range(end=100000000000) %}.{% endfor %}{% endfor %}{% endblock %}",
        )
    });
    assert!(text.contains("at most 10000"), "{text}");
}

#[test]
fn template_extends_itself() {
    spoil(good(), 1, "page.html", |s| s.write("themes/default/templates/page.html", b"{% extends \"page.html\" %}"));
}

// ---- files, folders, symlinks ----

#[test]
fn output_folder_inside_content_is_refused() {
    let site = good();
    let before = snapshot(&site);
    let out = run(&site, &["build", "--output", "content/out"]);
    assert_eq!(out.code, 2, "{}", out.text);
    assert!(!site.root().join("content/out").exists());
    let out = run(&site, &["build", "--output", "."]);
    assert_eq!(out.code, 2, "{}", out.text);
    assert!(snapshot(&site) == before);
}

#[test]
fn symlink_loop_does_not_hang() {
    let site = good();
    std::os::unix::fs::symlink("..", site.root().join("content/lessons/loop")).unwrap();
    std::os::unix::fs::symlink("loop2", site.root().join("content/lessons/a/loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", site.root().join("content/lessons/a/loop2")).unwrap();
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.text);
    assert_eq!(run(&site, &["check"]).code, 0);
}

#[test]
fn symlink_out_of_the_site_is_not_followed() {
    let site = good();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("secret.txt"), "SECRET-CONTENT").unwrap();
    std::fs::write(secret.path().join("page.en.md"), "+++\ntitle = \"SECRET-PAGE\"\n+++\n").unwrap();
    std::os::unix::fs::symlink(secret.path().join("secret.txt"), site.root().join("content/lessons/a/secret.txt"))
        .unwrap();
    std::os::unix::fs::symlink(secret.path().join("page.en.md"), site.root().join("content/stolen.en.md")).unwrap();
    std::os::unix::fs::symlink(secret.path(), site.root().join("content/outside")).unwrap();
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.text);
    for (path, bytes) in snapshot(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("SECRET-CONTENT") && !text.contains("SECRET-PAGE"), "{path} holds outside content");
    }
    // An assets/ folder that is a link out of the site is refused (walkdir would follow it).
    let text =
        spoil(site, 1, "assets", |s| std::os::unix::fs::symlink(secret.path(), s.root().join("assets")).unwrap());
    assert!(text.contains("outside the site"), "{text}");
}

#[test]
fn dotdot_in_poster_image_is_a_missing_file() {
    let site = good();
    site.write(
        "content/posters/p/index.en.md",
        b"+++\ntitle = \"P\"\ntype = \"poster\"\nheadline = \"Call\"\nimage = \"../../../../../etc/passwd\"\nimage_alt = \"x\"\n+++\n",
    );
    let out = run(&site, &["check"]);
    assert_eq!(out.code, 1, "{}", out.text);
    assert!(
        out.text.contains("content/posters/p/index.en.md:5:1: missing file `../../../../../etc/passwd`"),
        "{}",
        out.text
    );
    let built = run(&site, &["build"]);
    assert!(!snapshot(&site).values().any(|b| String::from_utf8_lossy(b).contains("root:x:0:0")), "{}", built.text);
}

#[test]
fn poster_image_decompression_bomb() {
    let text = spoil(good(), 1, "content/posters/p/bomb.png", |s| {
        s.write(
            "content/posters/p/index.en.md",
            b"+++\ntitle = \"P\"\ntype = \"poster\"\nheadline = \"Call\"\nimage = \"bomb.png\"\nimage_alt = \"x\"\n+++\n",
        );
        write_bytes(s, "content/posters/p/bomb.png", &png_header(50_000, 50_000));
    });
    assert!(text.contains("too large"), "{text}");
}

#[test]
fn truncated_jpeg_in_a_bundle() {
    spoil(good(), 1, "content/lessons/a/cut.jpg", |s| {
        s.write("content/lessons/a/index.en.md", format!("{LESSON}\n![A cut photo](cut.jpg)\n").as_bytes());
        write_bytes(s, "content/lessons/a/cut.jpg", &truncated_jpeg());
    });
}

#[test]
fn bom_and_crlf_are_fine() {
    let site = good();
    site.write(
        "content/lessons/b/index.en.md",
        "\u{feff}+++\r\ntitle = \"B\"\r\n+++\r\n## Part\r\n\r\nText.\r\n".as_bytes(),
    );
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.text);
    assert!(
        site.read("en/lessons/b/index.html").contains(">B<") || site.read("en/lessons/b/index.html").contains("B</")
    );
    // An error in a CRLF file points at the right line, without the `\r`.
    site.write("content/lessons/b/index.en.md", b"+++\r\ntitle = \"B\"\r\ndurtion = 5\r\n+++\r\n");
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 1);
    assert!(out.text.contains("index.en.md:3:1: unknown key `durtion`"), "{}", out.text);
    assert!(out.text.contains(" 3 | durtion = 5\n"), "{:?}", out.text);
}

#[test]
fn fountain_with_unclosed_boneyard_and_notes() {
    let site = good();
    site.write(
        "content/scenarios/s/index.en.md",
        b"+++\ntitle = \"S\"\ntype = \"scenario\"\n+++\nINT. ROOM - DAY\n\n[[ a note that never ends\n\nAIGUL\nHello /* and a boneyard\n\nthat never ends\n",
    );
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.text);
    assert!(site.read("en/scenarios/s/index.html").contains("ROOM"));
}

#[test]
fn deeply_nested_markdown_and_toml() {
    let site = good();
    let quotes = ">".repeat(50_000);
    site.write(
        "content/lessons/b/index.en.md",
        format!("+++\ntitle = \"B\"\n+++\n{quotes} deep\n\n{}x{}\n", "[".repeat(50_000), "]".repeat(50_000)).as_bytes(),
    );
    site.write(
        "content/lessons/c/index.en.md",
        format!("+++\ntitle = \"C\"\nx = {}{}\n+++\n", "[".repeat(50_000), "]".repeat(50_000)).as_bytes(),
    );
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 1, "{}", out.text);
    assert!(out.text.contains("content/lessons/c/index.en.md:3:"), "{}", out.text);
}

#[test]
fn many_identical_headings_are_fast() {
    let site = good();
    site.write(
        "content/lessons/b/index.en.md",
        format!("+++\ntitle = \"B\"\n+++\n{}", "## Same\n\n".repeat(20_000)).as_bytes(),
    );
    let start = Instant::now();
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.text);
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn directory_named_like_markdown_and_hidden_files() {
    let site = good();
    std::fs::create_dir_all(site.root().join("content/odd.en.md")).unwrap();
    site.write("content/lessons/a/.index.en.md.swp", b"\x00\x01binary");
    site.write("content/lessons/a/index.en.md~", b"\x00\x01binary");
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.text);
}

#[test]
fn content_folder_missing() {
    let site = good();
    let before = snapshot(&site);
    std::fs::rename(site.root().join("content"), site.root().join("contents")).unwrap();
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 1, "{}", out.text);
    assert!(out.text.contains("content"), "{}", out.text);
    assert!(snapshot(&site) == before);
}

#[test]
fn no_site_toml_is_a_usage_error() {
    let site = good();
    std::fs::remove_file(site.root().join("site.toml")).unwrap();
    let out = run(&site, &["build"]);
    assert_eq!(out.code, 2, "{}", out.text);
    assert!(out.text.contains("no site.toml"), "{}", out.text);
    assert!(Path::new(&site.out()).join("en/index.html").is_file());
}

#[test]
fn a_child_called_page_in_a_long_section_is_refused() {
    let text = spoil(good(), 1, "content/lessons/page/index.en.md", |site| {
        site.write("site.toml", format!("{SITE_TOML}[sections]\nper_page = 1\n").as_bytes());
        site.write("content/lessons/page/index.en.md", LESSON.as_bytes());
    });
    assert!(text.contains("`page` is the address of the later pages"), "{text}");
    assert!(text.contains("per_page = 0"), "the help names the way out: {text}");
}

#[test]
fn sections_per_page_must_be_a_number() {
    spoil(good(), 1, "site.toml:15:12: invalid type: string \"ten\", expected usize", |site| {
        site.write("site.toml", format!("{SITE_TOML}[sections]\nper_page = \"ten\"\n").as_bytes());
    });
}

#[test]
fn a_top_level_page_named_like_a_generated_one_is_refused() {
    for name in ["search", "topics"] {
        let text = spoil(good(), 1, &format!("content/{name}/index.en.md"), |site| {
            site.write(&format!("content/{name}/index.en.md"), b"+++\ntitle = \"Mine\"\n+++\nx\n");
        });
        assert!(text.contains(&format!("`@/{name}` would have the address of the generated {name} pages")), "{text}");
    }
}
