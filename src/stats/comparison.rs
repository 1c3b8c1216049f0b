//! Comparing systems under one metric: sacreBLEU's baseline comparison (paired bootstrap or
//! approximate randomization, identical numbers), single-system confidence intervals, and, beyond
//! sacreBLEU, every pair of systems with Holm-corrected p-values and significance clusters.

use super::bootstrap::paired_bootstrap_p_value;
use super::ci::{exact_estimate, numpy_estimate, Estimate};
use super::correction::{holm_bonferroni, significance_clusters};
use super::randomization::{approximate_randomization_p_value, swap_masks};
use super::resample::{
    block_matrix, resample_all_scores, Blocks, Draws, Resamples, ScoreArray, Scorer, SharedDraws,
    StatsMatrix,
};
use super::Exceedance;
use crate::metrics::numeric::Real;
use crate::metrics::{MetricConfig, MetricRun, Signature};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

/// The significance test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Paired bootstrap resampling (sacreBLEU `--paired-bs`).
    Bootstrap,
    /// Paired approximate randomization (sacreBLEU `--paired-ar`).
    Randomization,
}

/// How a comparison resamples and decides.
#[derive(Debug, Clone)]
pub struct ComparisonOptions {
    pub method: Method,
    /// Bootstrap resamples or randomization trials.
    pub samples: usize,
    pub seed: u64,
    /// What is resampled: segments (sacreBLEU) or whole documents.
    pub blocks: Blocks,
    /// Whether `blocks` are documents (resampled in double precision; no sacreBLEU twin).
    pub documents: bool,
    /// Compare every pair of systems too.
    pub all_pairs: bool,
    /// Significance level for pairs and clusters.
    pub alpha: f64,
    /// The bootstrap draws, made once for every metric compared under these options.
    pub draws: SharedDraws,
}

impl ComparisonOptions {
    /// The bootstrap draws (the generator at each chunk's start, from which each chunk's block
    /// indices are drawn again), made on the first call (every metric compared under these
    /// options resamples the same blocks).
    pub fn bootstrap_draws(&self) -> Arc<Draws> {
        self.draws.get((self.seed, self.samples, self.blocks.len()))
    }
}

/// One metric's inputs: actual corpus scores and statistics of every system (index 0 is the
/// baseline).
#[derive(Debug, Clone)]
pub struct MetricSystems {
    pub metric: String,
    pub scorer: Scorer,
    pub scores: Vec<f64>,
    pub statistics: Vec<StatsMatrix>,
}

impl MetricSystems {
    /// The corpus scores and statistics rows of a run of `metric` made with
    /// [`RunOptions::statistics`](crate::metrics::RunOptions::statistics).
    pub fn from_run(metric: &MetricConfig, run: MetricRun) -> Self {
        MetricSystems {
            metric: run.name,
            scorer: Scorer::Metric(metric.clone()),
            scores: run.systems.iter().map(|s| s.corpus.score).collect(),
            statistics: run
                .systems
                .into_iter()
                .map(|s| s.statistics.expect("statistics were requested"))
                .collect(),
        }
    }
}

/// A metric ready to compare, with the signature its results are printed under.
#[derive(Debug, Clone)]
pub struct MetricInput {
    pub systems: MetricSystems,
    pub signature: Signature,
}

/// One system's result under one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemResult {
    pub score: f64,
    /// Bootstrap mean (None for approximate randomization, as in sacreBLEU).
    pub mean: Option<f64>,
    /// Half-width of the 95% bootstrap confidence interval.
    pub ci: Option<f64>,
    /// p-value against the baseline (None for the baseline itself).
    pub p_value: Option<f64>,
}

/// One pair of systems compared under one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairResult {
    pub a: usize,
    pub b: usize,
    /// `score(a) − score(b)`.
    pub difference: f64,
    /// Half-width of the 95% bootstrap interval of the difference (bootstrap only).
    pub ci: Option<f64>,
    pub p_value: f64,
    /// Holm–Bonferroni corrected over all pairs of this metric.
    pub p_corrected: f64,
    pub significant: bool,
}

/// Everything a comparison found for one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricComparison {
    pub systems: Vec<SystemResult>,
    pub pairs: Vec<PairResult>,
    /// Per system: its 1-based rank by score and its significance cluster (all-pairs only).
    pub ranks: Vec<usize>,
    pub clusters: Vec<usize>,
}

fn resample_all<T: Real>(
    inputs: &MetricSystems,
    options: &ComparisonOptions,
    draws: &Draws,
) -> Vec<ScoreArray> {
    let resamples = Resamples {
        blocks: &options.blocks,
        draws,
    };
    resample_all_scores::<T>(&inputs.statistics, resamples, &inputs.scorer)
}

/// Ranks systems by score (1 = best; TER: lowest is best).
fn ranking(inputs: &MetricSystems) -> Vec<usize> {
    let mut order: Vec<usize> = (0..inputs.scores.len()).collect();
    let better_first = |a: &usize, b: &usize| {
        let (x, y) = (inputs.scores[*a], inputs.scores[*b]);
        if inputs.scorer.higher_is_better() {
            y.total_cmp(&x)
        } else {
            x.total_cmp(&y)
        }
    };
    order.sort_by(better_first);
    order
}

/// A pair's test before correction: systems `a` and `b`, the half-width of the bootstrap
/// interval of their difference, and the raw p-value.
type PairTest = (usize, usize, Option<f64>, f64);

