//! Settings: the typed contents of `<config dir>/settings.json` (target language,
//! named provider profiles, the default profile, the "fully offline" switch and
//! the check every sender makes against it, `Settings::allows_network`), profiles
//! for found local servers (`local_profile`, `Settings::adopt_local_server`), and
//! the `SecretStore` trait through which API keys are read and written.
//!
//! Every field has a default and unknown fields are ignored, so an older or newer
//! file still loads. Saving validates first and writes atomically (a temporary
//! file in the same folder, synced, then renamed over the old one), so a crash
//! never leaves a half-written file; a file that does not parse is reported with
//! its path and line and never overwritten by `load`. This module must never put
//! an API key in the settings file: keys live only behind `SecretStore` (the OS
//! keychain in the app, or where there is none and the user agreed, the key
//! file `api-keys.json` beside the settings — both in duizhao-keychain;
//! `MemorySecretStore` in tests), or for one session in `DUIZHAO_API_KEY`. Callers: the CLI and the desktop shell (load at start, save
//! after an edit), and the translation pipeline (`Profile::provider_config`,
//! `Profile::limits`, `Profile::cache_fingerprint`).

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::net::Proxy;
use crate::prefs::ReaderPrefs;
use crate::secret::Secret;
use crate::translate::custom::CustomTemplate;
use crate::translate::discover::{is_loopback_url, FoundServer, ServerKind};
use crate::translate::{Lang, Limits, ProviderConfig, ProviderKind};

/// The settings file's name inside the config directory.
pub const SETTINGS_FILE_NAME: &str = "settings.json";

/// The layout version this build writes. Loading never depends on it (every field
/// has a default); it is there so a later version can migrate a value whose
/// meaning changed.
pub const SETTINGS_VERSION: u32 = 1;

/// An API key for this session only, used instead of the keychain.
pub const API_KEY_ENV: &str = "DUIZHAO_API_KEY";

/// Profile names are shown in menus and used as the keychain entry's user name.
pub const MAX_PROFILE_NAME_CHARS: usize = 64;

/// The range of a profile's LLM temperature.
pub const MIN_TEMPERATURE: f32 = 0.0;
pub const MAX_TEMPERATURE: f32 = 2.0;
/// The fewest requests in flight a profile may ask for.
pub const MIN_CONCURRENCY: usize = 1;
/// The shortest request timeout a profile may set, in seconds.
pub const MIN_TIMEOUT_SECONDS: u64 = 1;

/// What can go wrong reading, saving or editing settings. File errors name the
/// file; edit errors name the profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error(
        "cannot read the settings file {path}: invalid JSON at line {line}, column {column}: {reason} \
         (the file was left as it is; fix or remove it)"
    )]
    Malformed { path: String, line: usize, column: usize, reason: String },
    #[error("cannot use the settings file {path}: {reason} (the file was left as it is; fix or remove it)")]
    Invalid { path: String, reason: String },
    #[error("cannot save the settings to {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("cannot add the profile {name:?}: a profile with that name already exists")]
    DuplicateProfile { name: String },
    #[error("there is no profile named {name:?}")]
    UnknownProfile { name: String },
    #[error("unknown provider kind {kind:?} (known kinds: {})", known_kinds())]
    UnknownKind { kind: String },
    #[error("invalid profile {name:?}: {reason}")]
    InvalidProfile { name: String, reason: String },
    #[error("invalid reader settings: {0}")]
    InvalidReader(String),
    #[error("proxy: {0}")]
    InvalidProxy(String),
    #[error("invalid target language {tag:?}: {reason}")]
    InvalidLanguage { tag: String, reason: String },
    /// "Fully offline" is on and the profile points off this computer
    /// (`Settings::allows_network`). Raised before any request is made.
    #[error(
        "fully offline is on: the profile {name:?} would send text to {host}, which is not on this computer \
         (turn fully offline off in Settings, or use a server on this computer)"
    )]
    OfflineOnly { name: String, host: String },
    /// The found server has no such model (`Settings::adopt_local_server`).
    #[error("the local server at {base_url} does not offer the model {model:?}")]
    UnknownLocalModel { base_url: String, model: String },
}

impl SettingsError {
    /// What went wrong, for the UI to choose its words by.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            SettingsError::OfflineOnly { .. } => ErrorKind::OfflineOnly,
            _ => ErrorKind::Settings,
        }
    }
}

fn known_kinds() -> String {
    ProviderKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
}

