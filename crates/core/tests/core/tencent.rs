//! Tencent Cloud TMT (`TextTranslateBatch`, TC3-HMAC-SHA256) against a local
//! server: the request as Tencent checks it (headers, body, and the signature
//! recomputed from what arrived and the SecretKey), the signature function
//! against a vector captured from Tencent's Python SDK, batching within 2,000
//! characters, alignment, Traditional codes, the region header, and every
//! error Tencent reports inside a 200 answer. The shared fault matrix runs in
//! `providers.rs` (`tencent_faults`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use duizhao_core::translate::plan::plan_batches;
use duizhao_core::translate::tencent::{self, tc3_authorization, Tc3};
use duizhao_core::translate::{translate_batch, Lang, ProviderConfig, ProviderKind, Secret, Segment, TranslateError};
use serde_json::{json, Value};

use crate::support::batch::translate;
use crate::support::{Received, Reply, TestServer};

const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

fn config(server: &TestServer) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::Tencent, &server.url());
    config.api_key = Some(Secret::new(format!("{SECRET_ID}:{SECRET_KEY}")));
    config.timeout = Duration::from_secs(5);
    config
}

fn answer(texts: &[&str]) -> Reply {
    Reply::json(
        200,
        json!({ "Response": { "Source": "zh", "Target": "en", "TargetTextList": texts, "RequestId": "8d1e4c33-5b0a-4e7d-9a61-0c2f3b4d5e6f" } }),
    )
}

fn error_answer(code: &str, message: &str) -> Reply {
    Reply::json(
        200,
        json!({ "Response": { "Error": { "Code": code, "Message": message }, "RequestId": "8d1e4c33-5b0a-4e7d-9a61-0c2f3b4d5e6f" } }),
    )
}

