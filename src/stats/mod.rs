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

/// The most resamples a test draws: every resample's scores are kept (for the intervals), a
/// few dozen bytes per resample, metric and system, so a mistyped count must be refused
/// rather than asked of the allocator (10⁷ resamples are ~1,000 times what tests use).
pub const MAX_RESAMPLES: usize = 10_000_000;

/// Why `samples` resamples cannot be drawn (none at all, or more than [`MAX_RESAMPLES`]).
pub fn resamples_refusal(samples: usize) -> Option<String> {
    if samples == 0 {
        Some("need at least one resample".to_string())
    } else if samples > MAX_RESAMPLES {
        Some(format!(
            "at most {MAX_RESAMPLES} resamples (each resample's scores are kept in memory)"
        ))
    } else {
        None
    }
}

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
