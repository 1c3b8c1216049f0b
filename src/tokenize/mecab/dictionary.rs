//! A compiled MeCab dictionary file (`sys.dic`, `unk.dic`), memory-mapped: the header, the
//! double-array trie (Darts) over surface bytes and the fixed-size token records it points to.

use crate::error::{Error, Result, Setting};
use memmap2::Mmap;
use std::fs::File;
use std::ops::Range;
use std::path::Path;

/// XORed with the file size in the first header word of every MeCab dictionary.
const MAGIC: u32 = 0xef71_8f77;
/// The only dictionary format version MeCab 0.996 reads.
const VERSION: u32 = 102;
/// Ten `u32` header words and a 32-byte charset name.
const HEADER_LEN: usize = 10 * 4 + 32;
/// `Token`: lcAttr, rcAttr, posid (u16), wcost (i16), feature, compound (u32).
const TOKEN_LEN: usize = 16;
/// `Darts` unit: base (i32), check (u32).
const UNIT_LEN: usize = 8;

/// The part of a dictionary entry the analyzer needs (MeCab's `Token` without the features).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    /// Left context id (`lcAttr`): the column of the connection matrix when this is the right node.
    pub left_id: u16,
    /// Right context id (`rcAttr`): the row of the connection matrix when this is the left node.
    pub right_id: u16,
    /// Part-of-speech id (mecab-ko's space penalty is keyed by it).
    pub pos_id: u16,
    /// Word cost.
    pub cost: i16,
}

/// One memory-mapped dictionary file.
#[derive(Debug)]
pub(super) struct Dictionary {
    map: Mmap,
    entries: u32,
    left_size: u32,
    right_size: u32,
    charset: String,
    trie: Range<usize>,
    tokens: Range<usize>,
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

/// A broken or foreign dictionary file: names the file and what is wrong.
pub(super) fn broken(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::invalid_option(
        Setting::MecabDictionary,
        path.display().to_string(),
        format!("not a MeCab 0.996 dictionary file: {reason}"),
    )
}

/// Memory-maps `path` read-only.
pub(super) fn map_file(path: &Path) -> Result<Mmap> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    // SAFETY: the dictionary files are read-only inputs; like MeCab, we assume nobody rewrites
    // them while they are mapped.
    unsafe { Mmap::map(&file) }.map_err(|e| Error::io(path, e))
}

/// A UTF-8 continuation byte (`10xxxxxx`): not the first byte of a character.
#[inline]
fn is_continuation(byte: u8) -> bool {
    byte & 0xc0 == 0x80
}

/// Darts unit `index` of `units`: (base, check); `None` past the end of the array.
#[inline]
fn unit(units: &[u8], index: usize) -> Option<(i32, u32)> {
    let at = index.checked_mul(UNIT_LEN)?;
    let bytes: [u8; UNIT_LEN] = units.get(at..at.checked_add(UNIT_LEN)?)?.try_into().ok()?;
    let word = u64::from_le_bytes(bytes);
    Some((word as u32 as i32, (word >> 32) as u32))
}

/// The value stored for the key that ends at node `base`, if a key ends there.
#[inline]
fn terminal_value(units: &[u8], base: i32) -> Option<u32> {
    let (value, check) = unit(units, base as u32 as usize)?;
    (check == base as u32 && value < 0).then_some(!value as u32)
}

/// The node reached from node `base` by byte `byte`.
#[inline]
fn child(units: &[u8], base: i32, byte: u8) -> Option<i32> {
    let index = (base as u32 as usize).checked_add(usize::from(byte) + 1)?;
    let (next, check) = unit(units, index)?;
    (check == base as u32).then_some(next)
}

