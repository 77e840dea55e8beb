//! The keychain store against a real keychain service. On Linux that is a
//! Secret Service (scripts/test-keychain.sh starts a private DBus session with
//! gnome-keyring), and `secret-tool` (libsecret), a separate program, checks
//! that what we stored is really in the keychain and that what it stores, we read.
//!
//! Without a reachable keychain these tests FAIL, so a run that silently lost
//! its Secret Service cannot pass. A run that deliberately has none sets
//! `DUIZHAO_KEYCHAIN_TESTS=unavailable`; then every test instead checks that the
//! store reports `SecretError::Unavailable` with the hint about `DUIZHAO_API_KEY`,
//! and that the key file and then the session key take over (`Keys`).
//! Entries use random profile names and are deleted afterwards, so running this
//! on a real desktop leaves the user's keys alone.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

use duizhao_core::settings::{Profile, SecretError, SecretStore};
use duizhao_core::translate::{ProviderKind, Secret};
use duizhao_keychain::{KeySource, KeychainSecretStore, Keys, SERVICE};

const MODE_ENV: &str = "DUIZHAO_KEYCHAIN_TESTS";

/// The real keychain; or `None` when this run declares it has none, after
/// checking that the store says so the way users should hear it.
fn real_keychain() -> Option<KeychainSecretStore> {
    let store = KeychainSecretStore::new();
    if std::env::var(MODE_ENV).as_deref() == Ok("unavailable") {
        assert_unavailable(
            store.get("duizhao-test-probe").expect_err("a keychain answered although the run said none"),
        );
        return None;
    }
    if let Err(err) = store.check_available() {
        panic!(
            "no keychain service is reachable: {err}\n\
             run the keychain tests through scripts/test-keychain.sh (it starts a Secret Service), \
             or set {MODE_ENV}=unavailable for a run that deliberately has none"
        );
    }
    Some(store)
}

