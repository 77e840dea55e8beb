//! A reader's own changes to the translations over IPC (issue 14): editing a
//! row of the translation column in place, undoing that edit, and closing the
//! comparison column. The state (`AppState`) keeps them with the open document
//! and writes them to its library entry; copies, exports and citations read them
//! from there.

use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// Makes `text` the translation of row `block_id`, as the user's edit. Returns
/// the row's machine version (empty when it had none); the machine version
/// itself as `text` undoes the edit.
#[tauri::command]
pub fn edit_translation(state: State<'_, AppState>, block_id: String, text: String) -> Result<String> {
    state.edit_translation(&block_id, &text)
}

/// Undoes the edit of row `block_id`: returns its translation as the provider
/// made it again (empty: it had none), or `None` if the row was not edited.
#[tauri::command]
pub fn revert_edit(state: State<'_, AppState>, block_id: String) -> Result<Option<String>> {
    state.revert_edit(&block_id)
}

/// Closes the comparison column: its translations are dropped from the open
/// document and its library entry.
#[tauri::command]
pub fn clear_compare(state: State<'_, AppState>) {
    state.clear_compare();
}
