//! Script and region detection, to choose a configuration automatically.
//!
//! Script: the characters OpenCC's t2s changes are Traditional-only; those s2t
//! changes are Simplified-only; whichever there are more of wins. The second
//! count reads the characters STCharacters changes (`simplified-only.txt`,
//! generated) instead of converting with s2t, whose phrase dictionary would
//! hold 27 MB for the life of the process (and take ~70 ms to open) to give
//! the same number, but where a phrase keeps a character as it is (若干).
//!
//! Region, for Traditional text, weighs three kinds of usage:
//! - **Vocabulary**, the strong evidence: the words Taiwan and the mainland
//!   write differently, from OpenCC's own TWPhrasesRev (Taiwan terms: 軟體,
//!   資訊, 記憶體) and TWPhrases (mainland terms: 軟件, 信息, 數據, 網絡, 視頻)
//!   dictionaries (`regional-phrases.txt`, generated), plus words we wrote that
//!   only one region uses (place names, institutions, Cantonese particles,
//!   mainland policy language). Words the dictionaries list but every region
//!   writes (核心, 建立, 整合, 智慧, 支持, 項目) count for nobody; matching is
//!   leftmost-longest, so 人工智慧 is still Taiwan's while 智慧城市 is no one's.
//! - **Glyphs**: the Taiwan (tw2t) and Hong Kong (hk2t) variant forms. They tell
//!   Taiwan from Hong Kong, but not from the mainland: portals republish
//!   mainland articles in Taiwan's glyph standard (為, 裡, 著).
//! - So: mainland vocabulary outweighing Taiwan's and Hong Kong's evidence →
//!   mainland usage in Traditional script; else Taiwan, which needs at least
//!   one Taiwan word (its configuration, tw2sp, rewrites phrases: on mainland
//!   text it would turn 核心算法 into 内核算法, 國產影片 into 国产视频); else
//!   Hong Kong (hk2s) on at least one word or two glyphs. Mainland usage and
//!   no region get a phrase-free configuration chosen by the glyphs: tw2s when
//!   Taiwan's variants are in the text (t2s would leave 坐著 for 坐着), hk2s
//!   for Hong Kong's, else t2s. Simplified text → no conversion.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use super::{change_spans, Config, ConvertError, Converter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Region {
    Taiwan,
    HongKong,
    /// Mainland usage written in Traditional script (portals, republishers).
    Mainland,
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
    pub mainland_score: usize,
    /// The words that decided the region, most frequent first (at most five).
    pub evidence: Vec<String>,
}

/// The configurations `detect` runs (opened ahead of time by the app).
pub(crate) const CONFIGS_USED: [Config; 3] = [Config::T2S, Config::TW2T, Config::HK2T];

/// How much of a long document is looked at; the start of an article is enough.
const SAMPLE_CHARS: usize = 20_000;
/// What one regional word is worth against one variant glyph.
const WORD_WEIGHT: usize = 2;
/// How many deciding words a detection reports.
const MAX_EVIDENCE: usize = 5;

