//! Anthropic Messages (`POST {base}/messages`, Claude): the shared `<seg>`
//! batch format (`llm`) in Anthropic's request and answer shapes, plain or
//! streamed as named server-sent events.
//!
//! The base URL carries the API version ("…/v1"); only "/messages" is
//! appended. The key goes in `x-api-key`, never in the URL. The API version is
//! pinned to `2023-06-01`: later versions drop `temperature`, which profiles
//! may set. `max_tokens` is required by the API; the answer being cut off by
//! it (`stop_reason: max_tokens`) is never taken as complete.
//!
//! A stream is `message_start`, then per content block `content_block_start`,
//! `content_block_delta`s and `content_block_stop`, then `message_delta`
//! (with the stop reason) and `message_stop`; `ping` may come anywhere, an
//! `error` event may end it early, there is no `[DONE]`, and event types this
//! module does not know are skipped, as Anthropic asks.

use serde::Deserialize;
use serde_json::{json, Value};

use super::http::{self, ErrorReply};
use super::llm::{self, SseEvent};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Guidance, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com/v1";

/// The API version sent with every request.
pub const API_VERSION: &str = "2023-06-01";

/// As for the OpenAI-compatible provider: context from neighbouring
/// paragraphs, a cheap redo when an answer is misaligned, and an early start
/// for a streamed answer.
pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 6_000, concurrency: 2, requests_per_second: 1.0 };

/// The answer's token budget (`max_tokens`, which the API requires). A full
/// batch of 6,000 characters translated into English takes about half of it.
/// Claude 3 models (before 3.5) allow no more than 4,096 output tokens.
const MAX_TOKENS: u32 = 8_192;
const MAX_TOKENS_CLAUDE_3: u32 = 4_096;

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Anthropic,
    id: "anthropic",
    label: "Anthropic Claude",
    short_name: "Claude",
    service: Some("Anthropic Claude"),
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
    answered(
        ProviderKind::Anthropic,
        translate(b.client, b.config, b.segments, b.source, b.target, b.guidance, on_delta),
    )
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
    let model = llm::model(config)?;
    let mut body = json!({
        "model": model,
        "max_tokens": max_tokens(model),
        "system": llm::system_prompt(config, source, target),
        "messages": [{ "role": "user", "content": llm::user_message(segments, target, guidance) }],
        "stream": config.stream,
    });
    if let Some(temperature) = config.temperature {
        // Anthropic's range is 0 to 1 (OpenAI's and Gemini's go to 2).
        body["temperature"] = llm::temperature(temperature.clamp(0.0, 1.0));
    }
    let request = client
        .post(http::endpoint(config, "/messages"))
        .header("x-api-key", key)
        .header("anthropic-version", API_VERSION)
        .json(&body);
    if config.stream {
        let response = http::send_streaming(config, request, classify).await?;
        read_stream(config, response, segments, on_delta).await
    } else {
        let response = http::send(config, request, classify).await?;
        read_message(config, response, segments.len()).await
    }
}

fn max_tokens(model: &str) -> u32 {
    let model = model.to_ascii_lowercase();
    let claude_3 =
        model.starts_with("claude-3-") && !model.starts_with("claude-3-5") && !model.starts_with("claude-3-7");
    if claude_3 {
        MAX_TOKENS_CLAUDE_3
    } else {
        MAX_TOKENS
    }
}

/// Refines the generic status mapping with Anthropic's error types: a spent
/// account (`billing_error`, a spend limit's 429, the 400 "credit balance is
/// too low") will not recover by waiting.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let kind = reply.error_field("type");
    let spend_limit = reply
        .json
        .as_ref()
        .and_then(|json| json.pointer("/error/details/error_code"))
        .and_then(Value::as_str)
        .is_some_and(|code| code == "enforced_spend_limit_reached");
    let no_credit = reply.status == 400 && reply.detail().to_ascii_lowercase().contains("credit balance");
    (kind.as_deref() == Some("billing_error") || spend_limit || no_credit)
        .then(|| TranslateError::QuotaExceeded { detail: reply.detail() })
}

