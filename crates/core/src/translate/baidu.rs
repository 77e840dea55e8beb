//! Baidu Fanyi, the general translation API (百度翻译通用翻译 API,
//! `POST /api/trans/vip/translate`): request and response mapping.
//!
//! The key is a pair, `APP ID:secret key`. Each request is a form with `q`,
//! `from` (`auto` when the source is unknown), `to`, `appid`, a random `salt`
//! and `sign = md5(appid + q + salt + secret)` in lowercase hex, computed over
//! the raw UTF-8 `q` and only then form-encoded (signing an encoded `q` is the
//! usual cause of error 54001). The secret itself is never sent.
//!
//! A batch is one `q` with one line per text: Baidu answers one `trans_result`
//! entry per line. A segment's own line breaks would shift every later
//! answer, so each segment travels as its non-blank lines and gets back as
//! many answers, joined by line breaks again; any other count of answers is
//! `Misaligned`, never shifted onto the wrong segments.
//!
//! Baidu reports errors inside HTTP 200 (`{"error_code":"54003","error_msg":…}`,
//! the code a string or a number); they are mapped by code. Any other status
//! comes from something in front of Baidu and means what HTTP says.
//!
//! Codes are Baidu's own: `zh`, `cht` (Traditional), `jp`, `kor`, `fra`, `spa`,
//! `vie`, `ara`, …; Traditional Chinese targets ask for `cht`.

use std::time::Duration;

use md5::{Digest, Md5};
use serde::Deserialize;
use serde_json::Value;

use super::http::{self, ErrorReply};
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

pub const DEFAULT_BASE_URL: &str = "https://fanyi-api.baidu.com";

/// The standard tier allows one request a second and 1000 characters per
/// request (the advanced tiers 10 or 100 a second and 6000 bytes; a profile
/// can raise these). The line breaks joining up to 20 texts count too, so the
/// texts themselves stay under 980 characters.
pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 980, concurrency: 1, requests_per_second: 1.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Baidu,
    id: "baidu",
    label: "Baidu Fanyi (百度翻译)",
    short_name: "Baidu",
    service: Some("Baidu Translate"),
    needs_key: true,
    web: false,
    default_base_url: DEFAULT_BASE_URL,
    limits: LIMITS,
    llm: false,
    region: None,
    key_pair: Some(("APP ID", "secret key")),
    target_code,
    translate: batch,
};

/// How long Baidu asks to wait after 54003 (over the per-second limit).
const RATE_LIMIT_WAIT: Duration = Duration::from_secs(1);

/// How long Baidu asks to wait after 54005 (long texts sent too often).
const LONG_QUERY_WAIT: Duration = Duration::from_secs(3);

fn batch<'a>(b: Batch<'a>, _: &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a> {
    answered(ProviderKind::Baidu, translate(b.client, b.config, b.segments, b.source, b.target))
}

/// Translates one batch; the answer has one text per segment, in order.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let (appid, secret) = http::key_pair(config)?;
    let lines: Vec<Vec<&str>> = segments.iter().map(|segment| lines_of(&segment.text)).collect();
    let counts: Vec<usize> = lines.iter().map(Vec::len).collect();
    if counts.iter().all(|&count| count == 0) {
        // Nothing but blank text: nothing to ask.
        return Ok(vec![String::new(); segments.len()]);
    }
    let q = lines.concat().join("\n");
    let salt = fastrand::u32(..).to_string();
    let from = source.map_or_else(|| "auto".to_owned(), code);
    let to = code(target);
    let signature = sign(appid, &q, &salt, secret);
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &q)
        .append_pair("from", &from)
        .append_pair("to", &to)
        .append_pair("appid", appid)
        .append_pair("salt", &salt)
        .append_pair("sign", &signature)
        .finish();
    let request = client
        .post(http::endpoint(config, "/api/trans/vip/translate"))
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form);
    let response = http::send(config, request, classify).await?;
    let text = http::read_text(config, response).await?;
    let answers = parse(&text)?;
    regroup(&counts, answers)
}

