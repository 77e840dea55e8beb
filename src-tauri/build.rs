fn main() {
    // The capabilities live in src-tauri/capabilities/; tauri-build's default is ./capabilities
    // beside the manifest, which is the repository root here (see ARCHITECTURE.md). Without this
    // the main window had no capability at all: the core's event and window commands (listening
    // for dropped or opened files, setting the title) were refused.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/*.json"))
        .expect("tauri-build failed");
}
