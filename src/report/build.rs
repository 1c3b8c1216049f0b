//! Builds a [`Report`] from a [`Suite`]: per language pair, every metric's corpus and sentence
//! scores (`MetricConfig::run`), sacreBLEU's paired bootstrap over every pair of vendors with
//! Holm correction and significance clusters (`compare_systems`), breakdowns by document,
//! domain and source length from the cached segment statistics, the worst segments with their
//! word-level differences, and the optional alignment and error-analysis steps. Pairs are built
//! in parallel; the result does not depend on the thread count.

use super::diff::word_diff;
use super::error_analysis::{ErrorAnalysis, PairTexts};
use super::human::{human_evaluation, HumanInputs};
use super::model::{
    AlignmentNote, DocumentRow, ErrorRow, ErrorSection, HumanSection, InputFile, LengthRow,
    MetricInfo, PairReport, PairwiseRow, Report, SegmentTable, Settings, SystemRow, WorstSegment,
};
use super::progress::Progress;
use super::realignment::{AlignmentRequest, SegmentAligner};
use crate::analysis::span_agreement::ErrorSpan;
use crate::corpus::group_segments;
use crate::corpus::{LanguagePair, PairInput, Price, Suite, SuiteFormat};
use crate::error::{Error, Result, Setting};
use crate::io::ReadOptions;
use crate::io::TextFile;
use crate::metrics::signature::{Resampling, VERSION};
use crate::metrics::{MetricConfig, RunOptions};
use crate::stats::comparison::{
    compare_systems, ComparisonOptions, Method, MetricComparison, MetricSystems,
};
use crate::stats::resample::{Blocks, Scorer, SharedDraws, StatsMatrix};
use crate::stats::resamples_refusal;
use crate::text::{is_python_whitespace, python_split};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// How the numbers are computed.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Bootstrap resamples; `None`: sacreBLEU's 1000, or more where a pair has so many vendors
    /// that Holm-corrected p-values could not reach `alpha` otherwise ([`resamples_for`]).
    pub samples: Option<usize>,
    pub seed: u64,
    /// Significance level of pairwise tests and clusters.
    pub alpha: f64,
    /// Resample whole documents where the input labels them.
    pub resample_documents: bool,
    /// Worst segments shown per vendor and pair.
    pub worst_segments: usize,
    /// How the input was read (its non-sacreBLEU settings are added to every signature).
    pub reading: ReadOptions,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            samples: None,
            seed: 12345,
            alpha: 0.05,
            resample_documents: false,
            worst_segments: 5,
            reading: ReadOptions::default(),
        }
    }
}

/// The optional steps and the progress sink.
#[derive(Clone, Copy)]
pub struct Steps<'a> {
    /// Puts vendor files with other line counts onto the reference segments.
    pub aligner: Option<&'a dyn SegmentAligner>,
    /// Counts error categories per vendor.
    pub errors: Option<&'a dyn ErrorAnalysis>,
    pub progress: &'a dyn Progress,
}

/// sacreBLEU's number of bootstrap resamples.
pub const DEFAULT_RESAMPLES: usize = 1000;

/// Resamples for `vendors` vendors: the smallest bootstrap p-value is `1/(n+1)`, and Holm's
/// correction multiplies the smallest of `k = vendors·(vendors−1)/2` p-values by `k`, so with
/// `n + 1 < k/alpha` no difference can be significant however large. Returns at least
/// [`DEFAULT_RESAMPLES`], and enough for the smallest corrected p-value to be `alpha/2`.
pub fn resamples_for(vendors: usize, alpha: f64) -> usize {
    let pairs = vendors * vendors.saturating_sub(1) / 2;
    if pairs == 0 || alpha.is_nan() || alpha <= 0.0 {
        return DEFAULT_RESAMPLES;
    }
    let needed = (2.0 * pairs as f64 / alpha).ceil() as usize;
    needed.saturating_sub(1).max(DEFAULT_RESAMPLES)
}

/// Upper ends of the source-length buckets in words (doubled for character counts); each
/// bucket starts after the previous one ends, the last is open.
const LENGTH_BUCKETS: [Option<usize>; 6] = [Some(10), Some(20), Some(30), Some(40), Some(60), None];

