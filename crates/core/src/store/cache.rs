//! The translation cache: one row per (everything that determines a
//! translation) → translated text, so reopening a document, or translating the
//! same paragraph again with the same settings, costs no request.
//!
//! The key is a SHA-256 over the provider kind, base URL, model, languages, the
//! caller's prompt/options fingerprint and the block's text; an API key is never
//! part of it and never stored. Each `put` is its own committed transaction, so a
//! crash or kill mid-document keeps every translation already received.
//!
//! Threads: a `Cache` holds one connection behind a `Mutex` and is `Send + Sync`;
//! share it as `Arc<Cache>` between tokio tasks. One connection rather than one
//! per call, because statements are prepared once and cached, every operation is
//! a single short statement (a `put` is one row, a `get_many` one read
//! transaction), and SQLite serialises writers anyway. Operations block for at
//! most a disk sync; async callers with many of them in a row may prefer
//! `tokio::task::spawn_blocking`. Other processes (the CLI while the app runs)
//! use their own connections; WAL and the busy timeout let them share the file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{display_path, open_connection, sqlite_error, StoreError};
use crate::translate::{Lang, ProviderKind};

/// Everything that determines a translation. The caller fills it from the
/// provider configuration it is about to use; `fingerprint` is the prompt/options
/// part (`crate::settings::Profile::cache_fingerprint`).
#[derive(Debug, Clone, Copy)]
pub struct CacheKeyParts<'a> {
    pub kind: ProviderKind,
    /// The endpoint; empty means the kind's default, and a trailing slash does not count.
    pub base_url: &'a str,
    pub model: Option<&'a str>,
    /// `None`: the provider detects the source language.
    pub source: Option<&'a Lang>,
    pub target: &'a Lang,
    pub fingerprint: &'a str,
    /// The block's text, exactly as sent.
    pub text: &'a str,
}

/// A cache key: the lowercase hex SHA-256 of a `CacheKeyParts`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CacheKey(String);

