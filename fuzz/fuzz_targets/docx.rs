//! Word files: the zip layer on raw bytes, and the XML readers on parts packed
//! into a valid zip (document, styles, core properties).
#![no_main]

use duizhao_core::document::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = import_bytes(data, "fuzz", "a.docx", ImportOptions::default());
    let p = common::parts(data, 3);
    let packed = common::zip_of(&[("word/document.xml", p[0]), ("word/styles.xml", p[1]), ("docProps/core.xml", p[2])]);
    let _ = import_bytes(&packed, "fuzz", "a.docx", ImportOptions::default());
});
