//! Google's page-translation backend (`POST /v1/translateHtml` on
//! translate-pa.googleapis.com, what Chrome's "Translate this page" calls), a
//! web engine: no account; the key sent is the public one built into Chrome.
//!
//! Body `[[[text, …], source|"auto", target], "wt_lib"]` as
//! `application/json+protobuf`; answer `[[translation, …], [detected, …]]`, in
//! order. The input is parsed as HTML: text is escaped before it is sent and
//! the answer, which stays HTML-encoded, unescaped once. Newlines collapse like
//! HTML whitespace, so each line of a block goes as its own item and the lines
//! are joined again; empty items are refused with 400, so blank lines are never
//! sent. Codes: zh-CN / zh-TW (Google has no zh-HK), auto for detection.

use serde_json::json;

use super::http;
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::web::{escape_html, unescape_html};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://translate-pa.googleapis.com";

/// The key Chrome itself sends (public: it ships in every Chrome).
const CHROME_KEY: &str = "AIzaSyATBXajvzQLTDHEQbcpq0Ihe0vWDHmO520";

/// Limits are undocumented; the same modest batches as the other web engines
/// (counted in segments; a multi-line block sends one item per line).
pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 10_000, concurrency: 3, requests_per_second: 2.5 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::GoogleWeb,
    id: "google-web",
    label: "Google page translator (web, no key)",
    short_name: "Google (web)",
    service: Some("Google Translate"),
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
    answered(ProviderKind::GoogleWeb, translate(b.client, b.config, b.segments, b.source, b.target))
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
    // Each segment's lines: `Some(index into items)` for a line sent, `None` for a blank one.
    let mut items: Vec<String> = Vec::new();
    let layout: Vec<Vec<Option<usize>>> = segments
        .iter()
        .map(|segment| {
            segment
                .text
                .split('\n')
                .map(|line| {
                    (!line.trim().is_empty()).then(|| {
                        items.push(escape_html(line));
                        items.len() - 1
                    })
                })
                .collect()
        })
        .collect();
    if items.is_empty() {
        return Ok(segments.iter().map(|s| s.text.clone()).collect());
    }
    let from = source.map_or_else(|| "auto".to_owned(), language_code);
    let body = json!([[items, from, language_code(target)], "wt_lib"]);
    let request = client
        .post(http::endpoint(config, "/v1/translateHtml"))
        .header(reqwest::header::CONTENT_TYPE, "application/json+protobuf")
        .header("X-Goog-API-Key", CHROME_KEY)
        .body(body.to_string());
    let response = http::send(config, request, |_| None).await?;
    let text = http::read_text(config, response).await?;
    let answer: serde_json::Value = super::web::parse_engine_json(&text)?;
    let translations: Vec<String> = match answer.get(0).and_then(|first| first.as_array()) {
        Some(list) => list
            .iter()
            .map(|item| item.as_str().map(unescape_html))
            .collect::<Option<Vec<String>>>()
            .ok_or_else(|| http::decode_error("a translation is not a string", &text))?,
        None => return Err(http::decode_error("no list of translations", &text)),
    };
    if translations.len() != items.len() {
        return Err(TranslateError::Misaligned { expected: items.len(), got: translations.len() });
    }
    Ok(layout
        .iter()
        .map(|lines| {
            lines
                .iter()
                .map(|line| line.map(|i| translations[i].trim().to_owned()).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect())
}

/// Google's codes: zh-CN / zh-TW, the base language otherwise (plus the few
/// regional codes Google lists).
pub(crate) fn language_code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        return "zh-TW".into();
    }
    if lang.is_simplified_chinese() {
        return "zh-CN".into();
    }
    match lang.as_str().replace('_', "-").to_ascii_lowercase().as_str() {
        "pt-pt" => "pt-PT".into(),
        "pt-br" => "pt".into(),
        _ => lang.primary(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_gets_regional_codes() {
        for (tag, code) in [("zh-Hant", "zh-TW"), ("zh-HK", "zh-TW"), ("zh-Hans", "zh-CN"), ("en-GB", "en")] {
            assert_eq!(language_code(&Lang::new(tag)), code, "{tag}");
        }
    }
}
