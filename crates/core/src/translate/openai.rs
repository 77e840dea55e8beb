//! OpenAI-compatible chat completions (`POST {base}/chat/completions`):
//! prompting, batching several segments into one request, reading the answer
//! (plain or streamed as server-sent events) and attributing it back to
//! segments. One module serves OpenAI, DeepSeek, Qwen, Moonshot, Ollama,
//! LM Studio, vLLM, llama.cpp, OpenRouter, Groq and the like.
//!
//! The batch format (`<seg id="N">` elements), the prompt and how answers
//! are read back into segments are shared with the other chat providers, in
//! `llm`.
//!
//! The base URL already contains the API version ("…/v1"); only
//! "/chat/completions" is appended. The key is sent as a Bearer token only when
//! the profile has one (local servers need none).

use serde::Deserialize;
use serde_json::{json, Value};

use super::http::{self, ErrorReply};
use super::llm::{self, SseEvent};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Guidance, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// A modest batch: large enough to give the model context from neighbouring
/// paragraphs, small enough that a misaligned answer is cheap to redo and that
/// a streamed answer starts showing quickly. Local servers usually work on one
/// request at a time, so few run at once.
pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 6_000, concurrency: 2, requests_per_second: 1.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::OpenAi,
    id: "openai",
    label: "OpenAI-compatible chat (OpenAI, DeepSeek, Qwen, Ollama, …)",
    short_name: "OpenAI-compatible",
    service: None,
    needs_key: false,
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
    answered(ProviderKind::OpenAi, translate(b.client, b.config, b.segments, b.source, b.target, b.guidance, on_delta))
}

/// The instructions used when a profile has no prompt of its own (shared by
/// every chat provider).
pub use super::llm::DEFAULT_SYSTEM_PROMPT;

/// Translates one batch; the answer has one text per segment, in order. When
/// the profile streams, partial translations are reported through `on_delta`
/// as they arrive (the text so far of each segment whose part has begun).
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
    guidance: &Guidance,
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<Vec<String>, TranslateError> {
    translate_segments(client, config, segments, source, target, guidance, on_delta).await
}

async fn translate_segments(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
    guidance: &Guidance,
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<Vec<String>, TranslateError> {
    let model = llm::model(config)?;
    let mut body = json!({
        "model": model,
        "messages": [
            { "role": "system", "content": llm::system_prompt(config, source, target) },
            { "role": "user", "content": llm::user_message(segments, target, guidance) },
        ],
        "stream": config.stream,
    });
    if let Some(temperature) = config.temperature {
        body["temperature"] = llm::temperature(temperature);
    }
    let mut request = client.post(http::endpoint(config, "/chat/completions")).json(&body);
    if let Some(key) = http::api_key(config) {
        request = request.bearer_auth(key);
    }
    if config.stream {
        let response = http::send_streaming(config, request, classify).await?;
        read_stream(config, response, segments, on_delta).await
    } else {
        let response = http::send(config, request, classify).await?;
        read_completion(config, response, segments.len()).await
    }
}

/// OpenAI's 429 `insufficient_quota` looks like a rate limit but will not
/// clear by waiting.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let quota =
        ["code", "type"].into_iter().any(|field| reply.error_field(field).as_deref() == Some("insufficient_quota"));
    quota.then(|| TranslateError::QuotaExceeded { detail: reply.detail() })
}

/// An error object found where an answer should be: in a 200 body or as a
/// stream event. Most such errors are the server's trouble (overloaded, a
/// worker died), so they are retryable unless they say the request itself or
/// the account is at fault.
fn reported_error(error: &Value) -> TranslateError {
    let field = |name: &str| error.get(name).and_then(Value::as_str).unwrap_or_default();
    let detail = error
        .get("message")
        .and_then(Value::as_str)
        .or_else(|| error.as_str())
        .map(http::shorten)
        .unwrap_or_else(|| "an error without a message".into());
    if field("code") == "insufficient_quota" || field("type") == "insufficient_quota" {
        return TranslateError::QuotaExceeded { detail };
    }
    let fatal_types = ["invalid_request_error", "authentication_error", "permission_error"];
    let fatal_codes = ["invalid_api_key", "context_length_exceeded", "content_filter", "model_not_found"];
    let retryable = !fatal_types.contains(&field("type")) && !fatal_codes.contains(&field("code"));
    TranslateError::Provider { detail, retryable }
}

