//! Counting matched n-grams between a hypothesis and references, shared by BLEU (token
//! n-grams) and chrF (character and word n-grams). The reference n-grams form a trie stored as
//! one open-addressing table of edges `(parent node, unit)`: a node *is* the slot of the edge
//! leading to it, so every n-gram of every order costs one probe of a flat table (no per-node
//! side tables, no rehashing: the table is sized once for all n-grams), and a hypothesis n-gram
//! whose prefix is unknown stops the walk early. A segment's reference trie is built once and
//! shared, read-only, by every system scored against it.

/// A unit (token id or code point) that occurs in no reference: it matches nothing.
pub const UNKNOWN_UNIT: u32 = u32::MAX;

/// The key of an empty slot: no edge has it, as no node is numbered `u32::MAX` (a table holds
/// fewer than 2^32 − 1 slots).
const EMPTY: u64 = u64::MAX;

/// The root of the trie (the empty n-gram); the node reached through the edge in slot `s` is
/// `s + 1`.
const ROOT: u32 = 0;

/// One edge of the trie: the n-gram ending with it and its clipping count.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// `(parent node << 32) | unit`, or [`EMPTY`].
    key: u64,
    /// The largest count of the n-gram in any one reference.
    clip: u32,
    /// Its count in the reference being added.
    current: u32,
}

const VACANT: Slot = Slot {
    key: EMPTY,
    clip: 0,
    current: 0,
};

/// Reference n-grams up to a maximum order with their clipping counts.
#[derive(Debug)]
pub struct NgramTrie {
    slots: Vec<Slot>,
    /// `slots.len() - 1` (the length is a power of two).
    mask: usize,
    /// Right shift taking a 64-bit product to a slot index.
    shift: u32,
}

impl Default for NgramTrie {
    /// No n-grams, without allocating (see [`NgramTrie::count_matches`]).
    fn default() -> Self {
        NgramTrie {
            slots: Vec::new(),
            mask: 0,
            shift: 0,
        }
    }
}

#[inline]
fn edge(node: u32, unit: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(unit)
}

