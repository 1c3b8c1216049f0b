//! Plain-text segment files: one segment per line, read the way the sacreBLEU CLI reads them
//! (only LF ends a line; every line is `rstrip()`ped with Python's whitespace set; a byte order
//! mark stays part of the first segment). `-` names standard input.

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

    /// Adds mteval's own signature keys for the settings sacreBLEU does not have.
    pub fn sign(&self, signature: &mut crate::metrics::Signature) {
        if let Some(normalization) = self.normalization {
            signature.push("unorm", "un", normalization.name());
        }
        if self.strip_bom {
            signature.push("bom", "bom", "strip");
        }
    }
}

/// The path that names standard input.
pub const STDIN_PATH: &str = "-";

/// The segments of one file, with warnings about what was repaired while reading.
#[derive(Debug, Clone)]
pub struct TextFile {
    pub path: PathBuf,
    pub segments: Vec<String>,
    pub warnings: Vec<String>,
}

pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
pub(crate) const GZIP_MAGIC: &[u8] = b"\x1F\x8B";

/// A whole file's bytes as UTF-8 text without a leading byte order mark, or
/// [`Error::InvalidUtf8`] with the line and byte of the first invalid byte.
pub(crate) fn utf8_text_without_bom<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|err| {
        let valid = &body[..err.valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        Error::InvalidUtf8 {
            path: path.to_path_buf(),
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
            byte: valid.len() - line_start + 1,
        }
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

/// The per-line reading rules of a segment file, shared by the whole-file reader
/// ([`read_segments`]) and the streaming one ([`super::line_stream`]): what happens to the start
/// of the file (a UTF-8 BOM), how a line is decoded (UTF-8 checked, `rstrip()`ped, normalized),
/// and the warnings about what was repaired.
#[derive(Debug)]
pub(crate) struct LineRules {
    path: PathBuf,
    options: ReadOptions,
    lines: usize,
    inner_carriage_returns: usize,
    first_inner_cr_line: usize,
    warnings: Vec<String>,
}

impl LineRules {
    pub(crate) fn new(path: &Path, options: ReadOptions) -> Self {
        LineRules {
            path: path.to_path_buf(),
            options,
            lines: 0,
            inner_carriage_returns: 0,
            first_inner_cr_line: 0,
            warnings: Vec::new(),
        }
    }

    /// The file's text given its first bytes (the whole file, or its first line with its LF): a
    /// leading UTF-8 BOM is kept with a warning, as sacreBLEU keeps it, or removed with
    /// `strip_bom`; nothing left is an empty file.
    pub(crate) fn file_start<'a>(&mut self, bytes: &'a [u8]) -> Result<&'a [u8]> {
        let mut body = bytes;
        if let Some(rest) = body.strip_prefix(UTF8_BOM) {
            if self.options.strip_bom {
                body = rest;
            } else {
                self.warnings.push(format!(
                    "{}: starts with a UTF-8 byte order mark; it is kept as part of the first segment's \
                     first word, as sacreBLEU reads it (--strip-bom removes it and records bom:strip in \
                     the signature)",
                    self.path.display()
                ));
            }
        }
        if body.is_empty() {
            return Err(Error::EmptyFile {
                path: self.path.clone(),
            });
        }
        Ok(body)
    }

    /// The next line (its bytes without the LF) as a segment; invalid UTF-8 is an error naming
    /// the file, line and byte.
    pub(crate) fn segment(&mut self, line: &[u8]) -> Result<String> {
        self.lines += 1;
        let line = std::str::from_utf8(line).map_err(|e| Error::InvalidUtf8 {
            path: self.path.clone(),
            line: self.lines,
            byte: e.valid_up_to() + 1,
        })?;
        let line = python_rstrip(line);
        if line.contains('\r') {
            self.inner_carriage_returns += 1;
            if self.first_inner_cr_line == 0 {
                self.first_inner_cr_line = self.lines;
            }
        }
        Ok(match self.options.normalization {
            Some(normalization) => normalization.apply(line),
            None => line.to_string(),
        })
    }

    /// Number of lines read so far.
    pub(crate) fn lines(&self) -> usize {
        self.lines
    }

    /// The warnings about the whole file, once every line is read.
    pub(crate) fn into_warnings(mut self) -> Vec<String> {
        if self.inner_carriage_returns > 0 {
            self.warnings.push(format!(
                "{}:{}: {} line(s) contain a carriage return (CR) \
                 inside the line; it counts as whitespace, as in sacreBLEU (convert old Mac line ends with `tr '\\r' '\\n'`)",
                self.path.display(),
                self.first_inner_cr_line,
                self.inner_carriage_returns,
            ));
        }
        self.warnings
    }
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
        let mut signature = crate::metrics::Signature::with_reference_count(1);
        options.sign(&mut signature);
        assert_eq!(
            signature.format(false),
            format!(
                "nrefs:1|bom:strip|version:{}",
                crate::metrics::signature::VERSION
            )
        );
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
