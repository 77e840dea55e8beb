//! Baidu Fanyi against a local server that plays Baidu: it checks each request
//! the way the real service does (the form's fields, and the MD5 signature
//! recomputed from the fields received and the secret, which must never be
//! sent), and answers in Baidu's shapes, errors inside HTTP 200 included.
//! The signature itself is checked against Baidu's published worked example.
//! The shared faults are in `providers.rs` (`baidu_faults`).

use std::collections::BTreeMap;
use std::time::Duration;

use duizhao_core::translate::{baidu, ProviderConfig, ProviderKind, Secret, TranslateError};
use md5::{Digest, Md5};
use serde_json::{json, Value};

use crate::support::batch::translate;
use crate::support::{Received, Reply, TestServer};

const APP_ID: &str = "20240611002074321";
const SECRET: &str = "Xq7Lp0dWm3Rb9sK2vHf4";

fn config(server: &TestServer) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::Baidu, &server.url());
    config.api_key = Some(Secret::new(format!("{APP_ID}:{SECRET}")));
    config.timeout = Duration::from_secs(5);
    config
}

/// Baidu's success answer, one entry per line.
fn answer(lines: &[&str]) -> Reply {
    let entries: Vec<Value> = lines.iter().map(|line| json!({ "src": "原文", "dst": line })).collect();
    Reply::json(200, json!({ "from": "zh", "to": "en", "trans_result": entries }))
}

