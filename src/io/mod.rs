//! Reading inputs into segments: plain text (optionally gzip-compressed, whole or streamed in
//! blocks of parallel segments), with BOM, CR and UTF-8 problems reported precisely (a BOM kept,
//! as sacreBLEU keeps it), WMT XML test sets and tabular (TSV/JSONL) corpora, MQM annotation TSV
//! files, WMT DA system tables and human/metric score files, terminology glossaries, and optional Unicode
//! normalization applied once here. This is the bottom layer: readers turn bytes into plain
//! records and know nothing of corpora, suites or metrics.

pub mod glossary;
mod line_rules;
pub mod line_stream;
pub mod mqm_tsv;
pub mod mtme_scores;
pub mod parquet_table;
pub mod plain;
pub mod read_options;
pub mod scores;
pub mod tabular;
pub mod wmt_da;
pub mod wmt_xml;

pub use plain::{read_segments, segments_from_bytes, TextFile, STDIN_PATH};
pub use read_options::{Normalization, ReadOptions};
pub use tabular::{read_table, Table};
pub use wmt_xml::{read_wmt_xml, WmtXml};
