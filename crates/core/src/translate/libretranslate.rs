//! LibreTranslate (`POST /translate`, self-hosted or libretranslate.com):
//! request and response mapping.
//!
//! The key, when there is one, goes in the JSON body as `api_key` (never in a
//! header). `q` is sent as an array, so `translatedText` comes back as an
//! array. Chinese codes changed in 1.6: servers now say "zh-Hans"/"zh-Hant",
//! older ones only know "zh"/"zt". The modern codes are tried first and, when
//! the server rejects the request with 400, the legacy ones once (nothing is
//! remembered between batches, so an old server costs one extra request per
//! batch). Whether "zh-Hant" output is really Traditional depends on the
//! server's models; a caller that must guarantee it converts afterwards.
//! Errors are always `{"error": "…"}`; 429 comes without `Retry-After`.

use serde::Deserialize;
use serde_json::json;

use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://libretranslate.com";

/// Servers set their own limits (`--char-limit`, `--batch-limit`,
/// `--req-limit`; unlimited by default) and translate on the CPU, so modest
/// batches, one at a time, suit both self-hosted servers and the public one.
pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 5_000, concurrency: 1, requests_per_second: 1.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::LibreTranslate,
    id: "libretranslate",
    label: "LibreTranslate",
    short_name: "LibreTranslate",
    service: Some("LibreTranslate"),
    needs_key: false,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: None,
    key_pair: None,
    target_code: modern_code,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::LibreTranslate, translate(b.client, b.config, b.segments, b.source, b.target))
}

/// Translates one batch; the answer has one text per segment, in order.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    translate_with_fallback(client, config, segments, source, target).await
}

/// The language codes of one attempt.
#[derive(Debug, PartialEq)]
struct Codes {
    source: String,
    target: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    translated_text: TranslatedText,
}

/// An array for an array `q`; a plain string from servers that answer a
/// one-element batch as a single text.
#[derive(Deserialize)]
#[serde(untagged)]
enum TranslatedText {
    Many(Vec<String>),
    One(String),
}

async fn translate_with_fallback(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let modern = Codes { source: source.map_or_else(|| "auto".into(), modern_code), target: modern_code(target) };
    let legacy = Codes { source: source.map_or_else(|| "auto".into(), legacy_code), target: legacy_code(target) };
    let first = translate_texts(client, config, segments, &modern).await;
    match first {
        Err(TranslateError::BadRequest { status: 400, .. }) if legacy != modern => {
            match translate_texts(client, config, segments, &legacy).await {
                // Both refused: the first answer is about the codes the user chose,
                // so it is the more useful one to show.
                Err(TranslateError::BadRequest { status: 400, .. }) => first,
                second => second,
            }
        }
        first => first,
    }
}

async fn translate_texts(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    codes: &Codes,
) -> Result<Vec<String>, TranslateError> {
    let texts: Vec<&str> = segments.iter().map(|segment| segment.text.as_str()).collect();
    let mut body = json!({ "q": texts, "source": codes.source, "target": codes.target, "format": "text" });
    if let Some(key) = http::api_key(config) {
        body["api_key"] = json!(key);
    }
    let request = client.post(http::endpoint(config, "/translate")).json(&body);
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    let answer: Answer = http::parse_answer(&text, "translatedText")?;
    let translations = match answer.translated_text {
        TranslatedText::Many(texts) => texts,
        TranslatedText::One(text) => vec![text],
    };
    if translations.len() != segments.len() {
        return Err(TranslateError::Misaligned { expected: segments.len(), got: translations.len() });
    }
    Ok(translations)
}

/// LibreTranslate answers a missing or wrong key with 403 ("Invalid API key",
/// "Visit … to get an API key"); that is the key's fault, not a permission.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let detail = reply.detail();
    let about_the_key = detail.to_ascii_lowercase().contains("api key");
    (reply.status == 403 && about_the_key).then_some(TranslateError::Unauthorized { detail })
}

/// The code servers since 1.6 use: zh-Hans / zh-Hant, the base language otherwise.
fn modern_code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        "zh-Hant".into()
    } else if lang.is_simplified_chinese() {
        "zh-Hans".into()
    } else {
        lang.primary()
    }
}

/// The code older servers use: zt for Traditional, zh for Simplified.
fn legacy_code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        "zt".into()
    } else if lang.is_simplified_chinese() {
        "zh".into()
    } else {
        lang.primary()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_has_a_modern_and_a_legacy_code() {
        let cases = [
            ("zh-Hant", "zh-Hant", "zt"),
            ("zh-TW", "zh-Hant", "zt"),
            ("zh-Hans", "zh-Hans", "zh"),
            ("zh", "zh-Hans", "zh"),
            ("en-US", "en", "en"),
        ];
        for (tag, modern, legacy) in cases {
            assert_eq!(modern_code(&Lang::new(tag)), modern, "{tag}");
            assert_eq!(legacy_code(&Lang::new(tag)), legacy, "{tag}");
        }
    }
}
