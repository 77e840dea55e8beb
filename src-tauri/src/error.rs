//! The one error type that crosses IPC: `{ kind, message }`. `kind` is the
//! core's `ErrorKind` (one closed list for every error); the UI chooses its
//! words by it, never by the message, which is the details.

use duizhao_core::convert::ConvertError;
use duizhao_core::document::ImportError;
use duizhao_core::error::ErrorKind;
use duizhao_core::settings::{SecretError, SettingsError};
use duizhao_core::store::StoreError;
use duizhao_core::translate::discover::DiscoverError;
use duizhao_core::translate::TranslateError;
use serde::Serialize;

pub type Result<T> = std::result::Result<T, AppError>;

/// The error every command rejects with. The UI branches on `kind`, never on `message`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> AppError {
        AppError { kind, message: message.into() }
    }
}

/// Every core error says its kind; its message is shown as a sentence.
macro_rules! from_core_error {
    ($($error:ty),*) => {$(
        impl From<$error> for AppError {
            fn from(e: $error) -> Self {
                AppError::new(e.kind(), capitalise(&e.to_string()))
            }
        }
    )*};
}

from_core_error!(ImportError, ConvertError, StoreError, SettingsError, DiscoverError, SecretError, TranslateError);

/// Core messages are lowercase (they also end up mid-sentence in the CLI);
/// the UI shows them as sentences.
pub(crate) fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
