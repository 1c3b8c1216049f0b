//! A segment's token vocabulary (token → id) without an allocation per token: the distinct
//! tokens stored end to end in one string and found through a flat open-addressing table of ids,
//! each slot tagged with part of its token's hash so that most mismatches cost no string
//! comparison.

use std::hash::Hasher;

/// An empty slot: no token has id `u32::MAX` (a segment has fewer distinct tokens).
const EMPTY: u64 = u64::MAX;

/// Token ids counting up from 0 in order of first occurrence.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// The distinct tokens, end to end.
    text: String,
    /// `ends[id]`: where token `id` ends in `text` (it starts where token `id - 1` ends).
    ends: Vec<u32>,
    /// `(hash >> 32) << 32 | id`, or [`EMPTY`]; the length is a power of two (or zero), at least
    /// twice the number of tokens.
    slots: Vec<u64>,
    /// Right shift taking a 64-bit hash to a slot index.
    shift: u32,
}

#[inline]
fn hash(token: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(token.as_bytes());
    // Fx leaves the low bits weak; multiplying spreads them into the high bits used for slots.
    hasher.finish().wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl Vocabulary {
    /// Makes room for `tokens` more distinct tokens of `bytes` bytes in all, so that adding them
    /// does not grow the table step by step.
    pub fn reserve(&mut self, tokens: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(tokens);
        let needed = 2 * (self.len() + tokens);
        if needed > self.slots.len() {
            self.resize_table(needed.next_power_of_two().max(8));
        }
    }

    /// Number of distinct tokens.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The token with id `id` (one that [`Vocabulary::intern`] returned).
    pub fn token(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.text[start..self.ends[id] as usize]
    }

    /// The slot holding `token` (whose hash is `hash`), or the empty slot where it belongs.
    #[inline]
    fn probe(&self, token: &str, hash: u64) -> usize {
        let tag = hash & !u64::from(u32::MAX);
        let mask = self.slots.len() - 1;
        let mut index = (hash >> self.shift) as usize;
        loop {
            let slot = self.slots[index];
            if slot == EMPTY
                || (slot & !u64::from(u32::MAX) == tag && self.token(slot as u32) == token)
            {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    /// The id of `token`, if it was added.
    #[inline]
    pub fn get(&self, token: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        match self.slots[self.probe(token, hash(token))] {
            EMPTY => None,
            slot => Some(slot as u32),
        }
    }

    /// The id of `token`, added if new.
    #[inline]
    pub fn intern(&mut self, token: &str) -> u32 {
        if 2 * (self.len() + 1) > self.slots.len() {
            self.resize_table((2 * self.slots.len()).max(8));
        }
        let hash = hash(token);
        let index = self.probe(token, hash);
        match self.slots[index] {
            EMPTY => {
                let id = self.len() as u32;
                self.text.push_str(token);
                self.ends.push(self.text.len() as u32);
                self.slots[index] = (hash & !u64::from(u32::MAX)) | u64::from(id);
                id
            }
            slot => slot as u32,
        }
    }

    /// Rebuilds the table with `len` slots (a power of two).
    fn resize_table(&mut self, len: usize) {
        self.slots.clear();
        self.slots.resize(len, EMPTY);
        self.shift = 64 - len.trailing_zeros();
        for id in 0..self.len() as u32 {
            let hash = hash(self.token(id));
            let index = self.probe(self.token(id), hash);
            self.slots[index] = (hash & !u64::from(u32::MAX)) | u64::from(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    proptest::proptest! {
        #[test]
        fn ids_equal_a_hash_maps(
            tokens in proptest::collection::vec("[ab\u{e9}]{0,3}", 0..60),
            capacity in 0usize..8,
            queries in proptest::collection::vec("[abc]{0,3}", 0..10),
        ) {
            // Small capacities make the table grow while tokens are added.
            let mut vocabulary = Vocabulary::default();
            vocabulary.reserve(capacity, capacity);
            let mut expected: FxHashMap<&str, u32> = FxHashMap::default();
            for token in &tokens {
                let next = expected.len() as u32;
                let id = *expected.entry(token.as_str()).or_insert(next);
                proptest::prop_assert_eq!(vocabulary.intern(token), id);
            }
            proptest::prop_assert_eq!(vocabulary.len(), expected.len());
            for query in tokens.iter().chain(&queries) {
                proptest::prop_assert_eq!(vocabulary.get(query), expected.get(query.as_str()).copied());
            }
        }
    }

    #[test]
    fn an_empty_vocabulary_knows_nothing() {
        assert_eq!(Vocabulary::default().get("a"), None);
    }
}
