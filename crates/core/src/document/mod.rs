//! Documents: what the user opened, as an ordered list of blocks.
//!
//! `import_path` / `import_bytes` / `import_text` read a source (a file, piped
//! bytes, pasted text), decode it (`encoding`), recognise its format and cut it
//! into blocks (`segment`); web pages go through reader-mode extraction first
//! (`extract`), Word and EPUB files are unpacked within limits (`archive`,
//! `docx`, `epub`), and `import_url` fetches a page (`fetch`, the only network
//! I/O outside `translate`). Every failure is an `ImportError` with a one-line
//! message a user can act on; nothing here panics on user data, and a failed
//! import returns no partial document. This module does no conversion.

mod archive;
mod docx;
mod encoding;
mod epub;
mod extract;
mod fetch;
mod segment;
pub(crate) use segment::is_cjk;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use archive::{MAX_ARCHIVE_ENTRIES, MAX_PART_BYTES, MAX_UNPACKED_BYTES};
pub use encoding::{decode, decode_page, encoding_for_label, Decoded};
pub use fetch::{import_url, import_url_blocking, FetchOptions};

/// The largest file Duizhao opens. Articles are far smaller; a file this big is
/// almost certainly not an article and would make the reader unusable.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The kinds of block the segmenter produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    Quote,
    ListItem,
    Image,
    Code,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Quote => "quote",
            BlockKind::ListItem => "list_item",
            BlockKind::Image => "image",
            BlockKind::Code => "code",
        }
    }
}

/// One row of the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Stable across re-imports: a hash of the kind and text, plus the occurrence
    /// number when the same text appears more than once.
    pub id: String,
    pub kind: BlockKind,
    /// 1–6 for headings, 0 for other kinds.
    pub level: u8,
    /// The block's text. Images are `![alt](src)`: a placeholder, never loaded.
    pub text: String,
}

/// What a document was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Markdown,
    Html,
    /// A Word document (.docx).
    Docx,
    /// An EPUB e-book.
    Epub,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Epub => "epub",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub title: String,
    /// Where it came from: a path as given, "-" for standard input, "clipboard",
    /// or the address as the user gave it (`meta.url` has the final one).
    pub source: String,
    pub encoding: &'static str,
    pub bom: bool,
    /// The encoding a page declared when its bytes were in `encoding` instead.
    pub declared_encoding: Option<&'static str>,
    pub format: Format,
    /// What the source says about itself beyond the title (web pages, e-books).
    pub meta: Meta,
    /// Chapters (e-books) or nothing: where each starts in `blocks`.
    pub chapters: Vec<Chapter>,
    pub blocks: Vec<Block>,
}

/// Facts about a document that a citation needs, when the source gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DocMeta"))]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// The address a web page was fetched from (after redirects).
    pub url: Option<String>,
    pub byline: Option<String>,
    /// The publication date as the source gives it (ISO 8601 where possible).
    pub published: Option<String>,
}

