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

/// p-values `p[i][j]` (i < j) of "system i is better than system j" from `scores[system][segment]`.
fn pairwise_p_values(scores: &[Vec<f64>], signs: &[f64], permutations: usize) -> Vec<Vec<f64>> {
    let segments = scores.first().map_or(0, Vec::len);
    let totals: Vec<f64> = scores.iter().map(|s| s.iter().sum()).collect();
    // partial[p][s] = Σ_segment sign[p][segment] · score[s][segment]
    let partial: Vec<Vec<f64>> = (0..permutations)
        .map(|p| {
            let row = &signs[p * segments..(p + 1) * segments];
            scores
                .iter()
                .map(|s| row.iter().zip(s).map(|(sign, value)| sign * value).sum())
                .collect()
        })
        .collect();
    let n = scores.len();
    let mut p_values = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let observed = totals[i] - totals[j];
            let exceed = partial
                .iter()
                .filter(|row| row[i] - row[j] >= observed - TIE_TOLERANCE)
                .count();
            p_values[i][j] = exceed as f64 / permutations as f64;
        }
    }
    p_values
}

/// Soft pairwise accuracy of `metric[system][segment]` against `gold[system][segment]` (both
/// higher-is-better); `None` for fewer than two systems.
pub fn soft_pairwise_accuracy(
    gold: &[Vec<f64>],
    metric: &[Vec<f64>],
    permutations: usize,
) -> Option<f64> {
    let n = gold.len();
    if n < 2 || permutations == 0 {
        return None;
    }
    let segments = gold[0].len();
    let signs = permutation_signs(SOFT_PAIRWISE_SEED, permutations, segments);
    let gold_p = pairwise_p_values(gold, &signs, permutations);
    let metric_p = pairwise_p_values(metric, &signs, permutations);
    let mut error = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            error += (gold_p[i][j] - metric_p[i][j]).abs();
        }
    }
    Some(1.0 - error / (n * (n - 1) / 2) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_rankings_agree_fully_and_opposite_ones_do_not() {
        let gold = vec![vec![3.0, 2.0, 4.0, 3.0], vec![1.0, 1.0, 2.0, 0.0]];
        assert_eq!(soft_pairwise_accuracy(&gold, &gold, 200), Some(1.0));
        let reversed = vec![gold[1].clone(), gold[0].clone()];
        let spa = soft_pairwise_accuracy(&gold, &reversed, 200).unwrap();
        assert!(spa < 0.2, "{spa}");
        assert_eq!(soft_pairwise_accuracy(&gold[..1], &gold[..1], 200), None);
    }

    #[test]
    fn signs_are_balanced() {
        let signs = permutation_signs(SOFT_PAIRWISE_SEED, 100, 100);
        let positive = signs.iter().filter(|&&s| s > 0.0).count();
        assert!((4500..5500).contains(&positive), "{positive}");
    }
}
