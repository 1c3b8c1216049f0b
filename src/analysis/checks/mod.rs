//! Automatic quality checks of one hypothesis segment, in the manner of localisation QA tools
//! (Okapi CheckMate, Xbench, LanguageTool's bitext rules; `error-classification.md` §5), each
//! finding mapped onto the MQM tree. Some need nothing but the hypothesis (repetitions,
//! stutters, brackets, quotes, output language), some the source (copies, numbers, dates,
//! names, glossary terms), some the source or a reference (empty, truncated, length outliers).
//!
//! Whole-segment failures (empty output, a copy of the source, output in the wrong language)
//! are checked first; when one fires, the segment's other checks are skipped so that one
//! failure is not counted many times.

pub mod brackets;
pub mod entities;
pub mod glossary;
pub mod language;
pub mod numbers;
pub mod output;
pub mod repetition;

use super::finding::{Check, Finding};
use super::language::{BaseForms, Language};
use super::words::Word;
use crate::io::glossary::Glossary;
use std::cell::OnceCell;
use std::collections::HashSet;

/// The set of enabled checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSet {
    enabled: [bool; Check::ALL.len()],
}

impl CheckSet {
    /// Every check.
    pub fn all() -> Self {
        CheckSet {
            enabled: [true; Check::ALL.len()],
        }
    }

    /// No check.
    pub fn none() -> Self {
        CheckSet {
            enabled: [false; Check::ALL.len()],
        }
    }

    fn index(check: Check) -> usize {
        Check::ALL
            .iter()
            .position(|&c| c == check)
            .unwrap_or_default()
    }

    /// Enables or disables one check.
    pub fn set(&mut self, check: Check, on: bool) {
        self.enabled[Self::index(check)] = on;
    }

    /// Whether a check is enabled.
    pub fn contains(&self, check: Check) -> bool {
        self.enabled[Self::index(check)]
    }

    /// Disables the checks the inputs at hand (a source, at least one reference) cannot run.
    pub fn keep_runnable(&mut self, has_source: bool, has_reference: bool) {
        for check in Check::ALL {
            if !check.needs().met(has_source, has_reference) {
                self.set(check, false);
            }
        }
    }

    /// Enabled checks, in report order.
    pub fn checks(&self) -> Vec<Check> {
        Check::ALL
            .into_iter()
            .filter(|&c| self.contains(c))
            .collect()
    }
}

/// Everything the checks may look at for one segment.
#[derive(Debug, Clone, Copy)]
pub struct SegmentView<'a> {
    pub hypothesis: &'a str,
    pub hypothesis_words: &'a [Word<'a>],
    pub source: Option<&'a str>,
    pub source_words: Option<&'a [Word<'a>]>,
    /// Lower-cased words of the source.
    pub source_vocabulary: Option<&'a HashSet<String>>,
    pub references: &'a [&'a str],
    pub reference_words: &'a [&'a [Word<'a>]],
    /// What the checks derive from the source and references alone, shared by every
    /// system's hypothesis of the segment.
    pub cache: &'a SegmentCache,
}

/// What the checks derive from one segment's source and references alone (numbers, dates,
/// candidate names, folded reference words), worked out when a check first needs it and then
/// shared by every system's hypothesis of that segment. One per segment and run: the settings
/// it depends on (the source language) are the run's.
#[derive(Debug, Default)]
pub struct SegmentCache {
    source_numbers: OnceCell<Vec<numbers::NumberToken>>,
    source_dates: OnceCell<Vec<numbers::DateMention>>,
    source_names: OnceCell<Vec<entities::NameCandidate>>,
    reference_names: OnceCell<Vec<Vec<entities::ReferenceWord>>>,
}

/// Settings shared by all segments of a run.
#[derive(Debug)]
pub struct CheckContext<'a> {
    pub checks: &'a CheckSet,
    pub source_language: Option<Language>,
    pub target_language: Option<Language>,
    pub glossary: Option<&'a Glossary>,
    pub source_base_forms: &'a BaseForms,
    pub target_base_forms: &'a BaseForms,
    /// The system's median of (hypothesis characters / source-or-reference characters).
    pub median_length_ratio: Option<f64>,
}

