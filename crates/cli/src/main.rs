//! `duizhao`: the headless face of duizhao-core. Every command calls the same core
//! functions the app does (`document::import_*`, `article::prepare`), so what the
//! CLI prints is what the reader shows.
//!
//! Errors: a one-line message on stderr (`duizhao: <what went wrong>`) and exit
//! status 2; never a panic on user input.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use duizhao_core::article::{prepare, Article};
use duizhao_core::convert::{self, ConfigChoice, Converter};
use duizhao_core::document::{self, encoding_for_label, Document, ImportError, ImportOptions};

#[derive(Parser)]
#[command(name = "duizhao", version, about = "Read Chinese articles side by side: import, convert (OpenCC 1.4).")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert text with OpenCC and print it (byte-for-byte OpenCC 1.4's output).
    Convert {
        /// OpenCC configuration (s2t, t2s, tw2sp, hk2s, …) or "auto" to detect it.
        #[arg(long, default_value = "auto")]
        config: String,
        /// Decode the input with this encoding instead of detecting it (utf-8, big5, gb18030, utf-16le, …).
        #[arg(long)]
        encoding: Option<String>,
        /// File to convert; "-" or nothing reads standard input.
        path: Option<String>,
    },
    /// Import a document (.txt, .md, .html, .docx, .epub, or a web page by its http(s) address)
    /// and show its blocks with their conversion.
    Import {
        /// File or web address (http://… or https://…) to import; "-" reads standard input.
        source: String,
        /// Print the document as JSON.
        #[arg(long)]
        json: bool,
        /// OpenCC configuration or "auto".
        #[arg(long, default_value = "auto")]
        config: String,
        /// Decode the input with this encoding instead of detecting it.
        #[arg(long)]
        encoding: Option<String>,
        /// Fetch a web page through this proxy (an address, "direct" or "system"; as for translate).
        #[arg(long)]
        proxy: Option<String>,
    },
    /// Translate a document with a provider profile or an ad-hoc provider.
    Translate(TranslateArgs),
    /// Export a document (or some rows) as the app copies it: translation, original, simplified,
    /// bilingual, markdown-table or citation, as Markdown, plain text or HTML.
    Export(export::ExportArgs),
    /// List the OpenCC configurations.
    Configs,
    /// List the local translation servers running on this computer (Ollama, LM Studio,
    /// llama.cpp/vLLM, LibreTranslate) and their models. DUIZHAO_LOCAL_SERVERS=KIND=URL,…
    /// (or "none") says where to look instead of the usual ports.
    Servers(servers::ServersArgs),
}

#[derive(clap::Args)]
struct TranslateArgs {
    /// File to translate; "-" reads standard input.
    source: String,
    #[command(flatten)]
    provider: translate::ProviderArgs,
    /// Output: text (translations), json (import JSON with translation and status per block),
    /// bilingual (original then translation, per block).
    #[arg(long, default_value = "text")]
    format: String,
    /// OpenCC configuration for the Simplified column of the JSON output, or "auto".
    #[arg(long, default_value = "auto")]
    config: String,
    /// Decode the input with this encoding instead of detecting it.
    #[arg(long)]
    encoding: Option<String>,
}

mod export;
mod servers;
mod translate;

