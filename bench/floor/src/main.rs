//! The floor app: one window, one static page, one command. The page calls
//! `mark_first_paint` after its first frame with content; with
//! `DUIZHAO_TRACE_STARTUP` set the time since start goes to stderr in the same
//! words Duizhao uses, so scripts/bench.py reads both the same way.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::{Once, OnceLock};
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();
static PAINTED: Once = Once::new();

#[tauri::command]
fn mark_first_paint(page_ms: u64) {
    if std::env::var_os("DUIZHAO_TRACE_STARTUP").is_some() {
        PAINTED.call_once(|| {
            let ms = STARTED.get().map_or(0, |s| s.elapsed().as_millis());
            eprintln!("duizhao: first article painted {ms} ms after start ({page_ms} ms after the page began loading)");
        });
    }
}

fn main() {
    STARTED.get_or_init(Instant::now);
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![mark_first_paint])
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
