//! Keeps a theme's templates from running forever. Tera 1.x has no loop or recursion
//! limit, so chyrak bounds the only three ways a template can go on without end:
//!
//! * **recursion**: a macro that calls itself (directly or through other macros) and
//!   a template that includes itself (directly or through others) are refused when
//!   the theme loads, naming the template; Tera itself refuses circular `extends`;
//! * **loops**: a `for` loop runs over a value of finite size — site data, or
//!   `range()`, which chyrak replaces with a version that refuses more than
//!   [`MAX_RANGE`] items;
//! * nothing else in Tera repeats (no `while`, no recursion in filters).
//!
//! So every template ends. A template can still be slow by nesting loops, but each
//! level is bounded by the data or by [`MAX_RANGE`].

use crate::error::Diagnostic;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// The most items `range()` gives in a template.
pub const MAX_RANGE: usize = 10_000;

/// `range(end=…, start=0, step_by=1)` as Tera's, refusing ranges over [`MAX_RANGE`] items.
pub fn bounded_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let number = |key: &str, default: Option<u64>| match args.get(key) {
        Some(v) => v.as_u64().ok_or_else(|| tera::Error::msg(format!("range(): `{key}` must be a whole number"))),
        None => default.ok_or_else(|| tera::Error::msg(format!("range() needs `{key}`"))),
    };
    let (start, end, step) = (number("start", Some(0))?, number("end", None)?, number("step_by", Some(1))?.max(1));
    if start > end {
        return Err(tera::Error::msg("range(): `start` is greater than `end`"));
    }
    if (end - start).div_ceil(step) > MAX_RANGE as u64 {
        return Err(tera::Error::msg(format!(
            "range() of {} items: templates may loop at most {MAX_RANGE} times",
            (end - start).div_ceil(step)
        )));
    }
    Ok((start..end).step_by(step as usize).map(tera::Value::from).collect::<Vec<_>>().into())
}

/// Recursive macros and includes in `tera`'s templates. `paths` maps template names to
/// the files they came from, for the diagnostics.
pub fn recursion(tera: &tera::Tera, paths: &HashMap<String, PathBuf>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Macro calls: (template, macro) → the (template, macro)s its body calls.
    let mut calls: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
    // Includes: template → templates it includes.
    let mut includes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, t) in &tera.templates {
        let namespaces: HashMap<&str, &str> =
            t.imported_macro_files.iter().map(|(file, ns)| (ns.as_str(), file.as_str())).collect();
        for (macro_name, def) in &t.macros {
            let body = format!("{:?}", def.body);
            let called = macro_calls(&body)
                .into_iter()
                .filter_map(|(ns, m)| {
                    let file = if ns == "self" { Some(name.as_str()) } else { namespaces.get(ns.as_str()).copied() };
                    file.map(|f| (f.to_owned(), m))
                })
                .collect();
            calls.insert((name.clone(), macro_name.clone()), called);
        }
        includes.insert(name.clone(), included(&format!("{:?}", t.ast)).into_iter().collect());
    }
    let path = |name: &str| paths.get(name).cloned().unwrap_or_else(|| PathBuf::from(format!("template {name}")));
    if let Some(cycle) = find_cycle(&calls) {
        let (file, _) = &cycle[0];
        let chain: Vec<String> = cycle.iter().map(|(f, m)| format!("{m} ({f})")).collect();
        problems.push(
            Diagnostic::error(path(file), format!("template error: macro recursion {}", chain.join(" → ")))
                .with_help("chyrak does not allow recursive macros (a template that never ends would hang the build); unroll it into a loop"),
        );
    }
    if let Some(cycle) = find_cycle(&includes) {
        problems.push(
            Diagnostic::error(path(&cycle[0]), format!("template error: include cycle {}", cycle.join(" → ")))
                .with_help("a template must not include itself, directly or through others"),
        );
    }
    problems
}

/// `(namespace, name)` of every macro call in the Debug form of an AST.
fn macro_calls(debug: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = debug;
    while let Some(i) = rest.find("MacroCall { namespace: \"") {
        rest = &rest[i + 24..];
        let ns = rest.split('"').next().unwrap_or("").to_owned();
        if let Some(j) = rest.find("name: \"") {
            let name = rest[j + 7..].split('"').next().unwrap_or("").to_owned();
            out.push((ns, name));
        }
    }
    out
}

/// Template names in every `Include(…, ["a.html", …], …)` of the Debug form of an AST.
fn included(debug: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = debug;
    while let Some(i) = rest.find("Include(") {
        rest = &rest[i + 8..];
        let Some(open) = rest.find('[') else { break };
        let Some(close) = rest[open..].find(']') else { break };
        let list = &rest[open + 1..open + close];
        out.extend(list.split(", ").map(|s| s.trim_matches('"').to_owned()).filter(|s| !s.is_empty()));
    }
    out
}

/// A cycle in a directed graph, as the nodes along it (first repeated at the end).
fn find_cycle<N: Ord + Clone>(graph: &BTreeMap<N, BTreeSet<N>>) -> Option<Vec<N>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<N: Ord + Clone>(
        n: &N,
        graph: &BTreeMap<N, BTreeSet<N>>,
        marks: &mut BTreeMap<N, Mark>,
        stack: &mut Vec<N>,
    ) -> Option<Vec<N>> {
        match marks.get(n) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = stack.iter().position(|s| s == n).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(n.clone());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(n.clone(), Mark::Open);
        stack.push(n.clone());
        for next in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, graph, marks, stack) {
                return Some(c);
            }
        }
        stack.pop();
        marks.insert(n.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph.keys().find_map(|n| visit(n, graph, &mut marks, &mut Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> tera::Tera {
        let mut t = tera::Tera::default();
        t.add_raw_templates(templates.iter().copied()).unwrap();
        t
    }

    #[test]
    fn recursive_macros_and_includes_are_found() {
        let t = tera(&[(
            "m.html",
            "{% macro f(n) %}{{ self::g(n=n) }}{% endmacro %}{% macro g(n) %}{{ self::f(n=n) }}{% endmacro %}",
        )]);
        let p = recursion(&t, &HashMap::new());
        assert!(p[0].message.contains("macro recursion"), "{p:?}");
        let t = tera(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{% if x %}{% include \"a.html\" %}{% endif %}"),
        ]);
        assert!(recursion(&t, &HashMap::new())[0].message.contains("include cycle"));
        let t = tera(&[
            ("a.html", "{% macro f() %}x{% endmacro %}{{ self::f() }}{% include \"b.html\" %}"),
            ("b.html", "b"),
        ]);
        assert!(recursion(&t, &HashMap::new()).is_empty());
    }

    #[test]
    fn range_is_bounded() {
        let args = |end: u64| HashMap::from([("end".to_owned(), tera::Value::from(end))]);
        assert_eq!(bounded_range(&args(3)).unwrap(), serde_json::json!([0, 1, 2]));
        assert!(bounded_range(&args(10_000_000_000)).is_err());
    }
}
