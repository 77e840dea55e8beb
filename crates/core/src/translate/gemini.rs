//! Google Gemini (`POST {base}/models/{model}:generateContent`, streamed with
//! `:streamGenerateContent?alt=sse`): the shared `<seg>` batch format (`llm`)
//! in Gemini's request and answer shapes.
//!
//! The base URL carries the API version ("…/v1beta"). The key goes in the
//! `x-goog-api-key` header, never in the URL (`?key=` would also work, and
//! would put the key in every log line a proxy writes). Without `alt=sse` the
//! stream endpoint sends one JSON array instead of server-sent events; with
//! it, each `data:` event is a whole `GenerateContentResponse` carrying the
//! next piece of text, the last one with the finish reason, and no `[DONE]`.
//!
//! An answer's text is its first candidate's parts joined, leaving out
//! thinking models' `thought: true` parts. A prompt Gemini refuses comes back
//! without candidates and with `promptFeedback.blockReason`; an answer cut off
//! by the output limit (`MAX_TOKENS`) is never taken as complete; one stopped
//! by a filter (`SAFETY`, `RECITATION`, …) is an error that retrying will not fix.

use std::time::Duration;

use serde_json::{json, Value};

use super::http::{self, ErrorReply};
use super::llm::{self, SseEvent};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Guidance, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://generativelanguage.googleapis.com/v1beta";

/// As for the OpenAI-compatible provider: context from neighbouring
/// paragraphs, a cheap redo when an answer is misaligned, and an early start
/// for a streamed answer.
pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 6_000, concurrency: 2, requests_per_second: 1.0 };

/// The longest wait taken from a `retryDelay`, as `Retry-After` is capped.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Gemini,
    id: "gemini",
    label: "Google Gemini",
    short_name: "Gemini",
    service: Some("Google Gemini"),
    needs_key: true,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: true,
    region: None,
    key_pair: None,
    target_code: llm::language_name,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, on_delta: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::Gemini, translate(b.client, b.config, b.segments, b.source, b.target, b.guidance, on_delta))
}

/// Translates one batch; the answer has one text per segment, in order. When
/// the profile streams, partial translations are reported through `on_delta`
/// as they arrive.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
    guidance: &Guidance,
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<Vec<String>, TranslateError> {
    let key = http::required_key(config, META.label)?;
    // The API lists models as "models/gemini-…"; either form names the same one.
    let model = llm::model(config)?;
    let model = model.strip_prefix("models/").unwrap_or(model);
    let mut body = json!({
        "systemInstruction": { "parts": [{ "text": llm::system_prompt(config, source, target) }] },
        "contents": [{ "role": "user", "parts": [{ "text": llm::user_message(segments, target, guidance) }] }],
    });
    if let Some(temperature) = config.temperature {
        body["generationConfig"] = json!({ "temperature": llm::temperature(temperature) });
    }
    let path = if config.stream {
        format!("/models/{model}:streamGenerateContent?alt=sse")
    } else {
        format!("/models/{model}:generateContent")
    };
    let request = client.post(http::endpoint(config, &path)).header("x-goog-api-key", key).json(&body);
    if config.stream {
        let response = http::send_streaming(config, request, classify).await?;
        read_stream(config, response, segments, on_delta).await
    } else {
        let response = http::send(config, request, classify).await?;
        read_answer(config, response, segments.len()).await
    }
}

/// Refines the generic status mapping with what Google's error details say:
/// an invalid key is a 400 (`API_KEY_INVALID`); an unsupported country is a
/// 400 `FAILED_PRECONDITION`; a 429 names its wait in `RetryInfo.retryDelay`
/// rather than a header, and a spent daily quota (`QuotaFailure` with a
/// per-day quota) will not clear by waiting.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let error = reply.json.as_ref()?.get("error")?;
    let details = error.get("details").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let status = error.get("status").and_then(Value::as_str).unwrap_or_default();
    let detail = reply.detail();
    let key_invalid = details
        .iter()
        .filter_map(|entry| entry.get("reason").and_then(Value::as_str))
        .any(|reason| reason == "API_KEY_INVALID" || reason == "API_KEY_EXPIRED");
    match reply.status {
        400 | 403 if key_invalid => Some(TranslateError::Unauthorized { detail }),
        400 if status == "FAILED_PRECONDITION" => Some(TranslateError::Forbidden { detail }),
        429 if daily_quota(details) => Some(TranslateError::QuotaExceeded { detail }),
        429 => Some(TranslateError::RateLimited { retry_after: reply.retry_after.or_else(|| retry_delay(details)) }),
        _ => None,
    }
}

/// The detail entry of a `google.rpc` type.
fn detail_of<'a>(details: &'a [Value], kind: &str) -> impl Iterator<Item = &'a Value> + use<'a> {
    let suffix = format!("google.rpc.{kind}");
    details
        .iter()
        .filter(move |entry| entry.get("@type").and_then(Value::as_str).is_some_and(|name| name.ends_with(&suffix)))
}

/// Whether a quota failure is a per-day quota ("GenerateRequestsPerDayPerProjectPerModel-FreeTier").
fn daily_quota(details: &[Value]) -> bool {
    detail_of(details, "QuotaFailure")
        .filter_map(|failure| failure.get("violations").and_then(Value::as_array))
        .flatten()
        .filter_map(|violation| violation.get("quotaId").and_then(Value::as_str))
        .any(|id| id.contains("PerDay"))
}

