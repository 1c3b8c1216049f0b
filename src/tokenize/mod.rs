//! BLEU tokenizers, bit-exact with sacreBLEU 2.6 (`13a`, `intl`, `zh`, `char`, `none`, and the
//! SentencePiece tokenizers `flores101`, `flores200`, `spBLEU-1K`), behind one [`Tokenizer`]
//! trait, plus the regex passes they share, implemented as single linear scans with the leftmost,
//! non-overlapping semantics of Python's `re.sub`.

pub mod cached;
mod char;
mod intl;
pub mod mecab;
mod none;
pub mod sentencepiece;
mod t13a;
pub mod tercom;
mod zh;

use crate::error::{Error, Result, Setting};
use crate::text::{ASCII_SPACE, MAYBE_SPACE, PLAIN, WHITESPACE_BYTE_CLASSES};
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;

pub use self::char::CharTokenizer;
pub use cached::CachedTokenizer;
pub use intl::IntlTokenizer;
pub use mecab::{MecabLanguage, MecabTokenizer};
pub use none::NoneTokenizer;
pub use sentencepiece::{SentencePieceModel, SentencePieceTokenizer};
pub use t13a::Tokenizer13a;
pub use zh::ZhTokenizer;

/// Turns one line into space-separated tokens.
pub trait Tokenizer: Send + Sync + std::fmt::Debug {
    /// The name sacreBLEU prints in signatures (`13a`, `intl`, …).
    fn signature(&self) -> &str;
    /// Appends the tokenized `line` to `out` in normal form: tokens separated by single ASCII
    /// spaces, none leading or trailing (sacreBLEU's `" ".join(line.split())`), so callers split
    /// on `' '`.
    fn tokenize_into(&self, line: &str, out: &mut String);

    /// Convenience wrapper returning a fresh string.
    fn tokenize(&self, line: &str) -> String {
        let mut out = String::with_capacity(line.len() + line.len() / 4);
        self.tokenize_into(line, &mut out);
        out
    }
}

/// Every tokenizer name sacreBLEU accepts, including the ones mteval does not provide yet.
pub const TOKENIZER_NAMES: &[&str] = &[
    "none",
    "13a",
    "intl",
    "zh",
    "char",
    "ja-mecab",
    "ko-mecab",
    "spm",
    "flores101",
    "flores200",
    "spBLEU-1K",
];

/// Where the tokenizers that need files of their own (MeCab dictionaries, SentencePiece models)
/// find them when the user names them; `None` means "look where sacreBLEU's users have them".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenizerFiles {
    /// A MeCab dictionary directory (`--mecab-dic`).
    pub mecab_dictionary: Option<PathBuf>,
    /// A SentencePiece model file (`--spm-model`).
    pub spm_model: Option<PathBuf>,
}

/// Looks a tokenizer up by its sacreBLEU name (`--tokenize`), with files found in their default
/// places.
pub fn tokenizer_by_name(name: &str) -> Result<Arc<dyn Tokenizer>> {
    tokenizer_with_files(name, &TokenizerFiles::default())
}

/// Looks a tokenizer up by its sacreBLEU name (`--tokenize`), loading the dictionary or model
/// it needs from `files` where given.
pub fn tokenizer_with_files(name: &str, files: &TokenizerFiles) -> Result<Arc<dyn Tokenizer>> {
    if let Some(spec) = sentencepiece::SpmTokenizerSpec::by_name(name) {
        return Ok(Arc::new(SentencePieceTokenizer::load(
            spec,
            files.spm_model.as_deref(),
        )?));
    }
    Ok(match name {
        "none" => Arc::new(NoneTokenizer),
        "13a" => Arc::new(Tokenizer13a),
        "intl" => Arc::new(IntlTokenizer),
        "zh" => Arc::new(ZhTokenizer),
        "char" => Arc::new(CharTokenizer),
        "ja-mecab" => Arc::new(
            MecabTokenizer::locate(MecabLanguage::Japanese, files.mecab_dictionary.as_deref())?.0,
        ),
        "ko-mecab" => Arc::new(
            MecabTokenizer::locate(MecabLanguage::Korean, files.mecab_dictionary.as_deref())?.0,
        ),
        _ => {
            // Offer only the tokenizers this build can run.
            let available: Vec<&str> = TOKENIZER_NAMES
                .iter()
                .copied()
                .filter(|known| tokenizer_with_files(known, files).is_ok())
                .collect();
            return Err(Error::invalid_option(
                Setting::Tokenizer,
                name,
                format!("unknown tokenizer; choose one of {}", available.join(", ")),
            ));
        }
    })
}

