//! Translation: providers (one module each), request planning, and the
//! scheduler that runs a document's blocks through a provider within its limits.
//!
//! This is one of the two places with network I/O (the other is URL import in
//! `document`); `discover` is the one request that is not a translation: it
//! asks 127.0.0.1 which local servers are running. Provider HTTP runs here, in Rust, never in the webview. API keys
//! arrive as `Secret`s from a `crate::settings::SecretStore` and leave only in the
//! request to their own provider; they are never logged, never in errors, never
//! in the cache.

pub mod already;
pub mod anthropic;
pub mod azure;
pub mod baidu;
pub mod custom;
pub mod deepl;
pub mod deeplx;
pub mod discover;
pub mod edge;
mod error;
pub mod gemini;
pub mod google;
pub mod google_web;
mod http;
pub mod libretranslate;
mod llm;
pub mod openai;
pub mod plan;
mod provider;
pub mod scheduler;
mod sign;
pub mod tencent;
pub mod transmart;
pub mod volcengine;
pub mod web;
pub mod youdao;

pub use crate::secret::Secret;
pub use error::TranslateError;
pub use http::user_agent;
pub use provider::{
    test_connection, translate_batch, translate_batch_by, translate_batch_guided, Limits, ProviderConfig, ProviderKind,
};

/// A language as Duizhao names it: a BCP-47 tag such as "en", "en-US", "zh-Hant",
/// "zh-Hans", "ja", "ko", "fr". Each provider maps it to its own codes (DeepL:
/// ZH-HANT/EN-US; Azure: zh-Hant; Google: zh-TW; LibreTranslate: zh-Hant, falling
/// back to zt); `None` as a source means "let the provider detect it".
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Lang(pub String);

impl Lang {
    pub fn new(tag: &str) -> Lang {
        Lang(tag.trim().to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary subtag, lowercased: "zh" for "zh-Hant".
    pub fn primary(&self) -> String {
        self.0.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase()
    }

    /// Traditional Chinese: zh-Hant, zh-TW, zh-HK, zh-MO.
    pub fn is_traditional_chinese(&self) -> bool {
        let tag = self.0.to_ascii_lowercase().replace('_', "-");
        tag.starts_with("zh-hant") || ["zh-tw", "zh-hk", "zh-mo"].contains(&tag.as_str())
    }

    /// Simplified Chinese: zh, zh-Hans, zh-CN, zh-SG.
    pub fn is_simplified_chinese(&self) -> bool {
        let tag = self.0.to_ascii_lowercase().replace('_', "-");
        tag == "zh" || tag.starts_with("zh-hans") || ["zh-cn", "zh-sg"].contains(&tag.as_str())
    }
}

/// One text to translate, with the id of the block it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub id: String,
    pub text: String,
}

/// What a chat model is told besides the segments (`llm::user_message`):
/// the document's title and the paragraph before the batch, as context not to
/// translate (when the profile's `context` is on), and the glossary terms
/// that occur in the batch. Other providers are sent none of it (a glossary
/// is checked after their answer instead: `crate::glossary::missing`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guidance {
    pub title: Option<String>,
    /// The paragraph before the batch's first segment, when it is not in the batch.
    pub previous: Option<String>,
    pub terms: Vec<crate::glossary::Term>,
}

impl Guidance {
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.previous.is_none() && self.terms.is_empty()
    }
}

/// What a chat model is sent for one batch (system prompt and user message),
/// for estimates (`crate::job::Job::estimate`): never sent from here.
pub fn prompt_text(
    config: &ProviderConfig,
    source: Option<&Lang>,
    target: &Lang,
    segments: &[Segment],
    guidance: &Guidance,
) -> String {
    format!("{}\n{}", llm::system_prompt(config, source, target), llm::user_message(segments, target, guidance))
}

/// Partial output of a streaming provider: the text so far for one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub id: String,
    pub text_so_far: String,
}
