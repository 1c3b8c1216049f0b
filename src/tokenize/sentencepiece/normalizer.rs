//! SentencePiece's normalizer (`normalizer.cc`): the model's precompiled character map (a Darts
//! double-array trie, longest match wins) applied left to right, user-defined symbols kept as they
//! are, leading, trailing and repeated spaces removed, a dummy-prefix space added and spaces
//! escaped as `▁` (U+2581), each as the model's normalizer spec says.

use super::one_char_len;
use super::proto::NormalizerSpec;
use super::trie::PieceTrie;

/// `▁`, SentencePiece's visible space.
pub(crate) const SPACE_SYMBOL: &str = "\u{2581}";

/// The precompiled character map: a Darts-clone double array whose values point into a block of
/// NUL-terminated replacement strings.
#[derive(Debug, Clone)]
struct CharsMap {
    units: Vec<u32>,
    replacements: Vec<u8>,
}

/// SentencePiece only looks at the first 32 matches of the common-prefix search
/// (`Normalizer::kMaxTrieResultsSize`).
const MAX_TRIE_RESULTS: usize = 32;

impl CharsMap {
    /// Splits the blob: a little-endian `u32` trie size, the trie, then the replacements.
    fn decode(blob: &[u8]) -> Result<CharsMap, String> {
        let broken = || "the normalization rule blob (precompiled_charsmap) is broken".to_string();
        let size_bytes = blob.get(..4).ok_or_else(broken)?;
        let trie_size =
            u32::from_le_bytes([size_bytes[0], size_bytes[1], size_bytes[2], size_bytes[3]])
                as usize;
        if blob.len() <= 4 || trie_size >= blob.len() {
            return Err(broken());
        }
        let trie = blob.get(4..4 + trie_size).ok_or_else(broken)?;
        let units = trie
            .chunks_exact(4)
            .map(|unit| u32::from_le_bytes([unit[0], unit[1], unit[2], unit[3]]))
            .collect();
        Ok(CharsMap {
            units,
            replacements: blob[4 + trie_size..].to_vec(),
        })
    }

    /// The longest rule matching a prefix of `input` among the first [`MAX_TRIE_RESULTS`]
    /// matches: (matched length, replacement).
    fn longest_rule(&self, input: &[u8]) -> Option<(usize, &[u8])> {
        let unit = |pos: usize| self.units.get(pos).copied();
        let offset = |unit: u32| ((unit >> 10) << ((unit & (1 << 9)) >> 6)) as usize;
        let has_leaf = |unit: u32| (unit >> 8) & 1 == 1;
        let label = |unit: u32| unit & ((1 << 31) | 0xff);
        let mut node = offset(unit(0)?);
        let mut found = 0;
        let mut longest = None;
        for (i, &byte) in input.iter().enumerate() {
            node ^= usize::from(byte);
            let current = unit(node)?;
            if label(current) != u32::from(byte) {
                break;
            }
            node ^= offset(current);
            if has_leaf(current) {
                if found < MAX_TRIE_RESULTS {
                    let value = (unit(node)? & ((1 << 31) - 1)) as usize;
                    longest = Some((i + 1, value));
                }
                found += 1;
            }
        }
        let (length, value) = longest?;
        let tail = self.replacements.get(value..).unwrap_or_default();
        let end = memchr::memchr(0, tail).unwrap_or(tail.len());
        Some((length, &tail[..end]))
    }
}

/// The normalizer of one model.
#[derive(Debug, Clone)]
pub(crate) struct Normalizer {
    charsmap: Option<CharsMap>,
    /// User-defined symbols, which are never normalized.
    user_symbols: Option<PieceTrie>,
    add_dummy_prefix: bool,
    remove_extra_whitespaces: bool,
    escape_whitespaces: bool,
    treat_whitespace_as_suffix: bool,
}

impl Normalizer {
    /// The normalizer for `spec`; `user_symbols` are the model's user-defined pieces.
    pub fn new(
        spec: &NormalizerSpec,
        user_symbols: Option<PieceTrie>,
        treat_whitespace_as_suffix: bool,
    ) -> Result<Normalizer, String> {
        let charsmap = if spec.precompiled_charsmap.is_empty() {
            None
        } else {
            Some(CharsMap::decode(&spec.precompiled_charsmap)?)
        };
        Ok(Normalizer {
            charsmap,
            user_symbols,
            add_dummy_prefix: spec.add_dummy_prefix,
            remove_extra_whitespaces: spec.remove_extra_whitespaces,
            escape_whitespaces: spec.escape_whitespaces,
            treat_whitespace_as_suffix,
        })
    }

    /// `NormalizePrefix`: the normalized form of the longest rule at the start of `input` (a user
    /// symbol, a character-map rule, else one character unchanged, or U+FFFD for a byte that
    /// starts no valid UTF-8 character) and how many bytes it consumes.
    #[inline]
    fn normalize_prefix<'a>(&'a self, input: &'a [u8]) -> (&'a [u8], usize) {
        if let Some(length) = self
            .user_symbols
            .as_ref()
            .and_then(|s| s.longest_prefix(input))
        {
            return (&input[..length], length);
        }
        if let Some((length, replacement)) =
            self.charsmap.as_ref().and_then(|m| m.longest_rule(input))
        {
            return (replacement, length);
        }
        if input[0] < 0x80 {
            return (&input[..1], 1);
        }
        let length = one_char_len(input[0]);
        match input
            .get(..length)
            .filter(|c| std::str::from_utf8(c).is_ok())
        {
            Some(character) => (character, length),
            None => ("\u{fffd}".as_bytes(), 1),
        }
    }

    fn push_space(&self, out: &mut Vec<u8>) {
        if self.escape_whitespaces {
            out.extend_from_slice(SPACE_SYMBOL.as_bytes());
        } else {
            out.push(b' ');
        }
    }

    /// Replaces `out` with the normalized `input` (`Normalizer::Normalize`).
    pub fn normalize(&self, input: &str, out: &mut Vec<u8>) {
        out.clear();
        // Bytes, not characters: a character-map rule may end inside a character.
        let mut input = input.as_bytes();
        if self.remove_extra_whitespaces {
            while !input.is_empty() {
                let (normalized, consumed) = self.normalize_prefix(input);
                if normalized != b" " {
                    break;
                }
                input = &input[consumed..];
            }
        }
        if input.is_empty() {
            return;
        }
        if !self.treat_whitespace_as_suffix && self.add_dummy_prefix {
            self.push_space(out);
        }
        let mut is_prev_space = self.remove_extra_whitespaces;
        while !input.is_empty() {
            let (mut normalized, consumed) = self.normalize_prefix(input);
            if is_prev_space {
                while let [b' ', rest @ ..] = normalized {
                    normalized = rest;
                }
            }
            if !normalized.is_empty() {
                for &byte in normalized {
                    if self.escape_whitespaces && byte == b' ' {
                        out.extend_from_slice(SPACE_SYMBOL.as_bytes());
                    } else {
                        out.push(byte);
                    }
                }
                is_prev_space = normalized.ends_with(b" ");
            }
            input = &input[consumed..];
            if !self.remove_extra_whitespaces {
                is_prev_space = false;
            }
        }
        if self.remove_extra_whitespaces {
            let space: &[u8] = if self.escape_whitespaces {
                SPACE_SYMBOL.as_bytes()
            } else {
                b" "
            };
            while out.ends_with(space) {
                out.truncate(out.len() - space.len());
            }
        }
        if self.treat_whitespace_as_suffix && self.add_dummy_prefix {
            self.push_space(out);
        }
    }
}
