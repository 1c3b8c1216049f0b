//! Parquet tables in memory: named, typed columns (text, optional text, 64-bit integers,
//! 64-bit floats) and string key-value metadata, written and read with the `parquet` crate's
//! column API (Snappy-compressed, so Spark, DuckDB and pandas read the files as they are).
//! Nothing here knows what the columns mean.

use crate::error::{Error, Result, Setting};
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::column::reader::ColumnReader;
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::format::KeyValue;
use parquet::schema::types::Type;
use std::cell::Cell;
use std::path::Path;
use std::sync::{Arc, Once};

/// Rows per row group: large enough for good compression, small enough that a reader can
/// split a big file.
const ROW_GROUP_ROWS: usize = 1 << 20;

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnValues {
    /// UTF-8 strings, never null.
    Text(Vec<String>),
    /// UTF-8 strings or nulls.
    OptionalText(Vec<Option<String>>),
    /// 64-bit signed integers, never null.
    Int64(Vec<i64>),
    /// 64-bit floats, never null.
    Float64(Vec<f64>),
}

impl ColumnValues {
    /// Number of values (rows).
    pub fn len(&self) -> usize {
        match self {
            ColumnValues::Text(v) => v.len(),
            ColumnValues::OptionalText(v) => v.len(),
            ColumnValues::Int64(v) => v.len(),
            ColumnValues::Float64(v) => v.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn type_name(&self) -> &'static str {
        match self {
            ColumnValues::Text(_) => "string",
            ColumnValues::OptionalText(_) => "optional string",
            ColumnValues::Int64(_) => "int64",
            ColumnValues::Float64(_) => "float64",
        }
    }

    fn schema_type(&self, name: &str) -> Result<Type> {
        let (physical, repetition, string) = match self {
            ColumnValues::Text(_) => (PhysicalType::BYTE_ARRAY, Repetition::REQUIRED, true),
            ColumnValues::OptionalText(_) => (PhysicalType::BYTE_ARRAY, Repetition::OPTIONAL, true),
            ColumnValues::Int64(_) => (PhysicalType::INT64, Repetition::REQUIRED, false),
            ColumnValues::Float64(_) => (PhysicalType::DOUBLE, Repetition::REQUIRED, false),
        };
        Type::primitive_type_builder(name, physical)
            .with_repetition(repetition)
            .with_logical_type(string.then_some(LogicalType::String))
            .build()
            .map_err(|e| Error::invalid_option(Setting::StatisticsFiles, name, e.to_string()))
    }
}

/// Named columns of equal length and the file's key-value metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParquetTable {
    pub columns: Vec<(String, ColumnValues)>,
    pub metadata: Vec<(String, String)>,
}

