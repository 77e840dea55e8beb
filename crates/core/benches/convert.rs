//! Conversion throughput (t2s, tw2sp) on a few MB of Traditional text, whole and
//! piece by piece as the command-line tool converts, and the cost of preparing a
//! whole article (detection + conversion + change spans).

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use duizhao_core::article::prepare;
use duizhao_core::convert::{Config, ConfigChoice, ConvertError, Converter};
use duizhao_core::document::import_text;
use duizhao_core::sample::SAMPLE_MARKDOWN;

fn corpus(min_bytes: usize) -> String {
    let mut text = String::with_capacity(min_bytes + SAMPLE_MARKDOWN.len());
    while text.len() < min_bytes {
        text.push_str(SAMPLE_MARKDOWN);
    }
    text
}

fn conversion(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let converter = Converter::new(dir.path()).expect("dictionaries");
    let text = corpus(4 * 1024 * 1024);
    let mut group = c.benchmark_group("convert");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    for config in [Config::T2S, Config::TW2SP] {
        group.bench_function(format!("{config}_4MiB"), |b| b.iter(|| converter.convert(config, &text).unwrap()));
        // As `duizhao convert` does: each piece handed on as it comes, no whole result built.
        group.bench_function(format!("{config}_4MiB_pieces"), |b| {
            b.iter(|| {
                let mut bytes = 0;
                converter
                    .convert_pieces(config, &text, |piece| {
                        bytes += piece.len();
                        Ok::<(), ConvertError>(())
                    })
                    .unwrap();
                bytes
            });
        });
    }
    group.finish();

    let article = corpus(1024 * 1024);
    let mut group = c.benchmark_group("prepare");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(article.len() as u64));
    group.bench_function("auto_1MiB", |b| {
        b.iter(|| {
            let doc = import_text(&article, "bench").unwrap();
            prepare(doc, ConfigChoice::Auto, &converter).unwrap()
        });
    });
    group.finish();
}

criterion_group!(benches, conversion);
criterion_main!(benches);
