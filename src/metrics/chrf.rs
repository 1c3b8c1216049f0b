//! chrF and chrF++ (Popović 2015, 2017) exactly as sacreBLEU 2.6 computes them: character
//! n-grams without whitespace, optional word n-grams with sacreBLEU's one-sided punctuation
//! split, per-segment choice of the best reference, micro-averaged corpus statistics and the
//! effective-order (default) or eps-smoothed F-score.

use super::ngram::{ngram_count, NgramTrie, UNKNOWN_UNIT};
use super::numeric::{Real, Weak};
use super::{Metric, Score, ScoreDetails, Signature};
use crate::text::{is_python_whitespace, python_split};
use rustc_hash::FxHashMap;
use std::ops::AddAssign;

/// sacreBLEU's epsilon for empty orders.
const EPS: f64 = 1e-16;

/// chrF configuration (sacreBLEU's `CHRF(...)` arguments).
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Per order (characters 1..nc, then words 1..nw) the triple `[hyp, ref, match]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChrfStats(pub Vec<u64>);

impl AddAssign<&ChrfStats> for ChrfStats {
    fn add_assign(&mut self, other: &ChrfStats) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (s, o) in self.0.iter_mut().zip(&other.0) {
            *s += o;
        }
    }
}

/// One segment's references, each counted once into character and word n-gram tries that every
/// system's hypotheses are matched against.
#[derive(Debug, Default)]
pub struct ChrfReference {
    references: Vec<PreparedReference>,
}

#[derive(Debug, Default)]
struct PreparedReference {
    chars: NgramTrie,
    char_count: usize,
    words: NgramTrie,
    word_vocabulary: FxHashMap<Box<str>, u32>,
    word_count: usize,
}

/// Working memory for one thread.
#[derive(Debug, Default)]
pub struct ChrfScratch {
    hypothesis_chars: Vec<u32>,
    hypothesis_words: Vec<u32>,
    used: Vec<u32>,
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
    fn char_units<'a>(&self, sentence: &'a str) -> impl Iterator<Item = u32> + 'a {
        let keep_whitespace = self.whitespace;
        sentence
            .chars()
            .filter(move |&c| keep_whitespace || !is_python_whitespace(c))
            .map(u32::from)
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
    fn f_score<T: Real>(&self, stats: &[T]) -> Weak<T> {
        let py = Weak::<T>::Python;
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
                    Weak::Numpy(n_match) / Weak::Numpy(count)
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
        let mut occurrences = Vec::new();
        let references = references
            .iter()
            .map(|reference| {
                let text = self.lowercased(reference);
                let chars: Vec<u32> = self.char_units(&text).collect();
                let mut prepared = PreparedReference {
                    char_count: chars.len(),
                    ..PreparedReference::default()
                };
                prepared
                    .chars
                    .add_reference(&chars, self.char_order, &mut occurrences);
                if self.word_order > 0 {
                    let ids: Vec<u32> = words_with_punctuation_split(&text)
                        .into_iter()
                        .map(|word| {
                            let next = prepared.word_vocabulary.len() as u32;
                            *prepared.word_vocabulary.entry(word.into()).or_insert(next)
                        })
                        .collect();
                    prepared.word_count = ids.len();
                    prepared
                        .words
                        .add_reference(&ids, self.word_order, &mut occurrences);
                }
                prepared
            })
            .collect();
        ChrfReference { references }
    }

    fn segment_stats(
        &self,
        hypothesis: &str,
        reference: &ChrfReference,
        scratch: &mut ChrfScratch,
    ) -> ChrfStats {
        let hypothesis = self.lowercased(hypothesis);
        scratch.hypothesis_chars.clear();
        scratch
            .hypothesis_chars
            .extend(self.char_units(&hypothesis));
        let hypothesis_words = if self.word_order > 0 {
            words_with_punctuation_split(&hypothesis)
        } else {
            Vec::new()
        };
        let mut best: Option<(f64, Vec<u64>)> = None;
        for side in &reference.references {
            let mut matches = vec![0u64; self.total_order()];
            side.chars.count_matches(
                &scratch.hypothesis_chars,
                self.char_order,
                &mut scratch.used,
                &mut matches,
            );
            if self.word_order > 0 {
                scratch.hypothesis_words.clear();
                scratch
                    .hypothesis_words
                    .extend(hypothesis_words.iter().map(|word| {
                        side.word_vocabulary
                            .get(*word)
                            .copied()
                            .unwrap_or(UNKNOWN_UNIT)
                    }));
                side.words.count_matches(
                    &scratch.hypothesis_words,
                    self.word_order,
                    &mut scratch.used,
                    &mut matches[self.char_order..],
                );
            }
            let mut stats = Vec::with_capacity(3 * self.total_order());
            for (order, &matched) in matches.iter().enumerate() {
                let (hyp_len, ref_len, n) = if order < self.char_order {
                    (scratch.hypothesis_chars.len(), side.char_count, order + 1)
                } else {
                    (
                        hypothesis_words.len(),
                        side.word_count,
                        order - self.char_order + 1,
                    )
                };
                let ref_total = ngram_count(ref_len, n);
                let hyp_total = if ref_total > 0 {
                    ngram_count(hyp_len, n)
                } else {
                    0
                };
                stats.extend([hyp_total, ref_total, matched]);
            }
            let f = self.f_score_of_counts(&stats);
            if best.as_ref().map_or(f > -1.0, |(best_f, _)| f > *best_f) {
                best = Some((f, stats));
            }
        }
        ChrfStats(best.map(|(_, stats)| stats).unwrap_or_default())
    }

    fn score(&self, stats: &ChrfStats) -> Score {
        Score {
            metric: self.name(),
            score: self.f_score_of_counts(&stats.0),
            details: ScoreDetails::None {},
        }
    }

    fn row_width(&self) -> usize {
        3 * self.total_order()
    }

    fn push_row(&self, stats: &ChrfStats, row: &mut Vec<f64>) {
        row.extend((0..self.row_width()).map(|i| stats.0.get(i).copied().unwrap_or(0) as f64));
    }

    fn score_row<T: Real>(&self, sums: &[T]) -> Weak<T> {
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
