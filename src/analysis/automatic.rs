//! Automatic error analysis of whole systems: every segment of every system goes through the
//! checks ([`super::checks`]) and, with a reference, the edit-based classes
//! ([`super::classify`]; with several references, the one needing the fewest edits per
//! reference token is used, as Hjerson does), in parallel with results independent of the
//! thread count. Findings are tallied per (category, severity) exactly like human MQM
//! annotations, and weighted into an "automatic MQM" penalty per 100 source words (reference
//! words without a source, hypothesis words without either).
//!
//! When a segment fails as a whole (empty, copied source, wrong language), its other checks
//! are skipped and its edit-class findings dropped, so the failure is counted once; its class
//! counts still enter the rates.

use super::checks::{
    run_length_checks, run_text_checks, CheckContext, CheckSet, SegmentCache, SegmentView,
};
use super::classify::{classify, ClassCounts, Classification, Vocabulary};
use super::finding::{Check, Finding};
use super::language::{majority_language, BaseForms, Language};
use super::tally::{Tallier, Tally};
use super::taxonomy::Weights;
use super::word_alignment::{align, fewest_edits, Alignment};
use super::words::{words, Word};
use crate::io::glossary::Glossary;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// What to run.
#[derive(Debug, Clone)]
pub struct ErrorAnalysisConfig {
    pub checks: CheckSet,
    pub source_language: Option<Language>,
    pub target_language: Option<Language>,
    pub glossary: Option<Glossary>,
    pub weights: Weights,
    /// Whether the report lists every finding where it was found
    /// ([`ErrorAnalysisReport::findings`]); without, findings are only counted (per check,
    /// in the tallies and penalties), which a caller wanting nothing more saves the memory of.
    pub list_findings: bool,
}

/// One system's output.
#[derive(Debug, Clone, Copy)]
pub struct SystemOutput<'a> {
    pub name: &'a str,
    pub file: &'a str,
    pub segments: &'a [String],
}

/// A class's word count and rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassStat {
    pub words: usize,
    /// Per 100 reference tokens.
    pub rate: f64,
}

/// Edit-based classes of one system, summed over segments (Hjerson-style document rates:
/// Σ count / Σ reference tokens).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    pub omission: ClassStat,
    pub addition: ClassStat,
    pub mistranslation: ClassStat,
    pub inflection: ClassStat,
    pub word_order: ClassStat,
    pub untranslated: ClassStat,
    pub punctuation: ClassStat,
    pub shifts: usize,
    pub edits: usize,
    pub reference_tokens: usize,
    /// 100 · edits / reference tokens (TER-like, on this module's tokens and alignment).
    pub edit_rate: f64,
}

impl ClassReport {
    fn new(counts: &ClassCounts) -> Self {
        let per_100 = |words: usize| {
            if counts.reference_words == 0 {
                0.0
            } else {
                100.0 * words as f64 / counts.reference_words as f64
            }
        };
        let stat = |words: usize| ClassStat {
            words,
            rate: per_100(words),
        };
        ClassReport {
            omission: stat(counts.omission),
            addition: stat(counts.addition),
            mistranslation: stat(counts.mistranslation),
            inflection: stat(counts.inflection),
            word_order: stat(counts.word_order),
            untranslated: stat(counts.untranslated),
            punctuation: stat(counts.punctuation),
            shifts: counts.shifts,
            edits: counts.edits,
            reference_tokens: counts.reference_words,
            edit_rate: per_100(counts.edits),
        }
    }
}

/// One system's summary.
#[derive(Debug, Clone, Serialize)]
pub struct SystemErrors {
    pub system: String,
    pub file: String,
    pub segments: usize,
    /// Segments with at least one finding.
    pub segments_flagged: usize,
    pub hypothesis_words: usize,
    pub findings: usize,
    /// Findings per check name.
    pub checks: BTreeMap<&'static str, usize>,
    /// Edit-based classes (only with a reference).
    pub classes: Option<ClassReport>,
    /// Σ of the findings' MQM weights.
    pub penalty: f64,
    /// The penalty per 100 words of `per`.
    pub penalty_per_100_words: f64,
    /// `source`, `reference` or `hypothesis` words.
    pub per: &'static str,
    pub words: usize,
}

