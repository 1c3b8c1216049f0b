//! The per-line rules every segment file is read with, whole or streamed: a byte order mark at
//! the start, UTF-8 checked per line, Python's `rstrip()`, Unicode normalization, and the
//! warnings about carriage returns inside lines.

use super::read_options::ReadOptions;
use crate::error::{Error, Result};
use crate::text::python_rstrip;
use std::path::{Path, PathBuf};

/// The UTF-8 byte order mark.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// The first bytes of every gzip stream.
pub(crate) const GZIP_MAGIC: &[u8] = b"\x1F\x8B";

/// The per-line reading rules of a segment file, shared by the whole-file reader
/// (`read_segments`) and the streaming one (`line_stream`): what happens to the start
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
        let line = crate::text::utf8::from_utf8(line)
            .map_err(|e| Error::invalid_utf8(self.path.clone(), self.lines, e.valid_up_to() + 1))?;
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
