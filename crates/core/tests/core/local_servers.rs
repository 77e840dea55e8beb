//! Local servers found on this computer (`translate::discover`), against real
//! HTTP servers on 127.0.0.1 (`support`) that answer as Ollama, LM Studio,
//! llama.cpp and LibreTranslate do — never the real ports, so a developer's own
//! Ollama cannot change the outcome. Also the profile a found model becomes
//! (its name, no key, one click), and the "fully offline" switch.

use crate::support;

use std::time::{Duration, Instant};

use duizhao_core::settings::{local_profile, Profile, Settings, SettingsError};
use duizhao_core::translate::discover::{find_local_servers, Candidate, FoundServer, ServerKind, TOTAL_TIMEOUT};
use duizhao_core::translate::{translate_batch, Lang, ProviderKind, Segment};
use serde_json::json;
use support::{Reply, TestServer};

/// Ollama's `GET /api/tags`, as Ollama 0.5 answers it (an embedding model included).
fn ollama_tags() -> serde_json::Value {
    json!({
        "models": [
            {
                "name": "qwen2.5:7b",
                "model": "qwen2.5:7b",
                "modified_at": "2026-11-02T10:11:12.123456789+08:00",
                "size": 4683087332u64,
                "digest": "845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e",
                "details": { "parent_model": "", "format": "gguf", "family": "qwen2", "families": ["qwen2"],
                             "parameter_size": "7.6B", "quantization_level": "Q4_K_M" }
            },
            {
                "name": "nomic-embed-text:latest",
                "model": "nomic-embed-text:latest",
                "modified_at": "2026-10-01T09:00:00+08:00",
                "size": 274302450u64,
                "digest": "0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f",
                "details": { "format": "gguf", "family": "nomic-bert", "parameter_size": "137M", "quantization_level": "F16" }
            },
            {
                "name": "llama3.1:8b",
                "model": "llama3.1:8b",
                "modified_at": "2026-09-01T09:00:00+08:00",
                "size": 4920753328u64,
                "digest": "46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e",
                "details": { "format": "gguf", "family": "llama", "parameter_size": "8.0B", "quantization_level": "Q4_K_M" }
            }
        ]
    })
}

/// LM Studio's `GET /v1/models` (OpenAI's list shape).
fn lm_studio_models() -> serde_json::Value {
    json!({
        "object": "list",
        "data": [
            { "id": "qwen2.5-7b-instruct", "object": "model", "owned_by": "organization_owner" },
            { "id": "text-embedding-nomic-embed-text-v1.5", "object": "model", "owned_by": "organization_owner" }
        ]
    })
}

/// llama.cpp's `llama-server` `GET /v1/models` (with its `models` and `meta` extras).
fn llama_cpp_models() -> serde_json::Value {
    json!({
        "models": [{ "name": "Qwen2.5-7B-Instruct-Q4_K_M.gguf", "model": "Qwen2.5-7B-Instruct-Q4_K_M.gguf" }],
        "object": "list",
        "data": [{
            "id": "Qwen2.5-7B-Instruct-Q4_K_M.gguf",
            "object": "model",
            "created": 1764835200,
            "owned_by": "llamacpp",
            "meta": { "vocab_type": 2, "n_vocab": 152064, "n_ctx_train": 32768, "n_embd": 3584, "n_params": 7615616512u64 }
        }]
    })
}

/// LibreTranslate's `GET /languages`.
fn libretranslate_languages() -> serde_json::Value {
    json!([
        { "code": "en", "name": "English", "targets": ["en", "ja", "zh-Hans", "zh-Hant"] },
        { "code": "zh-Hans", "name": "Chinese", "targets": ["en", "ja", "zh-Hans", "zh-Hant"] },
        { "code": "zh-Hant", "name": "Chinese (traditional)", "targets": ["en", "ja", "zh-Hans", "zh-Hant"] }
    ])
}

