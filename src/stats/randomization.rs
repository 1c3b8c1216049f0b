//! Paired approximate randomization (Noreen 1989; Riezler & Maxwell 2005) as sacreBLEU's
//! `--paired-ar` runs it: in each trial every segment's statistics are swapped between the two
//! systems with probability ½ (NumPy boolean draws), both pseudo-systems are scored from their
//! exact sums, and the p-value counts trials whose score difference exceeds the observed one.

use super::resample::{Scorer, StatsMatrix};
use super::rng::NumpyRng;
use super::Exceedance;
use rayon::prelude::*;

/// The swap masks of `trials` trials over `segments` segments, row-major, as sacreBLEU draws
/// them: `default_rng(seed).integers(2, size=(trials, segments), dtype=bool)`.
pub fn swap_masks(seed: u64, trials: usize, segments: usize) -> Vec<bool> {
    NumpyRng::new(u128::from(seed)).booleans(trials * segments)
}

/// The approximate-randomization p-value of the difference between two systems.
///
/// Pseudo-system A takes the baseline's statistics where the mask is set and the system's
/// elsewhere; B the complement. Since `A = Σsystem + Σ_masked(baseline − system)` and
/// `B = Σbaseline − Σ_masked(baseline − system)`, each trial only adds the differing rows.
pub fn approximate_randomization_p_value(
    baseline: &StatsMatrix,
    system: &StatsMatrix,
    masks: &[bool],
    scorer: &Scorer,
    observed_difference: f64,
    exceedance: Exceedance,
) -> f64 {
    let segments = baseline.segments();
    let width = baseline.width();
    let baseline_sums = baseline.column_sums();
    let system_sums = system.column_sums();
    let differing: Vec<(usize, Vec<f64>)> = (0..segments)
        .filter_map(|i| {
            let delta: Vec<f64> = baseline
                .row(i)
                .zip(system.row(i))
                .map(|(b, s)| b - s)
                .collect();
            delta.iter().any(|&d| d != 0.0).then_some((i, delta))
        })
        .collect();
    let trials = masks.len().checked_div(segments).unwrap_or(0);
    let exceeding: usize = (0..trials)
        .into_par_iter()
        .map_init(
            || (vec![0.0; width], vec![0.0; width]),
            |(a, b), trial| {
                let mask = &masks[trial * segments..(trial + 1) * segments];
                a.copy_from_slice(&system_sums);
                b.copy_from_slice(&baseline_sums);
                for (segment, delta) in &differing {
                    if mask[*segment] {
                        for k in 0..width {
                            a[k] += delta[k];
                            b[k] -= delta[k];
                        }
                    }
                }
                let difference = (scorer.score(a).to_f64() - scorer.score(b).to_f64()).abs();
                usize::from(exceedance.counts(difference, observed_difference))
            },
        )
        .sum();
    (exceeding + 1) as f64 / (trials + 1) as f64
}
