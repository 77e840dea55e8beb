//! Script and region detection, to choose a configuration automatically.
//!
//! Script: the characters OpenCC's t2s changes are Traditional-only; those s2t
//! changes are Simplified-only; whichever there are more of wins.
//! Region: OpenCC itself counts the Taiwan-specific glyph variants (tw2t) and
//! Taiwan vocabulary (the phrase hits that make tw2sp differ from tw2s), against the
//! Hong Kong glyph variants (hk2t); words that only one region writes (place
//! names, institutions, Cantonese particles) add to each side. Taiwan usage →
//! tw2sp, Hong Kong usage → hk2s, neither → t2s; Simplified text → no conversion.

use serde::Serialize;

use super::{change_spans, Config, ConvertError, Converter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    Traditional,
    Simplified,
}

impl Script {
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Traditional => "traditional",
            Script::Simplified => "simplified",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    Taiwan,
    HongKong,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    pub script: Script,
    pub region: Option<Region>,
    /// The configuration to use; `None` for Simplified text (nothing to convert).
    pub config: Option<Config>,
    /// The evidence, for explanations and tests.
    pub traditional_chars: usize,
    pub simplified_chars: usize,
    pub taiwan_score: usize,
    pub hong_kong_score: usize,
}

/// The configurations `detect` runs (opened ahead of time by the app).
pub(crate) const CONFIGS_USED: [Config; 6] =
    [Config::T2S, Config::S2T, Config::TW2T, Config::TW2S, Config::TW2SP, Config::HK2T];

/// How much of a long document is looked at; the start of an article is enough.
const SAMPLE_CHARS: usize = 20_000;

/// Written by us from everyday usage; each hit counts twice.
const TAIWAN_WORDS: &[&str] = &[
    "臺灣",
    "台灣",
    "臺北",
    "台北",
    "新北",
    "臺中",
    "台中",
    "臺南",
    "台南",
    "高雄",
    "桃園",
    "新竹",
    "立法院",
    "行政院",
    "總統府",
    "監察院",
    "考試院",
    "民進黨",
    "國民黨",
    "新臺幣",
    "新台幣",
    "捷運",
    "健保",
    "計程車",
    "機車",
    "便利商店",
    "超商",
    "里長",
    "縣市",
    "鄉鎮",
    "國中",
    "高中職",
];
const HONG_KONG_WORDS: &[&str] = &[
    "香港",
    "九龍",
    "新界",
    "港島",
    "港鐵",
    "港元",
    "港幣",
    "特首",
    "特區政府",
    "立法會",
    "區議會",
    "警務處",
    "政務司",
    "律政司",
    "食環署",
    "的士",
    "屋邨",
    "公屋",
    "私家車",
    "咗",
    "嘅",
    "喺",
    "啲",
    "冇",
    "佢",
    "唔",
    "睇",
    "搵",
    "嘢",
    "噉",
    "畀",
    "點解",
    "邊度",
    "而家",
];

fn count_words(text: &str, words: &[&str]) -> usize {
    words.iter().map(|w| text.matches(w).count()).sum()
}

fn changed_chars(original: &str, converted: &str) -> usize {
    change_spans(original, converted, |c| c).iter().map(|c| c.original.chars().count().max(1)).sum()
}

pub fn detect(converter: &Converter, text: &str) -> Result<Detection, ConvertError> {
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let traditional_chars = changed_chars(&sample, &converter.convert(Config::T2S, &sample)?);
    let simplified_chars = changed_chars(&sample, &converter.convert(Config::S2T, &sample)?);
    if simplified_chars > traditional_chars {
        return Ok(Detection {
            script: Script::Simplified,
            region: None,
            config: None,
            traditional_chars,
            simplified_chars,
            taiwan_score: 0,
            hong_kong_score: 0,
        });
    }
    let taiwan_glyphs = changed_chars(&sample, &converter.convert(Config::TW2T, &sample)?);
    let taiwan_phrases =
        change_spans(&converter.convert(Config::TW2S, &sample)?, &converter.convert(Config::TW2SP, &sample)?, |c| c)
            .len();
    let hong_kong_glyphs = changed_chars(&sample, &converter.convert(Config::HK2T, &sample)?);
    let taiwan_score = taiwan_glyphs + 2 * taiwan_phrases + 2 * count_words(&sample, TAIWAN_WORDS);
    let hong_kong_score = hong_kong_glyphs + 2 * count_words(&sample, HONG_KONG_WORDS);
    let region = match taiwan_score.cmp(&hong_kong_score) {
        std::cmp::Ordering::Greater => Some(Region::Taiwan),
        std::cmp::Ordering::Less => Some(Region::HongKong),
        std::cmp::Ordering::Equal => None,
    };
    let config = match region {
        Some(Region::Taiwan) => Config::TW2SP,
        Some(Region::HongKong) => Config::HK2S,
        None => Config::T2S,
    };
    Ok(Detection {
        script: Script::Traditional,
        region,
        config: Some(config),
        traditional_chars,
        simplified_chars,
        taiwan_score,
        hong_kong_score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::tests::converter;

    fn check(text: &str, script: Script, config: Option<Config>) {
        let d = detect(converter(), text).unwrap();
        assert_eq!((d.script, d.config), (script, config), "{text}: {d:?}");
    }

    #[test]
    fn taiwan_text_chooses_tw2sp() {
        check("這套軟體透過網路下載，資訊安全與記憶體用量都經過檢查。", Script::Traditional, Some(Config::TW2SP));
    }

    #[test]
    fn hong_kong_text_chooses_hk2s() {
        check("佢哋喺港鐵站等咗好耐，的士司機話而家塞車。", Script::Traditional, Some(Config::HK2S));
    }

    #[test]
    fn plain_traditional_text_chooses_t2s() {
        check("學習語言需要時間與耐心。", Script::Traditional, Some(Config::T2S));
    }

    #[test]
    fn simplified_text_is_not_converted() {
        check("这套软件通过网络下载，信息安全和内存用量都经过检查。", Script::Simplified, None);
    }

    #[test]
    fn text_without_chinese_is_treated_as_traditional_with_t2s() {
        // Nothing would change either way; t2s keeps the pipeline uniform.
        check("Hello, world.", Script::Traditional, Some(Config::T2S));
    }
}
