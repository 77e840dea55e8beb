//! OpenCC conversion: the sixteen configurations of OpenCC 1.4, a `Converter` that
//! opens each configuration once and reuses it, script and region detection
//! (`detect`), and the spans of text a conversion changed (`changes`).
//!
//! The engine is OpenCC 1.4.x itself (statically linked through opencc-rust with
//! its embedded dictionaries), so results are byte-for-byte OpenCC's. The
//! dictionaries a configuration needs are written when it is first opened, once,
//! to a versioned folder in the data directory; see `Converter::dictionaries_for`
//! for how concurrent first starts are kept from seeing half a file.

mod changes;
mod detect;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use opencc_rust::{DefaultConfig, OpenCC};
use serde::Serialize;

pub use changes::{change_spans, restore_original, Change};
pub use detect::{detect, Detection, Region, Script};

/// The OpenCC version whose dictionaries opencc-rust embeds (checked by the
/// official test cases in tests/core/opencc_cases.rs).
pub const OPENCC_VERSION: &str = "1.4.2";

/// Every OpenCC 1.4 configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Config {
    S2T,
    T2S,
    S2TW,
    TW2S,
    S2HK,
    HK2S,
    S2TWP,
    TW2SP,
    S2HKP,
    HK2SP,
    T2TW,
    HK2T,
    T2HK,
    TW2T,
    T2JP,
    JP2T,
}

impl Config {
    pub const ALL: [Config; 16] = [
        Config::TW2SP,
        Config::TW2S,
        Config::HK2S,
        Config::HK2SP,
        Config::T2S,
        Config::S2T,
        Config::S2TW,
        Config::S2TWP,
        Config::S2HK,
        Config::S2HKP,
        Config::T2TW,
        Config::T2HK,
        Config::TW2T,
        Config::HK2T,
        Config::T2JP,
        Config::JP2T,
    ];

    /// OpenCC's own name, as in `tw2sp.json`.
    pub fn name(self) -> &'static str {
        match self {
            Config::S2T => "s2t",
            Config::T2S => "t2s",
            Config::S2TW => "s2tw",
            Config::TW2S => "tw2s",
            Config::S2HK => "s2hk",
            Config::HK2S => "hk2s",
            Config::S2TWP => "s2twp",
            Config::TW2SP => "tw2sp",
            Config::S2HKP => "s2hkp",
            Config::HK2SP => "hk2sp",
            Config::T2TW => "t2tw",
            Config::HK2T => "hk2t",
            Config::T2HK => "t2hk",
            Config::TW2T => "tw2t",
            Config::T2JP => "t2jp",
            Config::JP2T => "jp2t",
        }
    }

    /// What the configuration does, for people.
    pub fn label(self) -> &'static str {
        match self {
            Config::S2T => "Simplified → Traditional (OpenCC standard)",
            Config::T2S => "Traditional → Simplified",
            Config::S2TW => "Simplified → Traditional (Taiwan)",
            Config::TW2S => "Traditional (Taiwan) → Simplified",
            Config::S2HK => "Simplified → Traditional (Hong Kong)",
            Config::HK2S => "Traditional (Hong Kong) → Simplified",
            Config::S2TWP => "Simplified → Traditional (Taiwan), with Taiwan phrases",
            Config::TW2SP => "Traditional (Taiwan) → Simplified, with mainland phrases",
            Config::S2HKP => "Simplified → Traditional (Hong Kong), with Hong Kong phrases",
            Config::HK2SP => "Traditional (Hong Kong) → Simplified, with mainland phrases",
            Config::T2TW => "Traditional (OpenCC standard) → Taiwan forms",
            Config::HK2T => "Traditional (Hong Kong) → OpenCC standard",
            Config::T2HK => "Traditional (OpenCC standard) → Hong Kong forms",
            Config::TW2T => "Traditional (Taiwan) → OpenCC standard",
            Config::T2JP => "Traditional → Japanese Shinjitai",
            Config::JP2T => "Japanese Shinjitai → Traditional",
        }
    }

    pub fn from_name(name: &str) -> Option<Config> {
        let name = name.trim().trim_end_matches(".json").to_ascii_lowercase();
        Config::ALL.into_iter().find(|c| c.name() == name)
    }

    fn opencc(self) -> DefaultConfig {
        match self {
            Config::S2T => DefaultConfig::S2T,
            Config::T2S => DefaultConfig::T2S,
            Config::S2TW => DefaultConfig::S2TW,
            Config::TW2S => DefaultConfig::TW2S,
            Config::S2HK => DefaultConfig::S2HK,
            Config::HK2S => DefaultConfig::HK2S,
            Config::S2TWP => DefaultConfig::S2TWP,
            Config::TW2SP => DefaultConfig::TW2SP,
            Config::S2HKP => DefaultConfig::S2HKP,
            Config::HK2SP => DefaultConfig::HK2SP,
            Config::T2TW => DefaultConfig::T2TW,
            Config::HK2T => DefaultConfig::HK2T,
            Config::T2HK => DefaultConfig::T2HK,
            Config::TW2T => DefaultConfig::TW2T,
            Config::T2JP => DefaultConfig::T2JP,
            Config::JP2T => DefaultConfig::JP2T,
        }
    }
}

