//! chrF and chrF++ (Popović 2015, 2017) exactly as sacreBLEU 2.6 computes them: character
//! n-grams without whitespace, optional word n-grams with sacreBLEU's one-sided punctuation
//! split, per-segment choice of the best reference, micro-averaged corpus statistics and the
//! effective-order (default) or eps-smoothed F-score.

use super::ngram::{ngram_count, MatchState, NgramTrie, UNKNOWN_UNIT};
use super::numeric::{PythonOrNumpy, Real};
use super::vocabulary::Vocabulary;
use super::{Metric, Score, ScoreDetails, Signature, StatisticColumn};
use crate::text::{is_python_whitespace, python_split};
use smallvec::SmallVec;
use std::ops::AddAssign;

/// sacreBLEU's epsilon for empty orders.
const EPS: f64 = 1e-16;

/// chrF configuration (sacreBLEU's `CHRF(...)` arguments).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chrf {
    pub char_order: usize,
    pub word_order: usize,
    pub beta: u32,
    pub lowercase: bool,
    pub whitespace: bool,
    pub eps_smoothing: bool,
}

impl Default for Chrf {
    fn default() -> Self {
        Chrf {
            char_order: 6,
            word_order: 0,
            beta: 2,
            lowercase: false,
            whitespace: false,
            eps_smoothing: false,
        }
    }
}

/// chrF statistics: one segment's counts compactly, or their sum.
///
/// sacreBLEU's statistics vector holds per order (characters 1..nc, then words 1..nw) the triple
/// `[hyp, ref, match]`. Within one segment the n-gram totals follow from the lengths
/// ([`ngram_count`]), so a segment keeps only its four lengths and the matches per order as `u32`
/// (72 bytes with chrF++'s eight orders inline, see the size test); sums keep the full triples as
/// `u64`, so a corpus of any size adds exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChrfStats {
    /// One segment against its best reference.
    Segment(SegmentCounts),
    /// The sum of segments: per order the triple `[hyp, ref, match]`.
    Sum(Vec<u64>),
}

/// One segment's chrF counts: what its statistics vector is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentCounts {
    /// Characters (without whitespace unless kept) of the hypothesis and the chosen reference.
    hyp_chars: u32,
    ref_chars: u32,
    /// Words (after the punctuation split) of the hypothesis and the chosen reference.
    hyp_words: u32,
    ref_words: u32,
    /// How many of the orders in `matches` are character orders (the rest are word orders).
    char_order: u32,
    /// Matched n-grams per order, character orders first.
    matches: SmallVec<[u32; 8]>,
}

impl Default for ChrfStats {
    fn default() -> Self {
        ChrfStats::Sum(Vec::new())
    }
}

impl SegmentCounts {
    /// The segment's statistics vector: per order `[hyp, ref, match]`, with sacreBLEU's rule
    /// that a hypothesis total counts only when the reference has n-grams of that order.
    fn triples(&self) -> impl Iterator<Item = u64> + '_ {
        let char_order = self.char_order as usize;
        self.matches
            .iter()
            .enumerate()
            .flat_map(move |(order, &matched)| {
                let (hyp_len, ref_len, n) = if order < char_order {
                    (self.hyp_chars, self.ref_chars, order + 1)
                } else {
                    (self.hyp_words, self.ref_words, order - char_order + 1)
                };
                let ref_total = ngram_count(ref_len as usize, n);
                let hyp_total = if ref_total > 0 {
                    ngram_count(hyp_len as usize, n)
                } else {
                    0
                };
                [hyp_total, ref_total, u64::from(matched)]
            })
    }
}

impl ChrfStats {
    /// Appends sacreBLEU's statistics vector (per order `[hyp, ref, match]`) to `out`.
    fn extend_triples(&self, out: &mut Vec<u64>) {
        match self {
            ChrfStats::Segment(counts) => out.extend(counts.triples()),
            ChrfStats::Sum(sums) => out.extend_from_slice(sums),
        }
    }

