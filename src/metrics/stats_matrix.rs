//! The statistics rows of one system under one metric (sacreBLEU's statistics vectors, one per
//! segment), kept for significance tests and group scores: held as `u32` when every value is a
//! whole number that fits — counts, as BLEU's and chrF's always are, half the memory of `f64` —
//! and as `f64` otherwise (TER's reference lengths averaged over references, external scores).

use super::Metric;
use either::Either;

/// Segment statistics of one system under one metric: `segments × width` values, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsMatrix {
    width: usize,
    values: Values,
}

/// The values, as [`Values::Counts`] exactly when every one of them is a `u32` (so that equal
/// matrices are held alike; −0.0 is no count, so a matrix holding it differs from one holding
/// 0.0, as their bits do).
#[derive(Debug, Clone, PartialEq)]
enum Values {
    Counts(Vec<u32>),
    Reals(Vec<f64>),
}

/// `value` as a `u32` when it is one exactly (not −0.0, not a fraction, not out of range).
fn as_count(value: f64) -> Option<u32> {
    let count = value as u32;
    (f64::from(count).to_bits() == value.to_bits()).then_some(count)
}

impl StatsMatrix {
    /// No rows yet, room for `segments` of them.
    pub fn with_capacity(width: usize, segments: usize) -> Self {
        StatsMatrix {
            width,
            values: Values::Counts(Vec::with_capacity(width * segments)),
        }
    }

    /// The rows of `values` (`width` values each, row-major).
    pub fn from_values(width: usize, values: Vec<f64>) -> Self {
        debug_assert!(width == 0 || values.len().is_multiple_of(width));
        let values = match values.iter().map(|&v| as_count(v)).collect() {
            Some(counts) => Values::Counts(counts),
            None => Values::Reals(values),
        };
        StatsMatrix { width, values }
    }

    /// The statistics vectors of a system's segments.
    pub fn from_stats<M: Metric>(metric: &M, segments: &[M::Stats]) -> Self {
        let mut matrix = Self::with_capacity(metric.row_width(), segments.len());
        let mut row = Vec::with_capacity(matrix.width);
        for stats in segments {
            row.clear();
            metric.push_row(stats, &mut row);
            matrix.push_row(&row);
        }
        matrix
    }

    /// Appends one segment's statistics (`width` values).
    pub fn push_row(&mut self, row: &[f64]) {
        debug_assert_eq!(row.len(), self.width);
        if let Values::Counts(counts) = &mut self.values {
            if row.iter().all(|&v| as_count(v).is_some()) {
                counts.extend(row.iter().map(|&v| v as u32));
                return;
            }
            self.hold_reals();
        }
        if let Values::Reals(reals) = &mut self.values {
            reals.extend_from_slice(row);
        }
    }

    /// Appends the rows of `more` (of the same width).
    pub fn append(&mut self, more: StatsMatrix) {
        debug_assert_eq!(self.width, more.width);
        match (&mut self.values, more.values) {
            (Values::Counts(counts), Values::Counts(more)) => counts.extend(more),
            (_, more) => {
                self.hold_reals();
                if let Values::Reals(reals) = &mut self.values {
                    match more {
                        Values::Counts(more) => reals.extend(more.into_iter().map(f64::from)),
                        Values::Reals(more) => reals.extend(more),
                    }
                }
            }
        }
    }

    /// Holds the values as `f64` from now on.
    fn hold_reals(&mut self) {
        if let Values::Counts(counts) = &self.values {
            let mut reals = Vec::with_capacity(counts.capacity());
            reals.extend(counts.iter().map(|&c| f64::from(c)));
            self.values = Values::Reals(reals);
        }
    }

    /// Values per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of segments (rows).
    pub fn segments(&self) -> usize {
        let values = match &self.values {
            Values::Counts(counts) => counts.len(),
            Values::Reals(reals) => reals.len(),
        };
        values.checked_div(self.width).unwrap_or(0)
    }

