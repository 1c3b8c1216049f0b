//! Statistics files: the per-segment sufficient statistics of every system under every metric,
//! one row per (system, segment), with the configuration and signature of each metric, so that
//! scores can be computed later — from one file or from shards merged ([`super::shards`]) —
//! exactly as `mteval score` computes them. Stored as a Parquet table
//! ([`crate::io::parquet_table`]); the README documents the layout.

use super::configuration::Configuration;
use super::stats_matrix::StatsMatrix;
use super::{MetricConfig, MetricRun, Signature, SystemScores};
use crate::corpus::Evaluation;
use crate::error::{Error, Result};
use crate::io::parquet_table::{ColumnValues, ParquetTable};
use crate::io::{Normalization, ReadOptions};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The layout version written in `mteval.format`; a reader refuses other versions.
pub const FORMAT_VERSION: &str = "1";

/// Metadata keys (Parquet key-value metadata).
const KEY_FORMAT: &str = "mteval.format";
const KEY_VERSION: &str = "mteval.version";
const KEY_REFERENCES: &str = "mteval.references";
const KEY_READING: &str = "mteval.reading";
const KEY_SYSTEMS: &str = "mteval.systems";
const KEY_METRICS: &str = "mteval.metrics";
const KEY_SEGMENT_IDS: &str = "mteval.segment_ids";
const KEY_REFERENCES_SHA256: &str = "mteval.references_sha256";
const KEY_SEGMENTS_SHA256: &str = "mteval.segments_sha256";

/// Fixed columns before the metrics' statistics.
const COLUMN_SYSTEM: &str = "system";
const COLUMN_SEGMENT: &str = "seg_id";
const COLUMN_DOCUMENT: &str = "doc_id";

/// A system as `mteval score` names it: display name and hypothesis file as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemEntry {
    pub name: String,
    pub file: String,
}

/// One metric's statistics for every system.
#[derive(Debug, Clone)]
pub struct MetricStatistics {
    pub metric: MetricConfig,
    /// The corpus signature, with the reading settings' keys.
    pub signature: Signature,
    /// Per system (in [`StatisticsFile::systems`] order), one statistics vector per segment.
    pub systems: Vec<StatsMatrix>,
}

/// How a file's segment ids count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentIds {
    /// 1, 2, … within the file: shards are merged in the order given.
    Local,
    /// Positions in the whole corpus (`--segment-offset`): shards are merged in id order.
    Global,
}

/// SHA-256 digests that identify the segments a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentIdentity {
    /// Of the reference texts: per segment, every reference followed by a newline.
    pub references_sha256: String,
    /// Of the segment ids and document ids: per segment `seg_id<TAB>doc_id<LF>`.
    pub segments_sha256: String,
}

/// The statistics of an evaluation (or of a merge of shards).
#[derive(Debug, Clone)]
pub struct StatisticsFile {
    pub systems: Vec<SystemEntry>,
    /// Number of references per segment.
    pub references: usize,
    /// How the segment files were read (recorded in signatures).
    pub reading: ReadOptions,
    pub segment_ids: SegmentIds,
    /// The id of the first segment (1-based; above 1 only with global ids).
    pub first_segment: usize,
    /// Number of segments.
    pub segments: usize,
    /// Document id of every segment, when the input had them.
    pub documents: Option<Vec<String>>,
    pub metrics: Vec<MetricStatistics>,
    /// What segments these are (a merge of shards has none).
    pub identity: Option<SegmentIdentity>,
}

/// One metric as recorded in `mteval.metrics`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricEntry {
    name: String,
    /// Column name prefix: the statistics are `{prefix}.{statistic}`.
    prefix: String,
    configuration: Configuration,
    signature: String,
}

/// The reading settings as recorded in `mteval.reading`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadingEntry {
    normalize: Option<String>,
    strip_bom: bool,
}

/// Column prefix of a metric: its display name in lower case (`bleu`, `chrf2++`, `ter`).
pub fn column_prefix(metric_name: &str) -> String {
    metric_name.to_lowercase()
}

