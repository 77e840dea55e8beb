//! Provider tests against a real HTTP server on 127.0.0.1 (`support`). For
//! every provider they check what the server received (method, path, where
//! the key went, body shape, language codes) and what came back, and how each
//! fault maps to a `TranslateError` the scheduler and the UI can act on.
//! Retrying is the scheduler's job, so the tests check `is_retryable()` and
//! `retry_after()` rather than counting retries; a provider itself must send
//! exactly one request per batch (two for LibreTranslate's legacy fallback).
//!
//! The shared faults run for every provider through `fault_tests!`, with each
//! provider's own error body shape; error messages in those bodies echo the
//! key, so every check that the key never appears in an error can fail.

use crate::support;
use crate::support::batch::{segments, strings, translate};

use std::time::{Duration, SystemTime};

use duizhao_core::translate::custom::CustomTemplate;
use duizhao_core::translate::{deepl, openai, Delta, Lang, ProviderConfig, ProviderKind, Secret, TranslateError};
use serde_json::{json, Value};
use support::{Reply, TestServer};

const KEY: &str = "test-key-7f3a9c2e1b5d";

fn config(kind: ProviderKind, server: &TestServer) -> ProviderConfig {
    config_at(kind, &server.url())
}

/// A profile pointing at `base`; OpenAI-compatible base URLs carry their
/// version segment, as real ones do.
fn config_at(kind: ProviderKind, base: &str) -> ProviderConfig {
    let base = if kind == ProviderKind::OpenAi { format!("{base}/v1") } else { base.to_owned() };
    let mut config = ProviderConfig::new(kind, &base);
    config.api_key = Some(Secret::new(KEY));
    config.timeout = Duration::from_secs(5);
    if kind == ProviderKind::OpenAi {
        config.model = Some("test-model".into());
        config.stream = false;
    }
    // Anthropic's and Gemini's base URLs carry their version segment too.
    if matches!(kind, ProviderKind::Anthropic | ProviderKind::Gemini) {
        let version = if kind == ProviderKind::Anthropic { "v1" } else { "v1beta" };
        config.base_url = format!("{base}/{version}");
        config.model = Some("test-model".into());
        config.stream = false;
    }
    // Signed providers take a pair, ID:SECRET; the secret is the key the faults look for.
    if matches!(kind, ProviderKind::Tencent | ProviderKind::Volcengine) {
        config.api_key = Some(Secret::new(format!("AKIDtest0001:{KEY}")));
    }
    if matches!(kind, ProviderKind::Baidu | ProviderKind::Youdao) {
        config.api_key = Some(Secret::new(format!("20151230000001:{KEY}")));
    }
    if kind == ProviderKind::Custom {
        config.base_url = format!("{base}/translate");
        config.template = Some(custom_template());
    }
    config
}

/// An in-house endpoint's template as a user would write it.
fn custom_template() -> CustomTemplate {
    CustomTemplate {
        method: "POST".into(),
        headers: [("Authorization".to_owned(), "Bearer {{key}}".to_owned())].into(),
        body: r#"{"texts": "{{texts}}", "source": "{{from}}", "target": "{{to}}"}"#.into(),
        translations: "translations[*].text".into(),
    }
}

/// Translates and also collects the streamed deltas as (segment id, text so far).
async fn translate_streamed(
    config: &ProviderConfig,
    texts: &[&str],
    target: &str,
) -> (Result<Vec<String>, TranslateError>, Vec<(String, String)>) {
    let mut deltas = Vec::new();
    let client = reqwest::Client::new();
    let result = openai::translate(
        &client,
        config,
        &segments(texts),
        None,
        &Lang::new(target),
        &Default::default(),
        &mut |delta: Delta| {
            deltas.push((delta.id, delta.text_so_far));
        },
    )
    .await;
    (result, deltas)
}

async fn test_connection(config: &ProviderConfig) -> Result<(), TranslateError> {
    duizhao_core::translate::test_connection(&reqwest::Client::new(), config).await
}

fn assert_no_key(error: &TranslateError) {
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(KEY), "the key leaked into an error: {shown}");
    }
}

