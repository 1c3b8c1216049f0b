//! CSV rendering of score records: one row per record, fixed columns, lists joined with spaces;
//! the columns added later (document, domain, alignment confidence) come last.

use super::ScoreRecord;
use crate::metrics::ScoreDetails;

/// The column names of score CSV files, in order.
pub const SCORE_COLUMNS: &[&str] = &[
    "system",
    "file",
    "metric",
    "segment",
    "score",
    "signature",
    "counts",
    "totals",
    "precisions",
    "bp",
    "sys_len",
    "ref_len",
    "edits",
    "ref_length",
    "document",
    "domain",
    "alignment_confidence",
];

fn join<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes the records as CSV with a header row.
pub fn write_score_records<W: std::io::Write>(
    records: &[ScoreRecord],
    writer: W,
) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(SCORE_COLUMNS)?;
    for record in records {
        let mut row = vec![
            record.system.clone(),
            record.file.clone(),
            record.score.metric.clone(),
            record.segment.map(|s| s.to_string()).unwrap_or_default(),
            record.score.score.to_string(),
            record.signature.clone(),
        ];
        let empty = || String::new();
        match &record.score.details {
            ScoreDetails::Bleu(d) => row.extend([
                join(&d.counts),
                join(&d.totals),
                join(&d.precisions),
                d.bp.to_string(),
                d.sys_len.to_string(),
                d.ref_len.to_string(),
                empty(),
                empty(),
            ]),
            ScoreDetails::Ter(d) => row.extend([
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                d.edits.to_string(),
                d.ref_length.to_string(),
            ]),
            ScoreDetails::None {} => row.extend((0..8).map(|_| empty())),
        }
        row.extend([
            record.document.clone().unwrap_or_default(),
            record.domain.clone().unwrap_or_default(),
            record
                .alignment_confidence
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ]);
        csv.write_record(&row)?;
    }
    csv.flush()?;
    Ok(())
}
