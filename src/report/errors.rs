//! The optional error analysis of a report: an implementation of [`ErrorAnalysis`] (automatic
//! classification into MQM categories, or imported human annotations) counts error categories
//! per vendor; the report then writes `errors.csv`, draws the categories stacked per vendor and
//! adds an errors section to the page. Without one, none of these exist.

use crate::error::Result;
use crate::suite::LanguagePair;
use std::path::Path;

/// The texts of one language pair, segment-parallel (after any alignment).
#[derive(Debug, Clone)]
pub struct PairTexts<'a> {
    /// The pair's label in the report (`en-de`).
    pub label: &'a str,
    pub pair: &'a LanguagePair,
    pub source: Option<&'a [String]>,
    pub references: Vec<&'a [String]>,
    /// `(vendor, segments)` in the report's order.
    pub systems: Vec<(&'a str, &'a [String])>,
    /// Document id of every segment, when known.
    pub documents: Option<&'a [String]>,
    /// The pair's terminology glossary, when the manifest names one.
    pub glossary: Option<&'a Path>,
}

/// Error counts of one vendor in one (category, severity) cell.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCount {
    pub system: String,
    /// MQM category path, `Accuracy/Omission`; the part before the first `/` groups the chart.
    pub category: String,
    /// `minor`, `major`, `critical`, …
    pub severity: String,
    pub count: usize,
}

/// Counts error categories of every vendor of a pair.
pub trait ErrorAnalysis: Sync {
    /// What the counts are, for the report (`automatic: edit classes and QA checks`).
    fn name(&self) -> String;
    /// The counts of every vendor of the pair.
    fn analyze(&self, texts: &PairTexts<'_>) -> Result<Vec<ErrorCount>>;
}
