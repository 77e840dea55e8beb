//! A web server for URL-import tests, on 127.0.0.1 with a port of its own:
//! each path answers with a fixed page or fault (redirects, errors, wrong
//! types, a body that stalls, a body that never ends). Written on tokio's
//! `TcpListener` so every byte is under the test's control. Every loop is
//! bounded: a stalled body gives up after a few seconds, an endless one after
//! 64 MiB, so the server always stops by itself.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone)]
pub enum Route {
    /// Status, headers and a whole body (with Content-Length).
    Page { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// A redirect to this location.
    Redirect(String),
    /// Headers and the first bytes of a body announced longer, then silence.
    Stall { content_type: String, first: Vec<u8> },
    /// A chunked body that goes on and on.
    Endless { content_type: String },
}

impl Route {
    pub fn html(body: &[u8], content_type: &str) -> Route {
        Route::Page { status: 200, headers: vec![("Content-Type".into(), content_type.into())], body: body.to_vec() }
    }

    pub fn with_header(self, name: &str, value: &str) -> Route {
        match self {
            Route::Page { status, mut headers, body } => {
                headers.push((name.into(), value.into()));
                Route::Page { status, headers, body }
            }
            other => other,
        }
    }

    pub fn status(status: u16, body: &str) -> Route {
        Route::html(body.as_bytes(), "text/html; charset=utf-8").with_status(status)
    }

    fn with_status(self, status: u16) -> Route {
        match self {
            Route::Page { headers, body, .. } => Route::Page { status, headers, body },
            other => other,
        }
    }
}

pub struct PageServer {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for PageServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl PageServer {
    pub async fn start(routes: Vec<(&str, Route)>) -> PageServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let routes: Arc<HashMap<String, Route>> =
            Arc::new(routes.into_iter().map(|(path, route)| (path.to_owned(), route)).collect());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let routes = Arc::clone(&routes);
                tokio::spawn(async move {
                    let _ = serve(stream, &routes).await;
                });
            }
        });
        PageServer { addr, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

async fn serve(mut stream: TcpStream, routes: &HashMap<String, Route>) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let route = routes.get(&path).cloned().unwrap_or_else(|| Route::status(404, "<p>not here</p>"));
    match route {
        Route::Page { status, headers, body } => {
            let mut out = format!("HTTP/1.1 {status} {}\r\nContent-Length: {}\r\n", reason(status), body.len());
            for (name, value) in headers {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str("Connection: close\r\n\r\n");
            stream.write_all(out.as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Route::Redirect(location) => {
            let out =
                format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            stream.write_all(out.as_bytes()).await?;
        }
        Route::Stall { content_type, first } => {
            let out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                first.len() * 10
            );
            stream.write_all(out.as_bytes()).await?;
            stream.write_all(&first).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        Route::Endless { content_type } => {
            let out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(out.as_bytes()).await?;
            let chunk = "<p>這段文字永遠不會結束。</p>\n".repeat(400);
            let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
            let mut sent = 0usize;
            while sent < 64 * 1024 * 1024 {
                stream.write_all(framed.as_bytes()).await?;
                sent += chunk.len();
            }
        }
    }
    stream.shutdown().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}
