//! `mteval errors`: automatic error classification per segment, tallied per system on the MQM
//! tree — edit-based classes against a reference and QA checks against the source or on the
//! output alone, with an "automatic MQM" penalty per 100 words.

use super::inputs::{read_files, ReadArgs};
use super::score::Format;
use super::warn;
use super::weights::WeightArgs;
use clap::{Args, ValueEnum};
use mteval::analysis::automatic::{
    analyze_systems, resolve_languages, ErrorsConfig, ErrorsReport, SystemOutput,
};
use mteval::analysis::checks::CheckSet;
use mteval::analysis::finding::Check;
use mteval::analysis::language::parse_language_pair;
use mteval::corpus::system_names;
use mteval::error::{Error, Result, Setting};
use mteval::io::glossary::read_glossary;
use mteval::io::TextFile;
use mteval::report::csv::csv_string;
use mteval::report::table::render_table;
use mteval::report::tally::tally_table;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ErrorsTable {
    /// Per-system summary, edit classes and tallies (text); per-system summary (CSV).
    Summary,
    /// Every finding.
    Findings,
    /// (category, severity) counts per system.
    Tallies,
}

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
    table: Option<ErrorsTable>,
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
    let hypotheses = read_files(&args.hypotheses, reading)?;
    let references = read_files(&args.references, reading)?;
    let source = read_files(args.source.as_slice(), reading)?.pop();
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
    let names = system_names(hypotheses.iter().map(|h| h.path.as_path()));
    let files: Vec<String> = hypotheses
        .iter()
        .map(|h| h.path.display().to_string())
        .collect();
    let systems: Vec<SystemOutput<'_>> = hypotheses
        .iter()
        .enumerate()
        .map(|(k, h)| SystemOutput {
            name: &names[k],
            file: &files[k],
            segments: &h.segments,
        })
        .collect();
    let config = ErrorsConfig {
        checks,
        source_language: languages.source,
        target_language: languages.target,
        glossary,
        weights: args.weights.resolve()?,
    };
    let report = analyze_systems(
        &systems,
        source.as_ref().map(|s| s.segments.as_slice()),
        &reference_streams,
        &config,
    );
    Ok(match args.format {
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(&report).expect("error reports serialize to JSON");
            json.push('\n');
            json
        }
        Format::Csv => render_csv(&report, args.table.unwrap_or(ErrorsTable::Findings)),
        Format::Text => render_text(
            &report,
            args.table.unwrap_or(ErrorsTable::Summary),
            args.width,
        ),
    })
}

/// A finding as one CSV row.
#[derive(Serialize)]
struct FindingRow<'a> {
    system: &'a str,
    file: &'a str,
    segment: usize,
    check: &'a str,
    category: &'a str,
    severity: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    note: &'a str,
}

/// A tally cell as one CSV row.
#[derive(Serialize)]
struct TallyRow<'a> {
    system: &'a str,
    category: &'a str,
    severity: &'a str,
    count: usize,
}

/// A system summary as one CSV row.
#[derive(Serialize)]
struct SystemRow<'a> {
    system: &'a str,
    file: &'a str,
    segments: usize,
    segments_flagged: usize,
    findings: usize,
    penalty: f64,
    penalty_per_100_words: f64,
    per: &'a str,
    words: usize,
    reference_tokens: Option<usize>,
    omission: Option<usize>,
    addition: Option<usize>,
    mistranslation: Option<usize>,
    inflection: Option<usize>,
    word_order: Option<usize>,
    untranslated: Option<usize>,
    punctuation: Option<usize>,
    shifts: Option<usize>,
    edits: Option<usize>,
}

fn render_csv(report: &ErrorsReport, table: ErrorsTable) -> String {
    match table {
        ErrorsTable::Findings => {
            let header = "system,file,segment,check,category,severity,start,end,text,note\n";
            if report.findings.is_empty() {
                return header.to_string();
            }
            csv_string(report.findings.iter().map(|f| FindingRow {
                system: &f.system,
                file: &f.file,
                segment: f.segment,
                check: f.finding.check.name(),
                category: f.finding.category.path(),
                severity: f.finding.severity.name(),
                start: f.finding.start,
                end: f.finding.end,
                text: &f.finding.text,
                note: &f.finding.note,
            }))
        }
        ErrorsTable::Tallies => {
            if report.tallies.is_empty() {
                return "system,category,severity,count\n".to_string();
            }
            csv_string(report.tallies.iter().map(|t| TallyRow {
                system: &t.system,
                category: t.category.path(),
                severity: t.severity.name(),
                count: t.count,
            }))
        }
        ErrorsTable::Summary => csv_string(report.systems.iter().map(|s| {
            let classes = s.classes.as_ref();
            SystemRow {
                system: &s.system,
                file: &s.file,
                segments: s.segments,
                segments_flagged: s.segments_flagged,
                findings: s.findings,
                penalty: s.penalty,
                penalty_per_100_words: s.penalty_per_100_words,
                per: s.per,
                words: s.words,
                reference_tokens: classes.map(|c| c.reference_tokens),
                omission: classes.map(|c| c.omission.words),
                addition: classes.map(|c| c.addition.words),
                mistranslation: classes.map(|c| c.mistranslation.words),
                inflection: classes.map(|c| c.inflection.words),
                word_order: classes.map(|c| c.word_order.words),
                untranslated: classes.map(|c| c.untranslated.words),
                punctuation: classes.map(|c| c.punctuation.words),
                shifts: classes.map(|c| c.shifts),
                edits: classes.map(|c| c.edits),
            }
        })),
    }
}

