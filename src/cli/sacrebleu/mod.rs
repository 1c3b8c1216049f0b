//! `mteval sacrebleu ARGS…` (and the binary run under the name `sacrebleu`): sacreBLEU 2.6.0's
//! command line — its arguments, reading rules, checks, exit codes and the exact bytes it
//! prints — computed by mteval's library. Only the `version` in signatures names mteval.

mod args;
mod encoding;
mod grid;
mod render;

use super::metric_options::MetricOptions;
use super::write_stdout;
use args::{SacrebleuArgs, UsageError};
use encoding::Encoding;
use mteval::io::{segments_from_bytes, ReadOptions};
use mteval::metrics::signature::VERSION;
use mteval::metrics::{MetricConfig, MetricRun, RunOptions};
use mteval::stats::resamples_refusal;
use mteval::stats::sacrebleu_resampling::{resample_run, ResampledRun, SacrebleuResampling, Seed};
use mteval::text::python_rstrip;
use render::Rendering;
use std::io::Read;
use std::path::Path;

/// sacreBLEU's exit code for most refusals (`sys.exit(1)`).
const EXIT_FAILURE: i32 = 1;
/// sacreBLEU's exit code for tab-separated fields that do not line up (`sys.exit(17)`).
const EXIT_FIELD_COUNT: i32 = 17;
/// argparse's exit code for usage errors.
const EXIT_USAGE: i32 = 2;

/// A refusal: the message sacreBLEU logs and its exit code.
struct Refusal {
    code: i32,
    message: String,
}

fn refuse(message: impl Into<String>) -> Refusal {
    Refusal {
        code: EXIT_FAILURE,
        message: message.into(),
    }
}

/// Runs sacreBLEU's command line on `argv` (the arguments after `sacrebleu`) and returns the
/// exit code.
pub fn run(argv: &[String]) -> i32 {
    let args = match SacrebleuArgs::parse(argv) {
        Ok(args) => args,
        Err(UsageError(message)) => {
            eprintln!("usage: sacrebleu [-h] [options] [refs ...] (run `sacrebleu -h`)");
            eprintln!("sacrebleu: error: {message}");
            return EXIT_USAGE;
        }
    };
    if args.help {
        return write_stdout(&render::help());
    }
    if args.version {
        return write_stdout(&format!(
            "sacrebleu {VERSION} (sacreBLEU 2.6.0 command line)\n"
        ));
    }
    // On a terminal with colours on, sacreBLEU's colorama resets the colours as it exits.
    let reset = if render::colors_enabled(&args) {
        render::COLOR_RESET
    } else {
        ""
    };
    let quiet = args.quiet;
    match evaluate(args) {
        Ok(output) => write_stdout(&format!("{output}{reset}")),
        Err(refusal) => {
            for line in refusal.message.lines() {
                log(quiet, line);
            }
            write_stdout(reset);
            refusal.code
        }
    }
}

/// One of sacreBLEU's log lines on standard error: `sacreBLEU: …`, bare under `-q` (where its
/// logging is not set up and Python prints the message alone).
fn log(quiet: bool, line: &str) {
    let prefix = if quiet { "" } else { "sacreBLEU: " };
    eprintln!("{prefix}{line}");
}

/// sacreBLEU's advice when BLEU's tokenizer is not the one for the target language.
fn tokenizer_advice(target: Option<&str>, tokenizer: &str) -> Option<&'static str> {
    match target {
        Some("zh") if tokenizer != "zh" => Some("'zh' or 'spm' tokenizer for Chinese"),
        Some("ja") if tokenizer != "ja-mecab" => Some("'ja-mecab' or 'spm' tokenizer for Japanese"),
        Some("ko") if tokenizer != "ko-mecab" => Some("'ko-mecab' or 'spm' tokenizer for Korean"),
        _ => None,
    }
}

