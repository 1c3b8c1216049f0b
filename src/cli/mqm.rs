//! `mteval mqm`: system scores, per-rater and per-document scores, and (category, severity)
//! tallies from human MQM annotation files in the Google/WMT TSV format.

use super::score::Format;
use super::warn;
use super::weights::WeightArgs;
use clap::{Args, ValueEnum};
use mteval::analysis::automatic::{analyze_systems, resolve_languages, ErrorsConfig, SystemOutput};
use mteval::analysis::checks::CheckSet;
use mteval::analysis::mqm::{score_annotations, MqmOptions, MqmReport, MqmUnit};
use mteval::analysis::span_agreement::{human_spans, span_agreement, ErrorSpan, SpanAgreement};
use mteval::analysis::tally::Tally;
use mteval::error::Result;
use mteval::error::{Error, Setting};
use mteval::io::mqm_tsv::{read_mqm_tsv, MqmFile};
use mteval::report::csv::csv_string;
use mteval::report::table::render_table;
use mteval::report::tally::tally_table;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Mean over rated segments (the published rule).
    Segment,
    /// Per 100 source characters (Marot's option).
    SourceChars,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MqmTable {
    /// System scores (and, in text, the tallies).
    Systems,
    /// Per-rater scores.
    Raters,
    /// Per-document scores.
    Documents,
    /// Per-segment scores (Google's `avg_seg_scores`, with mteval's positive sign).
    Segments,
    /// (category, severity) counts per system.
    Tallies,
    /// (category, severity) counts per system and document.
    DocumentTallies,
    /// Precision, recall and F1 of the automatic error checks (`mteval errors`, run on the
    /// file's own sources and targets) against the human spans; JSON key `span_agreement`.
    SpanAgreement,
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

#[derive(Serialize)]
struct FileTally<'a> {
    file: &'a str,
    #[serde(flatten)]
    tally: &'a Tally,
}

#[derive(Serialize)]
struct MqmDocument<'a> {
    weights: &'a mteval::analysis::taxonomy::Weights,
    unit: MqmUnit,
    systems: Vec<&'a mteval::analysis::mqm::SystemMqm>,
    raters: Vec<&'a mteval::analysis::mqm::RaterMqm>,
    documents: Vec<&'a mteval::analysis::mqm::DocumentMqm>,
    segments: Vec<&'a mteval::analysis::mqm::SegmentMqm>,
    tallies: Vec<FileTally<'a>>,
    document_tallies: Vec<FileTally<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    span_agreement: Option<Vec<FileAgreement<'a>>>,
}

#[derive(Serialize)]
struct FileAgreement<'a> {
    file: &'a str,
    #[serde(flatten)]
    agreement: &'a SpanAgreement,
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
    }
    let reports: Vec<MqmReport> = files
        .par_iter()
        .map(|file| score_annotations(file, &options))
        .collect();
    let agreements = match args.table {
        MqmTable::SpanAgreement => Some(
            files
                .iter()
                .map(|file| automatic_agreement(file, &options))
                .collect::<Result<Vec<_>>>()?,
        ),
        _ => None,
    };
    Ok(match args.format {
        Format::Json => render_json(&reports, &options, agreements.as_deref()),
        Format::Csv => match &agreements {
            Some(agreements) => csv_string(
                file_agreements(&reports, agreements)
                    .into_iter()
                    .map(FlatAgreement::new),
            ),
            None => render_csv(&reports, args.table),
        },
        Format::Text => render_text(&reports, &args, &files, agreements.as_deref()),
    })
}

/// Runs the automatic checks on the file's own sources and targets (no reference) and compares
/// their spans with the human ones.
fn automatic_agreement(file: &MqmFile, options: &MqmOptions) -> Result<Vec<SpanAgreement>> {
    let mut items: HashMap<(&str, &str), usize> = HashMap::new();
    let mut sources: Vec<String> = Vec::new();
    let mut targets: Vec<(&str, Vec<Option<String>>)> = Vec::new();
    for row in &file.rows {
        let next = items.len();
        let item = *items
            .entry((row.doc.as_str(), row.doc_segment.as_str()))
            .or_insert(next);
        if item == sources.len() {
            sources.push(row.source.clone());
        }
        let index = match targets.iter().position(|(s, _)| *s == row.system) {
            Some(index) => index,
            None => {
                targets.push((&row.system, Vec::new()));
                targets.len() - 1
            }
        };
        let texts = &mut targets[index].1;
        if texts.len() <= item {
            texts.resize(item + 1, None);
        }
        texts[item].get_or_insert_with(|| row.target.clone());
    }
    let mut complete: Vec<(&str, Vec<String>)> = Vec::new();
    for (system, mut texts) in targets {
        texts.resize(sources.len(), None);
        let texts = texts.into_iter().collect::<Option<Vec<String>>>().ok_or_else(|| {
            Error::invalid_option(
                Setting::FrontEnd("--table"),
                "span-agreement",
                format!(
                    "{}: system {system:?} is not annotated on every segment; the automatic checks need all of them",
                    file.path.display()
                ),
            )
        })?;
        complete.push((system, texts));
    }
    let outputs: Vec<SystemOutput> = complete
        .iter()
        .map(|(name, texts)| SystemOutput {
            name,
            file: "",
            segments: texts,
        })
        .collect();
    let streams: Vec<&[String]> = complete.iter().map(|(_, t)| t.as_slice()).collect();
    let languages = resolve_languages(None, Some(&sources), &[], &streams);
    let mut checks = CheckSet::all();
    checks.keep_runnable(true, false);
    let config = ErrorsConfig {
        checks,
        source_language: languages.source,
        target_language: languages.target,
        glossary: None,
        weights: options.weights.clone(),
    };
    let report = analyze_systems(&outputs, Some(&sources), &[], &config);
    let automatic: Vec<ErrorSpan> = report.findings.iter().map(ErrorSpan::of_finding).collect();
    Ok(span_agreement(&human_spans(file, &items), &automatic))
}

