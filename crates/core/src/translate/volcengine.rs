//! Volcengine machine translation (火山引擎机器翻译), OpenAPI action
//! `TranslateText` (version 2020-06-01, region cn-north-1, service
//! `translate`), signed with Volcengine's HMAC-SHA256 scheme.
//!
//! One `POST /?Action=TranslateText&Version=2020-06-01` carries the batch as
//! `TextList` (at most 16 texts and 5,000 characters in total); leaving out
//! `SourceLanguage` asks for detection. The signature (`authorization`) is an
//! AWS SigV4 cousin: the canonical request covers the sorted query and the
//! `content-type`, `host`, `x-content-sha256` and `x-date` headers, and the
//! signing key starts from the raw Secret Access Key (no prefix) and the short
//! date, then the region, the service and "request". It is checked against a
//! request captured from Volcengine's official Python SDK. The key is a pair
//! stored as one entry, `AccessKeyID:SecretAccessKey`.
//!
//! Errors arrive in `ResponseMetadata.Error{Code,CodeN,Message}`: the gateway's
//! common errors (InvalidAccessKey, SignatureDoesNotMatch, FlowLimitExceeded,
//! … with CodeN 1000xx) usually with their HTTP status, the translator's own
//! (`-400` bad request, `-415` unsupported direction, `-429` too frequent,
//! `-500` internal) inside the answer; `error_for_code` maps both. Traditional
//! Chinese is `zh-Hant` (what pot, KISS Translator and Easydict send).

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::{json, Value};

use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::sign::{hex, hmac_sha256, sha256_hex, utc_parts};
use super::tencent::host_header;
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://translate.volcengineapi.com";

/// The query every request carries, already in canonical (sorted) order.
pub const QUERY: [(&str, &str); 2] = [("Action", "TranslateText"), ("Version", "2020-06-01")];

/// The region and service in the credential scope.
pub const REGION: &str = "cn-north-1";
pub const SERVICE: &str = "translate";

/// The `Content-Type` sent and signed.
pub const CONTENT_TYPE: &str = "application/json";

/// At most 16 texts and 5,000 characters per request (the API's own limits).
pub const LIMITS: Limits = Limits { max_texts: 16, max_chars: 5_000, concurrency: 2, requests_per_second: 5.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Volcengine,
    id: "volcengine",
    label: "Volcengine translation (火山引擎)",
    short_name: "Volcengine",
    service: Some("Volcengine Translate"),
    needs_key: true,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: None,
    key_pair: Some(("Access Key ID", "Secret Access Key")),
    target_code,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::Volcengine, translate(b.client, b.config, b.segments, b.source, b.target))
}

/// Volcengine's code for a language: `zh-Hant` for any Traditional Chinese,
/// `zh` for Simplified, else the primary subtag. (A third-party copy of the
/// language table also lists `zh-Hant-tw` and `zh-Hant-hk`; unconfirmed, so
/// not used.)
fn target_code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        "zh-Hant".into()
    } else if lang.is_simplified_chinese() {
        "zh".into()
    } else {
        lang.primary()
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
    let (access_key, secret_key) = http::key_pair(config)?;
    let texts: Vec<&str> = segments.iter().map(|segment| segment.text.as_str()).collect();
    let mut body = json!({ "TargetLanguage": target_code(target), "TextList": texts });
    if let Some(source) = source {
        body["SourceLanguage"] = json!(target_code(source));
    }
    // The exact bytes signed are the bytes sent.
    let body = serde_json::to_vec(&body).map_err(|error| TranslateError::Config { detail: error.to_string() })?;
    let url = http::endpoint_with_query(config, "/", &QUERY)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let x_date = x_date(now);
    let authorization = authorization(&Signing {
        method: "POST",
        host: &host_header(&url),
        query: &QUERY,
        content_type: CONTENT_TYPE,
        body: &body,
        x_date: &x_date,
        region: REGION,
        service: SERVICE,
        access_key,
        secret_key,
    });
    let request = client
        .post(url)
        .header("Content-Type", CONTENT_TYPE)
        .header("X-Date", x_date)
        .header("X-Content-Sha256", sha256_hex(&body))
        .header("Authorization", authorization)
        .body(body);
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    let answer: Answer = http::parse_json(&text)?;
    if let Some(error) = answer.metadata.and_then(|metadata| metadata.error) {
        return Err(error_for_code(&error.code(), &error.message));
    }
    let Some(translations) = answer.translations else {
        return Err(http::decode_error("the answer has no TranslationList", &text));
    };
    if translations.len() != segments.len() {
        return Err(TranslateError::Misaligned { expected: segments.len(), got: translations.len() });
    }
    Ok(translations.into_iter().map(|translation| translation.translation).collect())
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "TranslationList")]
    translations: Option<Vec<Translation>>,
    #[serde(rename = "ResponseMetadata")]
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Translation {
    #[serde(rename = "Translation")]
    translation: String,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(rename = "Error")]
    error: Option<ApiError>,
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(rename = "Code", default)]
    code: Value,
    #[serde(rename = "CodeN", default)]
    code_n: Value,
    #[serde(rename = "Message", default)]
    message: String,
}

