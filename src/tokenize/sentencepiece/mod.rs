//! SentencePiece encoding, piece for piece what the `sentencepiece` library (0.2) gives, for the
//! spBLEU tokenizers (`flores101`, `flores200`, `spBLEU-1K`; `spm` is the old name of
//! `flores101`): the model file (protobuf), its normalizer, unigram or BPE segmentation, and byte
//! fallback or merged unknown pieces, as `SentencePieceProcessor::Encode` produces them.

mod bpe;
mod lookup;
mod normalizer;
mod proto;
mod trie;
mod unigram;
mod vocabulary;

use crate::error::{Error, Result, Setting};
use normalizer::Normalizer;
use proto::{ModelProto, ModelType, PieceType};
use std::path::Path;
use trie::PieceTrie;
use unigram::Unigram;
use vocabulary::Vocabulary;

pub use lookup::{SentencePieceTokenizer, SpmTokenizerSpec, SPM_TOKENIZERS};

/// A piece of the normalized text: `normalized[start..end]`, with its vocabulary id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment {
    pub start: usize,
    pub end: usize,
    pub id: u32,
}

/// Length of the UTF-8 sequence a lead byte starts (`string_util::OneCharLen`).
#[inline]
pub(crate) fn one_char_len(lead: u8) -> usize {
    match lead >> 4 {
        0xc | 0xd => 2,
        0xe => 3,
        0xf => 4,
        _ => 1,
    }
}

/// The segmentation algorithm of a model.
#[derive(Debug, Clone)]
enum Segmenter {
    Unigram(Unigram),
    /// BPE, with the trie of its mergeable pieces.
    Bpe(PieceTrie),
}

/// A loaded SentencePiece model.
#[derive(Debug, Clone)]
pub struct SentencePieceModel {
    vocabulary: Vocabulary,
    normalizer: Normalizer,
    user_symbols: Option<PieceTrie>,
    segmenter: Segmenter,
    byte_fallback: bool,
}

/// One output piece: a span of the normalized text, or one byte of an unknown piece under byte
/// fallback (`<0xE4>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Span { start: usize, end: usize },
    Byte(u8),
}

/// Reusable buffers for encoding one line after another.
#[derive(Debug, Default)]
pub struct EncodeBuffers {
    normalized: Vec<u8>,
    segments: Vec<Segment>,
    pieces: Vec<Piece>,
}

impl EncodeBuffers {
    /// The pieces of the line last encoded, as text, in order (what `EncodeAsPieces` returns).
    pub fn piece_texts(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        self.pieces.iter().map(|piece| match *piece {
            Piece::Span { start, end } => String::from_utf8_lossy(&self.normalized[start..end]),
            Piece::Byte(byte) => format!("<0x{byte:02X}>").into(),
        })
    }
}

impl EncodeBuffers {
    /// Appends the pieces joined by single spaces to `out` and returns true, when that is already
    /// in BLEU's normal form: the normalized text is valid UTF-8 without Python whitespace (else
    /// returns false and appends nothing).
    fn push_joined_pieces(&self, out: &mut String) -> bool {
        let Ok(text) = std::str::from_utf8(&self.normalized) else {
            return false;
        };
        let bytes = text.as_bytes();
        if (0..bytes.len()).any(|at| crate::text::whitespace_len_at(bytes, at).is_some()) {
            return false;
        }
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match *piece {
                Piece::Span { start, end } => match text.get(start..end) {
                    Some(piece) => out.push_str(piece),
                    None => out.push_str(&String::from_utf8_lossy(&bytes[start..end])),
                },
                Piece::Byte(byte) => {
                    let hex = b"0123456789ABCDEF";
                    out.push_str("<0x");
                    out.push(char::from(hex[usize::from(byte >> 4)]));
                    out.push(char::from(hex[usize::from(byte & 15)]));
                    out.push('>');
                }
            }
        }
        true
    }
}

