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
//!   old, a shift costing as much as one insertion), ties going to the longer block, then the
//!   earlier one. At most 1000 candidates are considered per segment, and at most 50 shifts
//!   are applied. Candidates are evaluated in the order of a bound on their gain, and those
//!   whose bound cannot beat the best found are not evaluated at all (the choice is the same).
//!
//! Words are compared as given (callers pass interned, lower-cased forms); ids with
//! [`PUNCTUATION`] set are punctuation tokens, which are never substituted for words
//! (that costs as much as a deletion plus an insertion) and never anchor a shift.

use std::cmp::Reverse;

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

/// A cell of a table in *offset form*: the distance minus [`INDEL`] times the cell's index
/// along its line, so that a move along the line costs nothing and the recurrence along the
/// line becomes a running minimum (see [`extend`]).
type Offset = i32;
const OFFSET_INDEL: Offset = INDEL as Offset;

/// `substitution(a, b) - INDEL`, without branches (so that [`extend`]'s first pass is
/// vectorised).
fn offset_substitution(a: u32, b: u32) -> Offset {
    let differ = a ^ b;
    let punctuation_differs = (differ >> 31) as Offset;
    let same = Offset::from(differ == 0);
    SUBSTITUTION as Offset - OFFSET_INDEL + punctuation_differs - 3 * same
}

/// One line of a distance table from the line before it, both in offset form: `line[k]` for
/// `k ≥ 1` becomes the least of the diagonal move (`previous[k - 1]` plus the substitution of
/// `words[k - 1]` by `word`), the move across the lines (`previous[k] + INDEL`) and the move
/// along the line (`line[k - 1]`, free in offset form); `line[0]` is given. Computed in two
/// passes: the first is independent per cell, the second a running minimum, which is about
/// twice as fast as the one-pass recurrence whose every cell waits for the one before. With
/// AVX2 (detected at run time) both passes are compiled for it, and the running minimum works
/// on eight cells at a time.
fn extend(previous: &[Offset], words: &[u32], word: u32, line: &mut [Offset]) {
    let len = words.len();
    let (previous, line) = (&previous[..=len], &mut line[..=len]);
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2.
        unsafe { avx2::extend(previous, words, word, line) };
        return;
    }
    diagonal_and_across(previous, words, word, line);
    running_minimum(line, Offset::MAX);
}

/// [`extend`]'s first pass: `line[k]` for `k ≥ 1` from the diagonal and the across moves.
#[inline(always)]
fn diagonal_and_across(previous: &[Offset], words: &[u32], word: u32, line: &mut [Offset]) {
    let len = words.len();
    for (((cell, &other), &diagonal), &across) in line[1..]
        .iter_mut()
        .zip(words)
        .zip(&previous[..len])
        .zip(&previous[1..])
    {
        *cell = (diagonal + offset_substitution(other, word)).min(across + OFFSET_INDEL);
    }
}

/// [`extend`]'s second pass: every cell becomes the least of itself, the cells before it
/// and `along` (the least of the cells before the slice).
fn running_minimum(line: &mut [Offset], mut along: Offset) {
    for cell in line {
        along = along.min(*cell);
        *cell = along;
    }
}