impl ApiError {
    /// The code as text ("-415", "SignatureDoesNotMatch"), or the numeric CodeN when there is no Code.
    fn code(&self) -> String {
        let text = |value: &Value| match value {
            Value::String(text) => text.trim().to_owned(),
            Value::Number(number) => number.to_string(),
            _ => String::new(),
        };
        let code = text(&self.code);
        if code.is_empty() {
            text(&self.code_n)
        } else {
            code
        }
    }
}

/// What an error code means: the translator's own (doc 4640/65067) and the
/// OpenAPI gateway's common ones, by name or CodeN (doc 6369/68677).
pub fn error_for_code(code: &str, message: &str) -> TranslateError {
    let detail = describe(code, message);
    match code {
        "-400" => TranslateError::BadRequest { status: 200, detail },
        "-415" => {
            TranslateError::BadRequest { status: 200, detail: format!("unsupported translation direction: {detail}") }
        }
        "-429" | "FlowLimitExceeded" | "AccountFlowLimitExceeded" | "RequestLimitExceeded" => {
            TranslateError::RateLimited { retry_after: None }
        }
        "-500"
        | "InternalError"
        | "100014"
        | "InternalServiceTimeout"
        | "100016"
        | "InternalServiceError"
        | "ServiceUnavailableTemp"
        | "FailToConnect" => TranslateError::Provider { detail, retryable: true },
        "InvalidAccessKey"
        | "100009"
        | "SignatureDoesNotMatch"
        | "100010"
        | "InvalidClientTokenId"
        | "MissingAuthenticationToken"
        | "MissingSignature"
        | "InvalidAuthorization"
        | "InvalidCredential"
        | "InvalidSecretToken" => TranslateError::Unauthorized { detail },
        "AccessDenied" | "100013" | "LackPolicy" | "LackProjectPolicy" | "RequestForbidden" => {
            TranslateError::Forbidden { detail }
        }
        "InvalidTimestamp" | "100006" => TranslateError::Provider { detail, retryable: false },
        _ => TranslateError::Provider { detail, retryable: false },
    }
}

/// The message and code, and for a request out of its time window what to do about it.
fn describe(code: &str, message: &str) -> String {
    let said = match (message.trim(), code.trim()) {
        ("", code) => code.to_owned(),
        (message, "") => message.to_owned(),
        (message, code) => format!("{message} ({code})"),
    };
    if matches!(code, "InvalidTimestamp" | "100006") {
        format!("this computer's clock is off; set it right and try again: {}", http::shorten(&said))
    } else {
        http::shorten(&said)
    }
}

/// A non-2xx answer: the status keeps its meaning (the gateway's statuses
/// match its codes), with Volcengine's own words when the body has them.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let error = reply.json.as_ref()?.get("ResponseMetadata")?.get("Error")?;
    let error: ApiError = serde_json::from_value(error.clone()).ok()?;
    Some(reply.to_error().with_detail(describe(&error.code(), &error.message)))
}