/// Written by us from everyday usage.
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
    "國中",
    "高中職",
    "立委",
    "衛福部",
    "交通部",
    "學測",
    "便當",
    "品質",
    "網友們",
    "國小",
    "國語",
    "台語",
    "阿公",
    "阿嬤",
    "阿伯",
    "粉專",
    "粉絲專頁",
    "私訊",
    "貼文",
    "臉書",
    "已讀不回",
    "小確幸",
    "全聯",
    "萊爾富",
    "悠遊卡",
    "健保卡",
    "統一發票",
    "中華隊",
    "縣政府",
    "縣長",
    "鄉公所",
    "區公所",
    "停班停課",
    "外帶",
    "內用",
    "陸客",
    "陸配",
    "陸生",
    "中國大陸",
    "對岸",
    "國旅",
    "房市",
    "公車",
    "腳踏車",
    "遊覽車",
    "機車行",
    "早餐店",
    "蛋餅",
    "滷肉飯",
    "鹹酥雞",
    "鹽酥雞",
    "手搖飲",
    "飲料店",
    "面紙",
    "宅配",
    "揪團",
    "耍廢",
    "傻眼",
    "很夯",
    "超夯",
    "CP值",
    "班親會",
    "補習班",
    "北捷",
    "台鐵",
    "臺鐵",
    "台積電",
    "鴻海",
    "台電",
    "中油",
    "中華電信",
    "行政院長",
    "立法委員",
    "環境部",
    "衛生福利部",
    "教育部長",
    "氣象署",
    "蠻好",
    "蠻多",
    "蠻有",
    "蠻喜歡",
    "蠻不錯",
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
    "質素",
    "按揭",
    "巴士站",
    "落車",
    "雪櫃",
    "返工",
    "內地",
    "訪港",
    "來港",
    "赴港",
    "抵港",
    "港人",
    "港府",
    "全港",
    "本港",
    "市建局",
    "房委會",
    "房屋署",
    "運輸署",
    "康文署",
    "康樂及文化事務署",
    "衞生署",
    "衞生防護中心",
    "醫管局",
    "醫院管理局",
    "消防處",
    "入境處",
    "廉署",
    "廉政公署",
    "天文台",
    "黑雨",
    "八號風球",
    "颱風信號",
    "強積金",
    "綜援",
    "差餉",
    "居屋",
    "劏房",
    "樓價",
    "中小企",
    "打工仔",
    "茶餐廳",
    "小巴",
    "八達通",
    "旺角",
    "尖沙咀",
    "銅鑼灣",
    "沙田",
    "荃灣",
    "屯門",
    "元朗",
    "將軍澳",
    "中環",
    "灣仔",
    "觀塘",
    "大嶼山",
    "西九",
    "啟德",
    "警司",
    "裁判法院",
    "區域法院",
    "終審法院",
    "行政長官",
    "財政司司長",
    "區議員",
    "建制派",
    "泛民",
    "民建聯",
    "施政報告",
    "財政預算案",
    "預算案",
    "薪俸稅",
    "利得稅",
    "巴士",
    "單車",
    "泊車",
    "電郵",
    "消委會",
    "消費者委員會",
    "哋",
    "嚟",
    "咩",
    "嗰",
    "諗",
    "攞",
    "揸",
    "咁",
    "啱",
    "乜嘢",
    "唔該",
    "多謝晒",
    "搞掂",
    "好彩",
    "埋單",
];
const MAINLAND_WORDS: &[&str] = &[
    "國務院",
    "發改委",
    "工信部",
    "全國人大",
    "人大常委會",
    "全國政協",
    "中共中央",
    "黨中央",
    "省委",
    "市委",
    "黨委書記",
    "人民幣",
    "十四五",
    "高質量發展",
    "數字經濟",
    "數字化",
    "信息化",
    "智能化",
    "賦能",
    "抓手",
    "互聯網",
    "移動互聯網",
    "智能手機",
    "短視頻",
    "二維碼",
    "公交",
    "質量",
    "小區",
    "高考",
    "醫保",
    "社保",
    "公積金",
    "首付",
    "央企",
    "國企",
    "民企",
    "鄉村振興",
    "共同富裕",
    "新基建",
    "雲計算",
    "算力",
    "數據中心",
    "大模型",
    "衛健委",
    "疾控中心",
    "網民",
    "老百姓",
    "服務器",
    "博主",
    "外賣平台",
    "點贊",
    "出台",
    "對接",
    "車企",
    "房企",
    "藥企",
    "賽道",
    "內卷",
    "躺平",
    "直播帶貨",
    "帶貨",
    "點讚",
    "刷屏",
    "熱搜",
    "微博",
    "微信",
    "朋友圈",
    "公眾號",
    "抖音",
    "快手",
    "小紅書",
    "支付寶",
    "拼多多",
    "春運",
    "運力",
    "兩會",
    "人大代表",
    "政協委員",
    "總書記",
    "基層",
    "群眾",
    "幹部",
    "黨員",
    "黨建",
    "縣城",
    "下鄉",
    "城鎮化",
    "新能源汽車",
    "充電樁",
    "網約車",
    "共享單車",
    "快遞",
    "快遞員",
    "用工",
    "獲得感",
    "高校",
    "考研",
    "考公",
    "宣傳部",
    "網信辦",
    "市場監管",
    "島內",
    "台胞",
    "臺胞",
    "大灣區",
    "粵港澳大灣區",
    "國家戰略",
    "一帶一路",
    "脫貧攻堅",
    "全面小康",
    "地級市",
    "縣級市",
    "自治區",
    "街道辦",
    "居委會",
    "村委會",
    "派出所",
    "城管",
    "交警",
    "身份證",
    "戶口",
    "戶籍",
    "農民工",
    "打工人",
    "996",
    "雙十一",
    "618",
    "黃金周",
    "抖音號",
    "視頻號",
    "短劇",
];
/// Words OpenCC's dictionaries list as one region's that every region writes
/// in the same sense (written by us); they count for nobody.
const SHARED_WORDS: &[&str] = &[
    // Taiwan terms (TWPhrasesRev keys) that are everyday mainland words too.
    "核心",
    "建立",
    "整合",
    "智慧",
    "文件",
    "執行",
    "互動",
    "即時",
    "開啟",
    "新增",
    "傳送",
    "儲存",
    "查詢",
    "模擬",
    "通道",
    "高階",
    "遮蔽",
    "存取",
    "序列",
    "支援",
    "聯絡",
    "社群",
    "數字",
    "訊息",
    // Mainland terms (TWPhrases keys) that are everyday Taiwan words too.
    "打開",
    "對象",
    "高級",
    "高端",
    "保存",
    "發送",
    "支持",
    "項目",
    "用戶",
    "消息",
    "社區",
    "菜單",
    "程序",
    "添加",
    "運行",
    "聯繫",
    "界面",
    "在線",
    "地址",
    "訪問",
    // Longer words that hold a listed one in another sense.
    "交通部門",
    "鄉鎮",
];

