//! `ErrorKind`: what went wrong, as one closed list shared by every error that
//! reaches a person — the app's IPC error, a translation failure in a row, the
//! CLI. Each core error type says its kind (`ImportError::kind`,
//! `TranslateError::kind`, …); the UI chooses its words by kind (one table,
//! checked by the compiler for every kind) and never by a message's text.

use serde::{Deserialize, Serialize};

/// What went wrong: one closed list for every error a person sees. The UI has
/// words for each (`feedback/errors.ts`; the compiler checks that all have some).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    // Opening a document: files, text, web pages, Word and EPUB.
    NotFound,
    IsDirectory,
    Empty,
    Binary,
    TooLarge,
    InvalidEncoding,
    Unreadable,
    BadArchive,
    InvalidUrl,
    /// A server (a web page's, a provider's) could not be reached or dropped the connection.
    Network,
    /// A server took too long.
    Timeout,
    RedirectLoop,
    HttpStatus,
    NotHtml,
    // Conversion.
    UnknownConfig,
    Conversion,
    // The app's own steps.
    Clipboard,
    NoDocument,
    NothingToCopy,
    Export,
    /// An edit of a translation that cannot be kept (empty, or before any translation).
    Edit,
    Internal,
    // Storage, settings and keys.
    Store,
    Settings,
    /// "Fully offline" refused a profile off this computer.
    OfflineOnly,
    NoProfile,
    Keychain,
    KeychainUnavailable,
    KeychainLocked,
    KeyFile,
    /// `DUIZHAO_LOCAL_SERVERS` is malformed.
    LocalServers,
    // Translation providers.
    Unauthorized,
    Forbidden,
    QuotaExceeded,
    RateLimited,
    /// The provider failed (5xx).
    Server,
    BadRequest,
    /// An answer that could not be read.
    UnexpectedResponse,
    /// The provider reported an error of its own (inside a 200, for some).
    Provider,
    /// An answer with missing, extra or merged segments.
    Misaligned,
    /// The model stopped before the end of its answer (its output limit), even for one segment.
    Truncated,
    /// The profile is incomplete (no key, no model).
    Config,
    Cancelled,
}

impl ErrorKind {
    /// Every kind (for tests and for generating the UI's list).
    pub const ALL: [ErrorKind; 43] = [
        ErrorKind::NotFound,
        ErrorKind::IsDirectory,
        ErrorKind::Empty,
        ErrorKind::Binary,
        ErrorKind::TooLarge,
        ErrorKind::InvalidEncoding,
        ErrorKind::Unreadable,
        ErrorKind::BadArchive,
        ErrorKind::InvalidUrl,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::RedirectLoop,
        ErrorKind::HttpStatus,
        ErrorKind::NotHtml,
        ErrorKind::UnknownConfig,
        ErrorKind::Conversion,
        ErrorKind::Clipboard,
        ErrorKind::NoDocument,
        ErrorKind::NothingToCopy,
        ErrorKind::Export,
        ErrorKind::Edit,
        ErrorKind::Internal,
        ErrorKind::Store,
        ErrorKind::Settings,
        ErrorKind::OfflineOnly,
        ErrorKind::NoProfile,
        ErrorKind::Keychain,
        ErrorKind::KeychainUnavailable,
        ErrorKind::KeychainLocked,
        ErrorKind::KeyFile,
        ErrorKind::LocalServers,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::QuotaExceeded,
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::BadRequest,
        ErrorKind::UnexpectedResponse,
        ErrorKind::Provider,
        ErrorKind::Misaligned,
        ErrorKind::Truncated,
        ErrorKind::Config,
        ErrorKind::Cancelled,
    ];
}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    #[test]
    fn kinds_go_over_the_wire_in_snake_case_each_once() {
        let names: std::collections::HashSet<String> =
            ErrorKind::ALL.iter().map(|k| serde_json::to_value(k).unwrap().as_str().unwrap().to_owned()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert!(names.contains("keychain_unavailable") && names.contains("unexpected_response"), "{names:?}");
        let back: ErrorKind = serde_json::from_str("\"offline_only\"").unwrap();
        assert_eq!(back, ErrorKind::OfflineOnly);
    }
}
