//! Repetitions inside the hypothesis.
//!
//! - **repeated-words**: a word or a phrase of up to 4 tokens immediately repeated with only
//!   whitespace between (`the the`, `in Europe in Europe`), case-insensitively; the phrase must
//!   contain a letter; single words that are legitimately doubled (`that that`, `had had`,
//!   German `die die`, …) are exempt, and so is a repetition when the source repeats a word
//!   as often (`very VERY` → `sehr SEHR`) → Fluency/Grammar, Minor (CheckMate's doubled word,
//!   Xbench repeated words, LanguageTool's word-repeat rules). Four or more copies are a
//!   degenerate loop → Non-translation, Major.
//! - **stutter**: a sequence of characters repeated inside one word, as MT systems produce
//!   when they emit a subword twice (`reciprociprocy`): a unit of ≥ 4 letters immediately
//!   repeated, or a unit of ≥ 2 letters three times in a row, unless the repetition is the
//!   whole word and its unit is at most 4 letters (reduplicatives such as `couscous`,
//!   `bonbon`, `hahaha`) → Fluency/Spelling, Minor.

use super::SegmentView;
use crate::analysis::finding::{Check, Finding};
use crate::analysis::taxonomy::{Category, Severity};
use crate::analysis::words::{Word, WordKind};
use std::borrow::Cow;

/// Words that are correctly doubled in some sentences.
const DOUBLED_OK: &[&str] = &[
    "that", "had", "is", "do", "die", "der", "das", "den", "dem", "sie", "nous", "vous", "que",
    "se", "si", "to", "ha", "la", "na", "je", "it",
];

/// Immediate repetitions: (start token, end token, phrase, copies, phrase length).
fn repetitions(words: &[Word<'_>]) -> Vec<(usize, usize, String, usize, usize)> {
    let lower: Vec<Cow<'_, str>> = words.iter().map(Word::lower_case).collect();
    let mut found = Vec::new();
    let mut i = 0;
    'outer: while i < words.len() {
        for n in 1..=4 {
            if i + 2 * n > words.len() {
                break;
            }
            if !(i..i + n).any(|k| words[k].kind == WordKind::Word) {
                continue;
            }
            if n == 1 && DOUBLED_OK.contains(&&*lower[i]) {
                continue;
            }
            let same = |a: usize, b: usize| (0..n).all(|k| lower[a + k] == lower[b + k]);
            if !same(i, i + n) {
                continue;
            }
            let mut copies = 2;
            while i + (copies + 1) * n <= words.len() && same(i, i + copies * n) {
                copies += 1;
            }
            let last = i + copies * n - 1;
            found.push((i, last, lower[i..i + n].join(" "), copies, n));
            i = last + 1;
            continue 'outer;
        }
        i += 1;
    }
    found
}

pub(super) fn repeated_words(segment: &SegmentView<'_>, out: &mut Vec<Finding>) {
    let words = segment.hypothesis_words;
    let found = repetitions(words);
    if found.is_empty() {
        return;
    }
    let in_source: Vec<(usize, usize)> = segment
        .source_words
        .map(|source| {
            repetitions(source)
                .into_iter()
                .map(|(_, _, _, copies, n)| (copies, n))
                .collect()
        })
        .unwrap_or_default();
    for (first, last, phrase, copies, n) in found {
        if in_source.contains(&(copies, n)) {
            continue;
        }
        let finding = Finding::of_words(
            Check::RepeatedWords,
            segment.hypothesis,
            &words[first..=last],
            format!("{phrase:?} {copies} times in a row"),
        );
        out.push(if copies >= 4 {
            finding.mapped(Category::NON_TRANSLATION, Severity::Major)
        } else {
            finding
        });
    }
}

