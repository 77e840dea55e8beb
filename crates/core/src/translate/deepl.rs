//! DeepL API v2 (`POST /v2/translate`): request and response mapping.
//!
//! The key goes only in the `Authorization: DeepL-Auth-Key …` header (DeepL
//! removed query and body keys), `text` is always a JSON array, and language
//! codes follow DeepL's split: regional variants such as ZH-HANT and EN-US are
//! target-only, the source is just the base language ("ZH", "EN"). Free keys
//! end in ":fx" and belong to a different host. 456 means the monthly quota is
//! spent and is never retried; DeepL sends no `Retry-After` on 429.

use serde::Deserialize;
use serde_json::json;

use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

/// The Pro host; free keys use [`FREE_BASE_URL`] (see [`base_url_for_key`]).
pub const DEFAULT_BASE_URL: &str = "https://api.deepl.com";

/// The host for Free-plan keys (those ending in ":fx").
pub const FREE_BASE_URL: &str = "https://api-free.deepl.com";

/// DeepL takes at most 50 texts and a 128 KiB body per request. 30,000
/// characters keep a batch under that even if every character took 4 bytes of
/// UTF-8 (CJK takes 3): 120,000 bytes plus quotes, commas and the language
/// fields stays below 131,072.
pub const LIMITS: Limits = Limits { max_texts: 50, max_chars: 30_000, concurrency: 2, requests_per_second: 2.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::DeepL,
    id: "deepl",
    label: "DeepL",
    short_name: "DeepL",
    service: Some("DeepL"),
    needs_key: true,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: None,
    key_pair: None,
    target_code,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::DeepL, translate(b.client, b.config, b.segments, b.source, b.target))
}

/// The host a key belongs to, as DeepL's own clients choose it: Free keys end in ":fx".
pub fn base_url_for_key(key: &str) -> &'static str {
    if key.trim().ends_with(":fx") {
        FREE_BASE_URL
    } else {
        DEFAULT_BASE_URL
    }
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
    let key = http::required_key(config, "DeepL")?;
    let texts: Vec<&str> = segments.iter().map(|segment| segment.text.as_str()).collect();
    let mut body = json!({ "text": texts, "target_lang": target_code(target) });
    if let Some(source) = source {
        body["source_lang"] = json!(source_code(source));
    }
    let url = format!("{}/v2/translate", base_url(config, key).trim_end_matches('/'));
    let request = client.post(url).header("Authorization", format!("DeepL-Auth-Key {key}")).json(&body);
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    // DeepL reports errors with error statuses, but a proxy or an old server
    // may wrap one in a 200; without translations it is not an answer.
    let answer: Answer = http::parse_answer(&text, "translations")?;
    if answer.translations.len() != segments.len() {
        return Err(TranslateError::Misaligned { expected: segments.len(), got: answer.translations.len() });
    }
    Ok(answer.translations.into_iter().map(|translation| translation.text).collect())
}

/// The profile's base URL, except that a profile left on one of DeepL's two
/// official hosts is moved to the one its key belongs to: a Free key on the
/// Pro host (or the reverse) only ever gets 403. Any other URL (a proxy, a
/// test server) is used as given.
fn base_url<'a>(config: &'a ProviderConfig, key: &str) -> &'a str {
    let configured = config.base_url.trim_end_matches('/');
    if configured == DEFAULT_BASE_URL || configured == FREE_BASE_URL {
        base_url_for_key(key)
    } else {
        configured
    }
}

fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    match reply.status {
        // DeepL answers a bad key, a missing key and a key sent to the wrong
        // host alike with 403, usually with an empty body.
        403 if reply.body.trim().is_empty() => Some(TranslateError::Forbidden {
            detail: "the key was refused; check it, and that it matches the host (keys ending in \":fx\" use api-free.deepl.com)".into(),
        }),
        _ => None,
    }
}

/// DeepL's target code. Chinese and English must name the variant (the bare
/// "ZH" and "EN" are deprecated; "ZH" silently means Simplified), and
/// Portuguese defaults to Brazilian as DeepL's clients do.
fn target_code(target: &Lang) -> String {
    if target.is_traditional_chinese() {
        return "ZH-HANT".into();
    }
    if target.is_simplified_chinese() {
        return "ZH-HANS".into();
    }
    let tag = target.as_str().to_ascii_uppercase().replace('_', "-");
    match target.primary().as_str() {
        "en" if tag == "EN-GB" => "EN-GB".into(),
        "en" => "EN-US".into(),
        "pt" if tag == "PT-PT" => "PT-PT".into(),
        "pt" => "PT-BR".into(),
        "es" if tag == "ES-419" => "ES-419".into(),
        primary => primary.to_ascii_uppercase(),
    }
}

/// DeepL's source code: only the base language (variants as a source are a 400).
fn source_code(source: &Lang) -> String {
    source.primary().to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_codes_name_the_variant() {
        let cases = [
            ("zh-Hant", "ZH-HANT"),
            ("zh-TW", "ZH-HANT"),
            ("zh-HK", "ZH-HANT"),
            ("zh-Hans", "ZH-HANS"),
            ("zh", "ZH-HANS"),
            ("zh-CN", "ZH-HANS"),
            ("en", "EN-US"),
            ("en-US", "EN-US"),
            ("en-GB", "EN-GB"),
            ("pt", "PT-BR"),
            ("pt-PT", "PT-PT"),
            ("ja", "JA"),
            ("de-DE", "DE"),
        ];
        for (tag, expected) in cases {
            assert_eq!(target_code(&Lang::new(tag)), expected, "{tag}");
        }
    }

    #[test]
    fn source_codes_are_only_the_base_language() {
        for (tag, expected) in [("zh-Hant", "ZH"), ("zh-Hans", "ZH"), ("zh-TW", "ZH"), ("en-US", "EN"), ("ja", "JA")] {
            assert_eq!(source_code(&Lang::new(tag)), expected, "{tag}");
        }
    }

    #[test]
    fn free_keys_use_the_free_host() {
        assert_eq!(base_url_for_key("0123-abcd:fx"), "https://api-free.deepl.com");
        assert_eq!(base_url_for_key("0123-abcd"), "https://api.deepl.com");
    }

    #[test]
    fn a_profile_on_an_official_host_follows_its_key_but_a_custom_url_is_kept() {
        let mut config = ProviderConfig::new(super::super::ProviderKind::DeepL, "");
        assert_eq!(base_url(&config, "abc:fx"), FREE_BASE_URL);
        config.base_url = FREE_BASE_URL.into();
        assert_eq!(base_url(&config, "abc"), DEFAULT_BASE_URL);
        config.base_url = "http://127.0.0.1:9000".into();
        assert_eq!(base_url(&config, "abc:fx"), "http://127.0.0.1:9000");
    }
}
