//! Segmentation: decoded text of a known format becomes an ordered list of blocks
//! (heading, paragraph, quote, list item, image placeholder, code). Every piece of
//! text in the input ends up in exactly one block, or is deliberately dropped
//! (scripts, styles, navigation, ruby annotations); images become placeholders,
//! never fetched. Called only by `document::build`.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use scraper::{Html, Node};

use super::{BlockKind, RawBlock, Segmented};

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F
        | 0x3190..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

fn raw(kind: BlockKind, level: u8, text: String) -> RawBlock {
    RawBlock { kind, level, text }
}

fn image_placeholder(alt: &str, src: &str) -> String {
    let src = if src.contains([' ', ')', '(']) { format!("<{src}>") } else { src.to_owned() };
    format!("![{}]({src})", alt.trim())
}

/// Plain text. With blank lines, each blank-line-separated chunk is a paragraph
/// and its inner line breaks are kept (poems, addresses); without any, each line
/// is a paragraph, as in most Chinese text files. A line that is only image
/// placeholders (`![]()`, `![alt](src)`, as saved articles carry them) is an
/// image block, whatever the mode. Headline and subheadings are then inferred
/// (`infer_headings`).
pub(crate) fn segment_text(text: &str) -> Segmented {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    if has_blank_lines(&text) {
        let mut chunk: Vec<&str> = Vec::new();
        let flush = |chunk: &mut Vec<&str>, blocks: &mut Vec<RawBlock>| {
            if !chunk.is_empty() {
                let joined = chunk.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n");
                blocks.push(raw(BlockKind::Paragraph, 0, joined.trim().to_owned()));
                chunk.clear();
            }
        };
        for line in lines.iter().chain(std::iter::once(&"")) {
            if line.trim().is_empty() {
                flush(&mut chunk, &mut blocks);
            } else if let Some(images) = image_line(line) {
                flush(&mut chunk, &mut blocks);
                blocks.extend(images);
            } else {
                chunk.push(line);
            }
        }
    } else {
        for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
            match image_line(line) {
                Some(images) => blocks.extend(images),
                None => blocks.push(raw(BlockKind::Paragraph, 0, line.to_owned())),
            }
        }
    }
    let title = infer_headings(&mut blocks);
    Segmented { title, blocks, ..Segmented::default() }
}

/// Whether there is a blank line between the first and the last line with text.
fn has_blank_lines(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(f), Some(l)) => lines[f..=l].iter().any(|l| l.trim().is_empty()),
        _ => false,
    }
}

/// A line made only of Markdown image placeholders (and spaces between them):
/// one image block each. Anything else on the line makes it text.
pub(crate) fn is_image_line(line: &str) -> bool {
    image_line(line).is_some()
}

fn image_line(line: &str) -> Option<Vec<RawBlock>> {
    let mut rest = line.trim();
    let mut images = Vec::new();
    while !rest.is_empty() {
        let after = rest.strip_prefix("![")?;
        let close = after.find("](")?;
        let alt = &after[..close];
        let target = &after[close + 2..];
        let (src, tail) = if let Some(bracketed) = target.strip_prefix('<') {
            let end = bracketed.find('>')?;
            let close = bracketed[end..].find(')')? + end;
            (&bracketed[..end], &bracketed[close + 1..])
        } else {
            // An optional title after the address: `![alt](src "title")`.
            let end = target.find(')')?;
            let src = &target[..end];
            (src.split_once([' ', '\t']).map_or(src, |(address, _)| address), &target[end + 1..])
        };
        if alt.contains(['[', ']']) {
            return None;
        }
        images.push(raw(BlockKind::Image, 0, image_placeholder(alt, src)));
        rest = tail.trim_start();
    }
    (!images.is_empty()).then_some(images)
}

/// Sentence-final punctuation: a line ending in one is prose. Closing quotes
/// and brackets end sentences in Chinese text (「……。」).
const SENTENCE_FINAL: &[char] =
    &['。', '！', '？', '!', '?', '.', '．', '…', '」', '』', '”', '"', '）', ')', '；', ';'];
/// What a heading never ends with: sentence-final punctuation or a clause mark.
const NOT_HEADING_END: &[char] =
    &['。', '！', '？', '!', '?', '.', '．', '…', '」', '』', '”', '"', '；', ';', '：', ':', '，', ',', '、'];

/// A short single line without sentence punctuation: a headline or a
/// subheading. `技術創新:中美AI競爭的結構性差異` is one; `他說。` is not.
pub(crate) fn looks_like_heading(text: &str, max_chars: usize) -> bool {
    let text = text.trim();
    let chars = text.chars().count();
    let limit = if text.chars().any(is_cjk) { max_chars } else { max_chars * 2 };
    chars > 0
        && chars <= limit
        && !text.contains('\n')
        && !text.ends_with(NOT_HEADING_END)
        && !text.contains(['。', '！', '？'])
        && text.chars().any(char::is_alphanumeric)
}

fn is_prose(block: &RawBlock) -> bool {
    block.kind == BlockKind::Paragraph && block.text.trim_end().ends_with(SENTENCE_FINAL)
}

