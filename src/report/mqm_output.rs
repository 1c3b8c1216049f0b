//! The output of `mteval mqm`: every table of every scored MQM file as one JSON document, or
//! one table as CSV rows or aligned text — pure functions returning the bytes to print.

use super::csv::csv_string;
use super::table::render_table;
use super::tally::tally_table;
use crate::analysis::mqm::{
    DocumentMqm, MqmOptions, MqmReport, MqmUnit, RaterMqm, SegmentMqm, SystemMqm,
};
use crate::analysis::span_agreement::SpanAgreement;
use crate::analysis::tally::Tally;
use crate::analysis::taxonomy::Weights;
use crate::io::mqm_tsv::MqmFile;
use crate::text::python_fixed;
use serde::Serialize;

/// The table of an MQM evaluation to print (with the `cli` feature, also `--table`'s values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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

/// A tally of one MQM file.
#[derive(Serialize)]
pub struct FileTally<'a> {
    pub file: &'a str,
    #[serde(flatten)]
    pub tally: &'a Tally,
}

/// The JSON document of `mteval mqm --format json`: every table of every file.
#[derive(Serialize)]
pub struct MqmDocument<'a> {
    pub weights: &'a Weights,
    pub unit: MqmUnit,
    pub systems: Vec<&'a SystemMqm>,
    pub raters: Vec<&'a RaterMqm>,
    pub documents: Vec<&'a DocumentMqm>,
    pub segments: Vec<&'a SegmentMqm>,
    pub tallies: Vec<FileTally<'a>>,
    pub document_tallies: Vec<FileTally<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span_agreement: Option<Vec<FileAgreement<'a>>>,
}

/// A span agreement of one MQM file.
#[derive(Serialize)]
pub struct FileAgreement<'a> {
    pub file: &'a str,
    #[serde(flatten)]
    pub agreement: &'a SpanAgreement,
}

/// The span agreements of every file, file by file.
pub fn file_agreements<'a>(
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
pub struct FlatAgreement<'a> {
    pub file: &'a str,
    pub matching: &'static str,
    pub category: &'a str,
    pub human_spans: usize,
    pub automatic_spans: usize,
    pub found: usize,
    pub confirmed: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl<'a> FlatAgreement<'a> {
    /// The row of one agreement.
    pub fn new(row: FileAgreement<'a>) -> Self {
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

/// The tallies (or document tallies) of every file, file by file.
pub fn file_tallies<'a>(reports: &'a [MqmReport], per_document: bool) -> Vec<FileTally<'a>> {
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

/// Every table of every file, pretty-printed, with a final newline.
pub fn to_json(
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

/// `table` of every file as CSV rows under a header row; span agreements when given.
pub fn to_csv(
    reports: &[MqmReport],
    table: MqmTable,
    agreements: Option<&[Vec<SpanAgreement>]>,
) -> String {
    if let Some(agreements) = agreements {
        return csv_string(
            file_agreements(reports, agreements)
                .into_iter()
                .map(FlatAgreement::new),
        );
    }
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
pub struct FlatTally<'a> {
    pub file: &'a str,
    pub system: &'a str,
    pub document: &'a str,
    pub category: &'a str,
    pub severity: &'a str,
    pub count: usize,
}

impl<'a> FlatTally<'a> {
    /// The row of one tally.
    pub fn new(tally: &FileTally<'a>) -> Self {
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

/// `table` of every file as text, under a line naming the file, its rows and settings;
/// scores at `w` decimals.
pub fn to_text(
    reports: &[MqmReport],
    files: &[MqmFile],
    table: MqmTable,
    w: usize,
    agreements: Option<&[Vec<SpanAgreement>]>,
) -> String {
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
        out.push_str(&match table {
            MqmTable::Systems => {
                let mut text = systems_text(report, w);
                text.push('\n');
                text.push_str(&tally_table(&report.tallies, &systems));
                text
            }
            MqmTable::Raters => raters_text(report, w),
            MqmTable::Documents => documents_text(report, w),
            MqmTable::Segments => segments_text(report, w),
            MqmTable::SpanAgreement => {
                agreement_text(agreements.map_or(&[][..], |a| &a[index][..]), w)
            }
            MqmTable::Tallies => tally_table(&report.tallies, &systems),
            MqmTable::DocumentTallies => document_tallies_text(report, &systems),
        });
    }
    out
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn systems_text(report: &MqmReport, w: usize) -> String {
    let rows: Vec<Vec<String>> = report
        .systems
        .iter()
        .map(|s| {
            // Equal scores share a rank (1, 1, 3), as in a competition.
            let better = report.systems.iter().filter(|o| o.mqm < s.mqm).count();
            vec![
                s.system.clone(),
                python_fixed(s.mqm, w),
                (better + 1).to_string(),
                s.segments.to_string(),
                s.ratings.to_string(),
                s.raters.to_string(),
                s.errors.to_string(),
            ]
        })
        .collect();
    render_table(
        &header(&[
            "System", "MQM", "Rank", "Segments", "Ratings", "Raters", "Errors",
        ]),
        &rows,
    )
}

fn raters_text(report: &MqmReport, w: usize) -> String {
    let rows: Vec<Vec<String>> = report
        .raters
        .iter()
        .map(|r| {
            vec![
                r.system.clone(),
                r.rater.clone(),
                python_fixed(r.mqm, w),
                r.segments.to_string(),
            ]
        })
        .collect();
    render_table(&header(&["System", "Rater", "MQM", "Segments"]), &rows)
}

fn documents_text(report: &MqmReport, w: usize) -> String {
    let rows: Vec<Vec<String>> = report
        .documents
        .iter()
        .map(|d| {
            vec![
                d.system.clone(),
                d.document.clone(),
                python_fixed(d.mqm, w),
                d.segments.to_string(),
            ]
        })
        .collect();
    render_table(&header(&["System", "Document", "MQM", "Segments"]), &rows)
}

fn segments_text(report: &MqmReport, w: usize) -> String {
    let rows: Vec<Vec<String>> = report
        .segments
        .iter()
        .map(|s| {
            vec![
                s.system.clone(),
                s.doc.clone(),
                s.doc_id.clone(),
                s.seg_id.clone(),
                python_fixed(s.mqm, w),
                s.raters.to_string(),
                s.errors.to_string(),
            ]
        })
        .collect();
    render_table(
        &header(&[
            "System", "Document", "Doc seg", "Seg id", "MQM", "Raters", "Errors",
        ]),
        &rows,
    )
}

fn agreement_text(agreements: &[SpanAgreement], w: usize) -> String {
    let number = |v: Option<f64>| v.map_or("-".to_string(), |v| python_fixed(v, w));
    let rows: Vec<Vec<String>> = agreements
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
    render_table(
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
    )
}

/// One tally table per document, in order of first appearance.
fn document_tallies_text(report: &MqmReport, systems: &[String]) -> String {
    let mut documents: Vec<&str> = Vec::new();
    for tally in &report.document_tallies {
        let document = tally.document.as_deref().unwrap_or("");
        if !documents.contains(&document) {
            documents.push(document);
        }
    }
    let mut out = String::new();
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
        out.push_str(&tally_table(&tallies, systems));
        out.push('\n');
    }
    out
}
