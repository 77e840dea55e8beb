//! Turns the bytes of a file into text: byte-order marks first, then valid UTF-8,
//! then a statistical guess between the legacy Chinese encodings (Big5 and
//! GB18030, via chardetng, the detector Firefox uses), always decoding strictly so
//! that a wrong guess or a damaged file is reported instead of shown as mojibake.
//! An encoding the user names wins over detection, and invalid bytes in it are
//! an error naming the byte offset. What a page says about itself (the HTTP
//! header's charset, its `<meta charset>`) is only a hint (`decode_page`): saved
//! and re-saved pages often keep a `gb2312` declaration over UTF-8 bytes, so
//! valid UTF-8 wins, then the declarations in order, then detection, and the
//! document records what the page had claimed.
//!
//! Called by `document::import_bytes`; knows nothing of formats or blocks.

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

use super::ImportError;

/// How a file's bytes were decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// One of "UTF-8", "UTF-16LE", "UTF-16BE", "Big5", "GB18030".
    pub encoding: &'static str,
    /// The file began with a byte-order mark (which is not part of `text`).
    pub bom: bool,
    /// The encoding the page declared, when its bytes turned out to be in
    /// another one (shown beside `encoding`, so the user knows why).
    pub declared: Option<&'static str>,
}

/// Looks up an encoding by any WHATWG label ("big5", "gbk", "utf-16le", …).
/// GBK and GB2312 labels decode as GB18030, their superset.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    Some(if encoding == GBK { GB18030 } else { encoding })
}

/// The name Duizhao reports for an encoding.
fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 || encoding == GBK {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// Decodes `bytes`, honouring a byte-order mark, then `declared`, then detection.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, ImportError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = decode_strict(&bytes[bom_len..], encoding)?;
        return Ok(Decoded { text, encoding: display_name(encoding), bom: true, declared: None });
    }
    if let Some(encoding) = declared {
        if encoding == UTF_16LE || encoding == UTF_16BE {
            // UTF-16 text without a BOM has NUL bytes in ASCII ranges; it is only
            // taken when the user or the file declares it.
            let text = decode_strict(bytes, encoding)?;
            return Ok(Decoded { text, encoding: display_name(encoding), bom: false, declared: None });
        }
        if looks_binary(bytes) {
            return Err(ImportError::Binary);
        }
        let text = decode_strict(bytes, encoding)?;
        return Ok(Decoded { text, encoding: display_name(encoding), bom: false, declared: None });
    }
    if looks_binary(bytes) {
        return Err(ImportError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Decoded { text: text.to_owned(), encoding: "UTF-8", bom: false, declared: None }),
        // GB18030 decodes nearly any byte sequence, so damaged UTF-8 would be
        // shown as mojibake; text that is mostly valid UTF-8 is reported instead.
        Err(e) if mostly_utf8(bytes) => {
            return Err(ImportError::InvalidBytes { encoding: "UTF-8", offset: e.valid_up_to() })
        }
        Err(_) => {}
    }
    let guess = guess_legacy(bytes);
    // Try the guess first, then the other legacy Chinese encoding; strict decoding
    // means a file that is neither is reported rather than shown garbled.
    let alternatives: [&'static Encoding; 2] = if guess == BIG5 { [BIG5, GB18030] } else { [GB18030, BIG5] };
    for encoding in alternatives {
        if let Ok(text) = decode_strict(bytes, encoding) {
            return Ok(Decoded { text, encoding: display_name(encoding), bom: false, declared: None });
        }
    }
    let offset = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to()).unwrap_or(0);
    Err(ImportError::UnknownEncoding { offset })
}

