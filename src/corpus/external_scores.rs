//! Segment scores computed elsewhere (COMET, human DA, …) matched to an evaluation's systems,
//! so significance tests work for any metric: every system of the evaluation must have a score
//! for every segment.

use super::Evaluation;
use crate::error::{Error, Result};
use crate::io::scores::read_external_scores;
use std::path::Path;

/// One metric's scores for every system of an evaluation, in the evaluation's order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalMetric {
    pub metric: String,
    /// Per system, one score per segment.
    pub systems: Vec<Vec<f64>>,
}

/// Reads an external scores file (TSV or JSON, see [`crate::io::scores`]) and matches its
/// systems to the evaluation's by name, by path as given, or by file name.
pub fn load_external_scores(path: &Path, evaluation: &Evaluation) -> Result<Vec<ExternalMetric>> {
    let segments = evaluation.segment_count();
    let mut metrics = Vec::new();
    for (metric, by_system) in read_external_scores(path)? {
        let mut systems = Vec::with_capacity(evaluation.systems.len());
        for system in &evaluation.systems {
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
                .ok_or_else(|| {
                    Error::malformed_file(
                        path,
                        format!("no {metric} scores for system {:?}", system.name),
                    )
                })?;
            if values.len() > segments {
                return Err(Error::malformed_file(
                    path,
                    format!(
                        "{metric} has a score for segment {} of system {:?}, but the evaluation has {segments} segments",
                        values.len(),
                        system.name
                    ),
                ));
            }
            let in_order = (0..segments)
                .map(|segment| {
                    values.get(segment).copied().flatten().ok_or_else(|| {
                        Error::malformed_file(
                            path,
                            format!(
                                "{metric} has no score for segment {} of system {:?} ({segments} segments expected)",
                                segment + 1,
                                system.name
                            ),
                        )
                    })
                })
                .collect::<Result<Vec<f64>>>()?;
            systems.push(in_order);
        }
        metrics.push(ExternalMetric { metric, systems });
    }
    Ok(metrics)
}
