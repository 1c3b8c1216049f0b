//! NumPy's `default_rng(seed)` reimplemented bit for bit, so resampling draws the same indices
//! as sacreBLEU: `SeedSequence` entropy mixing, the PCG64 generator (XSL-RR 128/64), buffered
//! 32-bit draws, Lemire's bounded integers (`integers`/`choice`) and bit-wise boolean draws.

const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
const XSHIFT: u32 = 16;
const POOL_SIZE: usize = 4;
const PCG_MULTIPLIER: u128 = 0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645;

/// NumPy's `SeedSequence` for an integer seed: the entropy pool it derives.
struct SeedSequence {
    pool: [u32; POOL_SIZE],
}

fn hashmix(value: u32, hash_const: &mut u32) -> u32 {
    let mut value = value ^ *hash_const;
    *hash_const = hash_const.wrapping_mul(MULT_A);
    value = value.wrapping_mul(*hash_const);
    value ^ (value >> XSHIFT)
}

fn mix(x: u32, y: u32) -> u32 {
    let result = MIX_MULT_L
        .wrapping_mul(x)
        .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
    result ^ (result >> XSHIFT)
}

impl SeedSequence {
    fn new(seed: u128) -> Self {
        // The seed as little-endian 32-bit words (at least one word, 0 → [0]).
        let mut entropy = Vec::new();
        let mut rest = seed;
        loop {
            entropy.push(rest as u32);
            rest >>= 32;
            if rest == 0 {
                break;
            }
        }
        let mut hash_const = INIT_A;
        let mut pool = [0u32; POOL_SIZE];
        for (i, slot) in pool.iter_mut().enumerate() {
            *slot = hashmix(entropy.get(i).copied().unwrap_or(0), &mut hash_const);
        }
        for src in 0..POOL_SIZE {
            for dst in 0..POOL_SIZE {
                if src != dst {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], &mut hash_const));
                }
            }
        }
        for &word in entropy.iter().skip(POOL_SIZE) {
            for slot in pool.iter_mut() {
                *slot = mix(*slot, hashmix(word, &mut hash_const));
            }
        }
        SeedSequence { pool }
    }

    /// `generate_state(n, uint64)`.
    fn generate_u64_state<const N: usize>(&self) -> [u64; N] {
        let mut hash_const = INIT_B;
        let mut words = self.pool.iter().cycle();
        let mut next_word = || {
            let mut value = *words.next().expect("cycle never ends") ^ hash_const;
            hash_const = hash_const.wrapping_mul(MULT_B);
            value = value.wrapping_mul(hash_const);
            value ^ (value >> XSHIFT)
        };
        let mut state = [0u64; N];
        for slot in state.iter_mut() {
            let low = u64::from(next_word());
            let high = u64::from(next_word());
            *slot = low | (high << 32);
        }
        state
    }
}

/// NumPy's `Generator(PCG64(SeedSequence(seed)))`, i.e. `numpy.random.default_rng(seed)`.
#[derive(Debug, Clone)]
pub struct NumpyRng {
    state: u128,
    increment: u128,
    buffered_u32: Option<u32>,
}

/// Lemire's rejection threshold for draws below `n > 0`: `2^32 mod n`. A 32-bit draw `x` is
/// accepted when the low half of `x·n` is at least this (then the high half is the result).
fn rejection_threshold(n: u32) -> u32 {
    n.wrapping_neg() % n
}

impl NumpyRng {
    /// `default_rng(seed)` for a non-negative integer seed.
    pub fn new(seed: u128) -> Self {
        let [v0, v1, v2, v3] = SeedSequence::new(seed).generate_u64_state::<4>();
        let initial_state = (u128::from(v0) << 64) | u128::from(v1);
        let sequence = (u128::from(v2) << 64) | u128::from(v3);
        let mut rng = NumpyRng {
            state: 0,
            increment: (sequence << 1) | 1,
            buffered_u32: None,
        };
        rng.step();
        rng.state = rng.state.wrapping_add(initial_state);
        rng.step();
        rng
    }

    fn step(&mut self) {
        self.state = self
            .state
            .wrapping_mul(PCG_MULTIPLIER)
            .wrapping_add(self.increment);
    }

    /// The generator's raw 64-bit output (`bit_generator.random_raw()`).
    pub fn next_u64(&mut self) -> u64 {
        self.step();
        let high = (self.state >> 64) as u64;
        let low = self.state as u64;
        (high ^ low).rotate_right((high >> 58) as u32)
    }

    /// A 32-bit draw: the low half of a fresh 64-bit output, whose high half is kept for the
    /// next call.
    pub fn next_u32(&mut self) -> u32 {
        if let Some(high) = self.buffered_u32.take() {
            return high;
        }
        let value = self.next_u64();
        self.buffered_u32 = Some((value >> 32) as u32);
        value as u32
    }