    /// sacreBLEU's statistics vector: per order `[hyp, ref, match]`.
    fn triples(&self) -> Vec<u64> {
        let mut out = Vec::new();
        self.extend_triples(&mut out);
        out
    }
}

impl AddAssign<&ChrfStats> for ChrfStats {
    fn add_assign(&mut self, other: &ChrfStats) {
        if let ChrfStats::Segment(counts) = self {
            *self = ChrfStats::Sum(counts.triples().collect());
        }
        if let ChrfStats::Sum(sums) = self {
            match other {
                ChrfStats::Segment(counts) => add_values(sums, counts.triples()),
                ChrfStats::Sum(values) => add_values(sums, values.iter().copied()),
            }
        }
    }
}

/// Adds `values` element-wise to `sums`, lengthening `sums` with zeros where `values` is longer.
fn add_values(sums: &mut Vec<u64>, values: impl Iterator<Item = u64>) {
    for (index, value) in values.enumerate() {
        match sums.get_mut(index) {
            Some(sum) => *sum += value,
            None => sums.push(value),
        }
    }
}

/// A segment's length as stored in [`SegmentCounts`].
fn segment_count(length: usize) -> u32 {
    u32::try_from(length).expect("a segment holds fewer than 2^32 characters")
}

/// One segment's references, counted once into character and word n-gram tries (one trie of
/// each for all references, keeping each reference's own counts) that every system's
/// hypotheses are matched against.
#[derive(Debug, Default)]
pub struct ChrfReference {
    chars: NgramTrie,
    words: NgramTrie,
    /// The word ids of every reference's words.
    word_vocabulary: Vocabulary,
    /// Per reference: its characters and its words.
    lengths: Vec<(usize, usize)>,
}

/// Working memory for one thread.
#[derive(Debug, Default)]
pub struct ChrfScratch {
    hypothesis_chars: Vec<u32>,
    hypothesis_words: Vec<u32>,
    /// Working memory of the n-gram matching.
    ngram_state: MatchState,
    /// Per order and reference (`order * references + reference`): matched character n-grams,
    /// then word n-grams.
    char_matches: Vec<u64>,
    word_matches: Vec<u64>,
    triples: Vec<u64>,
}

/// Reference `index`'s entries of matches counted per order and reference (`order *
/// references + reference`), in order.
fn of_reference(matches: &[u64], index: usize, references: usize) -> impl Iterator<Item = &u64> {
    matches.iter().skip(index).step_by(references)
}

/// sacreBLEU's word tokenization for chrF++: split on whitespace, then split one punctuation
/// character off the end (or else the start) of each token longer than one character.
fn words_with_punctuation_split(sentence: &str) -> Vec<&str> {
    let is_punct = |c: char| c.is_ascii_punctuation();
    let mut words = Vec::new();
    for word in python_split(sentence) {
        let mut chars = word.chars();
        let first = chars.next();
        let last = chars.next_back();
        match (first, last) {
            (Some(_), None) => words.push(word),
            (Some(_), Some(last)) if is_punct(last) => {
                let cut = word.len() - last.len_utf8();
                words.extend([&word[..cut], &word[cut..]]);
            }
            (Some(first), Some(_)) if is_punct(first) => {
                let cut = first.len_utf8();
                words.extend([&word[..cut], &word[cut..]]);
            }
            _ => words.push(word),
        }
    }
    words
}

impl Chrf {
    /// Replaces `out` with the code points of `sentence`, without whitespace unless kept
    /// (sacreBLEU's `''.join(line.split())`).
    fn char_units(&self, sentence: &str, out: &mut Vec<u32>) {
        let keep_whitespace = self.whitespace;
        out.clear();
        // One unit per byte at most: no growth check fails while pushing.
        out.reserve(sentence.len());
        for c in sentence.chars() {
            if keep_whitespace || !is_python_whitespace(c) {
                out.push(u32::from(c));
            }
        }
    }

