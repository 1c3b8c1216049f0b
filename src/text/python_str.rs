//! Python's `str` whitespace rules (`str.split()`, `str.strip()`, `str.isspace()`), which sacreBLEU
//! uses everywhere and which differ from Rust's `char::is_whitespace` (U+001C–U+001F are whitespace
//! in Python, U+200B and U+FEFF are not).

/// True for exactly the code points Python's `str.isspace()` accepts.
#[inline]
pub fn is_python_whitespace(c: char) -> bool {
    match c {
        '\t'..='\r' | '\u{1c}'..='\u{20}' => true,
        _ if (c as u32) < 0x85 => false,
        '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' => true,
        '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => true,
        _ => false,
    }
}

/// Python `s.split()`: tokens separated by runs of Python whitespace, never empty.
#[inline]
pub fn python_split(s: &str) -> PythonSplit<'_> {
    PythonSplit { rest: s }
}

/// Byte classes for scanning UTF-8 for Python whitespace without decoding every character
/// ([`WHITESPACE_BYTE_CLASSES`]).
pub(crate) const PLAIN: u8 = 0;
pub(crate) const ASCII_SPACE: u8 = 1;
/// A lead byte (0xC2, 0xE1–0xE3) that may start a non-ASCII whitespace character.
pub(crate) const MAYBE_SPACE: u8 = 2;

/// The class of every byte: [`PLAIN`], [`ASCII_SPACE`] or [`MAYBE_SPACE`].
pub(crate) const WHITESPACE_BYTE_CLASSES: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'\t'..=b'\r' | 0x1c..=0x20 => ASCII_SPACE,
            0xc2 | 0xe1..=0xe3 => MAYBE_SPACE,
            _ => PLAIN,
        };
        b += 1;
    }
    table
};

/// Length in bytes of the Python whitespace character starting at `bytes[at]`, if it is one.
/// The non-ASCII ones are matched by their UTF-8 bytes: U+0085, U+00A0 (C2 85, C2 A0), U+1680
/// (E1 9A 80), U+2000–U+200A, U+2028, U+2029, U+202F (E2 80 80–8A, A8, A9, AF), U+205F
/// (E2 81 9F) and U+3000 (E3 80 80).
#[inline(always)]
pub(crate) fn whitespace_len_at(bytes: &[u8], at: usize) -> Option<usize> {
    match WHITESPACE_BYTE_CLASSES[usize::from(bytes[at])] {
        PLAIN => None,
        ASCII_SPACE => Some(1),
        _ => match &bytes[at..] {
            [0xc2, 0x85 | 0xa0, ..] => Some(2),
            [0xe1, 0x9a, 0x80, ..]
            | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
            | [0xe2, 0x81, 0x9f, ..]
            | [0xe3, 0x80, 0x80, ..] => Some(3),
            _ => None,
        },
    }
}

/// Iterator of [`python_split`].
#[derive(Debug, Clone)]
pub struct PythonSplit<'a> {
    rest: &'a str,
}

impl<'a> Iterator for PythonSplit<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.rest.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            match whitespace_len_at(bytes, start) {
                Some(width) => start += width,
                None => break,
            }
        }
        if start == bytes.len() {
            self.rest = "";
            return None;
        }
        let mut end = start + 1;
        loop {
            // Most bytes are plain: skip them without looking further.
            while end < bytes.len() && WHITESPACE_BYTE_CLASSES[usize::from(bytes[end])] == PLAIN {
                end += 1;
            }
            if end == bytes.len() || whitespace_len_at(bytes, end).is_some() {
                break;
            }
            end += 1;
        }
        let token = &self.rest[start..end];
        self.rest = &self.rest[end..];
        Some(token)
    }
}

/// Python `s.rstrip()`.
#[inline]
pub fn python_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_python_whitespace)
}

/// Python `s.strip()`.
#[inline]
pub fn python_strip(s: &str) -> &str {
    s.trim_matches(is_python_whitespace)
}

/// Python `" ".join(s.split())` appended to `out`: whitespace runs collapsed to one space,
/// no leading or trailing space.
pub fn push_collapsed_whitespace(s: &str, out: &mut String) {
    for (i, token) in python_split(s).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_whitespace_set_matches_cpython() {
        // Every code point CPython 3.11 reports as isspace().
        let python: Vec<u32> = vec![
            0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000,
            0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
            0x2029, 0x202f, 0x205f, 0x3000,
        ];
        let ours: Vec<u32> = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_python_whitespace(c))
            .map(|c| c as u32)
            .collect();
        assert_eq!(ours, python);
    }

    #[test]
    fn whitespace_bytes_match_the_predicate_for_every_code_point() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let mut buffer = [0u8; 4];
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            assert_eq!(
                whitespace_len_at(encoded, 0),
                is_python_whitespace(c).then_some(encoded.len()),
                "U+{:04X}",
                c as u32
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_scanning_split_equals_char_predicate_split(s in "[a \\t\u{1c}-\u{1f}\u{85}\u{a0}\u{2000}-\u{200c}\u{3000}é→]{0,24}") {
            let expected: Vec<&str> = s.split(is_python_whitespace).filter(|t| !t.is_empty()).collect();
            proptest::prop_assert_eq!(python_split(&s).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn split_and_strip_follow_python() {
        let s = "\u{1f}a\u{a0}b  c\u{200b}d\u{feff} \u{3000}";
        assert_eq!(
            python_split(s).collect::<Vec<_>>(),
            vec!["a", "b", "c\u{200b}d\u{feff}"]
        );
        assert_eq!(python_rstrip(" x \u{1c}"), " x");
        assert_eq!(python_strip("\u{85} x \u{2028}"), "x");
        let mut out = String::new();
        push_collapsed_whitespace("  a \t b\u{1e}c ", &mut out);
        assert_eq!(out, "a b c");
    }
}
