//! Duizhao's own database: one SQLite file, `<data dir>/duizhao.sqlite3`, holding
//! the translation cache and the library of opened documents.
//!
//! Every connection runs in WAL mode with `synchronous = FULL` and a busy timeout,
//! so a process killed mid-translation loses no translation whose `put` returned,
//! and several connections (the app, the CLI, tests) can share the file. The
//! schema is versioned with `PRAGMA user_version`; `migrate` brings an older file
//! up to date and refuses one written by a newer Duizhao rather than guessing.
//! This module must never store an API key, and never overwrite a file that is not
//! a Duizhao database: such a file is reported as `StoreError::NotADatabase` and
//! left as it is. Callers: the translation pipeline (through `Cache`), the CLI and
//! the desktop shell (which open it once per process).

mod cache;
mod doc_glossary;
mod library;
mod revisions;
mod scheduler_cache;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub use cache::{Cache, CacheKey, CacheKeyParts, CacheStats};
pub use library::{document_id, Library, LibraryEntry, LoadedEntry, MAX_LIST};
pub use revisions::Revisions;
pub use scheduler_cache::StoredCache;

/// The database's file name inside the data directory.
pub const DATABASE_FILE_NAME: &str = "duizhao.sqlite3";

/// How long a connection waits for another connection's write lock before giving
/// up. Writes are single small rows, so waiting this long means something is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema, one step per entry: `MIGRATIONS[n]` takes a database from version
/// `n` to `n + 1`. Steps are only ever appended; an existing step is never edited,
/// because users' files have already run it.
const MIGRATIONS: &[&str] = &[
    // 0 → 1: the translation cache. The key is a SHA-256 over everything that
    // determines a translation (see `CacheKey`); nothing identifying the user's
    // account, and never a key, is stored.
    "CREATE TABLE translation_cache (
         key         TEXT    PRIMARY KEY NOT NULL,
         translation TEXT    NOT NULL,
         created_at  INTEGER NOT NULL
     );",
    // 1 → 2: the library of opened documents (see `library`). `search` is the
    // title plus its Simplified conversion, for title search in either script.
    "CREATE TABLE library (
         id        TEXT    PRIMARY KEY NOT NULL,
         title     TEXT    NOT NULL,
         source    TEXT    NOT NULL,
         url       TEXT,
         format    TEXT    NOT NULL,
         config    TEXT,
         profile   TEXT,
         target    TEXT,
         search    TEXT    NOT NULL,
         opened_at INTEGER NOT NULL,
         added_at  INTEGER NOT NULL,
         blocks    INTEGER NOT NULL,
         document  TEXT    NOT NULL
     );
     CREATE INDEX library_opened_at ON library (opened_at);
     CREATE TABLE library_translation (
         doc_id      TEXT NOT NULL,
         target      TEXT NOT NULL,
         block_id    TEXT NOT NULL,
         translation TEXT NOT NULL,
         PRIMARY KEY (doc_id, target, block_id)
     );",
    // 2 → 3: which provider made a cached translation (the `web` chain's
    // engine: "edge", "google-web", …); empty for rows written before.
    "ALTER TABLE translation_cache ADD COLUMN engine TEXT;",
    // 3 → 4: which provider made a library entry's translation (as in the cache),
    // so a reopened document still says per row who translated it; empty before.
    "ALTER TABLE library_translation ADD COLUMN engine TEXT;",
    // 4 → 5: the title the user gave an entry (`Library::rename`), kept over the
    // document's own when it is opened again; empty for entries never renamed.
    "ALTER TABLE library ADD COLUMN custom_title TEXT;",
    // 5 → 6: translations a reader shapes (issue 14). `machine`: for a row the
    // user edited, what the provider made (its `translation` is then the
    // user's); NULL for rows never edited. `library_compare`: the comparison
    // column, a second profile's translations (`compare_profile`). `glossary`:
    // the document's own terms (see `crate::glossary`), serialized; NULL: none.
    "ALTER TABLE library_translation ADD COLUMN machine TEXT;
     ALTER TABLE library ADD COLUMN compare_profile TEXT;
     ALTER TABLE library ADD COLUMN glossary TEXT;
     CREATE TABLE library_compare (
         doc_id      TEXT NOT NULL,
         target      TEXT NOT NULL,
         block_id    TEXT NOT NULL,
         translation TEXT NOT NULL,
         engine      TEXT,
         PRIMARY KEY (doc_id, target, block_id)
     );",
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Where the database lives by default: `<data dir>/duizhao.sqlite3`, where the
/// data dir honours `DUIZHAO_DATA_DIR` (see `crate::paths::default_data_dir`).
pub fn default_database_path() -> PathBuf {
    crate::paths::default_data_dir().join(DATABASE_FILE_NAME)
}

