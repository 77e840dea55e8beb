//! Word (.docx) files: `word/document.xml` read in order. Paragraph styles
//! (by id, or by their name in `styles.xml`, since localized Word writes ids like
//! "1" for "heading 1") make headings, quotes, list items and code; numbered
//! paragraphs are list items; each table row is one block, cells joined by " | ".
//! Tracked deletions, field instructions and footnotes are skipped; images
//! become placeholders with their description. Title from `docProps/core.xml`,
//! else the first heading, else the file name.

use std::collections::HashMap;

use roxmltree::Node;

use super::archive::{self, Archive};
use super::{finish, BlockKind, Format, ImportError, Meta, RawBlock, Segmented};

const FORMAT: &str = "Word";
/// Nesting past this (tables in tables in content controls …) is not followed.
const MAX_DEPTH: usize = 64;

pub(crate) fn import(bytes: &[u8], source: &str, name: &str) -> Result<super::Document, ImportError> {
    let mut zip = Archive::open(bytes, FORMAT)?;
    let document = zip.require("word/document.xml", "word/document.xml (the document's text)")?;
    let document = archive::xml_text(document, FORMAT, "word/document.xml")?;
    let styles = match zip.read("word/styles.xml")? {
        Some(bytes) => archive::xml_text(bytes, FORMAT, "word/styles.xml").ok().map(|t| style_table(&t)),
        None => None,
    }
    .unwrap_or_default();
    let (title, byline) = match zip.read("docProps/core.xml")? {
        Some(bytes) => archive::xml_text(bytes, FORMAT, "docProps/core.xml").map(|t| core_properties(&t))?,
        None => (None, None),
    };
    let xml = archive::parse_xml(&document, FORMAT, "word/document.xml")?;
    let body = xml
        .root_element()
        .children()
        .find(|n| n.tag_name().name() == "body")
        .ok_or_else(|| ImportError::MissingPart { format: FORMAT, part: "document body".into() })?;
    let mut reader = Reader { styles: &styles, blocks: Vec::new() };
    reader.container(body, 0);
    archive::check_text_total(&reader.blocks, FORMAT)?;
    let title = title.or_else(|| reader.blocks.iter().find(|b| b.kind == BlockKind::Heading).map(|b| b.text.clone()));
    let segmented = Segmented { title, blocks: reader.blocks, meta: Meta { byline, ..Meta::default() } };
    finish(segmented, Vec::new(), source, name, "UTF-8", false, Format::Docx)
}

/// A paragraph style as far as Duizhao cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Heading(u8),
    Quote,
    List,
    Code,
}

/// Style id → kind, from `styles.xml` names ("heading 1", "Quote", "List Paragraph").
fn style_table(text: &str) -> HashMap<String, Style> {
    let mut table = HashMap::new();
    let Ok(xml) = archive::parse_xml(text, FORMAT, "word/styles.xml") else { return table };
    for style in xml.root_element().children().filter(|n| n.tag_name().name() == "style") {
        let Some(id) = attr(style, "styleId") else { continue };
        let name = child(style, "name").and_then(|n| attr(n, "val")).unwrap_or(id);
        let outline = child(style, "pPr").and_then(|p| child(p, "outlineLvl")).and_then(|o| attr(o, "val"));
        if let Some(kind) = style_kind(name).or_else(|| style_kind(id)).or_else(|| outline_heading(outline)) {
            table.insert(id.to_owned(), kind);
        }
    }
    table
}

fn style_kind(name: &str) -> Option<Style> {
    let name = name.to_ascii_lowercase().replace(' ', "");
    if name == "title" {
        return Some(Style::Heading(1));
    }
    if name == "subtitle" {
        return Some(Style::Heading(2));
    }
    if let Some(level) = name.strip_prefix("heading") {
        let level: u8 = level.parse().ok()?;
        return (1..=9).contains(&level).then_some(Style::Heading(level.min(6)));
    }
    if name.contains("quote") {
        Some(Style::Quote)
    } else if name.starts_with("list") {
        Some(Style::List)
    } else if name.contains("code") || name.contains("preformatted") {
        Some(Style::Code)
    } else {
        None
    }
}

fn outline_heading(level: Option<&str>) -> Option<Style> {
    let level: u8 = level?.parse().ok()?;
    (level <= 8).then_some(Style::Heading((level + 1).min(6)))
}

/// An attribute by local name, whatever its namespace prefix.
fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.is_element() && n.tag_name().name() == name)
}

/// `dc:title` and `dc:creator` from `docProps/core.xml`.
fn core_properties(text: &str) -> (Option<String>, Option<String>) {
    let Ok(xml) = archive::parse_xml(text, FORMAT, "docProps/core.xml") else { return (None, None) };
    let field = |name: &str| {
        xml.root_element()
            .children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
    };
    (field("title"), field("creator"))
}

