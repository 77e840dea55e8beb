//! The shared fixtures in tests/fixtures (written for Duizhao; see
//! make_fixtures.py): every encoding opens with the same characters, each format
//! segments into the expected blocks, and bad input gets its specific error.

use std::path::PathBuf;

use duizhao_core::article::prepare;
use duizhao_core::convert::{Config, ConfigChoice, Converter, Region, Script};
use duizhao_core::document::{
    encoding_for_label, import_path, BlockKind, Document, Format, ImportError, ImportOptions,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures")).join(name)
}

fn open(name: &str) -> Document {
    import_path(&fixture(name), ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn texts(doc: &Document) -> Vec<&str> {
    doc.blocks.iter().map(|b| b.text.as_str()).collect()
}

#[test]
fn every_encoding_of_the_taiwan_text_opens_with_the_same_blocks() {
    let reference = open("taiwan.txt");
    assert_eq!(reference.blocks.len(), 4);
    for (name, encoding, bom) in [
        ("taiwan.txt", "UTF-8", false),
        ("taiwan-utf8-bom.txt", "UTF-8", true),
        ("taiwan-utf16le.txt", "UTF-16LE", true),
        ("taiwan-utf16be.txt", "UTF-16BE", true),
        ("taiwan-big5.txt", "Big5", false),
    ] {
        let doc = open(name);
        assert_eq!((doc.encoding, doc.bom), (encoding, bom), "{name}");
        assert_eq!(texts(&doc), texts(&reference), "{name}");
        assert_eq!(doc.title, "臺北捷運的新系統", "{name}");
    }
}

#[test]
fn gb18030_text_opens_and_is_detected_as_simplified() {
    let doc = open("mainland-gb18030.txt");
    assert_eq!(doc.encoding, "GB18030");
    assert_eq!(
        doc.blocks[1].text,
        "上海地铁公司今天宣布，新一代的票务系统将于明年上线，乘客可以通过手机应用程序查询实时信息。"
    );
    let dir = tempfile::tempdir().unwrap();
    let article = prepare(doc, ConfigChoice::Auto, &Converter::new(dir.path()).unwrap()).unwrap();
    assert_eq!((article.script, article.config), (Script::Simplified, None));
}

#[test]
fn text_fixture_segments_into_headline_and_paragraphs() {
    let doc = open("taiwan.txt");
    let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::Heading, BlockKind::Paragraph, BlockKind::Paragraph, BlockKind::Paragraph]);
    // The full-width indent is layout, not text.
    assert!(doc.blocks[1].text.starts_with("臺北捷運公司"));
}

#[test]
fn markdown_fixture_keeps_quote_list_and_empty_image() {
    let doc = open("article.md");
    assert_eq!(doc.format, Format::Markdown);
    let kinds: Vec<(BlockKind, &str)> = doc.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Heading, "資訊月開幕"),
            (BlockKind::Paragraph, "今年的資訊月以「人工智慧」為主題，吸引大批民眾參觀。"),
            (BlockKind::Quote, "「軟體的價值在於解決問題。」主辦單位說。"),
            (BlockKind::Heading, "展區介紹"),
            (BlockKind::ListItem, "智慧城市"),
            (BlockKind::ListItem, "數位學習"),
            (BlockKind::ListItem, "資訊安全"),
            (BlockKind::Image, "![](booth.png)"),
            (BlockKind::Paragraph, "現場也展示了最新的記憶體與硬碟產品。"),
        ]
    );
}

#[test]
fn big5_html_honours_meta_charset_and_drops_script_nav_and_footer() {
    let doc = open("hongkong-big5.html");
    let utf8 = open("hongkong.html");
    assert_eq!((doc.encoding, doc.format), ("Big5", Format::Html));
    assert_eq!(texts(&doc), texts(&utf8));
    assert_eq!(doc.title, "港鐵新綫今日通車");
    let all = texts(&doc).join("\n");
    for dropped in ["hacked", "首頁", "版權所有", "font-family"] {
        assert!(!all.contains(dropped), "{dropped} should have been dropped: {all}");
    }
    let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Quote,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Image
        ]
    );
}

#[test]
fn regional_usage_picks_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let converter = Converter::new(dir.path()).unwrap();
    let taiwan = prepare(open("taiwan.txt"), ConfigChoice::Auto, &converter).unwrap();
    assert_eq!((taiwan.region, taiwan.config), (Some(Region::Taiwan), Some(Config::TW2SP)));
    let hong_kong = prepare(open("hongkong.html"), ConfigChoice::Auto, &converter).unwrap();
    assert_eq!((hong_kong.region, hong_kong.config), (Some(Region::HongKong), Some(Config::HK2S)));
}

#[test]
fn tw2sp_change_spans_follow_length_changes() {
    let dir = tempfile::tempdir().unwrap();
    let article = prepare(open("taiwan.txt"), ConfigChoice::Auto, &Converter::new(dir.path()).unwrap()).unwrap();
    let block = &article.blocks[2];
    assert_eq!(block.simplified, "新系统的服务器采用更大的内存，软件也全面改写，让网络尖峰时段不再当机。");
    let simplified: Vec<char> = block.simplified.chars().collect();
    let memory = block.changes.iter().find(|c| c.original == "記憶體").expect("記憶體 is one change");
    assert_eq!(simplified[memory.start..memory.end].iter().collect::<String>(), "内存");
    // Every span lies inside the text, in order, without overlap.
    let mut last_end = 0;
    for change in &block.changes {
        assert!(change.start >= last_end && change.start < change.end && change.end <= simplified.len(), "{change:?}");
        last_end = change.end;
    }
    // Characters outside every span are unchanged from the original.
    let unchanged: String = simplified
        .iter()
        .enumerate()
        .filter(|(i, _)| !block.changes.iter().any(|c| (c.start..c.end).contains(i)))
        .map(|(_, c)| *c)
        .collect();
    assert!(unchanged.contains("的") && !unchanged.contains('统'), "{unchanged}");
}

#[test]
fn bad_inputs_get_specific_errors() {
    let options = ImportOptions::default();
    let err = |name: &str| import_path(&fixture(name), options).unwrap_err();
    assert!(matches!(err("missing.txt"), ImportError::NotFound { .. }));
    assert_eq!(
        err("empty.txt").to_string(),
        format!("cannot read {}: the file is empty", fixture("empty.txt").display())
    );
    assert!(err("binary.txt").to_string().ends_with("the file is binary, not text"));
    // The app branches on the cause, which naming the file must not hide.
    assert_eq!(err("binary.txt").cause(), &ImportError::Binary);
    assert_eq!(err("empty.txt").cause(), &ImportError::Empty);
    assert!(
        err("invalid-utf8.txt").to_string().ends_with("invalid UTF-8 bytes at byte offset 15"),
        "{}",
        err("invalid-utf8.txt")
    );
    let declared = ImportOptions { encoding: encoding_for_label("utf-8") };
    let invalid = import_path(&fixture("invalid-utf8.txt"), declared).unwrap_err();
    assert!(invalid.to_string().ends_with("invalid UTF-8 bytes at byte offset 15"), "{invalid}");
    assert!(matches!(import_path(&fixture(""), options), Err(ImportError::IsDirectory { .. })));
}
