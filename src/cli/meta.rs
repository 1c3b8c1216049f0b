//! `mteval meta`: metric meta-evaluation. Human scores (an MQM TSV, a WMT DA system table, or
//! mt-metrics-eval `.sys.score`/`.seg.score` files) against metric scores (built-in metrics
//! computed on system output files or on the MQM file's texts, against `--ref` files or a human
//! translation in the MQM file, mt-metrics-eval score files, or external segment scores), with
//! the statistics of `analysis::meta`.

use super::metric_options::MetricOptions;
use super::score::Format;
use super::warn;
use super::weights::WeightArgs;
use clap::Args;
use mteval::analysis::meta::inputs::{item_index, NamedScores};
use mteval::analysis::meta::{meta_evaluate, Level, MetaInput, MetaOptions, MetaReport, Statistic};
use mteval::corpus::load::{load, read_files};
use mteval::corpus::{InputSpec, Provenance};
use mteval::error::{Error, Result, Setting};
use mteval::io::mqm_tsv::{read_mqm_tsv, MqmFile};
use mteval::io::mtme_scores::score_file_kind;
use mteval::io::plain::read_bytes;
use mteval::io::scores::read_external_scores;
use mteval::io::wmt_da::{is_da_table, is_human_translation, parse_da_table_bytes, DaScore};
use mteval::io::ReadOptions;
use mteval::metrics::{MetricConfig, RunOptions};
use mteval::report::chart::{meta_ranking, meta_scatter, ChartMetric};
use mteval::report::meta_output::{self, HumanSummary, MetaTable};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct MetaArgs {
    /// System output files for the built-in metrics (with --ref), one per system, one line per
    /// segment; a system is named by its WMT file name (`….hyp.NAME.en` → NAME), else by the
    /// file stem. Give them before --metric-scores (which takes several values) or after `--`.
    #[arg(value_name = "HYP")]
    hypotheses: Vec<PathBuf>,
    /// Human scores: an MQM annotation TSV (system and segment MQM, negated since lower is
    /// better), a WMT DA system table (header `RAW.SCR Z.SCR N SYS N.ALL`; system scores, the
    /// `.N` suffixes of its system names stripped), or mt-metrics-eval files `NAME.sys.score`
    /// and/or `NAME.seg.score`.
    #[arg(long, required = true, value_name = "FILE")]
    human: Vec<PathBuf>,
    /// Human scores from score files are lower-is-better (negate them), as MQM is.
    #[arg(long)]
    human_lower_is_better: bool,
    /// The DA table's score: z (Z.SCR, WMT's official ranking) or raw (RAW.SCR).
    #[arg(long, value_enum, default_value = "z", value_name = "SCORE")]
    da_score: DaScore,
    /// Keep the human translations of a DA table (`HUMAN-*` rows) among the evaluated systems
    /// (they then need metric scores too); by default they are left out, as mt-metrics-eval
    /// does.
    #[arg(long)]
    include_human: bool,
    /// The human translation in the MQM file that the built-in metrics use as reference (it is
    /// left out of the evaluated systems).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["refs", "hypotheses"])]
    ref_system: Option<String>,
    /// Reference files for the built-in metrics instead of --ref-system (repeat for several
    /// references): parallel to the HYP files, or without HYP files one line per segment of the
    /// MQM file, in the order its segments first appear.
    #[arg(long = "ref", value_name = "FILE")]
    refs: Vec<PathBuf>,
    /// Systems to leave out (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "SYSTEM")]
    exclude: Vec<String>,
    /// Metric scores in mt-metrics-eval's layout: `NAME.sys.score` (SYSTEM<TAB>SCORE) and
    /// `NAME.seg.score` (SYSTEM<TAB>SCORE per segment, in segment order); higher is better.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    metric_scores: Vec<PathBuf>,
    /// External segment scores (TSV `system<TAB>segment<TAB>METRIC…` or JSON, as
    /// `mteval compare --scores`); a system score is the mean of its segment scores.
    #[arg(long, value_name = "FILE")]
    scores: Vec<PathBuf>,
    #[command(flatten)]
    metrics: MetricOptions,
    #[command(flatten)]
    weights: WeightArgs,
    /// Bootstrap resamples for the 95% intervals (0: none).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    resamples: usize,
    /// Permutations for the tests of metric against metric (0: none).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    permutations: usize,
    /// Seed of the bootstrap and permutation draws (NumPy's default_rng).
    #[arg(long, default_value_t = 12345, value_name = "N")]
    seed: u64,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    format: Format,
    /// The table to print as CSV.
    #[arg(long, value_enum, default_value = "correlations")]
    table: MetaTable,
    /// Decimals in text output.
    #[arg(long, short = 'w', default_value_t = 4, value_name = "N")]
    width: usize,
    /// Write the scatter chart of system scores (metric against human) here as
    /// `meta-scatter.svg` and `.png`, and the ranking-agreement chart (systems ranked by the
    /// human scores and by each metric) as `meta-ranking.svg` and `.png`.
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
}

