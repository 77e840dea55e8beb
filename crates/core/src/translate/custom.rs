//! A custom HTTP provider: an in-house endpoint described by a template
//! instead of code. The profile's base URL is the whole address; the template
//! gives the method, headers, a JSON body and where the translations are in
//! the answer.
//!
//! Placeholders, in the body's strings, the headers and the URL:
//! - `"{{texts}}"` — a body string that is exactly this becomes the JSON array
//!   of the batch's texts (one request per batch);
//! - `{{text}}` — the one text (then one request per text);
//! - `{{from}}`, `{{to}}` — the language tags (`from` is empty when the
//!   provider should detect it);
//! - `{{key}}` — the profile's key (headers only; never in the URL or body, so
//!   it goes only where the template's author put it for authentication).
//!
//! The answer's translations are found by `translations`, a path such as
//! `translations[*].text`, `data.translations` or `result` (`[*]` takes every
//! element of an array, `[0]` one; a path that ends on an array of strings
//! takes them all). A batch whose answer has another number of texts is
//! misaligned, never shifted. Values are substituted structurally (a text
//! with quotes or newlines stays one JSON string), so no text can change the
//! request's shape.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::http;
use super::provider::{answered, Batch, BatchFuture, ProviderMeta};
use super::{Delta, Lang, Limits, ProviderConfig, ProviderKind, Segment, TranslateError};

/// No default: the template's URL is the endpoint.
pub const DEFAULT_BASE_URL: &str = "";

/// Modest defaults for a server nobody here knows; the profile can raise them.
pub const LIMITS: Limits = Limits { max_texts: 20, max_chars: 5_000, concurrency: 1, requests_per_second: 1.0 };

/// This provider's row in the registry (`ProviderKind::meta`).
pub const META: ProviderMeta = ProviderMeta {
    kind: ProviderKind::Custom,
    id: "custom",
    label: "Custom HTTP endpoint (template)",
    short_name: "Custom",
    service: None,
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
    answered(ProviderKind::Custom, translate(b.client, b.config, b.segments, b.source, b.target))
}

fn target_code(lang: &Lang) -> String {
    lang.as_str().to_owned()
}

/// How to talk to a custom endpoint (kept in the profile, `settings.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomTemplate {
    /// "POST" (default), "PUT" or "GET" (a GET sends no body).
    #[serde(default = "default_method")]
    pub method: String,
    /// Header name → value; values may hold `{{key}}`, `{{from}}`, `{{to}}`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The JSON body, as text, with placeholders in its strings.
    #[serde(default)]
    pub body: String,
    /// Where the translations are in the answer (`translations[*].text`).
    pub translations: String,
}

fn default_method() -> String {
    "POST".into()
}

impl CustomTemplate {
    /// Checks the template without sending anything: a known method, a body
    /// that is JSON, a path that parses, and a way to put the text in.
    pub fn validate(&self) -> Result<(), String> {
        let method = self.method.trim().to_ascii_uppercase();
        if !["POST", "PUT", "GET"].contains(&method.as_str()) {
            return Err(format!("the method must be POST, PUT or GET, not {:?}", self.method));
        }
        for (name, value) in &self.headers {
            if name.trim().is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c)) {
                return Err(format!("{name:?} is not a header name"));
            }
            if value.contains(['\r', '\n']) {
                return Err(format!("the {name} header's value must be one line"));
            }
        }
        let body = self.body_value()?;
        parse_path(&self.translations)?;
        let mentions = |needle: &str| self.body.contains(needle);
        if method == "GET" {
            if !self.body.trim().is_empty() {
                return Err("a GET request has no body: put the text in the address with {{text}}".into());
            }
        } else if !(mentions("\"{{texts}}\"") || mentions("{{text}}")) {
            return Err("the body must hold \"{{texts}}\" (every text, as an array) or {{text}} (one text)".into());
        }
        if body.is_some() && self.body.contains("{{key}}") {
            return Err("{{key}} belongs in a header (Authorization), not in the body".into());
        }
        Ok(())
    }

    fn body_value(&self) -> Result<Option<Value>, String> {
        if self.body.trim().is_empty() {
            return Ok(None);
        }
        serde_json::from_str(&self.body).map(Some).map_err(|e| format!("the body is not JSON: {e}"))
    }

    /// Whether one request carries the whole batch (`"{{texts}}"`).
    fn batched(&self) -> bool {
        self.body.contains("\"{{texts}}\"")
    }
}

