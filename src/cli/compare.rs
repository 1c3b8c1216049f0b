//! `mteval compare`: which system is really better. sacreBLEU's paired bootstrap and approximate
//! randomization against a baseline (same numbers), plus all-pairs comparisons with Holm
//! correction and significance clusters, document-level resampling and external metrics.

use super::inputs::{InputArgs, LoadedInputs};
use super::metric_options::MetricOptions;
use super::score::{Format, OutputArgs};
use clap::{Args, ValueEnum};
use mteval::corpus::{load_external_scores, ExternalMetric};
use mteval::error::{Error, Result, Setting};
use mteval::metrics::evaluate::StatsMatrix;
use mteval::metrics::signature::Resampling;
use mteval::metrics::{RunOptions, Signature};
use mteval::report::text::format_score;
use mteval::stats::comparison::{
    compare_systems, ComparisonOptions, Method, MetricComparison, MetricSystems,
};
use mteval::stats::resample::{Blocks, Scorer};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Paired bootstrap resampling (sacreBLEU --paired-bs).
    #[value(alias = "bs")]
    Bootstrap,
    /// Paired approximate randomization (sacreBLEU --paired-ar).
    Ar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResampleUnit {
    Segments,
    Documents,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// The baseline's hypothesis file, then the other systems' (or the systems of --xml/--corpus,
    /// in --system order).
    #[arg(value_name = "BASELINE SYS")]
    systems: Vec<PathBuf>,
    #[command(flatten)]
    metrics: MetricOptions,
    #[command(flatten)]
    test: TestArgs,
    /// External segment scores (TSV `system<TAB>segment<TAB>METRIC…` or JSON), compared too.
    #[arg(long, value_name = "FILE")]
    scores: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// The significance test and what it reports, shared with `mteval merge --compare`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Significance test.
    #[arg(long, value_enum, default_value = "bootstrap")]
    method: MethodArg,
    /// Bootstrap resamples (default 1000) or randomization trials (default 10000).
    #[arg(long, short = 'n', value_name = "N")]
    samples: Option<usize>,
    /// Seed of the resampling generator (sacreBLEU's default 12345).
    #[arg(long, default_value_t = 12345)]
    seed: u64,
    /// Also compare every pair of systems (Holm-corrected) and group them into clusters.
    #[arg(long)]
    all_pairs: bool,
    /// Significance level for pairs and clusters.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// What to resample: segments (sacreBLEU) or whole documents (--doc-ids, or the documents
    /// of --xml/--corpus).
    #[arg(long, value_enum, default_value = "segments")]
    resample: ResampleUnit,
}

/// One system under one metric.
#[derive(Debug, Serialize)]
struct ResultRecord {
    system: String,
    file: String,
    metric: String,
    score: f64,
    mean: Option<f64>,
    ci: Option<f64>,
    p_value: Option<f64>,
    rank: usize,
    cluster: Option<usize>,
    signature: String,
}

/// One pair of systems under one metric.
#[derive(Debug, Serialize)]
struct PairRecord {
    metric: String,
    system_a: String,
    system_b: String,
    difference: f64,
    ci: Option<f64>,
    p_value: f64,
    p_corrected: f64,
    significant: bool,
}

/// Systems not significantly different, best cluster first.
#[derive(Debug, Serialize)]
struct ClusterRecord {
    metric: String,
    cluster: usize,
    systems: Vec<String>,
}

#[derive(Debug, Serialize)]
struct CompareDocument<'a> {
    results: &'a [ResultRecord],
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs: Option<&'a [PairRecord]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clusters: Option<&'a [ClusterRecord]>,
}

/// A metric ready to compare, with its signature.
pub struct MetricInput {
    pub systems: MetricSystems,
    pub signature: Signature,
}

/// Document blocks for `--resample documents`, from `--doc-ids` or the test set's documents.
fn document_blocks(inputs: &LoadedInputs, doc_ids: Option<&Path>) -> Result<Blocks> {
    let Some(info) = &inputs.evaluation.segments else {
        return Err(Error::invalid_option(
            Setting::FrontEnd("--resample"),
            "documents",
            "document resampling needs document ids: --doc-ids FILE (one id per reference line), \
             or a WMT XML test set (--xml) or table with a doc_id column (--corpus)",
        ));
    };
    let ids: Vec<String> = info.iter().map(|s| s.document.clone()).collect();
    let blocks = Blocks::documents(&ids);
    let mut seen = std::collections::HashSet::new();
    for range in &blocks.ranges {
        if !seen.insert(ids[range.start].as_str()) {
            let path = doc_ids
                .map(Path::to_path_buf)
                .or_else(|| inputs.evaluation.references.first().map(|r| r.path.clone()))
                .unwrap_or_default();
            return Err(Error::malformed(path, range.start + 1, format!(
                    "document {:?} appears again after other documents; a document's lines must be contiguous",
                    ids[range.start]
                )));
        }
    }
    Ok(blocks)
}

