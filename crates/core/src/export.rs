//! Copy and export formats. Every copy the app makes and every file it exports is
//! rendered here (`render` for the clipboard, `export_document` for files), so the
//! CLI, the tests and the user's clipboard see exactly the same text.
//!
//! The rules every format follows:
//!
//! - **Paragraph numbers.** "¶N" counts the article the way a reader counts its
//!   paragraphs: every block of text in document order (paragraphs, quotes, list
//!   items, code, and the subheadings, which a reader reads and quotes like any
//!   other line) except the title row and image rows. The title is not a paragraph
//!   of the article (a citation names it in 〈〉), and an image is not text a reader
//!   counts when they say "the third paragraph"; numbering either would make ¶1 a
//!   headline or a photo. `paragraph_numbers_of` gives each block's number; the
//!   reader's gutter shows the same numbers (ui/src/lib/reader/paragraphs.ts
//!   follows this rule), so "¶4" in a citation is a row the reader can find again.
//!   Consecutive numbers are a range ("¶3–5"), others a list ("¶2, 4, 7",
//!   "¶2–4, 7"); unnumbered rows are left out of the list.
//! - **Selection.** Ids may come in any order and are rendered in document order;
//!   unknown and repeated ids are ignored; a selection with no known id renders as
//!   the empty string.
//! - **Missing translations.** A block is untranslated when `translations` has no
//!   entry for it (not yet translated, or failed) or the entry is blank. Image
//!   placeholders and code are never sent for translation (see
//!   `translate::job::segments_for`); their translation is their original text.
//!   No format ever lets an untranslated block's place be taken by its neighbour:
//!   - translation only: `[¶N not translated]` in the block's place (`[title not
//!     translated]` for the title row, which has no number);
//!   - bilingual: the original, then `[¶N not translated]`;
//!   - Markdown table: an empty translation cell (the row keeps its ¶ number); the
//!     translation column is left out when no chosen block is translated;
//!   - citation: the translations, with `[¶N not translated]` for the gaps; when
//!     no chosen block is translated, the original is quoted and the source line
//!     says nothing about a translation;
//!   - original and Simplified do not depend on translations.
//! - **Text stays text.** Image placeholders (`![alt](src)`) are text everywhere,
//!   as in the reader: never an `<img>`, never fetched by whoever opens the file.
//!   In HTML every piece of article text is escaped; in Markdown (files and the
//!   table) the characters that would turn text into markup (`*`, `_`, `` ` ``,
//!   `<tag`, `&entity;`, `[x](y)`, a leading `#`, `>`, `-`, `1.`) are
//!   backslash-escaped, so a renderer shows the text as it was. Plain-text copies
//!   and exports are the text itself.
//! - **Sources.** A citation names the web address the article came from, or a
//!   file's name (never its full local path, which would leak the user's folders);
//!   pasted text and standard input name nothing.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::article::{Article, ArticleBlock};
use crate::convert::{Region, Script};
use crate::document::BlockKind;
use crate::translate::ProviderKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Original,
    Simplified,
    Translation,
    /// A second profile's translation, beside the first (issue 14).
    Compare,
}

/// The comparison column: a second profile's translations and who made them.
#[derive(Debug, Clone, Copy)]
pub struct Compare<'a> {
    pub translations: &'a HashMap<String, String>,
    pub provenance: &'a Provenance,
}

/// What a copy (or an export) of blocks produces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CopyFormat {
    /// The translation only.
    #[default]
    Translation,
    /// The original text only.
    Original,
    /// The Simplified conversion only.
    Simplified,
    /// Original then translation, per block.
    Bilingual,
    /// A Markdown table with one row per block.
    MarkdownTable,
    /// The translation (or original) as a quotation with its source: title, URL or
    /// file name, paragraph numbers, provider and model, date.
    Citation,
}

impl CopyFormat {
    pub const ALL: [CopyFormat; 6] = [
        CopyFormat::Translation,
        CopyFormat::Original,
        CopyFormat::Simplified,
        CopyFormat::Bilingual,
        CopyFormat::MarkdownTable,
        CopyFormat::Citation,
    ];

    /// Whether the format shows translations (and so is worth translating for).
    pub fn uses_translation(self) -> bool {
        !matches!(self, CopyFormat::Original | CopyFormat::Simplified)
    }
}

/// The kind of file a whole document is exported as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    #[default]
    Markdown,
    Text,
    Html,
}

impl FileFormat {
    pub const ALL: [FileFormat; 3] = [FileFormat::Markdown, FileFormat::Text, FileFormat::Html];

    /// The usual file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Markdown => "md",
            FileFormat::Text => "txt",
            FileFormat::Html => "html",
        }
    }

    /// The format a file name's extension asks for (md, markdown, txt, text, html, htm).
    pub fn from_extension(ext: &str) -> Option<FileFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(FileFormat::Markdown),
            "txt" | "text" => Some(FileFormat::Text),
            "html" | "htm" => Some(FileFormat::Html),
            _ => None,
        }
    }
}

/// Who translated and when, for citations and the credit line of exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Provenance {
    /// The service, e.g. "DeepL"; `None` when only the model is worth naming.
    pub provider: Option<String>,
    /// The model, e.g. "gpt-4o-mini", for LLMs.
    pub model: Option<String>,
    /// The translation's language (BCP 47), for HTML `lang` attributes.
    pub target_language: Option<String>,
    /// The day of the copy or export (YYYY-MM-DD), passed in so output is deterministic.
    pub date: String,
    /// A citation quotes each original above its translation (the reader's choice).
    pub quote_original: bool,
    /// The reader edited some of the translations shown: the credit says so.
    pub edited: bool,
}

impl Provenance {
    /// Who translates with a provider of `kind` at `base_url` (with `model`) into `target_language`, as a citation names
    /// them: the service ("DeepL", "Google Translate", "Microsoft Translator",
    /// "LibreTranslate"; "OpenAI" only at OpenAI's own endpoint, because a local or
    /// third-party OpenAI-compatible server is best named by its model) and, for
    /// OpenAI-compatible servers, the model. `date` is today's, as YYYY-MM-DD.
    pub fn for_service(
        kind: ProviderKind,
        base_url: &str,
        model: Option<&str>,
        target_language: &str,
        date: &str,
    ) -> Provenance {
        let base_url = base_url.trim().to_ascii_lowercase();
        let (provider, model) = match kind {
            ProviderKind::OpenAi => {
                let openai = base_url.is_empty() || base_url.contains("api.openai.com");
                (openai.then_some("OpenAI"), model.map(str::trim).filter(|m| !m.is_empty()))
            }
            // Which engine of the chain translated is known per row: `with_engines`.
            ProviderKind::Web => (Some("free web translation engines"), None),
            kind => (kind.meta().service, None),
        };
        Provenance {
            provider: provider.map(str::to_owned),
            model: model.map(str::to_owned),
            target_language: Some(target_language.trim().to_owned()).filter(|t| !t.is_empty()),
            date: date.to_owned(),
            quote_original: false,
            edited: false,
        }
    }
}

