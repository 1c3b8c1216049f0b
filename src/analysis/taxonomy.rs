//! The one MQM category tree that human annotations and automatic findings are both mapped onto
//! (the WMT/Google typology: Accuracy, Fluency, Terminology, Style, Locale convention,
//! Non-translation, Other, plus the annotation-only Source error and No-error), the severities,
//! and the weights that turn (category, severity) into an MQM penalty.
//!
//! Category names are matched case-insensitively with `_` and space treated alike, and the
//! spellings of the first google/wmt-mqm-human-evaluation release (`Accuracy/Untranslated`,
//! `Terminology/Inappropriate`, `Source_error`, `Locale_convention/Name`) map to the current
//! names. The default weights are the published ones (Freitag et al. 2021; `mqm-scoring.md` §1);
//! [`Weights::marot`] is the default weight list of Google's Marot viewer (§2).

use crate::error::{Error, Result, Setting};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Top level of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Branch {
    Accuracy,
    Fluency,
    Terminology,
    Style,
    #[serde(rename = "Locale convention")]
    LocaleConvention,
    #[serde(rename = "Non-translation")]
    NonTranslation,
    Other,
    #[serde(rename = "Source error")]
    SourceError,
    #[serde(rename = "No-error")]
    NoError,
}

impl Branch {
    /// The canonical spelling.
    pub fn name(self) -> &'static str {
        match self {
            Branch::Accuracy => "Accuracy",
            Branch::Fluency => "Fluency",
            Branch::Terminology => "Terminology",
            Branch::Style => "Style",
            Branch::LocaleConvention => "Locale convention",
            Branch::NonTranslation => "Non-translation",
            Branch::Other => "Other",
            Branch::SourceError => "Source error",
            Branch::NoError => "No-error",
        }
    }
}

/// A node of the tree: its branch and its full canonical path (`Accuracy/Mistranslation`).
/// Subcategories the tree does not know are kept as written, under their branch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category {
    branch: Branch,
    path: Cow<'static, str>,
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.path)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

const fn known(branch: Branch, path: &'static str) -> Category {
    Category {
        branch,
        path: Cow::Borrowed(path),
    }
}

impl Category {
    pub const MISTRANSLATION: Category = known(Branch::Accuracy, "Accuracy/Mistranslation");
    pub const OMISSION: Category = known(Branch::Accuracy, "Accuracy/Omission");
    pub const ADDITION: Category = known(Branch::Accuracy, "Accuracy/Addition");
    pub const UNTRANSLATED: Category = known(Branch::Accuracy, "Accuracy/Untranslated text");
    pub const GRAMMAR: Category = known(Branch::Fluency, "Fluency/Grammar");
    pub const SPELLING: Category = known(Branch::Fluency, "Fluency/Spelling");
    pub const PUNCTUATION: Category = known(Branch::Fluency, "Fluency/Punctuation");
    pub const INCONSISTENCY: Category = known(Branch::Fluency, "Fluency/Inconsistency");
    pub const REGISTER: Category = known(Branch::Fluency, "Fluency/Register");
    pub const DISPLAY: Category = known(Branch::Fluency, "Fluency/Display");
    pub const TERMINOLOGY: Category =
        known(Branch::Terminology, "Terminology/Inappropriate for context");
    pub const STYLE: Category = known(Branch::Style, "Style/Awkward");
    pub const NUMBER_FORMAT: Category =
        known(Branch::LocaleConvention, "Locale convention/Number format");
    pub const DATE_FORMAT: Category =
        known(Branch::LocaleConvention, "Locale convention/Date format");
    pub const NON_TRANSLATION: Category = known(Branch::NonTranslation, "Non-translation");
    pub const OTHER: Category = known(Branch::Other, "Other");
    pub const SOURCE_ERROR: Category = known(Branch::SourceError, "Source error");
    pub const NO_ERROR: Category = known(Branch::NoError, "No-error");

    /// The branch (top level).
    pub fn branch(&self) -> Branch {
        self.branch
    }

