//! Checks of the output as a whole: empty output, truncated output, a copy of the source
//! (untranslated), and length-ratio outliers.
//!
//! - **empty**: the hypothesis is blank while the source (or, without a source, the reference)
//!   is not → Accuracy/Omission, Major (CheckMate EMPTY_TARGETSEG).
//! - **copied-source**: the hypothesis equals the source once case, punctuation and spacing are
//!   ignored, the source has at least 3 words with letters, the two languages differ (when
//!   known), and the reference is not itself a copy of the source → Accuracy/Untranslated
//!   text, Major (CheckMate TARGET_SAME_AS_SOURCE, LanguageTool SAME_TRANSLATION).
//! - **truncated**: the hypothesis ends in `,` `;` `:` `-` `–` `(` (after closing quotes and
//!   brackets) while the source (or reference) does not, or the source ends a sentence
//!   (`.` `!` `?` `。` …) and the hypothesis neither ends one nor reaches 60 % of the expected
//!   length (the system's median length ratio) → Accuracy/Omission, Major; an empty span at the end of the hypothesis.
//! - **length-ratio**: characters of hypothesis / source (or reference), divided by the system's
//!   median ratio, below 0.5 → Accuracy/Omission, Major; above 2.0 → Accuracy/Addition, Major
//!   (LanguageTool TRANSLATION_LENGTH uses fixed 0.3 and 2.5 on the raw ratio; normalizing by
//!   the system's own median makes the bounds hold for any language pair). Only when the
//!   source (or reference) has at least 20 characters.

use super::{CheckContext, SegmentView};
use crate::analysis::finding::{Check, Finding};
use crate::analysis::taxonomy::{Category, Severity};
use crate::analysis::words::{char_len, is_space};

/// The text the hypothesis should correspond to: the source, else the first reference.
fn basis<'a>(segment: &SegmentView<'a>) -> Option<&'a str> {
    segment
        .source
        .or_else(|| segment.references.first().copied())
}

/// Characters that are not whitespace ([`is_space`]), counted byte-wise: whitespace beyond
/// ASCII (U+0085, U+00A0, U+1680, U+2000 to U+3000; a test checks there is no other) is only
/// looked for in texts with one of the bytes that start it in UTF-8.
pub fn visible_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    let ascii_spaces = bytes
        .iter()
        .filter(|&&b| b.is_ascii() && is_space(char::from(b)))
        .count();
    let other_spaces = if bytes.iter().any(|&b| matches!(b, 0xc2 | 0xe1..=0xe3)) {
        text.chars()
            .filter(|&c| !c.is_ascii() && is_space(c))
            .count()
    } else {
        0
    };
    text.chars().count() - ascii_spaces - other_spaces
}

/// Length ratio of a segment, when the basis is long enough to judge.
pub fn ratio_of(hypothesis: &str, basis: &str) -> Option<f64> {
    let basis_chars = visible_chars(basis);
    (basis_chars >= 20).then(|| visible_chars(hypothesis) as f64 / basis_chars as f64)
}

pub(super) fn empty(segment: &SegmentView<'_>, out: &mut Vec<Finding>) {
    let Some(basis) = basis(segment) else {
        return;
    };
    if segment.hypothesis.chars().all(is_space) && !basis.chars().all(is_space) {
        let what = if segment.source.is_some() {
            "source"
        } else {
            "reference"
        };
        out.push(Finding::span(
            Check::Empty,
            segment.hypothesis,
            0,
            0,
            format!("empty output for a non-empty {what}"),
        ));
    }
}

/// Lower-cased letters and digits only, words separated by one space; lazily, so that two
/// texts that differ early are compared no further.
fn comparable(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut started = false;
    let mut gap = false;
    text.chars()
        .filter_map(move |c| {
            if !c.is_alphanumeric() {
                gap = started;
                return None;
            }
            let space = gap.then_some(' ');
            (gap, started) = (false, true);
            Some(space.into_iter().chain(c.to_lowercase()))
        })
        .flatten()
}

