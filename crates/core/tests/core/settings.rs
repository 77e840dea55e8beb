//! Settings on real files in temp dirs: defaults, round trips, tolerance of
//! unknown fields, clear errors for broken files (which are never overwritten),
//! atomic saves, validation, and the rule that no API key ever reaches the file.

use std::path::Path;
use std::time::Duration;

use duizhao_core::paths::{config_dir_from, default_config_dir};
use duizhao_core::settings::{
    self, resolve_key, MemorySecretStore, Profile, SecretError, SecretStore, Settings, SettingsError, API_KEY_ENV,
    SETTINGS_FILE_NAME, SETTINGS_VERSION,
};
use duizhao_core::translate::{Lang, ProviderKind, Secret};

fn deepseek() -> Profile {
    Profile {
        base_url: "https://api.deepseek.com/v1".into(),
        model: Some("deepseek-chat".into()),
        temperature: Some(0.3),
        system_prompt: Some("Translate faithfully.\nKeep names.".into()),
        concurrency: Some(8),
        requests_per_second: Some(4.5),
        timeout_seconds: Some(90),
        ..Profile::new("DeepSeek", ProviderKind::OpenAi)
    }
}

fn sample_settings() -> Settings {
    let mut settings = Settings { target_language: Lang::new("zh-Hans"), profiles: Vec::new(), ..Settings::default() };
    settings.add_profile(deepseek()).expect("add deepseek");
    settings
        .add_profile(Profile { region: Some("eastasia".into()), ..Profile::new("Azure work", ProviderKind::Azure) })
        .expect("add azure");
    settings.set_default_profile(Some("Azure work")).expect("default");
    settings
}

fn settings_file(dir: &Path) -> std::path::PathBuf {
    dir.join(SETTINGS_FILE_NAME)
}

#[test]
fn a_missing_file_gives_the_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings::load(&dir.path().join("not-created-yet")).expect("defaults");
    assert_eq!(settings, Settings::default());
    assert_eq!(settings.target_language, Lang::new("en"));
    assert_eq!(settings.version, SETTINGS_VERSION);
    // A new install starts with the free web engines, not yet chosen: nothing
    // is sent anywhere until the user agrees.
    assert_eq!(settings.profiles, [Profile::new(settings::WEB_PROFILE_NAME, ProviderKind::Web)]);
    assert_eq!(settings.default_profile().map(|p| p.kind), Some(ProviderKind::Web));
    assert!(!settings.translation_chosen);
}

#[test]
fn a_web_profile_points_engines_elsewhere_and_refuses_unknown_ones() {
    let mut profile = Profile::new("web", ProviderKind::Web);
    profile.engines.insert("transmart".into(), "https://yi.qq.com".into());
    profile.validate().expect("a known engine with an http(s) address");
    let config = profile.provider_config(None);
    let engines: Vec<(&str, &str)> = config.engines.iter().map(|(k, u)| (k.name(), u.as_str())).collect();
    assert_eq!(engines, [("edge", ""), ("google-web", ""), ("transmart", "https://yi.qq.com")]);
    profile.engines.insert("bing".into(), "https://bing.com".into());
    let error = profile.validate().unwrap_err().to_string();
    assert!(error.contains("\"bing\" is not a web engine"), "{error}");
    let mut profile = Profile::new("web", ProviderKind::Web);
    profile.engines.insert("edge".into(), "ftp://x".into());
    assert!(profile.validate().is_err());
}

#[test]
fn a_file_with_only_some_fields_gets_defaults_for_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(settings_file(dir.path()), r#"{"profiles": [{"name": "deepl", "kind": "deepl"}]}"#).expect("write");
    let settings = Settings::load(dir.path()).expect("load");
    assert_eq!(settings.target_language, Lang::new("en"));
    assert_eq!(settings.profiles, vec![Profile::new("deepl", ProviderKind::DeepL)]);
    assert_eq!(settings.default_profile().map(|p| p.name.as_str()), Some("deepl"), "the first profile is the default");
}

#[test]
fn saved_settings_load_back_equal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = sample_settings();
    settings.save(dir.path()).expect("save");
    let loaded = Settings::load(dir.path()).expect("load");
    assert_eq!(loaded, settings);
    assert_eq!(loaded.default_profile().map(|p| p.kind), Some(ProviderKind::Azure));
    assert_eq!(loaded.profile("DeepSeek"), Some(&deepseek()));
}

