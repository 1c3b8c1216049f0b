//! MeCab's character categories (`char.bin`, compiled from `char.def`): for every UCS-2 code
//! point, the categories it belongs to and how unknown words starting with it are formed.

use super::dictionary::{broken, map_file};
use crate::error::Result;
use memmap2::Mmap;
use std::path::Path;

/// Code points `char.bin` describes: U+0000 to U+FFFE.
const CODE_POINTS: usize = 0xffff;
/// Bytes of one category name.
const NAME_LEN: usize = 32;

/// One code point's entry (MeCab's `CharInfo` bit field).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct CharInfo(u32);

impl CharInfo {
    /// Bit set of the categories the character belongs to.
    fn kinds(self) -> u32 {
        self.0 & 0x3_ffff
    }
    /// The category whose unknown-word entries are used for words starting with it.
    pub fn default_kind(self) -> usize {
        ((self.0 >> 18) & 0xff) as usize
    }
    /// Longest unknown word of 1, 2, … `length` characters to propose.
    pub fn length(self) -> usize {
        ((self.0 >> 26) & 0xf) as usize
    }
    /// Propose the run of characters of the same kind as one unknown word.
    pub fn group(self) -> bool {
        (self.0 >> 30) & 1 == 1
    }
    /// Propose unknown words even where the dictionary has words.
    pub fn invoke(self) -> bool {
        self.0 >> 31 == 1
    }
    /// Whether the two characters share a category (MeCab's `isKindOf`).
    pub fn is_kind_of(self, other: CharInfo) -> bool {
        self.kinds() & other.kinds() != 0
    }
}

/// The memory-mapped `char.bin`.
#[derive(Debug)]
pub(super) struct CharCategories {
    map: Mmap,
    names: Vec<String>,
    table_start: usize,
}

