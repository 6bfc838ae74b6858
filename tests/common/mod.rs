//! Shared helpers for the integration tests: a builder for small sites written into a
//! temporary folder, running the real `chyrak` binary, and an HTML link checker.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SITE_TOML: &str = r#"title = "Test site"
base_url = "https://example.org/sub"
[[languages]]
code = "en"
name = "English"
[[languages]]
code = "ru"
name = "Русский"
fallback = ["en"]
[[languages]]
code = "ky"
name = "Кыргызча"
fallback = ["ru", "en"]
"#;

/// A site in a temporary folder.
pub struct SiteTest {
    pub dir: tempfile::TempDir,
}

impl SiteTest {
    /// An empty site with `site.toml` (en, ru, ky) and a home page in English.
    pub fn new() -> SiteTest {
        let t = SiteTest { dir: tempfile::tempdir().unwrap() };
        t.file("site.toml", SITE_TOML).file("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n")
    }

    /// A copy of the repository's own sample site.
    pub fn sample() -> SiteTest {
        let t = SiteTest { dir: tempfile::tempdir().unwrap() };
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("site.toml"), t.root().join("site.toml")).unwrap();
        for sub in ["content", "assets"] {
            let from = repo.join(sub);
            if !from.exists() {
                continue;
            }
            for e in walkdir::WalkDir::new(&from) {
                let e = e.unwrap();
                let to = t.root().join(sub).join(e.path().strip_prefix(&from).unwrap());
                if e.file_type().is_dir() {
                    std::fs::create_dir_all(&to).unwrap();
                } else {
                    std::fs::copy(e.path(), &to).unwrap();
                }
            }
        }
        t
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file (creating folders).
    pub fn file(self, rel: &str, text: &str) -> SiteTest {
        self.write(rel, text.as_bytes());
        self
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Runs `chyrak <args>` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_chyrak")).args(args).current_dir(self.root()).output().unwrap();
        Run { output }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// Reads an output page followed by the stylesheets it links (print pages keep
    /// their page rules in a stylesheet of their own).
    pub fn read_with_styles(&self, rel: &str) -> String {
        let mut text = self.read(rel);
        let dir = std::path::Path::new(rel).parent().unwrap().to_owned();
        for href in attr_values(&text.clone(), "href").into_iter().filter(|h| h.ends_with(".css")) {
            let path = normalise(&dir.join(href));
            text.push_str(&self.read(&path.to_string_lossy()));
        }
        text
    }

    /// Reads an output file.
    pub fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    /// Asserts success and returns self.
    pub fn ok(self) -> Run {
        assert_eq!(self.code(), 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self
    }
    /// Asserts failure with `code` and returns stderr.
    pub fn fails(self, code: i32) -> String {
        assert_eq!(self.code(), code, "expected exit {code}\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        assert!(!self.stderr().contains("panicked"), "panic: {}", self.stderr());
        self.stderr()
    }
}

/// Values of `attr="…"` in `html` (attribute values are always double-quoted in our output).
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

pub fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks every relative `href`/`src` of every HTML file under `out`: the target must be
/// a file (not a folder: `file://` shows folders as listings) and its anchor must exist.
/// Returns the problems found.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut pages = Vec::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            let set = attr_values(&html, "id").into_iter().map(unescape).collect();
            ids.insert(e.path().to_owned(), set);
            pages.push((e.path().to_owned(), html));
        }
    }
    let mut problems = Vec::new();
    for (page, html) in &pages {
        // The 404 page is served at any depth; its links start from the server root.
        if page.file_name().is_some_and(|n| n == "404.html") && page.parent() == Some(out) {
            continue;
        }
        let mut targets = attr_values(html, "href");
        targets.extend(attr_values(html, "src"));
        for raw in targets {
            let target = unescape(raw);
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
                || target.starts_with("tel:")
                || target.starts_with("sms:")
                || target.starts_with("data:")
            {
                continue;
            }
            if target.starts_with('/') {
                problems.push(format!("{}: root-relative link `{target}` breaks on file://", page.display()));
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p.to_owned(), Some(percent_decode(a))),
                None => (target.clone(), None),
            };
            let path = path.split('?').next().unwrap().to_owned();
            let file = if path.is_empty() {
                page.clone()
            } else {
                normalise(&page.parent().unwrap().join(percent_decode(&path)))
            };
            if !file.is_file() {
                problems.push(format!("{}: `{target}` → {} is not a file", page.display(), file.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                if anchor.is_empty() {
                    continue;
                }
                if file.extension().is_some_and(|x| x == "html") && !ids.get(&file).is_some_and(|s| s.contains(&anchor))
                {
                    problems.push(format!("{}: `{target}`: no id `{anchor}` in {}", page.display(), file.display()));
                }
            }
        }
    }
    problems
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A free port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