/// A finding located in a system's file.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentFinding {
    pub system: String,
    pub file: String,
    /// 1-based segment (line) number.
    pub segment: usize,
    #[serde(flatten)]
    pub finding: Finding,
}

/// Everything `mteval errors` reports.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorAnalysisReport {
    pub source_language: Option<&'static str>,
    pub target_language: Option<&'static str>,
    /// Whether inflections were judged with a Snowball stemmer (else 4-letter prefixes).
    pub stemmer: bool,
    pub weights: Weights,
    pub checks: Vec<&'static str>,
    pub systems: Vec<SystemErrors>,
    pub findings: Vec<SegmentFinding>,
    pub tallies: Vec<Tally>,
}

/// The largest alignment table (hypothesis words + 1 × reference words + 1) a segment is
/// classified by edits with: the tables take 4 bytes a cell, twice, and every shift fills them
/// again, so a segment of thousands of words (an unsplit document, a looping output) gets only
/// the text checks instead of gigabytes and minutes (about 2,000 × 2,000 words).
pub const MAX_ALIGNED_WORD_PAIRS: usize = 1 << 22;

/// Languages to use, from `--lang` or detected, with notes on what was detected.
#[derive(Debug, Clone, Default)]
pub struct LanguageChoice {
    pub source: Option<Language>,
    pub target: Option<Language>,
    pub notes: Vec<String>,
}

/// `--lang` if given; else the majority language of the source, and of the references (or,
/// without references, of all hypotheses).
pub fn resolve_languages(
    pair: Option<(Language, Language)>,
    source: Option<&[String]>,
    references: &[&[String]],
    hypotheses: &[&[String]],
) -> LanguageChoice {
    if let Some((source, target)) = pair {
        return LanguageChoice {
            source: Some(source),
            target: Some(target),
            notes: Vec::new(),
        };
    }
    const SAMPLE: usize = 200;
    let mut choice = LanguageChoice::default();
    if let Some(source) = source {
        choice.source = majority_language(source.iter().map(String::as_str), SAMPLE);
        if let Some(language) = choice.source {
            choice
                .notes
                .push(format!("source language detected as {}", language.code));
        }
    }
    let target_texts: Vec<&[String]> = if references.is_empty() {
        hypotheses.to_vec()
    } else {
        references.to_vec()
    };
    let per_file = SAMPLE / target_texts.len().max(1) + 1;
    choice.target = majority_language(
        target_texts
            .iter()
            .flat_map(|segments| segments.iter().take(per_file))
            .map(String::as_str),
        SAMPLE,
    );
    if let Some(language) = choice.target {
        choice.notes.push(format!(
            "target language detected as {} (from the {})",
            language.code,
            if references.is_empty() {
                "outputs"
            } else {
                "references"
            }
        ));
    }
    choice
}

fn count_words(words: &[Word<'_>]) -> usize {
    words.iter().filter(|w| w.is_lexical()).count()
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    })
}

/// One segment's vocabulary and its references' ids in it.
struct SegmentVocabulary {
    vocabulary: Vocabulary,
    references: Vec<Vec<u32>>,
}

/// A distinct hypothesis of one segment, with what it gets whichever system wrote it.
struct Hypothesis<'t> {
    text: &'t str,
    words: Vec<Word<'t>>,
    classification: Option<Classification>,
    /// [`run_text_checks`]' findings and whether they fail the segment as a whole.
    text_checks: (Vec<Finding>, bool),
}

/// What every hypothesis of segment `i` is checked against: the segment's references (texts
/// and words) and what the checks derive from them and the source, shared by every system.
struct SegmentInputs<'s> {
    i: usize,
    references: Vec<&'s str>,
    reference_words: Vec<&'s [Word<'s>]>,
    cache: SegmentCache,
}

struct SegmentResult {
    findings: Vec<Finding>,
    counts: Option<ClassCounts>,
    hypothesis_words: usize,
}

