//! Microsoft Edge's built-in translator (`POST /translate/translatetext`), a
//! web engine: no key, no account.
//!
//! `POST {base}/translate/translatetext?from=<code or empty>&to=<code>&isEnterpriseClient=false`
//! with a bare JSON array of strings as the body (the older `[{"Text": …}]`
//! shape is refused); the answer is Azure's: one `{"translations":[{"text"}]}`
//! per input, in order. The endpoint runs Microsoft's HTML tag aligner on every
//! text, so a bare `<` would be taken for a tag: text is HTML-escaped before it
//! is sent and the answer unescaped. Codes are Azure's (zh-Hans, zh-Hant; an
//! empty `from` detects the source). Limits are undocumented: batches follow the
//! practice of the projects that use it (20 texts, 10,000 characters, a few
//! requests in flight). Errors have no documented shape: any non-2xx fails, and
//! a 200 that is not the expected JSON (a block page) is a decode error.

use serde::Deserialize;

use super::azure::language_code;
use super::http;
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::web::{escape_html, unescape_html};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://edge.microsoft.com";

pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 10_000, concurrency: 3, requests_per_second: 2.5 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Edge,
    id: "edge",
    label: "Microsoft Edge translator (web, no key)",
    short_name: "Microsoft Edge",
    service: Some("Microsoft Translator"),
    needs_key: false,
    web: true,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: None,
    key_pair: None,
    target_code: language_code,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::Edge, translate(b.client, b.config, b.segments, b.source, b.target))
}

#[derive(Deserialize)]
struct Element {
    translations: Vec<Translation>,
}

#[derive(Deserialize)]
struct Translation {
    text: String,
}

/// Translates one batch; the answer has one text per segment, in order.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    // No key is sent, but a profile may hold one; it never reaches an error.
    translate_texts(client, config, segments, source, target).await
}

async fn translate_texts(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let from = source.map(language_code).unwrap_or_default();
    let to = language_code(target);
    let url = http::endpoint_with_query(
        config,
        "/translate/translatetext",
        &[("from", from.as_str()), ("to", to.as_str()), ("isEnterpriseClient", "false")],
    )?;
    let body: Vec<String> = segments.iter().map(|segment| escape_html(&segment.text)).collect();
    let response = http::send(config, client.post(url).json(&body), |_| None).await?;
    let text = http::read_text(config, response).await?;
    let elements: Vec<Element> = super::web::parse_engine_json(&text)?;
    if elements.len() != segments.len() {
        return Err(TranslateError::Misaligned { expected: segments.len(), got: elements.len() });
    }
    elements
        .into_iter()
        .map(|element| {
            let joined: String = element.translations.into_iter().map(|t| t.text).collect();
            Ok(unescape_html(&joined))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_gets_azure_script_codes() {
        for (tag, code) in
            [("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh", "zh-Hans"), ("en-US", "en"), ("ja", "ja")]
        {
            assert_eq!(language_code(&Lang::new(tag)), code, "{tag}");
        }
    }
}
