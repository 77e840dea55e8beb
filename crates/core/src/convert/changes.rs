//! Which characters a conversion changed. OpenCC returns only the converted
//! string, so the spans are derived by alignment: each original character is
//! first mapped through the configuration's own single-character conversion
//! (軟→软, 體→体), and a Myers diff then aligns that with the converted text.
//! Characters the character-level mapping explains anchor the alignment (and are
//! reported one by one when they differ from the original, so hovering 软 shows
//! 軟); what the diff cannot match was converted as a phrase and is one span,
//! whatever the lengths (記憶體→内存, 軟體→软件 where 體→件 is phrase-only).

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A run of the converted text that differs from the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Character (Unicode scalar value) offset into the converted text, inclusive.
    pub start: usize,
    /// Character offset into the converted text, exclusive.
    pub end: usize,
    /// The original text this run replaced.
    pub original: String,
}

/// The changed runs of `converted` relative to `original`, in order, never
/// overlapping, each at least one character long. `char_map` is the
/// conversion's single-character mapping (identity is correct, just coarser:
/// adjacent converted characters then merge into one run when lengths differ).
pub fn change_spans(original: &str, converted: &str, mut char_map: impl FnMut(char) -> char) -> Vec<Change> {
    if original == converted || converted.is_empty() {
        // Nothing changed, or nothing is left to mark.
        return Vec::new();
    }
    let old: Vec<char> = original.chars().collect();
    let new: Vec<char> = converted.chars().collect();
    let mapped: Vec<char> = old.iter().map(|&c| char_map(c)).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &mapped, &new);
    let mut changes: Vec<Change> = Vec::new();
    let text = |chars: &[char]| chars.iter().collect::<String>();
    // Text deleted with nothing in its place, and where; joined to the next run
    // when that starts at the same place, otherwise to a neighbouring character.
    let mut deleted: Option<(usize, String)> = None;
    for op in ops {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let mut lead = String::new();
        if let Some((at, gone)) = deleted.take() {
            if at == new_range.start && !matches!(op, DiffOp::Equal { .. }) {
                lead = gone;
            } else {
                changes.push(mark_deletion(&new, at, gone));
            }
        }
        match op {
            DiffOp::Equal { .. } => {
                for (i, o) in old_range.zip(new_range) {
                    if old[i] != new[o] {
                        changes.push(Change { start: o, end: o + 1, original: old[i].to_string() });
                    }
                }
            }
            DiffOp::Delete { .. } => match changes.last_mut() {
                Some(last) if last.end == new_range.start => last.original.push_str(&text(&old[old_range])),
                _ => deleted = Some((new_range.start, text(&old[old_range]))),
            },
            DiffOp::Insert { .. } => {
                changes.push(Change { start: new_range.start, end: new_range.end, original: lead })
            }
            DiffOp::Replace { .. } if old_range.len() == new_range.len() => {
                for (i, o) in old_range.zip(new_range) {
                    let mut original = std::mem::take(&mut lead);
                    original.push(old[i]);
                    changes.push(Change { start: o, end: o + 1, original });
                }
            }
            DiffOp::Replace { .. } => {
                lead.push_str(&text(&old[old_range]));
                changes.push(Change { start: new_range.start, end: new_range.end, original: lead });
            }
        }
    }
    if let Some((at, gone)) = deleted {
        changes.push(mark_deletion(&new, at, gone));
    }
    merge_unbalanced(changes)
}

/// A phrase conversion can share a character with its result (伺服器→服务器
/// shares 服), which the diff then uses as an anchor, leaving a deletion and an
/// insertion on either side. Adjacent runs whose lengths both do not match their
/// originals belong to one phrase and are joined into one run.
fn merge_unbalanced(changes: Vec<Change>) -> Vec<Change> {
    let unbalanced = |c: &Change| c.end - c.start != c.original.chars().count();
    let mut merged: Vec<Change> = Vec::with_capacity(changes.len());
    for change in changes {
        match merged.last_mut() {
            Some(last) if last.end == change.start && unbalanced(last) && unbalanced(&change) => {
                last.end = change.end;
                last.original.push_str(&change.original);
            }
            _ => merged.push(change),
        }
    }
    merged
}

/// A deletion at `at` with no converted text there: mark the character after it
/// (or, at the very end, the one before), carrying the deleted text in `original`.
fn mark_deletion(new: &[char], at: usize, gone: String) -> Change {
    if at < new.len() {
        Change { start: at, end: at + 1, original: format!("{gone}{}", new[at]) }
    } else {
        // `new` is not empty (checked by the caller), so there is a character before.
        Change { start: at - 1, end: at, original: format!("{}{gone}", new[at - 1]) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for t2s's character table, enough for these cases.
    fn t2s_char(c: char) -> char {
        let table = [
            ('臺', '台'),
            ('灣', '湾'),
            ('軟', '软'),
            ('體', '体'),
            ('買', '买'),
            ('與', '与'),
            ('記', '记'),
            ('憶', '忆'),
        ];
        table.iter().find(|(t, _)| *t == c).map(|(_, s)| *s).unwrap_or(c)
    }

    fn spans(original: &str, converted: &str) -> Vec<(usize, usize, String)> {
        change_spans(original, converted, t2s_char).into_iter().map(|c| (c.start, c.end, c.original)).collect()
    }

    #[test]
    fn identical_text_has_no_changes() {
        assert!(change_spans("台湾", "台湾", t2s_char).is_empty());
    }

    #[test]
    fn same_length_conversion_is_marked_per_character() {
        assert_eq!(
            spans("臺灣的軟體", "台湾的软件"),
            vec![(0, 1, "臺".into()), (1, 2, "灣".into()), (3, 4, "軟".into()), (4, 5, "體".into())]
        );
    }

    #[test]
    fn length_changing_conversion_is_one_span_with_later_offsets_shifted() {
        // tw2sp: 記憶體 (3 chars) → 内存 (2 chars); the offsets after it shift by one.
        assert_eq!(
            spans("買記憶體與軟體", "买内存与软件"),
            vec![
                (0, 1, "買".into()),
                (1, 3, "記憶體".into()),
                (3, 4, "與".into()),
                (4, 5, "軟".into()),
                (5, 6, "體".into())
            ]
        );
    }

    #[test]
    fn without_a_character_map_adjacent_changes_of_different_length_merge() {
        let coarse = change_spans("買記憶體與", "买内存与", |c| c);
        assert_eq!(coarse, vec![Change { start: 0, end: 4, original: "買記憶體與".into() }]);
    }

    #[test]
    fn a_phrase_sharing_a_character_with_its_result_is_one_run() {
        assert_eq!(spans("的伺服器", "的服务器"), vec![(1, 3, "伺服".into())]);
    }

    #[test]
    fn unchanged_characters_around_a_longer_replacement_stay_unmarked() {
        assert_eq!(spans("我的記憶體很大", "我的内存很大"), vec![(2, 4, "記憶體".into())]);
    }

    #[test]
    fn offsets_count_characters_not_bytes_or_utf16_units() {
        // 𠮷 is outside the BMP: one char, four UTF-8 bytes, two UTF-16 units.
        assert_eq!(spans("𠮷軟", "𠮷软"), vec![(1, 2, "軟".into())]);
    }

    #[test]
    fn insertion_and_deletion_are_reported() {
        assert_eq!(spans("ab", "aXb"), vec![(1, 2, String::new())]);
        assert_eq!(spans("aXb", "ab"), vec![(1, 2, "Xb".into())]);
        assert_eq!(spans("abX", "ab"), vec![(1, 2, "bX".into())]);
    }
}
