//! Reading inputs into segments: plain text (optionally gzip-compressed), with BOM, CR and
//! UTF-8 problems reported precisely, and optional Unicode normalization applied once here.

pub mod layout;
pub mod manifest;
pub mod plain;
pub mod scores;
pub mod suite;

pub use plain::{read_segments, Normalization, TextFile};
