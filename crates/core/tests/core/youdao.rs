//! Youdao (有道智云) against a local server that plays Youdao: it checks each
//! request the way the real service does (the form's fields, `signType=v3`, a
//! current `curtime`, and the SHA-256 signature recomputed from the fields
//! received, the truncation rule and the secret, which must never be sent),
//! and answers in Youdao's shapes, errors inside HTTP 200 included.
//!
//! Youdao publishes no worked example for the v3 signature, so the truncation
//! rule is tested on strings derived by hand here (exactly 20 characters, and
//! 25 Chinese characters), and one full signature was computed apart from the
//! code (Python's hashlib over the same concatenation). The shared faults are
//! in `providers.rs` (`youdao_faults`).

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use duizhao_core::translate::{youdao, Limits, ProviderConfig, ProviderKind, Secret, TranslateError};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::batch::translate;
use crate::support::{Received, Reply, TestServer};

const APP_KEY: &str = "2f871f8481e49b4a";
const SECRET: &str = "Wk3vT9qLx2";

fn config(server: &TestServer) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::Youdao, &server.url());
    config.api_key = Some(Secret::new(format!("{APP_KEY}:{SECRET}")));
    config.timeout = Duration::from_secs(5);
    config
}

fn answer(translations: &[&str]) -> Reply {
    Reply::json(200, json!({ "errorCode": "0", "query": "原文", "translation": translations, "l": "zh-CHS2en" }))
}

/// The v3 `input` as Youdao's documentation states it, written here apart
/// from the module: q up to 20 characters, else first 10 + length + last 10.
fn vendor_input(q: &str) -> String {
    let chars: Vec<char> = q.chars().collect();
    if chars.len() <= 20 {
        return q.to_owned();
    }
    let head: String = chars.iter().take(10).collect();
    let tail: String = chars.iter().skip(chars.len() - 10).collect();
    format!("{head}{}{tail}", chars.len())
}

