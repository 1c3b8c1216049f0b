//! The library's one error type. Every variant that concerns input names the file (and the line
//! where there is one) and, where a flag fixes it, the flag; the binary maps errors to exit codes.

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, located as precisely as the input allows.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The operating system refused to read or write a file.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line is not valid UTF-8.
    #[error(
        "{}:{line}: invalid UTF-8 (byte {byte} of the line); re-encode the file as UTF-8, e.g. `iconv -f LATIN1 -t UTF-8`",
        path.display()
    )]
    InvalidUtf8 {
        path: PathBuf,
        line: usize,
        byte: usize,
    },
    /// A file holds no segments at all.
    #[error("{}: the file is empty (no segments); every input needs one segment per line", path.display())]
    EmptyFile { path: PathBuf },
    /// A hypothesis and a reference disagree on the number of segments.
    #[error(
        "{} has {hypothesis_segments} segments but reference {} has {reference_segments}; \
         segments must correspond line by line (`mteval score` and `mteval report` \
         take --align auto to align such a hypothesis to the reference segments; `mteval align` shows the alignment)",
        hypothesis.display(),
        reference.display()
    )]
    SegmentCountMismatch {
        hypothesis: PathBuf,
        hypothesis_segments: usize,
        reference: PathBuf,
        reference_segments: usize,
    },
    /// A segment file ends while a parallel one (reference or hypothesis) goes on; found while
    /// streaming, at the line where it ends.
    #[error(
        "{}:{}: the file ends after {segments} segments but {} goes on; \
         segments must correspond line by line (`mteval score` and `mteval report` \
         take --align auto to align such a hypothesis to the reference segments; `mteval align` shows the alignment)",
        path.display(),
        segments + 1,
        other.display()
    )]
    SegmentsEndEarly {
        path: PathBuf,
        segments: usize,
        other: PathBuf,
    },
    /// A structured input file (TSV, JSON, XML) does not have the expected shape.
    #[error("{}:{line}: {reason}", path.display())]
    Malformed {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// Statistics files that cannot be merged: scored differently, or holding the same segments.
    #[error("{} and {} cannot be merged: {reason}", first.display(), second.display())]
    ShardsDiffer {
        first: PathBuf,
        second: PathBuf,
        reason: String,
    },
    /// An option value is out of range or not supported.
    #[error("invalid value {value:?} for {flag}: {reason}")]
    InvalidOption {
        flag: String,
        value: String,
        reason: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An invalid option value, with the flag that sets it.
    pub fn invalid_option(
        flag: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidOption {
            flag: flag.into(),
            value: value.into(),
            reason: reason.into(),
        }
    }
}
