//! Word tokens with their character (code point) offsets in the original line, for the analyses
//! that must point back into the hypothesis: letters and digits form words (with `'`, `’`, `-`
//! inside words, `.`/`,` inside numbers and dotted acronyms such as `U.S`); every other visible
//! character is a token of its own; Han, kana and Thai characters are one token each (those
//! scripts do not separate words by spaces). Whitespace is Python's set plus Unicode's.

use crate::text::{is_python_whitespace, is_unspaced_script};
use std::borrow::Cow;

/// What a token consists of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// Contains a letter.
    Word,
    /// Digits (with separators), no letter.
    Number,
    /// Punctuation or a symbol.
    Punctuation,
}

/// One token of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    /// Offsets in characters (code points) of the line.
    pub start: usize,
    pub end: usize,
    /// Byte offsets of the line.
    pub byte_start: usize,
    pub byte_end: usize,
    pub kind: WordKind,
}

impl<'a> Word<'a> {
    /// True for words and numbers (not punctuation).
    pub fn is_lexical(&self) -> bool {
        self.kind != WordKind::Punctuation
    }

    /// The text lower-cased exactly as [`str::to_lowercase`] does, borrowed when that changes
    /// nothing (most tokens), so that comparing lower-cased words allocates only for the rest.
    pub fn lower_case(&self) -> Cow<'a, str> {
        let unchanged = |c: char| {
            if c.is_ascii() {
                !c.is_ascii_uppercase()
            } else {
                // `str::to_lowercase` maps each character alone, except a final sigma, whose
                // mapping differs from the character anyway.
                let mut lower = c.to_lowercase();
                lower.next() == Some(c) && lower.next().is_none()
            }
        };
        if self.text.chars().all(unchanged) {
            Cow::Borrowed(self.text)
        } else {
            Cow::Owned(self.text.to_lowercase())
        }
    }
}

/// Whitespace as Python or Unicode define it.
pub fn is_space(c: char) -> bool {
    is_python_whitespace(c) || c.is_whitespace()
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The script test first: it is a few range checks, the others are table lookups.
    !is_unspaced_script(c) && (c.is_alphanumeric() || is_mark(c))
}

fn is_mark(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(
        get_general_category(c),
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark
    )
}

/// Splits a line into tokens.
pub fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(line.len() / 5 + 1);
    let mut chars = line.char_indices();
    // The character offset of the next character `chars` yields.
    let mut i = 0;
    while let Some((byte_start, c)) = chars.next() {
        let start = i;
        i += 1;
        if is_space(c) {
            continue;
        }
        let mut byte_end = byte_start + c.len_utf8();
        let kind = if is_word_char(c) {
            let mut has_letter = c.is_alphabetic();
            let mut prev = c;
            // Characters of the current dot-separated piece so far.
            let mut piece = 1;
            loop {
                let mut ahead = chars.clone();
                let Some((byte, c)) = ahead.next() else {
                    break;
                };
                if !is_word_char(c) {
                    let Some((_, next)) = ahead.clone().next() else {
                        break;
                    };
                    let joins = match c {
                        '\'' | '’' | '-' | '‐' => is_word_char(prev) && is_word_char(next),
                        ',' | '\u{a0}' | '\u{202f}' => prev.is_numeric() && next.is_numeric(),
                        '.' => {
                            (prev.is_numeric() && next.is_numeric())
                                || (prev.is_alphabetic()
                                    && next.is_alphabetic()
                                    && piece == 1
                                    && prev.is_uppercase())
                        }
                        _ => false,
                    };
                    if !joins {
                        break;
                    }
                }
                has_letter |= c.is_alphabetic();
                piece = if c == '.' { 0 } else { piece + 1 };
                prev = c;
                byte_end = byte + c.len_utf8();
                chars = ahead;
                i += 1;
            }
            if has_letter {
                WordKind::Word
            } else {
                WordKind::Number
            }
        } else if c.is_alphanumeric() {
            WordKind::Word
        } else {
            WordKind::Punctuation
        };
        out.push(Word {
            text: &line[byte_start..byte_end],
            start,
            end: i,
            byte_start,
            byte_end,
            kind,
        });
    }
    out
}

