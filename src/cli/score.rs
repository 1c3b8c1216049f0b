//! `mteval score`: corpus (and sentence) scores of many systems against shared references.

use super::inputs::InputArgs;
use super::metric_options::MetricOptions;
use clap::{Args, ValueEnum};
use mteval::corpus::Evaluation;
use mteval::error::Result;
use mteval::metrics::{MetricRun, RunOptions};
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

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Hypothesis files, one per system.
    #[arg(required = true, value_name = "HYP")]
    hypotheses: Vec<PathBuf>,
    #[command(flatten)]
    metrics: MetricOptions,
    /// Also score every segment (BLEU then uses effective order, as sacreBLEU's -sl).
    #[arg(long, visible_alias = "sl")]
    sentence_level: bool,
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
    let inputs = args.inputs.load(&args.hypotheses)?;
    let evaluation = &inputs.evaluation;
    let reference_streams = evaluation.reference_streams();
    let system_streams = evaluation.system_streams();
    let options = RunOptions {
        sentence_scores: args.sentence_level,
        statistics: false,
    };
    let runs: Vec<MetricRun> = metrics
        .iter()
        .map(|metric| {
            let mut run = metric.run(&reference_streams, &system_streams, options);
            inputs.sign(&mut run.signature);
            inputs.sign(&mut run.sentence_signature);
            run
        })
        .collect();
    Ok(render(&args, evaluation, &runs))
}

/// Corpus records (system-major, metrics in sacreBLEU order), then segment records.
fn records(evaluation: &Evaluation, runs: &[MetricRun], segments: bool) -> Vec<ScoreRecord> {
    let mut records = Vec::new();
    for (s, system) in evaluation.systems.iter().enumerate() {
        let file = system.file.path.display().to_string();
        for run in runs {
            let scores = &run.systems[s];
            records.push(ScoreRecord::new(
                &system.name,
                &file,
                None,
                scores.corpus.clone(),
                &run.signature,
            ));
            if segments {
                for (i, score) in scores.segments.iter().enumerate() {
                    records.push(ScoreRecord::new(
                        &system.name,
                        &file,
                        Some(i + 1),
                        score.clone(),
                        &run.sentence_signature,
                    ));
                }
            }
        }
    }
    records
}

fn render(args: &ScoreArgs, evaluation: &Evaluation, runs: &[MetricRun]) -> String {
    let records = records(evaluation, runs, args.sentence_level);
    match args.output.format {
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
        Format::Text => render_text(args, evaluation, runs, &records),
    }
}

fn render_text(
    args: &ScoreArgs,
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
        args.output.short.then(|| signature.format(true))
    };
    let several = evaluation.systems.len() > 1 || runs.len() > 1;
    let mut out = String::new();
    if args.sentence_level {
        for record in records.iter().filter(|r| r.segment.is_some()) {
            let line = score_line(record, args.output.width, signature_of(record).as_deref());
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
            .map(|record| score_line(record, args.output.width, signature_of(record).as_deref()))
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
        .map(|run| (run.name.clone(), run.signature.format(args.output.short)))
        .collect();
    let cells: Vec<Vec<String>> = (0..names.len())
        .map(|s| {
            runs.iter()
                .map(|run| format_score(run.systems[s].corpus.score, args.output.width))
                .collect()
        })
        .collect();
    system_table(&names, &metrics, &cells)
}
