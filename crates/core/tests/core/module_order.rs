//! The core is one-way: `src/lib.rs` lists its modules in dependency order, and
//! a module may only use modules listed above it. A use of a module below is
//! how an import cycle starts (`export → settings → prefs → export` and
//! `translate ⇄ store` once did), so it fails here, naming the file and line.
//! Comments and each file's `#[cfg(test)] mod tests` are not counted: tests
//! may use anything.

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The modules `lib.rs` declares, in order.
fn declared_modules() -> Vec<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("read lib.rs");
    lib.lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod ").and_then(|rest| rest.strip_suffix(';')))
        .map(str::to_owned)
        .collect()
}

/// Every `.rs` file of a top-level module.
fn files_of(module: &str) -> Vec<PathBuf> {
    let file = src().join(format!("{module}.rs"));
    let mut files = Vec::new();
    if file.is_file() {
        files.push(file);
    }
    let mut dirs = vec![src().join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.expect("read dir").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The code of a file without comments and without its test module.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]" && lines.peek().is_some_and(|(_, next)| next.trim().starts_with("mod tests")) {
            break;
        }
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        if !code.trim().is_empty() {
            out.push((i + 1, code.to_owned()));
        }
    }
    out
}

/// The top-level modules a line of code names through `crate::`.
fn crate_uses(code: &str, modules: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c}`: every name in the group.
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name = item.trim().split("::").next().unwrap_or_default();
                found.push(name.to_owned());
            }
        } else {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            found.push(rest[..end].to_owned());
        }
    }
    found.retain(|name| modules.contains(name));
    found
}

#[test]
fn every_module_uses_only_modules_listed_above_it() {
    let modules = declared_modules();
    assert!(modules.len() >= 10 && modules.contains(&"translate".to_owned()), "lib.rs lists {modules:?}");
    let mut wrong = Vec::new();
    for (position, module) in modules.iter().enumerate() {
        let files = files_of(module);
        assert!(!files.is_empty(), "no source for module {module}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read source");
            for (line, code) in code_lines(&text) {
                for used in crate_uses(&code, &modules) {
                    let used_at = modules.iter().position(|m| *m == used).expect("a listed module");
                    if used_at > position {
                        wrong.push(format!(
                            "{}:{line}: {module} uses {used}, which lib.rs lists below it",
                            file.strip_prefix(src()).unwrap_or(&file).display()
                        ));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "the core's modules must depend one way only:\n{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_uses_in_every_form() {
    let modules: Vec<String> = ["fs", "store", "translate"].map(str::to_owned).to_vec();
    assert_eq!(crate_uses("use crate::store::{Cache, StoredCache};", &modules), ["store"]);
    assert_eq!(crate_uses("use crate::{fs, translate::Lang};", &modules), ["fs", "translate"]);
    assert_eq!(crate_uses("let x = crate::translate::web::reset();", &modules), ["translate"]);
    assert!(crate_uses("use super::plan;", &modules).is_empty());
    let code = code_lines("use crate::fs; // crate::store\n#[cfg(test)]\nmod tests {\n use crate::store;\n}\n");
    assert_eq!(code, [(1, "use crate::fs; ".to_owned())]);
}
