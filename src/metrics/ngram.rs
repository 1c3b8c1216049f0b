//! Counting matched n-grams between a hypothesis and references, shared by BLEU (token
//! n-grams) and chrF (character and word n-grams). The reference n-grams form a trie stored as
//! one open-addressing table of edges `(parent node, unit)`: a node *is* the slot of the edge
//! leading to it (no per-node side tables, no rehashing: the table is sized once for all
//! n-grams). The reference n-grams are closed under taking suffixes, so every node also keeps a
//! suffix link (the node of the n-gram without its first unit) and the hypothesis is matched as
//! an Aho–Corasick automaton: one probe per hypothesis unit (plus one per fallback) finds the
//! longest reference n-gram ending there, and the shorter ones are its suffix links, read
//! without hashing. A segment's reference trie is built once and shared, read-only, by every
//! system scored against it. With several references, one trie holds them all: BLEU clips by
//! the largest count in any one of them, and chrF, which scores each reference apart, keeps
//! each one's counts beside the trie so that one walk counts the matches with every reference
//! (any n-gram of one reference ending at a hypothesis unit is a suffix of the longest n-gram
//! of all of them ending there, so it lies on the same suffix chain).

/// A unit (token id or code point) that occurs in no reference: it matches nothing.
pub const UNKNOWN_UNIT: u32 = u32::MAX;

/// The root of the trie (the empty n-gram); the node reached through the edge in slot `s` is
/// `s + 1`.
const ROOT: u32 = 0;

/// One edge of the trie: the n-gram ending with it, its clipping count and its suffix link.
#[derive(Debug, Clone, Copy, bytemuck::Zeroable)]
struct Slot {
    /// The edge's key `(parent node << 32) | unit`, bitwise inverted, or 0 in a vacant slot:
    /// no edge's key is all ones, as no node is numbered `u32::MAX` (a table holds fewer than
    /// 2^32 − 1 slots). A vacant table is then all zeros, which is allocated zeroed: faster
    /// than writing any other pattern into every slot.
    inverted_key: u64,
    /// The largest count of the n-gram in any one reference (at least 1 in an occupied slot).
    clip: u32,
    /// The node of the n-gram without its first unit ([`ROOT`] for a unigram).
    suffix: u32,
}

/// Reference n-grams up to a maximum order with their clipping counts.
#[derive(Debug)]
pub struct NgramTrie {
    slots: Vec<Slot>,
    /// `slots.len() - 1` (the length is a power of two).
    mask: usize,
    /// Right shift taking a 64-bit product to a slot index.
    shift: u32,
    /// With [`NgramTrie::each_reference`] over several references: each reference's own count
    /// of every n-gram, `references` entries per slot (0 where the reference lacks it).
    counts: Vec<u32>,
    /// How many references `counts` has per slot (0 when it is empty).
    references: usize,
}

