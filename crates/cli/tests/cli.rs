//! The `duizhao` binary, run as a user would: output compared byte for byte with
//! OpenCC 1.4's own command-line tool (from the official wheel, fetched by
//! scripts/fetch-opencc.py), the import JSON checked field by field, and every
//! bad input answered with one line on stderr and exit status 2.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Runs `duizhao` with its data directory in a temp folder.
fn duizhao(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_duizhao"))
        .args(args)
        .env("DUIZHAO_DATA_DIR", data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("duizhao starts");
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// OpenCC 1.4's own CLI on the same file.
fn official_opencc(config: &str, input: &Path) -> Vec<u8> {
    let deps = root().join(".deps/opencc");
    let bin = deps.join("bin").join(if cfg!(windows) { "opencc.exe" } else { "opencc" });
    assert!(bin.exists(), "{} is missing; run `python3 scripts/fetch-opencc.py`", bin.display());
    let out = Command::new(bin)
        .arg("-c")
        .arg(deps.join("share/opencc").join(format!("{config}.json")))
        .arg("-i")
        .arg(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "opencc failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn stderr_line(out: &Output) -> String {
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "exactly one line on stderr: {err:?}");
    err.trim_end().to_owned()
}

#[test]
fn convert_matches_official_opencc_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let no_newline = dir.path().join("no-newline.txt");
    std::fs::write(&no_newline, "臺灣的軟體\n記憶體與網路資訊").unwrap();
    let crlf = dir.path().join("crlf.txt");
    std::fs::write(&crlf, "乾隆皇帝\r\n後來的發展\r\n\r\n").unwrap();
    for (config, path) in [
        ("tw2sp", fixture("taiwan.txt")),
        ("t2s", fixture("taiwan.txt")),
        ("hk2s", fixture("hongkong.html")),
        ("s2twp", fixture("mainland.txt")),
        ("tw2sp", no_newline.clone()),
        ("t2s", crlf.clone()),
    ] {
        let out = duizhao(&["convert", "--config", config, path.to_str().unwrap()], None);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&official_opencc(config, &path)),
            "{config} on {}",
            path.display()
        );
    }
}

#[test]
fn convert_auto_detects_taiwan_usage_and_keeps_missing_trailing_newline() {
    let out = duizhao(&["convert", "-"], Some("這套軟體的記憶體用量".as_bytes()));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "这套软件的内存用量");
    let out = duizhao(&["convert"], Some("網路\n".as_bytes()));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "网络\n");
}

#[test]
fn convert_decodes_big5_and_utf16_input() {
    let utf8 = duizhao(&["convert", fixture("taiwan.txt").to_str().unwrap()], None);
    for name in ["taiwan-big5.txt", "taiwan-utf16le.txt", "taiwan-utf16be.txt", "taiwan-utf8-bom.txt"] {
        let out = duizhao(&["convert", fixture(name).to_str().unwrap()], None);
        assert_eq!(out.stdout, utf8.stdout, "{name}");
    }
}

#[test]
fn convert_leaves_simplified_input_unchanged_under_auto() {
    let input = std::fs::read(fixture("mainland.txt")).unwrap();
    let out = duizhao(&["convert", fixture("mainland.txt").to_str().unwrap()], None);
    assert_eq!(out.stdout, input);
}

