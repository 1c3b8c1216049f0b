//! Word-level edit alignment of a hypothesis with a reference, with TER-style block shifts
//! (Snover et al. 2006), written for error classification rather than for the TER score (which
//! `metrics::ter` computes, sacreBLEU-exactly):
//!
//! - Levenshtein where a substitution costs 3 and an insertion or deletion 2, so that among
//!   the paths with the fewest edits the one aligning more identical words wins (unit costs
//!   pair `very new auto` with `new car .` word by word instead of matching `new`); in the
//!   backtrace, diagonal (match or substitution) is preferred, then deletion (a reference word
//!   without partner), then insertion (a hypothesis word without partner), as in Hjerson.
//! - Shifts, greedily: a candidate moves a block of ≤ 10 hypothesis words that equals a
//!   reference span (starting ≤ 50 positions away) to the position next to where that span's
//!   neighbours are aligned; the block must contain an unmatched hypothesis word and the
//!   reference span an unmatched reference word. The candidate with the largest reduction of
//!   the weighted distance is applied when the reduction pays for the shift (new distance + 2 <
//!   old, a shift costing as much as one insertion), ties going to the longer block, then the earlier one. At most 1000 candidates are
//!   evaluated per segment, and at most 50 shifts are applied.
//!
//! Words are compared as given (callers pass interned, lower-cased forms); ids with
//! [`PUNCTUATION`] set are punctuation tokens, which are never substituted for words
//! (that costs as much as a deletion plus an insertion) and never anchor a shift.

use rustc_hash::FxHashMap;

/// What happened to a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Match,
    Substitution,
    /// A hypothesis word with no reference partner.
    Insertion,
    /// A reference word with no hypothesis partner.
    Deletion,
}

/// One step of the final alignment; `hypothesis` indices are in the *original* word order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub hypothesis: Option<usize>,
    pub reference: Option<usize>,
}

/// An alignment after shifting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// Steps in the order of the shifted hypothesis.
    pub steps: Vec<Step>,
    /// Each applied shift: the moved hypothesis words (original indices, ascending).
    pub shifts: Vec<Vec<usize>>,
    /// Edits (substitutions, insertions, deletions) of the final alignment.
    pub distance: usize,
}

impl Alignment {
    /// Edits as TER counts them: shifts plus the final distance.
    pub fn edits(&self) -> usize {
        self.distance + self.shifts.len()
    }
}

const MAX_BLOCK: usize = 10;
const MAX_DISTANCE: usize = 50;
const MAX_CANDIDATES: usize = 1000;
const MAX_SHIFTS: usize = 50;
/// The id bit that marks punctuation tokens.
pub const PUNCTUATION: u32 = 1 << 31;
/// A weighted distance (at most 4 per word of the two sides).
type Cost = u32;
const SUBSTITUTION: Cost = 3;
const INDEL: Cost = 2;
/// What a shift must save (in weighted distance) to be applied.
const SHIFT: Cost = INDEL;

fn substitution(a: u32, b: u32) -> Cost {
    if a == b {
        0
    } else if (a ^ b) & PUNCTUATION != 0 {
        2 * INDEL
    } else {
        SUBSTITUTION
    }
}

/// The weighted-distance table of `hypothesis` against `reference`: cell `i * (m + 1) + j`
/// holds the distance of `hypothesis[..j]` to `reference[..i]`. With `known = Some(first)`
/// the table is that of a sequence with the same first `first` words, so columns `..=first`
/// are kept; with `None` it is filled anew.
fn forward_table(
    hypothesis: &[u32],
    reference: &[u32],
    table: &mut Vec<Cost>,
    known: Option<usize>,
) {
    let width = hypothesis.len() + 1;
    if known.is_none() {
        // Every cell is written below, so only a grown table needs filling.
        table.resize((reference.len() + 1) * width, 0);
        for (j, cell) in (0..).zip(&mut table[..width]) {
            *cell = j * INDEL;
        }
        for (i, row) in (0..).zip(table.chunks_exact_mut(width)) {
            row[0] = i * INDEL;
        }
    }
    let from = known.map_or(1, |first| first + 1);
    for (i, &r) in (1..).zip(reference) {
        let (done, todo) = table.split_at_mut(i * width);
        let above = &done[done.len() - width..];
        let row = &mut todo[..width];
        let mut left = row[from - 1];
        for ((cell, &h), pair) in row[from..]
            .iter_mut()
            .zip(&hypothesis[from - 1..])
            .zip(above[from - 1..].windows(2))
        {
            left = (pair[0] + substitution(r, h))
                .min(pair[1] + INDEL)
                .min(left + INDEL);
            *cell = left;
        }
    }
}

