//! Scripts written without spaces between words: there a character, not a space-separated
//! word, is the unit of length, alignment and word-level analysis.

/// True for a character of a script written without spaces between words: Han ideographs
/// (with extension A, the compatibility ideographs and extensions B and later), Hiragana and
/// Katakana (with the phonetic extensions and half-width forms), Thai, Lao, Tibetan, Myanmar
/// and Khmer. Hangul is not among them: Korean puts spaces between words.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x3FFFF  // CJK extensions B and later
        | 0x0E00..=0x0EFF    // Thai, Lao
        | 0x0F00..=0x0FFF    // Tibetan
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF) // Khmer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspaced_scripts_exclude_hangul_and_latin() {
        for c in ['中', 'の', 'カ', 'ｶ', 'ไ', 'ລ', 'ཀ', 'မ', 'ក', '𠀀'] {
            assert!(is_unspaced_script(c), "{c}");
        }
        for c in ['a', 'é', '한', 'Ж', '1', ' '] {
            assert!(!is_unspaced_script(c), "{c}");
        }
    }
}