    fn lowercased<'a>(&self, sentence: &'a str) -> std::borrow::Cow<'a, str> {
        if self.lowercase {
            std::borrow::Cow::Owned(sentence.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(sentence)
        }
    }

    fn total_order(&self) -> usize {
        self.char_order + self.word_order
    }

    /// sacreBLEU's `_compute_f_score` over per-order `[hyp, ref, match]` statistics: Python
    /// integers for corpus scores, `float32` sums inside bootstrap resampling.
    fn f_score<T: Real>(&self, stats: &[T]) -> PythonOrNumpy<T> {
        let py = PythonOrNumpy::<T>::Python;
        let zero = T::default();
        let factor = py(f64::from(self.beta * self.beta));
        let mut score = py(0.0);
        let mut avg_prec = py(0.0);
        let mut avg_rec = py(0.0);
        let mut effective_order = 0u32;
        for order in 0..self.total_order() {
            let at = |k: usize| stats.get(3 * order + k).copied().unwrap_or(zero);
            let (n_hyp, n_ref, n_match) = (at(0), at(1), at(2));
            let ratio = |count: T| {
                if count > zero {
                    PythonOrNumpy::Numpy(n_match) / PythonOrNumpy::Numpy(count)
                } else {
                    py(EPS)
                }
            };
            let (prec, rec) = (ratio(n_hyp), ratio(n_ref));
            let denom = factor * prec + rec;
            score = score
                + if denom.to_f64() > 0.0 {
                    (py(1.0) + factor) * prec * rec / denom
                } else {
                    py(EPS)
                };
            if n_hyp > zero && n_ref > zero {
                avg_prec = avg_prec + prec;
                avg_rec = avg_rec + rec;
                effective_order += 1;
            }
        }
        if self.eps_smoothing {
            return py(100.0) * score / py(self.total_order() as f64);
        }
        if effective_order == 0 {
            avg_prec = py(0.0);
            avg_rec = py(0.0);
        } else {
            avg_prec = avg_prec / py(f64::from(effective_order));
            avg_rec = avg_rec / py(f64::from(effective_order));
        }
        if (avg_prec + avg_rec).to_f64() != 0.0 {
            let score = (py(1.0) + factor) * avg_prec * avg_rec;
            let score = score / (factor * avg_prec + avg_rec);
            py(100.0) * score
        } else {
            py(0.0)
        }
    }

    /// The f-score of integer statistics (double precision, as for corpus scores).
    fn f_score_of_counts(&self, stats: &[u64]) -> f64 {
        let doubles: Vec<f64> = stats.iter().map(|&v| v as f64).collect();
        self.f_score(&doubles).to_f64()
    }
}

impl Metric for Chrf {
    type Stats = ChrfStats;
    type Reference = ChrfReference;
    type Scratch = ChrfScratch;

    fn name(&self) -> String {
        format!("chrF{}{}", self.beta, "+".repeat(self.word_order))
    }

    fn signature(&self, nrefs: usize) -> Signature {
        let mut signature = Signature::with_reference_count(nrefs);
        signature.push("case", "c", if self.lowercase { "lc" } else { "mixed" });
        signature.push_flag("eff", "e", !self.eps_smoothing);
        signature.push("nc", "nc", self.char_order.to_string());
        signature.push("nw", "nw", self.word_order.to_string());
        signature.push_flag("space", "s", self.whitespace);
        signature
    }

