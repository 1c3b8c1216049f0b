//! Counting matched n-grams between a hypothesis and references, shared by BLEU (token
//! n-grams) and chrF (character and word n-grams). The reference n-grams live in a trie whose
//! edges are hashed `(parent node, unit)` pairs, so every n-gram of every order costs one
//! lookup, and a hypothesis n-gram whose prefix is unknown stops the walk early. A segment's
//! reference trie is built once and shared, read-only, by every system scored against it.

use rustc_hash::FxHashMap;

/// A unit (token id or code point) that occurs in no reference: it matches nothing.
pub const UNKNOWN_UNIT: u32 = u32::MAX;

/// Reference n-grams up to a maximum order with their clipping counts.
#[derive(Debug, Default)]
pub struct NgramTrie {
    /// `(parent << 32) | unit` → child node id (1-based; 0 is the empty n-gram).
    children: FxHashMap<u64, u32>,
    /// Per node (id − 1): the n-gram's order, 1-based.
    order: Vec<u8>,
    /// Per node: the largest count of the n-gram in any one added sequence.
    clip: Vec<u32>,
}

#[inline]
fn edge(node: u32, unit: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(unit)
}

impl NgramTrie {
    /// Adds the n-grams (orders 1..=`max_order`) of one reference. Each n-gram's clipping count
    /// becomes the maximum of its counts over the references added so far (BLEU's multi-
    /// reference clipping; with one reference, simply its count). `occurrences` is working
    /// memory.
    pub fn add_reference(&mut self, units: &[u32], max_order: usize, occurrences: &mut Vec<u32>) {
        occurrences.clear();
        occurrences.resize(self.clip.len(), 0);
        // At most this many new nodes: reserving once avoids rehashing while the trie grows.
        let new_nodes = (0..max_order)
            .map(|n| units.len().saturating_sub(n))
            .sum::<usize>();
        self.children.reserve(new_nodes);
        self.order.reserve(new_nodes);
        self.clip.reserve(new_nodes);
        occurrences.reserve(new_nodes);
        for start in 0..units.len() {
            let mut node = 0u32;
            let end = units.len().min(start + max_order);
            for (depth, &unit) in units[start..end].iter().enumerate() {
                let next_id = self.clip.len() as u32 + 1;
                node = *self.children.entry(edge(node, unit)).or_insert(next_id);
                if node == next_id {
                    self.order.push(depth as u8 + 1);
                    self.clip.push(0);
                    occurrences.push(0);
                }
                let slot = node as usize - 1;
                occurrences[slot] += 1;
                self.clip[slot] = self.clip[slot].max(occurrences[slot]);
            }
        }
    }

    /// Adds to `matches[n-1]`, for each order n, `Σ min(hypothesis count, clipping count)` over
    /// the hypothesis n-grams. `used` is working memory.
    pub fn count_matches(
        &self,
        units: &[u32],
        max_order: usize,
        used: &mut Vec<u32>,
        matches: &mut [u64],
    ) {
        used.clear();
        used.resize(self.clip.len(), 0);
        for start in 0..units.len() {
            let mut node = 0u32;
            let end = units.len().min(start + max_order);
            for &unit in &units[start..end] {
                let Some(&child) = self.children.get(&edge(node, unit)) else {
                    break;
                };
                node = child;
                let slot = node as usize - 1;
                if used[slot] < self.clip[slot] {
                    used[slot] += 1;
                    matches[usize::from(self.order[slot]) - 1] += 1;
                }
            }
        }
    }
}

/// Number of n-grams of order `n` in a sequence of `len` units.
#[inline]
pub fn ngram_count(len: usize, n: usize) -> u64 {
    (len + 1).saturating_sub(n) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_to_the_largest_count_in_one_reference() {
        let mut trie = NgramTrie::default();
        let mut scratch = Vec::new();
        // ref 1: a a b; ref 2: a b b
        trie.add_reference(&[1, 1, 2], 2, &mut scratch);
        trie.add_reference(&[1, 2, 2], 2, &mut scratch);
        let mut matches = [0u64; 2];
        // hyp: a a a b b b → unigrams: min(3,2)+min(3,2) = 4; bigrams: aa 1, ab 1, bb 1 → 3
        trie.count_matches(&[1, 1, 1, 2, 2, 2], 2, &mut scratch, &mut matches);
        assert_eq!(matches, [4, 3]);
        let mut matches = [0u64; 2];
        trie.count_matches(&[1, UNKNOWN_UNIT], 2, &mut scratch, &mut matches);
        assert_eq!(matches, [1, 0]);
        let mut matches = [0u64; 2];
        NgramTrie::default().count_matches(&[1, 2], 2, &mut scratch, &mut matches);
        assert_eq!(matches, [0, 0]);
        assert_eq!(ngram_count(3, 1), 3);
        assert_eq!(ngram_count(3, 4), 0);
    }
}
