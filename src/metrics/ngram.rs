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

use std::ops::{AddAssign, SubAssign};

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
    counts: ReferenceCounts,
    /// How many references `counts` has per slot (0 with [`ReferenceCounts::Clips`]).
    references: usize,
    /// Every count fits in a byte (no reference is longer than 255 units), so the walks keep
    /// their per-slot counters in bytes.
    narrow: bool,
}

/// Each reference's own counts, in bytes when every count fits in one (see [`MatchState`]).
#[derive(Debug)]
enum ReferenceCounts {
    /// None kept: one reference, whose counts are the clipping counts, or BLEU's trie, which
    /// needs only those.
    Clips,
    Narrow(Vec<u8>),
    Wide(Vec<u32>),
}

/// Working memory of the matching walks, reused from one hypothesis to the next: a counter per
/// slot (and reference), reset for every hypothesis. Counters are bytes when the trie's
/// counts fit in one (the common case), so the reset writes a fourth as much.
#[derive(Debug, Default)]
pub struct MatchState {
    narrow: Vec<u8>,
    wide: Vec<u32>,
}

/// A per-slot counter of [`MatchState`]: `u8` or `u32`.
trait Counter: Copy + Default + Into<u32> + From<bool> + PartialOrd + AddAssign + SubAssign {
    /// Adds one if `one` (never past the largest count of the trie, which fits).
    #[inline]
    fn add(&mut self, one: bool) {
        *self += Self::from(one);
    }

    /// Takes one if any is left; whether it did.
    #[inline]
    fn take_one(&mut self) -> bool {
        let taken = *self > Self::default();
        *self -= Self::from(taken);
        taken
    }
}

impl Counter for u8 {}
impl Counter for u32 {}

/// Every count of an n-gram in a reference of at most this many units fits in a byte.
const NARROW_UNITS: usize = u8::MAX as usize;

impl Default for NgramTrie {
    /// No n-grams, without allocating (see [`NgramTrie::count_matches`]).
    fn default() -> Self {
        NgramTrie {
            slots: Vec::new(),
            mask: 0,
            shift: 0,
            counts: ReferenceCounts::Clips,
            references: 0,
            narrow: true,
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
        trie.counts = ReferenceCounts::Clips;
        trie.references = 0;
        trie
    }

    /// The n-grams of `references` in one trie that also keeps each reference's own counts, so
    /// that one walk over a hypothesis counts its matches with every reference
    /// ([`NgramTrie::count_matches_each`]; chrF scores each reference separately).
    pub fn each_reference(references: &[&[u32]], max_order: usize) -> Self {
        if references.is_empty() {
            // No reference: nothing matches (and no counts per reference to keep).
            return NgramTrie::default();
        }
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
            narrow: references.iter().all(|units| units.len() <= NARROW_UNITS),
            ..NgramTrie::default()
        };
        if let [units] = references {
            // One reference: its counts are the clipping counts.
            trie.add_reference(units, max_order, |slot, _| slot.clip += 1);
        } else if trie.narrow {
            let counts = trie.add_each_reference::<u8>(references, max_order);
            trie.counts = ReferenceCounts::Narrow(counts);
        } else {
            let counts = trie.add_each_reference::<u32>(references, max_order);
            trie.counts = ReferenceCounts::Wide(counts);
        }
        trie
    }