/// Parses a provider kind as typed by a user ("deepl", "OpenAI").
pub fn parse_kind(name: &str) -> Result<ProviderKind, SettingsError> {
    ProviderKind::from_name(name).ok_or_else(|| SettingsError::UnknownKind { kind: name.trim().to_owned() })
}

/// The name of the profile a new install starts with (the `web` chain).
pub const WEB_PROFILE_NAME: &str = "Web engines";

/// Everything in the settings file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub version: u32,
    /// The language translations are made into.
    pub target_language: Lang,
    /// The profile used when none is named; see `Settings::default_profile`.
    pub default_profile: Option<String>,
    pub profiles: Vec<Profile>,
    /// Whether the user has made the first-run choice of how to translate
    /// (free web engines, a local server, an API service). Until then nothing
    /// is sent anywhere on its own: the translation column asks.
    pub translation_chosen: bool,
    /// How the reader looks and copies (read leniently: see `crate::prefs`).
    #[serde(deserialize_with = "crate::prefs::lenient")]
    pub reader: ReaderPrefs,
    /// "Fully offline": no text leaves this computer. Only profiles whose base
    /// URL is a loopback address may be used (`allows_network`); no web engine
    /// is ever called.
    pub offline_only: bool,
    /// How requests reach the network (page fetches and every provider),
    /// unless a profile has its own (`Profile.proxy`).
    pub proxy: Proxy,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            version: SETTINGS_VERSION,
            target_language: Lang::new("en"),
            default_profile: None,
            // A new install translates with the free web engines, once the user
            // has agreed to it (`translation_chosen`).
            profiles: vec![Profile::new(WEB_PROFILE_NAME, ProviderKind::Web)],
            translation_chosen: false,
            reader: ReaderPrefs::default(),
            offline_only: false,
            proxy: Proxy::System,
        }
    }
}

/// A named provider configuration. Several profiles may share a kind (two
/// OpenAI-compatible servers, say). The key is not here: it is in the
/// `SecretStore`, under the profile's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Unique (ignoring case) among the profiles.
    pub name: String,
    pub kind: ProviderKind,
    /// Empty: the kind's public endpoint.
    pub base_url: String,
    pub model: Option<String>,
    pub temperature: Option<f32>,
    pub system_prompt: Option<String>,
    /// Stream LLM answers as they arrive (default on); other kinds ignore it.
    pub stream: bool,
    /// Azure resource region.
    pub region: Option<String>,
    /// Overrides the kind's default number of requests in flight.
    pub concurrency: Option<usize>,
    /// Overrides the kind's default request rate.
    pub requests_per_second: Option<f64>,
    pub timeout_seconds: Option<u64>,
    /// For the `web` chain: an engine's endpoint instead of its public one
    /// (engine name → base URL, e.g. "transmart" → "https://yi.qq.com"); the
    /// chain's order stays `translate::web::ENGINES`. Other kinds ignore it.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub engines: std::collections::BTreeMap<String, String>,
    /// This profile's own proxy; `None`: the app's (`Settings.proxy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<Proxy>,
    /// The custom provider's template: method, headers, JSON body, where the
    /// translations are (`translate::custom`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<CustomTemplate>,
    /// Chat models: send the document's title and the paragraph before each
    /// batch as context (default on; a file without it reads as on).
    #[serde(default = "default_context")]
    pub context: bool,
    /// Chat models: US dollars per million input tokens, for estimates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_input: Option<f64>,
    /// Chat models: US dollars per million output tokens, for estimates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_output: Option<f64>,
    /// Machine translation services: US dollars per million characters, for estimates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_chars: Option<f64>,
}

fn default_context() -> bool {
    true
}

impl Default for Profile {
    fn default() -> Profile {
        // OpenAI-compatible is the default kind because it is the one that also
        // covers local servers (Ollama, LM Studio, vLLM), which need no key.
        Profile::new("", ProviderKind::OpenAi)
    }
}

impl Profile {
    /// A profile with the kind's defaults: public endpoint, no overrides,
    /// streaming on. Streaming is on for every kind (only LLMs read it), so a
    /// profile's defaults do not depend on its kind and a missing field in the
    /// file means the same as in `Profile::new`.
    pub fn new(name: &str, kind: ProviderKind) -> Profile {
        Profile {
            name: name.to_owned(),
            kind,
            base_url: String::new(),
            model: None,
            temperature: None,
            system_prompt: None,
            stream: true,
            region: None,
            concurrency: None,
            requests_per_second: None,
            timeout_seconds: None,
            engines: Default::default(),
            proxy: None,
            template: None,
            context: true,
            price_input: None,
            price_output: None,
            price_chars: None,
        }
    }

