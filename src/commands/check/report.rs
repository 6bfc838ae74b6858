//! How `chyrak check` prints its [`Report`]: as text for people (diagnostics, then the
//! translation matrix, then a summary) or as one JSON document for CI.
//!
//! JSON schema (version 1):
//!
//! ```text
//! { "version": 1, "pages": 42, "errors": 1, "warnings": 3,
//!   "diagnostics": [ { "severity": "error" | "warning", "path": "content/…/index.en.md",
//!                      "line": 12 | null, "column": 5 | null, "message": "…",
//!                      "source_line": "…" (optional), "help": "…" (optional) } ],
//!   "matrix": { "languages": ["en", "ru", "ky"],
//!               "rows": [ { "page": "lessons/01-a", "type": "lesson",
//!                           "languages": [ { "lang": "ky", "state": "translated" | "review" | "fallback" | "missing",
//!                                            "from": "ru" (fallback only) } ] } ] },
//!   "catalogs": [ { "lang": "ky", "messages": 1357, "translated": 994, "fuzzy": 0,
//!                   "review": ["lessons/01-a"] } ] }
//! ```
//!
//! `review`: translated, but its catalog has fuzzy texts for it (changed in the
//! original since they were translated). `catalogs`: one per `po/<lang>.po`.

use super::Report;
use crate::error::{Diagnostic, MAX_SHOWN};
use std::fmt::Write;

/// The report as text: every error and warning (up to [`MAX_SHOWN`] of each), the
/// translation matrix, and a one-line summary.
pub fn text(report: &Report, strict: bool) -> String {
    let mut out = String::new();
    for severity in [crate::error::Severity::Error, crate::error::Severity::Warning] {
        let all: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.severity == severity).collect();
        for d in all.iter().take(MAX_SHOWN) {
            let _ = write!(out, "{d}\n\n");
        }
        if all.len() > MAX_SHOWN {
            let _ = write!(out, "… and {} more (see --format json for all)\n\n", all.len() - MAX_SHOWN);
        }
    }
    out.push_str(&matrix_text(report));
    out.push_str(&catalogs_text(report));
    let (e, w) = (report.errors(), report.warnings());
    let verdict = if report.fails(strict) { "check failed" } else { "check passed" };
    let _ = write!(
        out,
        "{verdict}: {} pages, {e} error{}, {w} warning{}{}",
        report.pages,
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" },
        if strict && w > 0 && e == 0 { " (--strict: warnings fail)" } else { "" }
    );
    out
}

/// The matrix as an aligned table: `✓` translated, `← ru` shown from Russian, `✗` missing.
fn matrix_text(report: &Report) -> String {
    let m = &report.matrix;
    if m.rows.is_empty() {
        return String::new();
    }
    let page_width = m.rows.iter().map(|r| display_width(&label(&r.page))).max().unwrap_or(4).max(4);
    let cell_width = m.languages.iter().map(|l| display_width(l).max(6)).collect::<Vec<_>>();
    let mut out = String::from(
        "Translations (✓ translated, review: translated, texts changed since; ← shown from another language, ✗ missing):\n",
    );
    let _ = write!(out, "  {:<page_width$}", "page");
    for (l, w) in m.languages.iter().zip(&cell_width) {
        let _ = write!(out, "  {l:<w$}");
    }
    out.truncate(out.trim_end_matches(' ').len());
    out.push('\n');
    for row in &m.rows {
        let _ = write!(out, "  {}{}", label(&row.page), " ".repeat(page_width - display_width(&label(&row.page))));
        for (cell, w) in row.languages.iter().zip(&cell_width) {
            let text = match (cell.state, &cell.from) {
                ("translated", _) => "✓".to_owned(),
                ("review", _) => "review".to_owned(),
                ("fallback", Some(from)) => format!("← {from}"),
                _ => "✗".to_owned(),
            };
            let _ = write!(out, "  {text}{}", " ".repeat(w.saturating_sub(display_width(&text))));
        }
        out.truncate(out.trim_end_matches(' ').len());
        out.push('\n');
    }
    out.push('\n');
    out
}

/// One line per catalog: the share translated and fuzzy.
fn catalogs_text(report: &Report) -> String {
    if report.catalogs.is_empty() {
        return String::new();
    }
    let mut out = String::from("Catalogs (po/<lang>.po: translated, fuzzy = changed in the original since):\n");
    for c in &report.catalogs {
        let _ = writeln!(
            out,
            "  {:<8} {:>3}% translated, {:>3}% fuzzy ({} of {} messages translated, {} fuzzy){}",
            c.lang,
            c.percent(c.translated),
            c.percent(c.fuzzy),
            c.translated,
            c.messages,
            c.fuzzy,
            if c.review.is_empty() { String::new() } else { format!("; pages to review: {}", c.review.join(", ")) }
        );
    }
    out.push('\n');
    out
}

fn label(page: &str) -> String {
    if page.is_empty() { "(home)".to_owned() } else { page.to_owned() }
}

fn display_width(s: &str) -> usize {
    s.chars().count()
}

/// The report as JSON (schema in this module's documentation).
pub fn json(report: &Report) -> String {
    let value = serde_json::json!({
        "version": 1,
        "pages": report.pages,
        "errors": report.errors(),
        "warnings": report.warnings(),
        "diagnostics": report.diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>(),
        "matrix": report.matrix,
        "catalogs": report.catalogs,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// One diagnostic as JSON; the path is written lossily so no file name can break the output.
fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    let mut v = serde_json::json!({
        "severity": d.severity,
        "path": d.path.strip_prefix(".").unwrap_or(&d.path).to_string_lossy().replace('\\', "/"),
        "line": d.line,
        "column": d.column,
        "message": d.message,
    });
    if let Some(s) = &d.source_line {
        v["source_line"] = s.clone().into();
    }
    if let Some(h) = &d.help {
        v["help"] = h.clone().into();
    }
    v
}