/// Headline and subheadings of text that has no markup for them. The first
/// text block is the headline (level 1, the title) when it looks like one and
/// more text follows. A later short line without sentence punctuation whose
/// neighbouring text blocks (images skipped) are both prose is a subheading
/// (level 2). Runs of short lines (poems, lists, addresses) stay paragraphs.
pub(crate) fn infer_headings(blocks: &mut [RawBlock]) -> Option<String> {
    let texts: Vec<usize> = (0..blocks.len()).filter(|&i| blocks[i].kind != BlockKind::Image).collect();
    let mut title = None;
    if let [first, _, ..] = texts[..] {
        if blocks[first].kind == BlockKind::Paragraph && looks_like_heading(&blocks[first].text, 60) {
            blocks[first].kind = BlockKind::Heading;
            blocks[first].level = 1;
            title = Some(blocks[first].text.clone());
        }
    }
    let subheadings: Vec<usize> = texts
        .windows(3)
        .filter(|w| {
            let (before, this, after) = (&blocks[w[0]], &blocks[w[1]], &blocks[w[2]]);
            this.kind == BlockKind::Paragraph
                && looks_like_heading(&this.text, 40)
                && is_prose(before)
                && is_prose(after)
        })
        .map(|w| w[1])
        .collect();
    for i in subheadings {
        blocks[i].kind = BlockKind::Heading;
        blocks[i].level = 2;
    }
    title
}

/// Markdown (CommonMark with tables, strikethrough and footnotes). Inline
/// formatting is reduced to its text; raw HTML blocks go through the HTML
/// segmenter so their text is kept and their markup is not.
///
/// CJK text copied from a page often has no blank lines between paragraphs,
/// which CommonMark would melt into one paragraph: a line break after Chinese
/// sentence-final punctuation (。！？」』…) ends the paragraph, and in Chinese
/// text with no blank line at all every line break does. Markdown without any
/// heading gets its headline and subheadings inferred as plain text does.
pub(crate) fn segment_markdown(text: &str) -> Segmented {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    // Only Chinese text: hard-wrapped Latin Markdown without blank lines stays
    // one paragraph, as CommonMark says.
    let every_line_a_paragraph = !has_blank_lines(text) && text.chars().any(is_cjk);
    let mut md = MarkdownWalker { every_line_a_paragraph, ..MarkdownWalker::default() };
    for event in Parser::new_ext(text, options) {
        md.event(event);
    }
    md.flush();
    let mut blocks = md.blocks;
    let title = match blocks.iter().filter(|b| b.kind == BlockKind::Heading).min_by_key(|b| b.level) {
        Some(heading) => Some(heading.text.clone()),
        None => infer_headings(&mut blocks),
    };
    Segmented { title, blocks, ..Segmented::default() }
}

/// Chinese sentence-final punctuation, after which a Markdown line break ends
/// the paragraph. (Latin text is hard-wrapped after full stops all the time.)
const CJK_SENTENCE_FINAL: &[char] = &['。', '！', '？', '」', '』', '…', '”'];

/// A soft line break inside a Markdown paragraph; resolved when the block is
/// flushed, because whether it becomes a space depends on the next character.
const SOFT_BREAK: char = '\u{E000}';

#[derive(Default)]
struct MarkdownWalker {
    blocks: Vec<RawBlock>,
    buf: String,
    heading: Option<u8>,
    quote_depth: usize,
    item_depth: usize,
    in_code: bool,
    image: Option<(String, String)>,
    html: Option<String>,
    table_row: Option<Vec<String>>,
    /// The text has no blank line: each line is its own paragraph.
    every_line_a_paragraph: bool,
}

impl MarkdownWalker {
    fn kind(&self) -> (BlockKind, u8) {
        if let Some(level) = self.heading {
            (BlockKind::Heading, level)
        } else if self.in_code {
            (BlockKind::Code, 0)
        } else if self.item_depth > 0 {
            (BlockKind::ListItem, 0)
        } else if self.quote_depth > 0 {
            (BlockKind::Quote, 0)
        } else {
            (BlockKind::Paragraph, 0)
        }
    }

    fn flush(&mut self) {
        let (kind, level) = self.kind();
        let text = std::mem::take(&mut self.buf);
        let text = if kind == BlockKind::Code {
            text.trim_end_matches('\n').to_owned()
        } else {
            resolve_soft_breaks(&text).trim().to_owned()
        };
        if !text.trim().is_empty() {
            self.blocks.push(raw(kind, level, text));
        }
    }

    /// Whether a soft line break here ends the block (see `segment_markdown`).
    fn breaks_paragraph(&self) -> bool {
        let in_prose = self.heading.is_none()
            && self.image.is_none()
            && self.html.is_none()
            && self.table_row.is_none()
            && !self.in_code;
        in_prose
            && (self.every_line_a_paragraph
                || self.buf.trim_end_matches([SOFT_BREAK, ' ', '\t']).ends_with(CJK_SENTENCE_FINAL))
    }

