//! The output of `mteval meta` (metric meta-evaluation): the whole [`MetaReport`] with a
//! summary of the human scores as JSON, its correlations or metric comparisons as CSV rows, or
//! both as aligned text tables per level — pure functions returning the bytes to print.

use super::csv::csv_string;
use super::table::render_table;
use crate::analysis::meta::{CorrelationRecord, Level, MetaReport};
use crate::text::python_fixed;
use serde::Serialize;

/// The table of a meta-evaluation to print as CSV (with the `cli` feature, also `--table`'s
/// values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum MetaTable {
    /// Each metric's statistics with their intervals.
    Correlations,
    /// Permutation tests of every pair of metrics.
    Comparisons,
}

/// The document of `mteval meta --format json`.
#[derive(Serialize)]
pub struct MetaDocument<'a> {
    pub human: HumanSummary<'a>,
    #[serde(flatten)]
    pub report: &'a MetaReport,
}

/// What the human scores were and how they were resampled.
#[derive(Debug, Clone, Serialize)]
pub struct HumanSummary<'a> {
    pub file: String,
    /// The human scores were negated (lower was better, as MQM) before correlating.
    pub negated: bool,
    pub systems: &'a [String],
    pub segments: Option<usize>,
    pub resamples: usize,
    pub permutations: usize,
    pub seed: u64,
    /// Human translations left out of the evaluated systems (said in text output only).
    #[serde(skip)]
    pub left_out: &'a [String],
}

/// The report and the human summary, pretty-printed, with a final newline.
pub fn to_json(report: &MetaReport, human: HumanSummary) -> String {
    let document = MetaDocument { human, report };
    let mut json =
        serde_json::to_string_pretty(&document).expect("meta-evaluation serializes to JSON");
    json.push('\n');
    json
}

/// `table` as CSV rows under a header row.
pub fn to_csv(report: &MetaReport, table: MetaTable) -> String {
    match table {
        MetaTable::Correlations => csv_string(report.correlations.iter().map(FlatCorrelation::new)),
        MetaTable::Comparisons => csv_string(report.comparisons.iter().map(|c| FlatComparison {
            metric_a: &c.metric_a,
            metric_b: &c.metric_b,
            level: c.level.name(),
            statistic: c.statistic.name(),
            p_value: c.p_value,
        })),
    }
}

/// A correlation as one CSV row.
#[derive(Serialize)]
pub struct FlatCorrelation<'a> {
    pub metric: &'a str,
    pub level: &'static str,
    pub statistic: &'static str,
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

impl<'a> FlatCorrelation<'a> {
    /// The row of one correlation.
    pub fn new(c: &'a CorrelationRecord) -> Self {
        FlatCorrelation {
            metric: &c.metric,
            level: c.level.name(),
            statistic: c.statistic.name(),
            value: c.value,
            ci_low: c.ci_low,
            ci_high: c.ci_high,
        }
    }
}

/// A comparison as one CSV row.
#[derive(Serialize)]
pub struct FlatComparison<'a> {
    pub metric_a: &'a str,
    pub metric_b: &'a str,
    pub level: &'static str,
    pub statistic: &'static str,
    pub p_value: Option<f64>,
}

/// The correlations and comparisons of every level as text tables, values at `w` decimals.
pub fn to_text(report: &MetaReport, human: &HumanSummary, w: usize) -> String {
    let number =
        |value: Option<f64>| value.map_or_else(|| "undefined".to_string(), |v| python_fixed(v, w));
    let mut out = format!(
        "Human scores: {}{}; {} systems{}{}; {} bootstrap resamples, {} permutations, seed {}\n",
        human.file,
        if human.negated {
            " (lower is better: negated)"
        } else {
            ""
        },
        human.systems.len(),
        if human.left_out.is_empty() {
            String::new()
        } else {
            format!(
                " (human translations left out: {})",
                human.left_out.join(", ")
            )
        },
        human
            .segments
            .map(|n| format!(", {n} segments"))
            .unwrap_or_default(),
        human.resamples,
        human.permutations,
        human.seed
    );
    for level in [Level::System, Level::Segment] {
        let rows: Vec<Vec<String>> = report
            .correlations
            .iter()
            .filter(|c| c.level == level)
            .map(|c| {
                vec![
                    c.statistic.name().to_string(),
                    c.metric.clone(),
                    number(c.value),
                    match (c.ci_low, c.ci_high) {
                        (Some(low), Some(high)) => {
                            format!("[{}, {}]", python_fixed(low, w), python_fixed(high, w))
                        }
                        _ => "-".to_string(),
                    },
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{} level\n", capitalized(level.name())));
        let header: Vec<String> = ["Statistic", "Metric", "Value", "95% CI"]
            .map(String::from)
            .to_vec();
        out.push_str(&render_table(&header, &rows));
        let comparisons: Vec<Vec<String>> = report
            .comparisons
            .iter()
            .filter(|c| c.level == level)
            .map(|c| {
                vec![
                    c.statistic.name().to_string(),
                    format!("{} > {}", c.metric_a, c.metric_b),
                    number(c.p_value),
                ]
            })
            .collect();
        if !comparisons.is_empty() {
            out.push('\n');
            let header: Vec<String> = ["Statistic", "Comparison", "p"].map(String::from).to_vec();
            out.push_str(&render_table(&header, &comparisons));
        }
    }
    out
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_capitalized() {
        assert_eq!(capitalized("segment"), "Segment");
        assert_eq!(capitalized(""), "");
    }
}
