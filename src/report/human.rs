//! The report's human evaluation of one pair, from the MQM annotation files its manifest entry
//! names: each vendor's MQM over its annotated segments with a 95% bootstrap interval, the
//! agreement of every metric with it (`analysis::meta`: system level on the vendors' corpus
//! scores, segment level on the sentence scores of the annotated segments), and the agreement
//! of the automatic error findings on those segments with the reviewers' spans
//! (`analysis::span_agreement`).
//!
//! The annotation files use the Google/WMT MQM layout; `system` names a vendor of the pair,
//! `seg_id` is the 1-based segment number in the pair's files, and the target must be the
//! vendor's text of that segment (so that the `<v>…</v>` offsets point into it).

use super::model::{HumanAgreementRow, HumanRow, HumanSection, HumanSpanRow, MetricInfo};
use crate::analysis::meta::resampling::bootstrap_interval;
use crate::analysis::meta::{meta_evaluate, MetaInput, MetaOptions, ScoreSet};
use crate::analysis::mqm::{score_annotations, MqmOptions};
use crate::analysis::span_agreement::{human_spans, span_agreement, ErrorSpan};
use crate::error::{Error, Result};
use crate::io::mqm_tsv::{read_mqm_tsv, MqmFile};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// What the human evaluation of one pair needs from the rest of the report.
pub struct HumanInputs<'a> {
    pub label: &'a str,
    pub files: &'a [PathBuf],
    /// The pair's vendors, in report order.
    pub systems: &'a [String],
    /// `[system][segment]`: the texts that were scored (after any alignment).
    pub hypotheses: &'a [&'a [String]],
    pub metrics: &'a [MetricInfo],
    /// `[metric][system]`: corpus scores.
    pub corpus: &'a [Vec<f64>],
    /// `[metric][system][segment]`: sentence scores.
    pub sentence: &'a [Vec<Vec<f64>>],
    /// The error analysis' findings (0-based segments), when it ran.
    pub automatic: Option<&'a [ErrorSpan]>,
    pub resamples: usize,
    pub seed: u64,
}

/// One vendor's annotated segments: segment index → (MQM, errors).
type Annotated = BTreeMap<usize, (f64, usize)>;

/// Checks that every row names a vendor, a segment number of the pair and the vendor's text of
/// it; returns (doc, doc_id) → segment index.
fn locate_rows<'f>(
    file: &'f MqmFile,
    inputs: &HumanInputs<'_>,
) -> Result<HashMap<(&'f str, &'f str), usize>> {
    let malformed = |line: usize, reason: String| Error::malformed(file.path.clone(), line, reason);
    let segments = inputs.hypotheses.first().map_or(0, |h| h.len());
    let mut items = HashMap::new();
    for row in &file.rows {
        let system = inputs
            .systems
            .iter()
            .position(|s| *s == row.system)
            .ok_or_else(|| {
                malformed(
                    row.line,
                    format!(
                        "system {:?} is not a vendor of pair {} ({})",
                        row.system,
                        inputs.label,
                        inputs.systems.join(", ")
                    ),
                )
            })?;
        let segment = row
            .seg_id
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=segments).contains(n))
            .ok_or_else(|| {
                malformed(
                    row.line,
                    format!(
                        "seg_id {:?} is not a segment number of pair {} (1 to {segments})",
                        row.seg_id, inputs.label
                    ),
                )
            })?
            - 1;
        if inputs.hypotheses[system][segment] != row.target {
            return Err(malformed(
                row.line,
                format!(
                    "the target differs from {}'s segment {} of pair {}",
                    row.system,
                    segment + 1,
                    inputs.label
                ),
            ));
        }
        let key = (row.doc.as_str(), row.doc_segment.as_str());
        if *items.entry(key).or_insert(segment) != segment {
            return Err(malformed(
                row.line,
                format!(
                    "doc {:?} doc_id {:?} has seg_id {} here and {} on an earlier row",
                    row.doc,
                    row.doc_segment,
                    segment + 1,
                    items[&key] + 1
                ),
            ));
        }
    }
    Ok(items)
}

/// The mean of `values`, each counted `weights[i]` times.
fn weighted_mean(values: &[f64], weights: &[u32]) -> Option<f64> {
    let count: u32 = weights.iter().sum();
    (count > 0).then(|| {
        values
            .iter()
            .zip(weights)
            .map(|(v, &w)| v * f64::from(w))
            .sum::<f64>()
            / f64::from(count)
    })
}

/// The human evaluation of one pair.
pub fn human_evaluation(inputs: &HumanInputs<'_>) -> Result<HumanSection> {
    let (annotated, human) = read_annotations(inputs)?;
    let vendors: Vec<usize> = (0..inputs.systems.len())
        .filter(|&s| !annotated[s].is_empty())
        .collect();
    let mqm: Vec<f64> = vendors
        .iter()
        .map(|&s| {
            let values: Vec<f64> = annotated[s].values().map(|v| v.0).collect();
            values.iter().sum::<f64>() / values.len() as f64
        })
        .collect();
    Ok(HumanSection {
        mqm: mqm_rows(inputs, &annotated, &vendors, &mqm),
        agreement: metric_agreement(inputs, &annotated, &vendors, &mqm),
        spans: match inputs.automatic {
            Some(automatic) => span_rows(inputs, &annotated, &human, automatic),
            None => Vec::new(),
        },
    })
}