/// The batch's texts and languages, put into a template.
struct Fill<'a> {
    texts: &'a [&'a str],
    from: &'a str,
    to: &'a str,
}

impl Fill<'_> {
    fn text(&self, template: &str) -> String {
        template
            .replace("{{text}}", self.texts.first().copied().unwrap_or_default())
            .replace("{{from}}", self.from)
            .replace("{{to}}", self.to)
    }

    fn value(&self, template: &Value) -> Value {
        match template {
            Value::String(s) if s == "{{texts}}" => {
                Value::Array(self.texts.iter().map(|t| Value::String((*t).to_owned())).collect())
            }
            Value::String(s) => Value::String(self.text(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.value(v)).collect()),
            Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), self.value(v))).collect()),
            other => other.clone(),
        }
    }
}

/// Translates one batch: one request for a `{{texts}}` template, else one per text.
pub async fn translate(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
) -> Result<Vec<String>, TranslateError> {
    let template = config.template.as_ref().ok_or_else(|| TranslateError::Config {
        detail: "the custom provider has no template (method, body and where the translations are)".into(),
    })?;
    template.validate().map_err(|detail| TranslateError::Config { detail })?;
    if config.base_url.contains("{{key}}") {
        return Err(TranslateError::Config {
            detail: "{{key}} belongs in a header (Authorization), never in the address".into(),
        });
    }
    let from = source.map(Lang::as_str).unwrap_or_default();
    let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    if template.batched() {
        let out = request(client, config, template, &Fill { texts: &texts, from, to: target.as_str() }).await?;
        if out.len() != segments.len() {
            return Err(TranslateError::Misaligned { expected: segments.len(), got: out.len() });
        }
        return Ok(out);
    }
    let mut out = Vec::with_capacity(segments.len());
    for text in &texts {
        let one = [*text];
        let mut answer = request(client, config, template, &Fill { texts: &one, from, to: target.as_str() }).await?;
        if answer.len() != 1 {
            return Err(TranslateError::Misaligned { expected: 1, got: answer.len() });
        }
        out.append(&mut answer);
    }
    Ok(out)
}

async fn request(
    client: &reqwest::Client,
    config: &ProviderConfig,
    template: &CustomTemplate,
    fill: &Fill<'_>,
) -> Result<Vec<String>, TranslateError> {
    // The URL gets the text URL-encoded (a GET template's query).
    let url = {
        let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let text = fill.texts.first().map(|t| encode(t)).unwrap_or_default();
        config
            .base_url
            .replace("{{text}}", &text)
            .replace("{{from}}", &encode(fill.from))
            .replace("{{to}}", &encode(fill.to))
    };
    let method = template.method.trim().to_ascii_uppercase();
    let mut request = match method.as_str() {
        "GET" => client.get(&url),
        "PUT" => client.put(&url),
        _ => client.post(&url),
    };
    let key = http::api_key(config).unwrap_or_default();
    for (name, value) in &template.headers {
        request = request.header(name.trim(), fill.text(value).replace("{{key}}", key));
    }
    let body = template.body_value().map_err(|detail| TranslateError::Config { detail })?;
    if let Some(body) = body {
        request = request.json(&fill.value(&body));
    }
    let response = http::send(config, request, |_| None).await?;
    let text = http::read_text(config, response).await?;
    let answer: Value = http::parse_json(&text)?;
    let path = parse_path(&template.translations).map_err(|detail| TranslateError::Config { detail })?;
    let found = select(&answer, &path);
    if found.is_empty() {
        // A server that reports its error inside a 200 says so in its own words.
        if let Some(message) = http::error_message(&answer) {
            return Err(TranslateError::Provider { detail: http::shorten(&message), retryable: false });
        }
        return Err(http::decode_error(
            &format!("nothing at {:?} in the answer (the template's translations path)", template.translations),
            &text,
        ));
    }
    found
        .into_iter()
        .map(|value| match value {
            Value::String(s) => Ok(s.clone()),
            other => Err(http::decode_error(
                &format!("{:?} holds {other} where a translation (a string) should be", template.translations),
                &text,
            )),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(usize),
    Every,
}

/// `a.b[*].c`, `[0].text`, `$` or `` (the whole answer).
fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let path = path.trim().trim_start_matches('$').trim_start_matches('.');
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, mut rest) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            steps.push(Step::Field(name.to_owned()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']').ok_or_else(|| format!("{path:?}: a '[' without ']'"))?;
            let index = &inner[..end];
            steps.push(if index == "*" {
                Step::Every
            } else {
                Step::Index(index.parse().map_err(|_| format!("{path:?}: [{index}] is not [*] or a number"))?)
            });
            rest = &inner[end + 1..];
        }
        if !rest.is_empty() {
            return Err(format!("{path:?}: unexpected {rest:?}"));
        }
    }
    Ok(steps)
}

