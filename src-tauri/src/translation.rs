//! Translation commands: provider profiles and their keys, "test connection",
//! local servers found on this computer (probed when Settings opens, each model
//! made a profile in one click), the "fully offline" switch (checked before
//! any request), and translation jobs that stream per-block events to the UI
//! over a Channel.
//!
//! Keys go from the system clipboard straight into the OS keychain, or where
//! there is none and the user confirmed it, into the key file
//! (`set_key_from_clipboard`), and from there straight into the provider
//! request (`duizhao_keychain::Keys` decides where a key is looked up): no
//! command takes or returns a key, so a key is never in an IPC payload, the
//! webview's DOM, a log or the settings file. Settings learns only where each
//! profile's key is (`KeyPlace`).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use duizhao_core::document::FetchOptions;
use duizhao_core::glossary::MissingTerm;
use duizhao_core::job::{self, JobRequest, KeepReason, Kept, TranslationEstimate};
use duizhao_core::net::{self, ClientCache, Proxy};
use duizhao_core::settings::{self, api_key_from_env, Profile, SecretError, Settings};
use duizhao_core::store::Cache;
use duizhao_core::trace::trace;
use duizhao_core::translate::custom::CustomTemplate;
use duizhao_core::translate::discover::{self, FoundServer, ServerKind};
use duizhao_core::translate::scheduler::BlockEvent;
use duizhao_core::translate::{self, Lang, ProviderKind, Secret, TranslateError};
use duizhao_keychain::{KeySource, Keys};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tokio_util::sync::CancellationToken;

use crate::error::{capitalise, AppError, Result};
use crate::state::{AppState, TranslatedBy};
use duizhao_core::error::ErrorKind;

/// What translation needs between commands.
pub struct Translation {
    /// One HTTP client per proxy setting in use (`net::ClientCache`).
    clients: ClientCache,
    keys: Keys,
    cache: std::sync::OnceLock<std::result::Result<Arc<Cache>, String>>,
    next_job: AtomicU32,
    /// What the last `find_local_servers` found: `use_local_server` picks from
    /// it, so a profile is only ever made for a server that really answered.
    found: Mutex<Vec<FoundServer>>,
}

impl Translation {
    pub fn new() -> Translation {
        Translation {
            clients: ClientCache::new(),
            keys: Keys::new(&config_dir()),
            cache: std::sync::OnceLock::new(),
            next_job: AtomicU32::new(1),
            found: Mutex::new(Vec::new()),
        }
    }

    /// The client for `profile`'s requests: through its proxy (its own or the
    /// app's), with the proxy's password from the keychain.
    pub fn client_for(&self, settings: &Settings, profile: &Profile) -> Result<reqwest::Client> {
        let proxy = settings.proxy_for(profile);
        let password = self.keys.proxy_password(proxy, &settings.proxy_entry_for(profile))?;
        self.clients.get(proxy, password.as_ref()).map_err(|e| AppError::new(ErrorKind::Settings, capitalise(&e.0)))
    }

    /// How web pages are fetched: through the app's proxy.
    pub fn fetch_options(&self) -> Result<FetchOptions> {
        let settings = Settings::load(&config_dir())?;
        let proxy_password = self.keys.proxy_password(&settings.proxy, &net::proxy_entry(None))?;
        Ok(FetchOptions { proxy: settings.proxy, proxy_password, ..FetchOptions::default() })
    }

    /// The cache if something opened it; never opens it.
    pub fn opened_cache(&self) -> Option<Arc<Cache>> {
        self.cache.get().and_then(|c| c.as_ref().ok()).map(Arc::clone)
    }

    fn cache(&self) -> Result<Arc<Cache>> {
        self.cache
            .get_or_init(|| Cache::open_default().map(Arc::new).map_err(|e| e.to_string()))
            .clone()
            .map_err(|message| AppError::new(ErrorKind::Store, message))
    }
}

