//! EPUB files: the zip layer on raw bytes, and the container, package, table
//! of contents and chapter readers on parts packed into a valid zip.
#![no_main]

use duizhao_core::document::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const CONTAINER: &[u8] = br#"<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"#;

fuzz_target!(|data: &[u8]| {
    let _ = import_bytes(data, "fuzz", "a.epub", ImportOptions::default());
    let p = common::parts(data, 3);
    let packed = common::zip_of(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", p[0]),
        ("OEBPS/nav.xhtml", p[1]),
        ("OEBPS/c1.xhtml", p[2]),
        ("OEBPS/toc.ncx", p[1]),
    ]);
    let _ = import_bytes(&packed, "fuzz", "a.epub", ImportOptions::default());
});
