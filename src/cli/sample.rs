//! `mteval sample`: choose segments for human MQM review and write them as an annotation-ready
//! TSV in the Google/WMT MQM layout (empty rater, category and severity), which `mteval mqm`
//! reads back once reviewers have filled it in.

use super::inputs::InputArgs;
use super::warn;
use clap::{Args, ValueEnum};
use mteval::analysis::automatic::{
    analyze_systems, resolve_languages, ErrorAnalysisConfig, SystemOutput,
};
use mteval::analysis::checks::CheckSet;
use mteval::analysis::review_sample::{highest_priority, stratified_by_document, vendor_spread};
use mteval::analysis::taxonomy::Weights;
use mteval::error::{Error, Result};
use mteval::io::read_segments;
use mteval::metrics::chrf::Chrf;
use mteval::metrics::{MetricConfig, RunOptions};
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

/// A TSV field: tabs and line breaks would break the layout, so they become spaces.
fn field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

pub fn run(args: SampleArgs) -> Result<String> {
    if args.segments == 0 {
        return Err(Error::invalid_option(
            "--segments",
            "0",
            "choose at least one segment",
        ));
    }
    let loaded = args.inputs.load(&args.hypotheses)?;
    let evaluation = &loaded.evaluation;
    let source = read_segments(&args.source, loaded.reading)?;
    for warning in &source.warnings {
        warn(warning);
    }
    let count = evaluation.references[0].segments.len();
    if source.segments.len() != count {
        return Err(Error::SegmentCountMismatch {
            hypothesis: args.source.clone(),
            hypothesis_segments: source.segments.len(),
            reference: evaluation.references[0].path.clone(),
            reference_segments: count,
        });
    }
    let documents: Vec<String> = match &evaluation.segments {
        Some(info) => info.iter().map(|s| s.document.clone()).collect(),
        None => vec!["doc".to_string(); count],
    };
    let references = evaluation.reference_streams();
    let systems = evaluation.system_streams();
    let chosen = match args.strategy {
        StrategyArg::Document => stratified_by_document(&documents, args.segments, args.seed),
        StrategyArg::Disagreement => {
            let run = MetricConfig::Chrf(Chrf::default()).run(
                &references,
                &systems,
                RunOptions {
                    sentence_scores: true,
                    statistics: false,
                },
            );
            let scores: Vec<Vec<f64>> = run
                .systems
                .iter()
                .map(|s| s.segments.iter().map(|score| score.score).collect())
                .collect();
            highest_priority(&vendor_spread(&scores), args.segments)
        }
        StrategyArg::Errors => {
            let outputs: Vec<SystemOutput> = evaluation
                .systems
                .iter()
                .map(|s| SystemOutput {
                    name: &s.name,
                    file: "",
                    segments: &s.file.segments,
                })
                .collect();
            let languages = resolve_languages(None, Some(&source.segments), &references, &systems);
            let mut checks = CheckSet::all();
            checks.keep_runnable(true, true);
            let config = ErrorAnalysisConfig {
                checks,
                source_language: languages.source,
                target_language: languages.target,
                glossary: None,
                weights: Weights::google(),
            };
            let report = analyze_systems(&outputs, Some(&source.segments), &references, &config);
            let mut findings = vec![0.0; count];
            for finding in &report.findings {
                findings[finding.segment - 1] += 1.0;
            }
            highest_priority(&findings, args.segments)
        }
    };
    let mut out =
        String::from("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n");
    for system in &evaluation.systems {
        for &segment in &chosen {
            let document = &documents[segment];
            let within = documents[..=segment]
                .iter()
                .filter(|d| *d == document)
                .count();
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t\t{}\t{}\t\t\n",
                field(&system.name),
                field(document),
                within,
                segment + 1,
                field(&source.segments[segment]),
                field(&system.file.segments[segment]),
            ));
        }
    }
    Ok(out)
}
