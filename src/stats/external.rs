//! External segment scores (COMET, human DA, … produced elsewhere; read and matched to the
//! systems by `corpus::load_external_scores`) as comparison inputs: every system's segment scores, in segment order, become statistics rows
//! `[score, 1]`, whose summed ratio is the mean the significance tests resample.

use super::comparison::{MetricInput, MetricSystems};
use super::resample::{Scorer, StatsMatrix};
use crate::metrics::Signature;
use std::path::Path;

/// One external metric as a comparison input: every system's segment scores (`systems[s]`, in
/// segment order) as statistics rows `[score, 1]`, the corpus score their mean, signed with
/// the file `path` they came from.
pub fn external_metric_input(path: &Path, metric: String, systems: Vec<Vec<f64>>) -> MetricInput {
    let scores = systems
        .iter()
        .map(|values| values.iter().sum::<f64>() / values.len() as f64)
        .collect();
    let statistics = systems
        .iter()
        .map(|values| StatsMatrix::from_values(2, values.iter().flat_map(|&v| [v, 1.0]).collect()))
        .collect();
    let mut signature = Signature::default();
    signature.push("scores", "src", path.display().to_string());
    MetricInput {
        systems: MetricSystems {
            metric,
            scorer: Scorer::Mean,
            scores,
            statistics,
        },
        signature,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_scores_become_mean_rows_signed_with_the_file() {
        let input = external_metric_input(
            Path::new("comet.tsv"),
            "COMET".into(),
            vec![vec![0.5, 0.25], vec![1.0, 0.0]],
        );
        assert_eq!(input.systems.scores, vec![0.375, 0.5]);
        assert_eq!(
            input.systems.statistics[0].values().collect::<Vec<_>>(),
            vec![0.5, 1.0, 0.25, 1.0]
        );
        assert_eq!(
            input.systems.scorer.score::<f64>(&[0.75, 2.0]).to_f64(),
            0.375
        );
        assert!(input
            .signature
            .format(false)
            .starts_with("scores:comet.tsv|version:"));
    }
}