    /// The kind's limits with this profile's overrides on top. Batch sizes stay
    /// the kind's: they are the provider's hard limits, not a preference.
    pub fn limits(&self) -> Limits {
        let mut limits = self.kind.limits();
        if let Some(concurrency) = self.concurrency {
            limits.concurrency = concurrency;
        }
        if let Some(rate) = self.requests_per_second {
            limits.requests_per_second = rate;
        }
        limits
    }

    /// The connection settings for a request, with the key the caller resolved
    /// (`resolve_key`). The key goes only into the returned value, never back
    /// into the profile.
    pub fn provider_config(&self, secret: Option<Secret>) -> ProviderConfig {
        let mut config = ProviderConfig::new(self.kind, &self.base_url);
        config.api_key = secret;
        config.model = self.model.clone();
        config.temperature = self.temperature;
        config.system_prompt = self.system_prompt.clone();
        config.stream = self.stream;
        config.region = self.region.clone();
        config.template = self.template.clone();
        if let Some(seconds) = self.timeout_seconds {
            config.timeout = Duration::from_secs(seconds);
        }
        if self.kind == ProviderKind::Web && !self.engines.is_empty() {
            config.engines = crate::translate::web::ENGINES
                .iter()
                .map(|kind| (*kind, self.engines.get(kind.name()).cloned().unwrap_or_default()))
                .collect();
        }
        config
    }

    /// Who translates with this profile into `target_language`, as citations
    /// and exports name them (`export::Provenance::for_service`).
    pub fn provenance(&self, target_language: &str, date: &str) -> crate::export::Provenance {
        crate::export::Provenance::for_service(self.kind, &self.base_url, self.model.as_deref(), target_language, date)
    }

