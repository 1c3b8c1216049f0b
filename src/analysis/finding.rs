//! What an automatic analysis reports: a [`Finding`] names the check that fired, the MQM
//! category and severity it maps to, and the flagged span of the hypothesis line in characters
//! (code points), with the span's text and a note. [`Check`] lists every check with its default
//! category and severity (the table in the README).

use super::taxonomy::{Category, Severity};
use super::words::{char_range, Word};
use crate::error::{Error, Result, Setting};
use serde::Serialize;

/// Every automatic check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    // Edit-based classes (need a reference).
    Omission,
    Addition,
    Mistranslation,
    Inflection,
    WordOrder,
    UntranslatedWord,
    Punctuation,
    MissingPunctuation,
    // Whole-segment checks.
    Empty,
    Truncated,
    CopiedSource,
    WrongLanguage,
    LengthRatio,
    // Checks inside the hypothesis.
    RepeatedWords,
    Stutter,
    Brackets,
    Quotes,
    // Checks against the source.
    Numbers,
    Dates,
    MissingEntity,
    Glossary,
}

/// What a check needs besides the hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    Reference,
    Source,
    SourceOrReference,
}

impl Needs {
    /// Whether the inputs at hand (a source, at least one reference) are enough.
    pub fn met(self, has_source: bool, has_reference: bool) -> bool {
        match self {
            Needs::Nothing => true,
            Needs::Reference => has_reference,
            Needs::Source => has_source,
            Needs::SourceOrReference => has_source || has_reference,
        }
    }
}

impl Check {
    /// Every check, in report order.
    pub const ALL: [Check; 21] = [
        Check::Omission,
        Check::Addition,
        Check::Mistranslation,
        Check::Inflection,
        Check::WordOrder,
        Check::UntranslatedWord,
        Check::Punctuation,
        Check::MissingPunctuation,
        Check::Empty,
        Check::Truncated,
        Check::CopiedSource,
        Check::WrongLanguage,
        Check::LengthRatio,
        Check::RepeatedWords,
        Check::Stutter,
        Check::Brackets,
        Check::Quotes,
        Check::Numbers,
        Check::Dates,
        Check::MissingEntity,
        Check::Glossary,
    ];

    /// The name used in outputs and in `--checks`.
    pub fn name(self) -> &'static str {
        match self {
            Check::Omission => "omission",
            Check::Addition => "addition",
            Check::Mistranslation => "mistranslation",
            Check::Inflection => "inflection",
            Check::WordOrder => "word-order",
            Check::UntranslatedWord => "untranslated-word",
            Check::Punctuation => "punctuation",
            Check::MissingPunctuation => "missing-punctuation",
            Check::Empty => "empty",
            Check::Truncated => "truncated",
            Check::CopiedSource => "copied-source",
            Check::WrongLanguage => "wrong-language",
            Check::LengthRatio => "length-ratio",
            Check::RepeatedWords => "repeated-words",
            Check::Stutter => "stutter",
            Check::Brackets => "brackets",
            Check::Quotes => "quotes",
            Check::Numbers => "numbers",
            Check::Dates => "dates",
            Check::MissingEntity => "missing-entity",
            Check::Glossary => "glossary",
        }
    }

    /// Parses a check name.
    pub fn parse(name: &str) -> Result<Check> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
        Check::ALL
            .into_iter()
            .find(|check| check.name() == wanted)
            .ok_or_else(|| {
                Error::invalid_option(
                    Setting::Checks,
                    name,
                    format!(
                        "unknown check; choose from {}",
                        Check::ALL.map(Check::name).join(", ")
                    ),
                )
            })
    }

    /// Whether the check is an edit-based class (word alignment with a reference).
    pub fn is_edit_class(self) -> bool {
        matches!(
            self,
            Check::Omission
                | Check::Addition
                | Check::Mistranslation
                | Check::Inflection
                | Check::WordOrder
                | Check::UntranslatedWord
                | Check::Punctuation
                | Check::MissingPunctuation
        )
    }

    /// What the check needs to run.
    pub fn needs(self) -> Needs {
        match self {
            _ if self.is_edit_class() => Needs::Reference,
            Check::Empty | Check::Truncated | Check::LengthRatio => Needs::SourceOrReference,
            Check::CopiedSource
            | Check::Numbers
            | Check::Dates
            | Check::MissingEntity
            | Check::Glossary => Needs::Source,
            _ => Needs::Nothing,
        }
    }

    /// The MQM category and severity a finding gets unless the check says otherwise.
    pub fn default_mapping(self) -> (Category, Severity) {
        match self {
            Check::Omission => (Category::OMISSION, Severity::Minor),
            Check::Addition => (Category::ADDITION, Severity::Minor),
            Check::Mistranslation => (Category::MISTRANSLATION, Severity::Minor),
            Check::Inflection | Check::WordOrder => (Category::GRAMMAR, Severity::Minor),
            Check::UntranslatedWord => (Category::UNTRANSLATED, Severity::Minor),
            Check::Punctuation | Check::MissingPunctuation => {
                (Category::PUNCTUATION, Severity::Minor)
            }
            Check::Empty | Check::Truncated => (Category::OMISSION, Severity::Major),
            Check::CopiedSource => (Category::UNTRANSLATED, Severity::Major),
            Check::WrongLanguage => (Category::NON_TRANSLATION, Severity::Major),
            Check::LengthRatio => (Category::OMISSION, Severity::Major),
            Check::RepeatedWords => (Category::GRAMMAR, Severity::Minor),
            Check::Stutter => (Category::SPELLING, Severity::Minor),
            Check::Brackets | Check::Quotes => (Category::PUNCTUATION, Severity::Minor),
            Check::Numbers | Check::Dates => (Category::MISTRANSLATION, Severity::Major),
            Check::MissingEntity => (Category::MISTRANSLATION, Severity::Minor),
            Check::Glossary => (Category::TERMINOLOGY, Severity::Minor),
        }
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One flagged span of one hypothesis segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub check: Check,
    pub category: Category,
    pub severity: Severity,
    /// Character (code point) offsets in the hypothesis line; `start == end` marks a place
    /// (something is missing there).
    pub start: usize,
    pub end: usize,
    /// The characters `start..end` of the hypothesis.
    pub text: String,
    /// What was expected or why the span was flagged.
    pub note: String,
}

