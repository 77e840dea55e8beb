//! Hostile shapes of input that must import (or fail) quickly without a
//! crash: deep nesting in HTML, Markdown and Word XML, a spine that repeats a
//! chapter, and inputs the fuzzers (scripts/fuzz.sh) found, each kept here.

use std::io::Write;
use std::time::{Duration, Instant};

use duizhao_core::document::{import_bytes, import_text, ImportError, ImportOptions};

fn quickly<T>(label: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < limit, "{label} took {:?}", start.elapsed());
    out
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn deeply_nested_html_neither_overflows_nor_loses_text() {
    // Within the limit: imported on a thread with a small stack, as a worker
    // thread might have, with the innermost text kept.
    let nested = |depth: usize, tag: &str| {
        format!(
            "<html><body>{}<p>最深處的文字。</p>{}</body></html>",
            format!("<{tag}>").repeat(depth),
            format!("</{tag}>").repeat(depth)
        )
    };
    let html = nested(1_000, "div");
    let doc = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            quickly("nested html", Duration::from_secs(30), || {
                import_bytes(html.as_bytes(), "x", "deep.html", ImportOptions::default())
            })
        })
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(doc.unwrap().blocks[0].text, "最深處的文字。");
    // Past it, a quick error instead of a parse that takes quadratic time.
    for tag in ["div", "b", "span"] {
        let html = nested(200_000, tag);
        let err = quickly("too deep", Duration::from_secs(5), || {
            import_bytes(html.as_bytes(), "x", "deep.html", ImportOptions::default())
        })
        .unwrap_err();
        assert_eq!(err.cause(), &ImportError::TooDeep { limit: 1024 });
        assert_eq!(err.cause().to_string(), "the markup nests elements more than 1024 deep, which no article does");
    }
}

#[test]
fn deeply_nested_markdown_imports() {
    let md = format!("{}引言\n", "> ".repeat(5_000));
    let doc = quickly("nested quotes", Duration::from_secs(30), || import_text(&md, "clipboard"));
    assert!(doc.is_ok(), "{doc:?}");
    let md = format!("# 標題\n\n{}\n", "<div>".repeat(100_000));
    let err = quickly("nested html in markdown", Duration::from_secs(5), || import_text(&md, "clipboard")).unwrap_err();
    assert_eq!(err, ImportError::TooDeep { limit: 1024 });
}

#[test]
fn deeply_nested_word_content_is_bounded() {
    let depth = 5_000;
    let body = format!(
        "{}<w:p><w:r><w:t>內文</w:t></w:r></w:p>{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>開頭</w:t></w:r></w:p>{body}</w:body></w:document>"#
    );
    let docx = zip_of(&[("word/document.xml", xml.as_bytes())]);
    let doc = quickly("nested docx", Duration::from_secs(30), || {
        import_bytes(&docx, "x", "deep.docx", ImportOptions::default())
    })
    .unwrap();
    // Content nested past the limit is not followed; what is above it is kept.
    assert_eq!(doc.blocks[0].text, "開頭");
}

#[test]
fn a_spine_repeating_one_chapter_stops_at_the_unpacked_limit() {
    let chapter = format!("<html><body><p>{}</p></body></html>", "重複的章節。".repeat(200_000));
    let spine = "<itemref idref=\"c\"/>".repeat(100);
    let opf = format!(
        r#"<package xmlns="http://www.idpf.org/2007/opf"><metadata/><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine>{spine}</spine></package>"#
    );
    let epub = zip_of(&[
        (
            "META-INF/container.xml",
            br#"<container><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>"#,
        ),
        ("content.opf", opf.as_bytes()),
        ("c.xhtml", chapter.as_bytes()),
    ]);
    let err = quickly("repeated spine", Duration::from_secs(60), || {
        import_bytes(&epub, "x", "loop.epub", ImportOptions::default())
    })
    .unwrap_err();
    assert_eq!(err, ImportError::ArchiveTooLarge { format: "EPUB", limit_bytes: 64 * 1024 * 1024 });
}
