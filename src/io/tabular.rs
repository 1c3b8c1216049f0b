//! Tabular corpora: a TSV file with a header row, or JSON Lines (one object per line), whose
//! columns are picked by name — source, references, system outputs, document ids, domains.
//! TSV fields are split on tabs only (no quoting, so quotes in the text stay as they are);
//! JSONL values must be strings (numbers are taken as their text, `null` as empty).

use crate::error::{Error, Result, Setting};
use crate::io::plain::{read_bytes, utf8_text_without_bom};
use crate::io::Normalization;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A table read from a TSV or JSONL file: named columns of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub path: PathBuf,
    /// Column names in file order (JSONL: the key order of the first object).
    pub columns: Vec<String>,
    /// `rows[r][c]` is column `c` of data row `r`.
    pub rows: Vec<Vec<String>>,
    /// The file line of every data row (for error messages).
    pub lines: Vec<usize>,
}

/// Tabular formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Tsv,
    Jsonl,
}

/// Column names read as document ids, domains and the source, when present.
pub const DOCUMENT_ID_COLUMNS: &[&str] = &["doc_id", "docid", "doc", "document"];
pub const DOMAIN_COLUMNS: &[&str] = &["domain"];
pub const SOURCE_COLUMNS: &[&str] = &["src", "source"];

impl Table {
    /// Index of a column, by exact name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// One column's values, or an error listing the columns there are.
    pub fn column(&self, name: &str, setting: Setting) -> Result<Vec<String>> {
        let index = self.column_index(name).ok_or_else(|| {
            Error::invalid_option(
                setting,
                name,
                format!(
                    "{} has no column {name:?}; its columns are {}",
                    self.path.display(),
                    self.columns.join(", ")
                ),
            )
        })?;
        Ok(self.rows.iter().map(|row| row[index].clone()).collect())
    }

    /// The first of `names` that is a column.
    pub fn find_column(&self, names: &[&str]) -> Option<String> {
        names
            .iter()
            .find(|name| self.column_index(name).is_some())
            .map(|name| name.to_string())
    }

    /// Reference columns: the given names, else every column whose name starts with `ref`.
    pub fn reference_columns(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter(|c| c.to_ascii_lowercase().starts_with("ref"))
            .cloned()
            .collect()
    }

    /// System columns: every column that is not a reference, source, document or domain column.
    pub fn system_columns(&self) -> Vec<String> {
        let reserved = |c: &str| {
            let lower = c.to_ascii_lowercase();
            lower.starts_with("ref")
                || SOURCE_COLUMNS.contains(&lower.as_str())
                || DOCUMENT_ID_COLUMNS.contains(&lower.as_str())
                || DOMAIN_COLUMNS.contains(&lower.as_str())
                || lower == "id"
                || lower == "seg_id"
                || lower == "segment"
        };
        self.columns
            .iter()
            .filter(|c| !reserved(c))
            .cloned()
            .collect()
    }
}

/// The format by file name (`.tsv`, `.jsonl`, `.ndjson`, optionally `.gz`), else by content: a
/// first non-blank character `{` means JSONL.
pub fn detect_format(path: &Path, body: &str) -> TableFormat {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        TableFormat::Jsonl
    } else if name.ends_with(".tsv") {
        TableFormat::Tsv
    } else if body.trim_start().starts_with('{') {
        TableFormat::Jsonl
    } else {
        TableFormat::Tsv
    }
}

/// Reads a TSV or JSONL table (optionally gzip-compressed); ragged rows, bad JSON, missing keys
/// and a table without rows are [`Error::Malformed`] with the line.
pub fn read_table(path: &Path, normalization: Option<Normalization>) -> Result<Table> {
    parse_table_bytes(path, &read_bytes(path)?, normalization)
}

/// [`read_table`] on the (decompressed) bytes of the file `path` names in messages (its
/// extension chooses TSV or JSONL as for a file).
pub fn parse_table_bytes(
    path: &Path,
    bytes: &[u8],
    normalization: Option<Normalization>,
) -> Result<Table> {
    let text = utf8_text_without_bom(path, bytes)?;
    let mut table = match detect_format(path, text) {
        TableFormat::Tsv => parse_tsv(path, text)?,
        TableFormat::Jsonl => parse_jsonl(path, text)?,
    };
    if table.rows.is_empty() {
        return Err(Error::malformed(
            path.to_path_buf(),
            1,
            "the table has a header but no rows (no segments)".to_string(),
        ));
    }
    if let Some(normalization) = normalization {
        for row in &mut table.rows {
            for cell in row.iter_mut() {
                *cell = normalization.apply(cell);
            }
        }
    }
    Ok(table)
}

fn malformed(path: &Path, line: usize, reason: impl Into<String>) -> Error {
    Error::malformed(path.to_path_buf(), line, reason.into())
}

