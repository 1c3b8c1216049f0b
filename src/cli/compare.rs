//! `mteval compare`: which system is really better. sacreBLEU's paired bootstrap and approximate
//! randomization against a baseline (same numbers), plus all-pairs comparisons with Holm
//! correction and significance clusters, document-level resampling and external metrics.

use super::inputs::{InputArgs, LoadedInputs};
use super::metric_options::MetricOptions;
use super::score::{Format, OutputArgs};
use clap::{Args, ValueEnum};
use mteval::corpus::{load_external_scores, ExternalMetric};
use mteval::error::{Error, Result, Setting};
use mteval::metrics::signature::Resampling;
use mteval::metrics::RunOptions;
use mteval::report::comparison::{ComparedMetric, ComparedSystem, ComparisonResults};
use mteval::stats::comparison::{
    compare_systems, ComparisonOptions, Method, MetricInput, MetricSystems,
};
use mteval::stats::external::external_metric_input;
use mteval::stats::resample::{Blocks, SharedDraws};
use mteval::stats::resamples_refusal;
use rayon::prelude::*;
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
            return Err(Error::malformed(
                path,
                range.start + 1,
                format!(
                    "document {:?} appears again after other documents; a document's lines must be contiguous",
                    ids[range.start]
                ),
            ));
        }
    }
    Ok(blocks)
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
    // The bootstrap's draws depend only on the seed and the number of blocks: a thread makes
    // them while the metrics' statistics are computed, every metric's at once (no core waits
    // for one metric's last segments).
    let (mut inputs_by_metric, _) = rayon::join(
        || -> Vec<MetricInput> {
            metrics
                .par_iter()
                .map(|metric| {
                    let run = metric.run(&reference_streams, &system_streams, run_options);
                    let mut signature = run.signature.clone();
                    inputs.sign(&mut signature);
                    MetricInput {
                        systems: MetricSystems::from_run(metric, run),
                        signature,
                    }
                })
                .collect()
        },
        || (options.method == Method::Bootstrap).then(|| options.bootstrap_draws()),
    );
    for path in &args.scores {
        for ExternalMetric { metric, systems } in load_external_scores(path, evaluation)? {
            inputs_by_metric.push(external_metric_input(path, metric, systems));
        }
    }
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
    let (method, default_samples) = match test.method {
        MethodArg::Bootstrap => (Method::Bootstrap, 1000),
        MethodArg::Ar => (Method::Randomization, 10000),
    };
    let samples = test.samples.unwrap_or(default_samples);
    if let Some(reason) = resamples_refusal(samples) {
        return Err(Error::invalid_option(
            Setting::Samples,
            samples.to_string(),
            reason,
        ));
    }
    if method == Method::Randomization && inputs.evaluation.systems.len() < 2 {
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
        draws: SharedDraws::default(),
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
    // Every metric's comparison at once, in the metrics' order.
    let compared = inputs_by_metric
        .into_par_iter()
        .map(|input| {
            let comparison = compare_systems(&input.systems, options);
            let mut signature =
                input
                    .signature
                    .with_resampling(resampling, options.samples, options.seed);
            if options.documents {
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
        systems: inputs
            .evaluation
            .systems
            .iter()
            .map(|system| ComparedSystem {
                name: system.name.clone(),
                file: system.file.path.display().to_string(),
            })
            .collect(),
        metrics: compared,
        method: options.method,
        samples: options.samples,
        seed: test.seed,
        all_pairs: test.all_pairs,
        alpha: test.alpha,
    };
    match output.format {
        Format::Json => results.to_json(),
        Format::Csv => results.to_csv(),
        Format::Text => results.to_text(output.width, output.short),
    }
}
