//! Youdao (有道智云) text translation, signature v3 (`POST /api`): request
//! and response mapping.
//!
//! The key is a pair, `app key:app secret`. Each request is a form with `q`,
//! `from` (`auto` when the source is unknown), `to`, `appKey`, a random UUID
//! `salt`, `curtime` (Unix seconds), `signType=v3` and
//! `sign = sha256(appKey + input + salt + curtime + appSecret)` in hex, where
//! `input` is `q` itself up to 20 characters and otherwise its first 10
//! characters, its length and its last 10 characters. Characters are Unicode
//! code points, as in Youdao's Python demo (its JavaScript demos count UTF-16
//! units, which differs only for characters outside the BMP, such as emoji).
//! The secret itself is never sent.
//!
//! One text per request by default: the single endpoint takes one `q`, and the
//! batch endpoint `/v2/api` is not documented well enough to rely on. A
//! profile that raises `max_texts` gets its texts as lines of one `q`, each
//! answered line going back to its segment as Baidu's are; any other count of
//! lines is `Misaligned` (and the scheduler then sends smaller batches).
//!
//! Youdao reports errors inside HTTP 200 (`{"errorCode":"108","l":…}`,
//! `errorCode` "0" meaning success), without words of its own; they are mapped
//! by code. Any other status comes from something in front of Youdao and means
//! what HTTP says.
//!
//! Codes: `zh-CHS`, `zh-CHT` (Traditional), and ISO 639-1 codes otherwise.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::baidu::{lines_of, regroup};
use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://openapi.youdao.com";

/// One text per request (see the module's notes), at most 5000 characters
/// (Youdao's limit as client copies of its table give it), once a second.
pub const LIMITS: Limits = Limits { max_texts: 1, max_chars: 5_000, concurrency: 1, requests_per_second: 1.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Youdao,
    id: "youdao",
    label: "Youdao (有道智云)",
    short_name: "Youdao",
    service: Some("Youdao Translate"),
    needs_key: true,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: None,
    key_pair: Some(("app key", "app secret")),
    target_code,
    translate: batch,
};

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::Youdao, translate(b.client, b.config, b.segments, b.source, b.target))
}

/// Translates one batch; the answer has one text per segment, in order.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let (app_key, app_secret) = http::key_pair(config)?;
    let lines: Vec<Vec<&str>> = segments.iter().map(|segment| lines_of(&segment.text)).collect();
    let counts: Vec<usize> = lines.iter().map(Vec::len).collect();
    if counts.iter().all(|&count| count == 0) {
        // Nothing but blank text: nothing to ask (Youdao refuses an empty q).
        return Ok(vec![String::new(); segments.len()]);
    }
    let q = lines.concat().join("\n");
    let salt = uuid_v4();
    let curtime = SystemTime::now().duration_since(UNIX_EPOCH).map(|since| since.as_secs()).unwrap_or_default();
    let curtime = curtime.to_string();
    let from = source.map_or_else(|| "auto".to_owned(), code);
    let to = code(target);
    let signature = sign(app_key, &q, &salt, &curtime, app_secret);
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &q)
        .append_pair("from", &from)
        .append_pair("to", &to)
        .append_pair("appKey", app_key)
        .append_pair("salt", &salt)
        .append_pair("sign", &signature)
        .append_pair("signType", "v3")
        .append_pair("curtime", &curtime)
        .finish();
    let request = client
        .post(http::endpoint(config, "/api"))
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form);
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    let translations = parse(&text)?;
    // Each translation may hold several lines (a multi-line q may come back as one).
    let answers = translations.iter().flat_map(|translation| lines_of(translation)).map(str::to_owned).collect();
    regroup(&counts, answers)
}

/// The v3 signature: `sha256(appKey + input + salt + curtime + appSecret)` in lowercase hex.
pub fn sign(app_key: &str, q: &str, salt: &str, curtime: &str, app_secret: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [app_key, &input(q), salt, curtime, app_secret] {
        hasher.update(part.as_bytes());
    }
    super::sign::hex(&hasher.finalize())
}

/// What the v3 signature covers of `q`: `q` itself up to 20 characters,
/// otherwise its first 10 characters, its length in characters and its last
/// 10. Characters are Unicode code points.
pub fn input(q: &str) -> String {
    let chars: Vec<char> = q.chars().collect();
    let len = chars.len();
    if len <= 20 {
        return q.to_owned();
    }
    let first: String = chars[..10].iter().collect();
    let last: String = chars[len - 10..].iter().collect();
    format!("{first}{len}{last}")
}

