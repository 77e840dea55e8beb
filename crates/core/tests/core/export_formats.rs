//! Data-driven tests of every copy and export format (tests/export/README.md).
//!
//! Each `tests/export/cases/<name>.json` names an article from
//! `tests/export/articles/`, one of its translation sets, a selection, a copy
//! format and, for whole-document exports, a file format; the expected output is
//! `<name>.expected.<txt|md|html>` beside it. Every case runs, and every failing
//! one is reported with a line diff. `DUIZHAO_BLESS=1` writes the expected files
//! from the current output instead (review them before committing).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use duizhao_core::article::{Article, ArticleBlock};
use duizhao_core::convert::{Config, Region, Script};
use duizhao_core::document::{BlockKind, Format, Meta};
use duizhao_core::export::{export_compared, render_compared, Compare, CopyFormat, FileFormat, Provenance};
use serde::Deserialize;

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/export"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleSpec {
    #[allow(dead_code)]
    about: String,
    title: String,
    source: String,
    #[serde(default)]
    meta: MetaSpec,
    script: String,
    region: Option<String>,
    config: Option<String>,
    blocks: Vec<BlockSpec>,
    translations: HashMap<String, HashMap<String, String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MetaSpec {
    url: Option<String>,
    byline: Option<String>,
    published: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockSpec {
    /// Default: "b" and the 1-based row number.
    id: Option<String>,
    kind: String,
    #[serde(default)]
    level: u8,
    text: String,
    /// Default: the text.
    simplified: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    about: String,
    article: String,
    /// A translation set of the article.
    translations: String,
    /// Block ids, in the order the UI might send them; absent: the whole document.
    select: Option<Vec<String>>,
    format: CopyFormat,
    /// Absent: the clipboard (`render`); present: `export_document`.
    file: Option<FileFormat>,
    provenance: Option<Provenance>,
    /// A translation set of the article shown as the comparison column.
    compare: Option<String>,
    #[serde(rename = "compareProvenance")]
    compare_provenance: Option<Provenance>,
}

fn kind(name: &str) -> BlockKind {
    match name {
        "heading" => BlockKind::Heading,
        "paragraph" => BlockKind::Paragraph,
        "quote" => BlockKind::Quote,
        "list_item" => BlockKind::ListItem,
        "image" => BlockKind::Image,
        "code" => BlockKind::Code,
        other => panic!("unknown block kind {other:?}"),
    }
}

/// The article, built without OpenCC: the fixture gives each block's conversion.
fn load_article(name: &str) -> (Article, HashMap<String, HashMap<String, String>>) {
    let path = dir().join("articles").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let spec: ArticleSpec = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let blocks = spec
        .blocks
        .into_iter()
        .enumerate()
        .map(|(i, b)| ArticleBlock {
            id: b.id.unwrap_or_else(|| format!("b{}", i + 1)),
            kind: kind(&b.kind),
            level: b.level,
            simplified: b.simplified.unwrap_or_else(|| b.text.clone()),
            text: b.text,
            changes: Vec::new(),
        })
        .collect();
    let article = Article {
        title: spec.title,
        source: spec.source,
        encoding: "UTF-8",
        bom: false,
        declared_encoding: None,
        format: Format::Markdown,
        meta: Meta { url: spec.meta.url, byline: spec.meta.byline, published: spec.meta.published },
        chapters: Vec::new(),
        script: match spec.script.as_str() {
            "traditional" => Script::Traditional,
            "simplified" => Script::Simplified,
            other => panic!("{name}: unknown script {other:?}"),
        },
        region: spec.region.map(|r| match r.as_str() {
            "taiwan" => Region::Taiwan,
            "hong_kong" => Region::HongKong,
            "mainland" => Region::Mainland,
            other => panic!("{name}: unknown region {other:?}"),
        }),
        region_evidence: Vec::new(),
        config: spec.config.map(|c| Config::from_name(&c).unwrap_or_else(|| panic!("{name}: unknown config {c:?}"))),
        config_auto: true,
        note: None,
        blocks,
        blocks_left_out: None,
    };
    (article, spec.translations)
}

fn expected_path(case: &Path, file: Option<FileFormat>) -> PathBuf {
    let stem = case.file_stem().unwrap().to_string_lossy();
    let ext = match file {
        None | Some(FileFormat::Text) => "txt",
        Some(FileFormat::Markdown) => "md",
        Some(FileFormat::Html) => "html",
    };
    case.with_file_name(format!("{stem}.expected.{ext}"))
}

fn default_provenance() -> Provenance {
    Provenance {
        provider: Some("DeepL".into()),
        model: None,
        target_language: Some("en".into()),
        date: "2026-11-29".into(),
        quote_original: false,
        edited: false,
    }
}

/// What a GitHub-flavoured Markdown reader makes of `markdown`: the problems
/// (markup that came from text: HTML other than a table cell's `<br>`, images,
/// links) and the text of each table cell, row by row.
fn read_markdown(markdown: &str) -> (Vec<String>, Vec<Vec<String>>) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut problems = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        let cell = rows.last_mut().and_then(|r| r.last_mut());
        match event {
            Event::InlineHtml(html) if html.as_ref() == "<br>" => cell.into_iter().for_each(|c| c.push('\n')),
            Event::Html(html) | Event::InlineHtml(html) => problems.push(format!("Markdown makes HTML of {html:?}")),
            Event::Start(Tag::Image { dest_url, .. }) => problems.push(format!("Markdown loads an image: {dest_url}")),
            Event::Start(Tag::Link { dest_url, .. }) if !dest_url.starts_with("https://") => {
                problems.push(format!("Markdown makes a link of {dest_url}"));
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => rows.last_mut().unwrap().push(String::new()),
            Event::Text(t) | Event::Code(t) => cell.into_iter().for_each(|c| c.push_str(&t)),
            _ => {}
        }
    }
    (problems, rows)
}