/// The signature as Baidu's documentation defines it, written here apart
/// from the module: md5(appid + q + salt + key), lowercase hex.
fn vendor_sign(appid: &str, q: &str, salt: &str, key: &str) -> String {
    let digest = Md5::digest(format!("{appid}{q}{salt}{key}").as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What Baidu checks of a request, as Baidu checks it: a form POST to the
/// translate path with exactly its six fields, the app id it knows, and a
/// signature over the decoded `q` with the secret only Baidu and the user
/// know. Returns the form.
fn vendor_checks(request: &Received) -> BTreeMap<String, String> {
    assert_eq!((request.method.as_str(), request.path()), ("POST", "/api/trans/vip/translate"));
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let form: BTreeMap<String, String> = pairs.iter().cloned().collect();
    assert_eq!(form.len(), pairs.len(), "no field twice: {pairs:?}");
    assert_eq!(form.keys().map(String::as_str).collect::<Vec<_>>(), ["appid", "from", "q", "salt", "sign", "to"]);
    assert_eq!(form["appid"], APP_ID);
    assert!(!form["salt"].is_empty());
    assert_eq!(form["sign"], vendor_sign(APP_ID, &form["q"], &form["salt"], SECRET), "Baidu would answer 54001");
    assert!(!request.everything().contains(SECRET), "the secret is never sent: {}", request.everything());
    form
}

#[test]
fn baidu_signature_matches_the_published_example() {
    // Baidu's documentation: appid 2015063000000001, q "apple", salt 1435660288, key 12345678.
    let expected = "f89f9594663708c1605f3d736d01d2d4";
    assert_eq!(baidu::sign("2015063000000001", "apple", "1435660288", "12345678"), expected);
    assert_eq!(vendor_sign("2015063000000001", "apple", "1435660288", "12345678"), expected);
}

#[tokio::test]
async fn baidu_request_is_the_signed_form_the_service_checks() {
    // Characters that form encoding changes (&, =, +, %, space) must be signed raw.
    let texts = ["早安，A&B=C+D 100%", "晚安"];
    let server = TestServer::start([answer(&["Good morning, A&B=C+D 100%", "Good night"])]).await;
    let result = translate(&config(&server), &texts, None, "en").await;
    assert_eq!(result.unwrap(), ["Good morning, A&B=C+D 100%", "Good night"]);

    let form = vendor_checks(&server.only_request());
    assert_eq!(form["q"], "早安，A&B=C+D 100%\n晚安");
    assert_eq!((form["from"].as_str(), form["to"].as_str()), ("auto", "en"));
    let second = TestServer::start([answer(&["x"])]).await;
    translate(&config(&second), &["x"], None, "en").await.unwrap();
    assert_ne!(vendor_checks(&second.only_request())["salt"], form["salt"], "a fresh salt for every request");
}

#[tokio::test]
async fn baidu_asks_for_traditional_chinese_as_cht_and_uses_its_own_codes() {
    let cases = [
        (Some("en"), "zh-Hant", "en", "cht"),
        (Some("en"), "zh-TW", "en", "cht"),
        (Some("en"), "zh-HK", "en", "cht"),
        (Some("zh-Hant"), "zh-Hans", "cht", "zh"),
        (Some("zh-Hans"), "ja", "zh", "jp"),
        (None, "ko", "auto", "kor"),
        (None, "fr", "auto", "fra"),
        (None, "es", "auto", "spa"),
        (None, "vi", "auto", "vie"),
        (None, "ar", "auto", "ara"),
    ];
    for (source, target, from, to) in cases {
        let server = TestServer::start([answer(&["x"])]).await;
        translate(&config(&server), &["x"], source, target).await.unwrap();
        let form = vendor_checks(&server.only_request());
        assert_eq!((form["from"].as_str(), form["to"].as_str()), (from, to), "{source:?} → {target}");
    }
}

#[tokio::test]
async fn baidu_batch_sends_one_line_per_text_line_and_gives_each_segment_its_own() {
    // A segment's own line breaks (of any kind) become lines of q, blank lines
    // are left out, and each segment gets back as many answers as it sent lines.
    let texts = ["第一段", "第二段\n第二行", " \n", "第四段\r\n\r\n末行"];
    let server = TestServer::start([answer(&["One", "Two", "Line two", "Four", "Last"])]).await;
    let result = translate(&config(&server), &texts, Some("zh-Hant"), "en").await;
    assert_eq!(result.unwrap(), ["One", "Two\nLine two", "", "Four\nLast"]);
    let form = vendor_checks(&server.only_request());
    assert_eq!(form["q"], "第一段\n第二段\n第二行\n第四段\n末行");
}

#[tokio::test]
async fn baidu_answer_with_a_line_missing_or_extra_is_misaligned() {
    for (lines, got) in [(&["One", "Two"][..], 2), (&["One", "Two", "Three", "Four"][..], 4)] {
        let server = TestServer::start([answer(lines)]).await;
        let result = translate(&config(&server), &["一", "二", "三"], None, "en").await;
        assert_eq!(result, Err(TranslateError::Misaligned { expected: 3, got }));
    }
}

#[tokio::test]
async fn baidu_blank_text_is_not_sent() {
    let server = TestServer::start([]).await;
    let result = translate(&config(&server), &["", " \n "], None, "en").await;
    assert_eq!(result.unwrap(), ["", ""]);
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn baidu_errors_inside_a_200_are_mapped_by_their_code() {
    type Check = fn(&TranslateError) -> bool;
    let cases: [(Value, Check, bool, Option<u64>); 13] = [
        (json!("52001"), |e| matches!(e, TranslateError::Provider { .. }), true, None),
        (json!("52002"), |e| matches!(e, TranslateError::Provider { .. }), true, None),
        (
            json!("52003"),
            |e| matches!(e, TranslateError::Unauthorized { detail } if detail.contains("APP ID")),
            false,
            None,
        ),
        (
            json!("54001"),
            |e| matches!(e, TranslateError::Unauthorized { detail } if detail.contains("APP ID and secret key")),
            false,
            None,
        ),
        (json!("54003"), |e| matches!(e, TranslateError::RateLimited { .. }), true, Some(1)),
        // The code may come as a number.
        (json!(54003), |e| matches!(e, TranslateError::RateLimited { .. }), true, Some(1)),
        (json!("54004"), |e| matches!(e, TranslateError::QuotaExceeded { .. }), false, None),
        (json!("54005"), |e| matches!(e, TranslateError::RateLimited { .. }), true, Some(3)),
        (
            json!("58000"),
            |e| matches!(e, TranslateError::Forbidden { detail } if detail.contains("IP address")),
            false,
            None,
        ),
        (json!("58001"), |e| matches!(e, TranslateError::BadRequest { status: 200, .. }), false, None),
        (json!("58002"), |e| matches!(e, TranslateError::Forbidden { .. }), false, None),
        (
            json!(90107),
            |e| matches!(e, TranslateError::Forbidden { detail } if detail.contains("verifying")),
            false,
            None,
        ),
        (json!("54000"), |e| matches!(e, TranslateError::Provider { .. }), false, None),
    ];
    for (code, check, retryable, wait) in cases {
        let message = format!("Baidu's words for {code}, echoing {SECRET}");
        let server = TestServer::start([Reply::json(200, json!({ "error_code": code, "error_msg": message }))]).await;
        let error = translate(&config(&server), &["早安"], None, "en").await.expect_err("an error inside a 200");
        assert!(check(&error), "{code}: {error:?}");
        assert_eq!(error.is_retryable(), retryable, "{code}: {error:?}");
        assert_eq!(error.retry_after(), wait.map(Duration::from_secs), "{code}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(SECRET), "{code}: the secret leaked: {shown}");
        if !matches!(error, TranslateError::RateLimited { .. }) {
            assert!(shown.contains(&code.to_string().replace('"', "")), "{code}: the code is named: {shown}");
            assert!(shown.contains("Baidu's words"), "{code}: Baidu's message is kept: {shown}");
        }
        assert_eq!(server.received().len(), 1);
    }
}

#[tokio::test]
async fn baidu_success_code_52000_is_an_answer() {
    let reply = Reply::json(
        200,
        json!({ "error_code": "52000", "from": "zh", "to": "en", "trans_result": [{ "src": "早安", "dst": "Good morning" }] }),
    );
    let server = TestServer::start([reply]).await;
    assert_eq!(translate(&config(&server), &["早安"], None, "en").await.unwrap(), ["Good morning"]);
}

#[tokio::test]
async fn baidu_key_that_is_not_a_pair_names_both_parts_and_sends_nothing() {
    let server = TestServer::start([]).await;
    let mut config = config(&server);
    config.api_key = Some(Secret::new("only-one-part"));
    let error = translate(&config, &["早安"], None, "en").await.expect_err("not a pair");
    assert!(matches!(&error, TranslateError::Config { detail } if detail.contains("APP ID:secret key")), "{error:?}");
    assert!(server.received().is_empty());
}