/// What can go wrong with the database. Messages name the file and the action,
/// and say what the user can do where there is something to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot open the database {path}: it is not a Duizhao database or it is damaged ({reason}); \
         move the file aside and Duizhao will start a new one"
    )]
    NotADatabase { path: String, reason: String },
    #[error(
        "cannot open the database {path}: it was written by a newer version of Duizhao \
         (schema version {found}, this version understands up to {supported}); update Duizhao"
    )]
    NewerSchema { path: String, found: u32, supported: u32 },
    #[error("cannot create the folder {path} for the database: {reason}")]
    Folder { path: String, reason: String },
    #[error("cannot {action} in the database {path}: {reason}")]
    Sqlite { action: &'static str, path: String, reason: String },
    /// What was asked is not allowed (a title too long, say); nothing was written.
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    /// What went wrong, for the UI to choose its words by.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        let _ = self;
        ErrorKind::Store
    }
}

/// Maps a rusqlite error to a `StoreError`, recognising a file that is not (or no
/// longer) an SQLite database wherever that is first noticed.
fn sqlite_error<'a>(action: &'static str, path: &'a str) -> impl Fn(rusqlite::Error) -> StoreError + 'a {
    move |err| match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase { path: path.to_owned(), reason: err.to_string() }
        }
        _ => StoreError::Sqlite { action, path: path.to_owned(), reason: err.to_string() },
    }
}

/// How a database is named in messages.
fn display_path(path: Option<&Path>) -> String {
    path.map(|p| p.display().to_string()).unwrap_or_else(|| ":memory:".to_owned())
}

/// Opens (creating if needed) the database at `path`, or an in-memory one for
/// `None`, configures the connection and brings the schema up to date.
fn open_connection(path: Option<&Path>) -> Result<Connection, StoreError> {
    let shown = display_path(path);
    let mut conn = match path {
        Some(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|err| StoreError::Folder {
                    path: parent.display().to_string(),
                    reason: err.to_string(),
                })?;
            }
            // No URI parsing: a path is a path, whatever characters it holds.
            let flags =
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(path, flags).map_err(sqlite_error("open the file", &shown))?
        }
        None => Connection::open_in_memory().map_err(sqlite_error("open the file", &shown))?,
    };
    // The busy timeout comes first, so that everything below waits for another
    // process's lock instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite_error("set the busy timeout", &shown))?;
    // Reading the version is the first statement that reads the file: a file
    // that is not a database, or one from a newer Duizhao, is refused here,
    // before anything (even the switch to WAL) is written to it.
    let version = schema_version(&conn, &shown)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { path: shown, found: version, supported: SCHEMA_VERSION });
    }
    configure(&conn, &shown)?;
    migrate(&mut conn, &shown)?;
    Ok(conn)
}

fn schema_version(conn: &Connection, shown: &str) -> Result<u32, StoreError> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sqlite_error("read the schema version", shown))
}

/// Per-connection settings: WAL and full synchronisation.
fn configure(conn: &Connection, shown: &str) -> Result<(), StoreError> {
    // The switch to WAL takes the file's exclusive lock. When several connections
    // open a new file at the same moment, SQLite can answer "locked" at once
    // instead of waiting (it skips the busy handler where waiting could
    // deadlock), so the switch is tried again until the busy timeout. WAL is
    // kept in the file: later opens find it set and write nothing.
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    let mode: String = loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)) {
            Ok(mode) => break mode,
            Err(err)
                if matches!(err.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(err) => return Err(sqlite_error("switch to WAL mode", shown)(err)),
        }
    };
    // In-memory databases cannot use WAL and report "memory"; anything else on a
    // file (e.g. a file system without shared memory) would weaken durability.
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        return Err(StoreError::Sqlite {
            action: "switch to WAL mode",
            path: shown.to_owned(),
            reason: format!("SQLite kept journal mode {mode:?}"),
        });
    }
    // FULL makes every commit reach the disk (the WAL is synced on commit), so a
    // paid-for translation survives a power cut too, not just a process crash.
    // A commit per translated block is cheap next to the request that produced it.
    conn.pragma_update(None, "synchronous", "FULL").map_err(sqlite_error("set synchronous mode", shown))?;
    Ok(())
}

