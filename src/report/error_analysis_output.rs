//! The output of `mteval errors` (automatic error analysis): the whole [`ErrorAnalysisReport`] as
//! JSON, or one of its tables — every finding, the MQM tallies, or the per-system summary — as
//! CSV rows or aligned text; pure functions returning the bytes to print.

use super::csv::csv_string;
use super::table::render_table;
use super::tally::tally_table;
use crate::analysis::automatic::ErrorAnalysisReport;
use crate::analysis::finding::Check;
use crate::text::python_fixed;
use serde::Serialize;

/// The table of an error analysis to print (with the `cli` feature, also `--table`'s values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ErrorTable {
    /// Per-system summary, edit classes and tallies (text); per-system summary (CSV).
    Summary,
    /// Every finding.
    Findings,
    /// (category, severity) counts per system.
    Tallies,
}

/// The whole report, pretty-printed, with a final newline.
pub fn to_json(report: &ErrorAnalysisReport) -> String {
    let mut json = serde_json::to_string_pretty(report).expect("error reports serialize to JSON");
    json.push('\n');
    json
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

/// `table` as CSV rows under a header row (also when there are no rows).
pub fn to_csv(report: &ErrorAnalysisReport, table: ErrorTable) -> String {
    match table {
        ErrorTable::Findings => {
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
        ErrorTable::Tallies => {
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
        ErrorTable::Summary => csv_string(report.systems.iter().map(|s| {
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

/// `table` as text; rates at `w` decimals.
pub fn to_text(report: &ErrorAnalysisReport, table: ErrorTable, w: usize) -> String {
    let systems: Vec<String> = report.systems.iter().map(|s| s.system.clone()).collect();
    match table {
        ErrorTable::Findings => findings_text(report),
        ErrorTable::Tallies => tally_table(&report.tallies, &systems),
        ErrorTable::Summary => {
            let mut out = summary_text(report, w);
            out.push_str(&edit_classes_text(report, w));
            out.push_str(&checks_text(report, &systems));
            out.push_str("\nMQM tallies\n");
            out.push_str(&tally_table(&report.tallies, &systems));
            out
        }
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// One line per finding: `SYSTEM:SEGMENT:START-END`, check, severity and category, text, note.
fn findings_text(report: &ErrorAnalysisReport) -> String {
    let mut out = String::new();
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
    out
}

/// The languages and weights, and every system's penalty, findings and flagged segments.
fn summary_text(report: &ErrorAnalysisReport, w: usize) -> String {
    let per = report.systems.first().map_or("source", |s| s.per);
    let mut out = format!(
        "Languages: {} → {}; weights {}; penalty per 100 {per} words\n\n",
        report.source_language.unwrap_or("?"),
        report.target_language.unwrap_or("?"),
        report.weights.name,
    );
    let rows: Vec<Vec<String>> = report
        .systems
        .iter()
        .map(|s| {
            vec![
                s.system.clone(),
                python_fixed(s.penalty_per_100_words, w),
                s.findings.to_string(),
                format!("{}/{}", s.segments_flagged, s.segments),
            ]
        })
        .collect();
    out.push_str(&render_table(
        &strings(&["System", "Penalty/100w", "Findings", "Flagged segments"]),
        &rows,
    ));
    out
}

/// The edit-based classes of the systems scored against a reference (empty without).
fn edit_classes_text(report: &ErrorAnalysisReport, w: usize) -> String {
    if report.systems.iter().all(|s| s.classes.is_none()) {
        return String::new();
    }
    let rows: Vec<Vec<String>> = report
        .systems
        .iter()
        .filter_map(|s| {
            let c = s.classes.as_ref()?;
            Some(vec![
                s.system.clone(),
                python_fixed(c.omission.rate, w),
                python_fixed(c.addition.rate, w),
                python_fixed(c.mistranslation.rate, w),
                python_fixed(c.inflection.rate, w),
                python_fixed(c.word_order.rate, w),
                python_fixed(c.untranslated.rate, w),
                python_fixed(c.punctuation.rate, w),
                c.shifts.to_string(),
                python_fixed(c.edit_rate, w),
            ])
        })
        .collect();
    let header = strings(&[
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
    ]);
    format!(
        "\nEdit-based classes, words per 100 reference tokens\n{}",
        render_table(&header, &rows)
    )
}

/// Findings per check (in the checks' order) and system (empty when no check ran).
fn checks_text(report: &ErrorAnalysisReport, systems: &[String]) -> String {
    let mut check_names: Vec<&str> = Vec::new();
    for system in &report.systems {
        for name in system.checks.keys() {
            if !check_names.contains(name) {
                check_names.push(name);
            }
        }
    }
    check_names.sort_by_key(|name| Check::ALL.iter().position(|c| c.name() == *name));
    if check_names.is_empty() {
        return String::new();
    }
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
    format!("\nFindings per check\n{}", render_table(&header, &rows))
}