impl ParquetTable {
    /// Number of rows (of the first column; all have the same).
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, values)| values.len())
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnValues> {
        self.columns
            .iter()
            .find(|(column, _)| column == name)
            .map(|(_, values)| values)
    }

    /// The metadata value of `key`.
    pub fn metadata_value(&self, key: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Writes `table` to `path` (replacing it); the file is complete or not written at all.
pub fn write_parquet(path: &Path, table: &ParquetTable) -> Result<()> {
    let temporary = path.with_extension("parquet.partial");
    let written = write_to(&temporary, table, ROW_GROUP_ROWS)
        .and_then(|()| std::fs::rename(&temporary, path).map_err(|e| Error::io(path, e)));
    if written.is_err() {
        // Best effort: the error being returned is the one that matters.
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn write_to(path: &Path, table: &ParquetTable, group_rows: usize) -> Result<()> {
    let parquet_error =
        |e: parquet::errors::ParquetError| Error::io(path, std::io::Error::other(e.to_string()));
    let rows = table.rows();
    if let Some((name, values)) = table.columns.iter().find(|(_, v)| v.len() != rows) {
        return Err(Error::invalid_option(
            Setting::StatisticsFiles,
            name,
            format!("has {} rows, the table {rows}", values.len()),
        ));
    }
    let fields = table
        .columns
        .iter()
        .map(|(name, values)| values.schema_type(name).map(Arc::new))
        .collect::<Result<Vec<_>>>()?;
    let schema = Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
        .map_err(parquet_error)?;
    let metadata = table
        .metadata
        .iter()
        .map(|(key, value)| KeyValue::new(key.clone(), value.clone()))
        .collect();
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_size(group_rows)
        .set_key_value_metadata(Some(metadata))
        .build();
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut writer = SerializedFileWriter::new(
        std::io::BufWriter::new(file),
        Arc::new(schema),
        Arc::new(properties),
    )
    .map_err(parquet_error)?;
    for start in (0..rows).step_by(group_rows) {
        let end = (start + group_rows).min(rows);
        let mut group = writer.next_row_group().map_err(parquet_error)?;
        for (_, values) in &table.columns {
            let mut column = group
                .next_column()
                .map_err(parquet_error)?
                .expect("one column writer per schema field");
            write_column(column.untyped(), values, start..end).map_err(parquet_error)?;
            column.close().map_err(parquet_error)?;
        }
        group.close().map_err(parquet_error)?;
    }
    writer.close().map_err(parquet_error)?;
    Ok(())
}

fn write_column(
    writer: &mut ColumnWriter<'_>,
    values: &ColumnValues,
    rows: std::ops::Range<usize>,
) -> parquet::errors::Result<()> {
    let bytes = |text: &str| ByteArray::from(text.as_bytes().to_vec());
    match (writer, values) {
        (ColumnWriter::ByteArrayColumnWriter(w), ColumnValues::Text(v)) => {
            let data: Vec<ByteArray> = v[rows].iter().map(|s| bytes(s)).collect();
            w.write_batch(&data, None, None)?;
        }
        (ColumnWriter::ByteArrayColumnWriter(w), ColumnValues::OptionalText(v)) => {
            let slice = &v[rows];
            let data: Vec<ByteArray> = slice.iter().flatten().map(|s| bytes(s)).collect();
            let levels: Vec<i16> = slice.iter().map(|s| i16::from(s.is_some())).collect();
            w.write_batch(&data, Some(&levels), None)?;
        }
        (ColumnWriter::Int64ColumnWriter(w), ColumnValues::Int64(v)) => {
            w.write_batch(&v[rows], None, None)?;
        }
        (ColumnWriter::DoubleColumnWriter(w), ColumnValues::Float64(v)) => {
            w.write_batch(&v[rows], None, None)?;
        }
        _ => unreachable!("the schema is built from the same column values"),
    }
    Ok(())
}

/// Reads a whole Parquet file of text, optional text, int64 and float64 columns (other
/// column types are an error naming the column). A damaged file is an error naming it, also
/// where the `parquet` crate's decoders panic on it: the panic is caught, and its message is not
/// printed (other panics still reach the panic hook that was installed before).
pub fn read_parquet(path: &Path) -> Result<ParquetTable> {
    let _quiet = QuietDecoderPanics::enter();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_table(path))).unwrap_or_else(
        |panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::malformed_file(
                path,
                format!("not a readable Parquet file: the decoder failed ({message})"),
            ))
        },
    )
}

thread_local! {
    /// Whether this thread is inside [`read_parquet`], whose decoder panics are caught.
    static DECODING: Cell<bool> = const { Cell::new(false) };
}

/// While alive, panics on this thread are not printed. The first use wraps the process's panic
/// hook once in a hook that stays silent on threads inside [`read_parquet`] and calls the
/// previous hook everywhere else.
struct QuietDecoderPanics {
    was_decoding: bool,
}

impl QuietDecoderPanics {
    fn enter() -> Self {
        static WRAP_HOOK: Once = Once::new();
        WRAP_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !DECODING.with(Cell::get) {
                    previous(info);
                }
            }));
        });
        QuietDecoderPanics {
            was_decoding: DECODING.with(|decoding| decoding.replace(true)),
        }
    }
}

impl Drop for QuietDecoderPanics {
    fn drop(&mut self) {
        DECODING.with(|decoding| decoding.set(self.was_decoding));
    }
}