/// A chapter of an e-book: its title and the index of its first block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Chapter {
    pub title: String,
    pub first_block: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("no such file: {path}")]
    NotFound { path: String },
    #[error("{path} is a directory, not a file")]
    IsDirectory { path: String },
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("the file is empty")]
    Empty,
    #[error("the document has no text to show")]
    NoText,
    #[error("the file is binary, not text")]
    Binary,
    #[error("the file is larger than the {} limit", size_limit(*limit_bytes))]
    TooLarge { limit_bytes: u64 },
    #[error("invalid {encoding} bytes at byte offset {offset}")]
    InvalidBytes { encoding: &'static str, offset: usize },
    #[error(
        "cannot tell the encoding: the text is not valid UTF-8, Big5 or GB18030 (first bad byte at offset {offset})"
    )]
    UnknownEncoding { offset: usize },
    #[error("unknown encoding name {name:?}")]
    UnknownEncodingName { name: String },
    /// A Word or EPUB file that cannot be unpacked or parsed.
    #[error("the {format} file is damaged: {reason}")]
    Corrupt { format: &'static str, reason: String },
    /// A Word or EPUB file without a part it needs.
    #[error("the {format} file has no {part}: it is incomplete, or a file of another kind")]
    MissingPart { format: &'static str, part: String },
    /// A Word or EPUB file that unpacks to more than a limit (a zip bomb).
    #[error("the {format} file unpacks to more than the {} limit", size_limit(*limit_bytes))]
    ArchiveTooLarge { format: &'static str, limit_bytes: u64 },
    #[error("not a web address: {url} ({reason})")]
    InvalidUrl { url: String, reason: String },
    #[error("cannot reach {host}: {reason}")]
    Network { host: String, reason: String },
    #[error("{host} did not answer within {seconds} seconds")]
    Timeout { host: String, seconds: u64 },
    #[error("{host} redirected more than {limit} times (a redirect loop?)")]
    TooManyRedirects { host: String, limit: usize },
    #[error("{host} answered {status} {reason}")]
    HttpStatus { host: String, status: u16, reason: String },
    #[error("{host} sent {content_type}, not a web page (only HTML and plain text pages can be opened)")]
    NotHtml { host: String, content_type: String },
    #[error("the page is larger than the {} limit", size_limit(*limit_bytes))]
    PageTooLarge { limit_bytes: u64 },
    /// Markup nested so deep that parsing it would take hours (no article is).
    #[error("the markup nests elements more than {limit} deep, which no article does")]
    TooDeep { limit: usize },
    /// A content error, with the file it was found in.
    #[error("cannot read {path}: {cause}")]
    InFile { path: String, cause: Box<ImportError> },
}

impl ImportError {
    /// Prefixes the path for errors that do not name it themselves.
    pub fn in_file(self, path: &str) -> ImportError {
        match self {
            ImportError::Binary
            | ImportError::Empty
            | ImportError::NoText
            | ImportError::TooLarge { .. }
            | ImportError::InvalidBytes { .. }
            | ImportError::UnknownEncoding { .. }
            | ImportError::Corrupt { .. }
            | ImportError::MissingPart { .. }
            | ImportError::ArchiveTooLarge { .. }
            | ImportError::TooDeep { .. } => ImportError::InFile { path: path.to_owned(), cause: Box::new(self) },
            other => other,
        }
    }

    /// What went wrong, for the UI to choose its words by (the innermost cause's).
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self.cause() {
            ImportError::NotFound { .. } => ErrorKind::NotFound,
            ImportError::IsDirectory { .. } => ErrorKind::IsDirectory,
            ImportError::Empty | ImportError::NoText => ErrorKind::Empty,
            ImportError::Binary => ErrorKind::Binary,
            ImportError::TooLarge { .. } | ImportError::ArchiveTooLarge { .. } | ImportError::PageTooLarge { .. } => {
                ErrorKind::TooLarge
            }
            ImportError::InvalidBytes { .. }
            | ImportError::UnknownEncoding { .. }
            | ImportError::UnknownEncodingName { .. } => ErrorKind::InvalidEncoding,
            ImportError::Unreadable { .. } | ImportError::InFile { .. } | ImportError::TooDeep { .. } => {
                ErrorKind::Unreadable
            }
            ImportError::Corrupt { .. } | ImportError::MissingPart { .. } => ErrorKind::BadArchive,
            ImportError::InvalidUrl { .. } => ErrorKind::InvalidUrl,
            ImportError::Network { .. } => ErrorKind::Network,
            ImportError::Timeout { .. } => ErrorKind::Timeout,
            ImportError::TooManyRedirects { .. } => ErrorKind::RedirectLoop,
            ImportError::HttpStatus { .. } => ErrorKind::HttpStatus,
            ImportError::NotHtml { .. } => ErrorKind::NotHtml,
        }
    }

    /// The error itself, without the file it was found in.
    pub fn cause(&self) -> &ImportError {
        match self {
            ImportError::InFile { cause, .. } => cause.cause(),
            other => other,
        }
    }
}

/// "32 MB", "64 KB", "100 bytes": a limit as a person reads it.
fn size_limit(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= KB && bytes.is_multiple_of(KB) {
        format!("{} KB", bytes / KB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Options a caller may set when importing.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Reads and imports a file. Errors name the file.
pub fn import_path(path: &Path, options: ImportOptions) -> Result<Document, ImportError> {
    let bytes = read_file(path)?;
    let shown = path.display().to_string();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    import_bytes(&bytes, &shown, &name, options).map_err(|e| e.in_file(&shown))
}

/// Reads a file's bytes with the checks every caller needs: it exists, is not a
/// directory, and is within the size limit (checked before reading it all).
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    let shown = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|e| io_error(&shown, e))?;
    if metadata.is_dir() {
        return Err(ImportError::IsDirectory { path: shown });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { limit_bytes: MAX_FILE_BYTES }.in_file(&shown));
    }
    std::fs::read(path).map_err(|e| io_error(&shown, e))
}

fn io_error(path: &str, error: std::io::Error) -> ImportError {
    match error.kind() {
        std::io::ErrorKind::NotFound => ImportError::NotFound { path: path.to_owned() },
        std::io::ErrorKind::IsADirectory => ImportError::IsDirectory { path: path.to_owned() },
        _ => ImportError::Unreadable { path: path.to_owned(), reason: error.to_string() },
    }
}

/// Imports bytes from `source` (shown to the user); `name` (a file name, possibly
/// empty) decides the format by its extension, otherwise the content is sniffed.
pub fn import_bytes(bytes: &[u8], source: &str, name: &str, options: ImportOptions) -> Result<Document, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { limit_bytes: MAX_FILE_BYTES });
    }
    let format = match format_from_name(name) {
        Some(format) => format,
        None if bytes.starts_with(ZIP_MAGIC) => archive::sniff(bytes).ok_or(ImportError::Binary)?,
        None => sniff_format(bytes),
    };
    match format {
        Format::Docx => return docx::import(bytes, source, name),
        Format::Epub => return epub::import(bytes, source, name),
        _ => {}
    }
    let decoded = match (options.encoding, format) {
        (Some(chosen), _) => decode(bytes, Some(chosen))?,
        (None, Format::Html) => decode_page(bytes, encoding::html_declared_encoding(bytes).as_slice())?,
        (None, _) => decode(bytes, None)?,
    };
    let declared = decoded.declared;
    let mut document = build(decoded.text, source, name, decoded.encoding, decoded.bom, format)?;
    document.declared_encoding = declared;
    Ok(document)
}

