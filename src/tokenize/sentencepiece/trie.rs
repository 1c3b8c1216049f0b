//! A byte trie over vocabulary pieces: every piece that is a prefix of a text, in order of length
//! (the common-prefix search SentencePiece runs on its Darts double array).

use rustc_hash::FxHashMap;

/// Pieces as a trie of bytes; node 0 is the root.
#[derive(Debug, Clone, Default)]
pub(crate) struct PieceTrie {
    /// `(node << 8) | byte` → child node.
    edges: FxHashMap<u64, u32>,
    /// The root's children by byte (`u32::MAX`: none), the hottest lookup.
    root: Vec<u32>,
    /// Per node: the id of the piece ending there, or `u32::MAX`.
    values: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl PieceTrie {
    /// A trie holding `pieces` (piece text, id); a piece listed twice keeps its first id.
    pub fn new<'a>(pieces: impl IntoIterator<Item = (&'a [u8], u32)>) -> PieceTrie {
        let mut trie = PieceTrie {
            edges: FxHashMap::default(),
            root: vec![NONE; 256],
            values: vec![NONE],
        };
        for (piece, id) in pieces {
            let mut node = 0u32;
            for &byte in piece {
                node = match trie.child(node, byte) {
                    Some(child) => child,
                    None => {
                        let child = trie.values.len() as u32;
                        trie.values.push(NONE);
                        if node == 0 {
                            trie.root[usize::from(byte)] = child;
                        } else {
                            trie.edges.insert(edge_key(node, byte), child);
                        }
                        child
                    }
                };
            }
            let value = &mut trie.values[node as usize];
            if *value == NONE {
                *value = id;
            }
        }
        trie
    }

    #[inline]
    fn child(&self, node: u32, byte: u8) -> Option<u32> {
        let child = if node == 0 {
            self.root[usize::from(byte)]
        } else {
            *self.edges.get(&edge_key(node, byte))?
        };
        (child != NONE).then_some(child)
    }

    /// Calls `found(length, id)` for every piece that is a prefix of `text`, shortest first.
    #[inline]
    pub fn for_each_prefix(&self, text: &[u8], mut found: impl FnMut(usize, u32)) {
        let mut node = 0u32;
        for (i, &byte) in text.iter().enumerate() {
            match self.child(node, byte) {
                Some(child) => node = child,
                None => return,
            }
            let value = self.values[node as usize];
            if value != NONE {
                found(i + 1, value);
            }
        }
    }

    /// The length of the longest piece that is a prefix of `text`, if any.
    pub fn longest_prefix(&self, text: &[u8]) -> Option<usize> {
        let mut longest = None;
        self.for_each_prefix(text, |length, _| longest = Some(length));
        longest
    }
}

#[inline]
fn edge_key(node: u32, byte: u8) -> u64 {
    (u64::from(node) << 8) | u64::from(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_prefix_shortest_first() {
        let pieces: [(&[u8], u32); 4] = [(b"a", 0), (b"ab", 1), (b"abcd", 2), (b"b", 3)];
        let trie = PieceTrie::new(pieces);
        let mut found = Vec::new();
        trie.for_each_prefix(b"abcde", |length, id| found.push((length, id)));
        assert_eq!(found, [(1, 0), (2, 1), (4, 2)]);
        assert_eq!(trie.longest_prefix(b"abc"), Some(2));
        assert_eq!(trie.longest_prefix(b"c"), None);
    }
}
