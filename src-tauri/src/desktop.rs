//! Desktop integration, with Tauri's official plugins:
//! - **One instance.** Opening a file while Duizhao runs ("Open with Duizhao", a
//!   double click, `duizhao-desktop file.txt` in a terminal) opens it in the running
//!   window: tauri-plugin-single-instance hands the second launch's argv and working
//!   directory to the first (D-Bus on Linux, a named pipe on Windows) and the second
//!   exits; on macOS Finder sends an Apple Event instead, `RunEvent::Opened`. Either
//!   way the path reaches the UI as [`OPEN_EVENT`] (or, before the UI listens, through
//!   [`desktop_ready`]).
//! - **Window size and position** (tauri-plugin-window-state, in `window-state.json`
//!   in Duizhao's config folder), saved shortly after each move or resize, and put back
//!   on a monitor that exists: the plugin skips a position off every monitor, and
//!   [`keep_on_screen`] moves a window whose title bar would be off-screen (or which
//!   is larger than the monitor) onto the primary monitor.
//! - **Log files** (tauri-plugin-log) in the OS log folder (`DUIZHAO_DATA_DIR/logs`
//!   when that variable is set), rotated at 1 MB, five kept. What is logged: start-up,
//!   the update checks, warnings and errors of the plugins, and where a panic happened.
//!   Never article text, never a key: nothing here logs a document, a path's name or
//!   a request, and a panic's message (which could quote a text) is left out.
//!   "Show logs" (Help) reveals the current log file for bug reports.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Manager, Runtime, Url, Window, WindowEvent};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
use tauri_plugin_opener::OpenerExt;
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

use crate::error::{AppError, Result};

/// The event carrying a path to open in the running window.
pub const OPEN_EVENT: &str = "duizhao://open-path";
/// The main window's label (tauri.conf.json).
const MAIN: &str = "main";
/// The log file's name, without its `.log`.
const LOG_NAME: &str = "duizhao";
/// A log file is rotated past this size; this many old ones are kept.
const LOG_MAX_BYTES: u128 = 1_000_000;
const LOGS_KEPT: usize = 5;
/// How long the window must stay still before its size and position are written.
const SAVE_AFTER: Duration = Duration::from_millis(400);

/// What the window-state plugin remembers: not visibility, decorations or full screen.
fn window_flags() -> StateFlags {
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// Paths to open that arrived before the UI listened for them.
#[derive(Default)]
pub struct Desktop {
    inner: Mutex<Pending>,
}

#[derive(Default)]
struct Pending {
    ui_ready: bool,
    paths: Vec<String>,
}

/// The plugins of this module, in the order they must be added: single-instance
/// first (a second launch should do nothing before handing over its arguments).
pub fn plugins<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| match path_from_args(&argv, Path::new(&cwd)) {
            Some(path) => {
                log::info!("a second launch handed over a file to open");
                open_request(app, path);
            }
            None => focus_main(app),
        }))
        .plugin(log_plugin())
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(window_flags())
                // An absolute name: the plugin joins it to its own folder, which an absolute
                // path replaces, so the file sits in Duizhao's config folder with the settings.
                .with_filename(window_state_file().to_string_lossy())
                .build(),
        )
        .plugin(tauri_plugin_opener::init())
        .plugin(
            tauri::plugin::Builder::<R, ()>::new("duizhao-window")
                .on_window_ready(|window| {
                    if window.label() == MAIN {
                        keep_window_on_screen(&window);
                        save_on_change(&window);
                    }
                })
                .build(),
        )
}

/// Logs the start, and where a panic happened (not its message: it could quote a document).
pub fn setup<R: Runtime>(app: &AppHandle<R>) {
    log::info!(
        "Duizhao {} starting on {} {}",
        app.package_info().version,
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        log::error!("panic at {at} (its message is not logged: it may quote a document)");
        previous(info);
    }));
}

/// Handles the events of the whole run: on macOS, files opened from Finder; everywhere, the
/// database's checkpoint as the app exits.
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: &tauri::RunEvent) {
    #[cfg(any(target_os = "macos", target_os = "ios"))]
    if let tauri::RunEvent::Opened { urls } = event {
        for url in urls {
            if let Ok(path) = url.to_file_path() {
                log::info!("the system asked to open a file");
                open_request(app, path);
            }
        }
    }
    if let tauri::RunEvent::Exit = event {
        checkpoint_database(app);
    }
}

