//! Word-level differences between a reference and a hypothesis, for the worst-segment views.
//! Texts are split into tokens — runs of letters and digits, single punctuation marks, single
//! characters of scripts written without spaces (Chinese, Japanese, Thai, …), runs of
//! whitespace — and compared with Myers' diff; whitespace is never marked, and neighbouring
//! tokens of the same kind are merged.

use super::model::{DiffKind, DiffToken};
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Token pairs beyond this (reference × hypothesis tokens) are shown without marks.
const MAX_DIFF_TOKENS: usize = 4_000;

/// Characters a diff shows one by one. Wider than [`crate::text::is_unspaced_script`] on
/// purpose, and kept as the report's diffs have always been drawn: Hangul syllables, CJK
/// symbols and full-width forms are diffed per character too (Tibetan is not), so a Korean
/// segment's changes show per syllable.
fn is_diffed_per_character(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF   // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x2E80..=0x9FFF // CJK radicals, kana, ideographs, …
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF00..=0xFFEF // full-width forms
        | 0x20000..=0x3FFFF)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Space,
    Single,
}

fn class_of(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if c.is_alphanumeric() && !is_diffed_per_character(c) {
        Class::Word
    } else {
        Class::Single
    }
}

/// Splits a text into diff tokens (their concatenation is the text).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let class = class_of(c);
        let continues = previous == Some(class) && class != Class::Single;
        if !continues && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        if !continues {
            start = i;
        }
        previous = Some(class);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The reference with `missing` tokens and the hypothesis with `extra` tokens.
pub fn word_diff(reference: &str, hypothesis: &str) -> (Vec<DiffToken>, Vec<DiffToken>) {
    let (ref_tokens, hyp_tokens) = (tokens(reference), tokens(hypothesis));
    let plain = |text: &str| {
        vec![DiffToken {
            text: text.to_string(),
            kind: DiffKind::Equal,
        }]
    };
    if ref_tokens.len().saturating_mul(hyp_tokens.len()) > MAX_DIFF_TOKENS * MAX_DIFF_TOKENS / 16 {
        return (plain(reference), plain(hypothesis));
    }
    let mut reference_out = Vec::new();
    let mut hypothesis_out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &ref_tokens, &hyp_tokens) {
        let (old, new) = (op.old_range(), op.new_range());
        let (old_kind, new_kind) = match op {
            DiffOp::Equal { .. } => (DiffKind::Equal, DiffKind::Equal),
            _ => (DiffKind::Missing, DiffKind::Extra),
        };
        for token in &ref_tokens[old] {
            push(&mut reference_out, token, old_kind);
        }
        for token in &hyp_tokens[new] {
            push(&mut hypothesis_out, token, new_kind);
        }
    }
    (reference_out, hypothesis_out)
}

/// Appends a token (whitespace never marked), merging it into the previous one when the kinds
/// match; whitespace between two marked tokens joins the marked run.
fn push(tokens: &mut Vec<DiffToken>, text: &str, kind: DiffKind) {
    let blank = text.chars().all(char::is_whitespace);
    let kind = if blank { DiffKind::Equal } else { kind };
    if let Some(last) = tokens.last_mut() {
        if last.kind == kind {
            last.text.push_str(text);
            return;
        }
        // "[-a-] [-b-]" reads better as "[-a b-]": pull a lone space into the marked run.
        if kind != DiffKind::Equal && tokens.len() >= 2 {
            let n = tokens.len();
            let space_between = tokens[n - 1].kind == DiffKind::Equal
                && tokens[n - 1].text.chars().all(char::is_whitespace)
                && tokens[n - 2].kind == kind;
            if space_between {
                let space = tokens.pop().expect("two tokens").text;
                let run = tokens.last_mut().expect("one token");
                run.text.push_str(&space);
                run.text.push_str(text);
                return;
            }
        }
    }
    tokens.push(DiffToken {
        text: text.to_string(),
        kind,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(tokens: &[DiffToken]) -> String {
        tokens
            .iter()
            .map(|t| match t.kind {
                DiffKind::Equal => t.text.clone(),
                DiffKind::Missing => format!("[-{}-]", t.text),
                DiffKind::Extra => format!("{{+{}+}}", t.text),
            })
            .collect()
    }

    #[test]
    fn tokenizes_words_punctuation_and_unspaced_scripts() {
        assert_eq!(tokens("Wanjiru, kam."), ["Wanjiru", ",", " ", "kam", "."]);
        assert_eq!(tokens("线路长12公里"), ["线", "路", "长", "12", "公", "里"]);
        assert_eq!(tokens("  a"), ["  ", "a"]);
        assert!(tokens("").is_empty());
    }

    #[test]
    fn marks_missing_and_extra_words() {
        let (reference, hypothesis) = word_diff(
            "The line is 12 kilometres long.",
            "The line is 21 kilometres long long.",
        );
        assert_eq!(render(&reference), "The line is [-12-] kilometres long.");
        assert_eq!(
            render(&hypothesis),
            "The line is {+21+} kilometres long {+long+}."
        );
        let joined: String = hypothesis.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(joined, "The line is 21 kilometres long long.");
    }

    #[test]
    fn neighbouring_marks_merge_across_a_space() {
        let (reference, _) = word_diff("a b c d", "a d");
        assert_eq!(render(&reference), "a [-b c-] d");
    }

    #[test]
    fn diffs_characters_for_unspaced_languages() {
        let (reference, hypothesis) = word_diff("线路全长12公里", "线路全长21公里");
        assert_eq!(render(&reference), "线路全长[-12-]公里");
        assert_eq!(render(&hypothesis), "线路全长{+21+}公里");
    }
}
