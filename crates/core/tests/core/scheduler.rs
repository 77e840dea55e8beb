//! The scheduler against a real HTTP server on 127.0.0.1 that behaves like a
//! rate-limited translation service: LibreTranslate's protocol, a fixed latency
//! per request, and a limit of N requests per second enforced with 429 +
//! Retry-After. Checks that a 200-block document finishes with no failure seen
//! by the user, no block translated twice, every block on its own row, and that
//! a second run with the cache sends no request at all.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use duizhao_core::translate::scheduler::{BlockEvent, RetryPolicy, Scheduler, TranslationCache};
use duizhao_core::translate::{Lang, Limits, ProviderConfig, ProviderKind, Segment};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// What the server saw.
#[derive(Default)]
struct Seen {
    requests: usize,
    rejected: usize,
    texts: HashMap<String, usize>,
    starts: Vec<tokio::time::Instant>,
}

/// A LibreTranslate-speaking server: answers `T(text)` for each text after
/// `latency`, and 429 (Retry-After: 1) to any request beyond `limit` per second.
async fn rate_limited_server(latency: Duration, limit: usize) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let state = Arc::clone(&seen);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let seen = Arc::clone(&state);
            tokio::spawn(async move {
                loop {
                    let Some(body) = read_request(&mut socket).await else { return };
                    let now = tokio::time::Instant::now();
                    let admitted = {
                        let mut seen = seen.lock().unwrap();
                        seen.requests += 1;
                        let window_start = now - Duration::from_secs(1);
                        let recent = seen.starts.iter().filter(|&&t| t > window_start).count();
                        if recent >= limit {
                            seen.rejected += 1;
                            false
                        } else {
                            seen.starts.push(now);
                            true
                        }
                    };
                    let response = if admitted {
                        tokio::time::sleep(latency).await;
                        let request: serde_json::Value = serde_json::from_slice(&body).unwrap();
                        let texts: Vec<String> =
                            request["q"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect();
                        let mut seen = seen.lock().unwrap();
                        for text in &texts {
                            *seen.texts.entry(text.clone()).or_default() += 1;
                        }
                        let translated: Vec<String> = texts.iter().map(|t| format!("T({t})")).collect();
                        let body = serde_json::json!({ "translatedText": translated }).to_string();
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        )
                    } else {
                        let body = r#"{"error":"Too many requests"}"#;
                        format!(
                            "HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        )
                    };
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen)
}

/// Reads one HTTP/1.1 request and returns its body (None when the peer closed).
async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let headers = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
    let length: usize = headers
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(buf[header_end..header_end + length].to_vec())
}

#[derive(Default)]
struct MapCache(Mutex<HashMap<String, String>>);

impl TranslationCache for MapCache {
    fn get(&self, text: &str) -> Option<String> {
        self.0.lock().unwrap().get(text).cloned()
    }
    fn put(&self, text: &str, translation: &str) {
        self.0.lock().unwrap().insert(text.to_owned(), translation.to_owned());
    }
}

fn document(blocks: usize) -> Vec<Segment> {
    (0..blocks).map(|i| Segment { id: format!("b{i:03}"), text: format!("第{i}段：臺灣的軟體與網路。") }).collect()
}

fn scheduler(url: &str, limits: Limits) -> Scheduler {
    let mut config = ProviderConfig::new(ProviderKind::LibreTranslate, url);
    config.timeout = Duration::from_secs(10);
    Scheduler {
        client: reqwest::Client::new(),
        config,
        limits,
        source: None,
        target: Lang::new("en"),
        retry: RetryPolicy::default(),
        finish: None,
        guide: None,
        fresh: false,
    }
}

type Events = Arc<Mutex<Vec<BlockEvent>>>;

fn collector() -> (Events, Arc<dyn Fn(BlockEvent) + Send + Sync>) {
    let events: Events = Arc::default();
    let sink = Arc::clone(&events);
    (events, Arc::new(move |e| sink.lock().unwrap().push(e)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_blocks_finish_within_the_rate_limit_each_on_its_own_row_and_rerun_sends_nothing() {
    let (url, seen) = rate_limited_server(Duration::from_millis(100), 10).await;
    let blocks = document(200);
    let limits = Limits { max_texts: 5, max_chars: 5000, concurrency: 4, requests_per_second: 10.0 };
    let cache: Arc<MapCache> = Arc::default();

    let (events, sink) = collector();
    let summary = scheduler(&url, limits).run(blocks.clone(), &[], cache.clone(), CancellationToken::new(), sink).await;
    assert_eq!((summary.done, summary.failed, summary.cached), (200, 0, 0), "{summary:?}");
    let events = std::mem::take(&mut *events.lock().unwrap());
    let done: HashMap<&str, &str> = events
        .iter()
        .filter_map(|e| match e {
            BlockEvent::Done { id, translation, .. } => Some((id.as_str(), translation.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(done.len(), 200);
    for block in &blocks {
        assert_eq!(done[block.id.as_str()], format!("T({})", block.text), "block {} is on its own row", block.id);
    }
    assert!(!events.iter().any(|e| matches!(e, BlockEvent::Failed { .. })));
    {
        let seen = seen.lock().unwrap();
        assert!(seen.texts.values().all(|&n| n == 1), "no block translated twice");
        assert_eq!(seen.texts.len(), 200);
        assert_eq!(seen.requests, 40 + seen.rejected, "5 texts a request, plus any rejected request retried");
    }

    let requests_before = seen.lock().unwrap().requests;
    let (events, sink) = collector();
    let summary = scheduler(&url, limits).run(blocks, &[], cache, CancellationToken::new(), sink).await;
    assert_eq!((summary.cached, summary.requests), (200, 0));
    assert_eq!(seen.lock().unwrap().requests, requests_before, "the second run sends no request");
    assert_eq!(events.lock().unwrap().iter().filter(|e| matches!(e, BlockEvent::Cached { .. })).count(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_limit_lower_than_the_profile_is_waited_out_without_failures() {
    // The profile allows 20 requests a second; the server only 4. Its 429s
    // (Retry-After: 1) pause every start, and no block fails.
    let (url, seen) = rate_limited_server(Duration::from_millis(20), 4).await;
    let limits = Limits { max_texts: 2, max_chars: 5000, concurrency: 4, requests_per_second: 20.0 };
    let (_, sink) = collector();
    let summary = scheduler(&url, limits)
        .run(document(24), &[], Arc::new(MapCache::default()), CancellationToken::new(), sink)
        .await;
    assert_eq!((summary.done, summary.failed), (24, 0), "{summary:?}");
    let seen = seen.lock().unwrap();
    assert!(seen.rejected > 0, "the test must actually provoke 429s");
    assert_eq!(summary.rate_limited, seen.rejected);
    assert!(seen.texts.values().all(|&n| n == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_paragraphs_are_translated_once_and_visible_blocks_go_first() {
    let (url, seen) = rate_limited_server(Duration::from_millis(10), 100).await;
    let mut blocks = document(10);
    blocks[7].text = blocks[2].text.clone();
    let limits = Limits { max_texts: 1, max_chars: 5000, concurrency: 1, requests_per_second: 100.0 };
    let (events, sink) = collector();
    let visible = vec!["b009".to_owned(), "b008".to_owned()];
    let summary = scheduler(&url, limits)
        .run(blocks.clone(), &visible, Arc::new(MapCache::default()), CancellationToken::new(), sink)
        .await;
    assert_eq!(summary.done, 10);
    assert_eq!(summary.requests, 9, "the repeated paragraph is sent once");
    let events = events.lock().unwrap();
    let first_sent: Vec<&str> = events
        .iter()
        .filter_map(|e| match e {
            BlockEvent::Translating { id } => Some(id.as_str()),
            _ => None,
        })
        .take(2)
        .collect();
    assert_eq!(first_sent, ["b009", "b008"]);
    let seventh = events.iter().find_map(|e| match e {
        BlockEvent::Done { id, translation, .. } if id == "b007" => Some(translation.clone()),
        _ => None,
    });
    assert_eq!(seventh, Some(format!("T({})", blocks[2].text)));
    assert!(seen.lock().unwrap().texts.values().all(|&n| n == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_finishing_step_is_applied_before_caching_and_reporting() {
    let (url, _) = rate_limited_server(Duration::from_millis(1), 100).await;
    let limits = Limits { max_texts: 5, max_chars: 5000, concurrency: 1, requests_per_second: 100.0 };
    let mut scheduler = scheduler(&url, limits);
    scheduler.finish = Some(Arc::new(|t: &str| t.replace("T(", "F(")));
    let cache: Arc<MapCache> = Arc::default();
    let (events, sink) = collector();
    scheduler.run(document(2), &[], cache.clone(), CancellationToken::new(), sink).await;
    let done: Vec<String> = events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            BlockEvent::Done { translation, .. } => Some(translation.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(done.len(), 2);
    assert!(done.iter().all(|t| t.starts_with("F(")), "{done:?}");
    assert!(cache.get(&document(1)[0].text).unwrap().starts_with("F("));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_stops_in_flight_requests_at_once() {
    let (url, _seen) = rate_limited_server(Duration::from_secs(30), 100).await;
    let limits = Limits { max_texts: 5, max_chars: 5000, concurrency: 2, requests_per_second: 100.0 };
    let cancel = CancellationToken::new();
    let (events, sink) = collector();
    let run = tokio::spawn(scheduler(&url, limits).run(
        document(20),
        &[],
        Arc::new(MapCache::default()),
        cancel.clone(),
        sink,
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;
    cancel.cancel();
    // The server would answer after 30 s; the run must end long before that.
    let summary = tokio::time::timeout(Duration::from_secs(5), run).await.expect("run ends soon after cancel").unwrap();
    assert!(summary.cancelled);
    assert_eq!(summary.done, 0);
    assert!(!events.lock().unwrap().iter().any(|e| matches!(e, BlockEvent::Done { .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_nobody_answers_on_fails_the_whole_job_at_once_without_retries() {
    // A port that was free a moment ago and has nobody listening now.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let blocks = document(60);
    // 12 batches of 5, 2 in flight: at most the first two are ever attempted.
    let limits = Limits { max_texts: 5, max_chars: 5000, concurrency: 2, requests_per_second: 100.0 };
    let (events, sink) = collector();
    let summary = scheduler(&format!("http://127.0.0.1:{port}"), limits)
        .run(blocks, &[], Arc::new(MapCache::default()), CancellationToken::new(), sink)
        .await;
    assert_eq!((summary.done, summary.failed), (0, 60), "{summary:?}");
    assert!(summary.requests <= 2, "no retry storm: {} connection attempts", summary.requests);
    let events = events.lock().unwrap();
    let failures: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            BlockEvent::Failed { error, .. } => Some(error),
            _ => None,
        })
        .collect();
    assert_eq!(failures.len(), 60);
    assert!(
        failures.iter().all(|e| e.is_unreachable() && e.kind() == duizhao_core::error::ErrorKind::Network),
        "{:?}",
        failures[0]
    );
    // Only the attempted batches ever said "translating".
    let started = events.iter().filter(|e| matches!(e, BlockEvent::Translating { .. })).count();
    assert!(started <= 10, "{started} blocks were sent");
}
