//! The Nu HTML Checker (`vnu-jar` from npm, installed by the test, run with Java)
//! reports no errors on the sample site's output: every page of every type in every
//! language, the later pages of lists included.

use crate::support::tools;
use crate::support::*;
use std::process::Command;

#[test]
fn sample_site_is_valid_html() {
    let java = tools::java();
    let jar = tools::npm_tool("vnu-jar").join("build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing from the vnu-jar package", jar.display());
    // Short lists, so that the later pages of a section's list are checked too.
    let site = SiteTest::sample().append("site.toml", "\n[sections]\nper_page = 3\n");
    site.build().ok();
    let pages: Vec<String> = tree(&site.out()).into_keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.iter().any(|p| p.contains("/page/2/")), "no list has a second page: {pages:?}");
    let out = Command::new(java)
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
    assert!(errors.is_empty(), "{} HTML errors in {} pages:\n{}", errors.len(), pages.len(), errors.join("\n"));
    eprintln!("the Nu HTML Checker found no errors in {} pages", pages.len());
}