impl CacheKey {
    pub fn new(parts: &CacheKeyParts<'_>) -> CacheKey {
        let base_url = match parts.base_url.trim().trim_end_matches('/') {
            "" => parts.kind.default_base_url().trim_end_matches('/'),
            url => url,
        };
        let model = parts.model.map(str::trim).filter(|m| !m.is_empty());
        let mut hasher = Sha256::new();
        // A domain tag, so a future change to the layout below can bump it and
        // never collide with keys written by this version.
        hasher.update(b"duizhao translation cache v1\0");
        // Each field is length-prefixed and each optional one tagged, so no two
        // different sets of parts can produce the same byte stream ("ab" + "c"
        // versus "a" + "bc", or no model versus an empty one).
        let mut field = |bytes: Option<&str>| match bytes {
            None => hasher.update([0u8]),
            Some(text) => {
                hasher.update([1u8]);
                hasher.update((text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            }
        };
        field(Some(parts.kind.name()));
        field(Some(base_url));
        field(model);
        field(parts.source.map(Lang::as_str));
        field(Some(parts.target.as_str()));
        field(Some(parts.fingerprint));
        field(Some(parts.text));
        let digest = hasher.finalize();
        let mut hex = String::with_capacity(64);
        for byte in digest {
            write!(hex, "{byte:02x}").expect("writing to a String cannot fail");
        }
        CacheKey(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How big the cache is, for the settings screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Cached translations.
    pub rows: u64,
    /// The database file plus its WAL and shared-memory files (the pages in use,
    /// for an in-memory cache).
    pub bytes_on_disk: u64,
}

/// The persistent translation cache. See the module docs for durability and threads.
pub struct Cache {
    conn: Mutex<Connection>,
    /// `None` for an in-memory cache.
    path: Option<PathBuf>,
    /// How the database is named in error messages.
    shown: String,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").field("path", &self.shown).finish_non_exhaustive()
    }
}

/// `get_many` looks keys up this many at a time: far below SQLite's limit on
/// bound parameters (32766), and few enough statements for a whole document.
const KEYS_PER_QUERY: usize = 500;

impl Cache {
    /// Opens the cache in the database at `path`, creating the file, its folder
    /// and the schema as needed.
    pub fn open(path: &Path) -> Result<Cache, StoreError> {
        let conn = open_connection(Some(path))?;
        Ok(Cache { conn: Mutex::new(conn), path: Some(path.to_owned()), shown: display_path(Some(path)) })
    }

    /// Opens the cache in the default database (`super::default_database_path`).
    pub fn open_default() -> Result<Cache, StoreError> {
        Cache::open(&super::default_database_path())
    }

    /// A cache that lives only as long as this value: for tests, and for runs
    /// that must not touch the disk.
    pub fn open_in_memory() -> Result<Cache, StoreError> {
        let conn = open_connection(None)?;
        Ok(Cache { conn: Mutex::new(conn), path: None, shown: display_path(None) })
    }

    /// The database file, or `None` for an in-memory cache.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Writes the WAL into the database file and empties it (`store::checkpoint`):
    /// `Ok(false)` when another connection kept part of it in use.
    pub fn checkpoint(&self) -> Result<bool, StoreError> {
        super::checkpoint(&self.conn(), &self.shown)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while the lock was held cannot leave the connection half-way:
        // an unfinished rusqlite transaction rolls back when it is dropped.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn get(&self, key: &CacheKey) -> Result<Option<String>, StoreError> {
        Ok(self.get_by(key)?.map(|(translation, _)| translation))
    }

    /// A cached translation and the provider name recorded with it, if any.
    pub fn get_by(&self, key: &CacheKey) -> Result<Option<(String, Option<String>)>, StoreError> {
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached("SELECT translation, engine FROM translation_cache WHERE key = ?1")
            .map_err(sqlite_error("read a cached translation", &self.shown))?;
        statement
            .query_row([key.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()
            .map_err(sqlite_error("read a cached translation", &self.shown))
    }

    pub fn get_many(&self, keys: &[CacheKey]) -> Result<HashMap<CacheKey, String>, StoreError> {
        let mut found = HashMap::new();
        if keys.is_empty() {
            return Ok(found);
        }
        let mut wanted: Vec<&CacheKey> = keys.iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let by_text: HashMap<&str, &CacheKey> = wanted.iter().map(|k| (k.as_str(), *k)).collect();
        let action = "read cached translations";
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(sqlite_error(action, &self.shown))?;
        for chunk in wanted.chunks(KEYS_PER_QUERY) {
            let placeholders = vec!["?"; chunk.len()].join(",");
            let sql = format!("SELECT key, translation FROM translation_cache WHERE key IN ({placeholders})");
            let mut statement = tx.prepare_cached(&sql).map_err(sqlite_error(action, &self.shown))?;
            let rows = statement
                .query_map(params_from_iter(chunk.iter().map(|k| k.as_str())), |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })
                .map_err(sqlite_error(action, &self.shown))?;
            for row in rows {
                let (key, translation) = row.map_err(sqlite_error(action, &self.shown))?;
                if let Some(&key) = by_text.get(key.as_str()) {
                    found.insert(key.clone(), translation);
                }
            }
        }
        // Read-only: finishing the transaction only releases the snapshot.
        tx.commit().map_err(sqlite_error(action, &self.shown))?;
        Ok(found)
    }

    /// Stores a translation, replacing any earlier one for the same key. The row
    /// is committed (and synced) before this returns.
    pub fn put(&self, key: &CacheKey, translation: &str) -> Result<(), StoreError> {
        self.put_by(key, translation, None)
    }

    /// Stores a translation with the name of the provider that made it.
    pub fn put_by(&self, key: &CacheKey, translation: &str, engine: Option<&str>) -> Result<(), StoreError> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached(
                "INSERT INTO translation_cache (key, translation, created_at, engine) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET translation = excluded.translation,
                     created_at = excluded.created_at, engine = excluded.engine",
            )
            .map_err(sqlite_error("store a translation", &self.shown))?;
        statement
            .execute(params![key.as_str(), translation, now as i64, engine])
            .map_err(sqlite_error("store a translation", &self.shown))?;
        Ok(())
    }

    /// Stores several translations made by one provider, in one transaction: all
    /// are committed (and synced once) before this returns, or none.
    pub fn put_all_by(&self, rows: &[(CacheKey, &str)], engine: Option<&str>) -> Result<(), StoreError> {
        let action = "store translations";
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(sqlite_error(action, &self.shown))?;
        {
            let mut statement = tx
                .prepare_cached(
                    "INSERT INTO translation_cache (key, translation, created_at, engine) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (key) DO UPDATE SET translation = excluded.translation,
                         created_at = excluded.created_at, engine = excluded.engine",
                )
                .map_err(sqlite_error(action, &self.shown))?;
            for (key, translation) in rows {
                statement
                    .execute(params![key.as_str(), translation, now as i64, engine])
                    .map_err(sqlite_error(action, &self.shown))?;
            }
        }
        tx.commit().map_err(sqlite_error(action, &self.shown))
    }

    pub fn stats(&self) -> Result<CacheStats, StoreError> {
        let action = "count cached translations";
        let conn = self.conn();
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM translation_cache", [], |row| row.get(0))
            .map_err(sqlite_error(action, &self.shown))?;
        let bytes_on_disk = match &self.path {
            Some(path) => ["", "-wal", "-shm"]
                .iter()
                .filter_map(|suffix| {
                    let mut name = path.as_os_str().to_owned();
                    name.push(suffix);
                    std::fs::metadata(name).ok().map(|m| m.len())
                })
                .sum(),
            None => {
                let pages: i64 = conn
                    .pragma_query_value(None, "page_count", |row| row.get(0))
                    .map_err(sqlite_error(action, &self.shown))?;
                let page_size: i64 = conn
                    .pragma_query_value(None, "page_size", |row| row.get(0))
                    .map_err(sqlite_error(action, &self.shown))?;
                (pages * page_size) as u64
            }
        };
        Ok(CacheStats { rows: rows as u64, bytes_on_disk })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(target: &'a Lang, text: &'a str) -> CacheKeyParts<'a> {
        CacheKeyParts {
            kind: ProviderKind::OpenAi,
            base_url: "",
            model: Some("gpt-4o-mini"),
            source: None,
            target,
            fingerprint: "",
            text,
        }
    }

    #[test]
    fn keys_are_lowercase_hex_sha256() {
        let en = Lang::new("en");
        let key = CacheKey::new(&parts(&en, "臺灣"));
        assert_eq!(key.as_str().len(), 64);
        assert!(key.as_str().chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)), "{key}");
    }

    #[test]
    fn an_empty_base_url_means_the_kinds_default_and_trailing_slashes_do_not_count() {
        let en = Lang::new("en");
        let empty = CacheKey::new(&parts(&en, "臺灣"));
        let default = ProviderKind::OpenAi.default_base_url();
        let explicit = CacheKey::new(&CacheKeyParts { base_url: default, ..parts(&en, "臺灣") });
        let slashed = format!("{default}/");
        let with_slash = CacheKey::new(&CacheKeyParts { base_url: &slashed, ..parts(&en, "臺灣") });
        assert_eq!(empty, explicit);
        assert_eq!(empty, with_slash);
    }

    #[test]
    fn moving_text_between_fields_changes_the_key() {
        let en = Lang::new("en");
        let a = CacheKey::new(&CacheKeyParts { fingerprint: "ab", text: "c", ..parts(&en, "") });
        let b = CacheKey::new(&CacheKeyParts { fingerprint: "a", text: "bc", ..parts(&en, "") });
        assert_ne!(a, b);
        let no_source = CacheKey::new(&parts(&en, "x"));
        let empty = Lang::new("");
        let empty_source = CacheKey::new(&CacheKeyParts { source: Some(&empty), ..parts(&en, "x") });
        assert_ne!(no_source, empty_source);
    }

    #[test]
    fn a_batch_of_translations_is_stored_together_with_its_engine() {
        let en = Lang::new("en");
        let cache = Cache::open_in_memory().unwrap();
        let (a, b) = (CacheKey::new(&parts(&en, "臺灣")), CacheKey::new(&parts(&en, "軟體")));
        cache.put(&a, "old").unwrap();
        cache.put_all_by(&[(a.clone(), "Taiwan"), (b.clone(), "software")], Some("deepl")).unwrap();
        assert_eq!(cache.get_by(&a).unwrap(), Some(("Taiwan".to_owned(), Some("deepl".to_owned()))));
        assert_eq!(cache.get_by(&b).unwrap(), Some(("software".to_owned(), Some("deepl".to_owned()))));
        cache.put_all_by(&[], None).unwrap();
    }

    #[test]
    fn a_cache_is_shareable_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Cache>();
    }
}
