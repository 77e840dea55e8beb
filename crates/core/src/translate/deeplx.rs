//! DeepLX (`POST {base}/translate`), the self-hosted bridge to DeepL's free
//! web translator (OwO-Network/DeepLX and its forks): one text per request,
//! `{"text", "source_lang", "target_lang"}` in DeepL's codes, answered by
//! `{"code": 200, "data": "…", "alternatives": […]}`.
//!
//! The access token is optional (servers started without `TOKEN` take
//! anyone); when the profile has one it goes in `Authorization: Bearer`,
//! never in the URL. DeepLX passes DeepL's refusals on: 429 when DeepL rate
//! limits the server's address (retried after a pause), 401 for a wrong token,
//! and sometimes a non-200 `code` inside an HTTP 200, which is read the same way.

use serde::Deserialize;
use serde_json::json;

use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

/// DeepLX's own default address (`-port 1188`).
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:1188";

/// One text per request (the `/translate` endpoint takes a single `text`);
/// DeepL's free web endpoint throttles one address quickly, so gently.
pub const LIMITS: Limits = Limits { max_texts: 1, max_chars: 5_000, concurrency: 2, requests_per_second: 2.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::DeepLx,
    id: "deeplx",
    label: "DeepLX (self-hosted DeepL bridge)",
    short_name: "DeepLX",
    service: Some("DeepL"),
    needs_key: false,
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
    answered(ProviderKind::DeepLx, translate(b.client, b.config, b.segments, b.source, b.target))
}

#[derive(Deserialize)]
struct Answer {
    /// DeepLX repeats the HTTP status here; some forks put an error's here with a 200.
    code: Option<u16>,
    data: Option<String>,
    message: Option<String>,
}

/// Translates one batch (one text per request, in order).
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let mut out = Vec::with_capacity(segments.len());
    for segment in segments {
        out.push(translate_one(client, config, &segment.text, source, target).await?);
    }
    Ok(out)
}

async fn translate_one(
    client: &reqwest::Client,
    config: &ProviderConfig,
    text: &str,
    source: Option<&Lang>,
    target: &Lang,
) -> Result<String, TranslateError> {
    let body = json!({
        "text": text,
        "source_lang": source.map_or_else(|| "auto".to_owned(), |source| source.primary().to_ascii_uppercase()),
        "target_lang": target_code(target),
    });
    let mut request = client.post(http::endpoint(config, "/translate")).json(&body);
    if let Some(token) = http::api_key(config) {
        request = request.bearer_auth(token);
    }
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    let answer: Answer = http::parse_json(&text)?;
    match (answer.code, answer.data) {
        (Some(200) | None, Some(data)) => Ok(data),
        (Some(code), _) if code != 200 => {
            let detail = answer.message.unwrap_or_else(|| format!("DeepLX answered code {code}"));
            Err(error_for_code(code, detail))
        }
        _ => Err(http::decode_error("a DeepLX answer without \"data\"", &text)),
    }
}

/// A non-200 `code` inside an HTTP 200, read as the status it names.
fn error_for_code(code: u16, detail: String) -> TranslateError {
    match code {
        401 => TranslateError::Unauthorized { detail },
        403 => TranslateError::Forbidden { detail },
        429 => TranslateError::RateLimited { retry_after: None },
        500..=599 => TranslateError::Server { status: code, retry_after: None },
        _ => TranslateError::Provider { detail, retryable: false },
    }
}

/// DeepLX answers a wrong token with 401 and a DeepL block of the server's
/// address with 429 or 503 ("Too Many Requests", "blocked"); both mean what
/// the generic reading says, so only the words are improved.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    (reply.status == 401).then(|| TranslateError::Unauthorized {
        detail: format!("{} (the DeepLX server wants its access token as the key)", reply.detail()),
    })
}

/// DeepL's target codes: Traditional and Simplified Chinese named as DeepL
/// names them (the script guard fixes a server that answers in the other);
/// English as American, Portuguese as Brazilian, as DeepL's clients default.
fn target_code(target: &Lang) -> String {
    if target.is_traditional_chinese() {
        return "ZH-HANT".into();
    }
    if target.is_simplified_chinese() {
        return "ZH".into();
    }
    let tag = target.as_str().to_ascii_uppercase().replace('_', "-");
    match target.primary().as_str() {
        "en" if tag == "EN-GB" => "EN-GB".into(),
        "en" => "EN-US".into(),
        "pt" if tag == "PT-PT" => "PT-PT".into(),
        "pt" => "PT-BR".into(),
        primary => primary.to_ascii_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_targets_name_their_script() {
        assert_eq!(target_code(&Lang::new("zh-Hant")), "ZH-HANT");
        assert_eq!(target_code(&Lang::new("zh-TW")), "ZH-HANT");
        assert_eq!(target_code(&Lang::new("zh-Hans")), "ZH");
        assert_eq!(target_code(&Lang::new("en")), "EN-US");
        assert_eq!(target_code(&Lang::new("ja")), "JA");
    }

    #[test]
    fn codes_inside_a_200_are_read_as_statuses() {
        assert!(matches!(error_for_code(429, "x".into()), TranslateError::RateLimited { .. }));
        assert!(matches!(error_for_code(401, "x".into()), TranslateError::Unauthorized { .. }));
        assert!(matches!(error_for_code(503, "x".into()), TranslateError::Server { status: 503, .. }));
        assert!(matches!(error_for_code(404, "x".into()), TranslateError::Provider { retryable: false, .. }));
    }
}
