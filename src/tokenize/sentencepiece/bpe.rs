//! BPE segmentation: SentencePiece's `bpe::Model::Encode` (`bpe_model.cc`). Characters (and
//! user-defined symbols, which never merge) are merged pairwise, always the adjacent pair forming
//! the best-scoring piece, leftmost on ties; merges into unused pieces are undone at the end.

use super::proto::PieceType;
use super::trie::PieceTrie;
use super::vocabulary::Vocabulary;
use super::{one_char_len, Segment};
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A symbol of the sequence being merged: `normalized[start..start + len]`, linked to its
/// neighbours (`usize::MAX`: none); `len == 0` once merged into its left neighbour. `node` is
/// its node in the piece trie (`None` when no piece starts with it, so it never merges).
#[derive(Clone, Copy)]
struct Symbol {
    prev: usize,
    next: usize,
    frozen: bool,
    start: usize,
    len: usize,
    node: Option<u32>,
}

/// A candidate merge of two adjacent symbols into a vocabulary piece of `size` bytes.
struct SymbolPair {
    left: u32,
    right: u32,
    score: f32,
    size: u32,
    /// The merged piece's trie node.
    node: u32,
}

impl PartialEq for SymbolPair {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SymbolPair {}

impl PartialOrd for SymbolPair {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SymbolPair {
    /// The heap's top is the highest score, then the leftmost pair (`SymbolPairComparator`).
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.left.cmp(&self.left))
    }
}

const NONE: usize = usize::MAX;

/// Segments `normalized` with the BPE merges of `vocabulary`, appending to `segments`. `pieces`
/// holds the vocabulary's normal, user-defined and unused pieces (SentencePiece's `pieces_`).
pub(crate) fn encode(
    vocabulary: &Vocabulary,
    pieces: &PieceTrie,
    user_symbols: Option<&PieceTrie>,
    normalized: &[u8],
    segments: &mut Vec<Segment>,
) {
    let mut symbols: Vec<Symbol> = Vec::with_capacity(normalized.len());
    let mut at = 0;
    while at < normalized.len() {
        let rest = &normalized[at..];
        let user_symbol = user_symbols.and_then(|trie| trie.longest_prefix(rest));
        let len = user_symbol.unwrap_or_else(|| one_char_len(rest[0]).min(rest.len()));
        let index = symbols.len();
        symbols.push(Symbol {
            prev: if index == 0 { NONE } else { index - 1 },
            next: if at + len < normalized.len() {
                index + 1
            } else {
                NONE
            },
            frozen: user_symbol.is_some(),
            start: at,
            len,
            node: pieces.walk(0, &rest[..len]),
        });
        at += len;
    }
    if symbols.is_empty() {
        return;
    }

    let mut agenda = BinaryHeap::new();
    // Unused piece → the two symbols it was merged from, to undo the merge at the end.
    let mut reverse_merges: FxHashMap<&[u8], [(usize, usize); 2]> = FxHashMap::default();
    let mut add_pair =
        |symbols: &[Symbol], agenda: &mut BinaryHeap<SymbolPair>, left: usize, right: usize| {
            if left == NONE || right == NONE || symbols[left].frozen || symbols[right].frozen {
                return;
            }
            let (l, r) = (symbols[left], symbols[right]);
            let piece = &normalized[l.start..l.start + l.len + r.len];
            // The merged piece's node: from the left symbol's, along the right symbol's bytes.
            let right_bytes = &normalized[r.start..r.start + r.len];
            let Some(node) = l.node.and_then(|node| pieces.walk(node, right_bytes)) else {
                return;
            };
            let Some(id) = pieces.value(node) else {
                return;
            };
            agenda.push(SymbolPair {
                left: left as u32,
                right: right as u32,
                score: vocabulary.score(id),
                size: piece.len() as u32,
                node,
            });
            if vocabulary.kind(id) == PieceType::Unused {
                reverse_merges.insert(piece, [(l.start, l.len), (r.start, r.len)]);
            }
        };
    for right in 1..symbols.len() {
        add_pair(&symbols, &mut agenda, right - 1, right);
    }
    while let Some(pair) = agenda.pop() {
        let (l, r) = (pair.left as usize, pair.right as usize);
        let (left, right) = (symbols[l], symbols[r]);
        if left.len == 0 || right.len == 0 || left.len + right.len != pair.size as usize {
            continue; // stale: one of the two has merged since
        }
        symbols[l].len += right.len;
        symbols[l].node = Some(pair.node);
        symbols[l].next = right.next;
        if right.next != NONE {
            symbols[right.next].prev = l;
        }
        symbols[r].len = 0;
        add_pair(&symbols, &mut agenda, symbols[l].prev, l);
        add_pair(&symbols, &mut agenda, l, symbols[l].next);
    }

    let mut index = 0;
    while index != NONE {
        let symbol = symbols[index];
        resegment(
            vocabulary,
            &reverse_merges,
            normalized,
            symbol.start,
            symbol.len,
            segments,
        );
        index = symbol.next;
    }
}

/// Emits `normalized[start..start + len]`, split back into its parts while it is an unused piece.
fn resegment(
    vocabulary: &Vocabulary,
    reverse_merges: &FxHashMap<&[u8], [(usize, usize); 2]>,
    normalized: &[u8],
    start: usize,
    len: usize,
    segments: &mut Vec<Segment>,
) {
    let piece = &normalized[start..start + len];
    let id = vocabulary.piece_to_id(piece);
    match reverse_merges.get(piece) {
        Some(parts) if vocabulary.kind(id) == PieceType::Unused => {
            for &(start, len) in parts {
                resegment(vocabulary, reverse_merges, normalized, start, len, segments);
            }
        }
        _ => segments.push(Segment {
            start,
            end: start + len,
            id,
        }),
    }
}
