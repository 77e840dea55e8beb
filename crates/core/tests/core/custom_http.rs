//! The custom HTTP provider (a template instead of code) and DeepLX, against a
//! real HTTP server on 127.0.0.1 playing an in-house endpoint: what it
//! received (method, path, query, headers, body) and what came back. Their
//! faults run in `providers.rs`'s shared matrix.

use std::collections::BTreeMap;
use std::time::Duration;

use duizhao_core::translate::custom::CustomTemplate;
use duizhao_core::translate::{ProviderConfig, ProviderKind, Secret, TranslateError};
use serde_json::json;

use crate::support::batch::translate;
use crate::support::{Reply, TestServer};

fn custom(url: String, template: CustomTemplate, key: Option<&str>) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::Custom, &url);
    config.template = Some(template);
    config.api_key = key.map(Secret::new);
    config.timeout = Duration::from_secs(5);
    config
}

#[tokio::test]
async fn a_batch_template_sends_every_text_as_one_json_array_and_reads_the_path() {
    let server = TestServer::start([Reply::json(
        200,
        json!({ "result": { "items": [{ "out": "He said: \"fine\"" }, { "out": "Two\nlines" }] } }),
    )])
    .await;
    let template = CustomTemplate {
        method: "POST".into(),
        headers: BTreeMap::from([
            ("Authorization".to_owned(), "Bearer {{key}}".to_owned()),
            ("X-Target".to_owned(), "{{to}}".to_owned()),
        ]),
        body: r#"{"input": {"texts": "{{texts}}"}, "source": "{{from}}", "target": "{{to}}", "mode": 2}"#.into(),
        translations: "result.items[*].out".into(),
    };
    let config = custom(format!("{}/api/v2/mt", server.url()), template, Some("in-house-token"));
    let texts = ["他說：「好」\"引號\"", "兩行\n文字"];
    let out = translate(&config, &texts, Some("zh-Hant"), "en").await.expect("translated");
    assert_eq!(out, ["He said: \"fine\"", "Two\nlines"]);
    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path()), ("POST", "/api/v2/mt"));
    assert_eq!(request.header("authorization"), Some("Bearer in-house-token"));
    assert_eq!(request.header("x-target"), Some("en"));
    // The texts went in as JSON strings, quotes and newlines intact; numbers stay numbers.
    assert_eq!(request.json(), json!({ "input": { "texts": texts }, "source": "zh-Hant", "target": "en", "mode": 2 }));
}

#[tokio::test]
async fn a_one_text_template_sends_one_request_per_text() {
    let server = TestServer::start([
        Reply::json(200, json!({ "translation": "Good morning" })),
        Reply::json(200, json!({ "translation": "Good night" })),
    ])
    .await;
    let template = CustomTemplate {
        method: "PUT".into(),
        headers: BTreeMap::new(),
        body: r#"{"q": "{{text}}", "lang": "{{to}}"}"#.into(),
        translations: "translation".into(),
    };
    let config = custom(format!("{}/one", server.url()), template, None);
    let out = translate(&config, &["早安", "晚安"], None, "en").await.expect("translated");
    assert_eq!(out, ["Good morning", "Good night"]);
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].method, "PUT");
    assert_eq!(received[0].json(), json!({ "q": "早安", "lang": "en" }));
    assert_eq!(received[1].json(), json!({ "q": "晚安", "lang": "en" }));
    assert!(received[0].header("authorization").is_none(), "no key, no header");
}

#[tokio::test]
async fn a_get_template_puts_the_text_in_the_address_encoded() {
    let server = TestServer::start([Reply::json(200, json!([["Hello, world", "x"]]))]).await;
    let template = CustomTemplate {
        method: "GET".into(),
        headers: BTreeMap::new(),
        body: String::new(),
        translations: "[0][0]".into(),
    };
    let config = custom(format!("{}/t?q={{{{text}}}}&to={{{{to}}}}", server.url()), template, None);
    let out = translate(&config, &["你好，世界&?"], None, "zh-Hant").await.expect("translated");
    assert_eq!(out, ["Hello, world"]);
    let request = server.only_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.query_value("q").as_deref(), Some("你好，世界&?"));
    assert_eq!(request.query_value("to").as_deref(), Some("zh-Hant"));
}

