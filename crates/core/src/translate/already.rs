//! Whether a block is already in the language it would be translated into, so
//! it is kept as it is and never sent: a portal's English notice under a
//! Chinese article stays the publisher's English instead of being replaced by
//! a machine's. Cheap and conservative — a block is kept only when the evidence
//! is clear, because keeping a block that needed translating loses more than
//! sending one that did not.
//!
//! Today only English targets are recognised: a text with no Han, kana or
//! Hangul, whose letters are (nearly) all ASCII, and in which English function
//! words ("the", "and", "of", "is"…) are frequent, as they are in any English
//! sentence and in no other language's. Measured by `tests/core/already_in.rs` on
//! real pages in English, Spanish, French, Czech and Japanese.

use super::Lang;
use crate::document::is_cjk;

/// Words that make up a large share of any English text and are rare as words
/// of other Latin-script languages (so no "a", "in", "on", "at", "as": Italian,
/// Spanish, French and German use them too).
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "are", "was", "were", "be", "been", "being", "this", "that", "these", "those",
    "with", "for", "from", "by", "it", "its", "an", "or", "not", "but", "have", "has", "had", "will", "would", "can",
    "could", "should", "which", "who", "what", "when", "where", "their", "they", "them", "he", "she", "his", "her",
    "we", "our", "you", "your", "i", "my", "there", "than", "then", "into", "about", "after", "more", "also", "all",
    "if", "do", "does", "did", "how", "only", "such",
];

/// Whether `text` is already in `target`'s language (see the module notes).
pub fn already_in(text: &str, target: &Lang) -> bool {
    match target.primary().as_str() {
        "en" => is_english(text),
        _ => false,
    }
}

fn is_english(text: &str) -> bool {
    let mut letters = 0usize;
    let mut ascii = 0usize;
    for c in text.chars() {
        // Han, kana, Hangul, CJK punctuation or full-width forms: not English.
        if is_cjk(c) {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
            if c.is_ascii_alphabetic() {
                ascii += 1;
            }
        }
    }
    // Accented letters are rare in English (café, naïve), common elsewhere.
    if ascii < 8 || ascii * 100 < letters * 97 {
        return false;
    }
    let words: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
        .map(|w| w.trim_matches('\'').to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 3 {
        return false;
    }
    let hits = words.iter().filter(|w| ENGLISH.contains(&w.as_str())).count();
    // Running English text is 35–50% function words; a notice or a caption at
    // least one in eight. Foreign words that happen to be spelled like one of
    // these ("die", "be") stay far below.
    hits >= 2 && hits * 8 >= words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> bool {
        already_in(text, &Lang::new("en"))
    }

    #[test]
    fn english_sentences_are_recognised_and_kept() {
        assert!(en(
            "Copyright © 2024 Example News. All rights reserved. Reproduction without permission is prohibited."
        ));
        assert!(en("The company said the new system will go online next year."));
        assert!(already_in("It was the best of times, it was the worst of times.", &Lang::new("en-GB")));
    }

    #[test]
    fn chinese_mixed_or_other_languages_are_sent() {
        assert!(!en("臺北捷運公司今天宣布，新一代的票證系統將於明年上線。"));
        assert!(!en("本文轉載自 Reuters: The company said the system is new."));
        assert!(!en("El nuevo sistema de la empresa estará listo el próximo año para todos los usuarios."));
        assert!(!en("Le nouveau système de la société sera prêt l'année prochaine pour tous les usagers."));
        assert!(!en("Das neue System der Firma ist im nächsten Jahr für alle Nutzer bereit."));
        assert!(!en("iPhone 16"));
        assert!(!en("2024-05-01"));
        // Only English targets are recognised today.
        assert!(!already_in("Le nouveau système sera prêt.", &Lang::new("fr")));
        assert!(!already_in("The company said the system is new.", &Lang::new("ja")));
    }
}
