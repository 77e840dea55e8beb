//! The free web engines as one provider, `web`: Microsoft Edge's translator,
//! then Google's page translator, then Tencent TranSmart, each tried in turn
//! for a batch until one answers. None needs a key or an account, which is
//! what lets a new user translate in the first minute; all are unofficial, so
//! any of them may stop working any day, and the chain is built for that:
//!
//! - **Fallback.** A batch one engine fails goes to the next at once; only when
//!   every engine has failed it does the batch fail (with the first engine's
//!   error, so an offline computer reads as "cannot reach …").
//! - **A circuit breaker per engine** (per engine and endpoint, process-wide):
//!   an engine that answers as a dead one does (401/403/404, a block or captcha
//!   page, an answer of the wrong shape) is skipped for `DEAD_FOR`; one that
//!   keeps rate-limiting, failing on the server or not answering, after
//!   `STRIKES` failures in a row, for `RESTING_FOR` (or the wait it asked for).
//!   After that it gets one batch again.
//! - **A probe** (`probe`): one tiny request per engine, in order, until one
//!   works; the ones that fail are remembered by their breakers, so the first
//!   real batch goes straight to a working engine.
//! - **Provenance.** `translate` says which engine translated the batch, so each
//!   row can say where its text came from.
//!
//! Pacing is the scheduler's, with `LIMITS` (the first engine's, Edge's):
//! batches of 20 texts or 10,000 characters, three requests in flight. Text sent to
//! these engines goes to Microsoft, Google or Tencent; the UI says so before a
//! user first uses them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::http;
use super::provider::{Batch, BatchFuture, ProviderMeta};
use super::{edge, Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

/// The chain's engines, in the order they are tried.
pub const ENGINES: [ProviderKind; 3] = [ProviderKind::Edge, ProviderKind::GoogleWeb, ProviderKind::TranSmart];

/// The first engine's: the chain's batches go to it unless it fails.
pub const LIMITS: Limits = edge::LIMITS;

/// The chain's row in the registry (`ProviderKind::meta`): no endpoint of its
/// own (each engine has its own), named by the engines that answered.
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Web,
    id: "web",
    label: "Free web engines (Microsoft, Google, Tencent)",
    short_name: "Web engines",
    service: None,
    needs_key: false,
    web: true,
    default_base_url: "",
    limits: LIMITS,
    llm: false,
    region: None,
    key_pair: None,
    target_code: |lang| lang.as_str().to_owned(),
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    Box::pin(translate(b.client, b.config, b.segments, b.source, b.target))
}

/// How long an engine that answered like a dead one is skipped.
pub const DEAD_FOR: Duration = Duration::from_secs(10 * 60);
/// How long an engine that kept failing (429, 5xx, timeouts, network) rests.
pub const RESTING_FOR: Duration = Duration::from_secs(60);
/// Failures in a row that make an engine rest.
pub const STRIKES: u32 = 2;

/// The engines of a `web` configuration with their endpoints, in order:
/// `config.engines` when set (a user's mirror, a test server), else `ENGINES`
/// at their public addresses.
pub fn engines_of(config: &ProviderConfig) -> Vec<ProviderConfig> {
    let chosen: Vec<(ProviderKind, String)> = if config.engines.is_empty() {
        ENGINES.iter().map(|kind| (*kind, String::new())).collect()
    } else {
        config.engines.clone()
    };
    chosen
        .into_iter()
        .map(|(kind, url)| ProviderConfig { timeout: config.timeout, ..ProviderConfig::new(kind, &url) })
        .collect()
}

/// One engine's request (no fallback).
pub(crate) async fn translate_with_engine(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    if !config.kind.is_web() || config.kind == ProviderKind::Web {
        return Err(TranslateError::Config { detail: format!("{} is not a web engine", config.kind.name()) });
    }
    let batch = Batch { client, config, segments, source, target, guidance: &super::Guidance::default() };
    (config.kind.meta().translate)(batch, &mut |_| {}).await.map(|(texts, _)| texts)
}

