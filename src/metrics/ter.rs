//! Translation Edit Rate exactly as sacreBLEU 2.6 computes it (`lib_ter.py`, a re-implementation
//! of tercom 7.25): a beam-restricted edit distance plus a greedy search for block shifts.
//!
//! Words are mapped to per-segment `u32` ids. The shift search evaluates up to 1 000 shifted
//! hypotheses per hypothesis/reference pair; each evaluation reuses the matrix rows of the
//! unshifted hypothesis for their common prefix (sacreBLEU's trie cache does the same), runs
//! allocation-free on thread-local scratch buffers, and is skipped as soon as a lower bound
//! proves that the candidate cannot become the best shift. When the reference has at most 64
//! words, a bit-parallel (Myers/Hyyrö) Levenshtein distance gives that lower bound in a few word
//! operations per row, and it *is* the beam distance whenever the beam covers every row.

use super::numeric::{PythonOrNumpy, Real};
use super::{Metric, Score, ScoreDetails, Signature, StatisticColumn};
use crate::text::{python_rstrip, python_split};
use crate::tokenize::tercom::{tercom_text, tercom_tokenize, TercomOptions};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::ops::AddAssign;

/// `_MAX_SHIFT_SIZE`: the longest block a shift moves.
const MAX_SHIFT_SIZE: usize = 10;
/// `_MAX_SHIFT_DIST`: the largest `|start_ref − start_hyp|` of a shift candidate.
const MAX_SHIFT_DIST: usize = 50;
/// `_BEAM_WIDTH`: half-width of the band of columns computed per matrix row.
const BEAM_WIDTH: i64 = 25;
/// `_MAX_SHIFT_CANDIDATES`: the running total of evaluated shifts after which the search stops.
const MAX_SHIFT_CANDIDATES: usize = 1000;
/// A cost no path reaches (sacreBLEU uses 10^16); cells outside the beam hold it.
const INF: u32 = u32::MAX / 4;

/// TER configuration.
#[derive(Debug, Clone, Default)]
pub struct Ter {
    pub options: TercomOptions,
}

/// Sufficient statistics: edits (minimum over references) and the average reference length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TerStats {
    pub edits: u64,
    pub ref_length: f64,
}

impl AddAssign<&TerStats> for TerStats {
    fn add_assign(&mut self, other: &TerStats) {
        self.edits += other.edits;
        self.ref_length += other.ref_length;
    }
}

/// What sacreBLEU's `TERScore` reports besides the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerDetails {
    pub edits: u64,
    pub ref_length: f64,
}

/// One segment's tokenized references as word ids over a vocabulary shared by all of them.
#[derive(Debug, Default)]
pub struct TerReference {
    vocabulary: FxHashMap<Box<str>, u32>,
    references: Vec<ReferenceWords>,
    /// `Σ_k |ref_k| / K`, sacreBLEU's per-segment reference length.
    average_length: f64,
}

/// One tokenized reference.
#[derive(Debug, Default)]
struct ReferenceWords {
    words: Vec<u32>,
    /// Per vocabulary id (plus one empty entry for words outside the vocabulary), the bit set of
    /// the matrix columns whose reference word it is (column j + 1 for position j), in `stride`
    /// words (one spare for unaligned reads).
    column_bits: Vec<u64>,
    stride: usize,
    /// The ascending positions of each vocabulary id: `occurrences[offsets[id]..offsets[id + 1]]`.
    offsets: Vec<u32>,
    occurrences: Vec<u32>,
}

impl ReferenceWords {
    /// Indexes `words`, whose ids are below `vocabulary_size`.
    fn new(words: Vec<u32>, vocabulary_size: usize) -> Self {
        let stride = (words.len() + 1) / 64 + 2;
        let mut column_bits = vec![0u64; (vocabulary_size + 1) * stride];
        for (j, &word) in words.iter().enumerate() {
            column_bits[word as usize * stride + (j + 1) / 64] |= 1 << ((j + 1) % 64);
        }
        let mut offsets = vec![0u32; vocabulary_size + 2];
        for &word in &words {
            offsets[word as usize + 2] += 1;
        }
        for id in 2..offsets.len() {
            offsets[id] += offsets[id - 1];
        }
        // offsets[id + 1] is now where id's positions start; filling advances it to their end.
        let mut occurrences = vec![0u32; words.len()];
        for (j, &word) in words.iter().enumerate() {
            let slot = &mut offsets[word as usize + 1];
            occurrences[*slot as usize] = j as u32;
            *slot += 1;
        }
        ReferenceWords {
            words,
            column_bits,
            stride,
            offsets,
            occurrences,
        }
    }

