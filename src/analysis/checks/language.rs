//! Output-language check with the `whatlang` identifier: a hypothesis of at least 5 words and
//! 20 letters that is reliably identified as another language than the target (`--lang`, else
//! the majority language of the references or outputs) is flagged as a whole. Output in the
//! source language → Accuracy/Untranslated text, Major; in a third language → Non-translation,
//! Major (`error-classification.md` §5, "garbled / unrelated output"). Languages the
//! identifier confuses on short texts (Danish/Norwegian/Swedish, Croatian/Serbian/Slovene, …)
//! do not count as different.

use super::{CheckContext, SegmentView};
use crate::analysis::finding::{Check, Finding};
use crate::analysis::language::Language;
use crate::analysis::taxonomy::{Category, Severity};
use crate::analysis::words::{char_len, WordKind};

pub(super) fn wrong_language(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(target) = context.target_language else {
        return;
    };
    let words = segment
        .hypothesis_words
        .iter()
        .filter(|w| w.kind == WordKind::Word)
        .count();
    let letters = segment
        .hypothesis
        .chars()
        .filter(|c| c.is_alphabetic())
        .count();
    if words < 5 || letters < 20 {
        return;
    }
    let Some(info) = whatlang::detect(segment.hypothesis) else {
        return;
    };
    if !info.is_reliable() || target.confusable_with(info.lang()) {
        return;
    }
    let detected = Language::from_lang(info.lang());
    let in_source_language = context
        .source_language
        .is_some_and(|source| source.lang == info.lang());
    let finding = Finding::span(
        Check::WrongLanguage,
        segment.hypothesis,
        0,
        char_len(segment.hypothesis),
        format!(
            "the output looks like {} ({}), not {}",
            info.lang().eng_name(),
            detected.code,
            target.code
        ),
    );
    out.push(if in_source_language {
        finding.mapped(Category::UNTRANSLATED, Severity::Major)
    } else {
        finding
    });
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn flags_reliably_identified_other_languages() {
        let english = "Biden said the United States does not seek to open a cycle of escalating tensions with Russia.";
        let found = run(
            wrong_language,
            english,
            Some(english),
            None,
            Some(("en", "de")),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].category, Category::UNTRANSLATED);
        let french = "Le président a proposé un sommet avec la Russie en Europe cet été pour discuter des relations.";
        let found = run(
            wrong_language,
            french,
            Some(english),
            None,
            Some(("en", "de")),
        );
        assert_eq!(found[0].category, Category::NON_TRANSLATION);
        assert!(found[0].note.contains("French"), "{}", found[0].note);
        let german = "Biden sagte, die Vereinigten Staaten wollten keinen Kreislauf eskalierender Spannungen mit Russland eröffnen.";
        assert!(run(
            wrong_language,
            german,
            Some(english),
            None,
            Some(("en", "de"))
        )
        .is_empty());
        // Short segments and unknown targets are not judged.
        assert!(run(
            wrong_language,
            "Joe Biden, USA",
            None,
            None,
            Some(("en", "de"))
        )
        .is_empty());
        assert!(run(wrong_language, english, None, None, None).is_empty());
    }
}
