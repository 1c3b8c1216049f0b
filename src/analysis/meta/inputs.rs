//! Meta-evaluation inputs before the evaluated systems are fixed: scores keyed by system name
//! ([`NamedScores`]) — human MQM scores of an annotation file, a WMT DA system table,
//! mt-metrics-eval score files,
//! external segment scores, or a built-in metric's run — and how they are put onto the
//! evaluated systems and items as a [`ScoreSet`] ([`NamedScores::onto_systems`]).
//!
//! Errors name the setting the scores came from (`setting`; a front end names it as its users know it).

use super::ScoreSet;
use crate::analysis::mqm::{score_annotations, MqmOptions};
use crate::analysis::taxonomy::Weights;
use crate::error::{Error, Result, Setting};
use crate::io::mqm_tsv::MqmFile;
use crate::io::mtme_scores::{read_mtme_scores, ScoreLevel};
use crate::io::scores::ExternalScores;
use crate::io::wmt_da::{DaRow, DaScore};
use crate::metrics::MetricRun;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Scores keyed by system name, before the systems are fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedScores {
    pub name: String,
    /// The file they came from.
    pub origin: PathBuf,
    /// One score per system.
    pub system: HashMap<String, f64>,
    /// Per system: one score per item, `None` where it has none.
    pub segments: Option<HashMap<String, Vec<Option<f64>>>>,
}

