//! The rules every file under src/ keeps, checked on the source itself: no
//! file over 400 lines of product (unit tests aside), no function over 80
//! lines, a `//!` doc at the top of every file, no circle of imports between
//! the crate's top-level modules, and no file importing back up the tree
//! from an ancestor module's own file. What broke a rule when it came is
//! listed below by name, so each list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const MAX_FILE_LINES: usize = 400;
const MAX_FN_LINES: usize = 80;

/// Files over [`MAX_FILE_LINES`], as `src/...`: none.
const LONG_FILES: &[&str] = &[];

/// Functions over [`MAX_FN_LINES`], as `src/...: name`, each to be split;
/// an entry that no longer breaks the rule fails the test, to be removed.
const LONG_FUNCTIONS: &[&str] = &[];

/// Top-level modules that import each other, directly or through others.
const IMPORT_CIRCLES: &[&[&str]] = &[];

/// Modules that import nothing from the crate, as their docs promise, so
/// that everything may use them.
const LEAVES: &[&str] = &["error", "progress"];

/// Every `.rs` file under `dir`, as (path from the crate root, text).
fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let name = path.strip_prefix(root).unwrap().display().to_string();
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn all_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), root, &mut files);
    files.sort();
    assert!(files.len() > 20, "found only {} files", files.len());
    files
}

/// The lines of a file that are product: all of a file but its unit-test
/// module (from `#[cfg(test)]` on), none of a `tests.rs` or `*_tests.rs`.
fn product(path: &str, text: &str) -> Vec<String> {
    if path.ends_with("/tests.rs") || path.ends_with("_tests.rs") {
        return Vec::new();
    }
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(String::from)
        .collect()
}

/// The code with every comment and the inside of every string and character
/// literal blanked (newlines kept), so that a brace in them counts for
/// nothing.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, s: &[char]| {
        out.extend(s.iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
    };
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let word_start = |at: usize| at == 0 || !ident(c[at - 1]);
    let mut i = 0;
    while i < c.len() {
        let rest = &c[i..];
        let end = if rest.starts_with(&['/', '/']) {
            i + rest.iter().position(|&ch| ch == '\n').unwrap_or(rest.len())
        } else if rest.starts_with(&['/', '*']) {
            let (mut depth, mut j) = (0, i);
            loop {
                if c[j..].starts_with(&['/', '*']) {
                    (depth, j) = (depth + 1, j + 2);
                } else if c[j..].starts_with(&['*', '/']) {
                    (depth, j) = (depth - 1, j + 2);
                    if depth == 0 {
                        break j;
                    }
                } else {
                    j += 1;
                }
            }
        } else if c[i] == 'r'
            && (word_start(i) || (c[i - 1] == 'b' && word_start(i - 1)))
            && matches!(c.get(i + 1), Some('"' | '#'))
        {
            let hashes = rest[1..].iter().take_while(|&&ch| ch == '#').count();
            if rest.get(1 + hashes) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain((0..hashes).map(|_| '#'))
                .collect();
            let body = i + 2 + hashes;
            body + (body..c.len())
                .position(|j| c[j..].starts_with(&close))
                .unwrap()
                + close.len()
        } else if c[i] == '"' {
            let mut j = i + 1;
            while c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            j + 1
        } else if c[i] == '\'' && c.get(i + 1) == Some(&'\\') {
            // After the backslash and the escaped character: '\'' too.
            i + 3 + c[i + 3..].iter().position(|&ch| ch == '\'').unwrap() + 1
        } else if c[i] == '\'' && c.get(i + 2) == Some(&'\'') {
            i + 3
        } else {
            out.push(c[i]);
            i += 1;
            continue;
        };
        blank(&mut out, &c[i..end]);
        i = end;
    }
    out
}

