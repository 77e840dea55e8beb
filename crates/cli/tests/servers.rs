//! `duizhao servers` and "fully offline", run as a user would: local servers
//! answering as Ollama and LibreTranslate do on 127.0.0.1 (never the real
//! ports: `DUIZHAO_LOCAL_SERVERS` says where to look), the text and JSON
//! output, a malformed variable answered with exit status 2, and a provider
//! off this computer refused before any request while offline.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use support::{fixture, server, Env};

/// A server answering every request with `body` (JSON); returns its URL and
/// the request lines it received.
fn fixed_server(body: serde_json::Value) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let body = body.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                if first.is_empty() {
                    first = line.trim().to_owned();
                }
                line.clear();
            }
            log.lock().unwrap().push(first);
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = reader.get_ref().write_all(response.as_bytes());
        }
    });
    (url, seen)
}

fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

#[test]
fn found_servers_are_listed_with_their_models_and_profile_base_urls() {
    let (ollama, ollama_seen) = fixed_server(serde_json::json!({
        "models": [{ "name": "qwen2.5:7b", "size": 4683087332u64 }, { "name": "nomic-embed-text:latest" }]
    }));
    let (libre, libre_seen) =
        fixed_server(serde_json::json!([{ "code": "en", "name": "English", "targets": ["zh-Hant"] }]));
    let absent = closed_port();
    let where_to_look = format!("ollama={ollama},lmstudio={absent},libretranslate={libre}");
    let env = Env::new();

    let out = env.run_with_env(&["servers", "--format", "json"], b"", &[("DUIZHAO_LOCAL_SERVERS", &where_to_look)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            { "kind": "ollama", "label": "Ollama", "provider": "openai", "base_url": format!("{ollama}/v1"),
              "models": ["qwen2.5:7b"] },
            { "kind": "libretranslate", "label": "LibreTranslate", "provider": "libretranslate", "base_url": libre,
              "models": [] },
        ])
    );
    assert_eq!(*ollama_seen.lock().unwrap(), vec!["GET /api/tags HTTP/1.1".to_owned()]);
    assert_eq!(*libre_seen.lock().unwrap(), vec!["GET /languages HTTP/1.1".to_owned()]);

    let out = env.run_with_env(&["servers"], b"", &[("DUIZHAO_LOCAL_SERVERS", &where_to_look)]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("Ollama")
            && lines[0].contains(&format!("{ollama}/v1"))
            && lines[0].ends_with("qwen2.5:7b")
    );
    assert!(lines[1].starts_with("LibreTranslate") && lines[1].contains(&libre), "{text}");
}

#[test]
fn nothing_found_is_not_an_error_and_a_malformed_list_is() {
    let env = Env::new();
    let absent = format!("ollama={}", closed_port());
    let out = env.run_with_env(&["servers", "--format", "json"], b"", &[("DUIZHAO_LOCAL_SERVERS", &absent)]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "[]\n");
    assert!(out.stderr.is_empty(), "silent when absent: {}", String::from_utf8_lossy(&out.stderr));

    let out = env.run_with_env(&["servers"], b"", &[("DUIZHAO_LOCAL_SERVERS", "none")]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("no local translation server found"));

    for bad in ["ollama", "ollama=http://192.168.1.20:11434"] {
        let out = env.run_with_env(&["servers"], b"", &[("DUIZHAO_LOCAL_SERVERS", bad)]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("duizhao: ") && err.contains("DUIZHAO_LOCAL_SERVERS") && err.lines().count() == 1,
            "{err}"
        );
    }
}

#[test]
fn fully_offline_refuses_a_provider_off_this_computer_before_any_request_and_allows_a_local_one() {
    let (url, requests) = server();
    let env = Env::new();
    std::fs::write(
        env.config.path().join("settings.json"),
        serde_json::json!({
            "offline_only": true,
            "default_profile": "DeepL",
            "profiles": [
                { "name": "DeepL", "kind": "deepl" },
                { "name": "local", "kind": "libretranslate", "base_url": url, "requests_per_second": 50.0 }
            ]
        })
        .to_string(),
    )
    .unwrap();
    let source = fixture("taiwan.txt");
    let source = source.to_str().unwrap();
    let vars = [("DUIZHAO_API_KEY", "a-key-that-must-not-be-used")];

    let out = env.run_with_env(&["translate", source, "--to", "en"], b"", &vars);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("fully offline is on") && err.contains("api.deepl.com"), "{err}");

    let out = env.run_with_env(
        &[
            "translate",
            source,
            "--to",
            "en",
            "--provider",
            "openai",
            "--base-url",
            "https://api.example.com/v1",
            "--model",
            "m",
        ],
        b"",
        &vars,
    );
    assert_eq!(out.status.code(), Some(2), "an ad-hoc provider is refused too");

    let out = env.run_with_env(&["translate", source, "--to", "en", "--profile", "local"], b"", &vars);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 1, "only the local server was asked");
}
