//! Web pages: charset pre-scan, decoding, reader-mode extraction, segmentation.
#![no_main]

use duizhao_core::document::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = import_bytes(data, "fuzz", "page.html", ImportOptions::default());
});