    /// The full canonical path, e.g. `Accuracy/Untranslated text`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether this is the Fluency/Punctuation node (the 0.1-weight Minor errors).
    pub fn is_fluency_punctuation(&self) -> bool {
        self.path == Category::PUNCTUATION.path
    }

    /// Parses a category as annotators write it, mapping spelling variants onto the tree.
    /// Unknown top levels are kept verbatim under [`Branch::Other`]; an empty name is `Other`.
    pub fn parse(raw: &str) -> Category {
        let raw = raw.trim();
        let key = normalize(raw);
        if key.is_empty() {
            return Category::OTHER;
        }
        if let Some(category) = KNOWN.iter().find(|(alias, _)| *alias == key) {
            return category.1.clone();
        }
        let (top, sub) = match raw.split_once('/') {
            Some((top, sub)) => (normalize(top), Some(sub.trim())),
            None => (key.clone(), None),
        };
        let branch = match top.as_str() {
            "accuracy" => Branch::Accuracy,
            "fluency" => Branch::Fluency,
            "terminology" => Branch::Terminology,
            "style" => Branch::Style,
            "locale convention" | "locale" => Branch::LocaleConvention,
            _ if top.starts_with("non-translation") || top.starts_with("non translation") => {
                Branch::NonTranslation
            }
            "other" => Branch::Other,
            "source error" | "source issue" | "source" => Branch::SourceError,
            "no-error" | "no error" => Branch::NoError,
            _ => {
                return Category {
                    branch: Branch::Other,
                    path: Cow::Owned(raw.to_string()),
                }
            }
        };
        let path = match sub {
            Some(sub) if !sub.is_empty() => format!("{}/{}", branch.name(), sub),
            _ => branch.name().to_string(),
        };
        Category {
            branch,
            path: Cow::Owned(path),
        }
    }
}

/// Lower case, `_` as space, whitespace collapsed, no spaces around `/`.
fn normalize(raw: &str) -> String {
    let lowered = raw.to_lowercase().replace('_', " ");
    let collapsed = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace(" /", "/").replace("/ ", "/")
}

/// Every spelling the tree knows, normalized, with its node.
static KNOWN: &[(&str, Category)] = &[
    ("accuracy", known(Branch::Accuracy, "Accuracy")),
    ("accuracy/mistranslation", Category::MISTRANSLATION),
    ("accuracy/omission", Category::OMISSION),
    ("accuracy/addition", Category::ADDITION),
    ("accuracy/untranslated text", Category::UNTRANSLATED),
    ("accuracy/untranslated", Category::UNTRANSLATED),
    ("fluency", known(Branch::Fluency, "Fluency")),
    ("fluency/grammar", Category::GRAMMAR),
    ("fluency/spelling", Category::SPELLING),
    ("fluency/punctuation", Category::PUNCTUATION),
    ("fluency/inconsistency", Category::INCONSISTENCY),
    ("fluency/register", Category::REGISTER),
    ("fluency/display", Category::DISPLAY),
    (
        "fluency/character encoding",
        known(Branch::Fluency, "Fluency/Character encoding"),
    ),
    ("terminology", known(Branch::Terminology, "Terminology")),
    (
        "terminology/inappropriate for context",
        Category::TERMINOLOGY,
    ),
    ("terminology/inappropriate", Category::TERMINOLOGY),
    (
        "terminology/inconsistent use of terminology",
        known(
            Branch::Terminology,
            "Terminology/Inconsistent use of terminology",
        ),
    ),
    (
        "terminology/inconsistent",
        known(
            Branch::Terminology,
            "Terminology/Inconsistent use of terminology",
        ),
    ),
    ("style", known(Branch::Style, "Style")),
    ("style/awkward", Category::STYLE),
    (
        "locale convention",
        known(Branch::LocaleConvention, "Locale convention"),
    ),
    (
        "locale convention/address format",
        known(Branch::LocaleConvention, "Locale convention/Address format"),
    ),
    (
        "locale convention/currency format",
        known(
            Branch::LocaleConvention,
            "Locale convention/Currency format",
        ),
    ),
    ("locale convention/date format", Category::DATE_FORMAT),
    (
        "locale convention/name format",
        known(Branch::LocaleConvention, "Locale convention/Name format"),
    ),
    (
        "locale convention/name",
        known(Branch::LocaleConvention, "Locale convention/Name format"),
    ),
    ("locale convention/number format", Category::NUMBER_FORMAT),
    (
        "locale convention/telephone format",
        known(
            Branch::LocaleConvention,
            "Locale convention/Telephone format",
        ),
    ),
    (
        "locale convention/time format",
        known(Branch::LocaleConvention, "Locale convention/Time format"),
    ),
    (
        "locale convention/measurement format",
        known(
            Branch::LocaleConvention,
            "Locale convention/Measurement format",
        ),
    ),
    ("non-translation", Category::NON_TRANSLATION),
    ("non-translation!", Category::NON_TRANSLATION),
    ("non translation", Category::NON_TRANSLATION),
    ("other", Category::OTHER),
    ("source error", Category::SOURCE_ERROR),
    ("source issue", Category::SOURCE_ERROR),
    ("no-error", Category::NO_ERROR),
    ("no error", Category::NO_ERROR),
];

