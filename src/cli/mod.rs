//! Command-line front end: clap structs hold raw flags, each subcommand resolves them into
//! library configurations, runs, and renders. The only place that prints or picks exit codes.

mod align;
mod compare;
mod errors;
mod inputs;
mod merge;
mod meta;
mod metric_options;
mod mqm;
mod report;
mod sacrebleu;
mod sample;
mod sanity;
mod score;
mod setting_names;
mod weights;

use clap::{Parser, Subcommand};
use std::io::Write;

// Exit codes of every subcommand but `sacrebleu` (which keeps sacreBLEU's own):
//
// | code | meaning                                                                        |
// |------|--------------------------------------------------------------------------------|
// | 0    | success (also when standard output is a pipe closed early, as with `\| head`)  |
// | 1    | a quality gate failed (`report --fail-below/--fail-above`; the report is written) |
// | 2    | bad input or options: a located error, nothing written (clap's usage errors too) |
// | 3    | the output could not be written to standard output                             |

/// Exit code when a quality gate failed after the output was written.
const EXIT_GATE_FAILED: i32 = 1;
/// Exit code for bad input or options (clap uses 2 for usage errors too).
const EXIT_INPUT_ERROR: i32 = 2;
/// Exit code when standard output could not be written (other than a closed pipe).
const EXIT_OUTPUT_ERROR: i32 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "mteval",
    version,
    about = "Machine-translation evaluation: sacreBLEU-exact BLEU, chrF, chrF++ and TER, fast"
)]
struct Cli {
    /// Worker threads (default: all cores). Results never depend on it.
    #[arg(long, short = 'j', global = true, value_name = "N")]
    jobs: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score hypothesis files against references (corpus and sentence level).
    Score(score::ScoreArgs),
    /// Significance: compare systems against a baseline (and each other).
    Compare(compare::CompareArgs),
    /// Scores (or a comparison) from statistics files of `score --emit-stats`, e.g. of shards.
    Merge(merge::MergeArgs),
    /// Put a hypothesis with different segmentation back onto the reference segments.
    Align(align::AlignArgs),
    /// Automatic error classification on the MQM tree: edit classes and QA checks per segment.
    Errors(errors::ErrorsArgs),
    /// MQM scores and error tallies from human annotation files (Google/WMT TSV).
    Mqm(mqm::MqmArgs),
    /// Metric meta-evaluation: agreement of metric scores with human (MQM, DA) scores.
    Meta(meta::MetaArgs),
    /// Choose segments for human MQM review; writes an annotation-ready MQM TSV.
    Sample(sample::SampleArgs),
    /// Vendor evaluation report: CSV tables, charts and a self-contained HTML page.
    Report(report::ReportArgs),
    /// sacreBLEU 2.6.0's command line, byte for byte (`alias sacrebleu='mteval sacrebleu'`).
    #[command(disable_help_flag = true)]
    Sacrebleu {
        /// sacreBLEU's arguments (`sacrebleu -h` lists them).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
        arguments: Vec<String>,
    },
}

/// The subcommand (and the program name) that takes sacreBLEU's own command line.
const SACREBLEU: &str = "sacrebleu";

/// Parses the command line, runs the subcommand and returns the process exit code. Invoked
/// under the name `sacrebleu` (a symlink), the binary is `mteval sacrebleu`.
pub fn run() -> i32 {
    let argv: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let program = argv.first().map(std::path::Path::new);
    if program
        .and_then(|p| p.file_stem())
        .is_some_and(|stem| stem == SACREBLEU)
    {
        start_worker_threads(None);
        return sacrebleu::run(&argv[1..]);
    }
    let cli = Cli::parse();
    start_worker_threads(cli.jobs);
    let document_ids = if matches!(cli.command, Command::Align(_)) {
        setting_names::DocumentIdsFlag::RefDocs
    } else {
        setting_names::DocumentIdsFlag::DocIds
    };
    let result = match cli.command {
        Command::Score(args) => score::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Align(args) => align::run(args),
        Command::Errors(args) => errors::run(args),
        Command::Mqm(args) => mqm::run(args),
        Command::Meta(args) => meta::run(args),
        Command::Sample(args) => sample::run(args),
        Command::Report(args) => return report::run(args),
        Command::Sacrebleu { arguments } => return sacrebleu::run(&arguments),
    };
    match result {
        Ok(output) => write_stdout(&output),
        Err(err) => {
            eprintln!(
                "mteval: error: {}",
                setting_names::describe(&err, document_ids)
            );
            EXIT_INPUT_ERROR
        }
    }
}

/// Starts the worker threads (`--jobs` of them, else rayon's default: `RAYON_NUM_THREADS` or
/// one per core) now rather than at the first parallel step: their start-up, each thread's
/// first pages from the allocator included, then overlaps the reading of the inputs and
/// dictionaries instead of leaving a core idle (it halved the idle core time of `score` on a
/// WMT test set, BENCHMARKS.md 2026-12-05 08:10).
fn start_worker_threads(jobs: Option<usize>) {
    let pool = rayon::ThreadPoolBuilder::new();
    let pool = match jobs {
        Some(jobs) => pool.num_threads(jobs.max(1)),
        None => pool,
    };
    if let Err(err) = pool.build_global() {
        let setting = jobs.map_or(String::new(), |jobs| format!(" (--jobs {jobs})"));
        eprintln!("mteval: warning: could not start the worker threads{setting}: {err}");
    }
}

/// Writes the finished output at once; a closed pipe (`| head`) is not an error.
fn write_stdout(output: &str) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(err) => {
            eprintln!("mteval: error: writing to standard output: {err}");
            EXIT_OUTPUT_ERROR
        }
    }
}

/// Prints a warning on stderr.
fn warn(message: &str) {
    eprintln!("mteval: warning: {message}");
}
