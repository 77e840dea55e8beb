//! Copying a selection in a chosen format and exporting the whole document to a
//! file. Both render through `duizhao_core::export`, so the clipboard, the file
//! and `duizhao export` agree; this module only adds today's date, who translated
//! (from the profile the translations came from), the clipboard and the dialog.

use duizhao_core::export::{export_compared, render_compared, Compare, CopyFormat, FileFormat, Provenance};
use duizhao_core::settings::Settings;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, Result};
use crate::state::{AppState, Current, TranslatedBy};
use duizhao_core::article::Article;
use duizhao_core::error::ErrorKind;
use duizhao_core::translate::ProviderKind;
use std::collections::HashMap;

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// Who made the open document's translations, as far as the settings still say.
/// A profile deleted since is named by its name alone.
/// For the `web` chain, the engines that translated the `blocks` (all of them
/// when `None`) are named.
/// The credit says "and edited" when the reader edited any of the `blocks`.
fn provenance(current: &Current, blocks: Option<&[String]>) -> Provenance {
    let settings = Settings::load(&duizhao_core::paths::default_config_dir()).unwrap_or_default();
    let edited = match blocks {
        Some(ids) => ids.iter().any(|id| current.shaped.machine.contains_key(id)),
        None => !current.shaped.machine.is_empty(),
    };
    Provenance {
        edited,
        ..made_by(&settings, current.translated_by.as_ref(), &current.engines, &current.article, blocks)
    }
}

/// Who made a column's translations (`by`, the `engines` per row), as far as the settings still say.
fn made_by(
    settings: &Settings,
    by: Option<&TranslatedBy>,
    engines: &HashMap<String, ProviderKind>,
    article: &Article,
    blocks: Option<&[String]>,
) -> Provenance {
    let date = today();
    let quote_original = settings.reader.citation_with_original;
    let Some(by) = by else { return Provenance { date, quote_original, ..Provenance::default() } };
    let engines: Vec<_> = match blocks {
        Some(ids) => ids.iter().filter_map(|id| engines.get(id).copied()).collect(),
        None => article.blocks.iter().filter_map(|b| engines.get(&b.id).copied()).collect(),
    };
    match settings.profiles.iter().find(|p| p.name == by.profile) {
        Some(profile) => Provenance { quote_original, ..profile.provenance(&by.target, &date).with_engines(&engines) },
        None => Provenance {
            provider: Some(by.profile.clone()),
            target_language: Some(by.target.clone()),
            date,
            quote_original,
            ..Provenance::default()
        },
    }
}

/// The comparison column's provenance, when one is open.
fn compare_provenance(current: &Current, blocks: Option<&[String]>) -> Option<Provenance> {
    let by = current.shaped.compare_by.as_ref()?;
    let settings = Settings::load(&duizhao_core::paths::default_config_dir()).unwrap_or_default();
    Some(made_by(&settings, Some(by), &current.shaped.compare_engines, &current.article, blocks))
}

/// Puts the chosen blocks in `format` on the clipboard and returns the text.
#[tauri::command]
pub async fn copy_as(
    app: AppHandle,
    state: State<'_, AppState>,
    block_ids: Vec<String>,
    format: CopyFormat,
) -> Result<String> {
    let current = state.current()?;
    let compared = compare_provenance(&current, Some(&block_ids));
    let compare = compared.as_ref().map(|provenance| Compare { translations: &current.shaped.compare, provenance });
    let text = render_compared(
        &current.article,
        &current.translations,
        compare,
        Some(&block_ids),
        format,
        &provenance(&current, Some(&block_ids)),
    );
    if text.is_empty() {
        return Err(AppError::new(ErrorKind::NothingToCopy, "Nothing to copy: no row is selected"));
    }
    app.clipboard()
        .write_text(text.clone())
        .map_err(|e| AppError::new(ErrorKind::Clipboard, format!("Cannot write to the clipboard: {e}")))?;
    Ok(text)
}

/// Asks where to save, then writes the whole document in `format` as a `file`
/// document. Returns the path written, or `None` if the user cancelled.
#[tauri::command]
pub async fn export_document(
    app: AppHandle,
    state: State<'_, AppState>,
    format: CopyFormat,
    file: FileFormat,
) -> Result<Option<String>> {
    let current = state.current()?;
    let stem = file_stem(&current.article.title);
    let picked = app
        .dialog()
        .file()
        .set_title("Export the document")
        .set_file_name(format!("{stem}.{}", file.extension()))
        .add_filter(file_label(file), &[file.extension()])
        .blocking_save_file();
    let Some(picked) = picked else { return Ok(None) };
    let path = picked.into_path().map_err(|e| AppError::new(ErrorKind::Export, format!("Cannot save there: {e}")))?;
    let compared = compare_provenance(&current, None);
    let compare = compared.as_ref().map(|provenance| Compare { translations: &current.shaped.compare, provenance });
    let text =
        export_compared(&current.article, &current.translations, compare, format, file, &provenance(&current, None));
    duizhao_core::fs::write_atomically(&path, text.as_bytes())
        .map_err(|e| AppError::new(ErrorKind::Export, format!("Cannot write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// A file name stem from a title: characters file systems refuse replaced, and at
/// most 150 bytes (file names may be 255 bytes; CJK takes 3 bytes a character).
fn file_stem(title: &str) -> String {
    let mut stem = String::new();
    for c in title.trim().chars() {
        let c = if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c };
        if stem.len() + c.len_utf8() > 150 {
            break;
        }
        stem.push(c);
    }
    let stem = stem.trim().trim_start_matches('.').to_owned();
    if stem.is_empty() {
        "duizhao-export".to_owned()
    } else {
        stem
    }
}

fn file_label(file: FileFormat) -> &'static str {
    match file {
        FileFormat::Markdown => "Markdown",
        FileFormat::Text => "Plain text",
        FileFormat::Html => "Web page (HTML)",
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn a_long_cjk_title_makes_a_file_name_within_the_limit() {
        let stem = file_stem(&"臺灣軟體業的新挑戰".repeat(20));
        assert!(stem.len() <= 150 && stem.len() > 140, "{} bytes", stem.len());
        assert!(stem.chars().all(|c| "臺灣軟體業的新挑戰".contains(c)));
    }

    #[test]
    fn refused_characters_are_replaced_and_an_empty_title_gets_a_name() {
        assert_eq!(file_stem("a/b: c?"), "a_b_ c_");
        assert_eq!(file_stem("  .. "), "duizhao-export");
    }
}
