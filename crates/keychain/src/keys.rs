//! Where a profile's API key is, and the one order keys are looked up in: the
//! OS keychain, then the key file (which exists only if the user chose it), then
//! the session key from `DUIZHAO_API_KEY`. A profile's own stored key therefore
//! always wins over the session key, which is one key for every profile and may
//! be meant for another provider.
//!
//! The app's settings commands and translation jobs and the CLI's `translate`
//! and `export` go through `Keys`; nothing else touches the two stores. It never
//! logs or returns a key except from `find`, whose caller puts it in the request
//! to the profile's own provider.

use std::path::Path;

use duizhao_core::net::{ManualProxy, Proxy};
use duizhao_core::settings::{Profile, SecretError, SecretStore};
use duizhao_core::translate::Secret;

use crate::{KeyFileStore, KeychainSecretStore};

/// Which store a profile's key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// The OS keychain.
    Keychain,
    /// The key file, not encrypted, readable only by the user.
    File,
    /// `DUIZHAO_API_KEY`, for this session only.
    Session,
}

/// The API-key stores: the OS keychain (`K`, replaced in tests) and the key
/// file in the config directory.
#[derive(Debug)]
pub struct Keys<K: SecretStore = KeychainSecretStore> {
    keychain: K,
    file: KeyFileStore,
}

/// What Settings shows: whether the keychain can be used, and where each
/// profile's key is.
#[derive(Debug)]
pub struct Overview {
    /// `Err` is `Unavailable` (no keychain service) or `Locked`.
    pub keychain: Result<(), SecretError>,
    /// One per name asked about, in that order; `None`: no key anywhere.
    pub sources: Vec<Option<KeySource>>,
}

impl Keys {
    /// The OS keychain and the key file in `config_dir` (normally
    /// `paths::default_config_dir()`).
    pub fn new(config_dir: &Path) -> Keys {
        Keys::with_keychain(KeychainSecretStore::new(), config_dir)
    }
}

impl<K: SecretStore> Keys<K> {
    pub fn with_keychain(keychain: K, config_dir: &Path) -> Keys<K> {
        Keys { keychain, file: KeyFileStore::new(config_dir) }
    }

    /// Where keys go when the user chooses a file (shown in Settings).
    pub fn key_file_path(&self) -> &Path {
        self.file.path()
    }

    /// The key to send to `profile`'s provider, and where it came from. A
    /// keychain that is missing or locked is no error while the key file or the
    /// session has a key, nor for a kind that works without one; otherwise its
    /// error (which says what to do) is returned.
    pub fn find(
        &self,
        profile: &Profile,
        session_key: Option<Secret>,
    ) -> Result<Option<(Secret, KeySource)>, SecretError> {
        let mut keychain_error = None;
        match self.keychain.get(&profile.name) {
            Ok(Some(key)) => return Ok(Some((key, KeySource::Keychain))),
            Ok(None) => {}
            Err(err @ (SecretError::Unavailable { .. } | SecretError::Locked { .. })) => keychain_error = Some(err),
            Err(err) => return Err(err),
        }
        if let Some(key) = self.file.get(&profile.name)? {
            return Ok(Some((key, KeySource::File)));
        }
        if let Some(key) = session_key {
            return Ok(Some((key, KeySource::Session)));
        }
        match keychain_error {
            Some(err) if profile.kind.needs_key() => Err(err),
            _ => Ok(None),
        }
    }

    /// A secret that is not an API key (a proxy's password, under
    /// `net::proxy_entry`): the keychain, then the key file; never the session
    /// key. A keychain that cannot be read holds nothing here (the proxy then
    /// says what it misses).
    pub fn find_named(&self, entry: &str) -> Result<Option<Secret>, SecretError> {
        match self.keychain.get(entry) {
            Ok(Some(secret)) => return Ok(Some(secret)),
            Ok(None) | Err(SecretError::Unavailable { .. } | SecretError::Locked { .. }) => {}
            Err(err) => return Err(err),
        }
        self.file.get(entry)
    }

    /// The password for `proxy`, stored under `entry` (`Settings::proxy_entry_for`
    /// or `net::proxy_entry`): only a manual proxy with a user name has one, so
    /// nothing is read for the others.
    pub fn proxy_password(&self, proxy: &Proxy, entry: &str) -> Result<Option<Secret>, SecretError> {
        match proxy {
            Proxy::Manual(ManualProxy { username: Some(_), .. }) => self.find_named(entry),
            _ => Ok(None),
        }
    }

    /// The keychain's state and where each of `names`' keys is, for Settings.
    /// `session_key`: whether `DUIZHAO_API_KEY` is set. Errors reading a key
    /// count as no key there (using it reports them).
    pub fn overview(&self, names: &[&str], session_key: bool) -> Overview {
        let mut keychain = self.keychain.check_available();
        let mut sources = Vec::with_capacity(names.len());
        for name in names {
            let mut in_keychain = false;
            if keychain.is_ok() {
                match self.keychain.get(name) {
                    Ok(found) => in_keychain = found.is_some(),
                    // A locked keychain fails every read the same way; say so once.
                    Err(err @ SecretError::Locked { .. }) => keychain = Err(err),
                    Err(_) => {}
                }
            }
            let source = if in_keychain {
                Some(KeySource::Keychain)
            } else if matches!(self.file.get(name), Ok(Some(_))) {
                Some(KeySource::File)
            } else if session_key {
                Some(KeySource::Session)
            } else {
                None
            };
            sources.push(source);
        }
        Overview { keychain, sources }
    }

    /// Stores the key in the keychain, and forgets any copy in the key file so
    /// no unencrypted copy is left behind.
    pub fn save_in_keychain(&self, profile: &str, key: &Secret) -> Result<(), SecretError> {
        self.keychain.set(profile, key)?;
        self.file.delete(profile)
    }

