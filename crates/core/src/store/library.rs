//! The library: documents the user has opened, newest first, each with the
//! document itself (blocks, meta, chapters), the conversion chosen for it, the
//! profile and target language it was last translated with, and its finished
//! translations. Reopening an entry needs neither the source (a file may have
//! moved, a page changed) nor a request to any provider.
//!
//! An entry's id is a SHA-256 over its block ids (which are themselves content
//! hashes), so opening the same article again, from any source, updates one
//! entry rather than adding another. Translations are stored per target language;
//! `load` returns those for the entry's last target. Every write is its own
//! committed statement, like the cache's. No API key is ever stored here.
//!
//! Threads: like `Cache`, one connection behind a `Mutex`; share as `Arc<Library>`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{display_path, open_connection, sqlite_error, StoreError};
use crate::document::{Block, Chapter, Document, Format, Meta};

/// How many entries `list` returns at most.
pub const MAX_LIST: usize = 500;

/// One row of the library, as the library screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LibraryEntry {
    pub id: String,
    pub title: String,
    /// Where it was opened from: a path, a URL, "clipboard", "sample".
    pub source: String,
    pub url: Option<String>,
    pub format: Format,
    /// The OpenCC configuration chosen by the user; `None` means automatic.
    pub config: Option<String>,
    /// The profile and target language of the last translation, if any.
    pub profile: Option<String>,
    pub target: Option<String>,
    /// Unix time in milliseconds.
    pub opened_at: i64,
    pub added_at: i64,
    pub blocks: u32,
    /// Finished translations for `target`.
    pub translated: u32,
}

/// An entry with everything needed to show it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedEntry {
    pub entry: LibraryEntry,
    pub document: Document,
    /// Finished translations for `entry.target`, by block id.
    pub translations: HashMap<String, String>,
    /// Which provider made each of them, where recorded (`ProviderKind::name`:
    /// "edge", "google-web", "deepl"…), by block id.
    pub engines: HashMap<String, String>,
}

/// The document as stored (JSON). `Document::encoding` is a `&'static str`,
/// hence this owned mirror.
#[derive(Serialize, Deserialize)]
struct StoredDocument {
    title: String,
    source: String,
    encoding: String,
    bom: bool,
    #[serde(default)]
    declared_encoding: Option<String>,
    format: Format,
    #[serde(default)]
    meta: Meta,
    #[serde(default)]
    chapters: Vec<Chapter>,
    blocks: Vec<Block>,
}

/// The names `Document::encoding` can take, so a stored one maps back to the
/// same `&'static str`.
fn static_encoding(name: &str) -> &'static str {
    const KNOWN: &[&str] = &["UTF-8", "UTF-16LE", "UTF-16BE", "Big5", "GB18030", "GBK"];
    if let Some(known) = KNOWN.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        return known;
    }
    encoding_rs::Encoding::for_label(name.as_bytes()).map_or("UTF-8", |e| e.name())
}

/// The library id of a document: the same article gets the same id whatever it
/// was opened from.
pub fn document_id(document: &Document) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"duizhao-library-v1\0");
    for block in &document.blocks {
        hasher.update(block.id.as_bytes());
        hasher.update(b"\0");
    }
    let digest = hasher.finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// `%` and `_` are LIKE wildcards; a search for them means the characters.
fn like_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in query.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

pub struct Library {
    conn: Mutex<Connection>,
    pub(super) shown: String,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("path", &self.shown).finish_non_exhaustive()
    }
}

const ENTRY_COLUMNS: &str =
    "l.id, COALESCE(l.custom_title, l.title), l.source, l.url, l.format, l.config, l.profile, l.target, l.opened_at, \
     l.added_at, l.blocks, (SELECT COUNT(*) FROM library_translation t WHERE t.doc_id = l.id AND t.target = l.target)";

fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<LibraryEntry> {
    let format: String = row.get(4)?;
    Ok(LibraryEntry {
        id: row.get(0)?,
        title: row.get(1)?,
        source: row.get(2)?,
        url: row.get(3)?,
        // Written by `Format::as_str`; a value from a newer version reads as text.
        format: Format::deserialize(serde_json::Value::String(format)).unwrap_or(Format::Text),
        config: row.get(5)?,
        profile: row.get(6)?,
        target: row.get(7)?,
        opened_at: row.get(8)?,
        added_at: row.get(9)?,
        blocks: row.get(10)?,
        translated: row.get(11)?,
    })
}