/// `<seg id="1">…</seg>` elements for an OpenAI-compatible answer.
fn tagged(texts: &[&str]) -> String {
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| format!("<seg id=\"{}\">{text}</seg>", index + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

fn completion(content: &str, finish_reason: &str) -> Value {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": content }, "finish_reason": finish_reason }],
        "usage": { "prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20 },
    })
}

/// A successful answer in each provider's shape.
fn ok_reply(kind: ProviderKind, texts: &[&str]) -> Reply {
    let body = match kind {
        ProviderKind::DeepL => {
            json!({ "translations": texts.iter().map(|text| json!({ "detected_source_language": "ZH", "text": text })).collect::<Vec<_>>() })
        }
        ProviderKind::Google => {
            json!({ "data": { "translations": texts.iter().map(|text| json!({ "translatedText": text })).collect::<Vec<_>>() } })
        }
        ProviderKind::Azure => Value::Array(
            texts.iter().map(|text| json!({ "detectedLanguage": { "language": "zh-Hant", "score": 1.0 }, "translations": [{ "text": text, "to": "en" }] })).collect(),
        ),
        ProviderKind::LibreTranslate => json!({ "translatedText": texts }),
        ProviderKind::OpenAi => completion(&tagged(texts), "stop"),
        ProviderKind::Edge => Value::Array(
            texts.iter().map(|text| json!({ "detectedLanguage": { "language": "zh-Hant", "score": 1.0 }, "translations": [{ "text": text, "to": "en" }] })).collect(),
        ),
        ProviderKind::GoogleWeb => json!([texts, texts.iter().map(|_| "zh-TW").collect::<Vec<_>>()]),
        ProviderKind::TranSmart => json!({ "auto_translation": texts, "src_lang": "zh", "tgt_lang": "en" }),
        ProviderKind::Web => unreachable!("the chain is tested with one server per engine (web_engines.rs)"),
        ProviderKind::DeepLx => json!({ "code": 200, "id": 1, "data": texts.first().copied().unwrap_or_default(), "alternatives": texts.get(1..).unwrap_or_default(), "method": "Free" }),
        ProviderKind::Custom => json!({ "translations": texts.iter().map(|text| json!({ "text": text })).collect::<Vec<_>>() }),
        ProviderKind::Tencent => json!({ "Response": { "TargetTextList": texts, "Source": "zh", "Target": "en", "RequestId": "6f3a1c52-9d1e-4b7a-8c3f-2e5d7a9b0c11" } }),
        ProviderKind::Volcengine => json!({
            "TranslationList": texts.iter().map(|text| json!({ "Translation": text, "DetectedSourceLanguage": "zh" })).collect::<Vec<_>>(),
            "ResponseMetadata": { "RequestId": "20261129022235010014044078", "Action": "TranslateText", "Version": "2020-06-01", "Service": "translate", "Region": "cn-north-1" },
        }),
        ProviderKind::Anthropic => json!({
            "id": "msg_1", "type": "message", "role": "assistant", "model": "test-model",
            "content": [{ "type": "text", "text": tagged(texts) }],
            "stop_reason": "end_turn", "stop_sequence": null, "usage": { "input_tokens": 10, "output_tokens": 10 },
        }),
        ProviderKind::Gemini => json!({
            "candidates": [{ "content": { "role": "model", "parts": [{ "text": tagged(texts) }] }, "finishReason": "STOP", "index": 0 }],
            "usageMetadata": { "promptTokenCount": 10, "candidatesTokenCount": 10, "totalTokenCount": 20 },
            "modelVersion": "test-model",
        }),
        // NEW PROVIDERS: each replaces its line with its answer shape.
        ProviderKind::Baidu => json!({
            "from": "zh", "to": "en",
            "trans_result": texts.iter().map(|text| json!({ "src": "原文", "dst": text })).collect::<Vec<_>>(),
        }),
        ProviderKind::Youdao => json!({ "errorCode": "0", "query": "原文", "translation": texts, "l": "zh-CHS2en" }),
    };
    Reply::json(200, body)
}

/// An error body in each provider's shape, as it would come with `status`.
fn error_body(kind: ProviderKind, status: u16, message: &str) -> Value {
    match kind {
        ProviderKind::DeepL => json!({ "message": message }),
        ProviderKind::Google => {
            let (reason, google_status) = match status {
                401 => ("authError", "UNAUTHENTICATED"),
                403 => ("forbidden", "PERMISSION_DENIED"),
                429 => ("rateLimitExceeded", "RESOURCE_EXHAUSTED"),
                500..=599 => ("backendError", "INTERNAL"),
                _ => ("invalid", "INVALID_ARGUMENT"),
            };
            json!({ "error": { "code": status, "message": message, "errors": [{ "message": message, "domain": "global", "reason": reason }], "status": google_status } })
        }
        ProviderKind::Azure => json!({ "error": { "code": u64::from(status) * 1000, "message": message } }),
        ProviderKind::LibreTranslate => json!({ "error": message }),
        ProviderKind::OpenAi => {
            let (kind, code) = match status {
                401 => ("invalid_request_error", json!("invalid_api_key")),
                429 => ("requests", json!("rate_limit_exceeded")),
                500..=599 => ("server_error", Value::Null),
                _ => ("invalid_request_error", Value::Null),
            };
            json!({ "error": { "message": message, "type": kind, "param": null, "code": code } })
        }
        // The web engines document no error shape; Google's and Microsoft's
        // services answer in this one.
        ProviderKind::Edge | ProviderKind::GoogleWeb | ProviderKind::TranSmart | ProviderKind::Web => {
            json!({ "error": { "code": status, "message": message } })
        }
        ProviderKind::DeepLx => json!({ "code": status, "message": message }),
        ProviderKind::Custom => json!({ "error": { "message": message } }),
        // Tencent answers its errors with 200 (`error_inside_a_success`); with
        // another status they come from a gateway on the way, whose status rules.
        ProviderKind::Tencent => {
            let code = match status {
                401 => "AuthFailure.SecretIdNotFound",
                403 => "UnauthorizedOperation",
                429 => "RequestLimitExceeded",
                500..=599 => "InternalError",
                _ => "FailedOperation",
            };
            json!({ "Response": { "Error": { "Code": code, "Message": message }, "RequestId": "6f3a1c52-9d1e-4b7a-8c3f-2e5d7a9b0c11" } })
        }
        // The gateway's common errors, with the status each is documented with.
        ProviderKind::Volcengine => {
            let (code, code_n) = match status {
                401 => ("SignatureDoesNotMatch", Some(100_010)),
                403 => ("AccessDenied", Some(100_013)),
                429 => ("FlowLimitExceeded", None),
                500..=599 => ("InternalError", Some(100_014)),
                _ => ("MissingRequestInfo", Some(100_004)),
            };
            json!({ "ResponseMetadata": { "RequestId": "20261129022235010014044078", "Action": "TranslateText", "Version": "2020-06-01", "Service": "translate", "Region": "cn-north-1", "Error": { "Code": code, "CodeN": code_n, "Message": message } } })
        }
        ProviderKind::Anthropic => {
            let kind = match status {
                401 => "authentication_error",
                403 => "permission_error",
                429 => "rate_limit_error",
                529 => "overloaded_error",
                500..=599 => "api_error",
                _ => "invalid_request_error",
            };
            json!({ "type": "error", "error": { "type": kind, "message": message }, "request_id": "req_1" })
        }
        ProviderKind::Gemini => {
            let google_status = match status {
                401 => "UNAUTHENTICATED",
                403 => "PERMISSION_DENIED",
                429 => "RESOURCE_EXHAUSTED",
                503 => "UNAVAILABLE",
                500..=599 => "INTERNAL",
                _ => "INVALID_ARGUMENT",
            };
            json!({ "error": { "code": status, "message": message, "status": google_status } })
        }
        // NEW PROVIDERS: each replaces its line with its error shape.
        // Baidu and Youdao answer their errors with 200 (`error_inside_a_success`);
        // with another status they come from a gateway on the way, whose status rules.
        ProviderKind::Baidu => {
            let code = match status {
                401 => "52003",
                403 => "58000",
                429 => "54003",
                500..=599 => "52002",
                _ => "54000",
            };
            json!({ "error_code": code, "error_msg": message })
        }
        // Youdao's own errors carry only the code; `msg` stands for a gateway's words.
        ProviderKind::Youdao => {
            let code = match status {
                401 => "108",
                403 => "203",
                429 => "411",
                500..=599 => "303",
                _ => "101",
            };
            json!({ "errorCode": code, "l": "zh-CHS2en", "msg": message })
        }
    }
}

/// The faults every provider must map the same way. Each runs a two-segment
/// batch (no source language, English target) against a server scripted with one reply.
mod faults {
    use super::*;

    const TWO: [&str; 2] = ["早安", "晚安"];

    /// The batch each fault is tried on: two texts, or one for providers that
    /// take one text per request (DeepLX, Youdao), as the scheduler sends them.
    fn texts(kind: ProviderKind) -> &'static [&'static str] {
        if kind.limits().max_texts >= 2 {
            &TWO
        } else {
            &TWO[..1]
        }
    }

    async fn error_for(kind: ProviderKind, reply: Reply) -> (TranslateError, TestServer) {
        let server = TestServer::start([reply]).await;
        let result = translate(&config(kind, &server), texts(kind), None, "en").await;
        let error = result.expect_err("the fault must come back as an error");
        assert_no_key(&error);
        assert_eq!(server.received().len(), 1, "a provider sends one request per batch and never retries itself");
        (error, server)
    }

    pub async fn invalid_key(kind: ProviderKind) {
        let message = format!("Incorrect API key provided: {KEY}");
        let (error, _) = error_for(kind, Reply::json(401, error_body(kind, 401, &message))).await;
        assert!(
            matches!(&error, TranslateError::Unauthorized { detail } if detail.contains("Incorrect API key provided")),
            "{error:?}"
        );
        assert!(!error.is_retryable());
    }

    pub async fn empty_unauthorized(kind: ProviderKind) {
        let (error, _) = error_for(kind, Reply::empty(401)).await;
        assert!(matches!(&error, TranslateError::Unauthorized { detail } if detail.contains("401")), "{error:?}");
        assert!(!error.is_retryable());
    }

    pub async fn forbidden(kind: ProviderKind) {
        let message = format!("The caller ({KEY}) does not have permission for this resource");
        let (error, _) = error_for(kind, Reply::json(403, error_body(kind, 403, &message))).await;
        assert!(
            matches!(&error, TranslateError::Forbidden { detail } if detail.contains("does not have permission")),
            "{error:?}"
        );
        assert!(!error.is_retryable());
    }

    pub async fn rate_limited_for_some_seconds(kind: ProviderKind) {
        let reply = Reply::json(429, error_body(kind, 429, "Too many requests")).header("Retry-After", "7");
        let (error, _) = error_for(kind, reply).await;
        assert_eq!(error, TranslateError::RateLimited { retry_after: Some(Duration::from_secs(7)) });
        assert!(error.is_retryable());
        assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    }

    pub async fn rate_limited_until_a_date(kind: ProviderKind) {
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let reply = Reply::json(429, error_body(kind, 429, "Too many requests")).header("Retry-After", &date);
        let (error, _) = error_for(kind, reply).await;
        let wait = error.retry_after().expect("an HTTP-date Retry-After is honoured");
        // The date has one-second precision and some time passes before it is read.
        assert!(wait >= Duration::from_secs(27) && wait <= Duration::from_secs(30), "{wait:?}");
        assert!(matches!(error, TranslateError::RateLimited { .. }) && error.is_retryable(), "{error:?}");
    }

    pub async fn rate_limited_without_a_wait(kind: ProviderKind) {
        let (error, _) = error_for(kind, Reply::json(429, error_body(kind, 429, "Slowdown: 2 per 1 minute"))).await;
        assert_eq!(error, TranslateError::RateLimited { retry_after: None });
        assert!(error.is_retryable());
    }

    pub async fn overloaded(kind: ProviderKind) {
        let (error, _) = error_for(kind, Reply::empty(529)).await;
        assert_eq!(error, TranslateError::RateLimited { retry_after: None });
        assert!(error.is_retryable());
    }

    pub async fn server_error(kind: ProviderKind) {
        let (error, _) = error_for(kind, Reply::json(500, error_body(kind, 500, "Internal error"))).await;
        assert_eq!(error, TranslateError::Server { status: 500, retry_after: None });
        assert!(error.is_retryable());
    }

    pub async fn unavailable_for_some_seconds(kind: ProviderKind) {
        let reply =
            Reply::raw(503, "text/html", b"<html><body>Service Unavailable</body></html>").header("Retry-After", "3");
        let (error, _) = error_for(kind, reply).await;
        assert_eq!(error, TranslateError::Server { status: 503, retry_after: Some(Duration::from_secs(3)) });
        assert!(error.is_retryable());
    }

    pub async fn bad_request(kind: ProviderKind) {
        let (error, _) =
            error_for(kind, Reply::json(400, error_body(kind, 400, "Value for 'target' not supported."))).await;
        assert!(
            matches!(&error, TranslateError::BadRequest { status: 400, detail } if detail.contains("not supported")),
            "{error:?}"
        );
        assert!(!error.is_retryable());
    }

    pub async fn slow_server(kind: ProviderKind) {
        let server = TestServer::start([ok_reply(kind, texts(kind)).delay(Duration::from_secs(3))]).await;
        let mut config = config(kind, &server);
        config.timeout = Duration::from_millis(300);
        let error = translate(&config, texts(kind), None, "en").await.expect_err("the answer comes too late");
        assert_eq!(error, TranslateError::Timeout { after: Duration::from_millis(300) });
        assert!(error.is_retryable());
    }

    pub async fn hang_up(kind: ProviderKind) {
        let (error, server) = error_for(kind, Reply::hang_up()).await;
        assert!(
            matches!(&error, TranslateError::Network { host, unreachable: false, .. } if *host == server.host()),
            "{error:?}"
        );
        assert!(error.is_retryable());
    }

    pub async fn cut_off(kind: ProviderKind) {
        let (error, _) = error_for(kind, ok_reply(kind, texts(kind)).cut_off()).await;
        assert!(matches!(error, TranslateError::Network { .. }), "{error:?}");
        assert!(error.is_retryable());
    }

    pub async fn unreachable(kind: ProviderKind) {
        // A port that was free a moment ago and has nobody listening now.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let config = config_at(kind, &format!("http://127.0.0.1:{port}"));
        let error = translate(&config, texts(kind), None, "en").await.expect_err("nobody is listening");
        assert_no_key(&error);
        assert!(
            matches!(&error, TranslateError::Network { host, unreachable: true, .. } if *host == format!("127.0.0.1:{port}")),
            "{error:?}"
        );
        // Nobody is there: trying again at once would only fail the same way.
        assert!(error.is_unreachable() && !error.is_retryable());
    }

    pub async fn malformed_json(kind: ProviderKind) {
        let (error, _) =
            error_for(kind, Reply::raw(200, "application/json", br#"{"translations": [{"text": "Good mor"#)).await;
        assert!(matches!(error, TranslateError::Decode { .. }), "{error:?}");
        assert!(error.is_retryable());
    }

    pub async fn wrong_shape(kind: ProviderKind) {
        let (error, _) = error_for(kind, Reply::json(200, json!({ "unexpected": true }))).await;
        assert!(matches!(error, TranslateError::Decode { .. }), "{error:?}");
    }

    pub async fn error_inside_a_success(kind: ProviderKind) {
        let message = format!("Something failed for key {KEY}");
        let (error, _) = error_for(kind, Reply::json(200, error_body(kind, 400, &message))).await;
        assert!(
            matches!(&error, TranslateError::Provider { detail, .. } if detail.contains("Something failed")),
            "{error:?}"
        );
    }

    /// A batch answered with one text too few (for one-text providers: one too
    /// many, the only misalignment their answers can carry).
    pub async fn too_few_translations(kind: ProviderKind) {
        let sent = texts(kind).len();
        let answer: &[&str] = if sent >= 2 { &["Good morning"] } else { &["Good", "morning"] };
        let (error, _) = error_for(kind, ok_reply(kind, answer)).await;
        assert_eq!(error, TranslateError::Misaligned { expected: sent, got: answer.len() });
    }

    pub async fn connection_test_succeeds(kind: ProviderKind) {
        let server = TestServer::start([ok_reply(kind, &["Test"])]).await;
        test_connection(&config(kind, &server)).await.expect("the probe succeeds");
        let request = server.only_request();
        assert_eq!(request.method, "POST");
        // JSON bodies carry the text as it is; form bodies (Baidu, Youdao) URL-encoded.
        let body = request.body_text();
        let decoded: String = url::form_urlencoded::parse(&request.body).map(|(_, value)| value.into_owned()).collect();
        assert!(body.contains("測試") || decoded.contains("測試"), "{body}");
        assert_user_agent(&request);
    }

    /// Every provider request says who sent it (DeepL's mock refuses requests
    /// without a User-Agent), on a client built without one.
    fn assert_user_agent(request: &support::Received) {
        let expected = format!("Duizhao/{} ({})", env!("CARGO_PKG_VERSION"), std::env::consts::OS);
        assert_eq!(request.header("user-agent"), Some(expected.as_str()), "{}", request.everything());
        assert_eq!(duizhao_core::translate::user_agent(), expected);
    }

    pub async fn batch_carries_the_user_agent(kind: ProviderKind) {
        let server = TestServer::start([ok_reply(kind, texts(kind))]).await;
        translate(&config(kind, &server), texts(kind), None, "en").await.expect("the batch is translated");
        assert_user_agent(&server.only_request());
    }

    pub async fn connection_test_fails(kind: ProviderKind) {
        let server = TestServer::start([Reply::json(401, error_body(kind, 401, &format!("bad key {KEY}")))]).await;
        let error = test_connection(&config(kind, &server)).await.expect_err("the key is refused");
        assert_no_key(&error);
        assert!(matches!(error, TranslateError::Unauthorized { .. }), "{error:?}");
    }
}

macro_rules! fault_tests {
    ($module:ident, $kind:expr) => {
        fault_tests!($module, $kind, ());
    };
    ($module:ident, $kind:expr, one_string_answers) => {
        fault_tests!(@all $module, $kind);
    };
    ($module:ident, $kind:expr, $aligned:ty) => {
        fault_tests!(@all $module, $kind, $aligned);
    };
    (@all $module:ident, $kind:expr $(, $aligned:ty)?) => {
        mod $module {
            use super::faults;
            use duizhao_core::translate::ProviderKind;

            const KIND: ProviderKind = $kind;

            #[tokio::test]
            async fn an_invalid_key_is_unauthorized_and_not_retried() {
                faults::invalid_key(KIND).await;
            }

            #[tokio::test]
            async fn a_401_with_an_empty_body_is_still_unauthorized() {
                faults::empty_unauthorized(KIND).await;
            }

            #[tokio::test]
            async fn a_forbidden_request_is_not_retried() {
                faults::forbidden(KIND).await;
            }

            #[tokio::test]
            async fn a_rate_limit_is_retried_after_the_seconds_in_retry_after() {
                faults::rate_limited_for_some_seconds(KIND).await;
            }

            #[tokio::test]
            async fn a_rate_limit_is_retried_after_the_date_in_retry_after() {
                faults::rate_limited_until_a_date(KIND).await;
            }

            #[tokio::test]
            async fn a_rate_limit_without_retry_after_is_retried() {
                faults::rate_limited_without_a_wait(KIND).await;
            }

            #[tokio::test]
            async fn an_overloaded_529_is_a_rate_limit() {
                faults::overloaded(KIND).await;
            }

            #[tokio::test]
            async fn a_server_error_is_retried() {
                faults::server_error(KIND).await;
            }

            #[tokio::test]
            async fn an_unavailable_server_is_retried_after_its_retry_after() {
                faults::unavailable_for_some_seconds(KIND).await;
            }

            #[tokio::test]
            async fn a_bad_request_is_not_retried_and_says_why() {
                faults::bad_request(KIND).await;
            }

            #[tokio::test]
            async fn a_server_slower_than_the_timeout_times_out() {
                faults::slow_server(KIND).await;
            }

            #[tokio::test]
            async fn a_connection_dropped_before_the_answer_is_a_network_error() {
                faults::hang_up(KIND).await;
            }

            #[tokio::test]
            async fn a_connection_dropped_mid_answer_is_a_network_error() {
                faults::cut_off(KIND).await;
            }

            #[tokio::test]
            async fn an_unreachable_host_is_a_network_error() {
                faults::unreachable(KIND).await;
            }

            #[tokio::test]
            async fn malformed_json_is_a_decode_error() {
                faults::malformed_json(KIND).await;
            }

            #[tokio::test]
            async fn json_of_the_wrong_shape_is_a_decode_error() {
                faults::wrong_shape(KIND).await;
            }

            #[tokio::test]
            async fn an_error_inside_a_200_answer_is_a_provider_error() {
                faults::error_inside_a_success(KIND).await;
            }

            $(
                // Not for providers whose answer is one string (DeepLX): a count cannot be off.
                #[tokio::test]
                async fn fewer_translations_than_segments_is_misaligned() {
                    let _: $aligned = ();
                    faults::too_few_translations(KIND).await;
                }
            )?

            #[tokio::test]
            async fn test_connection_sends_one_small_request() {
                faults::connection_test_succeeds(KIND).await;
            }

            #[tokio::test]
            async fn a_batch_request_carries_the_user_agent() {
                faults::batch_carries_the_user_agent(KIND).await;
            }

            #[tokio::test]
            async fn test_connection_reports_a_refused_key() {
                faults::connection_test_fails(KIND).await;
            }
        }
    };
}

fault_tests!(openai_faults, ProviderKind::OpenAi);
fault_tests!(deepl_faults, ProviderKind::DeepL);
fault_tests!(google_faults, ProviderKind::Google);
fault_tests!(azure_faults, ProviderKind::Azure);
fault_tests!(libretranslate_faults, ProviderKind::LibreTranslate);
fault_tests!(edge_faults, ProviderKind::Edge);
fault_tests!(google_web_faults, ProviderKind::GoogleWeb);
fault_tests!(transmart_faults, ProviderKind::TranSmart);
fault_tests!(anthropic_faults, ProviderKind::Anthropic);
fault_tests!(gemini_faults, ProviderKind::Gemini);
fault_tests!(deeplx_faults, ProviderKind::DeepLx, one_string_answers);
fault_tests!(custom_faults, ProviderKind::Custom);
fault_tests!(tencent_faults, ProviderKind::Tencent);
fault_tests!(volcengine_faults, ProviderKind::Volcengine);
fault_tests!(baidu_faults, ProviderKind::Baidu);
fault_tests!(youdao_faults, ProviderKind::Youdao);

// ---------------------------------------------------------------------------
// DeepL

#[tokio::test]
async fn deepl_sends_an_array_of_texts_with_the_key_in_the_authorization_header() {
    let server = TestServer::start([ok_reply(ProviderKind::DeepL, &["早安", "晚安"])]).await;
    let result =
        translate(&config(ProviderKind::DeepL, &server), &["Good morning", "Good night"], Some("en"), "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安", "晚安"])));

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/v2/translate"));
    assert_eq!(request.header("authorization"), Some(format!("DeepL-Auth-Key {KEY}").as_str()));
    assert!(request.header("content-type").is_some_and(|value| value.starts_with("application/json")));
    assert_eq!(
        request.json(),
        json!({ "text": ["Good morning", "Good night"], "target_lang": "ZH-HANT", "source_lang": "EN" })
    );
    assert_eq!(request.everything().matches(KEY).count(), 1, "the key is sent only in its header");
}

