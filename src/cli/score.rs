//! `mteval score`: corpus (and sentence) scores of many systems against shared references.

use super::inputs::{AlignMode, AlignSettings, InputArgs, LoadedInputs, StreamedInputs};
use super::metric_options::MetricOptions;
use super::sanity::SanityScan;
use super::warn;
use clap::{Args, ValueEnum};
use mteval::align::units::UnitMode;
use mteval::corpus::{group_segments, Evaluation};
use mteval::error::{Error, Result, Setting};
use mteval::io::parquet_table::write_parquet;
use mteval::metrics::statistics_file::StatisticsFile;
use mteval::metrics::MetricConfig;
use mteval::metrics::{MetricRun, RunOptions, StreamingRun};
use mteval::report::text::{align_on_equals, format_score, score_line, system_table};
use mteval::report::{ScoreDocument, ScoreRecord};
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
        return Ok(render(&args.output, false, &inputs, &runs, &[]));
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
    let reference_streams = evaluation.reference_streams();
    let system_streams = evaluation.system_streams();
    let options = RunOptions {
        sentence_scores: args.sentence_level,
        statistics: args.emit_stats.is_some(),
    };
    let mut runs: Vec<MetricRun> = metrics
        .iter()
        .map(|metric| {
            let mut run = metric.run(&reference_streams, &system_streams, options);
            inputs.sign(&mut run.signature);
            inputs.sign(&mut run.sentence_signature);
            run
        })
        .collect();
    let groups = match args.by {
        Some(by) => group_runs(&inputs, &metrics, by)?,
        None => Vec::new(),
    };
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
    Ok(render(
        &args.output,
        args.sentence_level,
        &inputs,
        &runs,
        &groups,
    ))
}

/// What `mteval score` prints for corpus scores alone (no --by, --sentence-level or --align):
/// what `mteval merge` prints for the merged statistics.
pub fn render_corpus_scores(
    output: &OutputArgs,
    inputs: &LoadedInputs,
    runs: &[MetricRun],
) -> String {
    render(output, false, inputs, runs, &[])
}

