//! Soft pairwise accuracy (Thompson et al., WMT24; `PairwiseConfidenceError` in
//! mt-metrics-eval): for every pair of systems, a paired permutation test on segment scores gives
//! the p-value of "system i is better than system j", once from the human scores and once from
//! the metric's; the statistic is 1 − the mean |p_human − p_metric| over the pairs (i < j).
//!
//! The permutation signs are drawn as mt-metrics-eval draws them — NumPy's
//! `default_rng(seed).random((permutations, segments), dtype=float32)`, rounded to 0/1 — from
//! the bit-exact generator in `stats::rng`; the sums are computed in f64 (mt-metrics-eval uses
//! float32), and a permuted difference within `TIE_TOLERANCE` of the observed one counts as
//! reaching it (MQM sums tie exactly; rounding order must not decide).
//!
//! The test of metric against metric is mt-metrics-eval's for its WMT24 task
//! (`CompareMetricsWithPairwiseConfidenceError`, which runs `PermutationSigDiff`): the two
//! metrics' segment scores as system-major vectors, each z-scored as a whole, every (system,
//! segment) score swapped between them at random, the statistic recomputed on both. mt-metrics-eval
//! has no interval for it; the 95% interval is the analogue of mteval's other system-level
//! statistics, a bootstrap over systems: a resample's systems keep their original order, each
//! pair of different systems keeps its p-values, and a system drawn twice agrees with itself
//! ([`SoftPairwise::resampled_accuracy`]).

use super::resampling::TIE_TOLERANCE;
use crate::stats::rng::NumpyRng;

/// mt-metrics-eval's seed for these permutations.
pub const SOFT_PAIRWISE_SEED: u128 = 4;

/// `permutations × segments` signs (+1/−1), row-major: a float32 uniform draw rounded half to
/// even (> 0.5 → +1, otherwise −1).
pub fn permutation_signs(seed: u128, permutations: usize, segments: usize) -> Vec<f64> {
    let mut rng = NumpyRng::new(seed);
    (0..permutations * segments)
        .map(|_| {
            // float32 draw = (u32 >> 8) / 2^24; rint(x) = 1 exactly when x > 0.5.
            if rng.next_u32() >> 8 > 1 << 23 {
                1.0
            } else {
                -1.0
            }
        })
        .collect()
}

/// Soft pairwise accuracy against fixed human scores: the permutation signs and the human
/// p-values are computed once, for every metric, every bootstrap resample and every
/// permutation of the metric-against-metric test.
#[derive(Debug, Clone)]
pub struct SoftPairwise {
    /// `permutations × segments`, row-major.
    signs: Vec<f64>,
    permutations: usize,
    systems: usize,
    segments: usize,
    /// The human p-values of the pairs i < j, row by row.
    gold_p: Vec<f64>,
}

impl SoftPairwise {
    /// For `gold[system][segment]` (higher is better, every row as long); `None` for fewer
    /// than two systems, no segments or no permutations.
    pub fn new(gold: &[Vec<f64>], permutations: usize) -> Option<Self> {
        let systems = gold.len();
        let segments = gold.first().map_or(0, Vec::len);
        if systems < 2 || segments == 0 || permutations == 0 {
            return None;
        }
        let mut soft = SoftPairwise {
            signs: permutation_signs(SOFT_PAIRWISE_SEED, permutations, segments),
            permutations,
            systems,
            segments,
            gold_p: Vec::new(),
        };
        let flat: Vec<f64> = gold.concat();
        soft.gold_p = soft.p_values(&flat);
        Some(soft)
    }

    /// The number of systems.
    pub fn systems(&self) -> usize {
        self.systems
    }

    /// The p-values of "system i is better than system j" for the pairs i < j (row by row)
    /// from system-major `scores` (`systems × segments`).
    fn p_values(&self, scores: &[f64]) -> Vec<f64> {
        let (n, segments) = (self.systems, self.segments);
        assert_eq!(
            scores.len(),
            n * segments,
            "one score per system and segment"
        );
        let totals: Vec<f64> = scores.chunks(segments).map(|s| s.iter().sum()).collect();
        // partial[p][s] = Σ_segment sign[p][segment] · score[s][segment]
        let mut partial = vec![0.0; self.permutations * n];
        // SAFETY: `signs` is permutations × segments (row-major), `scores` systems × segments
        // (read as its transpose: row stride 1, column stride `segments`), `partial`
        // permutations × systems (row-major): every address the strides reach is inside.
        unsafe {
            matrixmultiply::dgemm(
                self.permutations,
                segments,
                n,
                1.0,
                self.signs.as_ptr(),
                segments as isize,
                1,
                scores.as_ptr(),
                1,
                segments as isize,
                0.0,
                partial.as_mut_ptr(),
                n as isize,
                1,
            );
        }
        let mut p_values = Vec::with_capacity(n * (n - 1) / 2);
        for i in 0..n {
            for j in i + 1..n {
                let observed = totals[i] - totals[j];
                let exceed = partial
                    .chunks(n)
                    .filter(|row| row[i] - row[j] >= observed - TIE_TOLERANCE)
                    .count();
                p_values.push(exceed as f64 / self.permutations as f64);
            }
        }
        p_values
    }

