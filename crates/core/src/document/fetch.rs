//! Web pages by address: `import_url` fetches a page with limits on time,
//! redirects and size (the body is streamed and cut off at the cap, so an
//! endless body is an error, not a hang), refuses what is not a page (PDF,
//! images, …), decodes it by the header's charset, the page's own declaration,
//! or detection, and runs reader-mode extraction. The final address (after
//! redirects, without any user name and password) is kept in `meta.url` for
//! citations. Errors are one line and name the host, never a library's
//! internals.

use std::time::Duration;

use super::{encoding, finish, segment_decoded, Document, Format, ImportError};

/// Limits and identity for fetching a page.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for the whole exchange, body included.
    pub timeout: Duration,
    /// Redirects followed before giving up (a loop ends here).
    pub max_redirects: usize,
    /// The largest body read (after decompression).
    pub max_bytes: u64,
    pub user_agent: String,
    /// The proxy the page is fetched through (`Settings.proxy`), and its
    /// password from the keychain.
    pub proxy: crate::net::Proxy,
    pub proxy_password: Option<crate::secret::Secret>,
}

/// The default cap on a page's body.
pub const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 10,
            max_bytes: MAX_PAGE_BYTES,
            user_agent: format!("Mozilla/5.0 (compatible; Duizhao/{}; reader)", env!("CARGO_PKG_VERSION")),
            proxy: crate::net::Proxy::System,
            proxy_password: None,
        }
    }
}

/// Fetches `url` (http or https) and imports it as a document. `source` is the
/// address as given; `meta.url` the one the page was finally served from.
pub async fn import_url(url: &str, options: &FetchOptions) -> Result<Document, ImportError> {
    let address = parse_address(url)?;
    let host = host_of(&address);
    let shown = shown_address(url, &address);
    let shown = shown.as_str();
    let seconds = options.timeout.as_secs().max(1);
    let page = match tokio::time::timeout(options.timeout, fetch(address, &host, options)).await {
        Ok(page) => page?,
        Err(_) => return Err(ImportError::Timeout { host, seconds }),
    };
    if page.body.is_empty() {
        return Err(ImportError::Empty.in_file(shown));
    }
    let format = match page.format {
        Some(format) => format,
        None => super::sniff_format(&page.body),
    };
    // The header first, then the page's own declaration; both are only hints.
    let meta = match format {
        Format::Html => encoding::html_declared_encoding(&page.body),
        _ => None,
    };
    let declared: Vec<_> = page.charset.into_iter().chain(meta).collect();
    let decoded = encoding::decode_page(&page.body, &declared).map_err(|e| e.in_file(shown))?;
    let mut segmented = segment_decoded(&decoded.text, format, Some(&page.url)).map_err(|e| e.in_file(shown))?;
    segmented.meta.url = Some(without_credentials(&page.url).to_string());
    let name = page.url.path_segments().and_then(|mut s| s.next_back()).unwrap_or("").to_owned();
    let name = if name.is_empty() { host.clone() } else { name };
    let mut document = finish(segmented, Vec::new(), shown, &name, decoded.encoding, decoded.bom, format)
        .map_err(|e| e.in_file(shown))?;
    document.declared_encoding = decoded.declared;
    Ok(document)
}

/// `import_url` for callers without an async runtime (the CLI). Must not be
/// called from inside one.
pub fn import_url_blocking(url: &str, options: &FetchOptions) -> Result<Document, ImportError> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
        ImportError::Network { host: "the network".into(), reason: format!("cannot start ({})", e.kind()) }
    })?;
    runtime.block_on(import_url(url, options))
}

struct Page {
    url: url::Url,
    body: Vec<u8>,
    /// From the Content-Type header; `None` to sniff.
    format: Option<Format>,
    charset: Option<&'static encoding_rs::Encoding>,
}