fn render_text(report: &ErrorsReport, table: ErrorsTable, w: usize) -> String {
    let systems: Vec<String> = report.systems.iter().map(|s| s.system.clone()).collect();
    let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let mut out = String::new();
    match table {
        ErrorsTable::Findings => {
            for f in &report.findings {
                out.push_str(&format!(
                    "{}:{}:{}-{}\t{}\t{} {}\t{:?}{}\n",
                    f.system,
                    f.segment,
                    f.finding.start,
                    f.finding.end,
                    f.finding.check,
                    f.finding.severity,
                    f.finding.category,
                    f.finding.text,
                    if f.finding.note.is_empty() {
                        String::new()
                    } else {
                        format!("\t{}", f.finding.note)
                    }
                ));
            }
        }
        ErrorsTable::Tallies => out.push_str(&tally_table(&report.tallies, &systems)),
        ErrorsTable::Summary => {
            let per = report.systems.first().map_or("source", |s| s.per);
            out.push_str(&format!(
                "Languages: {} → {}; weights {}; penalty per 100 {per} words\n\n",
                report.source_language.unwrap_or("?"),
                report.target_language.unwrap_or("?"),
                report.weights.name,
            ));
            let rows: Vec<Vec<String>> = report
                .systems
                .iter()
                .map(|s| {
                    vec![
                        s.system.clone(),
                        format!("{:.w$}", s.penalty_per_100_words),
                        s.findings.to_string(),
                        format!("{}/{}", s.segments_flagged, s.segments),
                    ]
                })
                .collect();
            out.push_str(&render_table(
                &strings(&["System", "Penalty/100w", "Findings", "Flagged segments"]),
                &rows,
            ));
            if report.systems.iter().any(|s| s.classes.is_some()) {
                out.push_str("\nEdit-based classes, words per 100 reference tokens\n");
                let rows: Vec<Vec<String>> = report
                    .systems
                    .iter()
                    .filter_map(|s| {
                        let c = s.classes.as_ref()?;
                        Some(vec![
                            s.system.clone(),
                            format!("{:.w$}", c.omission.rate),
                            format!("{:.w$}", c.addition.rate),
                            format!("{:.w$}", c.mistranslation.rate),
                            format!("{:.w$}", c.inflection.rate),
                            format!("{:.w$}", c.word_order.rate),
                            format!("{:.w$}", c.untranslated.rate),
                            format!("{:.w$}", c.punctuation.rate),
                            c.shifts.to_string(),
                            format!("{:.w$}", c.edit_rate),
                        ])
                    })
                    .collect();
                out.push_str(&render_table(
                    &strings(&[
                        "System",
                        "Omission",
                        "Addition",
                        "Mistransl.",
                        "Inflection",
                        "Word order",
                        "Untransl.",
                        "Punct.",
                        "Shifts",
                        "Edit rate",
                    ]),
                    &rows,
                ));
            }
            let mut check_names: Vec<&str> = Vec::new();
            for system in &report.systems {
                for name in system.checks.keys() {
                    if !check_names.contains(name) {
                        check_names.push(name);
                    }
                }
            }
            check_names.sort_by_key(|name| Check::ALL.iter().position(|c| c.name() == *name));
            if !check_names.is_empty() {
                out.push_str("\nFindings per check\n");
                let mut header = vec!["Check".to_string()];
                header.extend(systems.iter().cloned());
                let rows: Vec<Vec<String>> = check_names
                    .iter()
                    .map(|name| {
                        let mut row = vec![name.to_string()];
                        row.extend(
                            report
                                .systems
                                .iter()
                                .map(|s| s.checks.get(name).copied().unwrap_or(0).to_string()),
                        );
                        row
                    })
                    .collect();
                out.push_str(&render_table(&header, &rows));
            }
            out.push_str("\nMQM tallies\n");
            out.push_str(&tally_table(&report.tallies, &systems));
        }
    }
    out
}