#[test]
fn unknown_fields_from_a_newer_version_are_ignored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = r#"{
        "version": 7,
        "target_language": "ja",
        "appearance": {"theme": "dark"},
        "profiles": [{"name": "local", "kind": "openai", "base_url": "http://127.0.0.1:11434/v1",
                      "model": "qwen2.5", "top_p": 0.9}]
    }"#;
    std::fs::write(settings_file(dir.path()), text).expect("write");
    let settings = Settings::load(dir.path()).expect("load");
    assert_eq!(settings.target_language, Lang::new("ja"));
    assert_eq!(settings.profiles[0].model.as_deref(), Some("qwen2.5"));
    assert_eq!(settings.profiles[0].base_url, "http://127.0.0.1:11434/v1");
}

#[test]
fn a_byte_order_mark_or_a_blank_file_does_not_stop_loading() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(settings_file(dir.path()), "\u{feff}{\"target_language\": \"fr\"}").expect("write");
    assert_eq!(Settings::load(dir.path()).expect("bom").target_language, Lang::new("fr"));
    std::fs::write(settings_file(dir.path()), " \n").expect("write");
    assert_eq!(Settings::load(dir.path()).expect("blank"), Settings::default());
}

#[test]
fn a_malformed_file_is_reported_with_its_path_and_line_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = settings_file(dir.path());
    let text = "{\n  \"target_language\": \"en\",\n  \"profiles\": [\n    {\"name\": \"x\",}\n  ]\n}\n";
    std::fs::write(&path, text).expect("write");
    let err = Settings::load(dir.path()).expect_err("trailing comma is not JSON");
    let SettingsError::Malformed { line, .. } = &err else { panic!("expected Malformed, got {err:?}") };
    assert_eq!(*line, 4);
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("line 4"), "{message}");
    assert!(message.contains("left as it is"), "{message}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text, "the broken file was changed");
}

