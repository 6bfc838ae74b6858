//! msgmerge's rules for a catalog and the texts extracted now: a translation is kept
//! with its text; a text that moved keeps its translation; a text that changed keeps
//! its old translation marked `#, fuzzy`, with the old text as `#| msgid`, so the
//! translator sees exactly what changed; a text that is gone leaves its translation
//! as an obsolete entry (`#~`), where a PO editor can still find it.

use super::catalog::Entry;

/// The page part of a context (`lessons/01-a` of `lessons/01-a:body.3`).
pub fn page_of(context: &str) -> &str {
    context.rsplit_once(':').map_or(context, |(p, _)| p)
}

/// The entries of the catalog after merging `fresh` (extracted now, untranslated)
/// with `old` (the catalog's entries, live and obsolete). `forms` is the number of
/// plural forms of the language.
pub fn merge(fresh: Vec<Entry>, old: &[Entry], forms: usize) -> Vec<Entry> {
    let mut used = vec![false; old.len()];
    let mut out: Vec<Option<Entry>> = fresh.iter().map(|_| None).collect();
    let same_text = |a: &Entry, b: &Entry| a.id == b.id && a.plural == b.plural;
    // 1. Same context and text; 2. same text on the same page (moved); 3. same context (changed).
    for pass in 0..3 {
        for (k, new) in fresh.iter().enumerate() {
            if out[k].is_some() {
                continue;
            }
            let found = old.iter().enumerate().find(|(i, o)| {
                !used[*i]
                    && o.is_translated()
                    && match pass {
                        0 => o.context == new.context && same_text(o, new),
                        1 => {
                            same_text(o, new)
                                && page_of(o.context.as_deref().unwrap_or(""))
                                    == page_of(new.context.as_deref().unwrap_or(""))
                        }
                        _ => o.context == new.context && !o.obsolete,
                    }
            });
            if let Some((i, o)) = found {
                used[i] = true;
                let mut e = new.clone();
                e.strs = o.strs.clone();
                e.translator = o.translator.clone();
                e.flags = o.flags.iter().filter(|f| *f != "fuzzy").cloned().collect();
                if pass == 2 {
                    e.set_fuzzy(true);
                    e.previous =
                        Some(if o.is_fuzzy() { o.previous.clone().unwrap_or(o.id.clone()) } else { o.id.clone() });
                } else if o.is_fuzzy() {
                    e.set_fuzzy(true);
                    e.previous = o.previous.clone();
                }
                out[k] = Some(e);
            }
        }
    }
    let mut entries: Vec<Entry> = out
        .into_iter()
        .zip(fresh)
        .map(|(merged, new)| {
            let mut e = merged.unwrap_or(new);
            let n = if e.plural.is_some() { forms } else { 1 };
            e.strs.resize(n, String::new());
            e.obsolete = false;
            e
        })
        .collect();
    // Translations of texts that are gone, kept as obsolete entries (once each).
    let mut gone: Vec<Entry> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if used[i] || !o.is_translated() {
            continue;
        }
        if gone.iter().any(|g| g.context == o.context && g.id == o.id) {
            continue;
        }
        let mut e = o.clone();
        e.obsolete = true;
        e.references.clear();
        e.line = 0;
        gone.push(e);
    }
    entries.append(&mut gone);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ctx: &str, id: &str, tr: &str) -> Entry {
        Entry { context: Some(ctx.into()), id: id.into(), strs: vec![tr.into()], ..Default::default() }
    }

    #[test]
    fn msgmerge_semantics() {
        let old = [
            entry("a:body.1", "Kept", "Сохранено"),
            entry("a:body.2", "Old text", "Старый текст"),
            entry("a:body.3", "Gone", "Ушло"),
            entry("a:body.4", "Moved", "Перемещено"),
        ];
        let fresh = vec![
            entry("a:body.1", "Kept", ""),
            entry("a:body.2", "New text", ""),
            entry("a:body.3", "Moved", ""),
            entry("a:body.5", "Brand new", ""),
        ];
        let m = merge(fresh, &old, 2);
        assert_eq!(m[0].strs, ["Сохранено"]);
        assert!(!m[0].is_fuzzy());
        assert!(m[1].is_fuzzy());
        assert_eq!(m[1].previous.as_deref(), Some("Old text"));
        assert_eq!(m[1].strs, ["Старый текст"]);
        assert_eq!(m[2].strs, ["Перемещено"]);
        assert!(!m[2].is_fuzzy(), "a moved text keeps its translation");
        assert_eq!(m[3].strs, [""]);
        assert_eq!(m.len(), 5);
        assert!(m[4].obsolete && m[4].id == "Gone");
    }

    #[test]
    fn merging_twice_changes_nothing() {
        let old = [entry("a:body.1", "Old", "Старый")];
        let once = merge(vec![entry("a:body.1", "New", "")], &old, 2);
        let twice = merge(vec![entry("a:body.1", "New", "")], &once, 2);
        assert_eq!(once, twice);
    }
}
