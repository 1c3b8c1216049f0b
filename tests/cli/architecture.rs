//! The architecture of `src/` as rules a test can check (see `docs/ARCHITECTURE.md`): no import
//! cycles between top-level modules nor between files, no module importing a layer after its
//! own (io → corpus → align → tokenize → metrics → stats → analysis → report → cli; `error` and
//! `text` below them all), and no function outside `#[cfg(test)]` longer than 120 lines.
//!
//! The sources are read with a small scanner rather than a Rust parser: comments and string
//! literals are blanked out, `#[cfg(test)]` items removed, and what remains is searched for
//! `crate::`, `super::`, `self::` and `mteval::` paths (use trees expanded) and for brace-balanced
//! `fn` bodies. A module and its own submodules are one unit: paths between a file and its
//! ancestors or descendants (`super::Item` in a child, `child::item` in its parent) are not
//! imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, in pipeline order: each may import the ones before it.
const LAYERS: &[&str] = &[
    "io", "corpus", "align", "tokenize", "metrics", "stats", "analysis", "report", "cli",
];
/// Modules below every layer, importing none of them.
const HELPERS: &[&str] = &["error", "text"];
/// The longest function allowed outside tests, in lines from `fn` to its closing brace.
const MAX_FUNCTION_LINES: usize = 120;

/// A module path from the crate root: `["report", "chart"]`.
type ModulePath = Vec<String>;

/// One source file, scanned.
struct SourceFile {
    /// Relative to the repository: `src/report/html.rs`.
    path: String,
    module: ModulePath,
    /// The text with comments and literals blanked and `#[cfg(test)]` items removed; line
    /// numbers are the file's.
    code: String,
}

/// An import of one module by another, where it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    from: ModulePath,
    to: ModulePath,
    /// The file it is written in, `src/corpus.rs`.
    file: String,
    line: usize,
    /// The path as written, `crate::io::TextFile`.
    path: String,
}

impl std::fmt::Display for Import {
    /// `src/corpus.rs:6 uses crate::io::TextFile`.
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}:{} uses {}", self.file, self.line, self.path)
    }
}

/// The library's and the binary's modules (`src/main.rs` declares only `cli`, so both share one
/// namespace: `crate::` in `src/cli/` and `mteval::` mean the same tree).
fn read_sources(root: &Path) -> Vec<SourceFile> {
    let mut paths = Vec::new();
    collect_rust_files(&root.join("src"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            SourceFile {
                module: module_of(&relative),
                code: without_test_items(&blank_comments_and_literals(&text)),
                path: relative,
            }
        })
        .collect()
}

fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/report/chart/mod.rs` → `report::chart`; `src/lib.rs` and `src/main.rs` → the root.
fn module_of(relative: &str) -> ModulePath {
    let inside = relative.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: ModulePath = inside.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text with every comment and every string, byte-string and character literal replaced by
/// spaces (newlines kept), so that braces, `fn` and paths are only found in code.
fn blank_comments_and_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            let mut depth = 0;
            loop {
                if chars[i..].starts_with(&['/', '*']) {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i..].starts_with(&['*', '/']) {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&chars, i) {
            chars[i..end].iter().for_each(|&c| out.push(blank(c)));
            i = end;
        } else if chars[i] == '"' || (chars[i] == 'b' && rest.get(1) == Some(&'"')) {
            let start = i;
            i += if chars[i] == 'b' { 2 } else { 1 };
            while chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            chars[start..i].iter().for_each(|&c| out.push(blank(c)));
        } else if let Some(length) = char_literal_length(rest) {
            (0..length).for_each(|_| out.push(' '));
            i += length;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The end of a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) starting at `i`.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let mut j = i + usize::from(chars[i] == 'b');
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    loop {
        if chars[j] == '"'
            && chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
}

/// The length of a character literal (`'a'`, `'\n'`, `'\u{1F600}'`, `b'x'`) at the start of
/// `rest`; `None` for a lifetime or label (`'a`).
fn char_literal_length(rest: &[char]) -> Option<usize> {
    let prefix = usize::from(rest.first() == Some(&'b') && rest.get(1) == Some(&'\''));
    if rest.get(prefix) != Some(&'\'') {
        return None;
    }
    let body = &rest[prefix + 1..];
    let inner = match body.first()? {
        '\\' => 1 + body[1..].iter().position(|&c| c == '\'')?,
        _ => 1,
    };
    (body.get(inner) == Some(&'\'')).then_some(prefix + inner + 2)
}

