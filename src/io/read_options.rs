//! How segment files are read: sacreBLEU's rules, plus the settings it lacks (Unicode
//! normalization, byte order mark removal).

use crate::error::{Error, Result, Setting};
use unicode_normalization::UnicodeNormalization;

/// Unicode normalization applied to every segment (`--normalize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalization {
    Nfc,
    Nfkc,
}

impl Normalization {
    /// Parses `nfc` or `nfkc`.
    pub fn from_name(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "nfc" => Ok(Normalization::Nfc),
            "nfkc" => Ok(Normalization::Nfkc),
            _ => Err(Error::invalid_option(
                Setting::Normalization,
                name,
                "choose nfc or nfkc",
            )),
        }
    }

    /// The name recorded in signatures.
    pub fn name(self) -> &'static str {
        match self {
            Normalization::Nfc => "nfc",
            Normalization::Nfkc => "nfkc",
        }
    }

    /// The normalized form of one segment.
    pub fn apply(self, line: &str) -> String {
        match self {
            Normalization::Nfc => line.nfc().collect(),
            Normalization::Nfkc => line.nfkc().collect(),
        }
    }
}

/// How segment files are read: sacreBLEU's rules unless a setting says otherwise (each such
/// setting is recorded in signatures).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Unicode normalization of every segment (`--normalize`, signature key `unorm`).
    pub normalization: Option<Normalization>,
    /// Remove a UTF-8 byte order mark at the start of a file (`--strip-bom`, signature key
    /// `bom`); sacreBLEU keeps it as part of the first segment's first word.
    pub strip_bom: bool,
}

impl ReadOptions {
    /// Options that remove a byte order mark, for files of labels rather than segments
    /// (document ids, domains), where a mark would only corrupt the first label.
    pub fn labels() -> Self {
        ReadOptions {
            normalization: None,
            strip_bom: true,
        }
    }
}