/// Every system's annotated segments (MQM score and error count by segment index) from the
/// pair's MQM files, and the human error spans.
fn read_annotations(inputs: &HumanInputs<'_>) -> Result<(Vec<Annotated>, Vec<ErrorSpan>)> {
    let mut annotated: Vec<Annotated> = vec![Annotated::new(); inputs.systems.len()];
    let mut human = Vec::new();
    for path in inputs.files {
        let file = read_mqm_tsv(path)?;
        let items = locate_rows(&file, inputs)?;
        let report = score_annotations(&file, &MqmOptions::default());
        for segment in &report.segments {
            let system = inputs
                .systems
                .iter()
                .position(|s| *s == segment.system)
                .expect("rows were checked");
            let index = items[&(segment.doc.as_str(), segment.doc_id.as_str())];
            if annotated[system]
                .insert(index, (segment.mqm, segment.errors))
                .is_some()
            {
                return Err(Error::malformed(
                    path.clone(),
                    1,
                    format!(
                        "{}'s segment {} of pair {} is annotated in an earlier file too",
                        segment.system,
                        index + 1,
                        inputs.label
                    ),
                ));
            }
        }
        human.extend(human_spans(&file, &items));
    }
    Ok((annotated, human))
}

/// The MQM score, bootstrap interval and rank of every annotated system (`vendors`).
fn mqm_rows(
    inputs: &HumanInputs<'_>,
    annotated: &[Annotated],
    vendors: &[usize],
    mqm: &[f64],
) -> Vec<HumanRow> {
    vendors
        .iter()
        .enumerate()
        .map(|(v, &s)| {
            let values: Vec<f64> = annotated[s].values().map(|v| v.0).collect();
            let interval = bootstrap_interval(values.len(), inputs.resamples, inputs.seed, |w| {
                weighted_mean(&values, w)
            });
            HumanRow {
                pair: inputs.label.to_string(),
                system: inputs.systems[s].clone(),
                mqm: mqm[v],
                ci_low: interval.map(|i| i.0),
                ci_high: interval.map(|i| i.1),
                rank: 1 + mqm.iter().filter(|&&other| other < mqm[v]).count(),
                segments: values.len(),
                errors: annotated[s].values().map(|v| v.1).sum(),
            }
        })
        .collect()
}

/// The correlations of every metric with MQM (both made higher-is-better) on the annotated
/// systems and segments.
fn metric_agreement(
    inputs: &HumanInputs<'_>,
    annotated: &[Annotated],
    vendors: &[usize],
    mqm: &[f64],
) -> Vec<HumanAgreementRow> {
    let items: Vec<usize> = vendors
        .iter()
        .flat_map(|&s| annotated[s].keys().copied())
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .collect();
    // `[vendor][item]` of a score of (system, segment).
    let segment_matrix = |score: &dyn Fn(usize, usize) -> Option<f64>| -> Vec<Vec<Option<f64>>> {
        vendors
            .iter()
            .map(|&s| items.iter().map(|&i| score(s, i)).collect())
            .collect()
    };
    let meta_input = MetaInput {
        systems: vendors.iter().map(|&s| inputs.systems[s].clone()).collect(),
        human: ScoreSet {
            name: "MQM".to_string(),
            system: mqm.iter().map(|m| -m + 0.0).collect(),
            segments: Some(segment_matrix(&|s: usize, i: usize| {
                annotated[s].get(&i).map(|v| -v.0 + 0.0)
            })),
        },
        metrics: inputs
            .metrics
            .iter()
            .enumerate()
            .map(|(m, info)| {
                let sign = if info.higher_is_better { 1.0 } else { -1.0 };
                ScoreSet {
                    name: info.name.clone(),
                    system: vendors
                        .iter()
                        .map(|&s| sign * inputs.corpus[m][s])
                        .collect(),
                    segments: Some(segment_matrix(&|s: usize, i: usize| {
                        Some(sign * inputs.sentence[m][s][i])
                    })),
                }
            })
            .collect(),
    };
    let options = MetaOptions {
        resamples: inputs.resamples,
        permutations: 0,
        seed: inputs.seed,
        ..MetaOptions::default()
    };
    meta_evaluate(&meta_input, &options)
        .correlations
        .into_iter()
        .map(|record| HumanAgreementRow {
            pair: inputs.label.to_string(),
            metric: record.metric,
            level: record.level.name().to_string(),
            statistic: record.statistic.name().to_string(),
            value: record.value,
            ci_low: record.ci_low,
            ci_high: record.ci_high,
        })
        .collect()
}

/// How the automatic error spans of the annotated segments agree with the human spans.
fn span_rows(
    inputs: &HumanInputs<'_>,
    annotated: &[Annotated],
    human: &[ErrorSpan],
    automatic: &[ErrorSpan],
) -> Vec<HumanSpanRow> {
    let reviewed: Vec<ErrorSpan> = automatic
        .iter()
        .filter(|span| {
            inputs
                .systems
                .iter()
                .position(|s| *s == span.system)
                .is_some_and(|s| annotated[s].contains_key(&span.segment))
        })
        .cloned()
        .collect();
    span_agreement(human, &reviewed)
        .into_iter()
        .map(|agreement| HumanSpanRow {
            pair: inputs.label.to_string(),
            matching: agreement.matching.name().to_string(),
            category: agreement.category.unwrap_or_else(|| "all".to_string()),
            human_spans: agreement.human_spans,
            automatic_spans: agreement.automatic_spans,
            found: agreement.found,
            confirmed: agreement.confirmed,
            precision: agreement.precision,
            recall: agreement.recall,
            f1: agreement.f1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_means_count_repeated_draws() {
        assert_eq!(weighted_mean(&[1.0, 4.0], &[3, 1]), Some(1.75));
        assert_eq!(weighted_mean(&[1.0, 4.0], &[0, 0]), None);
    }
}