impl std::fmt::Display for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The user's choice of configuration: detect it, or use this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfigChoice {
    #[default]
    Auto,
    Fixed(Config),
}

impl ConfigChoice {
    /// Parses "auto" or an OpenCC configuration name.
    pub fn parse(name: &str) -> Result<ConfigChoice, ConvertError> {
        if name.trim().eq_ignore_ascii_case("auto") {
            return Ok(ConfigChoice::Auto);
        }
        Config::from_name(name)
            .map(ConfigChoice::Fixed)
            .ok_or_else(|| ConvertError::UnknownConfig { name: name.to_owned() })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    #[error(
        "unknown conversion configuration {name:?} (expected auto or one of: s2t, t2s, s2tw, tw2s, s2hk, hk2s, s2twp, tw2sp, s2hkp, hk2sp, t2tw, hk2t, t2hk, tw2t, t2jp, jp2t)"
    )]
    UnknownConfig { name: String },
    #[error("cannot write OpenCC's dictionaries to {dir}: {reason}")]
    Dictionaries { dir: String, reason: String },
    #[error("cannot open OpenCC configuration {config}: {reason}")]
    Open { config: &'static str, reason: String },
    #[error("OpenCC failed to convert the text: {reason}")]
    Convert { reason: String },
}

impl ConvertError {
    /// What went wrong, for the UI to choose its words by.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            ConvertError::UnknownConfig { .. } => ErrorKind::UnknownConfig,
            _ => ErrorKind::Conversion,
        }
    }
}

/// Opens OpenCC configurations on first use and keeps them for the life of the
/// process (opening one costs a few milliseconds; converting is ~80 MB/s).
pub struct Converter {
    dictionaries: PathBuf,
    open: Mutex<HashMap<Config, Arc<OpenCC>>>,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter").field("dictionaries", &self.dictionaries).finish()
    }
}

impl Converter {
    /// A converter whose dictionaries live in `data_dir/opencc-<version>-each/`.
    ///
    /// Nothing is read or written yet: each configuration's dictionaries are
    /// written when it is first opened (`Converter::opencc`), and only those, so
    /// a first start writes the five or so configurations it uses instead of all
    /// sixteen, and a later start costs one `stat` per configuration it opens.
    pub fn new(data_dir: &Path) -> Result<Converter, ConvertError> {
        let dictionaries = data_dir.join(dictionaries_folder());
        Ok(Converter { dictionaries, open: Mutex::new(HashMap::new()) })
    }

    /// The path of `config`'s configuration file, its dictionaries written first if
    /// they are not there yet.
    ///
    /// Every file arrives by a rename from a private staging folder, the
    /// dictionaries before the configuration file, so a file in the folder is
    /// always complete and a configuration file in place means its dictionaries
    /// are: two processes starting at once never read half a file, and checking
    /// is one `stat`. The folder is not the `opencc-<version>` that earlier
    /// versions wrote whole: they take a folder without their `.complete` marker
    /// for one being written and would fail on a partly filled one.
    fn dictionaries_for(&self, config: Config) -> Result<PathBuf, ConvertError> {
        let json = self.dictionaries.join(config.opencc().get_file_name());
        if json.is_file() {
            return Ok(json);
        }
        let dict_error =
            |reason: String| ConvertError::Dictionaries { dir: self.dictionaries.display().to_string(), reason };
        std::fs::create_dir_all(&self.dictionaries).map_err(|e| dict_error(e.to_string()))?;
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let staging = self.dictionaries.join(format!(".staging-{config}-{}-{nanos}", std::process::id()));
        let written = write_staged(&staging, &self.dictionaries, config).map_err(dict_error);
        let _ = std::fs::remove_dir_all(&staging);
        written?;
        Ok(json)
    }