    /// `integers(0, n)` for `0 < n ≤ 2^32` by Lemire's method on 32-bit draws.
    pub fn below(&mut self, n: u32) -> u32 {
        debug_assert!(n > 0);
        let n64 = u64::from(n);
        let mut m = u64::from(self.next_u32()) * n64;
        let mut leftover = m as u32;
        if leftover < n {
            let threshold = rejection_threshold(n);
            while leftover < threshold {
                m = u64::from(self.next_u32()) * n64;
                leftover = m as u32;
            }
        }
        (m >> 32) as u32
    }

    /// Hands `count` draws of [`below`](Self::below)`(n)` to `each`, in order: the same draws
    /// in one loop over 64-bit outputs (low half first), each accepted or redrawn by the same
    /// test (Lemire's threshold, `2^32 mod n`). Drawing in several calls continues the same
    /// stream.
    pub fn each_below(&mut self, count: usize, n: usize, mut each: impl FnMut(u32)) {
        if count == 0 {
            return;
        }
        let bound = u32::try_from(n).expect("fewer than 2^32 segments");
        let n64 = u64::from(bound);
        let threshold = rejection_threshold(bound);
        let mut left = count;
        let mut accept = |draw: u32| {
            let m = u64::from(draw) * n64;
            let accepted = m as u32 >= threshold;
            if accepted {
                each((m >> 32) as u32);
            }
            usize::from(accepted)
        };
        if let Some(high) = self.buffered_u32.take() {
            left -= accept(high);
        }
        while left > 0 {
            let value = self.next_u64();
            left -= accept(value as u32);
            if left == 0 {
                self.buffered_u32 = Some((value >> 32) as u32);
                break;
            }
            left -= accept((value >> 32) as u32);
        }
    }

    /// `integers(2, size=count, dtype=bool)`: one 32-bit draw feeds 32 booleans, low bit first.
    pub fn booleans(&mut self, count: usize) -> Vec<bool> {
        let mut out = Vec::with_capacity(count);
        let mut buffer = 0u32;
        let mut remaining = 0;
        for _ in 0..count {
            if remaining == 0 {
                buffer = self.next_u32();
                remaining = 31;
            } else {
                buffer >>= 1;
                remaining -= 1;
            }
            out.push(buffer & 1 == 1);
        }
        out
    }
}

#[cfg(test)]
impl NumpyRng {
    /// `choice(n, size=(rows, n), replace=True)` row-major: `rows` resamples of `n` indices
    /// (what chunked draws are checked against).
    pub(crate) fn resample_indices(&mut self, rows: usize, n: usize) -> Vec<u32> {
        let mut out = Vec::with_capacity(rows * n);
        self.each_below(rows * n, n, |index| out.push(index));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values printed by NumPy 2.x: `np.random.default_rng(seed)`.

    #[test]
    fn raw_outputs_match_numpy() {
        let mut rng = NumpyRng::new(12345);
        assert_eq!(
            [rng.next_u64(), rng.next_u64(), rng.next_u64()],
            [
                4193609425186963869,
                5843160025838961886,
                14708796524633321433
            ]
        );
        // A seed wider than one 32-bit word.
        let mut rng = NumpyRng::new((1 << 40) + 7);
        assert_eq!(
            [rng.next_u64(), rng.next_u64()],
            [15307346044642009514, 4709548916763817589]
        );
    }

    #[test]
    fn choice_matches_numpy() {
        let mut rng = NumpyRng::new(12345);
        let draws: Vec<u32> = (0..8).map(|_| rng.below(2037)).collect();
        assert_eq!(draws, [1424, 463, 1606, 645, 415, 1624, 1309, 1377]);
        let mut rng = NumpyRng::new(12345);
        assert_eq!(rng.resample_indices(2, 3), [2, 0, 2, 0, 0, 2]);
    }

    #[test]
    fn resample_indices_are_the_draws_of_below() {
        // An odd count leaves half an output buffered for the next call.
        for (seed, rows, n) in [(12345, 3, 2037), (7, 1, 100_003), (1, 1, 1), (3, 7, 5)] {
            let mut fast = NumpyRng::new(seed);
            let mut slow = fast.clone();
            for _ in 0..2 {
                let indices = fast.resample_indices(rows, n);
                let expected: Vec<u32> = (0..rows * n).map(|_| slow.below(n as u32)).collect();
                assert_eq!(indices, expected);
            }
            assert_eq!(fast.next_u32(), slow.next_u32());
        }
        assert_eq!(NumpyRng::new(1).resample_indices(4, 0), Vec::<u32>::new());
    }

    #[test]
    fn booleans_match_numpy() {
        let mut rng = NumpyRng::new(12345);
        let bits: Vec<u8> = rng.booleans(40).into_iter().map(u8::from).collect();
        assert_eq!(
            bits,
            [
                1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0,
                1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1
            ]
        );
    }
}
