//! The UI's TypeScript bindings, written from the Rust types by the test build
//! (`cargo test` / `cargo nextest run`): nothing that crosses IPC is declared by
//! hand in TypeScript. Three files in
//! ui/src/lib/bindings/:
//!
//! - `types.ts`: every type a command takes or returns, from `#[derive(ts_rs::TS)]`
//!   on the core's types (its `ts` feature, which only this test build turns on)
//!   and on the shell's DTOs (`cfg_attr(test)`), sorted by name;
//! - `providers.ts`: the provider registry's rows (`ProviderKind::ALL`, `meta()`);
//! - `constants.ts`: the limits the core validates with and the defaults it starts from;
//! - `new-user.json`: what a new install's shell answers the calls the first screen is drawn
//!   from (the sample, the preferences, the translation settings), by command: the
//!   interface's build draws a new user's first screen from it
//!   (ui/scripts/prerender-first-screen.mjs; not part of the app's bundle).
//!
//! The files are committed; scripts/test.sh fails when the tests left them
//! different from the commit (a stale binding), so a change to a Rust type
//! goes with its TypeScript in one commit.

use std::collections::BTreeMap;
use std::path::Path;

use duizhao_core::article::{Article, ArticleBlock};
use duizhao_core::convert::{Change, Config as OpenccConfig, Region, Script};
use duizhao_core::document::{BlockKind, Chapter, Format, Meta};
use duizhao_core::error::ErrorKind;
use duizhao_core::export::{Column, CopyFormat, FileFormat};
use duizhao_core::net::{ManualProxy, Proxy, DEFAULT_BYPASS, PROXY_SCHEMES};
use duizhao_core::prefs::{ColumnPref, Layout, ReaderPrefs, Theme, UiLanguage};
use duizhao_core::store::{Library, LibraryEntry};
use duizhao_core::translate::custom::CustomTemplate;
use duizhao_core::translate::discover::ServerKind;
use duizhao_core::translate::ProviderKind;
use duizhao_core::{prefs, settings};
use serde::Serialize;
use ts_rs::{Config, TS};

use crate::desktop::LogsShown;
use crate::error::AppError;
use crate::glossary::GlossaryView;
use crate::library::{Renamed, Reopened};
use crate::translation::{
    FirstRunChoice, KeyPlace, KeychainStatus, KeychainView, KindInfo, LocalServerView, ProfileDto, ProfileView,
    TranslationEvent, TranslationSettings,
};
use crate::updates::{UpdateCheck, UpdateFailure, UpdateFailureReason, UpdateProgress};

/// Where the files go, from the repository root (the app package's directory).
const OUT_DIR: &str = "ui/src/lib/bindings";

fn header(what: &str) -> String {
    format!(
        "// Generated from the Rust types by src-tauri/src/bindings.rs (`cargo nextest run`): do not edit.\n\
         // {what}\n\
         // scripts/test.sh fails when this file differs from what the Rust code generates.\n"
    )
}

/// An OpenCC configuration as the toolbar lists it (`Config::ALL`): the UI knows the list
/// without asking the shell, so the conversion picker is complete in the first frame.
#[derive(Serialize, TS)]
struct ConfigInfo {
    /// OpenCC's name, e.g. "tw2sp".
    name: &'static str,
    /// What it does, in words, e.g. "Traditional (Taiwan) → Simplified, with phrases".
    label: &'static str,
}

