//! Metric meta-evaluation, as google-research/mt-metrics-eval computes it: how well automatic
//! metric scores agree with human scores. System level: Pearson, Spearman, Kendall's tau-b,
//! pairwise accuracy and soft pairwise accuracy over the systems; segment level: Kendall's tau-b
//! over all (system, segment) pairs and grouped by item (per segment across systems, averaged),
//! and tie-calibrated pairwise accuracy grouped by item. Each comes with a 95% bootstrap interval
//! (systems resampled at system level, soft pairwise accuracy included; items at segment level)
//! and every pair of metrics with a permutation test (soft pairwise accuracy's swaps the
//! metrics' segment scores, as mt-metrics-eval's WMT24 task does). Human scores are expected
//! higher-is-better (MQM is negated by the caller).

pub mod correlation;
pub mod inputs;
pub mod resampling;
pub mod soft_pairwise;
pub mod tie_calibration;

use correlation::{kendall_tau_b, pairwise_accuracy, pearson, spearman};
use rayon::prelude::*;
use resampling::{bootstrap_interval, permutation_p_value};
use serde::Serialize;
use soft_pairwise::SoftPairwise;
use tie_calibration::TieCalibration;

/// One source of scores (the human scores or one metric) over the evaluated systems.
#[derive(Debug, Clone)]
pub struct ScoreSet {
    pub name: String,
    /// One score per system, in [`MetaInput::systems`] order.
    pub system: Vec<f64>,
    /// `[system][item]`, `None` where the system was not scored on the item.
    pub segments: Option<Vec<Vec<Option<f64>>>>,
}

/// What to meta-evaluate: human scores (higher is better) and the metrics, over the same systems
/// and items.
#[derive(Debug, Clone)]
pub struct MetaInput {
    pub systems: Vec<String>,
    pub human: ScoreSet,
    pub metrics: Vec<ScoreSet>,
}

/// Resampling sizes and seeds.
#[derive(Debug, Clone, Copy)]
pub struct MetaOptions {
    /// Bootstrap resamples for the intervals.
    pub resamples: usize,
    /// Permutations of the metric-against-metric tests.
    pub permutations: usize,
    /// Permutations inside soft pairwise accuracy (mt-metrics-eval: 1000).
    pub soft_permutations: usize,
    /// Seed of the bootstrap and of the permutation tests (each statistic starts afresh).
    pub seed: u64,
}

impl Default for MetaOptions {
    fn default() -> Self {
        MetaOptions {
            resamples: 1000,
            permutations: 1000,
            soft_permutations: 1000,
            seed: 12345,
        }
    }
}

/// System or segment level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    System,
    Segment,
}

/// A meta-evaluation statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Statistic {
    Pearson,
    Spearman,
    KendallTauB,
    PairwiseAccuracy,
    SoftPairwiseAccuracy,
    KendallTauBByItem,
    AccEqByItem,
}

impl Statistic {
    /// The name used in every output format.
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Pearson => "pearson",
            Statistic::Spearman => "spearman",
            Statistic::KendallTauB => "kendall-tau-b",
            Statistic::PairwiseAccuracy => "pairwise-accuracy",
            Statistic::SoftPairwiseAccuracy => "soft-pairwise-accuracy",
            Statistic::KendallTauBByItem => "kendall-tau-b-by-item",
            Statistic::AccEqByItem => "acc-eq-by-item",
        }
    }
}

impl Level {
    /// The name used in every output format.
    pub fn name(self) -> &'static str {
        match self {
            Level::System => "system",
            Level::Segment => "segment",
        }
    }
}

/// One metric's agreement with the human scores; `None` marks an undefined value (a constant
/// vector, too few systems or items).
#[derive(Debug, Clone, Serialize)]
pub struct CorrelationRecord {
    pub metric: String,
    pub level: Level,
    pub statistic: Statistic,
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// A permutation test of two metrics on one statistic: `metric_a` has the higher value, and
/// `p_value` is the chance of a difference this large if neither were better.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRecord {
    pub metric_a: String,
    pub metric_b: String,
    pub level: Level,
    pub statistic: Statistic,
    pub p_value: Option<f64>,
}