/// sacreBLEU's warning for each system BLEU scores whose hypotheses look tokenized (100 or more
/// ending in ` .`), unless `--force`. Sentence-level scores see one line at a time, never 100.
fn warn_if_tokenized(args: &SacrebleuArgs, systems: &[Vec<String>]) {
    if args.force || args.sentence_level || !args.metrics.iter().any(|metric| metric == "bleu") {
        return;
    }
    for system in systems {
        if system.iter().filter(|line| line.ends_with(" .")).count() >= 100 {
            log(
                args.quiet,
                "That's 100 lines that end in a tokenized period ('.')",
            );
            log(
                args.quiet,
                "It looks like you forgot to detokenize your test data, which may hurt your score.",
            );
            log(
                args.quiet,
                "If you insist your data is detokenized, or don't care, you can suppress this \
                 message with the `force` parameter.",
            );
        }
    }
}

/// What sacreBLEU does that needs its test-set downloads, which mteval does not make.
fn refuse_offline(what: &str) -> Refusal {
    refuse(format!(
        "{what} needs sacreBLEU's test-set downloads, which mteval does not make; \
         give the reference files instead (`sacrebleu REF … -i HYP`), e.g. the ones sacreBLEU \
         keeps under $SACREBLEU (default ~/.sacrebleu)"
    ))
}

/// sacreBLEU's refusals of option combinations it rejects, and mteval's of what needs the
/// network (test sets, downloads) or another encoding, in sacreBLEU's order.
fn refuse_unsupported(args: &SacrebleuArgs) -> Result<(), Refusal> {
    if args.download.is_some() {
        return Err(refuse_offline("--download"));
    }
    if args.list {
        return Err(refuse(
            "--list prints sacreBLEU's catalogue of test sets, which mteval does not carry: \
             it scores the files it is given",
        ));
    }
    if args.sentence_level && args.metrics.len() > 1 {
        return Err(refuse(
            "Only one metric can be used in sentence-level mode.",
        ));
    }
    if args.citation {
        return Err(if args.test_set.is_none() {
            refuse("I need a test set (-t).")
        } else {
            refuse_offline("--citation")
        });
    }
    if args.num_refs != 1 && (args.test_set.is_some() || args.refs.len() > 1) {
        return Err(refuse(
            "The --num-refs argument allows you to provide any number of tab-delimited references in a single file.\n\
             You can only use it with externally provided references, however (i.e., not with `-t`),\n\
             and you cannot then provide multiple reference files.",
        ));
    }
    if args.test_set.is_some() {
        return Err(refuse_offline("-t/--test-set"));
    }
    if args.refs.is_empty() {
        return Err(refuse(
            "If manual references given, make sure to provide them before the -i/--input argument to avoid confusion.\n\
             Otherwise, I need a predefined test set (-t); mteval does not download them.",
        ));
    }
    if args.echo.is_some() {
        return Err(refuse(
            "--echo requires a test set (--t) and a language pair (-l)",
        ));
    }
    if Encoding::by_python_name(&args.encoding).is_none() {
        return Err(refuse(format!(
            "--encoding {}: mteval reads UTF-8, UTF-8 with a byte order mark (utf-8-sig) and \
             Latin-1; convert the files first (iconv -f {} -t UTF-8)",
            args.encoding, args.encoding
        )));
    }
    if args.origlang.is_some() || args.subset.is_some() {
        return Err(refuse(
            "Filtering for --origlang or --subset needs a test (-t) and a language pair (-l).",
        ));
    }
    Ok(())
}

/// sacreBLEU's checks of the systems read: sentence-level and paired-test limits, empty
/// systems and stream lengths.
fn check_systems(
    args: &SacrebleuArgs,
    references: &[Vec<String>],
    systems: &[Vec<String>],
    paired: bool,
) -> Result<(), Refusal> {
    if args.sentence_level {
        if systems.len() > 1 {
            return Err(refuse(
                "Only one system can be evaluated in sentence-level mode.",
            ));
        }
        if args.confidence || paired {
            return Err(refuse(
                "Statistical tests are unavailable in sentence-level mode.",
            ));
        }
    }
    if paired && systems.len() == 1 {
        return Err(refuse(
            "Paired tests require multiple input systems given to --input (-i).",
        ));
    }
    if systems.len() > 1 && args.confidence {
        return Err(refuse("Use paired tests (--paired) for multiple systems."));
    }
    for system in systems {
        if system.is_empty() {
            return Err(refuse("Test set None contains no sentence"));
        }
        if references.iter().any(|r| r.len() != system.len()) {
            return Err(refuse(
                "System and reference streams have different lengths.",
            ));
        }
    }
    Ok(())
}

