//! sacreBLEU's `intl` tokenizer (mteval-v14 `--international-tokenization`): punctuation split off
//! unless next to a number, symbols isolated, using Unicode general categories. Keeps v14's
//! documented quirk that a number followed by a final period stays one token.

use super::{isolate_pass, pair_pass, PairSpacing, Tokenizer};
use unicode_general_category::{get_general_category, GeneralCategory as Gc};

/// The `intl` tokenizer.
#[derive(Debug, Clone, Copy, Default)]
pub struct IntlTokenizer;

fn is_number(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::DecimalNumber | Gc::LetterNumber | Gc::OtherNumber
    )
}

fn is_punctuation(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::ConnectorPunctuation
            | Gc::DashPunctuation
            | Gc::OpenPunctuation
            | Gc::ClosePunctuation
            | Gc::InitialPunctuation
            | Gc::FinalPunctuation
            | Gc::OtherPunctuation
    )
}

fn is_symbol(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::MathSymbol | Gc::CurrencySymbol | Gc::ModifierSymbol | Gc::OtherSymbol
    )
}

impl Tokenizer for IntlTokenizer {
    fn signature(&self) -> &str {
        "intl"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        let chars: Vec<char> = line.chars().collect();
        let mut a = Vec::with_capacity(chars.len() * 2);
        let mut b = Vec::with_capacity(chars.len() * 2);
        pair_pass(
            &chars,
            &mut a,
            ' ',
            |c| !is_number(c),
            is_punctuation,
            PairSpacing::BetweenAndAfter,
        );
        pair_pass(
            &a,
            &mut b,
            ' ',
            is_punctuation,
            |c| !is_number(c),
            PairSpacing::BeforeAndBetween,
        );
        isolate_pass(&b, &mut a, ' ', is_symbol);
        let text: String = a.into_iter().collect();
        crate::text::push_collapsed_whitespace(&text, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbers_joined_and_splits_punctuation() {
        assert_eq!(
            IntlTokenizer.tokenize("It's 1,000.5 and 1-2 -5 in 1990."),
            "It ' s 1,000.5 and 1-2 - 5 in 1990."
        );
        assert_eq!(IntlTokenizer.tokenize("a+b=$5"), "a + b = $ 5");
    }
}
