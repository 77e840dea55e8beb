//! Tencent Cloud Machine Translation (TMT, 腾讯云机器翻译), API 3.0 action
//! `TextTranslateBatch` (version 2018-03-21), signed with TC3-HMAC-SHA256.
//!
//! One `POST /` carries the whole batch as `SourceTextList`; the action,
//! version, region and timestamp travel in `X-TC-*` headers, and the
//! `Authorization` header signs the method, the path, the `content-type` and
//! `host` headers and the body's SHA-256 with a key derived from the
//! SecretKey, the UTC date and the service name (`tc3_authorization`, checked
//! against a vector captured from Tencent's own Python SDK). The key is a pair
//! stored as one entry, `SecretId:SecretKey`; the profile's region (default
//! `ap-beijing`) goes in `X-TC-Region`.
//!
//! Tencent answers errors with HTTP 200 and `{"Response":{"Error":{"Code",
//! "Message"},"RequestId"}}`, so success is decided from the body
//! (`error_for_code`); a gateway's non-2xx status keeps its generic meaning.
//! Limits: 2,000 characters per request (the intl doc and the `TextTooLong`
//! message; the SDK's docstring says 6,000) and 5 requests a second.
//! Traditional Chinese is `zh-TW` for Taiwan and Hong Kong alike.
//!
//! The HMAC-SHA256, hex and UTC-date helpers at the end are shared with
//! `volcengine.rs`, whose signing is a cousin of this one.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::json;

use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::sign::{hex, hmac_sha256, sha256_hex, utc_date};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://tmt.tencentcloudapi.com";

/// The region used when a profile names none.
pub const DEFAULT_REGION: &str = "ap-beijing";

/// The API 3.0 action and version this module speaks.
pub const ACTION: &str = "TextTranslateBatch";
pub const VERSION: &str = "2018-03-21";

/// The service name in the credential scope.
pub const SERVICE: &str = "tmt";

/// The `Content-Type` sent and signed (exactly as sent: the value is part of the signature).
pub const CONTENT_TYPE: &str = "application/json";

/// 2,000 characters per request in total (chunked there: a longer batch is
/// refused with `UnsupportedOperation.TextTooLong`), and 4 requests a second
/// under Tencent's default limit of 5.
pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 2_000, concurrency: 2, requests_per_second: 4.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Tencent,
    id: "tencent",
    label: "Tencent Cloud TMT (腾讯云机器翻译)",
    short_name: "Tencent TMT",
    service: Some("Tencent Machine Translation"),
    needs_key: true,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: Some(DEFAULT_REGION),
    key_pair: Some(("SecretId", "SecretKey")),
    target_code,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::Tencent, translate(b.client, b.config, b.segments, b.source, b.target))
}

/// Tencent's code for a language: `zh-TW` for any Traditional Chinese
/// (Tencent has no Hong Kong variant), `zh` for Simplified, else the primary
/// subtag (en, ja, ko, fr, es, it, de, tr, ru, pt, vi, id, th, ms, ar, hi).
fn target_code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        "zh-TW".into()
    } else if lang.is_simplified_chinese() {
        "zh".into()
    } else {
        lang.primary()
    }
}

/// The region a profile's requests go to: its own, or `ap-beijing`.
pub fn region(config: &ProviderConfig) -> &str {
    config.region.as_deref().map(str::trim).filter(|region| !region.is_empty()).unwrap_or(DEFAULT_REGION)
}

/// Translates one batch; the answer has one text per segment, in order.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let (secret_id, secret_key) = http::key_pair(config)?;
    let texts: Vec<&str> = segments.iter().map(|segment| segment.text.as_str()).collect();
    let body = json!({
        "SourceTextList": texts,
        "Source": source.map_or_else(|| "auto".to_owned(), target_code),
        "Target": target_code(target),
        "ProjectId": 0,
    });
    // The exact bytes signed are the bytes sent.
    let body = serde_json::to_vec(&body).map_err(|error| TranslateError::Config { detail: error.to_string() })?;
    let url = reqwest::Url::parse(&http::endpoint(config, "/")).map_err(|_| TranslateError::Config {
        detail: format!("the base url \"{}\" is not usable", config.base_url),
    })?;
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let authorization = tc3_authorization(&Tc3 {
        method: "POST",
        host: &host_header(&url),
        content_type: CONTENT_TYPE,
        body: &body,
        timestamp,
        service: SERVICE,
        secret_id,
        secret_key,
    });
    let request = client
        .post(url)
        .header("Content-Type", CONTENT_TYPE)
        .header("X-TC-Action", ACTION)
        .header("X-TC-Version", VERSION)
        .header("X-TC-Region", region(config))
        .header("X-TC-Timestamp", timestamp.to_string())
        .header("Authorization", authorization)
        .body(body);
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    let envelope: Envelope = http::parse_json(&text)?;
    if let Some(error) = envelope.response.error {
        return Err(error_for_code(&error.code, &error.message));
    }
    let Some(translations) = envelope.response.target_text_list else {
        return Err(http::decode_error("the answer has no TargetTextList", &text));
    };
    if translations.len() != segments.len() {
        return Err(TranslateError::Misaligned { expected: segments.len(), got: translations.len() });
    }
    Ok(translations)
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "Response")]
    response: Answer,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "TargetTextList")]
    target_text_list: Option<Vec<String>>,
    #[serde(rename = "Error")]
    error: Option<ApiError>,
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(rename = "Code", default)]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
}