fn file_agreements<'a>(
    reports: &'a [MqmReport],
    agreements: &'a [Vec<SpanAgreement>],
) -> Vec<FileAgreement<'a>> {
    reports
        .iter()
        .zip(agreements)
        .flat_map(|(report, agreements)| {
            agreements.iter().map(move |agreement| FileAgreement {
                file: &report.file,
                agreement,
            })
        })
        .collect()
}

/// A span agreement as one CSV row.
#[derive(Serialize)]
struct FlatAgreement<'a> {
    file: &'a str,
    matching: &'static str,
    category: &'a str,
    human_spans: usize,
    automatic_spans: usize,
    found: usize,
    confirmed: usize,
    precision: Option<f64>,
    recall: Option<f64>,
    f1: Option<f64>,
}

impl<'a> FlatAgreement<'a> {
    fn new(row: FileAgreement<'a>) -> Self {
        let a = row.agreement;
        FlatAgreement {
            file: row.file,
            matching: a.matching.name(),
            category: a.category.as_deref().unwrap_or("all"),
            human_spans: a.human_spans,
            automatic_spans: a.automatic_spans,
            found: a.found,
            confirmed: a.confirmed,
            precision: a.precision,
            recall: a.recall,
            f1: a.f1,
        }
    }
}

fn file_tallies<'a>(reports: &'a [MqmReport], per_document: bool) -> Vec<FileTally<'a>> {
    reports
        .iter()
        .flat_map(|report| {
            let tallies = if per_document {
                &report.document_tallies
            } else {
                &report.tallies
            };
            tallies.iter().map(move |tally| FileTally {
                file: &report.file,
                tally,
            })
        })
        .collect()
}

fn render_json(
    reports: &[MqmReport],
    options: &MqmOptions,
    agreements: Option<&[Vec<SpanAgreement>]>,
) -> String {
    let document = MqmDocument {
        weights: &options.weights,
        unit: options.unit,
        systems: reports.iter().flat_map(|r| &r.systems).collect(),
        raters: reports.iter().flat_map(|r| &r.raters).collect(),
        documents: reports.iter().flat_map(|r| &r.documents).collect(),
        segments: reports.iter().flat_map(|r| &r.segments).collect(),
        tallies: file_tallies(reports, false),
        document_tallies: file_tallies(reports, true),
        span_agreement: agreements.map(|a| file_agreements(reports, a)),
    };
    let mut json = serde_json::to_string_pretty(&document).expect("MQM results serialize to JSON");
    json.push('\n');
    json
}

fn render_csv(reports: &[MqmReport], table: MqmTable) -> String {
    match table {
        MqmTable::Systems => csv_string(reports.iter().flat_map(|r| &r.systems)),
        MqmTable::Raters => csv_string(reports.iter().flat_map(|r| &r.raters)),
        MqmTable::Documents => csv_string(reports.iter().flat_map(|r| &r.documents)),
        MqmTable::Segments => csv_string(reports.iter().flat_map(|r| &r.segments)),
        MqmTable::Tallies => csv_string(
            file_tallies(reports, false)
                .into_iter()
                .map(|t| FlatTally::new(&t)),
        ),
        MqmTable::DocumentTallies | MqmTable::SpanAgreement => csv_string(
            file_tallies(reports, true)
                .into_iter()
                .map(|t| FlatTally::new(&t)),
        ),
    }
}

/// A tally as one CSV row (the csv crate cannot flatten).
#[derive(Serialize)]
struct FlatTally<'a> {
    file: &'a str,
    system: &'a str,
    document: &'a str,
    category: &'a str,
    severity: &'a str,
    count: usize,
}

