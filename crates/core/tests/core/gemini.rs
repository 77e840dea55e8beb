//! Google Gemini against the local server (`support`): the request as the
//! real API checks it (the model in the path, `x-goog-api-key`, never `?key=`,
//! `systemInstruction` and `contents`, `alt=sse` when streaming), plain and
//! streamed answers, thinking parts, blocked prompts, truncation, filters and
//! Google's error details. The shared faults are in `providers.rs` (`gemini_faults`).

use std::time::Duration;

use duizhao_core::translate::{
    openai, test_connection, translate_batch, Delta, Lang, ProviderConfig, ProviderKind, Secret, TranslateError,
};
use serde_json::{json, Value};

use crate::support::batch::{segments, strings};
use crate::support::{Reply, TestServer};

const KEY: &str = "AIzaSyTest-3e9b7c1f5a2d";

fn config(server: &TestServer, stream: bool) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::Gemini, &format!("{}/v1beta", server.url()));
    config.api_key = Some(Secret::new(KEY));
    config.model = Some("gemini-2.5-flash".into());
    config.stream = stream;
    config.timeout = Duration::from_secs(5);
    config
}

fn as_pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(id, text)| ((*id).to_owned(), (*text).to_owned())).collect()
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

/// A `GenerateContentResponse` with these parts and (if any) finish reason.
fn response(parts: Value, finish: Option<&str>) -> Value {
    let mut candidate = json!({ "content": { "role": "model", "parts": parts }, "index": 0 });
    if let Some(finish) = finish {
        candidate["finishReason"] = json!(finish);
    }
    json!({ "candidates": [candidate], "usageMetadata": { "promptTokenCount": 120, "candidatesTokenCount": 30, "totalTokenCount": 150 }, "modelVersion": "gemini-2.5-flash" })
}

fn text_answer(text: &str, finish: &str) -> Reply {
    Reply::json(200, response(json!([{ "text": text }]), Some(finish)))
}

/// A streamed chunk carrying `text` (and a finish reason on the last).
fn chunk(text: &str, finish: Option<&str>) -> String {
    response(json!([{ "text": text }]), finish).to_string()
}

#[tokio::test]
async fn gemini_request_is_what_generate_content_checks() {
    let server = TestServer::start([text_answer("<seg id=\"1\">早安</seg>\n<seg id=\"2\">晚安</seg>", "STOP")]).await;
    let mut config = config(&server, false);
    config.temperature = Some(0.3);
    let (result, _) = run(&config, &["Good morning", "Good night"], Some("en"), "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安", "晚安"])));

    let request = server.only_request();
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/v1beta/models/gemini-2.5-flash:generateContent"),
        "no query: the key is not in the URL"
    );
    assert_eq!(request.header("x-goog-api-key"), Some(KEY));
    assert_eq!(request.header("authorization"), None);
    assert!(request.header("content-type").is_some_and(|value| value.starts_with("application/json")));
    assert_eq!(request.everything().matches(KEY).count(), 1, "the key is sent only in x-goog-api-key");

    let body = request.json();
    let system = body["systemInstruction"]["parts"][0]["text"].as_str().expect("a system instruction");
    assert!(system.starts_with(openai::DEFAULT_SYSTEM_PROMPT), "{system}");
    assert!(system.contains("Traditional Chinese (zh-Hant)") && system.contains("The source language is English"));
    let contents = body["contents"].as_array().expect("contents");
    assert_eq!(contents.len(), 1, "{contents:?}");
    assert_eq!(contents[0]["role"], json!("user"));
    let user = contents[0]["parts"][0]["text"].as_str().expect("the user text");
    assert!(user.contains("<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good night</seg>"), "{user}");
    assert_eq!(body["generationConfig"], json!({ "temperature": 0.3 }));
    let keys: Vec<&str> = body.as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 3, "systemInstruction, contents, generationConfig (no model, no stream): {keys:?}");
}

#[tokio::test]
async fn gemini_model_named_with_its_models_prefix_and_no_temperature() {
    let server = TestServer::start([text_answer("<seg id=\"1\">x</seg>", "STOP")]).await;
    let mut config = config(&server, false);
    config.model = Some("models/gemini-2.0-flash".into());
    run(&config, &["x"], None, "en").await.0.expect("translated");
    let request = server.only_request();
    assert_eq!(request.target, "/v1beta/models/gemini-2.0-flash:generateContent");
    assert_eq!(request.json().get("generationConfig"), None);
}

#[tokio::test]
async fn gemini_answer_skips_thought_parts_and_joins_the_rest() {
    let parts = json!([
        { "text": "<seg id=\"1\">thinking about it</seg>", "thought": true },
        { "text": "<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good" },
        { "text": " night</seg>", "thoughtSignature": "c2ln" },
    ]);
    let server = TestServer::start([Reply::json(200, response(parts, Some("STOP")))]).await;
    let (result, _) = run(&config(&server, false), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(strings(&["Good morning", "Good night"])));
}

