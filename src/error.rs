//! The library's one error type. Every variant that concerns input names the file and, where
//! there is one, the line ([`Position`]); an error about a setting names the [`Setting`], which
//! a front end spells its own way (the command line as a flag, the report manifest as a key).

use std::fmt;
use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input something is: the file, and the 1-based line (and byte or column of the
/// line) when the problem is on one. Shown as `FILE`, `FILE:LINE` or `FILE:LINE:COLUMN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Position {
    /// The file as a whole.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Position {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// A line of the file (1-based).
    pub fn line(path: impl Into<PathBuf>, line: usize) -> Self {
        Position {
            path: path.into(),
            line: Some(line),
            column: None,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// A setting of the library an error is about. Front ends name it their own way (the command
/// line by its flag, the report manifest by its key); [`Setting::name`] is the library's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// The input of a report (directory, manifest or WMT XML test set).
    Input,
    /// The hypothesis file to align.
    Hypothesis,
    /// Reference files.
    References,
    /// References picked by name from a test set.
    ReferenceNames,
    /// Systems picked by name from a test set (or the systems to evaluate).
    Systems,
    /// A table (TSV/JSONL) of references and systems.
    Table,
    /// The document id of every reference segment.
    DocumentIds,
    /// The language pair of a manifest entry.
    LanguagePair,
    /// The target language (or pair) an analysis uses.
    Language,
    /// Unicode normalization of every segment.
    Normalization,
    /// The smallest alignment confidence of a segment that is scored.
    MinConfidence,
    /// BLEU's smoothing method.
    SmoothMethod,
    /// The tokenizer.
    Tokenizer,
    /// A SentencePiece model file.
    SentencePieceModel,
    /// A MeCab dictionary directory.
    MecabDictionary,
    /// The directory a report is written to.
    OutputDirectory,
    /// The significance level.
    Alpha,
    /// The number of resamples.
    Samples,
    /// A quality gate: a score floor.
    FailBelow,
    /// A quality gate: an error-rate ceiling.
    FailAbove,
    /// The metrics computed.
    Metrics,
    /// The MQM category weights (a file).
    Weights,
    /// One MQM category weight.
    Weight,
    /// The error-analysis checks run.
    Checks,
    /// Statistics files (`--emit-stats` output) read or merged.
    StatisticsFiles,
    /// Human scores (MQM, DA) a meta-evaluation compares metrics with.
    HumanScores,
    /// Metric scores in mt-metrics-eval's layout.
    MetricScores,
    /// External segment scores (COMET, …) in a TSV or JSON file.
    ExternalScores,
    /// Which table a command prints.
    OutputTable,
    /// An environment variable the library reads (named as it is spelled).
    EnvironmentVariable(&'static str),
    /// An option of a front end that no library setting corresponds to, named as the front
    /// end spells it.
    FrontEnd(&'static str),
}

impl Setting {
    /// The library's name of the setting.
    pub fn name(self) -> &'static str {
        match self {
            Setting::Input => "input",
            Setting::StatisticsFiles => "statistics files",
            Setting::HumanScores => "human scores",
            Setting::MetricScores => "metric scores",
            Setting::ExternalScores => "external scores",
            Setting::OutputTable => "table",
            Setting::Hypothesis => "hypothesis",
            Setting::References => "references",
            Setting::ReferenceNames => "reference names",
            Setting::Systems => "systems",
            Setting::Table => "table",
            Setting::DocumentIds => "document ids",
            Setting::LanguagePair => "language pair",
            Setting::Language => "language",
            Setting::Normalization => "normalization",
            Setting::MinConfidence => "minimum confidence",
            Setting::SmoothMethod => "smoothing method",
            Setting::Tokenizer => "tokenizer",
            Setting::SentencePieceModel => "SentencePiece model",
            Setting::MecabDictionary => "MeCab dictionary",
            Setting::OutputDirectory => "output directory",
            Setting::Alpha => "alpha",
            Setting::Samples => "samples",
            Setting::FailBelow => "score floor",
            Setting::FailAbove => "error-rate ceiling",
            Setting::Metrics => "metrics",
            Setting::Weights => "weights",
            Setting::Weight => "weight",
            Setting::Checks => "checks",
            Setting::EnvironmentVariable(name) | Setting::FrontEnd(name) => name,
        }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

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
    /// A line is not valid UTF-8 (`at.column` is the byte of the line).
    #[error(
        "{}:{}: invalid UTF-8 (byte {} of the line); re-encode the file as UTF-8, e.g. `iconv -f LATIN1 -t UTF-8`",
        at.path.display(),
        at.line.unwrap_or(1),
        at.column.unwrap_or(1)
    )]
    InvalidUtf8 { at: Position },
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
    #[error("{at}: {reason}")]
    Malformed { at: Position, reason: String },
    /// Statistics files that cannot be merged: scored differently, or holding the same segments.
    #[error("{} and {} cannot be merged: {reason}", first.display(), second.display())]
    ShardsDiffer {
        first: PathBuf,
        second: PathBuf,
        reason: String,
    },
    /// A setting's value is out of range or not supported.
    #[error("invalid value {value:?} for {setting}: {reason}")]
    InvalidOption {
        setting: Setting,
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

    /// Invalid UTF-8 at a line (1-based) and byte of the line (1-based).
    pub fn invalid_utf8(path: impl Into<PathBuf>, line: usize, byte: usize) -> Self {
        Error::InvalidUtf8 {
            at: Position {
                path: path.into(),
                line: Some(line),
                column: Some(byte),
            },
        }
    }

    /// A structured input that does not have the expected shape at a line (1-based).
    pub fn malformed(path: impl Into<PathBuf>, line: usize, reason: impl Into<String>) -> Self {
        Error::Malformed {
            at: Position::line(path, line),
            reason: reason.into(),
        }
    }

    /// A structured input that does not have the expected shape as a whole (no one line is
    /// at fault).
    pub fn malformed_file(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Malformed {
            at: Position::file(path),
            reason: reason.into(),
        }
    }

    /// An invalid value of a setting.
    pub fn invalid_option(
        setting: Setting,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidOption {
            setting,
            value: value.into(),
            reason: reason.into(),
        }
    }

    /// The message with each setting named by `name_of` instead of by the library's name (a
    /// front end passes its flag or key names).
    pub fn describe(&self, name_of: impl Fn(Setting) -> String) -> String {
        match self {
            Error::InvalidOption {
                setting,
                value,
                reason,
            } => format!(
                "invalid value {value:?} for {}: {reason}",
                name_of(*setting)
            ),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_show_only_what_is_known() {
        assert_eq!(Position::file("a.tsv").to_string(), "a.tsv");
        assert_eq!(Position::line("a.tsv", 3).to_string(), "a.tsv:3");
        let err = Error::malformed_file("s.seg.score", "no scores");
        assert_eq!(err.to_string(), "s.seg.score: no scores");
        let err = Error::invalid_utf8("h.txt", 2, 5).to_string();
        assert!(
            err.starts_with("h.txt:2: invalid UTF-8 (byte 5 of the line)"),
            "{err}"
        );
    }

    #[test]
    fn settings_are_named_by_the_front_end() {
        let err = Error::invalid_option(Setting::Normalization, "nfx", "choose nfc or nfkc");
        assert_eq!(
            err.to_string(),
            "invalid value \"nfx\" for normalization: choose nfc or nfkc"
        );
        assert_eq!(
            err.describe(|_| "NORM".to_string()),
            "invalid value \"nfx\" for NORM: choose nfc or nfkc"
        );
    }
}