/// The buckets as `(lowest, highest)` lengths for a unit (`scale` 2 for characters).
fn length_buckets(scale: usize) -> Vec<(usize, Option<usize>)> {
    let mut low = 0;
    LENGTH_BUCKETS
        .iter()
        .map(|high| {
            let bucket = (low, high.map(|h| h * scale));
            low = bucket.1.map_or(low, |h| h + 1);
            bucket
        })
        .collect()
}

/// What one language pair contributes to the report.
struct PairBuild {
    report: PairReport,
    systems: Vec<SystemRow>,
    pairwise: Vec<PairwiseRow>,
    documents: Vec<DocumentRow>,
    lengths: Vec<LengthRow>,
    errors: Vec<ErrorRow>,
    human: Option<HumanSection>,
    notes: Vec<String>,
}

/// Builds the report. `metrics[i]` are the metrics of `suite.pairs[i]`; `notes` are shown to
/// the reader as they are (the caller's tokenizer substitutions, say).
pub fn build_report(
    suite: &Suite,
    metrics: &[Vec<MetricConfig>],
    options: &ReportOptions,
    steps: Steps<'_>,
    notes: Vec<String>,
) -> Result<Report> {
    assert_eq!(metrics.len(), suite.pairs.len(), "metrics for every pair");
    if !(options.alpha > 0.0 && options.alpha < 1.0) {
        return Err(Error::invalid_option(
            Setting::Alpha,
            options.alpha.to_string(),
            "the significance level must be between 0 and 1, e.g. 0.05",
        ));
    }
    if let Some(reason) = options.samples.and_then(resamples_refusal) {
        return Err(Error::invalid_option(
            Setting::Samples,
            options.samples.unwrap_or_default().to_string(),
            reason,
        ));
    }
    let total: usize = metrics.iter().map(|m| m.len() + 1).sum();
    steps.progress.stage("scoring", total as u64);
    let built: Vec<PairBuild> = suite
        .pairs
        .par_iter()
        .zip(metrics)
        .map(|(pair, metrics)| build_pair(pair, metrics, &suite.prices, options, steps))
        .collect::<Result<_>>()?;
    steps.progress.stage("hashing inputs", 1);
    let files = input_files(suite)?;
    steps.progress.step("hashed");

    let mut report = Report {
        title: suite.title.clone(),
        version: VERSION.to_string(),
        input: suite.path.display().to_string(),
        input_format: suite.format.to_string(),
        settings: Settings {
            test: "paired bootstrap".to_string(),
            samples: options.samples.unwrap_or(DEFAULT_RESAMPLES),
            samples_raised: built
                .iter()
                .any(|b| options.samples.is_none() && b.report.samples > DEFAULT_RESAMPLES),
            seed: options.seed,
            alpha: options.alpha,
            // Documents where some pair has document ids (each other pair has a note).
            resample: if options.resample_documents
                && suite.pairs.iter().any(|p| p.labels.is_some())
            {
                "documents"
            } else {
                "segments"
            }
            .to_string(),
            worst_segments: options.worst_segments,
        },
        currency: suite.currency.clone(),
        vendors: suite.vendors(),
        pairs: Vec::new(),
        systems: Vec::new(),
        pairwise: Vec::new(),
        documents: Vec::new(),
        lengths: Vec::new(),
        errors: steps.errors.map(|analysis| ErrorSection {
            analysis: analysis.name(),
            counts: Vec::new(),
        }),
        human: None,
        gates: Vec::new(),
        files,
        notes: suite.warnings.clone(),
    };
    report.notes.extend(notes);
    for build in built {
        report.pairs.push(build.report);
        report.systems.extend(build.systems);
        report.pairwise.extend(build.pairwise);
        report.documents.extend(build.documents);
        report.lengths.extend(build.lengths);
        if let Some(section) = &mut report.errors {
            section.counts.extend(build.errors);
        }
        if let Some(human) = build.human {
            let section = report.human.get_or_insert_with(HumanSection::default);
            section.mqm.extend(human.mqm);
            section.agreement.extend(human.agreement);
            section.spans.extend(human.spans);
        }
        report.notes.extend(build.notes);
    }
    Ok(report)
}

/// Length of a text in words (Python's `split()`), or in non-space characters.
fn text_length(text: &str, characters: bool) -> usize {
    if characters {
        text.chars().filter(|&c| !is_python_whitespace(c)).count()
    } else {
        python_split(text).count()
    }
}