/// Zip archives (Word, EPUB) begin with a local file header.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Imports text the user pasted. Pasted HTML is not interpreted: the clipboard's
/// plain text is what the user saw.
pub fn import_text(text: &str, source: &str) -> Result<Document, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let format = if looks_like_markdown(text) { Format::Markdown } else { Format::Text };
    build(text.replace('\0', ""), source, "", "UTF-8", false, format)
}

fn build(
    text: String,
    source: &str,
    name: &str,
    encoding: &'static str,
    bom: bool,
    format: Format,
) -> Result<Document, ImportError> {
    let segmented = segment_decoded(&text, format, None)?;
    finish(segmented, Vec::new(), source, name, encoding, bom, format)
}

/// Decoded text of a text format, cut into blocks; web pages through reader mode.
fn segment_decoded(text: &str, format: Format, base: Option<&url::Url>) -> Result<Segmented, ImportError> {
    Ok(match format {
        Format::Markdown => {
            check_nesting(text)?;
            segment::segment_markdown(text)
        }
        Format::Html => {
            check_nesting(text)?;
            extract::extract_article(text, base)
        }
        // Word and EPUB never arrive here as text.
        Format::Text | Format::Docx | Format::Epub => segment::segment_text(text),
    })
}

/// Markup for the HTML parser must not nest absurdly deep (see `MAX_HTML_DEPTH`).
fn check_nesting(text: &str) -> Result<(), ImportError> {
    if segment::nests_deeper_than(text, segment::MAX_HTML_DEPTH) {
        return Err(ImportError::TooDeep { limit: segment::MAX_HTML_DEPTH });
    }
    Ok(())
}