impl StatisticsFile {
    /// The statistics of scored runs (made with [`super::RunOptions::statistics`], signatures
    /// signed with `reading`), taken out of the runs; `first_segment` gives global segment ids
    /// starting there.
    pub fn from_runs(
        evaluation: &Evaluation,
        metrics: &[MetricConfig],
        runs: &mut [MetricRun],
        reading: ReadOptions,
        first_segment: Option<usize>,
    ) -> Self {
        let segments = evaluation.segment_count();
        let documents: Option<Vec<String>> = evaluation
            .segments
            .as_ref()
            .map(|info| info.iter().map(|s| s.document.clone()).collect());
        let (segment_ids, first) = match first_segment {
            Some(first) => (SegmentIds::Global, first),
            None => (SegmentIds::Local, 1),
        };
        let mut references = Sha256::new();
        for i in 0..segments {
            for stream in &evaluation.references {
                references.update(stream.segments[i].as_bytes());
                references.update(b"\n");
            }
        }
        let identity = SegmentIdentity {
            references_sha256: format!("{:x}", references.finalize()),
            segments_sha256: segments_digest(first, segments, documents.as_deref()),
        };
        StatisticsFile {
            systems: evaluation
                .systems
                .iter()
                .map(|s| SystemEntry {
                    name: s.name.clone(),
                    file: s.file.path.display().to_string(),
                })
                .collect(),
            references: evaluation.references.len(),
            reading,
            segment_ids,
            first_segment: first,
            segments,
            documents,
            metrics: metrics
                .iter()
                .zip(runs)
                .map(|(metric, run)| MetricStatistics {
                    metric: metric.clone(),
                    signature: run.signature.clone(),
                    systems: run
                        .systems
                        .iter_mut()
                        .map(|s| s.statistics.take().expect("runs keep their statistics"))
                        .collect(),
                })
                .collect(),
            identity: Some(identity),
        }
    }