    /// The ascending positions holding word `id`.
    #[inline]
    fn occurrences_of(&self, id: u32) -> &[u32] {
        let id = id as usize;
        &self.occurrences[self.offsets[id] as usize..self.offsets[id + 1] as usize]
    }

    /// Bit k set iff matrix column `lo + k` (reference position `lo + k − 1`) holds word `id`.
    #[inline]
    fn matches_from(&self, id: u32, lo: usize) -> u64 {
        let bits = &self.column_bits[id as usize * self.stride + lo / 64..];
        let offset = lo % 64;
        // `<< 1 << (63 − offset)` is `<< (64 − offset)`, and 0 for offset 0.
        (bits[0] >> offset) | (bits[1] << 1 << (63 - offset))
    }
}

impl Metric for Ter {
    type Stats = TerStats;
    type Reference = TerReference;
    type Scratch = TerScratch;

    fn name(&self) -> String {
        "TER".to_string()
    }

    fn signature(&self, nrefs: usize) -> Signature {
        let o = &self.options;
        let mut signature = Signature::with_reference_count(nrefs);
        signature.push("case", "c", if o.case_sensitive { "mixed" } else { "lc" });
        signature.push("tok", "t", "tercom");
        signature.push_flag("norm", "nr", o.normalized);
        signature.push_flag("punct", "pn", !o.no_punct);
        signature.push_flag("asian", "as", o.asian_support);
        signature
    }

    fn prepare_reference(&self, references: &[&str]) -> TerReference {
        let mut prepared = TerReference::default();
        let mut total_length = 0usize;
        let mut tokenized_references = Vec::with_capacity(references.len());
        for reference in references {
            let once;
            let text = if self.options.normalized {
                // sacreBLEU preprocesses references twice (`_cache_references`, then TER's
                // `_extract_reference_info`). That only matters when normalizing: its `'s `
                // rule fires on `x's,` only on the second pass. Otherwise the second pass is
                // the identity (lowercasing is idempotent, removed punctuation stays removed).
                once = tercom_tokenize(python_rstrip(reference), &self.options);
                tercom_text(&once, &self.options)
            } else {
                tercom_text(python_rstrip(reference), &self.options)
            };
            let words: Vec<u32> = python_split(&text)
                .map(|word| {
                    let next = prepared.vocabulary.len() as u32;
                    *prepared.vocabulary.entry(word.into()).or_insert(next)
                })
                .collect();
            total_length += words.len();
            tokenized_references.push(words);
        }
        // Ids are final only now: the indexes cover the whole segment vocabulary.
        let vocabulary_size = prepared.vocabulary.len();
        prepared.references = tokenized_references
            .into_iter()
            .map(|words| ReferenceWords::new(words, vocabulary_size))
            .collect();
        if !references.is_empty() {
            prepared.average_length = total_length as f64 / references.len() as f64;
        }
        prepared
    }

    fn segment_stats(
        &self,
        hypothesis: &str,
        reference: &TerReference,
        scratch: &mut TerScratch,
    ) -> TerStats {
        let tokenized = tercom_text(python_rstrip(hypothesis), &self.options);
        // Words outside the references all share one id: they never match a reference word,
        // and the edit-distance rows depend on hypothesis words only through such matches.
        let unknown = reference.vocabulary.len() as u32;
        let hyp: Vec<u32> = python_split(&tokenized)
            .map(|word| reference.vocabulary.get(word).copied().unwrap_or(unknown))
            .collect();
        let edits = reference
            .references
            .iter()
            .map(|words| translation_edit_rate(&hyp, words, scratch))
            .min()
            // No reference at all: count every hypothesis word, as for an empty one.
            .unwrap_or(hyp.len() as u64);
        TerStats {
            edits,
            ref_length: reference.average_length,
        }
    }

    fn score(&self, stats: &TerStats) -> Score {
        Score {
            metric: self.name(),
            score: self
                .score_row(&[stats.edits as f64, stats.ref_length])
                .to_f64(),
            details: ScoreDetails::Ter(TerDetails {
                edits: stats.edits,
                ref_length: stats.ref_length,
            }),
        }
    }

    fn row_width(&self) -> usize {
        2
    }

    fn push_row(&self, stats: &TerStats, row: &mut Vec<f64>) {
        row.extend([stats.edits as f64, stats.ref_length]);
    }

    fn statistic_columns(&self) -> Vec<StatisticColumn> {
        vec![
            StatisticColumn::count("edits"),
            StatisticColumn {
                name: "ref_len".to_string(),
                integer: false,
            },
        ]
    }