impl Provenance {
    /// Names the services that really translated the rows (the `web` chain's
    /// engines, as recorded per row), in the order given, each once: "Microsoft
    /// Translator", "Microsoft Translator and Google Translate". Without any,
    /// the provenance is unchanged.
    pub fn with_engines(mut self, engines: &[ProviderKind]) -> Provenance {
        let mut names: Vec<&str> = Vec::new();
        for name in engines.iter().filter_map(|kind| kind.meta().service) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if let Some((last, rest)) = names.split_last() {
            self.provider =
                Some(if rest.is_empty() { (*last).to_owned() } else { format!("{} and {last}", rest.join(", ")) });
        }
        self
    }
}

/// The chosen blocks (`None`: the whole document) in `format`, as the text that
/// goes on the clipboard: blocks separated by a blank line, no trailing newline.
/// Translation, original, Simplified and bilingual copies are plain text (no
/// Markdown markup); the table is Markdown; a citation is the quoted text, a blank
/// line, and a source line starting with "— ".
pub fn render(
    article: &Article,
    translations: &HashMap<String, String>,
    ids: Option<&[String]>,
    format: CopyFormat,
    provenance: &Provenance,
) -> String {
    render_compared(article, translations, None, ids, format, provenance)
}

/// `render` with a comparison column: the table gets a fourth column and
/// bilingual copies quote both translations under each original (a citation
/// quotes the first translation only).
pub fn render_compared(
    article: &Article,
    translations: &HashMap<String, String>,
    compare: Option<Compare<'_>>,
    ids: Option<&[String]>,
    format: CopyFormat,
    provenance: &Provenance,
) -> String {
    let ctx = Ctx::new(article, translations, compare, provenance);
    let rows = ctx.select(ids);
    if rows.is_empty() {
        return String::new();
    }
    match format {
        CopyFormat::MarkdownTable => markdown_table(&ctx.table(&rows)),
        CopyFormat::Citation => {
            let translated = ctx.any_translated(&rows);
            let items = ctx.items(&rows, citation_layout(translated, provenance));
            format!("{}\n\n{}", text_body(&items), ctx.citation_line(&rows, translated))
        }
        _ => text_body(&ctx.items(&rows, Layout::of(format))),
    }
}

/// What a citation quotes: the translation, or the original above it when the
/// reader asked for both; the original when nothing is translated.
fn citation_layout(translated: bool, provenance: &Provenance) -> Layout {
    match (translated, provenance.quote_original) {
        (false, _) => Layout::Original,
        (true, false) => Layout::Translation,
        (true, true) => Layout::Bilingual,
    }
}

/// The whole document in `format`, as a `file`: a title (the first block, when it
/// is the headline, rendered in the format), a source line, a credit line when
/// translations are shown, then the blocks. Markdown keeps headings (`#`), quotes
/// (`>`) and list items (`- `); HTML is a complete standalone page (UTF-8, `lang`
/// on every text, inline CSS, no script, nothing loaded); plain text has no markup.
/// A citation export is the quoted text followed by the citation line; a table
/// export is the header and one table of every row. Ends with a newline.
pub fn export_document(
    article: &Article,
    translations: &HashMap<String, String>,
    format: CopyFormat,
    file: FileFormat,
    provenance: &Provenance,
) -> String {
    export_compared(article, translations, None, format, file, provenance)
}

/// `export_document` with a comparison column (see `render_compared`); its
/// credit line follows the first translation's.
pub fn export_compared(
    article: &Article,
    translations: &HashMap<String, String>,
    compare: Option<Compare<'_>>,
    format: CopyFormat,
    file: FileFormat,
    provenance: &Provenance,
) -> String {
    let ctx = Ctx::new(article, translations, compare, provenance);
    let rows = ctx.select(None);
    let translated = ctx.any_translated(&rows);
    let mut page = Page {
        title: vec![Piece { role: Role::Original, text: Cow::Borrowed(article.title.trim()) }],
        notes: Vec::new(),
        body: Body::Blocks(Vec::new()),
        footer: None,
        main_lang: ctx.langs.original.clone(),
        wide: false,
    };
    match format {
        CopyFormat::MarkdownTable => {
            let table = ctx.table(&rows);
            if table.columns.contains(&Column::Simplified) {
                page.notes.extend(ctx.conversion_note());
            }
            if translated {
                page.notes.push(ctx.credit());
            }
            if table.columns.contains(&Column::Compare) {
                page.notes.extend(ctx.compare_credit());
            }
            page.body = Body::Table(table);
            page.wide = true;
        }
        _ => {
            let layout = match format {
                CopyFormat::Citation => citation_layout(translated, provenance),
                other => Layout::of(other),
            };
            let (title_row, body_rows) = match rows.split_first() {
                Some((first, rest)) if ctx.is_title(first.block) => (Some(first), rest),
                _ => (None, &rows[..]),
            };
            if let Some(row) = title_row {
                // A headline without a translation shows the original, not a marker.
                // The comparison's headline stays in the body's table or pairs, not in the title.
                let pieces: Vec<Piece> = ctx
                    .item(row, layout)
                    .pieces
                    .into_iter()
                    .filter(|p| !matches!(p.role, Role::Missing | Role::Compare))
                    .collect();
                if !pieces.is_empty() {
                    page.title = pieces;
                }
            }
            match layout {
                Layout::Simplified => page.notes.extend(ctx.conversion_note()),
                Layout::Translation if translated && format != CopyFormat::Citation => page.notes.push(ctx.credit()),
                Layout::Bilingual if translated && format != CopyFormat::Citation => {
                    page.notes.push(ctx.credit());
                    if ctx.compare_shown(&rows) {
                        page.notes.extend(ctx.compare_credit());
                    }
                }
                _ => {}
            }
            page.main_lang = match layout {
                Layout::Original | Layout::Bilingual => ctx.langs.original.clone(),
                Layout::Simplified => ctx.langs.simplified.clone(),
                Layout::Translation => ctx.langs.translation.clone(),
            };
            page.body = Body::Blocks(ctx.items(body_rows, layout));
            if format == CopyFormat::Citation {
                page.footer = Some(ctx.citation_line(&rows, translated));
            }
        }
    }
    if format != CopyFormat::Citation {
        // A translated or converted headline: the source line gives the original one.
        let original_shown = page.title.iter().any(|p| p.role == Role::Original);
        if let Some(line) = ctx.source_line(!original_shown) {
            page.notes.insert(0, line);
        }
    }
    match file {
        FileFormat::Text => page.text(),
        FileFormat::Markdown => page.markdown(),
        FileFormat::Html => page.html(&ctx.langs),
    }
}

/// The chosen columns of the blocks whose ids are in `ids`, in document order
/// (whatever order `ids` is in). Blocks are separated by a blank line, so
/// paragraph breaks survive pasting; the columns of one block are separated by a
/// line break. `translations` holds the finished translations by block id;
/// untranslated (empty) cells are left out rather than leaving stray blank lines.
pub fn copy_text(
    article: &Article,
    translations: &HashMap<String, String>,
    ids: &[String],
    columns: &[Column],
) -> String {
    copy_columns(article, translations, None, ids, columns)
}