fn read_table(path: &Path) -> Result<ParquetTable> {
    let malformed = |reason: String| Error::malformed_file(path, reason);
    let parquet_error =
        |e: parquet::errors::ParquetError| malformed(format!("not a readable Parquet file: {e}"));
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = SerializedFileReader::new(file).map_err(parquet_error)?;
    let metadata = reader.metadata();
    let file_metadata = metadata.file_metadata();
    let schema = file_metadata.schema_descr();
    let mut columns: Vec<(String, ColumnValues)> = schema
        .columns()
        .iter()
        .map(|column| {
            let name = column.name().to_string();
            let optional = column.max_def_level() > 0;
            let values = match (column.physical_type(), optional) {
                (PhysicalType::BYTE_ARRAY, false) => ColumnValues::Text(Vec::new()),
                (PhysicalType::BYTE_ARRAY, true) => ColumnValues::OptionalText(Vec::new()),
                (PhysicalType::INT64, false) => ColumnValues::Int64(Vec::new()),
                (PhysicalType::DOUBLE, false) => ColumnValues::Float64(Vec::new()),
                (physical, _) => {
                    return Err(malformed(format!(
                        "column {name:?} has type {physical}{}, which mteval does not read",
                        if optional { " (nullable)" } else { "" }
                    )))
                }
            };
            Ok((name, values))
        })
        .collect::<Result<_>>()?;
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g).map_err(parquet_error)?;
        let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
        for (c, (name, values)) in columns.iter_mut().enumerate() {
            let column = group.get_column_reader(c).map_err(parquet_error)?;
            read_column(column, values, rows)
                .map_err(|e| malformed(format!("column {name:?}: {e}")))?;
        }
    }
    let rows = columns.first().map_or(0, |(_, v)| v.len());
    if let Some((name, values)) = columns.iter().find(|(_, v)| v.len() != rows) {
        return Err(malformed(format!(
            "column {name:?} ({}) has {} values, the table {rows} rows",
            values.type_name(),
            values.len()
        )));
    }
    let metadata = file_metadata
        .key_value_metadata()
        .map(|pairs| {
            pairs
                .iter()
                .map(|kv| (kv.key.clone(), kv.value.clone().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    Ok(ParquetTable { columns, metadata })
}

fn read_column(column: ColumnReader, values: &mut ColumnValues, rows: usize) -> Result<(), String> {
    let text = |bytes: &ByteArray| -> Result<String, String> {
        crate::text::utf8::from_utf8(bytes.data())
            .map(str::to_string)
            .map_err(|e| format!("invalid UTF-8: {e}"))
    };
    let error = |e: parquet::errors::ParquetError| e.to_string();
    match (column, values) {
        (ColumnReader::ByteArrayColumnReader(mut r), ColumnValues::Text(out)) => {
            let mut data = Vec::with_capacity(rows);
            r.read_records(rows, None, None, &mut data).map_err(error)?;
            for bytes in &data {
                out.push(text(bytes)?);
            }
        }
        (ColumnReader::ByteArrayColumnReader(mut r), ColumnValues::OptionalText(out)) => {
            let (mut data, mut levels) = (Vec::new(), Vec::with_capacity(rows));
            r.read_records(rows, Some(&mut levels), None, &mut data)
                .map_err(error)?;
            let mut present = data.iter();
            for level in levels {
                out.push(match level {
                    0 => None,
                    _ => Some(text(present.next().ok_or("fewer values than levels")?)?),
                });
            }
        }
        (ColumnReader::Int64ColumnReader(mut r), ColumnValues::Int64(out)) => {
            r.read_records(rows, None, None, out).map_err(error)?;
        }
        (ColumnReader::DoubleColumnReader(mut r), ColumnValues::Float64(out)) => {
            r.read_records(rows, None, None, out).map_err(error)?;
        }
        _ => return Err("the column's type changed between row groups".to_string()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_as_written_across_row_groups() {
        let rows = 23;
        let table = ParquetTable {
            columns: vec![
                (
                    "name".to_string(),
                    ColumnValues::Text((0..rows).map(|i| format!("s{}", i % 3)).collect()),
                ),
                (
                    "doc".to_string(),
                    ColumnValues::OptionalText(
                        (0..rows)
                            .map(|i| (i % 2 == 0).then(|| format!("d{i}")))
                            .collect(),
                    ),
                ),
                (
                    "m.count".to_string(),
                    ColumnValues::Int64((0..rows as i64).map(|i| i * 7 - 5).collect()),
                ),
                (
                    "m.length".to_string(),
                    ColumnValues::Float64((0..rows).map(|i| i as f64 / 3.0).collect()),
                ),
            ],
            metadata: vec![("format".to_string(), "1".to_string())],
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        write_to(&path, &table, 5).unwrap();
        let back = read_parquet(&path).unwrap();
        assert_eq!(back, table);
        assert_eq!(back.metadata_value("format"), Some("1"));
    }

    /// `damaged-page.parquet`: a statistics file of `tests/data/readme.*` with four bytes of a
    /// data page overwritten, on which the `parquet` crate's bit unpacker asserts.
    #[test]
    fn a_file_the_decoder_panics_on_is_an_error_naming_it() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/statistics/damaged-page.parquet");
        let message = read_parquet(&path).unwrap_err().to_string();
        assert!(
            message.contains("damaged-page.parquet: not a readable Parquet file"),
            "{message}"
        );
    }

    #[test]
    fn a_written_file_replaces_the_old_one_whole() {
        let table = ParquetTable {
            columns: vec![("n".to_string(), ColumnValues::Int64(vec![1, 2]))],
            metadata: Vec::new(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        std::fs::write(&path, "old").unwrap();
        write_parquet(&path, &table).unwrap();
        assert_eq!(read_parquet(&path).unwrap(), table);
        assert!(!dir.path().join("t.parquet.partial").exists());
    }

    #[test]
    fn a_file_that_is_not_parquet_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.parquet");
        std::fs::write(&path, "system,seg_id\n").unwrap();
        let message = read_parquet(&path).unwrap_err().to_string();
        assert!(message.contains("x.parquet") && message.contains("not a readable Parquet"));
    }
}
