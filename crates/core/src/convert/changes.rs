//! Which characters a conversion changed. OpenCC returns only the converted
//! string, so the spans are derived by alignment, in two steps:
//! 1. Each original character is mapped through the configuration's own
//!    single-character conversion (軟→软, 體→体), and a Myers diff aligns that
//!    with the converted text. What the character mapping explains needs no
//!    more work: such characters are reported one by one when they differ from
//!    the original, so hovering 软 shows 軟.
//! 2. What the diff cannot match was converted as a phrase. Each such hunk
//!    (with the short equal runs inside it, which a phrase whose result shares a
//!    character in another order, 核心→内核, would otherwise anchor on) is aligned
//!    again: position by position when both sides have the same length (phrase
//!    conversions almost always keep the length), else by a small weighted edit
//!    distance that prefers substitutions to insertions and deletions.
//!
//! Every unexplained run of the alignment is one span, whatever the lengths
//! (記憶體→内存, 核心→内核); a run that only deletes is carried by the next
//! character. Two invariants hold for every input, and the tests check them on
//! whole texts under every configuration: putting each span's `original` back
//! in place of its converted text gives the original exactly, and when the
//! converted text has the original's length, the marked characters are exactly
//! those that differ.

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A run of the converted text that differs from the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    /// Character (Unicode scalar value) offset into the converted text, inclusive.
    pub start: usize,
    /// Character offset into the converted text, exclusive.
    pub end: usize,
    /// The original text this run replaced.
    pub original: String,
}

/// Equal runs shorter than this inside a changed region are realigned with it:
/// OpenCC's phrases are short, and a shared character in another order is an
/// equal run of one or two characters.
const ANCHOR_CHARS: usize = 8;
/// A hunk stops growing past this many characters on either side, so the
/// realignment's cost stays bounded (the next equal run ends it).
const MAX_HUNK_CHARS: usize = 256;

/// One step of the alignment of the original (`old`) with the converted text
/// (`new`), by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The character mapping explains `new[j]` from `old[i]`.
    Mapped(usize, usize),
    /// Part of a phrase conversion: `old[i]` became `new[j]`.
    Replaced(usize, usize),
    Deleted(usize),
    Inserted(usize),
}

/// The changed runs of `converted` relative to `original`, in order, never
/// overlapping, each at least one character long. `char_map` is the
/// conversion's single-character mapping (identity is correct, just coarser:
/// every changed character is then part of a phrase run).
pub fn change_spans(original: &str, converted: &str, mut char_map: impl FnMut(char) -> char) -> Vec<Change> {
    if original == converted || converted.is_empty() {
        // Nothing changed, or nothing is left to mark.
        return Vec::new();
    }
    let old: Vec<char> = original.chars().collect();
    let new: Vec<char> = converted.chars().collect();
    let mapped: Vec<char> = old.iter().map(|&c| char_map(c)).collect();
    let steps = align(&old, &mapped, &new);
    spans(&steps, &old, &new)
}

/// The whole alignment: the diff's equal runs as they are, every hunk realigned.
fn align(old: &[char], mapped: &[char], new: &[char]) -> Vec<Step> {
    let ops = capture_diff_slices(Algorithm::Myers, mapped, new);
    let mut steps = Vec::with_capacity(new.len().max(mapped.len()));
    // The hunk being gathered: where it starts in each text, and where the
    // last non-equal op seen ends (equal runs after it are not yet part of it).
    let mut hunk: Option<(usize, usize, usize, usize)> = None;
    let close = |hunk: (usize, usize, usize, usize), steps: &mut Vec<Step>| {
        let (old_start, new_start, old_end, new_end) = hunk;
        realign(old, mapped, new, old_start..old_end, new_start..new_end, steps);
    };
    for op in ops {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        match op {
            DiffOp::Equal { .. } => {
                if let Some(h) = hunk {
                    let short = old_range.len() < ANCHOR_CHARS;
                    let small = h.2 - h.0 < MAX_HUNK_CHARS && h.3 - h.1 < MAX_HUNK_CHARS;
                    // Only an equal run that another change follows joins the
                    // hunk; that is known at the next op, so defer it.
                    if short && small {
                        continue;
                    }
                    close(h, &mut steps);
                    hunk = None;
                }
                steps.extend(old_range.zip(new_range).map(|(i, j)| Step::Mapped(i, j)));
            }
            _ => {
                hunk = Some(match hunk {
                    Some((old_start, new_start, _, _)) => (old_start, new_start, old_range.end, new_range.end),
                    None => (old_range.start, new_range.start, old_range.end, new_range.end),
                });
            }
        }
    }
    if let Some(h) = hunk {
        close(h, &mut steps);
        // Equal runs deferred after the last change are plain matches.
        let (old_tail, new_tail) = (h.2, h.3);
        steps.extend((old_tail..mapped.len()).zip(new_tail..new.len()).map(|(i, j)| Step::Mapped(i, j)));
    }
    steps
}