impl NgramTrie {
    /// The n-grams (orders 1..=`max_order`) of `references`, each with its clipping count: the
    /// maximum of its counts in any one reference (BLEU's multi-reference clipping; with one
    /// reference, simply its count).
    pub fn new(references: &[&[u32]], max_order: usize) -> Self {
        let ngrams = |units: &[u32]| -> usize {
            (0..max_order).map(|n| units.len().saturating_sub(n)).sum()
        };
        // At most this many nodes (fewer: short n-grams repeat); half as many slots again keeps
        // probes short.
        let nodes: usize = references.iter().map(|units| ngrams(units)).sum();
        let len = (nodes + nodes / 2).next_power_of_two().max(8);
        let mut trie = NgramTrie {
            slots: vec![VACANT; len],
            mask: len - 1,
            shift: 64 - len.trailing_zeros(),
        };
        if let [units] = references {
            // One reference: its counts are the clipping counts, with nothing to reset.
            trie.add_reference(units, max_order, None);
        } else {
            let most = references.iter().map(|units| ngrams(units)).max();
            let mut touched = Vec::with_capacity(most.unwrap_or(0));
            for units in references {
                trie.add_reference(units, max_order, Some(&mut touched));
            }
        }
        trie
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The slot holding `key`, or the vacant slot where it belongs, and its index.
    #[inline]
    fn probe(&self, key: u64) -> (usize, &Slot) {
        let mut index = self.home(key);
        loop {
            let slot = &self.slots[index];
            if slot.key == key || slot.key == EMPTY {
                return (index, slot);
            }
            index = (index + 1) & self.mask;
        }
    }

    /// Counts one reference's n-grams into `current` and raises the clipping counts. With
    /// `touched` (working memory), the counts are reset afterwards for the next reference.
    fn add_reference(
        &mut self,
        units: &[u32],
        max_order: usize,
        mut touched: Option<&mut Vec<u32>>,
    ) {
        for start in 0..units.len() {
            let mut node = ROOT;
            let end = units.len().min(start + max_order);
            for &unit in &units[start..end] {
                let key = edge(node, unit);
                let (index, _) = self.probe(key);
                let slot = &mut self.slots[index];
                if slot.current == 0 {
                    slot.key = key;
                    if let Some(touched) = touched.as_deref_mut() {
                        touched.push(index as u32);
                    }
                }
                slot.current += 1;
                slot.clip = slot.clip.max(slot.current);
                node = index as u32 + 1;
            }
        }
        if let Some(touched) = touched {
            for index in touched.drain(..) {
                self.slots[index as usize].current = 0;
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
        if self.slots.is_empty() {
            return;
        }
        used.clear();
        used.resize(self.slots.len(), 0);
        let matches = &mut matches[..max_order];
        for start in 0..units.len() {
            let mut node = ROOT;
            // Zipping with the orders' counters stops at `max_order` units.
            for (&unit, matched) in units[start..].iter().zip(matches.iter_mut()) {
                let (index, slot) = self.probe(edge(node, unit));
                if slot.clip == 0 {
                    break;
                }
                if used[index] < slot.clip {
                    used[index] += 1;
                    *matched += 1;
                }
                node = index as u32 + 1;
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
    use rustc_hash::FxHashMap;

    #[test]
    fn clips_to_the_largest_count_in_one_reference() {
        let mut scratch = Vec::new();
        // ref 1: a a b; ref 2: a b b
        let trie = NgramTrie::new(&[&[1, 1, 2], &[1, 2, 2]], 2);
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

    /// Clipped matches per order counted the plain way: every n-gram in a map.
    fn naive_matches(references: &[Vec<u32>], hypothesis: &[u32], max_order: usize) -> Vec<u64> {
        let counts = |units: &[u32], n: usize| {
            let mut map: FxHashMap<Vec<u32>, u64> = FxHashMap::default();
            for gram in units.windows(n) {
                *map.entry(gram.to_vec()).or_default() += 1;
            }
            map
        };
        (1..=max_order)
            .map(|n| {
                let mut clip: FxHashMap<Vec<u32>, u64> = FxHashMap::default();
                for reference in references {
                    for (gram, count) in counts(reference, n) {
                        let entry = clip.entry(gram).or_default();
                        *entry = (*entry).max(count);
                    }
                }
                counts(hypothesis, n)
                    .iter()
                    .map(|(gram, &count)| count.min(clip.get(gram).copied().unwrap_or(0)))
                    .sum()
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn matches_equal_plain_counting(
            references in proptest::collection::vec(proptest::collection::vec(0u32..4, 0..30), 1..4),
            hypothesis in proptest::collection::vec(0u32..5, 0..30),
            max_order in 1usize..10,
        ) {
            let slices: Vec<&[u32]> = references.iter().map(Vec::as_slice).collect();
            let trie = NgramTrie::new(&slices, max_order);
            let mut matches = vec![0u64; max_order];
            trie.count_matches(&hypothesis, max_order, &mut Vec::new(), &mut matches);
            proptest::prop_assert_eq!(matches, naive_matches(&references, &hypothesis, max_order));
        }
    }

    #[test]
    fn unit_zero_and_deep_orders_match_exactly() {
        let mut used = Vec::new();
        // Unit 0 under the root must not look like an empty slot; order 9 exceeds any packing.
        let reference: Vec<u32> = (0..12).map(|i| i % 3).collect();
        let trie = NgramTrie::new(&[&reference], 9);
        let mut matches = [0u64; 9];
        trie.count_matches(&reference, 9, &mut used, &mut matches);
        assert_eq!(matches, [12, 11, 10, 9, 8, 7, 6, 5, 4]);
        let mut matches = [0u64; 9];
        trie.count_matches(&[0, 1, 2, 0, 2], 9, &mut used, &mut matches);
        assert_eq!(matches, [5, 3, 2, 1, 0, 0, 0, 0, 0]);
    }
}