impl SentencePieceModel {
    /// Reads a model file; errors name the file and say what is wrong with it.
    pub fn load(path: &Path) -> Result<SentencePieceModel> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        SentencePieceModel::from_bytes(&bytes).map_err(|reason| {
            Error::invalid_option(
                Setting::SentencePieceModel,
                path.display().to_string(),
                format!("not a usable SentencePiece model: {reason}"),
            )
        })
    }

    /// Decodes a serialized model (`ModelProto`).
    pub fn from_bytes(bytes: &[u8]) -> std::result::Result<SentencePieceModel, String> {
        let model = ModelProto::decode(bytes)?;
        let vocabulary = Vocabulary::new(&model.pieces, model.byte_fallback)?;
        let user_pieces: Vec<(&[u8], u32)> = model
            .pieces
            .iter()
            .zip(0u32..)
            .filter(|(entry, _)| entry.kind == PieceType::UserDefined)
            .map(|(entry, id)| (entry.piece.as_bytes(), id))
            .collect();
        let user_symbols = (!user_pieces.is_empty()).then(|| PieceTrie::new(user_pieces));
        let normalizer = Normalizer::new(
            &model.normalizer,
            user_symbols.clone(),
            model.treat_whitespace_as_suffix,
        )?;
        let segmenter = match model.model_type {
            ModelType::Unigram => Segmenter::Unigram(Unigram::new(&vocabulary)),
            ModelType::Bpe => Segmenter::Bpe(PieceTrie::new(vocabulary.normal_pieces())),
            ModelType::Word | ModelType::Char => {
                return Err(format!(
                    "{:?} models are not supported (only unigram and BPE)",
                    model.model_type
                ))
            }
        };
        Ok(SentencePieceModel {
            vocabulary,
            normalizer,
            user_symbols,
            segmenter,
            byte_fallback: model.byte_fallback,
        })
    }

    /// Encodes `line` into `buffers` (read the pieces with [`EncodeBuffers::piece_texts`]).
    pub fn encode(&self, line: &str, buffers: &mut EncodeBuffers) {
        self.normalizer.normalize(line, &mut buffers.normalized);
        buffers.segments.clear();
        match &self.segmenter {
            Segmenter::Unigram(unigram) => {
                unigram.encode(&self.vocabulary, &buffers.normalized, &mut buffers.segments)
            }
            Segmenter::Bpe(pieces) => bpe::encode(
                &self.vocabulary,
                pieces,
                self.user_symbols.as_ref(),
                &buffers.normalized,
                &mut buffers.segments,
            ),
        }
        self.populate_pieces(&buffers.normalized, &buffers.segments, &mut buffers.pieces);
    }

    /// `PopulateSentencePieceText`: unknown pieces become their bytes under byte fallback, else
    /// consecutive unknown pieces merge into one.
    fn populate_pieces(&self, normalized: &[u8], segments: &[Segment], pieces: &mut Vec<Piece>) {
        pieces.clear();
        let mut is_prev_unknown = false;
        for segment in segments {
            let is_unknown = self.vocabulary.kind(segment.id) == PieceType::Unknown;
            let last = pieces.last_mut();
            if is_unknown && self.byte_fallback {
                let bytes = &normalized[segment.start..segment.end];
                pieces.extend(bytes.iter().map(|&byte| Piece::Byte(byte)));
            } else if let (true, Some(Piece::Span { end, .. })) =
                (is_unknown && is_prev_unknown, last)
            {
                *end = segment.end;
            } else {
                pieces.push(Piece::Span {
                    start: segment.start,
                    end: segment.end,
                });
            }
            is_prev_unknown = is_unknown;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_bytes(name: &str) -> Vec<u8> {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/spm/{name}.model"));
        std::fs::read(path).unwrap()
    }

    fn pieces(model: &SentencePieceModel, line: &str) -> Vec<String> {
        let mut buffers = EncodeBuffers::default();
        model.encode(line, &mut buffers);
        buffers.piece_texts().map(String::from).collect()
    }

    #[test]
    fn encodes_as_sentencepiece_does() {
        // Expected pieces from sentencepiece 0.2.3 (tests/golden/spm/edge-cases.json has more).
        let model = SentencePieceModel::from_bytes(&model_bytes("unigram-2k-bytes")).unwrap();
        assert_eq!(pieces(&model, "   "), Vec::<String>::new());
        let expected = ["▁", "li", "ga", "ture", "s", ":", "▁f", "ine"];
        assert_eq!(pieces(&model, "ligatures: ﬁne"), expected);
        assert_eq!(pieces(&model, "½")[..2], ["▁1", "<0xE2>"]);
    }

    #[test]
    fn damaged_models_are_errors_or_encode_without_panicking() {
        let bytes = model_bytes("unigram-2k-bytes");
        let text = "ＡＢ ﬁ x™y <sep> 数字 Кириллица 🦀\u{301} ";
        for length in (0..bytes.len()).step_by(4099) {
            if let Ok(model) = SentencePieceModel::from_bytes(&bytes[..length]) {
                pieces(&model, text);
            }
        }
        // Scrambled character map and pieces: whatever they decode to must encode safely.
        for at in (bytes.len() / 2..bytes.len()).step_by(1021) {
            let mut damaged = bytes.clone();
            for byte in &mut damaged[at..(at + 64).min(bytes.len())] {
                *byte = byte.wrapping_mul(31).wrapping_add(7);
            }
            if let Ok(model) = SentencePieceModel::from_bytes(&damaged) {
                pieces(&model, text);
            }
        }
        assert!(SentencePieceModel::from_bytes(b"not a model").is_err());
    }
}
