//! The optional alignment step of a report: a vendor file whose lines do not correspond to the
//! reference segments is put onto them before scoring. Without an aligner (`--align off`) such a
//! file is an error that names both files; with one — [`AutomaticAlignment`], the `align`
//! module's re-segmentation and sentence alignment (`--align auto`) — the report scores it and
//! lists every aligned file with the method and its confidence.

use crate::corpus::LanguagePair;
use crate::error::Result;
use std::path::Path;

/// What an aligner gets for one vendor file.
#[derive(Debug, Clone, Copy)]
pub struct AlignmentRequest<'a> {
    pub pair: &'a LanguagePair,
    pub system: &'a str,
    /// The vendor's file, for messages.
    pub file: &'a Path,
    /// The first reference's segments.
    pub reference: &'a [String],
    pub source: Option<&'a [String]>,
    /// Document id of every reference segment, when known.
    pub documents: Option<&'a [String]>,
    /// The vendor's lines, segmented any way.
    pub hypothesis: &'a [String],
}

/// A hypothesis put onto the reference segments.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedHypothesis {
    /// One segment per reference segment (empty where nothing aligned).
    pub segments: Vec<String>,
    /// Confidence in [0, 1] per segment, when the method estimates one.
    pub confidence: Option<Vec<f64>>,
    /// How it was aligned, for the report (`sentence alignment`).
    pub method: String,
}

/// Puts a vendor's lines onto the reference segments.
pub trait SegmentAligner: Sync {
    /// Aligns one file; must return exactly `request.reference.len()` segments.
    fn align(&self, request: &AlignmentRequest<'_>) -> Result<AlignedHypothesis>;
}

/// The `align` module's alignment: unsegmented documents are re-segmented at minimum edit
/// distance, other files sentence-aligned (merged lines cut), with a confidence per segment.
#[derive(Debug, Clone, Copy, Default)]
pub struct AutomaticAlignment;

impl SegmentAligner for AutomaticAlignment {
    fn align(&self, request: &AlignmentRequest<'_>) -> Result<AlignedHypothesis> {
        use crate::align::{align, systems::ensure_has_text, AlignInput};
        ensure_has_text(request.file, request.hypothesis)?;
        let result = align(&AlignInput {
            reference: request.reference,
            documents: request.documents,
            source: request.source,
            hypothesis: request.hypothesis,
            mode: None,
        });
        Ok(AlignedHypothesis {
            method: format!("{} on {}", result.strategy, result.mode),
            confidence: Some(result.confidence),
            segments: result.segments,
        })
    }
}