/// The mirror of [`forward_table`]: cell `i * (m + 1) + j` holds the distance of
/// `hypothesis[j..]` to `reference[i..]`. With `known = Some(end)` the table is that of a
/// sequence with the same words from `end` on, so columns `end..` are kept.
fn backward_table(
    hypothesis: &[u32],
    reference: &[u32],
    table: &mut Vec<Cost>,
    known: Option<usize>,
) {
    let (n, m) = (reference.len(), hypothesis.len());
    let width = m + 1;
    if known.is_none() {
        // Every cell is written below, so only a grown table needs filling.
        table.resize((n + 1) * width, 0);
        for (j, cell) in (0..).zip(table[n * width..].iter_mut().rev()) {
            *cell = j * INDEL;
        }
        for (i, row) in (0..).zip(table.chunks_exact_mut(width).rev()) {
            row[m] = i * INDEL;
        }
    }
    let to = known.unwrap_or(m);
    for (i, &r) in reference.iter().enumerate().rev() {
        let (done, todo) = table.split_at_mut((i + 1) * width);
        let below = &todo[..width];
        let row = &mut done[i * width..];
        let mut right = row[to];
        for ((cell, &h), pair) in row[..to]
            .iter_mut()
            .rev()
            .zip(hypothesis[..to].iter().rev())
            .zip(below[..=to].windows(2).rev())
        {
            right = (pair[1] + substitution(r, h))
                .min(pair[0] + INDEL)
                .min(right + INDEL);
            *cell = right;
        }
    }
}

/// The weighted distance of `current` with `current[start..start + length]` moved to `target`
/// (see [`moved`]). Only the words between the first and the last changed position are
/// aligned anew: the unchanged prefix comes from the forward table, the unchanged suffix from
/// the backward table, and any alignment splits into the two at the end of the changed span.
fn shifted_distance(
    current: &[u32],
    reference: &[u32],
    (forward, backward): (&[Cost], &[Cost]),
    (start, length, target): (usize, usize, usize),
    column: &mut Vec<Cost>,
    next: &mut Vec<Cost>,
) -> Cost {
    let width = current.len() + 1;
    let (first, end) = (start.min(target), (start + length).max(target + length));
    let block = &current[start..start + length];
    let (before, after): (&[u32], &[u32]) = if target < start {
        (block, &current[target..start])
    } else {
        (&current[start + length..target + length], block)
    };
    column.clear();
    column.extend(forward[first..].iter().step_by(width));
    next.resize(column.len(), 0);
    for &word in before.iter().chain(after) {
        let mut above = column[0] + INDEL;
        next[0] = above;
        for ((cell, &r), pair) in next[1..].iter_mut().zip(reference).zip(column.windows(2)) {
            above = (pair[0] + substitution(r, word))
                .min(pair[1] + INDEL)
                .min(above + INDEL);
            *cell = above;
        }
        std::mem::swap(column, next);
    }
    column
        .iter()
        .zip(backward[end..].iter().step_by(width))
        .map(|(&cost, &rest)| cost + rest)
        .min()
        .expect("the column holds at least the empty reference prefix")
}