impl Dictionary {
    /// Maps and validates a compiled dictionary (`sys.dic` or `unk.dic`).
    pub fn open(path: &Path) -> Result<Self> {
        let map = map_file(path)?;
        if map.len() < HEADER_LEN {
            return Err(broken(path, "shorter than its header"));
        }
        let word = |i: usize| read_u32(&map, i * 4);
        if (word(0) ^ MAGIC) as usize != map.len() {
            return Err(broken(
                path,
                "the size in its header does not match the file",
            ));
        }
        if word(1) != VERSION {
            return Err(broken(
                path,
                format!("format version {} (expected {VERSION})", word(1)),
            ));
        }
        let (trie_len, tokens_len, features_len) =
            (word(6) as usize, word(7) as usize, word(8) as usize);
        let trie = HEADER_LEN..HEADER_LEN + trie_len;
        let tokens = trie.end..trie.end + tokens_len;
        if tokens.end + features_len != map.len()
            || trie_len % UNIT_LEN != 0
            || tokens_len % TOKEN_LEN != 0
        {
            return Err(broken(path, "section sizes do not add up to the file size"));
        }
        let charset_bytes = &map[40..72];
        let charset_end = memchr::memchr(0, charset_bytes).unwrap_or(charset_bytes.len());
        let charset = String::from_utf8_lossy(&charset_bytes[..charset_end]).into_owned();
        Ok(Dictionary {
            entries: word(3),
            left_size: word(4),
            right_size: word(5),
            charset,
            trie,
            tokens,
            map,
        })
    }

    /// Number of entries (MeCab's `dictionary_info().size`, which sacreBLEU checks).
    pub fn entries(&self) -> u32 {
        self.entries
    }

    /// Number of left and right context ids the dictionary was compiled for.
    pub fn context_sizes(&self) -> (u32, u32) {
        (self.left_size, self.right_size)
    }

    /// The character encoding of the surfaces (`utf-8`, `euc-jp`, …).
    pub fn charset(&self) -> &str {
        &self.charset
    }

    /// The double array's units (the section [`Dictionary::open`] checked).
    #[inline]
    fn units(&self) -> &[u8] {
        &self.map[self.trie.clone()]
    }

    /// Darts' `commonPrefixSearch`: calls `found(value, length)` for every key that is a prefix
    /// of `key`, shortest first.
    #[inline]
    pub fn common_prefix_search(&self, key: &[u8], mut found: impl FnMut(u32, usize)) {
        let units = self.units();
        let Some((mut base, _)) = unit(units, 0) else {
            return;
        };
        for (length, &byte) in key.iter().enumerate() {
            // Keys are whole UTF-8 strings, and so is the text: none ends before a
            // continuation byte, so the terminal there (another cache miss) is not read.
            if !is_continuation(byte) {
                if let Some(value) = terminal_value(units, base) {
                    found(value, length);
                }
            }
            match child(units, base, byte) {
                Some(next) => base = next,
                None => return,
            }
        }
        if let Some(value) = terminal_value(units, base) {
            found(value, key.len());
        }
    }

    /// Darts' `exactMatchSearch`: the value stored for exactly `key`.
    pub fn exact_match_search(&self, key: &[u8]) -> Option<u32> {
        let units = self.units();
        let (mut base, _) = unit(units, 0)?;
        for &byte in key {
            base = child(units, base, byte)?;
        }
        terminal_value(units, base)
    }

    /// The token records a trie value points to (value >> 8 is the first, value & 0xff the count),
    /// or `None` if they lie outside the file.
    pub fn token_range(&self, value: u32) -> Option<Range<u32>> {
        let first = value >> 8;
        let end = first + (value & 0xff);
        (end as usize * TOKEN_LEN <= self.tokens.len()).then_some(first..end)
    }

