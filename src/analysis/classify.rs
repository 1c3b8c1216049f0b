//! Edit-based error classes of a hypothesis against a reference, in the manner of Hjerson
//! (Popović 2011) and TER's edit types, from the shift alignment of [`super::alignment`]:
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

use super::alignment::{align, StepKind, PUNCTUATION};
use super::finding::{Check, Finding};
use super::language::BaseForms;
use super::words::{Word, WordKind};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
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

/// Interned lower-cased forms.
fn intern(words: &[Word<'_>], lower: &mut Vec<String>, ids: &mut HashMap<String, u32>) -> Vec<u32> {
    words
        .iter()
        .map(|w| {
            let form = w.text.to_lowercase();
            let next = lower.len() as u32;
            let id = *ids.entry(form.clone()).or_insert(next);
            if id == next {
                lower.push(form);
            }
            if w.kind == WordKind::Punctuation {
                id | PUNCTUATION
            } else {
                id
            }
        })
        .collect()
}

/// Classifies `hypothesis` (its line and tokens) against one reference.
/// `source_words` holds the lower-cased words of the source, for untranslated words.
pub fn classify(
    hypothesis_line: &str,
    hypothesis: &[Word<'_>],
    reference: &[Word<'_>],
    source_words: Option<&HashSet<String>>,
    base_forms: &BaseForms,
) -> Classification {
    let mut lower = Vec::new();
    let mut ids = HashMap::new();
    let h = intern(hypothesis, &mut lower, &mut ids);
    let r = intern(reference, &mut lower, &mut ids);
    let alignment = align(&h, &r);
    let form = |id: u32| lower[(id & !PUNCTUATION) as usize].as_str();

    let mut class = vec![Class::Ok; hypothesis.len()];
    let mut partner: Vec<Option<usize>> = vec![None; hypothesis.len()];
    let mut shifted = vec![false; hypothesis.len()];
    for block in &alignment.shifts {
        for &j in block {
            shifted[j] = true;
        }
    }
    // Pending errors, for the exact-form and base-form passes.
    let mut pending_hypothesis: Vec<usize> = Vec::new();
    let mut pending_reference: Vec<usize> = Vec::new();
    // Where a missing reference word would go: the hypothesis word before it (shifted order).
    let mut insertion_point: Vec<Option<usize>> = vec![None; reference.len()];
    let mut previous_hypothesis: Option<usize> = None;
    for step in &alignment.steps {
        match (step.kind, step.hypothesis, step.reference) {
            (StepKind::Match, Some(j), Some(_)) if shifted[j] => class[j] = Class::WordOrder,
            (StepKind::Substitution, Some(j), Some(i)) => {
                let punctuation_h = hypothesis[j].kind == WordKind::Punctuation;
                let punctuation_r = reference[i].kind == WordKind::Punctuation;
                if punctuation_h && punctuation_r {
                    class[j] = Class::Punctuation;
                    partner[j] = Some(i);
                } else if punctuation_h != punctuation_r {
                    pending_hypothesis.push(j);
                    pending_reference.push(i);
                    insertion_point[i] = Some(j);
                } else {
                    partner[j] = Some(i);
                    pending_hypothesis.push(j);
                    pending_reference.push(i);
                }
            }
            (StepKind::Insertion, Some(j), None) => pending_hypothesis.push(j),
            (StepKind::Deletion, None, Some(i)) => {
                pending_reference.push(i);
                insertion_point[i] = previous_hypothesis;
            }
            _ => {}
        }
        if let Some(j) = step.hypothesis {
            previous_hypothesis = Some(j);
        }
    }

    let mut reference_used = vec![false; reference.len()];
    let mut hypothesis_done = vec![false; hypothesis.len()];
    // A substitution whose two words share a base form: inflection.
    for &j in &pending_hypothesis {
        if let Some(i) = partner[j] {
            if base_forms.base(form(h[j])) == base_forms.base(form(r[i])) {
                class[j] = Class::Inflection;
                reference_used[i] = true;
                hypothesis_done[j] = true;
            }
        }
    }
    // Same form elsewhere: a displaced word (word order); then same base form: inflection.
    for &j in &pending_hypothesis {
        if hypothesis_done[j] || !hypothesis[j].is_lexical() {
            continue;
        }
        if let Some(&i) = pending_reference
            .iter()
            .find(|&&i| !reference_used[i] && r[i] == h[j])
        {
            class[j] = Class::WordOrder;
            reference_used[i] = true;
            hypothesis_done[j] = true;
        }
    }
    let reference_bases: HashMap<usize, String> = pending_reference
        .iter()
        .filter(|&&i| !reference_used[i] && reference[i].is_lexical())
        .map(|&i| (i, base_forms.base(form(r[i]))))
        .collect();
    for &j in &pending_hypothesis {
        if hypothesis_done[j] || !hypothesis[j].is_lexical() {
            continue;
        }
        let base = base_forms.base(form(h[j]));
        if let Some(&i) = pending_reference
            .iter()
            .find(|&&i| !reference_used[i] && reference_bases.get(&i) == Some(&base))
        {
            class[j] = Class::Inflection;
            reference_used[i] = true;
            hypothesis_done[j] = true;
        }
    }
    // What remains: substitutions whose partner is still free are lexical errors.
    for &j in &pending_hypothesis {
        if hypothesis_done[j] {
            continue;
        }
        class[j] = match partner[j] {
            Some(i) if !reference_used[i] => {
                reference_used[i] = true;
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
                && source_words.is_some_and(|s| s.contains(form(h[j]))) =>
            {
                Class::Untranslated
            }
            _ => Class::Addition,
        };
    }

    let mut result = Classification::default();
    let counts = &mut result.counts;
    counts.reference_words = reference.len();
    counts.shifts = alignment.shifts.len();
    counts.edits = alignment.edits();
    for c in &class {
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

    // Hypothesis-side findings: runs of consecutive words of one class (punctuation: one each;
    // each shifted block is its own run).
    let block_of: HashMap<usize, usize> = alignment
        .shifts
        .iter()
        .enumerate()
        .flat_map(|(b, words)| words.iter().map(move |&j| (j, b)))
        .collect();
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
                    .filter_map(|k| partner[k])
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
        result.findings.push(Finding::span(
            check,
            hypothesis_line,
            words[0].start,
            words[words.len() - 1].end,
            note,
        ));
        j = end;
    }

    // Reference-side: omissions, grouped by consecutive reference words at one insertion point.
    let missing: Vec<usize> = (0..reference.len())
        .filter(|&i| !reference_used[i] && pending_reference.contains(&i))
        .collect();
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
        if punctuation {
            counts.punctuation += 1;
        } else {
            counts.omission += words.len();
        }
        let check = if punctuation {
            Check::MissingPunctuation
        } else {
            Check::Omission
        };
        result.findings.push(Finding::span(
            check,
            hypothesis_line,
            at,
            at,
            format!("missing: {}", words.join(" ")),
        ));
        k = last + 1;
    }
    result.findings.sort_by_key(|f| (f.start, f.end, f.check));
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::language::Language;
    use crate::analysis::words::words;

    fn run(hypothesis: &str, reference: &str, language: &str) -> Classification {
        let base = BaseForms::new(Language::from_code(language));
        classify(
            hypothesis,
            &words(hypothesis),
            &words(reference),
            None,
            &base,
        )
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
        let c = classify(
            hypothesis,
            &words(hypothesis),
            &words("Der Gipfel findet statt"),
            Some(&source),
            &base,
        );
        // A substitution stays lexical; an extra source word is untranslated.
        assert_eq!(checks(&c), vec![(Check::Mistranslation, "summit")]);
        let hypothesis = "Der Gipfel summit findet statt";
        let c = classify(
            hypothesis,
            &words(hypothesis),
            &words("Der Gipfel findet statt"),
            Some(&source),
            &base,
        );
        assert_eq!(checks(&c), vec![(Check::UntranslatedWord, "summit")]);
    }
}
