//! duizhao-core: everything Duizhao knows, with no GUI in it.
//!
//! - [`document`]: import a file, piped bytes or pasted text; detect its encoding
//!   and format; cut it into blocks with stable ids.
//! - [`convert`]: OpenCC 1.4 conversion, script/region detection, change spans.
//! - [`article`]: a document prepared for reading (blocks + conversions), the
//!   shape both the CLI and the app show.
//! - [`export`]: what copying a selection produces.
//! - [`sample`]: the built-in sample article.
//!
//! The translation pipeline (`translate`) and storage (`store`) come next; the
//! seam for them is the translation column in `export::Column`.

pub mod article;
pub mod convert;
pub mod document;
pub mod export;
pub mod fs;
pub mod net;
pub mod prefs;
pub mod sample;
pub mod settings;
pub mod store;
pub mod translate;
