//! Provider kinds, their profiles' connection settings, their limits, and the
//! one dispatch function. Dispatch is an explicit `match` over the kind, not
//! trait objects: each provider module exports the same few functions.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

use super::{
    anthropic, azure, baidu, custom, deepl, deeplx, edge, gemini, google, google_web, http, libretranslate, openai,
    tencent, transmart, volcengine, web, youdao, Delta, Guidance, Lang, Segment, TranslateError,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Any OpenAI-compatible chat completions server (OpenAI, DeepSeek, Qwen,
    /// Moonshot, Ollama, LM Studio, vLLM, OpenRouter, Groq, …).
    #[serde(rename = "openai")]
    OpenAi,
    #[serde(rename = "deepl")]
    DeepL,
    Google,
    Azure,
    #[serde(rename = "libretranslate")]
    LibreTranslate,
    /// The free web engines, tried in turn (`web`): no key, no account.
    Web,
    /// Microsoft Edge's translator (a web engine).
    Edge,
    /// Google's page translator, translate-pa `translateHtml` (a web engine).
    #[serde(rename = "google-web")]
    GoogleWeb,
    /// Tencent TranSmart (a web engine).
    #[serde(rename = "transmart")]
    TranSmart,
    /// Anthropic Messages (Claude).
    Anthropic,
    /// Google Gemini `generateContent`.
    Gemini,
    /// Baidu Fanyi (百度翻译), MD5-signed.
    Baidu,
    /// Youdao (有道智云), v3 SHA-256-signed.
    Youdao,
    /// Tencent Cloud TMT (腾讯云机器翻译), TC3-HMAC-SHA256-signed.
    Tencent,
    /// Volcengine machine translation (火山引擎), HMAC-SHA256-signed.
    Volcengine,
    /// DeepLX, the self-hosted DeepL bridge.
    #[serde(rename = "deeplx")]
    DeepLx,
    /// An in-house endpoint described by a template.
    Custom,
}

impl ProviderKind {
    /// Every provider, in the order Settings lists them.
    pub const ALL: [ProviderKind; 17] = [
        // No setup: the free web engines.
        ProviderKind::Web,
        ProviderKind::Edge,
        ProviderKind::GoogleWeb,
        ProviderKind::TranSmart,
        // Chat models.
        ProviderKind::OpenAi,
        ProviderKind::Anthropic,
        ProviderKind::Gemini,
        // Translation services.
        ProviderKind::DeepL,
        ProviderKind::Google,
        ProviderKind::Azure,
        ProviderKind::Baidu,
        ProviderKind::Youdao,
        ProviderKind::Tencent,
        ProviderKind::Volcengine,
        // Self-hosted, and anything else.
        ProviderKind::LibreTranslate,
        ProviderKind::DeepLx,
        ProviderKind::Custom,
    ];

    /// The registry: each provider's one row, in its own module.
    pub fn meta(self) -> &'static ProviderMeta {
        match self {
            ProviderKind::OpenAi => &openai::META,
            ProviderKind::DeepL => &deepl::META,
            ProviderKind::Google => &google::META,
            ProviderKind::Azure => &azure::META,
            ProviderKind::LibreTranslate => &libretranslate::META,
            ProviderKind::Web => &web::META,
            ProviderKind::Edge => &edge::META,
            ProviderKind::GoogleWeb => &google_web::META,
            ProviderKind::TranSmart => &transmart::META,
            ProviderKind::Anthropic => &anthropic::META,
            ProviderKind::Gemini => &gemini::META,
            ProviderKind::Baidu => &baidu::META,
            ProviderKind::Youdao => &youdao::META,
            ProviderKind::Tencent => &tencent::META,
            ProviderKind::Volcengine => &volcengine::META,
            ProviderKind::DeepLx => &deeplx::META,
            ProviderKind::Custom => &custom::META,
        }
    }

    /// The name used in settings and on the command line.
    pub fn name(self) -> &'static str {
        self.meta().id
    }

    pub fn from_name(name: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.name() == name.trim().to_ascii_lowercase())
    }

    /// How Settings lists it.
    pub fn label(self) -> &'static str {
        self.meta().label
    }

    /// Whether a key is required (LibreTranslate and local LLM servers may run without).
    pub fn needs_key(self) -> bool {
        self.meta().needs_key
    }

    /// The free web engines and their chain: no key, and the text goes to a
    /// company's public translator (the UI says so before first use).
    pub fn is_web(self) -> bool {
        self.meta().web
    }

    /// The public endpoint, used when a profile leaves the base URL empty.
    /// (DeepL's depends on the key: free keys end in ":fx"; see `deepl::base_url_for_key`.)
    pub fn default_base_url(self) -> &'static str {
        self.meta().default_base_url
    }

    pub fn limits(self) -> Limits {
        self.meta().limits
    }
}