/// Translates one batch with the first engine of the chain that works, and
/// says which one it was.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<(Vec<String>, ProviderKind), TranslateError> {
    let engines = engines_of(config);
    let mut first_error: Option<TranslateError> = None;
    let mut tried = 0;
    for engine in &engines {
        if let Some(resting) = breaker_error(engine) {
            first_error.get_or_insert(resting);
            continue;
        }
        tried += 1;
        match translate_with_engine(client, engine, segments, source, target).await {
            Ok(texts) if texts.len() == segments.len() => {
                record(engine, None);
                return Ok((texts, engine.kind));
            }
            Ok(texts) => {
                first_error.get_or_insert(TranslateError::Misaligned { expected: segments.len(), got: texts.len() });
            }
            Err(TranslateError::Cancelled) => return Err(TranslateError::Cancelled),
            Err(error) => {
                record(engine, Some(&error));
                first_error.get_or_insert(error);
            }
        }
    }
    // Every engine resting after rate limits: the scheduler comes back when the
    // first rests no more. (Resting after other failures gives their error: a
    // blocked engine's is final, a network failure's is retried with back-off.)
    if tried == 0 && matches!(first_error, Some(TranslateError::RateLimited { .. })) {
        let wait = engines.iter().filter_map(resting_for).min();
        return Err(TranslateError::RateLimited { retry_after: wait });
    }
    Err(first_error.unwrap_or(TranslateError::Config { detail: "no web engine is configured".into() }))
}

/// One tiny request per engine, in order, until one works: returns it, or
/// `None` when none does (offline, or every engine blocked). What failed is
/// remembered by the breakers, so the first real batch skips it. Each engine
/// gets at most `timeout` (where an engine is blocked, requests often hang
/// rather than fail).
pub async fn probe(client: &reqwest::Client, config: &ProviderConfig, timeout: Duration) -> Option<ProviderKind> {
    let hello = [Segment { id: "probe".into(), text: "你好".into() }];
    for engine in engines_of(config) {
        if breaker_error(&engine).is_some() {
            continue;
        }
        let engine = ProviderConfig { timeout: timeout.min(engine.timeout), ..engine };
        match translate_with_engine(client, &engine, &hello, None, &Lang::new("en")).await {
            Ok(texts) if texts.len() == 1 && !texts[0].trim().is_empty() => {
                record(&engine, None);
                return Some(engine.kind);
            }
            Ok(_) => record(&engine, Some(&TranslateError::Decode { detail: "an empty answer to the probe".into() })),
            Err(error) => record(&engine, Some(&error)),
        }
    }
    None
}

/// Forgets what the breakers learnt: every engine gets the next batch again
/// (when the network comes back, failures from while it was gone mean nothing).
pub fn reset_breakers() {
    breakers().lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
}

#[derive(Default)]
struct Breaker {
    strikes: u32,
    open_until: Option<Instant>,
    last_error: Option<TranslateError>,
}

fn breakers() -> &'static Mutex<HashMap<(ProviderKind, String), Breaker>> {
    static BREAKERS: OnceLock<Mutex<HashMap<(ProviderKind, String), Breaker>>> = OnceLock::new();
    BREAKERS.get_or_init(Default::default)
}

fn breaker_key(engine: &ProviderConfig) -> (ProviderKind, String) {
    (engine.kind, engine.base_url.clone())
}

/// The error that opened the engine's breaker, while it is open.
fn breaker_error(engine: &ProviderConfig) -> Option<TranslateError> {
    let breakers = breakers().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let breaker = breakers.get(&breaker_key(engine))?;
    match breaker.open_until {
        Some(until) if until > Instant::now() => breaker.last_error.clone(),
        _ => None,
    }
}

fn resting_for(engine: &ProviderConfig) -> Option<Duration> {
    let breakers = breakers().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let until = breakers.get(&breaker_key(engine))?.open_until?;
    until.checked_duration_since(Instant::now())
}

