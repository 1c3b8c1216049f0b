//! sacreBLEU's `none` tokenizer: the line is split on whitespace as it stands.

use crate::text::push_collapsed_whitespace;

use super::Tokenizer;

/// The `none` tokenizer.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoneTokenizer;

impl Tokenizer for NoneTokenizer {
    fn signature(&self) -> &str {
        "none"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        push_collapsed_whitespace(line, out);
    }
}
