//! Re-scoring resampled corpora from cached segment statistics: the bootstrap draws (made again
//! a chunk of resamples at a time), the scorers that turn summed rows into a score, and the
//! resulting score arrays with NumPy's dtype (sacreBLEU's chrF and TER resample scores are
//! `float32`, BLEU's `float64`).

use super::rng::NumpyRng;
use crate::metrics::numeric::{PythonOrNumpy, Real};
pub use crate::metrics::stats_matrix::StatsMatrix;
use crate::metrics::{Metric, MetricConfig};
use rustc_hash::FxHashMap;
use std::ops::AddAssign;
use std::sync::{Arc, Mutex};

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
    pub fn score<T: Real>(&self, sums: &[T]) -> PythonOrNumpy<T> {
        match self {
            Scorer::Metric(MetricConfig::Bleu(m)) => m.score_row(sums),
            Scorer::Metric(MetricConfig::Chrf(m)) => m.score_row(sums),
            Scorer::Metric(MetricConfig::Ter(m)) => m.score_row(sums),
            Scorer::Mean => PythonOrNumpy::Numpy(sums[0]) / PythonOrNumpy::Numpy(sums[1]),
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
    pub fn from_weak<T: Real>(scores: &[PythonOrNumpy<T>]) -> Self {
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

/// The bootstrap draws of a comparison: `resamples × blocks` block indices, drawn as sacreBLEU
/// draws them (`default_rng(seed).choice(blocks, size=(resamples, blocks))`), but never held all
/// at once: they are drawn again, a chunk of resamples at a time, from the generator's state at
/// the chunk's start, recorded in one pass when the draws are made. Memory then stays a chunk
/// per worker whatever the number of resamples and blocks (holding every index would take 4
/// bytes per resample and block: 1.3 GB for 1,000 resamples of 316,000 segments).
#[derive(Debug)]
pub struct Draws {
    /// `(seed, resamples, blocks)`: what the indices are drawn for.
    key: (u64, usize, usize),
    /// Resamples per chunk (every chunk but the last).
    per_chunk: usize,
    /// The generator at the start of each chunk.
    starts: Vec<NumpyRng>,
}

/// A chunk holds at most this many draws (4 MB of indices or counts per worker), or one resample.
const DRAWS_PER_CHUNK: usize = 1 << 20;
/// Resamples per chunk when blocks are few: a unit of parallel work and one matrix product.
const RESAMPLES_PER_CHUNK: usize = 64;

impl Draws {
    /// The draws for `resamples` resamples of `blocks` blocks with `seed`: one pass of the
    /// generator up to the last chunk's start, keeping its state at every chunk's start. No
    /// blocks, no draws.
    pub fn new(seed: u64, resamples: usize, blocks: usize) -> Self {
        let per_chunk = (DRAWS_PER_CHUNK / blocks.max(1)).clamp(1, RESAMPLES_PER_CHUNK);
        let chunks = if blocks == 0 {
            0
        } else {
            resamples.div_ceil(per_chunk)
        };
        let mut rng = NumpyRng::new(u128::from(seed));
        let mut starts = Vec::with_capacity(chunks);
        for chunk in 0..chunks {
            if chunk > 0 {
                // Past the previous chunk, a whole one (only the last may be shorter).
                rng.each_below(per_chunk * blocks, blocks, |_| {});
            }
            starts.push(rng.clone());
        }
        Draws {
            key: (seed, resamples, blocks),
            per_chunk,
            starts,
        }
    }

    /// How many resamples are drawn (none without blocks).
    pub fn resamples(&self) -> usize {
        if self.starts.is_empty() {
            0
        } else {
            self.key.1
        }
    }

    /// How many chunks of resamples the draws come in.
    pub fn chunks(&self) -> usize {
        self.starts.len()
    }

    /// The generator at the start of `chunk` and how many resamples the chunk has.
    fn chunk(&self, chunk: usize) -> (NumpyRng, usize) {
        let rows = self.per_chunk.min(self.key.1 - chunk * self.per_chunk);
        (self.starts[chunk].clone(), rows)
    }

    /// The block indices of `chunk`'s resamples, row-major, into `indices`.
    fn chunk_indices(&self, chunk: usize, indices: &mut Vec<u32>) {
        let (mut rng, rows) = self.chunk(chunk);
        let blocks = self.key.2;
        indices.clear();
        rng.each_below(rows * blocks, blocks, |index| indices.push(index));
    }

    /// `counts[r * blocks + b]`: how many times resample `r` of `chunk` drew block `b`.
    pub fn chunk_counts<C>(&self, chunk: usize, counts: &mut Vec<C>)
    where
        C: Copy + Default + AddAssign + From<u8>,
    {
        let (mut rng, rows) = self.chunk(chunk);
        let blocks = self.key.2;
        counts.clear();
        counts.resize(rows * blocks, C::default());
        for row in counts.chunks_exact_mut(blocks) {
            rng.each_below(blocks, blocks, |block| row[block as usize] += C::from(1));
        }
    }
}

/// Draws shared by every metric compared under the same options (and their clones): the same
/// seed, resamples and blocks give the same indices, so their pass is made once. Asked for
/// other ones, it makes and keeps those instead.
#[derive(Debug, Clone, Default)]
pub struct SharedDraws(Arc<Mutex<Option<Arc<Draws>>>>);

impl SharedDraws {
    /// The draws for `(seed, resamples, blocks)`, made unless already made.
    pub fn get(&self, (seed, resamples, blocks): (u64, usize, usize)) -> Arc<Draws> {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match kept.as_ref() {
            Some(draws) if draws.key == (seed, resamples, blocks) => Arc::clone(draws),
            _ => {
                let draws = Arc::new(Draws::new(seed, resamples, blocks));
                *kept = Some(Arc::clone(&draws));
                draws
            }
        }
    }
}

/// The resamples of one comparison: the blocks and the draws over them.
#[derive(Debug, Clone, Copy)]
pub struct Resamples<'a> {
    pub blocks: &'a Blocks,
    pub draws: &'a Draws,
}

/// Whole numbers below this are exact in `f32`, the precision of the matrix product.
const EXACT_IN_F32: f64 = 16_777_216.0;
/// The finest unit a statistic may be counted in for the matrix product: 2^-8.
const FINEST_BINARY_PLACE: i32 = 8;

/// Scores every resample of every system (one statistics matrix each) under one scorer.
///
/// A resample's statistics are the sum of the drawn rows, converted to `T` and added
/// sequentially in index order, as NumPy's axis-0 sum of `stats[idxs]` does. When each of a
/// system's statistics columns is a whole number of some unit 2^-k (counts: k = 0; TER's
/// reference lengths averaged over two references: halves) and its resample sums stay below
/// 2^24 units (at most `blocks ×` the largest block sum), no addition can round, whatever the
/// order or precision; then the sums of all resamples and systems, counted in those units, are
/// one matrix product — how often each resample drew each block times each block's statistics,
/// a column shared by several systems (a count of the reference) computed once — computed
/// exactly in `f32` by a SIMD kernel and scaled back by the power of two, with the same numbers
/// as the sequential sums. Other systems are summed row by row.
pub fn resample_all_scores<T: Real>(
    matrices: &[StatsMatrix],
    resamples: Resamples<'_>,
    scorer: &Scorer,
) -> Vec<ScoreArray> {
    use rayon::prelude::*;
    let block_rows: Vec<Option<ExactBlocks>> = matrices
        .par_iter()
        .map(|matrix| exact_blocks(matrix, resamples.blocks))
        .collect();
    let blocks = resamples.blocks.len();
    let draws = resamples.draws;
    // The distinct block-statistics columns (in their units) of the systems counted in whole
    // units (a column several systems share, such as a count of the reference, is multiplied
    // once; each system scales it back by its own unit), and per system where each of its
    // columns is among them.
    let mut distinct: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
    let places: Vec<Option<Vec<usize>>> = matrices
        .iter()
        .zip(&block_rows)
        .map(|(matrix, rows)| {
            let rows = &rows.as_ref()?.sums;
            let width = matrix.width();
            let places = (0..width)
                .map(|j| {
                    let column: Vec<u32> = rows
                        .iter()
                        .skip(j)
                        .step_by(width)
                        .map(|v| v.to_bits())
                        .collect();
                    let next = distinct.len();
                    *distinct.entry(column).or_insert(next)
                })
                .collect();
            Some(places)
        })
        .collect();
    let total_width = distinct.len();
    let sums = if total_width > 0 {
        // The distinct columns side by side: blocks × total width.
        let mut stacked = vec![0.0f32; blocks * total_width];
        for (column, &place) in &distinct {
            for (b, &bits) in column.iter().enumerate() {
                stacked[b * total_width + place] = f32::from_bits(bits);
            }
        }
        let mut sums = vec![0.0f32; draws.resamples() * total_width];
        sums.par_chunks_mut(draws.per_chunk * total_width)
            .enumerate()
            .for_each_init(Vec::new, |counts, (chunk, sums)| {
                draws.chunk_counts(chunk, counts);
                multiply(counts, &stacked, sums, blocks, total_width);
            });
        sums
    } else {
        Vec::new()
    };
    let mut arrays: Vec<Option<ScoreArray>> = matrices
        .par_iter()
        .zip(&places)
        .zip(&block_rows)
        .map(|((matrix, places), rows)| {
            let (places, ExactBlocks { units, .. }) = (places.as_ref()?, rows.as_ref()?);
            let mut converted = vec![T::default(); matrix.width()];
            let scores: Vec<PythonOrNumpy<T>> = sums
                .chunks(total_width)
                .map(|row| {
                    for ((to, &place), &unit) in converted.iter_mut().zip(places).zip(units) {
                        *to = T::from_f64(f64::from(row[place]) * unit);
                    }
                    scorer.score(&converted)
                })
                .collect();
            Some(ScoreArray::from_weak(&scores))
        })
        .collect();
    let summed_in_order: Vec<&StatsMatrix> = matrices
        .iter()
        .zip(&arrays)
        .filter(|(_, array)| array.is_none())
        .map(|(matrix, _)| matrix)
        .collect();
    let mut in_order = sequential_scores::<T>(&summed_in_order, resamples, scorer).into_iter();
    arrays
        .iter_mut()
        .map(|array| {
            array
                .take()
                .or_else(|| in_order.next())
                .expect("a score array for every system")
        })
        .collect()
}

/// `c = a × b` for row-major `a` (`c.len() / n` × `k`), `b` (`k` × `n`) and `c`.
fn multiply(a: &[f32], b: &[f32], c: &mut [f32], k: usize, n: usize) {
    let m = c.len() / n;
    assert!(a.len() == m * k && b.len() == k * n && c.len() == m * n);
    // SAFETY: the lengths asserted above hold every element the row-major strides address.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            n as isize,
            1,
            0.0,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// Systems' resample scores by sequential sums in `T`, row by row in index order. The systems'
/// rows lie side by side, so that each drawn row is read once for all of them (on a large
/// corpus the rows are read from memory, not cache); each column is still summed in index
/// order.
fn sequential_scores<T: Real>(
    matrices: &[&StatsMatrix],
    resamples: Resamples<'_>,
    scorer: &Scorer,
) -> Vec<ScoreArray> {
    use rayon::prelude::*;
    if matrices.is_empty() {
        return Vec::new();
    }
    let offsets: Vec<usize> = matrices
        .iter()
        .scan(0, |offset, matrix| {
            let start = *offset;
            *offset += matrix.width();
            Some(start)
        })
        .collect();
    let width: usize = matrices.iter().map(|matrix| matrix.width()).sum();
    let segments = matrices[0].segments();
    let mut values = vec![T::default(); segments * width];
    for (matrix, &offset) in matrices.iter().zip(&offsets) {
        for (segment, row) in values.chunks_exact_mut(width).enumerate() {
            for (to, value) in row[offset..].iter_mut().zip(matrix.row(segment)) {
                *to = T::from_f64(value);
            }
        }
    }
    let draws = resamples.draws;
    let blocks = resamples.blocks.len();
    // Resample-major: the scores of every system for the first resample, then the second, …
    let scores: Vec<PythonOrNumpy<T>> = (0..draws.chunks())
        .into_par_iter()
        .map_init(
            || (Vec::new(), vec![T::default(); width]),
            |(indices, sums), chunk| {
                draws.chunk_indices(chunk, indices);
                let mut scores = Vec::with_capacity(indices.len() / blocks * matrices.len());
                for chosen in indices.chunks(blocks) {
                    sums.iter_mut().for_each(|s| *s = T::default());
                    for &block in chosen {
                        for row in resamples.blocks.ranges[block as usize].clone() {
                            let row = &values[row * width..(row + 1) * width];
                            for (sum, &value) in sums.iter_mut().zip(row) {
                                *sum = *sum + value;
                            }
                        }
                    }
                    for (matrix, &offset) in matrices.iter().zip(&offsets) {
                        scores.push(scorer.score(&sums[offset..offset + matrix.width()]));
                    }
                }
                scores
            },
        )
        .flatten_iter()
        .collect();
    (0..matrices.len())
        .map(|system| {
            let own: Vec<PythonOrNumpy<T>> = scores
                .iter()
                .skip(system)
                .step_by(matrices.len())
                .copied()
                .collect();
            ScoreArray::from_weak(&own)
        })
        .collect()
}

/// Sums each block's rows into one row (a document's statistics, for document-level tests).
pub fn block_matrix(matrix: &StatsMatrix, blocks: &Blocks) -> StatsMatrix {
    let mut block_rows = StatsMatrix::with_capacity(matrix.width(), blocks.len());
    for range in &blocks.ranges {
        block_rows.push_row(&matrix.sum_rows(range.clone()));
    }
    block_rows
}

/// A system's block statistics counted in units that make them whole numbers.
#[derive(Debug, PartialEq)]
struct ExactBlocks {
    /// Each block's summed statistics in its column's unit (`blocks × width`, row-major).
    sums: Vec<f32>,
    /// Each column's unit, a power of two: 1 for counts.
    units: Vec<f64>,
}

/// The block statistics of `matrix` in whole units ([`ExactBlocks`]) when every statistic is
/// ≥ 0 and a whole number of its column's unit (2^-k, k ≤ [`FINEST_BINARY_PLACE`]), and every
/// resample sum — at most `blocks ×` the largest block sum — is below 2^24 units.
fn exact_blocks(matrix: &StatsMatrix, blocks: &Blocks) -> Option<ExactBlocks> {
    let width = matrix.width();
    if !matrix.values().all(|v| v >= 0.0) {
        return None;
    }
    // Per column: the binary places its values need so far, and 2^places.
    let mut columns = vec![(0, 1.0); width];
    for (j, value) in matrix.values().enumerate() {
        let (places, scale) = &mut columns[j % width];
        while (value * *scale).fract() != 0.0 {
            if *places == FINEST_BINARY_PLACE {
                return None;
            }
            *places += 1;
            *scale *= 2.0;
        }
    }
    let count = blocks.len() as f64;
    let sums = block_matrix(matrix, blocks);
    let in_units = |j: usize, sum: f64| sum * columns[j % width].1;
    if sums
        .values()
        .enumerate()
        .any(|(j, sum)| in_units(j, sum) * count >= EXACT_IN_F32)
    {
        return None;
    }
    Some(ExactBlocks {
        sums: sums
            .values()
            .enumerate()
            .map(|(j, sum)| in_units(j, sum) as f32)
            .collect(),
        units: columns.iter().map(|&(_, scale)| 1.0 / scale).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sequential float sums of the chosen rows.
    fn float_sums<T: Real>(matrix: &StatsMatrix, chosen: &[u32]) -> Vec<T> {
        let mut sums = vec![T::default(); matrix.width()];
        for &row in chosen {
            for (sum, value) in sums.iter_mut().zip(matrix.row(row as usize)) {
                *sum = *sum + T::from_f64(value);
            }
        }
        sums
    }

    #[test]
    fn the_matrix_product_gives_the_sequential_scores() {
        // Six segments of statistics for four systems: counts, thirds and sevenths (summed
        // sequentially) and quarters (counted in quarters by the product); 130 resamples, so
        // that the product runs in several parts.
        let whole = StatsMatrix::from_values(3, (0..18).map(|k| ((k * 7) % 11) as f64).collect());
        let fractional = StatsMatrix::from_values(2, (0..12).map(|k| k as f64 / 3.0).collect());
        let halves = StatsMatrix::from_values(
            2,
            (0..12)
                .map(|k| k as f64 / 2.0 + 0.25 * (k % 2) as f64)
                .collect(),
        );
        let blocks = Blocks::segments(6);
        let indices = NumpyRng::new(5).resample_indices(130, 6);
        let draws = Draws::new(5, 130, 6);
        assert_eq!((draws.resamples(), draws.chunks()), (130, 3));
        let resamples = Resamples {
            blocks: &blocks,
            draws: &draws,
        };
        let scorer = Scorer::Mean;
        let sevenths = StatsMatrix::from_values(2, (0..12).map(|k| (k + 1) as f64 / 7.0).collect());
        // The whole-number system twice: its columns are multiplied once. The thirds and the
        // sevenths are summed side by side.
        let systems = [whole.clone(), fractional, whole, sevenths, halves];
        let arrays = resample_all_scores::<f32>(&systems, resamples, &scorer);
        assert_eq!(arrays.len(), 5);
        for (matrix, array) in systems.iter().zip(&arrays) {
            let expected: Vec<f32> = indices
                .chunks(6)
                .map(|chosen| scorer.score(&float_sums::<f32>(matrix, chosen)).to_f64() as f32)
                .collect();
            assert_eq!(array, &ScoreArray::F32(expected));
        }
    }

    #[test]
    fn shared_draws_are_made_once_per_key() {
        let shared = SharedDraws::default();
        let first = shared.get((1, 2, 3));
        assert!(Arc::ptr_eq(&first, &shared.get((1, 2, 3))));
        let other = shared.get((2, 2, 3));
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(other.key, (2, 2, 3));
        assert!(!Arc::ptr_eq(&first, &shared.get((1, 2, 3))));
    }

    /// Chunk by chunk, the draws are sacreBLEU's stream: with many blocks a chunk holds few
    /// resamples (here 10 of 25, the last 5), and counts are the indices tallied.
    #[test]
    fn chunks_continue_one_stream() {
        for (seed, resamples, blocks) in [(12345, 1000, 7), (3, 25, 100_003)] {
            let expected = NumpyRng::new(u128::from(seed)).resample_indices(resamples, blocks);
            let draws = Draws::new(seed, resamples, blocks);
            let mut drawn = Vec::new();
            let (mut indices, mut counts) = (Vec::new(), Vec::new());
            for chunk in 0..draws.chunks() {
                draws.chunk_indices(chunk, &mut indices);
                draws.chunk_counts::<f32>(chunk, &mut counts);
                let mut tally = vec![0.0; indices.len()];
                for (row, chosen) in indices.chunks(blocks).enumerate() {
                    for &block in chosen {
                        tally[row * blocks + block as usize] += 1.0;
                    }
                }
                assert_eq!(counts, tally);
                drawn.extend_from_slice(&indices);
            }
            assert_eq!(drawn, expected);
        }
        let draws = Draws::new(3, 25, 100_003);
        assert_eq!((draws.per_chunk, draws.chunks()), (10, 3));
        assert_eq!(
            (
                Draws::new(1, 4, 0).resamples(),
                Draws::new(1, 4, 0).chunks()
            ),
            (0, 0)
        );
    }

    #[test]
    fn only_small_binary_fractions_take_the_matrix_product() {
        let blocks = Blocks::segments(2);
        // Halves in the second column (TER's lengths averaged over two references): counted
        // in halves; whole numbers in the first.
        let halves = StatsMatrix::from_values(2, vec![1.0, 2.5, 3.0, 4.0]);
        assert_eq!(
            exact_blocks(&halves, &blocks),
            Some(ExactBlocks {
                sums: vec![1.0, 5.0, 3.0, 8.0],
                units: vec![1.0, 0.5],
            })
        );
        let thirds = StatsMatrix::from_values(1, vec![1.0 / 3.0, 1.0]);
        assert!(exact_blocks(&thirds, &blocks).is_none());
        let negative = StatsMatrix::from_values(1, vec![-1.0, 1.0]);
        assert!(exact_blocks(&negative, &blocks).is_none());
        // 2 blocks × 9,000,000 reaches 2^24: f32 sums could round; so does 2 × 2 × 4,500,000.5
        // counted in halves.
        for values in [vec![9_000_000.0, 1.0], vec![4_500_000.5, 1.0]] {
            let large = StatsMatrix::from_values(1, values);
            assert!(exact_blocks(&large, &blocks).is_none());
        }
        let documents = Blocks::documents(&["a".into(), "a".into(), "b".into()]);
        let counts = StatsMatrix::from_values(1, vec![1.0, 2.0, 3.0]);
        assert_eq!(
            exact_blocks(&counts, &documents).map(|exact| exact.sums),
            Some(vec![3.0, 3.0])
        );
    }
}
