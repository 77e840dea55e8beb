//! Requests through real proxies: Debian's tinyproxy (HTTP, with and without
//! Basic auth) and pproxy (SOCKS5, with a user and password), each started by
//! the test on 127.0.0.1 with a log of what it carried. A provider request and
//! a page fetch go through the proxy a `net::Proxy` names (the proxy's log shows
//! them), a bypassed host goes direct (the log does not), wrong or missing
//! credentials are a clear error, and a dead proxy says it is the proxy.

use crate::support;
use crate::support::page_server;
use crate::support::proxies;

use std::time::Duration;

use duizhao_core::document::{import_url, FetchOptions};
use duizhao_core::net::{self, ManualProxy, Proxy};
use duizhao_core::translate::{
    translate_batch_by, Lang, ProviderConfig, ProviderKind, Secret, Segment, TranslateError,
};
use serde_json::{json, Value};
use support::{Reply, TestServer};

fn manual(url: String, bypass: &str, username: Option<&str>) -> Proxy {
    Proxy::Manual(ManualProxy { url, bypass: bypass.into(), username: username.map(str::to_owned) })
}

fn edge_answer(texts: &[&str]) -> Reply {
    Reply::json(
        200,
        Value::Array(texts.iter().map(|t| json!({ "translations": [{ "text": t, "to": "en" }] })).collect()),
    )
}

async fn translate_through(
    proxy: &Proxy,
    password: Option<&Secret>,
    server: &TestServer,
) -> Result<Vec<String>, TranslateError> {
    let client = net::client_builder(proxy, password).expect("a valid proxy").build().expect("a client");
    let mut config = ProviderConfig::new(ProviderKind::Edge, &server.url());
    config.timeout = Duration::from_secs(20);
    let segments = vec![Segment { id: "b1".into(), text: "臺北捷運".into() }];
    translate_batch_by(&client, &config, &segments, None, &Lang::new("en"), &mut |_| {}).await.map(|(texts, _)| texts)
}

