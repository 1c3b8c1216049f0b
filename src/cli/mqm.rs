//! `mteval mqm`: system scores, per-rater and per-document scores, and (category, severity)
//! tallies from human MQM annotation files in the Google/WMT TSV format.

use super::score::Format;
use super::warn;
use super::weights::WeightArgs;
use clap::{Args, ValueEnum};
use mteval::analysis::mqm::{
    score_annotations, unknown_severity_warnings, MqmOptions, MqmReport, MqmUnit,
};
use mteval::analysis::span_agreement::automatic_span_agreement;
use mteval::error::Result;
use mteval::io::mqm_tsv::read_mqm_tsv;
use mteval::report::mqm_output::{self, MqmTable};
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Mean over rated segments (the published rule).
    Segment,
    /// Per 100 source characters (Marot's option).
    SourceChars,
}

#[derive(Debug, Args)]
pub struct MqmArgs {
    /// MQM annotation files (TSV: system, doc, doc_id, seg_id, rater, source, target,
    /// category, severity[, comment]); each is scored on its own.
    #[arg(required = true, value_name = "FILE.tsv")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    weights: WeightArgs,
    /// What a system score is averaged over.
    #[arg(long, value_enum, default_value = "segment")]
    unit: UnitArg,
    /// Output format (JSON holds every table).
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    format: Format,
    /// The table to print in text and CSV output.
    #[arg(long, value_enum, default_value = "systems")]
    table: MqmTable,
    /// Decimals in text output.
    #[arg(long, short = 'w', default_value_t = 3, value_name = "N")]
    width: usize,
}

pub fn run(args: MqmArgs) -> Result<String> {
    let options = MqmOptions {
        weights: args.weights.resolve()?,
        unit: match args.unit {
            UnitArg::Segment => MqmUnit::Segment,
            UnitArg::SourceChars => MqmUnit::SourceCharacters,
        },
    };
    let files = args
        .files
        .par_iter()
        .map(|path| read_mqm_tsv(path))
        .collect::<Result<Vec<_>>>()?;
    for file in &files {
        for warning in &file.warnings {
            warn(warning);
        }
        for warning in unknown_severity_warnings(file) {
            warn(&warning);
        }
    }
    let reports: Vec<MqmReport> = files
        .par_iter()
        .map(|file| score_annotations(file, &options))
        .collect();
    let agreements = match args.table {
        MqmTable::SpanAgreement => Some(
            files
                .iter()
                .map(|file| automatic_span_agreement(file, &options.weights))
                .collect::<Result<Vec<_>>>()?,
        ),
        _ => None,
    };
    let agreements = agreements.as_deref();
    Ok(match args.format {
        Format::Json => mqm_output::to_json(&reports, &options, agreements),
        Format::Csv => mqm_output::to_csv(&reports, args.table, agreements),
        Format::Text => mqm_output::to_text(&reports, &files, args.table, args.width, agreements),
    })
}