impl CharCategories {
    /// Maps and validates `char.bin`.
    pub fn open(path: &Path) -> Result<Self> {
        let map = map_file(path)?;
        let count = map
            .get(..4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("four bytes")) as usize)
            .ok_or_else(|| broken(path, "empty character table"))?;
        let table_start = 4 + count * NAME_LEN;
        if map.len() != table_start + CODE_POINTS * 4 {
            return Err(broken(path, "character table of the wrong size"));
        }
        let names = (0..count)
            .map(|i| {
                let raw = &map[4 + i * NAME_LEN..4 + (i + 1) * NAME_LEN];
                let end = memchr::memchr(0, raw).unwrap_or(raw.len());
                String::from_utf8_lossy(&raw[..end]).into_owned()
            })
            .collect();
        Ok(CharCategories {
            map,
            names,
            table_start,
        })
    }

    /// The category names, by id (`DEFAULT`, `SPACE`, …).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The entry of UCS-2 code `code`. MeCab's table stops at U+FFFE; for U+FFFF MeCab reads the
    /// four bytes after it, past the end of `char.bin`, which the memory map fills with zeros:
    /// an entry of no category (DEFAULT unknown words, never grouped with anything).
    #[inline]
    pub fn info(&self, code: u16) -> CharInfo {
        let at = self.table_start + usize::from(code) * 4;
        match self.map.get(at..at + 4) {
            Some(entry) => CharInfo(u32::from_le_bytes(entry.try_into().expect("four bytes"))),
            None => CharInfo(0),
        }
    }

    /// The entry of the character at `text[at..]` and its length in bytes, decoded as MeCab's
    /// `utf8_to_ucs2` does with the text ending at `end`: characters outside UCS-2 (emoji) and
    /// bytes that do not start a complete character map to code 0. At the very end of the
    /// sentence MeCab reads its terminating NUL: code 0, one byte.
    #[inline]
    pub fn info_at(&self, text: &[u8], at: usize, end: usize) -> (CharInfo, usize) {
        let Some(&lead) = text.get(at) else {
            return (self.info(0), 1);
        };
        let available = end.saturating_sub(at);
        let continuation = |i: usize| u16::from(text[at + i] & 0x3f);
        let (code, len) = if lead < 0x80 {
            (u16::from(lead), 1)
        } else if available >= 2 && lead & 0xe0 == 0xc0 {
            ((u16::from(lead & 0x1f) << 6) | continuation(1), 2)
        } else if available >= 3 && lead & 0xf0 == 0xe0 {
            (
                (u16::from(lead & 0x0f) << 12) | (continuation(1) << 6) | continuation(2),
                3,
            )
        } else if available >= 4 && lead & 0xf8 == 0xf0 {
            (0, 4)
        } else {
            (0, 1)
        };
        (self.info(code), len)
    }

    /// MeCab's `seekToOtherType`: from `begin`, skips characters while each shares a category
    /// with the one before it (the first with `kind`), but at most `max_skipped` of them.
    /// Returns where it stopped, the entry and byte length of the last character examined, and
    /// how many characters it skipped.
    #[inline]
    pub fn seek_to_other_type(
        &self,
        text: &[u8],
        (begin, end): (usize, usize),
        mut kind: CharInfo,
        max_skipped: usize,
        last: &mut (CharInfo, usize),
    ) -> (usize, usize) {
        let mut p = begin;
        let mut skipped = 0;
        while p < end && skipped < max_skipped {
            *last = self.info_at(text, p, end);
            if !kind.is_kind_of(last.0) {
                break;
            }
            p += last.1;
            skipped += 1;
            kind = last.0;
        }
        (p, skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A `char.bin` with categories DEFAULT (0) and ALPHA (1): ASCII letters are ALPHA (group,
    /// invoke, length 2), everything else DEFAULT.
    fn tiny_table() -> (tempfile::NamedTempFile, CharCategories) {
        let mut bytes = 2u32.to_le_bytes().to_vec();
        for name in ["DEFAULT", "ALPHA"] {
            let mut raw = [0u8; NAME_LEN];
            raw[..name.len()].copy_from_slice(name.as_bytes());
            bytes.extend_from_slice(&raw);
        }
        let alpha = 0b10 | (1 << 18) | (2 << 26) | (1 << 30) | (1 << 31);
        for code in 0..CODE_POINTS {
            let entry: u32 = if (code as u8 as char).is_ascii_alphabetic() && code < 0x80 {
                alpha
            } else {
                1
            };
            bytes.extend_from_slice(&entry.to_le_bytes());
        }
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&bytes).unwrap();
        let table = CharCategories::open(file.path()).unwrap();
        (file, table)
    }

    #[test]
    fn entries_decode_mecab_bit_fields() {
        let (_file, table) = tiny_table();
        assert_eq!(table.names(), ["DEFAULT", "ALPHA"]);
        let a = table.info(u16::from(b'a'));
        assert_eq!(
            (a.default_kind(), a.length(), a.group(), a.invoke()),
            (1, 2, true, true)
        );
        let digit = table.info(u16::from(b'1'));
        assert_eq!(
            (
                digit.default_kind(),
                digit.length(),
                digit.group(),
                digit.invoke()
            ),
            (0, 0, false, false)
        );
        assert!(!a.is_kind_of(digit));
        let beyond = table.info(0xffff);
        assert_eq!((beyond, beyond.default_kind()), (CharInfo(0), 0));
        assert!(!beyond.is_kind_of(beyond));
    }

    #[test]
    fn characters_decode_as_mecab_utf8_to_ucs2() {
        let (_file, table) = tiny_table();
        let text = "aé漢😀".as_bytes();
        assert_eq!(table.info_at(text, 0, text.len()).1, 1);
        assert_eq!(table.info_at(text, 1, text.len()).1, 2);
        assert_eq!(table.info_at(text, 3, text.len()).1, 3);
        // Outside UCS-2: code 0, four bytes.
        assert_eq!(table.info_at(text, 6, text.len()), (table.info(0), 4));
        // A character cut by the end of the look-ahead: one byte of code 0.
        assert_eq!(table.info_at(text, 3, 4), (table.info(0), 1));
        // MeCab's terminating NUL.
        assert_eq!(
            table.info_at(text, text.len(), text.len()),
            (table.info(0), 1)
        );
    }

    #[test]
    fn seeking_stops_at_the_first_character_of_another_kind() {
        let (_file, table) = tiny_table();
        let text = b"abc1d";
        let mut last = (CharInfo::default(), 0);
        let letter = table.info(u16::from(b'a'));
        let span = (0, text.len());
        let (stop, skipped) = table.seek_to_other_type(text, span, letter, usize::MAX, &mut last);
        assert_eq!((stop, skipped), (3, 3));
        assert_eq!(last.0, table.info(u16::from(b'1')));
        let (stop, skipped) = table.seek_to_other_type(text, span, letter, 2, &mut last);
        assert_eq!((stop, skipped), (2, 2), "at most two characters");
    }

    #[test]
    fn a_table_of_the_wrong_size_is_an_error() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&[1, 0, 0, 0, 0, 0]).unwrap();
        let error = CharCategories::open(file.path()).unwrap_err().to_string();
        assert!(
            error.contains("for MeCab dictionary") && error.contains("wrong size"),
            "{error}"
        );
    }
}
