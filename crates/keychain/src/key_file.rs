//! The key file: API keys kept in `<config dir>/api-keys.json`, not encrypted,
//! for a computer without a keychain, and only after the user agreed to that in
//! Settings (the file exists only once a key was stored that way; `Keys` asks
//! it after the keychain).
//!
//! One file for all profiles rather than one per profile: profile names are
//! free text (spaces, slashes, 中文), so per-profile files would need encoded
//! names nobody recognises, while one file with a plain name and a sentence
//! inside saying what it is can be found, understood and deleted by hand. It is
//! written whole and atomically, created readable only by its owner (mode 0600
//! on Unix from the first byte: `duizhao_core::fs::write_atomically_private`; on
//! Windows the per-user config folder's access list), and removed when its last
//! key is. It sits beside `settings.json` but is never part of it.
//!
//! Nothing here may log, print or `Debug`-format a key, or put the file's text
//! in an error: serde_json's messages can quote the value they stopped at, so a
//! damaged file is reported by path, line and column only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use duizhao_core::settings::{SecretError, SecretStore};
use duizhao_core::translate::Secret;
use serde::{Deserialize, Serialize};

/// The key file's name inside the config directory.
pub const KEY_FILE_NAME: &str = "api-keys.json";

/// What the file says about itself, for whoever opens it.
const ABOUT: &str = "API keys Duizhao keeps here because this computer has no system keychain. \
                     They are NOT encrypted: only your user account can read this file. Remove a key \
                     in Duizhao's Settings, or delete this file to forget them all.";

/// `<config dir>/api-keys.json` as a `SecretStore`.
#[derive(Debug)]
pub struct KeyFileStore {
    path: PathBuf,
    /// Serialises this process's read-change-write cycles (only the app writes
    /// the file; the CLI only reads it).
    writing: Mutex<()>,
}

#[derive(Serialize)]
struct Written<'a> {
    about: &'a str,
    keys: &'a BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Read {
    #[serde(default)]
    keys: BTreeMap<String, String>,
}

impl KeyFileStore {
    /// The key file in `config_dir` (normally `paths::default_config_dir()`).
    pub fn new(config_dir: &Path) -> KeyFileStore {
        KeyFileStore { path: config_dir.join(KEY_FILE_NAME), writing: Mutex::new(()) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every key in the file; none when there is no file.
    fn read(&self, action: &str) -> Result<BTreeMap<String, String>, SecretError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(err) => return Err(self.error(action, &err.to_string())),
        };
        match serde_json::from_slice::<Read>(&bytes) {
            Ok(read) => Ok(read.keys),
            Err(err) => Err(self.error(
                action,
                &format!(
                    "it is not a key file Duizhao can read (at line {}, column {}); delete it and store the keys again",
                    err.line(),
                    err.column()
                ),
            )),
        }
    }

    /// Replaces the file with `keys`, or removes it when there are none.
    fn write(&self, keys: &BTreeMap<String, String>, action: &str) -> Result<(), SecretError> {
        if keys.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Ok(()) => Ok(()),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(err) => Err(self.error(action, &err.to_string())),
            };
        }
        let mut json =
            serde_json::to_string_pretty(&Written { about: ABOUT, keys }).expect("a map of strings always serializes");
        json.push('\n');
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|err| self.error(action, &err.to_string()))?;
        }
        duizhao_core::fs::write_atomically_private(&self.path, json.as_bytes())
            .map_err(|err| self.error(action, &err.to_string()))
    }

    fn error(&self, action: &str, reason: &str) -> SecretError {
        SecretError::KeyFile { action: action.to_owned(), detail: format!("{}: {reason}", self.path.display()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        // The guard protects no data of its own, only the order of writes.
        self.writing.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SecretStore for KeyFileStore {
    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError> {
        let action = format!("read the API key of profile {profile:?} from the key file");
        Ok(self.read(&action)?.remove(profile).map(Secret::new))
    }

    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError> {
        let action = format!("save the API key of profile {profile:?} in the key file");
        let _writing = self.lock();
        // A damaged file is an error, never overwritten: it may hold other keys.
        let mut keys = self.read(&action)?;
        keys.insert(profile.to_owned(), secret.expose().to_owned());
        self.write(&keys, &action)
    }

    fn delete(&self, profile: &str) -> Result<(), SecretError> {
        let action = format!("delete the API key of profile {profile:?} from the key file");
        let _writing = self.lock();
        let mut keys = self.read(&action)?;
        if keys.remove(profile).is_none() {
            return Ok(());
        }
        self.write(&keys, &action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_file_is_reported_by_place_never_by_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyFileStore::new(dir.path());
        // serde_json would quote the string it found where a map belongs.
        std::fs::write(store.path(), r#"{"keys": "sk-leaked-if-quoted"}"#).unwrap();
        let err = store.get("deepl").expect_err("a string is not a map of keys");
        let shown = format!("{err} {err:?}");
        assert!(matches!(err, SecretError::KeyFile { .. }), "{shown}");
        assert!(!shown.contains("sk-leaked-if-quoted"), "{shown}");
        assert!(shown.contains(KEY_FILE_NAME) && shown.contains("line 1"), "{shown}");
        // Nor is it overwritten, with whatever it held lost.
        assert!(store.set("deepl", &Secret::new("sk-new")).is_err());
        assert_eq!(std::fs::read_to_string(store.path()).unwrap(), r#"{"keys": "sk-leaked-if-quoted"}"#);
    }

    #[test]
    fn the_store_never_shows_a_key_in_its_debug_output() {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyFileStore::new(dir.path());
        store.set("deepl", &Secret::new("sk-never-shown")).unwrap();
        let shown = format!("{store:?} {:?}", store.get("deepl"));
        assert!(!shown.contains("sk-never-shown"), "{shown}");
    }
}
