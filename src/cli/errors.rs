//! `mteval errors`: automatic error classification per segment, tallied per system on the MQM
//! tree — edit-based classes against a reference and QA checks against the source or on the
//! output alone, with an "automatic MQM" penalty per 100 words.

use super::inputs::ReadArgs;
use super::score::Format;
use super::warn;
use super::weights::WeightArgs;
use clap::Args;
use mteval::analysis::automatic::{
    analyze_systems, resolve_languages, ErrorAnalysisConfig, SystemOutput,
};
use mteval::analysis::checks::CheckSet;
use mteval::analysis::finding::Check;
use mteval::analysis::language::parse_language_pair;
use mteval::corpus::{self, InputSpec};
use mteval::error::{Error, Result, Setting};
use mteval::io::glossary::read_glossary;
use mteval::io::TextFile;
use mteval::report::error_analysis_output::{self, ErrorTable};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ErrorsArgs {
    /// Hypothesis files, one per system (one segment per line).
    #[arg(required = true, value_name = "HYP")]
    hypotheses: Vec<PathBuf>,
    /// Reference file(s); enable the edit-based classes. Repeat for several references.
    #[arg(long = "ref", short = 'r', value_name = "REF")]
    references: Vec<PathBuf>,
    /// Source file; enables the checks against the source.
    #[arg(long, short = 's', value_name = "SRC")]
    source: Option<PathBuf>,
    /// Glossary CSV (`source,target[,target…]`; TAB-separated if named *.tsv).
    #[arg(long, value_name = "FILE.csv")]
    glossary: Option<PathBuf>,
    /// Language pair SRC-TGT (ISO 639-1, e.g. en-de); detected from the texts when absent.
    #[arg(long, short = 'l', value_name = "SRC-TGT")]
    lang: Option<String>,
    /// Run only these checks (comma-separated names, see the README).
    #[arg(long, value_delimiter = ',', value_name = "CHECK,…")]
    checks: Vec<String>,
    /// Skip these checks.
    #[arg(long, value_delimiter = ',', value_name = "CHECK,…")]
    skip: Vec<String>,
    #[command(flatten)]
    weights: WeightArgs,
    #[command(flatten)]
    reading: ReadArgs,
    /// Output format (JSON holds everything: systems, findings, tallies).
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    format: Format,
    /// The table to print in text and CSV output.
    #[arg(long, value_enum)]
    table: Option<ErrorTable>,
    /// Decimals in text output.
    #[arg(long, short = 'w', default_value_t = 2, value_name = "N")]
    width: usize,
}

fn ensure_same_count(file: &TextFile, flag: &'static str, hypothesis: &TextFile) -> Result<()> {
    if file.segments.len() == hypothesis.segments.len() {
        return Ok(());
    }
    Err(Error::invalid_option(
        Setting::FrontEnd(flag),
        file.path.display().to_string(),
        format!(
            "it has {} segments but {} has {}; segments must correspond line by line",
            file.segments.len(),
            hypothesis.path.display(),
            hypothesis.segments.len()
        ),
    ))
}

fn check_set(args: &ErrorsArgs) -> Result<CheckSet> {
    let mut set = if args.checks.is_empty() {
        CheckSet::all()
    } else {
        let mut set = CheckSet::none();
        for name in &args.checks {
            set.set(Check::parse(name)?, true);
        }
        set
    };
    for name in &args.skip {
        set.set(
            Check::parse(name).map_err(|_| {
                Error::invalid_option(
                    Setting::FrontEnd("--skip"),
                    name,
                    "unknown check; see --checks for the names",
                )
            })?,
            false,
        );
    }
    Ok(set)
}

pub fn run(args: ErrorsArgs) -> Result<String> {
    let reading = args.reading.options()?;
    let pair = args.lang.as_deref().map(parse_language_pair).transpose()?;
    let mut checks = check_set(&args)?;
    let glossary = args.glossary.as_deref().map(read_glossary).transpose()?;
    if glossary.is_none() {
        checks.set(Check::Glossary, false);
    } else if args.source.is_none() {
        warn("--glossary needs --source: the glossary check did not run");
    }
    let spec = InputSpec {
        references: args.references.clone(),
        hypotheses: args.hypotheses.clone(),
        source: args.source.clone(),
        reading,
        references_optional: true,
        ..InputSpec::default()
    };
    let inputs = corpus::load(&spec, &mut |warning| warn(warning))?;
    let (references, source) = (inputs.references, inputs.source);
    let hypotheses: Vec<&TextFile> = inputs.systems.iter().map(|system| &system.file).collect();
    if let Some(first) = hypotheses.first() {
        for other in &hypotheses[1..] {
            ensure_same_count(other, "HYP", first)?;
        }
        for reference in &references {
            ensure_same_count(reference, "--ref", first)?;
        }
        if let Some(source) = &source {
            ensure_same_count(source, "--source", first)?;
        }
    }
    // Checks that cannot run with these inputs are left out of the report.
    checks.keep_runnable(source.is_some(), !references.is_empty());

    let reference_streams: Vec<&[String]> =
        references.iter().map(|r| r.segments.as_slice()).collect();
    let hypothesis_streams: Vec<&[String]> =
        hypotheses.iter().map(|h| h.segments.as_slice()).collect();
    let languages = resolve_languages(
        pair,
        source.as_ref().map(|s| s.segments.as_slice()),
        &reference_streams,
        &hypothesis_streams,
    );
    for note in &languages.notes {
        warn(&format!("{note}; set --lang SRC-TGT to choose"));
    }
    if languages.target.is_none() {
        warn("target language unknown (--lang): no wrong-language check, inflections judged on 4-letter prefixes");
    }
    let files: Vec<String> = hypotheses
        .iter()
        .map(|h| h.path.display().to_string())
        .collect();
    let systems: Vec<SystemOutput<'_>> = inputs
        .systems
        .iter()
        .zip(&files)
        .map(|(system, file)| SystemOutput {
            name: &system.name,
            file,
            segments: &system.file.segments,
        })
        .collect();
    let config = ErrorAnalysisConfig {
        checks,
        source_language: languages.source,
        target_language: languages.target,
        glossary,
        weights: args.weights.resolve()?,
        list_findings: true,
    };
    let report = analyze_systems(
        &systems,
        source.as_ref().map(|s| s.segments.as_slice()),
        &reference_streams,
        &config,
    );
    Ok(match args.format {
        Format::Json => error_analysis_output::to_json(&report),
        Format::Csv => {
            error_analysis_output::to_csv(&report, args.table.unwrap_or(ErrorTable::Findings))
        }
        Format::Text => error_analysis_output::to_text(
            &report,
            args.table.unwrap_or(ErrorTable::Summary),
            args.width,
        ),
    })
}
