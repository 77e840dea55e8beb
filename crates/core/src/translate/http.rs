//! The HTTP plumbing every provider shares: sending a request within the
//! profile's timeout, turning transport failures and error statuses into
//! `TranslateError`s a user can act on, reading `Retry-After`, parsing JSON
//! bodies into typed structs, and scrubbing the API key out of every error.
//!
//! Provider modules call this and nothing else calls it. It never logs, and no
//! message it builds may contain a key: reqwest errors lose their URL (Google's
//! key rides in the query string) and `scrub` removes the key from whatever a
//! provider echoed back.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ProviderConfig, TranslateError};

/// Longest piece of a provider's answer carried into an error message: error
/// pages from proxies can be whole HTML documents.
const MAX_DETAIL_CHARS: usize = 300;

/// Waits longer than a day are treated as a day, so an absurd header can
/// neither overflow a `Duration` nor park the scheduler forever.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// `{base_url}{path}`; the base URL is stored without a trailing slash, but a
/// hand-edited profile may still carry one.
pub(crate) fn endpoint(config: &ProviderConfig, path: &str) -> String {
    format!("{}{}", config.base_url.trim_end_matches('/'), path)
}

/// `{base_url}{path}?name=value&…`, percent-encoded. (Built here because
/// reqwest's `query` needs a feature this crate does not enable.)
pub(crate) fn endpoint_with_query(
    config: &ProviderConfig,
    path: &str,
    params: &[(&str, &str)],
) -> Result<reqwest::Url, TranslateError> {
    reqwest::Url::parse_with_params(&endpoint(config, path), params)
        .map_err(|_| TranslateError::Config { detail: format!("the base url \"{}\" is not usable", config.base_url) })
}

/// The host (and port) the profile points at, for "cannot reach …" messages.
pub(crate) fn host(config: &ProviderConfig) -> String {
    match reqwest::Url::parse(&config.base_url) {
        Ok(url) => match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => config.base_url.clone(),
        },
        Err(_) => config.base_url.clone(),
    }
}

/// The key, if the profile has a non-empty one.
pub(crate) fn api_key(config: &ProviderConfig) -> Option<&str> {
    config.api_key.as_ref().map(|key| key.expose().trim()).filter(|key| !key.is_empty())
}

/// The key, or a `Config` error naming the provider, for providers that cannot work without one.
pub(crate) fn required_key<'a>(config: &'a ProviderConfig, provider: &str) -> Result<&'a str, TranslateError> {
    api_key(config).ok_or_else(|| TranslateError::Config { detail: format!("{provider} needs an API key") })
}

/// A key that is a pair (`ID:SECRET`: Baidu's app id and key, Tencent's
/// SecretId and SecretKey, …), split at the first ':'; a `Config` error naming
/// both parts when it is not one.
pub(crate) fn key_pair(config: &ProviderConfig) -> Result<(&str, &str), TranslateError> {
    let meta = config.kind.meta();
    let (id_name, secret_name) = meta.key_pair.unwrap_or(("ID", "secret"));
    let key = required_key(config, meta.label)?;
    match key.split_once(':') {
        Some((id, secret)) if !id.trim().is_empty() && !secret.trim().is_empty() => Ok((id.trim(), secret.trim())),
        _ => Err(TranslateError::Config {
            detail: format!("{} needs its key as {id_name}:{secret_name} (one line, a colon between)", meta.label),
        }),
    }
}

/// A vendor's error code as text, whether it came as a string or a number
/// (Baidu and Youdao send either).
pub(crate) fn code_text(value: &Value) -> Option<String> {
    match value {
        Value::String(code) => Some(code.trim().to_owned()),
        Value::Number(code) => Some(code.to_string()),
        _ => None,
    }
}

/// An error answer (non-2xx status), read in full so providers can look inside
/// the body before deciding what it means.
#[derive(Debug)]
pub(crate) struct ErrorReply {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: String,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<Value>,
}

