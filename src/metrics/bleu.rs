//! BLEU (Papineni et al. 2002) exactly as sacreBLEU 2.6 computes it: clipped n-gram matches
//! against the per-n-gram maximum over references, closest reference length with ties going to
//! the shorter reference, the four smoothing methods of Chen & Cherry (2014) as sacreBLEU
//! implements them, and sacreBLEU's floating-point operation order.

use super::ngram::{ngram_count, MatchState, NgramTrie, UNKNOWN_UNIT};
use super::numeric::{PythonOrNumpy, Real};
use super::vocabulary::Vocabulary;
use super::{Metric, Score, ScoreDetails, Signature, StatisticColumn};
use crate::error::{Error, Result, Setting};
use crate::text::{python_fixed, python_rstrip};
use crate::tokenize::{tokens, Tokenizer};
use serde::{Serialize, Serializer};
use smallvec::{smallvec, SmallVec};
use std::ops::AddAssign;
use std::sync::Arc;

/// How BLEU treats orders without matches (sacreBLEU `--smooth-method`/`--smooth-value`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Smoothing {
    /// Exponential decay: the k-th order without matches gets `1/2^k` of a match.
    Exp,
    /// Orders without matches get `value` matches.
    Floor(f64),
    /// Add `k` to matches and totals of every order above one.
    AddK(f64),
    /// No smoothing.
    None,
}

impl Smoothing {
    /// Parses sacreBLEU's method name and optional value, substituting its defaults
    /// (floor 0.1, add-k 1).
    pub fn from_method(method: &str, value: Option<f64>) -> Result<Self> {
        Ok(match method {
            "exp" => Smoothing::Exp,
            "none" => Smoothing::None,
            "floor" => Smoothing::Floor(value.unwrap_or(0.1)),
            "add-k" => Smoothing::AddK(value.unwrap_or(1.0)),
            _ => {
                return Err(Error::invalid_option(
                    Setting::SmoothMethod,
                    method,
                    "choose one of exp, floor, add-k, none",
                ))
            }
        })
    }

    fn signature(&self) -> String {
        match self {
            Smoothing::Exp => "exp".to_string(),
            Smoothing::None => "none".to_string(),
            Smoothing::Floor(v) => format!("floor[{}]", python_fixed(*v, 2)),
            Smoothing::AddK(k) => format!("add-k[{}]", python_fixed(*k, 2)),
        }
    }
}

/// BLEU configuration (sacreBLEU's `BLEU(...)` arguments).
#[derive(Debug, Clone)]
pub struct Bleu {
    pub lowercase: bool,
    pub tokenizer: Arc<dyn Tokenizer>,
    pub smoothing: Smoothing,
    pub max_ngram_order: usize,
    pub effective_order: bool,
}

impl Bleu {
    /// sacreBLEU's defaults with the given tokenizer.
    pub fn new(tokenizer: Arc<dyn Tokenizer>) -> Self {
        Bleu {
            lowercase: false,
            tokenizer,
            smoothing: Smoothing::Exp,
            max_ngram_order: 4,
            effective_order: false,
        }
    }

    /// Lowercase, rstrip, tokenize: sacreBLEU's `_preprocess_segment`.
    fn preprocess(&self, line: &str, out: &mut String) {
        out.clear();
        // Tokenizing adds spaces; reserving once spares the growth steps.
        out.reserve(line.len() + line.len() / 2 + 2);
        if self.lowercase {
            self.tokenizer
                .tokenize_into(python_rstrip(&line.to_lowercase()), out);
        } else {
            self.tokenizer.tokenize_into(python_rstrip(line), out);
        }
    }
}

/// Counts per n-gram order, inline up to sacreBLEU's default order 4 (no allocation per
/// segment; 96 bytes of [`BleuStats`] per segment and system).
pub type OrderCounts = SmallVec<[u64; 4]>;

/// Per-segment BLEU statistics: lengths, and matches and totals per n-gram order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BleuStats {
    pub hyp_len: u64,
    pub ref_len: u64,
    pub correct: OrderCounts,
    pub total: OrderCounts,
}

impl AddAssign<&BleuStats> for BleuStats {
    fn add_assign(&mut self, other: &BleuStats) {
        self.hyp_len += other.hyp_len;
        self.ref_len += other.ref_len;
        add_counts(&mut self.correct, &other.correct);
        add_counts(&mut self.total, &other.total);
    }
}

fn add_counts(sum: &mut OrderCounts, add: &[u64]) {
    if sum.len() < add.len() {
        sum.resize(add.len(), 0);
    }
    for (s, a) in sum.iter_mut().zip(add) {
        *s += a;
    }
}

