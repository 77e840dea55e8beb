//! duizhao-core: everything Duizhao knows, with no GUI in it.
//!
//! The modules in dependency order: each uses only modules listed above it
//! (`tests/core/module_order.rs` fails on a use of one below, which is how a cycle
//! would start).
//!
//! - [`error`]: `ErrorKind`, what went wrong, shared by every error a person sees.
//! - [`fs`]: the one atomic file write.
//! - [`paths`]: where settings and data live.
//! - [`secret`]: `Secret`, a key or password that never shows in `Debug`.
//! - [`trace`]: the `DUIZHAO_TRACE_STARTUP` trace the app and the CLI print.
//! - [`convert`]: OpenCC 1.4 conversion, script/region detection, change spans.
//! - [`net`]: proxies and HTTP clients.
//! - [`document`]: import a file, piped bytes, pasted text or a URL; detect its
//!   encoding and format; cut it into blocks with stable ids.
//! - [`glossary`]: terms and their renderings: validation, CSV/TSV, matching,
//!   the check of a translation, the starter list, the global glossary file.
//! - [`sample`]: the built-in sample article.
//! - [`article`]: a document prepared for reading (blocks + conversions), the
//!   shape both the CLI and the app show.
//! - [`translate`]: providers (one module each), batching, the scheduler,
//!   local-server discovery.
//! - [`export`]: what copying a selection or exporting a document produces.
//! - [`prefs`]: the reader's preferences.
//! - [`settings`]: `settings.json`: profiles, target language, proxy, offline.
//! - [`store`]: SQLite: the translation cache and the library.
//! - [`job`]: a translation job put together once for the app and the CLI.

// Layers, lowest first (rustfmt keeps each group's order only when it is alphabetical).
pub mod error;
pub mod fs;
pub mod paths;
pub mod secret;
pub mod trace;

pub mod convert;
pub mod net;

pub mod document;
pub mod glossary;
pub mod sample;

pub mod article;
pub mod translate;

pub mod export;
pub mod prefs;
pub mod settings;
pub mod store;

pub mod job;