    fn stats_from_row(&self, row: &[f64]) -> TerStats {
        TerStats {
            edits: row[0] as u64,
            ref_length: row[1],
        }
    }

    fn score_row<T: Real>(&self, sums: &[T]) -> PythonOrNumpy<T> {
        edit_rate(sums[0], sums[1])
    }
}

/// sacreBLEU's `_compute_score_from_stats`: `100 * edits / ref_length`, with 100 for edits
/// against empty references and 0 when both are empty.
fn edit_rate<T: Real>(edits: T, ref_length: T) -> PythonOrNumpy<T> {
    let zero = T::default();
    let rate = if ref_length > zero {
        PythonOrNumpy::Numpy(edits) / PythonOrNumpy::Numpy(ref_length)
    } else if edits > zero {
        PythonOrNumpy::Python(1.0)
    } else {
        PythonOrNumpy::Python(0.0)
    };
    PythonOrNumpy::Python(100.0) * rate
}

/// An edit operation of the trace, rewriting the hypothesis into the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Match,
    Substitute,
    Insert,
    Delete,
}

/// The lowest `k` bits.
#[inline]
fn low_bits(k: usize) -> u64 {
    if k >= 64 {
        !0
    } else {
        (1u64 << k) - 1
    }
}

/// One beam row `i` in bit-parallel form (Myers 1999, Hyyrö 2003): the cost in the beam's first
/// column `lo`, and in bit k whether column `lo + k` costs one more (`pv`) or one less (`mv`)
/// than column `lo + k − 1` (for k = 0, a virtual column left of the beam).
///
/// Advancing a row evaluates sacreBLEU's recurrence on every column of a 64-column window at
/// once. Cells outside the beam are `INF` there; here they get finite *virtual* costs that can
/// never win a minimum: left of the beam, one more than the beam's first cell (the diagonal
/// from there ties at best with the step down); right of the previous row's beam, one more per
/// column (reaching them costs as much as the path along the new row, and their diagonals are
/// kept from matching). Columns beyond the beam only ever influence columns further right.
#[derive(Debug, Clone, Copy, Default)]
struct BandRow {
    pv: u64,
    mv: u64,
    first: u32,
}

impl BandRow {
    /// Row 0: column j costs j.
    fn top() -> Self {
        BandRow {
            pv: !0,
            mv: 0,
            first: 0,
        }
    }

    /// The cost in column `lo + k` (k < 64).
    #[inline]
    fn cost(self, k: usize) -> u32 {
        let between = low_bits(k + 1) & !1;
        self.first + (self.pv & between).count_ones() - (self.mv & between).count_ones()
    }

    /// The next row, one `step` further, where `eq` marks the columns (from the new beam's
    /// first) whose reference word equals the row's hypothesis word.
    #[inline(always)]
    fn advance(self, step: Step, eq: u64) -> Self {
        let shift = step.shift as usize;
        let first = if shift <= 1 {
            let bit = shift as u64;
            self.first + ((self.pv >> 1) & bit) as u32 - ((self.mv >> 1) & bit) as u32
        } else {
            self.cost(shift)
        };
        let (mut pv, mut mv) = if shift == 0 {
            // The virtual column left of the beam costs one more than the first.
            ((self.pv & !1), (self.mv | 1))
        } else {
            // Row 0 is all ones; any other row's vacated bits are virtual and reset below.
            ((self.pv >> shift) | (!0 << (64 - shift)), self.mv >> shift)
        };
        pv |= !step.inside;
        mv &= step.inside;
        let eq = eq & step.matchable;
        let d0 = ((eq & pv).wrapping_add(pv) ^ pv) | eq | mv;
        let hp = mv | !(d0 | pv);
        let hn = d0 & pv;
        let first = first + (hp & 1) as u32 - (hn & 1) as u32;
        // The virtual cell left of the new beam is one more than the one above it.
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        BandRow {
            pv: hn | !(d0 | hp),
            mv: hp & d0,
            first,
        }
    }
}

/// How a beam row's window sits relative to the previous row's, for [`BandRow::advance`].
#[derive(Debug, Clone, Copy, Default)]
struct Step {
    /// How many columns further right the beam starts (< 64).
    shift: u32,
    /// The columns (from the beam's first) that lie within the previous row's beam…
    inside: u64,
    /// …and those whose diagonal predecessor does, the only ones allowed to match.
    matchable: u64,
}

/// The best shift found so far: its gain and what ranks it (`length`, then earliest start, then
/// earliest target).
#[derive(Debug, Clone, Copy)]
struct Shift {
    gain: u32,
    start: usize,
    length: usize,
    target: usize,
}