/// sacreBLEU's default tokenizer for a target language (`-l SRC-TGT`): `zh`, `ja-mecab` and
/// `ko-mecab` for Chinese, Japanese and Korean, `13a` otherwise.
pub fn default_tokenizer_for(target_language: Option<&str>) -> &'static str {
    match target_language {
        Some("zh") => "zh",
        Some("ja") => "ja-mecab",
        Some("ko") => "ko-mecab",
        _ => "13a",
    }
}

/// Where a pair pass puts spaces around the two matched units.
#[derive(Clone, Copy)]
pub(crate) enum PairSpacing {
    /// `\1 \2 `: between the two and after the second.
    BetweenAndAfter,
    /// ` \1 \2`: before the first and between the two.
    BeforeAndBetween,
}

/// One `re.sub(r'(A)(B)', …)` pass over units (bytes or chars) where `A` and `B` each match a
/// single unit: leftmost, non-overlapping matches, exactly as Python's regex engine finds them.
pub(crate) fn pair_pass<T: Copy>(
    input: &[T],
    out: &mut Vec<T>,
    space: T,
    first: impl Fn(T) -> bool,
    second: impl Fn(T) -> bool,
    spacing: PairSpacing,
) {
    out.clear();
    let mut i = 0;
    while i < input.len() {
        let a = input[i];
        if i + 1 < input.len() && first(a) && second(input[i + 1]) {
            let b = input[i + 1];
            match spacing {
                PairSpacing::BetweenAndAfter => out.extend_from_slice(&[a, space, b, space]),
                PairSpacing::BeforeAndBetween => out.extend_from_slice(&[space, a, space, b]),
            }
            i += 2;
        } else {
            out.push(a);
            i += 1;
        }
    }
}

/// Which unit of a two-unit pattern is a fixed ASCII byte (the anchor searched for).
#[derive(Clone, Copy)]
pub(crate) enum Anchor {
    First,
    Second,
}

/// [`pair_pass`] over UTF-8 bytes for a pattern whose `anchor` unit is one of the ASCII bytes
/// `anchors` (one or two): it jumps from anchor to anchor with `memchr` and copies the text in
/// between in bulk. Same matches as [`pair_pass`] (leftmost, non-overlapping).
pub(crate) fn anchored_pair_pass(
    input: &[u8],
    out: &mut Vec<u8>,
    anchors: &[u8],
    anchor: Anchor,
    other: impl Fn(u8) -> bool,
    spacing: PairSpacing,
) {
    let find = |from: usize| -> Option<usize> {
        let haystack = input.get(from..)?;
        let found = match anchors {
            [a] => memchr::memchr(*a, haystack),
            [a, b] => memchr::memchr2(*a, *b, haystack),
            _ => unreachable!("one or two anchor bytes"),
        };
        found.map(|offset| from + offset)
    };
    out.clear();
    out.reserve(input.len() + input.len() / 2);
    let emit = |out: &mut Vec<u8>, a: u8, b: u8| match spacing {
        PairSpacing::BetweenAndAfter => out.extend_from_slice(&[a, b' ', b, b' ']),
        PairSpacing::BeforeAndBetween => out.extend_from_slice(&[b' ', a, b' ', b]),
    };
    // input[..copied] is already in `out`; matches may start at `copied` or later.
    let mut copied = 0;
    let mut from = match anchor {
        Anchor::First => 0,
        Anchor::Second => 1,
    };
    while let Some(p) = find(from) {
        match anchor {
            Anchor::First => {
                if p + 1 < input.len() && other(input[p + 1]) {
                    out.extend_from_slice(&input[copied..p]);
                    emit(out, input[p], input[p + 1]);
                    copied = p + 2;
                    from = copied;
                } else {
                    from = p + 1;
                }
            }
            Anchor::Second => {
                if p > copied && other(input[p - 1]) {
                    out.extend_from_slice(&input[copied..p - 1]);
                    emit(out, input[p - 1], input[p]);
                    copied = p + 1;
                    from = copied + 1;
                } else {
                    from = p + 1;
                }
            }
        }
    }
    out.extend_from_slice(&input[copied.min(input.len())..]);
}