/// A provider as the UI knows it without asking the shell: one row of the
/// core's registry (`ProviderKind::meta`).
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
struct ProviderInfo {
    kind: ProviderKind,
    /// How Settings lists it.
    label: &'static str,
    /// What new profiles are named by ("DeepL · 127.0.0.1:8080").
    short_name: &'static str,
    /// The service a citation or a row's "translated by" names; null for providers named
    /// otherwise (an LLM server by its model, the web chain by its engines).
    service: Option<&'static str>,
    /// A key is required (LibreTranslate and local LLM servers may run without).
    needs_key: bool,
    /// A free web engine or their chain: no key, the text goes to a company's public translator.
    web: bool,
    /// The public endpoint, used when a profile leaves the base URL empty.
    default_base_url: &'static str,
    /// Batching and pacing defaults (a profile may override concurrency and rate).
    limits: ProviderLimits,
    /// A chat model API: a model is required; stream, temperature and system prompt apply.
    llm: bool,
    /// Takes a region (Azure's resource region, Tencent's); its default, "" for none.
    region: Option<&'static str>,
    /// The key is a pair kept as one entry, "ID:SECRET": the names of its two parts.
    key_pair: Option<(&'static str, &'static str)>,
}

/// A provider's request limits (`translate::Limits`).
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
struct ProviderLimits {
    /// Texts (segments) per request.
    max_texts: usize,
    /// Characters of text per request.
    max_chars: usize,
    /// Requests in flight at once.
    concurrency: usize,
    /// Requests started per second.
    requests_per_second: f64,
}

impl ProviderInfo {
    fn of(kind: ProviderKind) -> ProviderInfo {
        let meta = kind.meta();
        ProviderInfo {
            kind,
            label: meta.label,
            short_name: meta.short_name,
            service: meta.service,
            needs_key: meta.needs_key,
            web: meta.web,
            default_base_url: meta.default_base_url,
            limits: ProviderLimits {
                max_texts: meta.limits.max_texts,
                max_chars: meta.limits.max_chars,
                concurrency: meta.limits.concurrency,
                requests_per_second: meta.limits.requests_per_second,
            },
            llm: meta.llm,
            region: meta.region,
            key_pair: meta.key_pair,
        }
    }
}

/// One exported declaration and the names it refers to.
struct Decl {
    name: String,
    text: String,
    uses: Vec<String>,
}

fn decl<T: TS + 'static>(cfg: &Config) -> Decl {
    let mut text = T::docs().unwrap_or_default();
    text.push_str("export ");
    text.push_str(&layout(&T::decl(cfg)));
    Decl { name: T::ident(cfg), text, uses: T::dependencies(cfg).into_iter().map(|d| d.ts_name).collect() }
}

/// ts-rs writes a declaration on one line, with field docs between the fields;
/// this puts each field of an object type on a line of its own, its doc above
/// it, indented by nesting, and each alternative of a long union on its own
/// line. An object without docs that fits in `SHORT` stays on one line.
fn layout(decl: &str) -> String {
    const SHORT: usize = 72;
    const LONG: usize = 100;
    let chars: Vec<char> = decl.chars().collect();
    let mut out = String::new();
    // The open brackets: '{' of an object laid out on lines, '<' '[' '(' and
    // '=' for one kept on one line, whose commas stay where they are.
    let mut stack: Vec<char> = Vec::new();
    // Inside a union laid out a line per alternative, everything is one level deeper.
    let union = chars.len() > LONG && top_level_union(&chars);
    let indent =
        |stack: &[char], union: bool| "  ".repeat(stack.iter().filter(|&&c| c == '{').count() + usize::from(union));
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().take(3).collect();
        let c = chars[i];
        if rest == "/**" {
            let end = (i..chars.len()).find(|&j| chars[j] == '/' && j > i + 2 && chars[j - 1] == '*').unwrap();
            let comment: String = chars[i..=end].iter().collect();
            let pad = indent(&stack, union);
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            out.push('\n');
            for (n, line) in comment.lines().enumerate() {
                let line = line.trim();
                out.push_str(&pad);
                if n > 0 {
                    out.push(' ');
                }
                out.push_str(line);
                out.push('\n');
            }
            out.push_str(&pad);
            i = end + 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            continue;
        }
        match c {
            '"' => {
                let end = (i + 1..chars.len()).find(|&j| chars[j] == '"').unwrap();
                out.extend(&chars[i..=end]);
                i = end + 1;
                continue;
            }
            '{' => {
                let close = matching(&chars, i);
                let inner: String = chars[i..=close].iter().collect();
                if !inner.contains("/**") && inner.len() <= SHORT {
                    out.push_str(&inner.replace(", }", " }"));
                    i = close + 1;
                    continue;
                }
                stack.push('{');
                out.push('{');
                out.push('\n');
                out.push_str(&indent(&stack, union));
            }
            '}' => {
                stack.pop();
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                out.push('\n');
                out.push_str(&indent(&stack, union));
                out.push('}');
            }
            '<' | '[' | '(' => {
                stack.push(c);
                out.push(c);
            }
            '>' | ']' | ')' => {
                stack.pop();
                out.push(c);
            }
            ',' if stack.last() == Some(&'{') => {
                out.push(',');
                out.push('\n');
                out.push_str(&indent(&stack, union));
            }
            // A long union: one alternative a line.
            '|' if stack.is_empty() && union => {
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                out.push_str("\n  |");
            }
            c if c.is_whitespace() && out.ends_with(|e: char| e.is_whitespace()) => {}
            c => out.push(c),
        }
        i += 1;
    }
    if union {
        out = out.replacen(" = ", " =\n  | ", 1);
    }
    out
}