/// Runs every enabled check on one segment that looks at nothing but the segment itself (all
/// except [`run_length_checks`], whose expectation is the system's median length ratio);
/// returns the findings and whether a whole-segment failure was found. So systems with the
/// same hypothesis share these findings.
pub fn run_text_checks(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
) -> (Vec<Finding>, bool) {
    let mut findings = Vec::new();
    let on = |check: Check| context.checks.contains(check);
    if on(Check::Empty) {
        output::empty(segment, &mut findings);
    }
    if findings.is_empty() && on(Check::CopiedSource) {
        output::copied_source(segment, context, &mut findings);
    }
    if findings.is_empty() && on(Check::WrongLanguage) {
        language::wrong_language(segment, context, &mut findings);
    }
    if !findings.is_empty() {
        return (findings, true);
    }
    if on(Check::RepeatedWords) {
        repetition::repeated_words(segment, &mut findings);
    }
    if on(Check::Stutter) {
        repetition::stutter(segment, &mut findings);
    }
    if on(Check::Brackets) {
        brackets::brackets(segment, &mut findings);
    }
    if on(Check::Quotes) {
        brackets::quotes(segment, &mut findings);
    }
    if on(Check::Numbers) {
        numbers::numbers(segment, context, &mut findings);
    }
    if on(Check::Dates) {
        numbers::dates(segment, context, &mut findings);
    }
    if on(Check::MissingEntity) {
        entities::missing_entities(segment, context, &mut findings);
    }
    if on(Check::Glossary) {
        glossary::glossary(segment, context, &mut findings);
    }
    (findings, false)
}

/// The checks against the system's median length ratio (truncated output, length outliers),
/// for a segment without a whole-segment failure; appends their findings to `out`.
pub fn run_length_checks(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    out: &mut Vec<Finding>,
) {
    let on = |check: Check| context.checks.contains(check);
    let mut truncated = false;
    if on(Check::Truncated) {
        truncated = output::truncated(segment, context, out);
    }
    if on(Check::LengthRatio) {
        output::length_ratio(segment, context, !truncated, out);
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds a [`SegmentView`] from plain strings for the checks' unit tests.
    use super::*;
    use crate::analysis::words::words;

    pub struct Owned {
        pub hypothesis: String,
        pub source: Option<String>,
        pub references: Vec<String>,
    }

    pub fn with_view<T>(
        owned: &Owned,
        source_language: Option<&str>,
        target_language: Option<&str>,
        glossary: Option<&Glossary>,
        f: impl FnOnce(&SegmentView<'_>, &CheckContext<'_>) -> T,
    ) -> T {
        let hypothesis_words = words(&owned.hypothesis);
        let source_words = owned.source.as_deref().map(words);
        let vocabulary: Option<HashSet<String>> = source_words
            .as_ref()
            .map(|w| w.iter().map(|w| w.text.to_lowercase()).collect());
        let references: Vec<&str> = owned.references.iter().map(String::as_str).collect();
        let reference_words: Vec<Vec<Word<'_>>> = references.iter().map(|r| words(r)).collect();
        let reference_slices: Vec<&[Word<'_>]> =
            reference_words.iter().map(Vec::as_slice).collect();
        let cache = SegmentCache::default();
        let view = SegmentView {
            hypothesis: &owned.hypothesis,
            hypothesis_words: &hypothesis_words,
            source: owned.source.as_deref(),
            source_words: source_words.as_deref(),
            source_vocabulary: vocabulary.as_ref(),
            references: &references,
            reference_words: &reference_slices,
            cache: &cache,
        };
        let checks = CheckSet::all();
        let source_language = source_language.and_then(Language::from_code);
        let target_language = target_language.and_then(Language::from_code);
        let source_base_forms = BaseForms::new(source_language);
        let target_base_forms = BaseForms::new(target_language);
        let context = CheckContext {
            checks: &checks,
            source_language,
            target_language,
            glossary,
            source_base_forms: &source_base_forms,
            target_base_forms: &target_base_forms,
            median_length_ratio: None,
        };
        f(&view, &context)
    }

    /// [`run`] for checks that need no context.
    pub fn run_mono(
        check: fn(&SegmentView<'_>, &mut Vec<Finding>),
        hypothesis: &str,
        source: Option<&str>,
        reference: Option<&str>,
        languages: Option<(&str, &str)>,
    ) -> Vec<Finding> {
        run(
            |s, _, o| check(s, o),
            hypothesis,
            source,
            reference,
            languages,
        )
    }

    /// Runs `check` on hypothesis / source / reference and returns its findings.
    pub fn run(
        check: impl Fn(&SegmentView<'_>, &CheckContext<'_>, &mut Vec<Finding>),
        hypothesis: &str,
        source: Option<&str>,
        reference: Option<&str>,
        languages: Option<(&str, &str)>,
    ) -> Vec<Finding> {
        let owned = Owned {
            hypothesis: hypothesis.to_string(),
            source: source.map(str::to_string),
            references: reference.map(str::to_string).into_iter().collect(),
        };
        with_view(
            &owned,
            languages.map(|l| l.0),
            languages.map(|l| l.1),
            None,
            |view, context| {
                let mut out = Vec::new();
                check(view, context, &mut out);
                out
            },
        )
    }
}