impl ErrorReply {
    fn new(status: u16, headers: &HeaderMap, body: String) -> ErrorReply {
        let json = serde_json::from_str(&body).ok();
        ErrorReply { status, retry_after: retry_after(headers), body, json }
    }

    /// The provider's own words for what went wrong, or a short excerpt of
    /// the body, or a placeholder when the body is empty (DeepL's 403 and
    /// Azure's 401 often are).
    pub fn detail(&self) -> String {
        if let Some(message) = self.json.as_ref().and_then(error_message) {
            return shorten(&message);
        }
        let text = self.body.trim();
        if text.is_empty() {
            format!("HTTP {} with no details", self.status)
        } else {
            shorten(text)
        }
    }

    /// A string field of the error object (`error.<field>`, or `<field>` at the
    /// top level), with numbers turned into strings: Azure's codes are numbers,
    /// OpenAI's and DeepL's are strings.
    pub fn error_field(&self, field: &str) -> Option<String> {
        let json = self.json.as_ref()?;
        let value = json.get("error").and_then(|error| error.get(field)).or_else(|| json.get(field))?;
        match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    /// The generic meaning of a status; providers refine it where their
    /// protocol says more (see each module's `classify`).
    pub fn to_error(&self) -> TranslateError {
        let detail = self.detail();
        match self.status {
            401 => TranslateError::Unauthorized { detail },
            // Payment Required (DeepSeek's "insufficient balance"): waiting will not help.
            402 | 456 => TranslateError::QuotaExceeded { detail },
            403 => TranslateError::Forbidden { detail },
            // From a proxy on the way, not the provider: retrying will not help.
            407 => TranslateError::Forbidden {
                detail: "the proxy wants a user name and password (HTTP 407): set them with the proxy in Settings"
                    .into(),
            },
            429 | 529 => TranslateError::RateLimited { retry_after: self.retry_after },
            500..=599 => TranslateError::Server { status: self.status, retry_after: self.retry_after },
            status => TranslateError::BadRequest { status, detail },
        }
    }
}

/// The message inside the error shapes providers use: `{"error":{"message"}}`
/// (OpenAI, Google, Azure), `{"error":"…"}` (LibreTranslate), `{"message"}`
/// (DeepL) and `{"detail"}` (FastAPI-based servers such as llama-cpp-python).
pub(crate) fn error_message(json: &Value) -> Option<String> {
    let candidates = [
        json.get("error").and_then(|error| error.get("message")),
        json.get("error"),
        json.get("message"),
        json.get("detail"),
        json.get("detail").and_then(|detail| detail.get(0)).and_then(|first| first.get("msg")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|value| value.as_str())
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(String::from)
}

/// Cuts provider text to a size that fits in an error message, on a character boundary.
pub(crate) fn shorten(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_DETAIL_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// How long the provider asked us to wait: `retry-after-ms` (OpenAI's
/// non-standard header, in milliseconds) first, then `Retry-After` as seconds
/// or as an HTTP date. A date in the past means "now".
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    let from_secs = |secs: f64| {
        (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(MAX_RETRY_AFTER.as_secs_f64())))
    };

    if let Some(wait) =
        header("retry-after-ms").and_then(|ms| ms.parse::<f64>().ok()).and_then(|ms| from_secs(ms / 1000.0))
    {
        return Some(wait);
    }
    let value = header("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        return from_secs(secs);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO).min(MAX_RETRY_AFTER))
}

/// A reqwest failure in terms of the profile: a timeout, an unusable base URL,
/// or a network problem with the host. The URL is dropped from the error first
/// because it may carry a key.
pub(crate) fn transport_error(config: &ProviderConfig, error: reqwest::Error) -> TranslateError {
    if error.is_timeout() {
        return TranslateError::Timeout { after: config.timeout };
    }
    if error.is_builder() {
        return TranslateError::Config { detail: format!("the base url \"{}\" is not usable", config.base_url) };
    }
    // A connect error (refused, unknown host, TLS handshake) means nobody
    // answered at all; anything later (a reset mid-request) may pass on retry.
    let unreachable = error.is_connect();
    TranslateError::Network { host: host(config), detail: describe(&error.without_url()), unreachable }
}

/// The error and its causes on one line ("error sending request: client error
/// (Connect): tcp connect error: Connection refused (os error 111)").
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(error);
    while let Some(error) = current {
        let text = error.to_string();
        // Some errors repeat their cause in their own text; say it once.
        if !parts.last().is_some_and(|last| last.contains(&text)) {
            parts.push(text);
        }
        current = error.source();
    }
    shorten(&parts.join(": "))
}

/// A provider's refinement of the generic status mapping: `Some` overrides it.
pub(crate) type Classify = fn(&ErrorReply) -> Option<TranslateError>;

/// Sends a request with the profile's timeout covering the whole exchange
/// (connecting, waiting, and reading the body), and returns the response if its
/// status is a success, or the error the status means otherwise.
/// `Duizhao/<version> (<os>)`, sent on every provider request: some services
/// (DeepL's own mock server among them) refuse requests without a User-Agent,
/// and it tells a provider's logs which client sent what.
pub fn user_agent() -> &'static str {
    static USER_AGENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    USER_AGENT.get_or_init(|| format!("Duizhao/{} ({})", env!("CARGO_PKG_VERSION"), std::env::consts::OS))
}

