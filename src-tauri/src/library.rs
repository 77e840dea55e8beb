//! The library over IPC: list and search, reopen (all three columns from the
//! store, no request to any provider), remove. Documents are remembered as they
//! are opened (`remember`, called by the open commands).

use std::collections::HashMap;

use duizhao_core::article::{prepare, Article};
use duizhao_core::convert::ConfigChoice;
use duizhao_core::document::Document;
use duizhao_core::store::{LibraryEntry, Revisions};
use duizhao_core::translate::ProviderKind;
use serde::Serialize;
use tauri::State;

use crate::error::{AppError, Result};
use crate::state::{AppState, Known, Shaped, TranslatedBy};
use duizhao_core::error::ErrorKind;

/// Adds (or refreshes) the document's library entry; returns its id. A library
/// that cannot be written does not stop the document from opening: the error
/// goes to stderr and the document simply has no entry.
pub fn remember(state: &AppState, document: &Document, article: &Article) -> Option<String> {
    if looks_like_a_secret(document) {
        return None;
    }
    let library = match state.library() {
        Ok(library) => library,
        Err(err) => {
            eprintln!("duizhao: the library is unavailable: {}", err.message);
            return None;
        }
    };
    // The title's Simplified conversion, so a search typed in Simplified finds a
    // Traditional title.
    let simplified_title = match (state.converter(), article.config) {
        (Ok(converter), Some(config)) => converter.convert(config, &document.title).unwrap_or_default(),
        _ => String::new(),
    };
    let config = (!article.config_auto).then(|| article.config.map(duizhao_core::convert::Config::name)).flatten();
    match library.remember(document, config, &simplified_title) {
        Ok(id) => Some(id),
        Err(err) => {
            eprintln!("duizhao: {err}");
            None
        }
    }
}

/// A paste that is one long unbroken ASCII token is far likelier an API key or a
/// token pasted into the wrong place than an article: it is shown, never stored.
fn looks_like_a_secret(document: &Document) -> bool {
    let [block] = document.blocks.as_slice() else { return false };
    let text = block.text.trim();
    text.len() >= 16 && text.is_ascii() && !text.contains(char::is_whitespace)
}

#[tauri::command]
pub fn library_list(state: State<'_, AppState>, query: String) -> Result<Vec<LibraryEntry>> {
    Ok(state.library()?.list(&query)?)
}

/// A library entry opened again: its article and its stored translations.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Reopened {
    article: Article,
    /// Finished translations by block id, for `target`.
    translations: HashMap<String, String>,
    /// Which provider made each, where recorded (the `web` chain's engine), by block id.
    engines: HashMap<String, ProviderKind>,
    profile: Option<String>,
    target: Option<String>,
    /// Rows the user edited: block id → the machine version (empty: it had none).
    machine: HashMap<String, String>,
    /// The comparison column: block id → translation, who made each, and its profile.
    compare: HashMap<String, String>,
    compare_engines: HashMap<String, ProviderKind>,
    compare_profile: Option<String>,
}

/// Opens a library entry as it was left: its document converted with its
/// configuration and its stored translations. Sends no request anywhere.
#[tauri::command]
pub async fn library_open(state: State<'_, AppState>, id: String) -> Result<Reopened> {
    let library = state.library()?;
    let loaded = library
        .load(&id)?
        .ok_or_else(|| AppError::new(ErrorKind::NotFound, "That document is no longer in the library"))?;
    let choice = match &loaded.entry.config {
        Some(name) => ConfigChoice::parse(name)?,
        None => ConfigChoice::Auto,
    };
    let article = prepare(loaded.document.clone(), choice, state.converter()?)?;
    // Only translations of blocks the document still has.
    let ids: std::collections::HashSet<&str> = article.blocks.iter().map(|b| b.id.as_str()).collect();
    let translations: HashMap<String, String> =
        loaded.translations.into_iter().filter(|(block, _)| ids.contains(block.as_str())).collect();
    let engines: HashMap<String, ProviderKind> = loaded
        .engines
        .iter()
        .filter(|(block, _)| translations.contains_key(block.as_str()))
        .filter_map(|(block, name)| Some((block.clone(), ProviderKind::from_name(name)?)))
        .collect();
    let revisions = match &loaded.entry.target {
        Some(target) => library.revisions(&id, target)?,
        None => Revisions::default(),
    };
    let kept = |map: HashMap<String, String>| -> HashMap<String, String> {
        map.into_iter().filter(|(block, _)| ids.contains(block.as_str())).collect()
    };
    let machine = kept(revisions.machine);
    let compare = kept(revisions.compare);
    let compare_engines: HashMap<String, ProviderKind> = revisions
        .compare_engines
        .iter()
        .filter(|(block, _)| compare.contains_key(block.as_str()))
        .filter_map(|(block, name)| Some((block.clone(), ProviderKind::from_name(name)?)))
        .collect();
    let compare_profile = revisions.compare_profile.filter(|_| !compare.is_empty());
    let known = match (&loaded.entry.profile, &loaded.entry.target) {
        (Some(profile), Some(target)) => Some(Known {
            translations: translations.clone(),
            engines: engines.clone(),
            by: TranslatedBy { profile: profile.clone(), target: target.clone() },
            shaped: Shaped {
                machine: machine.clone(),
                compare: compare.clone(),
                compare_engines: compare_engines.clone(),
                compare_by: compare_profile.clone().map(|profile| TranslatedBy { profile, target: target.clone() }),
            },
        }),
        _ => None,
    };
    state.set_current(loaded.document, article.clone(), Some(id), known, false);
    Ok(Reopened {
        article,
        translations,
        engines,
        profile: loaded.entry.profile,
        target: loaded.entry.target,
        machine,
        compare,
        compare_engines,
        compare_profile,
    })
}

/// Gives an entry the user's own title (empty: the document's own again), kept
/// when it is opened again; the open document takes it at once if it is that
/// entry. Returns the entry as the list shows it now, and whether it is the open document.
#[tauri::command]
pub fn library_rename(state: State<'_, AppState>, id: String, title: String) -> Result<Renamed> {
    let library = state.library()?;
    if !library.rename(&id, &title)? {
        return Err(AppError::new(ErrorKind::NotFound, "That document is no longer in the library"));
    }
    let entry = library
        .list("")?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| AppError::new(ErrorKind::NotFound, "That document is no longer in the library"))?;
    let current = state.retitle(&id, &entry.title);
    Ok(Renamed { entry, current })
}

#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Renamed {
    entry: LibraryEntry,
    /// The open document is this entry and now carries the new title.
    current: bool,
}

/// Removes an entry (and its stored translations; the translation cache keeps
/// its copies). True if there was one.
#[tauri::command]
pub fn library_remove(state: State<'_, AppState>, id: String) -> Result<bool> {
    Ok(state.library()?.remove(&id)?)
}

#[cfg(test)]
mod tests {
    use super::looks_like_a_secret;
    use duizhao_core::document::import_text;

    #[test]
    fn a_pasted_key_is_never_stored_but_articles_and_short_notes_are() {
        let key = import_text("sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", "clipboard").unwrap();
        assert!(looks_like_a_secret(&key));
        let article = import_text("臺灣的網路新聞\n軟體更新了。", "clipboard").unwrap();
        assert!(!looks_like_a_secret(&article));
        let phrase = import_text("Hello there, this is a note", "clipboard").unwrap();
        assert!(!looks_like_a_secret(&phrase));
    }
}