/// A profile as the UI sees it (camelCase); the settings file's shape is the core's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "Profile"))]
#[serde(rename_all = "camelCase")]
pub struct ProfileDto {
    name: String,
    kind: ProviderKind,
    /// Empty: the kind's default endpoint.
    base_url: String,
    model: Option<String>,
    temperature: Option<f32>,
    system_prompt: Option<String>,
    stream: bool,
    /// Azure resource region.
    region: Option<String>,
    /// Overrides of the kind's default limits.
    concurrency: Option<usize>,
    requests_per_second: Option<f64>,
    timeout_seconds: Option<u64>,
    /// The `web` chain's endpoint overrides (engine name → base URL); absent or empty: public ones.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    engines: std::collections::BTreeMap<String, String>,
    /// The profile's own proxy; absent or null: the app's (`TranslationSettings.proxy`).
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    proxy: Option<Proxy>,
    /// The custom provider's template; absent or null for the other kinds.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    template: Option<CustomTemplate>,
    /// Chat models: send the title and the previous paragraph as context; absent: on.
    #[serde(default = "default_context")]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    context: bool,
    /// Chat models: US dollars per million input tokens (for estimates); absent or null: not set.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    price_input: Option<f64>,
    /// Chat models: US dollars per million output tokens.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    price_output: Option<f64>,
    /// Translation services: US dollars per million characters.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    price_chars: Option<f64>,
}

fn default_context() -> bool {
    true
}

impl From<ProfileDto> for Profile {
    fn from(p: ProfileDto) -> Profile {
        Profile {
            name: p.name,
            kind: p.kind,
            base_url: p.base_url,
            model: p.model,
            temperature: p.temperature,
            system_prompt: p.system_prompt,
            stream: p.stream,
            region: p.region,
            concurrency: p.concurrency,
            requests_per_second: p.requests_per_second,
            timeout_seconds: p.timeout_seconds,
            engines: p.engines,
            proxy: p.proxy,
            template: p.template,
            context: p.context,
            price_input: p.price_input,
            price_output: p.price_output,
            price_chars: p.price_chars,
        }
    }
}

/// A profile with where its key and its proxy's password are.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    #[serde(flatten)]
    profile: ProfileDto,
    /// Where the profile's key is; null: nowhere.
    key_place: Option<KeyPlace>,
    /// Whether a password is stored for the profile's own proxy.
    proxy_password: bool,
}

/// Where a key is, or is to be stored (the wire names of `KeySource`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum KeyPlace {
    Keychain,
    File,
    /// `DUIZHAO_API_KEY`; never a place to store one.
    Session,
}

impl From<KeySource> for KeyPlace {
    fn from(source: KeySource) -> KeyPlace {
        match source {
            KeySource::Keychain => KeyPlace::Keychain,
            KeySource::File => KeyPlace::File,
            KeySource::Session => KeyPlace::Session,
        }
    }
}

