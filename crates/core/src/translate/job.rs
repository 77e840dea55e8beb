//! Which parts of an article are sent for translation, and what is done to the
//! answers. Prose blocks (headings, paragraphs, quotes, list items) are sent;
//! image placeholders and code are not: an image's address and a program's text
//! must come through byte for byte, so their "translation" is the original,
//! given without a request. Answers into Traditional Chinese go through OpenCC
//! once more, because providers (small LLMs, some LibreTranslate models) slip
//! Simplified characters into Traditional output.

use crate::article::Article;
use crate::convert::Config;
use crate::document::BlockKind;

use super::{Lang, Segment};

/// The OpenCC configuration that guarantees a translation into `target` is in
/// Traditional script, in the target region's forms: s2hk for Hong Kong and
/// Macau, s2tw for Taiwan and plain Traditional; `None` for other targets.
/// (Not the phrase variants: the provider chose the words; only the script is
/// fixed.)
pub fn script_guard(target: &Lang) -> Option<Config> {
    if !target.is_traditional_chinese() {
        return None;
    }
    let tag = target.as_str().to_ascii_lowercase().replace('_', "-");
    Some(if tag.ends_with("-hk") || tag.ends_with("-mo") { Config::S2HK } else { Config::S2TW })
}

/// The segments to translate, and the blocks answered without a request (id, text).
pub fn segments_for(article: &Article) -> (Vec<Segment>, Vec<(String, String)>) {
    let mut send = Vec::new();
    let mut keep = Vec::new();
    for block in &article.blocks {
        match block.kind {
            BlockKind::Image | BlockKind::Code => keep.push((block.id.clone(), block.text.clone())),
            _ => send.push(Segment { id: block.id.clone(), text: block.text.clone() }),
        }
    }
    (send, keep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::prepare;
    use crate::convert::tests::converter;
    use crate::convert::ConfigChoice;
    use crate::document::import_text;

    #[test]
    fn traditional_targets_are_guarded_in_their_region_forms() {
        assert_eq!(script_guard(&Lang::new("zh-Hant")), Some(Config::S2TW));
        assert_eq!(script_guard(&Lang::new("zh-TW")), Some(Config::S2TW));
        assert_eq!(script_guard(&Lang::new("zh-HK")), Some(Config::S2HK));
        assert_eq!(script_guard(&Lang::new("zh-Hant-HK")), Some(Config::S2HK));
        assert_eq!(script_guard(&Lang::new("zh-Hans")), None);
        assert_eq!(script_guard(&Lang::new("en")), None);
    }

    #[test]
    fn the_guard_turns_simplified_slips_into_taiwan_traditional() {
        let config = script_guard(&Lang::new("zh-TW")).unwrap();
        assert_eq!(converter().convert(config, "這個软件的網路").unwrap(), "這個軟件的網路");
    }

    #[test]
    fn images_and_code_are_kept_and_prose_is_sent() {
        let doc = import_text("# 標題\n\n段落。\n\n![圖](a.png)\n\n```\nlet x = 1;\n```\n", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        let (send, keep) = segments_for(&article);
        let sent: Vec<&str> = send.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(sent, ["標題", "段落。"]);
        let kept: Vec<&str> = keep.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(kept, ["![圖](a.png)", "let x = 1;"]);
    }
}
