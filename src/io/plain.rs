//! Plain-text segment files: one segment per line, read the way the sacreBLEU CLI reads them
//! (only LF ends a line; every line is `rstrip()`ped with Python's whitespace set).

use crate::error::{Error, Result};
use crate::text::python_rstrip;
use std::io::Read;
use std::path::{Path, PathBuf};
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
                "--normalize",
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

/// The segments of one file, with warnings about what was repaired while reading.
#[derive(Debug, Clone)]
pub struct TextFile {
    pub path: PathBuf,
    pub segments: Vec<String>,
    pub warnings: Vec<String>,
}

pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const GZIP_MAGIC: &[u8] = b"\x1F\x8B";

/// The bytes of a file, gunzipped when it starts with gzip's magic bytes.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if !raw.starts_with(GZIP_MAGIC) {
        return Ok(raw);
    }
    let mut decompressed = Vec::with_capacity(raw.len() * 4);
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .read_to_end(&mut decompressed)
        .map_err(|e| Error::io(path, e))?;
    Ok(decompressed)
}

/// Reads a segment file (gzip detected by its magic bytes). A UTF-8 BOM is stripped with a
/// warning; an empty file, or invalid UTF-8, is an error naming the file and line.
pub fn read_segments(path: &Path, normalization: Option<Normalization>) -> Result<TextFile> {
    let bytes = read_bytes(path)?;
    let mut warnings = Vec::new();
    let mut body = bytes.as_slice();
    if let Some(rest) = body.strip_prefix(UTF8_BOM) {
        warnings.push(format!(
            "{}: removed the UTF-8 byte order mark at the start of the file",
            path.display()
        ));
        body = rest;
    }
    if body.is_empty() {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    let mut segments = Vec::new();
    let mut inner_carriage_returns = 0usize;
    let mut first_inner_cr_line = 0usize;
    for (index, line) in body.split(|&b| b == b'\n').enumerate() {
        let line = std::str::from_utf8(line).map_err(|e| Error::InvalidUtf8 {
            path: path.to_path_buf(),
            line: index + 1,
            byte: e.valid_up_to() + 1,
        })?;
        let line = python_rstrip(line);
        if line.contains('\r') {
            inner_carriage_returns += 1;
            if first_inner_cr_line == 0 {
                first_inner_cr_line = index + 1;
            }
        }
        segments.push(match normalization {
            Some(normalization) => normalization.apply(line),
            None => line.to_string(),
        });
    }
    if inner_carriage_returns > 0 {
        warnings.push(format!(
            "{}:{first_inner_cr_line}: {inner_carriage_returns} line(s) contain a carriage return (CR) \
             inside the line; it counts as whitespace, as in sacreBLEU (convert old Mac line ends with `tr '\\r' '\\n'`)",
            path.display()
        ));
    }
    Ok(TextFile {
        path: path.to_path_buf(),
        segments,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_with(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file
    }

    #[test]
    fn reads_lines_like_sacrebleu() {
        let file = file_with(b"a b \r\n\nc\x1f\rd\n");
        let text = read_segments(file.path(), None).unwrap();
        assert_eq!(text.segments, vec!["a b", "", "c\x1f\rd"]);
        assert_eq!(text.warnings.len(), 1);
        assert!(text.warnings[0].contains(":3:"), "{:?}", text.warnings);
    }

    #[test]
    fn strips_bom_with_warning() {
        let file = file_with(b"\xEF\xBB\xBFhello\n");
        let text = read_segments(file.path(), None).unwrap();
        assert_eq!(text.segments, vec!["hello"]);
        assert!(text.warnings[0].contains("byte order mark"));
    }

    #[test]
    fn reports_invalid_utf8_with_line() {
        let file = file_with(b"ok\nbad \xff here\n");
        let err = read_segments(file.path(), None).unwrap_err().to_string();
        assert!(err.contains(":2: invalid UTF-8 (byte 5"), "{err}");
    }

    #[test]
    fn empty_file_is_an_error() {
        let file = file_with(b"");
        let err = read_segments(file.path(), None).unwrap_err();
        assert!(matches!(err, Error::EmptyFile { .. }));
    }

    #[test]
    fn reads_gzip_and_normalizes() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all("e\u{301}\n".as_bytes()).unwrap();
        let file = file_with(&encoder.finish().unwrap());
        let text = read_segments(file.path(), Some(Normalization::Nfc)).unwrap();
        assert_eq!(text.segments, vec!["\u{e9}"]);
    }
}
