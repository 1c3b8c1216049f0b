//! Terminology glossaries for `mteval errors --glossary`: a CSV file (TAB-separated when the
//! name ends in `.tsv`) with one term per row, `source,target[,target…]`, where every target
//! column, or `|`-separated alternatives inside one, is an approved rendering. A first row
//! `source,target` is a header; empty rows and rows starting with `#` are skipped.

use crate::error::{Error, Result};
use crate::io::plain::read_bytes;
use std::path::{Path, PathBuf};

/// One term and its approved renderings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    pub source: String,
    pub targets: Vec<String>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    pub path: PathBuf,
    pub entries: Vec<GlossaryEntry>,
}

/// Reads a glossary file.
pub fn read_glossary(path: &Path) -> Result<Glossary> {
    let bytes = read_bytes(path)?;
    let delimiter = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"))
    {
        b'\t'
    } else {
        b','
    };
    parse_glossary(&bytes, delimiter, path)
}

/// Parses glossary bytes; `path` is used in messages.
pub fn parse_glossary(bytes: &[u8], delimiter: u8, path: &Path) -> Result<Glossary> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let malformed =
        |line: usize, reason: String| Error::malformed(path.to_path_buf(), line, reason);
    let mut entries = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(index + 1, |p| p.line() as usize);
            malformed(line, format!("not valid CSV: {e}"))
        })?;
        let line = record.position().map_or(index + 1, |p| p.line() as usize);
        let fields: Vec<String> = record
            .iter()
            .map(|field| {
                crate::text::utf8::from_utf8(field)
                    .map(|s| s.trim().to_string())
                    .map_err(|_| Error::invalid_utf8(path.to_path_buf(), line, 1))
            })
            .collect::<Result<_>>()?;
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if entries.is_empty()
            && fields.len() >= 2
            && fields[0].eq_ignore_ascii_case("source")
            && fields[1].eq_ignore_ascii_case("target")
        {
            continue;
        }
        let targets: Vec<String> = fields
            .iter()
            .skip(1)
            .flat_map(|field| field.split('|'))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        if fields[0].is_empty() || targets.is_empty() {
            return Err(malformed(
                line,
                "a glossary row needs a source term and at least one target term \
                 (`source,target[,target…]`)"
                    .to_string(),
            ));
        }
        entries.push(GlossaryEntry {
            source: fields[0].clone(),
            targets,
            line,
        });
    }
    Ok(Glossary {
        path: path.to_path_buf(),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_alternatives_header_and_comments() {
        let text = "source,target\n# a comment\nsummit,Gipfel|Gipfeltreffen\n\"sanctions, economic\",Wirtschaftssanktionen,Sanktionen\n\n";
        let glossary = parse_glossary(text.as_bytes(), b',', Path::new("g.csv")).unwrap();
        assert_eq!(glossary.entries.len(), 2);
        assert_eq!(glossary.entries[0].targets, vec!["Gipfel", "Gipfeltreffen"]);
        assert_eq!(glossary.entries[1].source, "sanctions, economic");
        assert_eq!(glossary.entries[1].targets.len(), 2);
    }

    #[test]
    fn a_row_without_target_is_a_located_error() {
        let err = parse_glossary(b"summit,Gipfel\nsanctions\n", b',', Path::new("g.csv"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("g.csv:2:"), "{err}");
    }
}
