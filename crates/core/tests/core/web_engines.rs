//! The free web engines (`edge`, `google-web`, `transmart`) and their chain
//! (`web`) against real HTTP servers on 127.0.0.1, one per engine: what each
//! engine is sent (path, query, headers, body shape, HTML escaping, codes), and
//! how the chain falls back from a dead engine, skips it afterwards, says which
//! engine translated, and fails when every engine does. (The shared fault
//! matrix for each engine is in providers.rs.)

use crate::support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use duizhao_core::translate::scheduler::{BlockEvent, NoCache, RetryPolicy, Scheduler};
use duizhao_core::translate::{translate_batch_by, web, Lang, ProviderConfig, ProviderKind, Segment, TranslateError};
use serde_json::{json, Value};
use support::{Reply, TestServer};
use tokio_util::sync::CancellationToken;

fn segments(texts: &[&str]) -> Vec<Segment> {
    texts.iter().enumerate().map(|(i, text)| Segment { id: format!("b{}", i + 1), text: (*text).into() }).collect()
}

fn engine(kind: ProviderKind, server: &TestServer) -> ProviderConfig {
    let mut config = ProviderConfig::new(kind, &server.url());
    config.timeout = Duration::from_secs(5);
    config
}

/// A `web` chain whose engines are these servers, in this order.
fn chain(engines: &[(ProviderKind, &TestServer)]) -> ProviderConfig {
    let mut config = ProviderConfig::new(ProviderKind::Web, "");
    config.timeout = Duration::from_secs(5);
    config.engines = engines.iter().map(|(kind, server)| (*kind, server.url())).collect();
    config
}

async fn run(
    config: &ProviderConfig,
    texts: &[&str],
    target: &str,
) -> Result<(Vec<String>, ProviderKind), TranslateError> {
    let client = reqwest::Client::new();
    translate_batch_by(&client, config, &segments(texts), None, &Lang::new(target), &mut |_| {}).await
}

fn edge_answer(texts: &[&str]) -> Reply {
    Reply::json(
        200,
        Value::Array(texts.iter().map(|t| json!({ "detectedLanguage": { "language": "zh-Hant", "score": 1.0 }, "translations": [{ "text": t, "to": "en" }] })).collect()),
    )
}

fn google_answer(texts: &[&str]) -> Reply {
    Reply::json(200, json!([texts, texts.iter().map(|_| "zh-TW").collect::<Vec<_>>()]))
}

fn transmart_answer(texts: &[&str]) -> Reply {
    Reply::json(200, json!({ "auto_translation": texts, "src_lang": "zh", "tgt_lang": "en" }))
}

#[tokio::test]
async fn edge_gets_a_bare_array_of_escaped_texts_and_azure_codes() {
    let server = TestServer::start([edge_answer(&["a &lt; b &amp;&amp; c", "Good night"])]).await;
    let (texts, by) = run(&engine(ProviderKind::Edge, &server), &["甲 < 乙 && 丙", "晚安"], "zh-Hans").await.unwrap();
    assert_eq!(texts, ["a < b && c", "Good night"]);
    assert_eq!(by, ProviderKind::Edge);
    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path()), ("POST", "/translate/translatetext"));
    assert_eq!(request.query_value("to").as_deref(), Some("zh-Hans"));
    assert_eq!(request.query_value("from").as_deref(), Some(""), "an empty from detects the source");
    assert_eq!(request.query_value("isEnterpriseClient").as_deref(), Some("false"));
    assert_eq!(request.json(), json!(["甲 &lt; 乙 &amp;&amp; 丙", "晚安"]));
}