    /// The prompt/options part of a translation cache key
    /// (`store::CacheKeyParts::fingerprint`): the settings that change what the
    /// provider answers. Only LLMs read the model, temperature and prompt, so for
    /// the other kinds editing those must not throw the cache away. Endpoint,
    /// kind and languages are separate parts of the key; timeouts, limits,
    /// streaming and region change how, not what, and are left out. `None` for
    /// the prompt means the provider module's built-in prompt: when that prompt
    /// changes, the translation pipeline should add its own version to the
    /// fingerprint.
    pub fn cache_fingerprint(&self) -> String {
        #[derive(Serialize)]
        struct Fingerprint<'a> {
            v: u32,
            model: Option<&'a str>,
            temperature: Option<f32>,
            system_prompt: Option<&'a str>,
            // Absent for every kind but the custom one, whose template decides the answer.
            #[serde(skip_serializing_if = "Option::is_none")]
            template: Option<&'a CustomTemplate>,
            // Chat models only: whether the title and previous paragraph were sent as context.
            #[serde(skip_serializing_if = "Option::is_none")]
            context: Option<bool>,
        }
        let fingerprint = if self.kind.meta().llm {
            Fingerprint {
                v: 1,
                model: self.model.as_deref(),
                temperature: self.temperature,
                system_prompt: self.system_prompt.as_deref(),
                template: None,
                context: Some(self.context),
            }
        } else {
            let template = self.template.as_ref().filter(|_| self.kind == ProviderKind::Custom);
            Fingerprint { v: 1, model: None, temperature: None, system_prompt: None, template, context: None }
        };
        serde_json::to_string(&fingerprint).expect("a struct of strings and numbers always serializes")
    }

    /// Trims text fields and turns empty optional text into `None`, so " " and ""
    /// and a missing field all mean the same.
    fn normalized(mut self) -> Profile {
        fn text(value: Option<String>) -> Option<String> {
            value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
        }
        self.name = self.name.trim().to_owned();
        self.base_url = self.base_url.trim().to_owned();
        self.model = text(self.model);
        self.region = text(self.region);
        self.engines = std::mem::take(&mut self.engines)
            .into_iter()
            .map(|(engine, url)| (engine.trim().to_ascii_lowercase(), url.trim().trim_end_matches('/').to_owned()))
            .filter(|(_, url)| !url.is_empty())
            .collect();
        self.proxy = self.proxy.map(Proxy::normalized);
        // The prompt keeps its inner layout; only an all-blank prompt is dropped.
        self.system_prompt = self.system_prompt.filter(|p| !p.trim().is_empty());
        self
    }

    /// Checks one profile on its own (uniqueness is the `Settings`' job).
    pub fn validate(&self) -> Result<(), SettingsError> {
        let invalid = |reason: String| SettingsError::InvalidProfile { name: self.name.clone(), reason };
        let name = self.name.trim();
        if name.is_empty() {
            return Err(invalid("the name must not be empty".into()));
        }
        if name.chars().count() > MAX_PROFILE_NAME_CHARS {
            return Err(invalid(format!("the name must be at most {MAX_PROFILE_NAME_CHARS} characters")));
        }
        if name.chars().any(char::is_control) {
            return Err(invalid("the name must not contain control characters".into()));
        }
        if name.to_lowercase().starts_with(crate::net::PROXY_ENTRY_PREFIX) {
            return Err(invalid(format!("the name must not start with {:?}", crate::net::PROXY_ENTRY_PREFIX)));
        }
        validate_base_url(&self.base_url).map_err(invalid)?;
        if let Some(t) = self.temperature {
            if !(MIN_TEMPERATURE..=MAX_TEMPERATURE).contains(&t) {
                return Err(invalid(format!("temperature {t} is outside {MIN_TEMPERATURE} to {MAX_TEMPERATURE}")));
            }
        }
        if self.concurrency.is_some_and(|n| n < MIN_CONCURRENCY) {
            return Err(invalid(format!("concurrency must be at least {MIN_CONCURRENCY}")));
        }
        if let Some(rate) = self.requests_per_second {
            if !(rate.is_finite() && rate > 0.0) {
                return Err(invalid(format!("requests per second must be a positive number, not {rate}")));
            }
        }
        for (what, price) in
            [("input", self.price_input), ("output", self.price_output), ("per-character", self.price_chars)]
        {
            if let Some(price) = price.filter(|price| !(price.is_finite() && *price >= 0.0)) {
                return Err(invalid(format!("the {what} price must be a number of dollars, 0 or more, not {price}")));
            }
        }
        if self.timeout_seconds.is_some_and(|seconds| seconds < MIN_TIMEOUT_SECONDS) {
            return Err(invalid(format!("the timeout must be at least {MIN_TIMEOUT_SECONDS} second")));
        }
        for (engine, url) in &self.engines {
            if !crate::translate::web::ENGINES.iter().any(|kind| kind.name() == engine) {
                let names: Vec<&str> = crate::translate::web::ENGINES.iter().map(|kind| kind.name()).collect();
                return Err(invalid(format!("\"{engine}\" is not a web engine (they are {})", names.join(", "))));
            }
            validate_base_url(url).map_err(|reason| invalid(format!("{engine}: {reason}")))?;
        }
        if self.kind == ProviderKind::Custom {
            if self.base_url.trim().is_empty() {
                return Err(invalid("a custom provider needs the endpoint's address".into()));
            }
            if self.base_url.contains("{{key}}") {
                return Err(invalid("{{key}} belongs in a header (Authorization), never in the address".into()));
            }
            let template = self.template.as_ref().ok_or_else(|| {
                invalid("a custom provider needs a template (method, JSON body, where the translations are)".into())
            })?;
            template.validate().map_err(|reason| invalid(format!("template: {reason}")))?;
        }
        if let Some(proxy) = &self.proxy {
            proxy.validate().map_err(invalid)?;
        }
        Ok(())
    }
}