/// The human scores, read.
struct Human {
    scores: NamedScores,
    /// Systems in the order they are reported (sorted by name).
    systems: Vec<String>,
    items: Option<usize>,
    negated: bool,
    mqm: Option<MqmFile>,
    /// Human translations left out of the evaluated systems (a DA table's `HUMAN-*` rows).
    left_out: Vec<String>,
}

fn invalid(flag: &'static str, value: &str, reason: impl Into<String>) -> Error {
    Error::invalid_option(Setting::FrontEnd(flag), value, reason)
}

fn read_human(args: &MetaArgs) -> Result<Human> {
    let mqm_files: Vec<&PathBuf> = args
        .human
        .iter()
        .filter(|p| score_file_kind(p).is_none())
        .collect();
    if let Some(path) = mqm_files.first() {
        if args.human.len() > 1 {
            return Err(invalid(
                "--human",
                &path.display().to_string(),
                "give one MQM file or DA table, or mt-metrics-eval score files, not both",
            ));
        }
        let bytes = read_bytes(path)?;
        if is_da_table(&bytes) {
            return read_da(args, path, &bytes);
        }
        let file = read_mqm_tsv(path)?;
        for warning in &file.warnings {
            warn(warning);
        }
        let mut scores = NamedScores::from_mqm(&file, args.weights.resolve()?);
        scores.origin = path.to_path_buf();
        let items = item_index(&file).len();
        let mut systems: Vec<String> = scores.system.keys().cloned().collect();
        systems.sort();
        return Ok(Human {
            scores,
            systems,
            items: Some(items),
            negated: true,
            mqm: Some(file),
            left_out: Vec::new(),
        });
    }
    let mut named = NamedScores::read_mtme(&args.human, Setting::HumanScores)?;
    if named.len() != 1 {
        return Err(invalid(
            "--human",
            &args.human[0].display().to_string(),
            "the human score files name more than one score (NAME.sys.score / NAME.seg.score)",
        ));
    }
    let mut scores = named.remove(0);
    if args.human_lower_is_better {
        scores.negate();
    }
    let items = scores
        .segments
        .as_ref()
        .and_then(|s| s.values().map(Vec::len).max());
    let mut systems: Vec<String> = scores.system.keys().cloned().collect();
    systems.sort();
    Ok(Human {
        scores,
        systems,
        items,
        negated: args.human_lower_is_better,
        mqm: None,
        left_out: Vec::new(),
    })
}

/// A WMT DA system table: the `--da-score` column, human translations left out unless
/// `--include-human`.
fn read_da(args: &MetaArgs, path: &Path, bytes: &[u8]) -> Result<Human> {
    let rows = parse_da_table_bytes(bytes, path)?;
    let mut scores = NamedScores::from_da(&rows, args.da_score, path);
    if args.human_lower_is_better {
        scores.negate();
    }
    let mut systems: Vec<String> = scores.system.keys().cloned().collect();
    systems.sort();
    let left_out: Vec<String> = if args.include_human {
        Vec::new()
    } else {
        systems
            .iter()
            .filter(|s| is_human_translation(s))
            .cloned()
            .collect()
    };
    if !left_out.is_empty() {
        warn(&format!(
            "meta: human translations left out of the evaluated systems, as mt-metrics-eval does (--include-human keeps them): {}",
            left_out.join(", ")
        ));
    }
    Ok(Human {
        scores,
        systems,
        items: None,
        negated: args.human_lower_is_better,
        mqm: None,
        left_out,
    })
}