/// [`extend`] compiled for AVX2, with a vectorised running minimum.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{diagonal_and_across, Offset};
    use std::arch::x86_64::{
        __m256i, _mm256_cvtsi256_si32, _mm256_loadu_si256, _mm256_min_epi32,
        _mm256_permutevar8x32_epi32, _mm256_set1_epi32, _mm256_setr_epi32, _mm256_storeu_si256,
    };

    /// # Safety
    /// The CPU must have AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn extend(
        previous: &[Offset],
        words: &[u32],
        word: u32,
        line: &mut [Offset],
    ) {
        diagonal_and_across(previous, words, word, line);
        running_minimum(line);
    }

    /// The running minimum eight cells at a time: within a vector in three steps (each cell
    /// takes the least of itself and the cell 1, then 2, then 4 places before; lanes with no
    /// such cell take lane 0, which changes nothing), then the least of everything before.
    #[target_feature(enable = "avx2")]
    fn running_minimum(line: &mut [Offset]) {
        let by_one = _mm256_setr_epi32(0, 0, 1, 2, 3, 4, 5, 6);
        let by_two = _mm256_setr_epi32(0, 0, 0, 1, 2, 3, 4, 5);
        let by_four = _mm256_setr_epi32(0, 0, 0, 0, 0, 1, 2, 3);
        let last = _mm256_set1_epi32(7);
        let mut before = _mm256_set1_epi32(Offset::MAX);
        let mut chunks = line.chunks_exact_mut(8);
        for chunk in &mut chunks {
            // SAFETY: the chunk holds eight `Offset`s (32 bytes); unaligned access.
            let mut cells = unsafe { _mm256_loadu_si256(chunk.as_ptr().cast::<__m256i>()) };
            cells = _mm256_min_epi32(cells, _mm256_permutevar8x32_epi32(cells, by_one));
            cells = _mm256_min_epi32(cells, _mm256_permutevar8x32_epi32(cells, by_two));
            cells = _mm256_min_epi32(cells, _mm256_permutevar8x32_epi32(cells, by_four));
            cells = _mm256_min_epi32(cells, before);
            // SAFETY: as the load.
            unsafe { _mm256_storeu_si256(chunk.as_mut_ptr().cast::<__m256i>(), cells) };
            before = _mm256_permutevar8x32_epi32(cells, last);
        }
        super::running_minimum(chunks.into_remainder(), _mm256_cvtsi256_si32(before));
    }
}

/// The weighted-distance table of `hypothesis` against `reference`, column by column in
/// offset form: cell `j * (n + 1) + i` holds the distance of `hypothesis[..j]` to
/// `reference[..i]` minus `2i` (read it with [`distance_at`]). With `known = Some(first)` the
/// table is that of a sequence with the same first `first` words, so columns `..=first` are
/// kept; with `None` it is filled anew. The table of the reversed sequences is the backward
/// table: its cell `(n - i, m - j)` is the distance of `hypothesis[j..]` to `reference[i..]`.
fn forward_table(
    hypothesis: &[u32],
    reference: &[u32],
    table: &mut Vec<Offset>,
    known: Option<usize>,
) {
    let height = reference.len() + 1;
    if known.is_none() {
        // Every cell is written below, so only a grown table needs filling.
        table.resize((hypothesis.len() + 1) * height, 0);
        table[..height].fill(0);
        for (j, column) in (0..).zip(table.chunks_exact_mut(height)) {
            column[0] = j * OFFSET_INDEL;
        }
    }
    let from = known.unwrap_or(0);
    for (j, &h) in (from + 1..).zip(&hypothesis[from..]) {
        let (done, todo) = table.split_at_mut(j * height);
        extend(
            &done[done.len() - height..],
            reference,
            h,
            &mut todo[..height],
        );
    }
}

/// Cell `(i, j)` of a [`forward_table`] for a reference of `n` words, as a distance.
fn distance_at(table: &[Offset], n: usize, i: usize, j: usize) -> Cost {
    (table[j * (n + 1) + i] + i as Offset * OFFSET_INDEL) as Cost
}

/// The weighted distance of `current` with `current[start..start + length]` moved to `target`
/// (see [`moved`]). Only the words between the first and the last changed position are
/// aligned anew: the unchanged prefix comes from the forward table, the unchanged suffix from
/// the backward table (the forward table of the reversed sequences), and any alignment splits
/// into the two at the end of the changed span.
fn shifted_distance(
    current: &[u32],
    reference: &[u32],
    (forward, backward): (&[Offset], &[Offset]),
    (start, length, target): (usize, usize, usize),
    column: &mut Vec<Offset>,
    next: &mut Vec<Offset>,
) -> Cost {
    let (n, m) = (reference.len(), current.len());
    let height = n + 1;
    let (first, end) = (start.min(target), (start + length).max(target + length));
    let block = &current[start..start + length];
    let (before, after): (&[u32], &[u32]) = if target < start {
        (block, &current[target..start])
    } else {
        (&current[start + length..target + length], block)
    };
    column.clear();
    column.extend_from_slice(&forward[first * height..][..height]);
    next.resize(height, 0);
    for &word in before.iter().chain(after) {
        next[0] = column[0] + OFFSET_INDEL;
        extend(column, reference, word, next);
        std::mem::swap(column, next);
    }
    // Row i of the column is the distance minus 2i; the rest, row n - i of the backward
    // table's column m - end, is the distance minus 2 (n - i).
    let suffix = &backward[(m - end) * height..][..height];
    let least = column
        .iter()
        .zip(suffix.iter().rev())
        .map(|(&prefix, &rest)| prefix + rest)
        .min()
        .expect("the column holds at least the empty reference prefix");
    (least + n as Offset * OFFSET_INDEL) as Cost
}

