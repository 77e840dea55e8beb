//! Provider kinds, their profiles' connection settings, their limits, and the
//! one dispatch function. Dispatch is an explicit `match` over the kind, not
//! trait objects: each provider module exports the same few functions.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

use super::{
    azure, deepl, edge, google, google_web, libretranslate, openai, transmart, web, Delta, Lang, Segment,
    TranslateError,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 9] = [
        ProviderKind::Web,
        ProviderKind::Edge,
        ProviderKind::GoogleWeb,
        ProviderKind::TranSmart,
        ProviderKind::OpenAi,
        ProviderKind::DeepL,
        ProviderKind::Google,
        ProviderKind::Azure,
        ProviderKind::LibreTranslate,
    ];

    /// The name used in settings and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ProviderKind::OpenAi => "openai",
            ProviderKind::DeepL => "deepl",
            ProviderKind::Google => "google",
            ProviderKind::Azure => "azure",
            ProviderKind::LibreTranslate => "libretranslate",
            ProviderKind::Web => "web",
            ProviderKind::Edge => "edge",
            ProviderKind::GoogleWeb => "google-web",
            ProviderKind::TranSmart => "transmart",
        }
    }

    pub fn from_name(name: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.name() == name.trim().to_ascii_lowercase())
    }

    pub fn label(self) -> &'static str {
        match self {
            ProviderKind::OpenAi => "OpenAI-compatible chat (OpenAI, DeepSeek, Qwen, Ollama, …)",
            ProviderKind::DeepL => "DeepL",
            ProviderKind::Google => "Google Cloud Translation",
            ProviderKind::Azure => "Azure AI Translator",
            ProviderKind::LibreTranslate => "LibreTranslate",
            ProviderKind::Web => "Free web engines (Microsoft, Google, Tencent)",
            ProviderKind::Edge => "Microsoft Edge translator (web, no key)",
            ProviderKind::GoogleWeb => "Google page translator (web, no key)",
            ProviderKind::TranSmart => "Tencent TranSmart (web, no key)",
        }
    }

    /// Whether a key is required (LibreTranslate and local LLM servers may run without).
    pub fn needs_key(self) -> bool {
        !matches!(self, ProviderKind::LibreTranslate | ProviderKind::OpenAi) && !self.is_web()
    }

    /// The free web engines and their chain: no key, and the text goes to a
    /// company's public translator (the UI says so before first use).
    pub fn is_web(self) -> bool {
        matches!(self, ProviderKind::Web | ProviderKind::Edge | ProviderKind::GoogleWeb | ProviderKind::TranSmart)
    }

    /// The public endpoint, used when a profile leaves the base URL empty.
    /// (DeepL's depends on the key: free keys end in ":fx"; see `deepl::base_url_for_key`.)
    pub fn default_base_url(self) -> &'static str {
        match self {
            ProviderKind::OpenAi => openai::DEFAULT_BASE_URL,
            ProviderKind::DeepL => deepl::DEFAULT_BASE_URL,
            ProviderKind::Google => google::DEFAULT_BASE_URL,
            ProviderKind::Azure => azure::DEFAULT_BASE_URL,
            ProviderKind::LibreTranslate => libretranslate::DEFAULT_BASE_URL,
            // The chain has no endpoint of its own: each engine has its own.
            ProviderKind::Web => "",
            ProviderKind::Edge => edge::DEFAULT_BASE_URL,
            ProviderKind::GoogleWeb => google_web::DEFAULT_BASE_URL,
            ProviderKind::TranSmart => transmart::DEFAULT_BASE_URL,
        }
    }

    pub fn limits(self) -> Limits {
        match self {
            ProviderKind::OpenAi => openai::LIMITS,
            ProviderKind::DeepL => deepl::LIMITS,
            ProviderKind::Google => google::LIMITS,
            ProviderKind::Azure => azure::LIMITS,
            ProviderKind::LibreTranslate => libretranslate::LIMITS,
            ProviderKind::Web => web::LIMITS,
            ProviderKind::Edge => edge::LIMITS,
            ProviderKind::GoogleWeb => google_web::LIMITS,
            ProviderKind::TranSmart => transmart::LIMITS,
        }
    }
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
            stream: kind == ProviderKind::OpenAi,
            region: None,
            timeout: Duration::from_secs(60),
            engines: Vec::new(),
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
    if segments.is_empty() {
        return Ok((Vec::new(), config.kind));
    }
    if config.kind.needs_key() && config.api_key.is_none() {
        return Err(TranslateError::Config { detail: format!("{} needs an API key", config.kind.label()) });
    }
    let (translations, by) = match config.kind {
        ProviderKind::OpenAi => {
            (openai::translate(client, config, segments, source, target, on_delta).await?, config.kind)
        }
        ProviderKind::DeepL => (deepl::translate(client, config, segments, source, target).await?, config.kind),
        ProviderKind::Google => (google::translate(client, config, segments, source, target).await?, config.kind),
        ProviderKind::Azure => (azure::translate(client, config, segments, source, target).await?, config.kind),
        ProviderKind::LibreTranslate => {
            (libretranslate::translate(client, config, segments, source, target).await?, config.kind)
        }
        ProviderKind::Web => web::translate(client, config, segments, source, target).await?,
        ProviderKind::Edge | ProviderKind::GoogleWeb | ProviderKind::TranSmart => {
            (web::translate_with_engine(client, config, segments, source, target).await?, config.kind)
        }
    };
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
    fn kind_names_round_trip() {
        for kind in ProviderKind::ALL {
            assert_eq!(ProviderKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(ProviderKind::from_name("baidu"), None);
    }
}