fn candidate(kind: ServerKind, server: &TestServer) -> Candidate {
    Candidate::new(kind, &server.url()).expect("a test server is on 127.0.0.1")
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let addr = listener.local_addr().expect("a bound listener has an address");
    drop(listener);
    format!("http://{addr}")
}

#[tokio::test]
async fn each_kind_is_found_by_its_real_answer_and_asked_without_credentials() {
    let ollama = TestServer::start([Reply::json(200, ollama_tags())]).await;
    let lm_studio = TestServer::start([Reply::json(200, lm_studio_models())]).await;
    let llama_cpp = TestServer::start([Reply::json(200, llama_cpp_models())]).await;
    let libre = TestServer::start([Reply::json(200, libretranslate_languages())]).await;
    let candidates = [
        candidate(ServerKind::Ollama, &ollama),
        candidate(ServerKind::LmStudio, &lm_studio),
        candidate(ServerKind::LlamaCpp, &llama_cpp),
        candidate(ServerKind::LibreTranslate, &libre),
    ];

    let found = find_local_servers(&candidates).await;

    assert_eq!(
        found,
        vec![
            FoundServer {
                kind: ServerKind::Ollama,
                provider: ProviderKind::OpenAi,
                base_url: format!("{}/v1", ollama.url()),
                models: vec!["qwen2.5:7b".into(), "llama3.1:8b".into()],
            },
            FoundServer {
                kind: ServerKind::LmStudio,
                provider: ProviderKind::OpenAi,
                base_url: format!("{}/v1", lm_studio.url()),
                models: vec!["qwen2.5-7b-instruct".into()],
            },
            FoundServer {
                kind: ServerKind::LlamaCpp,
                provider: ProviderKind::OpenAi,
                base_url: format!("{}/v1", llama_cpp.url()),
                models: vec!["Qwen2.5-7B-Instruct-Q4_K_M.gguf".into()],
            },
            FoundServer {
                kind: ServerKind::LibreTranslate,
                provider: ProviderKind::LibreTranslate,
                base_url: libre.url(),
                models: vec![],
            },
        ]
    );
    for (server, path) in
        [(&ollama, "/api/tags"), (&lm_studio, "/v1/models"), (&llama_cpp, "/v1/models"), (&libre, "/languages")]
    {
        let request = server.only_request();
        assert_eq!((request.method.as_str(), request.target.as_str()), ("GET", path));
        assert!(request.body.is_empty(), "{request:?}");
        for header in ["authorization", "x-api-key", "api-key", "cookie", "proxy-authorization"] {
            assert!(request.header(header).is_none(), "{header} sent: {}", request.everything());
        }
    }
}

#[tokio::test]
async fn a_port_where_nothing_listens_is_not_listed() {
    let candidates = [
        Candidate::new(ServerKind::Ollama, &closed_port().await).expect("loopback"),
        Candidate::new(ServerKind::LibreTranslate, &closed_port().await).expect("loopback"),
    ];
    assert_eq!(find_local_servers(&candidates).await, vec![]);
}

#[tokio::test]
async fn a_server_that_never_answers_does_not_hold_up_the_others() {
    // Without the bound this probe would wait the silent server's 30 s.
    let silent = TestServer::start([Reply::json(200, ollama_tags()).delay(Duration::from_secs(30))]).await;
    let libre = TestServer::start([Reply::json(200, libretranslate_languages())]).await;
    let candidates = [candidate(ServerKind::Ollama, &silent), candidate(ServerKind::LibreTranslate, &libre)];

    let started = Instant::now();
    let found = find_local_servers(&candidates).await;
    let took = started.elapsed();

    assert_eq!(found.iter().map(|f| f.kind).collect::<Vec<_>>(), vec![ServerKind::LibreTranslate]);
    // A hang check, not a speed measurement: the bound is 1.5 s, the silent
    // server 30 s, so only a missing bound can fail this on a loaded machine.
    assert!(took < TOTAL_TIMEOUT + Duration::from_secs(8), "the probe took {took:?}");
}

