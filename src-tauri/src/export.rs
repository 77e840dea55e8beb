//! Copying a selection in a chosen format and exporting the whole document to a
//! file. Both render through `duizhao_core::export`, so the clipboard, the file
//! and `duizhao export` agree; this module only adds today's date, who translated
//! (from the profile the translations came from), the clipboard and the dialog.

use duizhao_core::export::{export_document as render_file, render, CopyFormat, FileFormat, Provenance};
use duizhao_core::settings::Settings;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, Result};
use crate::state::{AppState, Current};
use duizhao_core::error::ErrorKind;

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// Who made the open document's translations, as far as the settings still say.
/// A profile deleted since is named by its name alone.
/// For the `web` chain, the engines that translated the `blocks` (all of them
/// when `None`) are named.
fn provenance(current: &Current, blocks: Option<&[String]>) -> Provenance {
    let date = today();
    let settings = Settings::load(&duizhao_core::paths::default_config_dir()).unwrap_or_default();
    let quote_original = settings.reader.citation_with_original;
    let Some(by) = &current.translated_by else { return Provenance { date, quote_original, ..Provenance::default() } };
    let engines: Vec<_> = match blocks {
        Some(ids) => ids.iter().filter_map(|id| current.engines.get(id).copied()).collect(),
        None => current.article.blocks.iter().filter_map(|b| current.engines.get(&b.id).copied()).collect(),
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

/// Puts the chosen blocks in `format` on the clipboard and returns the text.
#[tauri::command]
pub async fn copy_as(
    app: AppHandle,
    state: State<'_, AppState>,
    block_ids: Vec<String>,
    format: CopyFormat,
) -> Result<String> {
    let current = state.current()?;
    let text = render(
        &current.article,
        &current.translations,
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
    let text = render_file(&current.article, &current.translations, format, file, &provenance(&current, None));
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
