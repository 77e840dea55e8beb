//! Glossary commands: the user's glossary (with the starter list's switch),
//! a document's own terms, CSV/TSV import and export, and the check of an
//! edited cell. The rules are the core's (`duizhao_core::glossary`, and
//! `job::glossary_terms`/`check_terms` for which terms a row must honour);
//! these commands only load, save and pick the open document.

use std::path::PathBuf;
use std::sync::Arc;

use duizhao_core::error::ErrorKind;
use duizhao_core::glossary::{self, GlobalGlossary, Glossary, GlossaryError, MissingTerm, TableFormat, Term};
use duizhao_core::job::{self, Reconvert};
use duizhao_core::settings::Settings;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::error::{capitalise, AppError, Result};
use crate::state::AppState;

fn config_dir() -> PathBuf {
    duizhao_core::paths::default_config_dir()
}

fn glossary_error(error: GlossaryError) -> AppError {
    AppError::new(error.kind(), capitalise(&error.to_string()))
}

/// The user's glossary as Settings shows it.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GlossaryView {
    /// The user's own terms.
    terms: Vec<Term>,
    /// Whether the starter list is used (English targets only).
    starter: bool,
    /// The starter list, for showing (read-only).
    starter_terms: Vec<Term>,
}

fn view(global: GlobalGlossary) -> GlossaryView {
    GlossaryView { terms: global.terms, starter: global.starter, starter_terms: glossary::starter() }
}

#[tauri::command]
pub fn get_glossary() -> Result<GlossaryView> {
    GlobalGlossary::load(&config_dir()).map(view).map_err(glossary_error)
}

/// Saves the user's terms (validated: a row without a source or a rendering is
/// refused, naming the row; duplicates merged) and the starter switch.
#[tauri::command]
pub fn save_glossary(terms: Vec<Term>, starter: bool) -> Result<GlossaryView> {
    GlobalGlossary { starter, terms }.save(&config_dir()).map(view).map_err(glossary_error)
}

/// Reads a CSV or TSV file into terms (not saved: the UI merges and saves).
/// A bad row is an error naming its line, and nothing is imported.
#[tauri::command]
pub async fn import_glossary(path: String) -> Result<Vec<Term>> {
    let terms = tauri::async_runtime::spawn_blocking(move || glossary::import_file(std::path::Path::new(&path)))
        .await
        .map_err(|e| AppError::new(ErrorKind::Internal, e.to_string()))?
        .map_err(glossary_error)?;
    glossary::validate(terms).map_err(glossary_error)
}

/// Writes the user's terms to `path` as CSV or TSV (UTF-8, a header row).
#[tauri::command]
pub fn export_glossary(path: String, format: TableFormat) -> Result<()> {
    let global = GlobalGlossary::load(&config_dir()).map_err(glossary_error)?;
    let table = glossary::write_table(&global.terms, format);
    duizhao_core::fs::write_atomically(std::path::Path::new(&path), table.as_bytes())
        .map_err(|e| AppError::new(ErrorKind::Export, format!("Cannot write {path}: {e}")))
}

/// The open document's library entry, or an error saying why it has none.
fn open_entry(state: &AppState) -> Result<String> {
    state.current()?.library_id.ok_or_else(|| {
        AppError::new(ErrorKind::Store, "This document is not in the library, so it cannot keep terms of its own")
    })
}

/// The open document's own terms (empty when it has none).
#[tauri::command]
pub fn get_document_glossary(state: State<'_, AppState>) -> Result<Vec<Term>> {
    let Ok(id) = open_entry(&state) else {
        // The sample, or a library that could not be opened: no terms of its own.
        state.current()?;
        return Ok(Vec::new());
    };
    Ok(state.library()?.glossary(&id)?.map(|g| g.terms).unwrap_or_default())
}

/// Replaces the open document's own terms (validated as the global ones are).
#[tauri::command]
pub fn save_document_glossary(state: State<'_, AppState>, terms: Vec<Term>) -> Result<Vec<Term>> {
    let id = open_entry(&state)?;
    let terms = glossary::validate(terms).map_err(glossary_error)?;
    let (stored, found) = state.library()?.set_glossary(&id, &Glossary { terms })?;
    if !found {
        return Err(AppError::new(ErrorKind::Store, "This document is no longer in the library"));
    }
    Ok(stored.terms)
}

/// The terms a job on the open document would use into the settings' target
/// language: the document's own, the user's, the starter list (English only).
pub fn job_terms(state: &AppState, settings: &Settings) -> Result<Vec<Term>> {
    let global = GlobalGlossary::load(&config_dir()).map_err(glossary_error)?;
    let document = match state.current()?.library_id {
        Some(id) => state.library().ok().and_then(|library| library.glossary(&id).ok().flatten()).unwrap_or_default(),
        None => Glossary::default(),
    };
    Ok(job::glossary_terms(&global, &document.terms, &settings.target_language))
}

/// OpenCC through the app's converter (for term variants and the script guard).
pub fn reconvert(app: &AppHandle) -> Reconvert {
    let handle = app.clone();
    Arc::new(move |config, text| handle.state::<AppState>().converter().ok()?.convert(config, text).ok())
}

/// The terms that apply to block `block_id` of the open document whose
/// rendering `text` (an edited translation) lacks.
#[tauri::command]
pub fn check_terms(
    app: AppHandle,
    state: State<'_, AppState>,
    block_id: String,
    text: String,
) -> Result<Vec<MissingTerm>> {
    let settings = Settings::load(&config_dir())?;
    let terms = job_terms(&state, &settings)?;
    let article = state.current()?.article;
    Ok(job::check_terms(&article, &terms, &reconvert(&app), &block_id, &text))
}
