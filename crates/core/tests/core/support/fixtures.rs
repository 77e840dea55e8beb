//! Paths and expectations of the import fixtures in tests/fixtures (written for
//! Duizhao; see make_import_fixtures.py).

use std::path::PathBuf;

use duizhao_core::document::Document;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures")).join(name)
}

/// A page's expected article: `kind<TAB>text` per line, from `pages/<name>.expected`.
pub fn expected_blocks(page: &str) -> Vec<(String, String)> {
    let path = fixture(&format!("pages/{page}.expected"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (kind, text) = l.split_once('\t').unwrap_or_else(|| panic!("{page}.expected: no tab in {l:?}"));
            (kind.to_owned(), text.to_owned())
        })
        .collect()
}

pub fn blocks_of(doc: &Document) -> Vec<(String, String)> {
    doc.blocks.iter().map(|b| (b.kind.as_str().to_owned(), b.text.clone())).collect()
}

/// How an extraction compares with the expected article.
#[derive(Debug, PartialEq, Eq)]
pub struct Quality {
    pub expected: usize,
    /// Expected blocks found (same kind and text).
    pub kept: usize,
    /// Blocks found that the article does not have: boilerplate that leaked.
    pub leaked: Vec<String>,
}

pub fn quality(doc: &Document, expected: &[(String, String)]) -> Quality {
    let found = blocks_of(doc);
    let kept = expected.iter().filter(|e| found.contains(e)).count();
    let leaked = found.iter().filter(|f| !expected.contains(f)).map(|(_, t)| t.clone()).collect();
    Quality { expected: expected.len(), kept, leaked }
}