    /// The corpus scores of every metric and system, as `mteval score` computes them.
    pub fn runs(&self) -> Vec<MetricRun> {
        self.metrics
            .iter()
            .map(|statistics| {
                let mut sentence_signature = statistics.metric.sentence_signature(self.references);
                sentence_signature.push_reading(&self.reading);
                MetricRun {
                    name: statistics.metric.name(),
                    signature: statistics.signature.clone(),
                    sentence_signature,
                    systems: statistics
                        .systems
                        .iter()
                        .map(|matrix| SystemScores {
                            corpus: statistics.metric.score_statistics(matrix),
                            segments: Vec::new(),
                            statistics: None,
                            groups: Vec::new(),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The settings two files must share to be merged, each as (what, value).
    pub fn configuration(&self) -> Vec<(String, String)> {
        let names: Vec<&str> = self.systems.iter().map(|s| s.name.as_str()).collect();
        let mut settings = vec![
            ("references".to_string(), self.references.to_string()),
            ("systems".to_string(), names.join(", ")),
            (
                "metrics".to_string(),
                self.metrics
                    .iter()
                    .map(|m| m.metric.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ];
        for statistics in &self.metrics {
            settings.push((
                statistics.metric.name(),
                format!(
                    "{} {}",
                    statistics.signature.format(false),
                    Configuration::of(&statistics.metric).to_json()
                ),
            ));
        }
        settings.push((
            "document ids".to_string(),
            if self.documents.is_some() {
                "yes"
            } else {
                "no"
            }
            .to_string(),
        ));
        settings.push((
            "segment ids".to_string(),
            match self.segment_ids {
                SegmentIds::Local => "local (1, 2, … in each file)",
                SegmentIds::Global => "global (--segment-offset)",
            }
            .to_string(),
        ));
        settings
    }

    /// The file as a table: rows system by system, segments in order within a system.
    pub fn to_table(&self) -> ParquetTable {
        let n = self.segments;
        let rows = n * self.systems.len();
        let mut system = Vec::with_capacity(rows);
        let mut segment = Vec::with_capacity(rows);
        let mut document = Vec::with_capacity(rows);
        for entry in &self.systems {
            for i in 0..n {
                system.push(entry.name.clone());
                segment.push((self.first_segment + i) as i64);
                document.push(self.documents.as_ref().map(|d| d[i].clone()));
            }
        }
        let mut columns = vec![
            (COLUMN_SYSTEM.to_string(), ColumnValues::Text(system)),
            (COLUMN_SEGMENT.to_string(), ColumnValues::Int64(segment)),
            (
                COLUMN_DOCUMENT.to_string(),
                ColumnValues::OptionalText(document),
            ),
        ];
        let mut entries = Vec::new();
        for statistics in &self.metrics {
            let name = statistics.metric.name();
            let prefix = column_prefix(&name);
            for (c, column) in statistics.metric.statistic_columns().iter().enumerate() {
                let values = statistics
                    .systems
                    .iter()
                    .flat_map(|matrix| (0..n).map(move |i| matrix.value(i, c)));
                let values = if column.integer {
                    ColumnValues::Int64(values.map(|v| v as i64).collect())
                } else {
                    ColumnValues::Float64(values.collect())
                };
                columns.push((format!("{prefix}.{}", column.name), values));
            }
            entries.push(MetricEntry {
                name,
                prefix,
                configuration: Configuration::of(&statistics.metric),
                signature: statistics.signature.format(false),
            });
        }
        let reading = ReadingEntry {
            normalize: self.reading.normalization.map(|n| n.name().to_string()),
            strip_bom: self.reading.strip_bom,
        };
        let mut metadata = vec![
            (KEY_FORMAT, FORMAT_VERSION.to_string()),
            (KEY_VERSION, super::signature::VERSION.to_string()),
            (KEY_REFERENCES, self.references.to_string()),
            (KEY_READING, json(&reading)),
            (KEY_SYSTEMS, json(&self.systems)),
            (KEY_METRICS, json(&entries)),
            (
                KEY_SEGMENT_IDS,
                match self.segment_ids {
                    SegmentIds::Local => "local",
                    SegmentIds::Global => "global",
                }
                .to_string(),
            ),
        ];
        if let Some(identity) = &self.identity {
            metadata.push((KEY_REFERENCES_SHA256, identity.references_sha256.clone()));
            metadata.push((KEY_SEGMENTS_SHA256, identity.segments_sha256.clone()));
        }
        ParquetTable {
            columns,
            metadata: metadata
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }

    /// Reads the statistics of a table read from `path`, checking that it is complete and
    /// that this mteval computes the same signatures from the recorded configurations.
    pub fn from_table(path: &Path, table: &ParquetTable) -> Result<Self> {
        let reader = TableReader { path, table };
        let format = reader.metadata(KEY_FORMAT)?;
        if format != FORMAT_VERSION {
            return Err(reader.malformed(format!(
                "statistics file format {format} (written by {}); this mteval reads format {FORMAT_VERSION}",
                table.metadata_value(KEY_VERSION).unwrap_or("an unknown mteval")
            )));
        }
        let references_text = reader.metadata(KEY_REFERENCES)?;
        let references: usize = references_text
            .parse()
            .map_err(|e: std::num::ParseIntError| {
                reader.invalid_metadata(KEY_REFERENCES, references_text, e.to_string())
            })?;
        let reading: ReadingEntry = reader.json_metadata(KEY_READING)?;
        let reading = ReadOptions {
            normalization: reading
                .normalize
                .as_deref()
                .map(Normalization::from_name)
                .transpose()?,
            strip_bom: reading.strip_bom,
        };
        let systems: Vec<SystemEntry> = reader.json_metadata(KEY_SYSTEMS)?;
        let entries: Vec<MetricEntry> = reader.json_metadata(KEY_METRICS)?;
        let segment_ids = match reader.metadata(KEY_SEGMENT_IDS)? {
            "local" => SegmentIds::Local,
            "global" => SegmentIds::Global,
            other => {
                return Err(reader.invalid_metadata(
                    KEY_SEGMENT_IDS,
                    other,
                    "local or global".to_string(),
                ))
            }
        };
        let identity = match (
            table.metadata_value(KEY_REFERENCES_SHA256),
            table.metadata_value(KEY_SEGMENTS_SHA256),
        ) {
            (Some(references), Some(segments)) => Some(SegmentIdentity {
                references_sha256: references.to_string(),
                segments_sha256: segments.to_string(),
            }),
            _ => None,
        };
        let keys = reader.segment_keys(&systems)?;
        let metrics = entries
            .into_iter()
            .map(|entry| reader.metric_statistics(entry, references, &reading, &keys))
            .collect::<Result<Vec<_>>>()?;
        Ok(StatisticsFile {
            systems,
            references,
            reading,
            segment_ids,
            first_segment: keys.first_segment,
            segments: keys.segments,
            documents: keys.documents,
            metrics,
            identity,
        })
    }
}

/// The segments of a statistics table, as its key columns give them.
struct SegmentKeys {
    systems: usize,
    segments: usize,
    first_segment: usize,
    /// Document ids of every segment, or none (a null anywhere means the input had none).
    documents: Option<Vec<String>>,
}

/// A statistics table being read back, with the file it came from for error messages.
struct TableReader<'a> {
    path: &'a Path,
    table: &'a ParquetTable,
}

impl TableReader<'_> {
    fn malformed(&self, reason: String) -> Error {
        Error::malformed_file(self.path, reason)
    }

    fn invalid_metadata(&self, key: &str, text: &str, error: String) -> Error {
        self.malformed(format!("metadata {key} {text:?} is not valid: {error}"))
    }

    fn metadata(&self, key: &str) -> Result<&str> {
        self.table.metadata_value(key).ok_or_else(|| {
            self.malformed(format!(
                "no {key} metadata: not a statistics file written by `mteval score --emit-stats`"
            ))
        })
    }

    fn json_metadata<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<T> {
        let text = self.metadata(key)?;
        serde_json::from_str(text).map_err(|e| self.invalid_metadata(key, text, e.to_string()))
    }

    fn column(&self, name: &str) -> Result<&ColumnValues> {
        self.table
            .column(name)
            .ok_or_else(|| self.malformed(format!("no column {name:?}")))
    }

    fn wrong_type(&self, name: &str, expected: &str) -> Error {
        self.malformed(format!("column {name:?} is not of type {expected}"))
    }

    /// Checks the system, segment and document columns: rows go system by system in the
    /// order of `systems`, segments in order with consecutive ids.
    fn segment_keys(&self, systems: &[SystemEntry]) -> Result<SegmentKeys> {
        if systems.is_empty() {
            return Err(self.malformed("the file lists no systems".to_string()));
        }
        let rows = self.table.rows();
        if !rows.is_multiple_of(systems.len()) {
            return Err(self.malformed(format!(
                "{rows} rows are not the same number of segments for each of {} systems",
                systems.len()
            )));
        }
        let segments = rows / systems.len();
        let ColumnValues::Text(system_column) = self.column(COLUMN_SYSTEM)? else {
            return Err(self.wrong_type(COLUMN_SYSTEM, "string"));
        };
        let ColumnValues::Int64(segment_column) = self.column(COLUMN_SEGMENT)? else {
            return Err(self.wrong_type(COLUMN_SEGMENT, "int64"));
        };
        let ColumnValues::OptionalText(document_column) = self.column(COLUMN_DOCUMENT)? else {
            return Err(self.wrong_type(COLUMN_DOCUMENT, "optional string"));
        };
        let first_segment = match segment_column.first() {
            Some(&first) if first >= 1 => first as usize,
            Some(&first) => return Err(self.malformed(format!("segment id {first} is below 1"))),
            None => 1,
        };
        for (s, system) in systems.iter().enumerate() {
            for i in 0..segments {
                let row = s * segments + i;
                if system_column[row] != system.name
                    || segment_column[row] != (first_segment + i) as i64
                    || document_column[row] != document_column[i]
                {
                    return Err(self.malformed(format!(
                        "row {} is ({:?}, {}, {:?}) where ({:?}, {}, {:?}) belongs: rows go system by system \
                         in the order of the mteval.systems metadata, segments in order with consecutive ids",
                        row + 1,
                        system_column[row],
                        segment_column[row],
                        document_column[row],
                        system.name,
                        first_segment + i,
                        document_column[i],
                    )));
                }
            }
        }
        let documents: Option<Vec<String>> = document_column[..segments].iter().cloned().collect();
        Ok(SegmentKeys {
            systems: systems.len(),
            segments,
            first_segment,
            documents: documents.filter(|ids| !ids.is_empty()),
        })
    }

    /// One metric's statistics, its configuration checked against the signature it was
    /// written with.
    fn metric_statistics(
        &self,
        entry: MetricEntry,
        references: usize,
        reading: &ReadOptions,
        keys: &SegmentKeys,
    ) -> Result<MetricStatistics> {
        let metric = entry.configuration.metric()?;
        let mut signature = metric.signature(references);
        signature.push_reading(reading);
        if signature.format(false) != entry.signature {
            return Err(self.malformed(format!(
                "{} was computed with signature {}, but this mteval's signature for the same \
                 configuration is {}; merge the file with the mteval that wrote it",
                entry.name,
                entry.signature,
                signature.format(false)
            )));
        }
        let columns = metric
            .statistic_columns()
            .iter()
            .map(|c| {
                let name = format!("{}.{}", entry.prefix, c.name);
                match (self.column(&name)?, c.integer) {
                    (ColumnValues::Int64(values), true) => {
                        Ok(values.iter().map(|&v| v as f64).collect())
                    }
                    (ColumnValues::Float64(values), false) => Ok(values.clone()),
                    _ => Err(self.wrong_type(&name, if c.integer { "int64" } else { "float64" })),
                }
            })
            .collect::<Result<Vec<Vec<f64>>>>()?;
        let width = columns.len();
        let segments = keys.segments;
        let systems = (0..keys.systems)
            .map(|s| {
                let mut matrix = StatsMatrix::with_capacity(width, segments);
                let mut row = Vec::with_capacity(width);
                for i in s * segments..(s + 1) * segments {
                    row.clear();
                    row.extend(columns.iter().map(|column| column[i]));
                    matrix.push_row(&row);
                }
                matrix
            })
            .collect();
        Ok(MetricStatistics {
            metric,
            signature,
            systems,
        })
    }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("metadata serializes to JSON")
}

/// SHA-256 of `seg_id<TAB>doc_id<LF>` per segment (an empty doc id without document ids).
fn segments_digest(first: usize, segments: usize, documents: Option<&[String]>) -> String {
    let mut digest = Sha256::new();
    for i in 0..segments {
        let document = documents.map_or("", |d| d[i].as_str());
        digest.update(format!("{}\t{document}\n", first + i).as_bytes());
    }
    format!("{:x}", digest.finalize())
}
