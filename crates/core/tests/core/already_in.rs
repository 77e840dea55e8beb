//! "Already in the target language" (`translate::already::already_in`) on text
//! nobody on the team wrote: the articles of Mozilla Readability's test pages
//! (Apache-2.0) in English (tests/fixtures/readability) and in Czech, Spanish,
//! French and Japanese (tests/fixtures/languages), and every Chinese snippet of
//! the region fixtures. An English paragraph kept as it is must be the rule; a
//! paragraph of another language kept untranslated must never happen (it would
//! lose the translation the reader asked for). Run with `--no-capture` for the
//! numbers.

use crate::support::fixtures;

use duizhao_core::document::{import_bytes, BlockKind, ImportOptions};
use duizhao_core::translate::already::already_in;
use duizhao_core::translate::Lang;
use fixtures::fixture;

const ENGLISH: &[&str] = &[
    "readability/citylab-1",
    "readability/ebb-org",
    "readability/ehow-2",
    "readability/herald-sun-1",
    "readability/lazy-image-1",
    "readability/medium-2",
    "readability/mozilla-2",
    "readability/wordpress",
    "languages/aclu",
    "languages/archive-of-our-own",
    "languages/dropbox-blog",
    "languages/gitlab-blog",
    "languages/google-sre-book-1",
    "languages/medicalnewstoday",
    "languages/medium-3",
    "languages/nytimes-3",
    "languages/nytimes-4",
    "languages/quanta-1",
    "languages/royal-road",
    "languages/v8-blog",
];
const OTHER: &[&str] = &[
    "languages/aktualne",
    "languages/cnet-svg-classes",
    "languages/nytimes-5",
    "languages/videos-2",
    "languages/yahoo-4",
    "readability/hukumusume",
];

/// The prose blocks of a page's expected article with at least `min_words` words.
fn paragraphs(page: &str, min_words: usize) -> Vec<String> {
    let path = fixture(&format!("{page}/expected.html"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = import_bytes(&bytes, "fixture", "expected.html", ImportOptions::default())
        .unwrap_or_else(|e| panic!("{page}: {e}"));
    doc.blocks
        .into_iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote))
        .map(|b| b.text)
        .filter(|t| t.split_whitespace().count() >= min_words || t.chars().filter(|c| !c.is_ascii()).count() >= 20)
        .collect()
}

#[test]
fn english_paragraphs_are_kept_and_no_other_language_is() {
    let en = Lang::new("en");
    let (mut english, mut kept) = (0, 0);
    let mut missed = Vec::new();
    for page in ENGLISH {
        for text in paragraphs(page, 12) {
            english += 1;
            if already_in(&text, &en) {
                kept += 1;
            } else {
                missed.push(format!("{page}: {}", text.chars().take(90).collect::<String>()));
            }
        }
    }
    let recall = f64::from(kept) / f64::from(english);
    println!("English paragraphs recognised: {kept} of {english} ({:.1}%)", recall * 100.0);
    for m in missed.iter().take(10) {
        println!("  not recognised: {m}");
    }
    assert!(english >= 500, "enough English paragraphs to measure: {english}");
    assert!(recall >= 0.95, "English recall {recall:.3}");

    let mut foreign = 0;
    let mut wrong = Vec::new();
    // Shorter paragraphs too: the fewer the words, the easier a false match.
    for page in OTHER {
        for text in paragraphs(page, 6) {
            foreign += 1;
            if already_in(&text, &en) {
                wrong.push(format!("{page}: {}", text.chars().take(90).collect::<String>()));
            }
        }
    }
    println!("paragraphs of the Czech, Spanish, French, Japanese pages kept as English: {} of {foreign}", wrong.len());
    for w in &wrong {
        println!("  kept: {w}");
    }
    // All the non-English prose of the corpus's real pages (five pages and a Japanese one).
    assert!(foreign >= 60, "enough other paragraphs to measure: {foreign}");
    // The pages quote English too: the Spanish NYT page's photo credits and an English film
    // title on the French page are English, read by eye, and rightly kept. Nothing else may be.
    let english_quotes = ["for The New York Times", "The Death and Life of Marsha P. Johnson"];
    let wrong: Vec<&String> = wrong.iter().filter(|w| !english_quotes.iter().any(|q| w.contains(q))).collect();
    assert!(wrong.is_empty(), "kept untranslated though not English: {wrong:#?}");
}

#[test]
fn chinese_is_never_kept_for_an_english_target() {
    let en = Lang::new("en");
    let snippets = ["regions/holdout.tsv", "regions/snippets.tsv"]
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(fixture(file)).expect("a region fixture");
            text.lines().skip(1).filter_map(|l| l.split('\t').nth(1).map(str::to_owned)).collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    assert!(snippets.len() >= 300, "{}", snippets.len());
    let kept: Vec<&String> = snippets.iter().filter(|s| already_in(s, &en)).collect();
    println!("Chinese snippets kept as English: {} of {}", kept.len(), snippets.len());
    assert!(kept.is_empty(), "{kept:?}");
}
