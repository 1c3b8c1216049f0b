//! Metrics as sums of per-segment sufficient statistics: every metric turns one segment into a
//! small vector of counts that add, and a corpus score is computed once from their sum
//! (sacreBLEU's `corpus_score` = `_compute_score_from_stats(sum(stats))`).

pub mod bleu;
pub mod chrf;
pub mod configuration;
pub mod evaluate;
pub mod ngram;
pub mod numeric;
pub mod shards;
pub mod signature;
pub mod statistics_file;
pub mod stats_matrix;
pub mod ter;
pub mod vocabulary;

use serde::Serialize;
use std::fmt::Debug;
use std::ops::AddAssign;

pub use signature::Signature;

/// Per-segment sufficient statistics: `Default` is the zero of the sum.
pub trait SegmentStats:
    Clone + Default + Debug + Send + Sync + for<'a> AddAssign<&'a Self>
{
}

impl<T> SegmentStats for T where
    T: Clone + Default + Debug + Send + Sync + for<'a> AddAssign<&'a Self>
{
}

/// A metric that scores hypotheses against one or more references per segment.
pub trait Metric: Clone + Send + Sync {
    /// The sufficient statistics of one segment; their sum scores a corpus.
    type Stats: SegmentStats;
    /// One segment's references, preprocessed once and reused for every system.
    type Reference: Send + Sync;
    /// Working memory reused from one segment to the next within a piece of work on one thread
    /// (a fresh one per piece): it must never change a result, so that results do not depend
    /// on how the segments are shared between threads.
    type Scratch: Default + Send;

    /// sacreBLEU's display name: `BLEU`, `chrF2`, `chrF2++`, `TER`.
    fn name(&self) -> String;
    /// The sacreBLEU-format signature for a run with `nrefs` references.
    fn signature(&self, nrefs: usize) -> Signature;
    /// Preprocesses (lowercases, tokenizes, counts) the references of one segment.
    fn prepare_reference(&self, references: &[&str]) -> Self::Reference;
    /// The sufficient statistics of one hypothesis segment.
    fn segment_stats(
        &self,
        hypothesis: &str,
        reference: &Self::Reference,
        scratch: &mut Self::Scratch,
    ) -> Self::Stats;
    /// The score of summed statistics.
    fn score(&self, stats: &Self::Stats) -> Score;
    /// Length of sacreBLEU's statistics vector for one segment (what resampling sums).
    fn row_width(&self) -> usize;
    /// Appends sacreBLEU's statistics vector of one segment to `row`.
    fn push_row(&self, stats: &Self::Stats, row: &mut Vec<f64>);
    /// What each entry of the statistics vector ([`Metric::push_row`]) counts, in order.
    fn statistic_columns(&self) -> Vec<StatisticColumn>;
    /// The statistics a statistics vector holds: the inverse of [`Metric::push_row`].
    fn stats_from_row(&self, row: &[f64]) -> Self::Stats;
    /// The score of a summed statistics vector held as NumPy values of precision `T`
    /// (`f32` in sacreBLEU's bootstrap, `f64` in approximate randomization).
    fn score_row<T: numeric::Real>(&self, sums: &[T]) -> numeric::PythonOrNumpy<T>;
    /// The configuration used for sentence-level scores (sacreBLEU's `--sentence-level` turns
    /// on BLEU's effective order; other metrics are unchanged).
    fn sentence_level(&self) -> Self {
        self.clone()
    }
}

/// One entry of a metric's statistics vector: its name (`hyp_len`, `char1_match`, …) and
/// whether it is an integer count (otherwise a float, as TER's average reference length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticColumn {
    pub name: String,
    pub integer: bool,
}

impl StatisticColumn {
    /// An integer count called `name`.
    pub fn count(name: impl Into<String>) -> Self {
        StatisticColumn {
            name: name.into(),
            integer: true,
        }
    }
}

/// A score with the details sacreBLEU reports for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// sacreBLEU's metric name (`BLEU`, `chrF2++`, …).
    pub metric: String,
    /// The score on sacreBLEU's 0–100 scale, at full precision.
    pub score: f64,
    /// Metric-specific details.
    #[serde(flatten)]
    pub details: ScoreDetails,
}

/// Details beyond the score, per metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ScoreDetails {
    Bleu(bleu::BleuDetails),
    Ter(ter::TerDetails),
    None {},
}

impl Score {
    /// sacreBLEU's verbose suffix of a score line (BLEU only; empty otherwise).
    pub fn verbose(&self) -> Option<String> {
        match &self.details {
            ScoreDetails::Bleu(details) => Some(details.verbose()),
            _ => None,
        }
    }
}