#[test]
fn a_file_with_invalid_values_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = settings_file(dir.path());
    for (text, expect) in [
        (r#"{"profiles": [{"name": "a", "kind": "babelfish"}]}"#, "unknown variant `babelfish`"),
        (r#"{"profiles": [{"name": "a", "kind": "deepl"}, {"name": "A", "kind": "google"}]}"#, "already exists"),
        (r#"{"profiles": [{"name": "a", "base_url": "ftp://x"}]}"#, "http:// or https://"),
        (r#"{"default_profile": "gone", "profiles": []}"#, "no profile named \"gone\""),
        (r#"{"target_language": 5}"#, "invalid type"),
    ] {
        std::fs::write(&path, text).expect("write");
        let err = Settings::load(dir.path()).expect_err(text);
        let message = err.to_string();
        assert!(message.contains(expect) && message.contains(&path.display().to_string()), "{text}: {message}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text, "the file was changed");
    }
}

#[test]
fn saving_leaves_only_the_settings_file_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("duizhao");
    for round in 0..5 {
        let mut settings = sample_settings();
        settings.target_language = Lang::new(if round % 2 == 0 { "en" } else { "fr" });
        settings.save(&config).expect("save");
    }
    let names: Vec<String> = std::fs::read_dir(&config)
        .expect("list")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![SETTINGS_FILE_NAME.to_owned()]);
    assert!(std::fs::read_to_string(settings_file(&config)).expect("read").ends_with("}\n"));
}

#[test]
fn a_reader_never_sees_a_half_written_file_while_settings_are_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().to_owned();
    let mut english = sample_settings();
    english.target_language = Lang::new("en");
    // A long prompt makes each write big enough that a non-atomic writer would
    // be caught part-way.
    english.profiles[0].system_prompt = Some("Translate faithfully. ".repeat(4000));
    let mut french = english.clone();
    french.target_language = Lang::new("fr");
    english.save(&config).expect("first save");
    let path = config.join("settings.json");
    // Deterministic: a file opened before a save still holds the whole previous
    // version after it (the save replaced the file instead of writing into it),
    // and the path holds the whole new one.
    #[cfg(unix)]
    for after in [&french, &english].into_iter().cycle().take(20) {
        use std::io::Read;
        let mut held = std::fs::File::open(&path).expect("open before the save");
        let old_text = std::fs::read_to_string(&path).expect("read before the save");
        after.save(&config).expect("save");
        let mut still = String::new();
        held.read_to_string(&mut still).expect("read the held file");
        assert_eq!(still, old_text, "the save wrote into the file a reader had open");
        assert!(Settings::load(&config).expect("parses") == *after, "the path holds the new version");
    }
    // Concurrent readers during a fixed number of saves: every read parses and is
    // one of the two versions. No count of reads is required; only what was read.
    let writer = {
        let (config, english, french) = (config.clone(), english.clone(), french.clone());
        std::thread::spawn(move || {
            for round in 0..60 {
                let settings = if round % 2 == 0 { &french } else { &english };
                settings.save(&config).expect("save");
            }
        })
    };
    loop {
        let finished = writer.is_finished();
        let loaded = Settings::load(&config).expect("every read parses");
        assert!(loaded == english || loaded == french, "read a mixture of two saves");
        if finished {
            break;
        }
    }
    writer.join().expect("writer");
}

#[test]
fn the_saved_file_never_contains_a_key_even_after_profiles_were_used_with_secrets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let key = "sk-live-0123456789abcdefXYZ";
    let mut settings = sample_settings();
    let store = MemorySecretStore::new();
    for profile in &settings.profiles {
        store.set(&profile.name, &Secret::new(key)).expect("set");
        let secret = resolve_key(&store, profile, None).expect("resolve");
        let config = profile.provider_config(secret);
        assert_eq!(config.api_key.as_ref().map(Secret::expose), Some(key));
    }
    // A key pasted into the file by hand does not survive the next save either.
    std::fs::write(
        settings_file(dir.path()),
        format!(r#"{{"api_key": "{key}", "profiles": [{{"name": "x", "kind": "deepl", "api_key": "{key}"}}]}}"#),
    )
    .expect("write");
    let mut loaded = Settings::load(dir.path()).expect("load");
    loaded.profiles.append(&mut settings.profiles);
    loaded.save(dir.path()).expect("save");
    let text = std::fs::read_to_string(settings_file(dir.path())).expect("read");
    assert!(text.contains("DeepSeek"), "the profiles were saved");
    assert!(!text.contains(key) && !text.contains("api_key"), "a key reached the settings file:\n{text}");
    assert!(!format!("{loaded:?}").contains(key));
}

#[test]
fn profile_edits_are_validated() {
    let mut settings = sample_settings();
    let before = settings.clone();
    let invalid = |result: Result<(), SettingsError>| match result {
        Err(SettingsError::InvalidProfile { reason, .. }) => reason,
        other => panic!("expected InvalidProfile, got {other:?}"),
    };
    assert!(matches!(
        settings.add_profile(Profile::new(" deepseek ", ProviderKind::DeepL)),
        Err(SettingsError::DuplicateProfile { .. })
    ));
    assert!(invalid(settings.add_profile(Profile::new("  ", ProviderKind::DeepL))).contains("empty"));
    assert!(invalid(settings.add_profile(Profile::new(&"x".repeat(65), ProviderKind::DeepL))).contains("at most"));
    let bad_url = Profile { base_url: "localhost:8080".into(), ..Profile::new("l", ProviderKind::OpenAi) };
    assert!(invalid(settings.add_profile(bad_url)).contains("http"));
    let with_password =
        Profile { base_url: "https://me:pw@example.com".into(), ..Profile::new("p", ProviderKind::OpenAi) };
    assert!(invalid(settings.add_profile(with_password)).contains("password"));
    let hot = Profile { temperature: Some(3.5), ..Profile::new("t", ProviderKind::OpenAi) };
    assert!(invalid(settings.add_profile(hot)).contains("temperature"));
    let idle = Profile { concurrency: Some(0), ..Profile::new("c", ProviderKind::OpenAi) };
    assert!(invalid(settings.add_profile(idle)).contains("concurrency"));
    let stuck = Profile { requests_per_second: Some(f64::NAN), ..Profile::new("r", ProviderKind::OpenAi) };
    assert!(invalid(settings.add_profile(stuck)).contains("requests per second"));
    let instant = Profile { timeout_seconds: Some(0), ..Profile::new("z", ProviderKind::OpenAi) };
    assert!(invalid(settings.add_profile(instant)).contains("timeout"));
    assert_eq!(settings, before, "a refused edit changed nothing");
    assert!(matches!(
        settings.set_default_profile(Some("nobody")),
        Err(SettingsError::UnknownProfile { name }) if name == "nobody"
    ));
    let mut bad_language = settings.clone();
    bad_language.target_language = Lang::new("en US");
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(matches!(bad_language.save(dir.path()), Err(SettingsError::InvalidLanguage { .. })));
    assert!(!settings_file(dir.path()).exists(), "invalid settings were written");
}

#[test]
fn added_profiles_are_trimmed_and_blank_options_dropped() {
    let mut settings = Settings::default();
    let messy = Profile {
        base_url: " http://127.0.0.1:8080 ".into(),
        model: Some("  ".into()),
        region: Some(" westeurope ".into()),
        system_prompt: Some(" \n ".into()),
        ..Profile::new("  Local LLM ", ProviderKind::OpenAi)
    };
    settings.add_profile(messy).expect("add");
    let profile = settings.profile("Local LLM").expect("found by its trimmed name");
    assert_eq!(profile.base_url, "http://127.0.0.1:8080");
    assert_eq!((profile.model.as_deref(), profile.region.as_deref()), (None, Some("westeurope")));
    assert_eq!(profile.system_prompt, None);
}

#[test]
fn renaming_and_removing_profiles_keeps_the_default_consistent() {
    let mut settings = sample_settings();
    let renamed = Profile { name: "Azure home".into(), ..settings.profile("Azure work").expect("azure").clone() };
    settings.update_profile("Azure work", renamed).expect("rename");
    assert_eq!(settings.default_profile.as_deref(), Some("Azure home"));
    assert_eq!(settings.profiles[1].name, "Azure home", "kept its place");
    assert!(matches!(
        settings.update_profile("Azure home", Profile::new("deepseek", ProviderKind::Azure)),
        Err(SettingsError::DuplicateProfile { .. })
    ));
    assert!(matches!(
        settings.update_profile("Nobody", Profile::new("x", ProviderKind::Azure)),
        Err(SettingsError::UnknownProfile { .. })
    ));
    let removed = settings.remove_profile("Azure home").expect("remove");
    assert_eq!(removed.kind, ProviderKind::Azure);
    assert_eq!(settings.default_profile, None);
    assert_eq!(settings.default_profile().map(|p| p.name.as_str()), Some("DeepSeek"));
    let dir = tempfile::tempdir().expect("temp dir");
    settings.save(dir.path()).expect("the result is valid and saves");
}

#[test]
fn profile_limits_override_only_what_the_profile_sets() {
    let kind_limits = ProviderKind::OpenAi.limits();
    let limits = deepseek().limits();
    assert_eq!((limits.concurrency, limits.requests_per_second), (8, 4.5));
    assert_eq!((limits.max_texts, limits.max_chars), (kind_limits.max_texts, kind_limits.max_chars));
    assert_eq!(Profile::new("d", ProviderKind::DeepL).limits(), ProviderKind::DeepL.limits());
}

#[test]
fn a_profile_becomes_a_provider_config_with_the_given_key() {
    let config = deepseek().provider_config(Some(Secret::new("sk-1")));
    assert_eq!(config.kind, ProviderKind::OpenAi);
    assert_eq!(config.base_url, "https://api.deepseek.com/v1");
    assert_eq!(config.api_key.as_ref().map(Secret::expose), Some("sk-1"));
    assert_eq!(config.model.as_deref(), Some("deepseek-chat"));
    assert_eq!(config.temperature, Some(0.3));
    assert_eq!(config.system_prompt.as_deref(), Some("Translate faithfully.\nKeep names."));
    assert!(config.stream);
    assert_eq!(config.timeout, Duration::from_secs(90));
    let azure = Profile { region: Some("eastasia".into()), ..Profile::new("a", ProviderKind::Azure) };
    let config = azure.provider_config(None);
    assert_eq!(config.base_url, ProviderKind::Azure.default_base_url(), "empty base URL means the default");
    assert_eq!(config.region.as_deref(), Some("eastasia"));
    assert!(config.api_key.is_none());
}

#[test]
fn the_cache_fingerprint_follows_what_changes_a_translation() {
    let base = deepseek();
    let fingerprint = base.cache_fingerprint();
    for changed in [
        Profile { model: Some("deepseek-reasoner".into()), ..deepseek() },
        Profile { temperature: Some(0.0), ..deepseek() },
        Profile { temperature: None, ..deepseek() },
        Profile { system_prompt: Some("Translate freely.".into()), ..deepseek() },
    ] {
        assert_ne!(changed.cache_fingerprint(), fingerprint, "{changed:?}");
    }
    for same in [
        Profile { name: "renamed".into(), ..deepseek() },
        Profile { timeout_seconds: Some(5), concurrency: None, requests_per_second: None, ..deepseek() },
        Profile { stream: false, ..deepseek() },
    ] {
        assert_eq!(same.cache_fingerprint(), fingerprint, "{same:?}");
    }
    // DeepL ignores model, temperature and prompt, so editing them keeps its cache.
    let deepl = Profile::new("d", ProviderKind::DeepL);
    let edited = Profile { model: Some("x".into()), temperature: Some(1.0), ..deepl.clone() };
    assert_eq!(deepl.cache_fingerprint(), edited.cache_fingerprint());
}

#[test]
fn the_memory_secret_store_keeps_keys_per_profile_and_never_shows_them() {
    let store = MemorySecretStore::new();
    assert_eq!(store.get("a").expect("get"), None);
    store.set("a", &Secret::new("sk-a")).expect("set");
    store.set("b", &Secret::new("sk-b")).expect("set");
    store.set("a", &Secret::new("sk-a2")).expect("replace");
    assert_eq!(store.get("a").expect("get"), Some(Secret::new("sk-a2")));
    assert_eq!(store.get("b").expect("get"), Some(Secret::new("sk-b")));
    let shown = format!("{store:?}");
    assert!(shown.contains("\"a\"") && !shown.contains("sk-"), "{shown}");
    store.delete("a").expect("delete");
    store.delete("a").expect("deleting twice is fine");
    assert_eq!(store.get("a").expect("get"), None);
}

#[test]
fn the_session_key_wins_over_the_keychain_and_works_without_one() {
    let profile = Profile::new("deepl", ProviderKind::DeepL);
    let store = MemorySecretStore::new();
    store.set("deepl", &Secret::new("from-keychain")).expect("set");
    let key = resolve_key(&store, &profile, Some(Secret::new("from-env"))).expect("resolve");
    assert_eq!(key, Some(Secret::new("from-env")));
    assert_eq!(resolve_key(&store, &profile, None).expect("resolve"), Some(Secret::new("from-keychain")));
    let nothing = MemorySecretStore::unavailable("no DBus session");
    let key = resolve_key(&nothing, &profile, Some(Secret::new("from-env"))).expect("no keychain needed");
    assert_eq!(key, Some(Secret::new("from-env")));
}

#[test]
fn without_a_keychain_or_session_key_the_error_says_to_set_the_variable() {
    let profile = Profile::new("deepl", ProviderKind::DeepL);
    let nothing = MemorySecretStore::unavailable("no DBus session");
    let err = resolve_key(&nothing, &profile, None).expect_err("no key anywhere");
    assert!(matches!(err, SecretError::Unavailable { .. }));
    let message = err.to_string();
    assert!(message.contains("no keychain service is available"), "{message}");
    assert!(message.contains(API_KEY_ENV) && message.contains("no DBus session"), "{message}");
    let dyn_store: &dyn SecretStore = &nothing;
    assert!(dyn_store.set("deepl", &Secret::new("k")).is_err());
}

#[test]
fn a_kind_that_needs_no_key_works_without_a_keychain() {
    let profile = Profile::new("local", ProviderKind::LibreTranslate);
    let nothing = MemorySecretStore::unavailable("no DBus session");
    assert_eq!(resolve_key(&nothing, &profile, None).expect("no key is needed"), None);
}

#[test]
fn the_config_dir_comes_from_the_environment_when_set() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(config_dir_from(Some(dir.path().as_os_str().to_owned())), dir.path());
    let fallback = config_dir_from(Some("".into()));
    assert!(fallback.ends_with("duizhao"), "{}", fallback.display());
    assert_ne!(fallback, dir.path());
    // The real environment variable, end to end. nextest runs each test in its
    // own process, so setting it here cannot race another test.
    std::env::set_var("DUIZHAO_CONFIG_DIR", dir.path());
    assert_eq!(default_config_dir(), dir.path());
    sample_settings().save(&default_config_dir()).expect("save");
    assert!(dir.path().join(SETTINGS_FILE_NAME).exists());
    assert_eq!(Settings::load(&default_config_dir()).expect("load"), sample_settings());
}

#[test]
fn reader_preferences_from_a_newer_version_or_a_hand_edit_never_stop_the_settings_loading() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        settings_file(dir.path()),
        r#"{"default_profile": "DeepSeek",
            "profiles": [{"name": "DeepSeek", "kind": "openai", "base_url": "https://api.deepseek.com"}],
            "reader": {"theme": "sepia", "fontSize": 80, "layout": "interleaved"}}"#,
    )
    .unwrap();
    let settings = Settings::load(dir.path()).expect("the profile still loads");
    assert_eq!(settings.profiles.len(), 1);
    assert_eq!(settings.reader.theme, duizhao_core::prefs::Theme::System);
    assert_eq!(settings.reader.font_size, duizhao_core::prefs::MAX_FONT_SIZE);
    assert_eq!(settings.reader.layout, duizhao_core::prefs::Layout::Interleaved);
}