/// `copy_text` with the comparison column's translations (`compare`), for
/// `Column::Compare`.
pub fn copy_columns(
    article: &Article,
    translations: &HashMap<String, String>,
    compare: Option<&HashMap<String, String>>,
    ids: &[String],
    columns: &[Column],
) -> String {
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    article
        .blocks
        .iter()
        .filter(|b| wanted.contains(b.id.as_str()))
        .filter_map(|b| {
            let cells: Vec<&str> = columns
                .iter()
                .map(|c| match c {
                    Column::Original => b.text.as_str(),
                    Column::Simplified => b.simplified.as_str(),
                    Column::Translation => translations.get(&b.id).map_or("", String::as_str),
                    Column::Compare => compare.and_then(|c| c.get(&b.id)).map_or("", String::as_str),
                })
                .filter(|t| !t.is_empty())
                .collect();
            (!cells.is_empty()).then(|| cells.join("\n"))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// "¶3", "¶3–5", "¶2, 4, 7", "¶2–4, 7" for 1-based paragraph numbers in ascending order.
pub fn paragraph_numbers(rows: &[usize]) -> String {
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        runs.push(if end == start { start.to_string() } else { format!("{start}–{end}") });
        i += 1;
    }
    format!("¶{}", runs.join(", "))
}

/// What stands in for a block that has no translation.
fn missing_marker(n: Option<usize>) -> String {
    match n {
        Some(n) => format!("[¶{n} not translated]"),
        // Only the title row has no number among blocks that are translated.
        None => "[title not translated]".to_owned(),
    }
}

/// Whether the first block is the headline: a heading with the title's text.
fn is_title_row(article: &Article, index: usize) -> bool {
    index == 0
        && article
            .blocks
            .first()
            .is_some_and(|first| first.kind == BlockKind::Heading && first.text.trim() == article.title.trim())
}

/// Each block's paragraph number (1-based), as a reader counts them: `None` for
/// the title row and image rows, every other block counts (see the module notes
/// for why). The reader's gutter shows these numbers.
pub fn paragraph_numbers_of(article: &Article) -> Vec<Option<usize>> {
    let mut next = 0;
    article
        .blocks
        .iter()
        .enumerate()
        .map(|(i, block)| {
            if block.kind == BlockKind::Image || is_title_row(article, i) {
                None
            } else {
                next += 1;
                Some(next)
            }
        })
        .collect()
}

/// Images and code are never sent for translation; their text is kept as it is.
fn is_untranslatable(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Image | BlockKind::Code)
}

/// One chosen block and its paragraph number (`None`: the title row or an image).
#[derive(Clone, Copy)]
struct Row<'a> {
    n: Option<usize>,
    block: &'a ArticleBlock,
}

/// How the blocks of a copy or export are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Original,
    Simplified,
    Translation,
    Bilingual,
}

impl Layout {
    /// The layout of the formats that are a sequence of blocks (the table and the
    /// citation are decided by their callers).
    fn of(format: CopyFormat) -> Layout {
        match format {
            CopyFormat::Original => Layout::Original,
            CopyFormat::Simplified => Layout::Simplified,
            CopyFormat::Bilingual => Layout::Bilingual,
            CopyFormat::Translation | CopyFormat::MarkdownTable | CopyFormat::Citation => Layout::Translation,
        }
    }
}

/// Which text a piece is, for its language and its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Original,
    Simplified,
    Translation,
    /// The comparison column's translation.
    Compare,
    /// The marker of a missing translation (English).
    Missing,
}

struct Piece<'a> {
    role: Role,
    text: Cow<'a, str>,
}

/// A block as rendered: its kind and one piece per text shown (two in bilingual).
struct Item<'a> {
    kind: BlockKind,
    level: u8,
    pieces: Vec<Piece<'a>>,
}

struct Table<'a> {
    columns: Vec<Column>,
    /// The header of each column.
    labels: Vec<String>,
    /// Paragraph number (`None`: none), kind, and one cell per column (`None`: not translated).
    rows: Vec<(Option<usize>, BlockKind, Vec<Option<Piece<'a>>>)>,
}

/// The `lang` tags of the three texts.
struct Langs {
    original: String,
    simplified: String,
    /// Empty when the target language is unknown (HTML's "unknown language").
    translation: String,
}

impl Langs {
    fn of(&self, role: Role) -> &str {
        match role {
            Role::Original => &self.original,
            Role::Simplified => &self.simplified,
            Role::Translation | Role::Compare => &self.translation,
            Role::Missing => "en",
        }
    }
}

struct Ctx<'a> {
    article: &'a Article,
    translations: &'a HashMap<String, String>,
    compare: Option<Compare<'a>>,
    provenance: &'a Provenance,
    langs: Langs,
}

impl<'a> Ctx<'a> {
    fn new(
        article: &'a Article,
        translations: &'a HashMap<String, String>,
        compare: Option<Compare<'a>>,
        provenance: &'a Provenance,
    ) -> Ctx<'a> {
        let original = match (article.script, article.region) {
            (Script::Simplified, _) => "zh-Hans",
            (Script::Traditional, Some(Region::Taiwan)) => "zh-Hant-TW",
            (Script::Traditional, Some(Region::HongKong)) => "zh-Hant-HK",
            (Script::Traditional, Some(Region::Mainland) | None) => "zh-Hant",
        };
        // The conversion's target script, from the configuration's name (tw2sp → "sp").
        let simplified = match article.config.map(|c| c.name().split_once('2').map_or("", |(_, to)| to)) {
            None => original,
            Some("s" | "sp") => "zh-Hans",
            Some("tw" | "twp") => "zh-Hant-TW",
            Some("hk" | "hkp") => "zh-Hant-HK",
            Some("jp") => "ja",
            Some(_) => "zh-Hant",
        };
        let translation = provenance
            .target_language
            .as_deref()
            .map(|t| t.trim().replace('_', "-"))
            .filter(|t| t.len() <= 35 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or_default();
        Ctx {
            article,
            translations,
            compare,
            provenance,
            langs: Langs { original: original.to_owned(), simplified: simplified.to_owned(), translation },
        }
    }