/// Whether the OS keychain can be used. `state` is what the UI branches on;
/// `detail` (the platform's own words, e.g. the DBus error) is for a
/// "details" disclosure only.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "KeychainState"))]
#[serde(rename_all = "camelCase")]
pub struct KeychainView {
    state: KeychainStatus,
    detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum KeychainStatus {
    Available,
    Unavailable,
    Locked,
}

/// A provider kind as the profile form offers it (its defaults are the placeholders).
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ProviderKindInfo"))]
#[serde(rename_all = "camelCase")]
pub struct KindInfo {
    kind: ProviderKind,
    label: &'static str,
    /// Whether a key is required to use it.
    needs_key: bool,
    default_base_url: &'static str,
    /// Default limits, shown as placeholders in the profile form.
    concurrency: usize,
    requests_per_second: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TranslationSettings {
    profiles: Vec<ProfileView>,
    default_profile: Option<String>,
    /// BCP-47 target language, e.g. "en", "zh-Hant", "ja".
    target_language: String,
    kinds: Vec<KindInfo>,
    keychain: KeychainView,
    /// Where keys go when the user chooses to keep them in a file.
    key_file: String,
    /// Whether the first-run choice of how to translate has been made. Until
    /// then the column asks, and nothing is sent anywhere on its own.
    translation_chosen: bool,
    /// "Fully offline": only profiles on this computer may be used.
    offline_only: bool,
    /// The app's proxy: page fetches and every profile without one of its own.
    proxy: Proxy,
    /// Whether a password is stored for the app's proxy.
    proxy_password: bool,
}

fn config_dir() -> std::path::PathBuf {
    duizhao_core::paths::default_config_dir()
}

fn view(translation: &Translation, settings: &Settings) -> TranslationSettings {
    let names: Vec<&str> = settings.profiles.iter().map(|p| p.name.as_str()).collect();
    let overview = translation.keys.overview(&names, api_key_from_env().is_some());
    let profiles = settings
        .profiles
        .iter()
        .zip(overview.sources)
        .map(|(p, source)| ProfileView {
            key_place: source.map(KeyPlace::from),
            proxy_password: p.proxy.as_ref().is_some_and(|proxy| has_proxy_password(translation, proxy, Some(&p.name))),
            profile: ProfileDto {
                name: p.name.clone(),
                kind: p.kind,
                base_url: p.base_url.clone(),
                model: p.model.clone(),
                temperature: p.temperature,
                system_prompt: p.system_prompt.clone(),
                stream: p.stream,
                region: p.region.clone(),
                concurrency: p.concurrency,
                requests_per_second: p.requests_per_second,
                timeout_seconds: p.timeout_seconds,
                engines: p.engines.clone(),
                proxy: p.proxy.clone(),
                template: p.template.clone(),
                context: p.context,
                price_input: p.price_input,
                price_output: p.price_output,
                price_chars: p.price_chars,
            },
        })
        .collect();
    TranslationSettings {
        profiles,
        default_profile: settings.default_profile().map(|p| p.name.clone()),
        target_language: settings.target_language.as_str().to_owned(),
        kinds: ProviderKind::ALL
            .iter()
            .map(|&kind| {
                let limits = kind.limits();
                KindInfo {
                    kind,
                    label: kind.label(),
                    needs_key: kind.needs_key(),
                    default_base_url: kind.default_base_url(),
                    concurrency: limits.concurrency,
                    requests_per_second: limits.requests_per_second,
                }
            })
            .collect(),
        keychain: match overview.keychain {
            Ok(()) => KeychainView { state: KeychainStatus::Available, detail: None },
            Err(SecretError::Locked { detail }) => KeychainView { state: KeychainStatus::Locked, detail: Some(detail) },
            Err(SecretError::Unavailable { detail }) => {
                KeychainView { state: KeychainStatus::Unavailable, detail: Some(detail) }
            }
            Err(other) => KeychainView { state: KeychainStatus::Unavailable, detail: Some(other.to_string()) },
        },
        key_file: translation.keys.key_file_path().display().to_string(),
        translation_chosen: settings.translation_chosen,
        offline_only: settings.offline_only,
        proxy: settings.proxy.clone(),
        proxy_password: has_proxy_password(translation, &settings.proxy, None),
    }
}

/// The translation settings of a new install as the page is given them (no profile, the first
/// choice not made, no keys), with what this machine's keychain answered and its key file's
/// path replaced by a new install's usual values (an available keychain, no path), so the
/// file written from it is the same on every machine: what the interface's build draws a new
/// user's first screen with (bindings.rs).
#[cfg(test)]
pub(crate) fn new_install_view() -> TranslationSettings {
    let settings = Settings::default();
    let mut view = view(&Translation::new(), &settings);
    view.keychain = KeychainView { state: KeychainStatus::Available, detail: None };
    view.key_file = String::new();
    view.proxy_password = false;
    view
}

fn has_proxy_password(translation: &Translation, proxy: &Proxy, profile: Option<&str>) -> bool {
    matches!(translation.keys.proxy_password(proxy, &net::proxy_entry(profile)), Ok(Some(_)))
}

/// Loads the settings, applies `change`, saves them, and returns the new view.
fn update(translation: &Translation, change: impl FnOnce(&mut Settings) -> Result<()>) -> Result<TranslationSettings> {
    let dir = config_dir();
    let mut settings = Settings::load(&dir)?;
    change(&mut settings)?;
    settings.save(&dir)?;
    Ok(view(translation, &settings))
}

/// Async, so off the main thread: it asks the keychain (over D-Bus on Linux) about every
/// profile's key, and a command on the main thread holds the window's events and every
/// other call meanwhile — at start-up, the first document's.
#[tauri::command]
pub async fn get_translation_settings(translation: State<'_, Translation>) -> Result<TranslationSettings> {
    Ok(view(&translation, &Settings::load(&config_dir())?))
}

#[tauri::command]
pub fn save_profile(
    translation: State<'_, Translation>,
    profile: ProfileDto,
    previous_name: Option<String>,
) -> Result<TranslationSettings> {
    let profile: Profile = profile.into();
    let new_name = profile.name.clone();
    let result = update(&translation, |settings| {
        match &previous_name {
            Some(old) if settings.profile(old).is_some() => settings.update_profile(old, profile)?,
            _ => settings.add_profile(profile)?,
        }
        Ok(())
    })?;
    // A renamed profile keeps its key.
    if let Some(old) = previous_name.filter(|old| *old != new_name) {
        translation.keys.rename(&old, &new_name)?;
        translation.keys.rename(&net::proxy_entry(Some(&old)), &net::proxy_entry(Some(&new_name)))?;
    }
    Ok(result)
}

#[tauri::command]
pub fn delete_profile(translation: State<'_, Translation>, name: String) -> Result<TranslationSettings> {
    let result = update(&translation, |settings| {
        settings.remove_profile(&name)?;
        Ok(())
    })?;
    // The profile is gone, so is its key: from the key file for certain (an
    // error there is reported, the key must not linger unencrypted), from the
    // keychain where it can be reached.
    match translation.keys.delete(&name).and(translation.keys.delete(&net::proxy_entry(Some(&name)))) {
        Ok(()) | Err(SecretError::Locked { .. } | SecretError::Failed { .. }) => Ok(result),
        Err(err) => Err(err.into()),
    }
}

#[tauri::command]
pub fn set_default_profile(translation: State<'_, Translation>, name: String) -> Result<TranslationSettings> {
    update(&translation, |settings| Ok(settings.set_default_profile(Some(&name))?))
}

#[tauri::command]
pub fn set_target_language(translation: State<'_, Translation>, lang: String) -> Result<TranslationSettings> {
    if lang.trim().is_empty() {
        return Err(AppError::new(ErrorKind::Settings, "Choose a target language"));
    }
    update(&translation, |settings| {
        settings.target_language = Lang::new(&lang);
        Ok(())
    })
}

/// How the user chose to translate on first run.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FirstRunChoice {
    /// The free web engines: the `web` profile (added back if it was removed) becomes the default.
    Web,
    /// A server on this computer; Settings opens next.
    Local,
    /// An API service of the user's; Settings opens next.
    Api,
}

#[tauri::command]
pub fn choose_translation(translation: State<'_, Translation>, choice: FirstRunChoice) -> Result<TranslationSettings> {
    update(&translation, |settings| {
        settings.translation_chosen = true;
        if let FirstRunChoice::Web = choice {
            let name = match settings.profiles.iter().find(|p| p.kind == ProviderKind::Web) {
                Some(web) => web.name.clone(),
                None => {
                    settings.add_profile(Profile::new(settings::WEB_PROFILE_NAME, ProviderKind::Web))?;
                    settings::WEB_PROFILE_NAME.to_owned()
                }
            };
            settings.set_default_profile(Some(&name))?;
        }
        Ok(())
    })
}

#[tauri::command]
pub fn set_offline_only(translation: State<'_, Translation>, on: bool) -> Result<TranslationSettings> {
    update(&translation, |settings| {
        settings.offline_only = on;
        Ok(())
    })
}

/// Sets the app's proxy (applied from the next request on: clients are per setting).
#[tauri::command]
pub fn set_proxy(translation: State<'_, Translation>, proxy: Proxy) -> Result<TranslationSettings> {
    update(&translation, |settings| Ok(settings.set_proxy(proxy)?))
}

/// Reads a proxy's password from the clipboard into `store`, like
/// `set_key_from_clipboard`: the app's proxy (`profile` `None`) or a profile's own.
#[tauri::command]
pub fn set_proxy_password_from_clipboard(
    app: AppHandle,
    translation: State<'_, Translation>,
    profile: Option<String>,
    store: KeyPlace,
) -> Result<TranslationSettings> {
    let settings = Settings::load(&config_dir())?;
    if let Some(name) = &profile {
        if settings.profile(name).is_none() {
            return Err(AppError::new(ErrorKind::Settings, format!("No provider profile named {name:?}")));
        }
    }
    let text = app.clipboard().read_text().unwrap_or_default();
    let password = text.trim_end_matches(['\r', '\n']);
    if password.is_empty() || password.contains(['\r', '\n']) {
        return Err(AppError::new(
            ErrorKind::Clipboard,
            "The clipboard does not hold a password: copy the proxy's password (one line), then press the button again",
        ));
    }
    let entry = net::proxy_entry(profile.as_deref());
    let password = Secret::new(password);
    match store {
        KeyPlace::Keychain => translation.keys.save_in_keychain(&entry, &password)?,
        KeyPlace::File => translation.keys.save_in_file(&entry, &password)?,
        KeyPlace::Session => {
            return Err(AppError::new(ErrorKind::Settings, "A proxy password cannot be a session key"))
        }
    }
    let _ = app.clipboard().write_text(String::new());
    Ok(view(&translation, &settings))
}

#[tauri::command]
pub fn delete_proxy_password(
    translation: State<'_, Translation>,
    profile: Option<String>,
) -> Result<TranslationSettings> {
    translation.keys.delete(&net::proxy_entry(profile.as_deref()))?;
    Ok(view(&translation, &Settings::load(&config_dir())?))
}

/// The network is back: failures the web engines had while it was gone mean nothing now.
#[tauri::command]
pub fn network_back() {
    translate::web::reset_breakers();
}

/// At start-up, when the free web engines are the default profile and were
/// chosen by the user: one tiny request per engine until one answers, so the
/// first real batch goes straight to a working engine. Silent either way.
pub async fn probe_web(translation: &Translation) {
    let Ok(settings) = Settings::load(&config_dir()) else { return };
    let Some(profile) = settings.default_profile().filter(|p| p.kind == ProviderKind::Web) else { return };
    if !settings.translation_chosen {
        return;
    }
    let Ok(client) = translation.client_for(&settings, profile) else { return };
    let config = profile.provider_config(None);
    let _ = translate::web::probe(&client, &config, std::time::Duration::from_secs(3)).await;
}

/// A local server as Settings lists it.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "LocalServer"))]
#[serde(rename_all = "camelCase")]
pub struct LocalServerView {
    kind: ServerKind,
    /// "Ollama", "LM Studio", "llama.cpp", "LibreTranslate".
    label: &'static str,
    /// The kind of profile it becomes.
    provider: ProviderKind,
    /// The profile's base URL, e.g. "http://127.0.0.1:11434/v1".
    base_url: String,
    /// Its chat models (empty for LibreTranslate, which has none, or an LLM server with none installed).
    models: Vec<String>,
}

/// Probes this computer for local servers (`DUIZHAO_LOCAL_SERVERS`, else the
/// usual ports); takes at most about 1.5 s and finds nothing quietly.
#[tauri::command]
pub async fn find_local_servers(translation: State<'_, Translation>) -> Result<Vec<LocalServerView>> {
    let found = discover::find_local_servers(&discover::candidates_from_env()?).await;
    let views = found
        .iter()
        .map(|server| LocalServerView {
            kind: server.kind,
            label: server.kind.label(),
            provider: server.provider,
            base_url: server.base_url.clone(),
            models: server.models.clone(),
        })
        .collect();
    *translation.found.lock().unwrap_or_else(PoisonError::into_inner) = found;
    Ok(views)
}

/// Makes `model` of the found server at `base_url` the default profile (an
/// existing one for the same server and model, else a new one), in one click.
#[tauri::command]
pub fn use_local_server(
    translation: State<'_, Translation>,
    base_url: String,
    model: Option<String>,
) -> Result<TranslationSettings> {
    let server = translation
        .found
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|server| server.base_url == base_url)
        .cloned()
        .ok_or_else(|| {
            AppError::new(ErrorKind::LocalServers, format!("No local server was found at {base_url}; look again"))
        })?;
    update(&translation, |settings| {
        settings.adopt_local_server(&server, model.as_deref())?;
        Ok(())
    })
}

