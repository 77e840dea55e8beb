//! `duizhao export`, run as a user would, against a LibreTranslate-speaking
//! server on 127.0.0.1 ("EN: " + the text): formats that need no provider, the
//! translation through the cache, row selections rendered as the app copies them,
//! failed blocks marked in the output with exit status 1, atomic output files, and
//! bad input answered with one line and exit status 2.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

mod support;

use std::sync::atomic::Ordering;

use support::{fixture, server, write, Env};

const ARTICLE: &str = "# 資訊月開幕\n\n今年的資訊月以「人工智慧」為主題。\n\n> 「軟體的價值在於解決問題。」主辦單位說。\n\n- 智慧城市\n- 數位學習\n\n![展場](booth.png)\n";

fn stdout(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn original_and_simplified_need_no_provider() {
    let env = Env::new();
    let source = write(env.data.path(), "資訊月.md", ARTICLE);
    let source = source.to_str().unwrap();
    let markdown = stdout(&env.run(&["export", source, "--format", "original", "--file-format", "markdown"]));
    assert_eq!(
        markdown,
        "# 資訊月開幕\n\nSource: 資訊月.md\n\n今年的資訊月以「人工智慧」為主題。\n\n> 「軟體的價值在於解決問題。」主辦單位說。\n\n\
         - 智慧城市\n- 數位學習\n\n!\\[展場](booth.png)\n"
    );
    let text = stdout(&env.run(&["export", source, "--format", "simplified"]));
    assert!(
        text.starts_with(
            "信息月开幕\nSource: 〈資訊月開幕〉, 資訊月.md\nSimplified with OpenCC (tw2sp).\n\n今年的信息月"
        ),
        "{text}"
    );
}

#[test]
fn a_translated_html_export_goes_to_a_file_and_a_second_run_is_answered_from_the_cache() {
    let (url, requests) = server();
    let env = Env::new();
    let source = write(env.data.path(), "a.md", ARTICLE);
    let output = env.data.path().join("out.html");
    std::fs::write(&output, "an older export").unwrap();
    let args = [
        "export",
        source.to_str().unwrap(),
        "--format",
        "bilingual",
        "--output",
        output.to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--to",
        "en",
        "--provider",
        "libretranslate",
        "--base-url",
        &url,
    ];
    let out = env.run(&args);
    assert_eq!(stdout(&out), "", "the export went to the file");
    let html = std::fs::read_to_string(&output).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-Hant-TW\">"),
        "the file format comes from .html: {html}"
    );
    assert!(
        html.contains(
            "<h1><span lang=\"zh-Hant-TW\">資訊月開幕</span><span lang=\"en\" class=\"tr\">EN: 資訊月開幕</span></h1>"
        ),
        "{html}"
    );
    assert!(html.contains("Machine-translated from Chinese by LibreTranslate, 2026-11-29."), "{html}");
    assert!(html.contains("<p lang=\"zh-Hant-TW\" class=\"image\">![展場](booth.png)</p>"), "{html}");
    let sent = requests.load(Ordering::SeqCst);
    assert!(sent >= 1);
    let leftovers: Vec<_> = std::fs::read_dir(env.data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let again = env.run(&args);
    assert!(again.status.success());
    assert_eq!(requests.load(Ordering::SeqCst), sent, "the second export is answered from the cache");
    assert_eq!(std::fs::read_to_string(&output).unwrap(), html);
}

#[test]
fn rows_are_cited_as_the_app_copies_them_and_only_they_are_translated() {
    let (url, requests) = server();
    let env = Env::new();
    let source = write(env.data.path(), "a.md", ARTICLE);
    let out = env.run(&[
        "export",
        source.to_str().unwrap(),
        "--format",
        "citation",
        "--rows",
        "3,2",
        "--date",
        "2026-11-29",
        "--to",
        "en",
        "--provider",
        "libretranslate",
        "--base-url",
        &url,
    ]);
    assert_eq!(
        stdout(&out),
        "EN: 今年的資訊月以「人工智慧」為主題。\n\nEN: 「軟體的價值在於解決問題。」主辦單位說。\n\n\
         — 〈資訊月開幕〉, a.md, ¶1–2. Machine-translated from Chinese by LibreTranslate, 2026-11-29.\n"
    );
    assert_eq!(requests.load(Ordering::SeqCst), 1);

    let table =
        env.run(&["export", source.to_str().unwrap(), "--format", "markdown-table", "--rows", "5-6", "--no-translate"]);
    assert_eq!(
        stdout(&table),
        "| ¶ | Original | Simplified |\n| --: | --- | --- |\n| 4 | 數位學習 | 数字学习 |\n|  | !\\[展場](booth.png) | !\\[展场](booth.png) |\n"
    );
}

#[test]
fn failed_blocks_are_marked_in_the_output_and_listed_with_exit_status_1() {
    let (url, _) = server();
    let env = Env::new();
    // Both blocks travel in one request, which the server refuses: both fail.
    let source = write(env.data.path(), "a.txt", "第一段。\n\nREFUSE 這一段。\n");
    let out = env.run(&[
        "export",
        source.to_str().unwrap(),
        "--to",
        "en",
        "--provider",
        "libretranslate",
        "--base-url",
        &url,
        "--date",
        "2026-11-29",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with("\n\n[¶1 not translated]\n\n[¶2 not translated]\n"), "{text}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("duizhao: block 2 not translated: "), "{stderr}");
}

#[test]
fn without_translation_a_citation_quotes_the_original_from_standard_input() {
    let env = Env::new();
    let out = env.run_with_stdin(
        &["export", "-", "--format", "citation", "--no-translate", "--rows", "2", "--date", "2026-11-29"],
        "臺北捷運的新系統\n新系統明年上線。\n".as_bytes(),
    );
    assert_eq!(stdout(&out), "新系統明年上線。\n\n— 〈臺北捷運的新系統〉, ¶1. Retrieved 2026-11-29.\n");
}

#[test]
fn bad_export_input_exits_2_with_one_line_and_writes_nothing() {
    let env = Env::new();
    // Settings whose user removed every profile (a new install has the web one).
    std::fs::write(env.config.path().join("settings.json"), r#"{"profiles": []}"#).unwrap();
    let source = fixture("article.md");
    let source = source.to_str().unwrap();
    let output = env.data.path().join("out.md");
    let output = output.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["export", source, "--format", "pdf"], "unknown export format \"pdf\""),
        (vec!["export", source, "--format", "original", "--file-format", "docx"], "unknown file format \"docx\""),
        (vec!["export", source, "--format", "original", "--rows", "0-2"], "--rows takes row numbers"),
        (vec!["export", source, "--format", "original", "--rows", "3-99"], "the document has rows 1-"),
        (vec!["export", source, "--format", "original", "--rows", "two"], "--rows takes row numbers"),
        (vec!["export", source, "--format", "original", "--date", "29/11/2026"], "--date must be a date"),
        (vec!["export", source, "--output", output], "no provider profile is set up"),
        (vec!["export", source, "--format", "citation", "--profile", "nope"], "no provider profile named \"nope\""),
        (vec!["export", "/no/such/file.md", "--format", "original"], "no such file"),
    ];
    for (args, expected) in cases {
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.to_lowercase().contains(&expected.to_lowercase()), "{args:?}: {err}");
        assert!(!std::path::Path::new(output).exists(), "{args:?}");
    }
}
