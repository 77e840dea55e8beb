//! The key file, as the app uses it where there is no keychain: a round trip,
//! the file's mode (0600 from its first byte), removal with the last key, and
//! that keys never reach `settings.json`. These need no keychain; they run in
//! both modes of scripts/test-keychain.sh like the rest of the crate.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

use duizhao_core::settings::{Profile, SecretStore, Settings, SETTINGS_FILE_NAME};
use duizhao_core::translate::{ProviderKind, Secret};
use duizhao_keychain::{KeyFileStore, KEY_FILE_NAME};

#[test]
fn a_saved_key_reads_back_from_a_fresh_store_and_the_file_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let store = KeyFileStore::new(dir.path());
    assert_eq!(store.path(), dir.path().join(KEY_FILE_NAME));
    assert_eq!(store.get("DeepL").unwrap(), None, "no file, no key");
    assert!(!store.path().exists(), "reading creates nothing");
    store.set("DeepL", &Secret::new("sk-deepl:fx")).unwrap();
    store.set("工作 OpenAI", &Secret::new("sk-工作")).unwrap();
    store.set("DeepL", &Secret::new("sk-deepl-2:fx")).unwrap();
    let again = KeyFileStore::new(dir.path());
    assert_eq!(again.get("DeepL").unwrap(), Some(Secret::new("sk-deepl-2:fx")));
    assert_eq!(again.get("工作 OpenAI").unwrap(), Some(Secret::new("sk-工作")));
    assert_eq!(again.get("deepl").unwrap(), None, "names are exact, as in the keychain");
    let text = std::fs::read_to_string(store.path()).unwrap();
    assert!(text.contains("NOT encrypted") && text.contains("delete this file"), "{text}");
    // Only the file remains in the folder: no temporary file left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_only_by_its_owner_after_every_write() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let store = KeyFileStore::new(dir.path());
    let mode = || std::fs::metadata(store.path()).unwrap().permissions().mode() & 0o777;
    store.set("a", &Secret::new("sk-a")).unwrap();
    assert_eq!(mode(), 0o600);
    // Even if something widened it, the next write puts a 0600 file in its place.
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    store.set("b", &Secret::new("sk-b")).unwrap();
    assert_eq!(mode(), 0o600);
    store.delete("a").unwrap();
    assert_eq!(mode(), 0o600);
}

#[test]
fn removing_keys_rewrites_the_file_and_the_last_one_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = KeyFileStore::new(dir.path());
    store.set("a", &Secret::new("sk-a")).unwrap();
    store.set("b", &Secret::new("sk-b")).unwrap();
    store.delete("a").unwrap();
    assert_eq!(store.get("a").unwrap(), None);
    assert!(!std::fs::read_to_string(store.path()).unwrap().contains("sk-a"), "the removed key is gone from the file");
    store.delete("a").expect("removing a missing key is fine");
    store.delete("b").unwrap();
    assert!(!store.path().exists(), "the file goes with its last key");
    store.delete("b").expect("and without a file too");
}

#[test]
fn keys_never_reach_the_settings_file_and_saving_settings_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::default();
    settings.add_profile(Profile::new("DeepL", ProviderKind::DeepL)).unwrap();
    settings.save(dir.path()).unwrap();
    let store = KeyFileStore::new(dir.path());
    store.set("DeepL", &Secret::new("sk-only-in-the-key-file")).unwrap();
    settings.target_language = duizhao_core::translate::Lang::new("ja");
    settings.save(dir.path()).unwrap();
    let saved = std::fs::read_to_string(dir.path().join(SETTINGS_FILE_NAME)).unwrap();
    assert!(!saved.contains("sk-only-in-the-key-file"), "{saved}");
    assert_eq!(Settings::load(dir.path()).unwrap(), settings);
    assert_eq!(store.get("DeepL").unwrap(), Some(Secret::new("sk-only-in-the-key-file")));
}