#[tokio::test]
async fn deepl_sends_variant_codes_as_targets_and_base_codes_as_sources() {
    let cases = [
        (Some("en"), "zh-Hant", Some("EN"), "ZH-HANT"),
        (Some("zh-Hant"), "zh-Hans", Some("ZH"), "ZH-HANS"),
        (Some("zh-Hant"), "en", Some("ZH"), "EN-US"),
        (None, "en-GB", None, "EN-GB"),
    ];
    for (source, target, source_code, target_code) in cases {
        let server = TestServer::start([ok_reply(ProviderKind::DeepL, &["x"])]).await;
        translate(&config(ProviderKind::DeepL, &server), &["x"], source, target).await.expect("translated");
        let body = server.only_request().json();
        assert_eq!(body["target_lang"], json!(target_code), "{target}");
        assert_eq!(body.get("source_lang"), source_code.map(|code| json!(code)).as_ref(), "{source:?}");
    }
}

#[tokio::test]
async fn deepl_quota_exhausted_is_not_retried() {
    let server = TestServer::start([Reply::json(456, json!({ "message": "Quota Exceeded" }))]).await;
    let error = translate(&config(ProviderKind::DeepL, &server), &["早安"], None, "en").await.expect_err("no quota");
    assert!(
        matches!(&error, TranslateError::QuotaExceeded { detail } if detail.contains("Quota Exceeded")),
        "{error:?}"
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn deepl_empty_403_points_at_the_key_and_its_host() {
    let server = TestServer::start([Reply::empty(403)]).await;
    let error = translate(&config(ProviderKind::DeepL, &server), &["早安"], None, "en").await.expect_err("refused");
    assert!(
        matches!(&error, TranslateError::Forbidden { detail } if detail.contains("api-free.deepl.com")),
        "{error:?}"
    );
}

#[tokio::test]
async fn deepl_without_a_key_sends_nothing() {
    let server = TestServer::start([]).await;
    let mut config = config(ProviderKind::DeepL, &server);
    config.api_key = None;
    let client = reqwest::Client::new();
    let error =
        deepl::translate(&client, &config, &segments(&["早安"]), None, &Lang::new("en")).await.expect_err("no key");
    assert!(matches!(error, TranslateError::Config { .. }), "{error:?}");
    assert!(server.received().is_empty());
}

// ---------------------------------------------------------------------------
// Google

#[tokio::test]
async fn google_sends_the_key_only_in_the_query_and_asks_for_plain_text() {
    let server = TestServer::start([ok_reply(ProviderKind::Google, &["早安", "晚安"])]).await;
    let result =
        translate(&config(ProviderKind::Google, &server), &["Good morning", "Good night"], Some("en"), "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安", "晚安"])));

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path()), ("POST", "/language/translate/v2"));
    assert_eq!(request.query(), vec![("key".to_owned(), KEY.to_owned())]);
    assert_eq!(request.header("authorization"), None);
    assert_eq!(
        request.json(),
        json!({ "q": ["Good morning", "Good night"], "target": "zh-TW", "source": "en", "format": "text" })
    );
    assert_eq!(request.everything().matches(KEY).count(), 1, "the key is sent only in the query");
}