/// The characters `start..end` of `line` (empty when `end <= start`; cut at the line's end).
pub fn char_range(line: &str, start: usize, end: usize) -> &str {
    if end <= start {
        return "";
    }
    let mut offsets = line
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(line.len()));
    let from = offsets.nth(start).unwrap_or(line.len());
    let to = offsets.nth(end - start - 1).unwrap_or(line.len());
    &line[from..to]
}

/// Number of characters.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<&str> {
        words(line).iter().map(|w| w.text).collect()
    }

    #[test]
    fn lower_case_is_to_lowercase_and_borrows_what_it_leaves_alone() {
        let lowered = |text: &'static str| {
            let word = Word {
                text,
                start: 0,
                end: text.chars().count(),
                byte_start: 0,
                byte_end: text.len(),
                kind: WordKind::Word,
            };
            let lower = word.lower_case();
            assert_eq!(lower, text.to_lowercase(), "{text}");
            (
                lower.into_owned(),
                matches!(word.lower_case(), Cow::Borrowed(_)),
            )
        };
        assert_eq!(lowered("straße"), ("straße".to_string(), true));
        assert_eq!(lowered("日本語"), ("日本語".to_string(), true));
        assert_eq!(lowered("Über"), ("über".to_string(), false));
        // A final sigma, a title-case digraph, and a capital whose lower case is two characters.
        assert_eq!(lowered("ΟΔΟΣ"), ("οδος".to_string(), false));
        assert_eq!(lowered("ǅ"), ("ǆ".to_string(), false));
        assert_eq!(lowered("İ"), ("i\u{307}".to_string(), false));
    }

    #[test]
    fn splits_words_numbers_and_punctuation_with_offsets() {
        assert_eq!(
            texts("The U.S. don't pay 1,000.5 e-mails (now)!"),
            vec!["The", "U.S", ".", "don't", "pay", "1,000.5", "e-mails", "(", "now", ")", "!"]
        );
        let w = words("Grüße, 3 Tage");
        assert_eq!((w[0].start, w[0].end, w[0].kind), (0, 5, WordKind::Word));
        assert_eq!((w[1].start, w[1].kind), (5, WordKind::Punctuation));
        assert_eq!((w[2].text, w[2].kind), ("3", WordKind::Number));
        assert_eq!(w[3].start, 9);
        assert_eq!(&"Grüße, 3 Tage"[w[3].byte_start..w[3].byte_end], "Tage");
    }

    #[test]
    fn char_ranges_count_characters_and_stop_at_the_end() {
        let line = "Grüße, 日本";
        assert_eq!(char_range(line, 0, 5), "Grüße");
        assert_eq!(char_range(line, 2, 4), "üß");
        assert_eq!(char_range(line, 7, 9), "日本");
        assert_eq!(char_range(line, 8, 20), "本");
        assert_eq!(char_range(line, 3, 3), "");
        assert_eq!(char_range(line, 4, 2), "");
        assert_eq!(char_range(line, 9, 12), "");
        assert_eq!(char_range(line, 30, 40), "");
    }

    #[test]
    fn han_characters_are_tokens_and_odd_input_never_panics() {
        assert_eq!(texts("我们ABC。"), vec!["我", "们", "ABC", "。"]);
        assert_eq!(
            texts("end.Next a.b"),
            vec!["end", ".", "Next", "a", ".", "b"]
        );
        for s in [
            "",
            " ",
            "'",
            "-a-",
            "1.",
            ".5",
            "\u{301}x",
            "a\u{a0}1\u{a0}2",
        ] {
            for w in words(s) {
                assert!(w.start < w.end && w.byte_end <= s.len());
            }
        }
    }
}