#[tokio::test]
async fn google_web_sends_each_line_as_an_item_and_never_a_blank_one() {
    let server = TestServer::start([google_answer(&["First line", "Second &amp; last", "Other"])]).await;
    let (texts, _) =
        run(&engine(ProviderKind::GoogleWeb, &server), &["第一行\n\n第二行 & 最後", "另一段"], "en").await.unwrap();
    assert_eq!(texts, ["First line\n\nSecond & last", "Other"]);
    let request = server.only_request();
    assert_eq!(request.path(), "/v1/translateHtml");
    assert_eq!(request.header("content-type"), Some("application/json+protobuf"));
    assert!(request.header("x-goog-api-key").is_some_and(|key| key.starts_with("AIza")), "{}", request.everything());
    assert_eq!(request.json(), json!([[["第一行", "第二行 &amp; 最後", "另一段"], "auto", "en"], "wt_lib"]));
}

#[tokio::test]
async fn google_web_uses_taiwan_codes_for_traditional() {
    let server = TestServer::start([google_answer(&["x"])]).await;
    run(&engine(ProviderKind::GoogleWeb, &server), &["x"], "zh-Hant").await.unwrap();
    assert_eq!(server.only_request().json()[0][2], "zh-TW");
}

#[tokio::test]
async fn transmart_gets_a_text_list_with_a_referer() {
    let server = TestServer::start([transmart_answer(&["Good morning", "Good night"])]).await;
    let (texts, _) = run(&engine(ProviderKind::TranSmart, &server), &["早安", "晚安"], "zh-TW").await.unwrap();
    assert_eq!(texts, ["Good morning", "Good night"]);
    let request = server.only_request();
    assert_eq!(request.path(), "/api/imt");
    let body = request.json();
    assert_eq!(body["header"]["fn"], "auto_translation");
    assert_eq!(body["source"], json!({ "lang": "auto", "text_list": ["早安", "晚安"] }));
    assert_eq!(body["target"]["lang"], "zh-TW");
    assert_eq!(request.header("referer"), Some(format!("{}/zh-CN/index", server.url()).as_str()));
}

#[tokio::test]
async fn a_captcha_page_is_named_as_one() {
    let page = b"<!DOCTYPE html><html><body>Our systems have detected unusual traffic</body></html>";
    let server = TestServer::start([Reply::raw(200, "text/html", page)]).await;
    let error = run(&engine(ProviderKind::GoogleWeb, &server), &["早安"], "en").await.unwrap_err();
    assert!(matches!(&error, TranslateError::Decode { detail } if detail.contains("web page")), "{error:?}");
}

#[tokio::test]
async fn the_chain_falls_back_from_a_dead_engine_and_then_skips_it() {
    let edge = TestServer::start([Reply::empty(404), edge_answer(&["never asked"])]).await;
    let google = TestServer::start([google_answer(&["Good morning"]), google_answer(&["Good night"])]).await;
    let transmart = TestServer::start([]).await;
    let config = chain(&[
        (ProviderKind::Edge, &edge),
        (ProviderKind::GoogleWeb, &google),
        (ProviderKind::TranSmart, &transmart),
    ]);
    let (texts, by) = run(&config, &["早安"], "en").await.unwrap();
    assert_eq!((texts, by), (vec!["Good morning".to_owned()], ProviderKind::GoogleWeb));
    // The dead engine is not asked again; the next batch goes straight to Google.
    let (texts, by) = run(&config, &["晚安"], "en").await.unwrap();
    assert_eq!((texts, by), (vec!["Good night".to_owned()], ProviderKind::GoogleWeb));
    assert_eq!(edge.received().len(), 1);
    assert_eq!(google.received().len(), 2);
    assert!(transmart.received().is_empty(), "a working engine ends the chain");
}

