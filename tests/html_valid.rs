//! The Nu HTML Checker (`vnu-jar` from npm, run with Java) reports no errors on the
//! sample site's output: every page type (home, sections, lessons, scenarios, posters,
//! news, search, safety, offline, print pages) in every language.
//!
//! `.ci/run` installs Java and `vnu-jar` (into `.ci/node/`) when missing. Locally,
//! without them, the test says so and passes; with `CI=true` a missing tool fails it.
//! `CHYRAK_VNU_JAR=/path/to/vnu.jar` points at another copy.

mod common;
use common::*;
use std::path::PathBuf;
use std::process::Command;

fn vnu_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("CHYRAK_VNU_JAR").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/node/node_modules/vnu-jar/build/dist/vnu.jar")
    });
    jar.is_file().then_some(jar)
}

fn java() -> bool {
    Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn sample_site_is_valid_html() {
    let (Some(jar), true) = (vnu_jar(), java()) else {
        let why = "the Nu HTML Checker needs Java and .ci/node/node_modules/vnu-jar (bash .ci/run installs both)";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
        eprintln!("skipped: {why}");
        return;
    };
    let site = SiteTest::sample();
    // Short lists, so that the later pages of a section's list are checked too.
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[sections]\nper_page = 3\n").as_bytes());
    site.build().ok();
    assert!(site.out().join("ru/lessons/page/2/index.html").is_file());
    let out = Command::new("java")
        .args(["-Xss4m", "-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(site.out())
        .output()
        .unwrap();
    // With --errors-only and nothing to report, vnu prints nothing and exits 0.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: serde_json::Value = if stderr.trim().is_empty() {
        assert!(out.status.success(), "vnu failed: {}", String::from_utf8_lossy(&out.stdout));
        serde_json::json!({ "messages": [] })
    } else {
        serde_json::from_str(&stderr).unwrap_or_else(|e| panic!("vnu gave no JSON ({e}): {stderr}"))
    };
    let out_dir = format!("file:{}/", site.out().display());
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{}:{}: {}\n    {}",
                m["url"].as_str().unwrap_or("?").replace(&out_dir, ""),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").trim()
            )
        })
        .collect();
    assert!(errors.is_empty(), "{} HTML errors:\n{}", errors.len(), errors.join("\n"));
    let pages = walkdir::WalkDir::new(site.out())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages > 50, "only {pages} pages checked");
}
