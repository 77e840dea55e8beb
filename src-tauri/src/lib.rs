//! duizhao-desktop: the thin Tauri shell over duizhao-core. `run()` builds the
//! app; `commands` holds the document IPC surface and `translation` the
//! translation one; `state` what lives between calls; `error` the wire error.

mod commands;
mod error;
mod export;
mod library;
mod prefs;
mod state;
mod translation;

/// The first argument that is not an option is a file to open at launch
/// ("Open with Duizhao", `duizhao-desktop article.txt`).
fn launch_path() -> Option<String> {
    std::env::args().skip(1).find(|a| !a.starts_with('-'))
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state::AppState::new(launch_path()))
        .manage(translation::Translation::new())
        .setup(|app| {
            // Open OpenCC (writing its dictionaries on a first start) and the
            // configurations detection needs while the window loads, so the
            // first document does not wait for them.
            let handle = tauri::Manager::app_handle(app).clone();
            std::thread::spawn(move || {
                let state = tauri::Manager::state::<state::AppState>(&handle);
                if let Ok(converter) = state.converter() {
                    // Errors surface on the first open, with a message for the user.
                    let _ = converter.open_detection_configs();
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::open_sample,
            commands::open_path,
            commands::open_text,
            commands::open_url,
            commands::pick_and_open,
            commands::open_clipboard,
            commands::reconvert,
            commands::list_configs,
            commands::launch_path,
            commands::copy_blocks,
            commands::mark_first_paint,
            prefs::get_reader_prefs,
            prefs::set_reader_prefs,
            export::copy_as,
            export::export_document,
            library::library_list,
            library::library_open,
            library::library_remove,
            prefs::set_reader_prefs,
            translation::get_translation_settings,
            translation::save_profile,
            translation::delete_profile,
            translation::set_default_profile,
            translation::set_target_language,
            translation::set_key_from_clipboard,
            translation::delete_key,
            translation::test_connection,
            translation::translate_document,
            translation::cancel_translation,
        ])
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
