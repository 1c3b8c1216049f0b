//! Resampling for the meta-evaluation, on NumPy's generator (bit-exact, `stats::rng`) so an
//! independent Python implementation draws the same samples: percentile bootstrap intervals
//! (`default_rng(seed).choice(n, size=(resamples, n))`, NumPy's linear percentile, undefined
//! resamples left out as `nanpercentile` does) and mt-metrics-eval's PERM-BOTH permutation test
//! (`PermutationSigDiff`: both metrics z-scored, each entry swapped between them when
//! `default_rng(seed).integers(2, size=permutations·n, dtype=bool)` says so).

use super::correlation::{compare_scores, z_scores};
use crate::stats::resample::Draws;
use crate::stats::rng::NumpyRng;
use rayon::prelude::*;

/// NumPy's `percentile(values, q)` (method "linear") of sorted values.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    let position = (sorted.len() - 1) as f64 * q / 100.0;
    let low = position.floor() as usize;
    let high = (low + 1).min(sorted.len() - 1);
    let t = position - low as f64;
    let (a, b) = (sorted[low], sorted[high]);
    // NumPy's `_lerp`: interpolate from the nearer end.
    if t >= 0.5 {
        b - (b - a) * (1.0 - t)
    } else {
        a + (b - a) * t
    }
}

/// The 95% percentile bootstrap interval of `statistic` over `resamples` resamples of `n`
/// units (weights: how often each unit was drawn); `None` when no resample is defined.
pub fn bootstrap_interval<F>(
    n: usize,
    resamples: usize,
    seed: u64,
    statistic: F,
) -> Option<(f64, f64)>
where
    F: Fn(&[u32]) -> Option<f64> + Sync,
{
    if n == 0 || resamples == 0 {
        return None;
    }
    // Drawn a chunk of resamples at a time (`stats::resample::Draws`), each resample as the
    // weights it gives the units.
    let draws = Draws::new(seed, resamples, n);
    let mut values: Vec<f64> = (0..draws.chunks())
        .into_par_iter()
        .map_init(Vec::new, |weights, chunk| {
            draws.chunk_counts::<u32>(chunk, weights);
            weights
                .chunks(n)
                .filter_map(&statistic)
                .collect::<Vec<f64>>()
        })
        .flatten_iter()
        .collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| compare_scores(*a, *b));
    Some((percentile(&values, 2.5), percentile(&values, 97.5)))
}

/// Differences within this of the observed one count as reaching it: rank statistics and
/// integer-valued MQM sums tie exactly in real arithmetic, and rounding order must not decide
/// such ties (mt-metrics-eval compares rounded values as they come).
pub const TIE_TOLERANCE: f64 = 1e-9;

/// The permutation p-value of "metric a correlates better than metric b" (mt-metrics-eval's
/// `PermutationSigDiff(b, a)`): with both score vectors z-scored, `delta = stat(a) − stat(b)`,
/// and p = the share of permutations whose swapped difference is ≥ delta. An undefined
/// statistic counts as 0 inside the permutations, as in mt-metrics-eval; `None` when the
/// observed statistics are undefined. A permuted difference counts when it is ≥ delta −
/// [`TIE_TOLERANCE`].
pub fn permutation_p_value<F>(
    metric_a: &[f64],
    metric_b: &[f64],
    permutations: usize,
    seed: u64,
    statistic: F,
) -> Option<f64>
where
    F: Fn(&[f64]) -> Option<f64> + Sync,
{
    let n = metric_a.len();
    if permutations == 0 || n == 0 {
        return None;
    }
    let (a, b) = (z_scores(metric_a), z_scores(metric_b));
    let delta = statistic(&a)? - statistic(&b)?;
    let swaps = NumpyRng::new(u128::from(seed)).booleans(permutations * n);
    let exceed = swaps
        .par_chunks(n)
        .filter(|mask| {
            // m1 takes b's score where the mask is set (w1 = 1), a's otherwise; m2 the reverse.
            let m1: Vec<f64> = mask
                .iter()
                .enumerate()
                .map(|(i, &w)| if w { b[i] } else { a[i] })
                .collect();
            let m2: Vec<f64> = mask
                .iter()
                .enumerate()
                .map(|(i, &w)| if w { a[i] } else { b[i] })
                .collect();
            statistic(&m2).unwrap_or(0.0) - statistic(&m1).unwrap_or(0.0) >= delta - TIE_TOLERANCE
        })
        .count();
    Some(exceed as f64 / permutations as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::meta::correlation::pearson;

    #[test]
    fn numpy_linear_percentiles() {
        let values = [1.0, 2.0, 4.0, 8.0];
        assert_eq!(percentile(&values, 0.0), 1.0);
        assert_eq!(percentile(&values, 100.0), 8.0);
        // position 3 · 0.5 = 1.5 → 2 + 0.5 · 2 = 3.
        assert_eq!(percentile(&values, 50.0), 3.0);
        assert!((percentile(&values, 2.5) - 1.075).abs() < 1e-12);
    }

    #[test]
    fn bootstrap_of_a_constant_statistic_is_a_point() {
        assert_eq!(
            bootstrap_interval(5, 50, 1, |_| Some(0.25)),
            Some((0.25, 0.25))
        );
        assert_eq!(bootstrap_interval(5, 50, 1, |_| None), None);
    }

    #[test]
    fn permutation_test_separates_a_good_metric_from_noise() {
        let gold: Vec<f64> = (0..40).map(f64::from).collect();
        let good: Vec<f64> = gold.iter().map(|g| g + (g * 7.0).sin()).collect();
        let noise: Vec<f64> = gold.iter().map(|g| (g * 12.9898).sin() * 43758.5).collect();
        let statistic = |m: &[f64]| pearson(&gold, m);
        let p = permutation_p_value(&good, &noise, 200, 7, statistic).unwrap();
        assert!(p < 0.01, "{p}");
        // The same metric against itself: every permutation ties the observed delta of 0.
        assert_eq!(
            permutation_p_value(&good, &good, 50, 7, statistic),
            Some(1.0)
        );
    }
}
