//! Loaded systems whose segment count differs from the reference's, put back onto the first
//! reference's segments with [`align`](super::align()), and the segments aligned with too little
//! confidence left out of every system so that scores stay comparable.

use super::units::UnitMode;
use super::{align, AlignInput};
use crate::corpus::{Evaluation, Inputs};
use crate::error::{Error, Result, Setting};
use std::path::Path;

/// A hypothesis to be aligned (the file at `path`) must have some text.
pub fn ensure_has_text(path: &Path, segments: &[String]) -> Result<()> {
    if segments.iter().all(|s| s.trim().is_empty()) {
        return Err(Error::malformed(
            path,
            1,
            "the hypothesis has no text (every line is empty); there is nothing to align",
        ));
    }
    Ok(())
}

/// Aligns every system whose segment count differs from the first reference's (within the
/// documents and with the source, when the inputs have them), telling `warn` how; returns per
/// system the confidence of every segment when it was aligned.
pub fn align_systems(
    inputs: &mut Inputs,
    units: Option<UnitMode>,
    warn: &mut dyn FnMut(&str),
) -> Result<Vec<Option<Vec<f64>>>> {
    let mut alignment: Vec<Option<Vec<f64>>> = vec![None; inputs.systems.len()];
    let reference = &inputs.references[0];
    let documents: Option<Vec<String>> = inputs
        .segments
        .as_ref()
        .map(|info| info.iter().map(|s| s.document.clone()).collect());
    let source = inputs.source.as_ref().map(|file| file.segments.as_slice());
    for (s, system) in inputs.systems.iter_mut().enumerate() {
        if system.file.segments.len() == reference.segments.len() {
            continue;
        }
        ensure_has_text(&system.file.path, &system.file.segments)?;
        let result = align(&AlignInput {
            reference: &reference.segments,
            documents: documents.as_deref(),
            source,
            hypothesis: &system.file.segments,
            mode: units,
        });
        warn(&format!(
            "{}: {} lines for {} reference segments; aligned them ({}, {}), mean confidence {:.3}",
            system.file.path.display(),
            system.file.segments.len(),
            reference.segments.len(),
            result.strategy,
            result.mode,
            result.mean_confidence()
        ));
        system.file.segments = result.segments;
        alignment[s] = Some(result.confidence);
    }
    Ok(alignment)
}

/// Leaves out of every system (and of `alignment`) the segments whose confidence is below
/// `threshold` in any aligned system; leaving out every segment is an error.
pub fn leave_out_low_confidence(
    evaluation: &mut Evaluation,
    alignment: &mut [Option<Vec<f64>>],
    threshold: f64,
    warn: &mut dyn FnMut(&str),
) -> Result<()> {
    let low: Vec<bool> = (0..evaluation.segment_count())
        .map(|i| {
            alignment
                .iter()
                .flatten()
                .any(|confidence| confidence[i] < threshold)
        })
        .collect();
    let excluded = low.iter().filter(|&&l| l).count();
    if excluded == 0 {
        return Ok(());
    }
    if excluded == low.len() {
        return Err(Error::invalid_option(
            Setting::MinConfidence,
            threshold.to_string(),
            "every segment's alignment confidence is below it; nothing would be scored",
        ));
    }
    warn(&format!(
        "left out {excluded} of {} segments whose alignment confidence is below {threshold} \
         (in any aligned system), from every system so the scores stay comparable",
        low.len()
    ));
    evaluation.retain_segments(|i| !low[i]);
    for confidence in alignment.iter_mut().flatten() {
        let kept: Vec<f64> = confidence
            .iter()
            .zip(&low)
            .filter(|(_, &l)| !l)
            .map(|(&c, _)| c)
            .collect();
        *confidence = kept;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::TextFile;
    use std::path::PathBuf;

    fn evaluation(segments: &[&str]) -> Evaluation {
        let file = |name: &str| TextFile {
            path: PathBuf::from(name),
            segments: segments.iter().map(|s| s.to_string()).collect(),
            warnings: Vec::new(),
        };
        Evaluation::new(vec![file("ref")], vec![file("a.hyp"), file("b.hyp")]).unwrap()
    }

    #[test]
    fn low_confidence_segments_leave_every_system() {
        let mut evaluation = evaluation(&["x", "y", "z"]);
        let mut alignment = vec![Some(vec![0.9, 0.1, 0.95]), None];
        let mut warnings = Vec::new();
        leave_out_low_confidence(&mut evaluation, &mut alignment, 0.5, &mut |w| {
            warnings.push(w.to_string())
        })
        .unwrap();
        assert_eq!(evaluation.systems[1].file.segments, ["x", "z"]);
        assert_eq!(alignment[0].as_deref(), Some(&[0.9, 0.95][..]));
        assert!(
            warnings[0].starts_with("left out 1 of 3 segments"),
            "{warnings:?}"
        );

        let err = leave_out_low_confidence(&mut evaluation, &mut alignment, 0.99, &mut |_| {})
            .unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidOption {
                setting: Setting::MinConfidence,
                ..
            }
        ));
    }

    #[test]
    fn a_hypothesis_without_text_cannot_be_aligned() {
        let err = ensure_has_text(Path::new("h.txt"), &[" ".to_string(), String::new()])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("h.txt:1: the hypothesis has no text"),
            "{err}"
        );
    }
}