/// sacreBLEU's `main()` after parsing: checks, reading, scoring and printing, in its order.
fn evaluate(mut args: SacrebleuArgs) -> Result<String, Refusal> {
    if let Ok(format) = std::env::var("SACREBLEU_FORMAT") {
        let format = format.to_lowercase();
        if ["json", "text", "latex"].contains(&format.as_str()) {
            args.format = format;
        }
    }
    let paired = args.paired_bs || args.paired_ar;
    refuse_unsupported(&args)?;
    if args.detail && args.format == "json" {
        // sacreBLEU: "The translationese info will interfere with JSON output".
        args.format = "text".to_string();
    }
    let references = read_references(&args)?;
    let (mut names, systems) = read_systems(&args, paired)?;
    if systems.is_empty() {
        // `-i` with no files: sacreBLEU prints an empty JSON list, and crashes otherwise.
        return if args.format == "json" && !paired && !args.sentence_level {
            Ok("[]\n".to_string())
        } else {
            Err(refuse("-i/--input was given no system files"))
        };
    }
    if paired {
        if args.input.is_none() {
            names = std::iter::once("Baseline".to_string())
                .chain((1..systems.len()).map(|i| format!("System {i}")))
                .collect();
        } else {
            names[0] = format!("Baseline: {}", names[0]);
        }
    }
    check_systems(&args, &references, &systems, paired)?;
    let mut metrics = metric_configs(&args)?;
    warn_if_tokenized(&args, &systems);
    if !paired {
        // sacreBLEU prints `sorted(metrics)` except under a paired test (`-m` order there).
        metrics.sort_by_key(MetricConfig::display_rank);
    }
    if args.width < 0 {
        return Err(refuse(format!(
            "--width {}: Format specifier missing precision",
            args.width
        )));
    }
    let reference_streams: Vec<&[String]> = references.iter().map(Vec::as_slice).collect();
    let system_streams: Vec<&[String]> = systems.iter().map(Vec::as_slice).collect();
    let options = RunOptions {
        sentence_scores: args.sentence_level,
        statistics: paired || args.confidence,
    };
    let runs: Vec<MetricRun> = metrics
        .iter()
        .map(|metric| metric.run(&reference_streams, &system_streams, options))
        .collect();
    let rendering = Rendering::new(&args);
    if args.sentence_level {
        return Ok(rendering.sentences(&runs[0]));
    }
    let resampling = resampling(&args, paired);
    let drawn = match resampling {
        SacrebleuResampling::None => None,
        SacrebleuResampling::Confidence { samples } => Some(("--confidence-n", samples)),
        SacrebleuResampling::PairedBootstrap { samples } => Some(("--paired-bs-n", samples)),
        SacrebleuResampling::PairedRandomization { samples } => Some(("--paired-ar-n", samples)),
    };
    if let Some((flag, samples)) = drawn {
        if let Some(reason) = resamples_refusal(samples) {
            return Err(refuse(format!("{flag} {samples}: {reason}")));
        }
    }
    // sacreBLEU reads SACREBLEU_SEED only when it resamples (without, no seed is used).
    let results: Vec<ResampledRun> = if resampling == SacrebleuResampling::None {
        runs.into_iter().map(ResampledRun::scores_only).collect()
    } else {
        let seed = seed_from_environment()?;
        metrics
            .iter()
            .zip(runs)
            .map(|(metric, run)| resample_run(metric, run, resampling, &seed))
            .collect()
    };
    Ok(if systems.len() == 1 {
        let mut printed = rendering.single_system(&results);
        if args.detail {
            // Subsets by original language come from a test set's XML (`-t`), never given here.
            printed.push_str("No subset information found. Consider using --origlang argument.\n");
        }
        printed
    } else {
        rendering.system_table(&names, &results, paired)
    })
}