/// The meta-evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct MetaReport {
    pub correlations: Vec<CorrelationRecord>,
    pub comparisons: Vec<ComparisonRecord>,
}

/// The (system, item) entries scored by the human and by every metric.
struct SegmentLayout {
    /// System-major.
    entries: Vec<(usize, usize)>,
    /// Item-major, with each item's range in it.
    by_item: Vec<(usize, usize)>,
    item_ranges: Vec<std::ops::Range<usize>>,
    items: usize,
}

impl SegmentLayout {
    fn new(input: &MetaInput) -> Option<Self> {
        let human = input.human.segments.as_ref()?;
        let mut metric_segments = Vec::new();
        for metric in &input.metrics {
            metric_segments.push(metric.segments.as_ref()?);
        }
        let items = human.iter().map(Vec::len).max().unwrap_or(0);
        let scored = |system: usize, item: usize| {
            human[system].get(item).copied().flatten().is_some()
                && metric_segments
                    .iter()
                    .all(|m| m[system].get(item).copied().flatten().is_some())
        };
        let mut entries = Vec::new();
        for system in 0..human.len() {
            for item in 0..items {
                if scored(system, item) {
                    entries.push((system, item));
                }
            }
        }
        let mut by_item = Vec::new();
        let mut item_ranges = Vec::new();
        for item in 0..items {
            let start = by_item.len();
            for system in 0..human.len() {
                if scored(system, item) {
                    by_item.push((system, item));
                }
            }
            item_ranges.push(start..by_item.len());
        }
        Some(SegmentLayout {
            entries,
            by_item,
            item_ranges,
            items,
        })
    }
}

fn values(segments: &[Vec<Option<f64>>], entries: &[(usize, usize)]) -> Vec<f64> {
    entries
        .iter()
        .map(|&(system, item)| segments[system][item].unwrap_or(0.0))
        .collect()
}

/// `values` with each entry repeated as often as its unit was drawn.
fn repeated(values: &[f64], units: &[usize], weights: &[u32]) -> Vec<f64> {
    let mut out = Vec::with_capacity(values.len());
    for (&value, &unit) in values.iter().zip(units) {
        for _ in 0..weights[unit] {
            out.push(value);
        }
    }
    out
}

/// The mean of the defined per-item values, each counted `weights[item]` times.
fn weighted_item_mean(per_item: &[Option<f64>], weights: &[u32]) -> Option<f64> {
    let (mut sum, mut count) = (0.0, 0.0);
    for (value, &weight) in per_item.iter().zip(weights) {
        if let (Some(value), true) = (value, weight > 0) {
            sum += f64::from(weight) * value;
            count += f64::from(weight);
        }
    }
    (count > 0.0).then(|| sum / count)
}

/// Per-item tau-b over an item-major vector.
fn item_taus(gold: &[f64], metric: &[f64], ranges: &[std::ops::Range<usize>]) -> Vec<Option<f64>> {
    ranges
        .iter()
        .map(|r| kendall_tau_b(&gold[r.clone()], &metric[r.clone()]))
        .collect()
}

/// Tie-calibration items from system-major entries.
fn calibration_items(
    gold: &[f64],
    metric: &[f64],
    entries: &[(usize, usize)],
    items: usize,
) -> Vec<Vec<(f64, f64)>> {
    let mut grouped = vec![Vec::new(); items];
    for ((&(_, item), &g), &m) in entries.iter().zip(gold).zip(metric) {
        grouped[item].push((g, m));
    }
    grouped
}

type VectorStatistic = fn(&[f64], &[f64]) -> Option<f64>;
/// A statistic of one metric vector (the human scores fixed).
type MetricStatistic<'a> = &'a (dyn Fn(&[f64]) -> Option<f64> + Sync);
/// The bootstrap interval of a statistic of one metric vector.
type MetricInterval<'a> = &'a (dyn Fn(&[f64]) -> Option<(f64, f64)> + Sync);

const SYSTEM_STATISTICS: [(Statistic, VectorStatistic); 4] = [
    (Statistic::Pearson, pearson),
    (Statistic::Spearman, spearman),
    (Statistic::KendallTauB, kendall_tau_b),
    (Statistic::PairwiseAccuracy, pairwise_accuracy),
];

