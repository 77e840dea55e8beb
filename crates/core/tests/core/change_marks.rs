//! Change marks checked as a property over whole texts under every OpenCC
//! configuration, not on examples: for every block of every text,
//! - putting each span's original back in place of its characters gives the
//!   original exactly (nothing is marked that did not change, nothing changed
//!   is left unmarked, no span is misplaced);
//! - when the conversion keeps the length, the marked characters are exactly
//!   the ones that differ (a phrase such as 核心→内核 included);
//! - a span never equals its original.
//!
//! The texts: every fixture written for the project, the seed article, the
//! labelled region snippets, the built-in sample, and a text that uses each of
//! the ~1,500 regional words of OpenCC's Taiwan phrase dictionaries in a
//! sentence (both scripts, so the s2* configurations have input too).

use std::path::PathBuf;

use duizhao_core::article::prepare;
use duizhao_core::convert::{restore_original, Config, ConfigChoice, Converter};
use duizhao_core::document::{import_path, import_text, Document, ImportOptions};

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn documents(converter: &Converter) -> Vec<Document> {
    let fixtures = root().join("tests/fixtures");
    let mut docs: Vec<Document> = ["taiwan.txt", "mainland.txt", "hongkong.html", "article.md", "seed-article.txt"]
        .iter()
        .map(|name| import_path(&fixtures.join(name), ImportOptions::default()).unwrap())
        .collect();
    let snippets = std::fs::read_to_string(fixtures.join("regions/snippets.tsv")).unwrap();
    let snippets: Vec<&str> = snippets.lines().skip(1).filter_map(|l| l.split_once('\t').map(|(_, t)| t)).collect();
    docs.push(import_text(&snippets.join("\n"), "snippets").unwrap());
    // Each regional word in a sentence of its own (two length-changing phrases
    // in one sentence could add up to the original's length), with neighbours.
    let words = include_str!("../../src/convert/regional-phrases.txt");
    let sentences: Vec<String> = words
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t').map(|(_, w)| w))
        .map(|w| format!("關於{w}的問題，我們討論了資料與軟體。"))
        .collect();
    let traditional = sentences.join("\n");
    docs.push(import_text(&traditional, "words").unwrap());
    let simplified = converter.convert(Config::T2S, &traditional).unwrap();
    docs.push(import_text(&simplified, "words-simplified").unwrap());
    docs.push(duizhao_core::sample::sample_document().unwrap());
    docs
}

#[test]
fn marks_are_exactly_the_changed_characters_over_every_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let converter = Converter::new(dir.path()).unwrap();
    let docs = documents(&converter);
    let (mut blocks, mut changed_blocks, mut spans) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for config in Config::ALL {
        for doc in &docs {
            let article = prepare(doc.clone(), ConfigChoice::Fixed(config), &converter).unwrap();
            for block in &article.blocks {
                blocks += 1;
                if block.text != block.simplified {
                    changed_blocks += 1;
                }
                spans += block.changes.len();
                let restored = restore_original(&block.simplified, &block.changes);
                if restored != block.text {
                    failures.push(format!("{config}: restore gives {restored:?} for {:?}", block.text));
                    continue;
                }
                let converted: Vec<char> = block.simplified.chars().collect();
                for change in &block.changes {
                    let marked: String = converted[change.start..change.end].iter().collect();
                    if marked == change.original {
                        failures.push(format!("{config}: {change:?} marks unchanged text in {:?}", block.text));
                    }
                }
                let original: Vec<char> = block.text.chars().collect();
                if original.len() == converted.len() {
                    let differing: Vec<usize> = (0..original.len()).filter(|&i| original[i] != converted[i]).collect();
                    let marked: Vec<usize> = block.changes.iter().flat_map(|c| c.start..c.end).collect();
                    if marked != differing {
                        failures.push(format!(
                            "{config}: marked {marked:?}, changed {differing:?} in {:?} → {:?}",
                            block.text, block.simplified
                        ));
                    }
                }
            }
        }
    }
    println!("{blocks} blocks under {} configurations, {changed_blocks} converted, {spans} spans", Config::ALL.len());
    assert!(changed_blocks > 1000, "the texts must exercise the conversions: {changed_blocks}");
    assert!(
        failures.is_empty(),
        "{} blocks with wrong marks:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}