#[tokio::test]
async fn servers_answering_something_else_are_not_listed() {
    // Another service on the usual port: each answers 200 (or worse) with the wrong thing.
    let html = TestServer::start([Reply::raw(200, "text/html", b"<!doctype html><title>Router</title>It works")]).await;
    let other_json = TestServer::start([Reply::json(200, json!({ "status": "ok", "models": "none" }))]).await;
    let truncated = TestServer::start([Reply::json(200, lm_studio_models()).cut_off()]).await;
    let not_found = TestServer::start([Reply::raw(404, "text/plain", b"404 page not found")]).await;
    let error = TestServer::start([Reply::json(500, json!({ "error": "model loading" }))]).await;
    let hang_up = TestServer::start([Reply::hang_up()]).await;
    let empty_languages = TestServer::start([Reply::json(200, json!([]))]).await;
    let huge_names: Vec<serde_json::Value> =
        (0..20_000).map(|i| json!({ "name": format!("model-number-{i:05}:latest") })).collect();
    let oversized = TestServer::start([Reply::json(200, json!({ "models": huge_names }))]).await;
    let candidates = [
        candidate(ServerKind::LlamaCpp, &html),
        candidate(ServerKind::Ollama, &other_json),
        candidate(ServerKind::LmStudio, &truncated),
        candidate(ServerKind::LlamaCpp, &not_found),
        candidate(ServerKind::LmStudio, &error),
        candidate(ServerKind::Ollama, &hang_up),
        candidate(ServerKind::LibreTranslate, &empty_languages),
        candidate(ServerKind::Ollama, &oversized),
    ];

    let found: Vec<String> = find_local_servers(&candidates).await.into_iter().map(|f| f.base_url).collect();
    assert_eq!(found, Vec::<String>::new());
    for server in [&html, &other_json, &truncated, &not_found, &error, &hang_up, &empty_languages, &oversized] {
        assert_eq!(server.received().len(), 1, "each candidate is asked exactly once");
    }
}

#[tokio::test]
async fn a_redirect_is_never_followed() {
    let elsewhere = TestServer::start([Reply::json(200, ollama_tags())]).await;
    let redirecting =
        TestServer::start([Reply::empty(302).header("Location", &format!("{}/api/tags", elsewhere.url()))]).await;

    assert_eq!(find_local_servers(&[candidate(ServerKind::Ollama, &redirecting)]).await, vec![]);
    assert_eq!(redirecting.received().len(), 1);
    assert!(elsewhere.received().is_empty(), "the redirect was followed: {:?}", elsewhere.received());
}

#[test]
fn only_loopback_candidates_can_be_made() {
    for root in ["http://192.168.1.20:11434", "http://example.com", "http://127.0.0.1.nip.io:11434", "file:///tmp"] {
        assert!(Candidate::new(ServerKind::Ollama, root).is_err(), "{root}");
    }
    for root in ["http://127.0.0.1:11434", "http://localhost:1234/", "http://[::1]:5000"] {
        assert!(Candidate::new(ServerKind::Ollama, root).is_ok(), "{root}");
    }
}

fn found_ollama(base: &str, models: &[&str]) -> FoundServer {
    FoundServer {
        kind: ServerKind::Ollama,
        provider: ProviderKind::OpenAi,
        base_url: format!("{base}/v1"),
        models: models.iter().map(|m| (*m).to_owned()).collect(),
    }
}