/// What sacreBLEU's `BLEUScore` reports besides the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BleuDetails {
    /// Matches per order (after add-k smoothing, as sacreBLEU reports them).
    #[serde(serialize_with = "serialize_counts")]
    pub counts: Vec<f64>,
    /// Hypothesis n-grams per order (after add-k smoothing).
    #[serde(serialize_with = "serialize_counts")]
    pub totals: Vec<f64>,
    /// Modified precisions per order, 0–100.
    pub precisions: Vec<f64>,
    /// Brevity penalty.
    pub bp: f64,
    pub sys_len: u64,
    pub ref_len: u64,
}

/// Counts are integers unless add-k smoothing added a fractional k; print them as such.
fn serialize_counts<S: Serializer>(counts: &[f64], serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = serializer.serialize_seq(Some(counts.len()))?;
    for &count in counts {
        if count.fract() == 0.0 && count.abs() < 9.0e15 {
            seq.serialize_element(&(count as i64))?;
        } else {
            seq.serialize_element(&count)?;
        }
    }
    seq.end()
}

impl BleuDetails {
    /// sacreBLEU's verbose string: `82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)`.
    pub fn verbose(&self) -> String {
        let precisions: Vec<String> = self
            .precisions
            .iter()
            .map(|&p| python_fixed(p, 1))
            .collect();
        let ratio = if self.ref_len > 0 {
            self.sys_len as f64 / self.ref_len as f64
        } else {
            0.0
        };
        format!(
            "{} (BP = {} ratio = {} hyp_len = {} ref_len = {})",
            precisions.join("/"),
            python_fixed(self.bp, 3),
            python_fixed(ratio, 3),
            self.sys_len,
            self.ref_len
        )
    }
}

/// One segment's references, tokenized and counted once: their lengths, their vocabulary and
/// an n-gram trie with each n-gram's maximum count in any single reference (sacreBLEU's
/// clipping counts), shared by every system.
#[derive(Debug, Default)]
pub struct BleuReference {
    lengths: Vec<u64>,
    vocabulary: Vocabulary,
    trie: NgramTrie,
}

/// Working memory for one thread.
#[derive(Debug, Default)]
pub struct BleuScratch {
    hypothesis: String,
    hypothesis_ids: Vec<u32>,
    used: MatchState,
}

impl Metric for Bleu {
    type Stats = BleuStats;
    type Reference = BleuReference;
    type Scratch = BleuScratch;

    fn name(&self) -> String {
        "BLEU".to_string()
    }

    fn signature(&self, nrefs: usize) -> Signature {
        let mut signature = Signature::with_reference_count(nrefs);
        signature.push("case", "c", if self.lowercase { "lc" } else { "mixed" });
        signature.push_flag("eff", "e", self.effective_order);
        signature.push("tok", "tok", self.tokenizer.signature());
        signature.push("smooth", "s", self.smoothing.signature());
        signature
    }

    fn prepare_reference(&self, references: &[&str]) -> BleuReference {
        let mut vocabulary = Vocabulary::default();
        let mut tokenized = String::new();
        let ids: Vec<Vec<u32>> = references
            .iter()
            .map(|reference| {
                self.preprocess(reference, &mut tokenized);
                // Tokens are separated by single spaces: at most this many new words.
                let words = memchr::memchr_iter(b' ', tokenized.as_bytes()).count() + 1;
                vocabulary.reserve(words, tokenized.len());
                let mut ids = Vec::with_capacity(words);
                ids.extend(tokens(&tokenized).map(|token| vocabulary.intern(token)));
                ids
            })
            .collect();
        let units: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        BleuReference {
            lengths: ids.iter().map(|ids| ids.len() as u64).collect(),
            vocabulary,
            trie: NgramTrie::new(&units, self.max_ngram_order),
        }
    }

    fn segment_stats(
        &self,
        hypothesis: &str,
        reference: &BleuReference,
        scratch: &mut BleuScratch,
    ) -> BleuStats {
        let max_order = self.max_ngram_order;
        self.preprocess(hypothesis, &mut scratch.hypothesis);
        scratch.hypothesis_ids.clear();
        scratch.hypothesis_ids.extend(
            tokens(&scratch.hypothesis)
                .map(|token| reference.vocabulary.get(token).unwrap_or(UNKNOWN_UNIT)),
        );
        let hyp_len = scratch.hypothesis_ids.len();
        let mut correct: OrderCounts = smallvec![0; max_order];
        reference.trie.count_matches(
            &scratch.hypothesis_ids,
            max_order,
            &mut scratch.used,
            &mut correct,
        );
        BleuStats {
            hyp_len: hyp_len as u64,
            ref_len: closest_reference_length(hyp_len as u64, &reference.lengths),
            correct,
            total: (1..=max_order).map(|n| ngram_count(hyp_len, n)).collect(),
        }
    }