/// External segment scores (`--scores`), one [`NamedScores`] per metric column.
fn read_external(paths: &[PathBuf]) -> Result<Vec<NamedScores>> {
    let mut named = Vec::new();
    for path in paths {
        named.extend(NamedScores::from_external(
            path,
            read_external_scores(path)?,
        ));
    }
    Ok(named)
}

/// Built-in metrics on the MQM file's targets, against the `--ref-system` translation or the
/// `--ref` files.
fn builtin_metrics(
    args: &MetaArgs,
    file: &MqmFile,
    systems: &[String],
) -> Result<Vec<NamedScores>> {
    let items = item_index(file);
    let mut targets: HashMap<&str, Vec<Option<&str>>> = HashMap::new();
    for row in &file.rows {
        let item = items[&(row.doc.as_str(), row.doc_segment.as_str())];
        let texts = targets
            .entry(row.system.as_str())
            .or_insert_with(|| vec![None; items.len()]);
        texts[item].get_or_insert(row.target.as_str());
    }
    let path = file.path.display().to_string();
    let complete = |system: &str| -> Result<Vec<String>> {
        let texts = targets.get(system).ok_or_else(|| {
            invalid(
                "--ref-system",
                system,
                format!("{path} has no system of this name"),
            )
        })?;
        texts
            .iter()
            .enumerate()
            .map(|(item, text)| {
                text.map(str::to_string).ok_or_else(|| {
                    invalid(
                        "--human",
                        &path,
                        format!("{path}: system {system:?} has no translation of segment {} (built-in metrics need every segment)", item + 1),
                    )
                })
            })
            .collect()
    };
    let reference_texts: Vec<Vec<String>> = match &args.ref_system {
        Some(reference) => vec![complete(reference)?],
        None => args
            .refs
            .iter()
            .map(|path| {
                // Read with sacreBLEU's rules; `meta` has no reading flags, so the warnings
                // (which suggest them) are not printed.
                let text = read_files(std::slice::from_ref(path), ReadOptions::default(), &mut |_| {})?
                    .remove(0);
                if text.segments.len() != items.len() {
                    return Err(invalid(
                        "--ref",
                        &path.display().to_string(),
                        format!(
                            "has {} lines but {path_of_mqm} has {} segments (one line per segment, in the order they first appear)",
                            text.segments.len(),
                            items.len(),
                            path_of_mqm = file.path.display()
                        ),
                    ));
                }
                Ok(text.segments)
            })
            .collect::<Result<_>>()?,
    };
    let references: Vec<&[String]> = reference_texts.iter().map(Vec::as_slice).collect();
    let system_texts = systems
        .iter()
        .map(|s| complete(s))
        .collect::<Result<Vec<_>>>()?;
    let streams: Vec<&[String]> = system_texts.iter().map(Vec::as_slice).collect();
    run_builtin(args, &references, systems, &streams, true, &file.path)
}

/// The built-in metrics (`-m`, default BLEU and chrF) of `streams` (parallel to `systems`)
/// against `references`, with segment scores when `sentence_scores`.
fn run_builtin(
    args: &MetaArgs,
    references: &[&[String]],
    systems: &[String],
    streams: &[&[String]],
    sentence_scores: bool,
    origin: &Path,
) -> Result<Vec<NamedScores>> {
    let options = RunOptions {
        sentence_scores,
        statistics: false,
    };
    let mut named = Vec::new();
    for metric in args.metrics.resolve_or(&["bleu", "chrf"])? {
        let run = metric.run(references, streams, options);
        // Statistics expect higher-is-better scores: TER (an error rate) is negated, as
        // mt-metrics-eval does for lower-is-better metrics.
        let sign = if matches!(metric, MetricConfig::Ter(_)) {
            super::warn("meta: TER is an error rate; its scores are negated (higher is better)");
            -1.0
        } else {
            1.0
        };
        named.push(NamedScores::from_run(run, systems, sign, origin));
    }
    Ok(named)
}