/// Reusable buffers for one hypothesis/reference pair, kept per thread.
#[derive(Debug, Default)]
pub struct TerScratch {
    /// The current (shifted so far) hypothesis and a candidate shift of it.
    cur: Vec<u32>,
    shifted: Vec<u32>,
    /// Per matrix row, the beam's column range `[lo, hi)`; fixed for a pair since every
    /// shifted hypothesis has the same length.
    lo: Vec<usize>,
    hi: Vec<usize>,
    /// Every beam row spans fewer than 64 columns, so rows are [`BandRow`]s, and `steps[i]`
    /// leads from row `i − 1` to row `i`.
    bit_parallel: bool,
    steps: Vec<Step>,
    /// The current hypothesis's rows, bit-parallel…
    bands: Vec<BandRow>,
    /// …or else as `(n + 1) × (m + 1)` cost matrices (cells outside the beam are never written
    /// and stay `INF`), with the rows of a candidate.
    cost: Vec<u32>,
    candidate: Vec<u32>,
    /// Backtrace, reversed.
    trace: Vec<Op>,
    /// Reference position → aligned hypothesis position (−1 before the first).
    align: Vec<i32>,
    /// Prefix sums of the hypothesis and reference error flags.
    hyp_errors: Vec<u32>,
    ref_errors: Vec<u32>,
}

/// `translation_edit_rate(hyp, ref)`: shifts plus the edit distance after shifting.
fn translation_edit_rate(hyp: &[u32], reference: &ReferenceWords, s: &mut TerScratch) -> u64 {
    let n = hyp.len();
    let m = reference.words.len();
    if m == 0 {
        return n as u64;
    }
    if n == 0 {
        // Only insertions, and no word to shift.
        return m as u64;
    }
    s.reset(hyp, m);
    s.compute_current(0, reference);
    let mut shifts = 0u64;
    let mut checked = 0usize;
    loop {
        let best = s.best_shift(reference, &mut checked);
        if checked >= MAX_SHIFT_CANDIDATES {
            break;
        }
        let Some(best) = best else { break };
        shifts += 1;
        perform_shift(&s.cur, best.start, best.length, best.target, &mut s.shifted);
        let prefix = common_prefix(&s.cur, &s.shifted, best.start.min(best.target));
        std::mem::swap(&mut s.cur, &mut s.shifted);
        s.compute_current(prefix, reference);
    }
    shifts + u64::from(s.current_cost(n, m))
}

/// `_perform_shift`: moves `cur[start..start + length]` before position `target`, with
/// sacreBLEU's slices (clamped like Python's), including its quirk for
/// `start <= target <= start + length`.
fn perform_shift(cur: &[u32], start: usize, length: usize, target: usize, out: &mut Vec<u32>) {
    let end = start + length;
    out.clear();
    if target < start {
        out.extend_from_slice(&cur[..target]);
        out.extend_from_slice(&cur[start..end]);
        out.extend_from_slice(&cur[target..start]);
        out.extend_from_slice(&cur[end..]);
    } else if target > end {
        out.extend_from_slice(&cur[..start]);
        out.extend_from_slice(&cur[end..target]);
        out.extend_from_slice(&cur[start..end]);
        out.extend_from_slice(&cur[target..]);
    } else {
        let split = (length + target).min(cur.len());
        out.extend_from_slice(&cur[..start]);
        out.extend_from_slice(&cur[end..split]);
        out.extend_from_slice(&cur[start..end]);
        out.extend_from_slice(&cur[split..]);
    }
}

/// The length of the common prefix of `a` and `b` (of equal lengths), known to be at least
/// `from`.
fn common_prefix(a: &[u32], b: &[u32], from: usize) -> usize {
    let mut k = from;
    while k < a.len() && a[k] == b[k] {
        k += 1;
    }
    k
}

/// One beam row of costs from the previous one (sacreBLEU's recurrence; which operation wins a
/// tie is recovered from the costs during the backtrace); returns the row's minimum.
#[inline]
fn banded_row(
    prev: &[u32],
    row: &mut [u32],
    word: u32,
    reference: &[u32],
    lo: usize,
    hi: usize,
) -> u32 {
    let mut left = INF;
    let mut row_min = INF;
    let mut j = lo;
    if j == 0 {
        left = prev[0] + 1;
        row[0] = left;
        row_min = left;
        j = 1;
    }
    for j in j..hi {
        let diagonal = prev[j - 1] + u32::from(reference[j - 1] != word);
        let cost = diagonal.min(prev[j].min(left) + 1);
        row[j] = cost;
        left = cost;
        row_min = row_min.min(cost);
    }
    row_min
}