/// `re.sub(r'(C)', r' \1 ', …)` for a single-unit class `C`.
pub(crate) fn isolate_pass<T: Copy>(
    input: &[T],
    out: &mut Vec<T>,
    space: T,
    class: impl Fn(T) -> bool,
) {
    out.clear();
    for &unit in input {
        if class(unit) {
            out.extend_from_slice(&[space, unit, space]);
        } else {
            out.push(unit);
        }
    }
}

/// The character class of 13a's first pass: `[\{-\~\[-\` -\&\(-\+\:-\@\/]`.
#[inline]
pub(crate) const fn is_13a_symbol(b: u8) -> bool {
    matches!(b, b'{'..=b'~' | b'['..=b'`' | b' '..=b'&' | b'('..=b'+' | b':'..=b'@' | b'/')
}

/// [`is_13a_symbol`] as a lookup table, without the space: padding a space with spaces changes
/// nothing once [`v13a_regex_passes`] collapses whitespace (passes 2–4 only ever see a space as
/// `[^0-9]`, and a run of one space or three borders the same characters), so the first pass
/// leaves spaces alone and copies whole words in bulk.
const V13A_SYMBOLS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b != b' ' as usize && is_13a_symbol(b as u8);
        b += 1;
    }
    table
};

/// 13a's first pass over UTF-8 bytes (`re.sub(r'([…])', r' \1 ', …)`) up to the number of
/// spaces (see [`V13A_SYMBOLS`]), written to `out` between a leading and a trailing space when
/// `padded` (13a's `f" {line} "`, without building the padded line): the class is ASCII, so runs
/// between symbols are copied in bulk.
fn isolate_13a_symbols(input: &[u8], padded: bool, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(input.len() + input.len() / 2 + 2);
    if padded {
        out.push(b' ');
    }
    let mut copied = 0;
    for (i, &b) in input.iter().enumerate() {
        if V13A_SYMBOLS[usize::from(b)] {
            out.extend_from_slice(&input[copied..i]);
            out.extend_from_slice(&[b' ', b, b' ']);
            copied = i + 1;
        }
    }
    out.extend_from_slice(&input[copied..]);
    if padded {
        out.push(b' ');
    }
}

/// Passes 2 and 3 of mteval-v13a: split periods and commas not adjacent to a digit. Works on
/// UTF-8 bytes: every pattern unit that is not "any non-digit" is ASCII, so byte matches coincide
/// with code-point matches. The result is in `bytes`.
fn split_periods_and_commas(bytes: &mut Vec<u8>, scratch: &mut Vec<u8>) {
    let not_digit = |b: u8| !b.is_ascii_digit();
    // ([^0-9])([\.,]) → \1 \2
    anchored_pair_pass(
        bytes,
        scratch,
        b".,",
        Anchor::Second,
        not_digit,
        PairSpacing::BetweenAndAfter,
    );
    // ([\.,])([^0-9]) → ␣\1 \2
    anchored_pair_pass(
        scratch,
        bytes,
        b".,",
        Anchor::First,
        not_digit,
        PairSpacing::BeforeAndBetween,
    );
}

/// Passes 2–4 of mteval-v13a, for normalized TER: split periods and commas not adjacent to a
/// digit (see [`split_periods_and_commas`]), and a hyphen after a digit.
pub(crate) fn v13a_punctuation_passes(bytes: &mut Vec<u8>, scratch: &mut Vec<u8>) {
    split_periods_and_commas(bytes, scratch);
    // ([0-9])(-) → \1 \2
    anchored_pair_pass(
        bytes,
        scratch,
        b"-",
        Anchor::Second,
        |b| b.is_ascii_digit(),
        PairSpacing::BetweenAndAfter,
    );
    std::mem::swap(bytes, scratch);
}