/// `SACREBLEU_SEED` as sacreBLEU reads it: an integer (default 12345), or `none` for a seed
/// drawn at random.
fn seed_from_environment() -> Result<Seed, Refusal> {
    let text = std::env::var("SACREBLEU_SEED").unwrap_or_else(|_| "12345".to_string());
    Seed::from_sacrebleu_variable(&text).map_err(refuse)
}

/// The resampling sacreBLEU's flags ask for: a single system's confidence interval
/// (`--confidence`) or the paired test against the baseline (`--paired-bs/-ar`).
fn resampling(args: &SacrebleuArgs, paired: bool) -> SacrebleuResampling {
    let samples = |n: i64, default: usize| {
        if n > 0 {
            usize::try_from(n).expect("a positive number of samples")
        } else {
            default
        }
    };
    if args.paired_ar {
        SacrebleuResampling::PairedRandomization {
            samples: samples(args.paired_ar_n, 10000),
        }
    } else if paired {
        SacrebleuResampling::PairedBootstrap {
            samples: samples(args.paired_bs_n, 1000),
        }
    } else if args.confidence && args.confidence_n > 1 {
        SacrebleuResampling::Confidence {
            samples: usize::try_from(args.confidence_n).expect("a positive number of samples"),
        }
    } else {
        SacrebleuResampling::None
    }
}