impl Library {
    /// Opens the library in the database at `path` (the same file as the cache),
    /// creating the file, its folder and the schema as needed.
    pub fn open(path: &Path) -> Result<Library, StoreError> {
        let conn = open_connection(Some(path))?;
        Ok(Library { conn: Mutex::new(conn), shown: display_path(Some(path)) })
    }

    pub fn open_default() -> Result<Library, StoreError> {
        Library::open(&super::default_database_path())
    }

    pub fn open_in_memory() -> Result<Library, StoreError> {
        let conn = open_connection(None)?;
        Ok(Library { conn: Mutex::new(conn), shown: display_path(None) })
    }

    pub(super) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes the WAL into the database file and empties it (`store::checkpoint`):
    /// `Ok(false)` when another connection kept part of it in use.
    pub fn checkpoint(&self) -> Result<bool, StoreError> {
        super::checkpoint(&self.conn(), &self.shown)
    }

    /// Adds the document, or marks an existing entry as opened now (keeping its
    /// translations), and records the configuration chosen (`None`: automatic).
    /// `search_text` is extra text the title search should match (the title's
    /// Simplified conversion, say). Returns the entry's id.
    pub fn remember(&self, document: &Document, config: Option<&str>, search_text: &str) -> Result<String, StoreError> {
        let id = document_id(document);
        let stored = StoredDocument {
            title: document.title.clone(),
            source: document.source.clone(),
            encoding: document.encoding.to_owned(),
            bom: document.bom,
            declared_encoding: document.declared_encoding.map(str::to_owned),
            format: document.format,
            meta: document.meta.clone(),
            chapters: document.chapters.clone(),
            blocks: document.blocks.clone(),
        };
        let json = serde_json::to_string(&stored).expect("documents are plain data and always serialize");
        let now = now_ms();
        let action = "remember the document";
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO library (id, title, source, url, format, config, search, opened_at, added_at, blocks, document)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, source = excluded.source, url = excluded.url,
                 format = excluded.format, config = excluded.config, search = excluded.search,
                 opened_at = excluded.opened_at, document = excluded.document",
        )
        .and_then(|mut s| {
            s.execute(params![
                id,
                document.title,
                document.source,
                document.meta.url,
                document.format.as_str(),
                config,
                format!("{}\n{}", document.title, search_text),
                now,
                document.blocks.len() as i64,
                json,
            ])
        })
        .map_err(sqlite_error(action, &self.shown))?;
        Ok(id)
    }

    /// The longest title an entry may be given.
    pub const MAX_TITLE_CHARS: usize = 200;

    /// Gives an entry the user's own title, kept when the document is opened
    /// again and found by the title search; an empty `title` goes back to the
    /// document's own. False if there is no such entry.
    pub fn rename(&self, id: &str, title: &str) -> Result<bool, StoreError> {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.chars().count() > Self::MAX_TITLE_CHARS {
            return Err(StoreError::Invalid(format!(
                "a title may have at most {} characters, not {}",
                Self::MAX_TITLE_CHARS,
                title.chars().count()
            )));
        }
        let custom = (!title.is_empty()).then_some(title);
        let changed = self
            .conn()
            .prepare_cached("UPDATE library SET custom_title = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![id, custom]))
            .map_err(sqlite_error("rename the library entry", &self.shown))?;
        Ok(changed > 0)
    }

    /// Records the configuration the user chose for an entry (`None`: automatic).
    pub fn set_config(&self, id: &str, config: Option<&str>) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE library SET config = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![id, config]))
            .map_err(sqlite_error("record the conversion", &self.shown))?;
        Ok(())
    }

    /// Records the profile and target of a translation starting on an entry.
    pub fn set_translation_target(&self, id: &str, profile: &str, target: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE library SET profile = ?2, target = ?3 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![id, profile, target]))
            .map_err(sqlite_error("record the translation settings", &self.shown))?;
        Ok(())
    }

    /// Stores one finished translation of an entry's block, with the provider
    /// that made it (`engine`, a `ProviderKind::name`) when known; it replaces a
    /// user's edit of the row (see `revisions`). Does nothing if the entry has
    /// been removed meanwhile.
    pub fn put_translation(
        &self,
        id: &str,
        target: &str,
        block_id: &str,
        text: &str,
        engine: Option<&str>,
    ) -> Result<(), StoreError> {
        self.put_translations(id, target, &[(block_id, text, engine)])
    }

    /// `put_translation` for many rows (block id, text, engine) in one transaction: one
    /// write to disk, where a row at a time was one each (a 1 MB article's 862 images,
    /// answered as they are when a job starts, held its first request for ~270 ms here).
    pub fn put_translations(
        &self,
        id: &str,
        target: &str,
        rows: &[(&str, &str, Option<&str>)],
    ) -> Result<(), StoreError> {
        self.put_rows(
            "INSERT INTO library_translation (doc_id, target, block_id, translation, engine)
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM library WHERE id = ?1)
             ON CONFLICT (doc_id, target, block_id)
             DO UPDATE SET translation = excluded.translation, engine = excluded.engine, machine = NULL",
            "store a translation in the library",
            id,
            target,
            rows,
        )
    }

    /// Runs `sql` (parameters: entry id, target, block id, text, engine) once per row, all
    /// in one transaction.
    pub(super) fn put_rows(
        &self,
        sql: &str,
        action: &'static str,
        id: &str,
        target: &str,
        rows: &[(&str, &str, Option<&str>)],
    ) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(sqlite_error(action, &self.shown))?;
        {
            let mut statement = tx.prepare_cached(sql).map_err(sqlite_error(action, &self.shown))?;
            for (block_id, text, engine) in rows {
                statement
                    .execute(params![id, target, block_id, text, engine])
                    .map_err(sqlite_error(action, &self.shown))?;
            }
        }
        tx.commit().map_err(sqlite_error(action, &self.shown))?;
        Ok(())
    }

    /// Entries whose title (or search text) contains `query`, newest first; all
    /// of them (up to `MAX_LIST`) for an empty query. ASCII letters match
    /// regardless of case.
    pub fn list(&self, query: &str) -> Result<Vec<LibraryEntry>, StoreError> {
        let action = "list the library";
        let conn = self.conn();
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM library l WHERE (COALESCE(l.custom_title, '') || char(10) || l.search) LIKE ?1 ESCAPE '\\'
             ORDER BY l.opened_at DESC, l.rowid DESC LIMIT {MAX_LIST}"
        );
        let mut statement = conn.prepare_cached(&sql).map_err(sqlite_error(action, &self.shown))?;
        let rows =
            statement.query_map([like_pattern(query)], entry_from_row).map_err(sqlite_error(action, &self.shown))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sqlite_error(action, &self.shown))
    }

    /// The entry with its document and its translations for the last target, and
    /// marks it as opened now. `None` if there is no such entry. A stored document
    /// that no longer parses is reported, not shown half.
    pub fn load(&self, id: &str) -> Result<Option<LoadedEntry>, StoreError> {
        let action = "open a library entry";
        let conn = self.conn();
        conn.prepare_cached("UPDATE library SET opened_at = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![id, now_ms()]))
            .map_err(sqlite_error(action, &self.shown))?;
        let sql = format!("SELECT {ENTRY_COLUMNS}, l.document FROM library l WHERE l.id = ?1");
        let found = conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row([id], |row| Ok((entry_from_row(row)?, row.get::<_, String>(12)?))).optional())
            .map_err(sqlite_error(action, &self.shown))?;
        let Some((entry, json)) = found else { return Ok(None) };
        let stored: StoredDocument = serde_json::from_str(&json).map_err(|err| StoreError::Sqlite {
            action,
            path: self.shown.clone(),
            reason: format!("the stored document is damaged ({err}); remove it from the library and open it again"),
        })?;
        let document = Document {
            // The user's title for the entry, when they gave one.
            title: entry.title.clone(),
            source: stored.source,
            encoding: static_encoding(&stored.encoding),
            bom: stored.bom,
            declared_encoding: stored.declared_encoding.as_deref().map(static_encoding),
            format: stored.format,
            meta: stored.meta,
            chapters: stored.chapters,
            blocks: stored.blocks,
        };
        let mut translations = HashMap::new();
        let mut engines = HashMap::new();
        if let Some(target) = &entry.target {
            let mut statement = conn
                .prepare_cached(
                    "SELECT block_id, translation, engine FROM library_translation WHERE doc_id = ?1 AND target = ?2",
                )
                .map_err(sqlite_error(action, &self.shown))?;
            let rows = statement
                .query_map(params![id, target], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?))
                })
                .map_err(sqlite_error(action, &self.shown))?;
            for row in rows {
                let (block, text, engine) = row.map_err(sqlite_error(action, &self.shown))?;
                if let Some(engine) = engine.filter(|e| !e.is_empty()) {
                    engines.insert(block.clone(), engine);
                }
                translations.insert(block, text);
            }
        }
        Ok(Some(LoadedEntry { entry, document, translations, engines }))
    }

    /// Removes an entry and its translations; true if there was one.
    pub fn remove(&self, id: &str) -> Result<bool, StoreError> {
        let action = "remove a library entry";
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(sqlite_error(action, &self.shown))?;
        tx.execute("DELETE FROM library_translation WHERE doc_id = ?1", [id])
            .map_err(sqlite_error(action, &self.shown))?;
        tx.execute("DELETE FROM library_compare WHERE doc_id = ?1", [id]).map_err(sqlite_error(action, &self.shown))?;
        let removed =
            tx.execute("DELETE FROM library WHERE id = ?1", [id]).map_err(sqlite_error(action, &self.shown))?;
        tx.commit().map_err(sqlite_error(action, &self.shown))?;
        Ok(removed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::import_text;

    fn doc(text: &str) -> Document {
        import_text(text, "clipboard").unwrap()
    }

    #[test]
    fn a_checkpoint_leaves_the_database_file_complete_on_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duizhao.sqlite3");
        let library = Library::open(&path).unwrap();
        let cache = crate::store::Cache::open(&path).unwrap();
        let id = library.remember(&doc("標題\n第一段。"), None, "标题").unwrap();
        let wal = dir.path().join("duizhao.sqlite3-wal");
        assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the entry is in the WAL first");
        // The cache's connection, open and idle, does not hold the checkpoint back.
        assert!(library.checkpoint().unwrap());
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
        // The database file alone, copied without its WAL, has the entry.
        let copy = dir.path().join("copy.sqlite3");
        std::fs::copy(&path, &copy).unwrap();
        assert_eq!(Library::open(&copy).unwrap().load(&id).unwrap().unwrap().document.title, "標題");
        // Both connections go on working after it; the cache can checkpoint the same file.
        library.remember(&doc("第二篇\n內容。"), None, "").unwrap();
        assert!(cache.checkpoint().unwrap());
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
        assert_eq!(library.list("").unwrap().len(), 2);
    }

    #[test]
    fn a_checkpoint_that_a_reader_holds_back_says_so_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duizhao.sqlite3");
        let library = Library::open(&path).unwrap();
        library.remember(&doc("標題\n第一段。"), None, "").unwrap();
        // Another process's read transaction, begun before the next write: its snapshot
        // keeps the WAL's frames from being written over.
        let reader = rusqlite::Connection::open(&path).unwrap();
        reader.execute_batch("BEGIN; SELECT count(*) FROM library;").unwrap();
        library.remember(&doc("第二篇\n內容。"), None, "").unwrap();
        assert!(!library.checkpoint().unwrap());
        reader.execute_batch("COMMIT;").unwrap();
        assert_eq!(library.list("").unwrap().len(), 2);
        // Once the reader is done, the next checkpoint writes it all.
        assert!(library.checkpoint().unwrap());
        assert_eq!(std::fs::metadata(dir.path().join("duizhao.sqlite3-wal")).unwrap().len(), 0);
    }

    #[test]
    fn many_translations_are_stored_in_one_write() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(&dir.path().join("duizhao.sqlite3")).unwrap();
        let text: String = (0..300).map(|i| format!("第{i}段。\n")).collect();
        let d = doc(&format!("標題\n{text}"));
        let id = library.remember(&d, None, "").unwrap();
        library.set_translation_target(&id, "Edge", "en").unwrap();
        library.put_translation(&id, "en", &d.blocks[1].id, "An earlier one.", None).unwrap();
        assert!(library.checkpoint().unwrap());
        let rows: Vec<(String, String)> =
            d.blocks[1..].iter().enumerate().map(|(i, b)| (b.id.clone(), format!("Paragraph {i}."))).collect();
        let rows: Vec<(&str, &str, Option<&str>)> =
            rows.iter().map(|(block, text)| (block.as_str(), text.as_str(), Some("edge"))).collect();
        library.put_translations(&id, "en", &rows).unwrap();
        let loaded = library.load(&id).unwrap().unwrap();
        assert_eq!(loaded.translations.len(), 300);
        assert_eq!(loaded.translations[&d.blocks[1].id], "Paragraph 0.", "a held row is replaced");
        assert_eq!(loaded.engines.len(), 300);
        // One transaction: the WAL holds the few pages it changed once. A commit per row
        // wrote at least a frame (a page, 4 KiB) per row: 300 and more.
        let wal = std::fs::metadata(dir.path().join("duizhao.sqlite3-wal")).unwrap().len();
        let frames = wal.saturating_sub(32) / (4096 + 24);
        assert!(frames < 60, "{frames} WAL frames for 300 rows");
        // Rows for an entry that is gone are not stored.
        assert!(library.remove(&id).unwrap());
        library.put_translations(&id, "en", &rows).unwrap();
        let orphans: i64 = library
            .conn()
            .query_row("SELECT COUNT(*) FROM library_translation WHERE doc_id = ?1", [&id], |row| row.get(0))
            .unwrap();
        assert_eq!(orphans, 0);
    }

    #[test]
    fn a_renamed_entry_keeps_its_title_through_a_reopen_and_is_found_by_it() {
        let library = Library::open_in_memory().unwrap();
        let d = doc("標題\n第一段。");
        let id = library.remember(&d, None, "标题").unwrap();
        assert!(library.rename(&id, "  My   notes  ").unwrap());
        assert_eq!(library.list("").unwrap()[0].title, "My notes");
        assert_eq!(library.list("notes").unwrap().len(), 1);
        // The document's own title is still found too.
        assert_eq!(library.list("标题").unwrap().len(), 1);
        // Opening the same document again does not undo the user's title.
        library.remember(&d, None, "标题").unwrap();
        assert_eq!(library.load(&id).unwrap().unwrap().document.title, "My notes");
        // An empty title goes back to the document's own.
        assert!(library.rename(&id, " ").unwrap());
        assert_eq!(library.list("").unwrap()[0].title, "標題");
        assert!(library.list("notes").unwrap().is_empty());
        assert!(matches!(library.rename(&id, &"長".repeat(201)), Err(StoreError::Invalid(_))));
        assert!(!library.rename("no such entry", "x").unwrap());
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern(" 50%_off "), "%50\\%\\_off%");
        assert_eq!(like_pattern(""), "%%");
    }

    #[test]
    fn the_same_article_is_one_entry_and_keeps_its_translations() {
        let library = Library::open_in_memory().unwrap();
        let d = doc("標題\n第一段。\n第二段。");
        let id = library.remember(&d, None, "标题").unwrap();
        library.set_translation_target(&id, "DeepL", "en").unwrap();
        library.put_translation(&id, "en", &d.blocks[1].id, "Paragraph one.", Some("edge")).unwrap();
        library.put_translation(&id, "en", &d.blocks[2].id, "Paragraph two.", None).unwrap();
        library.put_translation(&id, "ja", &d.blocks[1].id, "第一段落。", Some("deepl")).unwrap();
        let again = library.remember(&d, Some("t2s"), "标题").unwrap();
        assert_eq!(id, again);
        let list = library.list("").unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].translated, 2);
        assert_eq!(list[0].config.as_deref(), Some("t2s"));
        let loaded = library.load(&id).unwrap().unwrap();
        assert_eq!(loaded.document, d);
        assert_eq!(
            loaded.translations,
            HashMap::from([
                (d.blocks[1].id.clone(), "Paragraph one.".to_owned()),
                (d.blocks[2].id.clone(), "Paragraph two.".to_owned())
            ])
        );
        // Who made each one comes back with it, for the rows' provenance after a reopen.
        assert_eq!(loaded.engines, HashMap::from([(d.blocks[1].id.clone(), "edge".to_owned())]));
        assert_eq!(loaded.entry.profile.as_deref(), Some("DeepL"));
    }

    #[test]
    fn search_matches_title_or_search_text_and_remove_forgets() {
        let library = Library::open_in_memory().unwrap();
        let a = library.remember(&doc("臺灣軟體產業\n內文一。"), None, "台湾软件产业").unwrap();
        let b = library.remember(&doc("# Hong Kong Notes\n\n- 內文二。"), None, "").unwrap();
        assert_eq!(library.list("hong").unwrap()[0].format, Format::Markdown);
        assert_eq!(library.list("軟體").unwrap().iter().map(|e| &e.id).collect::<Vec<_>>(), vec![&a]);
        assert_eq!(library.list("软件").unwrap().iter().map(|e| &e.id).collect::<Vec<_>>(), vec![&a]);
        assert_eq!(library.list("hong").unwrap().iter().map(|e| &e.id).collect::<Vec<_>>(), vec![&b]);
        assert!(library.list("%").unwrap().is_empty());
        assert!(library.remove(&a).unwrap());
        assert!(!library.remove(&a).unwrap());
        assert!(library.load(&a).unwrap().is_none());
        library.put_translation(&a, "en", "x", "orphan", None).unwrap();
        let orphans: i64 = library
            .conn()
            .query_row("SELECT COUNT(*) FROM library_translation WHERE doc_id = ?1", [&a], |row| row.get(0))
            .unwrap();
        assert_eq!(orphans, 0, "a removed entry takes no translations");
        assert_eq!(library.list("").unwrap().len(), 1);
    }
}
