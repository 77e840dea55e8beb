//! The operating system's keychain as a `SecretStore`.
//!
//! One entry per provider profile: service "duizhao", user name = the profile's
//! name. The `keyring` crate picks the platform's own store: Keychain Services on
//! macOS, the Credential Manager on Windows, and on Linux/BSD the Secret Service
//! (GNOME Keyring, KWallet, KeePassXC) over the DBus session bus, where keys
//! persist across logins. Where there is no such service (a headless box, a
//! session without DBus) every call fails with `SecretError::Unavailable`, which
//! Settings turns into plain words and the offer of the key file.
//!
//! This module must never log, print or `Debug`-format a key, nor put one in an
//! error: keyring's own errors can carry the stored bytes, so they are turned into
//! messages here, variant by variant.
//!
//! Calls block on a DBus (or OS) round trip, and the first one connects to the
//! service; async callers should run them on `tokio::task::spawn_blocking`.

use duizhao_core::settings::{SecretError, SecretStore};
use duizhao_core::translate::Secret;
use keyring::{Entry, Error};

/// The keychain service name every Duizhao entry is filed under.
pub const SERVICE: &str = "duizhao";

/// The OS keychain as a `SecretStore`. It holds no state of its own: the
/// platform store is opened once per process, on first use, by `keyring`.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeychainSecretStore;

impl KeychainSecretStore {
    pub fn new() -> KeychainSecretStore {
        KeychainSecretStore
    }

    fn entry(&self, profile: &str, action: &str) -> Result<Entry, SecretError> {
        self.check_available()?;
        Entry::new(SERVICE, profile).map_err(|err| to_secret_error(err, action))
    }
}

impl SecretStore for KeychainSecretStore {
    /// Whether a keychain service is reachable.
    fn check_available(&self) -> Result<(), SecretError> {
        match Entry::store_status() {
            Ok(()) => Ok(()),
            Err(err) => Err(unavailable(err)),
        }
    }

    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError> {
        let action = format!("read the API key of profile {profile:?} from the keychain");
        match self.entry(profile, &action)?.get_password() {
            Ok(password) => Ok(Some(Secret::new(password))),
            Err(Error::NoEntry) => Ok(None),
            Err(err) => Err(to_secret_error(err, &action)),
        }
    }

    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError> {
        let action = format!("save the API key of profile {profile:?} in the keychain");
        self.entry(profile, &action)?.set_password(secret.expose()).map_err(|err| to_secret_error(err, &action))
    }

    fn delete(&self, profile: &str) -> Result<(), SecretError> {
        let action = format!("delete the API key of profile {profile:?} from the keychain");
        match self.entry(profile, &action)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(err) => Err(to_secret_error(err, &action)),
        }
    }
}

/// The store could not be opened at all: on Linux, no DBus session or no
/// Secret Service on it.
fn unavailable(err: &Error) -> SecretError {
    let detail = match err {
        Error::PlatformFailure(inner) => {
            if cfg!(all(unix, not(target_os = "macos"))) {
                format!("the Secret Service could not be reached over the DBus session bus: {inner}")
            } else {
                inner.to_string()
            }
        }
        Error::Invalid(what, why) if what == "platform" => format!("this platform has no supported keychain: {why}"),
        other => describe(other),
    };
    SecretError::Unavailable { detail }
}

fn to_secret_error(err: Error, action: &str) -> SecretError {
    match err {
        // `Entry::new` reports a store that failed to open this way; the reason
        // is kept by `store_status`.
        Error::NoDefaultStore => match Entry::store_status() {
            Err(cause) => unavailable(cause),
            Ok(()) => SecretError::Unavailable { detail: describe(&Error::NoDefaultStore) },
        },
        Error::NoStorageAccess(inner) => SecretError::Locked { detail: inner.to_string() },
        other => SecretError::Failed { action: action.to_owned(), detail: describe(&other) },
    }
}

/// A message for a keyring error that can never contain secret bytes (keyring's
/// `Debug`, and its `Display` of some variants, include the stored data or the
/// matching entries).
fn describe(err: &Error) -> String {
    match err {
        Error::PlatformFailure(inner) => format!("the keychain failed: {inner}"),
        Error::NoStorageAccess(inner) => format!("the keychain refused access: {inner}"),
        Error::NoEntry => "there is no such entry".to_owned(),
        Error::BadEncoding(_) => "the stored key is not UTF-8 text".to_owned(),
        Error::BadDataFormat(_, _) => "the stored key is not in the expected format".to_owned(),
        Error::BadStoreFormat(reason) => format!("the keychain's data is malformed: {reason}"),
        Error::TooLong(name, limit) => format!("the {name} is longer than the keychain's limit of {limit} characters"),
        Error::Invalid(name, reason) => format!("the {name} is invalid: {reason}"),
        Error::Ambiguous(entries) => {
            format!("{} keychain entries match; remove the duplicates with the system's keychain tool", entries.len())
        }
        Error::NoDefaultStore => "no keychain store could be opened".to_owned(),
        Error::NotSupportedByStore(what) => format!("the keychain does not support this: {what}"),
        // keyring_core::Error is non-exhaustive; a future variant is shown by
        // kind only, never by its contents.
        _ => "the keychain reported an unknown error".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_that_carry_stored_bytes_never_show_them() {
        let secret = b"sk-very-secret".to_vec();
        let shown = to_secret_error(Error::BadEncoding(secret.clone()), "read a key").to_string();
        assert!(!shown.contains("sk-very-secret") && shown.contains("not UTF-8"), "{shown}");
        let shown = to_secret_error(Error::BadDataFormat(secret, "bad".into()), "read a key").to_string();
        assert!(!shown.contains("sk-very-secret") && shown.contains("read a key"), "{shown}");
    }

    #[test]
    fn a_locked_keychain_is_reported_as_locked_with_the_session_variable_hint() {
        let err = to_secret_error(Error::NoStorageAccess("collection is locked".into()), "read a key");
        assert!(matches!(err, SecretError::Locked { .. }));
        let message = err.to_string();
        assert!(message.contains("collection is locked") && message.contains("DUIZHAO_API_KEY"), "{message}");
    }

    #[test]
    fn a_store_that_failed_to_open_is_unavailable() {
        let err = unavailable(&Error::PlatformFailure("org.freedesktop.DBus.Error.ServiceUnknown".into()));
        assert!(matches!(err, SecretError::Unavailable { .. }));
        let message = err.to_string();
        assert!(
            message.contains("no keychain service is available") && message.contains("ServiceUnknown"),
            "{message}"
        );
    }
}