/// The request line tinyproxy logs for a plain-HTTP request it forwards.
fn forwarded(server: &TestServer, path: &str) -> String {
    format!("POST {}{path}", server.url())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_request_goes_through_an_http_proxy_whose_log_shows_it() {
    let proxy = proxies::tinyproxy(None);
    let server = TestServer::start([edge_answer(&["Taipei MRT"])]).await;
    let texts = translate_through(&manual(proxy.url("http"), "", None), None, &server).await.unwrap();
    assert_eq!(texts, ["Taipei MRT"]);
    assert_eq!(server.only_request().path(), "/translate/translatetext");
    assert!(proxy.log_mentions(&forwarded(&server, "/translate/translatetext")), "tinyproxy's log:\n{}", proxy.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bypassed_host_goes_direct_and_the_proxy_never_sees_it() {
    let proxy = proxies::tinyproxy(None);
    let server = TestServer::start([edge_answer(&["Taipei MRT"]), edge_answer(&["Taipei MRT"])]).await;
    // The default bypass list keeps this computer direct.
    let texts = translate_through(
        &Proxy::Manual(ManualProxy { url: proxy.url("http"), ..ManualProxy::default() }),
        None,
        &server,
    )
    .await
    .unwrap();
    assert_eq!(texts, ["Taipei MRT"]);
    let texts = translate_through(&manual(proxy.url("http"), "127.0.0.1", None), None, &server).await.unwrap();
    assert_eq!(texts, ["Taipei MRT"]);
    assert_eq!(server.received().len(), 2);
    // Proof the proxy was up and logging all along: a request it does carry.
    let other = TestServer::start([edge_answer(&["x"])]).await;
    translate_through(&manual(proxy.url("http"), "", None), None, &other).await.unwrap();
    assert!(proxy.log_mentions(&forwarded(&other, "/translate")), "tinyproxy's log:\n{}", proxy.log());
    assert!(!proxy.log().contains(&server.url()), "a bypassed request reached the proxy:\n{}", proxy.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_http_proxy_asking_for_credentials_gets_them_and_missing_ones_are_a_clear_error() {
    let proxy = proxies::tinyproxy(Some(("reader", "s3cret")));
    let server = TestServer::start([edge_answer(&["Taipei MRT"])]).await;
    let error = translate_through(&manual(proxy.url("http"), "", None), None, &server).await.unwrap_err();
    assert!(matches!(error, TranslateError::Forbidden { .. }), "{error:?}");
    assert!(error.to_string().contains("proxy wants a user name and password (HTTP 407)"), "{error}");
    assert!(!error.is_retryable());
    let wrong =
        translate_through(&manual(proxy.url("http"), "", Some("reader")), Some(&Secret::new("nope")), &server).await;
    let wrong = wrong.unwrap_err();
    // tinyproxy answers a wrong password with 401 (a missing one with 407): refused either way.
    assert!(matches!(wrong, TranslateError::Unauthorized { .. } | TranslateError::Forbidden { .. }), "{wrong:?}");
    assert!(server.received().is_empty(), "nothing reached the server without the right credentials");
    let texts =
        translate_through(&manual(proxy.url("http"), "", Some("reader")), Some(&Secret::new("s3cret")), &server)
            .await
            .unwrap();
    assert_eq!(texts, ["Taipei MRT"]);
    assert!(proxy.log_mentions(&forwarded(&server, "/translate/translatetext")), "tinyproxy's log:\n{}", proxy.log());
    assert!(!server.only_request().everything().contains("s3cret"), "the proxy's credentials never reach the provider");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_request_goes_through_a_socks5_proxy_with_a_password() {
    let proxy = proxies::socks5(Some(("reader", "s3cret")));
    let server = TestServer::start([edge_answer(&["Taipei MRT"]), edge_answer(&["Taipei MRT"])]).await;
    let wrong =
        translate_through(&manual(proxy.url("socks5"), "", Some("reader")), Some(&Secret::new("nope")), &server).await;
    let error = wrong.unwrap_err();
    assert!(matches!(error, TranslateError::Network { .. }), "{error:?}");
    for scheme in ["socks5", "socks5h"] {
        let texts =
            translate_through(&manual(proxy.url(scheme), "", Some("reader")), Some(&Secret::new("s3cret")), &server)
                .await
                .unwrap();
        assert_eq!(texts, ["Taipei MRT"], "{scheme}");
    }
    assert_eq!(server.received().len(), 2);
    assert!(
        proxy.log_mentions(&format!("-> 127.0.0.1:{}", server.url().rsplit(':').next().unwrap())),
        "pproxy's log:\n{}",
        proxy.log()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dead_proxy_is_named_as_the_proxy_for_page_fetches_and_a_network_error_for_providers() {
    let proxy = proxies::tinyproxy(None);
    let port = proxy.port;
    drop(proxy);
    let page = page_server::PageServer::start(vec![("/a", page_server::Route::html(b"<p>x</p>", "text/html"))]).await;
    let options = FetchOptions {
        proxy: manual(format!("http://127.0.0.1:{port}"), "", None),
        timeout: Duration::from_secs(10),
        ..FetchOptions::default()
    };
    let error = import_url(&page.url("/a"), &options).await.unwrap_err();
    assert!(error.to_string().contains(&format!("through the proxy at 127.0.0.1:{port}")), "{error}");
    let server = TestServer::start([edge_answer(&["x"])]).await;
    let error =
        translate_through(&manual(format!("http://127.0.0.1:{port}"), "", None), None, &server).await.unwrap_err();
    assert!(matches!(error, TranslateError::Network { .. }), "{error:?}");
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_web_page_is_fetched_through_the_proxy() {
    let proxy = proxies::tinyproxy(Some(("reader", "s3cret")));
    let html = "<html><head><title>捷運新線</title></head><body><article><h1>捷運新線</h1><p>臺北捷運今天宣布新路線的時程，預計明年通車。</p><p>市府表示，沿線居民將可受惠。</p></article></body></html>";
    let page = page_server::PageServer::start(vec![(
        "/news",
        page_server::Route::html(html.as_bytes(), "text/html; charset=utf-8"),
    )])
    .await;
    let options = FetchOptions {
        proxy: manual(proxy.url("http"), "", Some("reader")),
        proxy_password: Some(Secret::new("s3cret")),
        timeout: Duration::from_secs(20),
        ..FetchOptions::default()
    };
    let document = import_url(&page.url("/news"), &options).await.unwrap();
    assert!(document.blocks.iter().any(|b| b.text.contains("臺北捷運今天宣布")), "{:?}", document.blocks);
    assert!(proxy.log_mentions(&format!("GET {}", page.url("/news"))), "tinyproxy's log:\n{}", proxy.log());
}
