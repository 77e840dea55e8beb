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

/// Why a block is answered without a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepReason {
    /// An image placeholder or code: it must come through byte for byte.
    NotProse,
    /// Already in the target language (`already::already_in`): the publisher's
    /// own words are better than a machine's.
    AlreadyInTarget,
}

/// A block answered without a request: its translation is its own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: String,
    pub text: String,
    pub reason: KeepReason,
}

/// The segments to translate into `target`, and the blocks answered without a request.
pub fn segments_for(article: &Article, target: &Lang) -> (Vec<Segment>, Vec<Kept>) {
    let mut send = Vec::new();
    let mut keep = Vec::new();
    for block in &article.blocks {
        let kept = |reason| Kept { id: block.id.clone(), text: block.text.clone(), reason };
        match block.kind {
            BlockKind::Image | BlockKind::Code => keep.push(kept(KeepReason::NotProse)),
            _ if super::already::already_in(&block.text, target) => keep.push(kept(KeepReason::AlreadyInTarget)),
            _ => send.push(Segment { id: block.id.clone(), text: block.text.clone() }),
        }
    }
    (send, keep)
}

/// The language of what is sent, when the article says so: Traditional or
/// Simplified Chinese as detected, told to the provider instead of `auto`
/// (auto-detection takes a short Traditional line for Japanese). Only when
/// every segment holds Chinese characters: a block in another language (an
/// English notice sent for a Japanese target, say) must not be called Chinese,
/// and the scheduler has one source per job.
pub fn known_source(article: &Article, segments: &[Segment]) -> Option<Lang> {
    let chinese =
        |text: &str| text.chars().any(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3134F));
    if segments.is_empty() || !segments.iter().all(|s| chinese(&s.text)) {
        return None;
    }
    Some(Lang::new(match article.script {
        crate::convert::Script::Traditional => "zh-Hant",
        crate::convert::Script::Simplified => "zh-Hans",
    }))
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
        let (send, keep) = segments_for(&article, &Lang::new("en"));
        let sent: Vec<&str> = send.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(sent, ["標題", "段落。"]);
        let kept: Vec<&str> = keep.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(kept, ["![圖](a.png)", "let x = 1;"]);
        assert!(keep.iter().all(|k| k.reason == KeepReason::NotProse));
    }

    #[test]
    fn a_paragraph_already_in_the_target_language_is_kept_not_sent() {
        let notice = "This article is republished under licence. All rights reserved by the original publisher.";
        let doc = import_text(&format!("標題\n\n段落。\n\n{notice}\n"), "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        let (send, keep) = segments_for(&article, &Lang::new("en"));
        assert_eq!(send.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), ["標題", "段落。"]);
        assert_eq!(keep.len(), 1);
        assert_eq!((keep[0].text.as_str(), keep[0].reason), (notice, KeepReason::AlreadyInTarget));
        // Into Japanese the English notice needs translating like the rest.
        let (send, keep) = segments_for(&article, &Lang::new("ja"));
        assert_eq!((send.len(), keep.len()), (3, 0));
    }

    #[test]
    fn the_source_is_told_only_when_everything_sent_is_chinese() {
        let doc =
            import_text("標題\n\n段落。\n\nThe company said the system is new and ready.\n", "clipboard").unwrap();
        let article = prepare(doc, ConfigChoice::Auto, converter()).unwrap();
        let (into_english, _) = segments_for(&article, &Lang::new("en"));
        assert_eq!(known_source(&article, &into_english), Some(Lang::new("zh-Hant")));
        // Into Japanese the English block is sent too: no single source fits.
        let (into_japanese, _) = segments_for(&article, &Lang::new("ja"));
        assert_eq!(known_source(&article, &into_japanese), None);
        assert_eq!(known_source(&article, &[]), None);
        let simplified =
            prepare(import_text("标题\n\n简体段落。\n", "clipboard").unwrap(), ConfigChoice::Auto, converter())
                .unwrap();
        let (send, _) = segments_for(&simplified, &Lang::new("en"));
        assert_eq!(known_source(&simplified, &send), Some(Lang::new("zh-Hans")));
    }
}