    /// `|p_human − p_metric|` of every pair i < j (row by row) for system-major `metric`
    /// scores (`systems × segments`).
    pub fn pair_errors(&self, metric: &[f64]) -> Vec<f64> {
        self.p_values(metric)
            .iter()
            .zip(&self.gold_p)
            .map(|(m, g)| (g - m).abs())
            .collect()
    }

    /// Soft pairwise accuracy of system-major `metric` scores.
    pub fn accuracy(&self, metric: &[f64]) -> f64 {
        let errors = self.pair_errors(metric);
        1.0 - errors.iter().sum::<f64>() / errors.len() as f64
    }

    /// Soft pairwise accuracy over a bootstrap resample of the systems, from the
    /// [`SoftPairwise::pair_errors`] of all systems: system i drawn `weights[i]` times, the
    /// resample's systems in their original order (so its pairs keep the direction i < j),
    /// and a system paired with a copy of itself agreeing fully (both p-values are 1).
    /// `None` for fewer than two draws.
    pub fn resampled_accuracy(&self, errors: &[f64], weights: &[u32]) -> Option<f64> {
        let drawn: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        if drawn < 2 {
            return None;
        }
        let mut error = 0.0;
        let mut pair = 0;
        for i in 0..self.systems {
            for j in i + 1..self.systems {
                error += f64::from(weights[i]) * f64::from(weights[j]) * errors[pair];
                pair += 1;
            }
        }
        Some(1.0 - error / (drawn * (drawn - 1) / 2) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_rankings_agree_fully_and_opposite_ones_do_not() {
        let gold = vec![vec![3.0, 2.0, 4.0, 3.0], vec![1.0, 1.0, 2.0, 0.0]];
        let soft = SoftPairwise::new(&gold, 200).unwrap();
        assert_eq!(soft.accuracy(&gold.concat()), 1.0);
        let reversed = [gold[1].clone(), gold[0].clone()];
        let errors = soft.pair_errors(&reversed.concat());
        // Both systems drawn: the full statistic; one drawn twice: full agreement.
        assert_eq!(
            soft.resampled_accuracy(&errors, &[1, 1]),
            Some(soft.accuracy(&reversed.concat()))
        );
        assert_eq!(soft.resampled_accuracy(&errors, &[2, 0]), Some(1.0));
        assert_eq!(soft.resampled_accuracy(&errors, &[1, 0]), None);
        let spa = soft.accuracy(&reversed.concat());
        assert!(spa < 0.2, "{spa}");
        assert!(SoftPairwise::new(&gold[..1], 200).is_none());
    }

    /// A resample's accuracy from the full pair errors equals the statistic recomputed on the
    /// resampled systems (in their original order, a system drawn twice included).
    #[test]
    fn resampled_accuracy_equals_a_recomputation_on_the_drawn_systems() {
        let gold = vec![
            vec![3.0, 2.0, 4.0, 3.0, 1.0],
            vec![1.0, 1.0, 2.0, 0.0, 1.0],
            vec![2.0, 3.0, 1.0, 2.0, 2.0],
        ];
        let metric = vec![
            vec![0.5, 0.1, 0.2, 0.3, 0.9],
            vec![0.4, 0.6, 0.1, 0.2, 0.3],
            vec![0.3, 0.2, 0.8, 0.1, 0.5],
        ];
        let soft = SoftPairwise::new(&gold, 300).unwrap();
        let errors = soft.pair_errors(&metric.concat());
        for (weights, drawn) in [
            ([2, 1, 0], [0, 0, 1]),
            ([0, 1, 2], [1, 2, 2]),
            ([1, 1, 1], [0, 1, 2]),
        ] {
            let pick =
                |rows: &[Vec<f64>]| drawn.iter().map(|&i| rows[i].clone()).collect::<Vec<_>>();
            let direct = SoftPairwise::new(&pick(&gold), 300)
                .unwrap()
                .accuracy(&pick(&metric).concat());
            let resampled = soft.resampled_accuracy(&errors, &weights).unwrap();
            assert!(
                (direct - resampled).abs() < 1e-12,
                "{weights:?}: {direct} vs {resampled}"
            );
        }
    }

    #[test]
    fn signs_are_balanced() {
        let signs = permutation_signs(SOFT_PAIRWISE_SEED, 100, 100);
        let positive = signs.iter().filter(|&&s| s > 0.0).count();
        assert!((4500..5500).contains(&positive), "{positive}");
    }
}
