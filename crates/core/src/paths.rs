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
/// `DUIZHAO_DATA_DIR` when set, else the OS *local* data directory + "duizhao"
/// (`~/.local/share/duizhao`, `~/Library/Application Support/duizhao`,
/// `%LOCALAPPDATA%\duizhao`), else a temp folder. Local, not roaming: on Windows
/// the cache, library and dictionaries must not travel with a roaming profile
/// (on Linux and macOS the two are the same folder).
pub fn default_data_dir() -> PathBuf {
    data_dir_from(std::env::var_os(DATA_DIR_ENV))
}

/// `default_data_dir` with the override given explicitly (an empty one counts as unset).
pub fn data_dir_from(override_dir: Option<OsString>) -> PathBuf {
    if let Some(dir) = override_dir.filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_local_dir().map(|d| d.join("duizhao")).unwrap_or_else(|| std::env::temp_dir().join("duizhao"))
}

#[cfg(test)]
mod tests {
    use super::data_dir_from;
    use std::path::PathBuf;

    #[test]
    fn the_data_dir_is_the_local_one_and_an_override_wins() {
        let local = dirs::data_local_dir().unwrap().join("duizhao");
        assert_eq!(data_dir_from(None), local);
        assert_eq!(data_dir_from(Some("".into())), local);
        assert_eq!(data_dir_from(Some("/elsewhere".into())), PathBuf::from("/elsewhere"));
        // Linux and macOS keep the folder they always had; Windows moves it out of
        // the roaming profile.
        #[cfg(not(windows))]
        assert_eq!(data_dir_from(None), dirs::data_dir().unwrap().join("duizhao"));
        #[cfg(windows)]
        assert_ne!(data_dir_from(None), dirs::data_dir().unwrap().join("duizhao"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_the_data_dir_follows_xdg_data_home() {
        // dirs reads XDG_DATA_HOME (or ~/.local/share): the folder existing users have.
        let expected = match std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
            Some(x) if std::path::Path::new(&x).is_absolute() => PathBuf::from(x),
            _ => dirs::home_dir().unwrap().join(".local/share"),
        };
        assert_eq!(data_dir_from(None), expected.join("duizhao"));
    }
}