/// The system name of a HYP file: its WMT file name's (`….hyp.NAME.en`), else its file stem.
fn hypothesis_name(path: &Path, provenance: &Provenance) -> String {
    provenance.file_name_label().map_or_else(
        || {
            path.file_stem().map_or_else(
                || path.display().to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        },
        str::to_string,
    )
}

/// Built-in metrics on the HYP files against the `--ref` files. Every evaluated system needs a
/// file and every file's system a human score, unless it is `ignored`.
fn builtin_from_files(
    args: &MetaArgs,
    systems: &[String],
    ignored: &[&str],
    sentence_scores: bool,
) -> Result<Vec<NamedScores>> {
    let first = args.hypotheses[0].display().to_string();
    if args.refs.is_empty() {
        return Err(invalid(
            "HYP",
            &first,
            "the built-in metrics of HYP files need --ref files",
        ));
    }
    let spec = InputSpec {
        references: args.refs.clone(),
        hypotheses: args.hypotheses.clone(),
        ..InputSpec::default()
    };
    // Read with sacreBLEU's rules; `meta` has no reading flags, so the warnings (which suggest
    // them) are not printed.
    let inputs = load(&spec, &mut |_| {})?;
    let names: Vec<String> = inputs
        .systems
        .iter()
        .zip(&inputs.system_provenance)
        .map(|(system, provenance)| hypothesis_name(&system.file.path, provenance))
        .collect();
    for (index, name) in names.iter().enumerate() {
        if let Some(other) = names[..index].iter().position(|n| n == name) {
            return Err(invalid(
                "HYP",
                &args.hypotheses[index].display().to_string(),
                format!(
                    "names system {name:?} as {} does",
                    args.hypotheses[other].display()
                ),
            ));
        }
    }
    let unknown: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !systems.iter().any(|s| s == n) && !ignored.contains(n))
        .collect();
    if !unknown.is_empty() {
        return Err(invalid(
            "HYP",
            &unknown.join(", "),
            "no human score for these systems (leave them out with --exclude)",
        ));
    }
    let missing: Vec<&str> = systems
        .iter()
        .map(String::as_str)
        .filter(|s| !names.iter().any(|n| n == s))
        .collect();
    if !missing.is_empty() {
        return Err(invalid(
            "HYP",
            &missing.join(", "),
            "human-scored systems without an output file (give their HYP files or leave them out with --exclude)",
        ));
    }
    let evaluation = inputs.into_evaluation()?;
    let references = evaluation.reference_streams();
    let streams: Vec<&[String]> = systems
        .iter()
        .map(|s| {
            let index = names.iter().position(|n| n == s).expect("checked above");
            evaluation.systems[index].file.segments.as_slice()
        })
        .collect();
    run_builtin(
        args,
        &references,
        systems,
        &streams,
        sentence_scores,
        &args.hypotheses[0],
    )
}

pub fn run(args: MetaArgs) -> Result<String> {
    let human = read_human(&args)?;
    let mut ignored: Vec<&str> = args.exclude.iter().map(String::as_str).collect();
    if let Some(reference) = &args.ref_system {
        ignored.push(reference);
    }
    ignored.extend(human.left_out.iter().map(String::as_str));
    let systems: Vec<String> = human
        .systems
        .iter()
        .filter(|s| !ignored.contains(&s.as_str()))
        .cloned()
        .collect();
    if systems.len() < 2 {
        return Err(invalid(
            "--human",
            &human.scores.origin.display().to_string(),
            "fewer than two systems to compare",
        ));
    }
    // Each metric's scores with the option they came from, for messages.
    let mut named: Vec<(NamedScores, Setting)> =
        NamedScores::read_mtme(&args.metric_scores, Setting::MetricScores)?
            .into_iter()
            .map(|scores| (scores, Setting::MetricScores))
            .collect();
    named.extend(
        read_external(&args.scores)?
            .into_iter()
            .map(|scores| (scores, Setting::ExternalScores)),
    );
    named.extend(
        builtin(&args, &human, &systems, &ignored)?
            .into_iter()
            .map(|scores| (scores, Setting::MetricScores)),
    );
    let known = |name: &String| {
        human.systems.contains(name) || named.iter().any(|(n, _)| n.system.contains_key(name))
    };
    if let Some(unknown) = args.exclude.iter().find(|name| !known(name)) {
        return Err(invalid(
            "--exclude",
            unknown,
            "neither the human nor the metric scores have a system of this name",
        ));
    }
    if named.is_empty() {
        return Err(invalid(
            "--metric-scores",
            "",
            "no metric scores: give --metric-scores, --scores, HYP files with --ref, or --ref-system with an MQM file",
        ));
    }
    let metrics = named
        .into_iter()
        .map(|(n, setting)| n.onto_systems(&systems, human.items, &ignored, setting))
        .collect::<Result<Vec<_>>>()?;
    let human_set =
        human
            .scores
            .clone()
            .onto_systems(&systems, human.items, &ignored, Setting::HumanScores)?;
    let input = MetaInput {
        systems: systems.clone(),
        human: human_set,
        metrics,
    };
    let options = MetaOptions {
        resamples: args.resamples,
        permutations: args.permutations,
        seed: args.seed,
        ..MetaOptions::default()
    };
    let report = meta_evaluate(&input, &options);
    if let Some(dir) = &args.charts {
        write_charts(dir, &input, &report, human.negated)?;
    }
    let summary = HumanSummary {
        file: human.scores.origin.display().to_string(),
        negated: human.negated,
        systems: &systems,
        segments: human.items,
        resamples: args.resamples,
        permutations: args.permutations,
        seed: args.seed,
        left_out: &human.left_out,
    };
    Ok(match args.format {
        Format::Json => meta_output::to_json(&report, summary),
        Format::Csv => meta_output::to_csv(&report, args.table),
        Format::Text => meta_output::to_text(&report, &summary, args.width),
    })
}