pub(super) fn copied_source(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    out: &mut Vec<Finding>,
) {
    let (Some(source), Some(source_words)) = (segment.source, segment.source_words) else {
        return;
    };
    if let (Some(s), Some(t)) = (context.source_language, context.target_language) {
        if s.lang == t.lang {
            return;
        }
    }
    let words_with_letters = source_words
        .iter()
        .filter(|w| w.text.chars().any(char::is_alphabetic));
    if words_with_letters.take(3).count() < 3 {
        return;
    }
    if !comparable(segment.hypothesis).eq(comparable(source)) {
        return;
    }
    if segment
        .references
        .iter()
        .any(|reference| comparable(reference).eq(comparable(source)))
    {
        return;
    }
    out.push(Finding::span(
        Check::CopiedSource,
        segment.hypothesis,
        0,
        char_len(segment.hypothesis),
        "the output is the source, untranslated".to_string(),
    ));
}

const SENTENCE_END: &[char] = &['.', '!', '?', '。', '！', '？', '…', '؟', '।'];
const DANGLING: &[char] = &[',', ';', ':', '-', '–', '—', '(', '[', '/', '、', '，'];
const CLOSERS: &[char] = &[
    '"', '\'', '”', '“', '’', '»', '«', ')', ']', '」', '』', '›', '‹', '*',
];

/// The last visible character, after closing quotes and brackets.
fn last_char(text: &str) -> Option<char> {
    text.trim_end_matches(|c: char| is_space(c) || CLOSERS.contains(&c))
        .chars()
        .next_back()
}

/// Returns whether the segment was flagged.
pub(super) fn truncated(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    out: &mut Vec<Finding>,
) -> bool {
    let Some(basis) = basis(segment) else {
        return false;
    };
    let (Some(hypothesis_end), Some(basis_end)) = (last_char(segment.hypothesis), last_char(basis))
    else {
        return false;
    };
    let end = char_len(segment.hypothesis.trim_end_matches(is_space));
    let dangling = DANGLING.contains(&hypothesis_end) && !DANGLING.contains(&basis_end);
    let expected = context.median_length_ratio.unwrap_or(1.0);
    let short_and_unfinished = SENTENCE_END.contains(&basis_end)
        && !SENTENCE_END.contains(&hypothesis_end)
        && ratio_of(segment.hypothesis, basis).is_some_and(|ratio| ratio < 0.6 * expected);
    if !(dangling || short_and_unfinished) {
        return false;
    }
    let note = if dangling {
        format!("the output stops at {hypothesis_end:?}")
    } else {
        "the output stops short, without the sentence end".to_string()
    };
    out.push(Finding::span(
        Check::Truncated,
        segment.hypothesis,
        end,
        end,
        note,
    ));
    true
}

