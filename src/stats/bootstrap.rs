//! Paired bootstrap resampling (Koehn 2004) as sacreBLEU's `--paired-bs` runs it: every system
//! is re-scored on the same resamples (the generator is re-seeded for each comparison), and the
//! p-value counts centred resampled differences above the observed one.

use super::resample::ScoreArray;
use super::Exceedance;

/// sacreBLEU's paired bootstrap p-value: with `d = |system − baseline|` over resamples (in the
/// arrays' precision), `p = (#{d − mean(d) > |observed difference|} + 1) / (resamples + 1)`.
pub fn paired_bootstrap_p_value(
    baseline: &ScoreArray,
    system: &ScoreArray,
    observed_difference: f64,
    exceedance: Exceedance,
) -> f64 {
    let resamples = baseline.len();
    let exceed = match (baseline, system) {
        (ScoreArray::F32(b), ScoreArray::F32(s)) => {
            let d: Vec<f32> = s.iter().zip(b).map(|(s, b)| (s - b).abs()).collect();
            let mean = super::ci::numpy_mean(&ScoreArray::F32(d.clone())) as f32;
            let threshold = observed_difference as f32;
            d.iter()
                .filter(|&&x| exceedance.counts(x - mean, threshold))
                .count()
        }
        _ => {
            let (b, s) = (baseline.to_f64(), system.to_f64());
            let d: Vec<f64> = s.iter().zip(&b).map(|(s, b)| (s - b).abs()).collect();
            let mean = super::ci::numpy_mean(&ScoreArray::F64(d.clone()));
            d.iter()
                .filter(|&&x| exceedance.counts(x - mean, observed_difference))
                .count()
        }
    };
    (exceed + 1) as f64 / (resamples + 1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_systems_get_sacrebleus_minimum_p_but_inclusive_p_one() {
        let scores = ScoreArray::F64(vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(
            paired_bootstrap_p_value(&scores, &scores, 0.0, Exceedance::Strict),
            1.0 / 5.0
        );
        assert_eq!(
            paired_bootstrap_p_value(&scores, &scores, 0.0, Exceedance::Inclusive),
            1.0
        );
    }

    #[test]
    fn p_value_counts_centred_differences_above_observed() {
        let baseline = ScoreArray::F64(vec![10.0; 4]);
        let system = ScoreArray::F64(vec![11.0, 12.0, 13.0, 18.0]);
        // d = 1, 2, 3, 8; mean 3.5; centred: -2.5, -1.5, -0.5, 4.5; above 4.0: one.
        assert_eq!(
            paired_bootstrap_p_value(&baseline, &system, 4.0, Exceedance::Strict),
            2.0 / 5.0
        );
    }
}