/// An error object found where an answer should be: in a 200 body or as a
/// stream `error` event (`{"type":"overloaded_error","message":…}`). Overload
/// and server trouble are retryable; a request or an account at fault is not.
fn reported_error(error: &Value) -> TranslateError {
    let kind = error.get("type").and_then(Value::as_str).unwrap_or_default();
    let detail = error
        .get("message")
        .and_then(Value::as_str)
        .or_else(|| error.as_str())
        .map(http::shorten)
        .unwrap_or_else(|| format!("an error without a message ({kind})"));
    if kind == "billing_error" {
        return TranslateError::QuotaExceeded { detail };
    }
    let fatal =
        ["invalid_request_error", "authentication_error", "permission_error", "not_found_error", "request_too_large"];
    TranslateError::Provider { detail, retryable: !fatal.contains(&kind) }
}

/// How the model stopped: cut off by `max_tokens` (or the context window), a
/// refusal (final: the same text would be refused again), or on its own.
fn check_stop(stop_reason: Option<&str>) -> Result<bool, TranslateError> {
    match stop_reason {
        Some("refusal") => Err(TranslateError::Provider {
            detail: "the model declined to translate this text (stop reason: refusal)".into(),
            retryable: false,
        }),
        Some("max_tokens" | "model_context_window_exceeded") => Ok(false),
        _ => Ok(true),
    }
}

#[derive(Deserialize)]
struct Message {
    content: Vec<Block>,
    stop_reason: Option<String>,
}

#[derive(Deserialize)]
struct Block {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: Option<String>,
}

async fn read_message(
    config: &ProviderConfig,
    response: reqwest::Response,
    expected: usize,
) -> Result<Vec<String>, TranslateError> {
    let text = http::read_text(config, response).await?;
    let json: Value = http::parse_json(&text)?;
    if let Some(error) = json.get("error") {
        return Err(reported_error(error));
    }
    let message: Message =
        serde_json::from_value(json).map_err(|error| http::decode_error(&error.to_string(), &text))?;
    let complete = check_stop(message.stop_reason.as_deref())?;
    // Text blocks only: thinking blocks and anything newer are not the answer.
    let content: String =
        message.content.into_iter().filter(|block| block.kind == "text").filter_map(|block| block.text).collect();
    llm::parse_answer(&content, expected, complete)
}

async fn read_stream(
    config: &ProviderConfig,
    response: reqwest::Response,
    segments: &[Segment],
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<Vec<String>, TranslateError> {
    let mut answer = StreamedAnswer::default();
    llm::read_stream(config, response, segments, on_delta, &mut answer).await?;
    if !answer.stopped && answer.stop_reason.is_none() {
        return Err(llm::ended_early());
    }
    let complete = check_stop(answer.stop_reason.as_deref())?;
    llm::parse_answer(&answer.content, segments.len(), complete)
}

/// What a stream has said so far.
#[derive(Default)]
struct StreamedAnswer {
    content: String,
    stop_reason: Option<String>,
    /// `message_stop` arrived.
    stopped: bool,
}

impl llm::StreamedAnswer for StreamedAnswer {
    fn content(&self) -> &str {
        &self.content
    }

    fn done(&self) -> bool {
        self.stopped
    }

    fn apply(&mut self, event: SseEvent) -> Result<(), TranslateError> {
        let payload = event.payload();
        let value: Value = serde_json::from_str(payload.trim())
            .map_err(|error| http::decode_error(&format!("a stream event is not json ({error})"), &payload))?;
        // The payload names its own type; the event line says the same.
        let kind = value.get("type").and_then(Value::as_str).or(event.name.as_deref()).unwrap_or_default();
        match kind {
            "error" => return Err(reported_error(value.get("error").unwrap_or(&value))),
            "content_block_start" => {
                let block = &value["content_block"];
                if block["type"] == "text" {
                    self.content.push_str(block["text"].as_str().unwrap_or_default());
                }
            }
            "content_block_delta" => {
                let delta = &value["delta"];
                if delta["type"] == "text_delta" {
                    self.content.push_str(delta["text"].as_str().unwrap_or_default());
                }
            }
            "message_delta" => {
                if let Some(reason) = value["delta"]["stop_reason"].as_str() {
                    self.stop_reason = Some(reason.to_owned());
                }
            }
            "message_stop" => self.stopped = true,
            // message_start, content_block_stop, ping, and whatever comes later.
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claude_3_models_get_the_smaller_token_budget() {
        assert_eq!(max_tokens("claude-3-haiku-20240307"), 4_096);
        assert_eq!(max_tokens("claude-3-5-haiku-latest"), 8_192);
        assert_eq!(max_tokens("claude-sonnet-4-5"), 8_192);
    }
}