#[tokio::test]
async fn google_sends_zh_tw_zh_cn_and_en() {
    let cases = [
        (Some("en"), "zh-Hant", Some("en"), "zh-TW"),
        (Some("zh-Hant"), "zh-Hans", Some("zh-TW"), "zh-CN"),
        (None, "en", None, "en"),
    ];
    for (source, target, source_code, target_code) in cases {
        let server = TestServer::start([ok_reply(ProviderKind::Google, &["x"])]).await;
        translate(&config(ProviderKind::Google, &server), &["x"], source, target).await.expect("translated");
        let body = server.only_request().json();
        assert_eq!(body["target"], json!(target_code), "{target}");
        assert_eq!(body.get("source"), source_code.map(|code| json!(code)).as_ref(), "{source:?}");
    }
}

#[tokio::test]
async fn google_per_minute_quota_403_is_a_rate_limit() {
    let body = json!({ "error": { "code": 403, "message": "User Rate Limit Exceeded", "errors": [{ "domain": "usageLimits", "reason": "userRateLimitExceeded", "message": "User Rate Limit Exceeded" }] } });
    let server = TestServer::start([Reply::json(403, body)]).await;
    let error = translate(&config(ProviderKind::Google, &server), &["早安"], None, "en").await.expect_err("limited");
    assert_eq!(error, TranslateError::RateLimited { retry_after: None });
    assert!(error.is_retryable());
}