impl<'a> FlatTally<'a> {
    fn new(tally: &FileTally<'a>) -> Self {
        FlatTally {
            file: tally.file,
            system: &tally.tally.system,
            document: tally.tally.document.as_deref().unwrap_or(""),
            category: tally.tally.category.path(),
            severity: tally.tally.severity.name(),
            count: tally.tally.count,
        }
    }
}

fn render_text(
    reports: &[MqmReport],
    args: &MqmArgs,
    files: &[MqmFile],
    agreements: Option<&[Vec<SpanAgreement>]>,
) -> String {
    let w = args.width;
    let mut out = String::new();
    for (index, (report, file)) in reports.iter().zip(files).enumerate() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}: {} annotation rows ({} with 10 columns), weights {}, {}\n\n",
            report.file,
            file.rows.len(),
            file.ten_column_rows,
            report.weights.name,
            match report.unit {
                MqmUnit::Segment => "mean per segment",
                MqmUnit::SourceCharacters => "per 100 source characters",
            }
        ));
        let systems: Vec<String> = report.systems.iter().map(|s| s.system.clone()).collect();
        let header = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        match args.table {
            MqmTable::Systems => {
                let rows: Vec<Vec<String>> = report
                    .systems
                    .iter()
                    .enumerate()
                    .map(|(rank, s)| {
                        vec![
                            s.system.clone(),
                            format!("{:.w$}", s.mqm),
                            (rank + 1).to_string(),
                            s.segments.to_string(),
                            s.ratings.to_string(),
                            s.raters.to_string(),
                            s.errors.to_string(),
                        ]
                    })
                    .collect();
                out.push_str(&render_table(
                    &header(&[
                        "System", "MQM", "Rank", "Segments", "Ratings", "Raters", "Errors",
                    ]),
                    &rows,
                ));
                out.push('\n');
                out.push_str(&tally_table(&report.tallies, &systems));
            }
            MqmTable::Raters => {
                let rows: Vec<Vec<String>> = report
                    .raters
                    .iter()
                    .map(|r| {
                        vec![
                            r.system.clone(),
                            r.rater.clone(),
                            format!("{:.w$}", r.mqm),
                            r.segments.to_string(),
                        ]
                    })
                    .collect();
                out.push_str(&render_table(
                    &header(&["System", "Rater", "MQM", "Segments"]),
                    &rows,
                ));
            }
            MqmTable::Documents => {
                let rows: Vec<Vec<String>> = report
                    .documents
                    .iter()
                    .map(|d| {
                        vec![
                            d.system.clone(),
                            d.document.clone(),
                            format!("{:.w$}", d.mqm),
                            d.segments.to_string(),
                        ]
                    })
                    .collect();
                out.push_str(&render_table(
                    &header(&["System", "Document", "MQM", "Segments"]),
                    &rows,
                ));
            }
            MqmTable::Segments => {
                let rows: Vec<Vec<String>> = report
                    .segments
                    .iter()
                    .map(|s| {
                        vec![
                            s.system.clone(),
                            s.doc.clone(),
                            s.doc_id.clone(),
                            s.seg_id.clone(),
                            format!("{:.w$}", s.mqm),
                            s.raters.to_string(),
                            s.errors.to_string(),
                        ]
                    })
                    .collect();
                out.push_str(&render_table(
                    &header(&[
                        "System", "Document", "Doc seg", "Seg id", "MQM", "Raters", "Errors",
                    ]),
                    &rows,
                ));
            }
            MqmTable::SpanAgreement => {
                let number = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.w$}"));
                let rows: Vec<Vec<String>> = agreements
                    .map_or(&[][..], |a| &a[index][..])
                    .iter()
                    .map(|a| {
                        vec![
                            a.matching.name().to_string(),
                            a.category.clone().unwrap_or_else(|| "all".into()),
                            a.human_spans.to_string(),
                            a.automatic_spans.to_string(),
                            number(a.precision),
                            number(a.recall),
                            number(a.f1),
                        ]
                    })
                    .collect();
                out.push_str(&render_table(
                    &header(&[
                        "Match",
                        "Category",
                        "Human",
                        "Automatic",
                        "Precision",
                        "Recall",
                        "F1",
                    ]),
                    &rows,
                ));
            }
            MqmTable::Tallies => out.push_str(&tally_table(&report.tallies, &systems)),
            MqmTable::DocumentTallies => {
                let mut documents: Vec<&str> = Vec::new();
                for tally in &report.document_tallies {
                    let document = tally.document.as_deref().unwrap_or("");
                    if !documents.contains(&document) {
                        documents.push(document);
                    }
                }
                for document in documents {
                    let tallies: Vec<Tally> = report
                        .document_tallies
                        .iter()
                        .filter(|t| t.document.as_deref() == Some(document))
                        .map(|t| Tally {
                            document: None,
                            ..t.clone()
                        })
                        .collect();
                    out.push_str(&format!("Document {document}\n"));
                    out.push_str(&tally_table(&tallies, &systems));
                    out.push('\n');
                }
            }
        }
    }
    out
}