/// Each function's name and its length in lines, from `fn` to its closing
/// brace; a function without a body (in a trait) has none.
fn functions(code: &str) -> Vec<(String, usize)> {
    let c: Vec<char> = code.chars().collect();
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let line_of = |at: usize| c[..at].iter().filter(|&&ch| ch == '\n').count();
    let mut found = Vec::new();
    for i in 0..c.len() {
        let keyword = c[i..].starts_with(&['f', 'n'])
            && (i == 0 || !ident(c[i - 1]))
            && c.get(i + 2).is_some_and(|ch| ch.is_whitespace());
        if !keyword {
            continue;
        }
        let name_at = i
            + 2
            + c[i + 2..]
                .iter()
                .take_while(|ch| ch.is_whitespace())
                .count();
        let name: String = c[name_at..].iter().take_while(|&&ch| ident(ch)).collect();
        if name.is_empty() {
            continue;
        }
        // The body's opening brace, unless a `;` outside brackets ends the
        // signature first.
        let (mut nesting, mut open) = (0i32, None);
        for (j, &ch) in c.iter().enumerate().skip(name_at) {
            match ch {
                '(' | '[' | '<' => nesting += 1,
                ')' | ']' | '>' if c[j - 1] != '-' => nesting -= 1,
                ';' if nesting <= 0 => break,
                '{' if nesting <= 0 => {
                    open = Some(j);
                    break;
                }
                _ => {}
            }
        }
        let Some(open) = open else { continue };
        let mut depth = 0;
        let close = (open..c.len())
            .find(|&j| {
                match c[j] {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .unwrap();
        found.push((name, line_of(close) - line_of(i) + 1));
    }
    found
}

/// Every path the code names from `crate::` or `super::`, each `{…}` group
/// spread out: `super::{b, c::{d, self}}` is `super::b`, `super::c::d`, `super::c::self`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let c: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    for i in 0..c.len() {
        let starts = |word: &str| c[i..].iter().copied().take(word.len()).eq(word.chars());
        let mid_path = i > 0 && (c[i - 1].is_alphanumeric() || matches!(c[i - 1], '_' | ':'));
        if !mid_path && (starts("crate::") || starts("super::")) {
            use_tree(&c, i, Vec::new(), &mut found);
        }
    }
    found
}

/// Read the path or use tree at `c[i..]` after `path`, adding each path it
/// names to `found`; returns where it ends.
fn use_tree(c: &[char], i: usize, mut path: Vec<String>, found: &mut Vec<Vec<String>>) -> usize {
    let skip = |i: usize| i + c[i..].iter().take_while(|ch| ch.is_whitespace()).count();
    let mut i = skip(i);
    if c.get(i) == Some(&'{') {
        i = skip(i + 1);
        while !matches!(c.get(i), None | Some('}')) {
            i = use_tree(c, i, path.clone(), found);
            // Past an `as name`, to the comma or the closing brace.
            while !matches!(c.get(i), None | Some(',' | '}')) {
                i += 1;
            }
            i = skip(i + usize::from(c.get(i) == Some(&',')));
        }
        return (i + 1).min(c.len());
    }
    let name: String = (c[i..].iter())
        .take_while(|&&ch| ch.is_alphanumeric() || matches!(ch, '_' | '*'))
        .collect();
    i += name.chars().count();
    path.push(name);
    if c[i..].starts_with(&[':', ':']) {
        return use_tree(c, i + 2, path, found);
    }
    found.push(path);
    i
}

/// The top-level modules a file's code names through `crate::`.
fn imports(code: &str) -> BTreeSet<String> {
    let from_crate = paths(code).into_iter().filter(|p| p[0] == "crate");
    from_crate.filter_map(|p| p.get(1).cloned()).collect()
}

/// The module a file under src/ is, as its path: `src/a/b.rs` and
/// `src/a/b/mod.rs` are `[a, b]`, `src/lib.rs` and `src/main.rs` the root.
fn module_of(path: &str) -> Vec<String> {
    let name = path["src/".len()..].trim_end_matches(".rs");
    match name.trim_end_matches("/mod") {
        "lib" | "main" => Vec::new(),
        name => name.split('/').map(String::from).collect(),
    }
}

/// What the file of `module` names in the own file of one of its
/// ancestors, as `crate::a::Name`: any name there but a module with a file
/// of its own (`is_module`), so that no file imports back up the tree.
fn up_imports(module: &[String], code: &str, is_module: impl Fn(&[String]) -> bool) -> Vec<String> {
    let found = paths(code).into_iter().filter_map(|path| {
        // From the root for `crate::a`, one module up for each `super::`.
        let ups = path.iter().take_while(|s| *s == "super").count();
        let from = if path[0] == "crate" { &[][..] } else { module };
        let full = [&from[..from.len().saturating_sub(ups)], &path[ups.max(1)..]].concat();
        // `full[..at]` is an ancestor of the module, `full[at]` what it names there.
        let at = full.iter().zip(module).take_while(|(a, b)| a == b).count();
        let up = at < module.len() && full.get(at).is_some_and(|name| name != "self");
        (up && !is_module(&full[..=at])).then(|| format!("crate::{}", full[..=at].join("::")))
    });
    found.collect()
}

#[test]
fn no_file_is_over_400_lines_of_product() {
    let long: Vec<String> = all_sources()
        .iter()
        .filter(|(path, text)| product(path, text).len() > MAX_FILE_LINES)
        .map(|(path, text)| format!("{path}: {} lines", product(path, text).len()))
        .collect();
    let listed: Vec<&str> = long.iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        listed, LONG_FILES,
        "files over {MAX_FILE_LINES} lines: {long:#?}"
    );
}

