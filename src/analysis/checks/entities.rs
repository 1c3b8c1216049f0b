//! Named entities and acronyms of the source that the hypothesis lacks (Xbench's
//! "CamelCase/UPPERCASE without counterpart", generalised).
//!
//! Candidates in the source: acronyms (≥ 2 letters, all upper case, digits allowed: `NATO`,
//! `U.S`, `COVID-19`; not in all-caps headlines) and, when the source language is known and
//! does not capitalize common nouns (not German), capitalized words that do not start a
//! sentence (`Putin`, `Geneva`), except in title-case segments (70 % of the words capitalized).
//! A candidate counts as present when some hypothesis word starts with its first four letters
//! (with its letters, for an acronym), compared without case and diacritics, so inflected and
//! transliterated forms (`Putins`, `Peskow`, `Nato`) pass. With a reference, only candidates
//! that the reference keeps verbatim are checked (a reference word starting with the whole
//! name, or with the acronym in capitals; this keeps out words that are rightly translated,
//! such as `White House` or `a.m.`); without one, only candidates whose script the hypothesis
//! uses. A missing one → Accuracy/Mistranslation, Minor, with an empty span at the end of the
//! hypothesis and the name in the note.

use super::{CheckContext, SegmentView};
use crate::analysis::finding::{Check, Finding};
use crate::analysis::words::{char_len, Word, WordKind};
use std::cell::OnceCell;
use unicode_normalization::UnicodeNormalization;

/// Capitalized words that are not names.
const NOT_NAMES: &[&str] = &[
    "i",
    "we",
    "you",
    "he",
    "she",
    "it",
    "they",
    "the",
    "this",
    "that",
    "these",
    "those",
    "our",
    "my",
    "your",
    "his",
    "her",
    "their",
    "a",
    "an",
    "and",
    "or",
    "but",
    "if",
    "so",
    "please",
    "thank",
    "thanks",
    "hi",
    "hello",
    "yes",
    "no",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "ok",
];

/// Lower case, without diacritics, dots and a possessive `'s`.
fn fold(text: &str) -> String {
    let text = text
        .strip_suffix("'s")
        .or_else(|| text.strip_suffix("’s"))
        .unwrap_or(text);
    if text.is_ascii() {
        // Decomposing changes no ASCII character.
        return text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
    }
    text.nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Other,
}

fn script(c: char) -> Script {
    match c as u32 {
        0x41..=0x5a | 0x61..=0x7a | 0xc0..=0x24f | 0x1e00..=0x1eff => Script::Latin,
        0x370..=0x3ff => Script::Greek,
        0x400..=0x52f => Script::Cyrillic,
        _ => Script::Other,
    }
}

fn is_acronym(word: &Word<'_>) -> bool {
    let mut letters = word.text.chars().filter(|c| c.is_alphabetic());
    letters.clone().nth(1).is_some() && letters.all(char::is_uppercase)
}

fn is_capitalized(word: &Word<'_>) -> bool {
    let mut chars = word.text.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().any(char::is_lowercase)
        && word.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Whether `words[k]` starts a sentence (ignoring opening quotes and brackets before it).
fn starts_sentence(words: &[Word<'_>], k: usize) -> bool {
    let mut i = k;
    while i > 0 {
        i -= 1;
        let previous = words[i].text;
        if words[i].kind != WordKind::Punctuation {
            return false;
        }
        if matches!(previous, "." | "!" | "?" | ":" | "…" | "•" | "|") {
            return true;
        }
        if !matches!(
            previous,
            "\"" | "“" | "„" | "«" | "»" | "‘" | "'" | "(" | "[" | "-" | "–" | "—" | "‚"
        ) {
            return false;
        }
    }
    true
}

/// The letters of an acronym (`35GB` → `GB`, `U.S` → `US`).
fn acronym_letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphabetic()).collect()
}