    /// The converter for `config`, opened on first use.
    fn opencc(&self, config: Config) -> Result<Arc<OpenCC>, ConvertError> {
        let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(opencc) = open.get(&config) {
            return Ok(Arc::clone(opencc));
        }
        let path = self.dictionaries_for(config)?;
        let opencc =
            OpenCC::new(path).map_err(|e| ConvertError::Open { config: config.name(), reason: e.to_string() })?;
        let opencc = Arc::new(opencc);
        open.insert(config, Arc::clone(&opencc));
        Ok(opencc)
    }

    /// Opens the configurations that automatic detection uses, so the first
    /// document does not wait for them (the app calls this while its window loads).
    pub fn open_detection_configs(&self) -> Result<(), ConvertError> {
        for config in detect::CONFIGS_USED {
            self.opencc(config)?;
        }
        Ok(())
    }

    /// The configurations opened so far (their dictionaries in memory for the rest of the
    /// converter's life), in `Config::ALL`'s order.
    pub fn opened(&self) -> Vec<Config> {
        let open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Config::ALL.into_iter().filter(|config| open.contains_key(config)).collect()
    }

    /// Converts `text` exactly as OpenCC does with `config`.
    pub fn convert(&self, config: Config, text: &str) -> Result<String, ConvertError> {
        if text.is_empty() {
            return Ok(String::new());
        }
        if text.len() <= PIECE_BYTES && !text.as_bytes().contains(&0) {
            return self.opencc(config)?.convert(text).map_err(convert_error);
        }
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        self.convert_pieces(config, text, |converted| {
            out.push_str(converted);
            Ok::<(), ConvertError>(())
        })?;
        Ok(out)
    }

    /// Converts `text` exactly as OpenCC does with `config`, handing the result to
    /// `sink` in order, one piece of about `PIECE_BYTES` at a time (the command-line
    /// tool writes each piece out as it comes instead of building the whole result).
    ///
    /// The pieces are cut after a line break: no dictionary entry holds one, so no
    /// match can span a cut and the result is byte for byte OpenCC's on the whole
    /// text (one 8 MB call also converted at two thirds of the speed of OpenCC's
    /// own command-line tool, which converts a stream chunk by chunk). A text of
    /// several pieces is converted on up to `MAX_THREADS` threads; see
    /// `convert_in_parallel` for what that gains.
    pub fn convert_pieces<E: From<ConvertError>>(
        &self,
        config: Config,
        text: &str,
        sink: impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), E> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS));
        self.convert_pieces_on(config, text, threads, sink)
    }

    /// `convert_pieces` on at most `threads` threads (one: this thread alone).
    fn convert_pieces_on<E: From<ConvertError>>(
        &self,
        config: Config,
        text: &str,
        threads: usize,
        mut sink: impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), E> {
        if text.is_empty() {
            return Ok(());
        }
        let opencc = self.opencc(config)?;
        let pieces: Vec<&str> = pieces(text).collect();
        if threads > 1 && pieces.len() > 1 {
            return convert_in_parallel(&opencc, &pieces, threads.min(pieces.len()), sink);
        }
        let mut buffer = String::with_capacity(PIECE_BYTES + PIECE_BYTES / 4);
        for piece in pieces {
            buffer.clear();
            buffer = convert_piece(&opencc, piece, buffer)?;
            sink(&buffer)?;
        }
        Ok(())
    }
}

/// Converts `piece` and appends the result to `out`. OpenCC's C API ends strings at
/// NUL, so the text between NULs is converted and the NULs are kept.
fn convert_piece(opencc: &OpenCC, piece: &str, mut out: String) -> Result<String, ConvertError> {
    for (i, part) in piece.split('\0').enumerate() {
        if i > 0 {
            out.push('\0');
        }
        out = opencc.convert_to_buffer(part, out).map_err(convert_error)?;
    }
    Ok(out)
}