/// A failure to report: one line, exit status 2 (or `status` when set).
pub(crate) struct Failure(pub(crate) String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        // Some blocks failed: they were listed on stderr already.
        Err(Failure(message)) if message.is_empty() => ExitCode::from(1),
        Err(Failure(message)) => {
            let line = message.replace('\n', " ");
            let _ = writeln!(std::io::stderr(), "duizhao: {line}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Convert { config, encoding, path } => {
            let choice = ConfigChoice::parse(&config)?;
            let options = import_options(encoding.as_deref())?;
            let (bytes, shown) = read_source(path.as_deref().unwrap_or("-"))?;
            if bytes.is_empty() {
                return Ok(());
            }
            let decoded = document::decode(&bytes, options.encoding).map_err(|e| e.in_file(&shown))?;
            let converter = converter()?;
            let config = match choice {
                ConfigChoice::Fixed(config) => Some(config),
                ConfigChoice::Auto => convert::detect(converter, &decoded.text)?.config,
            };
            let Some(config) = config else { return write_stdout(decoded.text.as_bytes()) };
            // Each converted piece is written as it comes, without building the whole result.
            let mut stdout = std::io::stdout().lock();
            let written = converter
                .convert_pieces(config, &decoded.text, |piece| stdout.write_all(piece.as_bytes()).map_err(Stop::Write));
            match written.and_then(|()| stdout.flush().map_err(Stop::Write)) {
                Ok(()) => Ok(()),
                Err(Stop::Write(e)) => written_out(Err(e)),
                Err(Stop::Convert(e)) => Err(e.into()),
            }
        }
        Command::Import { source, json, config, encoding, proxy } => {
            let choice = ConfigChoice::parse(&config)?;
            let options = import_options(encoding.as_deref())?;
            let document = import(&source, options, proxy.as_deref())?;
            let article = prepare(document, choice, converter()?)?;
            let out = if json { import_json(&article, None) + "\n" } else { import_text(&article) };
            write_stdout(out.as_bytes())
        }
        Command::Translate(args) => translate::run(args),
        Command::Export(args) => export::run(args),
        Command::Servers(args) => servers::run(args),
        Command::Configs => {
            let mut out = String::new();
            for config in convert::Config::ALL {
                out.push_str(&format!("{:<6} {}\n", config.name(), config.label()));
            }
            write_stdout(out.as_bytes())
        }
    }
}

pub(crate) fn import_options(encoding: Option<&str>) -> Result<ImportOptions, Failure> {
    let encoding = match encoding {
        None => None,
        Some(label) => {
            Some(encoding_for_label(label).ok_or_else(|| ImportError::UnknownEncodingName { name: label.to_owned() })?)
        }
    };
    Ok(ImportOptions { encoding })
}

/// The command's converter, opened once: an article is prepared with it and a
/// translation job's conversions reuse its open dictionaries (a second converter
/// cost 50 ms of loading them again). It is never dropped: freeing OpenCC's
/// dictionaries takes 40–60 ms, and the process ends with the command.
pub(crate) fn converter() -> Result<&'static Converter, Failure> {
    static CONVERTER: std::sync::OnceLock<Converter> = std::sync::OnceLock::new();
    if let Some(converter) = CONVERTER.get() {
        return Ok(converter);
    }
    let opened = Converter::new(&duizhao_core::paths::default_data_dir())?;
    Ok(CONVERTER.get_or_init(|| opened))
}

/// Reads a file or standard input ("-"), with the same checks as the app.
fn read_source(source: &str) -> Result<(Vec<u8>, String), Failure> {
    if source == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(document::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure(format!("cannot read standard input: {e}")))?;
        if bytes.len() as u64 > document::MAX_FILE_BYTES {
            return Err(ImportError::TooLarge { limit_bytes: document::MAX_FILE_BYTES }
                .in_file("standard input")
                .into());
        }
        return Ok((bytes, "standard input".to_owned()));
    }
    Ok((document::read_file(Path::new(source))?, source.to_owned()))
}

/// Imports a file, standard input ("-") or a web page; a page is fetched through
/// `proxy` (`--proxy`), else the settings' proxy, else the system's.
pub(crate) fn import(source: &str, options: ImportOptions, proxy: Option<&str>) -> Result<Document, Failure> {
    // An address ("https://…", and any other scheme, which gets its own error).
    if source.contains("://") {
        let settings = match proxy {
            Some(_) => duizhao_core::settings::Settings::default(),
            None => duizhao_core::settings::Settings::load(&duizhao_core::paths::default_config_dir())?,
        };
        let (proxy, proxy_password) = translate::proxy_for(proxy, &settings, None)?;
        let fetch = document::FetchOptions { proxy, proxy_password, ..document::FetchOptions::default() };
        return Ok(document::import_url_blocking(source, &fetch)?);
    }
    if source == "-" {
        let (bytes, shown) = read_source(source)?;
        return Ok(document::import_bytes(&bytes, "-", "", options).map_err(|e| e.in_file(&shown))?);
    }
    Ok(document::import_path(Path::new(source), options)?)
}

/// How one block's translation ended, for `translate --format json`.
pub(crate) enum Outcome {
    /// The translation, and which provider made it (the `web` chain's engine), when known.
    Done(String, Option<duizhao_core::translate::ProviderKind>),
    Failed(String),
}