/// Reads the key from the clipboard into `store`: the keychain, or the key file
/// (the UI asks for this only after the user confirmed it; never `session`).
#[tauri::command]
pub fn set_key_from_clipboard(
    app: AppHandle,
    translation: State<'_, Translation>,
    name: String,
    store: KeyPlace,
) -> Result<TranslationSettings> {
    let settings = Settings::load(&config_dir())?;
    if settings.profile(&name).is_none() {
        return Err(AppError::new(ErrorKind::Settings, format!("No provider profile named {name:?}")));
    }
    let text = app.clipboard().read_text().unwrap_or_default();
    let key = text.trim();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return Err(AppError::new(
            ErrorKind::Clipboard,
            "The clipboard does not hold an API key: copy the key (one line, no spaces), then press the button again",
        ));
    }
    let key = Secret::new(key);
    match store {
        KeyPlace::Keychain => translation.keys.save_in_keychain(&name, &key)?,
        KeyPlace::File => translation.keys.save_in_file(&name, &key)?,
        KeyPlace::Session => {
            return Err(AppError::new(
                ErrorKind::Settings,
                "A session key comes from DUIZHAO_API_KEY and cannot be stored",
            ))
        }
    }
    // The key should not linger where any app can read it.
    let _ = app.clipboard().write_text(String::new());
    Ok(view(&translation, &settings))
}