    /// Adds several references' n-grams, counting each reference's occurrences apart (the
    /// clipping count is their largest); returns those counts, `references.len()` per slot.
    fn add_each_reference<C: Counter>(
        &mut self,
        references: &[&[u32]],
        max_order: usize,
    ) -> Vec<C> {
        let width = references.len();
        let mut counts = vec![C::default(); self.slots.len() * width];
        for (reference, units) in references.iter().enumerate() {
            self.add_reference(units, max_order, |slot, index| {
                let count = &mut counts[index * width + reference];
                count.add(true);
                slot.clip = slot.clip.max((*count).into());
            });
        }
        self.references = width;
        counts
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
    /// the hypothesis n-grams.
    pub fn count_matches(
        &self,
        units: &[u32],
        max_order: usize,
        state: &mut MatchState,
        matches: &mut [u64],
    ) {
        if self.narrow {
            self.count_clipped(units, max_order, &mut state.narrow, matches);
        } else {
            self.count_clipped(units, max_order, &mut state.wide, matches);
        }
    }

    /// [`NgramTrie::count_matches`] with `used` counters of type `C`.
    fn count_clipped<C: Counter>(
        &self,
        units: &[u32],
        max_order: usize,
        used: &mut Vec<C>,
        matches: &mut [u64],
    ) {
        used.clear();
        used.resize(self.slots.len(), C::default());
        self.walk(units, max_order, used, 1, matches, |clip, used, matched| {
            let unclipped = used[0].into() < clip;
            used[0].add(unclipped);
            matched[0] += u64::from(unclipped);
        });
    }

    /// For a trie made by [`NgramTrie::each_reference`] over R references: adds to
    /// `matches[(n-1) * R + r]`, for each order n and reference r, `Σ min(hypothesis count,
    /// count in reference r)` over the hypothesis n-grams, all in one walk.
    pub fn count_matches_each(
        &self,
        units: &[u32],
        max_order: usize,
        state: &mut MatchState,
        matches: &mut [u64],
    ) {
        match &self.counts {
            ReferenceCounts::Clips => self.count_matches(units, max_order, state, matches),
            ReferenceCounts::Narrow(counts) => {
                self.count_taken(units, max_order, counts, &mut state.narrow, matches)
            }
            ReferenceCounts::Wide(counts) => {
                self.count_taken(units, max_order, counts, &mut state.wide, matches)
            }
        }
    }

    /// [`NgramTrie::count_matches_each`] with counters of type `C`: each reference's matches
    /// left for each n-gram (a copy of `counts`), one array read and written per step.
    fn count_taken<C: Counter>(
        &self,
        units: &[u32],
        max_order: usize,
        counts: &[C],
        remaining: &mut Vec<C>,
        matches: &mut [u64],
    ) {
        remaining.clear();
        remaining.extend_from_slice(counts);
        self.walk(
            units,
            max_order,
            remaining,
            self.references,
            matches,
            |_, remaining, matched| {
                for (remaining, matched) in remaining.iter_mut().zip(matched) {
                    *matched += u64::from(remaining.take_one());
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
    fn walk<C>(
        &self,
        units: &[u32],
        max_order: usize,
        state: &mut [C],
        width: usize,
        matches: &mut [u64],
        mut step: impl FnMut(u32, &mut [C], &mut [u64]),
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
        let mut scratch = MatchState::default();
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
            mut references in proptest::collection::vec(proptest::collection::vec(0u32..4, 0..30), 1..4),
            mut hypothesis in proptest::collection::vec(0u32..5, 0..30),
            max_order in 1usize..10,
            zeros in proptest::sample::select(vec![0usize, 270]),
        ) {
            // Some references longer than a byte counts: counters in `u32`.
            references[0].extend(std::iter::repeat_n(0, zeros));
            hypothesis.extend(std::iter::repeat_n(0, zeros));
            let slices: Vec<&[u32]> = references.iter().map(Vec::as_slice).collect();
            let trie = NgramTrie::new(&slices, max_order);
            let mut matches = vec![0u64; max_order];
            trie.count_matches(&hypothesis, max_order, &mut MatchState::default(), &mut matches);
            proptest::prop_assert_eq!(matches, naive_matches(&references, &hypothesis, max_order));
        }

        #[test]
        fn each_references_matches_equal_plain_counting_against_it_alone(
            mut references in proptest::collection::vec(proptest::collection::vec(0u32..4, 0..30), 1..4),
            mut hypotheses in proptest::collection::vec(proptest::collection::vec(0u32..5, 0..30), 1..3),
            max_order in 1usize..10,
            zeros in proptest::sample::select(vec![0usize, 270]),
        ) {
            references[0].extend(std::iter::repeat_n(0, zeros));
            hypotheses[0].extend(std::iter::repeat_n(0, zeros));
            let slices: Vec<&[u32]> = references.iter().map(Vec::as_slice).collect();
            let trie = NgramTrie::each_reference(&slices, max_order);
            let mut remaining = MatchState::default();
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
        let mut used = MatchState::default();
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

    #[test]
    fn counts_past_a_byte_are_exact() {
        // A reference of more than 255 units keeps its counters in `u32`: 300 and 280 zeros.
        let long = [0u32; 300];
        let short = [0u32; 10];
        let hypothesis = [0u32; 280];
        let mut state = MatchState::default();
        let trie = NgramTrie::new(&[&long], 2);
        assert!(!trie.narrow);
        let mut matches = [0u64; 2];
        trie.count_matches(&hypothesis, 2, &mut state, &mut matches);
        assert_eq!(matches, [280, 279]);
        let trie = NgramTrie::each_reference(&[&long, &short], 2);
        let mut matches = [0u64; 4];
        trie.count_matches_each(&hypothesis, 2, &mut state, &mut matches);
        assert_eq!(matches, [280, 10, 279, 9]);
        // Short references count in bytes; the same state serves both kinds of trie.
        let trie = NgramTrie::each_reference(&[&short, &[0u32; 255]], 2);
        assert!(trie.narrow);
        let mut matches = [0u64; 4];
        trie.count_matches_each(&hypothesis, 2, &mut state, &mut matches);
        assert_eq!(matches, [10, 255, 9, 254]);
    }
}