/// Decodes a page whose header or markup declared `declared` (most trusted
/// first): a byte-order mark, then valid UTF-8 with text beyond ASCII (legacy
/// Chinese text practically never forms valid UTF-8: a GB2312 character
/// with a lead byte in 0xB0–0xBF, a third of them, is already invalid), then
/// each declaration that decodes strictly (into no private-use characters,
/// when one does), then detection. When the bytes are
/// not in the first declared encoding, `Decoded::declared` names it. When
/// nothing decodes, the error is the first declaration's.
pub fn decode_page(bytes: &[u8], declared: &[&'static Encoding]) -> Result<Decoded, ImportError> {
    let Some(&first) = declared.first() else { return decode(bytes, None) };
    if Encoding::for_bom(bytes).is_some() || first == UTF_16LE || first == UTF_16BE {
        return decode(bytes, Some(first));
    }
    if looks_binary(bytes) {
        return Err(ImportError::Binary);
    }
    let claimed = |decoded: Decoded| {
        let declared = (decoded.encoding != display_name(first)).then_some(display_name(first));
        Decoded { declared, ..decoded }
    };
    if let Ok(text) = std::str::from_utf8(bytes) {
        if first == UTF_8 || !text.is_ascii() {
            return Ok(claimed(Decoded { text: text.to_owned(), encoding: "UTF-8", bom: false, declared: None }));
        }
    }
    // GB18030 decodes nearly any byte sequence, Big5 text included, but maps
    // much of it to private-use characters, which no real page is made of: a
    // declaration that decodes without them is preferred.
    let private_use = |text: &str| text.chars().any(|c| matches!(c, '\u{E000}'..='\u{F8FF}'));
    let mut first_error = None;
    let mut fallback = None;
    for &encoding in declared {
        match decode_strict(bytes, encoding) {
            Ok(text) if private_use(&text) => {
                fallback.get_or_insert(Decoded { text, encoding: display_name(encoding), bom: false, declared: None });
            }
            Ok(text) => {
                return Ok(claimed(Decoded { text, encoding: display_name(encoding), bom: false, declared: None }))
            }
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    if let Some(decoded) = fallback {
        return Ok(claimed(decoded));
    }
    match decode(bytes, None) {
        Ok(decoded) => Ok(claimed(decoded)),
        Err(error) => Err(first_error.unwrap_or(error)),
    }
}

/// At least two valid multi-byte UTF-8 characters for every invalid sequence:
/// legacy double-byte text almost never forms valid UTF-8 sequences by chance.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && multibyte >= 2 * invalid
}

/// chardetng's guess, narrowed to the two legacy encodings Duizhao reads.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == BIG5 {
        BIG5
    } else {
        GB18030
    }
}

/// Decodes without replacement characters; the first malformed sequence is an error.
fn decode_strict(bytes: &[u8], encoding: &'static Encoding) -> Result<String, ImportError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or(ImportError::TooLarge { limit_bytes: usize::MAX as u64 })?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(bad, _) => Err(ImportError::InvalidBytes {
            encoding: display_name(encoding),
            offset: read.saturating_sub(bad as usize),
        }),
        encoding_rs::DecoderResult::OutputFull => {
            unreachable!("the buffer was sized by max_utf8_buffer_length_without_replacement")
        }
    }
}

/// A file with NUL bytes (and no UTF-16 BOM), or with many control characters,
/// is not text: decoding it would only produce garbage rows.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)).count();
    controls * 100 > sample.len().max(1) * 5
}