/// As the app exits, the database's WAL goes into its file (`Library::checkpoint`),
/// through whichever of its connections was opened (the library's and the cache's
/// are the same file); with neither opened there is nothing to write. The process
/// ends without closing them, which is when SQLite would do it itself: without
/// this the file alone lacks what was saved since the last automatic checkpoint.
fn checkpoint_database<R: Runtime>(app: &AppHandle<R>) {
    let done = match app.state::<crate::state::AppState>().opened_library() {
        Some(library) => library.checkpoint(),
        None => match app.state::<crate::translation::Translation>().opened_cache() {
            Some(cache) => cache.checkpoint(),
            None => return,
        },
    };
    match done {
        Ok(true) => log::info!("the database was checkpointed on exit"),
        Ok(false) => log::info!("the database is in use elsewhere: its journal stays for the next checkpoint"),
        Err(err) => log::warn!("{err}"),
    }
}

/// The file a launch's arguments name: the first argument after the program that is not
/// an option, relative to the launch's working directory; a `file://` URI (some file
/// managers pass those) is turned into its path.
pub fn path_from_args(argv: &[String], cwd: &Path) -> Option<PathBuf> {
    let arg = argv.iter().skip(1).find(|a| !a.starts_with('-'))?;
    if arg.starts_with("file://") {
        return Url::parse(arg).ok()?.to_file_path().ok();
    }
    let path = Path::new(arg);
    Some(if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) })
}

/// Opens `path` in the running window, or keeps it for when the UI is ready.
fn open_request<R: Runtime>(app: &AppHandle<R>, path: PathBuf) {
    let path = path.to_string_lossy().into_owned();
    let desktop = app.state::<Desktop>();
    let Ok(mut pending) = desktop.inner.lock() else { return };
    if pending.ui_ready {
        drop(pending);
        focus_main(app);
        if let Err(e) = app.emit(OPEN_EVENT, path) {
            log::warn!("could not pass a file to open to the window: {e}");
        }
    } else {
        log::info!("the file to open waits for the window to be ready");
        pending.paths.push(path);
    }
}

fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The UI listens for [`OPEN_EVENT`] now; returns the paths that arrived before.
#[tauri::command]
pub fn desktop_ready(desktop: tauri::State<'_, Desktop>) -> Vec<String> {
    match desktop.inner.lock() {
        Ok(mut pending) => {
            log::info!("the window listens for files opened from outside");
            pending.ui_ready = true;
            std::mem::take(&mut pending.paths)
        }
        Err(_) => Vec::new(),
    }
}

// ---- window size and position -----------------------------------------------------

/// `window-state.json` in Duizhao's config folder (`DUIZHAO_CONFIG_DIR` when set).
fn window_state_file() -> PathBuf {
    duizhao_core::paths::default_config_dir().join("window-state.json")
}

/// A rectangle in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    fn right(self) -> i64 {
        i64::from(self.x) + i64::from(self.width)
    }
    fn bottom(self) -> i64 {
        i64::from(self.y) + i64::from(self.height)
    }
}

/// The part of a window one grabs to move it: its top `TITLE_BAR` pixels.
const TITLE_BAR: u32 = 40;
/// How much of the title bar must be on a monitor, across, for the window to be reachable.
const REACHABLE: i64 = 100;

/// Where to put a window at `window` so that it is reachable on one of `monitors` (their
/// work areas, the primary first): None when it already is — its title bar shows at least
/// 100 px (or its whole width) on a monitor and it fits in that monitor. Otherwise the window,
/// shrunk to fit if needed, centred on the monitor holding most of its title bar, else the
/// first (primary) one.
pub fn keep_on_screen(window: Rect, monitors: &[Rect]) -> Option<Rect> {
    let bar = Rect { height: TITLE_BAR.min(window.height), ..window };
    let overlap = |m: Rect| {
        let across = (bar.right().min(m.right()) - i64::from(bar.x.max(m.x))).max(0);
        let down = (bar.bottom().min(m.bottom()) - i64::from(bar.y.max(m.y))).max(0);
        (across, down)
    };
    let best = monitors
        .iter()
        .copied()
        .map(|m| (m, overlap(m)))
        .filter(|(_, (across, down))| *across > 0 && *down > 0)
        .max_by_key(|(_, (across, _))| *across);
    let need = REACHABLE.min(i64::from(window.width));
    // The bar's top must be on the monitor too: a window hanging above the screen cannot be grabbed.
    if let Some((m, (across, _))) = best {
        let top_inside = window.y >= m.y && i64::from(window.y) < m.bottom();
        if across >= need && top_inside && window.width <= m.width && window.height <= m.height {
            return None;
        }
    }
    let m = best.map(|(m, _)| m).or_else(|| monitors.first().copied())?;
    let width = window.width.min(m.width);
    let height = window.height.min(m.height);
    let x = i64::from(m.x) + (i64::from(m.width) - i64::from(width)) / 2;
    let y = i64::from(m.y) + (i64::from(m.height) - i64::from(height)) / 2;
    Some(Rect { x: i32::try_from(x).ok()?, y: i32::try_from(y).ok()?, width, height })
}

