//! Domain types of an evaluation: reference streams and system outputs, segment-parallel,
//! with the check that they really are parallel. Nothing here knows about metrics.

use crate::error::{Error, Result};
use crate::io::TextFile;
use std::collections::HashMap;
use std::path::Path;

/// One system's (vendor's) output.
#[derive(Debug, Clone)]
pub struct System {
    /// Display name, unique within an evaluation.
    pub name: String,
    /// The file as read; `file.path` is the path exactly as the user gave it.
    pub file: TextFile,
}

/// References and systems whose segments correspond line by line.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub references: Vec<TextFile>,
    pub systems: Vec<System>,
}

impl Evaluation {
    /// Builds an evaluation, naming systems after their files and checking segment counts.
    pub fn new(references: Vec<TextFile>, hypotheses: Vec<TextFile>) -> Result<Self> {
        let names = system_names(hypotheses.iter().map(|file| file.path.as_path()));
        let systems = hypotheses
            .into_iter()
            .zip(names)
            .map(|(file, name)| System { name, file })
            .collect();
        let evaluation = Evaluation {
            references,
            systems,
        };
        evaluation.ensure_equal_segment_counts()?;
        Ok(evaluation)
    }

    /// Number of segments (of the first reference).
    pub fn segment_count(&self) -> usize {
        self.references
            .first()
            .map_or(0, |reference| reference.segments.len())
    }

    /// Every reference and every system must have as many segments as the first reference.
    pub fn ensure_equal_segment_counts(&self) -> Result<()> {
        let Some(first) = self.references.first() else {
            return Err(Error::invalid_option(
                "--ref",
                "",
                "at least one reference file is needed",
            ));
        };
        let others = self.references[1..]
            .iter()
            .chain(self.systems.iter().map(|system| &system.file));
        for file in others {
            if file.segments.len() != first.segments.len() {
                return Err(Error::SegmentCountMismatch {
                    hypothesis: file.path.clone(),
                    hypothesis_segments: file.segments.len(),
                    reference: first.path.clone(),
                    reference_segments: first.segments.len(),
                });
            }
        }
        Ok(())
    }

    /// Reference streams as slices, for the metric drivers.
    pub fn reference_streams(&self) -> Vec<&[String]> {
        self.references
            .iter()
            .map(|file| file.segments.as_slice())
            .collect()
    }

    /// System outputs as slices, for the metric drivers.
    pub fn system_streams(&self) -> Vec<&[String]> {
        self.systems
            .iter()
            .map(|system| system.file.segments.as_slice())
            .collect()
    }
}

/// Display names for hypothesis files: the `SYSTEM` of WMT-style names
/// (`SET.PAIR.hyp.SYSTEM.LANG`), else the file name; the full path where names would repeat.
pub fn system_names<'a>(paths: impl Iterator<Item = &'a Path> + Clone) -> Vec<String> {
    let short: Vec<String> = paths.clone().map(short_system_name).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for name in &short {
        *seen.entry(name.as_str()).or_default() += 1;
    }
    short
        .iter()
        .zip(paths)
        .map(|(name, path)| {
            if seen[name.as_str()] > 1 {
                path.display().to_string()
            } else {
                name.clone()
            }
        })
        .collect()
}

fn short_system_name(path: &Path) -> String {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let parts: Vec<&str> = file_name.split('.').collect();
    if let Some(hyp) = parts.iter().position(|&part| part == "hyp") {
        if hyp + 2 < parts.len() {
            return parts[hyp + 1..parts.len() - 1].join(".");
        }
    }
    file_name
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn names_come_from_wmt_file_names_and_stay_unique() {
        let paths = [
            PathBuf::from("a/generaltest2022.en-de.hyp.Online-A.de"),
            PathBuf::from("b/sys1.txt"),
            PathBuf::from("c/sys1.txt"),
        ];
        assert_eq!(
            system_names(paths.iter().map(|p| p.as_path())),
            vec!["Online-A", "b/sys1.txt", "c/sys1.txt"]
        );
    }

    #[test]
    fn mismatched_counts_name_both_files() {
        let file = |path: &str, n: usize| TextFile {
            path: PathBuf::from(path),
            segments: vec![String::new(); n],
            warnings: vec![],
        };
        let err = Evaluation::new(vec![file("ref.txt", 3)], vec![file("hyp.txt", 2)])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("hyp.txt has 2 segments but reference ref.txt has 3")
                && err.contains("mteval align"),
            "{err}"
        );
    }
}
