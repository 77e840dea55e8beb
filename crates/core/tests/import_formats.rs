//! Importing every supported format from the fixtures (web pages in UTF-8, Big5
//! and GB18030, Word, EPUB), reader-mode extraction quality, hostile markup, and
//! each kind of bad input getting its own one-line error.

#[path = "support/fixtures.rs"]
mod fixtures;

use duizhao_core::document::{import_bytes, import_path, Document, Format, ImportError, ImportOptions};
use fixtures::{blocks_of, expected_blocks, fixture, quality};

fn open(name: &str) -> Document {
    import_path(&fixture(name), ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn error(name: &str) -> ImportError {
    import_path(&fixture(name), ImportOptions::default()).expect_err(name)
}

const PAGES: &[(&str, &str)] = &[
    ("pages/news-tainan.html", "news-tainan"),
    ("pages/blog-hiking.html", "blog-hiking"),
    ("pages/old-portal.html", "old-portal"),
    ("pages/old-portal-big5.html", "old-portal"),
    ("pages/mainland-news.html", "mainland-news"),
    ("pages/mainland-news-gb18030.html", "mainland-news"),
    ("pages/hostile.html", "hostile"),
    ("pages/notice.html", "notice"),
];

#[test]
fn extraction_quality_report() {
    // Printed for the record (cargo nextest run --no-capture); asserted below.
    for (file, page) in PAGES {
        let doc = open(file);
        let q = quality(&doc, &expected_blocks(page));
        println!(
            "{file}: kept {}/{} expected blocks, {} boilerplate leaked {:?}",
            q.kept,
            q.expected,
            q.leaked.len(),
            q.leaked
        );
    }
}

#[test]
fn every_page_yields_exactly_its_article() {
    for (file, page) in PAGES {
        let doc = open(file);
        assert_eq!(doc.format, Format::Html, "{file}");
        assert_eq!(blocks_of(&doc), expected_blocks(page), "{file}");
    }
}