/// Whether the declaration is a union at its top level (not only inside a field).
fn top_level_union(chars: &[char]) -> bool {
    let (mut depth, mut i) = (0, 0);
    while i < chars.len() {
        match chars[i] {
            '"' => i = (i + 1..chars.len()).find(|&j| chars[j] == '"').unwrap(),
            '/' if chars.get(i + 1) == Some(&'*') => {
                i = (i + 2..chars.len()).find(|&j| chars[j] == '/' && chars[j - 1] == '*').unwrap();
            }
            '{' | '<' | '[' | '(' => depth += 1,
            '}' | '>' | ']' | ')' => depth -= 1,
            '|' if depth == 0 => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// The index of the bracket closing the one at `open` (strings and docs skipped).
fn matching(chars: &[char], open: usize) -> usize {
    let (mut depth, mut i) = (0, open);
    loop {
        match chars[i] {
            '"' => i = (i + 1..chars.len()).find(|&j| chars[j] == '"').unwrap(),
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i = (i + 2..chars.len()).find(|&j| chars[j] == '/' && chars[j - 1] == '*').unwrap();
            }
            _ => {}
        }
        i += 1;
    }
}

fn types_file(cfg: &Config) -> String {
    let decls = vec![
        // duizhao-core
        decl::<Article>(cfg),
        decl::<ArticleBlock>(cfg),
        decl::<BlockKind>(cfg),
        decl::<Change>(cfg),
        decl::<Chapter>(cfg),
        decl::<Column>(cfg),
        decl::<ColumnPref>(cfg),
        decl::<OpenccConfig>(cfg),
        decl::<CopyFormat>(cfg),
        decl::<CustomTemplate>(cfg),
        decl::<Meta>(cfg),
        decl::<FileFormat>(cfg),
        decl::<ErrorKind>(cfg),
        decl::<Format>(cfg),
        decl::<Layout>(cfg),
        decl::<LibraryEntry>(cfg),
        decl::<ManualProxy>(cfg),
        decl::<ProviderKind>(cfg),
        decl::<Proxy>(cfg),
        decl::<ReaderPrefs>(cfg),
        decl::<Region>(cfg),
        decl::<Script>(cfg),
        decl::<ServerKind>(cfg),
        decl::<Theme>(cfg),
        decl::<UiLanguage>(cfg),
        // the shell's DTOs
        decl::<AppError>(cfg),
        decl::<ConfigInfo>(cfg),
        decl::<crate::first_screen::FirstScreen>(cfg),
        decl::<FirstRunChoice>(cfg),
        decl::<KeyPlace>(cfg),
        decl::<KeychainStatus>(cfg),
        decl::<KeychainView>(cfg),
        decl::<KindInfo>(cfg),
        decl::<LocalServerView>(cfg),
        decl::<ProfileDto>(cfg),
        decl::<ProfileView>(cfg),
        decl::<Renamed>(cfg),
        decl::<Reopened>(cfg),
        decl::<TranslationEvent>(cfg),
        decl::<crate::translation::CachedRow>(cfg),
        decl::<crate::translation::TranslationColumn>(cfg),
        decl::<GlossaryView>(cfg),
        decl::<duizhao_core::glossary::Term>(cfg),
        decl::<duizhao_core::glossary::MissingTerm>(cfg),
        decl::<duizhao_core::glossary::TableFormat>(cfg),
        decl::<duizhao_core::job::TranslationEstimate>(cfg),
        decl::<crate::translation::Failure>(cfg),
        decl::<TranslationSettings>(cfg),
        decl::<LogsShown>(cfg),
        decl::<UpdateCheck>(cfg),
        decl::<UpdateFailure>(cfg),
        decl::<UpdateFailureReason>(cfg),
        decl::<UpdateProgress>(cfg),
        // this file's
        decl::<ProviderInfo>(cfg),
        decl::<ProviderLimits>(cfg),
    ];
    let mut by_name = BTreeMap::new();
    for d in decls {
        let name = d.name.clone();
        assert!(by_name.insert(name.clone(), d).is_none(), "{name} is declared twice");
    }
    for d in by_name.values() {
        for used in &d.uses {
            assert!(
                by_name.contains_key(used),
                "{} refers to {used}, which has no binding: derive ts_rs::TS for it and list it here",
                d.name
            );
        }
    }
    let mut out = header("Every type a command takes or returns, sorted by name.");
    for d in by_name.values() {
        out.push('\n');
        out.push_str(&d.text);
        out.push('\n');
    }
    out
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serializes")
}

/// `value` as pretty JSON, every line after the first indented by `indent`.
fn pretty<T: Serialize>(value: &T, indent: &str) -> String {
    let text = serde_json::to_string_pretty(value).expect("plain data serializes");
    text.replace('\n', &format!("\n{indent}"))
}

fn providers_file() -> String {
    let mut out = header("The provider registry's rows (crates/core/src/translate/provider.rs).");
    out.push_str("import type { ProviderInfo, ProviderKind } from \"./types\";\n\n");
    out.push_str("/** Every provider, in the order Settings lists them (`ProviderKind::ALL`). */\n");
    let kinds: Vec<String> = ProviderKind::ALL.iter().map(json).collect();
    out.push_str(&format!("export const PROVIDER_KINDS: readonly ProviderKind[] = [{}];\n\n", kinds.join(", ")));
    out.push_str("/** Each provider's row (`ProviderKind::meta`). */\n");
    out.push_str("export const PROVIDERS: Readonly<Record<ProviderKind, ProviderInfo>> = {\n");
    for kind in ProviderKind::ALL {
        out.push_str(&format!("  {}: {},\n", json(&kind), pretty(&ProviderInfo::of(kind), "  ")));
    }
    out.push_str("};\n");
    out
}

fn constants_file() -> String {
    let constants: &[(&str, &str, String)] = &[
        (
            "MAX_PROFILE_NAME_CHARS",
            "The longest profile name, in characters (`settings::MAX_PROFILE_NAME_CHARS`).",
            json(&settings::MAX_PROFILE_NAME_CHARS),
        ),
        ("MIN_TEMPERATURE", "A profile's lowest LLM temperature.", json(&settings::MIN_TEMPERATURE)),
        ("MAX_TEMPERATURE", "A profile's highest LLM temperature.", json(&settings::MAX_TEMPERATURE)),
        ("MIN_CONCURRENCY", "The fewest requests in flight a profile may ask for.", json(&settings::MIN_CONCURRENCY)),
        (
            "MIN_TIMEOUT_SECONDS",
            "The shortest request timeout a profile may set, in seconds.",
            json(&settings::MIN_TIMEOUT_SECONDS),
        ),
        ("MIN_FONT_SIZE", "The smallest reading text size, in CSS px.", json(&prefs::MIN_FONT_SIZE)),
        ("MAX_FONT_SIZE", "The largest reading text size, in CSS px.", json(&prefs::MAX_FONT_SIZE)),
        ("MAX_FONT_FAMILY_CHARS", "The longest font family name, in characters.", json(&prefs::MAX_FONT_FAMILY_CHARS)),
        ("MAX_TITLE_CHARS", "The longest title a library entry may be given.", json(&Library::MAX_TITLE_CHARS)),
        ("DEFAULT_BYPASS", "What a new manual proxy bypasses: this computer.", json(DEFAULT_BYPASS)),
        (
            "FIRST_SCREEN_BLOCKS",
            "How many blocks an open answers with at most; the rest is asked for (`article_rest`).",
            json(&crate::commands::FIRST_SCREEN_BLOCKS),
        ),
    ];
    let mut out = header("The limits the core validates with and the defaults it starts from.");
    out.push_str("import type { ConfigInfo, ReaderPrefs } from \"./types\";\n");
    for (name, doc, value) in constants {
        out.push_str(&format!("\n/** {doc} */\nexport const {name} = {value};\n"));
    }
    out.push_str(&format!(
        "\n/** The schemes a manual proxy's address may use. */\nexport const PROXY_SCHEMES = [{}] as const;\n",
        PROXY_SCHEMES.iter().map(json).collect::<Vec<_>>().join(", ")
    ));
    out.push_str(&format!(
        "\n/** The reader preferences of a new install (`ReaderPrefs::default`). */\n\
         export const DEFAULT_READER_PREFS: ReaderPrefs = {};\n",
        pretty(&ReaderPrefs::default(), "")
    ));
    let configs: Vec<ConfigInfo> =
        OpenccConfig::ALL.iter().map(|c| ConfigInfo { name: c.name(), label: c.label() }).collect();
    out.push_str(&format!(
        "\n/** The OpenCC configurations the shell converts with, in the picker's order (`Config::ALL`). */\n\
         export const CONVERSION_CONFIGS: readonly ConfigInfo[] = {};\n",
        pretty(&configs, "")
    ));
    out
}

/// What a new install's shell answers the three calls the first screen is drawn from, by
/// command: the sample as `open_first` answers a launch without a file (the automatic
/// conversion, its first screen of blocks), the default reader preferences, and the
/// translation settings of a new install (no profile, no choice made yet).
fn new_user_file() -> String {
    let dir = std::env::temp_dir().join(format!("duizhao-bindings-sample-{}", std::process::id()));
    let converter = duizhao_core::convert::Converter::new(&dir).expect("a converter");
    let document = duizhao_core::sample::sample_document().expect("the sample imports");
    let mut article = duizhao_core::article::prepare(document, duizhao_core::convert::ConfigChoice::Auto, &converter)
        .expect("the sample converts");
    let _ = std::fs::remove_dir_all(&dir);
    let answers = serde_json::json!({
        "open_first": crate::commands::first_screen(&mut article),
        "get_reader_prefs": ReaderPrefs::default(),
        "get_translation_settings": crate::translation::new_install_view(),
    });
    let mut text = serde_json::to_string_pretty(&answers).expect("plain data serializes");
    text.push('\n');
    text
}

/// Writes `text` to `path` unless it is there already (an unchanged file keeps
/// its time, so a running Vite does not reload for nothing).
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

#[test]
fn typescript_bindings_are_written() {
    let cfg = Config::new().with_large_int("number");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(OUT_DIR);
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        ("types.ts", types_file(&cfg)),
        ("providers.ts", providers_file()),
        ("constants.ts", constants_file()),
        ("new-user.json", new_user_file()),
    ];
    for (name, text) in &files {
        write_if_changed(&dir.join(name), text);
    }
    // A file no longer generated goes, so the staleness check sees it gone.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !files.iter().any(|(name, _)| path.file_name().is_some_and(|n| n == *name)) {
            std::fs::remove_file(&path).unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
        }
    }
}
