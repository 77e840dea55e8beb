//! Anthropic Messages against the local server (`support`): the request as
//! the real API checks it (path, `x-api-key`, the pinned `anthropic-version`,
//! `max_tokens`, a top-level `system`, one user message), plain and streamed
//! answers with Anthropic's named events, truncation, refusals and its error
//! types. The shared faults are in `providers.rs` (`anthropic_faults`).

use std::time::Duration;

use duizhao_core::translate::{
    anthropic, openai, test_connection, translate_batch, Delta, Lang, ProviderConfig, ProviderKind, Secret,
    TranslateError,
};
use serde_json::{json, Value};

use crate::support::batch::{segments, strings};
use crate::support::{Reply, TestServer};

const KEY: &str = "sk-ant-test-4b8e2f6a9c1d";

fn config(server: &TestServer, stream: bool) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::Anthropic, &format!("{}/v1", server.url()));
    config.api_key = Some(Secret::new(KEY));
    config.model = Some("claude-sonnet-4-5".into());
    config.stream = stream;
    config.timeout = Duration::from_secs(5);
    config
}

/// Translates, collecting the deltas as (segment id, text so far).
async fn run(
    config: &ProviderConfig,
    texts: &[&str],
    source: Option<&str>,
    target: &str,
) -> (Result<Vec<String>, TranslateError>, Vec<(String, String)>) {
    let mut deltas = Vec::new();
    let source = source.map(Lang::new);
    let result = translate_batch(
        &reqwest::Client::new(),
        config,
        &segments(texts),
        source.as_ref(),
        &Lang::new(target),
        &mut |delta: Delta| deltas.push((delta.id, delta.text_so_far)),
    )
    .await;
    if let Err(error) = &result {
        assert!(!format!("{error} {error:?}").contains(KEY), "the key leaked: {error:?}");
    }
    (result, deltas)
}

fn message(blocks: Value, stop_reason: &str) -> Value {
    json!({
        "id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
        "content": blocks, "stop_reason": stop_reason, "stop_sequence": null,
        "usage": { "input_tokens": 120, "output_tokens": 30 },
    })
}

fn text_message(text: &str, stop_reason: &str) -> Reply {
    Reply::json(200, message(json!([{ "type": "text", "text": text }]), stop_reason))
}

/// One named event, as Anthropic writes them.
fn event(name: &str, data: Value) -> Vec<u8> {
    format!("event: {name}\ndata: {data}\n\n").into_bytes()
}

fn message_start() -> Vec<u8> {
    event(
        "message_start",
        json!({ "type": "message_start", "message": { "id": "msg_01", "type": "message", "role": "assistant", "content": [],
            "model": "claude-sonnet-4-5", "stop_reason": null, "stop_sequence": null, "usage": { "input_tokens": 120, "output_tokens": 1 } } }),
    )
}

fn block_start(index: u32) -> Vec<u8> {
    event(
        "content_block_start",
        json!({ "type": "content_block_start", "index": index, "content_block": { "type": "text", "text": "" } }),
    )
}

fn text_delta(text: &str) -> Vec<u8> {
    event(
        "content_block_delta",
        json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": text } }),
    )
}

fn ping() -> Vec<u8> {
    event("ping", json!({ "type": "ping" }))
}

fn block_stop(index: u32) -> Vec<u8> {
    event("content_block_stop", json!({ "type": "content_block_stop", "index": index }))
}

fn message_delta(stop_reason: &str) -> Vec<u8> {
    event(
        "message_delta",
        json!({ "type": "message_delta", "delta": { "stop_reason": stop_reason, "stop_sequence": null }, "usage": { "output_tokens": 30 } }),
    )
}

fn message_stop() -> Vec<u8> {
    event("message_stop", json!({ "type": "message_stop" }))
}

fn stream(parts: Vec<Vec<u8>>) -> Reply {
    Reply::stream(parts, Duration::from_millis(10))
}

fn as_pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(id, text)| ((*id).to_owned(), (*text).to_owned())).collect()
}