/// `md5(appid + q + salt + secret)` in lowercase hex, over the raw UTF-8 `q`.
pub fn sign(appid: &str, q: &str, salt: &str, secret: &str) -> String {
    let mut hasher = Md5::new();
    for part in [appid, q, salt, secret] {
        hasher.update(part.as_bytes());
    }
    super::sign::hex(&hasher.finalize())
}

#[derive(Deserialize)]
struct Answer {
    trans_result: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    dst: String,
}

/// The answers, one per line sent, or the error reported inside the 200.
fn parse(text: &str) -> Result<Vec<String>, TranslateError> {
    let json: Value = http::parse_json(text)?;
    if let Some(code) = json.get("error_code").and_then(http::code_text).filter(|code| code != "52000") {
        let message = json.get("error_msg").and_then(Value::as_str).unwrap_or_default();
        return Err(error_for(&code, message));
    }
    let answer: Answer = serde_json::from_value(json).map_err(|error| http::decode_error(&error.to_string(), text))?;
    Ok(answer.trans_result.into_iter().map(|entry| entry.dst).collect())
}

/// What one of Baidu's error codes means, with Baidu's own words after ours.
fn error_for(code: &str, message: &str) -> TranslateError {
    let said = if message.trim().is_empty() {
        format!("Baidu error {code}")
    } else {
        format!("Baidu error {code}: {}", http::shorten(message))
    };
    let explained = |what: &str| format!("{what} ({said})");
    match code {
        "52001" => TranslateError::Provider { detail: explained("Baidu timed out"), retryable: true },
        "52002" => TranslateError::Provider { detail: explained("Baidu had a system error"), retryable: true },
        "52003" => TranslateError::Unauthorized {
            detail: explained("Baidu does not accept this APP ID: check it, and that general translation is enabled"),
        },
        "54001" => TranslateError::Unauthorized {
            detail: explained("the signature does not match: the APP ID and secret key do not belong together"),
        },
        "54003" => TranslateError::RateLimited { retry_after: Some(RATE_LIMIT_WAIT) },
        "54004" => TranslateError::QuotaExceeded { detail: explained("the account's balance is used up") },
        "54005" => TranslateError::RateLimited { retry_after: Some(LONG_QUERY_WAIT) },
        "58000" => TranslateError::Forbidden {
            detail: explained("this computer's IP address is not on the app's allowed list in Baidu's console"),
        },
        "58001" => TranslateError::BadRequest {
            status: 200,
            detail: explained("Baidu does not translate between these languages"),
        },
        "58002" => TranslateError::Forbidden { detail: explained("the service is switched off in Baidu's console") },
        "90107" => TranslateError::Forbidden { detail: explained("Baidu has not finished verifying the account") },
        _ => TranslateError::Provider { detail: said, retryable: false },
    }
}

/// A status other than 200 comes from whatever stands in front of Baidu and
/// means what HTTP says; Baidu's `error_msg`, when the body has one, says why.
fn classify(reply: &ErrorReply) -> Option<TranslateError> {
    let message = reply.json.as_ref()?.get("error_msg")?.as_str()?;
    let detail = http::shorten(message);
    if detail.is_empty() || reply.status == 407 {
        return None;
    }
    Some(reply.to_error().with_detail(detail))
}

/// A segment's text as the lines it is sent as: split at every kind of line
/// break, blank lines left out (they would get no answer of their own).
pub(crate) fn lines_of(text: &str) -> Vec<&str> {
    text.split(['\r', '\n']).filter(|line| !line.trim().is_empty()).collect()
}

