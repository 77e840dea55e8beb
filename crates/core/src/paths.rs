//! Where Duizhao keeps things on disk: settings in the config directory, the
//! OpenCC dictionaries, the translation cache and the library in the data
//! directory. Both can be overridden (tests, portable installs). Every module
//! that touches a file asks here, so the folders are decided in one place.

use std::ffi::OsString;
use std::path::PathBuf;

/// Overrides the config directory (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "DUIZHAO_CONFIG_DIR";

/// Overrides the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "DUIZHAO_DATA_DIR";

/// Where settings live: `DUIZHAO_CONFIG_DIR` if set, else the OS config
/// directory + "duizhao" (`~/.config/duizhao`, `~/Library/Application
/// Support/duizhao`, `%APPDATA%\duizhao`).
pub fn default_config_dir() -> PathBuf {
    config_dir_from(std::env::var_os(CONFIG_DIR_ENV))
}

/// `default_config_dir` with the override given explicitly (an empty one counts
/// as unset, as an empty environment variable usually means "not set").
pub fn config_dir_from(override_dir: Option<OsString>) -> PathBuf {
    if let Some(dir) = override_dir.filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    // Without any config directory (no HOME), the temp dir at least works for
    // this session; the data dir does the same.
    dirs::config_dir().map(|d| d.join("duizhao")).unwrap_or_else(|| std::env::temp_dir().join("duizhao"))
}

/// Where Duizhao keeps data (dictionaries, the cache and the library):
/// `DUIZHAO_DATA_DIR` when set, else the OS data directory, else a temp folder.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir().map(|d| d.join("duizhao")).unwrap_or_else(|| std::env::temp_dir().join("duizhao"))
}