/// Whether an engine answering this way is dead (rather than busy or unreachable).
fn is_dead(error: &TranslateError) -> bool {
    matches!(
        error,
        TranslateError::Unauthorized { .. }
            | TranslateError::Forbidden { .. }
            | TranslateError::QuotaExceeded { .. }
            | TranslateError::BadRequest { .. }
            | TranslateError::Decode { .. }
            | TranslateError::Provider { .. }
            | TranslateError::Config { .. }
    )
}

/// Records an engine's answer: `None` for success.
fn record(engine: &ProviderConfig, error: Option<&TranslateError>) {
    let mut breakers = breakers().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let breaker = breakers.entry(breaker_key(engine)).or_default();
    let Some(error) = error else {
        *breaker = Breaker::default();
        return;
    };
    breaker.strikes += 1;
    breaker.last_error = Some(error.clone());
    let open_for = if is_dead(error) {
        Some(DEAD_FOR)
    } else if breaker.strikes >= STRIKES {
        Some(error.retry_after().map_or(RESTING_FOR, |asked| asked.max(RESTING_FOR)))
    } else {
        None
    };
    if let Some(open_for) = open_for {
        breaker.open_until = Some(Instant::now() + open_for);
    }
}

/// Parses an engine's JSON answer. A web page instead (what a blocked client
/// gets: a captcha or "unusual traffic" page, often with status 200) is said
/// to be one, not quoted as broken JSON.
pub(crate) fn parse_engine_json<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, TranslateError> {
    if body.trim_start().starts_with('<') {
        return Err(TranslateError::Decode {
            detail: "the engine answered with a web page instead of a translation (a block or captcha page)".into(),
        });
    }
    let json: serde_json::Value = http::parse_json(body)?;
    // An error object where the answer should be (with a 200): the engine's words.
    if json.is_object() {
        if let Some(message) = http::error_message(&json) {
            return Err(TranslateError::Provider { detail: http::shorten(&message), retryable: false });
        }
    }
    serde_json::from_value(json).map_err(|error| http::decode_error(&error.to_string(), body))
}

/// Escapes text for engines that read their input as HTML.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes the character references an HTML-reading engine leaves in its
/// answer (named ones of `escape_html` and quotes, decimal and hex), once.
pub(crate) fn unescape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let decoded = rest[1..].find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..=end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_round_trips_any_text() {
        for text in ["a < b && c > d", "&amp; stays &amp;", "&#x4e2d;&#20013;", "半個&", "&unknown; &;", "5 &lt 6"] {
            assert_eq!(unescape_html(&escape_html(text)), text, "{text}");
        }
        assert_eq!(unescape_html("&lt;b&gt; &quot;x&quot; &#39;y&#39; &#x4e2d;&#25991;"), "<b> \"x\" 'y' 中文");
    }

    #[test]
    fn a_dead_engine_is_skipped_and_a_busy_one_rests_after_strikes() {
        let dead = ProviderConfig::new(ProviderKind::Edge, "http://127.0.0.1:1/dead-for-test");
        record(&dead, Some(&TranslateError::Forbidden { detail: "blocked".into() }));
        assert!(matches!(breaker_error(&dead), Some(TranslateError::Forbidden { .. })));
        let busy = ProviderConfig::new(ProviderKind::Edge, "http://127.0.0.1:1/busy-for-test");
        let limited = TranslateError::RateLimited { retry_after: None };
        record(&busy, Some(&limited));
        assert!(breaker_error(&busy).is_none(), "one 429 is not a pattern");
        record(&busy, Some(&limited));
        assert!(breaker_error(&busy).is_some());
        assert!(resting_for(&busy).is_some_and(|d| d <= RESTING_FOR));
        record(&busy, None);
        assert!(breaker_error(&busy).is_none(), "a success closes the breaker");
    }

    #[test]
    fn a_web_page_is_said_to_be_one() {
        let error = parse_engine_json::<serde_json::Value>("<html><body>unusual traffic</body></html>").unwrap_err();
        assert!(error.to_string().contains("web page"), "{error}");
    }
}
