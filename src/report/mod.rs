//! Renders results: sacreBLEU-style text, one JSON document, CSV rows — all from the same
//! serializable [`ScoreRecord`]s.

pub mod csv;
pub mod text;

// `mteval report`: one `model::Report` built by `build`, rendered by `output` as CSV tables,
// `report.json`, charts and the HTML page; `alignment` and `errors` are its optional steps.
pub mod alignment;
pub mod build;
pub mod chart;
pub mod diff;
pub mod errors;
pub mod gate;
pub mod html;
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
    #[serde(flatten)]
    pub score: Score,
    pub signature: String,
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
            score,
            signature: signature.format(false),
        }
    }
}

/// The JSON document of `mteval score --format json`: `{"results": [...]}`.
#[derive(Debug, Serialize)]
pub struct ScoreDocument<'a> {
    pub results: &'a [ScoreRecord],
}