/// The document, or `NoText` when nothing readable was found: a document
/// without blocks is never returned.
fn finish(
    segmented: Segmented,
    chapters: Vec<Chapter>,
    source: &str,
    name: &str,
    encoding: &'static str,
    bom: bool,
    format: Format,
) -> Result<Document, ImportError> {
    if segmented.blocks.is_empty() {
        return Err(ImportError::NoText);
    }
    let title = segmented
        .title
        .filter(|t| !t.trim().is_empty())
        .or_else(|| title_from_name(name))
        .or_else(|| title_from_blocks(&segmented.blocks))
        .unwrap_or_else(|| "Untitled".to_owned());
    Ok(Document {
        title,
        source: source.to_owned(),
        encoding,
        bom,
        declared_encoding: None,
        format,
        meta: segmented.meta,
        chapters,
        blocks: assign_ids(segmented.blocks),
    })
}

/// A title for a document that names none and has no file name (pasted text):
/// its first heading or short line, else the opening of its first paragraph.
/// Never an image placeholder.
fn title_from_blocks(blocks: &[RawBlock]) -> Option<String> {
    const MAX_CHARS: usize = 30;
    let texts = || blocks.iter().filter(|b| b.kind != BlockKind::Image && b.kind != BlockKind::Code);
    if let Some(short) = texts().find(|b| b.kind == BlockKind::Heading || segment::looks_like_heading(&b.text, 40)) {
        return Some(short.text.clone());
    }
    let Some(first) = texts().next().and_then(|b| b.text.lines().next()).map(str::trim) else {
        return title_from_pictures_or_code(blocks);
    };
    let clause = first.split_inclusive(['。', '！', '？', '，', '；', '.', '!', '?']).next().unwrap_or(first);
    let clause = clause.trim_end_matches(['。', '，', '；', ',', ';']);
    Some(if clause.chars().count() > MAX_CHARS {
        format!("{}…", clause.chars().take(MAX_CHARS).collect::<String>())
    } else {
        clause.to_owned()
    })
}

/// A document of images and code only: the first image's description, or the
/// name of its file, or the first line of code — anything but a word like
/// "Untitled" that says nothing about it.
fn title_from_pictures_or_code(blocks: &[RawBlock]) -> Option<String> {
    const MAX_CHARS: usize = 30;
    let cut = |s: &str| -> Option<String> {
        let s = s.trim();
        (!s.is_empty()).then(|| s.chars().take(MAX_CHARS).collect())
    };
    blocks.iter().find_map(|b| match b.kind {
        BlockKind::Image => {
            // `![alt](src)`: the alt text, else the file's name.
            let (alt, src) = b.text.strip_prefix("![")?.split_once("](")?;
            let src = src.strip_suffix(')').unwrap_or(src);
            cut(alt).or_else(|| cut(src.rsplit('/').next().unwrap_or(src).split(['?', '#']).next().unwrap_or("")))
        }
        BlockKind::Code => b.text.lines().find_map(cut),
        _ => None,
    })
}

fn title_from_name(name: &str) -> Option<String> {
    let stem = Path::new(name).file_stem()?.to_string_lossy().into_owned();
    (!stem.is_empty()).then_some(stem)
}

fn format_from_name(name: &str) -> Option<Format> {
    let ext = Path::new(name).extension()?.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "txt" | "text" => Some(Format::Text),
        "docx" => Some(Format::Docx),
        "epub" => Some(Format::Epub),
        _ => None,
    }
}

fn sniff_format(bytes: &[u8]) -> Format {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
    {
        Format::Html
    } else {
        Format::Text
    }
}

