//! `report.json`: the whole [`Report`] as one JSON document (everything but the per-segment
//! scores, which are `segments.csv`).

use super::model::Report;

/// The report as pretty-printed JSON with a final newline.
pub fn to_json(report: &Report) -> String {
    let mut json = serde_json::to_string_pretty(report).expect("report structs serialize to JSON");
    json.push('\n');
    json
}
