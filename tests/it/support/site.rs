//! A site in a temporary folder, made from a fixture under `tests/fixtures/`, and runs
//! of the real `chyrak` binary on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// Longest any run of `chyrak` may take before it counts as a hang.
pub const LIMIT: Duration = Duration::from_secs(90);

/// The date every run builds on (`SOURCE_DATE_EPOCH`, 2026-10-29), so that output
/// does not depend on the day the tests run.
pub const SOURCE_DATE_EPOCH: &str = "1793232000";

/// The folder of the fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temporary folder.
pub struct SiteTest {
    dir: tempfile::TempDir,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>` (e.g. `"i18n/fallback"`).
    pub fn fixture(name: &str) -> SiteTest {
        let from = fixtures().join(name);
        assert!(from.join("site.toml").is_file(), "no fixture site at {}", from.display());
        let t = SiteTest { dir: tempfile::tempdir().unwrap() };
        copy_tree(&from, t.root());
        t
    }

    /// A copy of the folder `dir` (a site, with its output when it was built).
    pub fn copy_of(dir: &Path) -> SiteTest {
        let t = SiteTest { dir: tempfile::tempdir().unwrap() };
        copy_tree(dir, t.root());
        t
    }

    /// A copy of the repository's own sample site (its `site.toml`, `content/`,
    /// `assets/` and translators' catalogs `po/`). Only for tests about the sample itself: they must not depend on its
    /// wording, which changes.
    pub fn sample() -> SiteTest {
        let t = SiteTest { dir: tempfile::tempdir().unwrap() };
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("site.toml"), t.root().join("site.toml")).unwrap();
        for sub in ["content", "assets", "po"] {
            if repo.join(sub).exists() {
                copy_tree(&repo.join(sub), &t.root().join(sub));
            }
        }
        t
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The output folder of `chyrak build`.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a source file (creating folders).
    pub fn file(self, rel: &str, text: &str) -> SiteTest {
        self.write(rel, text.as_bytes());
        self
    }

    /// Writes a source file of bytes (creating folders).
    pub fn bytes(self, rel: &str, bytes: &[u8]) -> SiteTest {
        self.write(rel, bytes);
        self
    }

    /// Replaces `from` by `to` in a source file; `from` must be there.
    pub fn edit(self, rel: &str, from: &str, to: &str) -> SiteTest {
        self.replace(rel, from, to);
        self
    }

    /// [`edit`](Self::edit) on a site already in use.
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.source(rel);
        assert!(text.contains(from), "`{from}` is not in {rel}:\n{text}");
        self.write(rel, text.replacen(from, to, 1).as_bytes());
    }

    /// Adds `text` at the end of a source file.
    pub fn append(self, rel: &str, text: &str) -> SiteTest {
        let old = self.source(rel);
        self.write(rel, format!("{old}{text}").as_bytes());
        self
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// A source file's text.
    pub fn source(&self, rel: &str) -> String {
        let p = self.root().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Runs `chyrak <args>` in the site's folder, with `SOURCE_DATE_EPOCH` set and a
    /// time limit; a panic fails the test whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// [`run`](Self::run) with more environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        run_in(self.root(), args, env)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// `chyrak build` on the test process's own date (without a `SOURCE_DATE_EPOCH` of
    /// its own), as the preview (`chyrak::commands::serve::Preview`) in the test process sees it:
    /// for comparing the two.
    pub fn build_as_preview(&self) -> Run {
        spawn(self.root(), &["build"], &[], false)
    }

    /// `chyrak check --format json` (plus `args`), parsed.
    pub fn check_json(&self, args: &[&str]) -> CheckJson {
        let run = self.run(&[&["check", "--format", "json"], args].concat());
        CheckJson::from_run(run)
    }

    /// Deletes a source file (a translation, to make a page shown by fallback).
    pub fn remove(self, rel: &str) -> SiteTest {
        std::fs::remove_file(self.root().join(rel)).unwrap_or_else(|e| panic!("cannot remove {rel}: {e}"));
        self
    }

    /// Reads an output page followed by the stylesheets it links: print pages keep
    /// their page rules in a stylesheet of their own (`assets/print/<hash>.css`).
    pub fn read_with_styles(&self, rel: &str) -> String {
        let page = self.read(rel);
        let dir = Path::new(rel).parent().unwrap_or(Path::new("")).to_owned();
        let mut text = page.clone();
        for href in super::links::attr_values(&page, "href").into_iter().filter(|h| h.ends_with(".css")) {
            let mut path = dir.clone();
            for part in href.split('/') {
                match part {
                    ".." => {
                        path.pop();
                    }
                    p => path.push(p),
                }
            }
            text.push_str(&self.read(&path.to_string_lossy()));
        }
        text
    }

    /// Reads an output file.
    pub fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Asserts that the output file `rel` contains each of `needles`.
    pub fn assert_file(&self, rel: &str, needles: &[&str]) -> &SiteTest {
        let text = self.read(rel);
        for needle in needles {
            assert!(text.contains(needle), "{rel} lacks `{needle}`:\n{text}");
        }
        self
    }

    /// Whether the output has the file `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }
}

