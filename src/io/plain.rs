//! Plain-text segment files: one segment per line, read the way the sacreBLEU CLI reads them
//! (only LF ends a line; every line is `rstrip()`ped with Python's whitespace set; a byte order
//! mark stays part of the first segment). `-` names standard input.

use super::line_rules::{LineRules, GZIP_MAGIC, UTF8_BOM};
use super::read_options::ReadOptions;
use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The path that names standard input.
pub const STDIN_PATH: &str = "-";

/// The segments of one file, with warnings about what was repaired while reading.
#[derive(Debug, Clone)]
pub struct TextFile {
    pub path: PathBuf,
    pub segments: Vec<String>,
    pub warnings: Vec<String>,
}

/// A whole file's bytes as UTF-8 text without a leading byte order mark, or
/// [`Error::InvalidUtf8`] with the line and byte of the first invalid byte.
pub(crate) fn utf8_text_without_bom<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    utf8_text(path, bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes))
}

/// A whole file's bytes as UTF-8 text, or [`Error::InvalidUtf8`] with the line and byte of the
/// first invalid byte.
pub(crate) fn utf8_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    crate::text::utf8::from_utf8(bytes).map_err(|err| {
        let valid = &bytes[..err.valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        Error::invalid_utf8(
            path.to_path_buf(),
            valid.iter().filter(|&&b| b == b'\n').count() + 1,
            valid.len() - line_start + 1,
        )
    })
}

/// The bytes of a file (standard input for `-`), gunzipped when they start with gzip's magic
/// bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let raw = if path.as_os_str() == STDIN_PATH {
        let mut raw = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut raw)
            .map_err(|e| Error::io(path, e))?;
        raw
    } else {
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    };
    if !raw.starts_with(GZIP_MAGIC) {
        return Ok(raw);
    }
    let mut decompressed = Vec::with_capacity(raw.len() * 4);
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .read_to_end(&mut decompressed)
        .map_err(|e| Error::io(path, e))?;
    Ok(decompressed)
}

/// Reads a segment file (gzip detected by its magic bytes; `-` is standard input). A UTF-8 BOM
/// is kept, as sacreBLEU keeps it, with a warning, or removed with `options.strip_bom`; an
/// empty file, or invalid UTF-8, is an error naming the file and line.
pub fn read_segments(path: &Path, options: ReadOptions) -> Result<TextFile> {
    let bytes = read_bytes(path)?;
    segments_from_bytes(path, &bytes, options)
}

/// [`read_segments`] on bytes already read from `path`.
pub fn segments_from_bytes(path: &Path, bytes: &[u8], options: ReadOptions) -> Result<TextFile> {
    let mut rules = LineRules::new(path, options);
    let body = rules.file_start(bytes)?;
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    let segments = body
        .split(|&b| b == b'\n')
        .map(|line| rules.segment(line))
        .collect::<Result<Vec<String>>>()?;
    Ok(TextFile {
        path: path.to_path_buf(),
        segments,
        warnings: rules.into_warnings(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::io::Normalization;
    use std::io::Write;

    /// A temporary file holding `bytes`.
    pub(crate) fn file_with(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file
    }

    #[test]
    fn reads_lines_like_sacrebleu() {
        let file = file_with(b"a b \r\n\nc\x1f\rd\n");
        let text = read_segments(file.path(), ReadOptions::default()).unwrap();
        assert_eq!(text.segments, vec!["a b", "", "c\x1f\rd"]);
        assert_eq!(text.warnings.len(), 1);
        assert!(text.warnings[0].contains(":3:"), "{:?}", text.warnings);
    }

    #[test]
    fn keeps_bom_with_warning_like_sacrebleu() {
        let file = file_with(b"\xEF\xBB\xBFhello\n");
        let text = read_segments(file.path(), ReadOptions::default()).unwrap();
        assert_eq!(text.segments, vec!["\u{feff}hello"]);
        assert!(text.warnings[0].contains("byte order mark"));
        assert!(text.warnings[0].contains("--strip-bom"));
    }

    #[test]
    fn strip_bom_removes_it_silently_and_signs() {
        let file = file_with(b"\xEF\xBB\xBFhello\n");
        let options = ReadOptions {
            normalization: None,
            strip_bom: true,
        };
        let text = read_segments(file.path(), options).unwrap();
        assert_eq!(text.segments, vec!["hello"]);
        assert!(text.warnings.is_empty());
    }

    #[test]
    fn reports_invalid_utf8_with_line() {
        let file = file_with(b"ok\nbad \xff here\n");
        let err = read_segments(file.path(), ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(":2: invalid UTF-8 (byte 5"), "{err}");
    }

    #[test]
    fn empty_file_is_an_error() {
        let file = file_with(b"");
        let err = read_segments(file.path(), ReadOptions::default()).unwrap_err();
        assert!(matches!(err, Error::EmptyFile { .. }));
    }

    #[test]
    fn reads_gzip_and_normalizes() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all("e\u{301}\n".as_bytes()).unwrap();
        let file = file_with(&encoder.finish().unwrap());
        let text = read_segments(
            file.path(),
            ReadOptions {
                normalization: Some(Normalization::Nfc),
                strip_bom: false,
            },
        )
        .unwrap();
        assert_eq!(text.segments, vec!["\u{e9}"]);
    }
}
