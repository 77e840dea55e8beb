//! Shared by the archive targets: a zip made of the given parts, so the fuzzer
//! reaches the XML readers behind the zip layer as well as the zip layer itself.

#![allow(dead_code)]

use std::io::Write;

pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        if zip.start_file(*name, options).is_err() || zip.write_all(data).is_err() {
            return Vec::new();
        }
    }
    if zip.finish().is_err() {
        return Vec::new();
    }
    out.into_inner()
}

/// Splits fuzz input into up to `n` parts at 0xFF 0xFE markers.
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while out.len() + 1 < n {
        match rest.windows(2).position(|w| w == [0xFF, 0xFE]) {
            Some(at) => {
                out.push(&rest[..at]);
                rest = &rest[at + 2..];
            }
            None => break,
        }
    }
    out.push(rest);
    while out.len() < n {
        out.push(&[]);
    }
    out
}