#[tokio::test]
async fn google_daily_limit_403_is_quota_exceeded() {
    let body = json!({ "error": { "code": 403, "message": "Daily Limit Exceeded", "errors": [{ "domain": "usageLimits", "reason": "dailyLimitExceeded", "message": "Daily Limit Exceeded" }] } });
    let server = TestServer::start([Reply::json(403, body)]).await;
    let error = translate(&config(ProviderKind::Google, &server), &["早安"], None, "en").await.expect_err("spent");
    assert!(matches!(error, TranslateError::QuotaExceeded { .. }), "{error:?}");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn google_invalid_key_400_is_unauthorized() {
    let body = json!({ "error": { "code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
        "details": [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com" }] } });
    let server = TestServer::start([Reply::json(400, body)]).await;
    let error = translate(&config(ProviderKind::Google, &server), &["早安"], None, "en").await.expect_err("bad key");
    assert!(
        matches!(&error, TranslateError::Unauthorized { detail } if detail.contains("API key not valid")),
        "{error:?}"
    );
}

#[tokio::test]
async fn google_network_errors_do_not_show_the_url_with_the_key() {
    let server = TestServer::start([Reply::hang_up()]).await;
    let error = translate(&config(ProviderKind::Google, &server), &["早安"], None, "en").await.expect_err("dropped");
    assert!(matches!(error, TranslateError::Network { .. }), "{error:?}");
    let shown = error.to_string();
    assert!(!shown.contains(KEY) && !shown.contains("key="), "{shown}");
}

// ---------------------------------------------------------------------------
// Azure

#[tokio::test]
async fn azure_sends_text_objects_with_key_and_region_headers() {
    let server = TestServer::start([ok_reply(ProviderKind::Azure, &["早安", "晚安"])]).await;
    let mut config = config(ProviderKind::Azure, &server);
    config.region = Some("eastasia".into());
    let result = translate(&config, &["Good morning", "Good night"], Some("en"), "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安", "晚安"])));

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path()), ("POST", "/translate"));
    assert_eq!(request.query_value("api-version").as_deref(), Some("3.0"));
    assert_eq!(request.query_value("to").as_deref(), Some("zh-Hant"));
    assert_eq!(request.query_value("from").as_deref(), Some("en"));
    assert_eq!(request.header("ocp-apim-subscription-key"), Some(KEY));
    assert_eq!(request.header("ocp-apim-subscription-region"), Some("eastasia"));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.json(), json!([{ "Text": "Good morning" }, { "Text": "Good night" }]));
    assert_eq!(request.everything().matches(KEY).count(), 1, "the key is sent only in its header");
}

#[tokio::test]
async fn azure_sends_zh_hans_and_en_and_no_region_or_source_unless_set() {
    let cases = [
        (Some("zh-TW"), "zh-Hans", Some("zh-Hant"), "zh-Hans"),
        (None, "en", None, "en"),
        (Some("zh"), "zh-HK", Some("zh-Hans"), "zh-Hant"),
    ];
    for (source, target, from, to) in cases {
        let server = TestServer::start([ok_reply(ProviderKind::Azure, &["x"])]).await;
        translate(&config(ProviderKind::Azure, &server), &["x"], source, target).await.expect("translated");
        let request = server.only_request();
        assert_eq!(request.query_value("to").as_deref(), Some(to), "{target}");
        assert_eq!(request.query_value("from").as_deref(), from, "{source:?}");
        assert_eq!(request.header("ocp-apim-subscription-region"), None);
    }
}

