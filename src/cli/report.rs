//! `mteval report`: scores and compares every vendor of every language pair of an input
//! directory or manifest, writes CSV tables, charts and a self-contained HTML page, and applies
//! quality gates (`--fail-below`, `--fail-above`; exit code 1 after the report is written).

use super::inputs::{AlignMode, ReadArgs};
use super::metric_options::MetricOptions;
use super::{warn, write_stdout, EXIT_GATE_FAILED, EXIT_INPUT_ERROR};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use mteval::corpus::load_suite;
use mteval::error::{Error, Result, Setting};
use mteval::report::build::{build_report, ReportOptions, Steps};
use mteval::report::error_analysis::{AutomaticErrors, ErrorAnalysis};
use mteval::report::gate::{check_gates, Gate, GateKind};
use mteval::report::model::Report;
use mteval::report::output::write_report;
use mteval::report::progress::{Progress, Silent};
use mteval::report::realignment::{AutomaticAlignment, SegmentAligner};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Metrics of a report unless `--metrics` says otherwise.
const DEFAULT_METRICS: &[&str] = &["bleu", "chrf", "ter"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResampleUnit {
    Segments,
    Documents,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A directory with sources/ references/ system-outputs/ (WMT-style names), a manifest
    /// (.toml; a directory holding manifest.toml is read through it) or a WMT XML test set.
    #[arg(value_name = "INPUT")]
    input: PathBuf,
    /// Report directory to write (default: reports/NAME, NAME from the input).
    #[arg(long, short = 'o', value_name = "DIR")]
    out: Option<PathBuf>,
    /// Report title (default: the manifest's title, or the input's name).
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    metrics: MetricOptions,
    #[command(flatten)]
    reading: ReadArgs,
    /// Bootstrap resamples per pair and metric [default: 1000, more for pairs with so many
    /// vendors that Holm-corrected p-values could not reach --alpha otherwise].
    #[arg(long, short = 'n', value_name = "N")]
    samples: Option<usize>,
    /// Seed of the resampling generator (sacreBLEU's default).
    #[arg(long, default_value_t = 12345)]
    seed: u64,
    /// Significance level of pairwise comparisons and clusters.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// What the bootstrap resamples: segments (sacreBLEU) or whole documents (where known).
    #[arg(long, value_enum, default_value = "segments")]
    resample: ResampleUnit,
    /// Re-align vendor files whose line count differs from the reference's (auto; listed in
    /// the report with their confidence) instead of failing (off).
    #[arg(long, value_enum, default_value = "off")]
    align: AlignMode,
    /// Leave out the automatic error classification (errors.csv, error charts and section).
    #[arg(long)]
    no_errors: bool,
    /// Worst segments shown per vendor and language pair.
    #[arg(long, default_value_t = 5, value_name = "N")]
    worst: usize,
    /// Fail (exit code 1, after writing the report) when a vendor scores below VALUE in any
    /// pair, e.g. chrF=50; repeatable.
    #[arg(long, value_name = "METRIC=VALUE")]
    fail_below: Vec<String>,
    /// Fail when an error rate is above VALUE, e.g. TER=60; repeatable.
    #[arg(long, value_name = "METRIC=VALUE")]
    fail_above: Vec<String>,
}

/// Progress bars on stderr, only when stderr is a terminal.
struct Bars {
    bar: ProgressBar,
}

impl Bars {
    fn new() -> Bars {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{prefix:>14} [{bar:30}] {pos}/{len} {wide_msg}")
                    .expect("the progress template is valid")
                    .progress_chars("=> "),
            );
            bar
        } else {
            ProgressBar::hidden()
        };
        Bars { bar }
    }
}

impl Progress for Bars {
    fn stage(&self, name: &str, total: u64) {
        self.bar.set_prefix(name.to_string());
        self.bar.set_length(total);
        self.bar.set_position(0);
    }