/// Scores of complete segment matrices (every system on every item), for soft pairwise accuracy.
fn complete(segments: &Option<Vec<Vec<Option<f64>>>>) -> Option<Vec<Vec<f64>>> {
    segments
        .as_ref()?
        .iter()
        .map(|row| row.iter().copied().collect::<Option<Vec<f64>>>())
        .collect()
}

/// Computes every statistic for every metric, with intervals, and the permutation tests of
/// every pair of metrics.
pub fn meta_evaluate(input: &MetaInput, options: &MetaOptions) -> MetaReport {
    let mut report = MetaReport {
        correlations: Vec::new(),
        comparisons: Vec::new(),
    };
    system_level(input, options, &mut report);
    if let Some(layout) = SegmentLayout::new(input) {
        segment_level(input, options, &layout, &mut report);
    }
    report
}

/// One statistic at one level for every metric: its value (of the metric's vector in the
/// statistic's layout) and bootstrap interval, and the permutation test of every pair of
/// metrics, the better one first (input order on ties or undefined values).
fn evaluate_statistic(
    names: &[&str],
    options: &MetaOptions,
    (level, statistic): (Level, Statistic),
    vectors: Vec<Vec<f64>>,
    value_of: MetricStatistic,
    interval_of: MetricInterval,
    report: &mut MetaReport,
) {
    let values: Vec<Option<f64>> = vectors.par_iter().map(|v| value_of(v)).collect();
    let intervals: Vec<Option<(f64, f64)>> = vectors.par_iter().map(|v| interval_of(v)).collect();
    for ((metric, value), interval) in names.iter().zip(&values).zip(intervals) {
        report.correlations.push(CorrelationRecord {
            metric: metric.to_string(),
            level,
            statistic,
            value: *value,
            ci_low: interval.map(|i| i.0),
            ci_high: interval.map(|i| i.1),
        });
    }
    let mut pairs = Vec::new();
    for a in 0..vectors.len() {
        for b in a + 1..vectors.len() {
            let swap = matches!((values[a], values[b]), (Some(x), Some(y)) if y > x);
            pairs.push(if swap { (b, a) } else { (a, b) });
        }
    }
    let p_values: Vec<Option<f64>> = pairs
        .par_iter()
        .map(|&(a, b)| {
            permutation_p_value(
                &vectors[a],
                &vectors[b],
                options.permutations,
                options.seed,
                value_of,
            )
        })
        .collect();
    for ((a, b), p_value) in pairs.into_iter().zip(p_values) {
        report.comparisons.push(ComparisonRecord {
            metric_a: names[a].to_string(),
            metric_b: names[b].to_string(),
            level,
            statistic,
            p_value,
        });
    }
}

/// The system-level statistics (bootstrap over systems) and soft pairwise accuracy.
fn system_level(input: &MetaInput, options: &MetaOptions, report: &mut MetaReport) {
    let n_systems = input.systems.len();
    let system_units: Vec<usize> = (0..n_systems).collect();
    let gold = &input.human.system;
    let system_vectors: Vec<Vec<f64>> = input.metrics.iter().map(|m| m.system.clone()).collect();
    let names: Vec<&str> = input.metrics.iter().map(|m| m.name.as_str()).collect();
    for (statistic, function) in SYSTEM_STATISTICS {
        evaluate_statistic(
            &names,
            options,
            (Level::System, statistic),
            system_vectors.clone(),
            &|metric| function(gold, metric),
            &|metric| {
                bootstrap_interval(n_systems, options.resamples, options.seed, |weights| {
                    function(
                        &repeated(gold, &system_units, weights),
                        &repeated(metric, &system_units, weights),
                    )
                })
            },
            report,
        );
    }
    soft_pairwise(input, options, report);
}