/// The import JSON: `{"title", "source", "encoding", "format", "script", "config",
/// "meta": {"url", "byline", "published"}, "chapters": [{"title", "firstBlock"}],
/// "blocks": [{"id", "kind", "text", "simplified", "changes": [[start, end], …]}]}`.
/// Offsets count Unicode scalar values in `simplified`. With `outcomes` (the
/// `translate` command), each block also has `translation` and `status` ("done",
/// or "failed" with `error`), and `engine`: the provider that translated it
/// ("edge", "google-web", "transmart" for the `web` chain; the profile's kind otherwise).
pub(crate) fn import_json(article: &Article, outcomes: Option<&HashMap<String, Outcome>>) -> String {
    #[derive(serde::Serialize)]
    struct JsonBlock<'a> {
        id: &'a str,
        kind: &'static str,
        text: &'a str,
        simplified: &'a str,
        changes: Vec<[usize; 2]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        translation: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        engine: Option<&'static str>,
    }
    #[derive(serde::Serialize)]
    struct JsonArticle<'a> {
        title: &'a str,
        source: &'a str,
        encoding: &'static str,
        format: &'static str,
        script: &'static str,
        config: Option<&'static str>,
        meta: &'a document::Meta,
        chapters: &'a [document::Chapter],
        blocks: Vec<JsonBlock<'a>>,
    }
    let json = JsonArticle {
        title: &article.title,
        source: &article.source,
        encoding: article.encoding,
        format: article.format.as_str(),
        script: article.script.as_str(),
        config: article.config.map(duizhao_core::convert::Config::name),
        meta: &article.meta,
        chapters: &article.chapters,
        blocks: article
            .blocks
            .iter()
            .map(|b| {
                let outcome = outcomes.map(|o| o.get(&b.id));
                let (translation, status, error, engine) = match outcome {
                    None => (None, None, None, None),
                    Some(Some(Outcome::Done(text, by))) => {
                        (Some(text.as_str()), Some("done"), None, by.map(duizhao_core::translate::ProviderKind::name))
                    }
                    Some(Some(Outcome::Failed(error))) => (None, Some("failed"), Some(error.as_str()), None),
                    Some(None) => (None, Some("failed"), Some("not translated"), None),
                };
                JsonBlock {
                    id: &b.id,
                    kind: b.kind.as_str(),
                    text: &b.text,
                    simplified: &b.simplified,
                    changes: b.changes.iter().map(|c| [c.start, c.end]).collect(),
                    translation,
                    status,
                    error,
                    engine,
                }
            })
            .collect(),
    };
    serde_json::to_string(&json).expect("serialising plain strings and numbers cannot fail")
}

/// A readable listing: a header, then each block's original and conversion.
fn import_text(article: &Article) -> String {
    let mut out = format!(
        "{}\nsource: {}\nencoding: {}{}\nscript: {}\nconfig: {}{}\n",
        article.title,
        article.source,
        article.encoding,
        if article.bom { " (BOM)" } else { "" },
        article.script.as_str(),
        article.config.map(duizhao_core::convert::Config::name).unwrap_or("none"),
        if article.config_auto { " (auto)" } else { "" },
    );
    if let Some(note) = &article.note {
        out.push_str(&format!("note: {note}\n"));
    }
    let meta = &article.meta;
    for (label, value) in [("url", &meta.url), ("byline", &meta.byline), ("published", &meta.published)] {
        if let Some(value) = value {
            out.push_str(&format!("{label}: {value}\n"));
        }
    }
    for chapter in &article.chapters {
        out.push_str(&format!("chapter: [{}] {}\n", chapter.first_block + 1, chapter.title));
    }
    for (i, b) in article.blocks.iter().enumerate() {
        out.push_str(&format!("\n[{}] {}\n{}\n", i + 1, b.kind.as_str(), b.text));
        if b.simplified != b.text {
            out.push_str(&format!("→ {}\n", b.simplified));
        }
    }
    out
}

pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    written_out(stdout.write_all(bytes).and_then(|()| stdout.flush()))
}

/// Why `duizhao convert` stopped before the end of its text.
enum Stop {
    Write(std::io::Error),
    Convert(convert::ConvertError),
}

impl From<convert::ConvertError> for Stop {
    fn from(e: convert::ConvertError) -> Self {
        Stop::Convert(e)
    }
}

/// The outcome of writing to standard output.
fn written_out(result: std::io::Result<()>) -> Result<(), Failure> {
    match result {
        Ok(()) => Ok(()),
        // A closed pipe (`duizhao … | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure(format!("cannot write output: {e}"))),
    }
}
