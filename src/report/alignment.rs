//! The optional alignment step of a report: a vendor file whose lines do not correspond to the
//! reference segments is put onto them before scoring. Without an aligner such a file is an
//! error that names both files; an implementation of [`SegmentAligner`] (the `align` module's
//! re-segmentation and sentence alignment) makes the report score it instead, and the report
//! lists every aligned file with the method and its confidence.

use crate::error::Result;
use crate::suite::LanguagePair;

/// What an aligner gets for one vendor file.
#[derive(Debug, Clone, Copy)]
pub struct AlignmentRequest<'a> {
    pub pair: &'a LanguagePair,
    pub system: &'a str,
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