#[tauri::command]
pub fn delete_key(translation: State<'_, Translation>, name: String) -> Result<TranslationSettings> {
    translation.keys.delete(&name)?;
    Ok(view(&translation, &Settings::load(&config_dir())?))
}

/// The profile by name (or the default) with its key resolved.
fn profile_and_key(translation: &Translation, name: Option<&str>) -> Result<(Settings, Profile, Option<Secret>)> {
    let settings = Settings::load(&config_dir())?;
    let profile = match name {
        Some(name) => settings.profile(name),
        None => settings.default_profile(),
    }
    .cloned()
    .ok_or_else(|| AppError::new(ErrorKind::NoProfile, "Set up a translation provider in Settings first"))?;
    settings.allows_network(&profile)?;
    let key = translation.keys.find(&profile, api_key_from_env())?.map(|(key, _)| key);
    Ok((settings, profile, key))
}

#[tauri::command]
pub async fn test_connection(translation: State<'_, Translation>, name: String) -> Result<String> {
    let (settings, profile, key) = profile_and_key(&translation, Some(&name))?;
    let client = translation.client_for(&settings, &profile)?;
    let config = profile.provider_config(key);
    match translate::test_connection(&client, &config).await {
        Ok(()) => Ok(format!("Connected: {} answered a test translation.", profile.kind.label())),
        Err(e) => Err(AppError::from(e)),
    }
}