    /// Stores the key in the key file (creating it). Callers do this only after
    /// the user confirmed keeping keys unencrypted in a file.
    pub fn save_in_file(&self, profile: &str, key: &Secret) -> Result<(), SecretError> {
        self.file.set(profile, key)
    }

    /// Forgets the profile's key in both stores. Without a keychain there is
    /// nothing to forget there.
    pub fn delete(&self, profile: &str) -> Result<(), SecretError> {
        let file = self.file.delete(profile);
        let keychain = match self.keychain.delete(profile) {
            Err(SecretError::Unavailable { .. }) => Ok(()),
            other => other,
        };
        file.and(keychain)
    }

    /// Moves a renamed profile's key, in whichever store holds it.
    pub fn rename(&self, old: &str, new: &str) -> Result<(), SecretError> {
        // A keychain that cannot be read holds nothing this can move.
        if let Ok(Some(key)) = self.keychain.get(old) {
            self.keychain.set(new, &key)?;
            self.keychain.delete(old)?;
        }
        if let Some(key) = self.file.get(old)? {
            self.file.set(new, &key)?;
            self.file.delete(old)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use duizhao_core::settings::MemorySecretStore;
    use duizhao_core::translate::ProviderKind;

    fn deepl() -> Profile {
        Profile::new("deepl", ProviderKind::DeepL)
    }

    #[test]
    fn the_keychain_wins_then_the_file_then_the_session_key() {
        let dir = tempfile::tempdir().unwrap();
        let keys = Keys::with_keychain(MemorySecretStore::new(), dir.path());
        let session = || Some(Secret::new("from-env"));
        assert_eq!(keys.find(&deepl(), session()).unwrap(), Some((Secret::new("from-env"), KeySource::Session)));
        keys.save_in_file("deepl", &Secret::new("from-file")).unwrap();
        assert_eq!(keys.find(&deepl(), session()).unwrap(), Some((Secret::new("from-file"), KeySource::File)));
        keys.keychain.set("deepl", &Secret::new("from-keychain")).unwrap();
        assert_eq!(keys.find(&deepl(), session()).unwrap(), Some((Secret::new("from-keychain"), KeySource::Keychain)));
        assert_eq!(keys.find(&Profile::new("other", ProviderKind::DeepL), None).unwrap(), None);
    }

    #[test]
    fn without_a_keychain_the_file_and_then_the_session_key_are_used() {
        let dir = tempfile::tempdir().unwrap();
        let keys = Keys::with_keychain(MemorySecretStore::unavailable("no DBus session"), dir.path());
        let err = keys.find(&deepl(), None).expect_err("a key is needed and there is none");
        assert!(matches!(err, SecretError::Unavailable { .. }), "{err}");
        let (key, source) = keys.find(&deepl(), Some(Secret::new("from-env"))).unwrap().unwrap();
        assert_eq!((key.expose(), source), ("from-env", KeySource::Session));
        keys.save_in_file("deepl", &Secret::new("from-file")).unwrap();
        let (key, source) = keys.find(&deepl(), Some(Secret::new("from-env"))).unwrap().unwrap();
        assert_eq!((key.expose(), source), ("from-file", KeySource::File));
        let local = Profile::new("local", ProviderKind::LibreTranslate);
        assert_eq!(keys.find(&local, None).unwrap(), None, "a kind that needs no key needs no keychain");
    }

    #[test]
    fn saving_in_the_keychain_removes_the_unencrypted_copy() {
        let dir = tempfile::tempdir().unwrap();
        let keys = Keys::with_keychain(MemorySecretStore::new(), dir.path());
        keys.save_in_file("deepl", &Secret::new("sk-old")).unwrap();
        keys.save_in_keychain("deepl", &Secret::new("sk-new")).unwrap();
        assert!(!keys.key_file_path().exists());
        assert_eq!(keys.overview(&["deepl"], false).sources, [Some(KeySource::Keychain)]);
    }

    #[test]
    fn the_overview_says_where_each_key_is_and_whether_there_is_a_keychain() {
        let dir = tempfile::tempdir().unwrap();
        let keys = Keys::with_keychain(MemorySecretStore::unavailable("no DBus session"), dir.path());
        keys.save_in_file("in file", &Secret::new("sk-1")).unwrap();
        let overview = keys.overview(&["in file", "nowhere"], false);
        assert!(matches!(overview.keychain, Err(SecretError::Unavailable { .. })));
        assert_eq!(overview.sources, [Some(KeySource::File), None]);
        assert_eq!(keys.overview(&["nowhere"], true).sources, [Some(KeySource::Session)]);
        let with_keychain = Keys::with_keychain(MemorySecretStore::new(), dir.path());
        with_keychain.keychain.set("in keychain", &Secret::new("sk-2")).unwrap();
        let overview = with_keychain.overview(&["in keychain", "in file"], true);
        assert!(overview.keychain.is_ok());
        assert_eq!(overview.sources, [Some(KeySource::Keychain), Some(KeySource::File)]);
    }

    #[test]
    fn deleting_and_renaming_reach_the_store_that_holds_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let keys = Keys::with_keychain(MemorySecretStore::unavailable("no DBus session"), dir.path());
        keys.save_in_file("old name", &Secret::new("sk-1")).unwrap();
        keys.save_in_file("other", &Secret::new("sk-2")).unwrap();
        keys.rename("old name", "new name").unwrap();
        assert_eq!(keys.overview(&["old name", "new name"], false).sources, [None, Some(KeySource::File)]);
        keys.delete("new name").expect("no keychain is no error when deleting");
        keys.delete("other").unwrap();
        assert!(!keys.key_file_path().exists(), "the file goes with its last key");
    }
}