#[tokio::test]
async fn a_found_model_becomes_the_default_profile_and_translates_without_a_key() {
    let server = TestServer::start([
        Reply::json(200, ollama_tags()),
        Reply::sse(&[
            json!({ "choices": [{ "index": 0, "delta": { "role": "assistant", "content": "<seg id=\"1\">Software</seg>" } }] })
                .to_string(),
            json!({ "choices": [{ "index": 0, "delta": {}, "finish_reason": "stop" }] }).to_string(),
            "[DONE]".to_owned(),
        ]),
    ])
    .await;
    let found = find_local_servers(&[candidate(ServerKind::Ollama, &server)]).await;
    let found = found.first().expect("the fake Ollama is found");

    let mut settings = Settings::default();
    settings.add_profile(Profile::new("DeepL", ProviderKind::DeepL)).expect("a first profile");
    let name = settings.adopt_local_server(found, Some("qwen2.5:7b")).expect("adopted");
    assert_eq!(name, "Ollama · qwen2.5:7b");
    let profile = settings.default_profile().expect("a default profile").clone();
    assert_eq!(profile.name, name);
    assert_eq!(
        (profile.kind, profile.base_url.as_str(), profile.model.as_deref()),
        (ProviderKind::OpenAi, format!("{}/v1", server.url()).as_str(), Some("qwen2.5:7b"))
    );
    assert!(!profile.kind.needs_key());
    settings.validate().expect("the adopted profile is a valid one");

    let config = profile.provider_config(None);
    let segments = [Segment { id: "b1".into(), text: "軟體".into() }];
    let translations =
        translate_batch(&reqwest::Client::new(), &config, &segments, None, &Lang::new("en"), &mut |_| {}).await;
    assert_eq!(translations.expect("translated"), vec!["Software".to_owned()]);
    let chat = &server.received()[1];
    assert_eq!((chat.method.as_str(), chat.path()), ("POST", "/v1/chat/completions"));
    assert_eq!(chat.json()["model"], "qwen2.5:7b");
    assert!(chat.header("authorization").is_none(), "{}", chat.everything());
}

#[test]
fn using_the_same_model_twice_reuses_its_profile() {
    let found = found_ollama("http://127.0.0.1:11434", &["qwen2.5:7b", "llama3.1:8b"]);
    let mut settings = Settings::default();
    assert_eq!(settings.adopt_local_server(&found, Some("qwen2.5:7b")).as_deref(), Ok("Ollama · qwen2.5:7b"));
    assert_eq!(settings.adopt_local_server(&found, Some("llama3.1:8b")).as_deref(), Ok("Ollama · llama3.1:8b"));
    assert_eq!(settings.default_profile.as_deref(), Some("Ollama · llama3.1:8b"));
    assert_eq!(settings.adopt_local_server(&found, Some("qwen2.5:7b")).as_deref(), Ok("Ollama · qwen2.5:7b"));
    // The two models' profiles beside the new install's web engines.
    assert_eq!(settings.profiles.len(), 3);
    assert!(settings.translation_chosen, "using a local server is the first-run choice made");
    assert_eq!(settings.default_profile.as_deref(), Some("Ollama · qwen2.5:7b"));
    assert_eq!(
        settings.adopt_local_server(&found, Some("mistral:7b")),
        Err(SettingsError::UnknownLocalModel { base_url: found.base_url.clone(), model: "mistral:7b".into() })
    );
}

