//! A reader for the parts of SentencePiece's `ModelProto` (protobuf, `sentencepiece_model.proto`)
//! that encoding needs: the pieces, the model type and byte fallback of the trainer spec, and the
//! normalizer spec. A minimal wire-format reader: the messages are proto2 with a handful of scalar
//! fields, so a code generator (and `protoc` at build time) would add more than it saves.

/// What a piece is (`ModelProto.SentencePiece.Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceType {
    Normal,
    Unknown,
    Control,
    UserDefined,
    Unused,
    Byte,
}

/// One vocabulary entry (`ModelProto.SentencePiece`).
#[derive(Debug, Clone)]
pub(crate) struct PieceEntry {
    pub piece: String,
    pub score: f32,
    pub kind: PieceType,
}

/// The segmentation algorithm (`TrainerSpec.ModelType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ModelType {
    Unigram,
    Bpe,
    Word,
    Char,
}

/// `NormalizerSpec`, with proto2 defaults for absent fields.
#[derive(Debug, Clone)]
pub(crate) struct NormalizerSpec {
    pub precompiled_charsmap: Vec<u8>,
    pub add_dummy_prefix: bool,
    pub remove_extra_whitespaces: bool,
    pub escape_whitespaces: bool,
}

impl Default for NormalizerSpec {
    fn default() -> Self {
        NormalizerSpec {
            precompiled_charsmap: Vec::new(),
            add_dummy_prefix: true,
            remove_extra_whitespaces: true,
            escape_whitespaces: true,
        }
    }
}

/// The decoded model file.
#[derive(Debug, Clone)]
pub(crate) struct ModelProto {
    pub pieces: Vec<PieceEntry>,
    pub model_type: ModelType,
    pub byte_fallback: bool,
    pub treat_whitespace_as_suffix: bool,
    pub normalizer: NormalizerSpec,
}

/// A protobuf field value as found on the wire.
enum Value<'a> {
    Varint(u64),
    Fixed32(u32),
    Bytes(&'a [u8]),
    Fixed64,
}

/// Iterates over the `(field number, value)` pairs of one message.
struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self
                .rest
                .split_first()
                .ok_or("truncated varint".to_string())?;
            self.rest = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("varint longer than 10 bytes".to_string())
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        if len > self.rest.len() {
            return Err("a field runs past the end of its message".to_string());
        }
        let (taken, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(taken)
    }

    fn next_field(&mut self) -> Option<Result<(u64, Value<'a>), String>> {
        if self.rest.is_empty() {
            return None;
        }
        Some(self.varint().and_then(|key| {
            let value = match key & 7 {
                0 => Value::Varint(self.varint()?),
                1 => {
                    self.take(8)?;
                    Value::Fixed64
                }
                2 => {
                    let len = usize::try_from(self.varint()?).map_err(|e| e.to_string())?;
                    Value::Bytes(self.take(len)?)
                }
                5 => {
                    let bytes = self.take(4)?;
                    Value::Fixed32(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
                }
                wire => return Err(format!("unsupported protobuf wire type {wire}")),
            };
            Ok((key >> 3, value))
        }))
    }
}

/// Calls `visit` with each field of the message in `bytes`.
fn for_each_field<'a>(
    bytes: &'a [u8],
    mut visit: impl FnMut(u64, Value<'a>) -> Result<(), String>,
) -> Result<(), String> {
    let mut fields = Fields { rest: bytes };
    while let Some(field) = fields.next_field() {
        let (number, value) = field?;
        visit(number, value)?;
    }
    Ok(())
}

fn utf8(bytes: &[u8], what: &str) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| format!("{what} is not valid UTF-8"))
}

fn piece_entry(bytes: &[u8]) -> Result<PieceEntry, String> {
    let mut entry = PieceEntry {
        piece: String::new(),
        score: 0.0,
        kind: PieceType::Normal,
    };
    for_each_field(bytes, |number, value| {
        match (number, value) {
            (1, Value::Bytes(text)) => entry.piece = utf8(text, "a piece")?,
            (2, Value::Fixed32(bits)) => entry.score = f32::from_bits(bits),
            (3, Value::Varint(kind)) => {
                entry.kind = match kind {
                    1 => PieceType::Normal,
                    2 => PieceType::Unknown,
                    3 => PieceType::Control,
                    4 => PieceType::UserDefined,
                    5 => PieceType::Unused,
                    6 => PieceType::Byte,
                    other => return Err(format!("unknown piece type {other}")),
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(entry)
}

/// Merges the fields of a serialized `NormalizerSpec` into `spec` (protobuf's merge semantics).
fn merge_normalizer_spec(bytes: &[u8], spec: &mut NormalizerSpec) -> Result<(), String> {
    for_each_field(bytes, |number, value| {
        match (number, value) {
            (2, Value::Bytes(charsmap)) => spec.precompiled_charsmap = charsmap.to_vec(),
            (3, Value::Varint(flag)) => spec.add_dummy_prefix = flag != 0,
            (4, Value::Varint(flag)) => spec.remove_extra_whitespaces = flag != 0,
            (5, Value::Varint(flag)) => spec.escape_whitespaces = flag != 0,
            _ => {}
        }
        Ok(())
    })
}

impl ModelProto {
    /// Decodes a serialized `ModelProto`; the error says what is wrong with it.
    pub fn decode(bytes: &[u8]) -> Result<ModelProto, String> {
        let mut model = ModelProto {
            pieces: Vec::new(),
            model_type: ModelType::Unigram,
            byte_fallback: false,
            treat_whitespace_as_suffix: false,
            normalizer: NormalizerSpec::default(),
        };
        for_each_field(bytes, |number, value| {
            match (number, value) {
                (1, Value::Bytes(piece)) => model.pieces.push(piece_entry(piece)?),
                (2, Value::Bytes(trainer_spec)) => {
                    for_each_field(trainer_spec, |number, value| {
                        match (number, value) {
                            (3, Value::Varint(kind)) => {
                                model.model_type = match kind {
                                    1 => ModelType::Unigram,
                                    2 => ModelType::Bpe,
                                    3 => ModelType::Word,
                                    4 => ModelType::Char,
                                    other => return Err(format!("unknown model type {other}")),
                                }
                            }
                            (24, Value::Varint(flag)) => {
                                model.treat_whitespace_as_suffix = flag != 0
                            }
                            (35, Value::Varint(flag)) => model.byte_fallback = flag != 0,
                            _ => {}
                        }
                        Ok(())
                    })?
                }
                (3, Value::Bytes(spec)) => merge_normalizer_spec(spec, &mut model.normalizer)?,
                _ => {}
            }
            Ok(())
        })?;
        Ok(model)
    }
}
