//! Re-scoring resampled corpora from cached segment statistics: the statistics matrix of one
//! system, the scorers that turn summed rows into a score, and the resulting score arrays with
//! NumPy's dtype (sacreBLEU's chrF and TER resample scores are `float32`, BLEU's `float64`).

pub use crate::metrics::evaluate::StatsMatrix;
use crate::metrics::numeric::{Real, Weak};
use crate::metrics::{Metric, MetricConfig};

/// What turns a summed statistics row into a score.
#[derive(Debug, Clone)]
pub enum Scorer {
    /// A sacreBLEU metric: rows are its statistics vectors.
    Metric(MetricConfig),
    /// An external segment-level metric (COMET, human DA, …): rows are `[score, 1]`, and the
    /// corpus score is their mean.
    Mean,
}

impl Scorer {
    /// The score of summed rows held in precision `T`.
    pub fn score<T: Real>(&self, sums: &[T]) -> Weak<T> {
        match self {
            Scorer::Metric(MetricConfig::Bleu(m)) => m.score_row(sums),
            Scorer::Metric(MetricConfig::Chrf(m)) => m.score_row(sums),
            Scorer::Metric(MetricConfig::Ter(m)) => m.score_row(sums),
            Scorer::Mean => Weak::Numpy(sums[0]) / Weak::Numpy(sums[1]),
        }
    }

    /// True when a higher score is better (TER is an error rate).
    pub fn higher_is_better(&self) -> bool {
        !matches!(self, Scorer::Metric(MetricConfig::Ter(_)))
    }
}

/// Scores of many resamples, in the dtype NumPy would give their array.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreArray {
    F32(Vec<f32>),
    F64(Vec<f64>),
}

impl ScoreArray {
    /// `np.array(scores)`: `float32` only when every score is a NumPy `float32`.
    pub fn from_weak<T: Real>(scores: &[Weak<T>]) -> Self {
        if T::IS_F32 && scores.iter().all(|s| s.is_numpy()) {
            ScoreArray::F32(scores.iter().map(|s| s.to_f64() as f32).collect())
        } else {
            ScoreArray::F64(scores.iter().map(|s| s.to_f64()).collect())
        }
    }

    pub fn len(&self) -> usize {
        match self {
            ScoreArray::F32(v) => v.len(),
            ScoreArray::F64(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The scores widened to doubles.
    pub fn to_f64(&self) -> Vec<f64> {
        match self {
            ScoreArray::F32(v) => v.iter().map(|&x| f64::from(x)).collect(),
            ScoreArray::F64(v) => v.clone(),
        }
    }
}

/// Resamples as blocks of rows: a block is a segment (sacreBLEU) or a document.
#[derive(Debug, Clone)]
pub struct Blocks {
    /// Row ranges, one per block.
    pub ranges: Vec<std::ops::Range<usize>>,
}

impl Blocks {
    /// One block per segment.
    pub fn segments(count: usize) -> Self {
        Blocks {
            ranges: (0..count).map(|i| i..i + 1).collect(),
        }
    }

    /// One block per run of equal consecutive document ids.
    pub fn documents(document_ids: &[String]) -> Self {
        let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, id) in document_ids.iter().enumerate() {
            match ranges.last_mut() {
                Some(last) if document_ids[last.start] == *id => last.end = i + 1,
                _ => ranges.push(i..i + 1),
            }
        }
        Blocks { ranges }
    }

    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

/// Scores every resample: `indices` holds `resamples × blocks.len()` block indices, row-major.
/// Rows are converted to `T` and summed sequentially in index order, as NumPy's axis-0 sum of
/// `stats[idxs]` does.
pub fn resample_scores<T: Real>(
    matrix: &StatsMatrix,
    blocks: &Blocks,
    indices: &[u32],
    scorer: &Scorer,
) -> ScoreArray {
    use rayon::prelude::*;
    let width = matrix.width;
    let values: Vec<T> = matrix.values.iter().map(|&v| T::from_f64(v)).collect();
    let per_resample = blocks.len().max(1);
    let scores: Vec<Weak<T>> = indices
        .par_chunks(per_resample)
        .map_init(
            || vec![T::default(); width],
            |sums, chosen| {
                sums.iter_mut().for_each(|s| *s = T::default());
                for &block in chosen {
                    for row in blocks.ranges[block as usize].clone() {
                        let row = &values[row * width..(row + 1) * width];
                        for (sum, &value) in sums.iter_mut().zip(row) {
                            *sum = *sum + value;
                        }
                    }
                }
                scorer.score(sums)
            },
        )
        .collect();
    ScoreArray::from_weak(&scores)
}