/// Who a listed word is evidence for: `None` for a shared word.
type Usage = Option<Region>;

struct Lexicon {
    matcher: AhoCorasick,
    usage: Vec<Usage>,
    words: Vec<&'static str>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let generated = include_str!("regional-phrases.txt").lines().filter(|l| !l.starts_with('#')).filter_map(|l| {
            let (region, word) = l.split_once('\t')?;
            Some((word, if region == "taiwan" { Region::Taiwan } else { Region::Mainland }))
        });
        let ours =
            [(TAIWAN_WORDS, Region::Taiwan), (HONG_KONG_WORDS, Region::HongKong), (MAINLAND_WORDS, Region::Mainland)]
                .into_iter()
                .flat_map(|(words, region)| words.iter().map(move |w| (*w, region)));
        // The first listing of a word wins: shared words, then ours, then OpenCC's.
        let mut seen = HashMap::new();
        let mut words = Vec::new();
        let mut usage = Vec::new();
        let all = SHARED_WORDS.iter().map(|w| (*w, None)).chain(ours.chain(generated).map(|(w, r)| (w, Some(r))));
        for (word, region) in all {
            if seen.insert(word, ()).is_none() {
                words.push(word);
                usage.push(region);
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&words)
            .expect("the word lists are small and valid");
        Lexicon { matcher, usage, words }
    })
}

/// Regional words in `text`: per region, each word with its count.
fn regional_words(text: &str) -> HashMap<Region, HashMap<&'static str, usize>> {
    let lexicon = lexicon();
    let mut found: HashMap<Region, HashMap<&'static str, usize>> = HashMap::new();
    for m in lexicon.matcher.find_iter(text) {
        let index = m.pattern().as_usize();
        if let Some(region) = lexicon.usage[index] {
            *found.entry(region).or_default().entry(lexicon.words[index]).or_insert(0) += 1;
        }
    }
    found
}

/// How many characters of `original` a conversion changed: position by
/// position when the lengths agree (character conversions keep them), else by
/// the aligned spans.
fn changed_chars(original: &str, converted: &str) -> usize {
    if original.chars().count() == converted.chars().count() {
        return original.chars().zip(converted.chars()).filter(|(a, b)| a != b).count();
    }
    change_spans(original, converted, |c| c).iter().map(|c| c.original.chars().count().max(1)).sum()
}

/// How many characters of `text` s2t changes on their own (see the module comment).
fn simplified_only_chars(text: &str) -> usize {
    static CHARS: OnceLock<std::collections::HashSet<char>> = OnceLock::new();
    let chars = CHARS.get_or_init(|| {
        include_str!("simplified-only.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut chars = l.chars();
                chars.next().filter(|_| chars.next().is_none())
            })
            .collect()
    });
    text.chars().filter(|c| chars.contains(c)).count()
}