/// Checks a request as Tencent's gateway does: the headers it needs, and the
/// signature recomputed from the method, the Host and Content-Type as they
/// arrived, the body bytes and the timestamp, with the SecretKey.
fn assert_signed(request: &Received) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/", "TC3 signs the path / with an empty query");
    assert_eq!(request.header("x-tc-action"), Some("TextTranslateBatch"));
    assert_eq!(request.header("x-tc-version"), Some("2018-03-21"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    let timestamp: u64 = request.header("x-tc-timestamp").expect("X-TC-Timestamp").parse().expect("unix seconds");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    assert!(
        now.abs_diff(timestamp) < 60,
        "Tencent refuses a timestamp more than five minutes off: {timestamp} vs {now}"
    );
    let host = request.header("host").expect("a Host header");
    let expected = tc3_authorization(&Tc3 {
        method: &request.method,
        host,
        content_type: request.header("content-type").expect("checked above"),
        body: &request.body,
        timestamp,
        service: "tmt",
        secret_id: SECRET_ID,
        secret_key: SECRET_KEY,
    });
    let authorization = request.header("authorization").expect("an Authorization header");
    assert_eq!(authorization, expected, "{}", request.everything());
    assert!(
        authorization.starts_with(&format!("TC3-HMAC-SHA256 Credential={SECRET_ID}/"))
            && authorization.contains("/tmt/tc3_request, SignedHeaders=content-type;host, Signature="),
        "{authorization}"
    );
    assert!(!request.everything().contains(SECRET_KEY), "the SecretKey travelled: {}", request.everything());
}

/// The vector captured from `tencentcloud-sdk-python-common` 3.1.195 (its
/// signing, sent to a capture server on 127.0.0.1:8089), in the shared
/// reference `translation-apis.md` §1.10. The body is Python's `json.dumps`,
/// spaces included.
#[test]
fn tencent_signature_reproduces_the_sdk_vector() {
    let body = r#"{"SourceText": "Hello, world!", "Source": "en", "Target": "zh-TW", "ProjectId": 0}"#;
    let authorization = tc3_authorization(&Tc3 {
        method: "POST",
        host: "127.0.0.1:8089",
        content_type: "application/json",
        body: body.as_bytes(),
        timestamp: 1_795_918_955,
        service: "tmt",
        secret_id: "AKIDEXAMPLEEXAMPLE",
        secret_key: "SECRETEXAMPLEEXAMPLE",
    });
    assert_eq!(
        authorization,
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLEEXAMPLE/2026-11-29/tmt/tc3_request, SignedHeaders=content-type;host, Signature=7457e4a65b50e3e5d446218f72c1e2e90578970b332b5dd4e12092e70ffe7e7e"
    );
}

#[tokio::test]
async fn tencent_request_is_signed_and_shaped_as_the_service_checks_it() {
    let server = TestServer::start([answer(&["Good morning", "Good night"])]).await;
    let result = translate(&config(&server), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(vec!["Good morning".to_owned(), "Good night".to_owned()]));
    let request = server.only_request();
    assert_signed(&request);
    assert_eq!(request.header("host"), Some(server.host().as_str()));
    assert_eq!(request.header("x-tc-region"), Some("ap-beijing"), "no region in the profile: the default");
    assert_eq!(
        request.json(),
        json!({ "SourceTextList": ["早安", "晚安"], "Source": "auto", "Target": "en", "ProjectId": 0 })
    );
}

#[tokio::test]
async fn tencent_region_comes_from_the_profile_or_defaults_to_beijing() {
    for (region, expected) in [
        (Some("ap-guangzhou"), "ap-guangzhou"),
        (Some(" ap-shanghai "), "ap-shanghai"),
        (Some(""), "ap-beijing"),
        (None, "ap-beijing"),
    ] {
        let server = TestServer::start([answer(&["x"])]).await;
        let mut config = config(&server);
        config.region = region.map(str::to_owned);
        translate(&config, &["x"], None, "en").await.expect("translated");
        let request = server.only_request();
        assert_eq!(request.header("x-tc-region"), Some(expected), "{region:?}");
        // The region is not signed, but the request must still verify.
        assert_signed(&request);
    }
    assert_eq!(tencent::META.region, Some("ap-beijing"));
}

#[tokio::test]
async fn tencent_traditional_chinese_is_zh_tw_as_target_and_source() {
    for (source, target, expected_source, expected_target) in [
        (None, "zh-Hant", "auto", "zh-TW"),
        (None, "zh-TW", "auto", "zh-TW"),
        (None, "zh-HK", "auto", "zh-TW"),
        (Some("en"), "zh-Hans", "en", "zh"),
        (Some("zh-Hant"), "en", "zh-TW", "en"),
        (Some("zh-CN"), "ja", "zh", "ja"),
    ] {
        let server = TestServer::start([answer(&["x"])]).await;
        translate(&config(&server), &["x"], source, target).await.expect("translated");
        let body = server.only_request().json();
        assert_eq!(body["Source"], json!(expected_source), "{source:?} → {target}");
        assert_eq!(body["Target"], json!(expected_target), "{source:?} → {target}");
    }
}

#[tokio::test]
async fn tencent_answers_of_the_wrong_length_are_misaligned() {
    for (sent, answered) in [(&["一", "二", "三"][..], &["One", "Two"][..]), (&["一"][..], &["One", "Two"][..])] {
        let server = TestServer::start([answer(answered)]).await;
        let result = translate(&config(&server), sent, None, "en").await;
        assert_eq!(result, Err(TranslateError::Misaligned { expected: sent.len(), got: answered.len() }));
    }
}

#[tokio::test]
async fn tencent_batches_stay_within_2000_characters_and_keep_their_order() {
    assert_eq!(ProviderKind::Tencent.limits().max_chars, 2_000);
    let texts: Vec<String> = (0..7).map(|i| format!("{i}{}", "字".repeat(650))).collect();
    let all: Vec<Segment> =
        texts.iter().enumerate().map(|(i, text)| Segment { id: format!("b{i}"), text: text.clone() }).collect();
    let batches = plan_batches(all, &ProviderKind::Tencent.limits());
    assert!(batches.len() >= 3, "{} batches", batches.len());
    let client = reqwest::Client::new();
    let mut translated = Vec::new();
    for batch in &batches {
        let chars: usize = batch.iter().map(|segment| segment.text.chars().count()).sum();
        assert!(chars <= 2_000, "a batch of {chars} characters");
        let echoed: Vec<String> = batch.iter().map(|segment| format!("T{}", &segment.text[..1])).collect();
        let echoed_refs: Vec<&str> = echoed.iter().map(String::as_str).collect();
        let server = TestServer::start([answer(&echoed_refs)]).await;
        let result =
            translate_batch(&client, &config(&server), batch, None, &Lang::new("en"), &mut |_| {}).await.expect("ok");
        let request = server.only_request();
        assert_signed(&request);
        let sent: Vec<Value> = batch.iter().map(|segment| json!(segment.text)).collect();
        assert_eq!(request.json()["SourceTextList"], Value::Array(sent), "one request per batch, in order");
        translated.extend(result);
    }
    let expected: Vec<String> = (0..7).map(|i| format!("T{i}")).collect();
    assert_eq!(translated, expected);
}

#[tokio::test]
async fn tencent_errors_inside_a_200_answer_are_mapped() {
    // (code, kind, retryable)
    let cases = [
        ("AuthFailure.SignatureFailure", "unauthorized", false),
        ("AuthFailure.SecretIdNotFound", "unauthorized", false),
        ("AuthFailure.InvalidSecretId", "unauthorized", false),
        ("AuthFailure.SignatureExpire", "provider", false),
        ("AuthFailure.UnauthorizedOperation", "forbidden", false),
        ("UnauthorizedOperation.ActionNotFound", "forbidden", false),
        ("FailedOperation.UserNotRegistered", "forbidden", false),
        ("LimitExceeded.LimitedAccessFrequency", "rate limited", true),
        ("RequestLimitExceeded", "rate limited", true),
        ("RequestLimitExceeded.UinLimitExceeded", "rate limited", true),
        ("FailedOperation.NoFreeAmount", "quota", false),
        ("FailedOperation.ServiceIsolate", "quota", false),
        ("UnsupportedOperation.TextTooLong", "bad request", false),
        ("UnsupportedOperation.UnsupportedLanguage", "bad request", false),
        ("UnsupportedOperation.UnsupportedSourceLanguage", "bad request", false),
        ("UnsupportedOperation.UnSupportedTargetLanguage", "bad request", false),
        ("InvalidParameter", "bad request", false),
        ("InternalError.BackendTimeout", "provider", true),
        ("InternalError", "provider", true),
        ("FailedOperation.SomethingNew", "provider", false),
    ];
    for (code, kind, retryable) in cases {
        let message = format!("message for {code} from {SECRET_KEY}");
        let server = TestServer::start([error_answer(code, &message)]).await;
        let error = translate(&config(&server), &["早安"], None, "en").await.expect_err(code);
        assert_eq!(kind_of(&error), kind, "{code}: {error:?}");
        assert_eq!(error.is_retryable(), retryable, "{code}: {error:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(SECRET_KEY), "the SecretKey leaked: {shown}");
        if !matches!(error, TranslateError::RateLimited { .. }) {
            assert!(shown.contains(&format!("message for {code}")), "{code}: the message is kept: {shown}");
        }
        assert_eq!(server.received().len(), 1, "{code}: one request, no retry of its own");
    }
}

#[tokio::test]
async fn tencent_expired_signature_says_the_clock_is_off() {
    let server = TestServer::start([error_answer("AuthFailure.SignatureExpire", "signature expired")]).await;
    let error = translate(&config(&server), &["早安"], None, "en").await.expect_err("expired");
    assert!(error.to_string().contains("clock"), "{error}");
}

#[tokio::test]
async fn tencent_key_must_be_a_pair_and_nothing_is_sent_otherwise() {
    let server = TestServer::start([]).await;
    let mut config = config(&server);
    config.api_key = Some(Secret::new("only-one-part"));
    let error = translate(&config, &["早安"], None, "en").await.expect_err("not a pair");
    assert!(matches!(&error, TranslateError::Config { detail } if detail.contains("SecretId:SecretKey")), "{error:?}");
    assert!(server.received().is_empty());
}

fn kind_of(error: &TranslateError) -> &'static str {
    match error {
        TranslateError::Unauthorized { .. } => "unauthorized",
        TranslateError::Forbidden { .. } => "forbidden",
        TranslateError::QuotaExceeded { .. } => "quota",
        TranslateError::RateLimited { .. } => "rate limited",
        TranslateError::BadRequest { .. } => "bad request",
        TranslateError::Provider { .. } => "provider",
        _ => "other",
    }
}
