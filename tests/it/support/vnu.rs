//! The Nu HTML Checker (`vnu-jar` from npm, run with Java) over a folder: its errors,
//! one line each.

use super::tools;
use std::path::Path;
use std::process::Command;

/// Every error the checker finds in the HTML files under `dir`, as
/// `file:line: message` with the markup it points at.
pub fn errors(dir: &Path) -> Vec<String> {
    let java = tools::java();
    let jar = tools::npm_tool("vnu-jar").join("build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing from the vnu-jar package", jar.display());
    let out = Command::new(java)
        .args(["-Xss4m", "-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(dir)
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
    let dir = format!("file:{}/", dir.display());
    report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{}:{}: {}\n    {}",
                m["url"].as_str().unwrap_or("?").replace(&dir, ""),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").trim()
            )
        })
        .collect()
}
