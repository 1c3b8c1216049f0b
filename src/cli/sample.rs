//! `mteval sample`: choose segments for human MQM review and write them as an annotation-ready
//! TSV in the Google/WMT MQM layout (empty rater, category and severity), which `mteval mqm`
//! reads back once reviewers have filled it in.

use super::inputs::InputArgs;
use super::warn;
use clap::{Args, ValueEnum};
use mteval::analysis::review_sample::{choose_segments, ReviewInputs, SampleStrategy};
use mteval::corpus::{self, Evaluation};
use mteval::error::{Error, Result, Setting};
use mteval::report::review_sheet::review_sheet;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    /// Proportional to document sizes, random within documents (seeded).
    Document,
    /// Where the vendors' sentence chrF scores spread most.
    Disagreement,
    /// Where the automatic error checks (`mteval errors`) find most, over all vendors.
    Errors,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Hypothesis files, one per vendor (named after the file); with --xml or --corpus, the
    /// test set's systems are the vendors.
    #[arg(value_name = "HYP", required_unless_present_any = ["xml", "corpus"])]
    hypotheses: Vec<PathBuf>,
    #[command(flatten)]
    inputs: InputArgs,
    /// Source file (one segment per line): the TSV's source column. A WMT XML test set
    /// (--xml) supplies its own.
    #[arg(long, value_name = "FILE", required_unless_present = "xml")]
    source: Option<PathBuf>,
    /// Segments to choose (the same segments for every vendor).
    #[arg(long, short = 'n', value_name = "N")]
    segments: usize,
    /// How to choose them.
    #[arg(long, value_enum, default_value = "document")]
    strategy: StrategyArg,
    /// Seed of the random draws.
    #[arg(long, default_value_t = 12345, value_name = "N")]
    seed: u64,
}

pub fn run(args: SampleArgs) -> Result<String> {
    if args.segments == 0 {
        return Err(Error::invalid_option(
            Setting::FrontEnd("--segments"),
            "0",
            "choose at least one segment",
        ));
    }
    let mut spec = args.inputs.spec(&args.hypotheses)?;
    spec.source = args.source.clone();
    let mut inputs = corpus::load(&spec, &mut |warning| warn(warning))?;
    let Some(source) = inputs.source.take() else {
        return Err(Error::invalid_option(
            Setting::FrontEnd("--source"),
            "",
            "the review sheet needs the source: give --source FILE (this test set has none)",
        ));
    };
    let evaluation = &inputs.into_evaluation()?;
    corpus::ensure_parallel(&source, &evaluation.references[0])?;
    warn_of_fallbacks(&args, evaluation);
    let count = source.segments.len();
    let documents: Vec<String> = match &evaluation.segments {
        Some(info) => info.iter().map(|s| s.document.clone()).collect(),
        None => vec!["doc".to_string(); count],
    };
    let references = evaluation.reference_streams();
    let systems: Vec<(&str, &[String])> = evaluation
        .systems
        .iter()
        .map(|s| (s.name.as_str(), s.file.segments.as_slice()))
        .collect();
    let inputs = ReviewInputs {
        source: &source.segments,
        references: &references,
        systems: &systems,
        documents: &documents,
    };
    let strategy = match args.strategy {
        StrategyArg::Document => SampleStrategy::Document,
        StrategyArg::Disagreement => SampleStrategy::Disagreement,
        StrategyArg::Errors => SampleStrategy::Errors,
    };
    let chosen = choose_segments(&inputs, strategy, args.segments, args.seed);
    Ok(review_sheet(
        &systems,
        &documents,
        &source.segments,
        &chosen,
    ))
}

/// Warns where the sheet will not be what was asked for: fewer segments than `-n`, a
/// disagreement among a single vendor, or one vendor name given twice.
fn warn_of_fallbacks(args: &SampleArgs, evaluation: &Evaluation) {
    let segments = evaluation.segment_count();
    if args.segments > segments {
        warn(&format!(
            "--segments {}: the corpus has {segments} segments; the sheet has them all",
            args.segments
        ));
    }
    if args.strategy == StrategyArg::Disagreement && evaluation.systems.len() < 2 {
        warn(
            "--strategy disagreement: one vendor cannot disagree with another; the segments \
             are taken in order",
        );
    }
    for (n, system) in evaluation.systems.iter().enumerate() {
        if evaluation.systems[..n]
            .iter()
            .any(|s| s.name == system.name)
        {
            warn(&format!(
                "vendor {:?} is given twice; reviewers will see its segments twice",
                system.name
            ));
        }
    }
}
