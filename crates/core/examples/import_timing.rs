//! How long importing takes for a large web page (1 MB of HTML) and a large
//! e-book (a 5 MB EPUB), generated here from the fixtures' text (nothing big is
//! committed). Run in release mode:
//!   cargo run --release -p duizhao-core --example import_timing
//! Prints the best and median of several runs of `import_bytes`, which is what
//! `import_path` does after reading the file.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

use std::io::Write;
use std::time::{Duration, Instant};

use duizhao_core::document::{import_bytes, ImportOptions};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

/// Deterministic pseudo-random numbers (no dependency, same text every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// Chinese-looking paragraphs from the characters of the fixture pages, with
/// clause punctuation, so they compress and score like real text.
fn paragraph(chars: &[char], rng: &mut Lcg) -> String {
    let len = 80 + rng.next(160);
    let mut out = String::new();
    for i in 0..len {
        out.push(chars[rng.next(chars.len())]);
        if i % 17 == 16 {
            out.push('，');
        }
    }
    out.push('。');
    out
}

fn time(label: &str, bytes: &[u8], name: &str) {
    let mut runs: Vec<Duration> = Vec::new();
    let mut blocks = 0;
    for _ in 0..7 {
        let start = Instant::now();
        let doc = import_bytes(bytes, name, name, ImportOptions::default()).expect("generated input imports");
        runs.push(start.elapsed());
        blocks = doc.blocks.len();
    }
    runs.sort();
    println!(
        "{label}: {:.2} MB, {blocks} blocks: best {:.1} ms, median {:.1} ms",
        bytes.len() as f64 / 1e6,
        runs[0].as_secs_f64() * 1e3,
        runs[runs.len() / 2].as_secs_f64() * 1e3
    );
}

fn main() {
    let page = std::fs::read_to_string(format!("{FIXTURES}/pages/news-tainan.html")).expect("fixture");
    let mut chars: Vec<char> = page.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).collect();
    chars.sort_unstable();
    chars.dedup();
    let mut rng = Lcg(20240318);

    // A 1 MB news page: the fixture's navigation, sidebar, comments and footer
    // around an article body grown to 1 MB.
    let mut body = String::new();
    while body.len() < 1_000_000 {
        if rng.next(12) == 0 {
            body.push_str(&format!("<h2>{}</h2>\n", paragraph(&chars, &mut rng).chars().take(12).collect::<String>()));
        }
        body.push_str(&format!("<p>{}</p>\n", paragraph(&chars, &mut rng)));
    }
    let marker = "<div class=\"article-body\" itemprop=\"articleBody\">";
    let html = page.replacen(marker, &format!("{marker}\n{body}"), 1);
    time("1 MB HTML page", html.as_bytes(), "page.html");

    // A 5 MB EPUB: chapters of generated text until the file reaches 5 MB.
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    zip.start_file("META-INF/container.xml", deflated).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"#).unwrap();
    let (mut manifest, mut spine, mut chapter) = (String::new(), String::new(), 0);
    let mut written = 0usize;
    while written < 5_000_000 {
        chapter += 1;
        let mut xhtml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>第{chapter}章</title></head><body><h1>第{chapter}章</h1>\n"
        );
        for _ in 0..400 {
            xhtml.push_str(&format!("<p>{}</p>\n", paragraph(&chars, &mut rng)));
        }
        xhtml.push_str("</body></html>\n");
        zip.start_file(format!("OEBPS/c{chapter}.xhtml"), deflated).unwrap();
        zip.write_all(xhtml.as_bytes()).unwrap();
        written += xhtml.len() * 54 / 100; // about what deflate leaves of this text
        manifest.push_str(&format!(
            "<item id=\"c{chapter}\" href=\"c{chapter}.xhtml\" media-type=\"application/xhtml+xml\"/>"
        ));
        spine.push_str(&format!("<itemref idref=\"c{chapter}\"/>"));
    }
    zip.start_file("OEBPS/content.opf", deflated).unwrap();
    zip.write_all(
        format!(
            "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>長篇</dc:title></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"
        )
        .as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap();
    let epub = out.into_inner();
    time(&format!("EPUB ({chapter} chapters)"), &epub, "book.epub");
}