/// Gives each segment its answers back, one per line it was sent as (`counts`),
/// joined by line breaks. Any other count of answers than lines sent is
/// `Misaligned`, except for a lone segment of several lines: nothing can be
/// shifted there, so however its lines came back (merged, say), they are its.
pub(crate) fn regroup(counts: &[usize], answers: Vec<String>) -> Result<Vec<String>, TranslateError> {
    let sent: usize = counts.iter().sum();
    let lone = counts.iter().filter(|&&count| count > 0).count() == 1 && sent > 1;
    let fits = if lone { !answers.is_empty() } else { answers.len() == sent };
    if !fits {
        return Err(TranslateError::Misaligned { expected: sent, got: answers.len() });
    }
    let mut answers = answers.into_iter();
    Ok(counts
        .iter()
        .map(|&count| match count {
            0 => String::new(),
            _ if lone => answers.by_ref().collect::<Vec<_>>().join("\n"),
            _ => answers.by_ref().take(count).collect::<Vec<_>>().join("\n"),
        })
        .collect())
}

/// Baidu's code for a target language.
fn target_code(lang: &Lang) -> String {
    code(lang)
}

/// Baidu's code for a language: its own three-letter codes where it has them,
/// `cht` for Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO) and `zh` for Simplified.
fn code(lang: &Lang) -> String {
    if lang.is_traditional_chinese() {
        return "cht".into();
    }
    let primary = lang.primary();
    let code = match primary.as_str() {
        "ja" => "jp",
        "ko" => "kor",
        "fr" => "fra",
        "es" => "spa",
        "ar" => "ara",
        "vi" => "vie",
        "bg" => "bul",
        "et" => "est",
        "da" => "dan",
        "fi" => "fin",
        "ro" => "rom",
        "sl" => "slo",
        "sv" => "swe",
        // Classical Chinese.
        "lzh" => "wyw",
        _ => return primary,
    };
    code.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_baidus_published_example() {
        // Baidu's documentation: appid 2015063000000001, q "apple", salt
        // 1435660288, key 12345678.
        assert_eq!(sign("2015063000000001", "apple", "1435660288", "12345678"), "f89f9594663708c1605f3d736d01d2d4");
    }

    #[test]
    fn codes_are_baidus_own() {
        let cases = [
            ("zh-Hant", "cht"),
            ("zh-TW", "cht"),
            ("zh-HK", "cht"),
            ("zh-Hans", "zh"),
            ("zh", "zh"),
            ("en-US", "en"),
            ("ja", "jp"),
            ("ko", "kor"),
            ("fr", "fra"),
            ("es", "spa"),
            ("vi", "vie"),
            ("ar", "ara"),
            ("de", "de"),
        ];
        for (tag, expected) in cases {
            assert_eq!(code(&Lang::new(tag)), expected, "{tag}");
        }
    }

    #[test]
    fn answers_go_back_to_the_segments_their_lines_came_from() {
        let answers = |texts: &[&str]| texts.iter().map(|text| (*text).to_owned()).collect::<Vec<_>>();
        assert_eq!(regroup(&[1, 2, 0, 1], answers(&["a", "b1", "b2", "d"])).unwrap(), ["a", "b1\nb2", "", "d"]);
        assert_eq!(regroup(&[1, 2], answers(&["a", "b1"])), Err(TranslateError::Misaligned { expected: 3, got: 2 }));
        // A lone segment of several lines cannot be misaligned: whatever came back is its.
        assert_eq!(regroup(&[0, 2], answers(&["merged"])).unwrap(), ["", "merged"]);
        assert_eq!(regroup(&[2], answers(&["a", "b", "c"])).unwrap(), ["a\nb\nc"]);
        // One line answered by none or by two is not.
        assert_eq!(regroup(&[1], Vec::new()), Err(TranslateError::Misaligned { expected: 1, got: 0 }));
        assert_eq!(regroup(&[1], answers(&["a", "b"])), Err(TranslateError::Misaligned { expected: 1, got: 2 }));
        assert_eq!(lines_of("一\r\n\r\n二\r三\n  \n"), ["一", "二", "三"]);
    }
}