/// A configured metric of any kind, as selected on the command line.
#[derive(Debug, Clone)]
pub enum MetricConfig {
    Bleu(bleu::Bleu),
    Chrf(chrf::Chrf),
    Ter(ter::Ter),
}

/// One metric's results for every system of an evaluation.
#[derive(Debug, Clone)]
pub struct MetricRun {
    /// sacreBLEU's display name (`BLEU`, `chrF2`, …).
    pub name: String,
    /// Signature of the corpus scores.
    pub signature: Signature,
    /// Signature of the sentence scores (BLEU's effective order is on there).
    pub sentence_signature: Signature,
    /// Per system, in input order.
    pub systems: Vec<SystemScores>,
}

/// Corpus score and, when asked for, sentence scores and statistics rows of one system.
#[derive(Debug, Clone)]
pub struct SystemScores {
    pub corpus: Score,
    /// Sentence scores (empty unless [`RunOptions::sentence_scores`]).
    pub segments: Vec<Score>,
    /// sacreBLEU's per-segment statistics vectors (with [`RunOptions::statistics`]).
    pub statistics: Option<stats_matrix::StatsMatrix>,
    /// The corpus score of every group of segments given to [`MetricConfig::run_grouped`]
    /// (empty otherwise), from the summed statistics of the group's segments.
    pub groups: Vec<Score>,
}

/// What a metric run keeps besides corpus scores.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Score every segment (BLEU with effective order, as sacreBLEU's `--sentence-level`).
    pub sentence_scores: bool,
    /// Keep every segment's statistics vector, for significance tests.
    pub statistics: bool,
}

impl MetricConfig {
    /// Scores every system against the reference streams; sentence scores too when asked.
    pub fn run(
        &self,
        references: &[&[String]],
        systems: &[&[String]],
        options: RunOptions,
    ) -> MetricRun {
        self.run_grouped(references, systems, options, &[])
    }

    /// [`MetricConfig::run`], plus the corpus score of every group of segments (`groups[g]`:
    /// the indices of group `g`'s segments, ascending), summed from the segment statistics
    /// computed once for the whole corpus.
    pub fn run_grouped(
        &self,
        references: &[&[String]],
        systems: &[&[String]],
        options: RunOptions,
        groups: &[Vec<usize>],
    ) -> MetricRun {
        match self {
            MetricConfig::Bleu(m) => run_metric(m, references, systems, options, groups),
            MetricConfig::Chrf(m) => run_metric(m, references, systems, options, groups),
            MetricConfig::Ter(m) => run_metric(m, references, systems, options, groups),
        }
    }

    /// sacreBLEU's display name.
    pub fn name(&self) -> String {
        match self {
            MetricConfig::Bleu(m) => m.name(),
            MetricConfig::Chrf(m) => m.name(),
            MetricConfig::Ter(m) => m.name(),
        }
    }

    /// The signature for a run with `nrefs` references.
    pub fn signature(&self, nrefs: usize) -> Signature {
        match self {
            MetricConfig::Bleu(m) => m.signature(nrefs),
            MetricConfig::Chrf(m) => m.signature(nrefs),
            MetricConfig::Ter(m) => m.signature(nrefs),
        }
    }

    /// What each entry of the metric's statistics vector counts.
    pub fn statistic_columns(&self) -> Vec<StatisticColumn> {
        match self {
            MetricConfig::Bleu(m) => m.statistic_columns(),
            MetricConfig::Chrf(m) => m.statistic_columns(),
            MetricConfig::Ter(m) => m.statistic_columns(),
        }
    }

    /// The corpus score of a system's statistics vectors, added in segment order as a run
    /// adds its segment statistics (so the score is the run's, bit for bit).
    pub fn score_statistics(&self, statistics: &stats_matrix::StatsMatrix) -> Score {
        match self {
            MetricConfig::Bleu(m) => score_rows(m, statistics),
            MetricConfig::Chrf(m) => score_rows(m, statistics),
            MetricConfig::Ter(m) => score_rows(m, statistics),
        }
    }

    /// The signature of sentence scores (BLEU's effective order on) with `nrefs` references.
    pub fn sentence_signature(&self, nrefs: usize) -> Signature {
        match self {
            MetricConfig::Bleu(m) => m.sentence_level().signature(nrefs),
            MetricConfig::Chrf(m) => m.sentence_level().signature(nrefs),
            MetricConfig::Ter(m) => m.sentence_level().signature(nrefs),
        }
    }

    /// Position in sacreBLEU's fixed output order: BLEU, chrF, TER.
    pub fn display_rank(&self) -> u8 {
        match self {
            MetricConfig::Bleu(_) => 0,
            MetricConfig::Chrf(_) => 1,
            MetricConfig::Ter(_) => 2,
        }
    }
}

