//! `mteval score`: corpus (and sentence) scores of many systems against shared references.

use super::inputs::{AlignMode, AlignSettings, InputArgs, LoadedInputs, StreamedInputs};
use super::metric_options::MetricOptions;
use super::sanity::SanityScan;
use super::warn;
use clap::{Args, ValueEnum};
use mteval::align::units::UnitMode;
use mteval::error::{Error, Result, Setting};
use mteval::io::parquet_table::write_parquet;
use mteval::metrics::statistics_file::StatisticsFile;
use mteval::metrics::MetricConfig;
use mteval::metrics::{MetricRun, RunOptions, StreamingRun};
use mteval::report::scores::{Grouping, ScoreResults, ScoredSystem, SegmentGroups, TextStyle};
use rayon::prelude::*;
use std::path::PathBuf;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// Groups of segments scored separately (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    Document,
    Domain,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Hypothesis files, one per system (or the systems of --xml/--corpus).
    #[arg(value_name = "HYP")]
    hypotheses: Vec<PathBuf>,
    /// Re-align hypotheses whose line count differs from the reference's (auto), with a
    /// warning, instead of failing (off).
    #[arg(long, value_enum, default_value = "off")]
    align: AlignMode,
    /// With --align auto: leave out segments aligned with a lower confidence (0–1).
    #[arg(long, value_name = "X")]
    min_confidence: Option<f64>,
    /// Also score every document or domain on its own (needs --doc-ids, --xml or --corpus).
    #[arg(long, value_enum)]
    by: Option<GroupBy>,
    #[command(flatten)]
    metrics: MetricOptions,
    /// Also score every segment (BLEU then uses effective order, as sacreBLEU's -sl).
    #[arg(long, visible_alias = "sl")]
    sentence_level: bool,
    /// Also write every segment's statistics under every metric to FILE (Parquet), for
    /// `mteval merge`.
    #[arg(long, value_name = "FILE")]
    emit_stats: Option<PathBuf>,
    /// With --emit-stats: this file's segments are segments N+1, N+2, … of a larger corpus
    /// (global segment ids; `mteval merge` then orders shards by id).
    #[arg(long, value_name = "N", requires = "emit_stats")]
    segment_offset: Option<usize>,
    #[command(flatten)]
    output: OutputArgs,
}

/// How results are printed, shared by the subcommands that print scores.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: Format,
    /// Decimals in text output (sacreBLEU's default 1).
    #[arg(long, short = 'w', default_value_t = 1, value_name = "N")]
    pub width: usize,
    /// Abbreviated signatures in text output.
    #[arg(long)]
    pub short: bool,
}

pub fn run(args: ScoreArgs) -> Result<String> {
    let metrics = args.metrics.resolve()?;
    if let Some(x) = args.min_confidence {
        if !(0.0..=1.0).contains(&x) {
            return Err(Error::invalid_option(
                Setting::MinConfidence,
                x.to_string(),
                "a confidence is between 0 and 1",
            ));
        }
        if args.align == AlignMode::Off {
            return Err(Error::invalid_option(
                Setting::MinConfidence,
                x.to_string(),
                "only applies with --align auto",
            ));
        }
    }
    let hypotheses = args.inputs.hypotheses_or_standard_input(&args.hypotheses);
    let streamable = !args.sentence_level
        && args.emit_stats.is_none()
        && args.by.is_none()
        && args.align == AlignMode::Off
        && args.inputs.plain_files_only();
    if streamable {
        let (inputs, runs) = run_streaming(&args, &hypotheses, &metrics)?;
        return Ok(render(&args.output, false, &inputs, runs, None));
    }
    let units = args.metrics.target_language()?.map(UnitMode::for_language);
    let inputs = args.inputs.load_aligned(
        &hypotheses,
        AlignSettings {
            mode: args.align,
            min_confidence: args.min_confidence,
            units,
        },
    )?;
    let evaluation = &inputs.evaluation;
    super::sanity::warn_about(evaluation, &metrics, args.metrics.target_language()?);
    let groups = match args.by {
        Some(by) => Some(segment_groups(&inputs, by)?),
        None => None,
    };
    let group_indices: Vec<Vec<usize>> = groups
        .iter()
        .flat_map(|groups| groups.iter().map(|(_, indices)| indices.clone()))
        .collect();
    let reference_streams = evaluation.reference_streams();
    let system_streams = evaluation.system_streams();
    let options = RunOptions {
        sentence_scores: args.sentence_level,
        statistics: args.emit_stats.is_some(),
    };
    let mut runs: Vec<MetricRun> = metrics
        .iter()
        .map(|metric| {
            let mut run =
                metric.run_grouped(&reference_streams, &system_streams, options, &group_indices);
            inputs.sign(&mut run.signature);
            inputs.sign(&mut run.sentence_signature);
            run
        })
        .collect();
    if let Some(path) = &args.emit_stats {
        let first_segment = args.segment_offset.map(|offset| offset + 1);
        let statistics = StatisticsFile::from_runs(
            evaluation,
            &metrics,
            &mut runs,
            inputs.reading,
            first_segment,
        );
        write_parquet(path, &statistics.to_table())?;
    }
    let groups = args.by.zip(groups).map(|(by, groups)| SegmentGroups {
        by: grouping(by),
        keys: groups.into_iter().map(|(key, _)| key).collect(),
    });
    Ok(render(
        &args.output,
        args.sentence_level,
        &inputs,
        runs,
        groups,
    ))
}

