//! `mteval sample`: choose segments for human MQM review and write them as an annotation-ready
//! TSV in the Google/WMT MQM layout (empty rater, category and severity), which `mteval mqm`
//! reads back once reviewers have filled it in.

use super::inputs::{read_files, InputArgs};
use clap::{Args, ValueEnum};
use mteval::analysis::review_sample::{choose_segments, ReviewInputs, SampleStrategy};
use mteval::corpus;
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
    /// Hypothesis files, one per vendor (named after the file).
    #[arg(required = true, value_name = "HYP")]
    hypotheses: Vec<PathBuf>,
    #[command(flatten)]
    inputs: InputArgs,
    /// Source file (one segment per line): the TSV's source column.
    #[arg(long, required = true, value_name = "FILE")]
    source: PathBuf,
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
    let loaded = args.inputs.load(&args.hypotheses)?;
    let evaluation = &loaded.evaluation;
    let source = read_files(std::slice::from_ref(&args.source), loaded.reading)?.remove(0);
    corpus::ensure_parallel(&source, &evaluation.references[0])?;
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