#[tokio::test]
async fn anthropic_request_is_what_the_messages_api_checks() {
    let server =
        TestServer::start([text_message("<seg id=\"1\">早安</seg>\n<seg id=\"2\">晚安</seg>", "end_turn")]).await;
    let mut config = config(&server, false);
    config.temperature = Some(0.3);
    let (result, _) = run(&config, &["Good morning", "Good night"], Some("en"), "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安", "晚安"])));

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/v1/messages"));
    assert_eq!(request.header("x-api-key"), Some(KEY));
    assert_eq!(request.header("anthropic-version"), Some(anthropic::API_VERSION));
    assert_eq!(anthropic::API_VERSION, "2023-06-01", "the version that still takes a temperature");
    assert!(request.header("content-type").is_some_and(|value| value.starts_with("application/json")));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.everything().matches(KEY).count(), 1, "the key is sent only in x-api-key");

    let body = request.json();
    assert_eq!(body["model"], json!("claude-sonnet-4-5"));
    assert_eq!(body["max_tokens"], json!(8192), "max_tokens is required");
    assert_eq!(body["stream"], json!(false));
    assert_eq!(body["temperature"], json!(0.3));
    // The system prompt is top-level; the one message is the user's.
    let system = body["system"].as_str().expect("a top-level system prompt");
    assert!(system.starts_with(openai::DEFAULT_SYSTEM_PROMPT), "{system}");
    assert!(system.contains("Traditional Chinese (zh-Hant)") && system.contains("The source language is English"));
    let messages = body["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["role"], json!("user"));
    let user = messages[0]["content"].as_str().expect("the user message is a string");
    assert!(user.contains("<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good night</seg>"), "{user}");
    let keys: Vec<&str> = body.as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 6, "model, max_tokens, system, messages, stream, temperature: {keys:?}");
}

#[tokio::test]
async fn anthropic_sends_no_temperature_unless_set_and_keeps_it_within_its_range() {
    let server = TestServer::start([text_message("<seg id=\"1\">x</seg>", "end_turn")]).await;
    run(&config(&server, false), &["x"], None, "en").await.0.expect("translated");
    assert_eq!(server.only_request().json().get("temperature"), None);

    let server = TestServer::start([text_message("<seg id=\"1\">x</seg>", "end_turn")]).await;
    let mut config = config(&server, false);
    config.temperature = Some(1.5);
    run(&config, &["x"], None, "en").await.0.expect("translated");
    assert_eq!(server.only_request().json()["temperature"], json!(1.0));
}

#[tokio::test]
async fn anthropic_claude_3_models_ask_for_at_most_4096_tokens() {
    let server = TestServer::start([text_message("<seg id=\"1\">x</seg>", "end_turn")]).await;
    let mut config = config(&server, false);
    config.model = Some("claude-3-haiku-20240307".into());
    run(&config, &["x"], None, "en").await.0.expect("translated");
    assert_eq!(server.only_request().json()["max_tokens"], json!(4096));
}

#[tokio::test]
async fn anthropic_answer_joins_text_blocks_and_skips_thinking() {
    let blocks = json!([
        { "type": "thinking", "thinking": "<seg id=\"1\">not this</seg>", "signature": "sig" },
        { "type": "text", "text": "<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good" },
        { "type": "text", "text": " night</seg>" },
    ]);
    let server = TestServer::start([Reply::json(200, message(blocks, "end_turn"))]).await;
    let (result, _) = run(&config(&server, false), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(strings(&["Good morning", "Good night"])));
}

#[tokio::test]
async fn anthropic_stream_reports_rows_as_they_arrive_and_skips_pings_and_unknown_events() {
    let parts = vec![
        message_start(),
        block_start(0),
        ping(),
        text_delta("<seg id=\"1\">Good"),
        // An event type Anthropic may add later.
        event(
            "content_block_citation",
            json!({ "type": "content_block_citation", "index": 0, "citation": { "text": "<seg id=\"2\">no</seg>" } }),
        ),
        text_delta(" morning</seg>\n<seg id=\"2\">Go"),
        ping(),
        text_delta("od night</seg>"),
        block_stop(0),
        message_delta("end_turn"),
        message_stop(),
    ];
    let server = TestServer::start([stream(parts)]).await;
    let (result, deltas) = run(&config(&server, true), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(strings(&["Good morning", "Good night"])));
    assert_eq!(
        deltas,
        as_pairs(&[("block-1", "Good"), ("block-1", "Good morning"), ("block-2", "Go"), ("block-2", "Good night")])
    );
    let request = server.only_request();
    assert_eq!(request.json()["stream"], json!(true));
    assert_eq!(request.target, "/v1/messages");
}