    fn prepare_reference(&self, references: &[&str]) -> ChrfReference {
        let mut prepared = ChrfReference::default();
        let mut chars: Vec<Vec<u32>> = Vec::with_capacity(references.len());
        let mut words: Vec<Vec<u32>> = Vec::with_capacity(references.len());
        for reference in references {
            let text = self.lowercased(reference);
            let mut units = Vec::new();
            self.char_units(&text, &mut units);
            let ids: Vec<u32> = if self.word_order > 0 {
                words_with_punctuation_split(&text)
                    .into_iter()
                    .map(|word| prepared.word_vocabulary.intern(word))
                    .collect()
            } else {
                Vec::new()
            };
            prepared.lengths.push((units.len(), ids.len()));
            chars.push(units);
            words.push(ids);
        }
        fn slices(units: &[Vec<u32>]) -> Vec<&[u32]> {
            units.iter().map(Vec::as_slice).collect()
        }
        prepared.chars = NgramTrie::each_reference(&slices(&chars), self.char_order);
        if self.word_order > 0 {
            prepared.words = NgramTrie::each_reference(&slices(&words), self.word_order);
        }
        prepared
    }

    fn segment_stats(
        &self,
        hypothesis: &str,
        reference: &ChrfReference,
        scratch: &mut ChrfScratch,
    ) -> ChrfStats {
        let hypothesis = self.lowercased(hypothesis);
        self.char_units(&hypothesis, &mut scratch.hypothesis_chars);
        let references = reference.lengths.len();
        scratch.char_matches.clear();
        scratch.char_matches.resize(self.char_order * references, 0);
        reference.chars.count_matches_each(
            &scratch.hypothesis_chars,
            self.char_order,
            &mut scratch.ngram_state,
            &mut scratch.char_matches,
        );
        scratch.word_matches.clear();
        scratch.word_matches.resize(self.word_order * references, 0);
        let hypothesis_words = if self.word_order > 0 {
            words_with_punctuation_split(&hypothesis)
        } else {
            Vec::new()
        };
        if self.word_order > 0 {
            scratch.hypothesis_words.clear();
            scratch.hypothesis_words.extend(
                hypothesis_words
                    .iter()
                    .map(|word| reference.word_vocabulary.get(word).unwrap_or(UNKNOWN_UNIT)),
            );
            reference.words.count_matches_each(
                &scratch.hypothesis_words,
                self.word_order,
                &mut scratch.ngram_state,
                &mut scratch.word_matches,
            );
        }
        let mut best: Option<(f64, SegmentCounts)> = None;
        for (index, &(ref_chars, ref_words)) in reference.lengths.iter().enumerate() {
            let counts = SegmentCounts {
                hyp_chars: segment_count(scratch.hypothesis_chars.len()),
                ref_chars: segment_count(ref_chars),
                hyp_words: segment_count(hypothesis_words.len()),
                ref_words: segment_count(ref_words),
                char_order: segment_count(self.char_order),
                matches: of_reference(&scratch.char_matches, index, references)
                    .chain(of_reference(&scratch.word_matches, index, references))
                    .map(|&m| segment_count(m as usize))
                    .collect(),
            };
            scratch.triples.clear();
            scratch.triples.extend(counts.triples());
            let f = self.f_score_of_counts(&scratch.triples);
            if best.as_ref().map_or(f > -1.0, |(best_f, _)| f > *best_f) {
                best = Some((f, counts));
            }
        }
        best.map_or_else(ChrfStats::default, |(_, counts)| ChrfStats::Segment(counts))
    }

    fn score(&self, stats: &ChrfStats) -> Score {
        Score {
            metric: self.name(),
            score: self.f_score_of_counts(&stats.triples()),
            details: ScoreDetails::None {},
        }
    }

    fn row_width(&self) -> usize {
        3 * self.total_order()
    }

    fn push_row(&self, stats: &ChrfStats, row: &mut Vec<f64>) {
        let padded = stats.triples().into_iter().chain(std::iter::repeat(0));
        row.extend(padded.take(self.row_width()).map(|count| count as f64));
    }

    fn statistic_columns(&self) -> Vec<StatisticColumn> {
        (0..self.total_order())
            .flat_map(|order| {
                let unit = if order < self.char_order {
                    format!("char{}", order + 1)
                } else {
                    format!("word{}", order - self.char_order + 1)
                };
                ["hyp", "ref", "match"].map(|what| StatisticColumn::count(format!("{unit}_{what}")))
            })
            .collect()
    }