pub(super) fn length_ratio(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    report_short: bool,
    out: &mut Vec<Finding>,
) {
    let Some(basis) = basis(segment) else {
        return;
    };
    let Some(ratio) = ratio_of(segment.hypothesis, basis) else {
        return;
    };
    let expected = context.median_length_ratio.unwrap_or(1.0);
    if expected <= 0.0 {
        return;
    }
    let relative = ratio / expected;
    let length = char_len(segment.hypothesis);
    if relative < 0.5 && report_short {
        out.push(Finding::span(
            Check::LengthRatio,
            segment.hypothesis,
            length,
            length,
            format!("{:.0}% of the expected length", relative * 100.0),
        ));
    } else if relative > 2.0 {
        out.push(
            Finding::span(
                Check::LengthRatio,
                segment.hypothesis,
                0,
                length,
                format!("{:.0}% of the expected length", relative * 100.0),
            )
            .mapped(Category::ADDITION, Severity::Major),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn visible_characters_are_those_that_are_not_whitespace() {
        // Every whitespace character, so that the lead bytes `visible_chars` looks for cover
        // them all.
        let spaces = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| is_space(c))
            .collect::<String>();
        assert_eq!(spaces.chars().count(), 29);
        assert_eq!(visible_chars(&spaces), 0);
        for text in [
            "",
            "Grüße aus Köln",
            "„Nein“,\u{a0}sagte er\u{2009}–\u{3000}日本\u{1c}x\u{85}",
            "\t a\r\n",
            "\u{2030}\u{1681}\u{e3}\u{c2}",
        ] {
            let expected = text.chars().filter(|&c| !is_space(c)).count();
            assert_eq!(visible_chars(text), expected, "{text:?}");
        }
    }

    fn names(findings: &[Finding]) -> Vec<(&'static str, &str)> {
        findings
            .iter()
            .map(|f| (f.check.name(), f.text.as_str()))
            .collect()
    }

    #[test]
    fn empty_needs_a_non_empty_source_or_reference() {
        let found = run(
            |s, _, o| empty(s, o),
            "  ",
            Some("Hello there."),
            None,
            None,
        );
        assert_eq!(names(&found), vec![("empty", "")]);
        assert!(run(|s, _, o| empty(s, o), "", Some(" "), None, None).is_empty());
        assert!(run(|s, _, o| empty(s, o), "", None, None, None).is_empty());
        assert!(run(|s, _, o| empty(s, o), "Hallo.", Some("Hello."), None, None).is_empty());
    }

    #[test]
    fn comparable_keeps_letters_and_digits_one_space_apart() {
        let form = |text: &str| comparable(text).collect::<String>();
        assert_eq!(
            form("  The U.S.-led  summit, 2024!  "),
            "the u s led summit 2024"
        );
        assert_eq!(form("İstanbul"), "i\u{307}stanbul");
        assert_eq!(form("..."), "");
        assert_eq!(form(""), "");
    }

    #[test]
    fn copied_source_ignores_case_and_punctuation() {
        let src = "The summit will take place in Geneva.";
        let found = run(
            copied_source,
            "the summit will take place in Geneva",
            Some(src),
            None,
            Some(("en", "de")),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].category, Category::UNTRANSLATED);
        assert!(run(
            copied_source,
            "Der Gipfel findet in Genf statt.",
            Some(src),
            None,
            Some(("en", "de"))
        )
        .is_empty());
        // Too short to judge, same language, or the reference keeps it too.
        assert!(run(copied_source, "Joe Biden", Some("Joe Biden"), None, None).is_empty());
        assert!(run(copied_source, src, Some(src), None, Some(("en", "en"))).is_empty());
        assert!(run(copied_source, src, Some(src), Some(src), Some(("en", "de"))).is_empty());
    }

    #[test]
    fn truncated_output() {
        let src = "Biden said he has proposed a summit with Putin in Europe this summer.";
        let found = run(
            |s, c, o| {
                truncated(s, c, o);
            },
            "Biden sagte, er habe einen Gipfel",
            Some(src),
            None,
            None,
        );
        assert_eq!(names(&found), vec![("truncated", "")]);
        assert_eq!(found[0].start, 33);
        let found = run(
            |s, c, o| {
                truncated(s, c, o);
            },
            "Biden sagte, er habe Putin ein Gipfeltreffen in Europa im Sommer vorgeschlagen,",
            Some(src),
            None,
            None,
        );
        assert_eq!(names(&found), vec![("truncated", "")]);
        let complete = run(
            |s, c, o| {
                truncated(s, c, o);
            },
            "Biden sagte, er habe Putin für diesen Sommer einen Gipfel in Europa vorgeschlagen.",
            Some(src),
            None,
            None,
        );
        assert!(complete.is_empty());
    }

    #[test]
    fn length_outliers_relative_to_the_median() {
        let src = "The two countries can engage in strategic and stable dialogue.";
        let long = format!("{src} {src} {src}");
        let found = run(
            |s, c, o| length_ratio(s, c, true, o),
            &long,
            Some(src),
            None,
            None,
        );
        assert_eq!(found[0].category, Category::ADDITION);
        let found = run(
            |s, c, o| length_ratio(s, c, true, o),
            "Die zwei Länder.",
            Some(src),
            None,
            None,
        );
        assert_eq!(found[0].category, Category::OMISSION);
        assert!(run(
            |s, c, o| length_ratio(s, c, true, o),
            "Die beiden Länder können einen strategischen und stabilen Dialog führen.",
            Some(src),
            None,
            None
        )
        .is_empty());
    }
}
