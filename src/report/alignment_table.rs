//! The alignment table of `mteval align` as CSV: one row per reference segment (and per
//! hypothesis line aligned to none), with the hypothesis lines and units it got, the link type,
//! its cost and the confidence.

use crate::align::Link;

/// The column names of alignment tables, in order.
pub const ALIGNMENT_COLUMNS: &[&str] = &[
    "reference",
    "hypothesis",
    "units",
    "link",
    "cost",
    "confidence",
];

/// `a` for one item, `a-b` for several (1-based, inclusive); empty for none.
fn span(range: &std::ops::Range<usize>) -> String {
    match range.len() {
        0 => String::new(),
        1 => (range.start + 1).to_string(),
        _ => format!("{}-{}", range.start + 1, range.end),
    }
}

/// Writes the links as CSV with a header row: `reference` is the 1-based reference segment
/// (empty for a hypothesis line aligned to nothing), `hypothesis` the 1-based line or lines,
/// `units` the 1-based words or characters of those lines when they were cut (empty units:
/// `-`), `cost` the edit operations (re-segmentation) or bead cost in nats.
pub fn write_alignment_table<W: std::io::Write>(links: &[Link], writer: W) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(ALIGNMENT_COLUMNS)?;
    for link in links {
        let units = match &link.units {
            None => String::new(),
            Some(range) if range.is_empty() => "-".to_string(),
            Some(range) => format!("{}-{}", range.start + 1, range.end),
        };
        csv.write_record([
            link.reference
                .map(|r| (r + 1).to_string())
                .unwrap_or_default(),
            span(&link.hypothesis),
            units,
            link.kind.to_string(),
            format!("{:.4}", link.cost),
            format!("{:.4}", link.confidence),
        ])?;
    }
    csv.flush()?;
    Ok(())
}