struct Reader<'s> {
    styles: &'s HashMap<String, Style>,
    blocks: Vec<RawBlock>,
}

impl Reader<'_> {
    /// The body, a content control's content, a table cell: blocks in order.
    fn container(&mut self, node: Node<'_, '_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in node.children().filter(roxmltree::Node::is_element) {
            match child.tag_name().name() {
                "p" => self.paragraph(child),
                "tbl" => self.table(child, depth),
                "sdt" => {
                    if let Some(content) = self::child(child, "sdtContent") {
                        self.container(content, depth + 1);
                    }
                }
                "customXml" | "ins" | "smartTag" | "sdtContent" => self.container(child, depth + 1),
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: Node<'_, '_>) {
        let ppr = child(p, "pPr");
        let style_id = ppr.and_then(|p| child(p, "pStyle")).and_then(|s| attr(s, "val"));
        let style = style_id
            .and_then(|id| self.styles.get(id).copied().or_else(|| style_kind(id)))
            .or_else(|| outline_heading(ppr.and_then(|p| child(p, "outlineLvl")).and_then(|o| attr(o, "val"))));
        let numbered = ppr.and_then(|p| child(p, "numPr")).is_some();
        let (kind, level) = match style {
            Some(Style::Heading(level)) => (BlockKind::Heading, level),
            Some(Style::Quote) => (BlockKind::Quote, 0),
            Some(Style::Code) => (BlockKind::Code, 0),
            Some(Style::List) => (BlockKind::ListItem, 0),
            None if numbered => (BlockKind::ListItem, 0),
            None => (BlockKind::Paragraph, 0),
        };
        let (text, images) = paragraph_text(p);
        let text = tidy_lines(&text, kind == BlockKind::Code);
        if !text.is_empty() {
            self.blocks.push(RawBlock { kind, level, text });
        }
        for alt in images {
            self.blocks.push(RawBlock { kind: BlockKind::Image, level: 0, text: format!("![{alt}]()") });
        }
    }

    fn table(&mut self, table: Node<'_, '_>, depth: usize) {
        for row in table.children().filter(|n| n.tag_name().name() == "tr") {
            let cells: Vec<String> = row
                .children()
                .filter(|n| n.tag_name().name() == "tc")
                .map(|cell| {
                    let mut inner = Reader { styles: self.styles, blocks: Vec::new() };
                    inner.container(cell, depth + 1);
                    inner.blocks.iter().map(|b| b.text.replace('\n', " ")).collect::<Vec<_>>().join(" ")
                })
                .collect();
            if cells.iter().any(|c| !c.trim().is_empty()) {
                let text = cells.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" | ");
                self.blocks.push(RawBlock { kind: BlockKind::Paragraph, level: 0, text });
            }
        }
    }
}

/// A paragraph's visible text (runs, tabs, breaks, hyperlinks, insertions,
/// field results) and its images' descriptions. Iterative: no recursion on
/// nesting a file controls.
fn paragraph_text(p: Node<'_, '_>) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut images = Vec::new();
    let mut stack: Vec<Node<'_, '_>> = p.children().filter(roxmltree::Node::is_element).collect();
    stack.reverse();
    while let Some(node) = stack.pop() {
        match node.tag_name().name() {
            "t" => text.push_str(node.text().unwrap_or("")),
            "tab" | "ptab" => text.push('\t'),
            "br" | "cr" => text.push('\n'),
            "noBreakHyphen" => text.push('-'),
            // Not shown: properties, deletions, field codes, footnote marks, the
            // fallback copy of alternate content.
            "pPr" | "rPr" | "del" | "delText" | "instrText" | "delInstrText" | "footnoteReference"
            | "endnoteReference" | "commentReference" | "Fallback" | "fldData" => {}
            "drawing" | "pict" | "object" => {
                let description = node
                    .descendants()
                    .filter(|n| n.tag_name().name() == "docPr")
                    .find_map(|d| attr(d, "descr").or_else(|| attr(d, "title")))
                    .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|d| !d.is_empty());
                if let Some(description) = description {
                    images.push(description);
                }
            }
            _ => {
                let start = stack.len();
                stack.extend(node.children().filter(roxmltree::Node::is_element));
                stack[start..].reverse();
            }
        }
    }
    (text, images)
}

/// Trims each line (keeping line breaks), drops leading and trailing empty lines.
fn tidy_lines(text: &str, code: bool) -> String {
    if code {
        return text.trim_matches('\n').to_owned();
    }
    let lines: Vec<&str> = text.lines().map(|l| l.trim_matches([' ', '\t', '\u{3000}'])).collect();
    lines.join("\n").trim().to_owned()
}
