//! Region detection measured on labelled sets of real-usage snippets written
//! for the project (tests/fixtures/regions: Taiwan, Hong Kong, mainland usage
//! in Traditional script, Simplified, region-free Traditional). `snippets.tsv`
//! was in view while the word lists were written; `holdout.tsv` was written
//! separately, without seeing them, and is the honest measure.
//!
//! Two scores per label: the configuration chosen (Taiwan → tw2sp, Hong Kong
//! → hk2s, mainland usage and region-free text → a phrase-free one), and —
//! what a reader sees — whether the Simplified text is the one the label
//! calls for (a Taiwan snippet without any Taiwan phrase reads the same under
//! tw2s and tw2sp). The table is printed
//! (`cargo nextest run --test regions --no-capture`) and each label must stay
//! at or above what it reached when the floors were set.

use std::collections::BTreeMap;
use std::path::PathBuf;

use duizhao_core::convert::{detect, Config, Converter};

fn snippets(file: &str) -> Vec<(String, String)> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/regions/")).join(file);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (label, text) = l.split_once('\t').expect("two columns");
            (label.to_owned(), text.to_owned())
        })
        .collect()
}

/// The configurations that are right for a label. Mainland usage and
/// region-free text take no phrases, only the glyphs their text uses.
fn right_configs(label: &str) -> &'static [Option<Config>] {
    match label {
        "taiwan" => &[Some(Config::TW2SP)],
        "hongkong" => &[Some(Config::HK2S)],
        "mainland_traditional" | "generic_traditional" => &[Some(Config::T2S), Some(Config::TW2S), Some(Config::HK2S)],
        "simplified" => &[None],
        other => panic!("unknown label {other}"),
    }
}

/// The Simplified text a label calls for: Taiwan's and Hong Kong's phrase
/// configurations, or for the phrase-free labels t2s after both regions'
/// variant glyphs are brought to OpenCC's standard (tw2t, then hk2t).
fn reference(converter: &Converter, label: &str, text: &str) -> String {
    let convert = |config, text: &str| converter.convert(config, text).unwrap();
    match label {
        "taiwan" => convert(Config::TW2SP, text),
        "hongkong" => convert(Config::HK2S, text),
        "simplified" => text.to_owned(),
        _ => convert(Config::T2S, &convert(Config::HK2T, &convert(Config::TW2T, text))),
    }
}

/// Per label: how many snippets got the labelled configuration, how many the
/// labelled Simplified text, of how many, and the misses.
#[derive(Default)]
struct Score {
    config: usize,
    text: usize,
    total: usize,
    misses: Vec<String>,
}

fn score(file: &str) -> BTreeMap<String, Score> {
    let dir = tempfile::tempdir().unwrap();
    let converter = Converter::new(dir.path()).unwrap();
    let convert = |config: Option<Config>, text: &str| match config {
        Some(config) => converter.convert(config, text).unwrap(),
        None => text.to_owned(),
    };
    let mut by_label: BTreeMap<String, Score> = BTreeMap::new();
    for (label, text) in snippets(file) {
        let detection = detect(&converter, &text).unwrap();
        let entry = by_label.entry(label.clone()).or_default();
        entry.total += 1;
        let config_right = right_configs(&label).contains(&detection.config);
        let text_right = convert(detection.config, &text) == reference(&converter, &label, &text);
        entry.config += usize::from(config_right);
        entry.text += usize::from(text_right);
        if !config_right || !text_right {
            entry.misses.push(format!(
                "{label} → {:?}{} (tw {}, hk {}, mainland {}, {:?}): {text}",
                detection.config.map(duizhao_core::convert::Config::name),
                if text_right { "" } else { ", text differs" },
                detection.taiwan_score,
                detection.hong_kong_score,
                detection.mainland_score,
                detection.evidence
            ));
        }
    }
    let share = |n: usize, of: usize| 100.0 * n as f64 / of as f64;
    println!("{file}\n{:<22} {:>16} {:>16}", "label", "config right", "text right");
    let (mut configs, mut texts, mut all) = (0, 0, 0);
    for (label, s) in &by_label {
        println!(
            "{label:<22} {:>4}/{:<3} {:>6.1}% {:>4}/{:<3} {:>6.1}%",
            s.config,
            s.total,
            share(s.config, s.total),
            s.text,
            s.total,
            share(s.text, s.total)
        );
        configs += s.config;
        texts += s.text;
        all += s.total;
    }
    println!(
        "{:<22} {configs:>4}/{all:<3} {:>6.1}% {texts:>4}/{all:<3} {:>6.1}%",
        "all",
        share(configs, all),
        share(texts, all)
    );
    for s in by_label.values() {
        for miss in &s.misses {
            println!("  miss: {miss}");
        }
    }
    assert_eq!(by_label.len(), 5, "every label has snippets in {file}");
    by_label
}

/// Each label's floors, (config, text), as shares.
fn check(by_label: &BTreeMap<String, Score>, floors: &[(&str, f64, f64)]) {
    for (label, config_floor, text_floor) in floors {
        let s = &by_label[*label];
        let (config, text) = (s.config as f64 / s.total as f64, s.text as f64 / s.total as f64);
        assert!(
            config >= *config_floor && text >= *text_floor,
            "{label}: config {}/{}, text {}/{}; misses:\n{}",
            s.config,
            s.total,
            s.text,
            s.total,
            s.misses.join("\n")
        );
    }
}

#[test]
fn detection_accuracy_on_the_snippets_the_lists_were_written_with() {
    let by_label = score("snippets.tsv");
    check(
        &by_label,
        &[
            ("taiwan", 0.88, 1.0),
            ("hongkong", 0.90, 1.0),
            ("mainland_traditional", 1.0, 1.0),
            ("simplified", 1.0, 1.0),
            ("generic_traditional", 1.0, 1.0),
        ],
    );
}

#[test]
fn detection_accuracy_on_the_held_out_snippets() {
    let by_label = score("holdout.tsv");
    check(
        &by_label,
        &[
            ("taiwan", 0.48, 0.96),
            ("hongkong", 0.72, 0.94),
            ("mainland_traditional", 0.98, 0.98),
            ("simplified", 1.0, 1.0),
            ("generic_traditional", 1.0, 1.0),
        ],
    );
}