/// Full weighted alignment with Hjerson's tie-break from a [`forward_table`]; returns the
/// weighted distance and the steps (indices are positions in `hypothesis`).
fn backtrace(hypothesis: &[u32], reference: &[u32], table: &[Offset]) -> (Cost, Vec<Step>) {
    let (n, m) = (reference.len(), hypothesis.len());
    let at = |i: usize, j: usize| distance_at(table, n, i, j);
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = at(i, j);
        if i > 0 && j > 0 {
            let same = reference[i - 1] == hypothesis[j - 1];
            if at(i - 1, j - 1) + substitution(reference[i - 1], hypothesis[j - 1]) == here {
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
        if i > 0 && at(i - 1, j) + INDEL == here {
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
    (at(n, m), steps)
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
    forward: Vec<Offset>,
    /// The forward table of the reversed sequences.
    backward: Vec<Offset>,
    column: Vec<Offset>,
    next: Vec<Offset>,
    /// Every reference word with its position, sorted (so a word's positions are adjacent and
    /// ascending).
    reference_positions: Vec<(u32, usize)>,
}

thread_local! {
    static TABLES: std::cell::RefCell<Tables> = std::cell::RefCell::default();
}

/// Aligns with shifts.
pub fn align(hypothesis: &[u32], reference: &[u32]) -> Alignment {
    TABLES.with_borrow_mut(|tables| align_with(hypothesis, reference, tables))
}

/// A lower bound of `align(hypothesis, reference).edits()` found without aligning: the words
/// one side has beyond the other's (counted as multisets). Only equal words match, and every
/// other word of either side takes an edit of its own or shares a substitution with one word
/// of the other side.
pub fn fewest_edits(hypothesis: &[u32], reference: &[u32]) -> usize {
    let sorted = |words: &[u32]| {
        let mut words = words.to_vec();
        words.sort_unstable();
        words
    };
    let (hypothesis_sorted, reference_sorted) = (sorted(hypothesis), sorted(reference));
    let (mut h, mut r, mut common) = (0, 0, 0);
    while h < hypothesis_sorted.len() && r < reference_sorted.len() {
        match hypothesis_sorted[h].cmp(&reference_sorted[r]) {
            std::cmp::Ordering::Less => h += 1,
            std::cmp::Ordering::Greater => r += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                h += 1;
                r += 1;
            }
        }
    }
    hypothesis.len().max(reference.len()) - common
}

fn align_with(hypothesis: &[u32], reference: &[u32], tables: &mut Tables) -> Alignment {
    let Tables {
        forward,
        backward,
        column,
        next,
        reference_positions,
    } = tables;
    let mut order: Vec<usize> = (0..hypothesis.len()).collect();
    let mut current: Vec<u32> = hypothesis.to_vec();
    let mut current_reversed: Vec<u32> = hypothesis.iter().rev().copied().collect();
    let reference_reversed: Vec<u32> = reference.iter().rev().copied().collect();
    let mut shifts = Vec::new();
    let mut evaluated = 0usize;
    let mut candidates: Vec<Candidate> = Vec::new();
    reference_positions.clear();
    reference_positions.extend(reference.iter().enumerate().map(|(i, &word)| (word, i)));
    reference_positions.sort_unstable();
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
        let marks = ErrorMarks::of(&steps, current.len(), reference.len());
        let (hypothesis_error, reference_error) = (&marks.hypothesis, &marks.reference);
        candidates.clear();
        'search: for start in 0..current.len() {
            let word = current[start];
            let first = reference_positions.partition_point(|&(other, _)| other < word);
            let positions = reference_positions[first..]
                .iter()
                .take_while(|&&(other, _)| other == word);
            for &(_, r) in positions {
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
                    candidates.push(Candidate::new(start, length, target, cost));
                }
            }
        }
        if candidates.is_empty() {
            return finish(steps, &order, shifts);
        }
        // Only needed to evaluate candidates (half of all searches find none).
        forward_table(
            &current_reversed,
            &reference_reversed,
            backward,
            changed.map(|(_, end)| current.len() - end),
        );
        let Some(Candidate {
            start,
            length,
            target,
            ..
        }) = best_shift(
            &mut candidates,
            (&current, reference),
            (forward, backward),
            cost,
            (column, next),
        )
        else {
            return finish(steps, &order, shifts);
        };
        let mut block: Vec<usize> = order[start..start + length].to_vec();
        block.sort_unstable();
        shifts.push(block);
        changed = Some((start.min(target), (start + length).max(target + length)));
        order = moved(&order, start, length, target);
        current = order.iter().map(|&k| hypothesis[k]).collect();
        current_reversed = current.iter().rev().copied().collect();
    }
}

