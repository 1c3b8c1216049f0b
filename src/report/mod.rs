//! Renders results: sacreBLEU-style text, one JSON document, CSV rows — all from the same
//! serializable [`ScoreRecord`]s; aligned text tables and MQM tally tables for the analyses.

pub mod alignment_table;
pub mod csv;
pub mod file;
pub mod table;
pub mod tally;
pub mod text;

// `mteval report`: one `model::Report` built by `build`, rendered by `output` as CSV tables,
// `report.json`, charts and the HTML page; `alignment` and `errors` are its optional steps, and
// `human` its human evaluation when the manifest names MQM files.
pub mod alignment;
pub mod build;
#[cfg(feature = "charts")]
pub mod chart;
pub mod diff;
pub mod drawn_chart;
pub mod errors;
pub mod gate;
pub mod html;
pub mod human;
pub mod json;
pub mod model;
pub mod output;
pub mod progress;

use crate::metrics::{Score, Signature};
use serde::Serialize;

/// One score of one system under one metric: the corpus score, or a segment's (1-based
/// `segment`).
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRecord {
    pub system: String,
    /// The hypothesis path exactly as given.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<usize>,
    /// Set on per-document records (`--by document`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Set on per-domain records (`--by domain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(flatten)]
    pub score: Score,
    pub signature: String,
    /// Mean (corpus records) or segment alignment confidence, when the hypothesis was
    /// re-aligned to the reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alignment_confidence: Option<f64>,
}

impl ScoreRecord {
    /// A record with the long signature.
    pub fn new(
        system: &str,
        file: &str,
        segment: Option<usize>,
        score: Score,
        signature: &Signature,
    ) -> Self {
        ScoreRecord {
            system: system.to_string(),
            file: file.to_string(),
            segment,
            document: None,
            domain: None,
            score,
            signature: signature.format(false),
            alignment_confidence: None,
        }
    }
}

/// The JSON document of `mteval score --format json`: `{"results": [...]}`.
#[derive(Debug, Serialize)]
pub struct ScoreDocument<'a> {
    pub results: &'a [ScoreRecord],
}