/// Pasted text is treated as Markdown only when it clearly is: a heading line, a
/// code fence, or an image or link inside a line of text. Otherwise `*` and `_`
/// in plain prose could be eaten. Lines that are only image placeholders (as
/// saved articles carry them) are images in plain text too.
fn looks_like_markdown(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("# ")
            || l.starts_with("## ")
            || l.starts_with("### ")
            || l.starts_with("```")
            || l.contains("](") && !segment::is_image_line(l)
    })
}

/// A raw block before ids are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawBlock {
    pub kind: BlockKind,
    pub level: u8,
    pub text: String,
}

#[derive(Default)]
pub(crate) struct Segmented {
    pub title: Option<String>,
    pub blocks: Vec<RawBlock>,
    pub meta: Meta,
}

/// FNV-1a over kind and text: stable across runs and platforms (unlike std's
/// hasher), which caches and saved alignments rely on.
fn content_hash(kind: BlockKind, text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in kind.as_str().bytes().chain([0u8]).chain(text.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn assign_ids(raw: Vec<RawBlock>) -> Vec<Block> {
    let mut seen = std::collections::HashMap::<u64, u32>::new();
    raw.into_iter()
        .map(|b| {
            let hash = content_hash(b.kind, &b.text);
            let n = seen.entry(hash).or_insert(0);
            let id = if *n == 0 { format!("{hash:016x}") } else { format!("{hash:016x}-{n}") };
            *n += 1;
            Block { id, kind: b.kind, level: b.level, text: b.text }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_ids_are_stable_and_unique_for_repeated_text() {
        let doc = import_text("第一段。\n\n重複。\n\n重複。\n", "clipboard").unwrap();
        let ids: Vec<&str> = doc.blocks.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[2], format!("{}-1", ids[1]));
        let again = import_text("插入。\n\n第一段。\n\n重複。\n\n重複。\n", "clipboard").unwrap();
        assert_eq!(again.blocks[1].id, ids[0], "inserting a block must not change later ids");
    }

    #[test]
    fn a_paste_of_pictures_only_is_titled_by_them_never_untitled() {
        let described = import_text("![夜市的攤位](https://example.com/a.jpg)\n![](b.png)\n", "clipboard").unwrap();
        assert_eq!(described.title, "夜市的攤位");
        let bare = import_text("![](https://example.com/photos/bakery.jpg?w=640)\n", "clipboard").unwrap();
        assert_eq!(bare.title, "bakery.jpg");
    }

    #[test]
    fn empty_and_blank_inputs_are_errors() {
        assert_eq!(import_bytes(b"", "x", "x.txt", ImportOptions::default()), Err(ImportError::Empty));
        assert_eq!(import_text("  \n\n ", "clipboard"), Err(ImportError::Empty));
        assert_eq!(
            import_bytes(b"<html><body><script>x()</script></body></html>", "x", "x.html", ImportOptions::default()),
            Err(ImportError::NoText)
        );
    }

    #[test]
    fn format_comes_from_extension_then_content() {
        assert_eq!(format_from_name("a.MD"), Some(Format::Markdown));
        assert_eq!(format_from_name("a.htm"), Some(Format::Html));
        assert_eq!(format_from_name("a"), None);
        assert_eq!(sniff_format(b"  <!DOCTYPE html><p>x"), Format::Html);
        assert_eq!(sniff_format("臺灣".as_bytes()), Format::Text);
    }

    #[test]
    fn missing_file_and_directory_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.txt");
        assert!(matches!(import_path(&missing, ImportOptions::default()), Err(ImportError::NotFound { .. })));
        assert!(matches!(import_path(dir.path(), ImportOptions::default()), Err(ImportError::IsDirectory { .. })));
    }

    #[test]
    fn file_over_the_limit_says_the_limit() {
        let err = ImportError::TooLarge { limit_bytes: MAX_FILE_BYTES };
        assert_eq!(err.to_string(), "the file is larger than the 32 MB limit");
    }
}
