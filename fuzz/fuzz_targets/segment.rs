//! Segmentation of pasted text, plain-text files and Markdown (with raw HTML).
#![no_main]

use duizhao_core::document::{import_bytes, import_text, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = import_text(&text, "clipboard");
    let _ = import_bytes(data, "fuzz", "a.md", ImportOptions::default());
    let _ = import_bytes(data, "fuzz", "a.txt", ImportOptions::default());
    let _ = import_bytes(data, "fuzz", "", ImportOptions::default());
});
