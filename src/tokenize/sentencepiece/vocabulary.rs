//! A model's pieces: their scores and types, piece → id lookup with SentencePiece's precedence
//! (reserved pieces first, unknown otherwise), and the checks SentencePiece makes when loading.

use super::proto::{PieceEntry, PieceType};
use rustc_hash::FxHashMap;

/// The vocabulary of one model.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    /// Per id: score and type, compact for the encoders' inner loops.
    scores: Vec<f32>,
    kinds: Vec<PieceType>,
    /// Normal, user-defined and unused pieces (SentencePiece's `pieces_`).
    normal_ids: FxHashMap<Vec<u8>, u32>,
    /// Unknown, control and byte pieces (`reserved_id_map_`).
    reserved_ids: FxHashMap<Vec<u8>, u32>,
    unk_id: u32,
}

impl Vocabulary {
    /// Indexes `pieces`, rejecting what SentencePiece rejects (empty or repeated pieces, no or
    /// several unknown pieces, byte pieces without byte fallback).
    pub fn new(pieces: &[PieceEntry], byte_fallback: bool) -> Result<Vocabulary, String> {
        let mut normal_ids = FxHashMap::default();
        let mut reserved_ids = FxHashMap::default();
        let mut unk_id = None;
        for (id, entry) in pieces.iter().enumerate() {
            let id = u32::try_from(id).map_err(|_| "too many pieces".to_string())?;
            if entry.piece.is_empty() {
                return Err("a piece is empty".to_string());
            }
            let map = match entry.kind {
                PieceType::Normal | PieceType::UserDefined | PieceType::Unused => &mut normal_ids,
                PieceType::Unknown | PieceType::Control | PieceType::Byte => &mut reserved_ids,
            };
            if map.insert(entry.piece.as_bytes().to_vec(), id).is_some() {
                return Err(format!("piece {:?} is defined twice", entry.piece));
            }
            match entry.kind {
                PieceType::Unknown if unk_id.is_some() => {
                    return Err("more than one unknown piece".to_string())
                }
                PieceType::Unknown => unk_id = Some(id),
                PieceType::Byte if !byte_fallback => {
                    return Err(format!(
                        "byte piece {:?} although byte_fallback is off",
                        entry.piece
                    ))
                }
                _ => {}
            }
        }
        Ok(Vocabulary {
            // -0.0 and 0.0 are one score, as for C++'s comparisons.
            scores: pieces.iter().map(|entry| entry.score + 0.0).collect(),
            kinds: pieces.iter().map(|entry| entry.kind).collect(),
            normal_ids,
            reserved_ids,
            unk_id: unk_id.ok_or("the model has no unknown piece (<unk>)")?,
        })
    }

    #[inline]
    pub fn score(&self, id: u32) -> f32 {
        self.scores[id as usize]
    }

    #[inline]
    pub fn kind(&self, id: u32) -> PieceType {
        self.kinds[id as usize]
    }

    pub fn unk_id(&self) -> u32 {
        self.unk_id
    }

    /// `PieceToId`: reserved pieces first, then the others, else the unknown piece.
    pub fn piece_to_id(&self, piece: &[u8]) -> u32 {
        self.reserved_ids
            .get(piece)
            .or_else(|| self.normal_ids.get(piece))
            .copied()
            .unwrap_or(self.unk_id)
    }

    /// The normal, user-defined and unused pieces with their ids.
    pub fn normal_pieces(&self) -> impl Iterator<Item = (&[u8], u32)> {
        self.normal_ids
            .iter()
            .map(|(piece, &id)| (piece.as_slice(), id))
    }

    /// `(min, max)` over the scores of normal pieces, starting from C++'s `FLT_MAX` and `FLT_MIN`.
    pub fn normal_score_range(&self) -> (f32, f32) {
        self.kinds
            .iter()
            .zip(&self.scores)
            .filter(|(kind, _)| **kind == PieceType::Normal)
            .fold((f32::MAX, f32::MIN_POSITIVE), |(min, max), (_, &score)| {
                (min.min(score), max.max(score))
            })
    }
}
