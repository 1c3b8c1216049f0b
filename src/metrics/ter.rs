//! Translation Edit Rate, sacreBLEU's re-implementation of tercom 7.25 (being implemented).

use super::numeric::{Real, Weak};
use super::{Metric, Score, ScoreDetails, Signature};
use crate::tokenize::tercom::TercomOptions;
use serde::Serialize;
use std::ops::AddAssign;

/// TER configuration.
#[derive(Debug, Clone, Default)]
pub struct Ter {
    pub options: TercomOptions,
}

/// Sufficient statistics: edits (minimum over references) and the average reference length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TerStats {
    pub edits: u64,
    pub ref_length: f64,
}

impl AddAssign<&TerStats> for TerStats {
    fn add_assign(&mut self, other: &TerStats) {
        self.edits += other.edits;
        self.ref_length += other.ref_length;
    }
}

/// What sacreBLEU's `TERScore` reports besides the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerDetails {
    pub edits: u64,
    pub ref_length: f64,
}

impl Metric for Ter {
    type Stats = TerStats;
    type Reference = Vec<Vec<String>>;
    type Scratch = ();

    fn name(&self) -> String {
        "TER".to_string()
    }

    fn signature(&self, nrefs: usize) -> Signature {
        let o = &self.options;
        let mut signature = Signature::with_reference_count(nrefs);
        signature.push("case", "c", if o.case_sensitive { "mixed" } else { "lc" });
        signature.push("tok", "t", "tercom");
        signature.push_flag("norm", "nr", o.normalized);
        signature.push_flag("punct", "pn", !o.no_punct);
        signature.push_flag("asian", "as", o.asian_support);
        signature
    }

    fn prepare_reference(&self, _references: &[&str]) -> Self::Reference {
        Vec::new()
    }

    fn segment_stats(
        &self,
        _hypothesis: &str,
        _reference: &Self::Reference,
        _scratch: &mut (),
    ) -> TerStats {
        TerStats::default()
    }

    fn row_width(&self) -> usize {
        2
    }

    fn push_row(&self, stats: &TerStats, row: &mut Vec<f64>) {
        row.extend([stats.edits as f64, stats.ref_length]);
    }

    fn score_row<T: Real>(&self, _sums: &[T]) -> Weak<T> {
        Weak::Python(0.0)
    }

    fn score(&self, stats: &TerStats) -> Score {
        Score {
            metric: self.name(),
            score: 0.0,
            details: ScoreDetails::Ter(TerDetails {
                edits: stats.edits,
                ref_length: stats.ref_length,
            }),
        }
    }
}
