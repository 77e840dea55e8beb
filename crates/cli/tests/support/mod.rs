//! What the CLI tests share: the fixtures, a LibreTranslate-speaking server on
//! 127.0.0.1, and a private data and settings folder per test.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures")).join(name)
}

/// A LibreTranslate-like server: "EN: <text>" for each text, except texts
/// containing "REFUSE", for which the whole request is answered 400. At
/// Google's page-translation path (`/v1/translateHtml`) it answers in that
/// engine's shape instead ("EN: <text>" for each item).
/// Returns its URL and the number of requests it has answered.
pub fn server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    let mut request_line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if request_line.is_empty() {
                            request_line = line.clone();
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap();
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    counter.fetch_add(1, Ordering::SeqCst);
                    let request: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    if request_line.contains("/v1/translateHtml") {
                        let items: Vec<String> = request[0][0]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|t| format!("EN: {}", t.as_str().unwrap()))
                            .collect();
                        let reply = serde_json::json!([items, []]).to_string();
                        let response = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{reply}",
                            reply.len()
                        );
                        if reader.get_ref().write_all(response.as_bytes()).is_err() {
                            return;
                        }
                        continue;
                    }
                    let texts: Vec<&str> =
                        request["q"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
                    let (status, reply) = if texts.iter().any(|t| t.contains("REFUSE")) {
                        ("400 Bad Request", serde_json::json!({ "error": "this text is refused" }))
                    } else {
                        let out: Vec<String> = texts.iter().map(|t| format!("EN: {t}")).collect();
                        ("200 OK", serde_json::json!({ "translatedText": out }))
                    };
                    let reply = reply.to_string();
                    let response = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{reply}",
                        reply.len()
                    );
                    let mut stream = reader.get_ref();
                    if stream.write_all(response.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, requests)
}

pub struct Env {
    pub data: tempfile::TempDir,
    pub config: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { data: tempfile::tempdir().unwrap(), config: tempfile::tempdir().unwrap() }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, b"")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Output {
        self.run_with_env(args, stdin, &[])
    }

    /// With these environment variables set as well.
    pub fn run_with_env(&self, args: &[&str], stdin: &[u8], vars: &[(&str, &str)]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_duizhao"))
            .args(args)
            .envs(vars.iter().copied())
            .env("DUIZHAO_DATA_DIR", self.data.path())
            .env("DUIZHAO_CONFIG_DIR", self.config.path())
            .env_remove("DUIZHAO_API_KEY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(stdin).unwrap();
        drop(pipe);
        child.wait_with_output().unwrap()
    }
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}
