//! Tauri commands: each unpacks state, calls the core, and maps the result.
//! Domain decisions live in duizhao-core, where they are tested; nothing here
//! touches the network, and no command returns or logs a secret.

use std::path::PathBuf;

use duizhao_core::article::{prepare, Article, ArticleBlock};
use duizhao_core::convert::ConfigChoice;
use duizhao_core::document::{self, Document, ImportOptions};
use duizhao_core::export::{copy_columns, Column};
use duizhao_core::sample::sample_document;
use duizhao_core::trace::trace;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::translation::Translation;
use duizhao_core::error::ErrorKind;

fn choice(config: Option<String>) -> Result<ConfigChoice> {
    Ok(match config {
        None => ConfigChoice::Auto,
        Some(name) => ConfigChoice::parse(&name)?,
    })
}

/// Prepares `document` and makes it the open one, remembering it in the library
/// (all but the sample). On any error the previously open document stays as it was.
fn show(state: &AppState, document: Document, choice: ConfigChoice) -> Result<Article> {
    show_as(state, document, choice, false)
}

/// `show`, telling whether this is a re-conversion of the open document (which keeps
/// its translations).
fn show_as(state: &AppState, document: Document, choice: ConfigChoice, reconverted: bool) -> Result<Article> {
    let article = prepare_traced(state, &document, choice)?;
    Ok(make_open(state, document, article, reconverted))
}

/// `prepare` with the converter, timed in the start-up trace.
fn prepare_traced(state: &AppState, document: &Document, choice: ConfigChoice) -> Result<Article> {
    trace("open: prepare");
    let started = std::time::Instant::now();
    let article = prepare(document.clone(), choice, state.converter()?)?;
    if duizhao_core::trace::enabled() {
        eprintln!("duizhao: prepared {} blocks in {} ms", article.blocks.len(), started.elapsed().as_millis());
    }
    Ok(article)
}

/// Makes a prepared document the open one, remembering it in the library (all but the
/// sample); answers with its first screen of blocks.
fn make_open(state: &AppState, document: Document, mut article: Article, reconverted: bool) -> Article {
    let started = std::time::Instant::now();
    let library_id =
        if document.source == "sample" { None } else { crate::library::remember(state, &document, &article) };
    if duizhao_core::trace::enabled() {
        eprintln!("duizhao: opened {} blocks: library in {} ms", article.blocks.len(), started.elapsed().as_millis());
    }
    let first = first_screen(&mut article);
    state.set_current(document, article, library_id, None, reconverted);
    trace("open: answered");
    first
}

/// The launch's first document — the file given at launch, or else the sample — read and
/// prepared with the automatic conversion. Started as the app starts (lib.rs, `setup`), on
/// a thread of its own, so it is ready, or nearly, when the page asks for it
/// (`open_first`) instead of starting then.
pub fn prepare_launch(state: &AppState) -> Result<(Document, Article)> {
    let document = launch_document(state)?;
    let article = prepare_traced(state, &document, ConfigChoice::Auto)?;
    Ok((document, article))
}

/// The launch's first document, read: the file given at launch, or else the sample.
fn launch_document(state: &AppState) -> Result<Document> {
    Ok(match &state.launch_path {
        Some(path) => document::import_path(&PathBuf::from(path), ImportOptions::default())?,
        None => sample_document()?,
    })
}

/// How many blocks an open answers with: more than a tall window shows. The UI
/// draws them, then asks for the rest (`article_rest`), so a long article is on
/// screen before the rest of it crosses IPC (a 1 MB article is 5.6 MB of JSON).
pub(crate) const FIRST_SCREEN_BLOCKS: usize = 60;

/// A copy of `article` with its first `FIRST_SCREEN_BLOCKS` blocks only (the
/// blocks are not cloned beyond those), saying how many it left out.
pub(crate) fn first_screen(article: &mut Article) -> Article {
    let blocks = std::mem::take(&mut article.blocks);
    let mut first = article.clone();
    first.blocks = blocks.iter().take(FIRST_SCREEN_BLOCKS).cloned().collect();
    let left_out = blocks.len() - first.blocks.len();
    first.blocks_left_out = (left_out > 0).then_some(left_out);
    article.blocks = blocks;
    first
}

/// The open document's blocks from position `from` on: what an open's answer left
/// out, asked for once its first screen is painted; empty when nothing was left out.
/// Async, so its answer (5.6 MB of JSON for a 1 MB article) is not serialized on the
/// main thread, which draws the window.
#[tauri::command]
pub async fn article_rest(state: State<'_, AppState>, from: usize) -> Result<Vec<ArticleBlock>> {
    trace("rest asked");
    state.blocks_from(from)
}

#[tauri::command]
pub async fn open_sample(state: State<'_, AppState>, config: Option<String>) -> Result<Article> {
    let choice = choice(config)?;
    show(&state, sample_document()?, choice)
}

