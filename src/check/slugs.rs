//! Slugs that clash: two pages whose paths differ only in letter case (`Lesson-1` and
//! `lesson-1`) are one folder on Windows, macOS and most USB sticks, so one page would
//! overwrite the other when the site is copied there. (Two files defining the same
//! page are already an error of the build.)

use crate::error::Diagnostic;
use crate::model::Site;
use std::collections::HashMap;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, String> = HashMap::new();
    let keys = site.sections.iter().map(|s| (s.path.clone(), s.translations.values().next().map(|t| &t.path)));
    let keys = keys.chain(site.items.iter().map(|i| (i.key(), i.translations.values().next().map(|t| &t.path))));
    for (key, path) in keys {
        let other = seen.insert(key.to_lowercase(), key.clone());
        if let Some(other) = other.filter(|o| *o != key) {
            let path = path.cloned().unwrap_or_else(|| site.root.join("content").join(&key));
            out.push(
                Diagnostic::error(path, format!("`@/{key}` and `@/{other}` differ only in capitals"))
                    .with_help("rename one folder: on Windows, macOS and USB sticks they are the same folder"),
            );
        }
    }
}
