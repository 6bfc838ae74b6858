//! What a built site costs its readers and its USB stick, read from the output: what
//! the service worker downloads on a first visit (the shell, then what fits in the
//! budget, as `themes/default/scripts/sw.js` picks it), a whole language, the lists
//! themselves, the number of files, and what one search query can download at most.

use serde_json::Value;
use std::fs;
use std::path::Path;

/// The default `[offline] budget` (the generated sites keep it).
pub const BUDGET: u64 = 5_000_000;

pub struct Language {
    pub lang: String,
    /// The language's list itself.
    pub list: u64,
    /// The shell: what every visit downloads, and what a reader who saves data gets.
    pub shell: u64,
    /// Shared files, root list picks, the lists, the shell and the budget's picks.
    pub first_visit: u64,
    /// Of which what no budget limits: `sw.js`, the shared files, the lists and shells.
    pub fixed: u64,
    pub first_visit_files: usize,
    /// Every file of the language ("keep all").
    pub whole: u64,
    pub whole_files: usize,
    /// The largest query download: the shard table, the largest shard and the two
    /// largest document tables (a one-word query shows its first results from one or
    /// two of them).
    pub query_bound: u64,
}

pub struct Output {
    pub files: usize,
    pub search_files: usize,
    pub languages: Vec<Language>,
}

fn size(out: &Path, rel: &str) -> u64 {
    fs::metadata(out.join(rel)).map_or(0, |m| m.len())
}

/// (entries as (size), shell count) of a list.
fn list(out: &Path, rel: &str) -> (Vec<u64>, usize) {
    let data: Value =
        fs::read_to_string(out.join(rel)).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    let sizes =
        data["entries"].as_array().map_or(Vec::new(), |e| e.iter().map(|r| r[2].as_u64().unwrap_or(0)).collect());
    (sizes, data["shell"].as_u64().unwrap_or(0) as usize)
}

/// Bytes and files the worker takes of a list with the budget.
fn within_budget(sizes: &[u64], shell: usize) -> (u64, usize) {
    let (mut used, mut files) = (0, shell);
    for &s in &sizes[shell..] {
        if used + s <= BUDGET {
            used += s;
            files += 1;
        }
    }
    (sizes[..shell].iter().sum::<u64>() + used, files)
}

pub fn measure(out: &Path, langs: &[&str]) -> Output {
    let mut files = 0;
    let mut search_files = 0;
    for e in walkdir::WalkDir::new(out).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        files += 1;
        if e.path().components().any(|c| c.as_os_str() == "search") && !e.path().ends_with("index.html") {
            search_files += 1;
        }
    }
    // The shared files named in sw.js, and the root list.
    let sw = fs::read_to_string(out.join("sw.js")).unwrap_or_default();
    let config: Value = sw
        .split("var SITE = ")
        .nth(1)
        .and_then(|t| t.split(";\n").next())
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default();
    let shared: u64 = config["shared"].as_object().map_or(0, |m| m.keys().map(|p| size(out, p)).sum());
    let (root, root_shell) = list(out, "precache.json");
    let (root_auto, root_auto_files) = within_budget(&root, root_shell);
    let root_shell_bytes: u64 = root[..root_shell].iter().sum();
    let common = size(out, "sw.js") + shared + size(out, "precache.json") + root_auto;
    let common_files = 2 + config["shared"].as_object().map_or(0, |m| m.len()) + root_auto_files;
    let languages = langs
        .iter()
        .map(|lang| {
            let rel = format!("{lang}/precache.json");
            let (sizes, shell) = list(out, &rel);
            let (auto, auto_files) = within_budget(&sizes, shell);
            let search = out.join(lang).join("search");
            let mut shards = Vec::new();
            let mut docs = Vec::new();
            for e in fs::read_dir(&search).into_iter().flatten().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let len = e.metadata().map_or(0, |m| m.len());
                if name.starts_with('s') && name.ends_with(".js") {
                    shards.push(len);
                } else if name.starts_with('d') && name.ends_with(".js") {
                    docs.push(len);
                }
            }
            docs.sort_unstable_by(|a, b| b.cmp(a));
            let query_bound = size(out, &format!("{lang}/search/index.js"))
                + shards.iter().max().copied().unwrap_or(0)
                + docs.iter().take(2).sum::<u64>();
            Language {
                lang: lang.to_string(),
                list: size(out, &rel),
                shell: sizes[..shell].iter().sum(),
                first_visit: common + size(out, &rel) + auto,
                fixed: common - root_auto + root_shell_bytes + size(out, &rel) + sizes[..shell].iter().sum::<u64>(),
                first_visit_files: common_files + 1 + auto_files,
                whole: common + size(out, &rel) + sizes.iter().sum::<u64>() + root.iter().sum::<u64>() - root_auto,
                whole_files: common_files + 1 + sizes.len() + root.len() - root_auto_files,
                query_bound,
            }
        })
        .collect();
    Output { files, search_files, languages }
}
