//! The core's files form layers: no two files of `src/` import each other, directly or around a
//! loop, and no production file passes ~600 lines. Reads the sources; `crate::` and `super::`
//! paths in code (not comments, not test modules) are the imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/gateway/sign.rs` → `gateway/sign`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    rel.to_string_lossy().replace('\\', "/")
}

fn is_test_file(m: &str) -> bool {
    m.ends_with("/tests") || m.ends_with("/testing") || m == "typegen"
}

/// The code of a file without comments and without its `#[cfg(test)] mod tests;` tail.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module a `crate::a::b` / `super::x` path lands in: the longest prefix that is a file.
fn resolve(path: &str, current: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut parts: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = Vec::new();
    match parts.first() {
        Some(&"crate") => {
            parts.remove(0);
        }
        Some(&"super") => {
            base = current.split('/').collect();
            base.pop();
            parts.remove(0);
            while parts.first() == Some(&"super") {
                base.pop();
                parts.remove(0);
            }
        }
        _ => return None,
    }
    (1..=parts.len())
        .rev()
        .map(|i| [&base[..], &parts[..i]].concat().join("/"))
        .find(|m| modules.contains(m))
}

#[test]
fn no_file_imports_another_around_a_loop_and_none_is_too_long() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let m = module_of(&src, f);
        if is_test_file(&m) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        // Generated tables (the SM4 circuit) are exempt from the length limit.
        let generated = m == "sm4_bitslice" || m == "sm4_sbox";
        let lines = code(&text).lines().count();
        assert!(
            generated || lines <= 620,
            "src/{m}.rs has {lines} lines of code"
        );
        let code = code(&text);
        let mut deps = BTreeSet::new();
        for (i, _) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            let path: String = code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            if let Some(d) = resolve(path.trim_end_matches(':'), &m, &modules) {
                if d != m && !is_test_file(&d) {
                    deps.insert(d);
                }
            }
        }
        edges.insert(m, deps);
    }
    assert!(edges["config"].contains("api"), "the scan sees imports");
    // Depth-first search for a cycle.
    fn visit(
        u: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) {
        state.insert(u.to_owned(), 1);
        path.push(u.to_owned());
        for v in edges.get(u).into_iter().flatten() {
            match state.get(v.as_str()) {
                Some(1) => panic!("import loop: {} → {v}", path.join(" → ")),
                Some(_) => {}
                None => visit(v, edges, state, path),
            }
        }
        path.pop();
        state.insert(u.to_owned(), 2);
    }
    let mut state = BTreeMap::new();
    for m in edges.keys() {
        if !state.contains_key(m) {
            visit(m, &edges, &mut state, &mut Vec::new());
        }
    }
}
