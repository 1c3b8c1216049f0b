//! Unbalanced brackets and quotes in the hypothesis (Xbench "unpaired symbols" and "unpaired
//! quotes", LanguageTool UNPAIRED_BRACKETS) → Fluency/Punctuation, Minor, on the unpaired
//! character.
//!
//! - **brackets**: `()`, `[]`, `{}`, `（）`, `【】`, `「」`, `『』` matched with a stack; an
//!   unpaired one is reported unless the source has the same imbalance for that pair (a
//!   parenthesis that spans segments).
//! - **quotes**: double quotes, straight or curly (`" “ ” „ ‟`, one family because opening and
//!   closing forms differ by language and `„…"` is common), must come in even numbers, `«»`
//!   and `‹›` in equal numbers; reported only when the source (if given) has no unbalanced
//!   quotes itself.

use super::SegmentView;
use crate::analysis::finding::{Check, Finding};

const PAIRS: &[(char, char)] = &[
    ('(', ')'),
    ('[', ']'),
    ('{', '}'),
    ('（', '）'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
];

/// Per pair: (open − close) and the unpaired positions (character offsets).
fn bracket_balance(text: &str) -> Vec<(i64, Vec<usize>)> {
    let mut result: Vec<(i64, Vec<usize>)> = vec![(0, Vec::new()); PAIRS.len()];
    let mut stacks: Vec<Vec<usize>> = vec![Vec::new(); PAIRS.len()];
    for (position, c) in text.chars().enumerate() {
        for (k, &(open, close)) in PAIRS.iter().enumerate() {
            if c == open {
                result[k].0 += 1;
                stacks[k].push(position);
            } else if c == close {
                result[k].0 -= 1;
                if stacks[k].pop().is_none() {
                    result[k].1.push(position);
                }
            }
        }
    }
    for (k, stack) in stacks.into_iter().enumerate() {
        result[k].1.extend(stack);
        result[k].1.sort_unstable();
    }
    result
}

pub(super) fn brackets(segment: &SegmentView<'_>, out: &mut Vec<Finding>) {
    let hypothesis = bracket_balance(segment.hypothesis);
    // The source's balance, when a hypothesis bracket is unpaired.
    let source = std::cell::OnceCell::new();
    for (k, (difference, unpaired)) in hypothesis.iter().enumerate() {
        if unpaired.is_empty() {
            continue;
        }
        if source
            .get_or_init(|| segment.source.map(bracket_balance))
            .as_ref()
            .is_some_and(|s| s[k].0 == *difference && *difference != 0)
        {
            continue;
        }
        let (open, close) = PAIRS[k];
        for &position in unpaired {
            out.push(Finding::span(
                Check::Brackets,
                segment.hypothesis,
                position,
                position + 1,
                format!("unpaired bracket in {open}{close}"),
            ));
        }
    }
}

/// The only ASCII character among the [`QUOTES`]: other ASCII characters are passed over
/// without looking through the families.
const ASCII_QUOTE: char = '"';

/// Quote families: (characters, whether the first and second must be equal in number
/// (`true`) or the total must be even (`false`)).
const QUOTES: &[(&[char], bool)] = &[
    (&[ASCII_QUOTE, '“', '”', '„', '‟'], false),
    (&['«', '»'], true),
    (&['‹', '›'], true),
];

/// The offset of an unpaired quote of each unbalanced family.
fn unbalanced_quotes(text: &str) -> Vec<usize> {
    /// A family's quotes in the text: how many of its first character and of the others, and
    /// the offset of the last of each.
    #[derive(Clone, Copy, Default)]
    struct Seen {
        first: usize,
        others: usize,
        last_first: Option<usize>,
        last_other: Option<usize>,
    }
    let mut seen = [Seen::default(); QUOTES.len()];
    for (i, c) in text.chars().enumerate() {
        if c.is_ascii() && c != ASCII_QUOTE {
            continue;
        }
        for (&(family, _), seen) in QUOTES.iter().zip(&mut seen) {
            if c == family[0] {
                seen.first += 1;
                seen.last_first = Some(i);
            } else if family.contains(&c) {
                seen.others += 1;
                seen.last_other = Some(i);
            }
        }
    }
    let mut out = Vec::new();
    for (&(_, paired), seen) in QUOTES.iter().zip(seen) {
        if paired {
            // Paired families have two characters: the one in excess is unpaired.
            match seen.first.cmp(&seen.others) {
                std::cmp::Ordering::Greater => out.extend(seen.last_first),
                std::cmp::Ordering::Less => out.extend(seen.last_other),
                std::cmp::Ordering::Equal => {}
            }
        } else if (seen.first + seen.others) % 2 == 1 {
            out.extend(seen.last_first.max(seen.last_other));
        }
    }
    out
}

pub(super) fn quotes(segment: &SegmentView<'_>, out: &mut Vec<Finding>) {
    let unpaired = unbalanced_quotes(segment.hypothesis);
    if unpaired.is_empty() {
        return;
    }
    if segment
        .source
        .is_some_and(|source| !unbalanced_quotes(source).is_empty())
    {
        return;
    }
    for position in unpaired {
        out.push(Finding::span(
            Check::Quotes,
            segment.hypothesis,
            position,
            position + 1,
            "unpaired quotation mark".to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_mono;
    use super::*;

    fn spans(findings: &[Finding]) -> Vec<(usize, &str)> {
        findings
            .iter()
            .map(|f| (f.start, f.text.as_str()))
            .collect()
    }

    #[test]
    fn brackets_pair_up() {
        assert!(run_mono(
            brackets,
            "Die USA (und Russland) [sic] {x}.",
            None,
            None,
            None
        )
        .is_empty());
        assert_eq!(
            spans(&run_mono(
                brackets,
                "Die USA (und Russland.",
                None,
                None,
                None
            )),
            vec![(8, "(")]
        );
        assert_eq!(
            spans(&run_mono(
                brackets,
                "Die USA) und (Russland.",
                None,
                None,
                None
            )),
            vec![(7, ")"), (13, "(")]
        );
        // The source opens the parenthesis too: the segment was split inside it.
        assert!(run_mono(brackets, "(und Russland", Some("(and Russia"), None, None).is_empty());
    }

    #[test]
    fn quotes_balance() {
        assert!(run_mono(
            quotes,
            "Er wählte „moderate“ Maßnahmen.",
            Some("He chose “moderate” measures."),
            None,
            None
        )
        .is_empty());
        assert!(run_mono(quotes, "Er sagte: «Nein» und \"ja\".", None, None, None).is_empty());
        assert!(run_mono(quotes, "Er wählte „moderate\" Maßnahmen.", None, None, None).is_empty());
        assert_eq!(
            spans(&run_mono(
                quotes,
                "Er wählte „moderate Maßnahmen.",
                Some("He chose “moderate” measures."),
                None,
                None
            )),
            vec![(10, "„")]
        );
        assert_eq!(
            spans(&run_mono(quotes, "«Nein, sagte er.", None, None, None)),
            vec![(0, "«")]
        );
        // The source is unbalanced too (a quotation spanning segments).
        assert!(run_mono(
            quotes,
            "„Nein, sagte er.",
            Some("“No, he said."),
            None,
            None
        )
        .is_empty());
    }

    #[test]
    fn the_only_ascii_quote_is_the_one_the_scan_looks_for() {
        let ascii: Vec<char> = QUOTES
            .iter()
            .flat_map(|(family, _)| family.iter().copied())
            .filter(char::is_ascii)
            .collect();
        assert_eq!(ascii, [ASCII_QUOTE]);
    }

    #[test]
    fn the_last_quote_in_excess_of_each_family_is_unpaired() {
        // The last of an odd number of “„"” (the family listed first), then «» with one
        // closing too many; ‹› balanced.
        assert_eq!(unbalanced_quotes("»a» «b» ‹c› „d“ \"e"), vec![16, 6]);
        assert_eq!(unbalanced_quotes("«a «b» ‹c"), vec![3, 7]);
        assert_eq!(unbalanced_quotes("\"a\" “b” ›"), vec![8]);
        assert!(unbalanced_quotes("no quotes at all").is_empty());
    }
}