/// How serious an error is. Ordered from most to least severe.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Critical,
    Major,
    Minor,
    /// Marot's `trivial` severity.
    Trivial,
    Neutral,
    /// A clean segment's rating row.
    NoError,
    /// Anything else as written (`HOTW-test`, `Unrateable`, `Non-translation!`, …).
    Other(String),
}

impl Severity {
    /// Parses a severity case-insensitively; unknown values are kept as [`Severity::Other`].
    pub fn parse(raw: &str) -> Severity {
        match normalize(raw).as_str() {
            "critical" => Severity::Critical,
            "major" => Severity::Major,
            "minor" => Severity::Minor,
            "trivial" => Severity::Trivial,
            "neutral" => Severity::Neutral,
            "no-error" | "no error" => Severity::NoError,
            _ => Severity::Other(raw.trim().to_string()),
        }
    }

    /// Whether MQM knows this severity: the five levels and `No-error`, and the special rows
    /// of WMT and Marot (`HOTW-test`, `Unrateable`, `Non-translation…`). Anything else (a typo
    /// such as `Majr`) weighs 0 like a neutral row, which callers may want to point out.
    pub fn is_known(&self) -> bool {
        match self {
            Severity::Other(raw) => {
                let raw = normalize(raw);
                raw == "hotw-test"
                    || raw == "unrateable"
                    || raw.starts_with("non-translation")
                    || raw.starts_with("non translation")
            }
            _ => true,
        }
    }

    /// The canonical spelling.
    pub fn name(&self) -> &str {
        match self {
            Severity::Critical => "Critical",
            Severity::Major => "Major",
            Severity::Minor => "Minor",
            Severity::Trivial => "Trivial",
            Severity::Neutral => "Neutral",
            Severity::NoError => "No-error",
            Severity::Other(raw) => raw,
        }
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Weights of (category, severity) pairs. Rules apply in this order: No-error, Neutral and
/// unknown severities weigh `neutral` (0); then the optional Reinterpretation and Source-error
/// overrides; then Non-translation; then Minor punctuation; then the severity's weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weights {
    /// Name shown in outputs (`google`, `marot`, or `custom`).
    pub name: String,
    pub neutral: f64,
    pub trivial: f64,
    pub minor: f64,
    pub major: f64,
    pub critical: f64,
    /// Minor Fluency/Punctuation.
    pub minor_punctuation: f64,
    /// Non-translation, whatever the severity.
    pub non_translation: f64,
    /// Source errors: `None` weighs them by severity like any error (the published numbers).
    pub source_error: Option<f64>,
    /// Categories containing `reinterpretation` (Marot's "Creative"): `None` = by severity.
    pub reinterpretation: Option<f64>,
    /// Minor punctuation means any category containing `punctuation` (Marot), not only
    /// Fluency/Punctuation.
    pub punctuation_anywhere: bool,
}

impl Default for Weights {
    fn default() -> Self {
        Weights::google()
    }
}

/// Keys accepted by [`Weights::set`].
pub const WEIGHT_KEYS: &[&str] = &[
    "neutral",
    "trivial",
    "minor",
    "major",
    "critical",
    "minor-punctuation",
    "non-translation",
    "source-error",
    "reinterpretation",
];

impl Weights {
    /// The weights behind the published WMT/TED tables: Major 5, Minor 1, Minor
    /// Fluency/Punctuation 0.1, Non-translation 25, Critical 5, Neutral 0, Source errors by
    /// severity.
    pub fn google() -> Self {
        Weights {
            name: "google".to_string(),
            neutral: 0.0,
            trivial: 0.1,
            minor: 1.0,
            major: 5.0,
            critical: 5.0,
            minor_punctuation: 0.1,
            non_translation: 25.0,
            source_error: None,
            reinterpretation: None,
            punctuation_anywhere: false,
        }
    }