/// Errors of one block, as a user should read them; `kind` is for branching.
#[derive(Serialize, Clone)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "TranslationFailure"))]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    kind: ErrorKind,
    message: String,
    /// The `host:port` nobody answered on, when the server could not be reached
    /// at all: the UI says so once for the job, not in every row.
    unreachable_host: Option<String>,
}

impl From<&TranslateError> for Failure {
    fn from(e: &TranslateError) -> Failure {
        let unreachable_host = match e {
            TranslateError::Network { host, unreachable: true, .. } => Some(host.clone()),
            _ => None,
        };
        Failure { kind: e.kind(), message: capitalise(&e.to_string()), unreachable_host }
    }
}

/// Streamed to the UI while a translation job runs (one Channel per job).
#[derive(Serialize, Clone)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum TranslationEvent {
    /// `by`: which provider made the text (the `web` chain's engine), when known.
    /// `missingTerms`: glossary terms that apply to the row whose rendering
    /// the text lacks (always sent; empty when fine).
    Cached {
        id: String,
        text: String,
        by: Option<ProviderKind>,
        #[serde(rename = "missingTerms")]
        #[cfg_attr(test, ts(as = "Option<_>", optional))]
        missing_terms: Vec<MissingTerm>,
    },
    /// Rows the cache answered, together (`Cached` each): a long article's cache pass
    /// is one message per `CACHED_ROWS_AT_ONCE` rows, not one per row.
    CachedRows {
        rows: Vec<CachedRow>,
    },
    Translating {
        id: String,
    },
    Partial {
        id: String,
        text: String,
    },
    Done {
        id: String,
        text: String,
        by: Option<ProviderKind>,
        #[serde(rename = "missingTerms")]
        #[cfg_attr(test, ts(as = "Option<_>", optional))]
        missing_terms: Vec<MissingTerm>,
    },
    Failed {
        id: String,
        error: Failure,
    },
    /// Already in the target language: the original, kept as it is and never sent.
    Kept {
        id: String,
        text: String,
    },
    Finished {
        done: usize,
        cached: usize,
        failed: usize,
        requests: usize,
        cancelled: bool,
    },
}