#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

async fn read_completion(
    config: &ProviderConfig,
    response: reqwest::Response,
    expected: usize,
) -> Result<Vec<String>, TranslateError> {
    let text = http::read_text(config, response).await?;
    let json: Value = http::parse_json(&text)?;
    if let Some(error) = json.get("error") {
        return Err(reported_error(error));
    }
    let completion: Completion =
        serde_json::from_value(json).map_err(|error| http::decode_error(&error.to_string(), &text))?;
    let Some(choice) = completion.choices.into_iter().next() else {
        return Err(http::decode_error("the answer has no choices", &text));
    };
    let finish = choice.finish_reason.as_deref();
    check_finish(finish)?;
    let content = choice.message.content.unwrap_or_default();
    llm::parse_answer(&content, expected, finish != Some("length"))
}

/// A content filter ending the answer is final: the same text will be filtered again.
fn check_finish(finish: Option<&str>) -> Result<(), TranslateError> {
    match finish {
        Some("content_filter") => Err(TranslateError::Provider {
            detail: "the provider's content filter stopped the answer".into(),
            retryable: false,
        }),
        _ => Ok(()),
    }
}

async fn read_stream(
    config: &ProviderConfig,
    response: reqwest::Response,
    segments: &[Segment],
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<Vec<String>, TranslateError> {
    let mut answer = StreamedAnswer::default();
    llm::read_stream(config, response, segments, on_delta, &mut answer).await?;
    // Without [DONE] or a finish reason the server stopped mid-answer (a
    // crashed worker, a proxy cutting the connection): worth another try.
    if !answer.done && answer.finish.is_none() {
        return Err(llm::ended_early());
    }
    check_finish(answer.finish.as_deref())?;
    llm::parse_answer(&answer.content, segments.len(), answer.finish.as_deref() != Some("length"))
}

/// What a stream has said so far.
#[derive(Default)]
struct StreamedAnswer {
    content: String,
    finish: Option<String>,
    done: bool,
}

impl llm::StreamedAnswer for StreamedAnswer {
    fn content(&self) -> &str {
        &self.content
    }

    fn done(&self) -> bool {
        self.done
    }

    fn apply(&mut self, event: SseEvent) -> Result<(), TranslateError> {
        let joined = event.data.join("\n");
        // Per the SSE spec the data lines of one event form one payload; a
        // server that leaves out the blank lines between events runs several
        // payloads together, so those are read line by line instead.
        let payloads = if event.data.len() > 1 && serde_json::from_str::<Value>(&joined).is_err() {
            event.data
        } else {
            vec![joined]
        };
        for payload in payloads {
            let payload = payload.trim();
            if payload == "[DONE]" {
                self.done = true;
                return Ok(());
            }
            let value: Value = serde_json::from_str(payload)
                .map_err(|error| http::decode_error(&format!("a stream event is not json ({error})"), payload))?;
            if let Some(error) = value.get("error") {
                return Err(reported_error(error));
            }
            if event.name.as_deref() == Some("error") {
                return Err(reported_error(&value));
            }
            // The usage chunk has `choices: []`, the first chunk may carry only
            // the role, and the last only a finish reason; all are fine.
            let choices = value.get("choices").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            for choice in choices.iter().filter(|choice| choice.get("index").and_then(Value::as_u64).unwrap_or(0) == 0)
            {
                if let Some(text) = choice["delta"]["content"].as_str() {
                    self.content.push_str(text);
                }
                if let Some(reason) = choice["finish_reason"].as_str() {
                    self.finish = Some(reason.to_owned());
                }
            }
        }
        Ok(())
    }
}
