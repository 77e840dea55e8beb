//! Reader preferences over IPC: read at start, written whole after each change.
//! They live in settings.json (`duizhao_core::prefs`), validated there.

use duizhao_core::prefs::ReaderPrefs;
use duizhao_core::settings::Settings;

use crate::error::Result;

/// Async, so a slow disk at start-up never holds the window's main thread.
#[tauri::command]
pub async fn get_reader_prefs() -> Result<ReaderPrefs> {
    Ok(Settings::load(&duizhao_core::paths::default_config_dir())?.reader)
}

/// Saves `prefs` (validated first; an invalid value changes nothing) and returns
/// what was saved.
#[tauri::command]
pub fn set_reader_prefs(prefs: ReaderPrefs) -> Result<ReaderPrefs> {
    let dir = duizhao_core::paths::default_config_dir();
    let mut current = Settings::load(&dir)?;
    current.reader = prefs;
    current.save(&dir)?;
    Ok(current.reader)
}
