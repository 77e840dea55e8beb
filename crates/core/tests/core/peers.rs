//! Providers against servers nobody on this team wrote (installed from npm by
//! scripts/setup.sh --test into tests/peers; see /shared/peers/README.md):
//! - aimock speaking OpenAI chat completions: plain and streamed answers with
//!   its real SSE framing, its 429 + Retry-After, and its malformed replies;
//! - Prism serving DeepL's official OpenAPI spec (v3.11.0, in tests/peers; see
//!   its README for provenance and licence): it validates every request against
//!   the spec (so a 200 means our request was valid), and answers 456 and 429
//!   on demand.
//!
//! Each test starts its server on a free port and stops it when done.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use duizhao_core::translate::{
    translate_batch, Delta, Lang, ProviderConfig, ProviderKind, Secret, Segment, TranslateError,
};

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn peers() -> PathBuf {
    let dir = root().join("tests/peers/node_modules");
    assert!(dir.exists(), "{} is missing: run `bash scripts/setup.sh --test`", dir.display());
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A server process, killed when dropped, and the folder of files it serves (if any),
/// deleted after it.
struct Peer {
    child: Child,
    url: String,
    files: Option<tempfile::TempDir>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        drop(self.files.take());
    }
}

impl Peer {
    fn start(mut command: Command, port: u16) -> Peer {
        let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("node starts");
        let peer = Peer { child, url: format!("http://127.0.0.1:{port}"), files: None };
        // Waits for as long as the peer takes on a loaded machine; a peer that
        // exits instead fails at once (a hang is nextest's timeout to catch).
        let mut peer = peer;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = peer.child.try_wait().expect("peer status") {
                panic!("the peer exited ({status}) before listening on port {port}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        peer
    }
}

fn segments(texts: &[&str]) -> Vec<Segment> {
    texts.iter().enumerate().map(|(i, t)| Segment { id: format!("b{i}"), text: (*t).to_owned() }).collect()
}

fn client_with_header(name: &'static str, value: &'static str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(name, reqwest::header::HeaderValue::from_static(value));
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

fn start_aimock() -> Peer {
    let fixtures = tempfile::tempdir().unwrap();
    std::fs::write(
        fixtures.path().join("translate.json"),
        serde_json::json!({ "fixtures": [
            {
                "match": { "userMessage": "臺灣的軟體產業" },
                "response": { "content": "<seg id=\"1\">Taiwan's software industry</seg>\n<seg id=\"2\">Memory prices are rising.</seg>" }
            },
            {
                "match": { "userMessage": "只回一段" },
                "response": { "content": "<seg id=\"1\">Only one</seg>" }
            },
            // Streamed in 6-character pieces, so rows fill in over many events.
            {
                "match": { "userMessage": "逐段串流" },
                "response": { "content": "<seg id=\"1\">Streamed in pieces</seg>\n<seg id=\"2\">Row by row</seg>" },
                "chunkSize": 6
            },
            // A thinking model: Anthropic thinking blocks, Gemini thought parts.
            {
                "match": { "userMessage": "想一想再答" },
                "response": { "content": "<seg id=\"1\">Thought through</seg>", "reasoning": "<seg id=\"1\">not the answer</seg>" },
                "chunkSize": 8
            },
            // Cut off by the output limit: Anthropic max_tokens, Gemini MAX_TOKENS.
            {
                "match": { "userMessage": "太長被截斷" },
                "response": { "content": "<seg id=\"1\">Complete</seg>\n<seg id=\"2\">Cut of", "finishReason": "length" }
            },
            // Each protocol's own error shape (aimock's chaos errors use OpenAI's).
            {
                "match": { "userMessage": "請求太多" },
                "response": { "error": { "type": "rate_limit_error", "message": "Number of requests has exceeded your rate limit" }, "status": 429, "retryAfter": 3 }
            },
            {
                "match": { "userMessage": "帳戶沒錢" },
                "response": { "error": { "type": "billing_error", "message": "Your credit balance is too low" }, "status": 402 }
            }
        ]})
        .to_string(),
    )
    .unwrap();
    let port = free_port();
    let mut command = Command::new("node");
    command
        .arg(peers().join("@copilotkit/aimock/dist/cli.js"))
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-f"])
        .arg(fixtures.path());
    let mut peer = Peer::start(command, port);
    peer.files = Some(fixtures);
    peer
}

fn openai_config(url: &str, stream: bool) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::OpenAi, &format!("{url}/v1"));
    config.model = Some("test-model".into());
    config.api_key = Some(Secret::new("sk-peer-test"));
    config.stream = stream;
    config.timeout = Duration::from_secs(10);
    config
}

#[tokio::test]
async fn openai_provider_works_against_aimock_streamed_plain_and_faulty() {
    let aimock = start_aimock();
    let batch = segments(&["臺灣的軟體產業", "記憶體價格上漲。"]);
    let target = Lang::new("en");
    let client = reqwest::Client::new();

    // Streamed: aimock's real framing (role-only first chunk, usage chunk, [DONE]).
    let mut deltas: Vec<Delta> = Vec::new();
    let streamed =
        translate_batch(&client, &openai_config(&aimock.url, true), &batch, None, &target, &mut |d| deltas.push(d))
            .await
            .expect("streamed translation");
    assert_eq!(streamed, ["Taiwan's software industry", "Memory prices are rising."]);
    assert!(deltas.iter().any(|d| d.id == "b0"), "streamed progress is reported per segment");

    // Plain.
    let plain = translate_batch(&client, &openai_config(&aimock.url, false), &batch, None, &target, &mut |_| {})
        .await
        .expect("plain translation");
    assert_eq!(plain, streamed);

    // A reply with a segment missing is misaligned, never shifted.
    let missing = segments(&["只回一段", "第二段"]);
    let err = translate_batch(&client, &openai_config(&aimock.url, false), &missing, None, &target, &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(err, TranslateError::Misaligned { expected: 2, got: 1 });

    // aimock's rate limit: 429 with Retry-After: 1.
    let limited = client_with_header("x-aimock-chaos-ratelimit", "1");
    let err = translate_batch(&limited, &openai_config(&aimock.url, false), &batch, None, &target, &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)), "{err:?}");
    assert!(matches!(err, TranslateError::RateLimited { .. }) && err.is_retryable(), "{err:?}");