#[test]
fn fully_offline_refuses_the_web_engines_unless_every_engine_is_on_this_computer() {
    let settings = Settings { offline_only: true, ..Settings::default() };
    let web = Profile::new("web", ProviderKind::Web);
    let error = settings.allows_network(&web).unwrap_err().to_string();
    assert!(error.contains("edge.microsoft.com"), "{error}");
    let mut local = web.clone();
    for engine in ["edge", "google-web"] {
        local.engines.insert(engine.into(), "http://127.0.0.1:8080".into());
    }
    assert!(settings.allows_network(&local).is_err(), "TranSmart still goes out");
    local.engines.insert("transmart".into(), "http://127.0.0.1:8080".into());
    settings.allows_network(&local).expect("every engine is local");
    Settings::default().allows_network(&web).expect("without the switch anything goes");
}

#[test]
fn proxies_round_trip_app_wide_and_per_profile_and_bad_ones_are_refused_with_the_reason() {
    use duizhao_core::net::{ManualProxy, Proxy};
    let dir = tempfile::tempdir().unwrap();
    let mut settings = sample_settings();
    let manual = Proxy::Manual(ManualProxy {
        url: " socks5h://10.0.0.2:1080/ ".into(),
        bypass: "localhost;.corp.example".into(),
        username: Some("reader".into()),
    });
    settings.set_proxy(manual).unwrap();
    let own = Profile { proxy: Some(Proxy::Direct), ..Profile::new("Direct DeepL", ProviderKind::DeepL) };
    settings.add_profile(own).unwrap();
    settings.save(dir.path()).unwrap();
    let text = std::fs::read_to_string(settings_file(dir.path())).unwrap();
    assert!(!text.contains("password"), "{text}");
    let loaded = Settings::load(dir.path()).unwrap();
    assert_eq!(loaded, settings);
    let Proxy::Manual(m) = &loaded.proxy else { panic!("{:?}", loaded.proxy) };
    assert_eq!((m.url.as_str(), m.bypass.as_str()), ("socks5h://10.0.0.2:1080", "localhost, .corp.example"));
    assert_eq!(loaded.proxy_for(loaded.profile("Direct DeepL").unwrap()), &Proxy::Direct);
    assert_eq!(loaded.proxy_for(loaded.profile("DeepSeek").unwrap()), &loaded.proxy);
    assert_eq!(loaded.proxy_entry_for(loaded.profile("Direct DeepL").unwrap()), "duizhao-proxy:Direct DeepL");
    assert_eq!(loaded.proxy_entry_for(loaded.profile("DeepSeek").unwrap()), "duizhao-proxy:*");

    let mut bad = sample_settings();
    let error =
        bad.set_proxy(Proxy::Manual(ManualProxy { url: "http://u:p@proxy:8080".into(), ..ManualProxy::default() }));
    assert!(error.unwrap_err().to_string().starts_with("proxy: put the proxy's user name"));
    let error = bad.add_profile(Profile::new("duizhao-proxy:x", ProviderKind::DeepL)).unwrap_err();
    assert!(error.to_string().contains("must not start with"), "{error}");
    std::fs::write(settings_file(dir.path()), r#"{"proxy":{"mode":"manual","url":"gopher://x:70"}}"#).unwrap();
    let error = Settings::load(dir.path()).unwrap_err().to_string();
    assert!(error.contains("proxy: the proxy address must start with"), "{error}");
}