#[test]
fn import_json_has_the_documented_shape() {
    let out = duizhao(&["import", fixture("taiwan-big5.txt").to_str().unwrap(), "--json"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 9, "{keys:?}");
    assert_eq!(json["format"], "text");
    assert_eq!(json["meta"], serde_json::json!({"url": null, "byline": null, "published": null}));
    assert_eq!(json["chapters"], serde_json::json!([]));
    assert_eq!(json["title"], "臺北捷運的新系統");
    assert_eq!(json["source"], fixture("taiwan-big5.txt").to_str().unwrap());
    assert_eq!(json["encoding"], "Big5");
    assert_eq!(json["script"], "traditional");
    assert_eq!(json["config"], "tw2sp");
    let blocks = json["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 4);
    assert_eq!(blocks[0]["kind"], "heading");
    assert_eq!(blocks[0]["simplified"], "台北捷运的新系统");
    let third = &blocks[2];
    assert_eq!(third["kind"], "paragraph");
    assert_eq!(third["text"], "新系統的伺服器採用更大的記憶體，軟體也全面改寫，讓網路尖峰時段不再當機。");
    assert_eq!(third["simplified"], "新系统的服务器采用更大的内存，软件也全面改写，让网络尖峰时段不再当机。");
    let chars: Vec<char> = third["simplified"].as_str().unwrap().chars().collect();
    let spans: Vec<String> = third["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| chars[c[0].as_u64().unwrap() as usize..c[1].as_u64().unwrap() as usize].iter().collect())
        .collect();
    assert!(spans.contains(&"内存".to_owned()), "{spans:?}");
    assert!(spans.contains(&"服务".to_owned()), "伺服器→服务器 marks 服务: {spans:?}");
    for block in blocks {
        assert_eq!(block.as_object().unwrap().len(), 5, "{block}");
        assert!(block["id"].as_str().unwrap().len() >= 16);
    }
}

#[test]
fn import_json_reports_simplified_input_without_config() {
    let out = duizhao(&["import", fixture("mainland-gb18030.txt").to_str().unwrap(), "--json"], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((json["encoding"].as_str(), json["script"].as_str()), (Some("GB18030"), Some("simplified")));
    assert!(json["config"].is_null());
    assert!(json["blocks"].as_array().unwrap().iter().all(|b| b["changes"].as_array().unwrap().is_empty()));
}

#[test]
fn import_honours_a_chosen_config_and_reads_stdin() {
    let out = duizhao(&["import", "-", "--json", "--config", "t2s"], Some("記憶體".as_bytes()));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["config"], "t2s");
    assert_eq!(json["source"], "-");
    assert_eq!(json["blocks"][0]["simplified"], "记忆体");
}

#[test]
fn bad_inputs_exit_2_with_one_line_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let missing = missing.to_str().unwrap();
    let fixtures = fixture("");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["convert", missing], format!("no such file: {missing}")),
        (vec!["import", missing, "--json"], format!("no such file: {missing}")),
        (vec!["import", fixtures.to_str().unwrap(), "--json"], "is a directory, not a file".into()),
        (vec!["convert", fixtures.to_str().unwrap()], "is a directory, not a file".into()),
    ];
    let binary = fixture("binary.txt");
    let invalid = fixture("invalid-utf8.txt");
    let taiwan = fixture("taiwan.txt");
    let empty = fixture("empty.txt");
    let more: Vec<(Vec<&str>, String)> = vec![
        (vec!["import", binary.to_str().unwrap(), "--json"], "the file is binary, not text".into()),
        (vec!["convert", binary.to_str().unwrap()], "the file is binary, not text".into()),
        (
            vec!["import", invalid.to_str().unwrap(), "--json", "--encoding", "utf-8"],
            "invalid UTF-8 bytes at byte offset 15".into(),
        ),
        (
            vec!["convert", "--encoding", "utf-8", invalid.to_str().unwrap()],
            "invalid UTF-8 bytes at byte offset 15".into(),
        ),
        (vec!["import", invalid.to_str().unwrap(), "--json"], "invalid UTF-8 bytes at byte offset 15".into()),
        (
            vec!["convert", "--config", "tw2xx", taiwan.to_str().unwrap()],
            "unknown conversion configuration \"tw2xx\"".into(),
        ),
        (
            vec!["import", taiwan.to_str().unwrap(), "--config", "nope"],
            "unknown conversion configuration \"nope\"".into(),
        ),
        (vec!["import", taiwan.to_str().unwrap(), "--encoding", "klingon"], "unknown encoding name \"klingon\"".into()),
        (vec!["import", empty.to_str().unwrap(), "--json"], "the file is empty".into()),
    ];
    for (args, expected) in cases.into_iter().chain(more) {
        let out = duizhao(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let line = stderr_line(&out);
        assert!(line.starts_with("duizhao: ") && line.contains(&expected), "{args:?}: {line}");
        assert!(!line.contains("panicked"), "{line}");
    }
}
