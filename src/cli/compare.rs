//! `mteval compare`: which system is really better. sacreBLEU's paired bootstrap and approximate
//! randomization against a baseline (same numbers), plus all-pairs comparisons with Holm
//! correction and significance clusters, document-level resampling and external metrics.

use super::inputs::{InputArgs, LoadedInputs};
use super::metric_options::MetricOptions;
use super::score::{Format, OutputArgs};
use clap::{Args, ValueEnum};
use mteval::error::{Error, Result};
use mteval::metrics::signature::Resampling;
use mteval::metrics::RunOptions;
use mteval::report::comparison::{ComparedMetric, ComparedSystem, ComparisonResults};
use mteval::stats::comparison::{
    compare_systems, ComparisonOptions, Method, MetricInput, MetricSystems,
};
use mteval::stats::external::read_external_metrics;
use mteval::stats::resample::Blocks;
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
    /// External segment scores (TSV `system<TAB>segment<TAB>METRIC…` or JSON), compared too.
    #[arg(long, value_name = "FILE")]
    scores: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Document blocks for `--resample documents`, from `--doc-ids` or the test set's documents.
fn document_blocks(inputs: &LoadedInputs, doc_ids: Option<&Path>) -> Result<Blocks> {
    let Some(info) = &inputs.evaluation.segments else {
        return Err(Error::invalid_option(
            "--resample",
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
            return Err(Error::Malformed {
                path,
                line: range.start + 1,
                reason: format!(
                    "document {:?} appears again after other documents; a document's lines must be contiguous",
                    ids[range.start]
                ),
            });
        }
    }
    Ok(blocks)
}

pub fn run(args: CompareArgs) -> Result<String> {
    let metrics = args.metrics.resolve()?;
    let inputs = args.inputs.load(&args.systems)?;
    let evaluation = &inputs.evaluation;
    super::sanity::warn_about(evaluation, &metrics, args.metrics.target_language()?);
    let (method, resampling, default_samples) = match args.method {
        MethodArg::Bootstrap => (Method::Bootstrap, Resampling::Bootstrap, 1000),
        MethodArg::Ar => (Method::Randomization, Resampling::Randomization, 10000),
    };
    let samples = args.samples.unwrap_or(default_samples);
    if samples == 0 {
        return Err(Error::invalid_option(
            "--samples",
            "0",
            "need at least one resample",
        ));
    }
    if method == Method::Randomization && evaluation.systems.len() < 2 {
        return Err(Error::invalid_option(
            "--method",
            "ar",
            "approximate randomization compares systems; give a baseline and at least one other system",
        ));
    }
    let documents = args.resample == ResampleUnit::Documents;
    let blocks = if documents {
        document_blocks(&inputs, args.inputs.doc_ids.as_deref())?
    } else {
        Blocks::segments(evaluation.segment_count())
    };
    let options = ComparisonOptions {
        method,
        samples,
        seed: args.seed,
        blocks,
        documents,
        all_pairs: args.all_pairs,
        alpha: args.alpha,
    };

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
                systems: MetricSystems::from_run(metric, run),
                signature,
            }
        })
        .collect();
    for path in &args.scores {
        inputs_by_metric.extend(read_external_metrics(
            path,
            &evaluation.systems,
            evaluation.segment_count(),
        )?);
    }

    let compared = inputs_by_metric
        .into_iter()
        .map(|input| {
            let comparison = compare_systems(&input.systems, &options);
            let mut signature = input
                .signature
                .with_resampling(resampling, samples, args.seed);
            if documents {
                signature.push("resample", "rsm", "documents");
            }
            ComparedMetric {
                metric: input.systems.metric,
                signature,
                comparison,
            }
        })
        .collect();
    let results = ComparisonResults {
        systems: evaluation
            .systems
            .iter()
            .map(|system| ComparedSystem {
                name: system.name.clone(),
                file: system.file.path.display().to_string(),
            })
            .collect(),
        metrics: compared,
        method,
        samples,
        seed: args.seed,
        all_pairs: args.all_pairs,
        alpha: args.alpha,
    };
    Ok(match args.output.format {
        Format::Json => results.to_json(),
        Format::Csv => results.to_csv(),
        Format::Text => results.to_text(args.output.width, args.output.short),
    })
}