impl TerScratch {
    /// Sets up the buffers for a hypothesis of `hyp.len() ≥ 1` words against `m ≥ 1` reference
    /// words.
    fn reset(&mut self, hyp: &[u32], m: usize) {
        let n = hyp.len();
        self.cur.clear();
        self.cur.extend_from_slice(hyp);
        let ratio = m as f64 / n as f64;
        let beam = if (BEAM_WIDTH as f64) < ratio / 2.0 {
            (ratio / 2.0 + BEAM_WIDTH as f64).ceil() as i64
        } else {
            BEAM_WIDTH
        };
        self.lo.clear();
        self.hi.clear();
        self.lo.push(0);
        self.hi.push(m + 1);
        let mut widest = 0;
        for i in 1..=n {
            // `math.floor` of a non-negative double: truncation.
            let diagonal = (i as f64 * ratio) as i64;
            let lo = (diagonal - beam).max(0) as usize;
            let hi = if i == n {
                m + 1
            } else {
                (diagonal + beam).clamp(0, m as i64 + 1) as usize
            };
            widest = widest.max(hi - lo).max(lo - self.lo[i - 1]);
            self.lo.push(lo);
            self.hi.push(hi);
        }
        self.bit_parallel = widest < 64;
        if self.bit_parallel {
            self.bands.clear();
            self.bands.resize(n + 1, BandRow::top());
            self.steps.clear();
            self.steps.push(Step::default());
            for i in 1..=n {
                // Beams overlap: each starts at most `beam` columns right of the previous
                // diagonal, where the previous beam still reaches.
                let inside = self.hi[i - 1] - self.lo[i];
                self.steps.push(Step {
                    shift: (self.lo[i] - self.lo[i - 1]) as u32,
                    inside: low_bits(inside),
                    matchable: low_bits(inside + 1),
                });
            }
        } else {
            let cells = (n + 1) * (m + 1);
            self.cost.clear();
            self.cost.resize(cells, INF);
            for (j, cost) in self.cost[..=m].iter_mut().enumerate() {
                *cost = j as u32;
            }
            self.candidate.clear();
            self.candidate.resize(cells, INF);
        }
        self.align.resize(m, 0);
    }

    /// Row `i`'s [`BandRow`] from row `i − 1`'s for hypothesis word `word`.
    #[inline(always)]
    fn advance(&self, prev: BandRow, i: usize, word: u32, reference: &ReferenceWords) -> BandRow {
        prev.advance(self.steps[i], reference.matches_from(word, self.lo[i]))
    }

    /// Recomputes the current hypothesis's rows after row `from` (rows up to `from` only depend
    /// on the unchanged words before it).
    fn compute_current(&mut self, from: usize, reference: &ReferenceWords) {
        let n = self.cur.len();
        if self.bit_parallel {
            for i in from + 1..=n {
                self.bands[i] = self.advance(self.bands[i - 1], i, self.cur[i - 1], reference);
            }
        } else {
            let width = reference.words.len() + 1;
            for i in from + 1..=n {
                let (done, rest) = self.cost.split_at_mut(i * width);
                let (word, lo, hi) = (self.cur[i - 1], self.lo[i], self.hi[i]);
                banded_row(
                    &done[(i - 1) * width..],
                    rest,
                    word,
                    &reference.words,
                    lo,
                    hi,
                );
            }
        }
    }

    /// The current hypothesis's beam cost in cell `(i, j)` (`INF` outside the beam).
    #[inline]
    fn current_cost(&self, i: usize, j: usize) -> u32 {
        if self.bit_parallel {
            if j < self.lo[i] || j >= self.hi[i] {
                INF
            } else {
                self.bands[i].cost(j - self.lo[i])
            }
        } else {
            // Row 0 spans all m + 1 columns.
            self.cost[i * self.hi[0] + j]
        }
    }