/// Runs the `chyrak` binary in `dir` with a time limit. Output is read on other
/// threads, so a long report cannot fill a pipe and stall the child.
pub fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    spawn(dir, args, env, true)
}

fn spawn(dir: &Path, args: &[&str], env: &[(&str, &str)], fixed_date: bool) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chyrak"));
    if fixed_date {
        cmd.env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    }
    cmd.args(args).current_dir(dir).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let output = match rx.recv_timeout(LIMIT) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            // SAFETY: kill(2) on the pid of our own child, which has not been reaped.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            panic!("chyrak {args:?} hung for more than {LIMIT:?}");
        }
    };
    let run = Run { args: args.iter().map(|a| a.to_string()).collect(), output };
    assert!(!run.stderr().contains("panicked"), "chyrak {args:?} panicked:\n{}", run.stderr());
    run
}

/// What a run of `chyrak` did.
pub struct Run {
    args: Vec<String>,
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
    /// Standard output and error together.
    pub fn text(&self) -> String {
        format!("{}{}", self.stdout(), self.stderr())
    }
    /// Asserts success and returns self.
    pub fn ok(self) -> Run {
        assert_eq!(self.code(), 0, "chyrak {:?}: expected success\n{}", self.args, self.text());
        self
    }
    /// Asserts failure with `code` and returns stderr.
    pub fn fails(self, code: i32) -> String {
        assert_eq!(self.code(), code, "chyrak {:?}: expected exit {code}\n{}", self.args, self.text());
        self.stderr()
    }
}

/// The report of `chyrak check --format json`.
pub struct CheckJson {
    pub run: Run,
    pub json: serde_json::Value,
}

impl CheckJson {
    pub fn from_run(run: Run) -> CheckJson {
        let json = serde_json::from_str(&run.stdout())
            .unwrap_or_else(|e| panic!("check printed no JSON ({e}):\n{}", run.text()));
        CheckJson { run, json }
    }

    /// Asserts that check passed (exit 0) and returns self.
    pub fn ok(self) -> CheckJson {
        assert_eq!(self.run.code(), 0, "check: expected success\n{}", self.messages().join("\n"));
        self
    }

    pub fn errors(&self) -> u64 {
        self.json["errors"].as_u64().expect("an error count")
    }

    pub fn warnings(&self) -> u64 {
        self.json["warnings"].as_u64().expect("a warning count")
    }

    /// The diagnostics, one per line as text output shows them:
    /// `severity: path:line:column: message`, then the source line and the help.
    pub fn messages(&self) -> Vec<String> {
        self.json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                let mut at = d["path"].as_str().unwrap().to_owned();
                for key in ["line", "column"] {
                    if let Some(n) = d[key].as_u64() {
                        at.push_str(&format!(":{n}"));
                    }
                }
                let mut m = format!("{}: {at}: {}", d["severity"].as_str().unwrap(), d["message"].as_str().unwrap());
                if let Some(line) = d["source_line"].as_str() {
                    m.push_str(&format!("\n    {line}"));
                }
                if let Some(help) = d["help"].as_str() {
                    m.push_str(&format!("\n  = help: {help}"));
                }
                m
            })
            .collect()
    }

    /// Whether a diagnostic (as [`messages`](Self::messages) shows it) contains `needle`.
    pub fn has(&self, needle: &str) -> bool {
        self.messages().iter().any(|m| m.contains(needle))
    }

    /// Asserts that a diagnostic contains `needle`.
    pub fn assert_has(&self, needle: &str) -> &CheckJson {
        assert!(self.has(needle), "no diagnostic has `{needle}`:\n{}", self.messages().join("\n"));
        self
    }

    /// The diagnostic that contains `needle`, as JSON.
    pub fn find(&self, needle: &str) -> &serde_json::Value {
        let messages = self.messages();
        let i = messages.iter().position(|m| m.contains(needle)).unwrap_or_else(|| {
            panic!("no diagnostic has `{needle}`:\n{}", messages.join("\n"));
        });
        &self.json["diagnostics"][i]
    }
}

/// Copies the folder `from` to `to` (created), files and folders only.
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by path relative to `dir` (with `/`).
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A lesson with two timed activities adding up to its 45 minutes, for sites whose
/// lists are made in code (counts and long lists).
pub fn lesson(title: &str, order: u32) -> String {
    format!(
        "+++\ntitle = \"{title}\"\norder = {order}\nduration = 45\nage = [14, 18]\n+++\n## Warm-up {{minutes=10}}\n\nx\n\n## Talk {{minutes=35}}\n\ny\n"
    )
}
