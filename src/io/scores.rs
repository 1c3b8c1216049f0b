//! External segment-level scores (COMET, human DA, … produced elsewhere) so significance tests
//! work for any metric: a TSV with a header `system<TAB>segment<TAB>METRIC…`, or JSON — a list
//! of `{"system": …, "segment": …, "METRIC": …}` objects. Segments are 1-based.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// Scores by metric, then by system, then by segment (0-based index into the vector).
pub type ExternalScores = BTreeMap<String, BTreeMap<String, Vec<Option<f64>>>>;

fn malformed(path: &Path, line: usize, reason: impl Into<String>) -> Error {
    Error::malformed(path.to_path_buf(), line, reason.into())
}

/// Records `value` for `segment` (1-based) of `system`; `at` locates it in messages. A value
/// that is not finite, or a second value for the same metric, system and segment, is refused.
fn insert(
    scores: &mut ExternalScores,
    (metric, system, segment): (&str, &str, usize),
    value: f64,
    at: impl Fn(String) -> Error,
) -> Result<()> {
    if !value.is_finite() {
        return Err(at(format!(
            "{metric} value {value} of system {system:?}, segment {segment} is not a finite number"
        )));
    }
    let segments = scores
        .entry(metric.to_string())
        .or_default()
        .entry(system.to_string())
        .or_default();
    if segments.len() < segment {
        segments.resize(segment, None);
    }
    if segments[segment - 1].is_some() {
        return Err(at(format!(
            "a second {metric} score for segment {segment} of system {system:?}"
        )));
    }
    segments[segment - 1] = Some(value);
    Ok(())
}

/// The highest segment number accepted: scores are held per segment up to the highest number
/// seen, so a mistyped number must not reserve gigabytes (no test set has ten million segments).
const MAX_SEGMENT: u64 = 10_000_000;

fn parse_segment(path: &Path, line: usize, text: &str) -> Result<usize> {
    match text.trim().parse::<u64>() {
        Ok(segment) if (1..=MAX_SEGMENT).contains(&segment) => Ok(segment as usize),
        _ => Err(malformed(
            path,
            line,
            format!("segment {text:?} is not a 1-based segment number up to {MAX_SEGMENT}"),
        )),
    }
}

fn parse_tsv(path: &Path, text: &str) -> Result<ExternalScores> {
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, header)) => header.split('\t').map(str::trim).collect(),
        None => {
            return Err(Error::EmptyFile {
                path: path.to_path_buf(),
            })
        }
    };
    if header.len() < 3 || header[0] != "system" || header[1] != "segment" {
        return Err(malformed(
            path,
            1,
            "the header must be `system<TAB>segment<TAB>METRIC…` (one column per metric)",
        ));
    }
    let mut scores = ExternalScores::new();
    for (index, line) in lines {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != header.len() {
            return Err(malformed(
                path,
                number,
                format!(
                    "{} fields, but the header has {}",
                    fields.len(),
                    header.len()
                ),
            ));
        }
        let segment = parse_segment(path, number, fields[1])?;
        for (metric, value) in header[2..].iter().zip(&fields[2..]) {
            let value: f64 = value.trim().parse().map_err(|_| {
                malformed(
                    path,
                    number,
                    format!("{metric} value {value:?} is not a number"),
                )
            })?;
            let key = (*metric, fields[0].trim(), segment);
            insert(&mut scores, key, value, |reason| {
                malformed(path, number, reason)
            })?;
        }
    }
    Ok(scores)
}