/// Converts `pieces` on `threads` worker threads, which take the next piece in
/// turn, and hands the results to `sink` on this thread in the text's order.
///
/// The OpenCC calls run side by side: OpenCC's conversion is `const` on the
/// handle, and the copy of opencc-rust in `vendor/` (see its PATCHED.md) no longer
/// holds its process-wide error lock for the length of every call (upstream's
/// 2.0.2 does, which made the calls run one at a time: 8 MB of t2s measured the
/// same on two threads as on one). Stops at the first error, of a worker or of
/// `sink`.
fn convert_in_parallel<E: From<ConvertError>>(
    opencc: &OpenCC,
    pieces: &[&str],
    threads: usize,
    mut sink: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (results, received) = std::sync::mpsc::channel::<(usize, Result<String, ConvertError>)>();
        for _ in 0..threads {
            let results = results.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(piece) = pieces.get(index) else { return };
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let converted = convert_piece(opencc, piece, String::with_capacity(piece.len() + piece.len() / 4));
                if results.send((index, converted)).is_err() {
                    return;
                }
            });
        }
        drop(results);
        // Pieces that arrived before an earlier one, by index; at most about one per thread.
        let mut waiting: HashMap<usize, String> = HashMap::new();
        let mut wanted = 0;
        let outcome = (|| {
            while wanted < pieces.len() {
                let converted = match waiting.remove(&wanted) {
                    Some(converted) => converted,
                    None => {
                        let Ok((index, converted)) = received.recv() else {
                            // Every worker has ended without sending the piece: cannot happen
                            // unless one panicked, and then the scope reports the panic.
                            return Ok(());
                        };
                        let converted = converted?;
                        if index != wanted {
                            waiting.insert(index, converted);
                            continue;
                        }
                        converted
                    }
                };
                sink(&converted)?;
                wanted += 1;
            }
            Ok(())
        })();
        stop.store(true, Ordering::Relaxed);
        outcome
    })
}

fn convert_error(e: opencc_rust::OpenCCError) -> ConvertError {
    ConvertError::Convert { reason: e.to_string() }
}

/// How much text one call to OpenCC converts at most, unless a line is longer.
const PIECE_BYTES: usize = 32 * 1024;

/// The most threads a long text is converted on.
const MAX_THREADS: usize = 4;

/// `text` cut into pieces of at least `PIECE_BYTES` (the last one may be shorter),
/// each ending just after a line break (or at the end of the text).
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // A '\n' byte is never inside a multi-byte character, so the cut is a character boundary.
        let cut = rest
            .as_bytes()
            .get(PIECE_BYTES..)
            .and_then(|after| after.iter().position(|&b| b == b'\n'))
            .map_or(rest.len(), |newline| PIECE_BYTES + newline + 1);
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

/// The dictionaries' folder in the data directory.
fn dictionaries_folder() -> String {
    format!("opencc-{OPENCC_VERSION}-each")
}

