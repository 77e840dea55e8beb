//! The glossary's Import… and Export… buttons in Settings: the native file
//! dialogs, opened here in the shell (as `export::export_document` does), around
//! the reading and writing of `glossary::import_glossary` / `export_glossary`.

use duizhao_core::error::ErrorKind;
use duizhao_core::glossary::{TableFormat, Term};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, Result};
use crate::glossary::{export_glossary, import_glossary};

/// Asks for a CSV/TSV file and reads its terms (validated, not saved: the UI
/// merges them into the table). `None` when the user cancelled.
#[tauri::command]
pub async fn import_glossary_file(app: AppHandle) -> Result<Option<Vec<Term>>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Import a glossary")
        .add_filter("Glossary tables (CSV, TSV)", &["csv", "tsv", "txt"])
        .add_filter("All files", &["*"])
        .blocking_pick_file();
    let Some(picked) = picked else { return Ok(None) };
    let path = picked
        .into_path()
        .map_err(|e| AppError::new(ErrorKind::Unreadable, format!("Cannot open the chosen file: {e}")))?;
    import_glossary(path.display().to_string()).await.map(Some)
}

/// Asks where to save, then writes the user's saved terms there. The file's
/// extension decides the format when it is `.csv` or `.tsv`, else `format`.
/// Returns the path written, or `None` when the user cancelled.
#[tauri::command]
pub async fn export_glossary_file(app: AppHandle, format: TableFormat) -> Result<Option<String>> {
    let extension = table_extension(format);
    let picked = app
        .dialog()
        .file()
        .set_title("Export the glossary")
        .set_file_name(format!("glossary.{extension}"))
        .add_filter(if format == TableFormat::Csv { "CSV" } else { "TSV" }, &[extension])
        .blocking_save_file();
    let Some(picked) = picked else { return Ok(None) };
    let path = picked.into_path().map_err(|e| AppError::new(ErrorKind::Export, format!("Cannot save there: {e}")))?;
    let format = format_of(&path).unwrap_or(format);
    let shown = path.display().to_string();
    export_glossary(shown.clone(), format)?;
    Ok(Some(shown))
}

fn table_extension(format: TableFormat) -> &'static str {
    match format {
        TableFormat::Csv => "csv",
        TableFormat::Tsv => "tsv",
    }
}

/// The format a file name asks for by its extension, if it names one.
fn format_of(path: &std::path::Path) -> Option<TableFormat> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" => Some(TableFormat::Csv),
        "tsv" => Some(TableFormat::Tsv),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{format_of, TableFormat};
    use std::path::Path;

    #[test]
    fn the_file_name_chooses_the_format_when_it_names_one() {
        assert_eq!(format_of(Path::new("/tmp/terms.TSV")), Some(TableFormat::Tsv));
        assert_eq!(format_of(Path::new("/tmp/terms.csv")), Some(TableFormat::Csv));
        assert_eq!(format_of(Path::new("/tmp/terms")), None);
        assert_eq!(format_of(Path::new("/tmp/terms.txt")), None);
    }
}