/// Soft pairwise accuracy (system level, from segment scores) of every metric whose segment
/// scores are complete, with its bootstrap interval over systems and the permutation tests of
/// those metrics ([`soft_pairwise`]); undefined for the others.
fn soft_pairwise(input: &MetaInput, options: &MetaOptions, report: &mut MetaReport) {
    let soft = complete(&input.human.segments)
        .and_then(|gold| SoftPairwise::new(&gold, options.soft_permutations));
    let vectors: Vec<Option<Vec<f64>>> = input
        .metrics
        .iter()
        .map(|m| soft.as_ref().and(complete(&m.segments)).map(|s| s.concat()))
        .collect();
    let key = (Level::System, Statistic::SoftPairwiseAccuracy);
    if let Some(soft) = &soft {
        let (names, defined): (Vec<&str>, Vec<Vec<f64>>) = input
            .metrics
            .iter()
            .zip(&vectors)
            .filter_map(|(m, v)| Some((m.name.as_str(), v.clone()?)))
            .unzip();
        evaluate_statistic(
            &names,
            options,
            key,
            defined,
            &|metric| Some(soft.accuracy(metric)),
            &|metric| {
                let errors = soft.pair_errors(metric);
                bootstrap_interval(soft.systems(), options.resamples, options.seed, |weights| {
                    soft.resampled_accuracy(&errors, weights)
                })
            },
            report,
        );
    }
    for (metric, vector) in input.metrics.iter().zip(&vectors) {
        if vector.is_none() {
            report.correlations.push(CorrelationRecord {
                metric: metric.name.clone(),
                level: key.0,
                statistic: key.1,
                value: None,
                ci_low: None,
                ci_high: None,
            });
        }
    }
}

/// The segment-level statistics (bootstrap over items): Kendall tau-b over all (system,
/// segment) pairs, tau-b per item averaged over the items where it is defined, and the
/// tie-calibrated pairwise accuracy per item.
fn segment_level(
    input: &MetaInput,
    options: &MetaOptions,
    layout: &SegmentLayout,
    report: &mut MetaReport,
) {
    let seed = options.seed;
    let human_segments = input
        .human
        .segments
        .as_ref()
        .expect("the layout has segments");
    let metric_segments = |layout_entries: &[(usize, usize)]| -> Vec<Vec<f64>> {
        input
            .metrics
            .iter()
            .map(|m| {
                values(
                    m.segments.as_ref().expect("the layout has segments"),
                    layout_entries,
                )
            })
            .collect()
    };
    let names: Vec<&str> = input.metrics.iter().map(|m| m.name.as_str()).collect();
    let gold_flat = values(human_segments, &layout.entries);
    let entry_items: Vec<usize> = layout.entries.iter().map(|e| e.1).collect();
    evaluate_statistic(
        &names,
        options,
        (Level::Segment, Statistic::KendallTauB),
        metric_segments(&layout.entries),
        &|metric| kendall_tau_b(&gold_flat, metric),
        &|metric| {
            bootstrap_interval(layout.items, options.resamples, seed, |weights| {
                kendall_tau_b(
                    &repeated(&gold_flat, &entry_items, weights),
                    &repeated(metric, &entry_items, weights),
                )
            })
        },
        report,
    );
    let gold_by_item = values(human_segments, &layout.by_item);
    evaluate_statistic(
        &names,
        options,
        (Level::Segment, Statistic::KendallTauBByItem),
        metric_segments(&layout.by_item),
        &|metric| {
            let taus = item_taus(&gold_by_item, metric, &layout.item_ranges);
            weighted_item_mean(&taus, &vec![1; layout.items])
        },
        &|metric| {
            let taus = item_taus(&gold_by_item, metric, &layout.item_ranges);
            bootstrap_interval(layout.items, options.resamples, seed, |weights| {
                weighted_item_mean(&taus, weights)
            })
        },
        report,
    );
    evaluate_statistic(
        &names,
        options,
        (Level::Segment, Statistic::AccEqByItem),
        metric_segments(&layout.entries),
        &|metric| {
            let items = calibration_items(&gold_flat, metric, &layout.entries, layout.items);
            TieCalibration::new(&items).best().map(|c| c.accuracy)
        },
        &|metric| {
            let items = calibration_items(&gold_flat, metric, &layout.entries, layout.items);
            let calibration = TieCalibration::new(&items);
            bootstrap_interval(layout.items, options.resamples, seed, |weights| {
                calibration.weighted(weights).map(|c| c.accuracy)
            })
        },
        report,
    );
}