fn assert_unavailable(err: SecretError) {
    assert!(matches!(err, SecretError::Unavailable { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("no keychain service is available"), "{message}");
    assert!(message.contains("DUIZHAO_API_KEY"), "{message}");
}

/// A profile name no user has, whose entry is deleted when the test ends
/// (even when it fails).
struct TestProfile {
    name: String,
    store: KeychainSecretStore,
}

impl TestProfile {
    fn new(store: KeychainSecretStore, label: &str) -> TestProfile {
        TestProfile { name: format!("duizhao-test {label} {:016x}", fastrand::u64(..)), store }
    }
}

impl Drop for TestProfile {
    fn drop(&mut self) {
        let _ = self.store.delete(&self.name);
    }
}

/// What `secret-tool` (another program, talking to the Secret Service on its
/// own) finds for a profile: `None` when it finds nothing.
#[cfg(target_os = "linux")]
fn secret_tool_lookup(profile: &str) -> Option<String> {
    let output = std::process::Command::new("secret-tool")
        .args(["lookup", "service", SERVICE, "username", profile])
        .output()
        .unwrap_or_else(|err| panic!("cannot run secret-tool ({err}); install libsecret-tools"));
    output.status.success().then(|| String::from_utf8(output.stdout).expect("secret-tool prints UTF-8"))
}

#[cfg(target_os = "linux")]
fn secret_tool_store(profile: &str, secret: &str) {
    use std::io::Write as _;
    let mut child = std::process::Command::new("secret-tool")
        .args(["store", "--label", "stored by secret-tool", "service", SERVICE, "username", profile])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run secret-tool ({err}); install libsecret-tools"));
    child.stdin.take().expect("stdin").write_all(secret.as_bytes()).expect("write to secret-tool");
    assert!(child.wait().expect("secret-tool runs").success(), "secret-tool store failed");
}

#[test]
fn every_operation_says_whether_a_keychain_is_there() {
    let store = KeychainSecretStore::new();
    if real_keychain().is_none() {
        let key = Secret::new("sk-unused");
        assert_unavailable(store.set("duizhao-test-probe", &key).expect_err("set"));
        assert_unavailable(store.delete("duizhao-test-probe").expect_err("delete"));
        assert_unavailable(store.check_available().expect_err("check"));
        return;
    }
    let profile = TestProfile::new(store, "probe");
    assert_eq!(store.get(&profile.name).expect("get"), None, "a profile without a key reads as none");
}

#[test]
fn a_saved_key_reads_back_and_is_really_in_the_keychain() {
    let Some(store) = real_keychain() else { return };
    let profile = TestProfile::new(store, "saved");
    let key = Secret::new(format!("sk-{:016x}", fastrand::u64(..)));
    store.set(&profile.name, &key).expect("set");
    assert_eq!(store.get(&profile.name).expect("get"), Some(key.clone()));
    // A fresh store value reads it too: nothing is cached in this process's object.
    assert_eq!(KeychainSecretStore::new().get(&profile.name).expect("get"), Some(key.clone()));
    #[cfg(target_os = "linux")]
    assert_eq!(secret_tool_lookup(&profile.name).as_deref(), Some(key.expose()), "secret-tool does not see the key");
}

#[test]
fn a_key_stored_by_another_program_is_read() {
    let Some(store) = real_keychain() else { return };
    let profile = TestProfile::new(store, "foreign");
    #[cfg(target_os = "linux")]
    {
        secret_tool_store(&profile.name, "sk-from-secret-tool");
        assert_eq!(store.get(&profile.name).expect("get"), Some(Secret::new("sk-from-secret-tool")));
    }
    #[cfg(not(target_os = "linux"))]
    assert_eq!(store.get(&profile.name).expect("get"), None);
}

#[test]
fn saving_again_replaces_the_key() {
    let Some(store) = real_keychain() else { return };
    let profile = TestProfile::new(store, "replaced");
    store.set(&profile.name, &Secret::new("sk-old")).expect("set");
    store.set(&profile.name, &Secret::new("sk-new")).expect("set again");
    // Two entries would make this fail as ambiguous rather than return either.
    assert_eq!(store.get(&profile.name).expect("get"), Some(Secret::new("sk-new")));
    #[cfg(target_os = "linux")]
    assert_eq!(secret_tool_lookup(&profile.name).as_deref(), Some("sk-new"));
}

#[test]
fn deleting_forgets_the_key_and_deleting_again_is_fine() {
    let Some(store) = real_keychain() else { return };
    let profile = TestProfile::new(store, "deleted");
    store.set(&profile.name, &Secret::new("sk-doomed")).expect("set");
    store.delete(&profile.name).expect("delete");
    assert_eq!(store.get(&profile.name).expect("get"), None);
    #[cfg(target_os = "linux")]
    assert_eq!(secret_tool_lookup(&profile.name), None, "the entry is still in the keychain");
    store.delete(&profile.name).expect("deleting a missing key is fine");
}

#[test]
fn keys_of_different_profiles_are_kept_apart() {
    let Some(store) = real_keychain() else { return };
    let work = TestProfile::new(store, "工作 DeepL");
    let home = TestProfile::new(store, "home DeepL");
    let untouched = TestProfile::new(store, "no key");
    store.set(&work.name, &Secret::new("sk-work:fx")).expect("set");
    store.set(&home.name, &Secret::new("sk-home 密鑰")).expect("set");
    assert_eq!(store.get(&work.name).expect("get"), Some(Secret::new("sk-work:fx")));
    assert_eq!(store.get(&home.name).expect("get"), Some(Secret::new("sk-home 密鑰")));
    assert_eq!(store.get(&untouched.name).expect("get"), None);
    store.delete(&work.name).expect("delete");
    assert_eq!(store.get(&home.name).expect("get"), Some(Secret::new("sk-home 密鑰")), "deleting one kept the other");
}

#[test]
fn the_store_never_shows_a_key_in_its_debug_output() {
    let Some(store) = real_keychain() else { return };
    let profile = TestProfile::new(store, "debug");
    store.set(&profile.name, &Secret::new("sk-never-shown")).expect("set");
    let key = store.get(&profile.name).expect("get").expect("a key");
    let shown = format!("{store:?} {key:?} {:?}", store.get(&profile.name));
    assert!(!shown.contains("sk-never-shown"), "{shown}");
}

#[test]
fn keys_are_looked_up_in_the_keychain_then_the_key_file_then_the_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = || Some(Secret::new("sk-session"));
    let Some(store) = real_keychain() else {
        // No keychain: the file (once the user chose it) wins over the session key,
        // and with neither the error says there is no keychain.
        let keys = Keys::new(dir.path());
        let deepl = Profile::new("duizhao-test lookup", ProviderKind::DeepL);
        assert_unavailable(keys.find(&deepl, None).expect_err("no key anywhere"));
        assert_eq!(keys.find(&deepl, session()).expect("find"), Some((Secret::new("sk-session"), KeySource::Session)));
        keys.save_in_file(&deepl.name, &Secret::new("sk-file")).expect("the file works without a keychain");
        assert_eq!(keys.find(&deepl, session()).expect("find"), Some((Secret::new("sk-file"), KeySource::File)));
        let overview = keys.overview(&[&deepl.name], true);
        assert!(matches!(overview.keychain, Err(SecretError::Unavailable { .. })), "{:?}", overview.keychain);
        assert_eq!(overview.sources, [Some(KeySource::File)]);
        keys.delete(&deepl.name).expect("removing needs no keychain");
        assert!(!keys.key_file_path().exists());
        return;
    };
    let profile = TestProfile::new(store, "lookup");
    let deepl = Profile::new(&profile.name, ProviderKind::DeepL);
    let keys = Keys::new(dir.path());
    keys.save_in_file(&profile.name, &Secret::new("sk-file")).expect("save in file");
    assert_eq!(keys.find(&deepl, session()).expect("find"), Some((Secret::new("sk-file"), KeySource::File)));
    keys.save_in_keychain(&profile.name, &Secret::new("sk-keychain")).expect("save in keychain");
    assert_eq!(keys.find(&deepl, session()).expect("find"), Some((Secret::new("sk-keychain"), KeySource::Keychain)));
    assert!(!keys.key_file_path().exists(), "saving in the keychain leaves no unencrypted copy");
    #[cfg(target_os = "linux")]
    assert_eq!(secret_tool_lookup(&profile.name).as_deref(), Some("sk-keychain"));
    assert!(keys.overview(&[&profile.name], false).keychain.is_ok());
    keys.delete(&profile.name).expect("delete");
    assert_eq!(keys.find(&deepl, session()).expect("find"), Some((Secret::new("sk-session"), KeySource::Session)));
}