fn check_unique(path: &Path, columns: &[String]) -> Result<()> {
    for (i, column) in columns.iter().enumerate() {
        if columns[..i].contains(column) {
            return Err(malformed(
                path,
                1,
                format!("column {column:?} appears twice"),
            ));
        }
    }
    Ok(())
}

fn parse_tsv(path: &Path, text: &str) -> Result<Table> {
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix('\r').unwrap_or(line)));
    let Some((_, header)) = lines.next().filter(|(_, h)| !h.trim().is_empty()) else {
        return Err(malformed(
            path,
            1,
            "empty table: a header row naming the columns is needed",
        ));
    };
    let columns: Vec<String> = header.split('\t').map(|c| c.trim().to_string()).collect();
    check_unique(path, &columns)?;
    let mut table = Table {
        path: path.to_path_buf(),
        columns,
        rows: Vec::new(),
        lines: Vec::new(),
    };
    let all: Vec<(usize, &str)> = lines.collect();
    let last_content = all
        .iter()
        .rposition(|(_, l)| !l.is_empty())
        .map_or(0, |p| p + 1);
    for &(number, line) in &all[..last_content] {
        let fields: Vec<String> = line.split('\t').map(str::to_string).collect();
        if fields.len() != table.columns.len() {
            return Err(malformed(
                path,
                number,
                format!(
                    "{} tab-separated fields but the header has {} columns",
                    fields.len(),
                    table.columns.len()
                ),
            ));
        }
        table.rows.push(fields);
        table.lines.push(number);
    }
    Ok(table)
}

/// A JSON object with its keys in file order.
struct OrderedObject(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for OrderedObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = OrderedObject;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedObject, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    entries.push((key, value));
                }
                Ok(OrderedObject(entries))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

fn parse_jsonl(path: &Path, text: &str) -> Result<Table> {
    let mut table = Table {
        path: path.to_path_buf(),
        columns: Vec::new(),
        rows: Vec::new(),
        lines: Vec::new(),
    };
    for (i, line) in text.split('\n').enumerate() {
        let number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let object: OrderedObject = serde_json::from_str(line)
            .map_err(|e| malformed(path, number, format!("not a JSON object: {e}")))?;
        if table.columns.is_empty() {
            table.columns = object.0.iter().map(|(k, _)| k.clone()).collect();
            check_unique(path, &table.columns)?;
        }
        let mut row = Vec::with_capacity(table.columns.len());
        for column in &table.columns {
            let value = object
                .0
                .iter()
                .find(|(k, _)| k == column)
                .map(|(_, v)| v)
                .ok_or_else(|| {
                    malformed(
                        path,
                        number,
                        format!("no key {column:?} (the first line has it)"),
                    )
                })?;
            row.push(match value {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => {
                    return Err(malformed(
                        path,
                        number,
                        format!("key {column:?} holds a list or object; segments must be strings"),
                    ))
                }
            });
        }
        table.rows.push(row);
        table.lines.push(number);
    }
    if table.columns.is_empty() {
        return Err(malformed(
            path,
            1,
            "no JSON objects: the file holds no segments",
        ));
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_columns_by_name() {
        let table = parse_tsv(
            Path::new("c.tsv"),
            "doc_id\tsrc\tref\tVendorA\tVendorB\r\nd1\tHallo\tHello\tHi\t\"Hello\"\n\n",
        )
        .unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(
            table.column("VendorB", Setting::Systems).unwrap(),
            vec!["\"Hello\""]
        );
        assert_eq!(table.reference_columns(), vec!["ref"]);
        assert_eq!(table.system_columns(), vec!["VendorA", "VendorB"]);
        assert_eq!(
            table.find_column(DOCUMENT_ID_COLUMNS).as_deref(),
            Some("doc_id")
        );
        let err = table
            .column("VendorC", Setting::Systems)
            .unwrap_err()
            .to_string();
        assert!(err.contains("its columns are doc_id, src"), "{err}");
    }

    #[test]
    fn ragged_tsv_names_the_line() {
        let err = parse_tsv(Path::new("c.tsv"), "ref\thyp\na\tb\nc\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "c.tsv:3: 1 tab-separated fields but the header has 2 columns"
        );
    }

    #[test]
    fn jsonl_keeps_key_order_and_checks_keys() {
        let table = parse_jsonl(
            Path::new("c.jsonl"),
            "{\"ref\": \"a\", \"zeta\": \"b\", \"alpha\": null}\n{\"alpha\": 3, \"zeta\": \"d\", \"ref\": \"c\"}\n",
        )
        .unwrap();
        assert_eq!(table.columns, vec!["ref", "zeta", "alpha"]);
        assert_eq!(table.rows[1], vec!["c", "d", "3"]);
        let err = parse_jsonl(Path::new("c.jsonl"), "{\"ref\": \"a\"}\n{\"hyp\": \"b\"}\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.jsonl:2: no key \"ref\""), "{err}");
        let err = parse_jsonl(Path::new("c.jsonl"), "{\"ref\": \"a\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.jsonl:1: not a JSON object"), "{err}");
    }
}