    fn score(&self, stats: &BleuStats) -> Score {
        let integers = |values: &[u64]| -> Vec<PythonOrNumpy<f64>> {
            (0..self.max_ngram_order)
                .map(|n| PythonOrNumpy::Python(values.get(n).copied().unwrap_or(0) as f64))
                .collect()
        };
        let (score, details) = compute_bleu(
            self,
            integers(&stats.correct),
            integers(&stats.total),
            stats.hyp_len,
            stats.ref_len,
        );
        Score {
            metric: self.name(),
            score,
            details: ScoreDetails::Bleu(details),
        }
    }

    fn row_width(&self) -> usize {
        2 + 2 * self.max_ngram_order
    }

    fn push_row(&self, stats: &BleuStats, row: &mut Vec<f64>) {
        row.push(stats.hyp_len as f64);
        row.push(stats.ref_len as f64);
        for values in [&stats.correct, &stats.total] {
            row.extend(
                (0..self.max_ngram_order).map(|n| values.get(n).copied().unwrap_or(0) as f64),
            );
        }
    }

    fn statistic_columns(&self) -> Vec<StatisticColumn> {
        let orders = 1..=self.max_ngram_order;
        let mut columns = vec![
            StatisticColumn::count("hyp_len"),
            StatisticColumn::count("ref_len"),
        ];
        columns.extend(
            orders
                .clone()
                .map(|n| StatisticColumn::count(format!("match_{n}"))),
        );
        columns.extend(orders.map(|n| StatisticColumn::count(format!("total_{n}"))));
        columns
    }

    fn stats_from_row(&self, row: &[f64]) -> BleuStats {
        let counts = |values: &[f64]| values.iter().map(|&v| v as u64).collect();
        let order = self.max_ngram_order;
        BleuStats {
            hyp_len: row[0] as u64,
            ref_len: row[1] as u64,
            correct: counts(&row[2..2 + order]),
            total: counts(&row[2 + order..2 + 2 * order]),
        }
    }

    fn score_row<T: Real>(&self, sums: &[T]) -> PythonOrNumpy<T> {
        let order = self.max_ngram_order;
        let numbers = |range: std::ops::Range<usize>| {
            sums[range]
                .iter()
                .map(|&v| PythonOrNumpy::Numpy(v))
                .collect()
        };
        // sacreBLEU passes `int(stats[0])`, `int(stats[1])`: truncated lengths.
        let (score, _) = compute_bleu(
            self,
            numbers(2..2 + order),
            numbers(2 + order..2 + 2 * order),
            sums[0].to_f64() as u64,
            sums[1].to_f64() as u64,
        );
        PythonOrNumpy::Python(score)
    }

    fn sentence_level(&self) -> Self {
        Bleu {
            effective_order: true,
            ..self.clone()
        }
    }
}

/// The reference length closest to the hypothesis length; ties go to the shorter reference.
fn closest_reference_length(hyp_len: u64, lengths: &[u64]) -> u64 {
    let mut best: Option<(u64, u64)> = None;
    for &len in lengths {
        let diff = hyp_len.abs_diff(len);
        match best {
            Some((best_diff, best_len))
                if diff > best_diff || (diff == best_diff && len >= best_len) => {}
            _ => best = Some((diff, len)),
        }
    }
    best.map_or(0, |(_, len)| len)
}