    /// The chosen blocks in document order with their paragraph numbers.
    fn select(&self, ids: Option<&[String]>) -> Vec<Row<'a>> {
        let wanted: Option<HashSet<&str>> = ids.map(|ids| ids.iter().map(String::as_str).collect());
        self.article
            .blocks
            .iter()
            .zip(paragraph_numbers_of(self.article))
            .filter(|(b, _)| wanted.as_ref().is_none_or(|w| w.contains(b.id.as_str())))
            .map(|(block, n)| Row { n, block })
            .collect()
    }

    fn is_whole(&self, rows: &[Row]) -> bool {
        rows.len() == self.article.blocks.len()
    }

    /// The first block is the headline when it is a heading with the title's text.
    fn is_title(&self, block: &ArticleBlock) -> bool {
        self.article.blocks.first().is_some_and(|first| first.id == block.id) && is_title_row(self.article, 0)
    }

    /// The block's translation; `None` when it has none (missing, failed or blank).
    fn translation(&self, block: &'a ArticleBlock) -> Option<&'a str> {
        match self.translations.get(&block.id) {
            Some(t) if !t.trim().is_empty() => Some(t.as_str()),
            _ if is_untranslatable(block.kind) => Some(block.text.as_str()),
            _ => None,
        }
    }

    /// Whether any of the rows has a real translation (images and code do not count).
    fn any_translated(&self, rows: &[Row]) -> bool {
        rows.iter().any(|r| {
            !is_untranslatable(r.block.kind) && self.translations.get(&r.block.id).is_some_and(|t| !t.trim().is_empty())
        })
    }

    fn original(row: &Row<'a>) -> Piece<'a> {
        Piece { role: Role::Original, text: Cow::Borrowed(row.block.text.as_str()) }
    }

    fn translated(&self, row: &Row<'a>) -> Piece<'a> {
        if is_untranslatable(row.block.kind) {
            return Ctx::original(row);
        }
        match self.translation(row.block) {
            Some(text) => Piece { role: Role::Translation, text: Cow::Borrowed(text) },
            None => Piece { role: Role::Missing, text: Cow::Owned(missing_marker(row.n)) },
        }
    }

    /// The row's comparison translation; `None` when it has none (or no comparison is open).
    /// Images and code are their own translation, as in the first column.
    fn compared(&self, row: &Row<'a>) -> Option<Piece<'a>> {
        let compare = self.compare?;
        if is_untranslatable(row.block.kind) {
            return Some(Ctx::original(row));
        }
        let text = compare.translations.get(&row.block.id).filter(|t| !t.trim().is_empty())?;
        Some(Piece { role: Role::Compare, text: Cow::Borrowed(text.as_str()) })
    }

    /// Whether a comparison column is open with a translation among `rows`.
    fn compare_shown(&self, rows: &[Row<'a>]) -> bool {
        rows.iter().any(|r| !is_untranslatable(r.block.kind) && self.compared(r).is_some())
    }

    fn item(&self, row: &Row<'a>, layout: Layout) -> Item<'a> {
        let pieces = match layout {
            Layout::Original => vec![Ctx::original(row)],
            Layout::Simplified => {
                vec![Piece { role: Role::Simplified, text: Cow::Borrowed(row.block.simplified.as_str()) }]
            }
            Layout::Translation => vec![self.translated(row)],
            Layout::Bilingual if is_untranslatable(row.block.kind) => vec![Ctx::original(row)],
            Layout::Bilingual => {
                let mut pieces = vec![Ctx::original(row), self.translated(row)];
                pieces.extend(self.compared(row));
                pieces
            }
        };
        Item { kind: row.block.kind, level: row.block.level, pieces }
    }

    fn items(&self, rows: &[Row<'a>], layout: Layout) -> Vec<Item<'a>> {
        rows.iter().map(|r| self.item(r, layout)).collect()
    }

    /// Original, Simplified (when the article was converted) and translation (when
    /// any chosen block is translated) columns.
    fn table(&self, rows: &[Row<'a>]) -> Table<'a> {
        let mut columns = vec![Column::Original];
        if self.article.config.is_some() {
            columns.push(Column::Simplified);
        }
        if self.any_translated(rows) {
            columns.push(Column::Translation);
        }
        if self.compare_shown(rows) {
            columns.push(Column::Compare);
        }
        let rows = rows
            .iter()
            .map(|row| {
                let cells = columns
                    .iter()
                    .map(|column| match column {
                        Column::Original => Some(Ctx::original(row)),
                        Column::Simplified => {
                            Some(Piece { role: Role::Simplified, text: Cow::Borrowed(row.block.simplified.as_str()) })
                        }
                        Column::Translation => Some(self.translated(row)).filter(|p| p.role != Role::Missing),
                        Column::Compare => self.compared(row),
                    })
                    .collect();
                (row.n, row.block.kind, cells)
            })
            .collect();
        let labels = columns.iter().map(|&column| self.column_label(column)).collect();
        Table { columns, labels, rows }
    }

    /// A table column's header; with a comparison, each translation is named by who made it.
    fn column_label(&self, column: Column) -> String {
        let who = |p: &Provenance| {
            let provider = p.provider.as_deref().map(str::trim).filter(|s| !s.is_empty());
            provider.or(p.model.as_deref().map(str::trim).filter(|s| !s.is_empty())).map(str::to_owned)
        };
        match (column, self.compare) {
            (Column::Original, _) => "Original".into(),
            (Column::Simplified, _) => "Simplified".into(),
            (Column::Translation, None) => "Translation".into(),
            (Column::Translation, Some(_)) => {
                who(self.provenance).map_or("Translation".into(), |w| format!("Translation ({w})"))
            }
            (Column::Compare, compare) => {
                compare.and_then(|c| who(c.provenance)).map_or("Comparison".into(), |w| format!("Comparison ({w})"))
            }
        }
    }

    /// The title as a citation names it; `None` when the document has no title of
    /// its own: blank, or the importer's last-resort "Untitled" (document::finish
    /// gives it only to a document with no words, picture or code to be named by).
    fn cited_title(&self) -> Option<&'a str> {
        Some(self.article.title.trim()).filter(|t| !t.is_empty() && *t != "Untitled")
    }

    /// Where the article came from, as a citation names it: the web address, or
    /// the file's name; nothing for pasted text and standard input.
    fn source_place(&self) -> Option<String> {
        if let Some(url) = self.article.meta.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            return Some(url.to_owned());
        }
        let source = self.article.source.trim();
        let lower = source.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Some(source.to_owned());
        }
        match source {
            "" | "-" | "clipboard" | "standard input" => None,
            "sample" => Some("Duizhao sample article".to_owned()),
            path => path.rsplit(['/', '\\']).find(|part| !part.is_empty()).map(str::to_owned),
        }
    }

    /// The source, byline and publication date, when known.
    fn source_details(&self) -> Vec<String> {
        let meta = &self.article.meta;
        let mut parts = Vec::new();
        if let Some(byline) = meta.byline.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            parts.push(byline.to_owned());
        }
        if let Some(date) = meta.published.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            // An ISO 8601 timestamp is cited by its day, in the source's own time zone.
            let iso_day = date.len() > 10
                && date.is_char_boundary(10)
                && date[..10]
                    .chars()
                    .enumerate()
                    .all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
                && date[10..].starts_with(['T', ' ']);
            parts.push(format!("published {}", if iso_day { &date[..10] } else { date }));
        }
        if let Some(place) = self.source_place() {
            parts.push(place);
        }
        parts
    }

    /// "Source: 〈原題〉, https://…, 記者王小明, published 2026-11-20", when anything
    /// is known; the original title only `with_title`.
    fn source_line(&self, with_title: bool) -> Option<String> {
        let mut parts = self.source_details();
        // The address reads best first in a header.
        if self.source_place().is_some() {
            parts.rotate_right(1);
        }
        if let Some(title) = self.cited_title().filter(|_| with_title) {
            parts.insert(0, format!("〈{title}〉"));
        }
        (!parts.is_empty()).then(|| format!("Source: {}", parts.join(", ")))
    }

    /// "Machine-translated from Chinese by DeepL (model), 2026-11-29." ("… and
    /// edited, …" when the reader edited translations shown.)
    fn credit(&self) -> String {
        Ctx::credit_of(self.provenance)
    }

    /// "Comparison: machine-translated from Chinese by …", when a comparison is open.
    fn compare_credit(&self) -> Option<String> {
        let credit = Ctx::credit_of(self.compare?.provenance);
        Some(format!("Comparison: m{}", credit.strip_prefix('M').unwrap_or(&credit)))
    }

    fn credit_of(p: &Provenance) -> String {
        let provider = p.provider.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let model = p.model.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let mut line = "Machine-translated from Chinese".to_owned();
        match (provider, model) {
            (Some(provider), Some(model)) if provider != model => line.push_str(&format!(" by {provider} ({model})")),
            (Some(name), _) | (None, Some(name)) => line.push_str(&format!(" by {name}")),
            (None, None) => {}
        }
        if p.edited {
            line.push_str(" and edited");
        }
        if !p.date.trim().is_empty() {
            line.push_str(&format!(", {}", p.date.trim()));
        }
        line.push('.');
        line
    }

    /// "Simplified with OpenCC (tw2sp).", when the article was converted.
    fn conversion_note(&self) -> Option<String> {
        self.article.config.map(|c| format!("Simplified with OpenCC ({c})."))
    }

    /// "— 〈Title〉 (“Translated title”), byline, published …, place, ¶3–4.
    /// Machine-translated from Chinese by DeepL (model), 2026-11-29." The row
    /// numbers are left out when the whole document is quoted; without a
    /// translation the date is the day the text was retrieved.
    fn citation_line(&self, rows: &[Row<'a>], translated: bool) -> String {
        // A document that has no title of its own is cited without one, never as
        // "〈Untitled〉" (see `cited_title`).
        let mut title = self.cited_title().map(|t| format!("〈{t}〉")).unwrap_or_default();
        if translated {
            let headline = self.article.blocks.first().filter(|b| self.is_title(b));
            if let Some(text) = headline.and_then(|b| self.translation(b)) {
                title = format!("{title} (“{}”)", text.trim()).trim_start().to_owned();
            }
        }
        let mut parts: Vec<String> = Some(title).filter(|t| !t.is_empty()).into_iter().collect();
        parts.extend(self.source_details());
        let numbers: Vec<usize> = rows.iter().filter_map(|r| r.n).collect();
        if !self.is_whole(rows) && !numbers.is_empty() {
            parts.push(paragraph_numbers(&numbers));
        }
        let mut line = format!("— {}.", parts.join(", "));
        if translated {
            line.push(' ');
            line.push_str(&self.credit());
        } else if !self.provenance.date.trim().is_empty() {
            line.push_str(&format!(" Retrieved {}.", self.provenance.date.trim()));
        }
        line
    }
}

/// Plain text: the pieces of a block on consecutive lines, blocks separated by a
/// blank line.
fn text_body(items: &[Item]) -> String {
    items
        .iter()
        .map(|item| item.pieces.iter().map(|p| p.text.as_ref()).collect::<Vec<_>>().join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

enum Body<'a> {
    Blocks(Vec<Item<'a>>),
    Table(Table<'a>),
}

/// A whole-document export before it is written out as a file.
struct Page<'a> {
    /// One piece, or two (original and translation) in bilingual exports.
    title: Vec<Piece<'a>>,
    /// Source, credit and conversion lines, in order.
    notes: Vec<String>,
    body: Body<'a>,
    /// The citation line of a citation export.
    footer: Option<String>,
    /// The language of most of the page's text, for `<html lang>`.
    main_lang: String,
    /// A table wants the window's width.
    wide: bool,
}

impl Page<'_> {
    fn text(&self) -> String {
        let mut out: String = self.title.iter().map(|p| format!("{}\n", one_line(&p.text))).collect();
        for note in &self.notes {
            out.push_str(note);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&match &self.body {
            Body::Blocks(items) => text_body(items),
            Body::Table(table) => markdown_table(table),
        });
        if let Some(footer) = &self.footer {
            out.push_str("\n\n");
            out.push_str(footer);
        }
        out.push('\n');
        out
    }

    fn markdown(&self) -> String {
        let mut parts: Vec<String> =
            self.title.iter().map(|p| format!("# {}", markdown_inline(&one_line(&p.text)))).collect();
        parts.extend(self.notes.iter().map(|n| markdown_note(n)));
        match &self.body {
            Body::Blocks(items) => parts.push(markdown_body(items)),
            Body::Table(table) => parts.push(markdown_table(table)),
        }
        parts.extend(self.footer.iter().map(|f| markdown_note(f)));
        parts.retain(|p| !p.is_empty());
        parts.join("\n\n") + "\n"
    }

    fn html(&self, langs: &Langs) -> String {
        let title_text = self.title.iter().map(|p| one_line(&p.text)).collect::<Vec<_>>().join(" / ");
        let heading = match &self.title[..] {
            [one] => format!("<h1{}>{}</h1>", html_attrs(langs, one.role, &[]), html_text(&one_line(&one.text))),
            pieces => format!(
                "<h1>{}</h1>",
                pieces
                    .iter()
                    .map(|p| format!(
                        "<span{}>{}</span>",
                        html_attrs(langs, p.role, &[]),
                        html_text(&one_line(&p.text))
                    ))
                    .collect::<String>()
            ),
        };
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n");
        out.push_str(&format!("<html lang=\"{}\">\n<head>\n", html_escape(&self.main_lang)));
        out.push_str("<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str("<meta name=\"generator\" content=\"Duizhao\">\n");
        out.push_str(&format!("<title>{}</title>\n", html_escape(&title_text)));
        out.push_str(&format!("<style>\n{CSS}</style>\n</head>\n<body>\n"));
        out.push_str(if self.wide { "<main class=\"wide\">\n" } else { "<main>\n" });
        out.push_str(&format!("<header>\n{heading}\n"));
        for note in &self.notes {
            out.push_str(&format!("<p class=\"note\">{}</p>\n", html_note(note)));
        }
        out.push_str("</header>\n");
        match &self.body {
            Body::Blocks(items) => out.push_str(&html_body(items, langs)),
            Body::Table(table) => out.push_str(&html_table(table, langs)),
        }
        if let Some(footer) = &self.footer {
            out.push_str(&format!("<p class=\"citation\">{}</p>\n", html_note(footer)));
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

/// Readable on screen and on paper, light or dark; CJK fonts by `lang`.
const CSS: &str = r#":root { color-scheme: light dark; --muted: #6b6b6b; --accent: #2f5f8f; --rule: #d0d0d0; --missing: #a33; }
@media (prefers-color-scheme: dark) { :root { --muted: #a0a0a0; --accent: #9cc3ec; --rule: #444; --missing: #f08a8a; } }
body { margin: 0; padding: 2rem 1.25rem 4rem; font: 18px/1.75 system-ui, -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 44rem; margin: 0 auto; }
main.wide { max-width: 80rem; }
:lang(zh-Hant) { font-family: "PingFang TC", "Noto Sans CJK TC", "Source Han Sans TC", "Microsoft JhengHei", sans-serif; }
:lang(zh-Hant-HK) { font-family: "PingFang HK", "Noto Sans CJK HK", "Source Han Sans HC", "Microsoft JhengHei", sans-serif; }
:lang(zh-Hans) { font-family: "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; }
h1, h2, h3, h4, h5, h6 { line-height: 1.35; margin: 1.6em 0 0.6em; }
h1 { font-size: 1.7em; margin-top: 0; }
h1 span, h2 span, h3 span, h4 span, h5 span, h6 span { display: block; }
header { margin-bottom: 2rem; padding-bottom: 1rem; border-bottom: 1px solid var(--rule); }
.note, .citation { color: var(--muted); font-size: 0.85em; margin: 0.25em 0; overflow-wrap: anywhere; }
.citation { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--rule); }
.tr { color: var(--accent); }
.missing { color: var(--missing); font-style: italic; font-weight: normal; }
.pair { margin: 1.1em 0; }
.pair > p, li > p, blockquote > p { margin: 0.2em 0; }
blockquote { margin: 1.1em 0; padding: 0 0 0 1em; border-left: 3px solid var(--rule); }
li { margin: 0.4em 0; }
.image { color: var(--muted); font: 0.85em/1.5 ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; font: 0.85em/1.5 ui-monospace, Menlo, Consolas, monospace; padding: 0.75em 1em; border: 1px solid var(--rule); }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--rule); padding: 0.4em 0.6em; text-align: left; vertical-align: top; }
th.n, td.n { color: var(--muted); text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.missing::after { content: "not translated"; color: var(--missing); font-style: italic; font-size: 0.85em; }
tr.heading td { font-weight: bold; }
tr.image td:not(.n) { color: var(--muted); font: 0.85em/1.5 ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
@media print { body { padding: 0; font-size: 11pt; } a { color: inherit; } }
"#;

/// A title or heading on one line (its other spacing, such as the ideographic
/// space headlines use, is kept).
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Markdown, block by block. Consecutive single-text list items form one tight
/// list; everything else is separated by a blank line.
fn markdown_body(items: &[Item]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            let previous = &items[i - 1];
            let tight = |it: &Item| it.kind == BlockKind::ListItem && it.pieces.len() == 1;
            out.push_str(if tight(previous) && tight(item) { "\n" } else { "\n\n" });
        }
        out.push_str(&markdown_item(item));
    }
    out
}

fn markdown_item(item: &Item) -> String {
    let texts: Vec<String> = item.pieces.iter().map(|p| markdown_text(item.kind, p)).collect();
    match item.kind {
        BlockKind::Heading => {
            let hashes = "#".repeat(usize::from(item.level.clamp(1, 6)));
            item.pieces
                .iter()
                .map(|p| format!("{hashes} {}", markdown_inline(&one_line(&p.text))))
                .collect::<Vec<_>>()
                .join("\n\n")
        }
        BlockKind::Quote => texts
            .iter()
            .map(|t| t.lines().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n"))
            .collect::<Vec<_>>()
            .join("\n>\n"),
        BlockKind::ListItem => {
            let indent = |t: &str| t.lines().collect::<Vec<_>>().join("\n  ");
            let mut out = format!("- {}", indent(&texts[0]));
            for t in &texts[1..] {
                out.push_str(&format!("\n\n  {}", indent(t)));
            }
            out
        }
        BlockKind::Paragraph | BlockKind::Image | BlockKind::Code => texts.join("\n\n"),
    }
}

/// One text of a block as Markdown: escaped, with its line breaks kept as hard
/// breaks; code fenced. An image placeholder is escaped too, so a Markdown viewer
/// shows `![alt](src)` as text and never fetches the image.
fn markdown_text(kind: BlockKind, piece: &Piece) -> String {
    let text = piece.text.as_ref();
    if piece.role == Role::Missing {
        return text.to_owned();
    }
    match kind {
        BlockKind::Code => {
            let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat((longest + 1).max(3));
            format!("{fence}\n{text}\n{fence}")
        }
        _ => text
            .lines()
            .map(|line| markdown_line_start(&markdown_inline(line.trim_start_matches([' ', '\t']))))
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\\\n"),
    }
}

/// Escapes the characters that would make inline Markdown out of text.
fn markdown_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '*' | '`' | '~' => true,
            // Inside a word an underscore is only an underscore (snake_case).
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => {
                let rest: String = chars[i + 1..].iter().take(33).collect();
                rest.split_once(';').is_some_and(|(name, _)| {
                    !name.is_empty() && name.chars().all(|n| n.is_ascii_alphanumeric() || n == '#')
                })
            }
            // `[x](y)`, `[x][y]` and `[x]:` are links; a lone `[sic]` is text.
            '[' => chars[i + 1..]
                .iter()
                .position(|&n| n == ']')
                .and_then(|j| chars.get(i + 1 + j + 1))
                .is_some_and(|n| matches!(n, '(' | '[' | ':')),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what a line may not start with unless it means markup: headings,
/// quotes, list markers, setext underlines.
fn markdown_line_start(line: &str) -> String {
    match line.chars().next() {
        Some('#' | '>' | '-' | '+' | '=') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            match line[digits..].chars().next() {
                Some(marker @ ('.' | ')')) if digits <= 9 => {
                    format!("{}\\{marker}{}", &line[..digits], &line[digits + 1..])
                }
                _ => line.to_owned(),
            }
        }
        _ => line.to_owned(),
    }
}

/// A source, credit or citation line in Markdown: the web address as an autolink.
fn markdown_note(note: &str) -> String {
    note.split(' ')
        .map(|word| {
            let bare = word.trim_end_matches([',', '.']);
            if (bare.starts_with("https://") || bare.starts_with("http://")) && !bare.contains(['<', '>']) {
                format!("<{bare}>{}", &word[bare.len()..])
            } else {
                markdown_inline(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Markdown (GFM) table: a ¶ column, then the columns, one row per block. `|`
/// is escaped and line breaks become `<br>` so every block stays on its row.
fn markdown_table(table: &Table) -> String {
    let mut lines = Vec::new();
    let header: Vec<&str> = table.labels.iter().map(String::as_str).collect();
    lines.push(format!("| ¶ | {} |", header.join(" | ")));
    lines.push(format!("| --: |{}", " --- |".repeat(table.columns.len())));
    for (n, _, cells) in &table.rows {
        let cells: String = cells
            .iter()
            .map(|cell| match cell {
                Some(p) => format!(" {} |", table_cell(p)),
                None => " |".to_owned(),
            })
            .collect();
        lines.push(format!("| {} |{cells}", n.map(|n| n.to_string()).unwrap_or_default()));
    }
    lines.join("\n")
}

fn table_cell(piece: &Piece) -> String {
    let cell = markdown_inline(piece.text.trim());
    let cell = cell.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("<br>");
    cell.replace('|', "\\|")
}

/// Escapes text for HTML content and attribute values.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with its line breaks kept.
fn html_text(text: &str) -> String {
    text.lines().map(html_escape).collect::<Vec<_>>().join("<br>\n")
}

/// A note line, with a web address as a link (only http and https).
fn html_note(note: &str) -> String {
    note.split(' ')
        .map(|word| {
            let bare = word.trim_end_matches([',', '.']);
            if bare.starts_with("https://") || bare.starts_with("http://") {
                format!("<a href=\"{0}\">{0}</a>{1}", html_escape(bare), html_escape(&word[bare.len()..]))
            } else {
                html_escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// ` lang="…" class="…"` for a piece: translations are marked `tr`, missing ones `missing`.
fn html_attrs(langs: &Langs, role: Role, classes: &[&str]) -> String {
    let mut classes = classes.to_vec();
    match role {
        Role::Translation | Role::Compare => classes.push("tr"),
        Role::Missing => classes.push("missing"),
        Role::Original | Role::Simplified => {}
    }
    let mut out = format!(" lang=\"{}\"", html_escape(langs.of(role)));
    if !classes.is_empty() {
        out.push_str(&format!(" class=\"{}\"", classes.join(" ")));
    }
    out
}

/// The blocks as HTML; consecutive list items share one `<ul>`.
fn html_body(items: &[Item], langs: &Langs) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for item in items {
        let is_item = item.kind == BlockKind::ListItem;
        if is_item != in_list {
            out.push_str(if is_item { "<ul>\n" } else { "</ul>\n" });
            in_list = is_item;
        }
        out.push_str(&html_item(item, langs));
        out.push('\n');
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out
}

fn html_item(item: &Item, langs: &Langs) -> String {
    let attrs = |p: &Piece, classes: &[&str]| html_attrs(langs, p.role, classes);
    let paragraphs = |classes: &[&str]| {
        item.pieces.iter().map(|p| format!("<p{}>{}</p>", attrs(p, classes), html_text(&p.text))).collect::<String>()
    };
    match (item.kind, &item.pieces[..]) {
        (BlockKind::Heading, pieces) => {
            let level = item.level.clamp(1, 6);
            match pieces {
                [one] => format!("<h{level}{}>{}</h{level}>", attrs(one, &[]), html_text(&one_line(&one.text))),
                pieces => format!(
                    "<h{level}>{}</h{level}>",
                    pieces
                        .iter()
                        .map(|p| format!("<span{}>{}</span>", attrs(p, &[]), html_text(&one_line(&p.text))))
                        .collect::<String>()
                ),
            }
        }
        (BlockKind::Paragraph, [one]) => format!("<p{}>{}</p>", attrs(one, &[]), html_text(&one.text)),
        (BlockKind::Paragraph, _) => format!("<div class=\"pair\">{}</div>", paragraphs(&[])),
        (BlockKind::Quote, _) => format!("<blockquote>{}</blockquote>", paragraphs(&[])),
        (BlockKind::ListItem, [one]) => format!("<li{}>{}</li>", attrs(one, &[]), html_text(&one.text)),
        (BlockKind::ListItem, _) => format!("<li>{}</li>", paragraphs(&[])),
        (BlockKind::Image, _) => paragraphs(&["image"]),
        (BlockKind::Code, pieces) => pieces
            .iter()
            .map(|p| format!("<pre{}><code>{}</code></pre>", attrs(p, &[]), html_escape(&p.text)))
            .collect(),
    }
}

fn html_table(table: &Table, langs: &Langs) -> String {
    let mut out = String::from("<table>\n<thead>\n<tr><th scope=\"col\" class=\"n\">¶</th>");
    for label in &table.labels {
        out.push_str(&format!("<th scope=\"col\">{}</th>", html_escape(label)));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for (n, kind, cells) in &table.rows {
        let n = n.map(|n| n.to_string()).unwrap_or_default();
        out.push_str(&format!("<tr class=\"{}\"><td class=\"n\">{n}</td>", kind.as_str().replace('_', "-")));
        for cell in cells {
            match cell {
                Some(p) => out.push_str(&format!("<td{}>{}</td>", html_attrs(langs, p.role, &[]), html_text(&p.text))),
                None => out.push_str("<td class=\"missing\"></td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::prepare;
    use crate::convert::{tests::converter, Config, ConfigChoice};
    use crate::document::import_text;

    fn article() -> Article {
        let doc = import_text("標題\n第一段軟體。\n第二段網路。\n第三段。", "clipboard").unwrap();
        prepare(doc, ConfigChoice::Fixed(Config::TW2SP), converter()).unwrap()
    }

    fn provenance() -> Provenance {
        Provenance {
            provider: Some("DeepL".into()),
            model: None,
            target_language: Some("en".into()),
            date: "2026-11-29".into(),
            quote_original: false,
            edited: false,
        }
    }

    #[test]
    fn copy_follows_document_order_and_keeps_paragraph_breaks() {
        let a = article();
        let ids = vec![a.blocks[2].id.clone(), a.blocks[1].id.clone()];
        assert_eq!(copy_text(&a, &HashMap::new(), &ids, &[Column::Simplified]), "第一段软件。\n\n第二段网络。");
    }

    #[test]
    fn several_columns_are_stacked_per_block() {
        let a = article();
        let ids = vec![a.blocks[1].id.clone(), a.blocks[2].id.clone()];
        assert_eq!(
            copy_text(&a, &HashMap::new(), &ids, &[Column::Original, Column::Simplified]),
            "第一段軟體。\n第一段软件。\n\n第二段網路。\n第二段网络。"
        );
    }

    #[test]
    fn the_comparison_column_copies_its_own_cells_and_nothing_without_one() {
        let a = article();
        let ids = vec![a.blocks[1].id.clone(), a.blocks[2].id.clone()];
        let first: HashMap<String, String> = [(a.blocks[1].id.clone(), "First.".to_owned())].into();
        let second: HashMap<String, String> = [(a.blocks[1].id.clone(), "Premier.".to_owned())].into();
        assert_eq!(
            copy_columns(&a, &first, Some(&second), &ids, &[Column::Translation, Column::Compare]),
            "First.\nPremier."
        );
        assert_eq!(copy_columns(&a, &first, None, &ids, &[Column::Compare]), "");
    }

    #[test]
    fn untranslated_column_copies_nothing_and_unknown_ids_are_ignored() {
        let a = article();
        assert_eq!(copy_text(&a, &HashMap::new(), &[a.blocks[1].id.clone()], &[Column::Translation]), "");
        assert_eq!(copy_text(&a, &HashMap::new(), &["nope".to_owned()], &[Column::Original]), "");
    }

    #[test]
    fn translations_are_copied_beside_the_original() {
        let a = article();
        let ids = vec![a.blocks[1].id.clone(), a.blocks[2].id.clone()];
        let translations = HashMap::from([(a.blocks[1].id.clone(), "Paragraph one: software.".to_owned())]);
        assert_eq!(
            copy_text(&a, &translations, &ids, &[Column::Original, Column::Translation]),
            "第一段軟體。\nParagraph one: software.\n\n第二段網路。"
        );
    }

    #[test]
    fn paragraph_numbers_are_ranges_and_lists() {
        assert_eq!(paragraph_numbers(&[3]), "¶3");
        assert_eq!(paragraph_numbers(&[3, 4]), "¶3–4");
        assert_eq!(paragraph_numbers(&[3, 4, 5]), "¶3–5");
        assert_eq!(paragraph_numbers(&[2, 4, 7]), "¶2, 4, 7");
        assert_eq!(paragraph_numbers(&[2, 3, 4, 7, 9, 10]), "¶2–4, 7, 9–10");
    }

    #[test]
    fn paragraphs_are_counted_without_the_title_row_and_images() {
        let doc = import_text("# 標題\n\n![照片](a.jpg)\n\n第一段。\n\n## 小標\n\n第二段。", "clipboard").unwrap();
        let a = prepare(doc, ConfigChoice::Fixed(Config::TW2SP), converter()).unwrap();
        let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Heading, BlockKind::Image, BlockKind::Paragraph, BlockKind::Heading, BlockKind::Paragraph]
        );
        assert_eq!(paragraph_numbers_of(&a), [None, None, Some(1), Some(2), Some(3)]);
        // A first heading that is not the title is a paragraph like any other.
        let retitled = Article { title: "別的標題".into(), ..a.clone() };
        assert_eq!(paragraph_numbers_of(&retitled), [Some(1), None, Some(2), Some(3), Some(4)]);
        // Citing the title and the photo alone names no paragraph number.
        let ids = [a.blocks[0].id.clone(), a.blocks[1].id.clone()];
        let cited = render(&a, &HashMap::new(), Some(&ids), CopyFormat::Citation, &provenance());
        assert!(cited.ends_with("— 〈標題〉. Retrieved 2026-11-29."), "{cited}");
        // An untranslated title row is marked as the title, not as a paragraph.
        let only_body = HashMap::from([(a.blocks[2].id.clone(), "One.".to_owned())]);
        let ids = [a.blocks[0].id.clone(), a.blocks[2].id.clone()];
        let cited = render(&a, &only_body, Some(&ids), CopyFormat::Translation, &provenance());
        assert_eq!(cited, "[title not translated]\n\nOne.");
    }

    #[test]
    fn a_citation_of_a_prepared_article_names_rows_and_the_translator() {
        let a = article();
        let translations = HashMap::from([(a.blocks[2].id.clone(), "Paragraph two: the network.".to_owned())]);
        let ids = [a.blocks[2].id.clone()];
        assert_eq!(
            render(&a, &translations, Some(&ids), CopyFormat::Citation, &provenance()),
            "Paragraph two: the network.\n\n— 〈標題〉, ¶2. Machine-translated from Chinese by DeepL, 2026-11-29."
        );
    }

    #[test]
    fn a_citation_can_quote_each_original_above_its_translation() {
        let a = article();
        let translations = HashMap::from([(a.blocks[2].id.clone(), "Paragraph two: the network.".to_owned())]);
        let ids = [a.blocks[1].id.clone(), a.blocks[2].id.clone()];
        let both = Provenance { quote_original: true, ..provenance() };
        assert_eq!(
            render(&a, &translations, Some(&ids), CopyFormat::Citation, &both),
            "第一段軟體。\n[¶1 not translated]\n\n第二段網路。\nParagraph two: the network.\n\n\
             — 〈標題〉, ¶1–2. Machine-translated from Chinese by DeepL, 2026-11-29."
        );
        // Nothing translated: the original alone, as before.
        let none = HashMap::new();
        assert!(!render(&a, &none, Some(&ids), CopyFormat::Citation, &both).contains("not translated"));
    }

    #[test]
    fn credit_names_provider_and_model_once() {
        let a = article();
        let translations = HashMap::new();
        let credit = |provider: Option<&str>, model: Option<&str>| {
            let p = Provenance { provider: provider.map(Into::into), model: model.map(Into::into), ..provenance() };
            Ctx::new(&a, &translations, None, &p).credit()
        };
        assert_eq!(
            credit(Some("OpenAI"), Some("gpt-4o")),
            "Machine-translated from Chinese by OpenAI (gpt-4o), 2026-11-29."
        );
        assert_eq!(credit(None, Some("qwen2.5")), "Machine-translated from Chinese by qwen2.5, 2026-11-29.");
        assert_eq!(credit(None, None), "Machine-translated from Chinese, 2026-11-29.");
    }

    #[test]
    fn provenance_names_the_service_and_an_llm_by_its_model() {
        let named = |kind: ProviderKind, base_url: &str, model: Option<&str>| {
            let p = Provenance::for_service(kind, base_url, model, "en", "2026-11-29");
            assert_eq!((p.target_language.as_deref(), p.date.as_str()), (Some("en"), "2026-11-29"));
            (p.provider, p.model)
        };
        assert_eq!(named(ProviderKind::DeepL, "", None), (Some("DeepL".into()), None));
        assert_eq!(
            named(ProviderKind::OpenAi, "", Some("gpt-4o-mini")),
            (Some("OpenAI".into()), Some("gpt-4o-mini".into()))
        );
        assert_eq!(
            named(ProviderKind::OpenAi, "http://localhost:11434/v1", Some("qwen2.5:7b")),
            (None, Some("qwen2.5:7b".into()))
        );
        assert_eq!(
            named(ProviderKind::LibreTranslate, "http://127.0.0.1:5000", None),
            (Some("LibreTranslate".into()), None)
        );
    }

    #[test]
    fn sources_name_a_file_never_its_folders() {
        let mut a = article();
        let translations = HashMap::new();
        let p = provenance();
        let place = |a: &Article| Ctx::new(a, &translations, None, &p).source_place();
        for (source, expected) in [
            ("/home/reporter/Downloads/新聞.html", Some("新聞.html")),
            (r"C:\Users\reporter\新聞.txt", Some("新聞.txt")),
            ("https://news.example.tw/a/1", Some("https://news.example.tw/a/1")),
            ("clipboard", None),
            ("-", None),
            ("sample", Some("Duizhao sample article")),
        ] {
            a.source = source.to_owned();
            assert_eq!(place(&a).as_deref(), expected, "{source}");
        }
        a.meta.url = Some("https://example.hk/x".into());
        assert_eq!(place(&a).as_deref(), Some("https://example.hk/x"));
    }

    /// What a CommonMark reader shows for `markdown`: the text of its events.
    fn shown(markdown: &str) -> String {
        use pulldown_cmark::{Event, Parser};
        let mut out = String::new();
        for event in Parser::new(markdown) {
            match event {
                Event::Text(t) | Event::Code(t) => out.push_str(&t),
                Event::SoftBreak | Event::HardBreak => out.push('\n'),
                Event::Html(t) | Event::InlineHtml(t) => out.push_str(&format!("<<HTML {t}>>")),
                Event::Start(tag) if !matches!(tag, pulldown_cmark::Tag::Paragraph) => {
                    out.push_str(&format!("<<{tag:?}>>"));
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn escaped_markdown_reads_back_as_the_same_text() {
        for text in [
            "a *b* c",
            "snake_case and _emph_",
            "`code` and ``more``",
            "<script>alert(1)</script>",
            "&amp; &#39; & AT&T",
            "[link](https://x) [sic] [a][b] [c]: d",
            "# not a heading",
            "> not a quote",
            "- not a list",
            "+ nor this",
            "1. not ordered",
            "2026) neither",
            "=====",
            "---",
            "back\\slash \\* end\\",
            "~~strike~~",
            "第一行\n第二行",
            "    indented",
            "![圖](https://example.org/a.png)",
        ] {
            let piece = Piece { role: Role::Original, text: Cow::Borrowed(text) };
            let md = markdown_text(BlockKind::Paragraph, &piece);
            assert_eq!(shown(&md), text.replace("    ", ""), "{text:?} → {md:?}");
        }
    }

    /// An article built by hand: no OpenCC, no segmentation in the way.
    fn manual(blocks: &[(BlockKind, &str)]) -> Article {
        let mut a = article();
        a.title = "標題".into();
        a.blocks = blocks
            .iter()
            .enumerate()
            .map(|(i, (kind, text))| ArticleBlock {
                id: format!("b{}", i + 1),
                kind: *kind,
                level: u8::from(*kind == BlockKind::Heading),
                text: (*text).to_owned(),
                simplified: (*text).to_owned(),
                changes: Vec::new(),
            })
            .collect();
        a
    }

    #[test]
    fn html_escapes_everything_and_loads_nothing() {
        let a = manual(&[
            (BlockKind::Heading, "<b>標題</b>"),
            (BlockKind::Paragraph, "<script>alert('x')</script> & 段落。"),
            (BlockKind::Image, "![圖 \"x\"](javascript:alert(1))"),
        ]);
        let translations = HashMap::from([("b2".to_owned(), "<script>evil()</script>".to_owned())]);
        for format in CopyFormat::ALL {
            let html = export_document(&a, &translations, format, FileFormat::Html, &provenance());
            assert!(!html.contains("<script"), "{format:?}: {html}");
            assert!(!html.contains("<img"), "{format:?}: {html}");
            assert!(!html.contains("<b>"), "{format:?}: {html}");
            assert!(!html.contains("href=\"javascript"), "{format:?}: {html}");
            assert!(html.contains("&lt;script&gt;"), "{format:?}: {html}");
        }
    }
}
