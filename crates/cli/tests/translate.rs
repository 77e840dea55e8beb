//! `duizhao translate`, run as a user would, against a LibreTranslate-speaking
//! server on 127.0.0.1: output formats, the cache (a second run sends nothing),
//! profiles from the settings file, failures listed on stderr with exit status 1,
//! and bad settings answered with exit status 2.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

mod support;

use std::net::TcpListener;
use std::sync::atomic::Ordering;

use support::{fixture, server, write, Env};

#[test]
fn a_custom_provider_reaches_an_endpoint_from_a_template_file_alone() {
    let (url, requests) = server();
    let env = Env::new();
    // The test server speaks LibreTranslate's shape; the template describes it as an in-house endpoint would be.
    let template = write(
        env.config.path(),
        "endpoint.json",
        r#"{"method": "POST", "headers": {"X-Team": "{{to}}"},
            "body": "{\"q\": \"{{texts}}\", \"source\": \"auto\", \"target\": \"{{to}}\"}",
            "translations": "translatedText"}"#,
    );
    let source = fixture("taiwan-big5.txt");
    let endpoint = format!("{url}/translate");
    let args = [
        "translate",
        source.to_str().unwrap(),
        "--to",
        "en",
        "--provider",
        "custom",
        "--base-url",
        &endpoint,
        "--template",
        template.to_str().unwrap(),
    ];
    let out = env.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("EN: 臺北捷運的新系統\n\nEN: "), "{text}");
    assert_eq!(requests.load(Ordering::SeqCst), 1, "one batch, one request");

    let broken = write(env.config.path(), "broken.json", r#"{"body": "{\"q\": 1}", "translations": "x"}"#);
    let out = env.run(&[&args[..8], &["--template", broken.to_str().unwrap()]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("{{texts}}") && err.lines().count() == 1, "{err}");
}

#[test]
fn json_output_has_translation_and_status_per_block_and_a_second_run_sends_no_request() {
    let (url, requests) = server();
    let env = Env::new();
    let source = fixture("taiwan-big5.txt");
    let args =
        ["translate", source.to_str().unwrap(), "--to", "en", "--provider", "libretranslate", "--base-url", &url];
    let out = env.run(&[&args[..], &["--format", "json"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["encoding"], "Big5");
    let blocks = json["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 4);
    for block in blocks {
        assert_eq!(block["status"], "done");
        assert_eq!(block["translation"], format!("EN: {}", block["text"].as_str().unwrap()));
        assert!(block.get("error").is_none());
    }
    let sent = requests.load(Ordering::SeqCst);
    assert_eq!(sent, 1, "four short blocks fit one request");

    let again = env.run(&[&args[..], &["--format", "text"]].concat());
    assert!(again.status.success());
    assert_eq!(requests.load(Ordering::SeqCst), sent, "the second run is answered from the cache");
    let text = String::from_utf8(again.stdout).unwrap();
    assert_eq!(text.split("\n\n").count(), 4, "{text}");
    assert!(text.starts_with("EN: 臺北捷運的新系統\n\nEN: "), "{text}");
}

#[test]
fn the_startup_trace_marks_the_document_prepared_before_the_first_request() {
    // bench/run.py times the job from "document prepared" to the exit.
    let (url, _) = server();
    let env = Env::new();
    let source = fixture("taiwan-big5.txt");
    let args =
        ["translate", source.to_str().unwrap(), "--to", "en", "--provider", "libretranslate", "--base-url", &url];
    let out = env.run_with_env(&args, b"", &[("DUIZHAO_TRACE_STARTUP", "1")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8(out.stderr).unwrap();
    let marks: Vec<&str> = err
        .lines()
        .filter_map(|line| line.strip_prefix("duizhao: trace "))
        .map(|l| l.split(" ms ").nth(1).unwrap())
        .collect();
    assert_eq!(
        marks,
        [
            "started",
            "document prepared",
            "job set up",
            "job started",
            "first request sent",
            "job done",
            "output written"
        ]
    );
    assert!(!env.run(&args).stderr.windows(5).any(|w| w == b"trace"), "no trace without the variable");
}

#[test]
fn bilingual_output_pairs_each_original_with_its_translation() {
    let (url, _) = server();
    let env = Env::new();
    let source = write(env.data.path(), "a.md", "# 標題\n\n第一段。\n\n![圖](a.png)\n");
    let out = env.run(&[
        "translate",
        source.to_str().unwrap(),
        "--to",
        "en",
        "--provider",
        "libretranslate",
        "--base-url",
        &url,
        "--format",
        "bilingual",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The image placeholder is kept as it is, not sent.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "標題\nEN: 標題\n\n第一段。\nEN: 第一段。\n\n![圖](a.png)\n![圖](a.png)\n"
    );
}

#[test]
fn failed_blocks_are_listed_on_stderr_with_exit_status_1() {
    let (url, _) = server();
    let env = Env::new();
    let source = write(env.data.path(), "a.txt", "第一段。\n\nREFUSE 這一段。\n");
    let out = env.run(&[
        "translate",
        source.to_str().unwrap(),
        "--to",
        "en",
        "--provider",
        "libretranslate",
        "--base-url",
        &url,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Both blocks travelled in one request, which the server refused: both failed.
    for block in json["blocks"].as_array().unwrap() {
        assert_eq!(block["status"], "failed");
        assert!(block["error"].as_str().unwrap().contains("this text is refused"), "{block}");
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("duizhao: block 1 not translated") && stderr.contains("duizhao: block 2 not translated"),
        "{stderr}"
    );
}

#[test]
fn the_default_profile_and_target_from_the_settings_file_are_used_and_traditional_is_guaranteed() {
    let (url, requests) = server();
    let env = Env::new();
    std::fs::write(
        env.config.path().join("settings.json"),
        serde_json::json!({
            "target_language": "zh-Hant",
            "default_profile": "local",
            "profiles": [{ "name": "local", "kind": "libretranslate", "base_url": url, "requests_per_second": 50.0 }]
        })
        .to_string(),
    )
    .unwrap();
    let out = env.run(&["translate", fixture("mainland.txt").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    // The server echoed Simplified text into a Traditional target: the script
    // guard made it Traditional, as every translation into zh-Hant must be.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("EN: 上海地鐵的新系統\n\n"), "{text}");
}

#[test]
fn bad_translation_settings_exit_2_with_one_line() {
    let env = Env::new();
    // Settings whose user removed every profile (a new install has the web one).
    std::fs::write(env.config.path().join("settings.json"), r#"{"profiles": []}"#).unwrap();
    let source = fixture("taiwan.txt");
    let source = source.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["translate", source], "no provider profile is set up"),
        (vec!["translate", source, "--profile", "nope"], "no provider profile named \"nope\""),
        (
            vec!["translate", source, "--to", "en", "--provider", "babelfish", "--base-url", "http://127.0.0.1:9"],
            "unknown provider kind \"babelfish\"",
        ),
        (
            vec!["translate", source, "--provider", "libretranslate", "--base-url", "http://127.0.0.1:9"],
            "--to LANG is required",
        ),
        (
            vec!["translate", source, "--to", "en", "--provider", "deepl", "--base-url", "http://127.0.0.1:9"],
            "needs an API key",
        ),
        (vec!["translate", source, "--to", "en", "--provider", "libretranslate", "--base-url", "ftp://x"], "base url"),
        (
            vec![
                "translate",
                source,
                "--to",
                "en",
                "--provider",
                "libretranslate",
                "--base-url",
                "http://127.0.0.1:9",
                "--format",
                "pdf",
            ],
            "unknown output format",
        ),
    ];
    for (args, expected) in cases {
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.to_lowercase().contains(&expected.to_lowercase()), "{args:?}: {err}");
    }
}

#[test]
fn an_unreachable_provider_fails_the_blocks_with_a_clear_reason() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let env = Env::new();
    let source = write(env.data.path(), "a.txt", "一段。\n");
    let out = env.run(&[
        "translate",
        source.to_str().unwrap(),
        "--to",
        "en",
        "--provider",
        "libretranslate",
        "--base-url",
        &url,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("block 1 not translated: cannot reach"), "{err}");
}

#[test]
fn the_web_chain_falls_back_from_a_dead_engine_and_names_the_engine_per_block() {
    let env = Env::new();
    let (url, requests) = server();
    // Nobody listens on the first engine's port.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let source = fixture("taiwan.txt");
    let edge = format!("edge=http://127.0.0.1:{dead}");
    let google = format!("google-web={url}");
    let args = [
        "translate",
        source.to_str().unwrap(),
        "--to",
        "en",
        "--provider",
        "web",
        "--base-url",
        &edge,
        "--base-url",
        &google,
        "--format",
        "json",
    ];
    let out = env.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let blocks = json["blocks"].as_array().unwrap();
    assert!(!blocks.is_empty());
    for block in blocks {
        assert_eq!(block["status"], "done", "{block}");
        assert_eq!(block["engine"], "google-web", "{block}");
        assert!(block["translation"].as_str().unwrap().starts_with("EN: "), "{block}");
    }
    assert!(requests.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    // A pair without an engine name is refused before anything is sent.
    let out = env.run(&["translate", source.to_str().unwrap(), "--to", "en", "--provider", "web", "--base-url", &url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ENGINE=URL"));
}

#[test]
fn a_glossary_file_reports_rows_lacking_a_rendering_and_fresh_translates_past_the_cache() {
    let (url, requests) = server();
    let env = Env::new();
    let source = fixture("taiwan-big5.txt");
    // The server echoes "EN: <text>": 臺北 is kept (found), 捷運 never becomes "MRT" (missing).
    let glossary = write(env.config.path(), "terms.csv", "原文,譯文\n捷運,MRT\n臺北,臺北\n");
    let args = [
        "translate",
        source.to_str().unwrap(),
        "--to",
        "en",
        "--provider",
        "libretranslate",
        "--base-url",
        &url,
        "--glossary",
        glossary.to_str().unwrap(),
    ];
    let out = env.run(&args);
    assert!(
        out.status.success(),
        "a missing rendering does not fail the run: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("block 1: the translation lacks the glossary's 捷運 → MRT"), "{err}");
    assert!(!err.contains("臺北 → 臺北"), "{err}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);

    // From the cache: checked all the same; --fresh sends again.
    let again = env.run(&args);
    assert!(String::from_utf8(again.stderr).unwrap().contains("捷運 → MRT"));
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    let fresh = env.run(&[&args[..], &["--fresh"]].concat());
    assert!(fresh.status.success());
    assert_eq!(requests.load(Ordering::SeqCst), 2, "--fresh goes past the cache");

    // A bad glossary row: exit 2, its line named.
    let bad = write(env.config.path(), "bad.csv", "捷運,MRT\n立委,\n");
    let out = env.run(&[&args[..8], &["--glossary", bad.to_str().unwrap()]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 2") && err.lines().count() == 1, "{err}");
}
