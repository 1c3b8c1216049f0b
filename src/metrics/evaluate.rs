//! Computes segment statistics for many systems against shared references in parallel: each
//! segment's references are preprocessed once (tokenized, n-grams counted) and every system's
//! hypothesis for that segment is matched against them while they are still in cache.

use super::Metric;
use rayon::prelude::*;

/// Segment statistics of every system. `references[k][i]` is segment `i` of reference stream
/// `k`; `systems[s][i]` is segment `i` of system `s`. All streams must have the same length.
pub fn segment_stats<M: Metric>(
    metric: &M,
    references: &[&[String]],
    systems: &[&[String]],
) -> Vec<Vec<M::Stats>> {
    let segments = references.first().map_or(0, |stream| stream.len());
    let by_segment: Vec<Vec<M::Stats>> = (0..segments)
        .into_par_iter()
        .map_init(M::Scratch::default, |scratch, i| {
            let refs: Vec<&str> = references.iter().map(|stream| stream[i].as_str()).collect();
            let prepared = metric.prepare_reference(&refs);
            systems
                .iter()
                .map(|hypotheses| metric.segment_stats(&hypotheses[i], &prepared, scratch))
                .collect()
        })
        .collect();
    let mut by_system: Vec<Vec<M::Stats>> = systems
        .iter()
        .map(|_| Vec::with_capacity(segments))
        .collect();
    for stats in by_segment {
        for (system, segment_stats) in by_system.iter_mut().zip(stats) {
            system.push(segment_stats);
        }
    }
    by_system
}

/// The corpus statistics: the sum of segment statistics, added in segment order (TER's float
/// reference lengths make the order matter).
pub fn sum_stats<S: super::SegmentStats>(segments: &[S]) -> S {
    let mut sum = S::default();
    for stats in segments {
        sum += stats;
    }
    sum
}

/// Segment statistics of one system under one metric: `segments × width` values, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsMatrix {
    pub width: usize,
    pub values: Vec<f64>,
}

impl StatsMatrix {
    /// The statistics vectors of a system's segments.
    pub fn from_stats<M: Metric>(metric: &M, segments: &[M::Stats]) -> Self {
        let width = metric.row_width();
        let mut values = Vec::with_capacity(width * segments.len());
        for stats in segments {
            metric.push_row(stats, &mut values);
        }
        StatsMatrix { width, values }
    }

    /// Number of segments (rows).
    pub fn segments(&self) -> usize {
        self.values.len().checked_div(self.width).unwrap_or(0)
    }

    /// One segment's statistics.
    pub fn row(&self, segment: usize) -> &[f64] {
        &self.values[segment * self.width..(segment + 1) * self.width]
    }

    /// The column sums over all segments, in segment order.
    pub fn column_sums(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.width];
        for segment in 0..self.segments() {
            for (sum, value) in sums.iter_mut().zip(self.row(segment)) {
                *sum += value;
            }
        }
        sums
    }
}
