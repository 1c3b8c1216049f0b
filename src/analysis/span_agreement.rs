//! Where automatic error findings agree with human MQM annotations: precision, recall and F1 of
//! automatic spans against human spans (`<v>…</v>` character offsets of the target), overall and
//! per top-level MQM category, with exact matches (same segment and offsets) or overlapping ones.
//!
//! A zero-width automatic span (`start == end`: something is missing there) overlaps a human
//! target span that contains or touches its position, and a human span marked in the source (an
//! omission: the missing text is in the source) overlaps any zero-width automatic span of the
//! same segment. Neither kind can match exactly. Precision counts automatic spans that match at
//! least one human span; recall counts human spans matched by at least one automatic span.

use super::automatic::{
    analyze_systems, resolve_languages, ErrorAnalysisConfig, SegmentFinding, SystemOutput,
};
use super::checks::CheckSet;
use super::taxonomy::{Branch, Category, Severity, Weights};
use crate::error::{Error, Result, Setting};
use crate::io::mqm_tsv::{MqmFile, SpanSide};
use serde::Serialize;
use std::collections::HashMap;

/// One error span, human or automatic.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorSpan {
    pub system: String,
    /// The segment (any key shared by both sides, e.g. the 1-based line number).
    pub segment: usize,
    /// Character offsets in the target; for a source-side human span, in the source.
    pub start: usize,
    pub end: usize,
    /// The span is in the source text (human omission marks).
    pub in_source: bool,
    /// The MQM category path, e.g. `Accuracy/Mistranslation`.
    pub category: String,
}

impl ErrorSpan {
    /// An automatic finding's span (its 1-based segment made 0-based).
    pub fn of_finding(finding: &SegmentFinding) -> Self {
        ErrorSpan {
            system: finding.system.clone(),
            segment: finding.segment - 1,
            start: finding.finding.start,
            end: finding.finding.end,
            in_source: false,
            category: finding.finding.category.path().to_string(),
        }
    }

    /// The top-level category: `Accuracy` for `Accuracy/Mistranslation`.
    pub fn branch(&self) -> &str {
        self.category.split('/').next().unwrap_or("").trim()
    }
}

/// Exact or overlapping matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    Exact,
    Overlap,
}

impl Matching {
    /// The name used in every output format.
    pub fn name(self) -> &'static str {
        match self {
            Matching::Exact => "exact",
            Matching::Overlap => "overlap",
        }
    }
}

/// Agreement over one set of spans; `None` where a denominator is zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanAgreement {
    pub matching: Matching,
    /// The top-level MQM category, or `None` for all categories together.
    pub category: Option<String>,
    pub human_spans: usize,
    pub automatic_spans: usize,
    /// Human spans found by some automatic span.
    pub found: usize,
    /// Automatic spans that match some human span.
    pub confirmed: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

/// The human spans of an MQM file: every error row with a `<v>` span, keyed by segment index
/// (`items`: (doc, doc_id) → index, in the caller's order).
pub fn human_spans(file: &MqmFile, items: &HashMap<(&str, &str), usize>) -> Vec<ErrorSpan> {
    file.rows
        .iter()
        .filter_map(|row| {
            let span = row.span?;
            let category = Category::parse(&row.category);
            if category.branch() == Branch::NoError
                || Severity::parse(&row.severity) == Severity::NoError
            {
                return None;
            }
            Some(ErrorSpan {
                system: row.system.clone(),
                segment: items[&(row.doc.as_str(), row.doc_segment.as_str())],
                start: span.start,
                end: span.end,
                in_source: span.side == SpanSide::Source,
                category: category.path().to_string(),
            })
        })
        .collect()
}

fn spans_match(human: &ErrorSpan, automatic: &ErrorSpan, matching: Matching) -> bool {
    if human.system != automatic.system || human.segment != automatic.segment {
        return false;
    }
    let automatic_point = automatic.start == automatic.end;
    match matching {
        Matching::Exact => {
            !human.in_source
                && !automatic_point
                && (human.start, human.end) == (automatic.start, automatic.end)
        }
        Matching::Overlap if human.in_source => automatic_point,
        Matching::Overlap if automatic_point => {
            human.start <= automatic.start && automatic.start <= human.end
        }
        Matching::Overlap => human.start < automatic.end && automatic.start < human.end,
    }
}

fn agreement(
    human: &[&ErrorSpan],
    automatic: &[&ErrorSpan],
    matching: Matching,
    category: Option<String>,
) -> SpanAgreement {
    let found = human
        .iter()
        .filter(|h| automatic.iter().any(|a| spans_match(h, a, matching)))
        .count();
    let confirmed = automatic
        .iter()
        .filter(|a| human.iter().any(|h| spans_match(h, a, matching)))
        .count();
    let ratio = |n: usize, d: usize| (d > 0).then(|| n as f64 / d as f64);
    let precision = ratio(confirmed, automatic.len());
    let recall = ratio(found, human.len());
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    };
    SpanAgreement {
        matching,
        category,
        human_spans: human.len(),
        automatic_spans: automatic.len(),
        found,
        confirmed,
        precision,
        recall,
        f1,
    }
}