/// Aligns `old[old_range]` with `new[new_range]`, a region the diff could not
/// match as it stands, and appends the steps. A character is kept when the
/// mapping explains it or when the phrase left it as it was (乾隆 stays 乾隆
/// under t2s although 乾 alone becomes 干).
fn realign(
    original: &[char],
    mapped: &[char],
    new: &[char],
    old: std::ops::Range<usize>,
    new_range: std::ops::Range<usize>,
    steps: &mut Vec<Step>,
) {
    let kept = |i: usize, j: usize| mapped[i] == new[j] || original[i] == new[j];
    let step = |i: usize, j: usize| if kept(i, j) { Step::Mapped(i, j) } else { Step::Replaced(i, j) };
    let (a, b) = (old.len(), new_range.len());
    if a == b || a == 0 || b == 0 || a * b > MAX_HUNK_CHARS * MAX_HUNK_CHARS * 4 {
        // Same length: position by position. One side empty: all inserted or
        // deleted. Too big to realign (no map, long text): pair what pairs.
        let paired = a.min(b);
        steps.extend(old.clone().zip(new_range.clone()).take(paired).map(|(i, j)| step(i, j)));
        steps.extend((old.start + paired..old.end).map(Step::Deleted));
        steps.extend((new_range.start + paired..new_range.end).map(Step::Inserted));
        return;
    }
    // Weighted edit distance: a kept character costs nothing, a substitution 2,
    // an insertion or deletion 3 (so two substitutions beat a deletion, an
    // anchor and an insertion); ties go to the diagonal.
    const SUBSTITUTION: u32 = 2;
    const INDEL: u32 = 3;
    let width = b + 1;
    let mut cost = vec![0u32; (a + 1) * width];
    for (j, c) in cost.iter_mut().take(width).enumerate() {
        *c = j as u32 * INDEL;
    }
    for i in 1..=a {
        cost[i * width] = i as u32 * INDEL;
        for j in 1..=b {
            let keep = if kept(old.start + i - 1, new_range.start + j - 1) { 0 } else { SUBSTITUTION };
            let diagonal = cost[(i - 1) * width + j - 1] + keep;
            let up = cost[(i - 1) * width + j] + INDEL;
            let left = cost[i * width + j - 1] + INDEL;
            cost[i * width + j] = diagonal.min(up).min(left);
        }
    }
    let mut path = Vec::with_capacity(a + b);
    let (mut i, mut j) = (a, b);
    while i > 0 || j > 0 {
        let here = cost[i * width + j];
        if i > 0 && j > 0 {
            let keep = if kept(old.start + i - 1, new_range.start + j - 1) { 0 } else { SUBSTITUTION };
            if here == cost[(i - 1) * width + j - 1] + keep {
                path.push(step(old.start + i - 1, new_range.start + j - 1));
                (i, j) = (i - 1, j - 1);
                continue;
            }
        }
        if i > 0 && here == cost[(i - 1) * width + j] + INDEL {
            path.push(Step::Deleted(old.start + i - 1));
            i -= 1;
        } else {
            path.push(Step::Inserted(new_range.start + j - 1));
            j -= 1;
        }
    }
    steps.extend(path.into_iter().rev());
}