/// An empty base URL means the kind's default; anything else must be an absolute
/// http(s) URL. Credentials, a query or a fragment are refused: the first would
/// put a secret in the settings file, and the provider modules append paths to
/// the base URL, which the others would break.
fn validate_base_url(base_url: &str) -> Result<(), String> {
    let base_url = base_url.trim();
    if base_url.is_empty() {
        return Ok(());
    }
    let url =
        reqwest::Url::parse(base_url).map_err(|err| format!("base URL {base_url:?} is not a valid URL: {err}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("base URL {base_url:?} must start with http:// or https://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("base URL {base_url:?} has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the base URL must not contain a user name or password (keys belong in the keychain)".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("base URL {base_url:?} must not have a query (?…) or fragment (#…)"));
    }
    Ok(())
}

impl Settings {
    /// Reads `<dir>/settings.json`. A missing (or blank) file gives the defaults;
    /// a file that does not parse or holds invalid values is an error naming the
    /// file (and the line), and is left untouched for the user to fix.
    pub fn load(dir: &Path) -> Result<Settings, SettingsError> {
        let path = dir.join(SETTINGS_FILE_NAME);
        let shown = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => Settings::parse(&bytes, &shown),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(err) => Err(SettingsError::Read { path: shown, reason: err.to_string() }),
        }
    }

    /// The settings in `bytes`, a settings.json already read (`shown`: its path, for
    /// errors), as `load` reads them: blank gives the defaults, anything else must parse
    /// and hold valid values.
    pub fn parse(bytes: &[u8], shown: &str) -> Result<Settings, SettingsError> {
        let shown = shown.to_owned();
        let text = std::str::from_utf8(bytes)
            .map_err(|_| SettingsError::Read { path: shown.clone(), reason: "the file is not UTF-8 text".into() })?;
        // Editors on Windows may add a byte-order mark, which JSON parsers refuse.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        let settings: Settings = serde_json::from_str(text).map_err(|err| {
            let (line, column) = (err.line(), err.column());
            // serde_json appends " at line L column C"; the message says it once.
            let reason = err.to_string();
            let reason = reason.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&reason).to_owned();
            SettingsError::Malformed { path: shown.clone(), line, column, reason }
        })?;
        settings.validate().map_err(|err| SettingsError::Invalid { path: shown, reason: err.to_string() })?;
        Ok(settings)
    }

    /// Validates, then writes `<dir>/settings.json` atomically, creating `dir`.
    pub fn save(&self, dir: &Path) -> Result<(), SettingsError> {
        self.validate()?;
        let path = dir.join(SETTINGS_FILE_NAME);
        let write_error =
            |err: std::io::Error| SettingsError::Write { path: path.display().to_string(), reason: err.to_string() };
        std::fs::create_dir_all(dir).map_err(write_error)?;
        let mut current = self.clone();
        current.version = SETTINGS_VERSION;
        let mut json = serde_json::to_string_pretty(&current).expect("settings are plain data and always serialize");
        json.push('\n');
        crate::fs::write_atomically(&path, json.as_bytes()).map_err(write_error)
    }

    /// Checks every value, as `save` and `load` do.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let tag = self.target_language.as_str();
        if tag.trim().is_empty() || tag.chars().any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
            return Err(SettingsError::InvalidLanguage {
                tag: tag.to_owned(),
                reason: "expected a language tag such as en, zh-Hant or pt-BR".into(),
            });
        }
        self.reader.validate().map_err(SettingsError::InvalidReader)?;
        self.proxy.validate().map_err(SettingsError::InvalidProxy)?;
        for (i, profile) in self.profiles.iter().enumerate() {
            profile.validate()?;
            if self.profiles[..i].iter().any(|earlier| same_name(&earlier.name, &profile.name)) {
                return Err(SettingsError::DuplicateProfile { name: profile.name.clone() });
            }
        }
        if let Some(name) = &self.default_profile {
            if self.profile(name).is_none() {
                return Err(SettingsError::UnknownProfile { name: name.clone() });
            }
        }
        Ok(())
    }

    /// The proxy `profile`'s requests go through: its own, or the app's.
    pub fn proxy_for<'a>(&'a self, profile: &'a Profile) -> &'a Proxy {
        profile.proxy.as_ref().unwrap_or(&self.proxy)
    }

    /// The keychain entry of the password for `profile`'s proxy
    /// (`net::proxy_entry`): the profile's own when it has its own proxy.
    pub fn proxy_entry_for(&self, profile: &Profile) -> String {
        match profile.proxy {
            Some(_) => crate::net::proxy_entry(Some(&profile.name)),
            None => crate::net::proxy_entry(None),
        }
    }

    /// Sets the app's proxy after checking it.
    pub fn set_proxy(&mut self, proxy: Proxy) -> Result<(), SettingsError> {
        let proxy = proxy.normalized();
        proxy.validate().map_err(SettingsError::InvalidProxy)?;
        self.proxy = proxy;
        Ok(())
    }

    /// The profile with exactly this name.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The profile to use when none is named: the chosen default, or else the
    /// first profile (so a single profile needs no extra step).
    pub fn default_profile(&self) -> Option<&Profile> {
        match &self.default_profile {
            Some(name) => self.profile(name),
            None => self.profiles.first(),
        }
    }

    /// Adds a profile (trimmed, empty optional text dropped) after validating it.
    pub fn add_profile(&mut self, profile: Profile) -> Result<(), SettingsError> {
        let profile = profile.normalized();
        profile.validate()?;
        if self.profiles.iter().any(|p| same_name(&p.name, &profile.name)) {
            return Err(SettingsError::DuplicateProfile { name: profile.name });
        }
        self.profiles.push(profile);
        Ok(())
    }

    /// Replaces the profile called `name`, keeping its place in the list. A
    /// rename carries the default along; the caller moves the key in the
    /// `SecretStore`, which is kept under the profile's name.
    pub fn update_profile(&mut self, name: &str, profile: Profile) -> Result<(), SettingsError> {
        let index = self.index_of(name)?;
        let profile = profile.normalized();
        profile.validate()?;
        let clashes = self.profiles.iter().enumerate().any(|(i, p)| i != index && same_name(&p.name, &profile.name));
        if clashes {
            return Err(SettingsError::DuplicateProfile { name: profile.name });
        }
        if self.default_profile.as_deref() == Some(name) {
            self.default_profile = Some(profile.name.clone());
        }
        self.profiles[index] = profile;
        Ok(())
    }

    /// Removes the profile called `name` and returns it; if it was the default,
    /// there is no chosen default any more. The caller deletes its key.
    pub fn remove_profile(&mut self, name: &str) -> Result<Profile, SettingsError> {
        let index = self.index_of(name)?;
        if self.default_profile.as_deref() == Some(name) {
            self.default_profile = None;
        }
        Ok(self.profiles.remove(index))
    }

    /// Chooses the default profile (`None`: the first one).
    pub fn set_default_profile(&mut self, name: Option<&str>) -> Result<(), SettingsError> {
        if let Some(name) = name {
            self.index_of(name)?;
        }
        self.default_profile = name.map(str::to_owned);
        Ok(())
    }

    /// Whether `profile` may be used now: always, unless "fully offline" is on
    /// and the profile's base URL is not on this computer (an empty base URL is
    /// the kind's public endpoint, so it is not). Every caller that is about to
    /// send text checks this first — the shell's translate and test-connection
    /// commands, `duizhao translate` — so a refused profile makes no request at
    /// all. A provider with no profile (a web engine) asks `allows_url` with its
    /// endpoint instead.
    pub fn allows_network(&self, profile: &Profile) -> Result<(), SettingsError> {
        // The endpoints a request would go to, as the provider configuration
        // resolves them: for the `web` chain each of its engines' (a public one
        // unless pointed elsewhere).
        let config = profile.provider_config(None);
        let urls: Vec<String> = if profile.kind == ProviderKind::Web {
            crate::translate::web::engines_of(&config).into_iter().map(|engine| engine.base_url).collect()
        } else {
            vec![config.base_url]
        };
        let Some(base_url) = urls.iter().find(|url| !self.allows_url(url)) else { return Ok(()) };
        let base_url = base_url.as_str();
        let host = reqwest::Url::parse(base_url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_else(|| base_url.to_owned());
        Err(SettingsError::OfflineOnly { name: profile.name.clone(), host })
    }

    /// Whether a request to `url` is allowed: any, unless "fully offline" is
    /// on, then only to this computer (`discover::is_loopback_url`).
    pub fn allows_url(&self, url: &str) -> bool {
        !self.offline_only || is_loopback_url(url)
    }

    /// Makes a found local server's model (`model`: one of `found.models`, or
    /// `None` for a server without models, LibreTranslate) the default profile:
    /// the profile already pointing at that server and model if there is one,
    /// else a new one named by `local_profile`. Returns the profile's name.
    pub fn adopt_local_server(&mut self, found: &FoundServer, model: Option<&str>) -> Result<String, SettingsError> {
        if let Some(model) = model {
            if !found.models.iter().any(|m| m == model) {
                return Err(SettingsError::UnknownLocalModel { base_url: found.base_url.clone(), model: model.into() });
            }
        }
        let same_url = |a: &str| a.trim().trim_end_matches('/') == found.base_url.trim_end_matches('/');
        let existing = self
            .profiles
            .iter()
            .find(|p| p.kind == found.provider && same_url(&p.base_url) && p.model.as_deref() == model)
            .map(|p| p.name.clone());
        let name = match existing {
            Some(name) => name,
            None => {
                let profile = local_profile(found, model, &self.profiles);
                let name = profile.name.clone();
                self.add_profile(profile)?;
                name
            }
        };
        self.set_default_profile(Some(&name))?;
        // Using a server on this computer is the first-run choice made.
        self.translation_chosen = true;
        Ok(name)
    }

    fn index_of(&self, name: &str) -> Result<usize, SettingsError> {
        self.profiles
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| SettingsError::UnknownProfile { name: name.to_owned() })
    }
}

