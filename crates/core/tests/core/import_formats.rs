//! Importing every supported format from the fixtures (web pages in UTF-8, Big5
//! and GB18030, Word, EPUB), reader-mode extraction quality, hostile markup, and
//! each kind of bad input getting its own one-line error.

use crate::support::fixtures;

use duizhao_core::document::{import_bytes, import_path, Document, Format, ImportError, ImportOptions};
use fixtures::{blocks_of, expected_blocks, fixture, quality};

fn open(name: &str) -> Document {
    import_path(&fixture(name), ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn error(name: &str) -> ImportError {
    import_path(&fixture(name), ImportOptions::default()).expect_err(name)
}

const PAGES: &[(&str, &str)] = &[
    ("pages/news-tainan.html", "news-tainan"),
    ("pages/blog-hiking.html", "blog-hiking"),
    ("pages/old-portal.html", "old-portal"),
    ("pages/old-portal-big5.html", "old-portal"),
    ("pages/mainland-news.html", "mainland-news"),
    ("pages/mainland-news-gb18030.html", "mainland-news"),
    ("pages/hostile.html", "hostile"),
    ("pages/notice.html", "notice"),
];

#[test]
fn extraction_quality_report() {
    // Printed for the record (cargo nextest run --no-capture); asserted below.
    for (file, page) in PAGES {
        let doc = open(file);
        let q = quality(&doc, &expected_blocks(page));
        println!(
            "{file}: kept {}/{} expected blocks, {} boilerplate leaked {:?}",
            q.kept,
            q.expected,
            q.leaked.len(),
            q.leaked
        );
    }
}

#[test]
fn every_page_yields_exactly_its_article() {
    for (file, page) in PAGES {
        let doc = open(file);
        assert_eq!(doc.format, Format::Html, "{file}");
        assert_eq!(blocks_of(&doc), expected_blocks(page), "{file}");
    }
}

#[test]
fn pages_keep_their_meta_and_encoding() {
    let doc = open("pages/news-tainan.html");
    assert_eq!(doc.title, "臺南老街的百年糕餅店 第四代接手轉型");
    assert_eq!(doc.meta.byline.as_deref(), Some("林怡君"));
    assert_eq!(doc.meta.published.as_deref(), Some("2024-03-18T09:30:00+08:00"));
    assert_eq!(doc.meta.url, None);
    let blog = open("pages/blog-hiking.html");
    assert_eq!(blog.title, "合歡山北峰兩天一夜 新手也能完成的高山路線");
    assert_eq!((blog.meta.byline.as_deref(), blog.meta.published.as_deref()), (Some("山羊小姐"), Some("2023-10-05")));
    let big5 = open("pages/old-portal-big5.html");
    assert_eq!(big5.encoding, "Big5");
    assert_eq!(big5.title, "中央氣象署：今年梅雨季雨量偏少 水庫蓄水需留意");
    // The dateline is metadata, not a paragraph.
    assert_eq!((big5.meta.byline.as_deref(), big5.meta.published.as_deref()), (Some("王志明"), Some("2024-05-20")));
    let gb = open("pages/mainland-news-gb18030.html");
    assert_eq!((gb.encoding, gb.title.as_str()), ("GB18030", "杭州西湖景区推出夜游新线路"));
    assert_eq!((gb.meta.byline.as_deref(), gb.meta.published.as_deref()), (Some("张晓红"), Some("2024-04-02")));
}

#[test]
fn nothing_from_hostile_markup_reaches_a_block() {
    let doc = open("pages/hostile.html");
    let all: String = doc.blocks.iter().map(|b| format!("{}\n", b.text)).collect();
    for marker in [
        "alert",
        "javascript",
        "vbscript",
        "evil",
        "cookie",
        "STYLE",
        "IFRAME",
        "OBJECT",
        "SVG",
        "FORM",
        "BUTTON",
        "NOSCRIPT",
        "TEMPLATE",
        "MATH",
        "HIDDEN",
        "MIXED-CASE",
        "VBSCRIPT",
        "onerror",
        "onload",
        "按這裡看地圖",
        "import(",
        "<",
    ] {
        assert!(!all.contains(marker), "{marker:?} leaked into: {all}");
    }
    // The article around the hostile markup is all there.
    assert_eq!(blocks_of(&doc), expected_blocks("hostile"));
    assert_eq!(doc.title, "夜市小吃地圖");
}

fn texts_and_kinds(doc: &Document) -> Vec<(&str, &str)> {
    doc.blocks.iter().map(|b| (b.kind.as_str(), b.text.as_str())).collect()
}

#[test]
fn word_document_keeps_headings_lists_quotes_tables_in_order() {
    let doc = open("books/report.docx");
    assert_eq!((doc.format, doc.title.as_str()), (Format::Docx, "社區圖書館年度報告（定稿）"));
    assert_eq!(doc.meta.byline.as_deref(), Some("周美玲"));
    assert_eq!(
        texts_and_kinds(&doc),
        [
            ("heading", "社區圖書館年度報告"),
            ("heading", "一、前言"),
            ("paragraph", "本館今年共舉辦一百二十場閱讀活動，參加人次超過八千人。"),
            ("paragraph", "開放時間：\t週二至週日\n週一休館"),
            ("heading", "二、重要成果"),
            ("list_item", "兒童區全面改裝，新增繪本專區"),
            ("list_item", "數位資源平台上線，提供電子書借閱"),
            ("list_item", "與在地小學合作推動晨讀計畫"),
            ("quote", "「圖書館是城市的客廳，每個人都可以在這裡找到屬於自己的角落。」"),
            ("paragraph", "館藏總數達到十二萬冊。"),
            ("paragraph", "詳見第3頁的統計表。"),
            ("paragraph", "更多資訊請見圖書館網站。"),
            ("image", "![新裝修的兒童閱讀區]()"),
            ("heading", "三、借閱統計"),
            ("paragraph", "類別 | 冊數 | 成長"),
            ("paragraph", "文學 | 32,000 | 12%"),
            ("paragraph", "科普 | 18,500 | 8%"),
            ("paragraph", "明年將持續擴充館藏，歡迎市民多加利用。"),
        ]
    );
    let levels: Vec<u8> = doc.blocks.iter().filter(|b| b.kind.as_str() == "heading").map(|b| b.level).collect();
    assert_eq!(levels, [1, 1, 2, 2]);
}

#[test]
fn epub_reads_the_spine_in_order_with_a_chapter_list() {
    let doc = open("books/seasons.epub");
    assert_eq!((doc.format, doc.title.as_str()), (Format::Epub, "島嶼的四季"));
    assert_eq!((doc.meta.byline.as_deref(), doc.meta.published.as_deref()), (Some("許文華"), Some("2023-11-20")));
    assert_eq!(
        texts_and_kinds(&doc),
        [
            ("image", "![島嶼的四季](../Images/cover.jpg)"),
            ("heading", "第一章　春"),
            ("paragraph", "三月的山城下著細雨，茶園裡的新芽一夜之間冒了出來。"),
            ("paragraph", "阿嬤說，清明前採的茶最香，所以天還沒亮，全家人就背著竹簍上山了。"),
            ("heading", "第二章　夏"),
            ("heading", "海邊的午後"),
            ("paragraph", "暑假的海邊總是熱鬧，孩子們在沙灘上堆城堡，大人們在樹蔭下泡茶聊天。"),
            ("quote", "「海浪帶走的，都會用別的方式回來。」"),
            ("list_item", "西瓜"),
            ("list_item", "冰棒"),
            ("list_item", "風箏"),
            ("paragraph", "秋天的稻田一片金黃，收割機的聲音從早響到晚。"),
            ("paragraph", "晚上，全村的人聚在廟口看布袋戲，戲臺上的英雄正在和妖怪決鬥。"),
        ]
    );
    // The blank page is skipped; titles from the navigation document, else the chapter's own title.
    let chapters: Vec<(&str, usize)> = doc.chapters.iter().map(|c| (c.title.as_str(), c.first_block)).collect();
    assert_eq!(chapters, [("封面", 0), ("春：茶園", 1), ("夏：海邊", 4), ("秋：稻田", 11)]);
}

#[test]
fn archives_are_recognised_without_an_extension_but_not_under_a_text_name() {
    let docx = std::fs::read(fixture("books/report.docx")).unwrap();
    let epub = std::fs::read(fixture("books/seasons.epub")).unwrap();
    let options = ImportOptions::default();
    assert_eq!(import_bytes(&docx, "-", "", options).unwrap().format, Format::Docx);
    assert_eq!(import_bytes(&epub, "-", "download", options).unwrap().format, Format::Epub);
    // A zip renamed .txt is a binary file, as any other.
    assert_eq!(import_bytes(&docx, "x", "report.txt", options), Err(ImportError::Binary));
    assert_eq!(import_bytes(b"PK\x03\x04junk", "x", "", options), Err(ImportError::Binary));
}

/// Every bad input: its error, and that the message is one line.
#[test]
fn bad_files_get_one_line_errors_that_say_what_is_wrong() {
    let cases: &[(&str, &str)] = &[
        ("books/truncated.docx", "the Word file is damaged: it is not a valid zip archive, or it is cut short"),
        ("books/truncated.epub", "the EPUB file is damaged: it is not a valid zip archive, or it is cut short"),
        ("books/not-a-zip.docx", "the Word file is damaged: it is not a zip archive"),
        (
            "books/no-document.docx",
            "the Word file has no word/document.xml (the document's text): it is incomplete, or a file of another kind",
        ),
        ("books/bomb.docx", "the Word file unpacks to more than the 32 MB limit"),
        ("books/bomb.epub", "the EPUB file unpacks to more than the 32 MB limit"),
        (
            "books/no-container.epub",
            "the EPUB file has no META-INF/container.xml (which names the book's contents): it is incomplete, or a file of another kind",
        ),
        (
            "books/no-package.epub",
            "the EPUB file has no package document OEBPS/content.opf: it is incomplete, or a file of another kind",
        ),
        (
            "books/missing-chapter.epub",
            "the EPUB file has no chapter OEBPS/Text/ch2.xhtml (listed in its spine): it is incomplete, or a file of another kind",
        ),
        ("pages/invalid-big5.html", "invalid Big5 bytes at byte offset 1165"),
        ("binary.txt", "the file is binary, not text"),
        ("empty.txt", "the file is empty"),
    ];
    for (name, message) in cases {
        let err = error(name);
        let shown = err.to_string();
        assert_eq!(err.cause().to_string(), *message, "{name}");
        assert!(shown.starts_with(&format!("cannot read {}", fixture(name).display())), "{name}: {shown}");
        assert!(!shown.contains('\n'), "{name}: {shown}");
    }
    let bad_xml = error("books/bad-xml.docx").cause().to_string();
    assert!(
        bad_xml.starts_with("the Word file is damaged: its word/document.xml is not well-formed XML ("),
        "{bad_xml}"
    );
    assert!(!bad_xml.contains('\n'));
}

#[test]
fn missing_directory_and_oversize_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.epub");
    assert_eq!(
        import_path(&missing, ImportOptions::default()).unwrap_err().to_string(),
        format!("no such file: {}", missing.display())
    );
    assert!(matches!(import_path(dir.path(), ImportOptions::default()), Err(ImportError::IsDirectory { .. })));
    let big = dir.path().join("big.html");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(33 * 1024 * 1024).unwrap();
    let err = import_path(&big, ImportOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), format!("cannot read {}: the file is larger than the 32 MB limit", big.display()));
}

#[test]
fn zip_with_too_many_parts_is_refused() {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for i in 0..10_001 {
            zip.start_file(format!("{i}"), options).unwrap();
            zip.write_all(b"").unwrap();
        }
        zip.finish().unwrap();
    }
    let err = import_bytes(out.get_ref(), "x", "many.epub", ImportOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), "the EPUB file is damaged: it has 10001 parts, more than the 10000 allowed");
}
