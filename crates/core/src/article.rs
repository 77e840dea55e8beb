//! An article is a document as the reader shows it: every block with its
//! Simplified conversion and the spans the conversion changed, plus what was
//! detected and chosen. `prepare` is the one function the CLI's `import` and the
//! app's open commands call, so both show exactly the same thing.

use std::collections::HashMap;

use serde::Serialize;

use crate::convert::{self, change_spans, Change, Config, ConfigChoice, ConvertError, Converter, Region, Script};
use crate::document::{Block, BlockKind, Chapter, Document, Format, Meta};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ArticleBlock {
    /// Stable id derived from the block's content (and its occurrence number).
    pub id: String,
    pub kind: BlockKind,
    /// Heading level 1–6 for headings, 0 otherwise.
    pub level: u8,
    /// The original text (for images: `![alt](src)`).
    pub text: String,
    /// The OpenCC conversion of `text` (equal to `text` for Simplified input).
    pub simplified: String,
    /// The runs of `simplified` that the conversion changed.
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Article {
    pub title: String,
    /// The file path, the address, or "clipboard" / "sample" for those sources.
    pub source: String,
    /// The encoding the bytes were decoded from: "UTF-8", "UTF-16LE", "UTF-16BE", "Big5", "GB18030"…
    pub encoding: &'static str,
    /// Whether the file began with a byte-order mark.
    pub bom: bool,
    /// The encoding a page declared when its bytes were in `encoding` instead.
    pub declared_encoding: Option<&'static str>,
    pub format: Format,
    /// What the source says about itself (web pages, e-books).
    pub meta: Meta,
    /// E-book chapters; empty for other formats.
    pub chapters: Vec<Chapter>,
    pub script: Script,
    /// The region whose vocabulary was detected, when any.
    pub region: Option<Region>,
    /// The words that decided the region, most frequent first (at most five).
    pub region_evidence: Vec<String>,
    /// The OpenCC configuration used; `None` when nothing was converted
    /// (Simplified input under auto).
    pub config: Option<Config>,
    /// Whether the configuration was chosen automatically.
    pub config_auto: bool,
    /// A sentence for the user about the conversion, when there is something to say.
    pub note: Option<String>,
    pub blocks: Vec<ArticleBlock>,
    /// How many blocks an answer left out after `blocks` (the desktop shell answers an open
    /// with the first screen of a long article and sends the rest when asked); absent when
    /// `blocks` is the whole article.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub blocks_left_out: Option<usize>,
}

/// Detects (or takes) the configuration and converts every block.
pub fn prepare(document: Document, choice: ConfigChoice, converter: &Converter) -> Result<Article, ConvertError> {
    let whole: String = document.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n");
    let detection = convert::detect(converter, &whole)?;
    let (config, config_auto) = match choice {
        ConfigChoice::Auto => (detection.config, true),
        ConfigChoice::Fixed(config) => (Some(config), false),
    };
    let note = match (detection.script, config) {
        (Script::Simplified, None) => {
            Some("The text is already in Simplified Chinese, so nothing was converted.".to_owned())
        }
        (Script::Simplified, Some(config)) => {
            Some(format!("The text looks Simplified already; converted with {config} as you chose."))
        }
        _ => None,
    };
    let mut char_map = CharMap { converter, config, cache: HashMap::new() };
    let blocks =
        document.blocks.into_iter().map(|block| convert_block(block, &mut char_map)).collect::<Result<Vec<_>, _>>()?;
    Ok(Article {
        title: document.title,
        source: document.source,
        encoding: document.encoding,
        bom: document.bom,
        declared_encoding: document.declared_encoding,
        format: document.format,
        meta: document.meta,
        chapters: document.chapters,
        script: detection.script,
        region: detection.region,
        region_evidence: detection.evidence,
        config,
        config_auto,
        note,
        blocks,
        blocks_left_out: None,
    })
}

/// The configuration's conversion of single characters, remembered for the
/// article (a few thousand distinct characters at most), which lets
/// `change_spans` tell character conversions from phrase conversions.
struct CharMap<'a> {
    converter: &'a Converter,
    config: Option<Config>,
    cache: HashMap<char, char>,
}

impl CharMap<'_> {
    fn map(&mut self, c: char) -> char {
        let Some(config) = self.config else { return c };
        if c.is_ascii() {
            return c;
        }
        *self.cache.entry(c).or_insert_with(|| {
            let converted = self.converter.convert(config, c.encode_utf8(&mut [0; 4])).unwrap_or_default();
            let mut chars = converted.chars();
            match (chars.next(), chars.next()) {
                (Some(single), None) => single,
                _ => c,
            }
        })
    }
}

fn convert_block(block: Block, char_map: &mut CharMap<'_>) -> Result<ArticleBlock, ConvertError> {
    let (config, converter) = (char_map.config, char_map.converter);
    let simplified = match config {
        None => block.text.clone(),
        // Only an image's alt text is prose; its address must stay byte-for-byte.
        Some(config) if block.kind == BlockKind::Image => convert_image(&block.text, config, converter)?,
        Some(config) => converter.convert(config, &block.text)?,
    };
    let changes = change_spans(&block.text, &simplified, |c| char_map.map(c));
    Ok(ArticleBlock { id: block.id, kind: block.kind, level: block.level, text: block.text, simplified, changes })
}

fn convert_image(text: &str, config: Config, converter: &Converter) -> Result<String, ConvertError> {
    match text.strip_prefix("![").and_then(|rest| rest.split_once("](")) {
        Some((alt, address)) => Ok(format!("![{}]({address}", converter.convert(config, alt)?)),
        None => converter.convert(config, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::tests::converter;
    use crate::document::import_text;

    #[test]
    fn taiwan_article_is_converted_with_tw2sp_and_marked() {
        let doc = import_text("臺灣軟體新聞\n記憶體漲價，網路資訊多。", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        assert_eq!(article.config, Some(Config::TW2SP));
        assert!(article.config_auto);
        assert_eq!(article.blocks[1].simplified, "内存涨价，网络信息多。");
        assert_eq!(article.blocks[1].changes[0], Change { start: 0, end: 2, original: "記憶體".into() });
    }

    #[test]
    fn simplified_article_is_left_alone_with_a_note() {
        let doc = import_text("软件新闻\n内存涨价，网络信息多。", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        assert_eq!((article.script, article.config), (Script::Simplified, None));
        assert!(article.note.as_deref().unwrap().contains("nothing was converted"));
        assert!(article.blocks.iter().all(|b| b.text == b.simplified && b.changes.is_empty()));
    }

    #[test]
    fn chosen_config_overrides_detection() {
        let doc = import_text("記憶體與軟體", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Fixed(Config::T2S), converter()).unwrap();
        assert_eq!((article.config, article.config_auto), (Some(Config::T2S), false));
        assert_eq!(article.blocks[0].simplified, "记忆体与软体");
    }

    #[test]
    fn image_address_is_not_converted() {
        let doc = import_text("# 圖\n\n![臺灣圖片](https://example.org/臺灣.png)", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Fixed(Config::T2S), converter()).unwrap();
        assert_eq!(article.blocks[1].simplified, "![台湾图片](https://example.org/臺灣.png)");
    }
}