fn external_metrics(args: &CompareArgs, inputs: &LoadedInputs) -> Result<Vec<MetricInput>> {
    let mut metrics = Vec::new();
    for path in &args.scores {
        for ExternalMetric { metric, systems } in load_external_scores(path, &inputs.evaluation)? {
            let scores = systems
                .iter()
                .map(|values| values.iter().sum::<f64>() / values.len() as f64)
                .collect();
            let statistics = systems
                .iter()
                .map(|values| StatsMatrix {
                    width: 2,
                    values: values.iter().flat_map(|&v| [v, 1.0]).collect(),
                })
                .collect();
            let mut signature = Signature::default();
            signature.push("scores", "src", path.display().to_string());
            metrics.push(MetricInput {
                systems: MetricSystems {
                    metric,
                    scorer: Scorer::Mean,
                    scores,
                    statistics,
                },
                signature,
            });
        }
    }
    Ok(metrics)
}

pub fn run(args: CompareArgs) -> Result<String> {
    let metrics = args.metrics.resolve()?;
    let inputs = args.inputs.load(&args.systems)?;
    let evaluation = &inputs.evaluation;
    super::sanity::warn_about(evaluation, &metrics, args.metrics.target_language()?);
    let options = comparison_options(
        &args.test,
        &inputs,
        evaluation.segment_count(),
        args.inputs.doc_ids.as_deref(),
    )?;
    let reference_streams = evaluation.reference_streams();
    let system_streams = evaluation.system_streams();
    let run_options = RunOptions {
        sentence_scores: false,
        statistics: true,
    };
    let mut inputs_by_metric: Vec<MetricInput> = metrics
        .iter()
        .map(|metric| {
            let run = metric.run(&reference_streams, &system_streams, run_options);
            let mut signature = run.signature.clone();
            inputs.sign(&mut signature);
            MetricInput {
                systems: MetricSystems {
                    metric: run.name.clone(),
                    scorer: Scorer::Metric(metric.clone()),
                    scores: run.systems.iter().map(|s| s.corpus.score).collect(),
                    statistics: run
                        .systems
                        .into_iter()
                        .map(|s| s.statistics.expect("statistics were requested"))
                        .collect(),
                },
                signature,
            }
        })
        .collect();
    inputs_by_metric.extend(external_metrics(&args, &inputs)?);
    Ok(compare_and_render(
        &args.test,
        &args.output,
        &inputs,
        &options,
        inputs_by_metric,
    ))
}

/// The significance test the flags ask for, checked against the evaluation of `segments`
/// segments (`doc_ids`: the file that gave the document ids, for error messages).
pub fn comparison_options(
    test: &TestArgs,
    inputs: &LoadedInputs,
    segments: usize,
    doc_ids: Option<&Path>,
) -> Result<ComparisonOptions> {
    let evaluation = &inputs.evaluation;
    let (method, default_samples) = match test.method {
        MethodArg::Bootstrap => (Method::Bootstrap, 1000),
        MethodArg::Ar => (Method::Randomization, 10000),
    };
    let samples = test.samples.unwrap_or(default_samples);
    if samples == 0 {
        return Err(Error::invalid_option(
            Setting::Samples,
            "0",
            "need at least one resample",
        ));
    }
    if method == Method::Randomization && evaluation.systems.len() < 2 {
        return Err(Error::invalid_option(
            Setting::FrontEnd("--method"),
            "ar",
            "approximate randomization compares systems; give a baseline and at least one other system",
        ));
    }
    let documents = test.resample == ResampleUnit::Documents;
    let blocks = if documents {
        document_blocks(inputs, doc_ids)?
    } else {
        Blocks::segments(segments)
    };
    Ok(ComparisonOptions {
        method,
        samples,
        seed: test.seed,
        blocks,
        documents,
        all_pairs: test.all_pairs,
        alpha: test.alpha,
    })
}

/// Compares the systems under every metric and renders the comparison.
pub fn compare_and_render(
    test: &TestArgs,
    output: &OutputArgs,
    inputs: &LoadedInputs,
    options: &ComparisonOptions,
    inputs_by_metric: Vec<MetricInput>,
) -> String {
    let resampling = match options.method {
        Method::Bootstrap => Resampling::Bootstrap,
        Method::Randomization => Resampling::Randomization,
    };
    let comparisons: Vec<(MetricInput, MetricComparison)> = inputs_by_metric
        .into_iter()
        .map(|mut input| {
            let comparison = compare_systems(&input.systems, options);
            input.signature =
                input
                    .signature
                    .with_resampling(resampling, options.samples, options.seed);
            if options.documents {
                input.signature.push("resample", "rsm", "documents");
            }
            (input, comparison)
        })
        .collect();
    render(test, output, inputs, &comparisons)
}

