//! What the fuzz targets share: reading options and file names chosen by the input's first byte,
//! so one target covers every setting of its reader.

use mteval::io::{Normalization, ReadOptions};

/// Splits a fuzz input into its setting byte and the file's bytes.
pub fn setting_and_body(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(&setting, body)| (setting, body))
}

/// Reading options from a setting byte: bit 0 strips a byte order mark, bits 1–2 choose the
/// Unicode normalization (none, NFC, NFKC).
pub fn read_options(setting: u8) -> ReadOptions {
    ReadOptions {
        normalization: normalization(setting >> 1),
        strip_bom: setting & 1 == 1,
    }
}

/// No normalization, NFC or NFKC from the low two bits.
pub fn normalization(bits: u8) -> Option<Normalization> {
    match bits & 3 {
        1 => Some(Normalization::Nfc),
        2 => Some(Normalization::Nfkc),
        _ => None,
    }
}