/// Segments per block read while streaming: bounds memory (at most three blocks of every
/// file: one being scored, one queued, one being read) while keeping both cores busy within a
/// block.
const STREAM_BLOCK: usize = 4096;

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
            while let Some(block) = streams.next_block(STREAM_BLOCK)? {
                if sender.send(block).is_err() {
                    break;
                }
            }
            Ok(streams.into_warnings())
        });
        for block in receiver {
            let streams: Vec<&[String]> = block.iter().map(Vec::as_slice).collect();
            let (references, hypotheses) = streams.split_at(nrefs);
            sanity.observe(references, hypotheses);
            for run in &mut sums {
                run.add(references, hypotheses);
            }
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

/// The runs of one document or domain.
struct GroupRuns {
    by: GroupBy,
    key: String,
    runs: Vec<MetricRun>,
}

/// Scores every document or domain on its own.
fn group_runs(
    inputs: &LoadedInputs,
    metrics: &[MetricConfig],
    by: GroupBy,
) -> Result<Vec<GroupRuns>> {
    let evaluation = &inputs.evaluation;
    let flag_value = match by {
        GroupBy::Document => "document",
        GroupBy::Domain => "domain",
    };
    let info = evaluation.segments.as_ref().ok_or_else(|| {
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
    let keys = info.iter().map(|s| match by {
        GroupBy::Document => s.document.as_str(),
        GroupBy::Domain => s.domain.as_deref().unwrap_or(""),
    });
    let options = RunOptions::default();
    Ok(group_segments(keys)
        .into_iter()
        .map(|(key, indices)| {
            let pick = |segments: &[String]| -> Vec<String> {
                indices.iter().map(|&i| segments[i].clone()).collect()
            };
            let references: Vec<Vec<String>> = evaluation
                .references
                .iter()
                .map(|r| pick(&r.segments))
                .collect();
            let systems: Vec<Vec<String>> = evaluation
                .systems
                .iter()
                .map(|s| pick(&s.file.segments))
                .collect();
            let reference_streams: Vec<&[String]> = references.iter().map(Vec::as_slice).collect();
            let system_streams: Vec<&[String]> = systems.iter().map(Vec::as_slice).collect();
            let runs = metrics
                .iter()
                .map(|metric| {
                    let mut run = metric.run(&reference_streams, &system_streams, options);
                    inputs.sign(&mut run.signature);
                    run
                })
                .collect();
            GroupRuns { by, key, runs }
        })
        .collect())
}

/// Corpus records (system-major, metrics in sacreBLEU order), then the records of every
/// document or domain, then segment records.
fn records(
    inputs: &LoadedInputs,
    runs: &[MetricRun],
    groups: &[GroupRuns],
    segments: bool,
) -> Vec<ScoreRecord> {
    let evaluation = &inputs.evaluation;
    let mut records = Vec::new();
    for (s, system) in evaluation.systems.iter().enumerate() {
        let file = system.file.path.display().to_string();
        let confidence = inputs.alignment.get(s).and_then(Option::as_ref);
        for (m, run) in runs.iter().enumerate() {
            let scores = &run.systems[s];
            let mut record = ScoreRecord::new(
                &system.name,
                &file,
                None,
                scores.corpus.clone(),
                &run.signature,
            );
            record.alignment_confidence = inputs.alignment_confidence(s);
            records.push(record);
            for group in groups {
                let mut record = ScoreRecord::new(
                    &system.name,
                    &file,
                    None,
                    group.runs[m].systems[s].corpus.clone(),
                    &group.runs[m].signature,
                );
                match group.by {
                    GroupBy::Document => record.document = Some(group.key.clone()),
                    GroupBy::Domain => record.domain = Some(group.key.clone()),
                }
                records.push(record);
            }
            if segments {
                for (i, score) in scores.segments.iter().enumerate() {
                    let mut record = ScoreRecord::new(
                        &system.name,
                        &file,
                        Some(i + 1),
                        score.clone(),
                        &run.sentence_signature,
                    );
                    record.alignment_confidence = confidence.and_then(|c| c.get(i).copied());
                    if let Some(info) = &evaluation.segments {
                        record.document = Some(info[i].document.clone());
                        record.domain = info[i].domain.clone();
                    }
                    records.push(record);
                }
            }
        }
    }
    records
}

fn render(
    output: &OutputArgs,
    sentence_level: bool,
    inputs: &LoadedInputs,
    runs: &[MetricRun],
    groups: &[GroupRuns],
) -> String {
    let evaluation = &inputs.evaluation;
    let records = records(inputs, runs, groups, sentence_level);
    match output.format {
        Format::Json => {
            let document = ScoreDocument { results: &records };
            let mut json =
                serde_json::to_string_pretty(&document).expect("score records serialize to JSON");
            json.push('\n');
            json
        }
        Format::Csv => {
            let mut buffer = Vec::new();
            mteval::report::csv::write_score_records(&records, &mut buffer)
                .expect("writing CSV to memory cannot fail");
            String::from_utf8(buffer).expect("CSV of UTF-8 strings is UTF-8")
        }
        Format::Text => {
            let corpus_records: Vec<ScoreRecord> = records
                .into_iter()
                .filter(|r| (r.document.is_none() && r.domain.is_none()) || r.segment.is_some())
                .collect();
            let mut out = render_text(output, sentence_level, evaluation, runs, &corpus_records);
            if !groups.is_empty() && !sentence_level {
                out.push_str(&render_groups(output, evaluation, runs, groups));
            }
            for (s, system) in evaluation.systems.iter().enumerate() {
                if let Some(confidence) = inputs.alignment_confidence(s) {
                    out.push_str(&format!(
                        "Alignment confidence ({}): {confidence:.3}\n",
                        system.name
                    ));
                }
            }
            out
        }
    }
}

/// A table of every system's scores per document or domain.
fn render_groups(
    output: &OutputArgs,
    evaluation: &Evaluation,
    runs: &[MetricRun],
    groups: &[GroupRuns],
) -> String {
    let by = match groups[0].by {
        GroupBy::Document => "Document",
        GroupBy::Domain => "Domain",
    };
    let mut rows = vec![{
        let mut header = vec!["System".to_string(), by.to_string()];
        header.extend(runs.iter().map(|r| r.name.clone()));
        header
    }];
    for (s, system) in evaluation.systems.iter().enumerate() {
        for group in groups {
            let mut row = vec![system.name.clone(), group.key.clone()];
            row.extend(
                group
                    .runs
                    .iter()
                    .map(|run| format_score(run.systems[s].corpus.score, output.width)),
            );
            rows.push(row);
        }
    }
    let columns = rows[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = format!("\nBy {}:\n", by.to_lowercase());
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c < 2 {
                    format!("{cell:<w$}", w = widths[c])
                } else {
                    format!("{cell:>w$}", w = widths[c])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn render_text(
    output: &OutputArgs,
    sentence_level: bool,
    evaluation: &Evaluation,
    runs: &[MetricRun],
    records: &[ScoreRecord],
) -> String {
    let signature_of = |record: &ScoreRecord| -> Option<String> {
        let run = runs.iter().find(|run| run.name == record.score.metric)?;
        let signature = if record.segment.is_some() {
            &run.sentence_signature
        } else {
            &run.signature
        };
        output.short.then(|| signature.format(true))
    };
    let several = evaluation.systems.len() > 1 || runs.len() > 1;
    let mut out = String::new();
    if sentence_level {
        for record in records.iter().filter(|r| r.segment.is_some()) {
            let line = score_line(record, output.width, signature_of(record).as_deref());
            if several {
                out.push_str(&format!(
                    "{}\t{}\t",
                    record.system,
                    record.segment.unwrap_or(0)
                ));
            }
            out.push_str(&line);
            out.push('\n');
        }
        return out;
    }
    if evaluation.systems.len() == 1 {
        let lines: Vec<String> = records
            .iter()
            .map(|record| score_line(record, output.width, signature_of(record).as_deref()))
            .collect();
        for line in align_on_equals(&lines) {
            out.push_str(&line);
            out.push('\n');
        }
        return out;
    }
    let names: Vec<String> = evaluation.systems.iter().map(|s| s.name.clone()).collect();
    let metrics: Vec<(String, String)> = runs
        .iter()
        .map(|run| (run.name.clone(), run.signature.format(output.short)))
        .collect();
    let cells: Vec<Vec<String>> = (0..names.len())
        .map(|s| {
            runs.iter()
                .map(|run| format_score(run.systems[s].corpus.score, output.width))
                .collect()
        })
        .collect();
    system_table(&names, &metrics, &cells)
}