    fn push_text(&mut self, text: &str) {
        if let Some((alt, _)) = &mut self.image {
            alt.push_str(text);
        } else if let Some(html) = &mut self.html {
            html.push_str(text);
        } else if let Some(row) = &mut self.table_row {
            if let Some(cell) = row.last_mut() {
                cell.push_str(text);
            }
        } else {
            self.buf.push_str(text);
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.push_text(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push_text(&t),
            Event::SoftBreak if self.breaks_paragraph() => self.flush(),
            Event::SoftBreak => self.push_text(&SOFT_BREAK.to_string()),
            Event::HardBreak => self.push_text("\n"),
            Event::Html(t) => {
                if let Some(html) = &mut self.html {
                    html.push_str(&t);
                }
            }
            // Inline tags are dropped; the text between them arrives as Text.
            Event::InlineHtml(_) => {}
            Event::FootnoteReference(label) => self.push_text(&format!("[{label}]")),
            Event::TaskListMarker(done) => self.push_text(if done { "☑ " } else { "☐ " }),
            Event::Rule => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(heading_level(level));
            }
            Tag::Paragraph => self.flush(),
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::Item => {
                self.flush();
                self.item_depth += 1;
            }
            Tag::List(_) => self.flush(),
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(String::new());
            }
            Tag::Image { dest_url, .. } => {
                self.image = Some((String::new(), dest_url.to_string()));
            }
            Tag::Table(_) => self.flush(),
            Tag::TableHead | Tag::TableRow => self.table_row = Some(Vec::new()),
            Tag::TableCell => {
                if let Some(row) = &mut self.table_row {
                    row.push(String::new());
                }
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.buf.push_str(&format!("[{label}] "));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::Paragraph | TagEnd::List(_) | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::Item => {
                self.flush();
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.flush();
                self.in_code = false;
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    self.blocks.extend(segment_html_fragment(&html));
                }
            }
            TagEnd::Image => {
                if let Some((alt, src)) = self.image.take() {
                    // The text before the image stays its own block; the image
                    // becomes a placeholder row; text after it continues the kind.
                    self.flush();
                    self.blocks.push(raw(BlockKind::Image, 0, image_placeholder(&alt, &src)));
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(row) = self.table_row.take() {
                    let cells: Vec<String> = row.iter().map(|c| c.trim().to_owned()).collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        self.blocks.push(raw(BlockKind::Paragraph, 0, cells.join(" | ")));
                    }
                }
            }
            _ => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A soft break joins Chinese lines without a space (as browsers do for CJK) and
/// Latin lines with one.
fn resolve_soft_breaks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == SOFT_BREAK {
            let before = out.chars().last();
            let after = chars[i + 1..].iter().copied().find(|&c| c != SOFT_BREAK);
            let cjk_join = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            if !cjk_join && before.is_some() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An HTML document: title from `<title>` (else the first `<h1>`), blocks from the
/// whole body. Scripts, styles, frames, forms and navigation are dropped entirely.
/// Web pages go through `extract::extract_article` first, which falls back to this.
pub(crate) fn segment_html(text: &str) -> Segmented {
    let html = Html::parse_document(text);
    segment_parsed_html(&html, None)
}

/// `segment_html` on an already parsed document; image addresses are resolved
/// against `base` when given.
pub(crate) fn segment_parsed_html(html: &Html, base: Option<&url::Url>) -> Segmented {
    let mut walker = HtmlWalker { base, ..HtmlWalker::default() };
    walker.walk(html.tree.root(), BlockKind::Paragraph);
    walker.flush(BlockKind::Paragraph, 0);
    let title = document_title(html).or_else(|| {
        walker.blocks.iter().find(|b| b.kind == BlockKind::Heading && b.level == 1).map(|b| b.text.clone())
    });
    Segmented { title, blocks: walker.blocks, ..Segmented::default() }
}

/// The text of the document's `<title>`, whitespace collapsed.
pub(crate) fn document_title(html: &Html) -> Option<String> {
    html.tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "title"))
        .map(|t| collapse_whitespace(&text_of(t)))
        .filter(|t| !t.is_empty())
}

/// All text below `node`, as it stands in the source (no dropping, no collapsing).
pub(crate) fn text_of(node: ego_tree::NodeRef<'_, Node>) -> String {
    node.descendants().filter_map(|d| d.value().as_text().map(|t| &**t)).collect()
}

/// Blocks from chosen parts of a page (the article and its kin), in order.
/// With `clean`, boilerplate inside them (share bars, ads, tag lists, bylines,
/// link lists) is dropped too.
pub(crate) fn segment_nodes(
    nodes: &[ego_tree::NodeRef<'_, Node>],
    counts: Option<&Counts>,
    base: Option<&url::Url>,
) -> Vec<RawBlock> {
    let mut walker = HtmlWalker { clean: counts.is_some(), counts, base, ..HtmlWalker::default() };
    for node in nodes {
        match node.value() {
            Node::Element(e) => walker.element(*node, e.name(), e, BlockKind::Paragraph),
            Node::Text(t) => walker.buf.push_str(t),
            _ => {}
        }
        walker.flush(BlockKind::Paragraph, 0);
    }
    walker.blocks
}

/// The deepest element nesting an HTML parser is given. The HTML5 tree builder
/// scans its stack of open elements for many tags, so parsing time grows with
/// depth times tag count: a hostile page of a million nested `<div>`s would
/// take hours. Real pages stay far below this.
pub(crate) const MAX_HTML_DEPTH: usize = 1024;

/// Elements that never nest (void) or that the parser closes by itself when the
/// next one starts; they do not count towards the nesting depth.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "basefont", "bgsound", "frame", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "rb",
    "rt", "rp", "rtc", "tbody", "thead", "tfoot", "colgroup", "caption", "html", "head", "body",
];
/// Elements whose content is raw text: their "tags" are not tags.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

/// Counted elements whose end tag closes everything opened inside them (the
/// parser's "has an element in scope" rule), unless a scope boundary intervenes.
const CLOSES_THROUGH: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "button",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "pre",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
];
/// Counted elements that bound scope: an end tag does not close through them.
const SCOPE_BOUNDARIES: &[&str] = &["table", "applet", "marquee", "object", "template", "select"];
/// Counted "special" elements: any other end tag (`</span>`, `</b>`) that would
/// have to close one of them to reach its element is ignored by the parser.
const SPECIAL: &[&str] = &["plaintext", "mi", "mo", "mn", "ms", "mtext", "annotation", "foreignobject", "desc"];
/// End tags that close what was opened inside the current table part.
const TABLE_PARTS: &[&str] = &["td", "th", "tr", "tbody", "thead", "tfoot", "caption"];

/// The elements the nesting guard counts as open, with, for each name, where
/// it stands on the stack, and where the special and boundary elements stand:
/// every question an end tag asks is answered without walking the stack.
#[derive(Default)]
struct OpenElements {
    stack: Vec<String>,
    positions: std::collections::HashMap<String, Vec<usize>>,
    specials: Vec<usize>,
    boundaries: Vec<usize>,
}

