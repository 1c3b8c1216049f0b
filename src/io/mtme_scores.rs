//! Score files in google-research/mt-metrics-eval's layout: `NAME.sys.score` holds
//! `SYSTEM<TAB>SCORE` per line (one line per system); `NAME.seg.score` holds `SYSTEM<TAB>SCORE`
//! per segment, each system's lines in segment order. `None` marks a segment without a score
//! (mt-metrics-eval's human files have them). The metric's name is the file name before
//! `.sys.score` / `.seg.score`.

use crate::error::{Error, Result};
use crate::io::plain::{read_bytes, utf8_text};
use std::path::Path;

/// Which kind of score file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreLevel {
    System,
    Segment,
}

/// One score file: scores per system, in first-appearance order.
#[derive(Debug, Clone)]
pub struct MtmeScores {
    pub name: String,
    pub level: ScoreLevel,
    /// (system, scores): one score for a `.sys.score` file, one per segment for `.seg.score`.
    pub systems: Vec<(String, Vec<Option<f64>>)>,
}

/// The metric name and level from a file name, or `None` when it ends in neither suffix.
pub fn score_file_kind(path: &Path) -> Option<(String, ScoreLevel)> {
    let name = path.file_name()?.to_str()?;
    let name = name.strip_suffix(".gz").unwrap_or(name);
    if let Some(metric) = name.strip_suffix(".sys.score") {
        return Some((metric.to_string(), ScoreLevel::System));
    }
    name.strip_suffix(".seg.score")
        .map(|metric| (metric.to_string(), ScoreLevel::Segment))
}

/// Reads a `.sys.score` or `.seg.score` file.
pub fn read_mtme_scores(path: &Path) -> Result<MtmeScores> {
    let (name, level) = score_file_kind(path).ok_or_else(|| {
        Error::malformed_file(
            path.to_path_buf(),
            "the file name must end in .sys.score or .seg.score (mt-metrics-eval's layout)",
        )
    })?;
    parse_mtme_scores_bytes(read_bytes(path)?, path, name, level)
}

/// [`read_mtme_scores`] on the (decompressed) bytes of the file `path` names in messages;
/// `name` and `level` are what [`score_file_kind`] found in its name.
pub fn parse_mtme_scores_bytes(
    bytes: Vec<u8>,
    path: &Path,
    name: String,
    level: ScoreLevel,
) -> Result<MtmeScores> {
    parse_mtme_scores(utf8_text(path, &bytes)?, path, name, level)
}

fn parse_mtme_scores(
    text: &str,
    path: &Path,
    name: String,
    level: ScoreLevel,
) -> Result<MtmeScores> {
    let malformed =
        |line: usize, reason: String| Error::malformed(path.to_path_buf(), line, reason);
    // A byte order mark (as some editors save) is not part of the first system's name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut systems: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let Some((system, score)) = line.split_once('\t') else {
            return Err(malformed(number, "expected SYSTEM<TAB>SCORE".into()));
        };
        let score = score.trim();
        let value = if score == "None" {
            None
        } else {
            match score.parse::<f64>() {
                Ok(value) if value.is_finite() => Some(value + 0.0),
                _ => {
                    return Err(malformed(
                        number,
                        format!("score {score:?} of system {system:?} is not a finite number"),
                    ))
                }
            }
        };
        match systems.iter_mut().find(|(name, _)| name == system) {
            Some((_, scores)) if level == ScoreLevel::Segment => scores.push(value),
            Some(_) => {
                return Err(malformed(
                    number,
                    format!("system {system:?} appears twice in a .sys.score file"),
                ))
            }
            None => systems.push((system.to_string(), vec![value])),
        }
    }
    if systems.is_empty() {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    Ok(MtmeScores {
        name,
        level,
        systems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_levels_and_values() {
        let path = Path::new("dir/COMET-22.seg.score");
        assert_eq!(
            score_file_kind(path),
            Some(("COMET-22".to_string(), ScoreLevel::Segment))
        );
        assert_eq!(score_file_kind(Path::new("x.tsv")), None);
        let scores = parse_mtme_scores(
            "\u{feff}A\t0.5\nB\t-1\nA\tNone\nB\t2e-1\n",
            path,
            "COMET-22".into(),
            ScoreLevel::Segment,
        )
        .unwrap();
        assert_eq!(
            scores.systems,
            vec![
                ("A".to_string(), vec![Some(0.5), None]),
                ("B".to_string(), vec![Some(-1.0), Some(0.2)])
            ]
        );
    }

    #[test]
    fn bad_lines_are_located_errors() {
        let path = Path::new("BLEU.sys.score");
        let error = |text: &str| {
            parse_mtme_scores(text, path, "BLEU".into(), ScoreLevel::System)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error("A\t1\nB\tNaN\n"),
            "BLEU.sys.score:2: score \"NaN\" of system \"B\" is not a finite number"
        );
        assert_eq!(
            error("A 1\n"),
            "BLEU.sys.score:1: expected SYSTEM<TAB>SCORE"
        );
        assert!(error("A\t1\nA\t2\n").contains("appears twice"));
    }
}