#[test]
fn local_profile_names_are_unique_and_fit() {
    let ollama = found_ollama("http://127.0.0.1:11434", &["qwen2.5:7b"]);
    let other_port = found_ollama("http://127.0.0.1:11500", &["qwen2.5:7b"]);
    let libre = FoundServer {
        kind: ServerKind::LibreTranslate,
        provider: ProviderKind::LibreTranslate,
        base_url: "http://127.0.0.1:5000".into(),
        models: vec![],
    };
    let mut existing = vec![Profile::new("ollama · QWEN2.5:7b", ProviderKind::DeepL)];
    assert_eq!(local_profile(&ollama, Some("qwen2.5:7b"), &existing).name, "Ollama · qwen2.5:7b (2)");
    existing.push(Profile::new("Ollama · qwen2.5:7b (2)", ProviderKind::OpenAi));
    assert_eq!(local_profile(&other_port, Some("qwen2.5:7b"), &existing).name, "Ollama · qwen2.5:7b (3)");

    let libre_profile = local_profile(&libre, None, &existing);
    assert_eq!(libre_profile.name, "LibreTranslate · 127.0.0.1:5000");
    assert_eq!((libre_profile.kind, libre_profile.model.as_deref()), (ProviderKind::LibreTranslate, None));

    let long = "hf.co/bartowski/Qwen2.5-14B-Instruct-GGUF:Q4_K_M-with-a-very-long-tag-name";
    let long_found = found_ollama("http://127.0.0.1:11434", &[long]);
    let first = local_profile(&long_found, Some(long), &[]);
    assert_eq!(first.name.chars().count(), 64);
    assert!(first.name.starts_with("Ollama · hf.co/bartowski") && first.name.ends_with('…'), "{}", first.name);
    assert_eq!(first.model.as_deref(), Some(long), "only the name is shortened");
    let second = local_profile(&long_found, Some(long), std::slice::from_ref(&first));
    assert!(second.name.ends_with("… (2)") && second.name.chars().count() == 64, "{}", second.name);
    for profile in [first, second, libre_profile] {
        profile.validate().expect("a valid profile");
    }
}

#[test]
fn fully_offline_refuses_every_profile_off_this_computer() {
    let deepl = Profile::new("DeepL", ProviderKind::DeepL);
    let openai_default = Profile::new("OpenAI", ProviderKind::OpenAi);
    let remote =
        Profile { base_url: "https://api.deepseek.com/v1".into(), ..Profile::new("DeepSeek", ProviderKind::OpenAi) };
    let lan = Profile { base_url: "http://192.168.1.20:11434/v1".into(), ..Profile::new("LAN", ProviderKind::OpenAi) };
    let ollama =
        Profile { base_url: "http://127.0.0.1:11434/v1".into(), ..Profile::new("Ollama", ProviderKind::OpenAi) };
    let libre =
        Profile { base_url: "http://localhost:5000".into(), ..Profile::new("Libre", ProviderKind::LibreTranslate) };
    let ipv6 = Profile { base_url: "http://[::1]:8080/v1".into(), ..Profile::new("llama", ProviderKind::OpenAi) };

    let online = Settings::default();
    assert!(!online.offline_only, "off by default");
    for profile in [&deepl, &openai_default, &remote, &lan, &ollama, &libre, &ipv6] {
        assert_eq!(online.allows_network(profile), Ok(()), "{}", profile.name);
    }

    let offline = Settings { offline_only: true, ..Settings::default() };
    for (profile, host) in [
        (&deepl, "api.deepl.com"),
        (&openai_default, "api.openai.com"),
        (&remote, "api.deepseek.com"),
        (&lan, "192.168.1.20"),
    ] {
        let err = offline.allows_network(profile).expect_err(&profile.name);
        assert_eq!(err, SettingsError::OfflineOnly { name: profile.name.clone(), host: host.into() });
        assert!(err.to_string().contains("fully offline is on"), "{err}");
    }
    for profile in [&ollama, &libre, &ipv6] {
        assert_eq!(offline.allows_network(profile), Ok(()), "{}", profile.name);
    }
    assert!(offline.allows_url("http://127.0.0.1:9/translate") && !offline.allows_url("https://edge.microsoft.com"));
}

#[test]
fn the_offline_switch_is_saved_and_an_older_file_means_off() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("settings.json"), r#"{"version":1,"target_language":"en"}"#).expect("written");
    assert!(!Settings::load(dir.path()).expect("loads").offline_only);
    let settings = Settings { offline_only: true, ..Settings::default() };
    settings.save(dir.path()).expect("saved");
    assert!(Settings::load(dir.path()).expect("loads").offline_only);
}