/// The size and position saved for the main window, if any: what the plugin restores (the
/// window itself has no size yet when it is created, so it cannot be asked).
fn saved_rect() -> Option<Rect> {
    let text = std::fs::read_to_string(window_state_file()).ok()?;
    let state: serde_json::Value = serde_json::from_str(&text).ok()?;
    let main = state.get(MAIN)?;
    let int = |k: &str| main.get(k).and_then(serde_json::Value::as_i64);
    Some(Rect {
        x: i32::try_from(int("x")?).ok()?,
        y: i32::try_from(int("y")?).ok()?,
        width: u32::try_from(int("width")?).ok()?,
        height: u32::try_from(int("height")?).ok()?,
    })
}

/// After the plugin restored the saved size and position: moves the window onto a monitor
/// if it would not be reachable there (a monitor unplugged, a smaller screen).
fn keep_window_on_screen<R: Runtime>(window: &Window<R>) {
    let (Some(now), Ok(monitors)) = (saved_rect(), window.available_monitors()) else {
        return;
    };
    if now.width == 0 || now.height == 0 {
        return;
    }
    let primary = window.primary_monitor().ok().flatten();
    let mut areas: Vec<Rect> = Vec::new();
    let area = |m: &tauri::Monitor| {
        let a = m.work_area();
        Rect { x: a.position.x, y: a.position.y, width: a.size.width, height: a.size.height }
    };
    if let Some(p) = &primary {
        areas.push(area(p));
    }
    areas.extend(monitors.iter().map(area).filter(|a| Some(*a) != primary.as_ref().map(area)));
    if let Some(to) = keep_on_screen(now, &areas) {
        log::info!("the saved window position was off-screen; the window was moved onto a monitor");
        let _ = window.set_size(tauri::PhysicalSize::new(to.width, to.height));
        let _ = window.set_position(tauri::PhysicalPosition::new(to.x, to.y));
    }
}

/// Writes the window's size and position once it has been still for a moment after a move
/// or resize (the plugin itself writes only on a clean exit, which a killed or crashed app
/// never reaches).
fn save_on_change<R: Runtime>(window: &Window<R>) {
    let app = window.app_handle().clone();
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            loop {
                match rx.recv_timeout(SAVE_AFTER) {
                    Ok(()) => {}
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let saved = window_state_file()
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .map_err(|e| e.to_string())
                .and_then(|()| app.save_window_state(window_flags()).map_err(|e| e.to_string()));
            if let Err(e) = saved {
                log::warn!("could not save the window's size and position: {e}");
            }
        }
    });
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            let _ = tx.send(());
        }
    });
}

// ---- logs -------------------------------------------------------------------------

fn log_plugin<R: Runtime>() -> TauriPlugin<R> {
    let file = match data_dir_override() {
        Some(dir) => TargetKind::Folder { path: dir.join("logs"), file_name: Some(LOG_NAME.into()) },
        None => TargetKind::LogDir { file_name: Some(LOG_NAME.into()) },
    };
    let mut builder = tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(file))
        .level(log::LevelFilter::Warn)
        .level_for("duizhao_desktop", log::LevelFilter::Info)
        .max_file_size(LOG_MAX_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(LOGS_KEPT));
    if cfg!(debug_assertions) {
        builder = builder.target(Target::new(TargetKind::Stderr));
    }
    builder.build()
}

/// `DUIZHAO_DATA_DIR`, when set: tests and portable installs keep their logs there.
fn data_dir_override() -> Option<PathBuf> {
    std::env::var_os(duizhao_core::paths::DATA_DIR_ENV).filter(|d| !d.is_empty()).map(PathBuf::from)
}

/// The folder the log files are in.
fn log_dir<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf> {
    match data_dir_override() {
        Some(dir) => Ok(dir.join("logs")),
        None => app
            .path()
            .app_log_dir()
            .map_err(|e| AppError::new(duizhao_core::error::ErrorKind::Internal, format!("No log folder: {e}"))),
    }
}