/// Runs the comparison for one metric.
pub fn compare_systems(inputs: &MetricSystems, options: &ComparisonOptions) -> MetricComparison {
    let (systems, pair_tests) = match options.method {
        Method::Bootstrap => bootstrap_tests(inputs, options),
        Method::Randomization => randomization_tests(inputs, options),
    };
    let pairs = corrected_pairs(inputs, &pair_tests, options.alpha);
    let (ranks, clusters) = ranks_and_clusters(inputs, &pairs, options.all_pairs);
    MetricComparison {
        systems,
        pairs,
        ranks,
        clusters,
    }
}

/// The pairs compared beyond the baseline: every `a < b` when all pairs are asked for.
fn wanted_pairs(count: usize, options: &ComparisonOptions) -> Vec<(usize, usize)> {
    (0..count)
        .flat_map(|a| (0..count).map(move |b| (a, b)))
        .filter(|&(a, b)| options.all_pairs && a < b)
        .collect()
}

/// Paired bootstrap resampling: every system's estimate and p-value against the baseline
/// (sacreBLEU's precision for its own metrics on segments), and the tests of the wanted pairs.
fn bootstrap_tests(
    inputs: &MetricSystems,
    options: &ComparisonOptions,
) -> (Vec<SystemResult>, Vec<PairTest>) {
    let count = inputs.scores.len();
    let sacrebleu_precision = !options.documents && matches!(inputs.scorer, Scorer::Metric(_));
    let draws = options.bootstrap_draws();
    let arrays = if sacrebleu_precision {
        resample_all::<f32>(inputs, options, &draws)
    } else {
        resample_all::<f64>(inputs, options, &draws)
    };
    let mut systems = Vec::with_capacity(count);
    for (s, array) in arrays.iter().enumerate() {
        let Estimate { mean, ci } = if count == 1 {
            exact_estimate(array)
        } else {
            numpy_estimate(array)
        };
        let p_value = (s > 0).then(|| {
            let observed = (inputs.scores[0] - inputs.scores[s]).abs();
            paired_bootstrap_p_value(&arrays[0], array, observed, Exceedance::Strict)
        });
        systems.push(SystemResult {
            score: inputs.scores[s],
            mean: Some(mean),
            ci: Some(ci),
            p_value,
        });
    }
    let pair_tests = wanted_pairs(count, options)
        .par_iter()
        .map(|&(a, b)| {
            let observed = inputs.scores[a] - inputs.scores[b];
            let differences: Vec<f64> = arrays[a]
                .to_f64()
                .iter()
                .zip(arrays[b].to_f64())
                .map(|(x, y)| x - y)
                .collect();
            let ci = numpy_estimate(&ScoreArray::F64(differences)).ci;
            let p = paired_bootstrap_p_value(
                &arrays[a],
                &arrays[b],
                observed.abs(),
                Exceedance::Inclusive,
            );
            (a, b, Some(ci), p)
        })
        .collect();
    (systems, pair_tests)
}

/// Paired approximate randomization: every system's p-value against the baseline, and the
/// tests of the wanted pairs.
fn randomization_tests(
    inputs: &MetricSystems,
    options: &ComparisonOptions,
) -> (Vec<SystemResult>, Vec<PairTest>) {
    let count = inputs.scores.len();
    let statistics: Vec<StatsMatrix> = if options.documents {
        inputs
            .statistics
            .iter()
            .map(|m| block_matrix(m, &options.blocks))
            .collect()
    } else {
        inputs.statistics.clone()
    };
    let units = statistics.first().map_or(0, StatsMatrix::segments);
    let masks = swap_masks(options.seed, options.samples, units);
    let test = |a: usize, b: usize, exceedance| {
        let observed = (inputs.scores[a] - inputs.scores[b]).abs();
        approximate_randomization_p_value(
            &statistics[a],
            &statistics[b],
            &masks,
            &inputs.scorer,
            observed,
            exceedance,
        )
    };
    let systems = (0..count)
        .map(|s| SystemResult {
            score: inputs.scores[s],
            mean: None,
            ci: None,
            p_value: (s > 0).then(|| test(0, s, Exceedance::Strict)),
        })
        .collect();
    let pair_tests = wanted_pairs(count, options)
        .into_iter()
        .map(|(a, b)| (a, b, None, test(a, b, Exceedance::Inclusive)))
        .collect();
    (systems, pair_tests)
}

/// The pairs with their Holm–Bonferroni corrected p-values, significant at `alpha`.
fn corrected_pairs(inputs: &MetricSystems, pair_tests: &[PairTest], alpha: f64) -> Vec<PairResult> {
    let raw: Vec<f64> = pair_tests.iter().map(|p| p.3).collect();
    let corrected = holm_bonferroni(&raw);
    pair_tests
        .iter()
        .zip(corrected)
        .map(|(&(a, b, ci, p_value), p_corrected)| PairResult {
            a,
            b,
            difference: inputs.scores[a] - inputs.scores[b],
            ci,
            p_value,
            p_corrected,
            significant: p_corrected <= alpha,
        })
        .collect()
}

/// Every system's 1-based rank and, with all pairs, its significance cluster.
fn ranks_and_clusters(
    inputs: &MetricSystems,
    pairs: &[PairResult],
    all_pairs: bool,
) -> (Vec<usize>, Vec<usize>) {
    let count = inputs.scores.len();
    let order = ranking(inputs);
    let mut ranks = vec![0; count];
    for (position, &system) in order.iter().enumerate() {
        ranks[system] = position + 1;
    }
    let mut clusters = Vec::new();
    if all_pairs {
        let significant = |x: usize, y: usize| {
            pairs
                .iter()
                .any(|p| p.significant && ((p.a, p.b) == (x, y) || (p.a, p.b) == (y, x)))
        };
        let in_order = significance_clusters(&order, significant);
        clusters = vec![0; count];
        for (&system, cluster) in order.iter().zip(in_order) {
            clusters[system] = cluster;
        }
    }
    (ranks, clusters)
}