impl OpenElements {
    fn push(&mut self, name: String) {
        let at = self.stack.len();
        if SCOPE_BOUNDARIES.contains(&name.as_str()) {
            self.boundaries.push(at);
        }
        if SCOPE_BOUNDARIES.contains(&name.as_str())
            || CLOSES_THROUGH.contains(&name.as_str())
            || SPECIAL.contains(&name.as_str())
        {
            self.specials.push(at);
        }
        self.positions.entry(name.clone()).or_default().push(at);
        self.stack.push(name);
    }

    /// Pops elements until the stack is `len` long.
    fn truncate(&mut self, len: usize) {
        while self.stack.len() > len {
            let Some(name) = self.stack.pop() else { break };
            let at = self.stack.len();
            if let Some(positions) = self.positions.get_mut(&name) {
                positions.pop();
            }
            if self.specials.last() == Some(&at) {
                self.specials.pop();
            }
            if self.boundaries.last() == Some(&at) {
                self.boundaries.pop();
            }
        }
    }

    /// An end tag: closes its element (and what is open inside it) when the
    /// HTML parser would; an end tag that closes nothing is ignored.
    fn close(&mut self, name: &str) {
        if TABLE_PARTS.contains(&name) {
            // Closes what is open in the cell, down to the innermost table.
            if let Some(&boundary) = self.boundaries.last() {
                if self.stack.get(boundary).is_some_and(|b| b == "table") {
                    self.truncate(boundary + 1);
                }
            }
            return;
        }
        let Some(&at) = self.positions.get(name).and_then(|p| p.last()) else { return };
        let above_last = |positions: &Vec<usize>| positions.last().is_some_and(|&p| p > at);
        let blocked = if CLOSES_THROUGH.contains(&name) || SCOPE_BOUNDARIES.contains(&name) {
            above_last(&self.boundaries)
        } else {
            above_last(&self.specials)
        };
        if !blocked {
            self.truncate(at);
        }
    }
}

/// A tag name as the guard compares it: lowercase, and every heading level one
/// name, since `</h2>` closes an open `<h1>`.
fn guard_name(raw: &[u8]) -> String {
    let name = String::from_utf8_lossy(raw).to_ascii_lowercase();
    if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
        "h1".to_owned()
    } else {
        name
    }
}

/// Does the markup (roughly, as a tag counter) nest deeper than `limit`? Errs on
/// the side of counting too little: implicitly closed elements are not counted.
/// An end tag closes only an element that is open (and that the HTML parser
/// would close), so stray end tags cannot hide nesting. Linear time.
pub(crate) fn nests_deeper_than(text: &str, limit: usize) -> bool {
    let bytes = text.as_bytes();
    let mut open = OpenElements::default();
    let mut i = 0;
    while let Some(offset) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'<')) {
        i += offset + 1;
        match bytes.get(i) {
            Some(b'/') => {
                let rest = bytes.get(i + 1..).unwrap_or_default();
                let name_len = rest.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
                if rest.first().is_some_and(u8::is_ascii_alphabetic) {
                    open.close(&guard_name(rest.get(..name_len).unwrap_or_default()));
                    i += 1 + name_len;
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let rest = bytes.get(i..).unwrap_or_default();
                let name_len = rest.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
                let name = guard_name(rest.get(..name_len).unwrap_or_default());
                i += name_len;
                let end = bytes.get(i..).and_then(|r| r.iter().position(|&b| b == b'>')).map(|p| i + p);
                let self_closing = end.is_some_and(|e| e > 0 && bytes.get(e - 1) == Some(&b'/'));
                if RAW_TEXT.contains(&name.as_str()) {
                    // Skip to the matching end tag: `a<b` in a script is no tag.
                    let closing = format!("</{name}");
                    let lower_from = end.unwrap_or(i);
                    let found = find_ascii_case_insensitive(bytes, lower_from, closing.as_bytes());
                    i = found.map(|f| f + closing.len()).unwrap_or(bytes.len());
                    continue;
                }
                if !self_closing && !NOT_NESTING.contains(&name.as_str()) {
                    open.push(name);
                    if open.stack.len() > limit {
                        return true;
                    }
                }
                if let Some(end) = end {
                    i = end + 1;
                }
            }
            _ => {}
        }
    }
    false
}

fn find_ascii_case_insensitive(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = haystack.get(from..)?;
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| p + from)
}

fn segment_html_fragment(text: &str) -> Vec<RawBlock> {
    let html = Html::parse_fragment(text);
    let mut walker = HtmlWalker::default();
    walker.walk(html.tree.root(), BlockKind::Paragraph);
    walker.flush(BlockKind::Paragraph, 0);
    walker.blocks
}

/// A line break from `<br>`; kept through whitespace collapsing.
const LINE_BREAK: char = '\u{E001}';

#[derive(Default)]
struct HtmlWalker<'a> {
    blocks: Vec<RawBlock>,
    buf: String,
    /// Drop boilerplate by its class/id and link density (inside an extracted article).
    clean: bool,
    /// The page's address, for making image addresses absolute.
    base: Option<&'a url::Url>,
    /// Characters and linked characters below each element (for `clean`).
    counts: Option<&'a Counts>,
    /// Nesting depth: past `MAX_DEPTH`, a subtree's text is taken flat, so a
    /// hostile page of endlessly nested elements cannot exhaust the stack.
    depth: usize,
}

/// Below each node: visible characters, characters inside links, and commas
/// (Chinese and Latin clause punctuation), as `count_text` finds them.
pub(crate) type Counts = std::collections::HashMap<ego_tree::NodeId, (usize, usize, usize)>;

fn is_clause_punctuation(c: char) -> bool {
    matches!(c, '，' | '、' | '。' | '！' | '？' | '；' | '：' | ',' | '﹐' | '､')
}

