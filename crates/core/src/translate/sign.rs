//! Signing primitives the signed providers share (Baidu, Youdao, Tencent,
//! Volcengine): lowercase hex, SHA-256 in hex, HMAC-SHA256 (over sha2: the
//! locked `hmac` crate wants a newer `digest`), and UTC dates from a Unix time.

use sha2::{Digest, Sha256};

/// HMAC-SHA256 (RFC 2104) over sha2's SHA-256: a 64-byte block, keys longer
/// than a block hashed first.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|byte| byte ^ 0x36));
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|byte| byte ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

/// Lowercase hex of SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// A Unix time as UTC (year, month, day, hour, minute, second), by Howard
/// Hinnant's `civil_from_days` (no date crate in the core for two formats).
pub(crate) fn utc_parts(secs: u64) -> (i64, u32, u32, u32, u32, u32) {
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let rest = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let small = |value: i64| u32::try_from(value).unwrap_or_default();
    let small_rest = |value: u64| u32::try_from(value).unwrap_or_default();
    (year, small(month), small(day), small_rest(rest / 3_600), small_rest(rest % 3_600 / 60), small_rest(rest % 60))
}

/// "2026-11-29": the date in a TC3 credential scope.
pub(crate) fn utc_date(secs: u64) -> String {
    let (year, month, day, ..) = utc_parts(secs);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        // Test case 1, test case 2 and test case 6 (a key longer than the block).
        let cases: [(&[u8], &[u8], &str); 3] = [
            (&[0x0b; 20], b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (
                b"Jefe",
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
        ];
        for (key, message, expected) in cases {
            assert_eq!(hex(&hmac_sha256(key, message)), expected);
        }
    }

    #[test]
    fn utc_dates_follow_the_calendar() {
        assert_eq!(utc_parts(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(utc_date(1_795_918_955), "2026-11-29");
        assert_eq!(utc_parts(1_795_918_955), (2026, 11, 29, 2, 22, 35));
        // 2024-02-29 23:59:59 and the next second.
        assert_eq!(utc_parts(1_709_251_199), (2024, 2, 29, 23, 59, 59));
        assert_eq!(utc_parts(1_709_251_200), (2024, 3, 1, 0, 0, 0));
        assert_eq!(utc_date(951_782_400), "2000-02-29");
    }
}