/// Where the logs are, and whether the file manager was asked to show them.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LogsShown {
    /// The folder holding `duizhao.log` (and its rotated copies).
    pub folder: String,
    /// The file manager was asked to show the log file; false when this system could not
    /// (no file manager answering), in which case the UI shows the folder's path to copy.
    pub revealed: bool,
}

/// "Show logs": reveals the current log file in the file manager, for a bug report.
#[tauri::command]
pub fn show_logs<R: Runtime>(app: AppHandle<R>) -> Result<LogsShown> {
    let folder = log_dir(&app)?;
    let file = folder.join(format!("{LOG_NAME}.log"));
    // The file selected in the file manager where it can (FileManager1 on Linux), else the folder.
    let revealed = (file.exists() && app.opener().reveal_item_in_dir(&file).is_ok())
        || app.opener().open_path(folder.to_string_lossy(), None::<&str>).is_ok();
    if !revealed {
        log::warn!("no file manager could show the log folder");
    }
    Ok(LogsShown { folder: folder.to_string_lossy().into_owned(), revealed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: i32, y: i32, width: u32, height: u32) -> Rect {
        Rect { x, y, width, height }
    }

    #[test]
    fn a_launch_names_its_file_relative_to_its_folder() {
        let cwd = Path::new("/home/reader/news");
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            path_from_args(&args(&["duizhao-desktop", "today.txt"]), cwd),
            Some(PathBuf::from("/home/reader/news/today.txt"))
        );
        assert_eq!(
            path_from_args(&args(&["duizhao-desktop", "--flag", "/tmp/a.md"]), cwd),
            Some(PathBuf::from("/tmp/a.md"))
        );
        assert_eq!(
            path_from_args(&args(&["duizhao-desktop", "file:///tmp/%E6%96%B0%E8%81%9E.epub"]), cwd),
            Some(PathBuf::from("/tmp/新聞.epub"))
        );
        assert_eq!(path_from_args(&args(&["duizhao-desktop"]), cwd), None);
        assert_eq!(path_from_args(&args(&["duizhao-desktop", "--verbose"]), cwd), None);
    }

    #[test]
    fn a_window_on_a_monitor_stays_where_it_is() {
        let screen = [r(0, 0, 1920, 1080)];
        assert_eq!(keep_on_screen(r(100, 100, 1280, 800), &screen), None);
        // Partly off the right edge, but 200 px of its title bar are on screen: reachable.
        assert_eq!(keep_on_screen(r(1720, 300, 1280, 800), &screen), None);
        // On the second of two monitors side by side.
        assert_eq!(keep_on_screen(r(2000, 50, 1280, 800), &[r(0, 0, 1920, 1080), r(1920, 0, 2560, 1440)]), None);
    }

    #[test]
    fn a_window_off_every_monitor_comes_back_centred_on_the_primary() {
        // Saved on a second monitor that is gone.
        let screen = [r(0, 0, 1920, 1080)];
        assert_eq!(keep_on_screen(r(2500, 100, 1280, 800), &screen), Some(r(320, 140, 1280, 800)));
        assert_eq!(keep_on_screen(r(-3000, -2000, 1280, 800), &screen), Some(r(320, 140, 1280, 800)));
    }

    #[test]
    fn a_title_bar_above_the_screen_or_a_sliver_on_it_is_not_reachable() {
        let screen = [r(0, 0, 1400, 900)];
        // Only its lower part on screen (the plugin would restore this: a corner is on a monitor).
        assert_eq!(keep_on_screen(r(100, -700, 1280, 800), &screen), Some(r(60, 50, 1280, 800)));
        // 30 px of the title bar at the left edge.
        assert_eq!(keep_on_screen(r(-1250, 100, 1280, 800), &screen), Some(r(60, 50, 1280, 800)));
    }

    #[test]
    fn a_window_larger_than_its_monitor_is_shrunk_to_fit() {
        // Saved on a large monitor, now on a laptop's screen (a work area below a top panel).
        let laptop = [r(0, 27, 1366, 741)];
        assert_eq!(keep_on_screen(r(0, 27, 2400, 1300), &laptop), Some(r(0, 27, 1366, 741)));
    }

    #[test]
    fn without_monitors_nothing_moves() {
        assert_eq!(keep_on_screen(r(5000, 5000, 800, 600), &[]), None);
    }
}