/// What every segment's analysis shares: the tokenized source and references, base forms,
/// and every system's median length ratio.
struct SharedInputs<'a> {
    source: Option<&'a [String]>,
    references: &'a [&'a [String]],
    source_words: Option<Vec<Vec<Word<'a>>>>,
    source_vocabulary: Option<Vec<HashSet<String>>>,
    reference_words: Vec<Vec<Vec<Word<'a>>>>,
    source_base_forms: BaseForms,
    target_base_forms: BaseForms,
    /// The edit-based classes are wanted and there is a reference.
    edit_classes: bool,
    /// Per system: its median length ratio against the source (else the first reference).
    medians: Vec<Option<f64>>,
}

impl<'a> SharedInputs<'a> {
    fn new(
        systems: &[SystemOutput<'_>],
        source: Option<&'a [String]>,
        references: &'a [&'a [String]],
        config: &ErrorAnalysisConfig,
    ) -> Self {
        let source_words: Option<Vec<Vec<Word<'a>>>> =
            source.map(|s| s.par_iter().map(|line| words(line)).collect());
        let source_vocabulary = source_words.as_ref().map(|all| {
            all.par_iter()
                .map(|w| w.iter().map(|w| w.text.to_lowercase()).collect())
                .collect()
        });
        let reference_words = references
            .iter()
            .map(|r| r.par_iter().map(|line| words(line)).collect())
            .collect();
        let edit_classes = !references.is_empty()
            && Check::ALL
                .iter()
                .any(|&c| c.is_edit_class() && config.checks.contains(c));
        let basis: Option<&[String]> = source.or_else(|| references.first().copied());
        let medians = systems
            .iter()
            .map(|system| {
                basis.and_then(|basis| {
                    median(
                        system
                            .segments
                            .iter()
                            .zip(basis)
                            .filter_map(|(h, b)| super::checks::output::ratio_of(h, b))
                            .filter(|&r| r > 0.0)
                            .collect(),
                    )
                })
            })
            .collect();
        SharedInputs {
            source,
            references,
            source_words,
            source_vocabulary,
            reference_words,
            source_base_forms: BaseForms::new(config.source_language),
            target_base_forms: BaseForms::new(config.target_language),
            edit_classes,
            medians,
        }
    }

    /// Segment `i`'s references interned in a vocabulary for its hypotheses (none without
    /// edit classes).
    fn segment_vocabulary(&self, i: usize) -> Option<SegmentVocabulary> {
        if !self.edit_classes {
            return None;
        }
        let mut vocabulary = Vocabulary::default();
        let references = self
            .reference_words
            .iter()
            .map(|reference| vocabulary.intern(&reference[i]))
            .collect();
        Some(SegmentVocabulary {
            vocabulary,
            references,
        })
    }

    /// The edit classes of `hypothesis`, segment `i` of some system, against the reference
    /// needing the fewest edits per reference token (none without edit classes, that is
    /// without the segment's `vocabulary`, or when every reference is too long to align with
    /// it: see [`MAX_ALIGNED_WORD_PAIRS`]).
    fn closest_classification(
        &self,
        hypothesis: &str,
        hypothesis_words: &[Word<'_>],
        i: usize,
        vocabulary: Option<&mut SegmentVocabulary>,
    ) -> Option<Classification> {
        let SegmentVocabulary {
            vocabulary,
            references,
        } = vocabulary?;
        let hypothesis_ids = vocabulary.intern(hypothesis_words);
        // The reference needing the fewest edits per reference word (the first of equals) is
        // chosen by the alignments alone; only its alignment is classified. A later reference
        // is not aligned when even its lower bound of edits cannot beat the best so far.
        let mut closest: Option<(usize, Alignment, f64)> = None;
        for (r, reference_ids) in references.iter().enumerate() {
            if (hypothesis_ids.len() + 1) * (reference_ids.len() + 1) > MAX_ALIGNED_WORD_PAIRS {
                continue;
            }
            let words = self.reference_words[r][i].len().max(1) as f64;
            if let Some((_, _, best_rate)) = &closest {
                if fewest_edits(&hypothesis_ids, reference_ids) as f64 / words >= *best_rate {
                    continue;
                }
            }
            let alignment = align(&hypothesis_ids, reference_ids);
            let rate = alignment.edits() as f64 / words;
            if closest
                .as_ref()
                .is_none_or(|(_, _, best_rate)| rate < *best_rate)
            {
                closest = Some((r, alignment, rate));
            }
        }
        let (best, alignment, _) = closest?;
        let source_vocabulary = self.source_vocabulary.as_ref().map(|v| &v[i]);
        Some(classify(
            hypothesis,
            (hypothesis_words, &hypothesis_ids),
            (
                &self.reference_words[best][i],
                &references[best],
                &alignment,
            ),
            vocabulary,
            source_vocabulary,
            &self.target_base_forms,
        ))
    }

    /// What every hypothesis of segment `i` is checked against.
    fn segment(&self, i: usize) -> SegmentInputs<'_> {
        SegmentInputs {
            i,
            references: self.references.iter().map(|r| r[i].as_str()).collect(),
            reference_words: self
                .reference_words
                .iter()
                .map(|r| r[i].as_slice())
                .collect(),
            cache: SegmentCache::default(),
        }
    }