/// The built-in metrics: of the HYP files, or of the MQM file's texts (against `--ref-system`
/// or `--ref`); none without references.
fn builtin(
    args: &MetaArgs,
    human: &Human,
    systems: &[String],
    ignored: &[&str],
) -> Result<Vec<NamedScores>> {
    if !args.hypotheses.is_empty() {
        return builtin_from_files(args, systems, ignored, human.items.is_some());
    }
    let builtin = args.ref_system.is_some() || !args.refs.is_empty();
    match (builtin, &human.mqm) {
        (true, Some(file)) => builtin_metrics(args, file, systems),
        (true, None) => {
            let (flag, value) = match &args.ref_system {
                Some(reference) => ("--ref-system", reference.clone()),
                None => ("--ref", args.refs[0].display().to_string()),
            };
            Err(invalid(
                flag,
                &value,
                "built-in metrics need HYP files, or the texts of an MQM file given as --human",
            ))
        }
        (false, _) => match &args.metrics.metrics {
            Some(metrics) => Err(invalid(
                "--metrics",
                &metrics.join(","),
                "built-in metrics need --ref files (with HYP files or an MQM file), or --ref-system (a human translation in the MQM file)",
            )),
            None => Ok(Vec::new()),
        },
    }
}

/// The system-level value of `statistic` for a metric.
fn system_value(report: &MetaReport, metric: &str, statistic: Statistic) -> Option<f64> {
    report
        .correlations
        .iter()
        .find(|c| c.metric == metric && c.level == Level::System && c.statistic == statistic)
        .and_then(|c| c.value)
}

/// Writes the scatter (`meta-scatter.svg`, `.png`) and ranking-agreement (`meta-ranking.svg`,
/// `.png`) charts into `dir`.
fn write_charts(
    dir: &std::path::Path,
    input: &MetaInput,
    report: &MetaReport,
    negated: bool,
) -> Result<()> {
    let metrics: Vec<ChartMetric> = input
        .metrics
        .iter()
        .map(|m| ChartMetric {
            name: &m.name,
            scores: &m.system,
            pearson: system_value(report, &m.name, Statistic::Pearson),
            kendall: system_value(report, &m.name, Statistic::KendallTauB),
        })
        .collect();
    let label = if negated {
        format!("−{} (negated: higher is better)", input.human.name)
    } else {
        input.human.name.clone()
    };
    let short_label = if negated {
        format!("−{}", input.human.name)
    } else {
        input.human.name.clone()
    };
    let software = format!("mteval {}", env!("CARGO_PKG_VERSION"));
    let charts = [
        meta_scatter(
            &input.systems,
            &input.human.system,
            &label,
            &metrics,
            &software,
        )?,
        meta_ranking(
            &input.systems,
            &input.human.system,
            &short_label,
            &metrics,
            &software,
        )?,
    ];
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for chart in &charts {
        for (extension, bytes) in [("svg", chart.svg.as_bytes()), ("png", chart.png.as_slice())] {
            let path = dir.join(format!("{}.{extension}", chart.id));
            std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}