/// The one place a provider request leaves: every request gets the User-Agent
/// here, whatever client it was built on.
fn prepared(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request.header(reqwest::header::USER_AGENT, user_agent())
}

pub(crate) async fn send(
    config: &ProviderConfig,
    request: reqwest::RequestBuilder,
    classify: Classify,
) -> Result<reqwest::Response, TranslateError> {
    let response =
        prepared(request).timeout(config.timeout).send().await.map_err(|error| transport_error(config, error))?;
    check_status(config, response, classify).await
}

/// Sends a request whose answer streams: the timeout bounds the wait for the
/// response head and then each gap between chunks (`next_chunk`), not the
/// whole answer, since a long LLM answer may rightly take minutes.
pub(crate) async fn send_streaming(
    config: &ProviderConfig,
    request: reqwest::RequestBuilder,
    classify: Classify,
) -> Result<reqwest::Response, TranslateError> {
    let response = match tokio::time::timeout(config.timeout, prepared(request).send()).await {
        Ok(result) => result.map_err(|error| transport_error(config, error))?,
        Err(_) => return Err(TranslateError::Timeout { after: config.timeout }),
    };
    match tokio::time::timeout(config.timeout, check_status(config, response, classify)).await {
        Ok(result) => result,
        Err(_) => Err(TranslateError::Timeout { after: config.timeout }),
    }
}

/// The next piece of a streamed body, or `None` at its end; waiting longer
/// than the timeout for it is a `Timeout`.
pub(crate) async fn next_chunk(
    config: &ProviderConfig,
    response: &mut reqwest::Response,
) -> Result<Option<Vec<u8>>, TranslateError> {
    match tokio::time::timeout(config.timeout, response.chunk()).await {
        Ok(Ok(chunk)) => Ok(chunk.map(|bytes| bytes.to_vec())),
        Ok(Err(error)) => Err(transport_error(config, error)),
        Err(_) => Err(TranslateError::Timeout { after: config.timeout }),
    }
}

async fn check_status(
    config: &ProviderConfig,
    response: reqwest::Response,
    classify: Classify,
) -> Result<reqwest::Response, TranslateError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let headers = response.headers().clone();
    // A body that cannot be read (the connection dropped, the time ran out) still
    // leaves the status, which is what matters most; its details are just lost.
    let body = match response.text().await {
        Ok(body) => body,
        Err(error) if error.is_timeout() => return Err(transport_error(config, error)),
        Err(_) => String::new(),
    };
    let reply = ErrorReply::new(status.as_u16(), &headers, body);
    Err(classify(&reply).unwrap_or_else(|| reply.to_error()))
}

