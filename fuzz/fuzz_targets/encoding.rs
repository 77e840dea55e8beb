//! Encoding detection and strict decoding: BOMs, UTF-8, Big5/GB18030 guessing,
//! declared encodings (including UTF-16 without a BOM) and label lookup.
#![no_main]

use duizhao_core::document::{decode, encoding_for_label};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode(data, None);
    let (first, rest) = match data.split_first() {
        Some((first, rest)) => (*first, rest),
        None => return,
    };
    let declared = match first % 6 {
        0 => encoding_rs::UTF_8,
        1 => encoding_rs::BIG5,
        2 => encoding_rs::GB18030,
        3 => encoding_rs::UTF_16LE,
        4 => encoding_rs::UTF_16BE,
        _ => encoding_rs::GBK,
    };
    let _ = decode(rest, Some(declared));
    let _ = encoding_for_label(&String::from_utf8_lossy(&data[..data.len().min(40)]));
});
