//! Choosing segments for human review: the same N segments for every vendor (so their MQM
//! scores compare), drawn with a seed — stratified by document (each document gets a share
//! proportional to its size, largest remainders first, segments drawn at random within it), or
//! the N segments where the vendors disagree most (the spread of a per-segment score across
//! vendors), or the N segments with the most automatic error findings over the vendors.

use super::automatic::{analyze_systems, resolve_languages, ErrorAnalysisConfig, SystemOutput};
use super::checks::CheckSet;
use super::taxonomy::Weights;
use crate::metrics::chrf::Chrf;
use crate::metrics::{MetricConfig, RunOptions};
use crate::stats::rng::NumpyRng;

/// How segments are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleStrategy {
    /// Proportional to document sizes, random within each document.
    Document,
    /// Highest spread (max − min) of the per-segment scores across vendors.
    Disagreement,
    /// Most automatic error findings, summed over vendors.
    Errors,
}

/// Fisher–Yates shuffle of `0..n` driven by NumPy's generator (bounded draws, last slot first).
fn shuffled(n: usize, rng: &mut NumpyRng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(u32::try_from(i + 1).expect("fewer than 2^32 segments")) as usize;
        order.swap(i, j);
    }
    order
}

/// `count` segments spread over documents in proportion to their sizes (largest remainder, ties
/// to the earlier document), drawn at random within each; sorted. `documents[i]` is segment
/// `i`'s document; the segments of a document need not be contiguous.
pub fn stratified_by_document(documents: &[String], count: usize, seed: u64) -> Vec<usize> {
    let total = documents.len();
    let count = count.min(total);
    let mut names: Vec<&str> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (segment, document) in documents.iter().enumerate() {
        match names.iter().position(|n| *n == document) {
            Some(d) => members[d].push(segment),
            None => {
                names.push(document);
                members.push(vec![segment]);
            }
        }
    }
    let mut quotas: Vec<usize> = members.iter().map(|m| m.len() * count / total).collect();
    let mut remainders: Vec<(usize, usize)> = members
        .iter()
        .enumerate()
        .map(|(d, m)| ((m.len() * count) % total, d))
        .collect();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let missing = count - quotas.iter().sum::<usize>();
    for &(_, d) in remainders.iter().take(missing) {
        quotas[d] += 1;
    }
    let mut rng = NumpyRng::new(u128::from(seed));
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    for (segments, quota) in members.iter().zip(quotas) {
        let order = shuffled(segments.len(), &mut rng);
        chosen.extend(order.into_iter().take(quota).map(|i| segments[i]));
    }
    chosen.sort_unstable();
    chosen
}

/// The `count` segments with the highest priority (ties to the earlier segment); sorted.
pub fn highest_priority(priority: &[f64], count: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..priority.len()).collect();
    order.sort_by(|&a, &b| priority[b].total_cmp(&priority[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = order.into_iter().take(count).collect();
    chosen.sort_unstable();
    chosen
}

/// Per segment, the spread (max − min) of `scores[vendor][segment]` across vendors.
pub fn vendor_spread(scores: &[Vec<f64>]) -> Vec<f64> {
    let segments = scores.first().map_or(0, Vec::len);
    (0..segments)
        .map(|i| {
            let values = scores.iter().map(|s| s[i]);
            let max = values.clone().fold(f64::NEG_INFINITY, f64::max);
            let min = values.fold(f64::INFINITY, f64::min);
            max - min
        })
        .collect()
}

/// What the segments of an evaluation are chosen from: the source, references and every
/// vendor's segments (one per source segment), and every segment's document.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInputs<'a> {
    pub source: &'a [String],
    pub references: &'a [&'a [String]],
    /// Vendor names and segments.
    pub systems: &'a [(&'a str, &'a [String])],
    pub documents: &'a [String],
}

/// The `count` segments (0-based, ascending within the strategy's order) to review under
/// `strategy`; `seed` drives the document strategy's draws.
pub fn choose_segments(
    inputs: &ReviewInputs<'_>,
    strategy: SampleStrategy,
    count: usize,
    seed: u64,
) -> Vec<usize> {
    let systems: Vec<&[String]> = inputs.systems.iter().map(|(_, s)| *s).collect();
    match strategy {
        SampleStrategy::Document => stratified_by_document(inputs.documents, count, seed),
        SampleStrategy::Disagreement => {
            let run = MetricConfig::Chrf(Chrf::default()).run(
                inputs.references,
                &systems,
                RunOptions {
                    sentence_scores: true,
                    statistics: false,
                },
            );
            let scores: Vec<Vec<f64>> = run
                .systems
                .iter()
                .map(|s| s.segments.iter().map(|score| score.score).collect())
                .collect();
            highest_priority(&vendor_spread(&scores), count)
        }
        SampleStrategy::Errors => highest_priority(&findings_per_segment(inputs), count),
    }
}

/// The automatic error findings (`mteval errors`, every check, Google weights) of every
/// segment, summed over the vendors.
fn findings_per_segment(inputs: &ReviewInputs<'_>) -> Vec<f64> {
    let outputs: Vec<SystemOutput> = inputs
        .systems
        .iter()
        .map(|(name, segments)| SystemOutput {
            name,
            file: "",
            segments,
        })
        .collect();
    let systems: Vec<&[String]> = inputs.systems.iter().map(|(_, s)| *s).collect();
    let languages = resolve_languages(None, Some(inputs.source), inputs.references, &systems);
    let mut checks = CheckSet::all();
    checks.keep_runnable(true, true);
    let config = ErrorAnalysisConfig {
        checks,
        source_language: languages.source,
        target_language: languages.target,
        glossary: None,
        weights: Weights::google(),
        list_findings: true,
    };
    let report = analyze_systems(&outputs, Some(inputs.source), inputs.references, &config);
    let mut findings = vec![0.0; inputs.source.len()];
    for finding in &report.findings {
        findings[finding.segment - 1] += 1.0;
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_shares_are_proportional_and_seeded() {
        // Documents of 6, 3 and 1 segments; 5 chosen → quotas 3, 1.5→1 or 2, 0.5.
        let documents: Vec<String> = "aaaaaabbbc".chars().map(String::from).collect();
        let chosen = stratified_by_document(&documents, 5, 7);
        assert_eq!(chosen.len(), 5);
        let in_doc = |d: &str| chosen.iter().filter(|&&i| documents[i] == d).count();
        // 6·5/10 = 3 r0, 3·5/10 = 1 r5, 1·5/10 = 0 r5: the remainder goes to b (earlier).
        assert_eq!((in_doc("a"), in_doc("b"), in_doc("c")), (3, 2, 0));
        assert_eq!(chosen, stratified_by_document(&documents, 5, 7));
        assert_ne!(chosen, stratified_by_document(&documents, 5, 8));
        assert_eq!(
            stratified_by_document(&documents, 50, 1),
            (0..10).collect::<Vec<_>>()
        );
    }

    #[test]
    fn disagreement_picks_the_widest_spreads() {
        let scores = vec![vec![10.0, 50.0, 30.0, 0.0], vec![12.0, 10.0, 30.0, 40.0]];
        assert_eq!(vendor_spread(&scores), [2.0, 40.0, 0.0, 40.0]);
        assert_eq!(highest_priority(&vendor_spread(&scores), 2), [1, 3]);
        assert_eq!(highest_priority(&[1.0, 3.0, 2.0], 1), [1]);
    }
}
