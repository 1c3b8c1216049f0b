//! The optional error analysis of a report: an implementation of [`ErrorAnalysis`] counts error
//! categories per vendor — [`AutomaticErrors`] runs `mteval errors`' classification; imported
//! human MQM annotations could be another — and the report then writes `errors.csv`, draws the
//! categories stacked per vendor and adds an errors section to the page. Without one
//! (`--no-errors`), none of these exist.

use crate::analysis::span_agreement::ErrorSpan;
use crate::corpus::LanguagePair;
use crate::error::Result;
use std::collections::HashMap;
use std::path::Path;

/// The texts of one language pair, segment-parallel (after any alignment).
#[derive(Debug, Clone)]
pub struct PairTexts<'a> {
    /// The pair's label in the report (`en-de`).
    pub label: &'a str,
    pub pair: &'a LanguagePair,
    pub source: Option<&'a [String]>,
    pub references: Vec<&'a [String]>,
    /// `(vendor, segments)` in the report's order.
    pub systems: Vec<(&'a str, &'a [String])>,
    /// Document id of every segment, when known.
    pub documents: Option<&'a [String]>,
    /// The pair's terminology glossary, when the manifest names one.
    pub glossary: Option<&'a Path>,
    /// Whether the located findings are wanted (the pair has human annotations to compare
    /// them with); without, only the counts are.
    pub spans: bool,
}

/// Error counts of one vendor in one (category, severity) cell.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCount {
    pub system: String,
    /// MQM category path, `Accuracy/Omission`; the part before the first `/` groups the chart.
    pub category: String,
    /// `minor`, `major`, `critical`, …
    pub severity: String,
    pub count: usize,
}

/// What an error analysis found in one pair: the counts, what rates are counted per, and the
/// located findings (the report's human evaluation compares them with the reviewers' spans).
#[derive(Debug, Clone, Default)]
pub struct ErrorFindings {
    pub counts: Vec<ErrorCount>,
    /// Whose words the rates are per: `source`, else `reference`, else `hypothesis` (each
    /// vendor's own), as `mteval errors` counts its penalties.
    pub per: &'static str,
    /// The words (characters for unspaced languages) of that basis, per vendor.
    pub words: HashMap<String, usize>,
    /// Every finding with a target span, when [`PairTexts::spans`] asks for them; `segment` is
    /// the 0-based segment index.
    pub spans: Vec<ErrorSpan>,
}

/// Counts error categories of every vendor of a pair.
pub trait ErrorAnalysis: Sync {
    /// What the counts are, for the report (`automatic: edit classes and QA checks`).
    fn name(&self) -> String;
    /// The counts and spans of every vendor of the pair.
    fn analyze(&self, texts: &PairTexts<'_>) -> Result<ErrorFindings>;
}

/// `mteval errors`' automatic classification as a report step: edit-based classes against the
/// first reference and the QA checks, with their default MQM mapping and weights; the
/// glossary check runs where the pair names a glossary (and the source is known).
#[derive(Debug, Clone, Copy, Default)]
pub struct AutomaticErrors;

impl ErrorAnalysis for AutomaticErrors {
    fn name(&self) -> String {
        "Automatic error classification (edit-based classes and QA checks, as `mteval errors`)"
            .to_string()
    }

    fn analyze(&self, texts: &PairTexts<'_>) -> Result<ErrorFindings> {
        use crate::analysis::automatic::{
            analyze_systems, resolve_languages, ErrorAnalysisConfig, SystemOutput,
        };
        use crate::analysis::checks::CheckSet;
        use crate::analysis::finding::Check;
        use crate::analysis::language::parse_language_pair;
        use crate::analysis::taxonomy::Weights;

        let pair = parse_language_pair(&texts.pair.to_string()).ok();
        let hypotheses: Vec<&[String]> = texts.systems.iter().map(|(_, s)| *s).collect();
        let languages = resolve_languages(pair, texts.source, &texts.references, &hypotheses);
        let glossary = match (texts.glossary, texts.source) {
            (Some(path), Some(_)) => Some(crate::io::glossary::read_glossary(path)?),
            _ => None,
        };
        let mut checks = CheckSet::all();
        checks.keep_runnable(texts.source.is_some(), !texts.references.is_empty());
        if glossary.is_none() {
            checks.set(Check::Glossary, false);
        }
        let config = ErrorAnalysisConfig {
            checks,
            source_language: languages.source,
            target_language: languages.target,
            glossary,
            weights: Weights::default(),
            list_findings: texts.spans,
        };
        let systems: Vec<SystemOutput<'_>> = texts
            .systems
            .iter()
            .map(|(name, segments)| SystemOutput {
                name,
                file: name,
                segments,
            })
            .collect();
        let report = analyze_systems(&systems, texts.source, &texts.references, &config);
        let spans = report.findings.iter().map(ErrorSpan::of_finding).collect();
        let per = report.systems.first().map_or("hypothesis", |s| s.per);
        let words = report
            .systems
            .iter()
            .map(|s| (s.system.clone(), s.words))
            .collect();
        let counts = report
            .tallies
            .into_iter()
            .filter(|t| t.document.is_none())
            .map(|t| ErrorCount {
                system: t.system,
                category: t.category.path().to_string(),
                severity: t.severity.name().to_string(),
                count: t.count,
            })
            .collect();
        Ok(ErrorFindings {
            counts,
            per,
            words,
            spans,
        })
    }
}
