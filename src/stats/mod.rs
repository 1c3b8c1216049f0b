//! Statistics over cached segment statistics: sacreBLEU-identical paired bootstrap resampling
//! and approximate randomization, confidence intervals, multiple-comparison corrections, and
//! external segment scores as comparison inputs.

pub mod bootstrap;
pub mod ci;
pub mod comparison;
pub mod correction;
pub mod external;
pub mod randomization;
pub mod resample;
pub mod rng;
pub mod sacrebleu_resampling;

/// Which resampled statistics count against the null hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceedance {
    /// Strictly greater than the observed statistic: sacreBLEU (and Multeval). An identical
    /// system then gets the smallest possible p-value, `1/(n+1)`.
    Strict,
    /// Greater or equal: the conventional Monte Carlo p-value; an identical system gets p = 1.
    Inclusive,
}

impl Exceedance {
    /// Whether `statistic` counts as at least as extreme as `observed`.
    pub fn counts<T: PartialOrd>(self, statistic: T, observed: T) -> bool {
        match self {
            Exceedance::Strict => statistic > observed,
            Exceedance::Inclusive => statistic >= observed,
        }
    }
}