#[tokio::test]
async fn azure_free_quota_403001_is_quota_exceeded() {
    let body = json!({ "error": { "code": 403001, "message": "The operation is not allowed because the subscription has exceeded its free quota." } });
    let server = TestServer::start([Reply::json(403, body)]).await;
    let error = translate(&config(ProviderKind::Azure, &server), &["早安"], None, "en").await.expect_err("spent");
    assert!(matches!(&error, TranslateError::QuotaExceeded { detail } if detail.contains("free quota")), "{error:?}");
    assert!(!error.is_retryable());
}

// ---------------------------------------------------------------------------
// LibreTranslate

#[tokio::test]
async fn libretranslate_sends_the_key_in_the_body_not_a_header() {
    let server = TestServer::start([ok_reply(ProviderKind::LibreTranslate, &["早安", "晚安"])]).await;
    let result =
        translate(&config(ProviderKind::LibreTranslate, &server), &["Good morning", "Good night"], None, "zh-Hant")
            .await;
    assert_eq!(result, Ok(strings(&["早安", "晚安"])));

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/translate"));
    assert_eq!(
        request.json(),
        json!({ "q": ["Good morning", "Good night"], "source": "auto", "target": "zh-Hant", "format": "text", "api_key": KEY })
    );
    assert_eq!(request.everything().matches(KEY).count(), 1, "the key is sent only in the body");
}

#[tokio::test]
async fn libretranslate_sends_no_api_key_when_the_profile_has_none() {
    let server = TestServer::start([ok_reply(ProviderKind::LibreTranslate, &["x"])]).await;
    let mut config = config(ProviderKind::LibreTranslate, &server);
    config.api_key = None;
    translate(&config, &["x"], Some("zh-Hant"), "en").await.expect("a keyless server works");
    let body = server.only_request().json();
    assert_eq!(body.get("api_key"), None);
    assert_eq!((&body["source"], &body["target"]), (&json!("zh-Hant"), &json!("en")));
}

#[tokio::test]
async fn libretranslate_sends_zh_hans_for_simplified() {
    let server = TestServer::start([ok_reply(ProviderKind::LibreTranslate, &["x"])]).await;
    translate(&config(ProviderKind::LibreTranslate, &server), &["x"], Some("en"), "zh-Hans").await.expect("translated");
    let body = server.only_request().json();
    assert_eq!((&body["source"], &body["target"]), (&json!("en"), &json!("zh-Hans")));
}

#[tokio::test]
async fn libretranslate_falls_back_to_legacy_codes_once_when_the_server_rejects_the_modern_ones() {
    let server = TestServer::start([
        Reply::json(400, json!({ "error": "zh-Hant is not supported" })),
        ok_reply(ProviderKind::LibreTranslate, &["早安"]),
    ])
    .await;
    let result = translate(&config(ProviderKind::LibreTranslate, &server), &["早晨"], Some("zh-Hans"), "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安"])));

    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!((&received[0].json()["source"], &received[0].json()["target"]), (&json!("zh-Hans"), &json!("zh-Hant")));
    assert_eq!((&received[1].json()["source"], &received[1].json()["target"]), (&json!("zh"), &json!("zt")));
}

#[tokio::test]
async fn libretranslate_reports_the_first_refusal_when_the_legacy_codes_are_refused_too() {
    let server = TestServer::start([
        Reply::json(400, json!({ "error": "zh-Hant is not supported" })),
        Reply::json(400, json!({ "error": "zt is not supported" })),
    ])
    .await;
    let error =
        translate(&config(ProviderKind::LibreTranslate, &server), &["x"], None, "zh-Hant").await.expect_err("refused");
    assert!(
        matches!(&error, TranslateError::BadRequest { detail, .. } if detail.contains("zh-Hant is not supported")),
        "{error:?}"
    );
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn libretranslate_does_not_repeat_a_refused_request_without_chinese_codes() {
    let server = TestServer::start([Reply::json(400, json!({ "error": "fr is not supported" }))]).await;
    let error =
        translate(&config(ProviderKind::LibreTranslate, &server), &["x"], Some("en"), "fr").await.expect_err("refused");
    assert!(matches!(error, TranslateError::BadRequest { status: 400, .. }), "{error:?}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn libretranslate_invalid_key_403_is_unauthorized() {
    let server = TestServer::start([Reply::json(403, json!({ "error": "Invalid API key" }))]).await;
    let error =
        translate(&config(ProviderKind::LibreTranslate, &server), &["x"], None, "en").await.expect_err("refused");
    assert!(matches!(error, TranslateError::Unauthorized { .. }), "{error:?}");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn libretranslate_accepts_a_single_string_for_a_single_text() {
    let server = TestServer::start([Reply::json(200, json!({ "translatedText": "早安" }))]).await;
    let result = translate(&config(ProviderKind::LibreTranslate, &server), &["Good morning"], None, "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安"])));
}

// ---------------------------------------------------------------------------
// OpenAI-compatible: requests and whole answers

#[tokio::test]
async fn openai_request_carries_model_messages_temperature_and_bearer_key() {
    let server = TestServer::start([ok_reply(ProviderKind::OpenAi, &["早安", "晚安"])]).await;
    let mut config = config(ProviderKind::OpenAi, &server);
    config.temperature = Some(0.3);
    let result = translate(&config, &["Good morning", "Good night"], Some("en"), "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安", "晚安"])));

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/v1/chat/completions"));
    assert_eq!(request.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    let body = request.json();
    assert_eq!(body["model"], json!("test-model"));
    assert_eq!(body["stream"], json!(false));
    assert_eq!(body["temperature"], json!(0.3));
    assert_eq!(body["messages"][0]["role"], json!("system"));
    let system = body["messages"][0]["content"].as_str().expect("a system prompt");
    assert!(system.starts_with(openai::DEFAULT_SYSTEM_PROMPT), "{system}");
    assert!(system.contains("Traditional Chinese (zh-Hant)") && system.contains("never Simplified"), "{system}");
    assert_eq!(body["messages"][1]["role"], json!("user"));
    let user = body["messages"][1]["content"].as_str().expect("a user message");
    assert!(user.contains("<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good night</seg>"), "{user}");
    assert_eq!(request.everything().matches(KEY).count(), 1, "the key is sent only in its header");
}

#[tokio::test]
async fn openai_sends_no_authorization_and_no_temperature_unless_set() {
    let server = TestServer::start([ok_reply(ProviderKind::OpenAi, &["x"])]).await;
    let mut config = config(ProviderKind::OpenAi, &server);
    config.api_key = None;
    translate(&config, &["x"], None, "en").await.expect("a local server needs no key");
    let request = server.only_request();
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.json().get("temperature"), None);
}