#[tokio::test]
async fn a_template_that_cannot_work_is_refused_before_any_request() {
    let server = TestServer::start([]).await;
    let template = CustomTemplate {
        method: "POST".into(),
        headers: BTreeMap::new(),
        body: r#"{"q": "fixed"}"#.into(),
        translations: "result".into(),
    };
    let error =
        translate(&custom(server.url(), template, None), &["早安"], None, "en").await.expect_err("no text in it");
    assert!(matches!(&error, TranslateError::Config { detail } if detail.contains("{{texts}}")), "{error:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn the_key_never_goes_in_the_address() {
    let server = TestServer::start([]).await;
    let template = CustomTemplate {
        method: "GET".into(),
        headers: BTreeMap::new(),
        body: String::new(),
        translations: "result".into(),
    };
    let config = custom(format!("{}/t?q={{{{text}}}}&key={{{{key}}}}", server.url()), template, Some("secret-token"));
    let error = translate(&config, &["早安"], None, "en").await.expect_err("a key in the address is refused");
    assert!(matches!(&error, TranslateError::Config { detail } if detail.contains("header")), "{error:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_path_that_finds_nothing_says_which_path() {
    let server = TestServer::start([Reply::json(200, json!({ "data": ["Good morning"] }))]).await;
    let template = CustomTemplate {
        method: "POST".into(),
        headers: BTreeMap::new(),
        body: r#"{"q": "{{texts}}"}"#.into(),
        translations: "translations[*].text".into(),
    };
    let error = translate(&custom(server.url(), template, None), &["早安"], None, "en").await.expect_err("wrong path");
    assert!(
        matches!(&error, TranslateError::Decode { detail } if detail.contains("translations[*].text")),
        "{error:?}"
    );
}

#[tokio::test]
async fn deeplx_sends_one_text_with_deepl_codes_and_the_token_as_a_bearer() {
    let server = TestServer::start([
        Reply::json(200, json!({ "code": 200, "id": 7, "data": "早安", "alternatives": [], "method": "Free" })),
        Reply::json(200, json!({ "code": 200, "id": 8, "data": "晚安", "alternatives": [], "method": "Free" })),
    ])
    .await;
    let mut config = ProviderConfig::new(ProviderKind::DeepLx, &server.url());
    config.api_key = Some(Secret::new("deeplx-token"));
    let out = translate(&config, &["Good morning", "Good night"], Some("en"), "zh-TW").await.expect("translated");
    assert_eq!(out, ["早安", "晚安"]);
    let received = server.received();
    assert_eq!(received.len(), 2, "one text per request");
    assert_eq!((received[0].method.as_str(), received[0].path()), ("POST", "/translate"));
    assert_eq!(received[0].header("authorization"), Some("Bearer deeplx-token"));
    assert!(!received[0].target.contains("token"), "the token never goes in the address");
    assert_eq!(received[0].json(), json!({ "text": "Good morning", "source_lang": "EN", "target_lang": "ZH-HANT" }));
}

#[tokio::test]
async fn deeplx_without_a_token_detects_the_source_and_a_code_inside_a_200_is_an_error() {
    let server = TestServer::start([
        Reply::json(200, json!({ "code": 200, "data": "Good morning", "alternatives": [] })),
        Reply::json(200, json!({ "code": 429, "message": "Too Many Requests" })),
    ])
    .await;
    let config = ProviderConfig::new(ProviderKind::DeepLx, &server.url());
    assert_eq!(translate(&config, &["早安"], None, "en").await.expect("translated"), ["Good morning"]);
    let first = &server.received()[0];
    assert!(first.header("authorization").is_none());
    assert_eq!(first.json()["source_lang"], "auto");
    assert_eq!(first.json()["target_lang"], "EN-US");
    let error = translate(&config, &["早安"], None, "en").await.expect_err("rate limited");
    assert!(matches!(error, TranslateError::RateLimited { .. }), "{error:?}");
}