/// What one batch request returns: one text per segment, and which provider
/// made them (the `web` chain's engine that answered; else the provider itself).
pub type BatchResult = Result<(Vec<String>, ProviderKind), TranslateError>;

/// One batch request, as a provider module makes it (`ProviderMeta::translate`).
pub type BatchFuture<'a> = Pin<Box<dyn Future<Output = BatchResult> + Send + 'a>>;

/// What a provider is asked to translate in one request.
#[derive(Clone, Copy)]
pub struct Batch<'a> {
    pub client: &'a reqwest::Client,
    pub config: &'a ProviderConfig,
    pub segments: &'a [Segment],
    pub source: Option<&'a Lang>,
    pub target: &'a Lang,
    /// Context and glossary terms for chat models (others ignore it).
    pub guidance: &'a Guidance,
}

/// A provider module's request function: `on_delta` receives partial text from
/// providers that stream.
pub type TranslateFn = for<'a> fn(Batch<'a>, &'a mut (dyn FnMut(Delta) + Send)) -> BatchFuture<'a>;

/// A `BatchFuture` for a provider whose answer is its own (every provider but the `web` chain).
pub(crate) fn answered<'a>(
    kind: ProviderKind,
    translation: impl Future<Output = Result<Vec<String>, TranslateError>> + Send + 'a,
) -> BatchFuture<'a> {
    Box::pin(async move { Ok((translation.await?, kind)) })
}

/// A provider as the registry lists it: everything the app, the CLI and
/// citations know about it, in one row exported by its module as `META`.
/// Adding a provider is its module (with this row), its `ProviderKind`
/// variant and its line in `ProviderKind::meta` and `ALL`.
pub struct ProviderMeta {
    pub kind: ProviderKind,
    /// The name in settings files, on the command line and in the cache's key
    /// (the variant's serde name: a test checks they agree).
    pub id: &'static str,
    /// How Settings lists it.
    pub label: &'static str,
    /// A short name that new profiles are named by ("DeepL · 127.0.0.1:8080").
    pub short_name: &'static str,
    /// The service a citation or a row's "translated by" names; `None` for
    /// providers named otherwise (an LLM server by its model, the chain by its engines).
    pub service: Option<&'static str>,
    /// A key is required (LibreTranslate and local LLM servers may run without).
    pub needs_key: bool,
    /// A free web engine or their chain.
    pub web: bool,
    /// The public endpoint, used when a profile leaves the base URL empty.
    pub default_base_url: &'static str,
    /// Batching and pacing defaults.
    pub limits: Limits,
    /// A chat model API: the profile names a model (required), and stream,
    /// temperature and system prompt apply.
    pub llm: bool,
    /// The profile takes a region (Azure's resource region, Tencent's
    /// `X-TC-Region`); `Some(default)`, where "" means none unless set.
    pub region: Option<&'static str>,
    /// The key is a pair stored as one entry, `ID:SECRET` (Baidu's app id and
    /// key, Tencent's SecretId and SecretKey, …): the names of its two parts.
    pub key_pair: Option<(&'static str, &'static str)>,
    /// The provider's code for a target language (its language-code mapping).
    pub target_code: fn(&Lang) -> String,
    /// One batch request.
    pub translate: TranslateFn,
}

/// What one request may carry, and how hard to push a provider by default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Texts (segments) per request.
    pub max_texts: usize,
    /// Characters (Unicode scalar values) of text per request.
    pub max_chars: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests started per second.
    pub requests_per_second: f64,
}

/// Everything needed to talk to one provider: the connection part of a profile
/// plus its key.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub kind: ProviderKind,
    /// Without a trailing slash, e.g. "https://api.deepl.com" or "http://127.0.0.1:8080/v1".
    pub base_url: String,
    pub api_key: Option<Secret>,
    /// LLM model name (OpenAI-compatible); ignored by the others.
    pub model: Option<String>,
    pub temperature: Option<f32>,
    /// System prompt for LLMs; `None` uses `openai::DEFAULT_SYSTEM_PROMPT`.
    pub system_prompt: Option<String>,
    /// Stream LLM answers (shown as they arrive).
    pub stream: bool,
    /// Azure resource region (`Ocp-Apim-Subscription-Region`), when the resource is regional.
    pub region: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// The `web` chain's engines with their endpoints, in order (empty: all of
    /// `web::ENGINES` at their public addresses); other kinds ignore it.
    pub engines: Vec<(ProviderKind, String)>,
    /// The custom provider's template (other kinds ignore it).
    pub template: Option<super::custom::CustomTemplate>,
}

