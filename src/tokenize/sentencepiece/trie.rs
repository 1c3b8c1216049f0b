//! A byte trie over vocabulary pieces: every piece that is a prefix of a text, in order of length
//! (the common-prefix search SentencePiece runs on its Darts double array). Each node's children
//! are stored contiguously, sorted by byte; the root's children are a 256-entry table.

/// Pieces as a trie of bytes; node 0 is the root.
#[derive(Debug, Clone, Default)]
pub(crate) struct PieceTrie {
    /// The root's children by byte (`NONE`: none), the hottest lookup.
    root: Vec<u32>,
    /// Per node: where its children start in `labels`/`targets`, and how many there are.
    first_child: Vec<u32>,
    child_count: Vec<u32>,
    /// Per child slot: its byte and its node.
    labels: Vec<u8>,
    targets: Vec<u32>,
    /// Per node: the id of the piece ending there, or `NONE`.
    values: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl PieceTrie {
    /// A trie holding `pieces` (piece bytes, id); a piece listed twice keeps its first id.
    pub fn new<'a>(pieces: impl IntoIterator<Item = (&'a [u8], u32)>) -> PieceTrie {
        // Built with per-node child lists, then flattened.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut values = vec![NONE];
        for (piece, id) in pieces {
            let mut node = 0usize;
            for &byte in piece {
                node = match children[node].iter().find(|(label, _)| *label == byte) {
                    Some(&(_, child)) => child as usize,
                    None => {
                        let child = children.len();
                        children.push(Vec::new());
                        values.push(NONE);
                        children[node].push((byte, child as u32));
                        child
                    }
                };
            }
            if values[node] == NONE {
                values[node] = id;
            }
        }
        let mut trie = PieceTrie {
            root: vec![NONE; 256],
            values,
            ..PieceTrie::default()
        };
        for &(label, child) in &children[0] {
            trie.root[usize::from(label)] = child;
        }
        for mut node_children in children {
            node_children.sort_unstable();
            trie.first_child.push(trie.labels.len() as u32);
            trie.child_count.push(node_children.len() as u32);
            for (label, child) in node_children {
                trie.labels.push(label);
                trie.targets.push(child);
            }
        }
        trie
    }

    #[inline]
    fn child(&self, node: u32, byte: u8) -> Option<u32> {
        if node == 0 {
            let child = self.root[usize::from(byte)];
            return (child != NONE).then_some(child);
        }
        let first = self.first_child[node as usize] as usize;
        let count = self.child_count[node as usize] as usize;
        let labels = &self.labels[first..first + count];
        // Labels are sorted: a short scan for few children, a binary search for many.
        let at = if count <= 16 {
            labels.iter().position(|&label| label == byte)?
        } else {
            labels.binary_search(&byte).ok()?
        };
        Some(self.targets[first + at])
    }

    /// The node reached from `node` (0: the root) by the bytes of `text`, if the trie has it.
    #[inline]
    pub fn walk(&self, mut node: u32, text: &[u8]) -> Option<u32> {
        for &byte in text {
            node = self.child(node, byte)?;
        }
        Some(node)
    }

    /// The id of the piece ending at `node`, if one does.
    #[inline]
    pub fn value(&self, node: u32) -> Option<u32> {
        let value = self.values[node as usize];
        (value != NONE).then_some(value)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_prefix_shortest_first() {
        let pieces: [(&[u8], u32); 5] =
            [(b"a", 0), (b"ab", 1), (b"abcd", 2), (b"b", 3), (b"ac", 4)];
        let trie = PieceTrie::new(pieces);
        let mut found = Vec::new();
        trie.for_each_prefix(b"abcde", |length, id| found.push((length, id)));
        assert_eq!(found, [(1, 0), (2, 1), (4, 2)]);
        assert_eq!(trie.longest_prefix(b"abc"), Some(2));
        assert_eq!(trie.longest_prefix(b"acx"), Some(2));
        assert_eq!(trie.longest_prefix(b"c"), None);
    }
}