/// The candidate whose shift gains the most (by [`Rank`]) among those that pay for it, if
/// any. The most promising are evaluated first: once a candidate's bound cannot beat the best
/// found, no later one can.
fn best_shift(
    candidates: &mut [Candidate],
    (current, reference): (&[u32], &[u32]),
    tables: (&[Offset], &[Offset]),
    cost: Cost,
    (column, next): (&mut Vec<Offset>, &mut Vec<Offset>),
) -> Option<Candidate> {
    candidates.sort_unstable_by_key(|candidate| Reverse(candidate.rank(candidate.gain_bound)));
    let mut best: Option<(Rank, Candidate)> = None;
    for &candidate in candidates.iter() {
        let bound = candidate.rank(candidate.gain_bound);
        if candidate.gain_bound <= SHIFT || best.is_some_and(|(rank, _)| bound <= rank) {
            break;
        }
        let new_cost = shifted_distance(
            current,
            reference,
            tables,
            (candidate.start, candidate.length, candidate.target),
            column,
            next,
        );
        if new_cost + SHIFT >= cost {
            continue;
        }
        let rank = candidate.rank(cost - new_cost);
        if best.is_none_or(|(best_rank, _)| rank > best_rank) {
            best = Some((rank, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// A shift to evaluate: the block `start..start + length` of the current sequence moved to
/// `target`.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    length: usize,
    target: usize,
    /// What the shift can gain at most: moving `length` words across `jumped` others changes the
    /// sequence by at most `min(length, jumped)` deletions and as many insertions, so by the
    /// triangle inequality the distance falls by at most `2 · INDEL · min(length, jumped)` (and
    /// by no more than the whole distance).
    gain_bound: Cost,
}

/// How shifts are preferred: the larger gain, then the longer block, then the earlier start,
/// then the earlier target.
type Rank = (Cost, usize, Reverse<usize>, Reverse<usize>);

impl Candidate {
    fn new(start: usize, length: usize, target: usize, cost: Cost) -> Self {
        let jumped = target.abs_diff(start);
        let changed = length.min(jumped) as Cost;
        Candidate {
            start,
            length,
            target,
            gain_bound: (2 * INDEL * changed).min(cost),
        }
    }

    /// The candidate's rank if it gains `gain`.
    fn rank(&self, gain: Cost) -> Rank {
        (gain, self.length, Reverse(self.start), Reverse(self.target))
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

    /// The weighted distance by the textbook recurrence (absolute costs, one pass), the
    /// oracle for the offset-form tables.
    fn plain_distance(hypothesis: &[u32], reference: &[u32]) -> Cost {
        let mut above: Vec<Cost> = (0..).step_by(2).take(hypothesis.len() + 1).collect();
        for (i, &r) in (1..).zip(reference) {
            let mut row = vec![i * INDEL];
            for (j, &h) in hypothesis.iter().enumerate() {
                let cell = (above[j] + substitution(r, h))
                    .min(above[j + 1] + INDEL)
                    .min(row[j] + INDEL);
                row.push(cell);
            }
            above = row;
        }
        above[hypothesis.len()]
    }

    /// The greedy shift search evaluating every candidate with the textbook distance of the
    /// moved sequence: the shifts the incremental, bounded search must choose.
    fn exhaustive_shifts(hypothesis: &[u32], reference: &[u32]) -> Vec<Vec<usize>> {
        let mut order: Vec<usize> = (0..hypothesis.len()).collect();
        let mut shifts = Vec::new();
        let mut evaluated = 0;
        loop {
            let current: Vec<u32> = order.iter().map(|&k| hypothesis[k]).collect();
            let mut table = Vec::new();
            forward_table(&current, reference, &mut table, None);
            let (cost, steps) = backtrace(&current, reference, &table);
            if cost == 0 || shifts.len() == MAX_SHIFTS || evaluated >= MAX_CANDIDATES {
                return shifts;
            }
            let marks = ErrorMarks::of(&steps, current.len(), reference.len());
            let mut best: Option<(Rank, Vec<usize>)> = None;
            'search: for start in 0..current.len() {
                for r in (0..reference.len()).filter(|&r| reference[r] == current[start]) {
                    let length = (0..MAX_BLOCK)
                        .take_while(|&k| {
                            start + k < current.len()
                                && r + k < reference.len()
                                && current[start + k] == reference[r + k]
                        })
                        .count();
                    if r.abs_diff(start) > MAX_DISTANCE
                        || !(start..start + length).any(|h| marks.hypothesis[h])
                        || !(r..r + length).any(|i| marks.reference[i])
                        || (start..start + length).all(|h| current[h] & PUNCTUATION != 0)
                    {
                        continue;
                    }
                    for target in marks.shift_targets(start, length, r, current.len()) {
                        if evaluated >= MAX_CANDIDATES {
                            break 'search;
                        }
                        evaluated += 1;
                        let shifted_order = moved(&order, start, length, target);
                        let shifted: Vec<u32> =
                            shifted_order.iter().map(|&k| hypothesis[k]).collect();
                        let new_cost = plain_distance(&shifted, reference);
                        if new_cost + SHIFT >= cost {
                            continue;
                        }
                        let rank =
                            Candidate::new(start, length, target, cost).rank(cost - new_cost);
                        if best.as_ref().is_none_or(|(best_rank, _)| rank > *best_rank) {
                            best = Some((rank, shifted_order));
                        }
                    }
                }
            }
            let Some((rank, shifted_order)) = best else {
                return shifts;
            };
            let (length, start) = (rank.1, rank.2 .0);
            let mut block = order[start..start + length].to_vec();
            block.sort_unstable();
            shifts.push(block);
            order = shifted_order;
        }
    }

    /// Up to `longest` word ids below `vocabulary`, each marked as punctuation with the
    /// probability `punctuation`.
    fn word_ids(
        vocabulary: u32,
        punctuation: f64,
        longest: usize,
    ) -> impl proptest::strategy::Strategy<Value = Vec<u32>> {
        use proptest::strategy::Strategy;
        let word = (0..vocabulary, proptest::bool::weighted(punctuation));
        proptest::collection::vec(word, 0..=longest).prop_map(|words| {
            words
                .into_iter()
                .map(|(id, mark)| if mark { id | PUNCTUATION } else { id })
                .collect()
        })
    }

    fn reversed(words: &[u32]) -> Vec<u32> {
        words.iter().rev().copied().collect()
    }

    /// The forward table of `hypothesis` and the backward one (of the reversed sequences).
    fn both_tables(
        hypothesis: &[u32],
        reference: &[u32],
        (forward, backward): (&mut Vec<Offset>, &mut Vec<Offset>),
        known: Option<(usize, usize)>,
    ) {
        forward_table(
            hypothesis,
            reference,
            forward,
            known.map(|(first, _)| first),
        );
        let end = known.map(|(_, end)| hypothesis.len() - end);
        forward_table(&reversed(hypothesis), &reversed(reference), backward, end);
    }

    /// Every shift of `current` against `reference`: the incremental distance equals the
    /// textbook distance of the moved sequence; returns how many shifts were checked.
    fn check_every_shift(current: &[u32], reference: &[u32]) -> usize {
        let (mut forward, mut backward) = (Vec::new(), Vec::new());
        both_tables(current, reference, (&mut forward, &mut backward), None);
        let (n, m) = (reference.len(), current.len());
        assert_eq!(
            distance_at(&forward, n, n, m),
            plain_distance(current, reference)
        );
        assert_eq!(
            distance_at(&backward, n, n, m),
            plain_distance(current, reference)
        );
        let (mut column, mut next) = (Vec::new(), Vec::new());
        let indices: Vec<usize> = (0..m).collect();
        let mut checked = 0;
        for start in 0..m {
            for length in 1..=m - start {
                for target in 0..=m - length {
                    if target == start {
                        continue;
                    }
                    let candidate: Vec<u32> = moved(&indices, start, length, target)
                        .iter()
                        .map(|&k| current[k])
                        .collect();
                    let incremental = shifted_distance(
                        current,
                        reference,
                        (&forward, &backward),
                        (start, length, target),
                        &mut column,
                        &mut next,
                    );
                    assert_eq!(
                        incremental,
                        plain_distance(&candidate, reference),
                        "start {start} length {length} target {target}"
                    );
                    checked += 1;
                }
            }
        }
        checked
    }

    proptest::proptest! {
        /// Both ways of extending a line, the portable one and AVX2's where the CPU has it,
        /// give the line of the textbook recurrence.
        #[test]
        fn every_way_of_extending_a_line_is_the_recurrence(
            cells in proptest::collection::vec((-40i32..40, 0u32..3), 0..40),
            word in 0u32..3,
            first in -40i32..40,
        ) {
            let previous: Vec<Offset> = std::iter::once(first).chain(cells.iter().map(|c| c.0)).collect();
            let words: Vec<u32> = cells.iter().map(|c| c.1).collect();
            let mut expected = vec![first + OFFSET_INDEL];
            for k in 1..=words.len() {
                let diagonal = previous[k - 1] + offset_substitution(words[k - 1], word);
                expected.push(diagonal.min(previous[k] + OFFSET_INDEL).min(expected[k - 1]));
            }
            let mut portable = vec![first + OFFSET_INDEL; previous.len()];
            diagonal_and_across(&previous, &words, word, &mut portable);
            running_minimum(&mut portable, Offset::MAX);
            proptest::prop_assert_eq!(&portable, &expected);
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                let mut vectorised = vec![first + OFFSET_INDEL; previous.len()];
                // SAFETY: the CPU has AVX2.
                unsafe { avx2::extend(&previous, &words, word, &mut vectorised) };
                proptest::prop_assert_eq!(&vectorised, &expected);
            }
        }
    }

    #[test]
    fn fewest_edits_counts_the_words_one_side_has_beyond_the_other() {
        let mut vocabulary = Vec::new();
        let hypothesis = ids("the cat sat on the mat", &mut vocabulary);
        let reference = ids("on the mat the cat sat", &mut vocabulary);
        assert_eq!(fewest_edits(&hypothesis, &reference), 0);
        let other = ids("a dog sat on the mat today", &mut vocabulary);
        // "the" and "cat" against "a", "dog" and "today": three words of the longer side.
        assert_eq!(fewest_edits(&hypothesis, &other), 3);
        assert_eq!(fewest_edits(&other, &hypothesis), 3);
        assert_eq!(fewest_edits(&[], &other), 7);
    }

    proptest::proptest! {
        /// The shifts chosen with bounds and incremental distances are those of the exhaustive
        /// search (words from a small vocabulary, so that blocks repeat and shifts pay).
        #[test]
        fn bounded_search_chooses_the_exhaustive_searchs_shifts(
            hypothesis in word_ids(4, 0.1, 15),
            reference in word_ids(4, 0.1, 15),
        ) {
            proptest::prop_assert_eq!(align(&hypothesis, &reference).shifts, exhaustive_shifts(&hypothesis, &reference));
        }

        #[test]
        fn fewest_edits_is_a_lower_bound_of_the_alignments_edits(
            hypothesis in word_ids(6, 0.2, 15),
            reference in word_ids(6, 0.2, 15),
        ) {
            let bound = fewest_edits(&hypothesis, &reference);
            proptest::prop_assert!(bound <= align(&hypothesis, &reference).edits());
            proptest::prop_assert!(bound >= hypothesis.len().abs_diff(reference.len()));
        }

        #[test]
        fn incremental_distances_equal_the_textbook_recurrence(
            hypothesis in word_ids(5, 0.2, 13),
            reference in word_ids(5, 0.2, 13),
        ) {
            check_every_shift(&hypothesis, &reference);
        }
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
        assert_eq!(plain_distance(&current, &reference), 19);
        assert_eq!(check_every_shift(&current, &reference), 728);
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
                    both_tables(&current, &reference, (&mut forward, &mut backward), None);
                    let shifted: Vec<u32> = moved(&indices, start, length, target)
                        .iter()
                        .map(|&k| current[k])
                        .collect();
                    let (first, end) = (start.min(target), (start + length).max(target + length));
                    both_tables(
                        &shifted,
                        &reference,
                        (&mut forward, &mut backward),
                        Some((first, end)),
                    );
                    both_tables(
                        &shifted,
                        &reference,
                        (&mut fresh_forward, &mut fresh_backward),
                        None,
                    );
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