/// One metric's running corpus sums for every system, fed a block of segments at a time
/// ([`MetricConfig::streaming`]): what `mteval score` keeps when it needs no per-segment results.
#[derive(Debug)]
pub enum StreamingRun {
    Bleu(evaluate::CorpusSums<bleu::Bleu>),
    Chrf(evaluate::CorpusSums<chrf::Chrf>),
    Ter(evaluate::CorpusSums<ter::Ter>),
}

impl MetricConfig {
    /// Empty running sums for `systems` systems.
    pub fn streaming(&self, systems: usize) -> StreamingRun {
        match self {
            MetricConfig::Bleu(m) => StreamingRun::Bleu(evaluate::CorpusSums::new(m, systems)),
            MetricConfig::Chrf(m) => StreamingRun::Chrf(evaluate::CorpusSums::new(m, systems)),
            MetricConfig::Ter(m) => StreamingRun::Ter(evaluate::CorpusSums::new(m, systems)),
        }
    }
}

impl StreamingRun {
    /// Adds the next block of segments of the reference streams and every system.
    pub fn add(&mut self, references: &[&[String]], systems: &[&[String]]) {
        match self {
            StreamingRun::Bleu(sums) => sums.add(references, systems),
            StreamingRun::Chrf(sums) => sums.add(references, systems),
            StreamingRun::Ter(sums) => sums.add(references, systems),
        }
    }

    /// The corpus scores of every system (no sentence scores or statistics) for a run with
    /// `nrefs` references.
    pub fn finish(self, nrefs: usize) -> MetricRun {
        match self {
            StreamingRun::Bleu(sums) => finish_sums(sums, nrefs),
            StreamingRun::Chrf(sums) => finish_sums(sums, nrefs),
            StreamingRun::Ter(sums) => finish_sums(sums, nrefs),
        }
    }
}

fn score_rows<M: Metric>(metric: &M, statistics: &stats_matrix::StatsMatrix) -> Score {
    let mut sum = M::Stats::default();
    let mut row = Vec::with_capacity(statistics.width());
    for segment in 0..statistics.segments() {
        row.clear();
        row.extend(statistics.row(segment));
        sum += &metric.stats_from_row(&row);
    }
    metric.score(&sum)
}

fn finish_sums<M: Metric>(sums: evaluate::CorpusSums<M>, nrefs: usize) -> MetricRun {
    let (metric, sums) = sums.into_parts();
    MetricRun {
        name: metric.name(),
        signature: metric.signature(nrefs),
        sentence_signature: metric.sentence_level().signature(nrefs),
        systems: sums
            .iter()
            .map(|sum| SystemScores {
                corpus: metric.score(sum),
                segments: Vec::new(),
                statistics: None,
                groups: Vec::new(),
            })
            .collect(),
    }
}

fn run_metric<M: Metric>(
    metric: &M,
    references: &[&[String]],
    systems: &[&[String]],
    options: RunOptions,
    groups: &[Vec<usize>],
) -> MetricRun {
    use rayon::prelude::*;
    let nrefs = references.len();
    let sentence_metric = metric.sentence_level();
    let stats = evaluate::segment_stats(metric, references, systems);
    // Each system's sums and statistics matrix apart, at once (one after the other they were a
    // serial phase after the parallel statistics).
    let systems = stats
        .par_iter()
        .map(|segments| SystemScores {
            corpus: metric.score(&evaluate::sum_stats(segments)),
            segments: if options.sentence_scores {
                segments
                    .par_iter()
                    .map(|s| sentence_metric.score(s))
                    .collect()
            } else {
                Vec::new()
            },
            statistics: options
                .statistics
                .then(|| stats_matrix::StatsMatrix::from_stats(metric, segments)),
            groups: groups
                .iter()
                .map(|indices| metric.score(&evaluate::sum_selected_stats(segments, indices)))
                .collect(),
        })
        .collect();
    MetricRun {
        name: metric.name(),
        signature: metric.signature(nrefs),
        sentence_signature: sentence_metric.signature(nrefs),
        systems,
    }
}

/// The corpus score of literal segments (`refs[k][i]`: segment `i` of reference stream `k`), for
/// the metrics' unit tests.
#[cfg(test)]
pub(crate) fn corpus_score_of<M: Metric>(metric: &M, hyps: &[&str], refs: &[&[&str]]) -> Score {
    let mut scratch = M::Scratch::default();
    let stats: Vec<M::Stats> = hyps
        .iter()
        .enumerate()
        .map(|(i, hyp)| {
            let segment_refs: Vec<&str> = refs.iter().map(|stream| stream[i]).collect();
            let prepared = metric.prepare_reference(&segment_refs);
            metric.segment_stats(hyp, &prepared, &mut scratch)
        })
        .collect();
    metric.score(&evaluate::sum_stats(&stats))
}