/// The first document of a launch: the file given at launch, or else the sample. One
/// call, so the shell prepares it while the page's script is still evaluated and mounted
/// (two calls would wait for the mount between them: the page answers the first only
/// when its script yields).
#[tauri::command]
pub async fn open_first(state: State<'_, AppState>, config: Option<String>) -> Result<Article> {
    // Prepared since start-up with the automatic conversion (`prepare_launch`): taken once.
    // Another conversion asked for, or a preparation that panicked: prepared again here.
    if let (None, Some(preparing)) = (&config, state.take_launch()) {
        if let Ok(prepared) = preparing.await {
            let (document, article) = prepared?;
            return Ok(make_open(&state, document, article, false));
        }
    }
    let choice = choice(config)?;
    show(&state, launch_document(&state)?, choice)
}

#[tauri::command]
pub async fn open_path(state: State<'_, AppState>, path: String, config: Option<String>) -> Result<Article> {
    let choice = choice(config)?;
    let document = document::import_path(&PathBuf::from(path), ImportOptions::default())?;
    show(&state, document, choice)
}

/// Fetches a web page and opens its article (reader-mode extraction). The open
/// document stays as it was if anything goes wrong.
#[tauri::command]
pub async fn open_url(
    state: State<'_, AppState>,
    translation: State<'_, Translation>,
    url: String,
    config: Option<String>,
) -> Result<Article> {
    let choice = choice(config)?;
    let document = document::import_url(&url, &translation.fetch_options()?).await?;
    show(&state, document, choice)
}

#[tauri::command]
pub async fn open_text(state: State<'_, AppState>, text: String, config: Option<String>) -> Result<Article> {
    let choice = choice(config)?;
    show(&state, document::import_text(&text, "clipboard")?, choice)
}

#[tauri::command]
pub async fn pick_and_open(
    app: AppHandle,
    state: State<'_, AppState>,
    config: Option<String>,
) -> Result<Option<Article>> {
    let choice = choice(config)?;
    let picked = app
        .dialog()
        .file()
        .set_title("Open an article")
        .add_filter("Articles", &["txt", "md", "markdown", "html", "htm", "xhtml", "docx", "epub"])
        .add_filter("All files", &["*"])
        .blocking_pick_file();
    let Some(picked) = picked else { return Ok(None) };
    let path = picked
        .into_path()
        .map_err(|e| AppError::new(ErrorKind::Unreadable, format!("Cannot open the chosen file: {e}")))?;
    let document = document::import_path(&path, ImportOptions::default())?;
    show(&state, document, choice).map(Some)
}

#[tauri::command]
pub async fn open_clipboard(
    app: AppHandle,
    state: State<'_, AppState>,
    translation: State<'_, Translation>,
    config: Option<String>,
) -> Result<Article> {
    let choice = choice(config)?;
    let text = app
        .clipboard()
        .read_text()
        .map_err(|_| AppError::new(ErrorKind::Clipboard, "The clipboard holds no text to open"))?;
    // A web address alone on the clipboard means "open this page".
    let trimmed = text.trim();
    let is_url = (trimmed.starts_with("http://") || trimmed.starts_with("https://"))
        && !trimmed.chars().any(char::is_whitespace);
    let document = if is_url {
        document::import_url(trimmed, &translation.fetch_options()?).await?
    } else {
        document::import_text(&text, "clipboard")?
    };
    show(&state, document, choice)
}

#[tauri::command]
pub async fn reconvert(state: State<'_, AppState>, config: String) -> Result<Article> {
    let choice = ConfigChoice::parse(&config)?;
    let document = state.current_document()?;
    show_as(&state, document, choice, true)
}

#[tauri::command]
pub fn launch_path(state: State<'_, AppState>) -> Option<String> {
    state.launch_path.clone()
}

#[tauri::command]
pub async fn copy_blocks(
    app: AppHandle,
    state: State<'_, AppState>,
    block_ids: Vec<String>,
    columns: Vec<Column>,
) -> Result<String> {
    let current = state.current()?;
    let compare = current.shaped.compare_by.as_ref().map(|_| &current.shaped.compare);
    let text = copy_columns(&current.article, &current.translations, compare, &block_ids, &columns);
    app.clipboard()
        .write_text(text.clone())
        .map_err(|e| AppError::new(ErrorKind::Clipboard, format!("Cannot write to the clipboard: {e}")))?;
    Ok(text)
}