/// Agreement overall and per top-level category (categories of either side, sorted), for exact
/// and overlapping matches.
pub fn span_agreement(human: &[ErrorSpan], automatic: &[ErrorSpan]) -> Vec<SpanAgreement> {
    let mut categories: Vec<&str> = human
        .iter()
        .chain(automatic)
        .map(ErrorSpan::branch)
        .collect();
    categories.sort_unstable();
    categories.dedup();
    let mut out = Vec::new();
    for matching in [Matching::Exact, Matching::Overlap] {
        let all_human: Vec<&ErrorSpan> = human.iter().collect();
        let all_automatic: Vec<&ErrorSpan> = automatic.iter().collect();
        out.push(agreement(&all_human, &all_automatic, matching, None));
        for &category in &categories {
            let h: Vec<&ErrorSpan> = human.iter().filter(|s| s.branch() == category).collect();
            let a: Vec<&ErrorSpan> = automatic
                .iter()
                .filter(|s| s.branch() == category)
                .collect();
            out.push(agreement(&h, &a, matching, Some(category.to_string())));
        }
    }
    out
}

/// Runs the automatic checks (`mteval errors`) on the file's own sources and targets (no reference) and compares
/// their spans with the human ones.
pub fn automatic_span_agreement(file: &MqmFile, weights: &Weights) -> Result<Vec<SpanAgreement>> {
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
                Setting::OutputTable,
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
    let config = ErrorAnalysisConfig {
        checks,
        source_language: languages.source,
        target_language: languages.target,
        glossary: None,
        weights: weights.clone(),
        list_findings: true,
    };
    let report = analyze_systems(&outputs, Some(&sources), &[], &config);
    let automatic: Vec<ErrorSpan> = report.findings.iter().map(ErrorSpan::of_finding).collect();
    Ok(span_agreement(&human_spans(file, &items), &automatic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(segment: usize, start: usize, end: usize, category: &str) -> ErrorSpan {
        ErrorSpan {
            system: "A".into(),
            segment,
            start,
            end,
            in_source: false,
            category: category.into(),
        }
    }

    fn find<'a>(
        results: &'a [SpanAgreement],
        matching: Matching,
        category: Option<&str>,
    ) -> &'a SpanAgreement {
        results
            .iter()
            .find(|r| r.matching == matching && r.category.as_deref() == category)
            .unwrap()
    }

    #[test]
    fn hand_made_cases() {
        let human = vec![
            // Found exactly.
            span(1, 0, 5, "Accuracy/Mistranslation"),
            // Found by an overlapping span only.
            span(1, 10, 20, "Fluency/Grammar"),
            // Missed.
            span(2, 3, 8, "Accuracy/Mistranslation"),
            // A source-side omission mark (the missing text is in the source).
            ErrorSpan {
                in_source: true,
                ..span(3, 4, 9, "Accuracy/Omission")
            },
        ];
        let automatic = vec![
            span(1, 0, 5, "Accuracy/Mistranslation"),
            span(1, 15, 25, "Fluency/Spelling"),
            // A false alarm.
            span(4, 0, 3, "Fluency/Punctuation"),
            // Missing text at position 6 of the target of segment 3.
            span(3, 6, 6, "Accuracy/Omission"),
        ];
        let results = span_agreement(&human, &automatic);
        let exact = find(&results, Matching::Exact, None);
        assert_eq!((exact.found, exact.confirmed), (1, 1));
        assert_eq!((exact.precision, exact.recall), (Some(0.25), Some(0.25)));
        let overlap = find(&results, Matching::Overlap, None);
        // Found: exact, overlapping, omission; missed: segment 2. Confirmed: all but the false alarm.
        assert_eq!((overlap.found, overlap.confirmed), (3, 3));
        assert_eq!(
            (overlap.precision, overlap.recall),
            (Some(0.75), Some(0.75))
        );
        assert!((overlap.f1.unwrap() - 0.75).abs() < 1e-12);
        let fluency = find(&results, Matching::Overlap, Some("Fluency"));
        assert_eq!((fluency.human_spans, fluency.automatic_spans), (1, 2));
        assert_eq!((fluency.precision, fluency.recall), (Some(0.5), Some(1.0)));
        let accuracy = find(&results, Matching::Exact, Some("Accuracy"));
        assert_eq!(
            (accuracy.precision, accuracy.recall),
            (Some(0.5), Some(1.0 / 3.0))
        );
    }

    #[test]
    fn zero_width_spans_touching_a_human_span_and_empty_sets() {
        let human = vec![span(1, 2, 4, "Accuracy/Omission")];
        assert!(spans_match(
            &human[0],
            &span(1, 4, 4, "x"),
            Matching::Overlap
        ));
        assert!(!spans_match(
            &human[0],
            &span(1, 5, 5, "x"),
            Matching::Overlap
        ));
        assert!(!spans_match(
            &human[0],
            &span(1, 4, 4, "x"),
            Matching::Exact
        ));
        // Adjacent, not overlapping.
        assert!(!spans_match(
            &human[0],
            &span(1, 4, 6, "x"),
            Matching::Overlap
        ));
        let results = span_agreement(&human, &[]);
        let overall = find(&results, Matching::Overlap, None);
        assert_eq!(
            (overall.precision, overall.recall, overall.f1),
            (None, Some(0.0), None)
        );
    }
}