/// `code` without the items marked `#[cfg(test)]` (a test module, function or `use`), blanked
/// out with their attributes.
fn without_test_items(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + marker.len() <= chars.len() {
        if chars[i..].starts_with(&marker) {
            let end = item_end(&chars, i + marker.len());
            for c in &mut chars[i..end] {
                if *c != '\n' {
                    *c = ' ';
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    chars.into_iter().collect()
}

/// Where the item starting at `i` ends: after its brace-balanced body or its `;`.
fn item_end(chars: &[char], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < chars.len() {
        match chars[i] {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            ';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// A token of blanked code: an identifier or keyword, or one punctuation character (`::` is
/// two `:`), with its 1-based line.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    text: String,
    line: usize,
}

fn tokens(code: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (index, line) in code.lines().enumerate() {
        let mut chars = line.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_alphanumeric() || c == '_' {
                let mut end = start + c.len_utf8();
                while let Some(&(i, d)) = chars.peek() {
                    if !(d.is_alphanumeric() || d == '_') {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
                out.push(Token {
                    text: line[start..end].to_string(),
                    line: index + 1,
                });
            } else if !c.is_whitespace() {
                out.push(Token {
                    text: c.to_string(),
                    line: index + 1,
                });
            }
        }
    }
    out
}

/// Every `crate::`/`super::`/`self::`/`mteval::` path in `tokens`, use trees expanded:
/// `use crate::{a::b, c::{d, e}}` gives `crate::a::b`, `crate::c::d`, `crate::c::e`.
fn paths(tokens: &[Token]) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts_path = matches!(
            tokens[i].text.as_str(),
            "crate" | "super" | "self" | "mteval"
        ) && is_path_separator(tokens, i + 1)
            && (i == 0 || !is_path_separator(tokens, i.saturating_sub(2)));
        if starts_path {
            let line = tokens[i].line;
            let (expanded, next) = path_tree(tokens, i);
            out.extend(expanded.into_iter().map(|p| (p, line)));
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

fn is_identifier(text: &str) -> bool {
    text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn is_path_separator(tokens: &[Token], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| t.text == ":") && tokens.get(i + 1).is_some_and(|t| t.text == ":")
}

/// The paths of the use tree starting at `i` and the index after it.
fn path_tree(tokens: &[Token], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        match tokens.get(i).map(|t| t.text.as_str()) {
            Some("{") => {
                let mut expanded = Vec::new();
                i += 1;
                while tokens.get(i).is_some_and(|t| t.text != "}") {
                    if tokens[i].text == "," {
                        i += 1;
                        continue;
                    }
                    let (inner, next) = path_tree(tokens, i);
                    expanded.extend(inner.into_iter().map(|p| [prefix.clone(), p].concat()));
                    i = next;
                }
                return (expanded, i + 1);
            }
            Some(text) if text == "*" || is_identifier(text) => {
                prefix.push(text.to_string());
                if !is_path_separator(tokens, i + 1) {
                    return (vec![prefix], i + 1);
                }
                i += 3;
            }
            _ => return (vec![prefix], i),
        }
    }
}

/// The module a path names, the longest known module it starts with, seen from `from`.
fn resolve(
    from: &ModulePath,
    path: &[String],
    modules: &BTreeSet<ModulePath>,
) -> Option<ModulePath> {
    let mut base = from.clone();
    let mut rest = path;
    match path.first()?.as_str() {
        "crate" | "mteval" => {
            base.clear();
            rest = &path[1..];
        }
        "self" => rest = &path[1..],
        _ => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
    }
    let mut module = base;
    for segment in rest {
        let mut longer = module.clone();
        longer.push(segment.clone());
        if !modules.contains(&longer) {
            break;
        }
        module = longer;
    }
    (!module.is_empty()).then_some(module)
}

/// Every import between two unrelated modules of `src/`, one per module and line (the first
/// path written there).
fn imports(files: &[SourceFile]) -> Vec<Import> {
    let modules: BTreeSet<ModulePath> = files.iter().map(|f| f.module.clone()).collect();
    let mut out = Vec::new();
    for file in files {
        let mut seen = BTreeSet::new();
        for (path, line) in paths(&tokens(&file.code)) {
            let Some(to) = resolve(&file.module, &path, &modules) else {
                continue;
            };
            let related = file.module.starts_with(&to) || to.starts_with(&file.module);
            if !related && seen.insert((to.clone(), line)) {
                out.push(Import {
                    from: file.module.clone(),
                    to,
                    file: file.path.clone(),
                    line,
                    path: path.join("::"),
                });
            }
        }
    }
    out.sort();
    out
}

/// The strongly connected components with more than one node (Tarjan), each sorted.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Search<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(search: &mut Search<'a>, node: &'a str) {
        let number = search.index.len();
        search.index.insert(node, number);
        search.low.insert(node, number);
        search.stack.push(node);
        let edges = search.edges;
        for next in edges.get(node).into_iter().flatten() {
            if !search.index.contains_key(next.as_str()) {
                visit(search, next);
                let low = search.low[node].min(search.low[next.as_str()]);
                search.low.insert(node, low);
            } else if search.stack.contains(&next.as_str()) {
                let low = search.low[node].min(search.index[next.as_str()]);
                search.low.insert(node, low);
            }
        }
        if search.low[node] == search.index[node] {
            let at = search.stack.iter().rposition(|&n| n == node).unwrap();
            let mut component: Vec<String> = search.stack.drain(at..).map(str::to_string).collect();
            if component.len() > 1 {
                component.sort();
                search.found.push(component);
            }
        }
    }
    let mut search = Search {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !search.index.contains_key(node.as_str()) {
            visit(&mut search, node);
        }
    }
    search.found
}

/// The cycles of the graph whose nodes `node` names, each with the imports that close it.
fn describe_cycles(imports: &[Import], node: impl Fn(&ModulePath) -> String) -> Vec<String> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for import in imports {
        let (from, to) = (node(&import.from), node(&import.to));
        if from != to {
            edges.entry(from).or_default().insert(to);
        }
    }
    cycles(&edges)
        .into_iter()
        .map(|component| {
            let mut text = format!("cycle {}:", component.join(" ↔ "));
            for import in imports {
                let (from, to) = (node(&import.from), node(&import.to));
                if from != to && component.contains(&from) && component.contains(&to) {
                    text += &format!("\n    {import}");
                }
            }
            text
        })
        .collect()
}

/// Imports of a later layer, of a layer by a helper, and modules in no layer.
fn layer_violations(files: &[SourceFile], imports: &[Import]) -> Vec<String> {
    let rank = |name: &str| {
        HELPERS
            .contains(&name)
            .then_some(0)
            .or_else(|| LAYERS.iter().position(|&l| l == name).map(|p| p + 1))
    };
    let mut out = Vec::new();
    let top_levels: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.module.first())
        .map(String::as_str)
        .collect();
    for name in top_levels.into_iter().filter(|name| rank(name).is_none()) {
        out.push(format!(
            "`{name}` is in no layer (layers: {}; helpers: {})",
            LAYERS.join(" → "),
            HELPERS.join(", ")
        ));
    }
    for import in imports {
        let (from, to) = (&import.from[0], &import.to[0]);
        if let (Some(a), Some(b)) = (rank(from), rank(to)) {
            if b > a {
                out.push(format!("{from} imports {to}: {import}"));
            }
        }
    }
    out
}

/// Functions longer than [`MAX_FUNCTION_LINES`], as `src/…:LINE name (N lines)`.
fn long_functions(files: &[SourceFile]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        let tokens = tokens(&file.code);
        for (i, token) in tokens.iter().enumerate() {
            if token.text != "fn" {
                continue;
            }
            let Some(name) = tokens.get(i + 1).filter(|t| is_identifier(&t.text)) else {
                continue;
            };
            if let Some(last_line) = body_end_line(&tokens[i + 2..]) {
                let lines = last_line - token.line + 1;
                if lines > MAX_FUNCTION_LINES {
                    out.push(format!(
                        "{}:{} {} ({lines} lines)",
                        file.path, token.line, name.text
                    ));
                }
            }
        }
    }
    out
}

/// The line of the brace closing the body that follows a signature, or `None` for a
/// declaration without body (`fn f();`).
fn body_end_line(signature: &[Token]) -> Option<usize> {
    let mut parens = 0i32;
    let start = signature.iter().position(|t| {
        match t.text.as_str() {
            "(" | "[" => parens += 1,
            ")" | "]" => parens -= 1,
            _ => {}
        }
        parens == 0 && (t.text == "{" || t.text == ";")
    })?;
    if signature[start].text == ";" {
        return None;
    }
    let mut depth = 0;
    for token in &signature[start..] {
        match token.text.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return Some(token.line);
                }
            }
            _ => {}
        }
    }
    None
}

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn assert_none(what: &str, found: &[String]) {
    assert!(
        found.is_empty(),
        "{} {what}:\n  {}",
        found.len(),
        found.join("\n  ")
    );
}

