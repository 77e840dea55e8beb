//! `import_url` against a local server on 127.0.0.1 serving the fixture pages
//! (UTF-8, Big5 declared only in the header, GB18030 declared only in the page,
//! gzip and brotli) and every fault: redirect chains and loops, 404 and 500,
//! PDF and PNG, a body that stalls past the timeout, one that never ends, one
//! over the size cap, malformed addresses and a closed port.

use crate::support::fixtures;
use crate::support::page_server;

use std::time::Duration;

use duizhao_core::document::FetchOptions;
use duizhao_core::document::{import_url, Format, ImportError};
use fixtures::{blocks_of, expected_blocks, fixture};
use page_server::{PageServer, Route};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Short limits, so the fault tests stay fast.
fn quick() -> FetchOptions {
    FetchOptions {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(1),
        max_redirects: 5,
        max_bytes: 64 * 1024,
        ..FetchOptions::default()
    }
}

fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes.windows(from.len()).position(|w| w == from).expect("pattern present");
    [&bytes[..at], to, &bytes[at + from.len()..]].concat()
}

async fn server() -> PageServer {
    let news = read("pages/news-tainan.html");
    // The Big5 page with its <meta> declaration removed: only the header says Big5.
    let big5 = replace(
        &read("pages/old-portal-big5.html"),
        br#"<meta http-equiv="Content-Type" content="text/html; charset=big5">"#,
        b"",
    );
    PageServer::start(vec![
        ("/news", Route::html(&news, "text/html; charset=utf-8")),
        ("/big5", Route::html(&big5, "text/html; charset=big5")),
        ("/gbk", Route::html(&read("pages/mainland-news-gb18030.html"), "text/html")),
        (
            "/gzip",
            Route::html(&read("pages/news-tainan.html.gz"), "text/html; charset=utf-8")
                .with_header("Content-Encoding", "gzip"),
        ),
        (
            "/br",
            Route::html(&read("pages/news-tainan.html.br"), "text/html; charset=utf-8")
                .with_header("Content-Encoding", "br"),
        ),
        ("/untyped", Route::Page { status: 200, headers: Vec::new(), body: news.clone() }),
        ("/text", Route::html(&read("taiwan.txt"), "text/plain; charset=utf-8")),
        ("/hostile", Route::html(&read("pages/hostile.html"), "text/html")),
        ("/bad-big5", Route::html(&read("pages/invalid-big5.html"), "text/html; charset=big5")),
        ("/empty", Route::html(b"", "text/html")),
        ("/hop1", Route::Redirect("/hop2".into())),
        ("/hop2", Route::Redirect("/news".into())),
        ("/loop", Route::Redirect("/loop".into())),
        ("/broken", Route::status(500, "<p>oops</p>")),
        ("/doc.pdf", Route::html(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")),
        ("/logo.png", Route::html(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png")),
        ("/slow", Route::Stall { content_type: "text/html".into(), first: b"<html><body><p>".to_vec() }),
        ("/endless", Route::Endless { content_type: "text/html; charset=utf-8".into() }),
        ("/big", Route::html(&vec![b'a'; 200 * 1024], "text/html")),
    ])
    .await
}

#[tokio::test]
async fn pages_in_every_encoding_and_compression_import_with_their_address() {
    let server = server().await;
    let options = FetchOptions { timeout: Duration::from_secs(10), ..FetchOptions::default() };
    for path in ["/news", "/gzip", "/br", "/untyped"] {
        let url = server.url(path);
        let doc = import_url(&url, &options).await.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(doc.format, Format::Html, "{path}");
        assert_eq!((doc.source.as_str(), doc.meta.url.as_deref()), (url.as_str(), Some(url.as_str())), "{path}");
        assert_eq!(doc.title, "臺南老街的百年糕餅店 第四代接手轉型", "{path}");
        assert_eq!(doc.meta.byline.as_deref(), Some("林怡君"));
        // Image addresses are made absolute against the page's address.
        let mut expected = expected_blocks("news-tainan");
        expected[3].1 = format!("![陳家豪在店內揉製麵糰]({})", server.url("/photos/2024/0318/bakery.jpg"));
        assert_eq!(blocks_of(&doc), expected, "{path}");
    }
    let big5 = import_url(&server.url("/big5"), &options).await.unwrap();
    assert_eq!((big5.encoding, big5.title.as_str()), ("Big5", "中央氣象署：今年梅雨季雨量偏少 水庫蓄水需留意"));
    assert_eq!(blocks_of(&big5), expected_blocks("old-portal"));
    let gbk = import_url(&server.url("/gbk"), &options).await.unwrap();
    assert_eq!(gbk.encoding, "GB18030");
    assert_eq!(blocks_of(&gbk), expected_blocks("mainland-news"));
    let text = import_url(&server.url("/text"), &options).await.unwrap();
    assert_eq!((text.format, text.title.as_str()), (Format::Text, "臺北捷運的新系統"));
    let hostile = import_url(&server.url("/hostile"), &options).await.unwrap();
    assert!(hostile.blocks.iter().all(|b| !b.text.contains("alert") && !b.text.contains("javascript")));
}

#[tokio::test]
async fn redirects_are_followed_and_the_final_address_kept() {
    let server = server().await;
    let doc = import_url(&server.url("/hop1"), &quick()).await.unwrap();
    assert_eq!(doc.source, server.url("/hop1"));
    assert_eq!(doc.meta.url, Some(server.url("/news")));
}

async fn fails(server: &PageServer, path: &str, options: &FetchOptions) -> ImportError {
    let err = import_url(&server.url(path), options).await.expect_err(path);
    assert!(!err.to_string().contains('\n'), "{path}: {err}");
    err
}

#[tokio::test]
async fn faults_get_one_line_errors_quickly() {
    let server = server().await;
    let host = server.addr.to_string();
    let options = quick();
    let cases: Vec<(&str, String)> = vec![
        ("/loop", format!("{host} redirected more than 5 times (a redirect loop?)")),
        ("/missing", format!("{host} answered 404 Not Found")),
        ("/broken", format!("{host} answered 500 Internal Server Error")),
        (
            "/doc.pdf",
            format!("{host} sent application/pdf, not a web page (only HTML and plain text pages can be opened)"),
        ),
        ("/logo.png", format!("{host} sent image/png, not a web page (only HTML and plain text pages can be opened)")),
        ("/slow", format!("{host} did not answer within 1 seconds")),
        ("/endless", "the page is larger than the 64 KB limit".to_owned()),
        ("/big", "the page is larger than the 64 KB limit".to_owned()),
        ("/empty", format!("cannot read {}: the file is empty", server.url("/empty"))),
        ("/bad-big5", format!("cannot read {}: invalid Big5 bytes at byte offset 1165", server.url("/bad-big5"))),
    ];
    for (path, message) in cases {
        assert_eq!(fails(&server, path, &options).await.to_string(), message, "{path}");
    }
}

#[tokio::test]
async fn malformed_and_unreachable_addresses_are_named() {
    let options = quick();
    for (url, message) in [
        ("http://exa mple.com/", "not a web address: http://exa mple.com/ (it has spaces in it)"),
        (
            "ftp://example.com/a.html",
            "not a web address: ftp://example.com/a.html (only http and https addresses can be opened)",
        ),
        ("http://", "not a web address: http:// (empty host)"),
        ("http://[::1", "not a web address: http://[::1 (invalid IPv6 address)"),
        ("", "not a web address:  (it is empty)"),
    ] {
        let err = import_url(url, &options).await.expect_err(url);
        assert!(matches!(err, ImportError::InvalidUrl { .. }), "{url}: {err:?}");
        assert_eq!(err.to_string(), message);
    }
    // A port nobody listens on: bound, then released.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let err = import_url(&format!("http://{addr}/"), &options).await.unwrap_err();
    assert_eq!(err.to_string(), format!("cannot reach {addr}: the connection was refused"));
}