/// Checks that hold for every output of a kind, whatever the case.
fn invariants(case: &Case, article: &Article, output: &str) -> Vec<String> {
    let file = case.file;
    let mut problems = Vec::new();
    if case.format == CopyFormat::MarkdownTable && file != Some(FileFormat::Html) && !output.is_empty() {
        // Read back, each row is its block: the ¶ number, then the original, whole.
        let table = &output[output.find("| ¶ |").unwrap_or(0)..];
        let (markup, rows) = read_markdown(table);
        problems.extend(markup);
        // Paragraphs are counted as a reader counts them: the title row (a first
        // heading with the title's text) and image rows have no number.
        let mut count = 0;
        let numbered: Vec<(String, &ArticleBlock)> = article
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let title = i == 0 && b.kind == BlockKind::Heading && b.text.trim() == article.title.trim();
                if title || b.kind == BlockKind::Image {
                    (String::new(), b)
                } else {
                    count += 1;
                    (count.to_string(), b)
                }
            })
            .collect();
        let body: Vec<(String, String)> =
            rows.iter().skip(1).map(|r| (r[0].clone(), r.get(1).cloned().unwrap_or_default())).collect();
        let wanted: Vec<(String, String)> = numbered
            .into_iter()
            .filter(|(_, b)| case.select.as_ref().is_none_or(|s| s.contains(&b.id)))
            .map(|(n, b)| (n, b.text.clone()))
            .collect();
        if body != wanted {
            problems.push(format!("the table reads back as {body:?}, not {wanted:?}"));
        }
    }
    if file == Some(FileFormat::Markdown) {
        problems.extend(read_markdown(output).0);
    }
    match file {
        Some(FileFormat::Html) => {
            for needed in ["<!DOCTYPE html>", "<meta charset=\"utf-8\">", "<html lang=\"", "</html>\n"] {
                if !output.contains(needed) {
                    problems.push(format!("HTML without {needed:?}"));
                }
            }
            for banned in ["<script", "<img", "<iframe", "<link", "src=\"", "javascript:", "@import", "url("] {
                if output.contains(banned) {
                    problems.push(format!("HTML contains {banned:?}"));
                }
            }
        }
        Some(_) if !output.ends_with('\n') => problems.push("a file must end with a newline".into()),
        None if output.ends_with('\n') => problems.push("a copy must not end with a newline".into()),
        _ => {}
    }
    problems
}

#[test]
fn every_export_case_matches_its_expected_output() {
    let bless = std::env::var_os("DUIZHAO_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", dir().display());

    let mut articles = HashMap::new();
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    let mut expected_files = BTreeSet::new();
    for path in &cases {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let case: Case = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (article, sets) = articles.entry(case.article.clone()).or_insert_with(|| load_article(&case.article));
        let translations = sets
            .get(&case.translations)
            .unwrap_or_else(|| panic!("{name}: no translation set {:?}", case.translations));
        let provenance = case.provenance.clone().unwrap_or_else(default_provenance);
        let compare_provenance = case.compare_provenance.clone().unwrap_or_else(default_provenance);
        let compare = case.compare.as_ref().map(|set| Compare {
            translations: sets.get(set).unwrap_or_else(|| panic!("{name}: no translation set {set:?}")),
            provenance: &compare_provenance,
        });
        let output = match case.file {
            None => render_compared(article, translations, compare, case.select.as_deref(), case.format, &provenance),
            Some(file) => {
                assert!(case.select.is_none(), "{name}: a file export is always of the whole document");
                export_compared(article, translations, compare, case.format, file, &provenance)
            }
        };
        covered.insert((format!("{:?}", case.format), format!("{:?}", case.file)));
        let expected_path = expected_path(path, case.file);
        expected_files.insert(expected_path.clone());
        for problem in invariants(&case, article, &output) {
            failures.push(format!("{name}: {problem}"));
        }
        if bless {
            std::fs::write(&expected_path, &output).unwrap();
            continue;
        }
        let expected = match std::fs::read_to_string(&expected_path) {
            Ok(expected) => expected,
            Err(e) => {
                failures.push(format!("{name}: cannot read {}: {e}", expected_path.display()));
                continue;
            }
        };
        if output != expected {
            let diff = similar::TextDiff::from_lines(&expected, &output);
            let diff = diff.unified_diff().context_radius(3).header("expected", "actual").to_string();
            failures.push(format!("{name} ({}):\n{diff}", case.about));
        }
    }

    // Every format, to the clipboard and to each kind of file.
    for format in CopyFormat::ALL {
        for file in [None, Some(FileFormat::Markdown), Some(FileFormat::Text), Some(FileFormat::Html)] {
            if !covered.contains(&(format!("{format:?}"), format!("{file:?}"))) {
                failures.push(format!("no case covers {format:?} to {file:?}"));
            }
        }
    }
    // No expected file without its case.
    for entry in std::fs::read_dir(dir().join("cases")).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains(".expected.") && !expected_files.contains(&path) {
            failures.push(format!("{} belongs to no case", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} export cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