#[tokio::test]
async fn gemini_stream_asks_for_sse_and_reports_rows_as_they_arrive() {
    let thought = response(json!([{ "text": "<seg id=\"2\">plan</seg>", "thought": true }]), None).to_string();
    let server = TestServer::start([Reply::sse(&[
        thought,
        chunk("<seg id=\"1\">Good", None),
        chunk(" morning</seg>\n<seg id=\"2\">Go", None),
        chunk("od night</seg>", Some("STOP")),
    ])])
    .await;
    let (result, deltas) = run(&config(&server, true), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(strings(&["Good morning", "Good night"])));
    assert_eq!(
        deltas,
        as_pairs(&[("block-1", "Good"), ("block-1", "Good morning"), ("block-2", "Go"), ("block-2", "Good night")])
    );
    let request = server.only_request();
    assert_eq!(request.path(), "/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    assert_eq!(request.query(), vec![("alt".to_owned(), "sse".to_owned())], "alt=sse, and no key in the URL");
    assert_eq!(request.header("x-goog-api-key"), Some(KEY));
    assert_eq!(request.json().get("stream"), None, "Gemini streams by endpoint, not by a body field");
}

#[tokio::test]
async fn gemini_stream_error_midway_is_a_retryable_provider_error() {
    let error = json!({ "error": { "code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE" } });
    let server = TestServer::start([Reply::sse(&[chunk("<seg id=\"1\">Good", None), error.to_string()])]).await;
    let (result, deltas) = run(&config(&server, true), &["早安", "晚安"], None, "en").await;
    let error = result.expect_err("the stream failed");
    assert!(
        matches!(&error, TranslateError::Provider { retryable: true, detail } if detail.contains("overloaded")),
        "{error:?}"
    );
    assert_eq!(deltas, as_pairs(&[("block-1", "Good")]), "progress before the error was still reported");
}

#[tokio::test]
async fn gemini_stream_that_ends_without_a_finish_reason_is_retryable() {
    let server = TestServer::start([Reply::sse(&[chunk("<seg id=\"1\">Good morning</seg>", None)])]).await;
    let (result, _) = run(&config(&server, true), &["早安"], None, "en").await;
    let error = result.expect_err("no finish reason");
    assert!(matches!(error, TranslateError::Provider { retryable: true, .. }), "{error:?}");
}

#[tokio::test]
async fn gemini_answer_cut_off_by_max_tokens_is_never_complete() {
    let cut = "<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good ni";
    let server = TestServer::start([text_answer(cut, "MAX_TOKENS")]).await;
    let (result, _) = run(&config(&server, false), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Truncated { expected: 2, got: 1 }));

    // The same text with STOP would have been accepted.
    let server = TestServer::start([text_answer(cut, "STOP")]).await;
    let (result, _) = run(&config(&server, false), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(strings(&["Good morning", "Good ni"])));

    let server = TestServer::start([text_answer("Good morn", "MAX_TOKENS")]).await;
    let (result, _) = run(&config(&server, false), &["早安"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Truncated { expected: 1, got: 0 }));

    let server = TestServer::start([Reply::sse(&[
        chunk("<seg id=\"1\">Good morning</seg>\n", None),
        chunk("<seg id=\"2\">Good ni", Some("MAX_TOKENS")),
    ])])
    .await;
    let (result, deltas) = run(&config(&server, true), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Truncated { expected: 2, got: 1 }));
    assert_eq!(deltas, as_pairs(&[("block-1", "Good morning"), ("block-2", "Good ni")]));
}

#[tokio::test]
async fn gemini_answer_missing_a_segment_is_misaligned() {
    let server = TestServer::start([text_answer("<seg id=\"1\">Good morning. Good night.</seg>", "STOP")]).await;
    let (result, _) = run(&config(&server, false), &["早安。", "晚安。"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Misaligned { expected: 2, got: 1 }));
}

#[tokio::test]
async fn gemini_blocked_prompt_is_a_provider_error_that_is_not_retried() {
    let blocked = json!({ "promptFeedback": { "blockReason": "PROHIBITED_CONTENT" }, "usageMetadata": { "promptTokenCount": 120, "totalTokenCount": 120 } });
    for (reply, stream) in [(Reply::json(200, blocked.clone()), false), (Reply::sse(&[blocked.to_string()]), true)] {
        let server = TestServer::start([reply]).await;
        let (result, _) = run(&config(&server, stream), &["早安"], None, "en").await;
        let error = result.expect_err("blocked");
        assert!(
            matches!(&error, TranslateError::Provider { retryable: false, detail } if detail.contains("blocked") && detail.contains("PROHIBITED_CONTENT")),
            "stream {stream}: {error:?}"
        );
    }
}