    /// One segment's statistics.
    pub fn row(&self, segment: usize) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.range(segment * self.width..(segment + 1) * self.width)
    }

    /// The value in `column` of `segment`'s row.
    pub fn value(&self, segment: usize, column: usize) -> f64 {
        debug_assert!(column < self.width);
        let index = segment * self.width + column;
        match &self.values {
            Values::Counts(counts) => f64::from(counts[index]),
            Values::Reals(reals) => reals[index],
        }
    }

    /// Every value, row after row.
    pub fn values(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.range(0..self.segments() * self.width)
    }

    fn range(&self, range: std::ops::Range<usize>) -> impl ExactSizeIterator<Item = f64> + '_ {
        match &self.values {
            Values::Counts(counts) => Either::Left(counts[range].iter().map(|&c| f64::from(c))),
            Values::Reals(reals) => Either::Right(reals[range].iter().copied()),
        }
    }

    /// The column sums over all segments, in segment order.
    pub fn column_sums(&self) -> Vec<f64> {
        self.sum_rows(0..self.segments())
    }

    /// The column sums over the rows of `segments`, added in the order given: the statistics
    /// of a document, a domain or any other group of segments.
    pub fn sum_rows(&self, segments: impl IntoIterator<Item = usize>) -> Vec<f64> {
        let mut sums = vec![0.0; self.width];
        for segment in segments {
            for (sum, value) in sums.iter_mut().zip(self.row(segment)) {
                *sum += value;
            }
        }
        sums
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::bleu::Bleu;
    use crate::metrics::chrf::Chrf;
    use crate::metrics::evaluate::segment_stats;
    use crate::metrics::ter::Ter;
    use crate::tokenize::Tokenizer13a;
    use std::sync::Arc;

    impl StatsMatrix {
        /// Bytes each row takes (4 per value held as counts, 8 otherwise).
        fn bytes_per_row(&self) -> usize {
            match &self.values {
                Values::Counts(_) => 4 * self.width,
                Values::Reals(_) => 8 * self.width,
            }
        }
    }

    /// The statistics rows of `hypotheses` against `references` under `metric`.
    fn rows<M: Metric>(metric: &M, references: &[&[String]], hypotheses: &[String]) -> StatsMatrix {
        StatsMatrix::from_stats(metric, &segment_stats(metric, references, &[hypotheses])[0])
    }

    #[test]
    fn rows_take_40_72_96_and_8_bytes_for_bleu_chrf_chrf_plus_and_ter() {
        let lines = |texts: &[&str]| -> Vec<String> { texts.iter().map(|&t| t.into()).collect() };
        let ref_a = lines(&["the cat sat on the mat", "a b c d e"]);
        let ref_b = lines(&["a cat sat on a mat", "a b"]);
        let hypotheses = lines(&["the cat sat on a mat", "a b c"]);
        let one: &[&[String]] = &[&ref_a];
        let bleu = Bleu::new(Arc::new(Tokenizer13a));
        let chrf_plus = Chrf {
            word_order: 2,
            ..Chrf::default()
        };
        assert_eq!(rows(&bleu, one, &hypotheses).bytes_per_row(), 40);
        assert_eq!(rows(&Chrf::default(), one, &hypotheses).bytes_per_row(), 72);
        assert_eq!(rows(&chrf_plus, one, &hypotheses).bytes_per_row(), 96);
        assert_eq!(rows(&Ter::default(), one, &hypotheses).bytes_per_row(), 8);
        // Two references of 5 and 2 words: TER's average reference length 3.5 is no count.
        let two = rows(&Ter::default(), &[&ref_a, &ref_b], &hypotheses);
        assert_eq!(two.bytes_per_row(), 16);
        assert_eq!(two.value(1, 1), 3.5);
    }

    #[test]
    fn counts_take_four_bytes_a_value_and_anything_else_eight() {
        let counts = StatsMatrix::from_values(3, vec![1.0, 0.0, 4_294_967_295.0, 2.0, 7.0, 9.0]);
        assert_eq!((counts.segments(), counts.bytes_per_row()), (2, 12));
        assert_eq!(counts.row(1).collect::<Vec<_>>(), vec![2.0, 7.0, 9.0]);
        assert_eq!(counts.column_sums(), vec![3.0, 7.0, 4_294_967_304.0]);
        for odd in [0.5, -1.0, -0.0, 4_294_967_296.0, f64::NAN] {
            let reals = StatsMatrix::from_values(2, vec![1.0, odd]);
            assert_eq!(reals.bytes_per_row(), 16, "{odd}");
            assert_eq!(
                reals.values().map(f64::to_bits).collect::<Vec<_>>(),
                vec![1f64.to_bits(), odd.to_bits()]
            );
        }
    }

    #[test]
    fn a_row_or_rows_that_are_not_counts_turn_the_whole_matrix_to_reals() {
        let mut pushed = StatsMatrix::with_capacity(2, 3);
        pushed.push_row(&[1.0, 2.0]);
        assert_eq!(pushed.bytes_per_row(), 8);
        pushed.push_row(&[3.0, 4.5]);
        pushed.push_row(&[5.0, 6.0]);
        let expected = StatsMatrix::from_values(2, vec![1.0, 2.0, 3.0, 4.5, 5.0, 6.0]);
        assert_eq!(pushed, expected);
        assert_eq!(pushed.bytes_per_row(), 16);

        let mut appended = StatsMatrix::from_values(2, vec![1.0, 2.0]);
        appended.append(StatsMatrix::from_values(2, vec![3.0, 4.5]));
        appended.append(StatsMatrix::from_values(2, vec![5.0, 6.0]));
        assert_eq!(appended, expected);
        let mut counts = StatsMatrix::from_values(2, vec![1.0, 2.0]);
        counts.append(StatsMatrix::from_values(2, vec![3.0, 4.0]));
        assert_eq!(
            counts,
            StatsMatrix::from_values(2, vec![1.0, 2.0, 3.0, 4.0])
        );
        assert_eq!(counts.bytes_per_row(), 8);
    }
}