    /// `segment` with `hypothesis` (and its words) as the checks see it.
    fn view<'v>(
        &'v self,
        (hypothesis, hypothesis_words): (&'v str, &'v [Word<'v>]),
        segment: &'v SegmentInputs<'v>,
    ) -> SegmentView<'v> {
        let i = segment.i;
        SegmentView {
            hypothesis,
            hypothesis_words,
            source: self.source.map(|s| s[i].as_str()),
            source_words: self.source_words.as_ref().map(|w| w[i].as_slice()),
            source_vocabulary: self.source_vocabulary.as_ref().map(|v| &v[i]),
            references: &segment.references,
            reference_words: &segment.reference_words,
            cache: &segment.cache,
        }
    }

    fn context<'c>(
        &'c self,
        config: &'c ErrorAnalysisConfig,
        median_length_ratio: Option<f64>,
    ) -> CheckContext<'c> {
        CheckContext {
            checks: &config.checks,
            source_language: config.source_language,
            target_language: config.target_language,
            glossary: config.glossary.as_ref(),
            source_base_forms: &self.source_base_forms,
            target_base_forms: &self.target_base_forms,
            median_length_ratio,
        }
    }

    /// What `segment`'s hypothesis `text` gets whichever system wrote it: its words, edit
    /// classes and the findings of the checks that look at nothing but the segment.
    fn analyze_hypothesis<'t>(
        &self,
        text: &'t str,
        segment: &SegmentInputs<'_>,
        vocabulary: Option<&mut SegmentVocabulary>,
        config: &ErrorAnalysisConfig,
    ) -> Hypothesis<'t> {
        let words = words(text);
        let classification = self.closest_classification(text, &words, segment.i, vocabulary);
        let view = self.view((text, &words), segment);
        let text_checks = run_text_checks(&view, &self.context(config, None));
        Hypothesis {
            text,
            words,
            classification,
            text_checks,
        }
    }

    /// The findings (checks, then the edit classes of the classification) and class counts of
    /// `segment` (`hypothesis`) of system `s`.
    fn analyze_segment(
        &self,
        hypothesis: &Hypothesis<'_>,
        (s, segment): (usize, &SegmentInputs<'_>),
        config: &ErrorAnalysisConfig,
    ) -> SegmentResult {
        let (text_findings, whole_segment) = &hypothesis.text_checks;
        let mut findings = Vec::new();
        if !whole_segment {
            let view = self.view((hypothesis.text, &hypothesis.words), segment);
            run_length_checks(&view, &self.context(config, self.medians[s]), &mut findings);
        }
        // This system's copy of the hypothesis' findings; only counted ones need no texts.
        let copy = |finding: &Finding| {
            if config.list_findings {
                finding.clone()
            } else {
                finding.without_texts()
            }
        };
        findings.extend(text_findings.iter().map(copy));
        let mut counts = None;
        if let Some(best) = &hypothesis.classification {
            if !whole_segment {
                findings.extend(
                    best.findings
                        .iter()
                        .filter(|f| config.checks.contains(f.check))
                        .map(copy),
                );
            }
            let mut class_counts = best.counts;
            retain_enabled(&mut class_counts, &config.checks);
            counts = Some(class_counts);
        }
        findings.sort_by_key(|f| (f.start, f.end, f.check));
        SegmentResult {
            findings,
            counts,
            hypothesis_words: count_words(&hypothesis.words),
        }
    }

    /// What penalties are counted per: the source's words, else the first reference's, else
    /// each system's own; and the words of every segment of that basis.
    fn penalty_basis(&self) -> (&'static str, Vec<usize>) {
        match (&self.source_words, self.reference_words.first()) {
            (Some(source), _) => ("source", source.iter().map(|w| count_words(w)).collect()),
            (None, Some(reference)) => (
                "reference",
                reference.iter().map(|w| count_words(w)).collect(),
            ),
            (None, None) => ("hypothesis", Vec::new()),
        }
    }
}