    /// Token record `index` (in range by [`Dictionary::token_range`]).
    #[inline]
    pub fn token(&self, index: u32) -> Token {
        let at = self.tokens.start + index as usize * TOKEN_LEN;
        let record = &self.map[at..at + 8];
        let half = |i: usize| u16::from_le_bytes([record[i], record[i + 1]]);
        Token {
            left_id: half(0),
            right_id: half(2),
            pos_id: half(4),
            cost: half(6) as i16,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// `bytes` as `sys.dic` in `dir`.
    fn dictionary_file(dir: &tempfile::TempDir, bytes: &[u8]) -> PathBuf {
        let path = dir.path().join("sys.dic");
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// A dictionary with the keys "a" (value 0x0101: token 1, one record) and "ab" (0x0001:
    /// token 0, one record) in a hand-built double array, and two token records.
    fn tiny_dictionary() -> Vec<u8> {
        // Units: 0 root (base 1); 'a' → 1 + 97 + 1 = 99 (base 100, check 1); the terminal of
        // "a" at 100 (value -(0x0101) - 1, check 100); 'b' from 100 → 100 + 98 + 1 = 199 (base
        // 200, check 100); the terminal of "ab" at 200 (value -(0x0001) - 1, check 200).
        let mut units = vec![(0i32, 0u32); 201];
        units[0] = (1, 0);
        units[99] = (100, 1);
        units[100] = (-(0x0101) - 1, 100);
        units[199] = (200, 100);
        units[200] = (-(0x0001) - 1, 200);
        let trie: Vec<u8> = units
            .iter()
            .flat_map(|(base, check)| [base.to_le_bytes(), check.to_le_bytes()].concat())
            .collect();
        let tokens: Vec<u8> = [(1u16, 2u16, 3u16, -5i16), (4, 5, 6, 700)]
            .iter()
            .flat_map(|(l, r, p, c)| {
                [
                    &l.to_le_bytes()[..],
                    &r.to_le_bytes(),
                    &p.to_le_bytes(),
                    &c.to_le_bytes(),
                    &[0; 8],
                ]
                .concat()
            })
            .collect();
        let features = b"x\0";
        let size = HEADER_LEN + trie.len() + tokens.len() + features.len();
        let header = [
            size as u32 ^ MAGIC,
            VERSION,
            0,
            2,
            7,
            7,
            trie.len() as u32,
            tokens.len() as u32,
            2,
            0,
        ];
        let mut bytes: Vec<u8> = header.iter().flat_map(|w| w.to_le_bytes()).collect();
        let mut charset = [0u8; 32];
        charset[..5].copy_from_slice(b"UTF-8");
        bytes.extend_from_slice(&charset);
        bytes.extend_from_slice(&trie);
        bytes.extend_from_slice(&tokens);
        bytes.extend_from_slice(features);
        bytes
    }

    #[test]
    fn prefix_and_exact_searches_walk_the_double_array() {
        let dir = tempfile::tempdir().unwrap();
        let dictionary = Dictionary::open(&dictionary_file(&dir, &tiny_dictionary())).unwrap();
        assert_eq!(
            (
                dictionary.entries(),
                dictionary.context_sizes(),
                dictionary.charset()
            ),
            (2, (7, 7), "UTF-8")
        );
        let mut found = Vec::new();
        dictionary.common_prefix_search(b"abc", |value, length| found.push((value, length)));
        assert_eq!(found, [(0x0101, 1), (0x0001, 2)]);
        assert_eq!(dictionary.exact_match_search(b"ab"), Some(0x0001));
        assert_eq!(dictionary.exact_match_search(b"b"), None);
        let range = dictionary.token_range(0x0101).unwrap();
        assert_eq!(range, 1..2);
        assert_eq!(
            dictionary.token(1),
            Token {
                left_id: 4,
                right_id: 5,
                pos_id: 6,
                cost: 700
            }
        );
        assert_eq!(dictionary.token(0).cost, -5);
        assert_eq!(dictionary.token_range(0x0501), None, "records past the end");
    }

    #[test]
    fn broken_files_are_errors_naming_the_file() {
        let mut bytes = tiny_dictionary();
        bytes.push(0);
        let dir = tempfile::tempdir().unwrap();
        let error = Dictionary::open(&dictionary_file(&dir, &bytes))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("for MeCab dictionary") && error.contains("size in its header"),
            "{error}"
        );
        assert!(Dictionary::open(&dictionary_file(&dir, b"short"))
            .unwrap_err()
            .to_string()
            .contains("shorter than its header"));
    }
}