fn parse_json(path: &Path, text: &str) -> Result<ExternalScores> {
    let records: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(text)
        .map_err(|e| {
            malformed(
                path,
                e.line(),
                format!("expected a JSON list of objects: {e}"),
            )
        })?;
    let mut scores = ExternalScores::new();
    for (index, record) in records.iter().enumerate() {
        let at = format!("record {}", index + 1);
        let system = record
            .get("system")
            .and_then(|v| v.as_str())
            .ok_or_else(|| malformed(path, 0, format!("{at} has no string \"system\"")))?;
        let segment = record
            .get("segment")
            .and_then(|v| v.as_u64())
            .filter(|s| (1..=MAX_SEGMENT).contains(s))
            .ok_or_else(|| {
                malformed(
                    path,
                    0,
                    format!("{at} has no 1-based \"segment\" up to {MAX_SEGMENT}"),
                )
            })?;
        for (metric, value) in record {
            if metric == "system" || metric == "segment" {
                continue;
            }
            let value = value
                .as_f64()
                .ok_or_else(|| malformed(path, 0, format!("{at}: {metric} is not a number")))?;
            let key = (metric.as_str(), system, segment as usize);
            insert(&mut scores, key, value, |reason| {
                malformed(path, 0, format!("{at}: {reason}"))
            })?;
        }
    }
    Ok(scores)
}

/// Reads external scores, JSON when the file starts with `[`, TSV otherwise.
pub fn read_external_scores(path: &Path) -> Result<ExternalScores> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_external_scores(path, &text)
}

/// [`read_external_scores`] on the text of the file `path` names in messages.
pub fn parse_external_scores(path: &Path, text: &str) -> Result<ExternalScores> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    if text.trim_start().starts_with('[') {
        parse_json(path, text)
    } else {
        parse_tsv(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_segment_number_is_an_error_not_an_allocation() {
        // Found by the `scores` fuzz target: this aborted allocating 7e18 bytes.
        let path = Path::new("scores.tsv");
        let error = parse_tsv(path, "system\tsegment\tE5\n5\t444444455555555544\t8\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("scores.tsv:2:") && error.contains("10000000"),
            "{error}"
        );
        let error = parse_json(path, r#"[{"system": "A", "segment": 10000001, "M": 1}]"#)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("record 1") && error.contains("10000000"),
            "{error}"
        );
        let scores = parse_tsv(path, "system\tsegment\tM\nA\t10000000\t1\n").unwrap();
        assert_eq!(scores["M"]["A"].len(), 10_000_000);
    }

    #[test]
    fn reads_tsv_and_json_alike() {
        let path = Path::new("scores.tsv");
        let tsv = parse_tsv(path, "system\tsegment\tCOMET\nA\t2\t0.5\nA\t1\t0.25\n").unwrap();
        assert_eq!(tsv["COMET"]["A"], vec![Some(0.25), Some(0.5)]);
        let json = parse_json(
            path,
            r#"[{"system": "A", "segment": 1, "COMET": 0.25}, {"system": "A", "segment": 2, "COMET": 0.5}]"#,
        )
        .unwrap();
        assert_eq!(tsv, json);
    }

    #[test]
    fn malformed_rows_are_located() {
        let path = Path::new("scores.tsv");
        let err = parse_tsv(path, "system\tsegment\tDA\nA\t1\tgood\n").unwrap_err();
        assert!(err.to_string().contains("scores.tsv:2:"), "{err}");
        let err = parse_tsv(path, "sys\tseg\tDA\n").unwrap_err();
        assert!(err.to_string().contains("header"), "{err}");
        for value in ["NaN", "inf", "-infinity", "1e999"] {
            let err = parse_tsv(
                path,
                &format!("system\tsegment\tDA\nA\t1\t0.5\nA\t2\t{value}\n"),
            )
            .unwrap_err()
            .to_string();
            assert!(
                err.contains("scores.tsv:3:") && err.contains("not a finite number"),
                "{value}: {err}"
            );
        }
        let err = parse_tsv(path, "system\tsegment\tDA\nA\t1\t0.5\nA\t1\t0.2\n").unwrap_err();
        assert!(
            err.to_string().contains("scores.tsv:3:")
                && err
                    .to_string()
                    .contains("a second DA score for segment 1 of system \"A\""),
            "{err}"
        );
        let json =
            r#"[{"system": "A", "segment": 1, "DA": 1}, {"system": "A", "segment": 1, "DA": 2}]"#;
        let err = parse_json(path, json).unwrap_err();
        assert!(
            err.to_string().contains("record 2: a second DA score"),
            "{err}"
        );
    }
}