/// Copies everything the WAL holds into the database file and empties the WAL, so
/// the file alone is complete (a backup that copies only `duizhao.sqlite3` has it
/// all). The app does this as it exits: SQLite does it itself when the last
/// connection closes, and the app's connections are never closed, the process ends
/// with them open. `Ok(false)`: a reader or writer elsewhere (another Duizhao, the
/// CLI, a job of this one) kept part of the WAL in use; nothing is lost, the next
/// checkpoint does it. It never waits for them: a TRUNCATE checkpoint waits through the
/// busy handler (5 s), and an exit that lingers keeps the single-instance name, so a
/// file opened meanwhile would go to a window that is already gone.
fn checkpoint(conn: &Connection, shown: &str) -> Result<bool, StoreError> {
    let action = "write the journal into the database file";
    conn.busy_timeout(Duration::ZERO).map_err(sqlite_error(action, shown))?;
    let done = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get::<_, i64>(0)).map(|busy| busy == 0);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite_error(action, shown))?;
    done.map_err(sqlite_error(action, shown))
}

/// Brings the schema to `SCHEMA_VERSION`, one step at a time, inside one
/// IMMEDIATE transaction so two processes opening a new file at once cannot both
/// run the same step.
fn migrate(conn: &mut Connection, shown: &str) -> Result<(), StoreError> {
    // Most opens find the schema current; they need no write lock.
    if schema_version(conn, shown)? == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite_error("start the schema upgrade", shown))?;
    // Read again under the lock: another process may have upgraded meanwhile.
    let version = schema_version(&tx, shown)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { path: shown.to_owned(), found: version, supported: SCHEMA_VERSION });
    }
    for step in &MIGRATIONS[version as usize..] {
        tx.execute_batch(step).map_err(sqlite_error("upgrade the schema", shown))?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(sqlite_error("record the schema version", shown))?;
    tx.commit().map_err(sqlite_error("commit the schema upgrade", shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_the_current_schema_version() {
        let conn = open_connection(None).expect("in-memory database opens");
        let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        conn.prepare("SELECT key, translation, created_at FROM translation_cache").expect("cache table exists");
    }

    #[test]
    fn a_version_zero_file_with_no_tables_is_upgraded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("old.sqlite3");
        Connection::open(&path).expect("plain sqlite").execute_batch("CREATE TABLE unrelated (x);").expect("table");
        let conn = open_connection(Some(&path)).expect("old file opens");
        let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).expect("mode");
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_version_three_library_keeps_its_translations_and_learns_engines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v3.sqlite3");
        {
            let old = Connection::open(&path).expect("plain sqlite");
            for step in &MIGRATIONS[..3] {
                old.execute_batch(step).expect("an old step");
            }
            old.pragma_update(None, "user_version", 3).expect("version");
            old.execute(
                "INSERT INTO library_translation (doc_id, target, block_id, translation) VALUES ('d', 'en', 'b1', 'Hello')",
                [],
            )
            .expect("an old row");
        }
        let conn = open_connection(Some(&path)).expect("the old file opens");
        let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        let (text, engine): (String, Option<String>) = conn
            .query_row("SELECT translation, engine FROM library_translation WHERE block_id = 'b1'", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .expect("the old row is still there");
        assert_eq!((text.as_str(), engine), ("Hello", None));
    }

    #[test]
    fn a_file_from_a_newer_version_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("future.sqlite3");
        Connection::open(&path).expect("plain sqlite").pragma_update(None, "user_version", 99).expect("version");
        let err = open_connection(Some(&path)).expect_err("newer schema is refused");
        assert_eq!(
            err,
            StoreError::NewerSchema { path: path.display().to_string(), found: 99, supported: SCHEMA_VERSION }
        );
        let conn = Connection::open(&path).expect("reopen");
        let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).expect("mode");
        assert_eq!(mode, "delete", "not even the journal mode was changed");
        let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).expect("version");
        assert_eq!(version, 99);
        assert!(conn.prepare("SELECT 1 FROM translation_cache").is_err(), "no table was created");
    }
}
