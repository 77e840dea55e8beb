//! What a reader does to an entry's translations (issue 14): rows they edited
//! and the comparison column, a second profile's translations.
//!
//! An edited row keeps the user's text in `library_translation.translation` and
//! the provider's in `machine` (empty when the row had no translation before
//! the edit), so the edit survives a reopen, the machine version can be shown
//! beside it and restored, and a later translation of the row — which only
//! happens when the user asks for it — replaces both (`put_translation` clears
//! `machine`). The comparison column is stored per target, like the main one,
//! with the profile that made it on the entry (`compare_profile`).

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};

use super::library::Library;
use super::{sqlite_error, StoreError};

/// An entry's edits and comparison column for one target language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revisions {
    /// Block id → what the provider made, for each row the user edited (empty:
    /// the row had no translation before).
    pub machine: HashMap<String, String>,
    /// Block id → the comparison column's translation.
    pub compare: HashMap<String, String>,
    /// Block id → which provider made the comparison (`ProviderKind::name`), where recorded.
    pub compare_engines: HashMap<String, String>,
    /// The profile the comparison column was made with.
    pub compare_profile: Option<String>,
}

impl Library {
    /// Stores the user's text for a row. The first edit keeps what the provider
    /// made as the row's machine version; later edits keep that one. Does nothing
    /// if the entry has been removed meanwhile.
    pub fn put_edit(&self, id: &str, target: &str, block_id: &str, text: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "INSERT INTO library_translation (doc_id, target, block_id, translation, engine, machine)
                 SELECT ?1, ?2, ?3, ?4, NULL, '' WHERE EXISTS (SELECT 1 FROM library WHERE id = ?1)
                 ON CONFLICT (doc_id, target, block_id)
                 DO UPDATE SET machine = COALESCE(library_translation.machine, library_translation.translation),
                               translation = excluded.translation",
            )
            .and_then(|mut s| s.execute(params![id, target, block_id, text]))
            .map_err(sqlite_error("store an edited translation", &self.shown))?;
        Ok(())
    }

    /// Undoes the edit of a row: its machine version becomes its translation
    /// again (a row that had none loses the user's text). Returns the machine
    /// version (`Some("")` for a row that had none), or `None` if the row was not edited.
    pub fn revert_edit(&self, id: &str, target: &str, block_id: &str) -> Result<Option<String>, StoreError> {
        let action = "undo an edit";
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(sqlite_error(action, &self.shown))?;
        let machine: Option<String> = tx
            .query_row(
                "SELECT machine FROM library_translation WHERE doc_id = ?1 AND target = ?2 AND block_id = ?3",
                params![id, target, block_id],
                |row| row.get::<_, Option<String>>(0),
            )
            .optional()
            .map_err(sqlite_error(action, &self.shown))?
            .flatten();
        match machine.as_deref() {
            None => {}
            Some("") => {
                tx.execute(
                    "DELETE FROM library_translation WHERE doc_id = ?1 AND target = ?2 AND block_id = ?3",
                    params![id, target, block_id],
                )
                .map_err(sqlite_error(action, &self.shown))?;
            }
            Some(text) => {
                tx.execute(
                    "UPDATE library_translation SET translation = ?4, machine = NULL
                     WHERE doc_id = ?1 AND target = ?2 AND block_id = ?3",
                    params![id, target, block_id, text],
                )
                .map_err(sqlite_error(action, &self.shown))?;
            }
        }
        tx.commit().map_err(sqlite_error(action, &self.shown))?;
        Ok(machine)
    }

    /// Starts the comparison column of an entry with `profile` into `target`:
    /// another profile's or another target's comparison rows are dropped.
    pub fn set_compare_profile(&self, id: &str, profile: Option<&str>, target: &str) -> Result<(), StoreError> {
        let action = "record the comparison profile";
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(sqlite_error(action, &self.shown))?;
        let previous: Option<String> = tx
            .query_row("SELECT compare_profile FROM library WHERE id = ?1", [id], |row| row.get(0))
            .optional()
            .map_err(sqlite_error(action, &self.shown))?
            .flatten();
        if previous.as_deref() != profile {
            tx.execute("DELETE FROM library_compare WHERE doc_id = ?1", [id])
                .map_err(sqlite_error(action, &self.shown))?;
        } else {
            tx.execute("DELETE FROM library_compare WHERE doc_id = ?1 AND target <> ?2", params![id, target])
                .map_err(sqlite_error(action, &self.shown))?;
        }
        tx.execute("UPDATE library SET compare_profile = ?2 WHERE id = ?1", params![id, profile])
            .map_err(sqlite_error(action, &self.shown))?;
        tx.commit().map_err(sqlite_error(action, &self.shown))?;
        Ok(())
    }

    /// Stores one row of the comparison column. Does nothing if the entry has been removed.
    pub fn put_compare(
        &self,
        id: &str,
        target: &str,
        block_id: &str,
        text: &str,
        engine: Option<&str>,
    ) -> Result<(), StoreError> {
        self.put_compares(id, target, &[(block_id, text, engine)])
    }

    /// `put_compare` for many rows (block id, text, engine) in one transaction.
    pub fn put_compares(&self, id: &str, target: &str, rows: &[(&str, &str, Option<&str>)]) -> Result<(), StoreError> {
        self.put_rows(
            "INSERT INTO library_compare (doc_id, target, block_id, translation, engine)
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM library WHERE id = ?1)
             ON CONFLICT (doc_id, target, block_id)
             DO UPDATE SET translation = excluded.translation, engine = excluded.engine",
            "store a comparison translation",
            id,
            target,
            rows,
        )
    }

    /// The entry's edits and comparison column for `target`.
    pub fn revisions(&self, id: &str, target: &str) -> Result<Revisions, StoreError> {
        let action = "read the edits and the comparison column";
        let conn = self.conn();
        let mut revisions = Revisions {
            compare_profile: conn
                .query_row("SELECT compare_profile FROM library WHERE id = ?1", [id], |row| row.get(0))
                .optional()
                .map_err(sqlite_error(action, &self.shown))?
                .flatten(),
            ..Revisions::default()
        };
        let mut statement = conn
            .prepare_cached(
                "SELECT block_id, machine FROM library_translation
                 WHERE doc_id = ?1 AND target = ?2 AND machine IS NOT NULL",
            )
            .map_err(sqlite_error(action, &self.shown))?;
        let rows = statement
            .query_map(params![id, target], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .map_err(sqlite_error(action, &self.shown))?;
        for row in rows {
            let (block, machine) = row.map_err(sqlite_error(action, &self.shown))?;
            revisions.machine.insert(block, machine);
        }
        let mut statement = conn
            .prepare_cached(
                "SELECT block_id, translation, engine FROM library_compare WHERE doc_id = ?1 AND target = ?2",
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
                revisions.compare_engines.insert(block.clone(), engine);
            }
            revisions.compare.insert(block, text);
        }
        Ok(revisions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::import_text;

    fn entry(library: &Library) -> String {
        let document = import_text("標題\n第一段。\n第二段。", "clipboard").unwrap();
        library.remember(&document, None, "标题").unwrap()
    }

    #[test]
    fn an_edit_keeps_the_machine_version_through_later_edits_and_is_undone_to_it() {
        let library = Library::open_in_memory().unwrap();
        let id = entry(&library);
        library.put_translation(&id, "en", "b1", "Machine text.", Some("deepl")).unwrap();
        library.put_edit(&id, "en", "b1", "My text.").unwrap();
        library.put_edit(&id, "en", "b1", "My better text.").unwrap();
        let loaded = library.load(&id).unwrap().unwrap();
        // `load` reads the last target; none recorded here, so read the rows directly.
        assert!(loaded.translations.is_empty());
        let revisions = library.revisions(&id, "en").unwrap();
        assert_eq!(revisions.machine.get("b1").map(String::as_str), Some("Machine text."));
        library.set_translation_target(&id, "p", "en").unwrap();
        assert_eq!(library.load(&id).unwrap().unwrap().translations["b1"], "My better text.");

        assert_eq!(library.revert_edit(&id, "en", "b1").unwrap().as_deref(), Some("Machine text."));
        assert_eq!(library.load(&id).unwrap().unwrap().translations["b1"], "Machine text.");
        assert!(library.revisions(&id, "en").unwrap().machine.is_empty());
        // Nothing left to undo.
        assert_eq!(library.revert_edit(&id, "en", "b1").unwrap(), None);
    }

    #[test]
    fn a_row_written_by_hand_is_an_edit_with_no_machine_version_and_undoing_it_empties_the_row() {
        let library = Library::open_in_memory().unwrap();
        let id = entry(&library);
        library.set_translation_target(&id, "p", "en").unwrap();
        library.put_edit(&id, "en", "b2", "Written by hand.").unwrap();
        assert_eq!(library.revisions(&id, "en").unwrap().machine["b2"], "");
        assert_eq!(library.revert_edit(&id, "en", "b2").unwrap().as_deref(), Some(""));
        assert!(!library.load(&id).unwrap().unwrap().translations.contains_key("b2"));
    }

    #[test]
    fn a_new_machine_translation_of_an_edited_row_replaces_the_edit() {
        let library = Library::open_in_memory().unwrap();
        let id = entry(&library);
        library.put_translation(&id, "en", "b1", "Old machine.", None).unwrap();
        library.put_edit(&id, "en", "b1", "Mine.").unwrap();
        library.put_translation(&id, "en", "b1", "New machine.", None).unwrap();
        assert!(library.revisions(&id, "en").unwrap().machine.is_empty());
        library.set_translation_target(&id, "p", "en").unwrap();
        assert_eq!(library.load(&id).unwrap().unwrap().translations["b1"], "New machine.");
    }

    #[test]
    fn the_comparison_column_is_kept_per_profile_and_target_and_removed_with_the_entry() {
        let library = Library::open_in_memory().unwrap();
        let id = entry(&library);
        library.set_compare_profile(&id, Some("Claude"), "en").unwrap();
        library.put_compare(&id, "en", "b1", "Compared.", Some("anthropic")).unwrap();
        let revisions = library.revisions(&id, "en").unwrap();
        assert_eq!(revisions.compare_profile.as_deref(), Some("Claude"));
        assert_eq!(revisions.compare["b1"], "Compared.");
        assert_eq!(revisions.compare_engines["b1"], "anthropic");
        // The main column is untouched by the comparison.
        library.set_translation_target(&id, "p", "en").unwrap();
        assert!(library.load(&id).unwrap().unwrap().translations.is_empty());
        // The same profile again keeps its rows; another profile starts afresh.
        library.set_compare_profile(&id, Some("Claude"), "en").unwrap();
        assert_eq!(library.revisions(&id, "en").unwrap().compare.len(), 1);
        library.set_compare_profile(&id, Some("DeepL"), "en").unwrap();
        assert!(library.revisions(&id, "en").unwrap().compare.is_empty());
        library.put_compare(&id, "en", "b1", "Again.", None).unwrap();
        assert!(library.remove(&id).unwrap());
        assert!(library.revisions(&id, "en").unwrap().compare.is_empty());
        // Rows for an entry that is gone are not written.
        library.put_compare(&id, "en", "b1", "Late.", None).unwrap();
        library.put_edit(&id, "en", "b1", "Late.").unwrap();
        assert!(library.revisions(&id, "en").unwrap().compare.is_empty());
        assert!(library.revisions(&id, "en").unwrap().machine.is_empty());
    }
}