/// Names differing only in case or surrounding blanks would be told apart by
/// nobody looking at a menu, so they count as the same.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A profile for a found local server and one of its models, needing no key:
/// named "Ollama · qwen2.5:7b" (or "LibreTranslate · 127.0.0.1:5000" for a
/// server without models), with " (2)", " (3)" … added when `existing` has the
/// name already, and the model part shortened so the name stays within the
/// 64 characters a name may have. A model on the user's own computer answers
/// one request at a time and, on a CPU, slowly: one request in flight and a
/// five-minute timeout, where a hosted service gets two and one minute.
pub fn local_profile(found: &FoundServer, model: Option<&str>, existing: &[Profile]) -> Profile {
    let detail = match model {
        Some(model) => model.to_owned(),
        None => reqwest::Url::parse(&found.base_url)
            .ok()
            .and_then(|url| Some(format!("{}:{}", url.host_str()?, url.port_or_known_default()?)))
            .unwrap_or_else(|| found.base_url.clone()),
    };
    let taken = |name: &str| existing.iter().any(|p| same_name(&p.name, name));
    let mut name = String::new();
    for n in 1.. {
        let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
        let head = format!("{} · ", found.kind.label());
        let room = MAX_PROFILE_NAME_CHARS - head.chars().count() - suffix.chars().count();
        let detail: String = if detail.chars().count() > room {
            detail.chars().take(room - 1).chain(['…']).collect()
        } else {
            detail.clone()
        };
        name = format!("{head}{detail}{suffix}");
        if !taken(&name) {
            break;
        }
    }
    let mut profile = Profile::new(&name, found.provider);
    profile.base_url = found.base_url.clone();
    profile.model = model.map(str::to_owned);
    if found.kind != ServerKind::LibreTranslate {
        profile.concurrency = Some(1);
        profile.timeout_seconds = Some(300);
    }
    profile
}

