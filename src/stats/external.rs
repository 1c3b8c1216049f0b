//! External segment scores (COMET, human DA, … produced elsewhere; read by `io::scores`) as
//! comparison inputs: every system's segment scores, in segment order, become statistics rows
//! `[score, 1]`, whose summed ratio is the mean the significance tests resample.

use super::comparison::{MetricInput, MetricSystems};
use super::resample::{Scorer, StatsMatrix};
use crate::corpus::System;
use crate::error::{Error, Result};
use crate::io::scores::{read_external_scores, ExternalScores};
use crate::metrics::Signature;
use std::collections::BTreeMap;
use std::path::Path;

/// Every metric of the scores file `path` (signed with the file) for `systems` (found by name, path as given or file
/// name), each with a score for every one of `segments` segments.
pub fn read_external_metrics(
    path: &Path,
    systems: &[System],
    segments: usize,
) -> Result<Vec<MetricInput>> {
    external_metrics(path, read_external_scores(path)?, systems, segments)
}

/// [`read_external_metrics`] on scores already read from `path`.
pub fn external_metrics(
    path: &Path,
    scores: ExternalScores,
    systems: &[System],
    segments: usize,
) -> Result<Vec<MetricInput>> {
    scores
        .into_iter()
        .map(|(metric, by_system)| {
            let systems = systems
                .iter()
                .map(|system| segment_scores(path, &metric, &by_system, system, segments))
                .collect::<Result<Vec<_>>>()?;
            Ok(external_metric_input(path, metric, systems))
        })
        .collect()
}

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
        .map(|values| StatsMatrix {
            width: 2,
            values: values.iter().flat_map(|&v| [v, 1.0]).collect(),
        })
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

/// A system's `segments` scores under `metric`, in segment order.
fn segment_scores(
    path: &Path,
    metric: &str,
    by_system: &BTreeMap<String, Vec<Option<f64>>>,
    system: &System,
    segments: usize,
) -> Result<Vec<f64>> {
    let file = system.file.path.display().to_string();
    let file_name = system
        .file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let values = [Some(system.name.clone()), Some(file), file_name]
        .into_iter()
        .flatten()
        .find_map(|key| by_system.get(&key))
        .ok_or_else(|| Error::Malformed {
            path: path.to_path_buf(),
            line: 0,
            reason: format!("no {metric} scores for system {:?}", system.name),
        })?;
    (0..segments)
        .map(|segment| {
            values
                .get(segment)
                .copied()
                .flatten()
                .ok_or_else(|| Error::Malformed {
                    path: path.to_path_buf(),
                    line: 0,
                    reason: format!(
                        "{metric} has no score for segment {} of system {:?} ({segments} segments expected)",
                        segment + 1,
                        system.name
                    ),
                })
        })
        .collect()
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
            input.systems.statistics[0].values,
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