fn parse_address(input: &str) -> Result<url::Url, ImportError> {
    let trimmed = input.trim();
    let invalid = |reason: &str| ImportError::InvalidUrl { url: trimmed.to_owned(), reason: reason.to_owned() };
    if trimmed.is_empty() {
        return Err(invalid("it is empty"));
    }
    if trimmed.chars().any(char::is_whitespace) {
        return Err(invalid("it has spaces in it"));
    }
    let parsed = match url::Url::parse(trimmed) {
        Ok(url) => url,
        // "example.com/page": a bare host means the web.
        Err(url::ParseError::RelativeUrlWithoutBase) if trimmed.contains('.') && !trimmed.starts_with(['/', '.']) => {
            url::Url::parse(&format!("https://{trimmed}")).map_err(|e| invalid(&e.to_string()))?
        }
        Err(e) => return Err(invalid(&e.to_string())),
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("only http and https addresses can be opened"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    Ok(parsed)
}

/// The address without a user name and password: they would otherwise end up
/// in citations, exports and the library.
fn without_credentials(url: &url::Url) -> url::Url {
    let mut url = url.clone();
    // Only addresses that cannot have credentials refuse these; http(s) ones can.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url
}

/// The address as the user gave it, for `source` and errors; with credentials
/// in it, the parsed address without them.
fn shown_address(input: &str, parsed: &url::Url) -> String {
    if parsed.username().is_empty() && parsed.password().is_none() {
        input.trim().to_owned()
    } else {
        without_credentials(parsed).to_string()
    }
}

fn host_of(url: &url::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => "the server".to_owned(),
    }
}

async fn fetch(address: url::Url, host: &str, options: &FetchOptions) -> Result<Page, ImportError> {
    let client = crate::net::client_builder(&options.proxy, options.proxy_password.as_ref())
        .map_err(|e| ImportError::Network { host: host.to_owned(), reason: e.0 })?
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        .redirect(reqwest::redirect::Policy::limited(options.max_redirects))
        .user_agent(options.user_agent.clone())
        .build()
        .map_err(|_| ImportError::Network { host: host.to_owned(), reason: "cannot start the HTTP client".into() })?;
    let mut response = client
        .get(address)
        .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
        .header(reqwest::header::ACCEPT_LANGUAGE, "zh-TW,zh;q=0.9,en;q=0.5")
        .send()
        .await
        .map_err(|e| request_error(&e, host, options))?;
    let final_url = response.url().clone();
    let final_host = host_of(&final_url);
    let status = response.status();
    if !status.is_success() {
        return Err(ImportError::HttpStatus {
            host: final_host,
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_owned(),
        });
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let (format, charset) = match &content_type {
        None => (None, None),
        Some(value) => {
            let mut parts = value.split(';');
            let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let format = match essence.as_str() {
                "text/html" | "application/xhtml+xml" => Some(Format::Html),
                "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
                "text/plain" => None,
                _ => {
                    let shown: String = essence.chars().filter(|c| !c.is_control()).take(80).collect();
                    return Err(ImportError::NotHtml { host: final_host, content_type: shown });
                }
            };
            let charset = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
                .and_then(|(_, v)| encoding::encoding_for_label(v.trim().trim_matches(['"', '\''])));
            // Plain text is sniffed: servers label many HTML pages text/plain by mistake.
            (if essence == "text/plain" { None } else { format }, charset)
        }
    };
    let too_large = ImportError::PageTooLarge { limit_bytes: options.max_bytes };
    if response.content_length().is_some_and(|n| n > options.max_bytes) {
        return Err(too_large);
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if (body.len() + chunk.len()) as u64 > options.max_bytes {
                    return Err(too_large);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(body_error(&e, &final_host, options)),
        }
    }
    let format = match (format, content_type.as_deref()) {
        (Some(format), _) => Some(format),
        (None, Some(value)) if value.to_ascii_lowercase().starts_with("text/plain") => {
            Some(super::sniff_format(&body)).filter(|f| *f == Format::Html).or(Some(Format::Text))
        }
        _ => None,
    };
    Ok(Page { url: final_url, body, format, charset })
}

fn request_error(error: &reqwest::Error, host: &str, options: &FetchOptions) -> ImportError {
    let host = error.url().map(host_of).unwrap_or_else(|| host.to_owned());
    if error.is_timeout() {
        return ImportError::Timeout { host, seconds: options.timeout.as_secs().max(1) };
    }
    if error.is_redirect() {
        return ImportError::TooManyRedirects { host, limit: options.max_redirects };
    }
    if error.is_connect() {
        let reason = connect_reason(error);
        let reason = match options.proxy.describe() {
            Some(proxy) => format!("{reason} (through {proxy})"),
            None => reason,
        };
        return ImportError::Network { host, reason };
    }
    body_error(error, &host, options)
}

fn body_error(error: &reqwest::Error, host: &str, options: &FetchOptions) -> ImportError {
    let host = host.to_owned();
    if error.is_timeout() || chain_has(error, |e| e.kind() == std::io::ErrorKind::TimedOut) {
        return ImportError::Timeout { host, seconds: options.timeout.as_secs().max(1) };
    }
    let reason = if error.is_decode() {
        "the page's compressed data is damaged"
    } else if error.is_body() {
        "the connection broke off while the page was being sent"
    } else {
        "the request failed"
    };
    ImportError::Network { host, reason: reason.to_owned() }
}

/// Why a connection failed, in words, from the I/O error underneath.
fn connect_reason(error: &reqwest::Error) -> String {
    use std::io::ErrorKind;
    if chain_has(error, |e| e.kind() == ErrorKind::ConnectionRefused) {
        return "the connection was refused".into();
    }
    if chain_has(error, |e| e.kind() == ErrorKind::TimedOut) {
        return "the connection timed out".into();
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        let text = e.to_string().to_ascii_lowercase();
        if text.contains("dns") || text.contains("resolve") || text.contains("name or service") {
            return "its name could not be found".into();
        }
        if text.contains("certificate") || text.contains("tls") || text.contains("ssl") {
            return "its secure connection could not be verified".into();
        }
        source = e.source();
    }
    "the connection failed".into()
}

fn chain_has(error: &reqwest::Error, test: impl Fn(&std::io::Error) -> bool) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.downcast_ref::<std::io::Error>().is_some_and(&test) {
            return true;
        }
        source = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_before_any_request() {
        let reason = |input: &str| match parse_address(input) {
            Err(ImportError::InvalidUrl { reason, .. }) => reason,
            other => panic!("{input}: {other:?}"),
        };
        assert_eq!(reason("ftp://example.com/a"), "only http and https addresses can be opened");
        assert_eq!(reason("javascript:alert(1)"), "only http and https addresses can be opened");
        assert_eq!(reason("http://exa mple.com"), "it has spaces in it");
        assert_eq!(reason("http://"), "empty host");
        assert_eq!(reason(""), "it is empty");
        assert_eq!(parse_address("example.com/news/1").unwrap().as_str(), "https://example.com/news/1");
    }

    #[test]
    fn credentials_in_the_address_are_not_kept() {
        let input = " https://reader:s3cret@example.com:8443/news/1?page=2#top ";
        let parsed = parse_address(input).unwrap();
        assert_eq!(without_credentials(&parsed).as_str(), "https://example.com:8443/news/1?page=2#top");
        assert_eq!(shown_address(input, &parsed), "https://example.com:8443/news/1?page=2#top");
        let parsed = parse_address("user@example.com/a").unwrap();
        assert_eq!(shown_address("user@example.com/a", &parsed), "https://example.com/a");
        // Without credentials, the address stays as the user typed it.
        let parsed = parse_address("example.com/news/1").unwrap();
        assert_eq!(shown_address(" example.com/news/1", &parsed), "example.com/news/1");
        assert_eq!(without_credentials(&parsed).as_str(), "https://example.com/news/1");
    }
}