/// What an error code inside a 200 answer means. Codes from Tencent's common
/// error list and TMT's own (cloud.tencent.com/document/api/551/30637 and the
/// Go SDK's `tmt/v20180321` error constants).
pub fn error_for_code(code: &str, message: &str) -> TranslateError {
    let detail = describe(code, message);
    let family = code.split('.').next().unwrap_or_default();
    match code {
        "AuthFailure.SignatureExpire" => TranslateError::Provider { detail, retryable: false },
        "AuthFailure.UnauthorizedOperation" => TranslateError::Forbidden { detail },
        "FailedOperation.NoFreeAmount" | "FailedOperation.ServiceIsolate" => TranslateError::QuotaExceeded { detail },
        // The service is not activated, or stopped, for this account.
        "FailedOperation.UserNotRegistered" | "FailedOperation.StopUsing" => TranslateError::Forbidden { detail },
        _ => match family {
            "AuthFailure" => TranslateError::Unauthorized { detail },
            "UnauthorizedOperation" => TranslateError::Forbidden { detail },
            "LimitExceeded" | "RequestLimitExceeded" => TranslateError::RateLimited { retry_after: None },
            "InternalError" => TranslateError::Provider { detail, retryable: true },
            // TextTooLong, Unsupported(Source|Target)Language, UnSupportedTargetLanguage, …
            "UnsupportedOperation" | "InvalidParameter" | "InvalidParameterValue" | "MissingParameter" => {
                TranslateError::BadRequest { status: 200, detail }
            }
            _ => TranslateError::Provider { detail, retryable: false },
        },
    }
}

/// The message and code, and for a signature out of its five minutes what to do about it.
fn describe(code: &str, message: &str) -> String {
    let said = match (message.trim(), code.trim()) {
        ("", code) => code.to_owned(),
        (message, "") => message.to_owned(),
        (message, code) => format!("{message} ({code})"),
    };
    if code == "AuthFailure.SignatureExpire" {
        format!(
            "this computer's clock is off by more than five minutes; set it right and try again: {}",
            http::shorten(&said)
        )
    } else {
        http::shorten(&said)
    }
}

/// A non-2xx answer (from a gateway on the way): the status keeps its
/// meaning, with Tencent's own words when the body has them.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let error = reply.json.as_ref()?.get("Response")?.get("Error")?;
    let code = error.get("Code").and_then(|code| code.as_str()).unwrap_or_default();
    let message = error.get("Message").and_then(|message| message.as_str()).unwrap_or_default();
    Some(reply.to_error().with_detail(describe(code, message)))
}

/// The `Host` header as reqwest sends it for `url`: the host, and the port
/// unless it is the scheme's default. It is signed, so it must match exactly.
pub(crate) fn host_header(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// What a TC3-HMAC-SHA256 signature covers.
pub struct Tc3<'a> {
    /// "POST".
    pub method: &'a str,
    /// The `Host` header as sent: "tmt.tencentcloudapi.com", "127.0.0.1:8089".
    pub host: &'a str,
    /// The `Content-Type` header as sent.
    pub content_type: &'a str,
    /// The body, byte for byte.
    pub body: &'a [u8],
    /// `X-TC-Timestamp`, Unix seconds; its UTC date is in the credential scope.
    pub timestamp: u64,
    /// "tmt".
    pub service: &'a str,
    pub secret_id: &'a str,
    pub secret_key: &'a str,
}

/// The `Authorization` header for a request to `/` with no query, signing
/// `content-type` and `host` (the recipe of Tencent's "签名方法 v3" and SDKs):
///
/// 1. CanonicalRequest = method, "/", "" (query), the signed headers as
///    lowercase `name:value` lines, a blank line, "content-type;host", and
///    hex(sha256(body)), joined by newlines;
/// 2. StringToSign = "TC3-HMAC-SHA256", timestamp, "DATE/SERVICE/tc3_request",
///    hex(sha256(CanonicalRequest));
/// 3. the key: HMAC("TC3"+SecretKey, DATE), then the service, then "tc3_request";
/// 4. Signature = hex(HMAC(key, StringToSign)).
pub fn tc3_authorization(request: &Tc3) -> String {
    let date = utc_date(request.timestamp);
    let signed_headers = "content-type;host";
    let canonical_request = format!(
        "{}\n/\n\ncontent-type:{}\nhost:{}\n\n{signed_headers}\n{}",
        request.method,
        request.content_type,
        request.host,
        sha256_hex(request.body)
    );
    let scope = format!("{date}/{}/tc3_request", request.service);
    let string_to_sign =
        format!("TC3-HMAC-SHA256\n{}\n{scope}\n{}", request.timestamp, sha256_hex(canonical_request.as_bytes()));
    let k_date = hmac_sha256(format!("TC3{}", request.secret_key).as_bytes(), date.as_bytes());
    let k_service = hmac_sha256(&k_date, request.service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"tc3_request");
    let signature = hex(&hmac_sha256(&k_signing, string_to_sign.as_bytes()));
    format!(
        "TC3-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        request.secret_id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_traditional_chinese_as_tencent_does() {
        for (tag, code) in
            [("zh-Hant", "zh-TW"), ("zh-TW", "zh-TW"), ("zh-HK", "zh-TW"), ("zh-Hans", "zh"), ("zh", "zh")]
        {
            assert_eq!(target_code(&Lang::new(tag)), code, "{tag}");
        }
        assert_eq!(target_code(&Lang::new("en-US")), "en");
        assert_eq!(target_code(&Lang::new("ja")), "ja");
    }

    #[test]
    fn the_host_header_carries_only_a_non_default_port() {
        let host = |url: &str| host_header(&reqwest::Url::parse(url).expect("a url"));
        assert_eq!(host("https://tmt.tencentcloudapi.com/"), "tmt.tencentcloudapi.com");
        assert_eq!(host("https://tmt.tencentcloudapi.com:443/"), "tmt.tencentcloudapi.com");
        assert_eq!(host("http://127.0.0.1:8089/"), "127.0.0.1:8089");
    }
}