    /// Builds the alignment and error flags from the current matrix's trace with insertions and
    /// deletions swapped (`_flip_trace` + `trace_to_alignment`). Each cell's operation is the
    /// first of match/substitution, deletion, insertion that attains its cost, which is the one
    /// sacreBLEU keeps since it replaces a candidate only by a strictly cheaper one.
    fn align_current(&mut self, reference: &[u32]) {
        let (mut i, mut j) = (self.cur.len(), reference.len());
        self.trace.clear();
        while i > 0 || j > 0 {
            let op = if i == 0 {
                Op::Insert
            } else if j == 0 {
                Op::Delete
            } else {
                let cost = self.current_cost(i, j);
                let matched = self.cur[i - 1] == reference[j - 1];
                if self.current_cost(i - 1, j - 1) + u32::from(!matched) == cost {
                    if matched {
                        Op::Match
                    } else {
                        Op::Substitute
                    }
                } else if self.current_cost(i - 1, j) + 1 == cost {
                    Op::Delete
                } else {
                    Op::Insert
                }
            };
            self.trace.push(op);
            match op {
                Op::Match | Op::Substitute => {
                    i -= 1;
                    j -= 1;
                }
                Op::Insert => j -= 1,
                Op::Delete => i -= 1,
            }
        }
        self.hyp_errors.clear();
        self.hyp_errors.push(0);
        self.ref_errors.clear();
        self.ref_errors.push(0);
        let (mut hyp_errors, mut ref_errors) = (0, 0);
        let mut hyp_position = -1i32;
        let mut ref_position = 0usize;
        for &op in self.trace.iter().rev() {
            match op {
                Op::Match | Op::Substitute => {
                    let error = u32::from(op == Op::Substitute);
                    hyp_position += 1;
                    self.align[ref_position] = hyp_position;
                    ref_position += 1;
                    hyp_errors += error;
                    ref_errors += error;
                    self.hyp_errors.push(hyp_errors);
                    self.ref_errors.push(ref_errors);
                }
                // An insertion into the hypothesis is a deletion from the reference.
                Op::Insert => {
                    self.align[ref_position] = hyp_position;
                    ref_position += 1;
                    ref_errors += 1;
                    self.ref_errors.push(ref_errors);
                }
                Op::Delete => {
                    hyp_position += 1;
                    hyp_errors += 1;
                    self.hyp_errors.push(hyp_errors);
                }
            }
        }
    }

    /// `_shift`: the best shift of the current hypothesis with a positive gain, if any, counting
    /// every evaluated candidate in `checked`. Candidates whose gain cannot reach the best one
    /// are counted but not fully evaluated: sacreBLEU keeps the maximum of
    /// `(gain, length, −start, −target)` and stops unless its gain is positive, so only
    /// candidates with a positive gain that beat the best so far can change the outcome.
    fn best_shift(&mut self, reference: &ReferenceWords, checked: &mut usize) -> Option<Shift> {
        let words = &reference.words[..];
        let (n, m) = (self.cur.len(), words.len());
        let pre = self.current_cost(n, m);
        if pre == 0 {
            // No error flags: every candidate is skipped.
            return None;
        }
        self.align_current(words);
        let mut best: Option<Shift> = None;
        for start in 0..n {
            let ref_begin = start.saturating_sub(MAX_SHIFT_DIST);
            let ref_end = (start + MAX_SHIFT_DIST + 1).min(m);
            // The reference positions where a match starts, ascending as sacreBLEU scans them.
            for &ref_start in reference.occurrences_of(self.cur[start]) {
                let ref_start = ref_start as usize;
                if ref_start < ref_begin {
                    continue;
                }
                if ref_start >= ref_end {
                    break;
                }
                let mut length = 1;
                loop {
                    if self.consider(reference, start, ref_start, length, pre, &mut best, checked)
                        && *checked >= MAX_SHIFT_CANDIDATES
                    {
                        return best;
                    }
                    if start + length == n
                        || ref_start + length == m
                        || length == MAX_SHIFT_SIZE
                        || self.cur[start + length] != words[ref_start + length]
                    {
                        break;
                    }
                    length += 1;
                }
            }
        }
        best
    }

    /// Evaluates the shifts of one matching block (`_shift`'s inner loop); returns false when
    /// the block is skipped without evaluating any shift.
    #[allow(clippy::too_many_arguments)]
    fn consider(
        &mut self,
        reference: &ReferenceWords,
        start: usize,
        ref_start: usize,
        length: usize,
        pre: u32,
        best: &mut Option<Shift>,
        checked: &mut usize,
    ) -> bool {
        if self.hyp_errors[start + length] == self.hyp_errors[start]
            || self.ref_errors[ref_start + length] == self.ref_errors[ref_start]
        {
            return false;
        }
        let aligned = self.align[ref_start];
        if start as i32 <= aligned && aligned < (start + length) as i32 {
            return false;
        }
        let mut previous_target = usize::MAX;
        for offset in 0..=length {
            // offset − 1 in sacreBLEU's terms: −1 targets the very beginning.
            let target = if ref_start + offset == 0 {
                0
            } else {
                (self.align[ref_start + offset - 1] + 1) as usize
            };
            if target == previous_target {
                continue;
            }
            previous_target = target;
            *checked += 1;
            // The highest cost with which this candidate beats the best so far (gain ≥ 1).
            let max_cost = match *best {
                None => pre as i64 - 1,
                Some(b) => {
                    let ties_win = (length, b.start, b.target) > (b.length, start, target);
                    pre as i64 - b.gain as i64 - i64::from(!ties_win)
                }
            };
            if max_cost < 0 {
                continue;
            }
            perform_shift(&self.cur, start, length, target, &mut self.shifted);
            let from = start.min(target);
            if let Some(cost) = self.candidate_cost(reference, from, max_cost as u32) {
                *best = Some(Shift {
                    gain: pre - cost,
                    start,
                    length,
                    target,
                });
            }
        }
        true
    }