    /// Marot's default weight list: as [`Weights::google`], but Source errors and
    /// Reinterpretation weigh 0 and any Minor `…punctuation…` category is trivial.
    pub fn marot() -> Self {
        Weights {
            name: "marot".to_string(),
            source_error: Some(0.0),
            reinterpretation: Some(0.0),
            punctuation_anywhere: true,
            ..Weights::google()
        }
    }

    /// A preset by name (`google`, `marot`).
    pub fn preset(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "google" | "wmt" => Ok(Weights::google()),
            "marot" => Ok(Weights::marot()),
            _ => Err(Error::invalid_option(
                Setting::Weights,
                name,
                "choose google (the published WMT weights) or marot",
            )),
        }
    }

    /// Overrides one weight from `KEY=VALUE` (`--weight major=10`).
    pub fn set(&mut self, assignment: &str) -> Result<()> {
        let bad = |reason: String| Error::invalid_option(Setting::Weight, assignment, reason);
        let (key, value) = assignment.split_once('=').ok_or_else(|| {
            bad(format!(
                "write KEY=VALUE with KEY one of {}",
                WEIGHT_KEYS.join(", ")
            ))
        })?;
        let value: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad("the value must be a finite number".to_string()))?;
        match key.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "neutral" => self.neutral = value,
            "trivial" => self.trivial = value,
            "minor" => self.minor = value,
            "major" => self.major = value,
            "critical" => self.critical = value,
            "minor-punctuation" => self.minor_punctuation = value,
            "non-translation" => self.non_translation = value,
            "source-error" => self.source_error = Some(value),
            "reinterpretation" => self.reinterpretation = Some(value),
            _ => {
                return Err(bad(format!(
                    "unknown weight; choose one of {}",
                    WEIGHT_KEYS.join(", ")
                )))
            }
        }
        self.name = "custom".to_string();
        Ok(())
    }

    /// The penalty of one error (or one annotation row).
    pub fn weight(&self, category: &Category, severity: &Severity) -> f64 {
        let non_translation_severity = matches!(severity, Severity::Other(raw)
            if normalize(raw).starts_with("non-translation") || normalize(raw).starts_with("non translation"));
        match severity {
            Severity::NoError | Severity::Neutral => return self.neutral,
            Severity::Other(_) if !non_translation_severity => return self.neutral,
            _ => {}
        }
        match category.branch {
            Branch::NoError => return self.neutral,
            Branch::SourceError => {
                if let Some(weight) = self.source_error {
                    return weight;
                }
            }
            _ => {}
        }
        if let Some(weight) = self.reinterpretation {
            if category.path.to_lowercase().contains("reinterpretation") {
                return weight;
            }
        }
        if category.branch == Branch::NonTranslation || non_translation_severity {
            return self.non_translation;
        }
        let punctuation = if self.punctuation_anywhere {
            category.path.to_lowercase().contains("punctuation")
        } else {
            category.is_fluency_punctuation()
        };
        match severity {
            Severity::Minor if punctuation => self.minor_punctuation,
            Severity::Minor => self.minor,
            Severity::Major => self.major,
            Severity::Critical => self.critical,
            Severity::Trivial => self.trivial,
            Severity::NoError | Severity::Neutral | Severity::Other(_) => self.neutral,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_map_onto_the_tree() {
        let cases = [
            ("Accuracy/Untranslated", "Accuracy/Untranslated text"),
            ("accuracy/untranslated_text", "Accuracy/Untranslated text"),
            (
                "Terminology/Inappropriate",
                "Terminology/Inappropriate for context",
            ),
            ("Source_error", "Source error"),
            ("Locale_convention/Name", "Locale convention/Name format"),
            ("Non-translation!", "Non-translation"),
            ("No-error", "No-error"),
            ("Fluency / Punctuation", "Fluency/Punctuation"),
            ("Style/Unidiomatic", "Style/Unidiomatic"),
            ("Design/Markup", "Design/Markup"),
            ("", "Other"),
        ];
        for (raw, expected) in cases {
            assert_eq!(Category::parse(raw).path(), expected, "{raw}");
        }
        assert_eq!(Category::parse("Design/Markup").branch(), Branch::Other);
        assert_eq!(Category::parse("Style/Unidiomatic").branch(), Branch::Style);
    }

    #[test]
    fn severities_parse_case_insensitively() {
        assert_eq!(Severity::parse("major"), Severity::Major);
        assert_eq!(Severity::parse(" No-error "), Severity::NoError);
        assert_eq!(Severity::parse("no_error"), Severity::NoError);
        assert_eq!(
            Severity::parse("HOTW-test"),
            Severity::Other("HOTW-test".into())
        );
        for known in [
            "Major",
            "no-error",
            "HOTW-test",
            "Unrateable",
            "Non-translation!",
        ] {
            assert!(Severity::parse(known).is_known(), "{known}");
        }
        for unknown in ["Majr", "severe", ""] {
            assert!(!Severity::parse(unknown).is_known(), "{unknown}");
        }
    }

    #[test]
    fn published_weights() {
        let w = Weights::google();
        let weight = |c: &str, s: &str| w.weight(&Category::parse(c), &Severity::parse(s));
        assert_eq!(weight("Fluency/Punctuation", "Minor"), 0.1);
        assert_eq!(weight("Fluency/Punctuation", "Major"), 5.0);
        assert_eq!(weight("Accuracy/Mistranslation", "Minor"), 1.0);
        assert_eq!(weight("Other", "Major"), 5.0);
        assert_eq!(weight("Source error", "Major"), 5.0);
        assert_eq!(weight("Non-translation!", "Major"), 25.0);
        assert_eq!(weight("Non-translation", "Minor"), 25.0);
        assert_eq!(weight("Accuracy/Omission", "Non-translation"), 25.0);
        assert_eq!(weight("Style/Awkward", "Neutral"), 0.0);
        assert_eq!(weight("No-error", "No-error"), 0.0);
        assert_eq!(weight("Accuracy/Omission", "Critical"), 5.0);
        assert_eq!(weight("Accuracy/Omission", "Unrateable"), 0.0);
    }

    #[test]
    fn marot_weights_and_overrides() {
        let mut w = Weights::marot();
        let c = |s: &str| Category::parse(s);
        assert_eq!(w.weight(&c("Source error"), &Severity::Major), 0.0);
        assert_eq!(
            w.weight(&c("Accuracy/Creative Reinterpretation"), &Severity::Major),
            0.0
        );
        assert_eq!(
            w.weight(&c("Locale convention/Punctuation"), &Severity::Minor),
            0.1
        );
        assert_eq!(w.weight(&c("Style/Awkward"), &Severity::Trivial), 0.1);
        w.set("major=10").unwrap();
        assert_eq!(w.weight(&c("Style/Awkward"), &Severity::Major), 10.0);
        assert_eq!(w.name, "custom");
        assert!(w.set("huge=1").is_err());
        assert!(w.set("major=abc").is_err());
        assert!(w.set("major").is_err());
        assert!(Weights::preset("nope").is_err());
    }
}
