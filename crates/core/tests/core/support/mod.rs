//! An in-process HTTP/1.1 server for provider tests, on 127.0.0.1 with a
//! port of its own, written directly on tokio's `TcpListener` so every byte it
//! sends is under the test's control: the status, headers and body of each
//! answer, a delay before it, a body streamed in chunks with pauses between
//! them (for SSE), a body cut off halfway, or no answer at all.
//!
//! Each test scripts the replies in order, one per request it expects, and
//! afterwards asserts what the server received (method, path and query,
//! headers, body). A request with no reply left gets a 500 saying so, which
//! shows up in the test's assertions. Every connection is closed after one
//! exchange (`Connection: close`), so a request never waits on a pooled one.

// Shared by several test modules; each uses only part of them.
pub mod batch;
pub mod fixtures;
pub mod page_server;
pub mod proxies;
pub mod token_f1;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The path and query, exactly as sent: "/translate?api-version=3.0&to=zh-Hant".
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query's pairs, percent-decoded, in order.
    pub fn query(&self) -> Vec<(String, String)> {
        let url = reqwest::Url::parse(&format!("http://server{}", self.target)).expect("the request target is a path");
        url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
    }

    pub fn query_value(&self, name: &str) -> Option<String> {
        self.query().into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// A header's value; names are compared case-insensitively, as HTTP does.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("the request body is not json ({error}): {}", self.body_text()))
    }

    /// Everything that was sent, for "the key appears nowhere but …" checks.
    pub fn everything(&self) -> String {
        let headers: Vec<String> = self.headers.iter().map(|(name, value)| format!("{name}: {value}")).collect();
        format!("{} {}\n{}\n\n{}", self.method, self.target, headers.join("\n"), self.body_text())
    }
}

/// How a reply's body is sent.
#[derive(Debug, Clone)]
enum Body {
    /// All at once, with `Content-Length`.
    Whole(Vec<u8>),
    /// With `Transfer-Encoding: chunked`, one write per part and a pause between
    /// parts, so each part reaches the client as a separate read. Unless
    /// `finish`, the connection is closed before the terminating chunk.
    Chunked { parts: Vec<Vec<u8>>, gap: Duration, finish: bool },
    /// `Content-Length` announces the whole body, but only its first half is
    /// sent before the connection closes.
    CutOff(Vec<u8>),
    /// The connection closes without any answer.
    HangUp,
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    delay: Duration,
}

impl Reply {
    pub fn json(status: u16, value: serde_json::Value) -> Reply {
        Reply::raw(status, "application/json", value.to_string().as_bytes())
    }

    /// A body sent as given, even if it is not valid for its content type.
    pub fn raw(status: u16, content_type: &str, body: &[u8]) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Whole(body.to_vec()),
            delay: Duration::ZERO,
        }
    }

    pub fn empty(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: Body::Whole(Vec::new()), delay: Duration::ZERO }
    }

    /// A `text/event-stream` answer sent in exactly these pieces, with `gap` between them.
    pub fn stream(parts: Vec<Vec<u8>>, gap: Duration) -> Reply {
        Reply {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "text/event-stream".into()),
                ("Cache-Control".into(), "no-cache".into()),
            ],
            body: Body::Chunked { parts, gap, finish: true },
            delay: Duration::ZERO,
        }
    }

    /// An SSE answer with one `data:` event per payload, each its own piece.
    pub fn sse(payloads: &[String]) -> Reply {
        let parts = payloads.iter().map(|payload| format!("data: {payload}\n\n").into_bytes()).collect();
        Reply::stream(parts, Duration::from_millis(5))
    }

    /// The connection closes without a reply.
    pub fn hang_up() -> Reply {
        Reply { status: 0, headers: Vec::new(), body: Body::HangUp, delay: Duration::ZERO }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Waits this long after reading the request before answering.
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    /// Sends only part of the body, then closes the connection: halfway for a
    /// whole body, before the terminating chunk for a chunked one.
    pub fn cut_off(mut self) -> Reply {
        self.body = match self.body {
            Body::Whole(bytes) => Body::CutOff(bytes),
            Body::Chunked { parts, gap, .. } => Body::Chunked { parts, gap, finish: false },
            other => other,
        };
        self
    }
}

/// The server. It stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl TestServer {
    pub async fn start(replies: impl IntoIterator<Item = Reply>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port on 127.0.0.1");
        let addr = listener.local_addr().expect("a bound listener has an address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let replies = Arc::new(Mutex::new(replies.into_iter().collect::<VecDeque<_>>()));
        let task = tokio::spawn(serve(listener, Arc::clone(&received), replies));
        TestServer { addr, received, task }
    }

    /// The base URL: "http://127.0.0.1:PORT".
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// "127.0.0.1:PORT", as errors name the host.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("no test thread panicked holding the lock").clone()
    }

    /// The one request the server received; fails the test if there were more or fewer.
    pub fn only_request(&self) -> Received {
        let received = self.received();
        assert_eq!(received.len(), 1, "expected exactly one request, got {received:#?}");
        received.into_iter().next().expect("length checked above")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(listener: TcpListener, received: Arc<Mutex<Vec<Received>>>, replies: Arc<Mutex<VecDeque<Reply>>>) {
    while let Ok((stream, _)) = listener.accept().await {
        let received = Arc::clone(&received);
        let replies = Arc::clone(&replies);
        tokio::spawn(async move {
            // Errors here are the client giving up (a timeout test), which is the point.
            let _ = exchange(stream, &received, &replies).await;
        });
    }
}

async fn exchange(
    mut stream: TcpStream,
    received: &Mutex<Vec<Received>>,
    replies: &Mutex<VecDeque<Reply>>,
) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let Some(request) = read_request(&mut stream).await? else { return Ok(()) };
    // The reply is taken when the request is recorded, so replies pair with
    // requests in arrival order even when connections overlap.
    let reply = {
        let mut log = received.lock().expect("no test thread panicked holding the lock");
        log.push(request);
        replies.lock().expect("no test thread panicked holding the lock").pop_front()
    };
    let reply = reply
        .unwrap_or_else(|| Reply::raw(500, "text/plain", b"the test server has no reply scripted for this request"));
    tokio::time::sleep(reply.delay).await;

    let mut head = format!("HTTP/1.1 {} Scripted\r\nConnection: close\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match reply.body {
        Body::HangUp => return stream.shutdown().await,
        Body::Whole(bytes) => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", bytes.len()));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&bytes).await?;
        }
        Body::CutOff(bytes) => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", bytes.len()));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&bytes[..bytes.len() / 2]).await?;
        }
        Body::Chunked { parts, gap, finish } => {
            head.push_str("Transfer-Encoding: chunked\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            for part in parts {
                stream.write_all(format!("{:x}\r\n", part.len()).as_bytes()).await?;
                stream.write_all(&part).await?;
                stream.write_all(b"\r\n").await?;
                stream.flush().await?;
                tokio::time::sleep(gap).await;
            }
            if finish {
                stream.write_all(b"0\r\n\r\n").await?;
            }
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}

/// Reads one request (head and `Content-Length` body); `None` if the client
/// closed the connection before sending one.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Received>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Ok(Some(Received { method, target, headers, body }))
}