/// The values at `path`; an array at the end is taken element by element.
fn select<'a>(value: &'a Value, path: &[Step]) -> Vec<&'a Value> {
    let mut current = vec![value];
    for step in path {
        current = current
            .into_iter()
            .flat_map(|v| -> Vec<&Value> {
                match (step, v) {
                    (Step::Field(name), Value::Object(map)) => map.get(name).into_iter().collect(),
                    (Step::Index(i), Value::Array(items)) => items.get(*i).into_iter().collect(),
                    (Step::Every, Value::Array(items)) => items.iter().collect(),
                    _ => Vec::new(),
                }
            })
            .collect();
    }
    if let [Value::Array(items)] = current.as_slice() {
        return items.iter().collect();
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(body: &str, translations: &str) -> CustomTemplate {
        CustomTemplate {
            method: "POST".into(),
            headers: BTreeMap::new(),
            body: body.into(),
            translations: translations.into(),
        }
    }

    #[test]
    fn paths_find_translations_in_the_usual_shapes() {
        let answer = json!({"translations": [{"text": "A"}, {"text": "B"}], "data": {"out": ["x", "y"]}});
        let texts = |path: &str| -> Vec<String> {
            select(&answer, &parse_path(path).unwrap()).iter().map(|v| v.as_str().unwrap_or("?").to_owned()).collect()
        };
        assert_eq!(texts("translations[*].text"), ["A", "B"]);
        assert_eq!(texts("$.translations[1].text"), ["B"]);
        assert_eq!(texts("data.out"), ["x", "y"]);
        assert!(texts("nothing.here").is_empty());
        assert!(parse_path("a[").is_err() && parse_path("a[x]").is_err());
    }

    #[test]
    fn texts_are_put_in_as_json_values_so_quotes_cannot_break_out() {
        let tpl: Value =
            serde_json::from_str(r#"{"q": "{{texts}}", "to": "{{to}}", "note": "from {{from}}"}"#).unwrap();
        let texts = ["他說：\"好\"", "line\nbreak"];
        let filled = Fill { texts: &texts, from: "zh-Hant", to: "en" }.value(&tpl);
        assert_eq!(filled, json!({"q": ["他說：\"好\"", "line\nbreak"], "to": "en", "note": "from zh-Hant"}));
    }

    #[test]
    fn templates_are_checked_before_anything_is_sent() {
        assert!(template(r#"{"q": "{{texts}}"}"#, "translations").validate().is_ok());
        assert!(template(r#"{"q": "{{text}}"}"#, "result").validate().is_ok());
        assert!(template(r#"{"q": "hello"}"#, "result").validate().unwrap_err().contains("{{texts}}"));
        assert!(template("{not json", "result").validate().unwrap_err().contains("not JSON"));
        assert!(template(r#"{"q": "{{text}}", "k": "{{key}}"}"#, "r").validate().unwrap_err().contains("header"));
        let mut get = template("", "result");
        get.method = "GET".into();
        assert!(get.validate().is_ok());
        get.method = "DELETE".into();
        assert!(get.validate().is_err());
        let mut bad_header = template(r#"{"q": "{{text}}"}"#, "r");
        bad_header.headers.insert("X-Key".into(), "a\nb".into());
        assert!(bad_header.validate().is_err());
    }
}
