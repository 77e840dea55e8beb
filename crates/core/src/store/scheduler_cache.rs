//! The scheduler's cache, backed by the SQLite store: the block's text plus
//! everything else that determines a translation (provider kind, endpoint,
//! model, languages, prompt/options fingerprint) make the key, and for a chat
//! model the glossary terms the text was sent with (`get_keyed`: appended to
//! the fingerprint after a NUL, which no JSON fingerprint holds; a text sent
//! without terms keeps the key it always had). Keys never include an API key.

use std::sync::Arc;

use crate::translate::scheduler::TranslationCache;
use crate::translate::{Lang, ProviderConfig, ProviderKind};

use super::{Cache, CacheKey, CacheKeyParts};

pub struct StoredCache {
    cache: Arc<Cache>,
    config: ProviderConfig,
    source: Option<Lang>,
    target: Lang,
    fingerprint: String,
}

impl StoredCache {
    pub fn new(
        cache: Arc<Cache>,
        config: &ProviderConfig,
        source: Option<Lang>,
        target: Lang,
        fingerprint: String,
    ) -> Self {
        let mut config = config.clone();
        // The cache never holds on to a key, not even in memory beside it.
        config.api_key = None;
        StoredCache { cache, config, source, target, fingerprint }
    }

    fn key(&self, text: &str) -> CacheKey {
        self.keyed(text, "")
    }

    fn keyed(&self, text: &str, extra: &str) -> CacheKey {
        let with_terms;
        let fingerprint = if extra.is_empty() {
            self.fingerprint.as_str()
        } else {
            with_terms = format!("{}\u{0}glossary\u{0}{extra}", self.fingerprint);
            with_terms.as_str()
        };
        CacheKey::new(&CacheKeyParts {
            kind: self.config.kind,
            base_url: &self.config.base_url,
            model: self.config.model.as_deref(),
            source: self.source.as_ref(),
            target: &self.target,
            fingerprint,
            text,
        })
    }
}

impl TranslationCache for StoredCache {
    fn get(&self, text: &str) -> Option<String> {
        // A cache that cannot be read is a cache miss: the block is translated again.
        self.cache.get(&self.key(text)).ok().flatten()
    }

    fn put(&self, text: &str, translation: &str) {
        // A failed write (disk full) loses only the saving of a request next time;
        // the translation itself is still shown.
        let _ = self.cache.put(&self.key(text), translation);
    }

    fn get_by(&self, text: &str) -> Option<(String, Option<ProviderKind>)> {
        let (translation, engine) = self.cache.get_by(&self.key(text)).ok().flatten()?;
        Some((translation, engine.as_deref().and_then(ProviderKind::from_name)))
    }

    fn put_by(&self, text: &str, translation: &str, by: ProviderKind) {
        let _ = self.cache.put_by(&self.key(text), translation, Some(by.name()));
    }

    fn get_keyed(&self, text: &str, extra: &str) -> Option<(String, Option<ProviderKind>)> {
        let (translation, engine) = self.cache.get_by(&self.keyed(text, extra)).ok().flatten()?;
        Some((translation, engine.as_deref().and_then(ProviderKind::from_name)))
    }

    fn put_keyed(&self, text: &str, extra: &str, translation: &str, by: ProviderKind) {
        let _ = self.cache.put_by(&self.keyed(text, extra), translation, Some(by.name()));
    }

    fn put_keyed_all(&self, entries: &[(&str, &str, &str)], by: ProviderKind) {
        let rows: Vec<(CacheKey, &str)> =
            entries.iter().map(|(text, extra, translation)| (self.keyed(text, extra), *translation)).collect();
        let _ = self.cache.put_all_by(&rows, Some(by.name()));
    }
}
