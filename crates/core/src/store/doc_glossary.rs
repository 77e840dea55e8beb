//! A document's own glossary, stored with its library entry (`library.glossary`,
//! schema 6): the terms as JSON, NULL when it has none. Removing the entry
//! removes them with it.

use rusqlite::{params, OptionalExtension};

use super::{sqlite_error, Library, StoreError};
use crate::glossary::{validate, Glossary};

impl Library {
    /// The entry's own terms; `None` when the entry has none (or does not exist).
    pub fn glossary(&self, id: &str) -> Result<Option<Glossary>, StoreError> {
        let action = "read the document's glossary";
        let conn = self.conn();
        let json: Option<Option<String>> = conn
            .prepare_cached("SELECT glossary FROM library WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |row| row.get(0)).optional())
            .map_err(sqlite_error(action, &self.shown))?;
        let Some(json) = json.flatten() else { return Ok(None) };
        serde_json::from_str(&json).map(Some).map_err(|error| StoreError::Sqlite {
            action,
            path: self.shown.clone(),
            reason: format!("the stored glossary does not parse ({error})"),
        })
    }

    /// Replaces the entry's own terms (validated: a row without a source or a
    /// rendering is refused, duplicates merged); an empty list removes them.
    /// Returns what was stored. False as the second value when there is no such entry.
    pub fn set_glossary(&self, id: &str, glossary: &Glossary) -> Result<(Glossary, bool), StoreError> {
        let terms = validate(glossary.terms.clone()).map_err(|error| StoreError::Invalid(error.to_string()))?;
        let stored = Glossary { terms };
        let json = if stored.terms.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&stored).map_err(|error| StoreError::Invalid(error.to_string()))?)
        };
        let changed = self
            .conn()
            .prepare_cached("UPDATE library SET glossary = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![id, json]))
            .map_err(sqlite_error("store the document's glossary", &self.shown))?;
        Ok((stored, changed > 0))
    }
}