fn vendor_sign(app_key: &str, q: &str, salt: &str, curtime: &str, secret: &str) -> String {
    let digest = Sha256::digest(format!("{app_key}{}{salt}{curtime}{secret}", vendor_input(q)).as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What Youdao checks of a request, as Youdao checks it: a form POST to
/// `/api` with exactly its eight fields, the app key it knows, v3 signing,
/// a timestamp close to now and the signature. Returns the form.
fn vendor_checks(request: &Received) -> BTreeMap<String, String> {
    assert_eq!((request.method.as_str(), request.path()), ("POST", "/api"));
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let form: BTreeMap<String, String> = pairs.iter().cloned().collect();
    assert_eq!(form.len(), pairs.len(), "no field twice: {pairs:?}");
    assert_eq!(
        form.keys().map(String::as_str).collect::<Vec<_>>(),
        ["appKey", "curtime", "from", "q", "salt", "sign", "signType", "to"]
    );
    assert_eq!(form["appKey"], APP_KEY);
    assert_eq!(form["signType"], "v3");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let curtime: u64 = form["curtime"].parse().expect("curtime is Unix seconds");
    assert!(now.abs_diff(curtime) <= 60, "Youdao would answer 206: {curtime} vs {now}");
    let salt: Vec<usize> = form["salt"].split('-').map(str::len).collect();
    assert_eq!(salt, [8, 4, 4, 4, 12], "the salt is a UUID: {}", form["salt"]);
    assert_eq!(
        form["sign"],
        vendor_sign(APP_KEY, &form["q"], &form["salt"], &form["curtime"], SECRET),
        "Youdao would answer 202"
    );
    assert!(!request.everything().contains(SECRET), "the secret is never sent: {}", request.everything());
    form
}

#[test]
fn youdao_signs_the_ends_and_length_of_a_long_text_and_a_short_one_whole() {
    // By hand: exactly 20 characters are signed as they are.
    let twenty = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸";
    assert_eq!(twenty.chars().count(), 20);
    assert_eq!(youdao::input(twenty), twenty);
    assert_eq!(vendor_input(twenty), twenty);
    // 21 ASCII characters: the first 10, "21", the last 10.
    assert_eq!(youdao::input("abcdefghijKLMNOPQRSTu"), "abcdefghij21LMNOPQRSTu");
    // 25 Chinese characters (75 bytes): counted as characters, not bytes.
    let long = "今天天氣很好我們一起去公園散步吧然後再去吃晚飯好嗎";
    assert_eq!(youdao::input(long), "今天天氣很好我們一起25吧然後再去吃晚飯好嗎");
    assert_eq!(vendor_input(long), youdao::input(long));
    // The whole signature, computed apart with Python's hashlib:
    // sha256(appKey + input + salt + curtime + secret).hexdigest().
    let salt = "c5b7b2a4-3a2e-4f6e-9d0c-1b2a3c4d5e6f";
    let expected = "565c90a6f57a2a11ee9f8f2e4d4cbaa113458a6ef00019952c3eb9f7cc8326ee";
    assert_eq!(youdao::sign(APP_KEY, long, salt, "1700000000", SECRET), expected);
    assert_eq!(vendor_sign(APP_KEY, long, salt, "1700000000", SECRET), expected);
}

#[tokio::test]
async fn youdao_request_is_the_signed_form_the_service_checks() {
    // Longer than 20 characters, with characters that form encoding changes.
    let text = "今天天氣很好，A&B=C+D 100%，我們一起去公園散步吧";
    let server = TestServer::start([answer(&["The weather is fine today"])]).await;
    let result = translate(&config(&server), &[text], None, "en").await;
    assert_eq!(result.unwrap(), ["The weather is fine today"]);
    let form = vendor_checks(&server.only_request());
    assert_eq!(form["q"], text);
    assert_eq!((form["from"].as_str(), form["to"].as_str()), ("auto", "en"));

    let second = TestServer::start([answer(&["x"])]).await;
    translate(&config(&second), &["短"], None, "en").await.unwrap();
    assert_ne!(vendor_checks(&second.only_request())["salt"], form["salt"], "a fresh salt for every request");
}

#[tokio::test]
async fn youdao_asks_for_traditional_chinese_as_zh_cht() {
    let cases = [
        (Some("en"), "zh-Hant", "en", "zh-CHT"),
        (Some("en"), "zh-TW", "en", "zh-CHT"),
        (Some("en"), "zh-HK", "en", "zh-CHT"),
        (Some("zh-Hant"), "zh-Hans", "zh-CHT", "zh-CHS"),
        (Some("zh-Hans"), "ja", "zh-CHS", "ja"),
        (None, "ko", "auto", "ko"),
        (None, "en-US", "auto", "en"),
    ];
    for (source, target, from, to) in cases {
        let server = TestServer::start([answer(&["x"])]).await;
        translate(&config(&server), &["x"], source, target).await.unwrap();
        let form = vendor_checks(&server.only_request());
        assert_eq!((form["from"].as_str(), form["to"].as_str()), (from, to), "{source:?} → {target}");
    }
}

#[tokio::test]
async fn youdao_sends_one_text_per_request_by_default() {
    assert_eq!(
        ProviderKind::Youdao.limits(),
        Limits { max_texts: 1, max_chars: 5_000, concurrency: 1, requests_per_second: 1.0 }
    );
    // A text of several lines comes back whole, however Youdao split its answer.
    for translation in [&["Line one\nLine two"][..], &["Line one", "Line two"][..]] {
        let server = TestServer::start([answer(translation)]).await;
        let result = translate(&config(&server), &["第一行\n\n第二行"], None, "en").await;
        assert_eq!(result.unwrap(), ["Line one\nLine two"]);
        assert_eq!(vendor_checks(&server.only_request())["q"], "第一行\n第二行");
    }
}

#[tokio::test]
async fn youdao_batch_raised_by_a_profile_goes_as_lines_and_comes_back_aligned() {
    let texts = ["早安", "午安\n再見", "晚安"];
    for translation in [
        &["Good morning\nGood afternoon\nGoodbye\nGood night"][..],
        &["Good morning", "Good afternoon", "Goodbye", "Good night"][..],
    ] {
        let server = TestServer::start([answer(translation)]).await;
        let result = translate(&config(&server), &texts, None, "en").await;
        assert_eq!(result.unwrap(), ["Good morning", "Good afternoon\nGoodbye", "Good night"]);
        assert_eq!(vendor_checks(&server.only_request())["q"], "早安\n午安\n再見\n晚安");
    }
    let server = TestServer::start([answer(&["Good morning and afternoon", "Goodbye", "Good night"])]).await;
    let result = translate(&config(&server), &texts, None, "en").await;
    assert_eq!(result, Err(TranslateError::Misaligned { expected: 4, got: 3 }));
}

#[tokio::test]
async fn youdao_errors_inside_a_200_are_mapped_by_their_code() {
    type Check = fn(&TranslateError) -> bool;
    let cases: [(Value, Check, bool); 14] = [
        (json!("108"), |e| matches!(e, TranslateError::Unauthorized { detail } if detail.contains("app key")), false),
        (
            json!("202"),
            |e| matches!(e, TranslateError::Unauthorized { detail } if detail.contains("app key and app secret")),
            false,
        ),
        (json!("401"), |e| matches!(e, TranslateError::QuotaExceeded { .. }), false),
        (json!("411"), |e| matches!(e, TranslateError::RateLimited { .. }), true),
        (json!("412"), |e| matches!(e, TranslateError::RateLimited { .. }), true),
        // The code may come as a number.
        (json!(411), |e| matches!(e, TranslateError::RateLimited { .. }), true),
        (json!("303"), |e| matches!(e, TranslateError::Provider { .. }), true),
        (
            json!("103"),
            |e| matches!(e, TranslateError::BadRequest { status: 200, detail } if detail.contains("too long")),
            false,
        ),
        (json!("102"), |e| matches!(e, TranslateError::BadRequest { status: 200, .. }), false),
        (json!("113"), |e| matches!(e, TranslateError::Provider { .. }), false),
        (json!("206"), |e| matches!(e, TranslateError::Provider { detail, .. } if detail.contains("clock")), false),
        (json!("203"), |e| matches!(e, TranslateError::Forbidden { detail } if detail.contains("IP address")), false),
        (json!("110"), |e| matches!(e, TranslateError::Forbidden { .. }), false),
        (json!("101"), |e| matches!(e, TranslateError::Provider { .. }), false),
    ];
    for (code, check, retryable) in cases {
        let server = TestServer::start([Reply::json(200, json!({ "errorCode": code, "l": "null2null" }))]).await;
        let error = translate(&config(&server), &["早安"], None, "en").await.expect_err("an error inside a 200");
        assert!(check(&error), "{code}: {error:?}");
        assert_eq!(error.is_retryable(), retryable, "{code}: {error:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(SECRET), "{code}: the secret leaked: {shown}");
        if !matches!(error, TranslateError::RateLimited { .. }) {
            assert!(shown.contains(&code.to_string().replace('"', "")), "{code}: the code is named: {shown}");
        }
        assert_eq!(server.received().len(), 1);
    }
}

#[tokio::test]
async fn youdao_key_that_is_not_a_pair_names_both_parts_and_sends_nothing() {
    let server = TestServer::start([]).await;
    let mut config = config(&server);
    config.api_key = Some(Secret::new("only-one-part"));
    let error = translate(&config, &["早安"], None, "en").await.expect_err("not a pair");
    assert!(matches!(&error, TranslateError::Config { detail } if detail.contains("app key:app secret")), "{error:?}");
    assert!(server.received().is_empty());
}
