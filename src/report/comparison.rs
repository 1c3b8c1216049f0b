//! The output of `mteval compare`: one [`ResultRecord`] per system and metric, a
//! [`PairRecord`] per pair of systems and a [`ClusterRecord`] per significance cluster (with all
//! pairs), rendered as sacreBLEU-style text, one JSON document or CSV rows — pure functions
//! returning the bytes to print.

use super::table::{Align, TextTable};
use crate::metrics::Signature;
use crate::stats::comparison::{Method, MetricComparison};
use crate::text::python_fixed;
use serde::Serialize;

/// One system under one metric.
#[derive(Debug, Clone, Serialize)]
pub struct ResultRecord {
    pub system: String,
    /// The hypothesis path exactly as given.
    pub file: String,
    pub metric: String,
    pub score: f64,
    /// Bootstrap mean (none for approximate randomization).
    pub mean: Option<f64>,
    /// Half-width of the 95% bootstrap confidence interval.
    pub ci: Option<f64>,
    /// p-value against the baseline (none for the baseline).
    pub p_value: Option<f64>,
    /// 1-based rank by score.
    pub rank: usize,
    /// Significance cluster (with all pairs).
    pub cluster: Option<usize>,
    pub signature: String,
}

/// One pair of systems under one metric.
#[derive(Debug, Clone, Serialize)]
pub struct PairRecord {
    pub metric: String,
    pub system_a: String,
    pub system_b: String,
    /// `score(A) − score(B)`.
    pub difference: f64,
    pub ci: Option<f64>,
    pub p_value: f64,
    /// Holm–Bonferroni corrected over the pairs of this metric.
    pub p_corrected: f64,
    pub significant: bool,
}

/// Systems not significantly different, best cluster first.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterRecord {
    pub metric: String,
    pub cluster: usize,
    /// Best ranked first.
    pub systems: Vec<String>,
}

/// The JSON document of `mteval compare --format json`.
#[derive(Debug, Serialize)]
pub struct CompareDocument<'a> {
    pub results: &'a [ResultRecord],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs: Option<&'a [PairRecord]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clusters: Option<&'a [ClusterRecord]>,
}

/// Every record of a comparison.
#[derive(Debug, Clone, Default)]
pub struct ComparisonRecords {
    pub results: Vec<ResultRecord>,
    pub pairs: Vec<PairRecord>,
    pub clusters: Vec<ClusterRecord>,
}

/// A compared system.
#[derive(Debug, Clone)]
pub struct ComparedSystem {
    pub name: String,
    /// The hypothesis path exactly as given.
    pub file: String,
}

/// One metric's comparison with its signature (resampling included).
#[derive(Debug, Clone)]
pub struct ComparedMetric {
    pub metric: String,
    pub signature: Signature,
    pub comparison: MetricComparison,
}

/// Everything `mteval compare` prints: systems (the baseline first), every metric's comparison
/// and the test's settings.
#[derive(Debug, Clone)]
pub struct ComparisonResults {
    pub systems: Vec<ComparedSystem>,
    pub metrics: Vec<ComparedMetric>,
    pub method: Method,
    /// Bootstrap resamples or randomization trials.
    pub samples: usize,
    pub seed: u64,
    /// Every pair was compared and clustered.
    pub all_pairs: bool,
    /// Significance level for pairs and clusters.
    pub alpha: f64,
}

impl ComparisonResults {
    /// The records of every metric, in metric order.
    pub fn records(&self) -> ComparisonRecords {
        let mut records = ComparisonRecords::default();
        for compared in &self.metrics {
            self.metric_records(compared, &mut records);
        }
        records
    }

    fn metric_records(&self, compared: &ComparedMetric, records: &mut ComparisonRecords) {
        let systems = &self.systems;
        let metric = &compared.metric;
        let comparison = &compared.comparison;
        for (s, result) in comparison.systems.iter().enumerate() {
            records.results.push(ResultRecord {
                system: systems[s].name.clone(),
                file: systems[s].file.clone(),
                metric: metric.clone(),
                score: result.score,
                mean: result.mean,
                ci: result.ci,
                p_value: result.p_value,
                rank: comparison.ranks[s],
                cluster: comparison.clusters.get(s).copied(),
                signature: compared.signature.format(false),
            });
        }
        for pair in &comparison.pairs {
            records.pairs.push(PairRecord {
                metric: metric.clone(),
                system_a: systems[pair.a].name.clone(),
                system_b: systems[pair.b].name.clone(),
                difference: pair.difference,
                ci: pair.ci,
                p_value: pair.p_value,
                p_corrected: pair.p_corrected,
                significant: pair.significant,
            });
        }
        if let Some(&last) = comparison.clusters.iter().max() {
            for cluster in 1..=last {
                let mut members: Vec<usize> = (0..systems.len())
                    .filter(|&s| comparison.clusters[s] == cluster)
                    .collect();
                members.sort_by_key(|&s| comparison.ranks[s]);
                records.clusters.push(ClusterRecord {
                    metric: metric.clone(),
                    cluster,
                    systems: members.iter().map(|&s| systems[s].name.clone()).collect(),
                });
            }
        }
    }