#[tokio::test]
async fn openai_prompts_name_the_target_script_and_region() {
    let cases: [(&str, &[&str], &[&str]); 4] = [
        (
            "zh-TW",
            &["Traditional Chinese as used in Taiwan", "Traditional Chinese characters", "Taiwan (for example 軟體"],
            &["Simplified Chinese characters"],
        ),
        (
            "zh-HK",
            &[
                "Traditional Chinese as used in Hong Kong",
                "Traditional Chinese characters",
                "Hong Kong in standard written",
            ],
            &["Taiwan"],
        ),
        (
            "zh-Hans",
            &["Simplified Chinese (zh-Hans)", "Simplified Chinese characters"],
            &["Traditional Chinese characters"],
        ),
        ("en", &["Translate into English (en)."], &["Traditional Chinese characters", "Simplified Chinese characters"]),
    ];
    for (target, present, absent) in cases {
        let server = TestServer::start([ok_reply(ProviderKind::OpenAi, &["x"])]).await;
        translate(&config(ProviderKind::OpenAi, &server), &["x"], None, target).await.expect("translated");
        let system =
            server.only_request().json()["messages"][0]["content"].as_str().expect("a system prompt").to_owned();
        for wanted in present {
            assert!(system.contains(wanted), "{target}: missing {wanted:?} in {system}");
        }
        for unwanted in absent {
            assert!(!system.contains(unwanted), "{target}: unexpected {unwanted:?} in {system}");
        }
    }
}

#[tokio::test]
async fn openai_custom_prompt_keeps_the_language_rules() {
    let server = TestServer::start([ok_reply(ProviderKind::OpenAi, &["x"])]).await;
    let mut config = config(ProviderKind::OpenAi, &server);
    config.system_prompt = Some("You translate financial news.".into());
    translate(&config, &["x"], None, "zh-TW").await.expect("translated");
    let body = server.only_request().json();
    let system = body["messages"][0]["content"].as_str().expect("a system prompt");
    assert!(
        system.starts_with("You translate financial news.") && !system.contains(openai::DEFAULT_SYSTEM_PROMPT),
        "{system}"
    );
    assert!(system.contains("Traditional Chinese characters"), "{system}");
    let user = body["messages"][1]["content"].as_str().expect("a user message");
    assert!(user.contains("exactly 1 <seg> element"), "{user}");
}

#[tokio::test]
async fn openai_answers_are_matched_to_segments_by_id() {
    let content = "<seg id=\"2\">Good night</seg>\n<seg id=\"1\">Good morning</seg>";
    let server = TestServer::start([Reply::json(200, completion(content, "stop"))]).await;
    let result = translate(&config(ProviderKind::OpenAi, &server), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(strings(&["Good morning", "Good night"])));
}

async fn openai_answer(content: &str, texts: &[&str]) -> Result<Vec<String>, TranslateError> {
    let server = TestServer::start([Reply::json(200, completion(content, "stop"))]).await;
    translate(&config(ProviderKind::OpenAi, &server), texts, None, "en").await
}

#[tokio::test]
async fn openai_answer_missing_a_segment_is_misaligned() {
    let result = openai_answer(&tagged(&["Good morning", "Good night"]), &["早安", "午安", "晚安"]).await;
    assert_eq!(result, Err(TranslateError::Misaligned { expected: 3, got: 2 }));
}

#[tokio::test]
async fn openai_answer_with_an_extra_segment_is_misaligned() {
    let result = openai_answer(&tagged(&["Good morning", "Good", "night"]), &["早安", "晚安"]).await;
    assert_eq!(result, Err(TranslateError::Misaligned { expected: 2, got: 3 }));
}

#[tokio::test]
async fn openai_answer_merging_two_segments_is_misaligned() {
    let content = "<seg id=\"1\">Good morning. Good night.</seg>";
    let result = openai_answer(content, &["早安。", "晚安。"]).await;
    assert_eq!(result, Err(TranslateError::Misaligned { expected: 2, got: 1 }));
}

#[tokio::test]
async fn openai_answer_cut_off_by_the_token_limit_is_truncated() {
    let content = "<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good ni";
    let server = TestServer::start([Reply::json(200, completion(content, "length"))]).await;
    let result = translate(&config(ProviderKind::OpenAi, &server), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Err(TranslateError::Truncated { expected: 2, got: 1 }));
}

