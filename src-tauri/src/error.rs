//! The one error type that crosses IPC: `{ kind, message }`. The UI branches on
//! `kind` (see ui/src/lib/ipc.ts), never on the message, which is for people.

use duizhao_core::convert::ConvertError;
use duizhao_core::document::ImportError;
use duizhao_core::settings::{SecretError, SettingsError};
use duizhao_core::store::StoreError;
use duizhao_core::translate::discover::DiscoverError;
use serde::Serialize;

pub type Result<T> = std::result::Result<T, AppError>;

#[derive(Debug, Serialize)]
pub struct AppError {
    pub kind: &'static str,
    pub message: String,
}

impl AppError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> AppError {
        AppError { kind, message: message.into() }
    }
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        let kind = match e.cause() {
            ImportError::NotFound { .. } => "not_found",
            ImportError::IsDirectory { .. } => "is_directory",
            ImportError::Empty | ImportError::NoText => "empty",
            ImportError::Binary => "binary",
            ImportError::TooLarge { .. } => "too_large",
            ImportError::InvalidBytes { .. }
            | ImportError::UnknownEncoding { .. }
            | ImportError::UnknownEncodingName { .. } => "invalid_encoding",
            ImportError::Unreadable { .. } | ImportError::InFile { .. } | ImportError::TooDeep { .. } => "unreadable",
            ImportError::Corrupt { .. } | ImportError::MissingPart { .. } => "bad_archive",
            ImportError::ArchiveTooLarge { .. } | ImportError::PageTooLarge { .. } => "too_large",
            ImportError::InvalidUrl { .. } => "invalid_url",
            ImportError::Network { .. } => "network",
            ImportError::Timeout { .. } => "timeout",
            ImportError::TooManyRedirects { .. } => "redirect_loop",
            ImportError::HttpStatus { .. } => "http_status",
            ImportError::NotHtml { .. } => "not_html",
        };
        AppError::new(kind, capitalise(&e.to_string()))
    }
}

impl From<ConvertError> for AppError {
    fn from(e: ConvertError) -> Self {
        let kind = match e {
            ConvertError::UnknownConfig { .. } => "unknown_config",
            _ => "conversion",
        };
        AppError::new(kind, capitalise(&e.to_string()))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::new("store", e.to_string())
    }
}

impl From<SettingsError> for AppError {
    fn from(e: SettingsError) -> Self {
        // The UI tells "fully offline refused this" from a broken settings file.
        let kind = match e {
            SettingsError::OfflineOnly { .. } => "offline_only",
            _ => "settings",
        };
        AppError::new(kind, capitalise(&e.to_string()))
    }
}

impl From<DiscoverError> for AppError {
    fn from(e: DiscoverError) -> Self {
        AppError::new("local_servers", capitalise(&e.to_string()))
    }
}

impl From<SecretError> for AppError {
    fn from(e: SecretError) -> Self {
        let kind = match e {
            SecretError::Unavailable { .. } => "keychain_unavailable",
            SecretError::Locked { .. } => "keychain_locked",
            SecretError::KeyFile { .. } => "key_file",
            SecretError::Failed { .. } => "keychain",
        };
        AppError::new(kind, capitalise(&e.to_string()))
    }
}

/// Core messages are lowercase (they also end up mid-sentence in the CLI);
/// the UI shows them as sentences.
pub(crate) fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
