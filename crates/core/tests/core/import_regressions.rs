//! Hostile shapes of input that must import (or fail) without a crash or a
//! hang (a hang is caught by nextest's timeout in `.config/nextest.toml`, not by
//! timing here: tests decide by what happened; speed is for the benchmarks): deep nesting in HTML, Markdown, Word XML and an EPUB's navigation,
//! stray end tags, XML entity bombs, a spine that repeats a chapter, and inputs
//! the fuzzers (scripts/fuzz.sh) found, each kept here.

use std::io::Write;

use duizhao_core::document::{import_bytes, import_text, ImportError, ImportOptions};

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
        .spawn(move || import_bytes(html.as_bytes(), "x", "deep.html", ImportOptions::default()))
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(doc.unwrap().blocks[0].text, "最深處的文字。");
    // Past it, a quick error instead of a parse that takes quadratic time.
    for tag in ["div", "b", "span"] {
        let html = nested(200_000, tag);
        let err = import_bytes(html.as_bytes(), "x", "deep.html", ImportOptions::default()).unwrap_err();
        assert_eq!(err.cause(), &ImportError::TooDeep { limit: 1024 });
        assert_eq!(err.cause().to_string(), "the markup nests elements more than 1024 deep, which no article does");
    }
}

#[test]
fn deeply_nested_markdown_imports() {
    let md = format!("{}引言\n", "> ".repeat(5_000));
    let doc = import_text(&md, "clipboard");
    assert!(doc.is_ok(), "{doc:?}");
    let md = format!("# 標題\n\n{}\n", "<div>".repeat(100_000));
    let err = import_text(&md, "clipboard").unwrap_err();
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
    let doc = import_bytes(&docx, "x", "deep.docx", ImportOptions::default()).unwrap();
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
    let err = import_bytes(&epub, "x", "loop.epub", ImportOptions::default()).unwrap_err();
    assert_eq!(err, ImportError::ArchiveTooLarge { format: "EPUB", limit_bytes: 64 * 1024 * 1024 });
}

/// `<!ENTITY a "字…">` and `&a;` many times: a few hundred bytes zipped that
/// would expand to tens of megabytes of text.
fn entity_bomb(root_open: &str, reference_in: &str, root_close: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE r [<!ENTITY a "{}">]>{root_open}{}{root_close}"#,
        "字".repeat(1_000),
        reference_in.replace("REF", &"&a;".repeat(20_000)),
    )
}

const CONTAINER: &[u8] = br#"<container><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>"#;

#[test]
fn xml_entity_declarations_are_refused_in_word_and_epub_files() {
    let xml = entity_bomb(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
        "<w:p><w:r><w:t>REF</w:t></w:r></w:p>",
        "</w:body></w:document>",
    );
    let docx = zip_of(&[("word/document.xml", xml.as_bytes())]);
    assert!(docx.len() < 4_096, "the bomb is small: {} bytes", docx.len());
    let err = import_bytes(&docx, "x", "bomb.docx", ImportOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the Word file is damaged: its word/document.xml declares XML entities, which Word and EPUB files do not use"
    );

    // In the package document (the title), and in the NCX, which only costs the titles.
    let chapter = b"<html><body><h1>\xe7\xac\xac\xe4\xb8\x80\xe7\xab\xa0</h1><p>\xe5\x85\xa7\xe6\x96\x87\xe3\x80\x82</p></body></html>";
    let manifest = r#"<manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest><spine toc="ncx"><itemref idref="c"/></spine>"#;
    let opf = entity_bomb(
        r#"<package xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/">"#,
        &format!("<metadata><dc:title>REF</dc:title></metadata>{manifest}"),
        "</package>",
    );
    let epub = zip_of(&[("META-INF/container.xml", CONTAINER), ("content.opf", opf.as_bytes()), ("c.xhtml", chapter)]);
    let err = import_bytes(&epub, "x", "bomb.epub", ImportOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the EPUB file is damaged: its content.opf declares XML entities, which Word and EPUB files do not use"
    );

    let ncx = entity_bomb(
        r#"<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>"#,
        r#"<navPoint id="p"><navLabel><text>REF</text></navLabel><content src="c.xhtml"/></navPoint>"#,
        "</navMap></ncx>",
    );
    let opf = format!(
        r#"<package xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata><dc:title>書</dc:title></metadata>{manifest}</package>"#
    );
    let epub = zip_of(&[
        ("META-INF/container.xml", CONTAINER),
        ("content.opf", opf.as_bytes()),
        ("toc.ncx", ncx.as_bytes()),
        ("c.xhtml", chapter),
    ]);
    let doc = import_bytes(&epub, "x", "bomb.epub", ImportOptions::default()).unwrap();
    assert_eq!(doc.chapters[0].title, "第一章");

    // An NCX with a plain external DOCTYPE, as EPUB 2 books have, still gives the titles.
    let ncx = r#"<?xml version="1.0"?><!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd"><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint id="p"><navLabel><text>目錄裡的標題</text></navLabel><content src="c.xhtml"/></navPoint></navMap></ncx>"#;
    let epub = zip_of(&[
        ("META-INF/container.xml", CONTAINER),
        ("content.opf", opf.as_bytes()),
        ("toc.ncx", ncx.as_bytes()),
        ("c.xhtml", chapter),
    ]);
    let doc = import_bytes(&epub, "x", "plain.epub", ImportOptions::default()).unwrap();
    assert_eq!(doc.chapters[0].title, "目錄裡的標題");
}