/// A random UUID (version 4) for the `salt`.
fn uuid_v4() -> String {
    let mut bytes: [u8; 16] = std::array::from_fn(|_| fastrand::u8(..));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = super::sign::hex(&bytes);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[derive(Deserialize)]
struct Answer {
    translation: Vec<String>,
}

/// The translations, or the error reported inside the 200.
fn parse(text: &str) -> Result<Vec<String>, TranslateError> {
    let json: Value = http::parse_json(text)?;
    if let Some(code) = json.get("errorCode").and_then(http::code_text).filter(|code| code != "0") {
        return Err(error_for(&code, message(&json).as_deref()));
    }
    let answer: Answer = serde_json::from_value(json).map_err(|error| http::decode_error(&error.to_string(), text))?;
    Ok(answer.translation)
}

/// Words that came with an error, if any: Youdao's own answers carry only the
/// code, but a gateway or a later version may say more (`msg`, `message`, …).
fn message(json: &Value) -> Option<String> {
    json.get("msg")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| http::error_message(json))
        .map(|text| http::shorten(&text))
        .filter(|text| !text.is_empty())
}

/// What one of Youdao's error codes means.
fn error_for(code: &str, message: Option<&str>) -> TranslateError {
    let said = match message {
        Some(message) => format!("Youdao error {code}: {message}"),
        None => format!("Youdao error {code}"),
    };
    let explained = |what: &str| format!("{what} ({said})");
    match code {
        "108" => TranslateError::Unauthorized { detail: explained("Youdao does not know this app key") },
        "202" => TranslateError::Unauthorized {
            detail: explained("the signature does not match: the app key and app secret do not belong together"),
        },
        "111" => TranslateError::Unauthorized { detail: explained("the developer account is not valid") },
        "110" => TranslateError::Forbidden {
            detail: explained("the app has no text translation service: bind one to it in Youdao's console"),
        },
        "203" => TranslateError::Forbidden {
            detail: explained("this computer's IP address is not on the app's allowed list in Youdao's console"),
        },
        "401" => TranslateError::QuotaExceeded { detail: explained("the account is in arrears") },
        "411" | "412" => TranslateError::RateLimited { retry_after: None },
        "303" => TranslateError::Provider { detail: explained("Youdao had a server error"), retryable: true },
        "102" => TranslateError::BadRequest {
            status: 200,
            detail: explained("Youdao does not translate between these languages"),
        },
        "103" => TranslateError::BadRequest { status: 200, detail: explained("the text is too long for Youdao") },
        "113" => TranslateError::Provider { detail: explained("Youdao received no text"), retryable: false },
        "206" => TranslateError::Provider {
            detail: explained("Youdao refused the request's time: check this computer's clock"),
            retryable: false,
        },
        _ => TranslateError::Provider { detail: said, retryable: false },
    }
}

/// A status other than 200 comes from whatever stands in front of Youdao and
/// means what HTTP says, with the body's message when it has one.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let detail = message(reply.json.as_ref()?)?;
    if reply.status == 407 {
        return None;
    }
    Some(reply.to_error().with_detail(detail))
}

/// Youdao's code for a target language.
fn target_code(lang: &Lang) -> String {
    code(lang)
}

/// Youdao's code for a language: `zh-CHT` for Traditional Chinese (zh-Hant,
/// zh-TW, zh-HK, zh-MO), `zh-CHS` for Simplified, the base language otherwise.
fn code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        "zh-CHT".into()
    } else if lang.primary() == "zh" {
        "zh-CHS".into()
    } else {
        lang.primary()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_signed_whole_and_long_ones_by_their_ends_and_length() {
        // Derived by hand from the rule (no published vector exists): exactly
        // 20 characters are signed as they are; 23 characters become the
        // first 10, "23", and the last 10.
        let twenty = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸";
        assert_eq!(twenty.chars().count(), 20);
        assert_eq!(input(twenty), twenty);
        let long = "今天天氣很好我們一起去公園散步吧然後再去吃晚飯好嗎";
        assert_eq!(long.chars().count(), 25);
        assert_eq!(input(long), "今天天氣很好我們一起25吧然後再去吃晚飯好嗎");
        assert_eq!(input("apple"), "apple");
    }

    #[test]
    fn codes_are_youdaos_own() {
        let cases = [
            ("zh-Hant", "zh-CHT"),
            ("zh-TW", "zh-CHT"),
            ("zh-HK", "zh-CHT"),
            ("zh-Hans", "zh-CHS"),
            ("zh", "zh-CHS"),
            ("en-GB", "en"),
            ("ja", "ja"),
            ("ko", "ko"),
        ];
        for (tag, expected) in cases {
            assert_eq!(code(&Lang::new(tag)), expected, "{tag}");
        }
    }

    #[test]
    fn salts_are_version_4_uuids() {
        let salt = uuid_v4();
        let lengths: Vec<usize> = salt.split('-').map(str::len).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{salt}");
        assert_eq!(&salt[14..15], "4", "{salt}");
        assert!(matches!(&salt[19..20], "8" | "9" | "a" | "b"), "{salt}");
        assert_ne!(uuid_v4(), salt);
    }
}
