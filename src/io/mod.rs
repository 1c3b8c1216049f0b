//! Reading inputs into segments: plain text (optionally gzip-compressed, whole or streamed in
//! blocks of parallel segments), with BOM, CR and UTF-8 problems reported precisely, WMT XML
//! test sets and tabular (TSV/JSONL) corpora, MQM annotation TSV files, terminology glossaries,
//! report inputs (directory layouts and manifests), and optional Unicode normalization applied
//! once here.

pub mod glossary;
pub mod layout;
pub mod line_stream;
pub mod manifest;
pub mod mqm_tsv;
pub mod plain;
pub mod scores;
pub mod suite;
pub mod tabular;
pub mod wmt_xml;

pub use plain::{read_segments, Normalization, TextFile};
pub use tabular::{read_table, Table};
pub use wmt_xml::{read_wmt_xml, WmtXml};
