//! The pipeline's layers, as docs/architecture.md draws them: a module
//! uses only layers below its own (and its own). This test reads every `crate::` path
//! of every source file (outside its `#[cfg(test)]` part) and fails on one that reaches
//! a layer above.

use std::path::Path;

/// Top-level modules by layer, bottom first.
const LAYERS: &[&[&str]] = &[
    &["error", "hash", "timings", "toml_error"],
    &["config"],
    &["discover"],
    &["parse"],
    &["model"],
    &["output"],
    &["assets"],
    &["render"],
    &["site"],
    &["po"],
    &["commands"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The crate-level modules a source file refers to by `crate::…`, with their lines.
fn references(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let name = if name.is_empty() {
                // `use crate::{a, b}`: every name in the braces.
                let inner = after.strip_prefix('{').and_then(|r| r.split('}').next()).unwrap_or("");
                for part in inner.split(',') {
                    let m: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !m.is_empty() {
                        out.push((n + 1, m));
                    }
                }
                String::new()
            } else {
                name
            };
            if !name.is_empty() {
                out.push((n + 1, name));
            }
            rest = &after[1.min(after.len())..];
        }
    }
    out
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&src).into_iter().map(|e| e.unwrap()) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned();
        let Some(own) = layer(&top) else {
            // lib.rs, main.rs and cli.rs are the crate's root and the binary.
            assert!(
                ["lib", "main", "cli"].contains(&top.as_str()),
                "{} is in no layer: add it to LAYERS",
                rel.display()
            );
            continue;
        };
        files += 1;
        let text = std::fs::read_to_string(path).unwrap();
        for (line, module) in references(&text) {
            match layer(&module) {
                Some(l) if l > own => problems.push(format!(
                    "{}:{line}: `{top}` (layer {own}) uses `crate::{module}` (layer {l}), a layer above it",
                    rel.display()
                )),
                Some(_) => {}
                None => problems.push(format!("{}:{line}: `crate::{module}` is in no layer", rel.display())),
            }
        }
    }
    assert!(files > 40, "read {files} files");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_reader_finds_imports_of_every_form() {
    let text = "use crate::model::Site;\nuse crate::{config, output::Sink};\nlet x = crate::render::CSP; // crate::site\n#[cfg(test)]\nuse crate::commands;";
    let found: Vec<String> = references(text).into_iter().map(|(_, m)| m).collect();
    assert_eq!(found, ["model", "config", "output", "render"]);
}
