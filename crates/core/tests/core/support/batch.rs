//! Batches as provider tests send them: segments named `block-1`, `block-2`, …
//! and one call of the dispatcher (`translate_batch`), which checks the key and
//! scrubs it from errors exactly as the app's jobs do.

use duizhao_core::translate::{translate_batch, Lang, ProviderConfig, Segment, TranslateError};

/// One segment per text, with the ids `block-1`, `block-2`, ….
pub fn segments(texts: &[&str]) -> Vec<Segment> {
    texts.iter().enumerate().map(|(i, text)| Segment { id: format!("block-{}", i + 1), text: (*text).into() }).collect()
}

/// The texts as owned strings, to compare with an answer.
pub fn strings(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|text| (*text).to_owned()).collect()
}

/// Translates `texts` as one batch through the dispatcher.
pub async fn translate(
    config: &ProviderConfig,
    texts: &[&str],
    source: Option<&str>,
    target: &str,
) -> Result<Vec<String>, TranslateError> {
    let source = source.map(Lang::new);
    translate_batch(&reqwest::Client::new(), config, &segments(texts), source.as_ref(), &Lang::new(target), &mut |_| {})
        .await
}
