//! The article Duizhao exists for, as users save it: a mainland news piece a
//! portal republished in Traditional script, a `.txt` with `![]()` image
//! placeholders, a headline and subheadings without punctuation and no blank
//! lines (tests/fixtures/seed-article.txt, written for the project). Opened
//! from the file and pasted, it must get its title, its image blocks (never
//! sent for translation), its subheadings as headings, and t2s.

use std::path::PathBuf;

use duizhao_core::article::prepare;
use duizhao_core::convert::{Config, ConfigChoice, Converter, Region};
use duizhao_core::document::{import_path, import_text, BlockKind, Document, ImportOptions};
use duizhao_core::job::{segments_for, KeepReason};
use duizhao_core::translate::Lang;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures")).join(name)
}

/// `seed-article.expected.md`: one line a block, `image`, `headingN <text>` or
/// `paragraph <first characters>`.
fn expected() -> Vec<(BlockKind, u8, String)> {
    std::fs::read_to_string(fixture("seed-article.expected.md"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (kind, text) = l.split_once(' ').unwrap_or((l, ""));
            match kind {
                "image" => (BlockKind::Image, 0, String::new()),
                "paragraph" => (BlockKind::Paragraph, 0, text.to_owned()),
                heading => {
                    (BlockKind::Heading, heading.trim_start_matches("heading").parse().unwrap(), text.to_owned())
                }
            }
        })
        .collect()
}

fn check_structure(doc: &Document) {
    let expected = expected();
    let got: Vec<(BlockKind, u8, &str)> = doc.blocks.iter().map(|b| (b.kind, b.level, b.text.as_str())).collect();
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((kind, level, text), (want_kind, want_level, want_text)) in got.iter().zip(&expected) {
        assert_eq!((kind, level), (want_kind, want_level), "{text}");
        match want_kind {
            BlockKind::Image => assert_eq!(*text, "![]()"),
            BlockKind::Heading => assert_eq!(text, want_text),
            _ => assert!(text.starts_with(want_text.as_str()), "{text} should start with {want_text}"),
        }
    }
    assert_eq!(doc.title, "中美人工智能競爭進入深水區");
}

#[test]
fn the_seed_article_opens_with_its_title_images_subheadings_and_mainland_usage() {
    let doc = import_path(&fixture("seed-article.txt"), ImportOptions::default()).unwrap();
    check_structure(&doc);
    assert_eq!(doc.blocks.iter().filter(|b| b.kind == BlockKind::Image).count(), 4);
    assert_eq!(doc.blocks.iter().filter(|b| b.kind == BlockKind::Heading && b.level == 2).count(), 4);

    let dir = tempfile::tempdir().unwrap();
    let article = prepare(doc, ConfigChoice::Auto, &Converter::new(dir.path()).unwrap()).unwrap();
    // Mainland usage in Taiwan's glyphs (盯著, 隨著): tw2s, which brings the
    // glyphs to Simplified and leaves the wording alone.
    assert_eq!(
        (article.region, article.config),
        (Some(Region::Mainland), Some(Config::TW2S)),
        "{:?}",
        article.region_evidence
    );
    assert!(!article.region_evidence.is_empty());
    // Mainland wording that tw2sp would rewrite is kept; 著 becomes 着.
    let simplified: String = article.blocks.iter().map(|b| b.simplified.as_str()).collect();
    for kept in ["核心算法", "智慧城市", "资源整合", "推动建立", "盯着", "随着"] {
        assert!(simplified.contains(kept), "{kept} must be in the conversion");
    }
    // Images are never sent for translation.
    let (segments, kept) = segments_for(&article, &Lang::new("en"));
    assert!(segments.iter().all(|s| !s.text.contains("![")), "an image placeholder was sent");
    assert_eq!(kept.iter().filter(|k| k.text == "![]()").count(), 4);
    // Nothing of this Chinese article is taken for English.
    assert!(kept.iter().all(|k| k.reason == KeepReason::NotProse));
}

#[test]
fn the_seed_article_pasted_is_segmented_the_same_way() {
    let text = std::fs::read_to_string(fixture("seed-article.txt")).unwrap();
    let pasted = import_text(&text, "clipboard").unwrap();
    check_structure(&pasted);
    // The same, pasted as Markdown with a heading line: the images and every
    // line's own paragraph survive CommonMark's soft breaks.
    let markdown = text.replacen("中美人工智能競爭進入深水區", "# 中美人工智能競爭進入深水區", 1);
    let md = import_text(&markdown, "clipboard").unwrap();
    assert_eq!(md.blocks.len(), expected().len(), "{:#?}", md.blocks);
    assert_eq!(md.blocks.iter().filter(|b| b.kind == BlockKind::Image).count(), 4);
    assert_eq!(md.title, "中美人工智能競爭進入深水區");
}
