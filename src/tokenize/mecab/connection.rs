//! Connection costs between adjacent morphemes (`matrix.bin`), memory-mapped, plus mecab-ko's
//! `left-space-penalty-factor`: extra cost for parts of speech that follow a space.

use super::dictionary::{broken, map_file};
use crate::error::Result;
use memmap2::Mmap;
use std::path::Path;

/// The connection costs before a right node of one left-context id ([`Connection::column`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Column<'a>(&'a [u8]);

impl Column<'_> {
    /// The cost after a left node with right context `right_id`.
    #[inline]
    pub fn cost(self, right_id: u16) -> i32 {
        let at = 2 * usize::from(right_id);
        match self.0.get(at..at + 2) {
            Some(pair) => i32::from(i16::from_le_bytes([pair[0], pair[1]])),
            None => 0,
        }
    }
}

/// The memory-mapped connection matrix and the space penalties from `dicrc`.
#[derive(Debug)]
pub(super) struct Connection {
    map: Mmap,
    left_size: usize,
    right_size: usize,
    /// (part-of-speech id, penalty) pairs in `dicrc` order; the first match applies.
    space_penalties: Vec<(u16, i32)>,
}

impl Connection {
    /// Maps and validates `matrix.bin`.
    pub fn open(path: &Path, space_penalties: Vec<(u16, i32)>) -> Result<Self> {
        let map = map_file(path)?;
        if map.len() < 4 {
            return Err(broken(path, "no matrix dimensions"));
        }
        let left_size = usize::from(u16::from_le_bytes([map[0], map[1]]));
        let right_size = usize::from(u16::from_le_bytes([map[2], map[3]]));
        if map.len() != 4 + 2 * left_size * right_size {
            return Err(broken(path, "matrix of the wrong size"));
        }
        Ok(Connection {
            map,
            left_size,
            right_size,
            space_penalties,
        })
    }

    /// Whether the matrix was compiled for a dictionary with these context sizes (its header's).
    pub fn fits(&self, (left_size, right_size): (u32, u32)) -> bool {
        (left_size as usize, right_size as usize) == (self.left_size, self.right_size)
    }

    /// How many right-context ids (rows of a left node) and left-context ids (of a right node)
    /// the matrix has.
    pub fn dimensions(&self) -> (usize, usize) {
        (self.left_size, self.right_size)
    }

    /// The costs of a morpheme followed by one with left context `left_id`, by the first one's
    /// right context (MeCab's `matrix_[rcAttr + lsize * lcAttr]`): the matrix from that id's
    /// column on, so that, as in MeCab, an out-of-range `right_id` reads the entry
    /// `right_id + lsize * left_id` wherever it lies; past the end of the matrix (ids a checked
    /// dictionary never has) the cost is 0.
    #[inline]
    pub fn column(&self, left_id: u16) -> Column<'_> {
        let start = 4 + 2 * self.left_size * usize::from(left_id);
        Column(self.map.get(start..).unwrap_or_default())
    }

    /// mecab-ko's penalty for a morpheme of part of speech `pos_id` preceded by a space.
    #[inline]
    pub fn space_penalty(&self, pos_id: u16) -> i32 {
        self.space_penalties
            .iter()
            .find(|(id, _)| *id == pos_id)
            .map_or(0, |(_, penalty)| *penalty)
    }
}