const MAX_DEPTH: usize = 200;

pub(crate) const DROPPED: &[&str] = &[
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "template", "svg", "canvas",
    "math", "form", "button", "select", "input", "textarea", "nav", "aside", "footer", "head", "rt", "rp", "audio",
    "video", "map", "dialog",
];

const CONTAINERS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "address",
    "center",
    "details",
    "summary",
    "hgroup",
    "body",
    "html",
    "caption",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "ul",
    "ol",
    "menu",
];

impl HtmlWalker<'_> {
    fn flush(&mut self, kind: BlockKind, level: u8) {
        let text = collapse_whitespace(&std::mem::take(&mut self.buf));
        // Two line breaks in a row (`<br><br>`) separate paragraphs, as on many
        // older pages and blogs that never use `<p>`.
        for part in text.split("\n\n") {
            let part = part.trim();
            if !part.is_empty() {
                self.blocks.push(raw(kind, level, part.to_owned()));
            }
        }
    }

    fn walk(&mut self, node: ego_tree::NodeRef<'_, Node>, kind: BlockKind) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => self.buf.push_str(t),
                Node::Element(e) => self.element(child, e.name(), e, kind),
                _ => {}
            }
        }
    }

    fn element(&mut self, node: ego_tree::NodeRef<'_, Node>, name: &str, e: &scraper::node::Element, kind: BlockKind) {
        if DROPPED.contains(&name) || is_hidden(e) {
            return;
        }
        // A link that runs script is a page control ("按這裡看地圖", "展開全文"),
        // not article text, unless it wraps whole blocks (an article inside
        // one link): then its blocks are kept, never its address.
        if name == "a" && e.attr("href").is_some_and(is_script_url) && !contains_layout(node) {
            return;
        }
        if self.clean && is_boilerplate(node, e, self.counts) {
            return;
        }
        if self.depth > MAX_DEPTH {
            self.buf.push_str(&text_of(node));
            return;
        }
        self.depth += 1;
        self.element_inner(node, name, e, kind);
        self.depth -= 1;
    }

    fn element_inner(
        &mut self,
        node: ego_tree::NodeRef<'_, Node>,
        name: &str,
        e: &scraper::node::Element,
        kind: BlockKind,
    ) {
        match name {
            "br" => self.buf.push(LINE_BREAK),
            "img" => {
                self.flush(kind, 0);
                let alt = e.attr("alt").unwrap_or("");
                let src = image_source(e.attr("src").unwrap_or(""), self.base);
                if !alt.trim().is_empty() || !src.trim().is_empty() {
                    self.blocks.push(raw(BlockKind::Image, 0, image_placeholder(alt, &src)));
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush(kind, 0);
                let level = name.as_bytes()[1] - b'0';
                self.walk(node, BlockKind::Heading);
                // Images inside a heading were already emitted; the text is the heading.
                self.flush(BlockKind::Heading, level);
            }
            "blockquote" => {
                self.flush(kind, 0);
                self.walk(node, BlockKind::Quote);
                self.flush(BlockKind::Quote, 0);
            }
            "li" => {
                self.flush(kind, 0);
                self.walk(node, BlockKind::ListItem);
                self.flush(BlockKind::ListItem, 0);
            }
            "pre" => {
                self.flush(kind, 0);
                let code: String = pre_text(node);
                let code = code.trim_end_matches('\n').trim_start_matches('\n');
                if !code.trim().is_empty() {
                    self.blocks.push(raw(BlockKind::Code, 0, code.to_owned()));
                }
            }
            // A row of a layout table (a cell holding paragraphs, headings,
            // lists or another table, as on older pages laid out with tables)
            // is walked as containers, so the cells' blocks are kept; a row of
            // a data table becomes one paragraph, its cells joined by " | ".
            "tr" if is_layout_row(node) => {
                self.flush(kind, 0);
                for cell in node.children().filter(|c| c.value().as_element().is_some_and(|el| is_cell(el.name()))) {
                    self.walk(cell, kind);
                    self.flush(kind, 0);
                }
            }
            "tr" => {
                self.flush(kind, 0);
                let cells: Vec<String> = node
                    .children()
                    .filter_map(|c| c.value().as_element().map(|el| (c, el.name())))
                    .filter(|(_, n)| is_cell(n))
                    .map(|(c, _)| {
                        let mut cell = HtmlWalker {
                            clean: self.clean,
                            base: self.base,
                            counts: self.counts,
                            depth: self.depth + 1,
                            ..HtmlWalker::default()
                        };
                        cell.walk(c, kind);
                        collapse_whitespace(&cell.buf)
                    })
                    .collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    self.blocks.push(raw(BlockKind::Paragraph, 0, cells.join(" | ")));
                }
            }
            _ if CONTAINERS.contains(&name) => {
                self.flush(kind, 0);
                self.walk(node, kind);
                self.flush(kind, 0);
            }
            // Inline elements (a, span, strong, em, ruby, …) contribute their text.
            _ => self.walk(node, kind),
        }
    }
}

fn is_cell(name: &str) -> bool {
    name == "td" || name == "th"
}

/// Elements that make a table cell a layout box rather than a data cell (and a
/// script link a wrapper of article blocks rather than a control).
const LAYOUT_IN_CELL: &[&str] = &[
    "p",
    "div",
    "table",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
];

/// Whether a table row lays out a page rather than holding data: one of its
/// cells contains block elements.
fn is_layout_row(row: ego_tree::NodeRef<'_, Node>) -> bool {
    row.children().filter(|c| c.value().as_element().is_some_and(|el| is_cell(el.name()))).any(contains_layout)
}

/// Whether an element holds block elements (paragraphs, headings, lists, tables…).
fn contains_layout(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.descendants().skip(1).any(|d| d.value().as_element().is_some_and(|el| LAYOUT_IN_CELL.contains(&el.name())))
}

