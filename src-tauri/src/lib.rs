//! duizhao-desktop: the thin Tauri shell over duizhao-core. `run()` builds the
//! app; `commands` holds the document IPC surface and `translation` the
//! translation one; `state` what lives between calls; `error` the wire error;
//! `bindings` (tests only) writes the UI's TypeScript types from these.

#[cfg(test)]
mod bindings;
mod commands;
mod desktop;
mod error;
mod export;
mod first_screen;
mod glossary;
mod glossary_files;
mod library;
mod prefs;
mod revise;
mod state;
mod translation;
mod updates;

/// The first argument that is not an option is a file to open at launch
/// ("Open with Duizhao", `duizhao-desktop article.txt`).
fn launch_path() -> Option<String> {
    std::env::args().skip(1).find(|a| !a.starts_with('-'))
}

/// On Linux, WebKitGTK composites the page through OpenGL. Where that GL is
/// software (no GPU, remote desktops, VMs, Xvfb) every scrolled frame of a long
/// article costs 40–50 ms; drawn without compositing the same scroll keeps 60 fps,
/// start-up is faster and memory lower, and a text reader loses nothing by it.
/// `DUIZHAO_WEBKIT_COMPOSITING=1`, or setting WebKit's own variable, keeps WebKit's
/// default. Must run before GTK starts, while the process has one thread.
fn configure_webkit() {
    #[cfg(target_os = "linux")]
    {
        let keep = std::env::var_os("DUIZHAO_WEBKIT_COMPOSITING").is_some_and(|v| v == "1");
        if !keep && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
            std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        }
    }
}

pub fn run() {
    duizhao_core::trace::trace("run");
    configure_webkit();
    let launch_path = launch_path();
    let mut context = tauri::generate_context!();
    // A launch that shows the sample is served with its stored first screen (first_screen.rs).
    first_screen::wrap(&mut context, launch_path.is_none());
    // Single instance, logs, window state, the opener (desktop.rs); then the updater.
    desktop::plugins(tauri::Builder::default())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state::AppState::new(launch_path))
        .manage(translation::Translation::new())
        .manage(desktop::Desktop::default())
        .manage(updates::Updates::default())
        .on_page_load(|_, load| duizhao_core::trace::trace(&format!("page {:?}", load.event())))
        .setup(|app| {
            duizhao_core::trace::trace("setup");
            desktop::setup(app.handle());
            // Open OpenCC (writing its dictionaries on a first start), read and prepare the
            // launch's first document (`commands::prepare_launch`), then open the rest of the
            // configurations detection needs, while the window and its page load, so the
            // first document waits for none of it.
            let handle = tauri::Manager::app_handle(app).clone();
            let preparing = tauri::async_runtime::spawn_blocking(move || {
                let state = tauri::Manager::state::<state::AppState>(&handle);
                let prepared = commands::prepare_launch(&state);
                if let Ok(converter) = state.converter() {
                    // Errors surface on the first open, with a message for the user.
                    let _ = converter.open_detection_configs();
                }
                prepared
            });
            tauri::Manager::state::<state::AppState>(app).begin_launch(preparing);
            // The probe of the free web engines (`translation::probe_web`) waits for the
            // first paint: `commands::mark_first_paint` starts it.
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::open_sample,
            commands::open_first,
            commands::open_path,
            commands::open_text,
            commands::open_url,
            commands::pick_and_open,
            commands::open_clipboard,
            commands::reconvert,
            commands::launch_path,
            commands::copy_blocks,
            commands::mark_first_paint,
            commands::article_rest,
            first_screen::store_first_screen,
            first_screen::first_screen_painted,
            prefs::get_reader_prefs,
            prefs::set_reader_prefs,
            export::copy_as,
            export::export_document,
            library::library_list,
            library::library_open,
            revise::edit_translation,
            revise::revert_edit,
            revise::clear_compare,
            library::library_remove,
            library::library_rename,
            translation::get_translation_settings,
            translation::save_profile,
            translation::delete_profile,
            translation::set_default_profile,
            translation::set_target_language,
            translation::set_offline_only,
            translation::set_proxy,
            translation::set_proxy_password_from_clipboard,
            translation::delete_proxy_password,
            translation::find_local_servers,
            translation::use_local_server,
            translation::set_key_from_clipboard,
            translation::delete_key,
            translation::test_connection,
            translation::translate_document,
            translation::cancel_translation,
            translation::estimate_translation,
            glossary::get_glossary,
            glossary::save_glossary,
            glossary::import_glossary,
            glossary::export_glossary,
            glossary::get_document_glossary,
            glossary::save_document_glossary,
            glossary::check_terms,
            glossary_files::import_glossary_file,
            glossary_files::export_glossary_file,
            translation::choose_translation,
            translation::network_back,
            desktop::desktop_ready,
            desktop::show_logs,
            updates::check_for_update,
            updates::install_update,
            updates::restart_app,
        ])
        .build(context)
        .expect("the Tauri runtime failed to start")
        .run(|app, event| desktop::on_run_event(app, &event));
}
