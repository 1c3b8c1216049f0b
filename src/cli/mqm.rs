//! `mteval mqm`: system scores, per-rater and per-document scores, and (category, severity)
//! tallies from human MQM annotation files in the Google/WMT TSV format.

use super::score::Format;
use super::warn;
use super::weights::WeightArgs;
use clap::{Args, ValueEnum};
use mteval::analysis::mqm::{score_annotations, MqmOptions, MqmReport, MqmUnit};
use mteval::analysis::tally::Tally;
use mteval::error::Result;
use mteval::io::mqm_tsv::read_mqm_tsv;
use mteval::report::csv::csv_string;
use mteval::report::table::render_table;
use mteval::report::tally::tally_table;
use rayon::prelude::*;
use serde::Serialize;
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
    Ok(match args.format {
        Format::Json => render_json(&reports, &options),
        Format::Csv => render_csv(&reports, args.table),
        Format::Text => render_text(&reports, &args, &files),
    })
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

fn render_json(reports: &[MqmReport], options: &MqmOptions) -> String {
    let document = MqmDocument {
        weights: &options.weights,
        unit: options.unit,
        systems: reports.iter().flat_map(|r| &r.systems).collect(),
        raters: reports.iter().flat_map(|r| &r.raters).collect(),
        documents: reports.iter().flat_map(|r| &r.documents).collect(),
        segments: reports.iter().flat_map(|r| &r.segments).collect(),
        tallies: file_tallies(reports, false),
        document_tallies: file_tallies(reports, true),
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
        MqmTable::DocumentTallies => csv_string(
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
    files: &[mteval::io::mqm_tsv::MqmFile],
) -> String {
    let w = args.width;
    let mut out = String::new();
    for (report, file) in reports.iter().zip(files) {
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