/// The UI calls this once the first article is on screen. The first time, what
/// start-up leaves until then begins: the probe of the free web engines (a TLS
/// client and a request, off the path to the first paint). With
/// `DUIZHAO_TRACE_STARTUP` set, the time since start-up goes to stderr (bench/run.py).
#[tauri::command]
pub fn mark_first_paint(app: AppHandle, state: State<'_, AppState>, page_ms: u64, marks: Option<String>) {
    let Some(ms) = state.first_paint_ms() else { return };
    tauri::async_runtime::spawn(async move {
        crate::translation::probe_web(&tauri::Manager::state::<Translation>(&app)).await;
    });
    if duizhao_core::trace::enabled() {
        eprintln!("duizhao: first article painted {ms} ms after start ({page_ms} ms after the page began loading)");
        if let Some(marks) = marks {
            eprintln!("duizhao: page marks (ms after the page began loading): {marks}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use duizhao_core::convert::Config;

    /// The data directory (OpenCC's dictionaries) of one test, removed after it.
    struct DataDir(PathBuf);
    impl Drop for DataDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn state_in_temp_data_dir(launch: Option<String>) -> (AppState, DataDir) {
        // Each test runs in a process of its own (nextest): the variable is this test's.
        let data = std::env::temp_dir().join(format!("duizhao-launch-test-{}", std::process::id()));
        std::env::set_var("DUIZHAO_DATA_DIR", &data);
        (AppState::new(launch), DataDir(data))
    }

    #[test]
    fn the_launch_file_is_prepared_with_the_automatic_conversion_and_taken_once() {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/taiwan-big5.txt");
        let (state, _data) = state_in_temp_data_dir(Some(fixture.to_owned()));
        let (document, article) = prepare_launch(&state).unwrap();
        assert_eq!(document.title, "臺北捷運的新系統");
        assert_eq!(article.config, Some(Config::TW2SP));
        assert!(article.config_auto);
        assert_eq!(article.blocks[0].simplified, "台北捷运的新系统");
        // open_first takes the preparation once; a later call prepares again.
        state.begin_launch(tauri::async_runtime::spawn_blocking(move || Ok((document, article))));
        assert!(state.take_launch().is_some());
        assert!(state.take_launch().is_none());
    }

    #[test]
    fn rows_set_together_are_held_and_in_the_library_entry_and_unchanged_ones_are_skipped() {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/taiwan-big5.txt");
        let (state, _data) = state_in_temp_data_dir(Some(fixture.to_owned()));
        let (document, article) = prepare_launch(&state).unwrap();
        let ids: Vec<String> = article.blocks.iter().map(|b| b.id.clone()).collect();
        make_open(&state, document, article, false);
        let current = state.current().unwrap();
        let entry = current.library_id.clone().expect("a file opened has a library entry");
        let by = crate::state::TranslatedBy { profile: "Local".into(), target: "en".into() };
        state.start_translation(current.generation, by, false);
        let rows: Vec<(&str, &str, Option<duizhao_core::translate::ProviderKind>)> =
            ids.iter().map(|id| (id.as_str(), "as it is", None)).collect();
        state.set_translations(current.generation, &rows);
        // The same rows again (a second job's kept rows) change nothing; one new text does.
        state.set_translations(current.generation, &rows);
        state.set_translations(current.generation, &[(ids[0].as_str(), "changed", None)]);
        assert_eq!(state.current().unwrap().translations.len(), ids.len());
        let loaded = state.library().unwrap().load(&entry).unwrap().unwrap();
        assert_eq!(loaded.translations.len(), ids.len());
        assert_eq!(loaded.translations[&ids[0]], "changed");
        assert_eq!(loaded.translations[&ids[ids.len() - 1]], "as it is");
        assert_eq!(loaded.entry.profile.as_deref(), Some("Local"));
        // Another document's generation writes nothing.
        state.set_translations(current.generation + 1, &[(ids[1].as_str(), "stale", None)]);
        assert_eq!(state.library().unwrap().load(&entry).unwrap().unwrap().translations[&ids[1]], "as it is");
    }

    #[test]
    fn a_launch_file_that_cannot_be_read_is_the_first_open_error() {
        let (state, _data) = state_in_temp_data_dir(Some("/nonexistent/duizhao/launch.txt".to_owned()));
        let err = prepare_launch(&state).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
    }

    #[test]
    fn an_answer_says_how_many_blocks_it_left_out_and_only_when_it_left_some_out() {
        let (state, _data) = state_in_temp_data_dir(None);
        let (_, sample) = prepare_launch(&state).unwrap();
        let block = sample.blocks[0].clone();
        for (len, sent, left_out) in [
            (1, 1, None),
            (FIRST_SCREEN_BLOCKS - 1, FIRST_SCREEN_BLOCKS - 1, None),
            (FIRST_SCREEN_BLOCKS, FIRST_SCREEN_BLOCKS, None),
            (FIRST_SCREEN_BLOCKS + 1, FIRST_SCREEN_BLOCKS, Some(1)),
            (10_345, FIRST_SCREEN_BLOCKS, Some(10_345 - FIRST_SCREEN_BLOCKS)),
        ] {
            let mut article = sample.clone();
            article.blocks = vec![block.clone(); len];
            let first = first_screen(&mut article);
            assert_eq!((first.blocks.len(), first.blocks_left_out), (sent, left_out), "{len} blocks");
            // The kept article is whole and says nothing left out.
            assert_eq!((article.blocks.len(), article.blocks_left_out), (len, None));
            let json = serde_json::to_value(&first).unwrap();
            assert_eq!(json.get("blocksLeftOut").and_then(serde_json::Value::as_u64), left_out.map(|n| n as u64));
        }
    }

    #[test]
    fn without_a_launch_file_the_sample_is_prepared() {
        let (state, _data) = state_in_temp_data_dir(None);
        let (document, article) = prepare_launch(&state).unwrap();
        assert_eq!(document.source, "sample");
        assert!(article.blocks.len() > 3);
    }
}