    /// The results, and with all pairs the pairs and clusters, pretty-printed with a final
    /// newline.
    pub fn to_json(&self) -> String {
        let records = self.records();
        let document = CompareDocument {
            results: &records.results,
            pairs: self.all_pairs.then_some(records.pairs.as_slice()),
            clusters: self.all_pairs.then_some(records.clusters.as_slice()),
        };
        let mut json = serde_json::to_string_pretty(&document).expect("records serialize");
        json.push('\n');
        json
    }

    /// One CSV row per result record, under a header row.
    pub fn to_csv(&self) -> String {
        super::csv::csv_string(&self.records().results)
    }

    /// sacreBLEU's table of scores and p-values against the baseline, the test's explanation,
    /// with all pairs the pairs table and clusters, then the signatures; scores at `width`
    /// decimals, signatures abbreviated when `short`.
    pub fn to_text(&self, width: usize, short: bool) -> String {
        let records = self.records();
        let mut out =
            TextTable::new(&[Align::Right], Align::Left).render(&self.baseline_rows(width));
        out.push('\n');
        let test = match self.method {
            Method::Bootstrap => {
                format!(
                    "Paired bootstrap resampling with {} resamples",
                    self.samples
                )
            }
            Method::Randomization => {
                format!(
                    "Paired approximate randomization with {} trials",
                    self.samples
                )
            }
        };
        out.push_str(&format!(
            "{test} (seed {}): p-values against the baseline, as sacreBLEU computes them; * marks p ≤ 0.05.\n",
            self.seed
        ));
        if self.all_pairs {
            out.push_str(&self.pairs_text(&records, width));
        }
        out.push_str("\n-----------------\nMetric signatures\n-----------------\n");
        for compared in &self.metrics {
            out.push_str(&format!(
                " - {:<10} {}\n",
                compared.metric,
                compared.signature.format(short)
            ));
        }
        out
    }

    /// The header and two rows per system: scores (with bootstrap estimates), then p-values.
    fn baseline_rows(&self, width: usize) -> Vec<Vec<String>> {
        let bootstrap = self.method == Method::Bootstrap;
        let mut header = vec!["System".to_string()];
        for compared in &self.metrics {
            let suffix = if bootstrap { " (μ ± 95% CI)" } else { "" };
            header.push(format!("{}{suffix}", compared.metric));
        }
        let mut rows: Vec<Vec<String>> = vec![header];
        for (s, system) in self.systems.iter().enumerate() {
            let name = if s == 0 && self.systems.len() > 1 {
                format!("Baseline: {}", system.name)
            } else {
                system.name.clone()
            };
            let mut first = vec![name];
            let mut second = vec![String::new()];
            for compared in &self.metrics {
                let result = &compared.comparison.systems[s];
                let mut cell = python_fixed(result.score, width);
                if let (Some(mean), Some(ci)) = (result.mean, result.ci) {
                    cell.push_str(&format!(
                        " ({} ± {})",
                        python_fixed(mean, width),
                        python_fixed(ci, width)
                    ));
                }
                first.push(cell);
                second.push(match result.p_value {
                    Some(p) if p <= 0.05 => format!("(p = {p:.4})*"),
                    Some(p) => format!("(p = {p:.4})"),
                    None => String::new(),
                });
            }
            rows.push(first);
            if second.iter().any(|c| !c.is_empty()) {
                rows.push(second);
            }
        }
        rows
    }

    /// The table of every pair and the clusters of every metric.
    fn pairs_text(&self, records: &ComparisonRecords, width: usize) -> String {
        let mut out = format!(
            "\nAll pairs (p corrected with Holm–Bonferroni per metric; significant at α = {}):\n",
            self.alpha
        );
        let mut rows = vec![
            ["metric", "A", "B", "A − B", "± 95% CI", "p", "p (Holm)", ""]
                .iter()
                .map(|title| title.to_string())
                .collect::<Vec<String>>(),
        ];
        for pair in &records.pairs {
            rows.push(vec![
                pair.metric.clone(),
                pair.system_a.clone(),
                pair.system_b.clone(),
                python_fixed(pair.difference, width),
                pair.ci
                    .map(|ci| python_fixed(ci, width))
                    .unwrap_or_default(),
                format!("{:.4}", pair.p_value),
                format!("{:.4}", pair.p_corrected),
                if pair.significant {
                    "*".to_string()
                } else {
                    String::new()
                },
            ]);
        }
        out.push_str(&TextTable::new(&[Align::Right], Align::Left).render(&rows));
        out.push_str(
            "\nClusters (systems not significantly different from their cluster's best):\n",
        );
        for compared in &self.metrics {
            let metric = &compared.metric;
            let groups: Vec<String> = records
                .clusters
                .iter()
                .filter(|c| &c.metric == metric)
                .map(|c| format!("{}: {}", c.cluster, c.systems.join(", ")))
                .collect();
            out.push_str(&format!(" - {metric:<10} {}\n", groups.join(" | ")));
        }
        out
    }
}
