//! CSV rendering: score records (one row per record, fixed columns, lists joined with spaces;
//! the columns added later — document, domain, alignment confidence — come last) and the
//! tables of `mteval report` (one row per serialized result struct).

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

/// Serializable records as CSV text, the header from the first record's field names (nothing at
/// all for no records).
pub fn csv_string<T: serde::Serialize>(records: impl IntoIterator<Item = T>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer
            .serialize(record)
            .expect("writing CSV to memory cannot fail");
    }
    let bytes = writer
        .into_inner()
        .expect("writing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

/// Columns of `segments.csv` before the one-per-metric score columns.
pub const SEGMENT_COLUMNS: &[&str] = &["pair", "system", "segment", "document", "domain", "length"];

/// Writes serializable rows as CSV; the header comes from the struct's field names (written
/// even when there are no rows, from `columns`).
pub fn write_rows<W: std::io::Write, T: serde::Serialize>(
    rows: &[T],
    columns: &[&str],
    writer: W,
) -> csv::Result<()> {
    let mut csv = csv::WriterBuilder::new()
        .has_headers(!rows.is_empty())
        .from_writer(writer);
    if rows.is_empty() {
        csv.write_record(columns)?;
    }
    for row in rows {
        csv.serialize(row)?;
    }
    csv.flush()?;
    Ok(())
}

/// Writes `segments.csv`: one row per pair, vendor and segment, with the sentence score of every
/// metric in a column named after it (`BLEU`, `chrF2`, `TER`).
pub fn write_segments<W: std::io::Write>(
    report: &super::model::Report,
    writer: W,
) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    let mut header: Vec<String> = SEGMENT_COLUMNS.iter().map(|c| c.to_string()).collect();
    if let Some(first) = report.pairs.first() {
        header.extend(first.metrics.iter().map(|m| m.name.clone()));
    }
    csv.write_record(&header)?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for pair in &report.pairs {
        let table = &pair.table;
        for (s, system) in pair.systems.iter().enumerate() {
            for segment in 0..pair.segments {
                row.clear();
                row.push(pair.label.clone());
                row.push(system.clone());
                row.push((segment + 1).to_string());
                let label = |labels: &Option<Vec<String>>| {
                    labels
                        .as_ref()
                        .map(|l| l[segment].clone())
                        .unwrap_or_default()
                };
                row.push(label(&table.documents));
                row.push(label(&table.domains));
                row.push(table.lengths[segment].to_string());
                for scores in &table.scores {
                    row.push(scores[s][segment].to_string());
                }
                csv.write_record(&row)?;
            }
        }
    }
    csv.flush()?;
    Ok(())
}