/// One row of `TranslationEvent::CachedRows`: what `Cached` says of it.
#[derive(Serialize, Clone)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CachedRow {
    id: String,
    text: String,
    by: Option<ProviderKind>,
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    missing_terms: Vec<MissingTerm>,
}

/// Which column a job fills: the translation, or the comparison column (a
/// second profile's translations, kept apart from the main ones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TranslationColumn {
    #[default]
    Main,
    Compare,
}

/// How many rows the cache answered are held before they are stored and shown together.
const CACHED_ROWS_AT_ONCE: usize = 500;

/// Starts a job on the open document. `fresh`: past the cache (it is not
/// read; results are still written). `column`: "compare" fills the comparison
/// column and never touches the document's main translations.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn translate_document(
    app: AppHandle,
    state: State<'_, AppState>,
    translation: State<'_, Translation>,
    profile: Option<String>,
    visible_ids: Vec<String>,
    only_ids: Option<Vec<String>>,
    fresh: Option<bool>,
    column: Option<TranslationColumn>,
    on_event: Channel<TranslationEvent>,
) -> Result<u32> {
    trace("translate: asked");
    let (settings, profile, key) = profile_and_key(&translation, profile.as_deref())?;
    let client = translation.client_for(&settings, &profile)?;
    let terms = crate::glossary::job_terms(&state, &settings)?;
    let (article, generation) = state.current().map(|c| (c.article, c.generation))?;
    trace("translate: settings, key, terms and document in");
    let target = settings.target_language.clone();
    let compare = column.unwrap_or_default() == TranslationColumn::Compare;
    let request = JobRequest {
        article: &article,
        profile: &profile,
        key,
        target: target.clone(),
        source: None,
        only: only_ids.as_deref(),
        limits: None,
        terms,
        fresh: fresh.unwrap_or(false),
    };
    let plan =
        job::start(request, client, translation.cache()?, crate::glossary::reconvert(&app)).map_err(AppError::from)?;
    trace("translate: job planned");
    let by = TranslatedBy { profile: profile.name.clone(), target: target.as_str().to_owned() };
    if compare {
        state.start_compare(generation, by);
    } else {
        // Rows translated again past the cache (the reader's "Translate again", with any
        // profile) join the column; a whole job with another profile starts it afresh.
        state.start_translation(generation, by, fresh.unwrap_or(false) && only_ids.is_some());
    }
    // Where finished rows go: the main translations, or the comparison column.
    let store = move |app_state: &AppState, rows: &[(&str, &str, Option<ProviderKind>)]| {
        if compare {
            app_state.set_compare_translations(generation, rows);
        } else {
            app_state.set_translations(generation, rows);
        }
    };
    // The rows answered as they are (images, code, text already in the target language): held
    // and written to the library together, in one transaction, before the first request.
    let kept: Vec<(&str, &str, Option<ProviderKind>)> =
        plan.kept.iter().map(|kept| (kept.id.as_str(), kept.text.as_str(), None)).collect();
    store(&state, &kept);
    for Kept { id, text, reason } in plan.kept.clone() {
        let event = match reason {
            KeepReason::AlreadyInTarget => TranslationEvent::Kept { id, text },
            KeepReason::NotProse => TranslationEvent::Done { id, text, by: None, missing_terms: Vec::new() },
        };
        let _ = on_event.send(event);
    }
    let job = translation.next_job.fetch_add(1, Ordering::SeqCst);
    let cancel = CancellationToken::new();
    state.add_job(job, cancel.clone());
    // The rows the cache answers come in a burst before the first request (the scheduler's
    // pass over the cache): they are held, written to the library and shown together — at the
    // job's next other event, at its end, or every `CACHED_ROWS_AT_ONCE` rows —, in one
    // transaction, where a row at a time was a commit each (10,000 of them for a long article
    // translated again).
    let cached: Arc<Mutex<Vec<CachedRow>>> = Arc::default();
    let flush = {
        let cached = Arc::clone(&cached);
        let events = on_event.clone();
        let handle = app.clone();
        Arc::new(move || {
            let mut rows = std::mem::take(&mut *cached.lock().unwrap_or_else(PoisonError::into_inner));
            if rows.is_empty() {
                return;
            }
            let held: Vec<(&str, &str, Option<ProviderKind>)> =
                rows.iter().map(|row| (row.id.as_str(), row.text.as_str(), row.by)).collect();
            store(&handle.state::<AppState>(), &held);
            // One row goes as itself (a short document's cache pass, a row translated again).
            let event = if rows.len() == 1 {
                let CachedRow { id, text, by, missing_terms } = rows.remove(0);
                TranslationEvent::Cached { id, text, by, missing_terms }
            } else {
                TranslationEvent::CachedRows { rows }
            };
            let _ = events.send(event);
        })
    };
    let events = on_event.clone();
    let handle = app.clone();
    let first_request = std::sync::Once::new();
    let sink = {
        let flush = Arc::clone(&flush);
        Arc::new(move |event: BlockEvent| {
            if let BlockEvent::Cached { id, translation, by, missing } = event {
                let mut held = cached.lock().unwrap_or_else(PoisonError::into_inner);
                held.push(CachedRow { id, text: translation, by, missing_terms: missing });
                let full = held.len() >= CACHED_ROWS_AT_ONCE;
                drop(held);
                if full {
                    flush();
                }
                return;
            }
            flush();
            let app_state = handle.state::<AppState>();
            let event = match event {
                BlockEvent::Done { id, translation, by, missing } => {
                    store(&app_state, &[(&id, &translation, by)]);
                    TranslationEvent::Done { id, text: translation, by, missing_terms: missing }
                }
                BlockEvent::Translating { id } => {
                    first_request.call_once(|| trace("translate: first request sent"));
                    TranslationEvent::Translating { id }
                }
                BlockEvent::Partial { id, text } => TranslationEvent::Partial { id, text },
                BlockEvent::Failed { id, error } => TranslationEvent::Failed { id, error: (&error).into() },
                BlockEvent::Cached { .. } => return,
            };
            let _ = events.send(event);
        })
    };
    tauri::async_runtime::spawn(async move {
        let summary = plan.run(&visible_ids, cancel, sink).await;
        flush();
        trace("translate: finished");
        app.state::<AppState>().cancel_job(job);
        let _ = on_event.send(TranslationEvent::Finished {
            done: summary.done,
            cached: summary.cached,
            failed: summary.failed,
            requests: summary.requests,
            cancelled: summary.cancelled,
        });
    });
    Ok(job)
}