/// The first stutter in a word: (unit start, unit length, copies), in characters.
pub fn find_stutter(word: &str) -> Option<(usize, usize, usize)> {
    let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    if chars.len() < 6 || !chars.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    let n = chars.len();
    for unit in 2..=n / 2 {
        for start in 0..=n - 2 * unit {
            let repeats = |k: usize| {
                chars[start..start + unit] == chars[start + k * unit..start + (k + 1) * unit]
            };
            if !repeats(1) {
                continue;
            }
            let mut copies = 2;
            while start + (copies + 1) * unit <= n && repeats(copies) {
                copies += 1;
            }
            let whole_word = start == 0 && copies * unit == n;
            let flagged = (unit >= 4 || copies >= 3) && !(whole_word && unit <= 4);
            if flagged {
                return Some((start, unit, copies));
            }
        }
    }
    None
}

pub(super) fn stutter(segment: &SegmentView<'_>, out: &mut Vec<Finding>) {
    for word in segment.hypothesis_words {
        if word.kind != WordKind::Word {
            continue;
        }
        // Judge each hyphen- or apostrophe-separated part on its own.
        let mut offset = 0;
        for part in word.text.split(['-', '\'', '’', '‐', '.']) {
            if let Some((start, unit, copies)) = find_stutter(part) {
                let unit_text: String = part.chars().skip(start).take(unit).collect();
                out.push(Finding::of_words(
                    Check::Stutter,
                    segment.hypothesis,
                    std::slice::from_ref(word),
                    format!(
                        "{unit_text:?} {copies} times in a row at character {}",
                        offset + start
                    ),
                ));
                break;
            }
            offset += part.chars().count() + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_mono;
    use super::*;

    fn texts(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.text.as_str()).collect()
    }

    #[test]
    fn repeated_words_and_phrases() {
        assert_eq!(
            texts(&run_mono(
                repeated_words,
                "Er hat hat den Gipfel in Europa in Europa vorgeschlagen.",
                None,
                None,
                None
            )),
            vec!["hat hat", "in Europa in Europa"]
        );
        // Legitimate doubles, punctuation between, numbers.
        assert!(run_mono(
            repeated_words,
            "Die Frau, die die Katze sah, kam.",
            None,
            None,
            None
        )
        .is_empty());
        assert!(run_mono(repeated_words, "many, many people; 10 10", None, None, None).is_empty());
        assert!(run_mono(
            repeated_words,
            "Biden proposed a summit with Putin in Europe",
            None,
            None,
            None
        )
        .is_empty());
        let found = run_mono(repeated_words, "the the the the end", None, None, None);
        assert_eq!(found[0].category, Category::NON_TRANSLATION);
        // The source repeats too.
        assert!(run_mono(
            repeated_words,
            "Sie funktionieren sehr SEHR gut!",
            Some("They work very VERY well!"),
            None,
            None
        )
        .is_empty());
        assert_eq!(
            texts(&run_mono(
                repeated_words,
                "Aus echtem echtem Leder.",
                Some("Made of Genuine Real Leather."),
                None,
                None
            )),
            vec!["echtem echtem"]
        );
    }

    #[test]
    fn stutters_inside_words() {
        assert_eq!(find_stutter("reciprociprocy"), Some((2, 5, 2)));
        assert!(find_stutter("Wiederherstellungstellung").is_some());
        assert!(find_stutter("nanananas").is_some());
        for word in [
            "reciprocity",
            "couscous",
            "bonbon",
            "hahaha",
            "Mississippi",
            "murmur",
            "Entente",
            "tsetse",
            "nennen",
            "Abteilungsleiterin",
            "Rhabarber",
            "Kokosnuss",
            "Papagei",
        ] {
            assert_eq!(find_stutter(word), None, "{word}");
        }
        let found = run_mono(stutter, "Russia’s response follows the principle of reciprociprocy and will safeguard its interests.", None, None, None);
        assert_eq!(texts(&found), vec!["reciprociprocy"]);
        assert_eq!((found[0].start, found[0].end), (43, 57));
        assert!(run_mono(
            stutter,
            "Russia’s response follows the principle of reciprocity.",
            None,
            None,
            None
        )
        .is_empty());
    }
}
