//! The tercom tokenizer sacreBLEU's TER applies (`tokenizer_ter.py`): lowercasing unless
//! case-sensitive, optional normalization (v13a-like), punctuation removal and Asian splitting.

use super::t13a::unescape_entities_sequentially;
use super::{is_13a_symbol, isolate_pass, v13a_punctuation_passes};
use crate::text::push_collapsed_whitespace;
use std::borrow::Cow;

/// TER tokenizer options (`--ter-normalized`, `--ter-no-punct`, `--ter-asian-support`,
/// `--ter-case-sensitive`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TercomOptions {
    pub normalized: bool,
    pub no_punct: bool,
    pub asian_support: bool,
    pub case_sensitive: bool,
}

/// Tokenizes one line the way sacreBLEU's `TercomTokenizer.__call__` does (the metric applies
/// `rstrip()` first): tokens joined by single spaces.
pub fn tercom_tokenize(line: &str, options: &TercomOptions) -> String {
    let text = tercom_text(line, options);
    let mut out = String::with_capacity(text.len());
    push_collapsed_whitespace(&text, &mut out);
    out
}

/// [`tercom_tokenize`] before its final whitespace collapsing: the same tokens under
/// [`crate::text::python_split`], without building the joined string.
pub fn tercom_text<'a>(line: &'a str, options: &TercomOptions) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(line);
    if line.is_empty() {
        return text;
    }
    if !options.case_sensitive {
        text = Cow::Owned(text.to_lowercase());
    }
    if options.normalized {
        text = Cow::Owned(normalize(&text, options.asian_support));
    }
    if options.no_punct {
        let asian = options.asian_support;
        text = Cow::Owned(
            text.chars()
                .filter(|&c| !(is_tercom_punct(c) || asian && is_asian_punct(c)))
                .collect(),
        );
    }
    text
}

/// `_normalize_general_and_western`, then `_normalize_asian` when `asian`.
fn normalize(text: &str, asian: bool) -> String {
    let mut line = Cow::Borrowed(text);
    if line.contains('\n') {
        // Newline *then* hyphen (13a deletes hyphen then newline).
        line = Cow::Owned(line.replace("\n-", "").replace('\n', " "));
    }
    let line = unescape_entities_sequentially(&line);

    let mut padded = Vec::with_capacity(line.len() + 2);
    padded.push(b' ');
    padded.extend_from_slice(line.as_bytes());
    padded.push(b' ');
    let mut bytes = Vec::with_capacity(padded.len() * 2);
    isolate_pass(&padded, &mut bytes, b' ', is_13a_symbol);
    // Possessives: `'s ` → ` 's ` (the `'s$` rule can never fire after the padding).
    let mut bytes = match String::from_utf8(bytes) {
        Ok(text) => text.replace("'s ", " 's ").into_bytes(),
        Err(_) => unreachable!("isolating ASCII bytes keeps UTF-8 valid"),
    };
    v13a_punctuation_passes(&mut bytes, &mut padded);
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => unreachable!("tokenizer passes keep UTF-8 valid"),
    };
    if !asian {
        return text;
    }
    // The successive ` \1 ` passes over disjoint-in-effect classes equal one pass over their
    // union, up to whitespace that the final split collapses. The three kana passes are
    // anchored at `^`, which the padding space makes unmatchable.
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if is_asian_split(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The union of the code-point classes `_normalize_asian` isolates (CJK ideographs, strokes,
/// radicals, compatibility blocks, the `\u3200-\u3f22` range, and Asian/full-width punctuation).
fn is_asian_split(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{31c0}'..='\u{31ef}'
        | '\u{2e80}'..='\u{2eff}'
        | '\u{3300}'..='\u{33ff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{3200}'..='\u{3f22}')
        || is_asian_punct(c)
}

/// `_remove_punct`'s class `[\.,\?:;!\"\(\)]`.
fn is_tercom_punct(c: char) -> bool {
    matches!(c, '.' | ',' | '?' | ':' | ';' | '!' | '"' | '(' | ')')
}

/// `ASIAN_PUNCT` and `FULL_WIDTH_PUNCT`.
fn is_asian_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}' | '\u{3002}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}'
        | '\u{ff61}'..='\u{ff65}' | '\u{30fb}'
        | '\u{ff0e}' | '\u{ff0c}' | '\u{ff1f}' | '\u{ff1a}' | '\u{ff1b}' | '\u{ff01}'
        | '\u{ff02}' | '\u{ff08}' | '\u{ff09}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(line: &str, normalized: bool, no_punct: bool, asian_support: bool) -> String {
        let options = TercomOptions {
            normalized,
            no_punct,
            asian_support,
            case_sensitive: false,
        };
        tercom_tokenize(line, &options)
    }

    #[test]
    fn default_lowercases_and_collapses() {
        assert_eq!(tok("a b c d", false, false, false), "a b c d");
        assert_eq!(tok("", false, false, false), "");
        assert_eq!(tok("a b c d.", false, false, false), "a b c d.");
        assert_eq!(tok("A B C D.", false, false, false), "a b c d.");
        assert_eq!(tok("  A\u{1f}B\u{3000}", false, false, false), "a b");
    }

    #[test]
    fn case_sensitive_keeps_case() {
        let options = TercomOptions {
            case_sensitive: true,
            ..TercomOptions::default()
        };
        assert_eq!(tercom_tokenize("The Cat", &options), "The Cat");
        assert_eq!(tok("ΣΑΣ İ", false, false, false), "σας i\u{307}");
    }

    #[test]
    fn no_punct_removes_punctuation() {
        assert_eq!(tok("a b c d.", false, true, false), "a b c d");
        assert_eq!(tok("A ; B ) C : D.", false, true, false), "a b c d");
        // Asian punctuation only goes with asian_support.
        assert_eq!(tok("a\u{3002}b", false, true, false), "a\u{3002}b");
        assert_eq!(tok("a\u{3002}b\u{ff0c}", false, true, true), "ab");
    }

    #[test]
    fn normalized_splits_like_13a_plus_possessives() {
        assert_eq!(tok("a b (c) d.", true, false, false), "a b ( c ) d .");
        assert_eq!(tok("Jim's car.", true, false, false), "jim 's car .");
        assert_eq!(tok("4.2", true, false, false), "4.2");
        assert_eq!(tok("a\n-b &amp;lt; 1-2", true, false, false), "ab < 1 - 2");
        assert_eq!(
            tok("Jim's car, (red).", true, true, false),
            "jim 's car red"
        );
    }

    #[test]
    fn normalized_asian_splits_cjk() {
        assert_eq!(
            tok("美众院公布对特", true, false, true),
            "美 众 院 公 布 对 特"
        );
        assert_eq!(tok("りの拳銃を持", true, false, true), "りの 拳 銃 を 持");
        // Without `normalized`, asian_support does not split (sacreBLEU issue #229).
        assert_eq!(tok("美众院", false, false, true), "美众院");
    }
}