/// What translating the open document (or `only_ids`) with `profile` (else
/// the default) would send, before anything is sent: characters, rows, cache
/// hits (none when `fresh`), requests, estimated tokens and, where the profile
/// has prices, the cost. Makes no request.
#[tauri::command]
pub async fn estimate_translation(
    app: AppHandle,
    state: State<'_, AppState>,
    translation: State<'_, Translation>,
    profile: Option<String>,
    only_ids: Option<Vec<String>>,
    fresh: Option<bool>,
) -> Result<TranslationEstimate> {
    trace("estimate: asked");
    let (settings, profile, key) = profile_and_key(&translation, profile.as_deref())?;
    let client = translation.client_for(&settings, &profile)?;
    let terms = crate::glossary::job_terms(&state, &settings)?;
    let article = state.current()?.article;
    let cache = translation.cache()?;
    let reconvert = crate::glossary::reconvert(&app);
    // The cache lookups are SQLite reads: off the async threads.
    tauri::async_runtime::spawn_blocking(move || {
        let request = JobRequest {
            article: &article,
            profile: &profile,
            key,
            target: settings.target_language.clone(),
            source: None,
            only: only_ids.as_deref(),
            limits: None,
            terms,
            fresh: fresh.unwrap_or(false),
        };
        let estimate = job::start(request, client, cache, reconvert).map(|job| job.estimate()).map_err(AppError::from);
        trace("estimate: answered");
        estimate
    })
    .await
    .map_err(|e| AppError::new(ErrorKind::Internal, e.to_string()))?
}

#[tauri::command]
pub fn cancel_translation(state: State<'_, AppState>, job_id: u32) {
    state.cancel_job(job_id);
}