/// sacreBLEU's `compute_bleu`, with its operation order, early exit and log floor. Matches
/// and totals are Python integers for corpus scores and `float32` sums inside bootstrap
/// resampling; [`PythonOrNumpy`] arithmetic covers both.
fn compute_bleu<T: Real>(
    bleu: &Bleu,
    mut counts: Vec<PythonOrNumpy<T>>,
    mut totals: Vec<PythonOrNumpy<T>>,
    sys_len: u64,
    ref_len: u64,
) -> (f64, BleuDetails) {
    let order = bleu.max_ngram_order;
    let mut bp = 1.0;
    if sys_len < ref_len {
        bp = if sys_len > 0 {
            (1.0 - ref_len as f64 / sys_len as f64).exp()
        } else {
            0.0
        };
    }
    let mut precisions = vec![PythonOrNumpy::Python(0.0); order];
    let finish = |score: f64,
                  counts: &[PythonOrNumpy<T>],
                  totals: &[PythonOrNumpy<T>],
                  precisions: &[PythonOrNumpy<T>]| {
        let doubles = |values: &[PythonOrNumpy<T>]| values.iter().map(|v| v.to_f64()).collect();
        let details = BleuDetails {
            counts: doubles(counts),
            totals: doubles(totals),
            precisions: doubles(precisions),
            bp,
            sys_len,
            ref_len,
        };
        (score, details)
    };
    if counts.iter().all(|c| c.to_f64() == 0.0) {
        return finish(0.0, &counts, &totals, &precisions);
    }

    let hundred = PythonOrNumpy::Python(100.0);
    let mut smooth_mteval = 1.0;
    let mut effective_order = order;
    for n in 0..order {
        if let Smoothing::AddK(k) = bleu.smoothing {
            if n > 0 {
                counts[n] = counts[n] + PythonOrNumpy::Python(k);
                totals[n] = totals[n] + PythonOrNumpy::Python(k);
            }
        }
        if totals[n].to_f64() == 0.0 {
            break;
        }
        if bleu.effective_order {
            effective_order = n + 1;
        }
        if counts[n].to_f64() == 0.0 {
            match bleu.smoothing {
                Smoothing::Exp => {
                    smooth_mteval *= 2.0;
                    precisions[n] = hundred / (PythonOrNumpy::Python(smooth_mteval) * totals[n]);
                }
                Smoothing::Floor(value) => {
                    precisions[n] = PythonOrNumpy::Python(100.0 * value) / totals[n];
                }
                Smoothing::AddK(_) | Smoothing::None => {}
            }
        } else {
            precisions[n] = hundred * counts[n] / totals[n];
        }
    }
    let log_sum: f64 = precisions[..effective_order]
        .iter()
        .map(|p| match p.to_f64() {
            0.0 => -9_999_999_999.0,
            p => p.ln(),
        })
        .fold(0.0, |sum, log| sum + log);
    let score = bp * (log_sum / effective_order as f64).exp();
    finish(score, &counts, &totals, &precisions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenizer_by_name;

    fn corpus_score(bleu: &Bleu, hyps: &[&str], refs: &[&[&str]]) -> Score {
        crate::metrics::corpus_score_of(bleu, hyps, refs)
    }

    fn bleu_13a() -> Bleu {
        Bleu::new(tokenizer_by_name("13a").unwrap())
    }

    #[test]
    fn readme_example_matches_sacrebleu() {
        let hyps = [
            "The dog bit the man.",
            "It wasn't surprising.",
            "The man had just bitten him.",
        ];
        let refs: [&[&str]; 2] = [
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
        ];
        let score = corpus_score(&bleu_13a(), &hyps, &refs);
        assert_eq!(score.score, 48.530827009929865);
        let ScoreDetails::Bleu(details) = &score.details else {
            panic!()
        };
        assert_eq!(details.counts, vec![14.0, 7.0, 5.0, 3.0]);
        assert_eq!(details.totals, vec![17.0, 14.0, 11.0, 8.0]);
        assert_eq!(
            details.verbose(),
            "82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)"
        );
    }

    #[test]
    fn perfect_match_is_sacrebleus_100_point_00000000000004() {
        let score = corpus_score(&bleu_13a(), &["a b c d e"], &[&["a b c d e"]]);
        assert_eq!(score.score, 100.00000000000004);
    }

    #[test]
    fn closest_length_tie_takes_shorter_reference() {
        assert_eq!(closest_reference_length(4, &[5, 3]), 3);
        assert_eq!(closest_reference_length(4, &[3, 5]), 3);
        assert_eq!(closest_reference_length(4, &[6, 4]), 4);
    }

    #[test]
    fn clipping_uses_maximum_count_in_any_single_reference() {
        // "the" appears twice in ref 1 and once in ref 2: three "the" in the hypothesis clip to 2.
        let score = corpus_score(&bleu_13a(), &["the the the"], &[&["the cat the"], &["the"]]);
        let ScoreDetails::Bleu(details) = &score.details else {
            panic!()
        };
        assert_eq!(details.counts[0], 2.0);
    }

    #[test]
    fn segment_statistics_of_the_default_order_are_kept_inline() {
        let bleu = bleu_13a();
        let reference = bleu.prepare_reference(&["the cat sat on the mat"]);
        let stats = bleu.segment_stats("the cat sat", &reference, &mut BleuScratch::default());
        assert_eq!(stats.correct.as_slice(), &[3, 2, 1, 0]);
        assert_eq!(stats.total.as_slice(), &[3, 2, 1, 0]);
        assert!(!stats.correct.spilled() && !stats.total.spilled());
        assert_eq!(std::mem::size_of::<BleuStats>(), 96);
    }

    #[test]
    fn signature_lists_settings_in_sacrebleu_order() {
        let mut bleu = bleu_13a();
        bleu.smoothing = Smoothing::from_method("floor", None).unwrap();
        assert!(bleu
            .signature(2)
            .format(false)
            .starts_with("nrefs:2|case:mixed|eff:no|tok:13a|smooth:floor[0.10]|version:"));
        // Python's `f"{v:.2f}"`, as sacreBLEU formats the value.
        for (value, written) in [(f64::NAN, "nan"), (f64::INFINITY, "inf"), (0.125, "0.12")] {
            assert_eq!(
                Smoothing::AddK(value).signature(),
                format!("add-k[{written}]")
            );
        }
    }
}