/// The metrics of `-m`, in its order without repeats (sacreBLEU keys them by name), built by
/// the library from sacreBLEU's option values.
fn metric_configs(args: &SacrebleuArgs) -> Result<Vec<MetricConfig>, Refusal> {
    let order = |value: i64, flag: &str| -> Result<usize, Refusal> {
        usize::try_from(value).map_err(|_| refuse(format!("{flag} {value}: must not be negative")))
    };
    let options = MetricOptions {
        metrics: None,
        lang: args.langpair.clone(),
        mecab_dic: None,
        spm_model: None,
        tokenize: args.tokenize.clone(),
        lowercase: args.lowercase,
        smooth_method: args.smooth_method.clone(),
        smooth_value: args.smooth_value,
        max_ngram_order: 4,
        effective_order: args.sentence_level,
        chrf_char_order: order(args.chrf_char_order, "--chrf-char-order")?,
        chrf_word_order: order(args.chrf_word_order, "--chrf-word-order")?,
        chrf_beta: u32::try_from(args.chrf_beta).map_err(|_| {
            refuse(format!(
                "--chrf-beta {}: must not be negative",
                args.chrf_beta
            ))
        })?,
        chrf_whitespace: args.chrf_whitespace,
        chrf_lowercase: args.chrf_lowercase,
        chrf_eps_smoothing: args.chrf_eps_smoothing,
        ter_case_sensitive: args.ter_case_sensitive,
        ter_asian_support: args.ter_asian_support,
        ter_no_punct: args.ter_no_punct,
        ter_normalized: args.ter_normalized,
    };
    let mut names: Vec<&str> = Vec::new();
    for name in &args.metrics {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let tokenizer = options
        .bleu_tokenizer()
        .map_err(|e| refuse(e.to_string()))?;
    if names.contains(&"bleu") {
        let target = options.target_language().ok().flatten();
        if let Some(advice) = tokenizer_advice(target, &tokenizer) {
            log(args.quiet, &format!("Consider using the {advice}."));
        }
    }
    names
        .into_iter()
        .map(|name| {
            options
                .metric(name, &tokenizer)
                .map_err(|e| refuse(e.to_string()))
        })
        .collect()
}

/// The lines of a file as sacreBLEU reads them (`open(…, encoding, newline="\n")`, each
/// `rstrip()`ped); an empty file has none.
fn read_lines(path: &str, encoding: Encoding) -> Result<Vec<String>, Refusal> {
    let file = Path::new(path);
    let bytes = mteval::io::plain::read_bytes(file).map_err(|e| refuse(e.to_string()))?;
    let bytes = encoding.decode(bytes);
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let text = segments_from_bytes(file, &bytes, ReadOptions::default())
        .map_err(|e| refuse(e.to_string()))?;
    for warning in &text.warnings {
        super::warn(warning);
    }
    Ok(text.segments)
}

/// `--encoding` (checked by [`refuse_unsupported`]).
fn encoding(args: &SacrebleuArgs) -> Encoding {
    Encoding::by_python_name(&args.encoding).unwrap_or(Encoding::Utf8)
}

/// The reference streams: one per file, or `-nr N` tab-separated ones from a single file.
fn read_references(args: &SacrebleuArgs) -> Result<Vec<Vec<String>>, Refusal> {
    let fields = usize::try_from(args.num_refs).unwrap_or(0);
    let mut streams: Vec<Vec<String>> = vec![Vec::new(); args.refs.len().max(fields)];
    for (r, path) in args.refs.iter().enumerate() {
        for (number, line) in read_lines(path, encoding(args))?.into_iter().enumerate() {
            if args.num_refs == 1 {
                streams[r].push(line);
                continue;
            }
            let parts: Vec<&str> = line.splitn(fields.max(1), '\t').collect();
            if parts.len() != fields {
                return Err(Refusal {
                    code: EXIT_FIELD_COUNT,
                    message: format!(
                        "FATAL: line {}: expected {} fields, but found {}.",
                        number + 1,
                        args.num_refs,
                        parts.len()
                    ),
                });
            }
            for (k, part) in parts.into_iter().enumerate() {
                streams[k].push(part.to_string());
            }
        }
    }
    Ok(streams)
}

/// The systems and their names: the `-i` files (named by path), or tab-separated columns of
/// standard input (`System 1`, …).
fn read_systems(
    args: &SacrebleuArgs,
    paired: bool,
) -> Result<(Vec<String>, Vec<Vec<String>>), Refusal> {
    let Some(inputs) = &args.input else {
        return read_standard_input(encoding(args));
    };
    let mut names: Vec<String> = Vec::new();
    let mut systems = Vec::new();
    for path in inputs {
        if names.contains(path) {
            if paired && *path == names[0] {
                continue;
            }
            return Err(refuse(format!(
                "'{path}' already used to name a system.\nMake sure to have a different basename for each system."
            )));
        }
        systems.push(read_lines(path, encoding(args))?);
        names.push(path.clone());
    }
    Ok((names, systems))
}

/// Standard input as sacreBLEU reads it: universal newlines, one system per tab-separated
/// field, the number of fields fixed by the first line.
fn read_standard_input(encoding: Encoding) -> Result<(Vec<String>, Vec<Vec<String>>), Refusal> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(format!("reading standard input: {e}")))?;
    let bytes = encoding.decode(bytes);
    let text = mteval::text::utf8::from_utf8(&bytes).map_err(|e| {
        refuse(format!(
            "standard input: invalid UTF-8 (byte {})",
            e.valid_up_to() + 1
        ))
    })?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = text.split_inclusive('\n');
    let first: Vec<String> = python_rstrip(lines.next().unwrap_or(""))
        .split('\t')
        .map(String::from)
        .collect();
    let count = first.len();
    let mut systems: Vec<Vec<String>> = first.into_iter().map(|s| vec![s]).collect();
    for line in lines {
        let fields: Vec<&str> = python_rstrip(line).split('\t').collect();
        if fields.len() != count {
            return Err(Refusal {
                code: EXIT_FIELD_COUNT,
                message: "FATAL: the number of tab-delimited fields in the input stream differ across lines."
                    .to_string(),
            });
        }
        for (system, field) in systems.iter_mut().zip(fields) {
            system.push(python_rstrip(field).to_string());
        }
    }
    let names = (1..=count).map(|i| format!("System {i}")).collect();
    Ok((names, systems))
}
