//! sacreBLEU-style text output: `BLEU|nrefs:1|…|version:… = 48.5 82.4/50.0/…` lines for one
//! system, a table plus a signature block for several.

use super::table::{Align, TextTable};
use super::ScoreRecord;
use crate::text::python_fixed;

/// `NAME|SIGNATURE = SCORE VERBOSE` (sacreBLEU's score line), signature short or long.
pub fn score_line(record: &ScoreRecord, width: usize, short_signature: Option<&str>) -> String {
    let signature = short_signature.unwrap_or(&record.signature);
    let mut line = format!(
        "{}|{} = {}",
        record.score.metric,
        signature,
        python_fixed(record.score.score, width)
    );
    if let Some(verbose) = record.score.verbose() {
        line.push(' ');
        line.push_str(&verbose);
    }
    line
}

/// Lines aligned on their first ` = `, as sacreBLEU right-aligns its score lines.
pub fn align_on_equals(lines: &[String]) -> Vec<String> {
    let split: Vec<(&str, &str)> = lines
        .iter()
        .map(|line| line.split_once(" = ").unwrap_or((line.as_str(), "")))
        .collect();
    let width = split
        .iter()
        .map(|(left, _)| left.chars().count())
        .max()
        .unwrap_or(0);
    split
        .iter()
        .map(|(left, right)| {
            let pad = width - left.chars().count();
            format!("{}{left} = {right}", " ".repeat(pad))
        })
        .collect()
}

/// A plain table: a `System` column and one column per metric, then the signatures.
pub fn system_table(
    systems: &[String],
    metrics: &[(String, String)],
    cells: &[Vec<String>],
) -> String {
    let mut header = vec!["System".to_string()];
    header.extend(metrics.iter().map(|(name, _)| name.clone()));
    let mut rows = vec![header];
    for (system, row) in systems.iter().zip(cells) {
        let mut line = vec![system.clone()];
        line.extend(row.iter().cloned());
        rows.push(line);
    }
    let mut out = TextTable::new(&[Align::Left], Align::Right)
        .with_rule_under_header()
        .render(&rows);
    out.push_str("\n-----------------\nMetric signatures\n-----------------\n");
    for (name, signature) in metrics {
        out.push_str(&format!(" - {name:<10} {signature}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_score_lines() {
        let lines = vec!["BLEU|x = 1.0".to_string(), "chrF2|yy = 2.0".to_string()];
        assert_eq!(
            align_on_equals(&lines),
            vec!["  BLEU|x = 1.0", "chrF2|yy = 2.0"]
        );
    }
}