    fn step(&self, message: &str) {
        self.bar.set_message(message.to_string());
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn default_out(input: &Path) -> PathBuf {
    let name = if input.is_dir() {
        input.file_name()
    } else {
        input.file_stem()
    };
    let name = name.map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    Path::new("reports").join(name)
}

fn gates(args: &ReportArgs) -> Result<Vec<Gate>> {
    let below = args
        .fail_below
        .iter()
        .map(|spec| Gate::parse(spec, GateKind::Below));
    let above = args
        .fail_above
        .iter()
        .map(|spec| Gate::parse(spec, GateKind::Above));
    below.chain(above).collect()
}

/// Runs the command and returns the exit code.
pub fn run(args: ReportArgs) -> i32 {
    match run_report(&args) {
        Ok((report, stdout)) => {
            let code = write_stdout(&stdout);
            let failures: Vec<_> = report
                .gates
                .iter()
                .flat_map(|g| g.failures.iter().map(move |f| (g, f)))
                .collect();
            for (gate, failure) in &failures {
                eprintln!(
                    "mteval: quality gate failed: {} in {}: {} = {:.2} is {} {} (--fail-{} {})",
                    failure.system,
                    failure.pair,
                    failure.metric,
                    failure.score,
                    gate.fails_when,
                    if gate.fails_when == "below" {
                        format!("the floor {}", gate.threshold)
                    } else {
                        format!("the ceiling {}", gate.threshold)
                    },
                    gate.fails_when,
                    gate.gate
                );
            }
            if code != 0 {
                code
            } else if failures.is_empty() {
                0
            } else {
                EXIT_GATE_FAILED
            }
        }
        Err(err) => {
            eprintln!(
                "mteval: error: {}",
                super::setting_names::describe(&err, super::setting_names::DocumentIdsFlag::DocIds)
            );
            EXIT_INPUT_ERROR
        }
    }
}

fn run_report(args: &ReportArgs) -> Result<(Report, String)> {
    if let Some(lang) = &args.metrics.lang {
        return Err(Error::invalid_option(
            Setting::Language,
            lang,
            "a report takes every language pair from its input; use --tokenize to set BLEU's tokenizer",
        ));
    }
    let gates = gates(args)?;
    let bars = Bars::new();
    let reading = args.reading.options()?;
    let suite = load_suite(&args.input, reading)?;
    let mut notes = Vec::new();
    let mut metrics = Vec::with_capacity(suite.pairs.len());
    for pair in &suite.pairs {
        let (configs, pair_notes) = args
            .metrics
            .resolve_for_target(&pair.pair.target, DEFAULT_METRICS)?;
        notes.extend(
            pair_notes
                .iter()
                .map(|note| format!("{}: {note}", pair.label)),
        );
        metrics.push(configs);
    }
    if let Some(first) = metrics.first() {
        let names: Vec<(String, bool)> = first
            .iter()
            .map(|m| {
                (
                    m.name(),
                    !matches!(m, mteval::metrics::MetricConfig::Ter(_)),
                )
            })
            .collect();
        for gate in &gates {
            gate.validate(&names)?;
        }
    }
    for warning in suite.warnings.iter().chain(&notes) {
        warn(warning);
    }
    let already_shown = suite.warnings.len() + notes.len();
    let options = ReportOptions {
        samples: args.samples,
        seed: args.seed,
        alpha: args.alpha,
        resample_documents: args.resample == ResampleUnit::Documents,
        worst_segments: args.worst,
        reading,
    };
    let aligner: Option<&dyn SegmentAligner> =
        (args.align == AlignMode::Auto).then_some(&AutomaticAlignment);
    let errors: Option<&dyn ErrorAnalysis> = (!args.no_errors).then_some(&AutomaticErrors);
    let progress: &dyn Progress = if std::io::stderr().is_terminal() {
        &bars
    } else {
        &Silent
    };
    let steps = Steps {
        aligner,
        errors,
        progress,
    };
    let mut report = build_report(&suite, &metrics, &options, steps, notes)?;
    if let Some(title) = &args.title {
        report.title = title.clone();
    }
    for note in report.notes.iter().skip(already_shown) {
        warn(note);
    }
    report.gates = check_gates(&report, &gates);
    let out = args.out.clone().unwrap_or_else(|| default_out(&args.input));
    let written = write_report(&report, &out, progress)?;
    let stdout = summary(&report, &out, written.len());
    Ok((report, stdout))
}

/// What the command prints: where the report is, and each pair's ranking.
fn summary(report: &Report, out: &Path, files: usize) -> String {
    let mut text = format!(
        "Wrote {} ({files} files, {} language pair(s), {} vendor(s)).\n",
        out.join("index.html").display(),
        report.pairs.len(),
        report.vendors.len()
    );
    for pair in &report.pairs {
        let Some(metric) = pair.metrics.get(pair.primary) else {
            continue;
        };
        let mut rows: Vec<_> = report
            .systems
            .iter()
            .filter(|r| r.pair == pair.label && r.metric == metric.name)
            .collect();
        rows.sort_by_key(|r| r.rank);
        let ranking: Vec<String> = rows
            .iter()
            .map(|r| format!("{} {:.1} [{}]", r.system, r.score, r.cluster))
            .collect();
        text.push_str(&format!(
            "  {:<10} {:<7} {}\n",
            pair.label,
            metric.name,
            ranking.join("  ")
        ));
    }
    text.push_str("  ([n] = significance cluster; 1 = best group)\n");
    text
}