/// `X-Date`: "20261129T022235Z".
pub fn x_date(secs: u64) -> String {
    let (year, month, day, hour, minute, second) = utc_parts(secs);
    format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
}

/// What a Volcengine HMAC-SHA256 signature covers.
pub struct Signing<'a> {
    /// "POST".
    pub method: &'a str,
    /// The `Host` header as sent (with the port unless it is the default).
    pub host: &'a str,
    /// The query's pairs, unencoded; they are sorted and encoded here.
    pub query: &'a [(&'a str, &'a str)],
    pub content_type: &'a str,
    /// The body, byte for byte.
    pub body: &'a [u8],
    /// `X-Date`, "YYYYMMDD'T'HHMMSS'Z'"; its first 8 characters are the short date.
    pub x_date: &'a str,
    /// "cn-north-1".
    pub region: &'a str,
    /// "translate".
    pub service: &'a str,
    pub access_key: &'a str,
    pub secret_key: &'a str,
}

/// The `Authorization` header for a request to `/`, signing `content-type`,
/// `host`, `x-content-sha256` and `x-date` (the set the official SDKs sign):
///
/// 1. CanonicalRequest = method, "/", the sorted percent-encoded query, the
///    signed headers as lowercase `name:value` lines, a blank line, their
///    names joined by ';', and hex(sha256(body)), joined by newlines;
/// 2. scope = SHORTDATE/REGION/SERVICE/request; StringToSign = "HMAC-SHA256",
///    X-Date, scope, hex(sha256(CanonicalRequest));
/// 3. the key: HMAC(SecretKey, SHORTDATE) (no prefix), then the region, the
///    service and "request";
/// 4. Signature = hex(HMAC(key, StringToSign)).
pub fn authorization(request: &Signing) -> String {
    let short_date = request.x_date.get(..8).unwrap_or(request.x_date);
    let body_hash = sha256_hex(request.body);
    let mut query: Vec<(String, String)> =
        request.query.iter().map(|(name, value)| (encode(name), encode(value))).collect();
    query.sort();
    let query: Vec<String> = query.into_iter().map(|(name, value)| format!("{name}={value}")).collect();
    let signed_headers = "content-type;host;x-content-sha256;x-date";
    let canonical_request = format!(
        "{}\n/\n{}\ncontent-type:{}\nhost:{}\nx-content-sha256:{body_hash}\nx-date:{}\n\n{signed_headers}\n{body_hash}",
        request.method,
        query.join("&"),
        request.content_type,
        request.host,
        request.x_date,
    );
    let scope = format!("{short_date}/{}/{}/request", request.region, request.service);
    let string_to_sign =
        format!("HMAC-SHA256\n{}\n{scope}\n{}", request.x_date, sha256_hex(canonical_request.as_bytes()));
    let k_date = hmac_sha256(request.secret_key.as_bytes(), short_date.as_bytes());
    let k_region = hmac_sha256(&k_date, request.region.as_bytes());
    let k_service = hmac_sha256(&k_region, request.service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"request");
    let signature = hex(&hmac_sha256(&k_signing, string_to_sign.as_bytes()));
    format!(
        "HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        request.access_key
    )
}

/// Percent-encoding as the signature wants it: everything but A–Z, a–z, 0–9 and "-_.~".
fn encode(text: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    percent_encoding::utf8_percent_encode(text, KEEP).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_traditional_chinese_as_volcengine_does() {
        for (tag, code) in
            [("zh-Hant", "zh-Hant"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-Hans", "zh"), ("zh", "zh")]
        {
            assert_eq!(target_code(&Lang::new(tag)), code, "{tag}");
        }
        assert_eq!(target_code(&Lang::new("en-GB")), "en");
    }

    #[test]
    fn x_date_is_compact_utc() {
        assert_eq!(x_date(1_795_918_955), "20261129T022235Z");
        assert_eq!(x_date(0), "19700101T000000Z");
    }

    #[test]
    fn query_values_are_encoded_for_the_signature() {
        assert_eq!(encode("2020-06-01"), "2020-06-01");
        assert_eq!(encode("a b/c~"), "a%20b%2Fc~");
    }
}
