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
        .with_max_len(piece_length(segments))
        .map_init(M::Scratch::default, |scratch, i| {
            let refs: Vec<&str> = references.iter().map(|stream| stream[i].as_str()).collect();
            let prepared = metric.prepare_reference(&refs);
            let mut stats: Vec<M::Stats> = Vec::with_capacity(systems.len());
            for (s, hypotheses) in systems.iter().enumerate() {
                let hypothesis = &hypotheses[i];
                // Systems often agree on a segment: a hypothesis already scored against these
                // references has the same statistics (every metric's are a function of the two).
                let same = systems[..s]
                    .iter()
                    .position(|other| other[i] == *hypothesis);
                stats.push(match same {
                    Some(earlier) => stats[earlier].clone(),
                    None => metric.segment_stats(hypothesis, &prepared, scratch),
                });
            }
            stats
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

/// The most segments one thread scores in a row: the segments are cut into at least
/// [`PIECES_PER_THREAD`] pieces per thread, of at least [`SHORTEST_PIECE`] segments. Left to
/// itself, rayon cuts a range into a few large pieces and splits further only what another
/// thread steals, so near the end one thread could be alone with a quarter of the segments
/// while the others wait.
fn piece_length(segments: usize) -> usize {
    (segments / (rayon::current_num_threads() * PIECES_PER_THREAD)).max(SHORTEST_PIECE)
}

/// See [`piece_length`]: enough pieces that the last one is short.
const PIECES_PER_THREAD: usize = 32;
/// See [`piece_length`]: few enough pieces, on many cores too, that each metric's per-piece
/// scratch is set up rarely.
const SHORTEST_PIECE: usize = 4;

/// Running corpus statistics of every system, fed one block of segments at a time: the
/// streaming counterpart of [`segment_stats`] followed by [`sum_stats`], adding every system's
/// segment statistics in segment order, so the sums are the same whatever the block size or
/// the number of threads.
#[derive(Debug)]
pub struct CorpusSums<M: Metric> {
    metric: M,
    sums: Vec<M::Stats>,
}

impl<M: Metric> CorpusSums<M> {
    /// Zero statistics for `systems` systems.
    pub fn new(metric: &M, systems: usize) -> Self {
        CorpusSums {
            metric: metric.clone(),
            sums: vec![M::Stats::default(); systems],
        }
    }

    /// Adds the next block of segments (`references[k][i]`, `systems[s][i]` as in
    /// [`segment_stats`]).
    pub fn add(&mut self, references: &[&[String]], systems: &[&[String]]) {
        let block = segment_stats(&self.metric, references, systems);
        for (sum, segments) in self.sums.iter_mut().zip(&block) {
            for stats in segments {
                *sum += stats;
            }
        }
    }

    /// The metric and every system's summed statistics.
    pub fn into_parts(self) -> (M, Vec<M::Stats>) {
        (self.metric, self.sums)
    }
}

/// The corpus statistics: the sum of segment statistics, added in segment order (TER's float
/// reference lengths make the order matter).
pub fn sum_stats<S: super::SegmentStats>(segments: &[S]) -> S {
    sum_in_order(segments)
}

/// The statistics of a group of segments (a document, a domain): the sum of the statistics of
/// the segments at `indices`, added in the order given.
pub fn sum_selected_stats<S: super::SegmentStats>(segments: &[S], indices: &[usize]) -> S {
    sum_in_order(indices.iter().map(|&i| &segments[i]))
}

fn sum_in_order<'a, S: super::SegmentStats + 'a>(segments: impl IntoIterator<Item = &'a S>) -> S {
    let mut sum = S::default();
    for stats in segments {
        sum += stats;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ter::Ter;

    fn as_slices(streams: &[Vec<String>]) -> Vec<&[String]> {
        streams.iter().map(Vec::as_slice).collect()
    }

    #[test]
    fn sums_fed_block_by_block_are_the_sums_of_the_whole_corpus() {
        // Two references of different lengths give TER fractional average lengths, whose
        // floating-point sum depends on the order of addition.
        let lines = |texts: &[&str], n: usize| -> Vec<String> {
            (0..n)
                .map(|i| format!("{} {}", texts[i % texts.len()], "x ".repeat(i % 5)))
                .collect()
        };
        let ref_a = lines(&["a b c d", "the cat sat", "e f"], 50);
        let ref_b = lines(&["a b c", "a cat sat on it", "e f g h i"], 50);
        let hyp = lines(&["a b d", "the cat sat on", "f"], 50);
        let references: Vec<&[String]> = vec![&ref_a, &ref_b];
        let systems: Vec<&[String]> = vec![&hyp, &ref_a];
        let ter = Ter::default();
        let whole: Vec<_> = segment_stats(&ter, &references, &systems)
            .iter()
            .map(|segments| sum_stats(segments))
            .collect();
        let mut sums = CorpusSums::new(&ter, systems.len());
        for start in (0..50).step_by(7) {
            let end = (start + 7).min(50);
            let block = |streams: &[&[String]]| -> Vec<Vec<String>> {
                streams.iter().map(|s| s[start..end].to_vec()).collect()
            };
            let (block_refs, block_systems) = (block(&references), block(&systems));
            sums.add(&as_slices(&block_refs), &as_slices(&block_systems));
        }
        let (_, streamed) = sums.into_parts();
        assert_eq!(streamed, whole);
        assert!(whole[0].edits > 0 && whole[0].ref_length.fract() != 0.0);
        assert_eq!(whole[1].edits, 0);
    }

    #[test]
    fn a_hypothesis_shared_by_systems_gets_the_statistics_it_has_alone() {
        let reference: Vec<String> = ["the cat sat on the mat", "a b c d", "e f g"]
            .map(String::from)
            .to_vec();
        let first: Vec<String> = ["the cat sat", "a b c d", "e f"].map(String::from).to_vec();
        let second: Vec<String> = ["the cat sat", "a b", "e f"].map(String::from).to_vec();
        let third: Vec<String> = ["a cat", "a b", "e f g"].map(String::from).to_vec();
        let references: Vec<&[String]> = vec![&reference];
        let bleu =
            crate::metrics::bleu::Bleu::new(std::sync::Arc::new(crate::tokenize::Tokenizer13a));
        let together = segment_stats(&bleu, &references, &[&first, &second, &third]);
        for (system, stats) in [&first, &second, &third].into_iter().zip(&together) {
            let alone = segment_stats(&bleu, &references, &[system]);
            assert_eq!(&alone[0], stats);
        }
        assert_eq!(together[0][0], together[1][0]);
        assert_ne!(together[0][1], together[1][1]);
    }
}
