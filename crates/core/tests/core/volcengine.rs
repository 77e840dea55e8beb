//! Volcengine machine translation (`TranslateText`, HMAC-SHA256) against a
//! local server: the request as Volcengine's gateway checks it (query,
//! headers, body hash, and the signature recomputed from what arrived and the
//! Secret Access Key), the signature function against a request captured from
//! the official Python SDK, batching within 16 texts and 5,000 characters,
//! alignment, Traditional codes, and the errors in `ResponseMetadata.Error`.
//! The shared fault matrix runs in `providers.rs` (`volcengine_faults`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use duizhao_core::translate::plan::plan_batches;
use duizhao_core::translate::volcengine::{self, authorization, Signing};
use duizhao_core::translate::{translate_batch, Lang, ProviderConfig, ProviderKind, Secret, Segment, TranslateError};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::batch::translate;
use crate::support::{Received, Reply, TestServer};

const ACCESS_KEY: &str = "AKLTNzc3ZTM0YmEtEXAMPLE";
const SECRET_KEY: &str = "WkRVeU5tUXhaVFEzWlRobE5EZ3pPVGxrT0RreEVYQU1QTEU=";

fn config(server: &TestServer) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::Volcengine, &server.url());
    config.api_key = Some(Secret::new(format!("{ACCESS_KEY}:{SECRET_KEY}")));
    config.timeout = Duration::from_secs(5);
    config
}

fn metadata() -> Value {
    json!({ "RequestId": "20261129022235010014044078", "Action": "TranslateText", "Version": "2020-06-01", "Service": "translate", "Region": "cn-north-1" })
}

fn answer(texts: &[&str]) -> Reply {
    let list: Vec<Value> = texts
        .iter()
        .map(|text| json!({ "Translation": text, "DetectedSourceLanguage": "zh", "Extra": null }))
        .collect();
    Reply::json(200, json!({ "TranslationList": list, "ResponseMetadata": metadata() }))
}

fn error_answer(error: Value) -> Reply {
    let mut metadata = metadata();
    metadata["Error"] = error;
    Reply::json(200, json!({ "ResponseMetadata": metadata }))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Checks a request as Volcengine's gateway does: the query, the headers it
/// needs, the body's hash, and the signature recomputed from the method, the
/// query, the Host, Content-Type and X-Date as they arrived and the body
/// bytes, with the Secret Access Key.
fn assert_signed(request: &Received) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/?Action=TranslateText&Version=2020-06-01");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-content-sha256"), Some(sha256_hex(&request.body).as_str()));
    let x_date = request.header("x-date").expect("an X-Date header");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    let around_now = [now - 2, now - 1, now, now + 1].map(volcengine::x_date);
    assert!(around_now.iter().any(|date| date == x_date), "X-Date {x_date} is not now ({around_now:?})");
    let query = request.query();
    let query: Vec<(&str, &str)> = query.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    let expected = authorization(&Signing {
        method: &request.method,
        host: request.header("host").expect("a Host header"),
        query: &query,
        content_type: request.header("content-type").expect("checked above"),
        body: &request.body,
        x_date,
        region: "cn-north-1",
        service: "translate",
        access_key: ACCESS_KEY,
        secret_key: SECRET_KEY,
    });
    let authorization = request.header("authorization").expect("an Authorization header");
    assert_eq!(authorization, expected, "{}", request.everything());
    assert!(
        authorization.starts_with(&format!(
            "HMAC-SHA256 Credential={ACCESS_KEY}/{}/cn-north-1/translate/request, ",
            &x_date[..8]
        )) && authorization.contains("SignedHeaders=content-type;host;x-content-sha256;x-date, Signature="),
        "{authorization}"
    );
    assert!(!request.everything().contains(SECRET_KEY), "the secret travelled: {}", request.everything());
}

