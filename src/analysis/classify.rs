//! Edit-based error classes of a hypothesis against a reference, in the manner of Hjerson
//! (Popović 2011) and TER's edit types, from the shift alignment of [`super::word_alignment`]:
//!
//! - **word order**: the words of each applied shift (one finding per shifted block), and a
//!   single hypothesis word left unaligned whose exact form is also an unaligned reference word
//!   (Hjerson's reordering) → Fluency/Grammar;
//! - **inflection**: a hypothesis word whose Snowball base form equals that of an unaligned or
//!   substituted reference word (Hjerson's `infl`, TERp's stem match) → Fluency/Grammar;
//! - **mistranslation** (lexical): a remaining substitution → Accuracy/Mistranslation;
//! - **addition**: a remaining hypothesis word without partner → Accuracy/Addition, or
//!   **untranslated word** → Accuracy/Untranslated text when it occurs verbatim in the source
//!   (Addicter's `untr`; words of ≥ 3 letters only);
//! - **omission**: a remaining reference word without partner → Accuracy/Omission;
//! - **punctuation**: any of these on a punctuation token → Fluency/Punctuation.
//!
//! Matching ignores case. All classes get the default severity Minor (so Minor punctuation
//! weighs 0.1); consecutive words of one class make one finding (Hjerson's blocks). An omission
//! has an empty span at the place in the hypothesis where the words are missing, and names them.

use super::finding::{Check, Finding};
use super::language::BaseForms;
use super::word_alignment::{Alignment, StepKind, PUNCTUATION};
use super::words::{Word, WordKind};
use crate::metrics::vocabulary::Vocabulary as Forms;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::cell::OnceCell;
use std::collections::HashSet;
use std::ops::AddAssign;

/// Word counts per class (hypothesis words, except `omission`: reference words).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClassCounts {
    pub omission: usize,
    pub addition: usize,
    pub mistranslation: usize,
    pub inflection: usize,
    pub word_order: usize,
    pub untranslated: usize,
    pub punctuation: usize,
    /// Applied block shifts.
    pub shifts: usize,
    /// TER-style edits: shifts plus the Levenshtein distance after shifting.
    pub edits: usize,
    pub reference_words: usize,
}

impl AddAssign<&ClassCounts> for ClassCounts {
    fn add_assign(&mut self, other: &ClassCounts) {
        self.omission += other.omission;
        self.addition += other.addition;
        self.mistranslation += other.mistranslation;
        self.inflection += other.inflection;
        self.word_order += other.word_order;
        self.untranslated += other.untranslated;
        self.punctuation += other.punctuation;
        self.shifts += other.shifts;
        self.edits += other.edits;
        self.reference_words += other.reference_words;
    }
}

/// One segment's classification against one reference.
#[derive(Debug, Clone, Default)]
pub struct Classification {
    pub counts: ClassCounts,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Ok,
    WordOrder,
    Inflection,
    Mistranslation,
    Addition,
    Untranslated,
    Punctuation,
}

impl Class {
    fn check(self) -> Option<Check> {
        Some(match self {
            Class::Ok => return None,
            Class::WordOrder => Check::WordOrder,
            Class::Inflection => Check::Inflection,
            Class::Mistranslation => Check::Mistranslation,
            Class::Addition => Check::Addition,
            Class::Untranslated => Check::UntranslatedWord,
            Class::Punctuation => Check::Punctuation,
        })
    }
}

/// The lower-cased forms of one segment's words, interned once for every hypothesis and
/// reference of the segment (ids only ever compare for equality and name their form), with
/// their base forms as [`classify`] first needs them (one vocabulary is used with one
/// [`BaseForms`]).
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Every form and its id.
    forms: Forms,
    /// The base form of every id, once computed.
    bases: Vec<OnceCell<String>>,
}