impl Finding {
    /// A finding on characters `start..end` of `line`, with the check's default mapping.
    pub fn span(check: Check, line: &str, start: usize, end: usize, note: String) -> Finding {
        Finding::with_text(
            check,
            (start, end.max(start)),
            char_range(line, start, end),
            note,
        )
    }

    /// A finding on `words` of `line` (consecutive, at least one), with the check's default
    /// mapping: [`Finding::span`] from the first word's start to the last one's end, its text
    /// cut at their byte offsets rather than found by counting characters.
    pub fn of_words(check: Check, line: &str, words: &[Word<'_>], note: String) -> Finding {
        let (first, last) = (&words[0], &words[words.len() - 1]);
        Finding::with_text(
            check,
            (first.start, last.end),
            &line[first.byte_start..last.byte_end],
            note,
        )
    }

    fn with_text(check: Check, (start, end): (usize, usize), text: &str, note: String) -> Finding {
        let (category, severity) = check.default_mapping();
        Finding {
            check,
            category,
            severity,
            start,
            end,
            text: text.to_string(),
            note,
        }
    }

    /// The finding without its text and note: all that counting it needs, copied without
    /// allocating.
    pub fn without_texts(&self) -> Finding {
        Finding {
            check: self.check,
            category: self.category.clone(),
            severity: self.severity.clone(),
            start: self.start,
            end: self.end,
            text: String::new(),
            note: String::new(),
        }
    }

    /// The same finding mapped to another category and severity.
    pub fn mapped(mut self, category: Category, severity: Severity) -> Finding {
        self.category = category;
        self.severity = severity;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_spans_are_characters() {
        for check in Check::ALL {
            assert_eq!(Check::parse(check.name()).unwrap(), check);
        }
        assert!(Check::parse("spelling").is_err());
        let finding = Finding::span(Check::Stutter, "Grüße reciprociprocy", 6, 20, String::new());
        assert_eq!(finding.text, "reciprociprocy");
        assert_eq!(finding.category, Category::SPELLING);
        let json = serde_json::to_value(&finding).unwrap();
        assert_eq!(json["check"], "stutter");
        assert_eq!(json["category"], "Fluency/Spelling");
        assert_eq!(json["severity"], "Minor");
    }
}
