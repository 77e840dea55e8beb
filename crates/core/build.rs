//! Links the C++ runtime that the static OpenCC library needs. opencc-rust links
//! libopencc and libmarisa (see .cargo/config.toml); which C++ runtime to add
//! depends on the target, so it is decided here rather than in an environment
//! variable someone has to set by hand.
fn main() {
    let target = std::env::var("TARGET").expect("cargo sets TARGET for build scripts");
    if target.contains("apple") || target.contains("freebsd") {
        println!("cargo:rustc-link-lib=dylib=c++");
    } else if target.contains("linux") || target.contains("windows-gnu") {
        println!("cargo:rustc-link-lib=dylib=stdc++");
    }
    // MSVC links its C++ runtime on its own.
}