/// The mean of the scores present (0 without any).
pub fn mean_of(scores: &[Option<f64>]) -> f64 {
    let values: Vec<f64> = scores.iter().flatten().copied().collect();
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// (doc, doc_id) → item index of an MQM file, in first-appearance order.
pub fn item_index(file: &MqmFile) -> HashMap<(&str, &str), usize> {
    let mut items = HashMap::new();
    for row in &file.rows {
        let next = items.len();
        items
            .entry((row.doc.as_str(), row.doc_segment.as_str()))
            .or_insert(next);
    }
    items
}

impl NamedScores {
    /// The MQM scores of an annotation file under `weights`, negated (higher is better), items
    /// in first-appearance order.
    pub fn from_mqm(file: &MqmFile, weights: Weights) -> Self {
        let options = MqmOptions {
            weights,
            ..MqmOptions::default()
        };
        let report = score_annotations(file, &options);
        let items = item_index(file);
        let mut system = HashMap::new();
        let mut segments: HashMap<String, Vec<Option<f64>>> = HashMap::new();
        for s in &report.systems {
            system.insert(s.system.clone(), -s.mqm + 0.0);
        }
        for s in &report.segments {
            let row = segments
                .entry(s.system.clone())
                .or_insert_with(|| vec![None; items.len()]);
            row[items[&(s.doc.as_str(), s.doc_id.as_str())]] = Some(-s.mqm + 0.0);
        }
        NamedScores {
            name: "MQM".into(),
            origin: file.path.clone(),
            system,
            segments: Some(segments),
        }
    }

    /// The system scores of a WMT DA table (`rows` read from `origin`), column `score`.
    pub fn from_da(rows: &[DaRow], score: DaScore, origin: &Path) -> Self {
        NamedScores {
            name: score.name().into(),
            origin: origin.to_path_buf(),
            system: rows
                .iter()
                .map(|row| (row.system.clone(), row.score(score)))
                .collect(),
            segments: None,
        }
    }

    /// One per metric of external segment scores read from `path`; system scores are the
    /// means of the segment scores.
    pub fn from_external(path: &Path, scores: ExternalScores) -> Vec<Self> {
        scores
            .into_iter()
            .map(|(metric, systems)| NamedScores {
                name: metric,
                origin: path.to_path_buf(),
                system: systems
                    .iter()
                    .map(|(system, scores)| (system.clone(), mean_of(scores)))
                    .collect(),
                segments: Some(systems.into_iter().collect()),
            })
            .collect()
    }

    /// A metric's corpus and sentence scores of `systems` (in run order), times `sign` (-1
    /// makes an error rate higher-is-better).
    pub fn from_run(run: MetricRun, systems: &[String], sign: f64, origin: &Path) -> Self {
        let mut system = HashMap::new();
        let mut segments = HashMap::new();
        for (name, scores) in systems.iter().zip(&run.systems) {
            system.insert(name.clone(), sign * scores.corpus.score);
            segments.insert(
                name.clone(),
                scores
                    .segments
                    .iter()
                    .map(|s| Some(sign * s.score))
                    .collect(),
            );
        }
        NamedScores {
            name: run.name,
            origin: origin.to_path_buf(),
            system,
            segments: Some(segments),
        }
    }

    /// Reads mt-metrics-eval score files (`NAME.sys.score`, `NAME.seg.score`), grouped by
    /// name; a name without system scores gets the means of its segment scores.
    pub fn read_mtme(paths: &[PathBuf], setting: Setting) -> Result<Vec<Self>> {
        let mut named: Vec<NamedScores> = Vec::new();
        for path in paths {
            let file = read_mtme_scores(path)?;
            let index = match named.iter().position(|n| n.name == file.name) {
                Some(index) => index,
                None => {
                    named.push(NamedScores {
                        name: file.name.clone(),
                        origin: path.clone(),
                        system: HashMap::new(),
                        segments: None,
                    });
                    named.len() - 1
                }
            };
            let entry = &mut named[index];
            let invalid =
                |reason: String| Error::invalid_option(setting, path.display().to_string(), reason);
            match file.level {
                ScoreLevel::System => {
                    if !entry.system.is_empty() {
                        return Err(invalid("a second .sys.score file for this name".into()));
                    }
                    for (system, scores) in file.systems {
                        entry.system.insert(system, scores[0].unwrap_or(f64::NAN));
                    }
                    if let Some((system, _)) = entry.system.iter().find(|(_, v)| v.is_nan()) {
                        return Err(invalid(format!("system {system:?} has the score None")));
                    }
                }
                ScoreLevel::Segment => {
                    if entry.segments.is_some() {
                        return Err(invalid("a second .seg.score file for this name".into()));
                    }
                    entry.segments = Some(file.systems.into_iter().collect());
                }
            }
        }
        for entry in &mut named {
            if entry.system.is_empty() {
                if let Some(segments) = &entry.segments {
                    entry.system = segments
                        .iter()
                        .map(|(system, scores)| (system.clone(), mean_of(scores)))
                        .collect();
                }
            }
        }
        Ok(named)
    }

    /// Every score negated (lower-is-better human scores made higher-is-better).
    pub fn negate(&mut self) {
        for value in self.system.values_mut() {
            *value = -*value + 0.0;
        }
        for row in self.segments.iter_mut().flat_map(|s| s.values_mut()) {
            for value in row.iter_mut().flatten() {
                *value = -*value + 0.0;
            }
        }
    }

    /// The scores of `systems` (and of `items` items each, when both sides have segment
    /// scores), checking that they name no system but those and the `ignored` ones.
    pub fn onto_systems(
        self,
        systems: &[String],
        items: Option<usize>,
        ignored: &[&str],
        setting: Setting,
    ) -> Result<ScoreSet> {
        let origin = self.origin.display().to_string();
        let invalid = |reason: String| Error::invalid_option(setting, &origin, reason);
        if let Some(unknown) = self
            .system
            .keys()
            .find(|s| !systems.contains(s) && !ignored.contains(&s.as_str()))
        {
            return Err(invalid(format!(
                "{}: names unknown system {unknown:?} (the human scores have {})",
                self.name,
                systems.join(", ")
            )));
        }
        let system = systems
            .iter()
            .map(|s| {
                self.system
                    .get(s)
                    .copied()
                    .ok_or_else(|| invalid(format!("{}: no score for system {s:?}", self.name)))
            })
            .collect::<Result<Vec<f64>>>()?;
        let segments = match (self.segments, items) {
            (Some(mut segments), Some(items)) => Some(
                systems
                    .iter()
                    .map(|s| {
                        let row = segments.remove(s).ok_or_else(|| {
                            invalid(format!("{}: no segment scores for system {s:?}", self.name))
                        })?;
                        if row.len() != items {
                            return Err(invalid(format!(
                                "{}: system {s:?} has {} segment scores, the human scores have {items} segments",
                                self.name,
                                row.len()
                            )));
                        }
                        Ok(row)
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
            _ => None,
        };
        Ok(ScoreSet {
            name: self.name,
            system,
            segments,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(system: &[(&str, f64)], segments: &[(&str, Vec<Option<f64>>)]) -> NamedScores {
        NamedScores {
            name: "M".into(),
            origin: PathBuf::from("m.tsv"),
            system: system.iter().map(|(s, v)| (s.to_string(), *v)).collect(),
            segments: Some(
                segments
                    .iter()
                    .map(|(s, v)| (s.to_string(), v.clone()))
                    .collect(),
            ),
        }
    }

    #[test]
    fn means_skip_missing_scores() {
        assert_eq!(mean_of(&[Some(1.0), None, Some(2.0)]), 1.5);
        assert_eq!(mean_of(&[None]), 0.0);
    }

    #[test]
    fn scores_go_onto_the_systems_in_their_order() {
        let scores = named(
            &[("b", 2.0), ("a", 1.0), ("ref", 9.0)],
            &[("a", vec![Some(1.0)]), ("b", vec![None])],
        );
        let systems = vec!["a".to_string(), "b".to_string()];
        let set = scores
            .onto_systems(&systems, Some(1), &["ref"], Setting::ExternalScores)
            .unwrap();
        assert_eq!(set.system, vec![1.0, 2.0]);
        assert_eq!(set.segments, Some(vec![vec![Some(1.0)], vec![None]]));
    }

    #[test]
    fn unknown_systems_and_short_rows_are_errors_naming_the_setting() {
        let systems = vec!["a".to_string()];
        let unknown = named(&[("a", 1.0), ("x", 2.0)], &[]);
        let message = unknown
            .onto_systems(&systems, None, &[], Setting::ExternalScores)
            .unwrap_err()
            .to_string();
        assert!(message.contains("external scores") && message.contains("unknown system \"x\""));
        let short = named(&[("a", 1.0)], &[("a", vec![Some(1.0)])]);
        let message = short
            .onto_systems(&systems, Some(2), &[], Setting::ExternalScores)
            .unwrap_err()
            .to_string();
        assert!(message.contains("has 1 segment scores, the human scores have 2 segments"));
    }

    #[test]
    fn negation_keeps_zero_positive() {
        let mut scores = named(&[("a", 0.0), ("b", 2.0)], &[("a", vec![Some(-1.0), None])]);
        scores.negate();
        assert_eq!(scores.system["a"].to_bits(), 0.0f64.to_bits());
        assert_eq!(scores.system["b"], -2.0);
        assert_eq!(scores.segments.unwrap()["a"], vec![Some(1.0), None]);
    }
}