/// Where API keys are kept, one per profile name. The app uses the OS keychain
/// and, where there is none, the key file (both in duizhao-keychain); tests use
/// `MemorySecretStore`. Implementations must never log a key or put it in an
/// error.
pub trait SecretStore: Send + Sync {
    /// Whether the store can be used at all, for a settings screen to say so
    /// before the user stores a key. `Err` is `SecretError::Unavailable`.
    fn check_available(&self) -> Result<(), SecretError> {
        Ok(())
    }
    /// The key stored for this profile, if any.
    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError>;
    /// Stores (or replaces) the key for this profile.
    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError>;
    /// Forgets this profile's key; forgetting a key that is not there is fine.
    fn delete(&self, profile: &str) -> Result<(), SecretError>;
}

/// What can go wrong with a `SecretStore`. No variant ever carries a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No keychain service at all (e.g. no Secret Service on a Linux desktop
    /// without GNOME Keyring or KWallet, or no DBus session).
    #[error(
        "no keychain service is available to keep API keys ({detail}); keep the key in a file \
         instead (the app's Settings offer it), or set the {API_KEY_ENV} environment variable to \
         use a key for this session"
    )]
    Unavailable { detail: String },
    /// The keychain exists but is locked, or the user declined access.
    #[error(
        "the keychain is locked or refused access ({detail}); unlock it, or set the {API_KEY_ENV} \
         environment variable to use a key for this session instead"
    )]
    Locked { detail: String },
    /// Anything else, with what was being attempted, e.g. "read the API key of
    /// profile \"deepl\" from the keychain".
    #[error("cannot {action}: {detail}")]
    Failed { action: String, detail: String },
    /// The key file (kept instead of a keychain, after the user agreed) could
    /// not be read or written; `detail` names the file, never its contents.
    #[error("cannot {action}: {detail}")]
    KeyFile { action: String, detail: String },
}

impl SecretError {
    /// What went wrong, for the UI to choose its words by.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            SecretError::Unavailable { .. } => ErrorKind::KeychainUnavailable,
            SecretError::Locked { .. } => ErrorKind::KeychainLocked,
            SecretError::KeyFile { .. } => ErrorKind::KeyFile,
            SecretError::Failed { .. } => ErrorKind::Keychain,
        }
    }
}

/// A `SecretStore` in memory, for tests and for runs that must not touch the
/// keychain. `unavailable` builds one that behaves like a machine without a
/// keychain service.
pub struct MemorySecretStore {
    keys: Mutex<HashMap<String, Secret>>,
    unavailable: Option<String>,
}

impl MemorySecretStore {
    pub fn new() -> MemorySecretStore {
        MemorySecretStore { keys: Mutex::new(HashMap::new()), unavailable: None }
    }