/// Writes `config`'s files into `staging` and renames into `dictionaries` those
/// not there yet, the configuration file last.
fn write_staged(staging: &Path, dictionaries: &Path, config: Config) -> Result<(), String> {
    opencc_rust::generate_static_dictionary(staging, config.opencc()).map_err(str::to_owned)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(staging)
        .map_err(|e| e.to_string())?
        .map(|entry| entry.map(|e| e.path()).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    files.sort_by_key(|path| path.extension().is_some_and(|ext| ext == "json"));
    for file in files {
        let Some(name) = file.file_name() else { continue };
        let target = dictionaries.join(name);
        if target.is_file() {
            continue; // another configuration's, or another process's: complete either way
        }
        if let Err(e) = std::fs::rename(&file, &target) {
            // Another process may have put it there meanwhile (Windows refuses to rename over it).
            if !target.is_file() {
                return Err(e.to_string());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One converter for all unit tests in this process, its dictionaries in one data dir
    /// that every test process shares (nextest runs each test in a process of its own,
    /// and a static's temp dir is never dropped: each process left 1.4 MB in the temp
    /// folder). Sharing is what `dictionaries_for` is built for: files arrive by rename,
    /// complete, whichever process writes them first; the folder is named by OpenCC's version.
    pub(crate) fn converter() -> &'static Converter {
        static CONVERTER: std::sync::OnceLock<Converter> = std::sync::OnceLock::new();
        CONVERTER.get_or_init(|| Converter::new(&std::env::temp_dir().join("duizhao-unit-tests")).expect("a converter"))
    }

    #[test]
    fn every_config_name_round_trips() {
        for config in Config::ALL {
            assert_eq!(Config::from_name(config.name()), Some(config));
            assert_eq!(Config::from_name(&format!("{}.json", config.name().to_uppercase())), Some(config));
        }
        assert_eq!(Config::from_name("t2x"), None);
    }

    #[test]
    fn unknown_config_error_names_it() {
        let err = ConfigChoice::parse("tw2x").unwrap_err();
        assert!(err.to_string().starts_with("unknown conversion configuration \"tw2x\""), "{err}");
        assert_eq!(ConfigChoice::parse("AUTO"), Ok(ConfigChoice::Auto));
    }

    #[test]
    fn taiwan_vocabulary_becomes_mainland_vocabulary_under_tw2sp() {
        let out = converter().convert(Config::TW2SP, "軟體、網路、資訊與記憶體").unwrap();
        assert_eq!(out, "软件、网络、信息与内存");
    }

    #[test]
    fn every_config_opens() {
        for config in Config::ALL {
            converter().convert(config, "測試").unwrap_or_else(|e| panic!("{config}: {e}"));
        }
    }

    #[test]
    fn a_long_text_converted_in_pieces_is_the_same_as_converted_whole() {
        let line = "軟體與網路，記憶體漲價。\n";
        let mut text = line.repeat(PIECE_BYTES / line.len() * 3);
        text.push_str("最後一行沒有換行：資訊");
        let cut: Vec<&str> = pieces(&text).collect();
        assert!(cut.len() >= 3, "{} pieces", cut.len());
        assert_eq!(cut.concat(), text);
        assert!(cut[..cut.len() - 1].iter().all(|p| p.ends_with('\n') && p.len() >= PIECE_BYTES));
        let whole = converter().opencc(Config::TW2SP).unwrap().convert(&text).unwrap();
        assert_eq!(converter().convert(Config::TW2SP, &text).unwrap(), whole);
        // A text without any line break is one piece.
        let one = "軟體".repeat(PIECE_BYTES);
        assert_eq!(pieces(&one).count(), 1);
    }

    /// About `bytes` of Traditional text from `seed`: phrases OpenCC rewrites, short and
    /// long lines (some longer than a piece), CRLF, NULs, emoji and characters of the
    /// dictionaries the OpenCC CLI skips by default (遱 → 𫐷).
    fn generated_text(seed: u64, bytes: usize) -> String {
        let words: Vec<&str> =
            "軟體|網路|資訊|記憶體|伺服器|臺灣|滑鼠|印表機|數位|程式設計|遱|鄟|醶|乾隆|頭髮|著名|裡面|後來|🙂|abc |，|。|「|」"
                .split('|')
                .collect();
        let breaks = ["\n", "\n\n", "\r\n", "\0", "\0\0"];
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut text = String::with_capacity(bytes + 64);
        while text.len() < bytes {
            // Now and then a line longer than a piece, so a piece can hold no line break.
            let words_in_line = if rng.usize(..2000) == 0 { PIECE_BYTES / 2 } else { rng.usize(0..40) };
            for _ in 0..words_in_line {
                text.push_str(words[rng.usize(..words.len())]);
            }
            text.push_str(breaks[rng.usize(..breaks.len())]);
        }
        text
    }

    /// Many conversions at once through one handle (each itself on several threads), as
    /// the app's open and translation jobs can make them: OpenCC's calls run side by side
    /// (vendor/opencc-rust/PATCHED.md), and every result is the one a lone call gives.
    #[test]
    fn conversions_at_once_on_one_handle_all_give_the_lone_result() {
        let converter = converter();
        let texts: Vec<String> = (10..14).map(|seed| generated_text(seed, 12 * PIECE_BYTES)).collect();
        let alone: Vec<String> = texts.iter().map(|t| converter.convert(Config::TW2SP, t).unwrap()).collect();
        std::thread::scope(|scope| {
            for round in 0..8 {
                let (texts, alone) = (&texts, &alone);
                scope.spawn(move || {
                    for i in 0..texts.len() * 3 {
                        let k = (i + round) % texts.len();
                        assert!(
                            converter.convert(Config::TW2SP, &texts[k]).unwrap() == alone[k],
                            "text {k}, round {round}"
                        );
                    }
                });
            }
        });
    }

    #[test]
    fn a_long_text_converted_on_several_threads_is_the_same_as_converted_in_one_call_per_line_run() {
        let converter = converter();
        for (seed, config) in [(1, Config::T2S), (2, Config::TW2SP), (3, Config::S2TWP)] {
            let text = generated_text(seed, 40 * PIECE_BYTES);
            assert!(pieces(&text).count() > 8, "several pieces");
            assert!(pieces(&text).any(|piece| piece.len() > 2 * PIECE_BYTES), "a line longer than a piece");
            assert!(text.contains("\0\0") && text.contains("\r\n"), "NULs and CRLF");
            let collect = |threads| {
                let mut out = String::new();
                let mut sizes = Vec::new();
                converter
                    .convert_pieces_on(config, &text, threads, |piece| {
                        out.push_str(piece);
                        sizes.push(piece.len());
                        Ok::<(), ConvertError>(())
                    })
                    .unwrap();
                (out, sizes)
            };
            let (one_thread, one_sizes) = collect(1);
            for threads in [2, 3, 8] {
                let (parallel, sizes) = collect(threads);
                assert!(parallel == one_thread, "{config} on {threads} threads differs from one thread");
                assert_eq!(sizes, one_sizes, "{config}: the same pieces, in order");
            }
            assert!(converter.convert(config, &text).unwrap() == one_thread, "{config}: convert()");
            // Without the cutting: each run between NULs in one OpenCC call.
            let opencc = converter.opencc(config).unwrap();
            let whole: Vec<String> = text.split('\0').map(|part| opencc.convert(part).unwrap()).collect();
            assert!(whole.join("\0") == one_thread, "{config}: pieces change nothing");
        }
    }

    #[test]
    fn a_failing_sink_stops_the_conversion_with_its_error_after_the_pieces_before() {
        #[derive(Debug, PartialEq)]
        enum Failed {
            Sink(usize),
            Convert,
        }
        impl From<ConvertError> for Failed {
            fn from(_: ConvertError) -> Self {
                Failed::Convert
            }
        }
        let text = generated_text(4, 20 * PIECE_BYTES);
        let expected: Vec<String> =
            pieces(&text).map(|piece| converter().convert(Config::T2S, piece).unwrap()).collect();
        for threads in [1, 4] {
            let mut got = Vec::new();
            let result = converter().convert_pieces_on(Config::T2S, &text, threads, |piece| {
                if got.len() == 5 {
                    return Err(Failed::Sink(got.len()));
                }
                got.push(piece.to_owned());
                Ok(())
            });
            assert_eq!(result, Err(Failed::Sink(5)));
            assert!(got == expected[..5], "on {threads} threads: the five pieces before, in order");
        }
    }

    #[test]
    fn nul_bytes_are_kept_not_truncated() {
        assert_eq!(converter().convert(Config::T2S, "軟\0體").unwrap(), "软\0体");
    }

    #[test]
    fn a_configuration_writes_only_its_own_dictionaries_when_first_opened() {
        let dir = tempfile::tempdir().unwrap();
        let converter = Converter::new(dir.path()).unwrap();
        let folder = dir.path().join(dictionaries_folder());
        assert!(!folder.exists(), "nothing is written before a configuration is opened");
        assert_eq!(converter.convert(Config::T2S, "體").unwrap(), "体");
        assert!(folder.join("t2s.json").is_file());
        assert!(folder.join("TSCharacters.ocd2").is_file());
        assert!(!folder.join("tw2sp.json").exists(), "tw2sp was never opened");
        assert!(!folder.join("TWPhrasesRev.ocd2").exists(), "only t2s's dictionaries");
        let left: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "staging folders are removed: {left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_second_converter_reuses_the_written_dictionaries_without_rewriting_them() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        Converter::new(dir.path()).unwrap().convert(Config::TW2SP, "軟體").unwrap();
        let file = dir.path().join(dictionaries_folder()).join("TSCharacters.ocd2");
        let inode = std::fs::metadata(&file).unwrap().ino();
        let again = Converter::new(dir.path()).unwrap();
        assert_eq!(again.convert(Config::TW2SP, "軟體").unwrap(), "软件");
        // t2s shares TSCharacters with tw2sp: it is not written again either.
        assert_eq!(again.convert(Config::T2S, "體").unwrap(), "体");
        assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode);
    }

    #[test]
    fn an_unwritable_data_directory_is_a_dictionaries_error_on_first_use() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, "x").unwrap();
        let converter = Converter::new(&file).unwrap();
        let err = converter.convert(Config::T2S, "體").unwrap_err();
        assert!(matches!(err, ConvertError::Dictionaries { .. }), "{err:?}");
    }
}