    /// The beam edit distance of `self.shifted`, which equals the current hypothesis before
    /// position `from`, if it is at most `max_cost`, else `None`.
    fn candidate_cost(
        &mut self,
        reference: &ReferenceWords,
        from: usize,
        max_cost: u32,
    ) -> Option<u32> {
        let n = self.cur.len();
        let m = reference.words.len();
        let prefix = common_prefix(&self.cur, &self.shifted, from);
        let cost = if prefix == n {
            self.current_cost(n, m)
        } else if self.bit_parallel {
            let mut row = self.bands[prefix];
            for i in prefix + 1..=n {
                row = self.advance(row, i, self.shifted[i - 1], reference);
            }
            row.cost(m - self.lo[n])
        } else {
            // Every path crosses every row with non-decreasing costs, so a row minimum above
            // `max_cost` rules the candidate out.
            let width = m + 1;
            for i in prefix + 1..=n {
                let (done, rest) = self.candidate.split_at_mut(i * width);
                let prev = if i == prefix + 1 {
                    &self.cost[(i - 1) * width..i * width]
                } else {
                    &done[(i - 1) * width..]
                };
                let (word, lo, hi) = (self.shifted[i - 1], self.lo[i], self.hi[i]);
                if banded_row(prev, rest, word, &reference.words, lo, hi) > max_cost {
                    return None;
                }
            }
            self.candidate[n * width + m]
        };
        (cost <= max_cost).then_some(cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::signature::VERSION;

    fn corpus(ter: &Ter, hyps: &[&str], refs: &[&[&str]]) -> Score {
        crate::metrics::corpus_score_of(ter, hyps, refs)
    }

    fn check(hyps: &[&str], refs: &[&[&str]], score: f64, edits: u64, ref_length: f64) {
        let result = corpus(&Ter::default(), hyps, refs);
        assert_eq!(result.score, score, "{hyps:?}");
        assert_eq!(
            result.details,
            ScoreDetails::Ter(TerDetails { edits, ref_length })
        );
    }

    #[test]
    fn spec_edge_values() {
        check(&["a b c"], &[&["a b c"]], 0.0, 0, 3.0);
        check(&["a b c"], &[&["d e f"]], 100.0, 3, 3.0);
        check(&[""], &[&["a"]], 100.0, 1, 1.0);
        check(&["a b"], &[&[""]], 100.0, 2, 0.0);
        check(&[""], &[&[""]], 0.0, 0, 0.0);
        check(&["d e f g h a b c"], &[&["a b c d e f g h"]], 12.5, 1, 8.0);
        check(&["a b c"], &[&["a b c d e f"], &["x y"]], 75.0, 3, 4.0);
    }

    #[test]
    fn sacrebleu_test_suite_cases() {
        // sacreBLEU test/test_ter.py, expected score / 100 within 1e-5.
        check(
            &["aaaa bbbb cccc dddd"],
            &[&["aaaa bbbb cccc dddd"]],
            0.0,
            0,
            4.0,
        );
        check(&["dddd eeee ffff"], &[&["aaaa bbbb cccc"]], 100.0, 3, 3.0);
        let hyps = [
            "wählen Sie \" Bild neu berechnen , \" um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .",
            "wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option \" Alle Aufgaben aktualisieren . \"",
            "klicken Sie auf der Registerkarte \" Optionen \" auf die Schaltfläche \" Benutzerdefiniert \" und geben Sie Werte für \" Fehlerkorrektur-Level \" und \" Y / X-Verhältnis \" ein .",
            "Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .",
            "wählen Sie im Dialogfeld \" Neu aus Vorlage \" eine Vorlage aus und klicken Sie auf \" Neu . \"",
        ];
        let refs = [
            "wählen Sie \" Bild neu berechnen , \" um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .",
            "wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option \" Alle Aufgaben aktualisieren . \"",
            "klicken Sie auf der Registerkarte \" Optionen \" auf die Schaltfläche \" Benutzerdefiniert \" und geben Sie für \" Fehlerkorrektur-Level \" und \" Y / X-Verhältnis \" niedrigere Werte ein .",
            "Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .",
            "wählen Sie im Dialogfeld \" Neu aus Vorlage \" eine Vorlage aus und klicken Sie auf \" Neu . \"",
        ];
        let score = corpus(&Ter::default(), &hyps, &[&refs]).score;
        assert!((score / 100.0 - 0.136).abs() < 1e-5, "{score}");
    }

    #[test]
    fn sacrebleu_observed_cases() {
        // README example: 40.0, 6 edits, reference length 15.0.
        check(
            &[
                "The dog bit the man.",
                "It wasn't surprising.",
                "The man had just bitten him.",
            ],
            &[
                &[
                    "The dog bit the man.",
                    "It was not unexpected.",
                    "The man bit him first.",
                ],
                &[
                    "The dog had bit the man.",
                    "No one was surprised.",
                    "The man had bitten the dog.",
                ],
            ],
            40.0,
            6,
            15.0,
        );
        // Default lowercases: 0.0; case-sensitive: 100.0 with 2 edits.
        check(&["The Cat"], &[&["the cat"]], 0.0, 0, 2.0);
        let case_sensitive = Ter {
            options: TercomOptions {
                case_sensitive: true,
                ..TercomOptions::default()
            },
        };
        assert_eq!(
            corpus(&case_sensitive, &["The Cat"], &[&["the cat"]]).score,
            100.0
        );
        // Many shift candidates: 53.125, 17 edits, length 32.
        check(
            &["a b c d a b c d a b c d a b c d a b c d a b c d a b c d a b c d"],
            &[&["d c b a d c b a d c b a d c b a d c b a d c b a d c b a d c b a"]],
            53.125,
            17,
            32.0,
        );
        // normalized + no_punct: 0.0 over 4 words; normalized + asian: 40.0, 2 edits, 5 words.
        let options = TercomOptions {
            normalized: true,
            no_punct: true,
            ..TercomOptions::default()
        };
        let score = corpus(
            &Ter { options },
            &["Jim's car, (red)."],
            &[&["jim 's car red"]],
        );
        assert_eq!(score.score, 0.0);
        let options = TercomOptions {
            normalized: true,
            asian_support: true,
            ..TercomOptions::default()
        };
        let score = corpus(
            &Ter { options },
            &["美众院公布对特"],
            &[&["美 众 院 公 布"]],
        );
        assert_eq!(score.score, 40.0);
        assert_eq!(
            score.details,
            ScoreDetails::Ter(TerDetails {
                edits: 2,
                ref_length: 5.0
            })
        );
    }

    #[test]
    fn normalized_references_are_tokenized_twice() {
        // sacreBLEU 2.6.0: TER(normalized=True).corpus_score(["Squire's, x"], [["Squire's, x"]])
        // = 50.0 with 2 edits over 4 reference words (`squire 's , x` against `squire's , x`).
        let options = TercomOptions {
            normalized: true,
            ..TercomOptions::default()
        };
        let score = corpus(&Ter { options }, &["Squire's, x"], &[&["Squire's, x"]]);
        assert_eq!(score.score, 50.0);
        assert_eq!(
            score.details,
            ScoreDetails::Ter(TerDetails {
                edits: 2,
                ref_length: 4.0
            })
        );
    }

    #[test]
    fn shift_uses_python_slices() {
        let words = [0, 1, 2, 3, 4];
        let mut out = Vec::new();
        perform_shift(&words, 3, 2, 0, &mut out);
        assert_eq!(out, [3, 4, 0, 1, 2]);
        perform_shift(&words, 0, 2, 4, &mut out);
        assert_eq!(out, [2, 3, 0, 1, 4]);
        // target == start + length moves the block after the next `length` words.
        perform_shift(&words, 0, 2, 2, &mut out);
        assert_eq!(out, [2, 3, 0, 1, 4]);
        // ... clamped at the end.
        perform_shift(&words, 2, 2, 4, &mut out);
        assert_eq!(out, [0, 1, 4, 2, 3]);
        perform_shift(&words, 1, 2, 1, &mut out);
        assert_eq!(out, words);
    }

    #[test]
    fn signature() {
        assert_eq!(
            Ter::default().signature(2).format(false),
            format!("nrefs:2|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:{VERSION}")
        );
        assert_eq!(
            Ter::default().signature(2).format(true),
            format!("#:2|c:lc|t:tercom|nr:no|pn:yes|as:no|v:{VERSION}")
        );
    }
}