    /// A store whose every operation fails with `SecretError::Unavailable`.
    pub fn unavailable(detail: &str) -> MemorySecretStore {
        MemorySecretStore { keys: Mutex::new(HashMap::new()), unavailable: Some(detail.to_owned()) }
    }

    fn keys(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, Secret>>, SecretError> {
        if let Some(detail) = &self.unavailable {
            return Err(SecretError::Unavailable { detail: detail.clone() });
        }
        // A map of owned strings cannot be left half-updated by a panic.
        Ok(self.keys.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Default for MemorySecretStore {
    fn default() -> MemorySecretStore {
        MemorySecretStore::new()
    }
}

impl std::fmt::Debug for MemorySecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Profile names only: the keys themselves are never shown.
        let mut names: Vec<String> = self.keys.lock().unwrap_or_else(PoisonError::into_inner).keys().cloned().collect();
        names.sort();
        f.debug_struct("MemorySecretStore").field("profiles", &names).field("unavailable", &self.unavailable).finish()
    }
}

impl SecretStore for MemorySecretStore {
    fn check_available(&self) -> Result<(), SecretError> {
        self.keys().map(|_| ())
    }

    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self.keys()?.get(profile).cloned())
    }

    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError> {
        self.keys()?.insert(profile.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, profile: &str) -> Result<(), SecretError> {
        self.keys()?.remove(profile);
        Ok(())
    }
}

/// The session key from `DUIZHAO_API_KEY`, if set to something other than blanks.
pub fn api_key_from_env() -> Option<Secret> {
    key_from_env_value(std::env::var_os(API_KEY_ENV))
}

fn key_from_env_value(value: Option<OsString>) -> Option<Secret> {
    let value = value?.into_string().ok()?;
    let value = value.trim();
    (!value.is_empty()).then(|| Secret::new(value))
}

/// The key to use for `profile`: `env_key` (normally `api_key_from_env()`) when
/// given, without asking the store at all (so a session key works where there
/// is no keychain, and no keychain prompt appears); otherwise the store's key,
/// or `None` if it has none. A store that is unavailable or locked is an error
/// whose message tells the user about `DUIZHAO_API_KEY` — unless the profile's
/// kind works without a key, in which case there simply is no key. The app and
/// the CLI look keys up with `duizhao_keychain::Keys::find` instead, which asks
/// the keychain, then the key file, then the session key, so a profile's own
/// stored key is never shadowed by a session key meant for another provider.
pub fn resolve_key<S: SecretStore + ?Sized>(
    store: &S,
    profile: &Profile,
    env_key: Option<Secret>,
) -> Result<Option<Secret>, SecretError> {
    match env_key {
        Some(key) => Ok(Some(key)),
        None => match store.get(&profile.name) {
            // A provider that works without a key (a local LibreTranslate or LLM
            // server) must not be blocked by a missing or locked keychain.
            Err(SecretError::Unavailable { .. } | SecretError::Locked { .. }) if !profile.kind.needs_key() => Ok(None),
            other => other,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_or_non_unicode_environment_key_counts_as_unset() {
        assert!(key_from_env_value(None).is_none());
        assert!(key_from_env_value(Some(OsString::from("  "))).is_none());
        let key = key_from_env_value(Some(OsString::from(" sk-1 \n"))).expect("a key");
        assert_eq!(key.expose(), "sk-1");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            assert!(key_from_env_value(Some(OsString::from_vec(vec![0xff, 0xfe]))).is_none());
        }
    }

    #[test]
    fn base_urls_with_credentials_queries_or_other_schemes_are_refused() {
        for (url, ok) in [
            ("", true),
            ("http://127.0.0.1:8080/v1", true),
            ("https://api.deepseek.com", true),
            ("ftp://example.com", false),
            ("example.com", false),
            ("https://user:pass@example.com/v1", false),
            ("https://example.com/v1?key=abc", false),
            ("https://example.com/v1#x", false),
            ("http://", false),
        ] {
            assert_eq!(validate_base_url(url).is_ok(), ok, "{url}: {:?}", validate_base_url(url));
        }
    }

    #[test]
    fn an_unknown_kind_names_the_known_ones() {
        let err = parse_kind("babelfish").expect_err("babelfish is not a kind yet");
        let message = err.to_string();
        assert!(message.contains("\"babelfish\"") && message.contains("openai, anthropic, gemini, deepl"), "{message}");
        assert_eq!(parse_kind(" DeepL "), Ok(ProviderKind::DeepL));
    }
}