#[test]
fn end_tags_that_close_nothing_do_not_hide_nesting() {
    let html = format!("<html><body>{}<p>文字</p></body></html>", "<div></x>".repeat(50_000));
    let err = import_bytes(html.as_bytes(), "x", "stray.html", ImportOptions::default()).unwrap_err();
    assert_eq!(err.cause(), &ImportError::TooDeep { limit: 1024 });
    // Stray end tags of elements the guard does not count, and a Markdown page.
    let html = format!("<html><body>{}<p>文字</p></body></html>", "<div></p></li></td>".repeat(50_000));
    let err = import_bytes(html.as_bytes(), "x", "stray.html", ImportOptions::default()).unwrap_err();
    assert_eq!(err.cause(), &ImportError::TooDeep { limit: 1024 });
    let md = format!("# 標題\n\n{}\n", "<div></x>".repeat(50_000));
    assert_eq!(import_text(&md, "clipboard").unwrap_err(), ImportError::TooDeep { limit: 1024 });
    let err = import_bytes(md.as_bytes(), "x", "stray.md", ImportOptions::default()).unwrap_err();
    assert_eq!(err.cause(), &ImportError::TooDeep { limit: 1024 });
    // Matched end tags still close: a long flat page imports.
    let html = format!("<html><body>{}</body></html>", "<div><span>段落。</div>".repeat(50_000));
    assert!(import_bytes(html.as_bytes(), "x", "flat.html", ImportOptions::default()).is_ok());
}

#[test]
fn an_epub_navigation_document_nested_too_deep_only_costs_the_titles() {
    let nav = format!(
        r#"<html xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol><li><a href="c1.xhtml">目錄一</a></li></ol>{}</nav></body></html>"#,
        "<div>".repeat(50_000)
    );
    let opf = r#"<package xmlns="http://www.idpf.org/2007/opf"><metadata/><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#;
    let epub = zip_of(&[
        ("META-INF/container.xml", CONTAINER),
        ("content.opf", opf.as_bytes()),
        ("nav.xhtml", nav.as_bytes()),
        ("c1.xhtml", "<html><body><h1>第一章</h1><p>一。</p></body></html>".as_bytes()),
        ("c2.xhtml", "<html><body><h2>第二章</h2><p>二。</p></body></html>".as_bytes()),
    ]);
    let doc = import_bytes(&epub, "x", "deep-nav.epub", ImportOptions::default()).unwrap();
    let titles: Vec<&str> = doc.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["第一章", "第二章"]);
}