/// Levenshtein distance between two short strings, in characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// The hypothesis words (not punctuation) and their parts between hyphens and apostrophes,
/// folded: what [`resembled`] compares a name with.
fn folded_parts(words: &[Word<'_>]) -> Vec<String> {
    words
        .iter()
        .filter(|w| w.kind != WordKind::Punctuation)
        .flat_map(|w| w.text.split(['-', '‐', '\'', '’']))
        .map(fold)
        .collect()
}

/// Loosely present in the hypothesis (its [`folded_parts`]): a word, or a part of a hyphenated
/// word, that starts with the first four letters of the name (with the acronym's letters), or
/// that differs from the name (or starts with a form that differs from it) in at most a quarter
/// of its letters (`Mikhail` ~ `Michail`, `Mishustin` ~ `Mischustins`); compared without case
/// and diacritics.
fn resembled(key: &str, acronym: Option<&str>, parts: &[String]) -> bool {
    let prefix: String = match acronym {
        Some(letters) => fold(letters),
        None => key.chars().take(4).collect(),
    };
    let key_chars: Vec<char> = key.chars().collect();
    let tolerance = key_chars.len() / 4;
    parts.iter().any(|part| {
        if part.starts_with(&prefix) {
            return true;
        }
        if acronym.is_some() || tolerance == 0 {
            return false;
        }
        let chars: Vec<char> = part.chars().collect();
        let head = &chars[..chars.len().min(key_chars.len() + 1)];
        edit_distance(&key_chars, head) <= tolerance
    })
}

/// A reference word (not punctuation) as [`kept`] compares it: folded, and its letters.
#[derive(Debug)]
pub(super) struct ReferenceWord {
    folded: String,
    letters: String,
}

fn reference_words(words: &[Word<'_>]) -> Vec<ReferenceWord> {
    words
        .iter()
        .filter(|w| w.kind != WordKind::Punctuation)
        .map(|w| ReferenceWord {
            folded: fold(w.text),
            letters: acronym_letters(w.text),
        })
        .collect()
}

/// Kept verbatim in a reference: a word starting with the whole folded name (equal to it for
/// names under 4 letters), or with the acronym's letters in capitals.
fn kept(key: &str, acronym: Option<&str>, words: &[ReferenceWord]) -> bool {
    words.iter().any(|w| match acronym {
        Some(letters) => w.letters.starts_with(letters),
        None => w.folded == key || (key.chars().count() >= 4 && w.folded.starts_with(key)),
    })
}

/// The distinct scripts of the letters of `text`.
fn letter_scripts(text: &str) -> Vec<Script> {
    let mut scripts: Vec<Script> = text
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(script)
        .collect();
    scripts.sort_by_key(|s| *s as u8);
    scripts.dedup();
    scripts
}

/// A source word that the hypothesis should keep: a name or an acronym, with what the
/// comparisons need (worked out once per segment, see [`super::SegmentCache`]).
#[derive(Debug)]
pub(super) struct NameCandidate {
    /// The word as the source has it (for the note).
    text: String,
    /// The word folded (without case and diacritics).
    key: String,
    /// An acronym's letters.
    letters: Option<String>,
    /// The script of the word's first letter.
    script: Option<Script>,
}

impl NameCandidate {
    fn is_acronym(&self) -> bool {
        self.letters.is_some()
    }
}

/// The names and acronyms of the source (see the module's description), in order, each once.
fn name_candidates(source_words: &[Word<'_>], context: &CheckContext<'_>) -> Vec<NameCandidate> {
    let letter_words: Vec<&Word<'_>> = source_words
        .iter()
        .filter(|w| w.kind == WordKind::Word)
        .collect();
    let headline = letter_words.len() >= 2
        && letter_words.iter().filter(|w| is_acronym(w)).count() * 5 >= letter_words.len() * 3;
    let title_case = letter_words.len() >= 4
        && letter_words[1..]
            .iter()
            .filter(|w| w.text.starts_with(char::is_uppercase))
            .count()
            * 10
            >= (letter_words.len() - 1) * 7;
    let names_allowed = !title_case
        && context
            .source_language
            .is_some_and(|language| !language.capitalizes_nouns());
    let mut seen: Vec<String> = Vec::new();
    let mut candidates = Vec::new();
    for (k, word) in source_words.iter().enumerate() {
        if word.kind != WordKind::Word {
            continue;
        }
        // Placeholders such as `#NUMBER#` or `#PRS_ORG#` are not names.
        if k > 0 && source_words[k - 1].text == "#" {
            continue;
        }
        let acronym = !headline && is_acronym(word);
        let name =
            !acronym && names_allowed && is_capitalized(word) && !starts_sentence(source_words, k);
        if !(acronym || name) {
            continue;
        }
        let key = fold(word.text);
        if key.chars().count() < 2 || NOT_NAMES.contains(&key.as_str()) || seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        let letters = acronym.then(|| acronym_letters(word.text));
        if letters.as_ref().is_some_and(|l| l.chars().count() < 2) {
            continue;
        }
        candidates.push(NameCandidate {
            text: word.text.to_string(),
            key,
            letters,
            script: word.text.chars().find(|c| c.is_alphabetic()).map(script),
        });
    }
    candidates
}

pub(super) fn missing_entities(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(source_words) = segment.source_words else {
        return;
    };
    let candidates = segment
        .cache
        .source_names
        .get_or_init(|| name_candidates(source_words, context));
    // The scripts of the hypothesis's letters, when the first candidate without a reference
    // needs them.
    let hypothesis_scripts = OnceCell::new();
    let end = char_len(segment.hypothesis);
    // Folded once, when the first candidate needs them (not once per candidate).
    let hypothesis_parts = OnceCell::new();
    for candidate in candidates {
        let (key, letters) = (candidate.key.as_str(), candidate.letters.as_deref());
        let parts = hypothesis_parts.get_or_init(|| folded_parts(segment.hypothesis_words));
        if resembled(key, letters, parts) {
            continue;
        }
        if segment.reference_words.is_empty() {
            let scripts = hypothesis_scripts.get_or_init(|| letter_scripts(segment.hypothesis));
            if !candidate.script.is_some_and(|s| scripts.contains(&s)) {
                continue;
            }
        } else if !segment
            .cache
            .reference_names
            .get_or_init(|| {
                segment
                    .reference_words
                    .iter()
                    .map(|words| reference_words(words))
                    .collect()
            })
            .iter()
            .any(|reference| kept(key, letters, reference))
        {
            continue;
        }
        out.push(Finding::span(
            Check::MissingEntity,
            segment.hypothesis,
            end,
            end,
            format!(
                "source {} {:?} not found",
                if candidate.is_acronym() {
                    "acronym"
                } else {
                    "name"
                },
                candidate.text
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    fn notes(h: &str, s: &str, r: Option<&str>, pair: Option<(&str, &str)>) -> Vec<String> {
        run(missing_entities, h, Some(s), r, pair)
            .into_iter()
            .map(|f| f.note)
            .collect()
    }

    #[test]
    fn names_and_acronyms() {
        let en_de = Some(("en", "de"));
        let source = "Kremlin spokesman Dmitry Peskov said NATO and the U.S. condemn it.";
        assert!(notes(
            "Kremlsprecher Dmitri Peskow sagte, die NATO und die USA verurteilten es.",
            source,
            None,
            en_de
        )
        .is_empty());
        let hypothesis = "Der Kremlsprecher sagte, die Allianz und die USA verurteilten es.";
        assert_eq!(
            notes(hypothesis, source, None, en_de),
            vec![
                "source name \"Dmitry\" not found",
                "source name \"Peskov\" not found",
                "source acronym \"NATO\" not found",
            ]
        );
        // With a reference, only what the reference keeps is checked.
        assert_eq!(
            notes(
                hypothesis,
                source,
                Some("Kremlsprecher Peskov sagte, die NATO und die USA verurteilen das."),
                en_de
            ),
            vec![
                "source name \"Peskov\" not found",
                "source acronym \"NATO\" not found",
            ]
        );
    }

    #[test]
    fn no_names_from_german_or_sentence_starts_or_other_scripts() {
        assert!(notes(
            "The house is big.",
            "Das Haus ist groß.",
            None,
            Some(("de", "en"))
        )
        .is_empty());
        assert!(notes("Er kam.", "Yesterday he came.", None, Some(("en", "de"))).is_empty());
        assert!(notes("Путин приехал.", "Putin arrived.", None, Some(("en", "ru"))).is_empty());
        assert_eq!(
            notes("Die Allianz tagte.", "The NATO met.", None, None),
            vec!["source acronym \"NATO\" not found"]
        );
        // A transliterated name the reference does not keep verbatim, a.m. rendered as Uhr,
        // title-case product names.
        assert!(notes(
            "Dann tagte man.",
            "Then Peskov met.",
            Some("Dann traf sich Peskow."),
            Some(("en", "de"))
        )
        .is_empty());
        assert_eq!(
            notes(
                "Dann tagte man.",
                "Then Peskov met.",
                Some("Dann traf sich Peskov."),
                Some(("en", "de"))
            )
            .len(),
            1
        );
        assert!(notes(
            "Um 9 Uhr.",
            "At 9 AM.",
            Some("Um 9 Uhr am Morgen."),
            Some(("en", "de"))
        )
        .is_empty());
        assert!(notes(
            "Echte Ledertasche",
            "Genuine Vintage Leather Bag",
            None,
            Some(("en", "de"))
        )
        .is_empty());
    }
}
