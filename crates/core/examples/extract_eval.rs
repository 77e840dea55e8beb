//! Reader-mode extraction measured on real pages: token F1 of each page's
//! article against a reference extraction (see `tests/support/token_f1.rs` for
//! the rule), with the same score for other extractors' output side by side.
//!   cargo run --release -p duizhao-core --example extract_eval [CORPUS_DIR] [--compare NAME=DIR]… [--show PAGE]
//! CORPUS_DIR holds one folder per page with `source.html` (the page as saved)
//! and `expected.html` (the reference article, e.g. Mozilla Readability's); by
//! default `../shared/corpus/readability` next to the repository. Each page is
//! opened with `import_path`, as the app opens an .html file (decoding
//! included); its text is its blocks without image placeholders and without the
//! title heading. `--compare NAME=DIR` scores `DIR/<page>.txt`, another
//! extractor's text for the page (a missing file scores 0); `scripts/extract-eval.sh`
//! runs trafilatura that way. `--show PAGE` prints Duizhao's text of one page
//! and the tokens it missed and added. A page that fails to open scores 0 and
//! its error is listed.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

#[path = "../tests/core/support/token_f1.rs"]
mod token_f1;

use std::collections::HashMap;
use std::path::PathBuf;

use duizhao_core::document::{import_path, ImportOptions};
use token_f1::{document_text, html_text, token_f1, tokens, Score};

struct Column {
    name: String,
    scores: Vec<Score>,
}

fn summary(scores: &[Score]) -> String {
    let mut f1: Vec<f64> = scores.iter().map(|s| s.f1).collect();
    f1.sort_by(f64::total_cmp);
    let n = f1.len().max(1) as f64;
    let mean = f1.iter().sum::<f64>() / n;
    let median = match f1.len() {
        0 => 0.0,
        len if len % 2 == 1 => f1[len / 2],
        len => (f1[len / 2 - 1] + f1[len / 2]) / 2.0,
    };
    let min = f1.first().copied().unwrap_or(0.0);
    let below = f1.iter().filter(|&&x| x < 0.8).count();
    format!("mean {mean:.3}  median {median:.3}  min {min:.3}  pages < 0.8: {below}")
}

fn show(name: &str, expected: &str, found: &str) {
    println!("==== {name}: Duizhao's text ====\n{found}\n");
    let bag = |text: &str| {
        let mut bag: HashMap<String, i64> = HashMap::new();
        for t in tokens(text) {
            *bag.entry(t).or_default() += 1;
        }
        bag
    };
    let (e, f) = (bag(expected), bag(found));
    let diff = |a: &HashMap<String, i64>, b: &HashMap<String, i64>| {
        let mut out: Vec<(i64, &str)> =
            a.iter().map(|(t, n)| (n - b.get(t).copied().unwrap_or(0), t.as_str())).filter(|(d, _)| *d > 0).collect();
        out.sort_by(|x, y| y.cmp(x));
        out.iter().take(60).map(|(d, t)| format!("{t}×{d}")).collect::<Vec<_>>().join(" ")
    };
    println!("==== missed ====\n{}\n==== added ====\n{}\n", diff(&e, &f), diff(&f, &e));
}

fn main() {
    let mut corpus = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/readability"));
    let mut compare: Vec<(String, PathBuf)> = Vec::new();
    let mut show_page = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--compare" => {
                let spec = args.next().expect("--compare NAME=DIR");
                let (name, dir) = spec.split_once('=').expect("--compare NAME=DIR");
                compare.push((name.to_owned(), PathBuf::from(dir)));
            }
            "--show" => show_page = Some(args.next().expect("--show PAGE")),
            _ => corpus = PathBuf::from(arg),
        }
    }
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").is_file() && p.join("expected.html").is_file())
        .collect();
    pages.sort();

    let mut ours = Column { name: "Duizhao".into(), scores: Vec::new() };
    let mut others: Vec<Column> =
        compare.iter().map(|(name, _)| Column { name: name.clone(), scores: Vec::new() }).collect();
    let mut errors = Vec::new();
    let header: String = std::iter::once(format!("{:<44}{:>22}", "page", "Duizhao F1 (P/R)"))
        .chain(others.iter().map(|c| format!("{:>24}", format!("{} F1 (P/R)", c.name))))
        .collect();
    println!("{header}");
    for page in &pages {
        let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let expected = html_text(&std::fs::read_to_string(page.join("expected.html")).expect("expected.html"));
        let score = |s: Score| format!("{:.3} ({:.2}/{:.2})", s.f1, s.precision, s.recall);
        let found = match import_path(&page.join("source.html"), ImportOptions::default()) {
            Ok(doc) => Some(document_text(&doc)),
            Err(e) => {
                errors.push(format!("{name}: {e}"));
                None
            }
        };
        let s = found.as_deref().map(|f| token_f1(&expected, f)).unwrap_or(Score::ZERO);
        ours.scores.push(s);
        let mut line = format!("{name:<44}{:>22}", if found.is_some() { score(s) } else { "error".into() });
        for ((_, dir), column) in compare.iter().zip(&mut others) {
            let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).ok();
            let s = text.as_deref().map(|t| token_f1(&expected, t)).unwrap_or(Score::ZERO);
            column.scores.push(s);
            let flag = if s.f1 > ours.scores.last().map_or(0.0, |o| o.f1) + 0.1 { " <" } else { "  " };
            line += &format!("{:>22}{flag}", if text.is_some() { score(s) } else { "none".into() });
        }
        println!("{line}");
        if show_page.as_deref() == Some(name.as_str()) {
            show(&name, &expected, found.as_deref().unwrap_or(""));
        }
    }
    println!("\n{} pages from {}", pages.len(), corpus.display());
    for column in std::iter::once(&ours).chain(&others) {
        println!("{:<12} {}", column.name, summary(&column.scores));
    }
    if !errors.is_empty() {
        println!("\npages that failed to open (scored 0):");
        for e in errors {
            println!("  {e}");
        }
    }
}
