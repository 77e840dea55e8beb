//! Tencent TranSmart (腾讯交互翻译, `POST /api/imt`), a web engine that also
//! works from mainland China: no key, no account.
//!
//! Body `{"header":{"fn":"auto_translation","client_key":…},"type":"plain",
//! "model_category":"normal","source":{"lang","text_list"},"target":{"lang"}}`;
//! answer `{"auto_translation":[…], "src_lang", "tgt_lang"}`, in order. An
//! answer without `auto_translation` is an error (the service documents none).
//! Codes: zh for Simplified, zh-TW for Traditional (reported by one project
//! and unconfirmed: the OpenCC script guard makes a Traditional target
//! Traditional whatever comes back), auto for detection.

use serde::Deserialize;
use serde_json::json;

use super::http;
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://transmart.qq.com";

pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 10_000, concurrency: 2, requests_per_second: 2.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::TranSmart,
    id: "transmart",
    label: "Tencent TranSmart (web, no key)",
    short_name: "TranSmart",
    service: Some("Tencent TranSmart"),
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
    answered(ProviderKind::TranSmart, translate(b.client, b.config, b.segments, b.source, b.target))
}

#[derive(Deserialize)]
struct Answer {
    auto_translation: Vec<String>,
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
    let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let body = json!({
        "header": {
            "fn": "auto_translation",
            "client_key": format!("browser-chrome-120.0.0-Linux-{:016x}-{millis}", fastrand::u64(..)),
        },
        "type": "plain",
        "model_category": "normal",
        "source": { "lang": source.map_or_else(|| "auto".to_owned(), language_code), "text_list": texts },
        "target": { "lang": language_code(target) },
    });
    let request = client
        .post(http::endpoint(config, "/api/imt"))
        .header(reqwest::header::REFERER, http::endpoint(config, "/zh-CN/index"))
        .json(&body);
    let response = http::send(config, request, |_| None).await?;
    let text = http::read_text(config, response).await?;
    let json: serde_json::Value = super::web::parse_engine_json(&text)?;
    if json.get("auto_translation").is_none() {
        // No documented errors; a refusal names itself in `header.ret_code`.
        if let Some(code) = json["header"]["ret_code"].as_str().filter(|code| *code != "succ") {
            return Err(TranslateError::Provider { detail: http::shorten(code), retryable: false });
        }
    }
    let answer: Answer = serde_json::from_value(json).map_err(|error| http::decode_error(&error.to_string(), &text))?;
    Ok(answer.auto_translation)
}

/// TranSmart's codes: zh / zh-TW, the base language otherwise.
pub(crate) fn language_code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        return "zh-TW".into();
    }
    if lang.is_simplified_chinese() {
        return "zh".into();
    }
    lang.primary()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_gets_base_or_taiwan_codes() {
        for (tag, code) in [("zh-Hant", "zh-TW"), ("zh-CN", "zh"), ("en-US", "en")] {
            assert_eq!(language_code(&Lang::new(tag)), code, "{tag}");
        }
    }
}