impl ProviderConfig {
    pub fn new(kind: ProviderKind, base_url: &str) -> ProviderConfig {
        let base_url = if base_url.trim().is_empty() { kind.default_base_url() } else { base_url.trim() };
        ProviderConfig {
            kind,
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key: None,
            model: None,
            temperature: None,
            system_prompt: None,
            stream: kind.meta().llm,
            region: None,
            timeout: Duration::from_secs(60),
            engines: Vec::new(),
            template: None,
        }
    }
}

/// Translates one batch (already planned within `kind.limits()`), returning one
/// translation per segment, in order. Streaming providers report partial text
/// through `on_delta`. A provider's answer is checked segment by segment: a
/// reply with missing, extra or merged segments is `TranslateError::Misaligned`,
/// never shifted onto the wrong segments.
pub async fn translate_batch(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<Vec<String>, TranslateError> {
    translate_batch_by(client, config, segments, source, target, on_delta).await.map(|(texts, _)| texts)
}

/// `translate_batch`, also saying which provider translated the batch: the
/// configuration's own kind, or for `web` the engine of the chain that did.
pub async fn translate_batch_by(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<(Vec<String>, ProviderKind), TranslateError> {
    translate_batch_guided(client, config, segments, source, target, &Guidance::default(), on_delta).await
}

/// `translate_batch_by` with context and glossary terms for chat models
/// (`Guidance`; the other providers are sent only the segments).
pub async fn translate_batch_guided(
    client: &reqwest::Client,
    config: &ProviderConfig,
    segments: &[Segment],
    source: Option<&Lang>,
    target: &Lang,
    guidance: &Guidance,
    on_delta: &mut (dyn FnMut(Delta) + Send),
) -> Result<(Vec<String>, ProviderKind), TranslateError> {
    if segments.is_empty() {
        return Ok((Vec::new(), config.kind));
    }
    let meta = config.kind.meta();
    if meta.needs_key && config.api_key.is_none() {
        return Err(TranslateError::Config { detail: format!("{} needs an API key", meta.label) });
    }
    let batch = Batch { client, config, segments, source, target, guidance };
    // Whatever went wrong, the key is not in the error (some providers take it in the URL).
    let (translations, by) = http::scrub(config, (meta.translate)(batch, on_delta).await)?;
    if translations.len() != segments.len() {
        return Err(TranslateError::Misaligned { expected: segments.len(), got: translations.len() });
    }
    Ok((translations, by))
}

/// One tiny request with this configuration, for the settings' "test
/// connection" button: translates "測試" into English, which proves the key,
/// the endpoint (and Azure's region) and the network all work. Never streamed.
pub async fn test_connection(client: &reqwest::Client, config: &ProviderConfig) -> Result<(), TranslateError> {
    let config = ProviderConfig { stream: false, ..config.clone() };
    let probe = [Segment { id: "test".into(), text: "測試".into() }];
    translate_batch(client, &config, &probe, None, &Lang::new("en"), &mut |_| {}).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let mut config = ProviderConfig::new(ProviderKind::DeepL, "");
        config.api_key = Some(Secret::new("sk-very-secret"));
        let shown = format!("{config:?}");
        assert!(!shown.contains("sk-very-secret") && shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn every_kind_has_its_own_row_named_as_serde_names_it() {
        let mut ids = std::collections::HashSet::new();
        for kind in ProviderKind::ALL {
            let meta = kind.meta();
            assert_eq!(meta.kind, kind, "{} is registered under another kind", meta.id);
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(meta.id));
            assert!(ids.insert(meta.id), "{} is listed twice", meta.id);
            assert!(!meta.label.is_empty() && !meta.short_name.is_empty());
            assert!(!(meta.web && meta.needs_key), "{}: a web engine needs no key", meta.id);
            assert!(meta.limits.max_texts > 0 && meta.limits.requests_per_second > 0.0);
            assert!(!(meta.target_code)(&Lang::new("zh-Hant")).is_empty());
        }
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in ProviderKind::ALL {
            assert_eq!(ProviderKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(ProviderKind::from_name("babelfish"), None);
    }
}
