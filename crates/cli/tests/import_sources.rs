//! `duizhao import` with the new sources: Word, EPUB and web pages (from a tiny
//! local server on 127.0.0.1), with meta and chapters in --json, and bad input
//! giving one line on stderr and exit status 2.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures")).join(name)
}

fn duizhao(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_duizhao"))
        .args(args)
        .env("DUIZHAO_DATA_DIR", data.path())
        .output()
        .expect("the duizhao binary runs")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("import --json prints JSON")
}

fn failure(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err.trim_end().to_owned()
}

#[test]
fn epub_prints_chapters_and_meta() {
    let path = fixture("books/seasons.epub");
    let doc = json(&duizhao(&["import", "--json", path.to_str().unwrap()]));
    assert_eq!(doc["format"], "epub");
    assert_eq!(doc["title"], "島嶼的四季");
    assert_eq!(doc["meta"]["byline"], "許文華");
    assert_eq!(doc["chapters"][1], serde_json::json!({"title": "春：茶園", "firstBlock": 1}));
    assert_eq!(doc["blocks"][1]["simplified"], "第一章　春");
}

#[test]
fn docx_prints_its_blocks() {
    let path = fixture("books/report.docx");
    let doc = json(&duizhao(&["import", "--json", path.to_str().unwrap()]));
    assert_eq!(doc["format"], "docx");
    assert_eq!(doc["blocks"][0]["text"], "社區圖書館年度報告");
    assert_eq!(doc["blocks"][0]["simplified"], "社区图书馆年度报告");
    let text = duizhao(&["import", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("byline: 周美玲"));
}

/// Serves one page, or one status, to each connection, for `count` connections.
fn serve(count: usize, status: &'static str, content_type: &'static str, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/article", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { continue };
            let mut head = [0u8; 4096];
            let _ = stream.read(&mut head);
            let header = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(header.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    url
}

#[test]
fn web_page_by_address() {
    let page = std::fs::read(fixture("pages/news-tainan.html")).unwrap();
    let url = serve(1, "200 OK", "text/html; charset=utf-8", page);
    let doc = json(&duizhao(&["import", "--json", &url]));
    assert_eq!(doc["format"], "html");
    assert_eq!(doc["source"], url.as_str());
    assert_eq!(doc["meta"]["url"], url.as_str());
    assert_eq!(doc["meta"]["published"], "2024-03-18T09:30:00+08:00");
    assert_eq!(doc["title"], "臺南老街的百年糕餅店 第四代接手轉型");
    assert_eq!(doc["blocks"].as_array().unwrap().len(), 14);
}

#[test]
fn bad_sources_fail_with_one_line() {
    let url = serve(1, "404 Not Found", "text/html", b"<p>gone</p>".to_vec());
    let host = url.trim_start_matches("http://").trim_end_matches("/article").to_owned();
    assert_eq!(failure(&duizhao(&["import", &url])), format!("duizhao: {host} answered 404 Not Found"));
    let pdf = serve(1, "200 OK", "application/pdf", b"%PDF-1.4".to_vec());
    assert!(failure(&duizhao(&["import", &pdf]))
        .ends_with("sent application/pdf, not a web page (only HTML and plain text pages can be opened)"));
    assert_eq!(
        failure(&duizhao(&["import", "ftp://example.com/x"])),
        "duizhao: not a web address: ftp://example.com/x (only http and https addresses can be opened)"
    );
    let truncated = fixture("books/truncated.epub");
    assert_eq!(
        failure(&duizhao(&["import", truncated.to_str().unwrap()])),
        format!(
            "duizhao: cannot read {}: the EPUB file is damaged: it is not a valid zip archive, or it is cut short",
            truncated.display()
        )
    );
    let bomb = fixture("books/bomb.docx");
    assert!(failure(&duizhao(&["import", bomb.to_str().unwrap()]))
        .ends_with("the Word file unpacks to more than the 32 MB limit"));
}