fn render(
    test: &TestArgs,
    output: &OutputArgs,
    inputs: &LoadedInputs,
    comparisons: &[(MetricInput, MetricComparison)],
) -> String {
    let systems = &inputs.evaluation.systems;
    let mut results = Vec::new();
    let mut pairs = Vec::new();
    let mut clusters = Vec::new();
    for (input, comparison) in comparisons {
        let metric = &input.systems.metric;
        for (s, result) in comparison.systems.iter().enumerate() {
            results.push(ResultRecord {
                system: systems[s].name.clone(),
                file: systems[s].file.path.display().to_string(),
                metric: metric.clone(),
                score: result.score,
                mean: result.mean,
                ci: result.ci,
                p_value: result.p_value,
                rank: comparison.ranks[s],
                cluster: comparison.clusters.get(s).copied(),
                signature: input.signature.format(false),
            });
        }
        for pair in &comparison.pairs {
            pairs.push(PairRecord {
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
                clusters.push(ClusterRecord {
                    metric: metric.clone(),
                    cluster,
                    systems: members.iter().map(|&s| systems[s].name.clone()).collect(),
                });
            }
        }
    }
    match output.format {
        Format::Json => {
            let document = CompareDocument {
                results: &results,
                pairs: test.all_pairs.then_some(pairs.as_slice()),
                clusters: test.all_pairs.then_some(clusters.as_slice()),
            };
            let mut json = serde_json::to_string_pretty(&document).expect("records serialize");
            json.push('\n');
            json
        }
        Format::Csv => mteval::report::csv::csv_string(&results),
        Format::Text => render_text(test, output, inputs, comparisons, &pairs, &clusters),
    }
}

fn render_text(
    test: &TestArgs,
    output: &OutputArgs,
    inputs: &LoadedInputs,
    comparisons: &[(MetricInput, MetricComparison)],
    pairs: &[PairRecord],
    clusters: &[ClusterRecord],
) -> String {
    let w = output.width;
    let systems = &inputs.evaluation.systems;
    let bootstrap = test.method == MethodArg::Bootstrap;
    let mut header = vec!["System".to_string()];
    for (input, _) in comparisons {
        let suffix = if bootstrap { " (μ ± 95% CI)" } else { "" };
        header.push(format!("{}{suffix}", input.systems.metric));
    }
    let mut rows: Vec<Vec<String>> = vec![header];
    for (s, system) in systems.iter().enumerate() {
        let name = if s == 0 && systems.len() > 1 {
            format!("Baseline: {}", system.name)
        } else {
            system.name.clone()
        };
        let mut first = vec![name];
        let mut second = vec![String::new()];
        for (_, comparison) in comparisons {
            let result = &comparison.systems[s];
            let mut cell = format_score(result.score, w);
            if let (Some(mean), Some(ci)) = (result.mean, result.ci) {
                cell.push_str(&format!(
                    " ({} ± {})",
                    format_score(mean, w),
                    format_score(ci, w)
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
    let mut out = aligned_table(&rows);
    out.push('\n');
    let procedure = if bootstrap {
        format!(
            "Paired bootstrap resampling with {} resamples",
            test.samples.unwrap_or(1000)
        )
    } else {
        format!(
            "Paired approximate randomization with {} trials",
            test.samples.unwrap_or(10000)
        )
    };
    out.push_str(&format!(
        "{procedure} (seed {}): p-values against the baseline, as sacreBLEU computes them; * marks p ≤ 0.05.\n",
        test.seed
    ));
    if test.all_pairs {
        out.push_str(&format!(
            "\nAll pairs (p corrected with Holm–Bonferroni per metric; significant at α = {}):\n",
            test.alpha
        ));
        let mut pair_rows = vec![vec![
            "metric".to_string(),
            "A".to_string(),
            "B".to_string(),
            "A − B".to_string(),
            "± 95% CI".to_string(),
            "p".to_string(),
            "p (Holm)".to_string(),
            String::new(),
        ]];
        for pair in pairs {
            pair_rows.push(vec![
                pair.metric.clone(),
                pair.system_a.clone(),
                pair.system_b.clone(),
                format_score(pair.difference, w),
                pair.ci.map(|ci| format_score(ci, w)).unwrap_or_default(),
                format!("{:.4}", pair.p_value),
                format!("{:.4}", pair.p_corrected),
                if pair.significant {
                    "*".to_string()
                } else {
                    String::new()
                },
            ]);
        }
        out.push_str(&aligned_table(&pair_rows));
        out.push_str(
            "\nClusters (systems not significantly different from their cluster's best):\n",
        );
        for (input, _) in comparisons {
            let metric = &input.systems.metric;
            let groups: Vec<String> = clusters
                .iter()
                .filter(|c| &c.metric == metric)
                .map(|c| format!("{}: {}", c.cluster, c.systems.join(", ")))
                .collect();
            out.push_str(&format!(" - {metric:<10} {}\n", groups.join(" | ")));
        }
    }
    out.push_str("\n-----------------\nMetric signatures\n-----------------\n");
    for (input, _) in comparisons {
        out.push_str(&format!(
            " - {:<10} {}\n",
            input.systems.metric,
            input.signature.format(output.short)
        ));
    }
    out
}

/// Columns padded to their widest cell; the first column right-aligned as sacreBLEU does.
fn aligned_table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |cell| cell.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c] - cell.chars().count();
                if c == 0 {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