/// What `mteval score` prints for corpus scores alone (no --by, --sentence-level or --align):
/// what `mteval merge` prints for the merged statistics.
pub fn render_corpus_scores(
    output: &OutputArgs,
    inputs: &LoadedInputs,
    runs: Vec<MetricRun>,
) -> String {
    render(output, false, inputs, runs, None)
}

/// Segments per block read while streaming: the first block is small, so that scoring starts
/// once the first segments of every file are read and the rest is read meanwhile (with a whole
/// WMT test set in one block, reading it all was a serial phase before any scoring); each block
/// is twice the one before, up to a size whose per-block costs (a channel hand-over, the work
/// split between the cores) no longer show on a large corpus. Bounds memory: at most three
/// blocks of every file (one being scored, one queued, one being read).
const FIRST_STREAM_BLOCK: usize = 64;
const LARGEST_STREAM_BLOCK: usize = 4096;

/// Corpus scores without keeping the corpus: the files are read a block of segments at a time
/// (on a reader thread, ahead of the scoring) and only every metric's running sums are kept. A file
/// that ends early stops the run with an error before anything is printed; reading warnings
/// are printed once every file is read.
fn run_streaming(
    args: &ScoreArgs,
    hypotheses: &[PathBuf],
    metrics: &[MetricConfig],
) -> Result<(LoadedInputs, Vec<MetricRun>)> {
    let StreamedInputs { mut streams, names } = args.inputs.open_streams(hypotheses)?;
    let nrefs = streams.reference_count();
    let systems = names.evaluation.systems.len();
    let mut sums: Vec<StreamingRun> = metrics.iter().map(|m| m.streaming(systems)).collect();
    let mut sanity = SanityScan::new(nrefs, systems);
    let warnings = std::thread::scope(|scope| -> Result<Vec<String>> {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let reader = scope.spawn(move || -> Result<Vec<String>> {
            let mut block_size = FIRST_STREAM_BLOCK;
            while let Some(block) = streams.next_block(block_size)? {
                if sender.send(block).is_err() {
                    break;
                }
                block_size = (block_size * 2).min(LARGEST_STREAM_BLOCK);
            }
            Ok(streams.into_warnings())
        });
        for block in receiver {
            let streams: Vec<&[String]> = block.iter().map(Vec::as_slice).collect();
            let (references, hypotheses) = streams.split_at(nrefs);
            // The metrics and the sanity scan take the block at once, so that no core waits
            // for one metric's last segments before the next metric starts.
            rayon::join(
                || sanity.observe(references, hypotheses),
                || {
                    sums.par_iter_mut()
                        .for_each(|run| run.add(references, hypotheses))
                },
            );
        }
        reader.join().expect("the segment reader does not panic")
    })?;
    for warning in &warnings {
        warn(warning);
    }
    let target = args.metrics.target_language()?;
    for warning in sanity.warnings(&names.evaluation, metrics, target) {
        warn(&warning);
    }
    let runs = sums
        .into_iter()
        .map(|run| {
            let mut run = run.finish(nrefs);
            names.sign(&mut run.signature);
            names.sign(&mut run.sentence_signature);
            run
        })
        .collect();
    Ok((names, runs))
}

fn grouping(by: GroupBy) -> Grouping {
    match by {
        GroupBy::Document => Grouping::Document,
        GroupBy::Domain => Grouping::Domain,
    }
}

/// The documents or domains of the input, each with its segment indices.
fn segment_groups(inputs: &LoadedInputs, by: GroupBy) -> Result<Vec<(String, Vec<usize>)>> {
    let flag_value = match by {
        GroupBy::Document => "document",
        GroupBy::Domain => "domain",
    };
    let info = inputs.evaluation.segments.as_ref().ok_or_else(|| {
        Error::invalid_option(
            Setting::FrontEnd("--by"),
            flag_value,
            "needs document ids: --doc-ids FILE, a WMT XML test set (--xml) or a table with a doc_id column (--corpus)",
        )
    })?;
    if by == GroupBy::Domain && info.iter().all(|s| s.domain.is_none()) {
        return Err(Error::invalid_option(
            Setting::FrontEnd("--by"),
            flag_value,
            "the input has no domains; a WMT XML test set (--xml) or a table with a domain column (--corpus) has them",
        ));
    }
    Ok(grouping(by).groups(info))
}

/// The bytes to print, in the format asked for.
fn render(
    output: &OutputArgs,
    sentence_level: bool,
    inputs: &LoadedInputs,
    runs: Vec<MetricRun>,
    groups: Option<SegmentGroups>,
) -> String {
    let evaluation = &inputs.evaluation;
    let results = ScoreResults {
        systems: evaluation
            .systems
            .iter()
            .enumerate()
            .map(|(s, system)| ScoredSystem {
                name: system.name.clone(),
                file: system.file.path.display().to_string(),
                alignment: inputs.alignment.get(s).cloned().flatten(),
            })
            .collect(),
        runs,
        groups,
        segments: evaluation.segments.clone(),
        sentence_level,
    };
    match output.format {
        Format::Json => results.to_json(),
        Format::Csv => results.to_csv(),
        Format::Text => results.to_text(TextStyle {
            width: output.width,
            short: output.short,
        }),
    }
}