/// The oracle: the official `volcengine` Python SDK 1.0.229 (PyPI), running
/// the documented TranslateText example (`Service.json` with ServiceInfo host
/// 127.0.0.1:8089, Credentials(ak, sk, "translate", "cn-north-1")), its clock
/// fixed at 1795918955 (`SignerV4.get_current_format_date` patched), sent to a
/// capture server. This is the Authorization header and X-Content-Sha256 it
/// sent for exactly this body (UTF-8, `json.dumps` spacing).
#[test]
fn volcengine_signature_reproduces_the_official_sdk() {
    let body = r#"{"SourceLanguage": "zh", "TargetLanguage": "zh-Hant", "TextList": ["早安", "Good night"]}"#;
    assert_eq!(sha256_hex(body.as_bytes()), "4289309c0a32cc86db9e5e8a991e714627dbde212c789b72c79cc73fe14b50f6");
    assert_eq!(volcengine::x_date(1_795_918_955), "20261129T022235Z");
    let signed = authorization(&Signing {
        method: "POST",
        host: "127.0.0.1:8089",
        query: &[("Version", "2020-06-01"), ("Action", "TranslateText")],
        content_type: "application/json",
        body: body.as_bytes(),
        x_date: "20261129T022235Z",
        region: "cn-north-1",
        service: "translate",
        access_key: "AKLTEXAMPLEEXAMPLE",
        secret_key: "SECRETEXAMPLEEXAMPLE==",
    });
    assert_eq!(
        signed,
        "HMAC-SHA256 Credential=AKLTEXAMPLEEXAMPLE/20261129/cn-north-1/translate/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=155a22106012d18afabf3b5fe94fb692eb440511beba672e334e0182e252f25e"
    );
}

#[tokio::test]
async fn volcengine_request_is_signed_and_shaped_as_the_service_checks_it() {
    let server = TestServer::start([answer(&["Good morning", "Good night"])]).await;
    let result = translate(&config(&server), &["早安", "晚安"], None, "en").await;
    assert_eq!(result, Ok(vec!["Good morning".to_owned(), "Good night".to_owned()]));
    let request = server.only_request();
    assert_signed(&request);
    assert_eq!(request.header("host"), Some(server.host().as_str()));
    // No source: Volcengine detects it (the field is left out, not "auto").
    assert_eq!(request.json(), json!({ "TargetLanguage": "en", "TextList": ["早安", "晚安"] }));
}

#[tokio::test]
async fn volcengine_traditional_chinese_is_zh_hant_as_target_and_source() {
    for (source, target, expected_source, expected_target) in [
        (None, "zh-Hant", None, "zh-Hant"),
        (None, "zh-TW", None, "zh-Hant"),
        (None, "zh-HK", None, "zh-Hant"),
        (Some("en"), "zh-Hans", Some("en"), "zh"),
        (Some("zh-Hant"), "en", Some("zh-Hant"), "en"),
        (Some("zh-CN"), "ja", Some("zh"), "ja"),
    ] {
        let server = TestServer::start([answer(&["x"])]).await;
        translate(&config(&server), &["x"], source, target).await.expect("translated");
        let request = server.only_request();
        assert_signed(&request);
        let body = request.json();
        assert_eq!(
            body.get("SourceLanguage"),
            expected_source.map(|code| json!(code)).as_ref(),
            "{source:?} → {target}"
        );
        assert_eq!(body["TargetLanguage"], json!(expected_target), "{source:?} → {target}");
    }
}

#[tokio::test]
async fn volcengine_answers_of_the_wrong_length_are_misaligned() {
    for (sent, answered) in [(&["一", "二", "三"][..], &["One", "Two"][..]), (&["一"][..], &["One", "Two"][..])] {
        let server = TestServer::start([answer(answered)]).await;
        let result = translate(&config(&server), sent, None, "en").await;
        assert_eq!(result, Err(TranslateError::Misaligned { expected: sent.len(), got: answered.len() }));
    }
}

#[tokio::test]
async fn volcengine_batches_stay_within_16_texts_and_5000_characters() {
    let limits = ProviderKind::Volcengine.limits();
    assert_eq!((limits.max_texts, limits.max_chars), (16, 5_000));
    // 20 short texts (more than 16) and then 4 long ones (more than 5,000 characters together).
    let mut texts: Vec<String> = (0..20).map(|i| format!("{i:02}短句")).collect();
    texts.extend((20..24).map(|i| format!("{i:02}{}", "長".repeat(1_500))));
    let all: Vec<Segment> =
        texts.iter().enumerate().map(|(i, text)| Segment { id: format!("b{i}"), text: text.clone() }).collect();
    let batches = plan_batches(all, &limits);
    let client = reqwest::Client::new();
    let mut translated = Vec::new();
    for batch in &batches {
        let chars: usize = batch.iter().map(|segment| segment.text.chars().count()).sum();
        assert!(batch.len() <= 16 && chars <= 5_000, "a batch of {} texts, {chars} characters", batch.len());
        let echoed: Vec<String> = batch.iter().map(|segment| format!("T{}", &segment.text[..2])).collect();
        let echoed_refs: Vec<&str> = echoed.iter().map(String::as_str).collect();
        let server = TestServer::start([answer(&echoed_refs)]).await;
        let result =
            translate_batch(&client, &config(&server), batch, None, &Lang::new("en"), &mut |_| {}).await.expect("ok");
        let request = server.only_request();
        assert_signed(&request);
        let sent: Vec<Value> = batch.iter().map(|segment| json!(segment.text)).collect();
        assert_eq!(request.json()["TextList"], Value::Array(sent), "one request per batch, in order");
        translated.extend(result);
    }
    assert!(batches.len() >= 3, "{} batches", batches.len());
    let expected: Vec<String> = (0..24).map(|i| format!("T{i:02}")).collect();
    assert_eq!(translated, expected);
}

