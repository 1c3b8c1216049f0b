//! A test suite as a vendor evaluation sees it: several language pairs, each with a source,
//! one or more references, the vendors' outputs and, when known, the document and domain of
//! every segment; plus a price per source word for each vendor. Read by [`super::read_suite`].

use super::{Provenance, System};
use crate::io::TextFile;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// A translation direction, `SRC-TGT` with ISO-639 codes as the WMT file names spell them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguagePair {
    pub source: String,
    pub target: String,
}

impl LanguagePair {
    /// The target language of a `--lang` value as sacreBLEU reads it: the second
    /// dash-separated field (`en-zh-TW` → `zh`, `en-ja-JP` → `ja`); `None` without a dash.
    pub fn sacrebleu_target(lang: &str) -> Option<&str> {
        lang.split('-').nth(1)
    }

    /// True when `code` looks like an ISO 639 language code: two or three ASCII letters.
    pub fn is_language_code(code: &str) -> bool {
        (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphabetic())
    }

    /// Parses `en-de`; `None` unless both sides are non-empty ASCII letters (with `_`/`-`
    /// variants such as `zh_TW` not split further).
    pub fn parse(pair: &str) -> Option<Self> {
        let (source, target) = pair.split_once('-')?;
        let plausible = |code: &str| {
            !code.is_empty()
                && code.len() <= 8
                && code.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        };
        (plausible(source) && plausible(target)).then(|| LanguagePair {
            source: source.to_string(),
            target: target.to_string(),
        })
    }

    /// True when the language is written without spaces between words (Chinese, Japanese,
    /// Thai, …): lengths are then counted in characters and differences shown per character.
    pub fn is_unspaced(language: &str) -> bool {
        let base = language.split(['_', '-']).next().unwrap_or(language);
        matches!(
            base.to_ascii_lowercase().as_str(),
            "zh" | "ja" | "th" | "lo" | "km" | "my" | "bo" | "yue" | "wuu"
        )
    }
}

impl fmt::Display for LanguagePair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.source, self.target)
    }
}

/// Document and domain of every segment of a language pair (one entry per segment).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SegmentLabels {
    /// Document id per segment; the segments of one document are contiguous.
    pub documents: Vec<String>,
    /// Domain per segment (`news`, `science`, …), when the input names them.
    pub domains: Option<Vec<String>>,
    /// The file the labels came from.
    pub path: PathBuf,
}

/// One language pair of a suite, as read (before any alignment).
#[derive(Debug, Clone)]
pub struct PairInput {
    /// Label used in reports: the pair (`en-de`), or `SET.en-de` when one suite holds several
    /// test sets of the same pair.
    pub label: String,
    pub pair: LanguagePair,
    /// The test set name of WMT-style files (`generaltest2022`), when there is one.
    pub test_set: Option<String>,
    pub source: Option<TextFile>,
    pub references: Vec<TextFile>,
    /// Where each reference came from (parallel to `references`).
    pub reference_provenance: Vec<Provenance>,
    /// The vendors' outputs, named; possibly with a line count different from the reference
    /// (a report then needs an alignment step, or fails with a located error).
    pub systems: Vec<System>,
    pub labels: Option<SegmentLabels>,
    /// A terminology glossary for this pair (used by the error analysis, when present).
    pub glossary: Option<PathBuf>,
    /// Human MQM annotation files of this pair's vendors (the report's human evaluation).
    pub mqm: Vec<PathBuf>,
}

/// How a suite was described.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuiteFormat {
    /// `sources/ references/ system-outputs/` with WMT-style file names.
    Directory,
    /// A TOML manifest.
    Manifest,
    /// A WMT XML test set.
    WmtXml,
}

impl fmt::Display for SuiteFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SuiteFormat::Directory => "directory (sources/ references/ system-outputs/)",
            SuiteFormat::Manifest => "TOML manifest",
            SuiteFormat::WmtXml => "WMT XML test set",
        })
    }
}

/// Price of a vendor's work.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    /// Price per source word (per source character for unspaced source languages).
    pub per_word: f64,
}

/// Everything a report evaluates.
#[derive(Debug, Clone)]
pub struct Suite {
    pub title: String,
    pub format: SuiteFormat,
    /// The directory or the manifest file that was read.
    pub path: PathBuf,
    pub pairs: Vec<PairInput>,
    /// Per vendor name.
    pub prices: BTreeMap<String, Price>,
    /// Currency of the prices (`EUR`), if the manifest says.
    pub currency: Option<String>,
    /// What was repaired or guessed while reading.
    pub warnings: Vec<String>,
}

impl Suite {
    /// Names of all vendors over all pairs, sorted.
    pub fn vendors(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .pairs
            .iter()
            .flat_map(|pair| pair.systems.iter().map(|s| s.name.clone()))
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pairs() {
        let pair = LanguagePair::parse("en-zh").unwrap();
        assert_eq!(pair.to_string(), "en-zh");
        assert!(LanguagePair::parse("hyp").is_none());
        assert!(LanguagePair::parse("en-").is_none());
        assert!(LanguagePair::parse("2022-01").is_none());
        assert!(LanguagePair::is_unspaced("zh") && LanguagePair::is_unspaced("ja"));
        assert!(!LanguagePair::is_unspaced("de"));
        assert_eq!(LanguagePair::sacrebleu_target("en-zh-TW"), Some("zh"));
        assert_eq!(LanguagePair::sacrebleu_target("en-ja-JP"), Some("ja"));
        assert_eq!(LanguagePair::sacrebleu_target("de"), None);
        assert!(LanguagePair::is_language_code("zh") && LanguagePair::is_language_code("yue"));
        assert!(!LanguagePair::is_language_code("german"));
    }
}