impl Default for NgramTrie {
    /// No n-grams, without allocating (see [`NgramTrie::count_matches`]).
    fn default() -> Self {
        NgramTrie {
            slots: Vec::new(),
            mask: 0,
            shift: 0,
            counts: Vec::new(),
            references: 0,
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
        let mut trie = Self::each_reference(references, max_order);
        trie.counts = Vec::new();
        trie.references = 0;
        trie
    }

    /// The n-grams of `references` in one trie that also keeps each reference's own counts, so
    /// that one walk over a hypothesis counts its matches with every reference
    /// ([`NgramTrie::count_matches_each`]; chrF scores each reference separately).
    pub fn each_reference(references: &[&[u32]], max_order: usize) -> Self {
        let ngrams = |units: &[u32]| -> usize {
            (0..max_order).map(|n| units.len().saturating_sub(n)).sum()
        };
        // At most this many nodes (fewer: short n-grams repeat). Twice as many slots keeps the
        // table at most half full: probes are short, and whether one goes on is rarely
        // mispredicted (measured faster than 1.5 times, no faster at 3 times).
        let nodes: usize = references.iter().map(|units| ngrams(units)).sum();
        let len = (nodes * 2).next_power_of_two().max(8);
        let mut trie = NgramTrie {
            slots: bytemuck::zeroed_vec(len),
            mask: len - 1,
            shift: 64 - len.trailing_zeros(),
            ..NgramTrie::default()
        };
        if let [units] = references {
            // One reference: its counts are the clipping counts.
            trie.add_reference(units, max_order, |slot, _| slot.clip += 1);
        } else {
            let width = references.len();
            let mut counts = vec![0u32; len * width];
            for (reference, units) in references.iter().enumerate() {
                trie.add_reference(units, max_order, |slot, index| {
                    let count = &mut counts[index * width + reference];
                    *count += 1;
                    slot.clip = slot.clip.max(*count);
                });
            }
            trie.counts = counts;
            trie.references = width;
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
            // One branch for both ends of the probe: whether the key is there or its place is
            // empty follows the data, but that the probe ends here is what the predictor sees
            // almost every time (`(a == key) | (a == 0)` LLVM turns into two branches; the
            // minimum is zero exactly when one of the two holds).
            if (slot.inverted_key ^ !key).min(slot.inverted_key) == 0 {
                return (index, slot);
            }
            index = (index + 1) & self.mask;
        }
    }

    /// The slot of a node other than the root.
    #[inline]
    fn node(&self, node: u32) -> &Slot {
        &self.slots[node as usize - 1]
    }

    /// Adds one reference's n-grams to the trie, calling `count` on each occurrence's slot
    /// (with its index) to raise the clipping counts. The n-grams are added one order at a
    /// time: those of order `k` extend the nodes of order `k - 1` found in the previous pass,
    /// and the suffix of the n-gram at a start (the n-gram one shorter at the next start) is
    /// one of them too. Within a pass no probe waits for another, so the processor overlaps
    /// them (adding each start's n-grams in turn, every probe waits for the one before).
    fn add_reference(
        &mut self,
        units: &[u32],
        max_order: usize,
        mut count: impl FnMut(&mut Slot, usize),
    ) {
        // Entry `i` of `shorter` is the node of the n-gram of the previous order starting at
        // `i` (all the root for order 0); a pass reads one entry past its last start.
        let mut shorter = vec![ROOT; units.len() + 1];
        let mut longer = vec![ROOT; units.len() + 1];
        for order in 1..=max_order.min(units.len()) {
            for (start, &unit) in units[order - 1..].iter().enumerate() {
                let key = edge(shorter[start], unit);
                let (index, _) = self.probe(key);
                let slot = &mut self.slots[index];
                slot.inverted_key = !key;
                slot.suffix = shorter[start + 1];
                count(slot, index);
                longer[start] = index as u32 + 1;
            }
            std::mem::swap(&mut shorter, &mut longer);
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
        used.resize(self.slots.len(), 0);
        self.walk(units, max_order, used, 1, matches, |clip, used, matched| {
            let unclipped = u32::from(used[0] < clip);
            used[0] += unclipped;
            matched[0] += u64::from(unclipped);
        });
    }

    /// For a trie made by [`NgramTrie::each_reference`] over R references: adds to
    /// `matches[(n-1) * R + r]`, for each order n and reference r, `Σ min(hypothesis count,
    /// count in reference r)` over the hypothesis n-grams, all in one walk. `remaining` is
    /// working memory.
    pub fn count_matches_each(
        &self,
        units: &[u32],
        max_order: usize,
        remaining: &mut Vec<u32>,
        matches: &mut [u64],
    ) {
        let width = self.references;
        if width == 0 {
            // One reference: its counts are the clips.
            return self.count_matches(units, max_order, remaining, matches);
        }
        // Each reference's matches left for each n-gram: one array read and written per step.
        remaining.clear();
        remaining.extend_from_slice(&self.counts);
        self.walk(
            units,
            max_order,
            remaining,
            width,
            matches,
            |_, remaining, matched| {
                for (remaining, matched) in remaining.iter_mut().zip(matched) {
                    let taken = u32::from(*remaining > 0);
                    *remaining -= taken;
                    *matched += u64::from(taken);
                }
            },
        );
    }

    /// The matching walk: calls `step` for every reference n-gram ending at each hypothesis
    /// unit with its clipping count, its `width` entries of `state` (`width` per slot) and the
    /// `width` entries of `matches` of its order.
    ///
    /// The walk keeps the longest reference n-gram (of at most `max_order` units) ending at
    /// the current hypothesis unit; the n-grams ending there of every shorter order are its
    /// chain of suffix links.
    #[inline(always)]
    fn walk(
        &self,
        units: &[u32],
        max_order: usize,
        state: &mut [u32],
        width: usize,
        matches: &mut [u64],
        mut step: impl FnMut(u32, &mut [u32], &mut [u64]),
    ) {
        if self.slots.is_empty() || max_order == 0 {
            return;
        }
        // As long as `slots` (times `width`), so a slot's index needs one bounds check for both.
        let state = &mut state[..self.slots.len() * width];
        let matches = &mut matches[..max_order * width];
        let mut node = ROOT;
        let mut depth = 0;
        for &unit in units {
            if depth == max_order {
                node = self.node(node).suffix;
                depth -= 1;
            }
            loop {
                let (index, slot) = self.probe(edge(node, unit));
                if slot.clip != 0 {
                    node = index as u32 + 1;
                    depth += 1;
                    break;
                }
                if depth == 0 {
                    break;
                }
                node = self.node(node).suffix;
                depth -= 1;
            }
            let mut ending = node;
            for matched in matches[..depth * width].chunks_exact_mut(width).rev() {
                let index = ending as usize - 1;
                let slot = &self.slots[index];
                step(slot.clip, &mut state[index * width..][..width], matched);
                ending = slot.suffix;
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

        #[test]
        fn each_references_matches_equal_plain_counting_against_it_alone(
            references in proptest::collection::vec(proptest::collection::vec(0u32..4, 0..30), 1..4),
            hypotheses in proptest::collection::vec(proptest::collection::vec(0u32..5, 0..30), 1..3),
            max_order in 1usize..10,
        ) {
            let slices: Vec<&[u32]> = references.iter().map(Vec::as_slice).collect();
            let trie = NgramTrie::each_reference(&slices, max_order);
            let mut remaining = Vec::new();
            // Several hypotheses through one working buffer: each walk starts afresh.
            for hypothesis in &hypotheses {
                let mut matches = vec![0u64; max_order * references.len()];
                trie.count_matches_each(hypothesis, max_order, &mut remaining, &mut matches);
                for (index, reference) in references.iter().enumerate() {
                    let alone: Vec<u64> =
                        matches.iter().skip(index).step_by(references.len()).copied().collect();
                    proptest::prop_assert_eq!(
                        alone,
                        naive_matches(std::slice::from_ref(reference), hypothesis, max_order)
                    );
                }
            }
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