pub fn detect(converter: &Converter, text: &str) -> Result<Detection, ConvertError> {
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let traditional_chars = changed_chars(&sample, &converter.convert(Config::T2S, &sample)?);
    let simplified_chars = simplified_only_chars(&sample);
    if simplified_chars > traditional_chars {
        return Ok(Detection {
            script: Script::Simplified,
            region: None,
            config: None,
            traditional_chars,
            simplified_chars,
            taiwan_score: 0,
            hong_kong_score: 0,
            mainland_score: 0,
            evidence: Vec::new(),
        });
    }
    let words = regional_words(&sample);
    let vocabulary = |region| words.get(&region).map_or(0, |w| w.values().sum::<usize>()) * WORD_WEIGHT;
    let (taiwan_words, hong_kong_words, mainland_score) =
        (vocabulary(Region::Taiwan), vocabulary(Region::HongKong), vocabulary(Region::Mainland));
    let taiwan_glyphs = changed_chars(&sample, &converter.convert(Config::TW2T, &sample)?);
    let hong_kong_glyphs = changed_chars(&sample, &converter.convert(Config::HK2T, &sample)?);
    let (taiwan_score, hong_kong_score) = (taiwan_words + taiwan_glyphs, hong_kong_words + hong_kong_glyphs);
    // Glyphs do not tell the mainland from Taiwan (see the module comment):
    // mainland usage needs more mainland words than Taiwan words, and Taiwan
    // usage — whose configuration rewrites phrases — needs a Taiwan word.
    let region = if mainland_score > taiwan_words && mainland_score > hong_kong_score {
        Some(Region::Mainland)
    } else if taiwan_words > 0 && taiwan_score > hong_kong_score {
        Some(Region::Taiwan)
    } else if hong_kong_score >= WORD_WEIGHT && hong_kong_score > taiwan_score {
        Some(Region::HongKong)
    } else {
        None
    };
    let config = match region {
        Some(Region::Taiwan) => Config::TW2SP,
        Some(Region::HongKong) => Config::HK2S,
        // No phrases to rewrite, but the glyphs still have to come out right
        // (Taiwan's 著 for 着 stays 著 under t2s).
        Some(Region::Mainland) | None => match taiwan_glyphs.cmp(&hong_kong_glyphs) {
            std::cmp::Ordering::Greater => Config::TW2S,
            std::cmp::Ordering::Less => Config::HK2S,
            std::cmp::Ordering::Equal => Config::T2S,
        },
    };
    let mut evidence: Vec<(&str, usize)> =
        region.and_then(|r| words.get(&r)).map(|w| w.iter().map(|(w, n)| (*w, *n)).collect()).unwrap_or_default();
    evidence.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Ok(Detection {
        script: Script::Traditional,
        region,
        config: Some(config),
        traditional_chars,
        simplified_chars,
        taiwan_score,
        hong_kong_score,
        mainland_score,
        evidence: evidence.into_iter().take(MAX_EVIDENCE).map(|(w, _)| w.to_owned()).collect(),
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

    /// The generated list is exactly what s2t changes one character at a time, over the
    /// CJK Unified Ideographs and Extension A (27,584 characters, each converted alone).
    #[test]
    fn the_simplified_only_list_is_what_s2t_changes_alone() {
        let all: Vec<char> = ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}').collect();
        let text: String = all.iter().flat_map(|c| [*c, '\n']).collect();
        let converted = converter().convert(Config::S2T, &text).unwrap();
        let changed: Vec<char> = all
            .iter()
            .zip(converted.lines())
            .filter(|(c, line)| line.chars().ne(std::iter::once(**c)))
            .map(|(c, _)| *c)
            .collect();
        assert!(changed.len() > 2500, "{}", changed.len());
        let listed: Vec<char> = all.iter().copied().filter(|c| simplified_only_chars(&c.to_string()) == 1).collect();
        assert_eq!(listed, changed);
        // Counted per occurrence, and Traditional text counts none.
        assert_eq!(simplified_only_chars("发发台湾软件"), 5); // 件 is both
        assert_eq!(simplified_only_chars("臺灣軟體"), 0);
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
    fn mainland_text_in_traditional_script_chooses_a_phrase_free_configuration() {
        let text = "人工智能的核心算法需要海量數據，智慧城市建設推動建立資源整合的網絡平台。";
        let d = detect(converter(), text).unwrap();
        assert_eq!((d.script, d.region), (Script::Traditional, Some(Region::Mainland)), "{d:?}");
        let config = d.config.unwrap();
        assert!([Config::T2S, Config::TW2S, Config::HK2S].contains(&config), "{d:?}");
        assert_eq!(converter().convert(config, text).unwrap(), converter().convert(Config::T2S, text).unwrap());
        // Taiwan's glyph for 着 makes it tw2s: t2s would leave 盯著.
        let d = detect(converter(), "人工智能專家們一直盯著數據和算法的進展。").unwrap();
        assert_eq!((d.region, d.config), (Some(Region::Mainland), Some(Config::TW2S)), "{d:?}");
        assert!(d.evidence.iter().any(|w| w == "人工智能") && d.evidence.iter().any(|w| w == "數據"), "{d:?}");
        // Taiwan writing about the same subject keeps tw2sp.
        check("人工智慧的演算法需要大量資料，智慧城市透過網路整合各種資訊。", Script::Traditional, Some(Config::TW2SP));
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
