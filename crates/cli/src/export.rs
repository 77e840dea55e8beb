//! `duizhao export`: a document, or some of its rows, in one of the app's copy
//! formats, rendered by the core's `export` module exactly as the app copies and
//! exports it.
//!
//! Formats that show a translation translate first, through the same provider,
//! scheduler and cache as `duizhao translate` (same options); `original` and
//! `simplified` need no provider, and `--no-translate` exports what is there
//! without one. The output goes to standard output, or to `--output` (written
//! atomically: a reader never sees half a file).
//!
//! Exit status: 0 when everything shown was translated; 1 when some blocks were
//! not (the output is still written, with those blocks marked, and they are listed
//! on stderr); 2 for bad input or settings, with nothing written.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use duizhao_core::article::{prepare, Article};
use duizhao_core::convert::ConfigChoice;
use duizhao_core::export::{export_document, render, CopyFormat, FileFormat, Provenance};

use crate::translate::{translate_article, ProviderArgs};
use crate::{converter, import, import_options, write_stdout, Failure, Outcome};

#[derive(clap::Args)]
pub(crate) struct ExportArgs {
    /// File to export; "-" reads standard input.
    source: String,
    /// What to export: translation, original, simplified, bilingual (original then translation,
    /// per block), markdown-table, citation (the translation with its source line).
    #[arg(long, default_value = "translation")]
    format: String,
    /// The kind of file: markdown, text or html. Default: from --output's extension, else text.
    #[arg(long)]
    file_format: Option<String>,
    /// Only these blocks, by their position in `duizhao import`'s list (e.g. "3-5,7"; 1 is the
    /// first block, the title row included, unlike the ¶ numbers of the app's gutter and of
    /// citations, which skip the title and images), rendered as the app copies them.
    #[arg(long, conflicts_with = "file_format")]
    rows: Option<String>,
    /// Write to this file (replaced atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Do not translate (no provider needed): translation formats mark blocks as not translated,
    /// and a citation quotes the original.
    #[arg(long)]
    no_translate: bool,
    /// The date in citations and credit lines (YYYY-MM-DD); default: today.
    #[arg(long)]
    date: Option<String>,
    #[command(flatten)]
    provider: ProviderArgs,
    /// OpenCC configuration for the Simplified text, or "auto".
    #[arg(long, default_value = "auto")]
    config: String,
    /// Decode the input with this encoding instead of detecting it.
    #[arg(long)]
    encoding: Option<String>,
}

pub(crate) fn run(args: ExportArgs) -> Result<(), Failure> {
    let format = parse_format(&args.format)?;
    let file = match (&args.file_format, &args.output) {
        (Some(name), _) => Some(parse_file_format(name)?),
        (None, _) if args.rows.is_some() => None,
        (None, Some(path)) => Some(
            path.extension().and_then(|e| FileFormat::from_extension(&e.to_string_lossy())).unwrap_or(FileFormat::Text),
        ),
        (None, None) => Some(FileFormat::Text),
    };
    let date = match &args.date {
        Some(date) => parse_date(date)?,
        None => chrono::Local::now().format("%Y-%m-%d").to_string(),
    };
    let choice = ConfigChoice::parse(&args.config)?;
    let options = import_options(args.encoding.as_deref())?;
    let document = import(&args.source, options, args.provider.proxy.as_deref())?;
    let article = prepare(document, choice, converter()?)?;
    let ids = args.rows.as_deref().map(|rows| row_ids(&article, rows)).transpose()?;

    let mut provenance = Provenance { date, ..Provenance::default() };
    let mut translations = HashMap::new();
    let mut outcome = Ok(());
    if format.uses_translation() && !args.no_translate {
        let only: Option<HashSet<String>> = ids.as_ref().map(|ids| ids.iter().cloned().collect());
        let translated = translate_article(&article, &args.provider, only.as_ref())?;
        let mut engines = Vec::new();
        for block in &article.blocks {
            if let Some(Outcome::Done(text, by)) = translated.outcomes.get(&block.id) {
                translations.insert(block.id.clone(), text.clone());
                engines.extend(*by);
            }
        }
        provenance = translated.profile.provenance(&translated.target, &provenance.date).with_engines(&engines);
        outcome = translated.report(&article, only.as_ref());
    }

    let out = match file {
        None => render(&article, &translations, ids.as_deref(), format, &provenance) + "\n",
        Some(file) => export_document(&article, &translations, format, file, &provenance),
    };
    match &args.output {
        Some(path) => duizhao_core::fs::write_atomically(path, out.as_bytes())
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?,
        None => write_stdout(out.as_bytes())?,
    }
    outcome
}

fn parse_format(name: &str) -> Result<CopyFormat, Failure> {
    Ok(match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "translation" => CopyFormat::Translation,
        "original" => CopyFormat::Original,
        "simplified" => CopyFormat::Simplified,
        "bilingual" => CopyFormat::Bilingual,
        "markdown-table" | "table" => CopyFormat::MarkdownTable,
        "citation" => CopyFormat::Citation,
        _ => {
            return Err(Failure(format!(
                "unknown export format {name:?} (expected translation, original, simplified, bilingual, markdown-table or citation)"
            )))
        }
    })
}

fn parse_file_format(name: &str) -> Result<FileFormat, Failure> {
    match name.trim().to_ascii_lowercase().as_str() {
        "markdown" | "md" => Ok(FileFormat::Markdown),
        "text" | "txt" => Ok(FileFormat::Text),
        "html" => Ok(FileFormat::Html),
        _ => Err(Failure(format!("unknown file format {name:?} (expected markdown, text or html)"))),
    }
}

fn parse_date(date: &str) -> Result<String, Failure> {
    chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| Failure(format!("--date must be a date like 2026-11-29, not {date:?}")))
}

/// The ids of the rows in `spec` ("3-5,7": 1-based, as `duizhao import` numbers them).
fn row_ids(article: &Article, spec: &str) -> Result<Vec<String>, Failure> {
    let count = article.blocks.len();
    let bad = || {
        Failure(format!(
            "--rows takes row numbers and ranges like 3-5,7 (the document has rows 1-{count}), not {spec:?}"
        ))
    };
    let mut rows = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (first, last) = match part.split_once(['-', '–']) {
            Some((a, b)) => {
                (a.trim().parse::<usize>().map_err(|_| bad())?, b.trim().parse::<usize>().map_err(|_| bad())?)
            }
            None => {
                let n = part.parse::<usize>().map_err(|_| bad())?;
                (n, n)
            }
        };
        if first == 0 || first > last || last > count {
            return Err(bad());
        }
        rows.extend(first..=last);
    }
    if rows.is_empty() {
        return Err(bad());
    }
    Ok(rows.into_iter().map(|n| article.blocks[n - 1].id.clone()).collect())
}
