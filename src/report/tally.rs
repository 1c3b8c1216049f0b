//! Tally tables as text: one row per (severity, category), one column per system, and a total
//! column, like Marot's severity × category table.

use super::table::render_table;
use crate::analysis::tally::Tally;
use crate::analysis::taxonomy::{Category, Severity};
use std::collections::BTreeMap;

/// Pivots per-system tallies (documents ignored) into a text table, systems in the given order.
pub fn tally_table(tallies: &[Tally], systems: &[String]) -> String {
    let mut cells: BTreeMap<(Severity, Category), Vec<usize>> = BTreeMap::new();
    for tally in tallies.iter().filter(|t| t.document.is_none()) {
        let Some(column) = systems.iter().position(|s| *s == tally.system) else {
            continue;
        };
        cells
            .entry((tally.severity.clone(), tally.category.clone()))
            .or_insert_with(|| vec![0; systems.len()])[column] += tally.count;
    }
    let mut header = vec!["Severity / Category".to_string()];
    header.extend(systems.iter().cloned());
    header.push("Total".to_string());
    let mut totals = vec![0usize; systems.len()];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for ((severity, category), counts) in &cells {
        let mut row = vec![format!("{severity} {category}")];
        row.extend(counts.iter().map(usize::to_string));
        row.push(counts.iter().sum::<usize>().to_string());
        for (total, count) in totals.iter_mut().zip(counts) {
            *total += count;
        }
        rows.push(row);
    }
    let mut row = vec!["Total".to_string()];
    row.extend(totals.iter().map(usize::to_string));
    row.push(totals.iter().sum::<usize>().to_string());
    rows.push(row);
    render_table(&header, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pivots_systems_into_columns() {
        let tally = |system: &str, category: Category, severity: Severity, count| Tally {
            system: system.to_string(),
            document: None,
            category,
            severity,
            count,
        };
        let tallies = vec![
            tally("A", Category::OMISSION, Severity::Major, 2),
            tally("B", Category::OMISSION, Severity::Major, 1),
            tally("B", Category::PUNCTUATION, Severity::Minor, 3),
        ];
        let text = tally_table(&tallies, &["A".to_string(), "B".to_string()]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Severity / Category        A  B  Total");
        assert_eq!(lines[2], "Major Accuracy/Omission    2  1      3");
        assert_eq!(lines[3], "Minor Fluency/Punctuation  0  3      3");
        assert_eq!(lines[4], "Total                      2  4      6");
    }
}