#[tokio::test]
async fn gemini_answer_stopped_by_safety_is_not_retried() {
    let stopped = json!({ "candidates": [{ "finishReason": "SAFETY", "index": 0, "safetyRatings": [{ "category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": true }] }] });
    let server = TestServer::start([Reply::json(200, stopped)]).await;
    let (result, _) = run(&config(&server, false), &["早安"], None, "en").await;
    let error = result.expect_err("stopped");
    assert!(
        matches!(&error, TranslateError::Provider { retryable: false, detail } if detail.contains("SAFETY")),
        "{error:?}"
    );

    let server = TestServer::start([Reply::sse(&[chunk("<seg id=\"1\">Good", None), chunk("", Some("SAFETY"))])]).await;
    let (result, _) = run(&config(&server, true), &["早安"], None, "en").await;
    assert!(matches!(result, Err(TranslateError::Provider { retryable: false, .. })), "{result:?}");
}

#[tokio::test]
async fn gemini_traditional_targets_carry_the_regional_rule() {
    for (target, wanted, unwanted) in [
        ("zh-TW", "Use the vocabulary and phrasing of Taiwan (for example 軟體", "Hong Kong"),
        ("zh-HK", "Use the vocabulary and phrasing of Hong Kong in standard written Chinese", "Taiwan"),
    ] {
        let server = TestServer::start([text_answer("<seg id=\"1\">x</seg>", "STOP")]).await;
        run(&config(&server, false), &["x"], None, target).await.0.expect("translated");
        let body = server.only_request().json();
        let system = body["systemInstruction"]["parts"][0]["text"].as_str().expect("a system instruction");
        assert!(system.contains(wanted) && system.contains("never Simplified"), "{target}: {system}");
        assert!(!system.contains(unwanted), "{target}: {system}");
    }
}

/// What an error must be, as a test of it.
type Expected = fn(&TranslateError) -> bool;

fn google_error(status: u16, google_status: &str, message: &str, details: Value) -> Reply {
    Reply::json(
        status,
        json!({ "error": { "code": status, "message": message, "status": google_status, "details": details } }),
    )
}

#[tokio::test]
async fn gemini_error_details_map_to_what_the_user_can_do() {
    let cases: Vec<(Reply, Expected)> = vec![
        (
            google_error(
                400,
                "INVALID_ARGUMENT",
                "API key not valid. Please pass a valid API key.",
                json!([
                    { "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com", "metadata": { "service": "generativelanguage.googleapis.com" } }
                ]),
            ),
            |e| matches!(e, TranslateError::Unauthorized { detail } if detail.contains("API key not valid")),
        ),
        (google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", json!([])), |e| {
            matches!(e, TranslateError::BadRequest { status: 400, .. }) && !e.is_retryable()
        }),
        (
            google_error(400, "FAILED_PRECONDITION", "User location is not supported for the API use.", json!([])),
            |e| matches!(e, TranslateError::Forbidden { detail } if detail.contains("location")),
        ),
        (google_error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.", json!([])), |e| {
            matches!(e, TranslateError::Forbidden { .. })
        }),
        (
            google_error(
                429,
                "RESOURCE_EXHAUSTED",
                "Resource has been exhausted (e.g. check quota).",
                json!([
                    { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{ "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "quotaValue": "10" }] },
                    { "@type": "type.googleapis.com/google.rpc.Help", "links": [{ "description": "Learn more", "url": "https://ai.google.dev/gemini-api/docs/rate-limits" }] },
                    { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s" },
                ]),
            ),
            |e| *e == TranslateError::RateLimited { retry_after: Some(Duration::from_secs(17)) },
        ),
        (
            google_error(
                429,
                "RESOURCE_EXHAUSTED",
                "You exceeded your current quota, please check your plan and billing details.",
                json!([
                    { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{ "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "quotaValue": "250" }] },
                    { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "43s" },
                ]),
            ),
            |e| {
                matches!(e, TranslateError::QuotaExceeded { detail } if detail.contains("exceeded your current quota"))
                    && !e.is_retryable()
            },
        ),
        (
            google_error(404, "NOT_FOUND", "models/gemini-nope is not found for API version v1beta", json!([])),
            |e| matches!(e, TranslateError::BadRequest { status: 404, detail } if detail.contains("gemini-nope")),
        ),
        (google_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", json!([])), |e| {
            *e == TranslateError::Server { status: 503, retry_after: None }
        }),
        (google_error(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.", json!([])), |e| {
            *e == TranslateError::Server { status: 504, retry_after: None }
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
async fn gemini_without_a_model_or_key_sends_nothing() {
    let server = TestServer::start([]).await;
    let mut no_model = config(&server, false);
    no_model.model = None;
    let (result, _) = run(&no_model, &["早安"], None, "en").await;
    assert!(matches!(&result, Err(TranslateError::Config { detail }) if detail.contains("no model")), "{result:?}");
    let mut no_key = config(&server, false);
    no_key.api_key = None;
    let (result, _) = run(&no_key, &["早安"], None, "en").await;
    assert!(matches!(result, Err(TranslateError::Config { .. })), "{result:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn gemini_test_connection_does_not_stream() {
    let server = TestServer::start([text_answer("<seg id=\"1\">Test</seg>", "STOP")]).await;
    test_connection(&reqwest::Client::new(), &config(&server, true)).await.expect("the probe succeeds");
    assert_eq!(server.only_request().path(), "/v1beta/models/gemini-2.5-flash:generateContent");
}
