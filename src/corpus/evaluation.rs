//! One evaluation: reference streams and system outputs, segment-parallel, with the check that
//! they really are parallel, and what is known about each segment (its document and domain).

use crate::error::{Error, Result, Setting};
use crate::io::{TextFile, WmtXml};
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

/// What is known about one segment besides its text: the document it belongs to and that
/// document's domain and original language (WMT XML supplies all three, `--doc-ids` the first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SegmentInfo {
    /// Document id; the segments of one document are contiguous.
    pub document: String,
    /// Domain of the document (`news`, `ecommerce`, …), when known.
    pub domain: Option<String>,
    /// Language the document was originally written in, when known.
    pub origlang: Option<String>,
}

impl SegmentInfo {
    /// Document, domain and original language of every segment of a WMT XML test set.
    pub fn of_wmt_xml(xml: &WmtXml) -> Vec<SegmentInfo> {
        let mut info = Vec::with_capacity(xml.segment_count());
        for doc in &xml.documents {
            for _ in doc.segments.clone() {
                info.push(SegmentInfo {
                    document: doc.id.clone(),
                    domain: doc.domain.clone(),
                    origlang: doc.origlang.clone(),
                });
            }
        }
        info
    }
}

/// References and systems whose segments correspond line by line.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub references: Vec<TextFile>,
    pub systems: Vec<System>,
    /// Document and domain of every segment, when the input says (one per segment).
    pub segments: Option<Vec<SegmentInfo>>,
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
        Evaluation::from_systems(references, systems, None)
    }

    /// Builds an evaluation from named systems and optional segment information, checking
    /// segment counts (the information must have one entry per segment too).
    pub fn from_systems(
        references: Vec<TextFile>,
        systems: Vec<System>,
        segments: Option<Vec<SegmentInfo>>,
    ) -> Result<Self> {
        let evaluation = Evaluation {
            references,
            systems,
            segments,
        };
        evaluation.ensure_equal_segment_counts()?;
        if let (Some(info), Some(first)) = (&evaluation.segments, evaluation.references.first()) {
            if info.len() != first.segments.len() {
                return Err(Error::invalid_option(
                    Setting::DocumentIds,
                    first.path.display().to_string(),
                    format!(
                        "{} document ids for {} segments; give one id per reference line",
                        info.len(),
                        first.segments.len()
                    ),
                ));
            }
        }
        Ok(evaluation)
    }

    /// Keeps only the segments whose index `keep` accepts, in every reference, system and in the
    /// segment information (used to leave out segments that could not be aligned confidently).
    pub fn retain_segments(&mut self, keep: impl Fn(usize) -> bool) {
        fn filter<T: Clone>(items: &[T], keep: &impl Fn(usize) -> bool) -> Vec<T> {
            items
                .iter()
                .enumerate()
                .filter(|(i, _)| keep(*i))
                .map(|(_, item)| item.clone())
                .collect()
        }
        for reference in &mut self.references {
            reference.segments = filter(&reference.segments, &keep);
        }
        for system in &mut self.systems {
            system.file.segments = filter(&system.file.segments, &keep);
        }
        if let Some(info) = &mut self.segments {
            *info = filter(info, &keep);
        }
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
                Setting::References,
                "",
                "at least one reference file is needed",
            ));
        };
        let others = self.references[1..]
            .iter()
            .chain(self.systems.iter().map(|system| &system.file));
        for file in others {
            ensure_parallel(file, first)?;
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

/// `file` (a hypothesis or source) must have as many segments as `reference`.
pub fn ensure_parallel(file: &TextFile, reference: &TextFile) -> Result<()> {
    if file.segments.len() == reference.segments.len() {
        return Ok(());
    }
    Err(Error::SegmentCountMismatch {
        hypothesis: file.path.clone(),
        hypothesis_segments: file.segments.len(),
        reference: reference.path.clone(),
        reference_segments: reference.segments.len(),
    })
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