impl Vocabulary {
    /// The ids of `words`' lower-cased forms, with [`PUNCTUATION`] set on punctuation tokens.
    pub fn intern(&mut self, words: &[Word<'_>]) -> Vec<u32> {
        words
            .iter()
            .map(|w| {
                let form = w.lower_case();
                // Ids count up from 0, so a new form's id is the next index of `bases`.
                let id = self.forms.intern(&form);
                if id as usize == self.bases.len() {
                    self.bases.push(OnceCell::new());
                }
                if w.kind == WordKind::Punctuation {
                    id | PUNCTUATION
                } else {
                    id
                }
            })
            .collect()
    }
}

/// Classifies `hypothesis` (its line, tokens and their ids in `vocabulary`) against one
/// reference (its tokens and their ids), given their [`align`]ment (the caller aligns, so that
/// it can choose among several references by their alignments alone). `source_words` holds
/// the lower-cased words of the source, for untranslated words.
///
/// [`align`]: super::word_alignment::align
pub fn classify(
    hypothesis_line: &str,
    (hypothesis, hypothesis_ids): (&[Word<'_>], &[u32]),
    (reference, reference_ids, alignment): (&[Word<'_>], &[u32], &Alignment),
    vocabulary: &Vocabulary,
    source_words: Option<&HashSet<String>>,
    base_forms: &BaseForms,
) -> Classification {
    let texts = Interned {
        hypothesis: hypothesis_ids,
        reference: reference_ids,
        vocabulary,
        base_forms,
    };
    let mut words = WordClasses::from_alignment(alignment, hypothesis, reference);
    words.resolve_pending(&texts, hypothesis, reference);
    words.classify_remaining(&texts, hypothesis, source_words);

    let mut result = Classification::default();
    let counts = &mut result.counts;
    counts.reference_words = reference.len();
    counts.shifts = alignment.shifts.len();
    counts.edits = alignment.edits();
    for c in &words.class {
        match c {
            Class::Ok => {}
            Class::WordOrder => counts.word_order += 1,
            Class::Inflection => counts.inflection += 1,
            Class::Mistranslation => counts.mistranslation += 1,
            Class::Addition => counts.addition += 1,
            Class::Untranslated => counts.untranslated += 1,
            Class::Punctuation => counts.punctuation += 1,
        }
    }
    result.findings = words.hypothesis_findings(alignment, hypothesis_line, hypothesis, reference);
    let omissions = words.omission_findings(hypothesis_line, hypothesis, reference, counts);
    result.findings.extend(omissions);
    result.findings.sort_by_key(|f| (f.start, f.end, f.check));
    result
}

/// The interned, lower-cased words of a hypothesis and its reference.
struct Interned<'a> {
    hypothesis: &'a [u32],
    reference: &'a [u32],
    vocabulary: &'a Vocabulary,
    base_forms: &'a BaseForms,
}

impl Interned<'_> {
    /// The form of `id` (with or without the punctuation bit).
    fn form(&self, id: u32) -> &str {
        self.vocabulary.forms.token(id & !PUNCTUATION)
    }

    /// The base form of `id`'s form.
    fn base(&self, id: u32) -> &str {
        self.vocabulary.bases[(id & !PUNCTUATION) as usize]
            .get_or_init(|| self.base_forms.base(self.form(id)))
    }
}

/// Every hypothesis word's class as it is being decided, with the errors still pending.
struct WordClasses {
    class: Vec<Class>,
    /// Per hypothesis word: the reference word it was substituted for.
    partner: Vec<Option<usize>>,
    /// Errors for the exact-form and base-form passes.
    pending_hypothesis: Vec<usize>,
    pending_reference: Vec<usize>,
    /// Where a missing reference word would go: the hypothesis word before it (shifted order).
    insertion_point: Vec<Option<usize>>,
    reference_used: Vec<bool>,
    hypothesis_done: Vec<bool>,
}

impl WordClasses {
    /// Shifted matches are word order, punctuation substituted for punctuation is punctuation;
    /// every other edit is pending.
    fn from_alignment(
        alignment: &Alignment,
        hypothesis: &[Word<'_>],
        reference: &[Word<'_>],
    ) -> Self {
        let mut words = WordClasses {
            class: vec![Class::Ok; hypothesis.len()],
            partner: vec![None; hypothesis.len()],
            pending_hypothesis: Vec::new(),
            pending_reference: Vec::new(),
            insertion_point: vec![None; reference.len()],
            reference_used: vec![false; reference.len()],
            hypothesis_done: vec![false; hypothesis.len()],
        };
        let mut shifted = vec![false; hypothesis.len()];
        for block in &alignment.shifts {
            for &j in block {
                shifted[j] = true;
            }
        }
        let mut previous_hypothesis: Option<usize> = None;
        for step in &alignment.steps {
            match (step.kind, step.hypothesis, step.reference) {
                (StepKind::Match, Some(j), Some(_)) if shifted[j] => {
                    words.class[j] = Class::WordOrder
                }
                (StepKind::Substitution, Some(j), Some(i)) => {
                    let punctuation_h = hypothesis[j].kind == WordKind::Punctuation;
                    let punctuation_r = reference[i].kind == WordKind::Punctuation;
                    if punctuation_h && punctuation_r {
                        words.class[j] = Class::Punctuation;
                        words.partner[j] = Some(i);
                    } else if punctuation_h != punctuation_r {
                        words.pending_hypothesis.push(j);
                        words.pending_reference.push(i);
                        words.insertion_point[i] = Some(j);
                    } else {
                        words.partner[j] = Some(i);
                        words.pending_hypothesis.push(j);
                        words.pending_reference.push(i);
                    }
                }
                (StepKind::Insertion, Some(j), None) => words.pending_hypothesis.push(j),
                (StepKind::Deletion, None, Some(i)) => {
                    words.pending_reference.push(i);
                    words.insertion_point[i] = previous_hypothesis;
                }
                _ => {}
            }
            if let Some(j) = step.hypothesis {
                previous_hypothesis = Some(j);
            }
        }
        words
    }

    /// Marks hypothesis word `j` as `class`, using up reference word `i`.
    fn settle(&mut self, j: usize, i: usize, class: Class) {
        self.class[j] = class;
        self.reference_used[i] = true;
        self.hypothesis_done[j] = true;
    }

    /// A substitution whose two words share a base form: inflection. Then a pending word whose
    /// form is pending elsewhere in the reference: word order; then one whose base form is:
    /// inflection.
    fn resolve_pending(
        &mut self,
        texts: &Interned,
        hypothesis: &[Word<'_>],
        reference: &[Word<'_>],
    ) {
        let (h, r) = (texts.hypothesis, texts.reference);
        for j in self.pending_hypothesis.clone() {
            if let Some(i) = self.partner[j] {
                if texts.base(h[j]) == texts.base(r[i]) {
                    self.settle(j, i, Class::Inflection);
                }
            }
        }
        for j in self.pending_hypothesis.clone() {
            if self.hypothesis_done[j] || !hypothesis[j].is_lexical() {
                continue;
            }
            if let Some(&i) = self
                .pending_reference
                .iter()
                .find(|&&i| !self.reference_used[i] && r[i] == h[j])
            {
                self.settle(j, i, Class::WordOrder);
            }
        }
        let reference_bases: FxHashMap<usize, &str> = self
            .pending_reference
            .iter()
            .filter(|&&i| !self.reference_used[i] && reference[i].is_lexical())
            .map(|&i| (i, texts.base(r[i])))
            .collect();
        for j in self.pending_hypothesis.clone() {
            if self.hypothesis_done[j] || !hypothesis[j].is_lexical() {
                continue;
            }
            let base = texts.base(h[j]);
            if let Some(&i) = self
                .pending_reference
                .iter()
                .find(|&&i| !self.reference_used[i] && reference_bases.get(&i) == Some(&base))
            {
                self.settle(j, i, Class::Inflection);
            }
        }
    }

    /// What remains: substitutions whose partner is still free are mistranslations; other
    /// words are punctuation, untranslated (a word of three letters or more also in the source)
    /// or additions.
    fn classify_remaining(
        &mut self,
        texts: &Interned,
        hypothesis: &[Word<'_>],
        source_words: Option<&HashSet<String>>,
    ) {
        for j in self.pending_hypothesis.clone() {
            if self.hypothesis_done[j] {
                continue;
            }
            self.class[j] = match self.partner[j] {
                Some(i) if !self.reference_used[i] => {
                    self.reference_used[i] = true;
                    Class::Mistranslation
                }
                _ if hypothesis[j].kind == WordKind::Punctuation => Class::Punctuation,
                _ if hypothesis[j].kind == WordKind::Word
                    && hypothesis[j]
                        .text
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .count()
                        >= 3
                    && source_words
                        .is_some_and(|s| s.contains(texts.form(texts.hypothesis[j]))) =>
                {
                    Class::Untranslated
                }
                _ => Class::Addition,
            };
        }
    }

    /// Hypothesis-side findings: runs of consecutive words of one class (punctuation: one each;
    /// each shifted block is its own run).
    fn hypothesis_findings(
        &self,
        alignment: &Alignment,
        hypothesis_line: &str,
        hypothesis: &[Word<'_>],
        reference: &[Word<'_>],
    ) -> Vec<Finding> {
        let class = &self.class;
        let block_of: FxHashMap<usize, usize> = alignment
            .shifts
            .iter()
            .enumerate()
            .flat_map(|(b, words)| words.iter().map(move |&j| (j, b)))
            .collect();
        let mut findings = Vec::new();
        let mut j = 0;
        while j < hypothesis.len() {
            let Some(check) = class[j].check() else {
                j += 1;
                continue;
            };
            let mut end = j + 1;
            if class[j] != Class::Punctuation {
                while end < hypothesis.len()
                    && class[end] == class[j]
                    && block_of.get(&end) == block_of.get(&j)
                {
                    end += 1;
                }
            }
            let words = &hypothesis[j..end];
            let note = match class[j] {
                Class::Mistranslation | Class::Inflection | Class::Punctuation => {
                    let reference_words: Vec<&str> = (j..end)
                        .filter_map(|k| self.partner[k])
                        .map(|i| reference[i].text)
                        .collect();
                    if reference_words.is_empty() {
                        String::new()
                    } else {
                        format!("reference: {}", reference_words.join(" "))
                    }
                }
                Class::WordOrder => "moved block".to_string(),
                Class::Untranslated => "also in the source".to_string(),
                _ => String::new(),
            };
            findings.push(Finding::of_words(check, hypothesis_line, words, note));
            j = end;
        }
        findings
    }

    /// Reference-side findings: omissions, grouped by consecutive reference words at one
    /// insertion point (punctuation: one each), counted into `counts`.
    fn omission_findings(
        &self,
        hypothesis_line: &str,
        hypothesis: &[Word<'_>],
        reference: &[Word<'_>],
        counts: &mut ClassCounts,
    ) -> Vec<Finding> {
        let insertion_point = &self.insertion_point;
        let missing: Vec<usize> = (0..reference.len())
            .filter(|&i| !self.reference_used[i] && self.pending_reference.contains(&i))
            .collect();
        let mut findings = Vec::new();
        let mut k = 0;
        while k < missing.len() {
            let first = missing[k];
            let punctuation = reference[first].kind == WordKind::Punctuation;
            let mut last = k;
            if !punctuation {
                while last + 1 < missing.len()
                    && missing[last + 1] == missing[last] + 1
                    && reference[missing[last + 1]].kind != WordKind::Punctuation
                    && insertion_point[missing[last + 1]] == insertion_point[first]
                {
                    last += 1;
                }
            }
            let words: Vec<&str> = missing[k..=last]
                .iter()
                .map(|&i| reference[i].text)
                .collect();
            let at = insertion_point[first].map_or(0, |j| hypothesis[j].end);
            let check = if punctuation {
                counts.punctuation += 1;
                Check::MissingPunctuation
            } else {
                counts.omission += words.len();
                Check::Omission
            };
            findings.push(Finding::span(
                check,
                hypothesis_line,
                at,
                at,
                format!("missing: {}", words.join(" ")),
            ));
            k = last + 1;
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::language::Language;
    use crate::analysis::word_alignment::align;
    use crate::analysis::words::words;

    /// Classifies `hypothesis` against `reference`, interned in a fresh vocabulary.
    fn classify_lines(
        hypothesis: &str,
        reference: &str,
        source_words: Option<&HashSet<String>>,
        base: &BaseForms,
    ) -> Classification {
        let (hypothesis_words, reference_words) = (words(hypothesis), words(reference));
        let mut vocabulary = Vocabulary::default();
        let hypothesis_ids = vocabulary.intern(&hypothesis_words);
        let reference_ids = vocabulary.intern(&reference_words);
        let alignment = align(&hypothesis_ids, &reference_ids);
        classify(
            hypothesis,
            (&hypothesis_words, &hypothesis_ids),
            (&reference_words, &reference_ids, &alignment),
            &vocabulary,
            source_words,
            base,
        )
    }

    fn run(hypothesis: &str, reference: &str, language: &str) -> Classification {
        let base = BaseForms::new(Language::from_code(language));
        classify_lines(hypothesis, reference, None, &base)
    }

    fn checks(c: &Classification) -> Vec<(Check, &str)> {
        c.findings
            .iter()
            .map(|f| (f.check, f.text.as_str()))
            .collect()
    }

    #[test]
    fn identical_is_clean_and_case_is_ignored() {
        let c = run("The cat sat.", "the cat sat.", "en");
        assert!(c.findings.is_empty());
        assert_eq!(c.counts.edits, 0);
        assert_eq!(c.counts.reference_words, 4);
    }

    #[test]
    fn inflection_via_snowball_stems() {
        let c = run("the cats sits on the mat", "the cat sit on the mat", "en");
        assert_eq!(
            checks(&c),
            vec![(Check::Inflection, "cats sits")],
            "{:?}",
            c.findings
        );
        assert_eq!(c.counts.inflection, 2);
        assert_eq!(c.findings[0].note, "reference: cat sit");
    }

    #[test]
    fn omission_addition_mistranslation_and_punctuation() {
        let c = run(
            "he bought a very new auto",
            "he has bought a new car .",
            "en",
        );
        let found = checks(&c);
        assert!(found.contains(&(Check::Omission, "")), "{found:?}");
        assert!(found.contains(&(Check::Addition, "very")), "{found:?}");
        assert!(
            found.contains(&(Check::Mistranslation, "auto")),
            "{found:?}"
        );
        assert!(
            found.contains(&(Check::MissingPunctuation, "")),
            "{found:?}"
        );
        let omission = c
            .findings
            .iter()
            .find(|f| f.check == Check::Omission)
            .unwrap();
        assert_eq!(
            (omission.start, omission.note.as_str()),
            (2, "missing: has")
        );
        assert_eq!((c.counts.omission, c.counts.punctuation), (1, 1));
    }

    #[test]
    fn word_order_from_shifts() {
        let c = run(
            "yesterday he bought a new red car",
            "he bought a new red car yesterday",
            "en",
        );
        assert_eq!(checks(&c), vec![(Check::WordOrder, "yesterday")]);
        assert_eq!((c.counts.shifts, c.counts.word_order), (1, 1));
    }

    #[test]
    fn untranslated_words_come_from_the_source() {
        let base = BaseForms::new(Language::from_code("de"));
        let source: HashSet<String> = ["the", "summit", "takes", "place"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let hypothesis = "Der summit findet statt";
        let c = classify_lines(hypothesis, "Der Gipfel findet statt", Some(&source), &base);
        // A substitution stays lexical; an extra source word is untranslated.
        assert_eq!(checks(&c), vec![(Check::Mistranslation, "summit")]);
        let hypothesis = "Der Gipfel summit findet statt";
        let c = classify_lines(hypothesis, "Der Gipfel findet statt", Some(&source), &base);
        assert_eq!(checks(&c), vec![(Check::UntranslatedWord, "summit")]);
    }
}