#[test]
fn no_import_cycles_between_modules_or_files() {
    let files = read_sources(repository());
    let imports = imports(&files);
    let mut found = describe_cycles(&imports, |m| m[0].clone());
    found.extend(describe_cycles(&imports, |m| m.join("::")));
    assert_none("import cycles (top-level modules, then files)", &found);
}

#[test]
fn no_module_imports_a_later_layer() {
    let files = read_sources(repository());
    assert_none(
        "layer violations",
        &layer_violations(&files, &imports(&files)),
    );
}

#[test]
fn no_function_outside_tests_is_over_120_lines() {
    assert_none(
        "functions over 120 lines",
        &long_functions(&read_sources(repository())),
    );
}

/// The scanner itself, on literal snippets: these run in every `cargo test`.
mod scanner {
    use super::*;

    fn source(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.to_string(),
            module: module_of(path),
            code: without_test_items(&blank_comments_and_literals(text)),
        }
    }

    #[test]
    fn comments_and_literals_hide_paths_and_braces() {
        let text = "// crate::a\nlet s = \"{crate::b}\"; /* crate::c /* { */ */\nlet r = r#\"}\"#;\nlet c = '{'; let l: &'a str = x; crate::d::E\n";
        let code = blank_comments_and_literals(text);
        assert_eq!(code.lines().count(), 4);
        assert!(!code.contains('{') && !code.contains('}'), "{code}");
        let found: Vec<String> = paths(&tokens(&code))
            .into_iter()
            .map(|(p, _)| p.join("::"))
            .collect();
        assert_eq!(found, ["crate::d::E"]);
        assert!(code.contains("&'a str"));
    }

    #[test]
    fn use_trees_expand_and_test_items_are_dropped() {
        let text = "use crate::{a::{b, c::D}, e};\nuse super::super::f::*;\n#[cfg(test)]\nmod tests { use crate::g; }\n";
        let file = source("src/x/y.rs", text);
        let found: Vec<(String, usize)> = paths(&tokens(&file.code))
            .into_iter()
            .map(|(p, l)| (p.join("::"), l))
            .collect();
        assert_eq!(
            found,
            [
                ("crate::a::b".to_string(), 1),
                ("crate::a::c::D".to_string(), 1),
                ("crate::e".to_string(), 1),
                ("super::super::f::*".to_string(), 2)
            ]
        );
    }

    #[test]
    fn imports_resolve_to_files_and_find_cycles_and_layer_breaks() {
        let files = [
            source("src/io/mod.rs", "pub mod plain;\npub use plain::read;\n"),
            source(
                "src/io/plain.rs",
                "use super::read;\nuse crate::corpus::Segment;\n",
            ),
            source(
                "src/corpus.rs",
                "use crate::io::plain::read;\nuse crate::error::Error;\n",
            ),
            source("src/error.rs", "pub struct Error;\n"),
        ];
        let imports = imports(&files);
        let pairs: Vec<(String, String)> = imports
            .iter()
            .map(|i| (i.from.join("::"), i.to.join("::")))
            .collect();
        assert_eq!(
            pairs,
            [
                ("corpus".to_string(), "error".to_string()),
                ("corpus".to_string(), "io::plain".to_string()),
                ("io::plain".to_string(), "corpus".to_string())
            ]
        );
        let top = describe_cycles(&imports, |m| m[0].clone());
        assert_eq!(top.len(), 1);
        assert!(
            top[0]
                .starts_with("cycle corpus ↔ io:\n    src/corpus.rs:1 uses crate::io::plain::read"),
            "{}",
            top[0]
        );
        let violations = layer_violations(&files, &imports);
        assert_eq!(
            violations,
            ["io imports corpus: src/io/plain.rs:2 uses crate::corpus::Segment"]
        );
    }

    #[test]
    fn function_length_counts_from_fn_to_its_closing_brace() {
        let body = "    let x = 1;\n".repeat(MAX_FUNCTION_LINES - 2);
        let short = format!("fn short() {{\n{body}}}\n");
        let long = format!(
            "pub fn long<T>(a: [u8; 2]) -> Option<T>\nwhere T: Default {{\n{body}    None\n}}\n"
        );
        let declared = "trait Tr { fn declared(&self); }\n#[cfg(test)]\nfn long_test() {\n"
            .to_string()
            + &body
            + "\n\n}\n";
        let file = source("src/m.rs", &format!("{short}{long}{declared}"));
        assert_eq!(
            long_functions(&[file]),
            [format!(
                "src/m.rs:{} long (122 lines)",
                MAX_FUNCTION_LINES + 1
            )]
        );
    }
}