/// Analyzes every system. `source` and every reference must have one segment per hypothesis
/// segment (callers check this).
pub fn analyze_systems(
    systems: &[SystemOutput<'_>],
    source: Option<&[String]>,
    references: &[&[String]],
    config: &ErrorAnalysisConfig,
) -> ErrorAnalysisReport {
    let shared = SharedInputs::new(systems, source, references, config);
    // Segment by segment, so that a hypothesis is analysed once per segment: systems with the
    // same text as an earlier system's share its words, classification and text checks.
    let segments = systems.iter().map(|s| s.segments.len()).max().unwrap_or(0);
    let per_segment: Vec<Vec<SegmentResult>> = (0..segments)
        .into_par_iter()
        .map(|i| {
            let mut distinct: Vec<Hypothesis<'_>> = Vec::new();
            let segment = shared.segment(i);
            let mut vocabulary = shared.segment_vocabulary(i);
            systems
                .iter()
                .enumerate()
                .filter_map(|(s, system)| {
                    let text = system.segments.get(i)?.as_str();
                    let known = distinct.iter().position(|h| h.text == text);
                    let index = known.unwrap_or_else(|| {
                        distinct.push(shared.analyze_hypothesis(
                            text,
                            &segment,
                            vocabulary.as_mut(),
                            config,
                        ));
                        distinct.len() - 1
                    });
                    Some(shared.analyze_segment(&distinct[index], (s, &segment), config))
                })
                .collect()
        })
        .collect();
    let listed = if config.list_findings {
        per_segment.iter().flatten().map(|r| r.findings.len()).sum()
    } else {
        0
    };
    let mut per_segment: Vec<_> = per_segment.into_iter().map(Vec::into_iter).collect();

    let (per, basis_words) = shared.penalty_basis();
    let names: Vec<String> = systems.iter().map(|s| s.name.to_string()).collect();
    let mut tallier = Tallier::new(&names);
    let mut summaries = Vec::with_capacity(systems.len());
    let mut all_findings = Vec::with_capacity(listed);
    for system in systems {
        // Back in system order: this system's segments in turn.
        let results = (0..system.segments.len()).filter_map(|i| per_segment[i].next());
        let mut summary = summarize_system(system, results, config, &mut tallier);
        all_findings.append(&mut summary.findings);
        let words = if per == "hypothesis" {
            summary.errors.hypothesis_words
        } else {
            basis_words.iter().take(system.segments.len()).sum()
        };
        let errors = &mut summary.errors;
        errors.penalty_per_100_words = if words == 0 {
            0.0
        } else {
            100.0 * errors.penalty / words as f64
        };
        errors.per = per;
        errors.words = words;
        summaries.push(summary.errors);
    }
    ErrorAnalysisReport {
        source_language: config.source_language.map(|l| l.code),
        target_language: config.target_language.map(|l| l.code),
        stemmer: shared.target_base_forms.has_stemmer(),
        weights: config.weights.clone(),
        checks: config
            .checks
            .checks()
            .into_iter()
            .map(Check::name)
            .collect(),
        systems: summaries,
        findings: all_findings,
        tallies: tallier.finish(),
    }
}

/// One system's summary (without its penalty per 100 words) and findings.
struct SystemSummary {
    errors: SystemErrors,
    findings: Vec<SegmentFinding>,
}

/// Sums one system's segment results, tallying its findings into `tallier`.
fn summarize_system(
    system: &SystemOutput<'_>,
    results: impl Iterator<Item = SegmentResult>,
    config: &ErrorAnalysisConfig,
    tallier: &mut Tallier,
) -> SystemSummary {
    let mut checks: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut classes: Option<ClassCounts> = None;
    let mut penalty = 0.0;
    let mut hypothesis_words = 0;
    let mut flagged = 0;
    let mut findings = Vec::new();
    let mut found = 0;
    for (i, result) in results.enumerate() {
        hypothesis_words += result.hypothesis_words;
        if let Some(counts) = &result.counts {
            *classes.get_or_insert_with(ClassCounts::default) += counts;
        }
        flagged += usize::from(!result.findings.is_empty());
        for finding in result.findings {
            found += 1;
            *checks.entry(finding.check.name()).or_default() += 1;
            penalty += config.weights.weight(&finding.category, &finding.severity);
            tallier.add(system.name, None, &finding.category, &finding.severity);
            if !config.list_findings {
                continue;
            }
            findings.push(SegmentFinding {
                system: system.name.to_string(),
                file: system.file.to_string(),
                segment: i + 1,
                finding,
            });
        }
    }
    SystemSummary {
        errors: SystemErrors {
            system: system.name.to_string(),
            file: system.file.to_string(),
            segments: system.segments.len(),
            segments_flagged: flagged,
            hypothesis_words,
            findings: found,
            checks,
            classes: classes.as_ref().map(ClassReport::new),
            penalty,
            penalty_per_100_words: 0.0,
            per: "",
            words: 0,
        },
        findings,
    }
}

fn retain_enabled(counts: &mut ClassCounts, checks: &CheckSet) {
    let off = |check: Check| !checks.contains(check);
    if off(Check::Omission) {
        counts.omission = 0;
    }
    if off(Check::Addition) {
        counts.addition = 0;
    }
    if off(Check::Mistranslation) {
        counts.mistranslation = 0;
    }
    if off(Check::Inflection) {
        counts.inflection = 0;
    }
    if off(Check::WordOrder) {
        counts.word_order = 0;
    }
    if off(Check::UntranslatedWord) {
        counts.untranslated = 0;
    }
    if off(Check::Punctuation) && off(Check::MissingPunctuation) {
        counts.punctuation = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn every_check_en_de() -> ErrorAnalysisConfig {
        ErrorAnalysisConfig {
            checks: CheckSet::all(),
            source_language: Language::from_code("en"),
            target_language: Language::from_code("de"),
            glossary: None,
            weights: Weights::google(),
            list_findings: true,
        }
    }

    #[test]
    fn a_shared_hypothesis_is_judged_against_each_systems_own_length_ratio() {
        let source = lines(&[
            "The summit will take place in Geneva on June 16.",
            "Russia expelled ten diplomats on Monday morning.",
            "The talks ended without any agreement at all.",
        ]);
        // Both systems write the same short first segment; only the one whose other
        // segments are of the usual length gets a length finding for it.
        let terse = lines(&["Gipfel in Genf.", "Zehn Diplomaten.", "Keine Einigung."]);
        let usual = lines(&[
            "Gipfel in Genf.",
            "Russland wies am Montagmorgen zehn Diplomaten aus.",
            "Die Gespräche endeten ganz ohne jede Einigung.",
        ]);
        let systems = [
            SystemOutput {
                name: "terse",
                file: "terse.txt",
                segments: &terse,
            },
            SystemOutput {
                name: "usual",
                file: "usual.txt",
                segments: &usual,
            },
        ];
        let report = analyze_systems(&systems, Some(&source), &[], &every_check_en_de());
        let first_segment = |system: &str| -> Vec<Check> {
            report
                .findings
                .iter()
                .filter(|f| f.system == system && f.segment == 1)
                .map(|f| f.finding.check)
                .collect()
        };
        // The checks of the text alone find the same for both (the number, date and names
        // left out).
        let text_checks = vec![Check::Numbers, Check::Dates, Check::MissingEntity];
        assert_eq!(first_segment("terse"), text_checks);
        let mut usual = first_segment("usual");
        usual.retain(|&c| c != Check::LengthRatio);
        assert_eq!(usual, text_checks);
        assert_eq!(first_segment("usual").len(), text_checks.len() + 1);
    }

    /// A system named `mt` with these segments.
    fn machine_translation(segments: &[String]) -> SystemOutput<'_> {
        SystemOutput {
            name: "mt",
            file: "mt.txt",
            segments,
        }
    }

    #[test]
    fn classes_come_from_the_reference_needing_fewest_edits_per_word() {
        let far = lines(&["Ein Treffen ist in der Schweiz geplant, im Juni."]);
        let near = lines(&["Der Gipfel findet im Juni in Genf statt."]);
        let july = lines(&["Der Gipfel findet im Juli in Genf statt."]);
        let bern = lines(&["Der Gipfel findet im Juni in Bern statt."]);
        let hypothesis = lines(&["Der Gipfel findet im Juni in Genf statt."]);
        let systems = [machine_translation(&hypothesis)];
        // (edits, reference tokens, the words found mistranslated).
        let classes = |references: &[&[String]]| {
            let report = analyze_systems(&systems, None, references, &every_check_en_de());
            let classes = report.systems[0].classes.clone().unwrap();
            let mistranslated: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.finding.check == Check::Mistranslation)
                .map(|f| f.finding.text.clone())
                .collect();
            (classes.edits, classes.reference_tokens, mistranslated)
        };
        assert_eq!(classes(&[&far, &near]), (0, 9, vec![]));
        assert_eq!(classes(&[&near, &far]), (0, 9, vec![]));
        // Equal rates (1 edit in 9 words each): the first reference counts.
        assert_eq!(classes(&[&july, &bern]), (1, 9, vec!["Juni".to_string()]));
        assert_eq!(classes(&[&bern, &july]), (1, 9, vec!["Genf".to_string()]));
    }

    #[test]
    fn a_segment_too_long_to_align_gets_no_edit_classes() {
        // 2,101 × 2,101 words is above MAX_ALIGNED_WORD_PAIRS: that segment is left out of the
        // edit classes (no tables of gigabytes); the short one with its one edit still counts.
        let long = |last: &str| format!("{}{last}", "Wort ".repeat(2100));
        let reference = vec![long("Ende"), "Der Gipfel findet im Juni statt.".to_string()];
        let hypothesis = vec![long("Satz"), "Der Gipfel findet im Juli statt.".to_string()];
        let systems = [machine_translation(&hypothesis)];
        let report = analyze_systems(&systems, None, &[&reference], &every_check_en_de());
        let classes = report.systems[0].classes.clone().unwrap();
        assert_eq!(classes.edits, 1);
        assert_eq!(classes.reference_tokens, 7);
    }

    #[test]
    fn findings_only_counted_give_the_same_summaries_and_tallies() {
        let source = lines(&["Russia expelled 10 diplomats on Monday."]);
        let reference = lines(&["Russland wies am Montag 10 Diplomaten aus."]);
        let hypothesis = lines(&["Russland wies wies am Dienstag 12 Diplomaten aus."]);
        let systems = [machine_translation(&hypothesis)];
        let mut config = every_check_en_de();
        let listed = analyze_systems(&systems, Some(&source), &[&reference], &config);
        config.list_findings = false;
        let counted = analyze_systems(&systems, Some(&source), &[&reference], &config);
        assert!(listed.findings.len() >= 3, "{:?}", listed.findings);
        assert!(counted.findings.is_empty());
        assert_eq!(counted.systems[0].findings, listed.findings.len());
        assert_eq!(counted.systems[0].checks, listed.systems[0].checks);
        assert_eq!(counted.systems[0].penalty, listed.systems[0].penalty);
        assert_eq!(counted.tallies, listed.tallies);
    }

    #[test]
    fn whole_systems_with_and_without_reference() {
        let source = lines(&[
            "The summit will take place in Geneva on June 16.",
            "Russia expelled 10 diplomats.",
        ]);
        let reference = lines(&[
            "Der Gipfel findet am 16. Juni in Genf statt.",
            "Russland wies 10 Diplomaten aus.",
        ]);
        let good = lines(&[
            "Der Gipfel findet am 16. Juni in Genf statt.",
            "Russland wies zehn Diplomaten aus.",
        ]);
        let bad = lines(&["", "Russland wies wies 12 Diplomaten aus."]);
        let systems = [
            SystemOutput {
                name: "good",
                file: "good.txt",
                segments: &good,
            },
            SystemOutput {
                name: "bad",
                file: "bad.txt",
                segments: &bad,
            },
        ];
        let config = every_check_en_de();
        let report = analyze_systems(&systems, Some(&source), &[&reference], &config);
        let good = &report.systems[0];
        let bad = &report.systems[1];
        assert_eq!(good.findings, 1, "{:?}", report.findings); // zehn ↔ 10: a substitution
        assert!(bad.penalty_per_100_words > good.penalty_per_100_words);
        assert_eq!(bad.checks.get("empty"), Some(&1));
        assert_eq!(bad.checks.get("repeated-words"), Some(&1));
        assert_eq!(bad.checks.get("numbers"), Some(&1));
        assert_eq!(bad.per, "source");
        // The empty segment's edit findings are dropped, but its omissions enter the rates.
        assert!(report
            .findings
            .iter()
            .all(|f| !(f.system == "bad" && f.segment == 1 && f.finding.check != Check::Empty)));
        assert!(bad.classes.as_ref().unwrap().omission.words >= 9);
        assert!(report
            .tallies
            .iter()
            .any(|t| t.system == "bad" && t.count >= 1));

        // Without source and reference only the monolingual checks run.
        let report = analyze_systems(&systems, None, &[], &config);
        assert!(report.systems[1].classes.is_none());
        assert_eq!(report.systems[1].checks.get("empty"), None);
        assert_eq!(report.systems[1].checks.get("repeated-words"), Some(&1));
        assert_eq!(report.systems[1].per, "hypothesis");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn never_panics_and_spans_stay_inside_the_hypothesis(
            segments in proptest::collection::vec(
                ("[a-zA-Zäß0-9 .,:;!?\"'„“«»()\\[\\]#<>\u{a0}\u{301}我们-]{0,40}",
                 "[a-zA-Z0-9 .,!?\"()-]{0,40}",
                 "[a-zA-Zäß0-9 .,!?\"„“()-]{0,40}"),
                1..6,
            )
        ) {
            let hypotheses: Vec<String> = segments.iter().map(|s| s.0.clone()).collect();
            let source: Vec<String> = segments.iter().map(|s| s.1.clone()).collect();
            let reference: Vec<String> = segments.iter().map(|s| s.2.clone()).collect();
            let systems = [SystemOutput { name: "s", file: "s", segments: &hypotheses }];
            let config = ErrorAnalysisConfig {
                checks: CheckSet::all(),
                source_language: Language::from_code("en"),
                target_language: Language::from_code("de"),
                glossary: None,
                weights: Weights::google(),
                list_findings: true,
            };
            let report = analyze_systems(&systems, Some(&source), &[&reference], &config);
            for finding in &report.findings {
                let line = &hypotheses[finding.segment - 1];
                proptest::prop_assert!(finding.finding.start <= finding.finding.end);
                proptest::prop_assert!(finding.finding.end <= line.chars().count());
            }
        }
    }

    #[test]
    fn languages_are_detected_when_not_given() {
        let source = lines(&[
            "The summit will take place in Geneva on the sixteenth of June this year.",
            "Russia has expelled ten American diplomats from the embassy in Moscow.",
        ]);
        let reference = lines(&[
            "Der Gipfel findet in diesem Jahr am sechzehnten Juni in Genf statt.",
            "Russland hat zehn amerikanische Diplomaten aus der Botschaft in Moskau ausgewiesen.",
        ]);
        let choice = resolve_languages(None, Some(&source), &[&reference], &[]);
        assert_eq!(choice.source.map(|l| l.code), Some("en"));
        assert_eq!(choice.target.map(|l| l.code), Some("de"));
        assert_eq!(choice.notes.len(), 2);
    }
}
