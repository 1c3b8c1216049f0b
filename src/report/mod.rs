//! Renders results: sacreBLEU-style text, one JSON document, CSV rows — all from the same
//! serializable records (`scores` for `mteval score`, `comparison` for `mteval compare`,
//! `error_analysis_output`, `mqm_output` and `meta_output` for `errors`, `mqm` and `meta`),
//! pure functions returning the bytes to print; aligned text tables (`table`, the one table
//! printer) and MQM tally tables for the analyses; `atomic_write` replaces output files whole.

pub mod alignment_table;
pub mod atomic_write;
pub mod comparison;
pub mod csv;
pub mod error_analysis_output;
pub mod meta_output;
pub mod mqm_output;
pub mod review_sheet;
pub mod scores;
pub mod table;
pub mod tally;
pub mod text;

// `mteval report`: one `model::Report` built by `build`, rendered by `output` as CSV tables,
// `report.json`, charts and the HTML page; `realignment` (segment re-alignment of vendor files)
// and `error_analysis` are its optional steps, and `human` its human evaluation when the
// manifest names MQM files.
pub mod build;
#[cfg(feature = "charts")]
pub mod chart;
pub mod diff;
pub mod drawn_chart;
pub mod error_analysis;
pub mod gate;
pub mod html;
pub mod human;
pub mod json;
pub mod model;
pub mod output;
pub mod progress;
pub mod realignment;

pub use scores::{ScoreDocument, ScoreRecord};
