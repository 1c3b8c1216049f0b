//! Unigram segmentation: SentencePiece's optimized Viterbi (`Model::EncodeOptimized` in
//! `unigram_model.cc`), with its float arithmetic, its tie-breaking (the first path found wins a
//! tie) and its unknown-character and user-defined-symbol scores.

use super::proto::PieceType;
use super::trie::PieceTrie;
use super::vocabulary::Vocabulary;
use super::{one_char_len, Segment};

/// `kUnkPenalty`: an unknown character scores this much below the worst piece.
const UNK_PENALTY: f32 = 10.0;

/// A unigram model's search structures.
#[derive(Debug, Clone)]
pub(crate) struct Unigram {
    trie: PieceTrie,
    unk_score: f32,
    max_score: f32,
}

/// The best path found so far ending at one byte position.
#[derive(Clone, Copy)]
struct BestPathNode {
    id: u32,
    score: f32,
    /// Where the last piece of the path starts; `usize::MAX` while no path reaches here.
    starts_at: usize,
}

impl Unigram {
    pub fn new(vocabulary: &Vocabulary) -> Unigram {
        let (min_score, max_score) = vocabulary.normal_score_range();
        Unigram {
            trie: PieceTrie::new(vocabulary.normal_pieces()),
            unk_score: min_score - UNK_PENALTY,
            max_score,
        }
    }

    /// The best segmentation of `normalized` into pieces, appended to `segments`.
    pub fn encode(&self, vocabulary: &Vocabulary, normalized: &[u8], segments: &mut Vec<Segment>) {
        let size = normalized.len();
        if size == 0 {
            return;
        }
        let unreached = BestPathNode {
            id: 0,
            score: 0.0,
            starts_at: usize::MAX,
        };
        let mut best = vec![unreached; size + 1];
        let mut starts_at = 0;
        while starts_at < size {
            let till_here = best[starts_at].score;
            let char_len = one_char_len(normalized[starts_at]).min(size - starts_at);
            let mut has_single_node = false;
            self.trie
                .for_each_prefix(&normalized[starts_at..], |length, id| {
                    let kind = vocabulary.kind(id);
                    if kind == PieceType::Unused {
                        return;
                    }
                    let target = &mut best[starts_at + length];
                    let better = if kind == PieceType::UserDefined {
                        // C++: `length * max_score_ - 0.1` is a double; the sum is compared as a
                        // double and stored as a float.
                        let score = f64::from(length as f32 * self.max_score) - 0.1;
                        let candidate = score + f64::from(till_here);
                        (target.starts_at == usize::MAX || candidate > f64::from(target.score))
                            .then_some(candidate as f32)
                    } else {
                        let candidate = vocabulary.score(id) + till_here;
                        (target.starts_at == usize::MAX || candidate > target.score)
                            .then_some(candidate)
                    };
                    if let Some(score) = better {
                        *target = BestPathNode {
                            id,
                            score,
                            starts_at,
                        };
                    }
                    has_single_node |= length == char_len;
                });
            if !has_single_node {
                let target = &mut best[starts_at + char_len];
                let candidate = self.unk_score + till_here;
                if target.starts_at == usize::MAX || candidate > target.score {
                    *target = BestPathNode {
                        id: vocabulary.unk_id(),
                        score: candidate,
                        starts_at,
                    };
                }
            }
            starts_at += char_len;
        }
        let first = segments.len();
        let mut ends_at = size;
        while ends_at > 0 {
            let node = best[ends_at];
            // Every character boundary is reached (by a piece or an unknown character); the
            // guard only keeps a malformed model from looping.
            let start = if node.starts_at < ends_at {
                node.starts_at
            } else {
                ends_at - 1
            };
            segments.push(Segment {
                start,
                end: ends_at,
                id: node.id,
            });
            ends_at = start;
        }
        segments[first..].reverse();
    }
}
