//! sacreBLEU's `char` tokenizer: every code point is a token (whitespace separates nothing more).

use super::Tokenizer;
use crate::text::is_python_whitespace;

/// The `char` tokenizer.
#[derive(Debug, Clone, Copy, Default)]
pub struct CharTokenizer;

impl Tokenizer for CharTokenizer {
    fn signature(&self) -> &str {
        "char"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        let mut first = true;
        for c in line.chars().filter(|&c| !is_python_whitespace(c)) {
            if !first {
                out.push(' ');
            }
            out.push(c);
            first = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_token_per_code_point() {
        assert_eq!(CharTokenizer.tokenize("ab c\u{301}"), "a b c \u{301}");
    }
}
