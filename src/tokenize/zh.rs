//! sacreBLEU's `zh` tokenizer: every "Chinese" code point becomes its own token, then the v13a
//! regex passes run (without 13a's unescaping and padding). The "Chinese" set reproduces
//! sacreBLEU's range table including its known quirk (sacreBLEU issue #298): the rows meant for
//! CJK Extension B and the Compatibility Supplement were written as 5-hex-digit `\u` escapes and
//! act as U+2001–U+2A6D and U+2F81–U+2FA1; nothing above U+FFFF counts.

use super::{v13a_regex_passes, Tokenizer};
use crate::text::python_strip;

/// The `zh` tokenizer.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZhTokenizer;

/// The effective code-point ranges sacreBLEU 2.6 treats as Chinese (inclusive).
const CHINESE_RANGES: &[(u32, u32)] = &[
    (0x2001, 0x2A6D),
    (0x2E80, 0x2FDF),
    (0x2FF0, 0x303F),
    (0x3100, 0x312F),
    (0x31A0, 0x31EF),
    (0x3200, 0x4DB5),
    (0x4E00, 0x9FBB),
    (0xF900, 0xFA2D),
    (0xFA30, 0xFA6A),
    (0xFA70, 0xFAD9),
    (0xFE10, 0xFE1F),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
];

/// True when sacreBLEU's `zh` tokenizer isolates `c` as a token of its own.
pub fn is_chinese_for_sacrebleu(c: char) -> bool {
    let cp = c as u32;
    cp >= 0x2001
        && CHINESE_RANGES
            .iter()
            .any(|&(start, end)| (start..=end).contains(&cp))
}

impl Tokenizer for ZhTokenizer {
    fn signature(&self) -> &str {
        "zh"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        let line = python_strip(line);
        let mut spaced = String::with_capacity(line.len() * 2);
        for c in line.chars() {
            if is_chinese_for_sacrebleu(c) {
                spaced.push(' ');
                spaced.push(c);
                spaced.push(' ');
            } else {
                spaced.push(c);
            }
        }
        v13a_regex_passes(&spaced, false, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example() {
        assert_eq!(
            ZhTokenizer.tokenize("价格是100元,好吗?He said “hi”…"),
            "价 格 是 100 元 , 好 吗 ? He said “ hi ” …"
        );
    }

    #[test]
    fn range_quirk_is_reproduced() {
        assert!(is_chinese_for_sacrebleu('→'));
        assert!(is_chinese_for_sacrebleu('€'));
        assert!(!is_chinese_for_sacrebleu('\u{20000}'));
        assert!(!is_chinese_for_sacrebleu('か'));
        assert!(!is_chinese_for_sacrebleu('\u{2000}'));
        assert_eq!(
            ZhTokenizer.tokenize("𠀀𠀁 かな in 1990."),
            "𠀀𠀁 かな in 1990."
        );
    }
}