    // A malformed 200 reply is an unexpected response (retryable), not a crash.
    let malformed = client_with_header("x-aimock-chaos-malformed", "1");
    let err = translate_batch(&malformed, &openai_config(&aimock.url, false), &batch, None, &target, &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, TranslateError::Decode { .. }), "{err:?}");
    assert!(!err.to_string().contains("sk-peer-test"));

    // What aimock received: our requests, with the key as a Bearer token.
    let journal: serde_json::Value =
        reqwest::get(format!("{}/__aimock/journal", aimock.url)).await.unwrap().json().await.unwrap();
    let text = journal.to_string();
    assert!(text.contains("test-model") && text.contains("<seg id=\\\"1\\\">臺灣的軟體產業</seg>"), "{text}");
}

fn start_prism() -> Peer {
    let spec = root().join("tests/peers/deepl-openapi.yaml");
    assert!(spec.exists(), "DeepL's OpenAPI spec is expected at {}", spec.display());
    let port = free_port();
    let mut command = Command::new(peers().join(".bin/prism"));
    command.args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()]).arg(spec);
    Peer::start(command, port)
}

fn deepl_config(url: &str) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::DeepL, url);
    config.api_key = Some(Secret::new("peer-test-key:fx"));
    config.timeout = Duration::from_secs(20);
    config
}

#[tokio::test]
async fn deepl_requests_are_valid_against_the_official_spec_and_faults_map() {
    let prism = start_prism();
    let client = reqwest::Client::new();
    let one = segments(&["臺灣的軟體產業"]);
    // Prism answers 4xx for any request that breaks the spec, so each success here
    // is a request the spec accepts: Traditional, Simplified and English targets,
    // with and without a source language.
    for (source, target) in [(None, "zh-Hant"), (Some("zh-Hant"), "en"), (Some("en"), "zh-Hans"), (None, "en-GB")] {
        let source = source.map(Lang::new);
        let result =
            translate_batch(&client, &deepl_config(&prism.url), &one, source.as_ref(), &Lang::new(target), &mut |_| {})
                .await;
        // The spec's example answer.
        assert_eq!(result, Ok(vec!["Hallo, Welt!".to_owned()]), "source {source:?}, target {target}");
    }

    let quota = client_with_header("prefer", "code=456");
    let err = translate_batch(&quota, &deepl_config(&prism.url), &one, None, &Lang::new("en"), &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, TranslateError::QuotaExceeded { .. }) && !err.is_retryable(), "{err:?}");

    let limited = client_with_header("prefer", "code=429");
    let err = translate_batch(&limited, &deepl_config(&prism.url), &one, None, &Lang::new("en"), &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, TranslateError::RateLimited { retry_after: None }) && err.is_retryable(), "{err:?}");
    assert!(!err.to_string().contains("peer-test-key"));
}

fn llm_config(kind: ProviderKind, url: &str, stream: bool) -> ProviderConfig {
    let (base, model) = match kind {
        ProviderKind::Anthropic => (format!("{url}/v1"), "claude-sonnet-4-5"),
        ProviderKind::Gemini => (format!("{url}/v1beta"), "gemini-2.5-flash"),
        _ => unreachable!("only the native chat APIs here"),
    };
    let mut config = ProviderConfig::new(kind, &base);
    config.model = Some(model.into());
    config.api_key = Some(Secret::new("peer-llm-key-5c2e"));
    config.stream = stream;
    config.timeout = Duration::from_secs(10);
    config
}

