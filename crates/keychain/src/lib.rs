//! duizhao-keychain: where API keys are kept, behind duizhao-core's
//! `SecretStore`.
//!
//! - `keychain`: the operating system's keychain (Keychain Services, the
//!   Credential Manager, the Secret Service), where keys normally live.
//! - `key_file`: for a computer without a keychain, and only after the user
//!   agreed, a file in the config directory, not encrypted, readable only by
//!   the user.
//! - `keys`: both together, with the lookup order (keychain, key file, then
//!   `DUIZHAO_API_KEY`) and where each profile's key is, for Settings.
//!
//! Nothing in this crate logs, prints or `Debug`-formats a key, or puts one in
//! an error. It is a separate crate because the core must not depend on
//! keyring (the CLI and tests run without a keychain); the desktop shell and
//! the CLI depend on it.

mod key_file;
mod keychain;
mod keys;

pub use key_file::{KeyFileStore, KEY_FILE_NAME};
pub use keychain::{KeychainSecretStore, SERVICE};
pub use keys::{KeySource, Keys, Overview};