thread_local! {
    /// The two byte buffers the v13a passes alternate between, kept per thread: 13a tokenizes
    /// every line of a corpus, and allocating and freeing them for each line was a tenth of its
    /// instructions.
    static V13A_BUFFERS: RefCell<(Vec<u8>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// All four v13a regex passes (symbols, then periods, commas and hyphens) over `text`, padded
/// with a space on either side when `padded`, the result appended to `out` in normal form. Shared
/// by `13a` (after its unescaping) and `zh` (after isolating Chinese characters).
pub(crate) fn v13a_regex_passes(text: &str, padded: bool, out: &mut String) {
    V13A_BUFFERS.with(|buffers| {
        let (bytes, scratch) = &mut *buffers.borrow_mut();
        isolate_13a_symbols(text.as_bytes(), padded, bytes);
        split_periods_and_commas(bytes, scratch);
        push_tokens_splitting_digit_hyphens(bytes, out);
    });
}

/// A hyphen, the byte v13a's last pass looks at besides Python's whitespace.
const HYPHEN: u8 = 3;

/// The byte classes of [`push_tokens_splitting_digit_hyphens`]: Python's whitespace classes
/// ([`WHITESPACE_BYTE_CLASSES`]) with the hyphen in a class of its own.
const FINAL_PASS_CLASSES: [u8; 256] = {
    let mut table = WHITESPACE_BYTE_CLASSES;
    table[b'-' as usize] = HYPHEN;
    table
};

/// v13a's last pass, `re.sub(r'([0-9])(-)', r'\1 \2 ', …)`, fused with the whitespace collapse
/// that follows it (`" ".join(line.split())`, Python's whitespace, U+00A0 and U+3000 included)
/// and appended to `out`: one walk of the UTF-8 bytes instead of a pass writing a buffer and a
/// split reading it back. Every hyphen right after a digit becomes a token of its own (the
/// pattern's two units differ, so its matches never overlap).
fn push_tokens_splitting_digit_hyphens(bytes: &[u8], out: &mut String) {
    // SAFETY: `out` ends up holding what it held, then ASCII spaces and hyphens and whole UTF-8
    // characters of `bytes` (valid UTF-8, as passes 1–3 only insert ASCII spaces next to ASCII
    // bytes): a whitespace character is skipped whole, every other byte is copied, and what
    // lies past the last byte written (the zeros written first, bytes [`copy_plain_run`] wrote
    // ahead) is truncated away.
    let out = unsafe { out.as_mut_vec() };
    let start = out.len();
    // Room for the worst case, written by index (pushing each byte cost an eighth more
    // instructions): a byte becomes at most two (a split hyphen, one byte after its digit, three:
    // ` - `), and a collapsed run of whitespace one space.
    out.resize(start + 2 * bytes.len(), 0);
    let buffer = &mut out[..];
    let mut written = start;
    // Whitespace was skipped since the last token byte (and a token came before it).
    let mut gap = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match FINAL_PASS_CLASSES[usize::from(b)] {
            PLAIN => {
                if gap {
                    buffer[written] = b' ';
                    written += 1;
                    gap = false;
                }
                let run = copy_plain_run(&bytes[i..], &mut buffer[written..]);
                written += run;
                i += run;
                continue;
            }
            ASCII_SPACE => {
                gap = written != start;
                i += 1;
                continue;
            }
            MAYBE_SPACE => {
                if let Some(width) = crate::text::whitespace_len_at(bytes, i) {
                    gap = written != start;
                    i += width;
                    continue;
                }
            }
            // The digit before it was just copied (no gap pending).
            HYPHEN if i > 0 && bytes[i - 1].is_ascii_digit() => {
                buffer[written..written + 2].copy_from_slice(b" -");
                written += 2;
                gap = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        if gap {
            buffer[written] = b' ';
            written += 1;
            gap = false;
        }
        buffer[written] = b;
        written += 1;
        i += 1;
    }
    out.truncate(written);
}

/// Copies the leading run of `from` that is [`PLAIN`] in [`FINAL_PASS_CLASSES`] to the start of
/// `to` and returns its length (`from[0]` is plain, so at least 1 while `to` has room). Eight
/// bytes at a time while both have room: a word of eight is copied whole and its plain prefix
/// found without a branch per byte (bytes of `to` past the run's end are left written: the
/// caller writes over or truncates them); a byte the word test stops at is then checked
/// exactly, and copied if plain (0xE0, which leads every character of Devanagari or Thai text,
/// stops the test but is plain); near the end of either slice, byte by byte.
#[inline]
fn copy_plain_run(from: &[u8], to: &mut [u8]) -> usize {
    let mut run = 0;
    loop {
        while let (Some(source), Some(target)) = (
            from[run..].first_chunk::<8>(),
            to[run..].first_chunk_mut::<8>(),
        ) {
            *target = *source;
            let plain = bytes_before_possible_stop(u64::from_le_bytes(*source));
            run += plain;
            if plain < 8 {
                break;
            }
        }
        match (from.get(run), to.get_mut(run)) {
            (Some(&byte), Some(target)) if FINAL_PASS_CLASSES[usize::from(byte)] == PLAIN => {
                *target = byte;
                run += 1;
            }
            _ => return run,
        }
    }
}

/// How many of `word`'s bytes (in memory order) come before the first that may end a plain run
/// of [`FINAL_PASS_CLASSES`] (8 if none may): every byte below 0x21 (Python's ASCII whitespace
/// among them), the hyphen, 0xC2 and 0xE0–0xE3 (the lead bytes of non-ASCII whitespace among
/// them). Per byte, the classic test for a zero byte, `(v - 1) & !v & 0x80`: a borrow only
/// travels up from a byte that matched, so the lowest flag is exact.
#[inline]
fn bytes_before_possible_stop(word: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v & HIGH_BITS;
    let below_0x21 = word.wrapping_sub(ONES * 0x21) & !word & HIGH_BITS;
    let hyphens = zero_bytes(word ^ (ONES * u64::from(b'-')));
    let lead_c2 = zero_bytes(word ^ (ONES * 0xc2));
    let lead_e0_to_e3 = zero_bytes((word & (ONES * 0xfc)) ^ (ONES * 0xe0));
    ((below_0x21 | hyphens | lead_c2 | lead_e0_to_e3).trailing_zeros() / 8) as usize
}

/// Splits tokenizer output (normal form, see [`Tokenizer::tokenize_into`]) into tokens. Normal
/// form holds no whitespace but single spaces, so splitting on ASCII whitespace is splitting on
/// spaces, with a plain byte scan (no `memchr` call per short token).
#[inline]
pub fn tokens(normalized: &str) -> impl Iterator<Item = &str> {
    normalized.split_ascii_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_pass_is_non_overlapping() {
        let mut out = Vec::new();
        // (x)(.) in "a.." matches "a." once; the second period has no unconsumed left partner.
        pair_pass(
            b" a.. ",
            &mut out,
            b' ',
            |b| !b.is_ascii_digit(),
            |b| b == b'.',
            PairSpacing::BetweenAndAfter,
        );
        assert_eq!(out, b" a . . ");
    }

    proptest::proptest! {
        #[test]
        fn v13a_passes_equal_the_unit_by_unit_passes(
            text in "[a1 .,\\-é(){}\\[\\]$@/&;\t\u{1c}\u{85}\u{a0}\u{2000}\u{200b}\u{3000}]{0,24}",
            padded: bool,
        ) {
            proptest::prop_assert_eq!(v13a_passes(&text, padded), v13a_unit_by_unit(&text, padded));
        }

        #[test]
        fn v13a_passes_on_long_words_equal_the_unit_by_unit_passes(
            // Words long enough to be copied eight bytes at a time, with a digit before a
            // hyphen, U+00A0, U+0800 (lead byte 0xE0) and Devanagari at various offsets.
            text in "([a1 .,\\-é\t\u{a0}\u{3000}]|abcdefghijk|abcdefg1-hijk|xyz\u{a0}wvutsr|qrstuv\u{800}wxyz|\u{928}\u{92e}\u{938}\u{94d}\u{924}\u{947}){0,12}",
            padded: bool,
        ) {
            proptest::prop_assert_eq!(v13a_passes(&text, padded), v13a_unit_by_unit(&text, padded));
        }

        #[test]
        fn the_first_possible_stop_is_found_in_any_word(bytes: [u8; 8]) {
            let possible_stop =
                |b: u8| b < 0x21 || b == b'-' || b == 0xc2 || (0xe0..=0xe3).contains(&b);
            let expected = bytes.iter().position(|&b| possible_stop(b)).unwrap_or(8);
            proptest::prop_assert_eq!(bytes_before_possible_stop(u64::from_le_bytes(bytes)), expected);
        }

        #[test]
        fn a_plain_run_is_copied_whole_and_no_further(
            first in proptest::sample::select(vec![b'a', b'Z', 0xc3, 0xa0, 0x01, 0xe0, 0xe4]),
            rest in proptest::collection::vec(
                proptest::sample::select(vec![
                    b'a', b'a', b'a', b'a', b'Z', 0xc3, 0xa0, 0x01, 0xe0, 0xe4,
                    b' ', b'\t', 0x0b, 0x1c, b'-', 0xc2, 0xe1, 0xe2, 0xe3,
                ]),
                0..40,
            ),
            room in 0usize..12,
        ) {
            let from = [&[first][..], &rest].concat();
            let mut to = vec![0; from.len() + room];
            let expected = from
                .iter()
                .take_while(|&&b| FINAL_PASS_CLASSES[usize::from(b)] == PLAIN)
                .count();
            let run = copy_plain_run(&from, &mut to);
            proptest::prop_assert_eq!(run, expected);
            proptest::prop_assert_eq!(&to[..run], &from[..run]);
        }

        #[test]
        fn anchored_pass_equals_unit_by_unit_pass(text in "[a1 .,\\-é]{0,16}") {
            let bytes = text.as_bytes();
            let not_digit = |b: u8| !b.is_ascii_digit();
            let is_anchor = |b: u8| b == b'.' || b == b',';
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            for (anchor, spacing) in [
                (Anchor::First, PairSpacing::BeforeAndBetween),
                (Anchor::Second, PairSpacing::BetweenAndAfter),
            ] {
                anchored_pair_pass(bytes, &mut fast, b".,", anchor, not_digit, spacing);
                match anchor {
                    Anchor::First => pair_pass(bytes, &mut slow, b' ', is_anchor, not_digit, spacing),
                    Anchor::Second => pair_pass(bytes, &mut slow, b' ', not_digit, is_anchor, spacing),
                }
                proptest::prop_assert_eq!(&fast, &slow);
            }
        }
    }

    /// 13a's passes appended to a string already holding "kept " (so that appending is tested
    /// too), the space taken back when they add nothing: the form of [`v13a_unit_by_unit`].
    fn v13a_passes(text: &str, padded: bool) -> String {
        let mut fast = String::from("kept ");
        v13a_regex_passes(text, padded, &mut fast);
        if fast == "kept " {
            fast.pop();
        }
        fast
    }

    /// The four regex passes exactly as sacreBLEU applies them, one unit at a time, then
    /// `" ".join(line.split())`, after "kept".
    fn v13a_unit_by_unit(text: &str, padded: bool) -> String {
        let input = if padded {
            format!(" {text} ")
        } else {
            text.to_string()
        };
        let (mut slow, mut scratch) = (Vec::new(), Vec::new());
        isolate_pass(input.as_bytes(), &mut slow, b' ', is_13a_symbol);
        v13a_punctuation_passes(&mut slow, &mut scratch);
        let mut expected = String::from("kept");
        for token in crate::text::python_split(std::str::from_utf8(&slow).unwrap()) {
            expected.push(' ');
            expected.push_str(token);
        }
        expected
    }

    #[test]
    fn every_byte_that_ends_a_plain_run_stops_the_word_test() {
        for byte in 0..=u8::MAX {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = byte;
                let found = bytes_before_possible_stop(u64::from_le_bytes(word));
                if FINAL_PASS_CLASSES[usize::from(byte)] == PLAIN {
                    assert!(found == at || found == 8, "{byte:#x} at {at}: {found}");
                } else {
                    assert_eq!(found, at, "{byte:#x} at {at}");
                }
            }
        }
    }

    #[test]
    fn unknown_tokenizers_are_errors() {
        let err = tokenizer_by_name("13b").unwrap_err().to_string();
        assert!(
            err.contains("for tokenizer") && err.contains("unknown tokenizer"),
            "{err}"
        );
        // Only runnable tokenizers are offered (MeCab and SentencePiece ones when their files are
        // found).
        assert!(err.contains("none, 13a, intl, zh, char"), "{err}");
        assert_eq!(tokenizer_by_name("intl").unwrap().signature(), "intl");
    }

    #[test]
    fn language_picks_default_tokenizer() {
        assert_eq!(default_tokenizer_for(Some("zh")), "zh");
        assert_eq!(default_tokenizer_for(Some("ja")), "ja-mecab");
        assert_eq!(default_tokenizer_for(Some("de")), "13a");
        assert_eq!(default_tokenizer_for(None), "13a");
    }
}
