//! Request planning: which segments go together in one request. Pure functions,
//! no I/O, so the packing rules are tested exhaustively here.
//!
//! Order is preserved (the scheduler decides the order: visible blocks first),
//! a batch never exceeds the provider's text count or character budget, and a
//! segment that alone exceeds the character budget travels alone here. A job
//! cuts such a paragraph beforehand into pieces that fit (`pieces`, at sentence
//! ends) and joins their translations back into the one row (`job::start`).

use super::{Limits, Segment};

/// Packs `segments`, in order, into batches within `limits`.
pub fn plan_batches(segments: Vec<Segment>, limits: &Limits) -> Vec<Vec<Segment>> {
    let max_texts = limits.max_texts.max(1);
    let mut batches: Vec<Vec<Segment>> = Vec::new();
    let mut current: Vec<Segment> = Vec::new();
    let mut chars = 0usize;
    for segment in segments {
        let len = segment.text.chars().count();
        let full = current.len() >= max_texts || (!current.is_empty() && chars + len > limits.max_chars);
        if full {
            batches.push(std::mem::take(&mut current));
            chars = 0;
        }
        chars += len;
        current.push(segment);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

/// A paragraph longer than `max_chars` characters cut into pieces that fit: at
/// sentence ends (。！？!?；; and a Latin full stop before a space) where it
/// can, else at a comma, else at the budget itself. Concatenated, the pieces
/// are the text again, character for character. A text that fits is one piece.
pub fn pieces(text: &str, max_chars: usize) -> Vec<String> {
    let max_chars = max_chars.max(1);
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max_chars {
        return vec![text.to_owned()];
    }
    let sentence_end = |i: usize| {
        matches!(chars[i], '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…')
            || (chars[i] == '.' && chars.get(i + 1).is_some_and(|c| c.is_whitespace()))
    };
    let comma = |i: usize| matches!(chars[i], '，' | ',' | '、' | '：' | ':');
    let mut out = Vec::new();
    let mut start = 0;
    while chars.len() - start > max_chars {
        let window = start..start + max_chars;
        // The last sentence end in the window (after it, plus closing quotes), else a comma.
        let cut = window.clone().rev().find(|&i| sentence_end(i)).or_else(|| window.clone().rev().find(|&i| comma(i)));
        let mut end = match cut {
            Some(i) => i + 1,
            None => start + max_chars,
        };
        while end < chars.len() && end < start + max_chars && matches!(chars[end], '」' | '』' | '”' | '"' | '）' | ')')
        {
            end += 1;
        }
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out.push(chars[start..].iter().collect());
    out
}

/// What joins the translations of a paragraph's pieces: nothing for targets
/// written without spaces between sentences (Chinese, Japanese, Thai, …), else a space.
pub fn joiner(target: &super::Lang) -> &'static str {
    if matches!(target.primary().as_str(), "zh" | "ja" | "th" | "lo" | "my" | "km") {
        ""
    } else {
        " "
    }
}

/// Splits a batch in two halves (for a batch a model answered misaligned).
pub fn split_batch(mut batch: Vec<Segment>) -> (Vec<Segment>, Vec<Segment>) {
    let second = batch.split_off(batch.len() / 2);
    (batch, second)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(lengths: &[usize]) -> Vec<Segment> {
        lengths.iter().enumerate().map(|(i, &n)| Segment { id: format!("b{i}"), text: "字".repeat(n) }).collect()
    }

    fn limits(max_texts: usize, max_chars: usize) -> Limits {
        Limits { max_texts, max_chars, concurrency: 1, requests_per_second: 1.0 }
    }

    fn shape(batches: &[Vec<Segment>]) -> Vec<Vec<&str>> {
        batches.iter().map(|b| b.iter().map(|s| s.id.as_str()).collect()).collect()
    }

    #[test]
    fn batches_respect_the_text_count() {
        let batches = plan_batches(segments(&[1, 1, 1, 1, 1]), &limits(2, 1000));
        assert_eq!(shape(&batches), vec![vec!["b0", "b1"], vec!["b2", "b3"], vec!["b4"]]);
    }

    #[test]
    fn batches_respect_the_character_budget_counting_characters_not_bytes() {
        // Three-byte CJK characters: 4 + 4 fit a 10-character budget, 4 + 4 + 4 do not.
        let batches = plan_batches(segments(&[4, 4, 4, 10]), &limits(50, 10));
        assert_eq!(shape(&batches), vec![vec!["b0", "b1"], vec!["b2"], vec!["b3"]]);
    }

    #[test]
    fn an_oversized_segment_travels_alone_and_order_is_kept() {
        let batches = plan_batches(segments(&[2, 30, 2]), &limits(50, 10));
        assert_eq!(shape(&batches), vec![vec!["b0"], vec!["b1"], vec!["b2"]]);
    }

    #[test]
    fn every_segment_is_planned_exactly_once() {
        let input = segments(&[3, 7, 1, 9, 2, 2, 8, 5, 5, 1, 10, 4]);
        let batches = plan_batches(input.clone(), &limits(3, 12));
        let flat: Vec<Segment> = batches.into_iter().flatten().collect();
        assert_eq!(flat, input);
    }

    #[test]
    fn a_long_paragraph_is_cut_at_sentence_ends_and_joins_back_exactly() {
        let text = "第一句話說的是台北。第二句話比較長一點，說的是高雄的港口！第三句「引號裡的話。」然後結束";
        for max in [8, 12, 20, 30, 1000] {
            let parts = pieces(text, max);
            assert_eq!(parts.concat(), text, "max {max}");
            assert!(parts.iter().all(|p| p.chars().count() <= max), "max {max}: {parts:?}");
        }
        // Greedy: as many whole sentences as fit; the closing quote stays with its sentence.
        assert_eq!(
            pieces(text, 20),
            ["第一句話說的是台北。", "第二句話比較長一點，說的是高雄的港口！", "第三句「引號裡的話。」然後結束"]
        );
        assert_eq!(pieces(text, 12)[3], "第三句「引號裡的話。」");
        assert_eq!(pieces(text, 1000), [text]);
    }

    #[test]
    fn a_text_without_punctuation_is_cut_at_the_budget() {
        let text = "字".repeat(25);
        let parts = pieces(&text, 10);
        assert_eq!(parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(), [10, 10, 5]);
        let latin = "One sentence here. Another one there. And a third";
        assert_eq!(pieces(latin, 20), ["One sentence here.", " Another one there.", " And a third"]);
    }

    #[test]
    fn splitting_halves_a_batch() {
        let (a, b) = split_batch(segments(&[1, 1, 1]));
        assert_eq!((a.len(), b.len()), (1, 2));
    }
}