#[tokio::test]
async fn openai_insufficient_quota_is_not_retried() {
    let body = json!({ "error": { "message": "You exceeded your current quota, please check your plan and billing details.", "type": "insufficient_quota", "param": null, "code": "insufficient_quota" } });
    let server = TestServer::start([Reply::json(429, body).header("retry-after", "20")]).await;
    let error = translate(&config(ProviderKind::OpenAi, &server), &["早安"], None, "en").await.expect_err("no quota");
    assert!(
        matches!(&error, TranslateError::QuotaExceeded { detail } if detail.contains("exceeded your current quota")),
        "{error:?}"
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn openai_rate_limit_prefers_retry_after_ms() {
    let reply = Reply::json(429, error_body(ProviderKind::OpenAi, 429, "Rate limit reached"))
        .header("retry-after-ms", "1500")
        .header("retry-after", "9");
    let server = TestServer::start([reply]).await;
    let error = translate(&config(ProviderKind::OpenAi, &server), &["早安"], None, "en").await.expect_err("limited");
    assert_eq!(error, TranslateError::RateLimited { retry_after: Some(Duration::from_millis(1500)) });
}

#[tokio::test]
async fn openai_fastapi_style_401_keeps_its_message() {
    let server = TestServer::start([Reply::json(401, json!({ "detail": "Invalid API key" }))]).await;
    let error = translate(&config(ProviderKind::OpenAi, &server), &["早安"], None, "en").await.expect_err("refused");
    assert_eq!(error, TranslateError::Unauthorized { detail: "Invalid API key".into() });
}

#[tokio::test]
async fn openai_content_filter_is_not_retried() {
    let server = TestServer::start([Reply::json(200, completion("", "content_filter"))]).await;
    let error = translate(&config(ProviderKind::OpenAi, &server), &["早安"], None, "en").await.expect_err("filtered");
    assert!(matches!(error, TranslateError::Provider { retryable: false, .. }), "{error:?}");
}

#[tokio::test]
async fn openai_without_a_model_sends_nothing() {
    let server = TestServer::start([]).await;
    let mut config = config(ProviderKind::OpenAi, &server);
    config.model = None;
    let error = translate(&config, &["早安"], None, "en").await.expect_err("no model");
    assert!(matches!(error, TranslateError::Config { .. }), "{error:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn openai_test_connection_does_not_stream() {
    let server = TestServer::start([ok_reply(ProviderKind::OpenAi, &["Test"])]).await;
    let mut config = config(ProviderKind::OpenAi, &server);
    config.stream = true;
    test_connection(&config).await.expect("the probe succeeds");
    assert_eq!(server.only_request().json()["stream"], json!(false));
}

// ---------------------------------------------------------------------------
// OpenAI-compatible: streamed answers

fn chunk(content: &str) -> String {
    json!({ "id": "c", "object": "chat.completion.chunk", "choices": [{ "index": 0, "delta": { "content": content }, "finish_reason": null }] }).to_string()
}

fn role_chunk() -> String {
    json!({ "id": "c", "object": "chat.completion.chunk", "choices": [{ "index": 0, "delta": { "role": "assistant", "content": "" }, "finish_reason": null }] }).to_string()
}

fn finish_chunk(reason: &str) -> String {
    json!({ "id": "c", "object": "chat.completion.chunk", "choices": [{ "index": 0, "delta": {}, "finish_reason": reason }] }).to_string()
}

fn usage_chunk() -> String {
    json!({ "id": "c", "object": "chat.completion.chunk", "choices": [], "usage": { "prompt_tokens": 9, "completion_tokens": 9, "total_tokens": 18 } }).to_string()
}

fn streaming_config(server: &TestServer) -> ProviderConfig {
    ProviderConfig { stream: true, ..config(ProviderKind::OpenAi, server) }
}

fn events(payloads: &[String]) -> Vec<u8> {
    payloads.iter().map(|payload| format!("data: {payload}\n\n")).collect::<String>().into_bytes()
}

#[tokio::test]
async fn openai_stream_reports_each_segment_as_it_arrives() {
    let parts = vec![
        events(&[role_chunk()]),
        b": keep-alive\n\n".to_vec(),
        events(&[chunk("<seg id=\"1\">Good")]),
        // llama-cpp-python writes its JSON with spaces after the colons.
        b"data: {\"choices\": [{\"index\": 0, \"delta\": {\"content\": \" morning</seg>\\n<seg id=\\\"2\\\">Good\"}}]}\n\n".to_vec(),
        b": OPENROUTER PROCESSING\n\n".to_vec(),
        events(&[chunk(" night</seg>")]),
        events(&[finish_chunk("stop"), usage_chunk()]),
        b"data: [DONE]\n\n".to_vec(),
    ];
    let server = TestServer::start([Reply::stream(parts, Duration::from_millis(10))]).await;
    let (result, deltas) = translate_streamed(&streaming_config(&server), &["早安", "晚安"], "en").await;
    assert_eq!(result, Ok(strings(&["Good morning", "Good night"])));
    let expected = [("block-1", "Good"), ("block-1", "Good morning"), ("block-2", "Good"), ("block-2", "Good night")];
    assert_eq!(deltas, expected.map(|(id, text)| (id.to_owned(), text.to_owned())).to_vec());
    assert_eq!(server.only_request().json()["stream"], json!(true));
}

#[tokio::test]
async fn openai_stream_reassembles_a_data_line_split_across_reads() {
    let event = format!("data: {}\r\n\r\n", chunk("<seg id=\"1\">早安，世界</seg>")).into_bytes();
    // Split inside the three bytes of 早, so neither half is valid UTF-8 on its own.
    let split = event.windows(3).position(|window| window == "早".as_bytes()).expect("the event holds 早") + 1;
    let parts = vec![
        events(&[role_chunk()]),
        event[..split].to_vec(),
        event[split..].to_vec(),
        events(&[finish_chunk("stop")]),
        b"data: [DONE]\n\n".to_vec(),
    ];
    let server = TestServer::start([Reply::stream(parts, Duration::from_millis(20))]).await;
    let (result, deltas) = translate_streamed(&streaming_config(&server), &["Good morning, world"], "zh-Hant").await;
    assert_eq!(result, Ok(strings(&["早安，世界"])));
    assert_eq!(deltas.last(), Some(&("block-1".to_owned(), "早安，世界".to_owned())));
}

#[tokio::test]
async fn openai_stream_error_midway_is_a_retryable_provider_error() {
    let error = json!({ "error": { "message": "The server had an error while processing your request.", "type": "server_error", "code": null } });
    let parts = vec![events(&[role_chunk(), chunk("<seg id=\"1\">Good")]), events(&[error.to_string()])];
    let server = TestServer::start([Reply::stream(parts, Duration::from_millis(10))]).await;
    let (result, deltas) = translate_streamed(&streaming_config(&server), &["早安", "晚安"], "en").await;
    let error = result.expect_err("the stream failed");
    assert!(
        matches!(&error, TranslateError::Provider { retryable: true, detail } if detail.contains("server had an error")),
        "{error:?}"
    );
    assert_eq!(deltas, vec![("block-1".to_owned(), "Good".to_owned())], "progress before the error was still reported");
}

#[tokio::test]
async fn openai_stream_insufficient_quota_midway_is_not_retried() {
    let error = json!({ "error": { "message": "You exceeded your current quota.", "type": "insufficient_quota", "code": "insufficient_quota" } });
    let server = TestServer::start([Reply::sse(&[role_chunk(), error.to_string()])]).await;
    let (result, _) = translate_streamed(&streaming_config(&server), &["早安"], "en").await;
    let error = result.expect_err("no quota");
    assert!(matches!(error, TranslateError::QuotaExceeded { .. }) && !error.is_retryable(), "{error:?}");
}

#[tokio::test]
async fn openai_stream_with_a_missing_segment_is_misaligned() {
    let server = TestServer::start([Reply::sse(&[
        role_chunk(),
        chunk("<seg id=\"1\">Good morning and good night</seg>"),
        finish_chunk("stop"),
        "[DONE]".to_owned(),
    ])])
    .await;
    let (result, _) = translate_streamed(&streaming_config(&server), &["早安", "晚安"], "en").await;
    assert_eq!(result, Err(TranslateError::Misaligned { expected: 2, got: 1 }));
}

#[tokio::test]
async fn openai_stream_cut_off_mid_answer_is_a_network_error() {
    let server = TestServer::start([Reply::sse(&[role_chunk(), chunk("<seg id=\"1\">Good")]).cut_off()]).await;
    let (result, _) = translate_streamed(&streaming_config(&server), &["早安"], "en").await;
    let error = result.expect_err("the connection dropped");
    assert_no_key(&error);
    assert!(matches!(error, TranslateError::Network { .. }) && error.is_retryable(), "{error:?}");
}

#[tokio::test]
async fn openai_stream_that_ends_before_the_model_finished_is_retryable() {
    let server = TestServer::start([Reply::sse(&[role_chunk(), chunk("<seg id=\"1\">Good</seg>")])]).await;
    let (result, _) = translate_streamed(&streaming_config(&server), &["早安"], "en").await;
    let error = result.expect_err("no [DONE] and no finish reason");
    assert!(matches!(error, TranslateError::Provider { retryable: true, .. }), "{error:?}");
}

#[tokio::test]
async fn openai_stream_that_stalls_longer_than_the_timeout_times_out() {
    let parts = vec![events(&[role_chunk()]), events(&[chunk("<seg id=\"1\">Good</seg>")])];
    let server = TestServer::start([Reply::stream(parts, Duration::from_secs(3))]).await;
    let mut config = streaming_config(&server);
    config.timeout = Duration::from_millis(300);
    let (result, _) = translate_streamed(&config, &["早安"], "en").await;
    assert_eq!(result, Err(TranslateError::Timeout { after: Duration::from_millis(300) }));
}

#[tokio::test]
async fn openai_stream_longer_than_the_timeout_is_fine_while_it_keeps_coming() {
    let pieces = ["<seg id=\"1\">G", "o", "o", "d", " ", "m", "o", "r", "n", "i", "n", "g", "</seg>"];
    let mut parts: Vec<Vec<u8>> = pieces.iter().map(|piece| events(&[chunk(piece)])).collect();
    parts.push(events(&[finish_chunk("stop"), "[DONE]".to_owned()]));
    // 14 pieces 60 ms apart take about 0.8 s, well past the 300 ms timeout.
    let server = TestServer::start([Reply::stream(parts, Duration::from_millis(60))]).await;
    let mut config = streaming_config(&server);
    config.timeout = Duration::from_millis(300);
    let (result, _) = translate_streamed(&config, &["早安"], "en").await;
    assert_eq!(result, Ok(strings(&["Good morning"])));
}