/// Segment indices grouped by key, groups in order of first appearance.
fn group_by(keys: &[String]) -> Vec<(String, Vec<usize>)> {
    group_segments(keys.iter().map(String::as_str))
}

/// The corpus score of a subset of segments, from their cached statistics rows.
fn subset_score(scorer: &Scorer, matrix: &StatsMatrix, segments: &[usize]) -> f64 {
    let sums = matrix.sum_rows(segments.iter().copied());
    scorer.score::<f64>(&sums).to_f64()
}

fn count_mismatch(file: &TextFile, reference: &TextFile) -> Error {
    Error::SegmentCountMismatch {
        hypothesis: file.path.clone(),
        hypothesis_segments: file.segments.len(),
        reference: reference.path.clone(),
        reference_segments: reference.segments.len(),
    }
}

/// Every reference, and the source, has as many segments as the first reference.
fn check_segment_counts(input: &PairInput) -> Result<()> {
    let reference = &input.references[0];
    let segments = reference.segments.len();
    for other in &input.references[1..] {
        if other.segments.len() != segments {
            return Err(count_mismatch(other, reference));
        }
    }
    if let Some(source) = &input.source {
        if source.segments.len() != segments {
            return Err(Error::malformed(
                source.path.clone(),
                source.segments.len().min(segments) + 1,
                format!(
                    "the source has {} segments but reference {} has {segments}; \
                     the source and the references must correspond line by line",
                    source.segments.len(),
                    reference.path.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Every vendor's segments, on the reference's segments, with what the alignment step did.
struct AlignedHypotheses<'a> {
    hypotheses: Vec<Cow<'a, [String]>>,
    alignments: Vec<AlignmentNote>,
    notes: Vec<String>,
}

/// The alignment step: only files whose lines do not match the reference are aligned (an
/// error without an aligner).
fn aligned_hypotheses<'a>(
    input: &'a PairInput,
    aligner: Option<&dyn SegmentAligner>,
    documents: Option<&[String]>,
) -> Result<AlignedHypotheses<'a>> {
    let label = &input.label;
    let reference = &input.references[0];
    let segments = reference.segments.len();
    let mut notes = Vec::new();
    let mut alignments = Vec::new();
    let mut hypotheses: Vec<Cow<'_, [String]>> = Vec::with_capacity(input.systems.len());
    for system in &input.systems {
        if system.file.segments.len() == segments {
            hypotheses.push(Cow::Borrowed(system.file.segments.as_slice()));
            continue;
        }
        let Some(aligner) = aligner else {
            return Err(count_mismatch(&system.file, reference));
        };
        let aligned = aligner.align(&AlignmentRequest {
            pair: &input.pair,
            system: &system.name,
            file: &system.file.path,
            reference: &reference.segments,
            source: input.source.as_ref().map(|s| s.segments.as_slice()),
            documents,
            hypothesis: &system.file.segments,
        })?;
        if aligned.segments.len() != segments {
            return Err(count_mismatch(
                &TextFile {
                    path: system.file.path.clone(),
                    segments: aligned.segments,
                    warnings: Vec::new(),
                },
                reference,
            ));
        }
        let mean_confidence = aligned
            .confidence
            .as_ref()
            .filter(|c| !c.is_empty())
            .map(|c| c.iter().sum::<f64>() / c.len() as f64);
        notes.push(format!(
            "{label}: {} has {} lines for {segments} reference segments; aligned by {}{}",
            system.name,
            system.file.segments.len(),
            aligned.method,
            mean_confidence.map_or(String::new(), |c| format!(" (mean confidence {c:.2})"))
        ));
        alignments.push(AlignmentNote {
            system: system.name.clone(),
            hypothesis_lines: system.file.segments.len(),
            reference_segments: segments,
            method: aligned.method.clone(),
            mean_confidence,
        });
        hypotheses.push(Cow::Owned(aligned.segments));
    }
    Ok(AlignedHypotheses {
        hypotheses,
        alignments,
        notes,
    })
}

/// How many bootstrap resamples a pair gets (`--samples`, else enough for Holm-corrected
/// p-values over every vendor pair to reach α), with a note when that is not enough or more
/// than the default.
fn resample_count(
    options: &ReportOptions,
    vendors: usize,
    label: &str,
    notes: &mut Vec<String>,
) -> usize {
    let vendor_pairs = vendors * vendors.saturating_sub(1) / 2;
    match options.samples {
        Some(samples) => {
            if vendor_pairs > 0 && (vendor_pairs as f64) / (samples as f64 + 1.0) > options.alpha {
                notes.push(format!(
                    "{label}: with {} vendors ({vendor_pairs} pairs) and {samples} resamples, no \
                     Holm-corrected difference can reach α = {}; use at least --samples {} \
                     (or leave --samples out to choose it automatically)",
                    vendors,
                    options.alpha,
                    resamples_for(vendors, options.alpha)
                ));
            }
            samples
        }
        None => {
            let samples = resamples_for(vendors, options.alpha);
            if samples > DEFAULT_RESAMPLES {
                notes.push(format!(
                    "{label}: {samples} bootstrap resamples instead of {DEFAULT_RESAMPLES}, so that \
                     Holm-corrected p-values over {vendor_pairs} vendor pairs can reach α = {}",
                    options.alpha
                ));
            }
            samples
        }
    }
}

/// A range of segment lengths: the lowest, and the highest (none for the last bucket).
type LengthBucket = (usize, Option<usize>);

/// What the rows of every metric of one pair share: names, segment groups and length buckets.
struct PairContext<'a> {
    label: &'a str,
    names: &'a [String],
    segments: usize,
    source_length: Option<usize>,
    prices: &'a BTreeMap<String, Price>,
    domains: Option<&'a [String]>,
    document_groups: Option<Vec<(String, Vec<usize>)>>,
    domain_groups: Option<Vec<(String, Vec<usize>)>>,
    /// Length buckets (low, high) with the segments in each.
    buckets: Vec<(LengthBucket, Vec<usize>)>,
    /// Unit of the lengths: `words` or `characters`.
    unit: &'static str,
}

impl<'a> PairContext<'a> {
    fn new(
        input: &'a PairInput,
        names: &'a [String],
        prices: &'a BTreeMap<String, Price>,
        lengths: &[usize],
        by_character: bool,
    ) -> Self {
        let segments = input.references[0].segments.len();
        let documents = input.labels.as_ref().map(|l| l.documents.as_slice());
        let domains = input.labels.as_ref().and_then(|l| l.domains.as_deref());
        PairContext {
            label: &input.label,
            names,
            segments,
            source_length: input.source.as_ref().map(|_| lengths.iter().sum::<usize>()),
            prices,
            domains,
            document_groups: documents.map(group_by),
            domain_groups: domains.map(group_by),
            buckets: length_buckets(if by_character { 2 } else { 1 })
                .into_iter()
                .map(|(low, high)| {
                    let members = (0..segments)
                        .filter(|&i| lengths[i] >= low && high.is_none_or(|h| lengths[i] <= h))
                        .collect();
                    ((low, high), members)
                })
                .collect(),
            unit: if by_character { "characters" } else { "words" },
        }
    }
}

/// Every segment's length in the source's unit (or the reference's when there is no source):
/// words, or characters (`true`) for languages written without spaces.
fn segment_lengths(input: &PairInput) -> (Vec<usize>, bool) {
    let (length_language, length_texts) = match &input.source {
        Some(source) => (&input.pair.source, &source.segments),
        None => (&input.pair.target, &input.references[0].segments),
    };
    let by_character = LanguagePair::is_unspaced(length_language);
    let lengths = length_texts
        .par_iter()
        .map(|text| text_length(text, by_character))
        .collect();
    (lengths, by_character)
}

/// The pair's paired bootstrap over all vendor pairs: documents are resampled when asked and
/// known (a note otherwise).
fn bootstrap_options(
    label: &str,
    options: &ReportOptions,
    documents: Option<&[String]>,
    segments: usize,
    samples: usize,
    notes: &mut Vec<String>,
) -> ComparisonOptions {
    let use_documents = options.resample_documents && documents.is_some();
    if options.resample_documents && documents.is_none() {
        notes.push(format!(
            "{label}: no document ids, so the bootstrap resampled segments instead of documents"
        ));
    }
    let blocks = match documents {
        Some(ids) if use_documents => Blocks::documents(ids),
        _ => Blocks::segments(segments),
    };
    ComparisonOptions {
        method: Method::Bootstrap,
        samples,
        seed: options.seed,
        blocks,
        documents: use_documents,
        all_pairs: true,
        alpha: options.alpha,
        draws: SharedDraws::default(),
    }
}

/// The reference paths, consecutive repeats once.
fn reference_paths(input: &PairInput) -> Vec<String> {
    let mut paths: Vec<String> = input
        .references
        .iter()
        .map(|r| r.path.display().to_string())
        .collect();
    paths.dedup();
    paths
}

/// The human evaluation of the pair's MQM files (none without), with `resampling`: the
/// bootstrap's resamples and seed.
fn human_step(
    input: &PairInput,
    names: &[String],
    system_streams: &[&[String]],
    rows: &MetricRows,
    automatic: Option<&[ErrorSpan]>,
    (resamples, seed): (usize, u64),
) -> Result<Option<HumanSection>> {
    if input.mqm.is_empty() {
        return Ok(None);
    }
    human_evaluation(&HumanInputs {
        label: &input.label,
        files: &input.mqm,
        systems: names,
        hypotheses: system_streams,
        metrics: &rows.infos,
        corpus: &rows.corpus,
        sentence: &rows.sentence,
        automatic,
        resamples,
        seed,
    })
    .map(Some)
}

/// Every metric's results of one pair, as report rows.
#[derive(Default)]
struct MetricRows {
    infos: Vec<MetricInfo>,
    /// Per metric: every system's sentence scores.
    sentence: Vec<Vec<Vec<f64>>>,
    /// Per metric: every system's corpus score.
    corpus: Vec<Vec<f64>>,
    systems: Vec<SystemRow>,
    pairwise: Vec<PairwiseRow>,
    documents: Vec<DocumentRow>,
    lengths: Vec<LengthRow>,
}

impl MetricRows {
    /// Scores every system under `metric` and compares them (`comparison`): corpus and
    /// sentence scores, the system and pairwise rows, and the breakdowns by document, domain
    /// and length from the cached statistics.
    fn add_metric(
        &mut self,
        metric: &MetricConfig,
        streams: (&[&[String]], &[&[String]]),
        context: &PairContext<'_>,
        comparison: &ComparisonOptions,
        reading: &ReadOptions,
    ) {
        let (reference_streams, system_streams) = streams;
        let mut run = metric.run(
            reference_streams,
            system_streams,
            RunOptions {
                sentence_scores: true,
                statistics: true,
            },
        );
        run.signature.push_reading(reading);
        run.sentence_signature.push_reading(reading);
        let sentence: Vec<Vec<f64>> = run
            .systems
            .iter()
            .map(|system| system.segments.iter().map(|s| s.score).collect())
            .collect();
        let (name, run_signature, sentence_signature) = (
            run.name.clone(),
            run.signature.clone(),
            run.sentence_signature.format(false),
        );
        let inputs = MetricSystems::from_run(metric, run);
        let scorer = inputs.scorer.clone();
        self.corpus.push(inputs.scores.clone());
        let result = compare_systems(&inputs, comparison);
        let mut signature = run_signature.with_resampling(
            Resampling::Bootstrap,
            comparison.samples,
            comparison.seed,
        );
        if comparison.documents {
            signature.push("resample", "rsm", "documents");
        }
        let info = MetricInfo {
            name,
            higher_is_better: scorer.higher_is_better(),
            signature: signature.format(false),
            corpus_signature: run_signature.format(false),
            sentence_signature,
        };
        self.add_comparison_rows(&info, &result, context);
        for s in 0..context.names.len() {
            self.add_breakdown_rows(&info, &scorer, &inputs.statistics[s], s, context);
        }
        self.infos.push(info);
        self.sentence.push(sentence);
    }

    /// Every system's score, interval, rank and cluster, and every pair's difference.
    fn add_comparison_rows(
        &mut self,
        info: &MetricInfo,
        comparison: &MetricComparison,
        context: &PairContext<'_>,
    ) {
        let names = context.names;
        for (s, result) in comparison.systems.iter().enumerate() {
            let mean = result.mean.unwrap_or(result.score);
            let ci = result.ci.unwrap_or(0.0);
            let price = context.prices.get(&names[s]).map(|p| p.per_word);
            self.systems.push(SystemRow {
                pair: context.label.to_string(),
                system: names[s].clone(),
                metric: info.name.clone(),
                score: result.score,
                bootstrap_mean: mean,
                ci_half_width: ci,
                ci_low: mean - ci,
                ci_high: mean + ci,
                rank: comparison.ranks[s],
                cluster: comparison.clusters.get(s).copied().unwrap_or(1),
                segments: context.segments,
                source_length: context.source_length,
                price_per_word: price,
                cost: price.zip(context.source_length).map(|(p, n)| p * n as f64),
                signature: info.signature.clone(),
            });
        }
        for pair in &comparison.pairs {
            let better = pair.significant.then(|| {
                if (pair.difference > 0.0) == info.higher_is_better {
                    names[pair.a].clone()
                } else {
                    names[pair.b].clone()
                }
            });
            self.pairwise.push(PairwiseRow {
                pair: context.label.to_string(),
                metric: info.name.clone(),
                system_a: names[pair.a].clone(),
                system_b: names[pair.b].clone(),
                difference: pair.difference,
                ci_half_width: pair.ci,
                p_value: pair.p_value,
                p_holm: pair.p_corrected,
                significant: pair.significant,
                better,
                signature: info.signature.clone(),
            });
        }
    }

    /// System `s`'s score per document, domain and length bucket, from its statistics rows.
    fn add_breakdown_rows(
        &mut self,
        info: &MetricInfo,
        scorer: &Scorer,
        matrix: &StatsMatrix,
        s: usize,
        context: &PairContext<'_>,
    ) {
        let name = &context.names[s];
        let mut push_rows = |level: &str, groups: &[(String, Vec<usize>)]| {
            for (id, members) in groups {
                let domain = (level == "document")
                    .then(|| context.domains.map(|d| d[members[0]].clone()))
                    .flatten();
                self.documents.push(DocumentRow {
                    pair: context.label.to_string(),
                    level: level.to_string(),
                    id: id.clone(),
                    domain,
                    system: name.clone(),
                    metric: info.name.clone(),
                    segments: members.len(),
                    score: subset_score(scorer, matrix, members),
                    signature: info.corpus_signature.clone(),
                });
            }
        };
        if let Some(groups) = &context.document_groups {
            push_rows("document", groups);
        }
        if let Some(groups) = &context.domain_groups {
            push_rows("domain", groups);
        }
        for &((low, high), ref members) in &context.buckets {
            if members.is_empty() {
                continue;
            }
            self.lengths.push(LengthRow {
                pair: context.label.to_string(),
                bucket: match high {
                    Some(high) => format!("{low}-{high}"),
                    None => format!("{low}+"),
                },
                min_length: low,
                max_length: high,
                unit: context.unit.to_string(),
                system: name.clone(),
                metric: info.name.clone(),
                segments: members.len(),
                score: subset_score(scorer, matrix, members),
            });
        }
    }
}

/// The `count` worst segments of every system under the primary metric (`info`, `scores`:
/// every system's sentence scores), with their word differences.
fn worst_segments(
    input: &PairInput,
    names: &[String],
    system_streams: &[&[String]],
    info: &MetricInfo,
    scores: &[Vec<f64>],
    count: usize,
) -> Vec<WorstSegment> {
    let reference = &input.references[0];
    let documents = input.labels.as_ref().map(|l| l.documents.as_slice());
    let mut worst = Vec::new();
    for (s, name) in names.iter().enumerate() {
        let mut order: Vec<usize> = (0..reference.segments.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (scores[s][a], scores[s][b]);
            let worse_first = if info.higher_is_better {
                x.total_cmp(&y)
            } else {
                y.total_cmp(&x)
            };
            worse_first.then(a.cmp(&b))
        });
        for &segment in order.iter().take(count) {
            let reference_text = &reference.segments[segment];
            let hypothesis_text = &system_streams[s][segment];
            let (reference_diff, hypothesis_diff) = word_diff(reference_text, hypothesis_text);
            worst.push(WorstSegment {
                system: name.clone(),
                segment: segment + 1,
                document: documents.map(|d| d[segment].clone()),
                score: scores[s][segment],
                source: input.source.as_ref().map(|f| f.segments[segment].clone()),
                reference: reference_text.clone(),
                hypothesis: hypothesis_text.clone(),
                reference_diff,
                hypothesis_diff,
            });
        }
    }
    worst
}

/// The error-analysis step: error counts of every vendor per 1,000 words (characters for
/// unspaced languages) of the source, else of the reference, else of its own output, and the
/// automatic error spans.
fn error_rows(
    analysis: &dyn ErrorAnalysis,
    input: &PairInput,
    names: &[String],
    streams: (&[&[String]], &[&[String]]),
) -> Result<(Vec<ErrorRow>, Vec<ErrorSpan>)> {
    let (reference_streams, system_streams) = streams;
    let findings = analysis.analyze(&PairTexts {
        label: &input.label,
        pair: &input.pair,
        source: input.source.as_ref().map(|s| s.segments.as_slice()),
        references: reference_streams.to_vec(),
        systems: names
            .iter()
            .map(String::as_str)
            .zip(system_streams.iter().copied())
            .collect(),
        documents: input.labels.as_ref().map(|l| l.documents.as_slice()),
        glossary: input.glossary.as_deref(),
        spans: !input.mqm.is_empty(),
    })?;
    let (per, words) = (findings.per, &findings.words);
    let rows = findings
        .counts
        .into_iter()
        .map(|count| {
            let total = words.get(&count.system).copied().unwrap_or(0);
            ErrorRow {
                pair: input.label.clone(),
                per_1000_words: if total == 0 {
                    0.0
                } else {
                    1000.0 * count.count as f64 / total as f64
                },
                words_of: per,
                system: count.system,
                category: count.category,
                severity: count.severity,
                count: count.count,
            }
        })
        .collect();
    Ok((rows, findings.spans))
}

fn build_pair(
    input: &PairInput,
    metrics: &[MetricConfig],
    prices: &BTreeMap<String, Price>,
    options: &ReportOptions,
    steps: Steps<'_>,
) -> Result<PairBuild> {
    let label = input.label.clone();
    let reference = &input.references[0];
    let segments = reference.segments.len();
    check_segment_counts(input)?;
    let documents = input.labels.as_ref().map(|l| l.documents.as_slice());
    let domains = input.labels.as_ref().and_then(|l| l.domains.as_deref());
    let AlignedHypotheses {
        hypotheses,
        alignments,
        mut notes,
    } = aligned_hypotheses(input, steps.aligner, documents)?;
    let reference_streams: Vec<&[String]> = input
        .references
        .iter()
        .map(|f| f.segments.as_slice())
        .collect();
    let system_streams: Vec<&[String]> = hypotheses.iter().map(|h| h.as_ref()).collect();
    let names: Vec<String> = input.systems.iter().map(|s| s.name.clone()).collect();

    let samples = resample_count(options, names.len(), &label, &mut notes);
    let comparison_options =
        bootstrap_options(&label, options, documents, segments, samples, &mut notes);
    let (lengths, by_character) = segment_lengths(input);
    let context = PairContext::new(input, &names, prices, &lengths, by_character);
    let (unit, source_length) = (context.unit, context.source_length);

    let mut rows = MetricRows::default();
    for metric in metrics {
        rows.add_metric(
            metric,
            (&reference_streams, &system_streams),
            &context,
            &comparison_options,
            &options.reading,
        );
        let name = &rows.infos.last().expect("a metric was added").name;
        steps.progress.step(&format!("{label} {name}"));
    }

    let primary = rows
        .infos
        .iter()
        .position(|m| m.name.starts_with("chrF"))
        .unwrap_or(0);
    let worst = match (rows.infos.get(primary), rows.sentence.get(primary)) {
        (Some(info), Some(scores)) => worst_segments(
            input,
            &names,
            &system_streams,
            info,
            scores,
            options.worst_segments,
        ),
        _ => Vec::new(),
    };
    let (errors, automatic_spans) = match steps.errors {
        Some(analysis) => {
            let (rows, spans) = error_rows(
                analysis,
                input,
                &names,
                (&reference_streams, &system_streams),
            )?;
            (rows, Some(spans))
        }
        None => (Vec::new(), None),
    };
    let human = human_step(
        input,
        &names,
        &system_streams,
        &rows,
        automatic_spans.as_deref(),
        (samples, options.seed),
    )?;
    steps.progress.step(&format!("{label} breakdowns"));

    Ok(PairBuild {
        report: PairReport {
            label: label.clone(),
            samples,
            source_language: input.pair.source.clone(),
            target_language: input.pair.target.clone(),
            segments,
            references: reference_paths(input),
            systems: names,
            metrics: rows.infos,
            primary,
            length_unit: unit.to_string(),
            source_length,
            has_documents: documents.is_some(),
            has_domains: domains.is_some(),
            alignments,
            worst,
            table: SegmentTable {
                documents: documents.map(<[String]>::to_vec),
                domains: domains.map(<[String]>::to_vec),
                lengths,
                scores: rows.sentence,
            },
        },
        systems: rows.systems,
        pairwise: rows.pairwise,
        documents: rows.documents,
        lengths: rows.lengths,
        errors,
        human,
        notes,
    })
}

/// Every input file with its role, size and SHA-256 (each file once, in reading order).
fn input_files(suite: &Suite) -> Result<Vec<InputFile>> {
    let mut listed: Vec<(String, Option<String>, Option<String>, PathBuf)> = Vec::new();
    if suite.format == SuiteFormat::Manifest {
        listed.push(("manifest".into(), None, None, suite.path.clone()));
    }
    for pair in &suite.pairs {
        let label = Some(pair.label.clone());
        if let Some(source) = &pair.source {
            listed.push(("source".into(), label.clone(), None, source.path.clone()));
        }
        for (reference, provenance) in pair.references.iter().zip(&pair.reference_provenance) {
            listed.push((
                "reference".into(),
                label.clone(),
                provenance.file_name_label().map(str::to_string),
                reference.path.clone(),
            ));
        }
        for system in &pair.systems {
            listed.push((
                "system".into(),
                label.clone(),
                Some(system.name.clone()),
                system.file.path.clone(),
            ));
        }
        if let Some(labels) = &pair.labels {
            listed.push(("documents".into(), label.clone(), None, labels.path.clone()));
        }
        if let Some(glossary) = &pair.glossary {
            listed.push(("glossary".into(), label.clone(), None, glossary.clone()));
        }
        for mqm in &pair.mqm {
            listed.push(("mqm".into(), label.clone(), None, mqm.clone()));
        }
    }
    // A file that plays several roles (a WMT XML test set) is listed once, as a test set.
    let mut roles: HashMap<PathBuf, std::collections::HashSet<String>> = HashMap::new();
    for (role, _, _, path) in &listed {
        roles.entry(path.clone()).or_default().insert(role.clone());
    }
    let mut seen = std::collections::HashSet::new();
    listed.retain(|(_, _, _, path)| seen.insert(path.clone()));
    for (role, _, name, path) in &mut listed {
        if roles[path].len() > 1 && role != "manifest" {
            *role = "test set".to_string();
            *name = None;
        }
    }
    // A manifest given as a directory is hashed at its real path.
    listed
        .par_iter()
        .map(|(role, pair, name, path)| {
            let (bytes, sha256) = sha256_of(path)?;
            Ok(InputFile {
                role: role.clone(),
                pair: pair.clone(),
                name: name.clone(),
                path: path.display().to_string(),
                bytes,
                sha256,
            })
        })
        .collect()
}

/// Size and hex SHA-256 of a file's bytes as stored (compressed files are hashed compressed).
pub fn sha256_of(path: &Path) -> Result<(u64, String)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher).map_err(|e| Error::io(path, e))?;
    let digest = hasher.finalize();
    let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((bytes, hex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_first_appearance_order() {
        let keys: Vec<String> = ["b", "a", "b"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            group_by(&keys),
            vec![("b".to_string(), vec![0, 2]), ("a".to_string(), vec![1])]
        );
    }

    #[test]
    fn resamples_grow_with_the_number_of_vendor_pairs() {
        assert_eq!(resamples_for(1, 0.05), 1000);
        assert_eq!(resamples_for(3, 0.05), 1000);
        // 14 vendors: 91 pairs; 91/(n+1) must be ≤ 0.025.
        let n = resamples_for(14, 0.05);
        assert_eq!(n, 3639);
        assert!(91.0 / (n as f64 + 1.0) <= 0.025 + 1e-12);
    }

    #[test]
    fn length_buckets_tile_the_lengths() {
        assert_eq!(length_buckets(1)[..2], [(0, Some(10)), (11, Some(20))]);
        assert_eq!(length_buckets(2)[1], (21, Some(40)));
        assert_eq!(length_buckets(2)[5], (121, None));
    }

    #[test]
    fn lengths_count_words_or_characters() {
        assert_eq!(text_length("a  b\tc", false), 3);
        assert_eq!(text_length("线路 全长", true), 4);
    }

    #[test]
    fn hashes_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        std::fs::write(&path, "abc").unwrap();
        assert_eq!(
            sha256_of(&path).unwrap(),
            (
                3,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".to_string()
            )
        );
    }
}