#[tokio::test]
async fn anthropic_stream_event_split_across_reads_is_put_back_together() {
    let delta = text_delta("<seg id=\"1\">早安，世界</seg>");
    let split = delta.windows(3).position(|window| window == "早".as_bytes()).expect("the event holds 早") + 1;
    let parts = vec![
        message_start(),
        block_start(0),
        delta[..split].to_vec(),
        delta[split..].to_vec(),
        block_stop(0),
        message_delta("end_turn"),
        message_stop(),
    ];
    let server = TestServer::start([stream(parts)]).await;
    let (result, deltas) = run(&config(&server, true), &["Good morning, world"], None, "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安，世界"])));
    assert_eq!(deltas, as_pairs(&[("block-1", "早安，世界")]));
}

#[tokio::test]
async fn anthropic_stream_error_event_midway_is_a_retryable_provider_error() {
    let error = json!({ "type": "error", "error": { "type": "overloaded_error", "message": "Overloaded" } });
    let parts = vec![message_start(), block_start(0), text_delta("<seg id=\"1\">Good"), event("error", error)];
    let server = TestServer::start([stream(parts)]).await;
    let (result, deltas) = run(&config(&server, true), &["早安", "晚安"], None, "en").await;
    let error = result.expect_err("the stream failed");
    assert!(
        matches!(&error, TranslateError::Provider { retryable: true, detail } if detail.contains("Overloaded")),
        "{error:?}"
    );
    assert_eq!(deltas, as_pairs(&[("block-1", "Good")]), "progress before the error was still reported");
}

#[tokio::test]
async fn anthropic_stream_invalid_request_error_event_is_not_retried() {
    let error =
        json!({ "type": "error", "error": { "type": "invalid_request_error", "message": "prompt is too long" } });
    let server = TestServer::start([stream(vec![message_start(), event("error", error)])]).await;
    let (result, _) = run(&config(&server, true), &["早安"], None, "en").await;
    let error = result.expect_err("refused");
    assert!(matches!(error, TranslateError::Provider { retryable: false, .. }), "{error:?}");
}

#[tokio::test]
async fn anthropic_stream_that_ends_before_message_stop_is_retryable() {
    let parts = vec![message_start(), block_start(0), text_delta("<seg id=\"1\">Good morning</seg>")];
    let server = TestServer::start([stream(parts)]).await;
    let (result, _) = run(&config(&server, true), &["早安"], None, "en").await;
    let error = result.expect_err("no stop reason, no message_stop");
    assert!(matches!(error, TranslateError::Provider { retryable: true, .. }), "{error:?}");
}

#[tokio::test]
async fn anthropic_answer_cut_off_by_max_tokens_is_never_complete() {
    // Plain: the last element is unclosed, so it is not taken.
    let server =
        TestServer::start([text_message("<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good ni", "max_tokens")])
            .await;
    let (result, _) = run(&config(&server, false), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Truncated { expected: 2, got: 1 }));

    // The same text with end_turn would have been accepted.
    let server =
        TestServer::start([text_message("<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good ni", "end_turn")]).await;
    let (result, _) = run(&config(&server, false), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(strings(&["Good morning", "Good ni"])));

    // A single segment answered without tags and cut off is not taken either.
    let server = TestServer::start([text_message("Good morn", "max_tokens")]).await;
    let (result, _) = run(&config(&server, false), &["早安"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Truncated { expected: 1, got: 0 }));

    // Streamed: the rows showed partial text, but the batch is not complete.
    let parts = vec![
        message_start(),
        block_start(0),
        text_delta("<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good ni"),
        block_stop(0),
        message_delta("max_tokens"),
        message_stop(),
    ];
    let server = TestServer::start([stream(parts)]).await;
    let (result, deltas) = run(&config(&server, true), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Truncated { expected: 2, got: 1 }));
    assert_eq!(deltas, as_pairs(&[("block-1", "Good morning"), ("block-2", "Good ni")]));
}

#[tokio::test]
async fn anthropic_answer_missing_a_segment_is_misaligned() {
    let server = TestServer::start([text_message("<seg id=\"1\">Good morning. Good night.</seg>", "end_turn")]).await;
    let (result, _) = run(&config(&server, false), &["早安。", "晚安。"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Misaligned { expected: 2, got: 1 }));
}

#[tokio::test]
async fn anthropic_refusal_is_not_retried() {
    let server = TestServer::start([text_message("", "refusal")]).await;
    let (result, _) = run(&config(&server, false), &["早安"], None, "en").await;
    let error = result.expect_err("refused");
    assert!(matches!(error, TranslateError::Provider { retryable: false, .. }), "{error:?}");
}