#[test]
fn no_function_is_over_80_lines() {
    let mut long = Vec::new();
    for (path, text) in all_sources() {
        let code = code_only(&product(&path, &text).join("\n"));
        for (name, lines) in functions(&code) {
            if lines > MAX_FN_LINES {
                long.push((format!("{path}: {name}"), lines));
            }
        }
    }
    let names: Vec<&str> = long.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names, LONG_FUNCTIONS,
        "functions over {MAX_FN_LINES} lines (split them; remove one split from the list): {long:#?}"
    );
}

#[test]
fn every_file_starts_with_a_module_doc() {
    let undocumented: Vec<String> = all_sources()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(path, _)| path)
        .collect();
    assert!(undocumented.is_empty(), "no //! doc: {undocumented:?}");
}

#[test]
fn no_top_level_modules_import_each_other() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let sources = all_sources();
    let modules: BTreeSet<String> = (sources.iter())
        .filter_map(|(path, _)| module_of(path).first().cloned())
        .collect();
    for (path, text) in &sources {
        let module = module_of(path);
        let Some(top) = module.first() else {
            continue;
        };
        let uses = imports(&code_only(text));
        let entry = graph.entry(top.clone()).or_default();
        entry.extend(uses.into_iter().filter(|m| m != top && modules.contains(m)));
    }
    for leaf in LEAVES {
        let uses = graph.get(*leaf).filter(|uses| !uses.is_empty());
        assert_eq!(uses, None, "{leaf} imports {uses:?}");
    }
    // Who each module reaches, then the circles: modules that reach each other.
    let reach = |from: &str| {
        let (mut seen, mut todo) = (BTreeSet::new(), vec![from.to_string()]);
        while let Some(m) = todo.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        modules.iter().map(|m| (m, reach(m))).collect();
    let mut circles: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, reached) in reaches.iter().filter(|(m, reached)| reached.contains(**m)) {
        let with_m = |o: &&String| reaches[*o].contains(*m);
        circles.insert(reached.iter().filter(with_m).cloned().collect());
    }
    let circles = Vec::from_iter(circles);
    assert_eq!(circles, IMPORT_CIRCLES, "circles of top-level modules");
}

#[test]
fn no_file_imports_from_an_ancestors_own_file() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let is_module = |path: &[String]| {
        let at = src.join(path.join("/"));
        at.with_extension("rs").is_file() || at.join("mod.rs").is_file()
    };
    let mut up = Vec::new();
    for (path, text) in all_sources() {
        let code = code_only(&product(&path, &text).join("\n"));
        let found = up_imports(&module_of(&path), &code, is_module);
        up.extend(found.into_iter().map(|name| format!("{path}: {name}")));
    }
    assert!(up.is_empty(), "imports back up the tree: {up:#?}");
}

#[test]
fn the_rules_read_code_not_comments_or_strings() {
    let long_body = "    x();\n".repeat(MAX_FN_LINES);
    let source = format!(
        "/// fn in_a_doc() {{\nfn short(a: [u8; 2]) -> Vec<u8> {{\n    let s = \"}}\"; let c = '{{'; let q = '\\''; let b = br\"\\\";\n    \
         let r = r#\"{{\"#; // }}\n    vec![]\n}}\ntrait T {{ fn declared(&self); }}\n\
         pub(crate) fn long<'a>(x: &'a str) {{\n{long_body}}}\nuse crate::{{db::{{self, x}}, error}};\n\
         fn f() {{ crate::output::grouped(1); }}\n"
    );
    let code = code_only(&source);
    assert_eq!(
        functions(&code),
        [
            ("short".to_string(), 5),
            ("long".to_string(), MAX_FN_LINES + 2),
            ("f".to_string(), 1)
        ]
    );
    let expected: BTreeSet<String> = ["db", "error", "output"].map(String::from).into();
    assert_eq!(imports(&code), expected);
    // In `src/output/json.rs`: `super::Sink` runs back up to `src/output/mod.rs`.
    let code = code_only(
        "// use super::Sink;\nuse super::{text::cell as text_cell, Sink};\n\
         use super::super::Root;\nuse crate::output::{self, json::Own, table::{self, Width}};\n\
         use super::*;\nfn f() { let s = \"super::Hidden\"; crate::seed::Problem::new(); }\n",
    );
    let is_module =
        |path: &[String]| ["output::table", "output::text", "seed"].contains(&&*path.join("::"));
    assert_eq!(
        up_imports(&module_of("src/output/json.rs"), &code, is_module),
        ["crate::output::Sink", "crate::Root", "crate::output::*"]
    );
}