/// Full weighted alignment with Hjerson's tie-break from a [`forward_table`]; returns the
/// weighted distance and the steps (indices are positions in `hypothesis`).
fn backtrace(hypothesis: &[u32], reference: &[u32], table: &[Cost]) -> (Cost, Vec<Step>) {
    let (n, m) = (reference.len(), hypothesis.len());
    let width = m + 1;
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = table[i * width + j];
        if i > 0 && j > 0 {
            let same = reference[i - 1] == hypothesis[j - 1];
            if table[(i - 1) * width + j - 1] + substitution(reference[i - 1], hypothesis[j - 1])
                == here
            {
                steps.push(Step {
                    kind: if same {
                        StepKind::Match
                    } else {
                        StepKind::Substitution
                    },
                    hypothesis: Some(j - 1),
                    reference: Some(i - 1),
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && table[(i - 1) * width + j] + INDEL == here {
            steps.push(Step {
                kind: StepKind::Deletion,
                hypothesis: None,
                reference: Some(i - 1),
            });
            i -= 1;
        } else {
            steps.push(Step {
                kind: StepKind::Insertion,
                hypothesis: Some(j - 1),
                reference: None,
            });
            j -= 1;
        }
    }
    steps.reverse();
    (table[n * width + m], steps)
}

/// Moves `order[start..start + length]` so that it begins at `target` of the remaining words.
fn moved(order: &[usize], start: usize, length: usize, target: usize) -> Vec<usize> {
    let block = &order[start..start + length];
    let mut rest: Vec<usize> = order[..start].to_vec();
    rest.extend_from_slice(&order[start + length..]);
    let mut out = rest[..target].to_vec();
    out.extend_from_slice(block);
    out.extend_from_slice(&rest[target..]);
    out
}

/// The distance tables and columns of one thread's alignments, kept from one segment to the
/// next so that they are neither allocated nor zero-filled anew for every shift of every
/// segment (every cell is written before it is read).
#[derive(Default)]
struct Tables {
    forward: Vec<Cost>,
    backward: Vec<Cost>,
    column: Vec<Cost>,
    next: Vec<Cost>,
}

thread_local! {
    static TABLES: std::cell::RefCell<Tables> = std::cell::RefCell::default();
}

/// Aligns with shifts.
pub fn align(hypothesis: &[u32], reference: &[u32]) -> Alignment {
    TABLES.with_borrow_mut(|tables| align_with(hypothesis, reference, tables))
}

fn align_with(hypothesis: &[u32], reference: &[u32], tables: &mut Tables) -> Alignment {
    let Tables {
        forward,
        backward,
        column,
        next,
    } = tables;
    let mut order: Vec<usize> = (0..hypothesis.len()).collect();
    let mut current: Vec<u32> = hypothesis.to_vec();
    let mut shifts = Vec::new();
    let mut evaluated = 0usize;
    let mut reference_positions: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, &word) in reference.iter().enumerate() {
        reference_positions.entry(word).or_default().push(i);
    }
    // The first and the end of the words the last shift changed (none before the first).
    let mut changed: Option<(usize, usize)> = None;
    loop {
        forward_table(
            &current,
            reference,
            forward,
            changed.map(|(first, _)| first),
        );
        let (cost, steps) = backtrace(&current, reference, forward);
        if cost == 0 || shifts.len() == MAX_SHIFTS || evaluated >= MAX_CANDIDATES {
            return finish(steps, &order, shifts);
        }
        backward_table(&current, reference, backward, changed.map(|(_, end)| end));
        let marks = ErrorMarks::of(&steps, current.len(), reference.len());
        let (hypothesis_error, reference_error) = (&marks.hypothesis, &marks.reference);
        // (gain, length, start, target)
        let mut best: Option<(Cost, usize, usize, usize)> = None;
        'search: for start in 0..current.len() {
            let Some(positions) = reference_positions.get(&current[start]) else {
                continue;
            };
            for &r in positions {
                if r.abs_diff(start) > MAX_DISTANCE {
                    continue;
                }
                let mut length = 0;
                while length < MAX_BLOCK
                    && start + length < current.len()
                    && r + length < reference.len()
                    && current[start + length] == reference[r + length]
                {
                    length += 1;
                }
                let block = start..start + length;
                if !block.clone().any(|h| hypothesis_error[h])
                    || !(r..r + length).any(|i| reference_error[i])
                    || block.clone().all(|h| current[h] & PUNCTUATION != 0)
                {
                    continue;
                }
                for target in marks.shift_targets(start, length, r, current.len()) {
                    if evaluated >= MAX_CANDIDATES {
                        break 'search;
                    }
                    evaluated += 1;
                    let new_cost = shifted_distance(
                        &current,
                        reference,
                        (forward, backward),
                        (start, length, target),
                        column,
                        next,
                    );
                    if new_cost + SHIFT >= cost {
                        continue;
                    }
                    let gain = cost - new_cost;
                    let better = match best {
                        None => true,
                        Some((g, l, s, t)) => {
                            (
                                gain,
                                length,
                                std::cmp::Reverse(start),
                                std::cmp::Reverse(target),
                            ) > (g, l, std::cmp::Reverse(s), std::cmp::Reverse(t))
                        }
                    };
                    if better {
                        best = Some((gain, length, start, target));
                    }
                }
            }
        }
        let Some((_, length, start, target)) = best else {
            return finish(steps, &order, shifts);
        };
        let mut block: Vec<usize> = order[start..start + length].to_vec();
        block.sort_unstable();
        shifts.push(block);
        changed = Some((start.min(target), (start + length).max(target + length)));
        order = moved(&order, start, length, target);
        current = order.iter().map(|&k| hypothesis[k]).collect();
    }
}

/// What the current alignment leaves unmatched, and where reference words are aligned.
struct ErrorMarks {
    /// Per hypothesis word: not matched.
    hypothesis: Vec<bool>,
    /// Per reference word: not matched.
    reference: Vec<bool>,
    /// Per reference word: the hypothesis word it is aligned with (match or substitution).
    aligned_to: Vec<Option<usize>>,
}

impl ErrorMarks {
    fn of(steps: &[Step], hypothesis_len: usize, reference_len: usize) -> Self {
        let mut marks = ErrorMarks {
            hypothesis: vec![true; hypothesis_len],
            reference: vec![true; reference_len],
            aligned_to: vec![None; reference_len],
        };
        for step in steps {
            if let (Some(h), Some(r)) = (step.hypothesis, step.reference) {
                marks.aligned_to[r] = Some(h);
                if step.kind == StepKind::Match {
                    marks.hypothesis[h] = false;
                    marks.reference[r] = false;
                }
            }
        }
        marks
    }

    /// Where the hypothesis block `start..start + length`, equal to the reference span at `r`,
    /// may move (positions in the hypothesis without the block): next to the hypothesis words
    /// aligned just before and just after the span.
    fn shift_targets(&self, start: usize, length: usize, r: usize, current: usize) -> Vec<usize> {
        let aligned_to = &self.aligned_to;
        let before = (0..r).rev().find_map(|i| aligned_to[i]).map(|h| h + 1);
        let after = (r + length..aligned_to.len()).find_map(|i| aligned_to[i]);
        let mut targets: Vec<usize> = Vec::with_capacity(2);
        for position in [before.unwrap_or(0), after.unwrap_or(current)] {
            // Positions are in the full sequence; convert to the sequence without the block.
            if position > start && position < start + length {
                continue;
            }
            let target = if position >= start + length {
                position - length
            } else {
                position
            };
            if target != start && !targets.contains(&target) {
                targets.push(target);
            }
        }
        targets
    }
}

fn finish(steps: Vec<Step>, order: &[usize], shifts: Vec<Vec<usize>>) -> Alignment {
    let distance = steps.iter().filter(|s| s.kind != StepKind::Match).count();
    let steps = steps
        .into_iter()
        .map(|step| Step {
            hypothesis: step.hypothesis.map(|h| order[h]),
            ..step
        })
        .collect();
    Alignment {
        steps,
        shifts,
        distance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, vocabulary: &mut Vec<String>) -> Vec<u32> {
        text.split_whitespace()
            .map(|w| match vocabulary.iter().position(|v| v == w) {
                Some(i) => i as u32,
                None => {
                    vocabulary.push(w.to_string());
                    (vocabulary.len() - 1) as u32
                }
            })
            .collect()
    }

    /// The weighted distance by the textbook recurrence, for checking the incremental one.
    fn plain_distance(hypothesis: &[u32], reference: &[u32]) -> Cost {
        let mut forward = Vec::new();
        forward_table(hypothesis, reference, &mut forward, None);
        forward[reference.len() * (hypothesis.len() + 1) + hypothesis.len()]
    }

    #[test]
    fn shifted_distance_equals_the_distance_of_the_moved_sequence() {
        let mut vocabulary = Vec::new();
        let reference = ids(
            "the cat sat on the mat , and the dog sat too .",
            &mut vocabulary,
        );
        let mut current = ids(
            "on the mat the cat sat and too the dog , sat .",
            &mut vocabulary,
        );
        current[3] |= PUNCTUATION;
        let (mut forward, mut backward) = (Vec::new(), Vec::new());
        forward_table(&current, &reference, &mut forward, None);
        backward_table(&current, &reference, &mut backward, None);
        assert_eq!(backward[0], plain_distance(&current, &reference));
        let (mut column, mut next) = (Vec::new(), Vec::new());
        let indices: Vec<usize> = (0..current.len()).collect();
        let mut checked = 0;
        for start in 0..current.len() {
            for length in 1..=current.len() - start {
                for target in 0..=current.len() - length {
                    if target == start {
                        continue;
                    }
                    let candidate: Vec<u32> = moved(&indices, start, length, target)
                        .iter()
                        .map(|&k| current[k])
                        .collect();
                    let incremental = shifted_distance(
                        &current,
                        &reference,
                        (&forward, &backward),
                        (start, length, target),
                        &mut column,
                        &mut next,
                    );
                    assert_eq!(
                        incremental,
                        plain_distance(&candidate, &reference),
                        "start {start} length {length} target {target}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 728);
    }

    #[test]
    fn tables_kept_outside_a_shift_equal_fresh_ones() {
        let mut vocabulary = Vec::new();
        let reference = ids("a b c d e f g a b", &mut vocabulary);
        let current = ids("g a b x c d e f a", &mut vocabulary);
        let indices: Vec<usize> = (0..current.len()).collect();
        let (mut forward, mut backward) = (Vec::new(), Vec::new());
        let (mut fresh_forward, mut fresh_backward) = (Vec::new(), Vec::new());
        for start in 0..current.len() {
            for length in 1..=current.len() - start {
                for target in 0..=current.len() - length {
                    forward_table(&current, &reference, &mut forward, None);
                    backward_table(&current, &reference, &mut backward, None);
                    let shifted: Vec<u32> = moved(&indices, start, length, target)
                        .iter()
                        .map(|&k| current[k])
                        .collect();
                    let (first, end) = (start.min(target), (start + length).max(target + length));
                    forward_table(&shifted, &reference, &mut forward, Some(first));
                    backward_table(&shifted, &reference, &mut backward, Some(end));
                    forward_table(&shifted, &reference, &mut fresh_forward, None);
                    backward_table(&shifted, &reference, &mut fresh_backward, None);
                    assert_eq!(forward, fresh_forward, "{start} {length} {target}");
                    assert_eq!(backward, fresh_backward, "{start} {length} {target}");
                }
            }
        }
    }

    fn run(hypothesis: &str, reference: &str) -> Alignment {
        let mut vocabulary = Vec::new();
        let h = ids(hypothesis, &mut vocabulary);
        let r = ids(reference, &mut vocabulary);
        align(&h, &r)
    }

    #[test]
    fn plain_levenshtein_with_hjerson_tie_break() {
        let a = run("x b c d", "a b c");
        let kinds: Vec<StepKind> = a.steps.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![
                StepKind::Substitution,
                StepKind::Match,
                StepKind::Match,
                StepKind::Insertion
            ]
        );
        assert_eq!((a.distance, a.shifts.len()), (2, 0));
    }

    #[test]
    fn a_moved_block_is_one_shift() {
        // "yesterday" moved from the end to the front.
        let a = run(
            "yesterday he bought a new red car",
            "he bought a new red car yesterday",
        );
        assert_eq!(a.shifts, vec![vec![0]]);
        assert_eq!(a.distance, 0);
        assert_eq!(a.edits(), 1);
        let a = run("the red car new is", "the new red car is");
        assert_eq!(a.edits(), 1, "{a:?}");
        assert_eq!(a.shifts.len(), 1);
    }

    #[test]
    fn no_shift_without_gain_and_empty_sides() {
        assert!(run("a b c", "a b c").shifts.is_empty());
        assert_eq!(run("", "a b").distance, 2);
        assert_eq!(run("a b", "").distance, 2);
        assert_eq!(run("", "").steps.len(), 0);
        // A swap of two single words: the shift costs 1, saving 2 edits.
        let a = run("b a c", "a b c");
        assert_eq!(a.edits(), 1);
    }
}
