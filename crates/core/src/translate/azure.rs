//! Azure AI Translator v3 (`POST /translate?api-version=3.0&to=…`): request
//! and response mapping.
//!
//! The key goes in `Ocp-Apim-Subscription-Key`, and regional or multi-service
//! resources also need `Ocp-Apim-Subscription-Region` (the profile's region).
//! The body is an array of `{"Text": …}` objects. Chinese is always "zh-Hant"
//! or "zh-Hans": a bare "zh" is invalid. A resource endpoint such as
//! `https://NAME.cognitiveservices.azure.com/translator/text/v3.0` also works as
//! the base URL, since only `/translate` is appended. Error bodies carry a
//! six-digit code (status × 1000 + n); 403001 means the free quota is spent.
//! Azure has no regional Traditional variant, so zh-TW and zh-HK both get zh-Hant.

use serde::Deserialize;
use serde_json::json;

use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://api.cognitive.microsofttranslator.com";

/// Azure allows 1,000 texts and 50,000 characters per request, but the free
/// tier must spend its 2M characters an hour evenly (about 33,000 a minute), so
/// smaller requests keep a free profile from being throttled by one batch.
pub const LIMITS: Limits = Limits { max_texts: 100, max_chars: 10_000, concurrency: 2, requests_per_second: 1.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Azure,
    id: "azure",
    label: "Azure AI Translator",
    short_name: "Azure Translator",
    service: Some("Microsoft Translator"),
    needs_key: true,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: Some(""),
    key_pair: None,
    target_code: language_code,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::Azure, translate(b.client, b.config, b.segments, b.source, b.target))
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
struct Element {
    translations: Vec<Translation>,
}

#[derive(Deserialize)]
struct Translation {
    text: String,
}

async fn translate_texts(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let key = http::required_key(config, "Azure AI Translator")?;
    let to = language_code(target);
    let from = source.map(language_code);
    let mut query = vec![("api-version", "3.0"), ("to", to.as_str())];
    if let Some(from) = &from {
        query.push(("from", from));
    }
    let url = http::endpoint_with_query(config, "/translate", &query)?;
    let body: Vec<_> = segments.iter().map(|segment| json!({ "Text": segment.text })).collect();
    let mut request = client.post(url).header("Ocp-Apim-Subscription-Key", key).json(&body);
    if let Some(region) = config.region.as_deref().map(str::trim).filter(|region| !region.is_empty()) {
        request = request.header("Ocp-Apim-Subscription-Region", region);
    }
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    let json: serde_json::Value = http::parse_json(&text)?;
    // A successful answer is an array; an object here is an error that came with a 200.
    if json.get("error").is_some() {
        let detail = http::error_message(&json).unwrap_or_else(|| "an error without a message".into());
        // The code is the status it stands for × 1000 + n: 429xxx and 5xxxxx pass with time.
        let status = json["error"]["code"].as_u64().unwrap_or(0) / 1000;
        return Err(TranslateError::Provider {
            detail: http::shorten(&detail),
            retryable: status == 429 || status >= 500,
        });
    }
    let elements: Vec<Element> =
        serde_json::from_value(json).map_err(|error| http::decode_error(&error.to_string(), &text))?;
    if elements.len() != segments.len() {
        return Err(TranslateError::Misaligned { expected: segments.len(), got: elements.len() });
    }
    elements
        .into_iter()
        .map(|element| match element.translations.into_iter().next() {
            Some(translation) => Ok(translation.text),
            None => Err(http::decode_error("an element has no translation", &text)),
        })
        .collect()
}

/// Azure's six-digit codes say more than the status: 403001 is the free
/// tier's exhausted quota (not a permission problem, and not worth retrying).
/// 403000 is a generic "operation not allowed", which is the quota only when
/// the message says so.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let code = reply.error_field("code")?;
    let quota = code == "403001" || (code == "403000" && reply.detail().to_ascii_lowercase().contains("quota"));
    quota.then(|| TranslateError::QuotaExceeded { detail: reply.detail() })
}

/// Azure's code: zh-Hant / zh-Hans for Chinese, the base language otherwise,
/// except the script and regional variants Azure lists separately.
pub(crate) fn language_code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        return "zh-Hant".into();
    }
    if lang.is_simplified_chinese() {
        return "zh-Hans".into();
    }
    match lang.as_str().replace('_', "-").to_ascii_lowercase().as_str() {
        "pt-pt" => "pt-pt".into(),
        "fr-ca" => "fr-ca".into(),
        "sr-latn" => "sr-Latn".into(),
        "sr-cyrl" => "sr-Cyrl".into(),
        _ => lang.primary(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_never_a_bare_zh() {
        let cases = [
            ("zh-Hant", "zh-Hant"),
            ("zh-TW", "zh-Hant"),
            ("zh-HK", "zh-Hant"),
            ("zh-Hans", "zh-Hans"),
            ("zh", "zh-Hans"),
            ("zh-CN", "zh-Hans"),
            ("en", "en"),
            ("en-GB", "en"),
            ("pt-PT", "pt-pt"),
        ];
        for (tag, expected) in cases {
            assert_eq!(language_code(&Lang::new(tag)), expected, "{tag}");
        }
    }
}