/// Reads a whole response body as text.
pub(crate) async fn read_text(config: &ProviderConfig, response: reqwest::Response) -> Result<String, TranslateError> {
    response.text().await.map_err(|error| transport_error(config, error))
}

/// Parses a body into a typed answer; anything else is a `Decode` error quoting
/// the start of the body so the user can see what came back instead.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &str) -> Result<T, TranslateError> {
    serde_json::from_str(body).map_err(|error| decode_error(&error.to_string(), body))
}

/// A `Decode` error: what was wrong, and the start of what arrived.
/// Parses an answer that must have `field`. Without it, an error message in the
/// body is an error reported inside a 200 (from a proxy or an old server; not
/// retried); anything else that does not fit `T` is a decode error.
pub(crate) fn parse_answer<T: DeserializeOwned>(text: &str, field: &str) -> Result<T, TranslateError> {
    let json: Value = parse_json(text)?;
    if json.get(field).is_none() {
        if let Some(message) = error_message(&json) {
            return Err(TranslateError::Provider { detail: shorten(&message), retryable: false });
        }
    }
    serde_json::from_value(json).map_err(|error| decode_error(&error.to_string(), text))
}

pub(crate) fn decode_error(problem: &str, body: &str) -> TranslateError {
    let excerpt = shorten(body);
    let detail = if excerpt.is_empty() {
        format!("{problem} (empty body)")
    } else {
        format!("{problem}; the body began: {excerpt}")
    };
    TranslateError::Decode { detail }
}