    fn stats_from_row(&self, row: &[f64]) -> ChrfStats {
        ChrfStats::Sum(row.iter().map(|&v| v as u64).collect())
    }

    fn score_row<T: Real>(&self, sums: &[T]) -> PythonOrNumpy<T> {
        self.f_score(sums)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(chrf: &Chrf, hyp: &str, refs: &[&str]) -> f64 {
        let prepared = chrf.prepare_reference(refs);
        chrf.score(&chrf.segment_stats(hyp, &prepared, &mut ChrfScratch::default()))
            .score
    }

    #[test]
    fn a_segment_without_references_matches_nothing() {
        // The library's callers refuse such a segment (sacreBLEU raises); scoring it must not
        // panic, and gives no match.
        for chrf in [
            Chrf::default(),
            Chrf {
                word_order: 2,
                ..Chrf::default()
            },
        ] {
            assert_eq!(sentence(&chrf, "a b", &[]), 0.0);
            let prepared = chrf.prepare_reference(&[]);
            let stats = chrf.segment_stats("a b", &prepared, &mut ChrfScratch::default());
            assert_eq!(stats.triples(), Vec::<u64>::new());
        }
    }

    #[test]
    fn spec_edge_values() {
        let default = Chrf::default();
        let eps = Chrf {
            eps_smoothing: true,
            ..Chrf::default()
        };
        assert_eq!(sentence(&default, "ab", &["abc"]), 63.636363636363626);
        assert_eq!(sentence(&eps, "ab", &["abc"]), 21.16402116402116);
        assert_eq!(sentence(&default, "", &[""]), 0.0);
        assert_eq!(sentence(&eps, "", &[""]), 1.0000000000000002e-14);
    }

    #[test]
    fn segment_statistics_are_compact_and_sum_to_the_triples() {
        assert_eq!(std::mem::size_of::<ChrfStats>(), 72);
        let chrf_pp = Chrf {
            word_order: 2,
            ..Chrf::default()
        };
        let prepared = chrf_pp.prepare_reference(&["a cat sat", "the cat"]);
        let stats = chrf_pp.segment_stats("the cat sat", &prepared, &mut ChrfScratch::default());
        let ChrfStats::Segment(counts) = &stats else {
            panic!("a segment's statistics are compact: {stats:?}")
        };
        // chrF++'s eight orders stay inline: no heap block per segment.
        assert!(!counts.matches.spilled());
        // The best reference is "the cat" (6 characters, 2 words, all matched by the
        // hypothesis's 9 characters and 3 words).
        let expected = [
            9, 6, 6, 8, 5, 5, 7, 4, 4, 6, 3, 3, 5, 2, 2, 4, 1, 1, // characters 1..6
            3, 2, 2, 2, 1, 1, // words 1..2
        ];
        assert_eq!(stats.triples(), expected);
        let mut sum = ChrfStats::default();
        sum += &stats;
        sum += &stats;
        let doubled: Vec<u64> = expected.iter().map(|count| 2 * count).collect();
        assert_eq!(sum, ChrfStats::Sum(doubled));
    }

    #[test]
    fn punctuation_splits_once_per_token() {
        assert_eq!(
            words_with_punctuation_split("(hi) hi!! a ."),
            vec!["(hi", ")", "hi!", "!", "a", "."]
        );
        assert_eq!(words_with_punctuation_split("'quoted"), vec!["'", "quoted"]);
    }

    #[test]
    fn names_follow_sacrebleu() {
        assert_eq!(Chrf::default().name(), "chrF2");
        let chrf_pp = Chrf {
            word_order: 2,
            ..Chrf::default()
        };
        assert_eq!(chrf_pp.name(), "chrF2++");
    }
}