/// Anthropic Messages and Gemini against aimock's own rendering of each
/// protocol: its named Anthropic events and Gemini SSE chunks, its thinking
/// blocks and thought parts, its stop reasons for a cut-off answer, and
/// errors in each protocol's shape.
#[tokio::test]
async fn anthropic_and_gemini_providers_work_against_aimock() {
    let aimock = start_aimock();
    let client = reqwest::Client::new();
    let en = Lang::new("en");
    for kind in [ProviderKind::Anthropic, ProviderKind::Gemini] {
        let translate = |texts: &'static [&'static str], stream: bool| {
            let client = client.clone();
            let url = aimock.url.clone();
            let en = en.clone();
            async move {
                let mut deltas: Vec<Delta> = Vec::new();
                let config = llm_config(kind, &url, stream);
                let result =
                    translate_batch(&client, &config, &segments(texts), None, &en, &mut |d| deltas.push(d)).await;
                if let Err(error) = &result {
                    assert!(!error.to_string().contains("peer-llm-key"), "{kind:?}: {error:?}");
                }
                (result, deltas)
            }
        };

        // Streamed in pieces: each row grows through several deltas and ends whole.
        let (result, deltas) = translate(&["逐段串流", "第二段"], true).await;
        assert_eq!(result, Ok(vec!["Streamed in pieces".to_owned(), "Row by row".to_owned()]), "{kind:?}");
        for (id, text) in [("b0", "Streamed in pieces"), ("b1", "Row by row")] {
            let row: Vec<&str> = deltas.iter().filter(|d| d.id == id).map(|d| d.text_so_far.as_str()).collect();
            assert!(row.len() >= 2, "{kind:?}: {id} arrived in one piece: {row:?}");
            assert_eq!(row.last(), Some(&text), "{kind:?}: {row:?}");
        }

        // Plain.
        let (result, _) = translate(&["臺灣的軟體產業", "記憶體價格上漲。"], false).await;
        assert_eq!(result, Ok(vec!["Taiwan's software industry".to_owned(), "Memory prices are rising.".to_owned()]));

        // Thinking is not the answer, plain or streamed.
        for stream in [false, true] {
            let (result, _) = translate(&["想一想再答"], stream).await;
            assert_eq!(result, Ok(vec!["Thought through".to_owned()]), "{kind:?} stream {stream}");
        }

        // A reply with a segment missing is misaligned, never shifted.
        let (result, _) = translate(&["只回一段", "第二段"], false).await;
        assert_eq!(result, Err(TranslateError::Misaligned { expected: 2, got: 1 }), "{kind:?}");

        // Cut off by the output limit: never taken as complete.
        for stream in [false, true] {
            let (result, _) = translate(&["太長被截斷", "第二段"], stream).await;
            assert_eq!(result, Err(TranslateError::Truncated { expected: 2, got: 1 }), "{kind:?} stream {stream}");
        }

        // A 429 in the protocol's shape, with aimock's Retry-After.
        let (result, _) = translate(&["請求太多"], false).await;
        assert_eq!(result, Err(TranslateError::RateLimited { retry_after: Some(Duration::from_secs(3)) }), "{kind:?}");

        // A 402: the account has run dry, which waiting will not fix.
        let (result, _) = translate(&["帳戶沒錢"], false).await;
        let error = result.expect_err("no credit");
        assert!(matches!(error, TranslateError::QuotaExceeded { .. }) && !error.is_retryable(), "{kind:?}: {error:?}");

        // aimock's malformed 200.
        let malformed = client_with_header("x-aimock-chaos-malformed", "1");
        let error = translate_batch(
            &malformed,
            &llm_config(kind, &aimock.url, false),
            &segments(&["臺灣的軟體產業"]),
            None,
            &en,
            &mut |_| {},
        )
        .await
        .unwrap_err();
        assert!(matches!(error, TranslateError::Decode { .. }), "{kind:?}: {error:?}");
    }

    // What aimock received: each protocol's path, its key header and version, no key in a URL.
    let journal: serde_json::Value =
        reqwest::get(format!("{}/__aimock/journal", aimock.url)).await.unwrap().json().await.unwrap();
    let entries =
        journal.as_array().cloned().unwrap_or_else(|| journal["entries"].as_array().cloned().unwrap_or_default());
    let path = |entry: &serde_json::Value| entry["path"].as_str().unwrap_or_default().to_owned();
    let header = |entry: &serde_json::Value, name: &str| entry["headers"][name].as_str().unwrap_or_default().to_owned();
    let anthropic: Vec<_> = entries.iter().filter(|e| path(e) == "/v1/messages").collect();
    let gemini: Vec<_> = entries.iter().filter(|e| path(e).starts_with("/v1beta/models/gemini-2.5-flash:")).collect();
    assert!(anthropic.len() >= 8 && gemini.len() >= 8, "{journal}");
    // aimock redacts key headers in its journal: that it redacted one shows it came.
    for entry in &anthropic {
        assert_eq!(header(entry, "x-api-key"), "[REDACTED]", "{entry}");
        assert_eq!(header(entry, "anthropic-version"), "2023-06-01", "{entry}");
    }
    for entry in &gemini {
        assert_eq!(header(entry, "x-goog-api-key"), "[REDACTED]", "{entry}");
        let path = path(entry);
        assert!(path.ends_with(":generateContent") || path.ends_with(":streamGenerateContent?alt=sse"), "{path}");
    }
    assert!(entries.iter().all(|e| !path(e).contains("peer-llm-key")), "a key in a URL: {journal}");
}
