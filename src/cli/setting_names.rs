//! How the command line names the library's settings in error messages: by the flag that sets
//! each one (a report manifest's keys and the positional arguments by their own names).

use mteval::error::{Error, Setting};

/// Which flag gives the document ids: `--ref-docs` for `mteval align`, `--doc-ids` elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentIdsFlag {
    DocIds,
    RefDocs,
}

/// The flag, key or argument name that sets `setting`.
pub fn flag_name(setting: Setting, document_ids: DocumentIdsFlag) -> &'static str {
    match setting {
        Setting::Input => "INPUT",
        Setting::Hypothesis => "HYP",
        Setting::References => "--ref",
        Setting::ReferenceNames => "--ref-name",
        Setting::Systems => "--system",
        Setting::Table => "--corpus",
        Setting::DocumentIds => match document_ids {
            DocumentIdsFlag::DocIds => "--doc-ids",
            DocumentIdsFlag::RefDocs => "--ref-docs",
        },
        Setting::LanguagePair => "pair",
        Setting::Language => "--lang",
        Setting::Normalization => "--normalize",
        Setting::MinConfidence => "--min-confidence",
        Setting::SmoothMethod => "--smooth-method",
        Setting::Tokenizer => "--tokenize",
        Setting::SentencePieceModel => "--spm-model",
        Setting::MecabDictionary => "--mecab-dic",
        Setting::OutputDirectory => "--out",
        Setting::Alpha => "--alpha",
        Setting::Samples => "--samples",
        Setting::FailBelow => "--fail-below",
        Setting::FailAbove => "--fail-above",
        Setting::Metrics => "--metrics",
        Setting::Weights => "--weights",
        Setting::Weight => "--weight",
        Setting::Checks => "--checks",
        Setting::StatisticsFiles => "FILE",
        Setting::HumanScores => "--human",
        Setting::MetricScores => "--metric-scores",
        Setting::ExternalScores => "--scores",
        Setting::OutputTable => "--table",
        Setting::EnvironmentVariable(name) | Setting::FrontEnd(name) => name,
        _ => setting.name(),
    }
}

/// The error's message as the command line prints it: settings named by their flags.
pub fn describe(err: &Error, document_ids: DocumentIdsFlag) -> String {
    err.describe(|setting| flag_name(setting, document_ids).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_print_as_the_flags_that_set_them() {
        let err = Error::invalid_option(Setting::DocumentIds, "d.txt", "3 ids for 4 segments");
        assert_eq!(
            describe(&err, DocumentIdsFlag::DocIds),
            "invalid value \"d.txt\" for --doc-ids: 3 ids for 4 segments"
        );
        assert_eq!(
            describe(&err, DocumentIdsFlag::RefDocs),
            "invalid value \"d.txt\" for --ref-docs: 3 ids for 4 segments"
        );
        assert_eq!(
            flag_name(Setting::LanguagePair, DocumentIdsFlag::DocIds),
            "pair"
        );
    }
}
