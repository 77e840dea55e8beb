//! Updates (tauri-plugin-updater): checked when the app starts and from Settings, never
//! installed silently. [`check_for_update`] says what is there (the version and its notes),
//! the UI shows it, and only the user's "Install" calls [`install_update`], which downloads
//! the bundle, refuses it unless its minisign signature matches the public key built into
//! the app, installs it and leaves the restart to the user ([`restart_app`]).
//!
//! Where updates come from is configuration: `plugins.updater.endpoints` and `pubkey` in
//! tauri.conf.json, both empty in the repository and set by the release workflow (the
//! project's public key and its GitHub release's `latest.json`). A build without them —
//! one built from source — says it does not check for updates and asks nobody.
//!
//! Tests point a **debug build** elsewhere with `DUIZHAO_TEST_UPDATE_ENDPOINT` and
//! `DUIZHAO_TEST_UPDATE_PUBKEY` (and `DUIZHAO_TEST_UPDATE_TARGET`, the file an install
//! replaces, instead of the running binary). Release builds never read them: the code that
//! does is compiled only with `debug_assertions`.
//!
//! With "Fully offline" on, no check leaves this computer.

use std::sync::Mutex;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State, Url};
use tauri_plugin_updater::{Update, UpdaterExt};

/// The update found by the last check, kept for "Install".
#[derive(Default)]
pub struct Updates {
    found: Mutex<Option<Update>>,
}

/// What a check found.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum UpdateCheck {
    /// This is the newest version.
    UpToDate { current: String },
    /// A newer version: the user decides whether to install it.
    #[serde(rename_all = "camelCase")]
    Available {
        current: String,
        version: String,
        /// The release notes, as plain text.
        notes: Option<String>,
        /// When it was published (RFC 3339), if the release says.
        date: Option<String>,
    },
    /// This build has no update source (built from source).
    NotConfigured { current: String },
    /// "Fully offline" is on: nothing was asked.
    Offline { current: String },
}

/// Why a check or an install failed; `detail` is the updater's own words, for "Details".
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UpdateFailure {
    pub reason: UpdateFailureReason,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum UpdateFailureReason {
    /// The update server could not be reached or did not answer with a release.
    Network,
    /// The downloaded bundle's signature does not match the app's key: nothing was installed.
    Signature,
    /// The release has no bundle for this system.
    NoBundle,
    /// Downloaded and verified, but installing it failed (permissions, a package manager).
    Install,
    /// "Install" without an update found by a check (or one already installed).
    NothingToInstall,
    /// Anything else.
    Other,
}

/// What an install reports as it goes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum UpdateProgress {
    /// Bytes downloaded so far, of `total` when the server said.
    #[serde(rename_all = "camelCase")]
    Downloading { downloaded: u64, total: Option<u64> },
    /// Downloaded: its signature is checked next, then it is installed.
    Downloaded,
}

fn failure(error: &tauri_plugin_updater::Error) -> UpdateFailure {
    use tauri_plugin_updater::Error as E;
    let reason = match error {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => UpdateFailureReason::Signature,
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound | E::Serialization(_) | E::Semver(_) => {
            UpdateFailureReason::Network
        }
        E::TargetNotFound(_) | E::TargetsNotFound(_) | E::UnsupportedArch | E::UnsupportedOs => {
            UpdateFailureReason::NoBundle
        }
        E::Io(_)
        | E::TempDirNotOnSameMountPoint
        | E::PreviousAppNotRestored(_)
        | E::BinaryNotFoundInArchive
        | E::TempDirNotFound
        | E::AuthenticationFailed
        | E::DebInstallFailed
        | E::PackageInstallFailed
        | E::InvalidUpdaterFormat => UpdateFailureReason::Install,
        _ => UpdateFailureReason::Other,
    };
    UpdateFailure { reason, detail: error.to_string() }
}

/// Where this build looks for updates: the test override (debug builds only), else the
/// configuration; None when there is none.
struct Source {
    endpoints: Vec<Url>,
    pubkey: String,
    /// The file an install replaces (tests), instead of the running app.
    target: Option<std::path::PathBuf>,
}

#[cfg(debug_assertions)]
fn test_source() -> Option<Source> {
    let endpoint = std::env::var("DUIZHAO_TEST_UPDATE_ENDPOINT").ok()?;
    let pubkey = std::env::var("DUIZHAO_TEST_UPDATE_PUBKEY").ok()?;
    Some(Source {
        endpoints: vec![Url::parse(&endpoint).ok()?],
        pubkey,
        target: std::env::var_os("DUIZHAO_TEST_UPDATE_TARGET").map(Into::into),
    })
}