/// `RetryInfo.retryDelay`, a protobuf duration in JSON: "17s", "0.5s".
fn retry_delay(details: &[Value]) -> Option<Duration> {
    let delay = detail_of(details, "RetryInfo").find_map(|info| info.get("retryDelay").and_then(Value::as_str))?;
    let seconds: f64 = delay.trim().strip_suffix('s')?.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(MAX_RETRY_DELAY.as_secs_f64())))
}

/// An error object found where an answer should be (a 200 body, a stream
/// event): retryable when its status says the server is at fault.
fn reported_error(error: &Value) -> TranslateError {
    let status = error.get("status").and_then(Value::as_str).unwrap_or_default();
    let code = error.get("code").and_then(Value::as_u64).unwrap_or_default();
    let detail = error
        .get("message")
        .and_then(Value::as_str)
        .or_else(|| error.as_str())
        .map(http::shorten)
        .unwrap_or_else(|| format!("an error without a message ({status})"));
    let transient = ["UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED"];
    TranslateError::Provider { detail, retryable: transient.contains(&status) || code == 429 || code >= 500 }
}

/// What one `GenerateContentResponse` carries: its piece of the answer and,
/// in the last one, why the model stopped.
struct Piece {
    text: String,
    finish: Option<String>,
}

/// Reads one `GenerateContentResponse`. `partial` (a stream chunk) allows a
/// response without candidates (a chunk with only usage figures).
fn read_response(value: &Value, body: &str, partial: bool) -> Result<Piece, TranslateError> {
    if let Some(error) = value.get("error") {
        return Err(reported_error(error));
    }
    let candidate = value.get("candidates").and_then(Value::as_array).and_then(|candidates| candidates.first());
    let Some(candidate) = candidate else {
        if let Some(reason) = value.pointer("/promptFeedback/blockReason").and_then(Value::as_str) {
            return Err(TranslateError::Provider {
                detail: format!("Gemini blocked the text (block reason: {reason})"),
                retryable: false,
            });
        }
        if partial && value.is_object() {
            return Ok(Piece { text: String::new(), finish: None });
        }
        return Err(http::decode_error("the answer has no candidates", body));
    };
    let parts = candidate.pointer("/content/parts").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let text = parts
        .iter()
        .filter(|part| part.get("thought").and_then(Value::as_bool) != Some(true))
        .filter_map(|part| part.get("text").and_then(Value::as_str))
        .collect();
    let finish = candidate.get("finishReason").and_then(Value::as_str).map(str::to_owned);
    Ok(Piece { text, finish })
}

/// How the model stopped: on its own (`STOP`), cut off (`MAX_TOKENS`, or a
/// reason this module does not know: never taken as complete), or by a filter,
/// which is final: the same text would be stopped again.
fn check_finish(finish: Option<&str>) -> Result<bool, TranslateError> {
    match finish {
        None | Some("STOP" | "FINISH_REASON_UNSPECIFIED") => Ok(true),
        Some(
            reason @ ("SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" | "LANGUAGE"
            | "IMAGE_SAFETY"),
        ) => Err(TranslateError::Provider {
            detail: format!("Gemini stopped the answer (finish reason: {reason})"),
            retryable: false,
        }),
        Some(_) => Ok(false),
    }
}

async fn read_answer(
    config: &ProviderConfig,
    response: reqwest::Response,
    expected: usize,
) -> Result<Vec<String>, TranslateError> {
    let text = http::read_text(config, response).await?;
    let json: Value = http::parse_json(&text)?;
    let piece = read_response(&json, &text, false)?;
    let complete = check_finish(piece.finish.as_deref())?;
    llm::parse_answer(&piece.text, expected, complete)
}

async fn read_stream(
    config: &ProviderConfig,
    response: reqwest::Response,
    segments: &[Segment],
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<Vec<String>, TranslateError> {
    let mut answer = StreamedAnswer::default();
    llm::read_stream(config, response, segments, on_delta, &mut answer).await?;
    // No finish reason: the stream stopped mid-answer.
    let Some(finish) = answer.finish.as_deref() else { return Err(llm::ended_early()) };
    let complete = check_finish(Some(finish))?;
    llm::parse_answer(&answer.content, segments.len(), complete)
}

/// What a stream has said so far. Read to the end of the body: there is no
/// closing event.
#[derive(Default)]
struct StreamedAnswer {
    content: String,
    finish: Option<String>,
}

impl llm::StreamedAnswer for StreamedAnswer {
    fn content(&self) -> &str {
        &self.content
    }

    fn done(&self) -> bool {
        false
    }

    fn apply(&mut self, event: SseEvent) -> Result<(), TranslateError> {
        let payload = event.payload();
        let value: Value = serde_json::from_str(payload.trim())
            .map_err(|error| http::decode_error(&format!("a stream event is not json ({error})"), &payload))?;
        let piece = read_response(&value, &payload, true)?;
        self.content.push_str(&piece.text);
        if let Some(finish) = piece.finish {
            // A filter stopping the answer ends it at once.
            check_finish(Some(&finish))?;
            self.finish = Some(finish);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_are_read_as_protobuf_durations() {
        let details =
            |delay: &str| vec![json!({ "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay })];
        assert_eq!(retry_delay(&details("17s")), Some(Duration::from_secs(17)));
        assert_eq!(retry_delay(&details("0.5s")), Some(Duration::from_millis(500)));
        assert_eq!(retry_delay(&details("1e9s")), Some(MAX_RETRY_DELAY));
        assert_eq!(retry_delay(&details("soon")), None);
        assert_eq!(retry_delay(&[]), None);
    }
}