/// The spans of an alignment: a character the mapping explains is marked alone
/// when it differs from the original; every maximal run of other steps is one
/// span; a run that only deletes is carried by the character after it (or,
/// at the very end, the one before).
fn spans(steps: &[Step], old: &[char], new: &[char]) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    let mut run: Option<Change> = None;
    // The next character of `new` to be reached, and the last mapped pair.
    let mut next = 0;
    let mut last_mapped: Option<(usize, usize)> = None;
    let mut carried = String::new();
    for &step in steps {
        match step {
            Step::Mapped(i, j) => {
                if let Some(r) = run.take() {
                    if r.start == r.end {
                        carried = r.original;
                    } else {
                        changes.push(r);
                    }
                }
                if !carried.is_empty() {
                    let mut original = std::mem::take(&mut carried);
                    original.push(old[i]);
                    changes.push(Change { start: j, end: j + 1, original });
                } else if old[i] != new[j] {
                    changes.push(Change { start: j, end: j + 1, original: old[i].to_string() });
                }
                next = j + 1;
                last_mapped = Some((i, j));
            }
            Step::Replaced(i, j) => {
                let r = run.get_or_insert_with(|| Change { start: j, end: j, original: String::new() });
                r.end = j + 1;
                r.original.push(old[i]);
                next = j + 1;
            }
            Step::Deleted(i) => {
                run.get_or_insert_with(|| Change { start: next, end: next, original: String::new() })
                    .original
                    .push(old[i]);
            }
            Step::Inserted(j) => {
                run.get_or_insert_with(|| Change { start: j, end: j, original: String::new() }).end = j + 1;
                next = j + 1;
            }
        }
    }
    match run {
        Some(r) if r.start == r.end => match changes.last_mut() {
            // The text ends with a deletion: the last character carries it.
            Some(last) if last.end == new.len() => last.original.push_str(&r.original),
            _ => {
                // `new` is not empty and the run is maximal, so a mapped pair precedes it.
                if let Some((i, j)) = last_mapped {
                    changes.push(Change { start: j, end: j + 1, original: format!("{}{}", old[i], r.original) });
                }
            }
        },
        Some(r) => changes.push(r),
        None => {}
    }
    changes
}

/// The original text rebuilt from the converted text and its spans: each span's
/// `original` in place of its characters. Equal to the original for every
/// result of `change_spans` (the invariant the tests check on whole texts).
#[doc(hidden)]
pub fn restore_original(converted: &str, changes: &[Change]) -> String {
    let chars: Vec<char> = converted.chars().collect();
    let mut out = String::with_capacity(converted.len());
    let mut at = 0;
    for change in changes {
        out.extend(&chars[at.min(change.start)..change.start]);
        out.push_str(&change.original);
        at = change.end;
    }
    out.extend(&chars[at.min(chars.len())..]);
    out
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
    fn a_phrase_whose_result_shares_a_character_in_another_order_is_marked_whole() {
        // tw2sp: 核心 → 内核. The diff alone anchors on 核 and marks the comma.
        assert_eq!(spans("核心，", "内核，"), vec![(0, 2, "核心".into())]);
        assert_eq!(spans("的核心算法", "的内核算法"), vec![(1, 3, "核心".into())]);
        // 智慧城市 → 智能城市: only the character that differs.
        assert_eq!(spans("智慧城市", "智能城市"), vec![(1, 2, "慧".into())]);
    }

    #[test]
    fn spans_restore_the_original_and_mark_exactly_what_differs() {
        let cases = [
            ("買記憶體與軟體", "买内存与软件"),
            ("核心，記憶體與核心", "内核，内存与内核"),
            ("aXb", "ab"),
            ("abX", "ab"),
            ("Xab", "ab"),
            ("ab", "aXb"),
            ("臺灣的軟體", "台湾的软件"),
        ];
        for (original, converted) in cases {
            let changes = change_spans(original, converted, t2s_char);
            assert_eq!(restore_original(converted, &changes), original, "{original} → {converted}: {changes:?}");
            if original.chars().count() == converted.chars().count() {
                let differing: Vec<usize> = original
                    .chars()
                    .zip(converted.chars())
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .map(|(i, _)| i)
                    .collect();
                let marked: Vec<usize> = changes.iter().flat_map(|c| c.start..c.end).collect();
                assert_eq!(marked, differing, "{original} → {converted}");
            }
        }
    }

    #[test]
    fn insertion_and_deletion_are_reported() {
        assert_eq!(spans("ab", "aXb"), vec![(1, 2, String::new())]);
        assert_eq!(spans("aXb", "ab"), vec![(1, 2, "Xb".into())]);
        assert_eq!(spans("abX", "ab"), vec![(1, 2, "bX".into())]);
    }
}