/// Finds a `<meta charset>` (or `http-equiv` content charset) in the first 4 KiB
/// of an HTML file, as browsers' pre-scan does.
pub fn html_declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("charset") {
        rest = &rest[pos + "charset".len()..];
        let value = rest.trim_start().strip_prefix('=')?.trim_start();
        let value = value.trim_start_matches(['"', '\'']);
        let end = value.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(value.len());
        if let Some(encoding) = encoding_for_label(&value[..end]) {
            // A page that declares UTF-16 but is read as bytes is really ASCII-compatible.
            return Some(if encoding == UTF_16LE || encoding == UTF_16BE { UTF_8 } else { encoding });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "臺灣的軟體與網路資訊，記憶體價格。\n第二段：香港的巴士。\n";

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "sample must be representable in {}", encoding.name());
        bytes.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            let pair = if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() };
            out.extend_from_slice(&pair);
        }
        out
    }

    #[test]
    fn plain_utf8_is_detected() {
        let d = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.bom), (SAMPLE, "UTF-8", false));
    }

    #[test]
    fn utf8_bom_is_stripped_and_reported() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.bom), (SAMPLE, "UTF-8", true));
    }

    #[test]
    fn utf16_with_either_bom_is_decoded() {
        for (big_endian, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let d = decode(&utf16(SAMPLE, big_endian), None).unwrap();
            assert_eq!((d.text.as_str(), d.encoding, d.bom), (SAMPLE, name, true));
        }
    }

    #[test]
    fn big5_and_gb18030_are_told_apart() {
        let big5 = decode(&encode(SAMPLE, BIG5), None).unwrap();
        assert_eq!((big5.text.as_str(), big5.encoding), (SAMPLE, "Big5"));
        let simplified = "台湾的软件与网络信息，内存价格。\n第二段：香港的巴士。\n";
        let gb = decode(&encode(simplified, GB18030), None).unwrap();
        assert_eq!((gb.text.as_str(), gb.encoding), (simplified, "GB18030"));
    }

    #[test]
    fn nul_bytes_without_bom_are_binary() {
        let bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert!(matches!(decode(&bytes, None), Err(ImportError::Binary)));
    }

    #[test]
    fn invalid_bytes_in_declared_encoding_name_the_offset() {
        let mut bytes = "abc".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFF]);
        let err = decode(&bytes, Some(UTF_8)).unwrap_err();
        assert_eq!(err, ImportError::InvalidBytes { encoding: "UTF-8", offset: 3 });
    }

    #[test]
    fn damaged_utf8_is_reported_not_decoded_as_gb18030() {
        let mut bytes = "臺灣的軟體".as_bytes().to_vec();
        bytes.extend_from_slice(b"\x80abc");
        let err = decode(&bytes, None).unwrap_err();
        assert_eq!(err, ImportError::InvalidBytes { encoding: "UTF-8", offset: 15 });
    }

    #[test]
    fn a_page_declaring_a_legacy_charset_over_utf8_bytes_opens_as_utf8() {
        // Re-saved pages keep `<meta charset=gb2312>` over UTF-8 bytes: strict
        // GB18030 fails on some, and on others would decode as mojibake.
        for text in [SAMPLE, "臺灣的軟體", "中文"] {
            let d = decode_page(text.as_bytes(), &[GB18030]).unwrap();
            assert_eq!((d.text.as_str(), d.encoding, d.declared), (text, "UTF-8", Some("GB18030")));
        }
        // A header charset that contradicts the body: the page's own meta fits.
        let big5 = encode(SAMPLE, BIG5);
        let d = decode_page(&big5, &[GB18030, BIG5]).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.declared), (SAMPLE, "Big5", Some("GB18030")));
        // Nothing declared fits (a page claiming UTF-8 over Big5 bytes):
        // detection, still saying what was claimed.
        let d = decode_page(&big5, &[UTF_8]).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.declared), (SAMPLE, "Big5", Some("UTF-8")));
        // A truthful declaration changes nothing.
        let d = decode_page(&big5, &[BIG5]).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.declared), (SAMPLE, "Big5", None));
        let d = decode_page(b"plain ASCII", &[BIG5]).unwrap();
        assert_eq!((d.encoding, d.declared), ("Big5", None));
        // Nothing decodes: the declared encoding's error, with its offset.
        let mut bad = "臺灣".as_bytes().to_vec();
        bad.extend_from_slice(&[0xFF, 0xFF, 0xFF]);
        assert!(matches!(decode_page(&bad, &[GB18030]), Err(ImportError::InvalidBytes { encoding: "GB18030", .. })));
    }

    #[test]
    fn gbk_label_decodes_as_gb18030() {
        assert_eq!(encoding_for_label("GB2312"), Some(GB18030));
        assert_eq!(encoding_for_label("gbk"), Some(GB18030));
        assert_eq!(encoding_for_label("no-such-encoding"), None);
    }

    #[test]
    fn html_meta_charset_is_found() {
        let page = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head>"#;
        assert_eq!(html_declared_encoding(page), Some(BIG5));
        assert_eq!(html_declared_encoding(b"<meta charset='GB2312'>"), Some(GB18030));
        assert_eq!(html_declared_encoding(b"<p>no declaration</p>"), None);
    }
}
