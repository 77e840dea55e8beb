//! Google Cloud Translation v2 "Basic" (`POST /language/translate/v2`):
//! request and response mapping.
//!
//! v2 is the version that takes an API key (v3 is OAuth-only). The key travels
//! as `?key=` in the query, so it is in the URL of every request: errors must
//! never carry that URL (`http::transport_error` strips it, `http::scrub`
//! catches the rest). `format` is always sent as "text" because Google's
//! default, "html", would come back HTML-escaped. Traditional Chinese is
//! "zh-TW" (Google has no Hong Kong variant, so zh-HK gets Taiwan Traditional)
//! and Simplified is "zh-CN". Quota errors come as 403 as well as 429.

use serde::Deserialize;
use serde_json::json;

use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://translation.googleapis.com";

/// Google allows 128 texts and 100K bytes per request but recommends at most
/// 5,000 characters; the default quota (6M characters a minute) leaves room
/// for several requests at once.
pub const LIMITS: Limits = Limits { max_texts: 128, max_chars: 5_000, concurrency: 4, requests_per_second: 5.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Google,
    id: "google",
    label: "Google Cloud Translation",
    short_name: "Google Cloud",
    service: Some("Google Translate"),
    needs_key: true,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: None,
    key_pair: None,
    target_code: language_code,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::Google, translate(b.client, b.config, b.segments, b.source, b.target))
}

/// Translates one batch; the answer has one text per segment, in order.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    translate_texts(client, config, segments, source, target).await
}

#[derive(Deserialize)]
struct Answer {
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    translations: Vec<Translation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Translation {
    translated_text: String,
}

async fn translate_texts(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let key = http::required_key(config, "Google Cloud Translation")?;
    let texts: Vec<&str> = segments.iter().map(|segment| segment.text.as_str()).collect();
    let mut body = json!({ "q": texts, "target": language_code(target), "format": "text" });
    if let Some(source) = source {
        body["source"] = json!(language_code(source));
    }
    let url = http::endpoint_with_query(config, "/language/translate/v2", &[("key", key)])?;
    let request = client.post(url).json(&body);
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    let json: serde_json::Value = http::parse_json(&text)?;
    if json.get("data").is_none() {
        if let Some(error) = json.get("error") {
            // Google's error object carries the HTTP-like code it would have sent.
            let code = error.get("code").and_then(serde_json::Value::as_u64).unwrap_or(0);
            let detail = http::error_message(&json).unwrap_or_else(|| "an error without a message".into());
            return Err(TranslateError::Provider {
                detail: http::shorten(&detail),
                retryable: code == 429 || code >= 500,
            });
        }
    }
    let answer: Answer = serde_json::from_value(json).map_err(|error| http::decode_error(&error.to_string(), &text))?;
    let translations = answer.data.translations;
    if translations.len() != segments.len() {
        return Err(TranslateError::Misaligned { expected: segments.len(), got: translations.len() });
    }
    Ok(translations.into_iter().map(|translation| translation.translated_text).collect())
}

/// Google's own meanings beyond the status: a per-minute quota hit comes as
/// 403 "User Rate Limit Exceeded" (retry later), a daily one as 403 "Daily
/// Limit Exceeded" (not within this session), and a bad key as 400
/// "API key not valid".
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let reasons = reasons(reply);
    let has = |wanted: &[&str]| reasons.iter().any(|reason| wanted.contains(&reason.as_str()));
    let message = reply.detail().to_ascii_lowercase();
    match reply.status {
        403 if has(&["ratelimitexceeded", "userratelimitexceeded"]) || message.contains("rate limit exceeded") => {
            Some(TranslateError::RateLimited { retry_after: reply.retry_after })
        }
        403 if has(&["dailylimitexceeded", "quotaexceeded"]) || message.contains("daily limit exceeded") => {
            Some(TranslateError::QuotaExceeded { detail: reply.detail() })
        }
        400 if has(&["api_key_invalid", "keyinvalid"]) || message.contains("api key not valid") => {
            Some(TranslateError::Unauthorized { detail: reply.detail() })
        }
        _ => None,
    }
}

/// The machine-readable reasons in a Google error, lowercased: the legacy
/// `error.errors[].reason` and the newer `error.details[].reason`.
fn reasons(reply: &ErrorReply) -> Vec<String> {
    let Some(error) = reply.json.as_ref().and_then(|json| json.get("error")) else { return Vec::new() };
    ["errors", "details"]
        .into_iter()
        .filter_map(|field| error.get(field).and_then(serde_json::Value::as_array))
        .flatten()
        .filter_map(|entry| entry.get("reason").and_then(serde_json::Value::as_str))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Google's BCP-47 code: zh-TW for Traditional, zh-CN for Simplified, and the
/// base language otherwise, except the few regional variants Google has.
fn language_code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        return "zh-TW".into();
    }
    if lang.is_simplified_chinese() {
        return "zh-CN".into();
    }
    let tag = lang.as_str().replace('_', "-");
    match tag.to_ascii_lowercase().as_str() {
        "pt-pt" => "pt-PT".into(),
        "fr-ca" => "fr-CA".into(),
        _ => lang.primary(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_follow_google() {
        let cases = [
            ("zh-Hant", "zh-TW"),
            ("zh-HK", "zh-TW"),
            ("zh-Hans", "zh-CN"),
            ("zh", "zh-CN"),
            ("en", "en"),
            ("en-US", "en"),
            ("pt-PT", "pt-PT"),
            ("ja", "ja"),
        ];
        for (tag, expected) in cases {
            assert_eq!(language_code(&Lang::new(tag)), expected, "{tag}");
        }
    }
}
