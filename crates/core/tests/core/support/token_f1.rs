//! Token F1 between an extracted article and a reference one: the one scoring
//! rule for reader-mode extraction, shared by `tests/core/extract_corpus.rs` and
//! `examples/extract_eval.rs` (which includes this file by path).
//!
//! Tokens: each CJK character is one token; other text is cut into words at
//! anything that is not a letter or digit, lowercased (so punctuation never
//! counts). Precision and recall count tokens as a bag (a word found twice
//! where the reference has it once is one hit and one miss).

use std::collections::HashMap;

use duizhao_core::document::{BlockKind, Document};
use scraper::{Html, Node};

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3190..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF
        | 0x20000..=0x3134F)
}

/// The text's tokens, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    pub const ZERO: Score = Score { precision: 0.0, recall: 0.0, f1: 0.0 };
}

/// How well `found` matches `expected`, token by token.
pub fn token_f1(expected: &str, found: &str) -> Score {
    let mut bag: HashMap<String, i64> = HashMap::new();
    let expected = tokens(expected);
    for t in &expected {
        *bag.entry(t.clone()).or_default() += 1;
    }
    let found = tokens(found);
    let mut hits = 0usize;
    for t in &found {
        if let Some(n) = bag.get_mut(t).filter(|n| **n > 0) {
            *n -= 1;
            hits += 1;
        }
    }
    if expected.is_empty() && found.is_empty() {
        return Score { precision: 1.0, recall: 1.0, f1: 1.0 };
    }
    if hits == 0 {
        return Score::ZERO;
    }
    let precision = hits as f64 / found.len() as f64;
    let recall = hits as f64 / expected.len() as f64;
    Score { precision, recall, f1: 2.0 * precision * recall / (precision + recall) }
}

/// Elements whose edges do not separate words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "ruby", "rb",
];

/// The visible text of an HTML document or fragment (a reference article such
/// as Readability's `expected.html`): scripts and styles left out, a space at
/// every block edge so words never run together.
pub fn html_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let mut skip = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(e) if matches!(e.name(), "script" | "style" | "template" | "head") => skip += 1,
                Node::Element(e) if !INLINE.contains(&e.name()) => out.push(' '),
                Node::Text(t) if skip == 0 => out.push_str(t),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => match node.value() {
                Node::Element(e) if matches!(e.name(), "script" | "style" | "template" | "head") => skip -= 1,
                Node::Element(e) if !INLINE.contains(&e.name()) => out.push(' '),
                _ => {}
            },
        }
    }
    out
}

/// The article text of an imported document, as the reader shows it: every
/// block but image placeholders, and without the document's title (a heading
/// among the first blocks with the title's text), since reference extractions
/// (Readability's content, trafilatura's text) give the title separately.
pub fn document_text(doc: &Document) -> String {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let title = squash(&doc.title);
    let title_at = doc.blocks.iter().take(3).position(|b| b.kind == BlockKind::Heading && squash(&b.text) == title);
    doc.blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| b.kind != BlockKind::Image && Some(*i) != title_at)
        .map(|(_, b)| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn tokens_count_cjk_characters_and_words() {
    assert_eq!(tokens("臺灣 Software, don't!"), ["臺", "灣", "software", "don", "t"]);
    let s = token_f1("a b c d", "a b x");
    assert!((s.precision - 2.0 / 3.0).abs() < 1e-9 && (s.recall - 0.5).abs() < 1e-9);
    assert_eq!(
        html_text("<p>one<b>two</b></p><p>three</p>").split_whitespace().collect::<Vec<_>>(),
        ["onetwo", "three"]
    );
}