#[tokio::test]
async fn anthropic_traditional_targets_carry_the_regional_rule() {
    for (target, wanted, unwanted) in [
        ("zh-TW", "Use the vocabulary and phrasing of Taiwan (for example 軟體", "Hong Kong"),
        ("zh-HK", "Use the vocabulary and phrasing of Hong Kong in standard written Chinese", "Taiwan"),
    ] {
        let server = TestServer::start([text_message("<seg id=\"1\">x</seg>", "end_turn")]).await;
        run(&config(&server, false), &["x"], None, target).await.0.expect("translated");
        let body = server.only_request().json();
        let system = body["system"].as_str().expect("a system prompt");
        assert!(system.contains(wanted) && system.contains("never Simplified"), "{target}: {system}");
        assert!(!system.contains(unwanted), "{target}: {system}");
    }
}

/// What an error must be, as a test of it.
type Expected = fn(&TranslateError) -> bool;

fn error_reply(status: u16, kind: &str, message: &str) -> Reply {
    Reply::json(
        status,
        json!({ "type": "error", "error": { "type": kind, "message": message }, "request_id": "req_01" }),
    )
}

#[tokio::test]
async fn anthropic_error_types_map_to_what_the_user_can_do() {
    let cases: Vec<(Reply, Expected)> = vec![
        (
            error_reply(401, "authentication_error", "invalid x-api-key"),
            |e| matches!(e, TranslateError::Unauthorized { detail } if detail == "invalid x-api-key"),
        ),
        (error_reply(403, "permission_error", "not allowed"), |e| matches!(e, TranslateError::Forbidden { .. })),
        (error_reply(402, "billing_error", "payment required"), |e| matches!(e, TranslateError::QuotaExceeded { .. })),
        (
            error_reply(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API."),
            |e| matches!(e, TranslateError::QuotaExceeded { detail } if detail.contains("credit balance")),
        ),
        (
            Reply::json(
                429,
                json!({ "type": "error", "error": { "type": "rate_limit_error", "message": "spend limit", "details": { "error_code": "enforced_spend_limit_reached" } } }),
            ),
            |e| matches!(e, TranslateError::QuotaExceeded { .. }),
        ),
        (error_reply(429, "rate_limit_error", "slow down").header("retry-after", "12"), |e| {
            *e == TranslateError::RateLimited { retry_after: Some(Duration::from_secs(12)) }
        }),
        (error_reply(529, "overloaded_error", "Overloaded"), |e| {
            e.is_retryable() && matches!(e, TranslateError::RateLimited { .. })
        }),
        (error_reply(500, "api_error", "internal"), |e| {
            *e == TranslateError::Server { status: 500, retry_after: None }
        }),
        (error_reply(413, "request_too_large", "too large"), |e| {
            matches!(e, TranslateError::BadRequest { status: 413, .. })
        }),
        (
            error_reply(404, "not_found_error", "model: claude-nope"),
            |e| matches!(e, TranslateError::BadRequest { status: 404, detail } if detail.contains("claude-nope")),
        ),
        (error_reply(400, "invalid_request_error", "max_tokens: 8192 > 4096"), |e| {
            matches!(e, TranslateError::BadRequest { status: 400, .. }) && !e.is_retryable()
        }),
    ];
    for (reply, expected) in cases {
        let server = TestServer::start([reply]).await;
        let (result, _) = run(&config(&server, false), &["早安"], None, "en").await;
        let error = result.expect_err("an error reply");
        assert!(expected(&error), "{error:?}");
        assert_eq!(server.received().len(), 1);
    }
}

#[tokio::test]
async fn anthropic_without_a_model_or_key_sends_nothing() {
    let server = TestServer::start([]).await;
    let mut no_model = config(&server, false);
    no_model.model = Some("  ".into());
    let (result, _) = run(&no_model, &["早安"], None, "en").await;
    assert!(matches!(&result, Err(TranslateError::Config { detail }) if detail.contains("no model")), "{result:?}");
    let mut no_key = config(&server, false);
    no_key.api_key = None;
    let (result, _) = run(&no_key, &["早安"], None, "en").await;
    assert!(matches!(result, Err(TranslateError::Config { .. })), "{result:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn anthropic_test_connection_does_not_stream() {
    let server = TestServer::start([text_message("<seg id=\"1\">Test</seg>", "end_turn")]).await;
    test_connection(&reqwest::Client::new(), &config(&server, true)).await.expect("the probe succeeds");
    assert_eq!(server.only_request().json()["stream"], json!(false));
}
