//! The built-in sample article, written for Duizhao: a short Taiwan news-style
//! piece with the vocabulary that tests regional conversion (軟體, 網路, 資訊,
//! 記憶體), a quote, a list and an image placeholder. Shown at first start.

use crate::document::{import_bytes, Document, ImportError, ImportOptions};

pub const SAMPLE_MARKDOWN: &str = include_str!("sample.md");

pub fn sample_document() -> Result<Document, ImportError> {
    import_bytes(SAMPLE_MARKDOWN.as_bytes(), "sample", "sample.md", ImportOptions::default())
}