/// Removes the profile's key from an error's text, whatever put it there (a
/// provider echoing the key in its message, a URL in a transport error).
/// Every provider's public functions pass their result through this.
pub(crate) fn scrub<T>(config: &ProviderConfig, result: Result<T, TranslateError>) -> Result<T, TranslateError> {
    let Some(key) = api_key(config) else { return result };
    // The key, and for a pair (ID:SECRET) its secret alone too, each also URL-encoded.
    let mut secrets = vec![key.to_owned()];
    if let Some((_, secret)) = key.split_once(':').filter(|(_, secret)| secret.trim().len() >= 4) {
        secrets.push(secret.trim().to_owned());
    }
    for secret in secrets.clone() {
        let encoded: String = reqwest::Url::parse_with_params("http://k/", [("k", secret.as_str())])
            .ok()
            .and_then(|url| url.query().map(|query| query.trim_start_matches("k=").to_owned()))
            .unwrap_or_default();
        secrets.push(encoded);
    }
    let clean = |text: &mut String| {
        for secret in &secrets {
            if !secret.is_empty() && text.contains(secret.as_str()) {
                *text = text.replace(secret.as_str(), "<redacted>");
            }
        }
    };
    result.map_err(|mut error| {
        match &mut error {
            TranslateError::Unauthorized { detail }
            | TranslateError::Forbidden { detail }
            | TranslateError::QuotaExceeded { detail }
            | TranslateError::BadRequest { detail, .. }
            | TranslateError::Decode { detail }
            | TranslateError::Provider { detail, .. }
            | TranslateError::Config { detail } => clean(detail),
            TranslateError::Network { host, detail, .. } => {
                clean(host);
                clean(detail);
            }
            TranslateError::RateLimited { .. }
            | TranslateError::Server { .. }
            | TranslateError::Timeout { .. }
            | TranslateError::Misaligned { .. }
            | TranslateError::Truncated { .. }
            | TranslateError::Cancelled => {}
        }
        error
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("test header values are ascii"));
        }
        map
    }

    #[test]
    fn retry_after_prefers_milliseconds_then_seconds_then_a_date() {
        assert_eq!(
            retry_after(&headers(&[("retry-after-ms", "1500"), ("retry-after", "9")])),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(retry_after(&headers(&[("retry-after", "9")])), Some(Duration::from_secs(9)));
        let in_a_minute = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(60));
        let wait = retry_after(&headers(&[("retry-after", &in_a_minute)])).expect("a date parses");
        assert!(wait > Duration::from_secs(55) && wait <= Duration::from_secs(60), "{wait:?}");
        assert_eq!(retry_after(&headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")])), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_ignores_nonsense_and_caps_huge_values() {
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")])), None);
        assert_eq!(retry_after(&headers(&[("retry-after", "-3")])), None);
        assert_eq!(retry_after(&headers(&[("retry-after-ms", "NaN")])), None);
        assert_eq!(retry_after(&headers(&[("retry-after", "1e300")])), Some(MAX_RETRY_AFTER));
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn error_messages_are_found_in_every_provider_shape() {
        let cases = [
            (r#"{"error":{"message":"bad key","type":"x"}}"#, "bad key"),
            (r#"{"error":"Invalid API key"}"#, "Invalid API key"),
            (r#"{"message":"Quota exceeded"}"#, "Quota exceeded"),
            (r#"{"detail":"Invalid API key"}"#, "Invalid API key"),
            (r#"{"detail":[{"loc":["body"],"msg":"field required"}]}"#, "field required"),
        ];
        for (body, expected) in cases {
            let json: Value = serde_json::from_str(body).expect("test bodies are json");
            assert_eq!(error_message(&json).as_deref(), Some(expected), "{body}");
        }
    }

    #[test]
    fn empty_error_bodies_still_say_what_happened() {
        let reply = ErrorReply::new(403, &HeaderMap::new(), String::new());
        assert_eq!(reply.detail(), "HTTP 403 with no details");
        assert!(matches!(reply.to_error(), TranslateError::Forbidden { .. }));
    }

    #[test]
    fn long_details_are_shortened_on_a_character_boundary() {
        let long = "測".repeat(MAX_DETAIL_CHARS + 10);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), MAX_DETAIL_CHARS + 1);
        assert!(short.ends_with('…'));
    }

    #[test]
    fn scrub_removes_the_key_and_its_url_encoded_form() {
        let mut config = ProviderConfig::new(super::super::ProviderKind::Google, "");
        config.api_key = Some(super::super::Secret::new("k3y/with+odd=chars"));
        let error = TranslateError::Network {
            host: "h".into(),
            detail: "failed for ?key=k3y%2Fwith%2Bodd%3Dchars and k3y/with+odd=chars".into(),
            unreachable: false,
        };
        let scrubbed = scrub::<()>(&config, Err(error)).expect_err("an error stays an error");
        let shown = scrubbed.to_string();
        assert!(!shown.contains("k3y"), "{shown}");
        assert_eq!(shown.matches("<redacted>").count(), 2, "{shown}");
    }

    #[test]
    fn a_pairs_secret_is_scrubbed_on_its_own_and_a_malformed_pair_is_named() {
        let mut config = ProviderConfig::new(super::super::ProviderKind::Tencent, "");
        config.api_key = Some(super::super::Secret::new("AKIDEXAMPLE:s3cr3t/Key"));
        assert_eq!(key_pair(&config).expect("a pair"), ("AKIDEXAMPLE", "s3cr3t/Key"));
        let error =
            TranslateError::Provider { detail: "bad signature for s3cr3t%2FKey (s3cr3t/Key)".into(), retryable: false };
        let shown = scrub::<()>(&config, Err(error)).expect_err("an error").to_string();
        assert!(!shown.contains("s3cr3t"), "{shown}");
        config.api_key = Some(super::super::Secret::new("no-colon-here"));
        let error = key_pair(&config).expect_err("not a pair").to_string();
        assert!(error.contains("SecretId:SecretKey"), "{error}");
    }
}