#[cfg(not(debug_assertions))]
fn test_source() -> Option<Source> {
    None
}

fn configured_source<R: Runtime>(app: &AppHandle<R>) -> Option<Source> {
    let config = app.config().plugins.0.get("updater")?;
    let pubkey = config.get("pubkey")?.as_str()?.trim().to_owned();
    let endpoints: Vec<Url> = config
        .get("endpoints")?
        .as_array()?
        .iter()
        .filter_map(|e| e.as_str().and_then(|e| Url::parse(e).ok()))
        .collect();
    (!pubkey.is_empty() && !endpoints.is_empty()).then_some(Source { endpoints, pubkey, target: None })
}

/// Whether "Fully offline" forbids asking `endpoints` (read from the settings file; a
/// settings file that cannot be read forbids nothing here — the app says so elsewhere).
fn offline_forbids(endpoints: &[Url]) -> bool {
    let dir = duizhao_core::paths::default_config_dir();
    duizhao_core::settings::Settings::load(&dir)
        .map(|settings| endpoints.iter().any(|e| !settings.allows_url(e.as_str())))
        .unwrap_or(false)
}

/// Asks the update server whether there is a newer version. Installs nothing.
#[tauri::command]
pub async fn check_for_update<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> Result<UpdateCheck, UpdateFailure> {
    let current = app.package_info().version.to_string();
    let Some(source) = test_source().or_else(|| configured_source(&app)) else {
        return Ok(UpdateCheck::NotConfigured { current });
    };
    if offline_forbids(&source.endpoints) {
        return Ok(UpdateCheck::Offline { current });
    }
    let mut builder = app.updater_builder().pubkey(source.pubkey);
    builder = builder.endpoints(source.endpoints).map_err(|e| failure(&e))?;
    if let Some(target) = source.target {
        builder = builder.executable_path(target);
    }
    let found = builder.build().map_err(|e| failure(&e))?.check().await.map_err(|e| {
        log::warn!("the update check failed: {e}");
        failure(&e)
    })?;
    let check = match &found {
        Some(update) => {
            log::info!("update check: {} is available (this is {current})", update.version);
            UpdateCheck::Available {
                current,
                version: update.version.clone(),
                notes: update.body.clone(),
                date: update.date.map(|d| d.to_string()),
            }
        }
        None => {
            log::info!("update check: {current} is the newest version");
            UpdateCheck::UpToDate { current }
        }
    };
    if let Ok(mut kept) = updates.found.lock() {
        *kept = found;
    }
    Ok(check)
}

/// Downloads the update the last check found, verifies its signature and installs it. The
/// app keeps running; the new version starts with the next launch ([`restart_app`]).
#[tauri::command]
pub async fn install_update(
    updates: State<'_, Updates>,
    on_event: Channel<UpdateProgress>,
) -> Result<(), UpdateFailure> {
    let update = updates.found.lock().ok().and_then(|mut found| found.take()).ok_or(UpdateFailure {
        reason: UpdateFailureReason::NothingToInstall,
        detail: "no update was found by a check".into(),
    })?;
    log::info!("installing update {}", update.version);
    let mut downloaded: u64 = 0;
    let result = update
        .download_and_install(
            |chunk, total| {
                downloaded += chunk as u64;
                let _ = on_event.send(UpdateProgress::Downloading { downloaded, total });
            },
            || {
                let _ = on_event.send(UpdateProgress::Downloaded);
            },
        )
        .await;
    match result {
        Ok(()) => {
            log::info!("update {} installed", update.version);
            Ok(())
        }
        Err(e) => {
            log::warn!("update {} not installed: {e}", update.version);
            // A failed install may be tried again after another check.
            Err(failure(&e))
        }
    }
}

/// Restarts the app (after an update was installed, when the user chooses to).
#[tauri::command]
pub fn restart_app<R: Runtime>(app: AppHandle<R>) {
    app.restart();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updater_errors_say_why() {
        use tauri_plugin_updater::Error as E;
        assert_eq!(failure(&E::ReleaseNotFound).reason, UpdateFailureReason::Network);
        assert_eq!(failure(&E::TargetsNotFound(vec!["linux-x86_64".into()])).reason, UpdateFailureReason::NoBundle);
        assert_eq!(failure(&E::InvalidUpdaterFormat).reason, UpdateFailureReason::Install);
        assert_eq!(failure(&E::MissingSignedVersion).reason, UpdateFailureReason::Signature);
        // (A bad signature itself is refused end to end: tests/e2e/run.mjs.)
    }
}
