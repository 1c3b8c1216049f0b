//! Confidence intervals from resampled scores, as sacreBLEU computes them: the 2.5th and
//! 97.5th percentile by index (`n // 40`), half their distance as the interval, and the mean
//! either by NumPy's pairwise summation (paired tests) or exactly (`statistics.mean`,
//! single-system `--confidence`).

use super::resample::ScoreArray;
use crate::metrics::numeric::Real;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

/// A bootstrap estimate: the mean of the resampled scores and the 95% CI half-width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub ci: f64,
}

/// NumPy's pairwise summation of a contiguous array (`pairwise_sum` in its loops).
pub fn pairwise_sum<T: Real>(a: &[T]) -> T {
    let n = a.len();
    if n < 8 {
        a.iter().fold(T::default(), |sum, &x| sum + x)
    } else if n <= 128 {
        let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
        let mut i = 8;
        while i < n - n % 8 {
            for (j, acc) in r.iter_mut().enumerate() {
                *acc = *acc + a[i + j];
            }
            i += 8;
        }
        let mut sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &x in &a[i..] {
            sum = sum + x;
        }
        sum
    } else {
        let half = n / 2;
        let half = half - half % 8;
        pairwise_sum(&a[..half]) + pairwise_sum(&a[half..])
    }
}

/// `array.mean()`: the pairwise sum divided by the count (an `intp`, so a `float32` sum is
/// divided in double precision and rounded back).
pub fn numpy_mean(scores: &ScoreArray) -> f64 {
    match scores {
        ScoreArray::F32(v) => (f64::from(pairwise_sum(v)) / v.len() as f64) as f32 as f64,
        ScoreArray::F64(v) => pairwise_sum(v) / v.len() as f64,
    }
}

fn sorted<T: Real>(values: &[T]) -> Vec<T> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    sorted
}

fn half_width<T: Real>(sorted: &[T]) -> T {
    let lower = sorted.len() / 40;
    let upper = sorted.len() - lower - 1;
    T::from_f64(0.5) * (sorted[upper] - sorted[lower])
}

/// sacreBLEU's `significance.estimate_ci` (paired tests): NumPy sort, percentile indices,
/// pairwise mean in the array's precision.
pub fn numpy_estimate(scores: &ScoreArray) -> Estimate {
    match scores {
        ScoreArray::F32(v) => {
            let s = sorted(v);
            Estimate {
                mean: numpy_mean(&ScoreArray::F32(s.clone())),
                ci: f64::from(half_width(&s)),
            }
        }
        ScoreArray::F64(v) => {
            let s = sorted(v);
            Estimate {
                mean: numpy_mean(&ScoreArray::F64(s.clone())),
                ci: half_width(&s),
            }
        }
    }
}

/// The exactly rounded mean of doubles (Python's `statistics.mean`).
fn exact_mean(values: &[f64]) -> f64 {
    let mut total = BigRational::zero();
    for &value in values {
        total += BigRational::from_float(value).unwrap_or_else(BigRational::zero);
    }
    (total / BigRational::from_integer(values.len().into()))
        .to_f64()
        .unwrap_or(f64::NAN)
}

/// sacreBLEU's `Score.estimate_ci` (single-system `--confidence`): Python sort, percentile
/// indices, `statistics.mean` (exact; converted to `float32` for `float32` scores).
pub fn exact_estimate(scores: &ScoreArray) -> Estimate {
    match scores {
        ScoreArray::F32(v) => {
            let s = sorted(v);
            let doubles: Vec<f64> = s.iter().map(|&x| f64::from(x)).collect();
            Estimate {
                mean: exact_mean(&doubles) as f32 as f64,
                ci: f64::from(half_width(&s)),
            }
        }
        ScoreArray::F64(v) => {
            let s = sorted(v);
            Estimate {
                mean: exact_mean(&s),
                ci: half_width(&s),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_sum_follows_numpy_blocking() {
        // Below 8 elements: sequential.
        assert_eq!(pairwise_sum(&[1.0f64, 2.0, 3.0]), 6.0);
        // 8 accumulators: (1e16 + 1) is lost sequentially but kept pairwise here.
        let mut values = vec![0.0f64; 16];
        values[0] = 1e16;
        values[8] = 1.0;
        values[1] = 1.0;
        assert_eq!(pairwise_sum(&values), ((1e16 + 1.0) + 1.0));
        let ones = vec![1.0f32; 1000];
        assert_eq!(pairwise_sum(&ones), 1000.0);
    }

    #[test]
    fn estimates_use_sacrebleu_percentile_indices() {
        let scores: Vec<f64> = (0..1000).map(f64::from).collect();
        let estimate = numpy_estimate(&ScoreArray::F64(scores.clone()));
        // indices 25 and 974
        assert_eq!(estimate.ci, 0.5 * (974.0 - 25.0));
        assert_eq!(estimate.mean, 499.5);
        assert_eq!(exact_estimate(&ScoreArray::F64(scores)).mean, 499.5);
        // The exact mean is correctly rounded where naive summation is not.
        assert_eq!(exact_mean(&[1e16, 1.0, -1e16, 1.0]), 0.5);
    }
}