#[tokio::test]
async fn a_rate_limited_engine_hands_the_batch_on_and_rests_after_repeated_limits() {
    let limited = || Reply::json(429, json!({ "error": { "code": 429, "message": "slow down" } }));
    let edge = TestServer::start([limited(), limited(), edge_answer(&["never asked"])]).await;
    let transmart =
        TestServer::start([transmart_answer(&["One"]), transmart_answer(&["Two"]), transmart_answer(&["Three"])]).await;
    let config = chain(&[(ProviderKind::Edge, &edge), (ProviderKind::TranSmart, &transmart)]);
    for expected in ["One", "Two", "Three"] {
        let (texts, by) = run(&config, &["一"], "en").await.unwrap();
        assert_eq!((texts, by), (vec![expected.to_owned()], ProviderKind::TranSmart));
    }
    assert_eq!(edge.received().len(), 2, "after {} limits in a row the engine rests", web::STRIKES);
}

#[tokio::test]
async fn when_every_engine_fails_the_first_engines_error_is_the_batchs() {
    let free_port = || std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (a, b) = (free_port(), free_port());
    let mut config = ProviderConfig::new(ProviderKind::Web, "");
    config.engines = vec![
        (ProviderKind::Edge, format!("http://127.0.0.1:{a}")),
        (ProviderKind::GoogleWeb, format!("http://127.0.0.1:{b}")),
    ];
    let error = run(&config, &["早安"], "en").await.unwrap_err();
    assert!(matches!(&error, TranslateError::Network { host, .. } if *host == format!("127.0.0.1:{a}")), "{error:?}");
    // An offline computer's job fails at once (the app resumes it when the connection is back)
    // rather than retrying every batch against engines nobody can reach.
    assert!(error.is_unreachable() && !error.is_retryable(), "{error:?}");
}

#[tokio::test]
async fn the_probe_finds_the_first_working_engine_and_remembers_the_dead_ones() {
    let edge = TestServer::start([Reply::raw(403, "text/html", b"<html>blocked</html>")]).await;
    let google = TestServer::start([google_answer(&["Hello"]), google_answer(&["Good morning"])]).await;
    let config = chain(&[(ProviderKind::Edge, &edge), (ProviderKind::GoogleWeb, &google)]);
    let found = web::probe(&reqwest::Client::new(), &config, Duration::from_secs(3)).await;
    assert_eq!(found, Some(ProviderKind::GoogleWeb));
    assert_eq!(google.only_request().json()[0][0], json!(["你好"]));
    let (_, by) = run(&config, &["早安"], "en").await.unwrap();
    assert_eq!(by, ProviderKind::GoogleWeb);
    assert_eq!(edge.received().len(), 1, "the probe's failure is remembered");
}

#[tokio::test]
async fn the_scheduler_reports_which_engine_translated_each_block() {
    let edge = TestServer::start([Reply::raw(200, "text/html", b"<html>captcha</html>")]).await;
    let google = TestServer::start([google_answer(&["Good morning", "Good night"])]).await;
    let scheduler = Scheduler {
        client: reqwest::Client::new(),
        config: chain(&[(ProviderKind::Edge, &edge), (ProviderKind::GoogleWeb, &google)]),
        limits: web::LIMITS,
        source: None,
        target: Lang::new("en"),
        retry: RetryPolicy::default(),
        finish: None,
        guide: None,
        fresh: false,
    };
    // Each block's translation and the engine that made it.
    type Done = HashMap<String, (String, Option<ProviderKind>)>;
    let done: Arc<Mutex<Done>> = Arc::default();
    let sink = {
        let done = Arc::clone(&done);
        Arc::new(move |event: BlockEvent| {
            if let BlockEvent::Done { id, translation, by, .. } = event {
                done.lock().unwrap().insert(id, (translation, by));
            }
        })
    };
    let summary =
        scheduler.run(segments(&["早安", "晚安"]), &[], Arc::new(NoCache), CancellationToken::new(), sink).await;
    assert_eq!((summary.done, summary.failed), (2, 0));
    let done = done.lock().unwrap();
    assert_eq!(done["b1"], ("Good morning".to_owned(), Some(ProviderKind::GoogleWeb)));
    assert_eq!(done["b2"], ("Good night".to_owned(), Some(ProviderKind::GoogleWeb)));
}