#[tokio::test]
async fn volcengine_errors_in_the_response_metadata_are_mapped() {
    // (error object, kind, retryable)
    let cases = [
        (json!({ "Code": "-400", "Message": "m" }), "bad request", false),
        (json!({ "Code": "-415", "Message": "m" }), "bad request", false),
        (json!({ "Code": "-429", "Message": "m" }), "rate limited", true),
        (json!({ "Code": "-500", "Message": "m" }), "provider", true),
        (json!({ "Code": "SignatureDoesNotMatch", "CodeN": 100_010, "Message": "m" }), "unauthorized", false),
        (json!({ "Code": "InvalidAccessKey", "CodeN": 100_009, "Message": "m" }), "unauthorized", false),
        (json!({ "CodeN": 100_010, "Message": "m" }), "unauthorized", false),
        (json!({ "Code": "AccessDenied", "CodeN": 100_013, "Message": "m" }), "forbidden", false),
        (json!({ "Code": "InvalidTimestamp", "CodeN": 100_006, "Message": "m" }), "provider", false),
        (json!({ "Code": "FlowLimitExceeded", "Message": "m" }), "rate limited", true),
        (json!({ "Code": "InternalError", "CodeN": 100_014, "Message": "m" }), "provider", true),
        (json!({ "Code": "InternalServiceTimeout", "CodeN": 100_016, "Message": "m" }), "provider", true),
        (json!({ "Code": "SomethingNew", "Message": "m" }), "provider", false),
    ];
    for (mut error, kind, retryable) in cases {
        let label = error.to_string();
        error["Message"] = json!(format!("message for {label} from {SECRET_KEY}"));
        let server = TestServer::start([error_answer(error)]).await;
        let error = translate(&config(&server), &["早安"], None, "en").await.expect_err(&label);
        assert_eq!(kind_of(&error), kind, "{label}: {error:?}");
        assert_eq!(error.is_retryable(), retryable, "{label}: {error:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(SECRET_KEY), "the secret leaked: {shown}");
        if !matches!(error, TranslateError::RateLimited { .. }) {
            assert!(shown.contains("message for"), "{label}: the message is kept: {shown}");
        }
        assert_eq!(server.received().len(), 1, "{label}: one request, no retry of its own");
    }
}

#[tokio::test]
async fn volcengine_gateway_errors_keep_their_status_and_words() {
    let body = json!({ "ResponseMetadata": { "RequestId": "r", "Action": "TranslateText", "Version": "2020-06-01", "Service": "translate", "Region": "cn-north-1",
        "Error": { "Code": "InvalidTimestamp", "CodeN": 100_006, "Message": "The Signature of the request is expired." } } });
    let server = TestServer::start([Reply::json(400, body)]).await;
    let error = translate(&config(&server), &["早安"], None, "en").await.expect_err("expired");
    assert!(
        matches!(&error, TranslateError::BadRequest { status: 400, detail } if detail.contains("clock") && detail.contains("is expired")),
        "{error:?}"
    );
}

#[tokio::test]
async fn volcengine_key_must_be_a_pair_and_nothing_is_sent_otherwise() {
    let server = TestServer::start([]).await;
    let mut config = config(&server);
    config.api_key = Some(Secret::new("only-one-part"));
    let error = translate(&config, &["早安"], None, "en").await.expect_err("not a pair");
    assert!(
        matches!(&error, TranslateError::Config { detail } if detail.contains("Access Key ID:Secret Access Key")),
        "{error:?}"
    );
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