/// Elements a browser would not show.
fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// `javascript:`, `vbscript:` and `data:` addresses, however they are spelt
/// (browsers ignore leading spaces, control characters and case).
pub(crate) fn is_script_url(url: &str) -> bool {
    let cleaned: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(16).collect::<String>().to_ascii_lowercase();
    cleaned.starts_with("javascript:") || cleaned.starts_with("vbscript:") || cleaned.starts_with("data:")
}

/// An image's address for its placeholder: script addresses are dropped, and
/// relative ones made absolute when the page's address is known.
fn image_source(src: &str, base: Option<&url::Url>) -> String {
    let src = src.trim();
    if is_script_url(src) {
        return String::new();
    }
    match base {
        Some(base) if !src.is_empty() => base.join(src).map(|u| u.to_string()).unwrap_or_else(|_| src.to_owned()),
        _ => src.to_owned(),
    }
}

/// Words in a class or id that mark page furniture rather than article text.
const BOILERPLATE_PARTS: &[&str] = &[
    "comment",
    "sidebar",
    "footer",
    "breadcrumb",
    "related",
    "share",
    "social",
    "sponsor",
    "advert",
    "promo",
    "popup",
    "newsletter",
    "subscri",
    "banner",
    "widget",
    "masthead",
    "pagination",
    "navbar",
    "menu",
    "byline",
    "disqus",
    "recommend",
    "outbrain",
    "taboola",
    "copyright",
    "toolbar",
    "hotnews",
    "ranking",
];
const BOILERPLATE_WORDS: &[&str] =
    &["ad", "ads", "adv", "nav", "tag", "tags", "meta", "author", "date", "time", "rss", "print", "login", "rank"];

/// Does this class/id say "page furniture"? Parts match anywhere ("share-tools"),
/// words only whole ("ad" in "inline-ad", not in "header").
pub(crate) fn hints_boilerplate(e: &scraper::node::Element) -> bool {
    let hint = format!("{} {}", e.attr("class").unwrap_or(""), e.attr("id").unwrap_or("")).to_ascii_lowercase();
    BOILERPLATE_PARTS.iter().any(|p| hint.contains(p))
        || hint.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| BOILERPLATE_WORDS.contains(&w))
}

/// Inside an extracted article: furniture by its name, or a short block of mostly links.
fn is_boilerplate(node: ego_tree::NodeRef<'_, Node>, e: &scraper::node::Element, counts: Option<&Counts>) -> bool {
    if hints_boilerplate(e) {
        return true;
    }
    if matches!(e.name(), "ul" | "ol" | "div" | "section" | "table" | "p") {
        if let Some(&(total, linked, _)) = counts.and_then(|c| c.get(&node.id())) {
            return total > 0 && total < 300 && linked * 10 > total * 6;
        }
    }
    false
}

/// Visible characters below every node, and how many of them are inside links,
/// in one pass (no recursion: pages can nest deeply).
pub(crate) fn count_text(root: ego_tree::NodeRef<'_, Node>) -> Counts {
    let mut counts = Counts::new();
    let (mut link_depth, mut dropped_depth) = (0usize, 0usize);
    for edge in root.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(e) if e.name() == "a" => link_depth += 1,
                Node::Element(e) if DROPPED.contains(&e.name()) => dropped_depth += 1,
                Node::Text(t) if dropped_depth == 0 => {
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    let commas = t.chars().filter(|&c| is_clause_punctuation(c)).count();
                    counts.insert(node.id(), (n, if link_depth > 0 { n } else { 0 }, commas));
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                match node.value() {
                    Node::Element(e) if e.name() == "a" => link_depth = link_depth.saturating_sub(1),
                    Node::Element(e) if DROPPED.contains(&e.name()) => dropped_depth = dropped_depth.saturating_sub(1),
                    _ => {}
                }
                let own = counts.get(&node.id()).copied().unwrap_or((0, 0, 0));
                if let Some(parent) = node.parent() {
                    let entry = counts.entry(parent.id()).or_insert((0, 0, 0));
                    entry.0 += own.0;
                    entry.1 += own.1;
                    entry.2 += own.2;
                }
            }
        }
    }
    counts
}

fn pre_text(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// HTML whitespace rules: runs of whitespace become one space, except between two
/// CJK characters, where a source line break renders as nothing. `<br>` breaks
/// survive as `\n`, and each resulting line is trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut pending_space, mut pending_newline) = (false, false);
    for c in text.chars() {
        if c == LINE_BREAK {
            (pending_space, pending_newline) = (false, false);
            out.truncate(out.trim_end_matches(' ').len());
            out.push('\n');
        } else if c.is_ascii_whitespace() {
            pending_space = true;
            pending_newline |= c == '\n' || c == '\r';
        } else {
            if pending_space {
                let before = out.chars().last();
                // A space typed between Chinese words ("糕餅店 第四代") is kept.
                let skip = before.is_none_or(|b| b == '\n' || pending_newline && is_cjk(b) && is_cjk(c));
                if !skip {
                    out.push(' ');
                }
                (pending_space, pending_newline) = (false, false);
            }
            out.push(c);
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(s: &Segmented) -> Vec<(BlockKind, u8, &str)> {
        s.blocks.iter().map(|b| (b.kind, b.level, b.text.as_str())).collect()
    }

    #[test]
    fn text_lines_are_paragraphs_and_headline_is_detected() {
        let s = segment_text("臺灣軟體業的新局\r\n　　第一段，網路。\r\n\r\n第二段。\n");
        // A blank line exists, so chunks are paragraphs with inner breaks kept.
        assert_eq!(s.title.as_deref(), None);
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Paragraph, 0, "臺灣軟體業的新局\n　　第一段，網路。"),
                (BlockKind::Paragraph, 0, "第二段。")
            ]
        );
        let s = segment_text("臺灣軟體業的新局\n　　第一段，網路。\n第二段。");
        assert_eq!(s.title.as_deref(), Some("臺灣軟體業的新局"));
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Heading, 1, "臺灣軟體業的新局"),
                (BlockKind::Paragraph, 0, "第一段，網路。"),
                (BlockKind::Paragraph, 0, "第二段。")
            ]
        );
    }

    #[test]
    fn image_placeholder_lines_in_text_are_images_never_the_title() {
        let s = segment_text(
            "![]()\n中美AI競爭進入新階段\n![](a.png)\n第一段，說明。\n![圖一](<b c.png> \"t\") ![]()\n第二段。",
        );
        assert_eq!(s.title.as_deref(), Some("中美AI競爭進入新階段"));
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Image, 0, "![]()"),
                (BlockKind::Heading, 1, "中美AI競爭進入新階段"),
                (BlockKind::Image, 0, "![](a.png)"),
                (BlockKind::Paragraph, 0, "第一段，說明。"),
                (BlockKind::Image, 0, "![圖一](<b c.png>)"),
                (BlockKind::Image, 0, "![]()"),
                (BlockKind::Paragraph, 0, "第二段。"),
            ]
        );
        // With blank lines too, and an image line inside a chunk splits it.
        let s = segment_text("![]()\n\n第一段，很長的說明文字。\n![]()\n接著。\n\n第二段。");
        assert_eq!(s.title, None);
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Image, 0, "![]()"),
                (BlockKind::Paragraph, 0, "第一段，很長的說明文字。"),
                (BlockKind::Image, 0, "![]()"),
                (BlockKind::Paragraph, 0, "接著。"),
                (BlockKind::Paragraph, 0, "第二段。"),
            ]
        );
        // Text around a placeholder keeps the line a paragraph.
        assert_eq!(segment_text("見圖 ![](a.png) 說明。\n下一段。").blocks[0].kind, BlockKind::Paragraph);
    }

    #[test]
    fn short_unpunctuated_lines_between_prose_are_subheadings() {
        let s = segment_text(
            "數據中心建設提速\n第一段講背景。\n技術創新:中美AI競爭的結構性差異\n第二段講技術。\n市場前景\n第三段。\n（來源：某某網）",
        );
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Heading, 1, "數據中心建設提速"),
                (BlockKind::Paragraph, 0, "第一段講背景。"),
                (BlockKind::Heading, 2, "技術創新:中美AI競爭的結構性差異"),
                (BlockKind::Paragraph, 0, "第二段講技術。"),
                (BlockKind::Heading, 2, "市場前景"),
                (BlockKind::Paragraph, 0, "第三段。"),
                (BlockKind::Paragraph, 0, "（來源：某某網）"),
            ]
        );
        // A first line that is a sentence is not a headline; runs of short
        // lines (a poem, an address) are not subheadings.
        let s = segment_text("今天天氣很好，我們去爬山。\n床前明月光\n疑是地上霜\n舉頭望明月\n低頭思故鄉\n完。");
        assert_eq!(s.title, None);
        assert!(s.blocks.iter().all(|b| b.kind == BlockKind::Paragraph), "{:?}", kinds_and_texts(&s));
    }

    #[test]
    fn markdown_without_blank_lines_keeps_one_paragraph_per_line() {
        let s = segment_markdown("# 標題\n第一段。\n第二段！\n第三段\n接續。");
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Heading, 1, "標題"),
                (BlockKind::Paragraph, 0, "第一段。"),
                (BlockKind::Paragraph, 0, "第二段！"),
                (BlockKind::Paragraph, 0, "第三段"),
                (BlockKind::Paragraph, 0, "接續。"),
            ]
        );
        // With blank lines, a break after Chinese sentence-final punctuation
        // still ends the paragraph; other breaks join lines as CommonMark does.
        let s = segment_markdown("# 標題\n\n第一段。\n第二段，\n接續。\n\nHard-wrapped.\nEnglish line.\n");
        assert_eq!(
            kinds_and_texts(&s)[1..],
            [
                (BlockKind::Paragraph, 0, "第一段。"),
                (BlockKind::Paragraph, 0, "第二段，接續。"),
                (BlockKind::Paragraph, 0, "Hard-wrapped. English line."),
            ]
        );
        // Markdown without headings gets them inferred like plain text.
        let s = segment_markdown("![]()\n報告發布\n第一段。\n小標題\n第二段。");
        assert_eq!(s.title.as_deref(), Some("報告發布"));
        assert_eq!(s.blocks[3].kind, BlockKind::Heading);
    }

    #[test]
    fn markdown_blocks_keep_kinds_and_images() {
        let md = "# 標題\n\n段落一，\n接續。\n\n> 引言\n\n- 項目一\n- 項目二\n\n![記憶體圖](img/a.png)\n\n```\ncode 程式\n```\n";
        let s = segment_markdown(md);
        assert_eq!(s.title.as_deref(), Some("標題"));
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Heading, 1, "標題"),
                (BlockKind::Paragraph, 0, "段落一，接續。"),
                (BlockKind::Quote, 0, "引言"),
                (BlockKind::ListItem, 0, "項目一"),
                (BlockKind::ListItem, 0, "項目二"),
                (BlockKind::Image, 0, "![記憶體圖](img/a.png)"),
                (BlockKind::Code, 0, "code 程式"),
            ]
        );
    }

    #[test]
    fn markdown_soft_breaks_join_latin_with_space() {
        let s = segment_markdown("hello\nworld\n");
        assert_eq!(s.blocks[0].text, "hello world");
    }

    #[test]
    fn markdown_empty_image_is_a_placeholder_not_dropped() {
        let s = segment_markdown("前文\n\n![]()\n\n後文\n");
        assert_eq!(s.blocks[1].kind, BlockKind::Image);
        assert_eq!(s.blocks[1].text, "![]()");
        assert_eq!(s.blocks.len(), 3);
    }

    #[test]
    fn html_blocks_drop_scripts_and_keep_structure() {
        let html = r#"<html><head><title>網頁標題</title><style>p{}</style></head><body>
            <nav>首頁 | 新聞</nav>
            <h1>軟體
              新聞</h1>
            <p>第一段<a href="x">連結</a>文字。<script>alert(1)</script></p>
            <blockquote><p>引用一</p></blockquote>
            <ul><li>甲</li><li>乙<br>丙</li></ul>
            <p>前<img src="a.png" alt="圖">後</p>
            <pre>  a
  b</pre>
            <table><tr><th>欄</th><td>值</td></tr></table>
            <p>ruby: <ruby>漢<rt>hàn</rt></ruby>字</p>
        </body></html>"#;
        let s = segment_html(html);
        assert_eq!(s.title.as_deref(), Some("網頁標題"));
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Heading, 1, "軟體新聞"),
                (BlockKind::Paragraph, 0, "第一段連結文字。"),
                (BlockKind::Quote, 0, "引用一"),
                (BlockKind::ListItem, 0, "甲"),
                (BlockKind::ListItem, 0, "乙\n丙"),
                (BlockKind::Paragraph, 0, "前"),
                (BlockKind::Image, 0, "![圖](a.png)"),
                (BlockKind::Paragraph, 0, "後"),
                (BlockKind::Code, 0, "  a\n  b"),
                (BlockKind::Paragraph, 0, "欄 | 值"),
                (BlockKind::Paragraph, 0, "ruby: 漢字"),
            ]
        );
    }

    #[test]
    fn layout_tables_keep_their_cells_blocks_and_data_tables_their_rows() {
        // A page laid out with a table (paragraphs inside cells) keeps every paragraph.
        let s = segment_html(
            "<table><tr><td><p>這是一個故事，很長很長的故事。</p><p>第二段。</p></td><td>側欄</td></tr>\
             <tr><td><table><tr><td>甲</td><td>乙</td></tr></table></td></tr></table>",
        );
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Paragraph, 0, "這是一個故事，很長很長的故事。"),
                (BlockKind::Paragraph, 0, "第二段。"),
                (BlockKind::Paragraph, 0, "側欄"),
                (BlockKind::Paragraph, 0, "甲 | 乙"),
            ]
        );
        // Inline markup in a data cell does not make it a layout box.
        let s = segment_html("<table><tr><td><b>欄</b></td><td><a href=x>值</a><br>二</td></tr></table>");
        assert_eq!(kinds_and_texts(&s), vec![(BlockKind::Paragraph, 0, "欄 | 值\n二")]);
    }

    #[test]
    fn script_links_wrapping_blocks_keep_them_never_their_address() {
        let s = segment_html(r#"<a href="javascript:void(0)"><p>第一段。</p><p>第二段。</p>第三段</a>"#);
        assert_eq!(
            kinds_and_texts(&s),
            vec![
                (BlockKind::Paragraph, 0, "第一段。"),
                (BlockKind::Paragraph, 0, "第二段。"),
                (BlockKind::Paragraph, 0, "第三段"),
            ]
        );
        assert!(s.blocks.iter().all(|b| !b.text.contains("javascript")));
        // A script link inside a sentence is a control: dropped.
        let s = segment_html(r#"<p>先看<a href="javascript:map()">按這裡看地圖</a>再走。</p>"#);
        assert_eq!(kinds_and_texts(&s), vec![(BlockKind::Paragraph, 0, "先看再走。")]);
    }

    #[test]
    fn nesting_depth_counts_real_nesting_only() {
        assert!(!nests_deeper_than("<p>a<p>b<br><img src=x><li>c", 1));
        assert!(nests_deeper_than("<div><div><div>x", 2));
        assert!(!nests_deeper_than("<div><div/><div>x</div></div>", 2));
        assert!(!nests_deeper_than("<script>if (a<b && c<d) {}</SCRIPT><div>x", 1));
        assert!(!nests_deeper_than("<div>a</div><div>b</div><div>c</div>", 1));
        assert!(!nests_deeper_than("x < y, 3<4, <", 0));
        // End tags that close nothing do not hide nesting.
        assert!(nests_deeper_than(&"<div></x>".repeat(3), 2));
        assert!(nests_deeper_than(&"<div></p></li></td>".repeat(3), 2));
        assert!(!nests_deeper_than(&"<section><div></section>".repeat(2), 2));
        // An end tag closes what was left open inside its element…
        assert!(!nests_deeper_than(&"<div><span><b>x</div>".repeat(10), 3));
        assert!(!nests_deeper_than(&"<b><i>x</b></i>".repeat(10), 2));
        assert!(!nests_deeper_than(&"<h1><span>x</h2>".repeat(10), 2));
        assert!(!nests_deeper_than(&format!("<table>{}</table>", "<tr><td><span>x</td></tr>".repeat(10)), 2));
        // … except where the parser would ignore it.
        assert!(nests_deeper_than(&"<span><div></span>".repeat(3), 4));
        assert!(nests_deeper_than(&"<div><table></div>".repeat(3), 4));
        assert!(nests_deeper_than(&"<b><div></b>".repeat(3), 4));
    }

    #[test]
    fn whitespace_between_latin_words_survives_collapsing() {
        assert_eq!(collapse_whitespace("  Taiwan \n  News  中文\n字 "), "Taiwan News 中文字");
    }
}
