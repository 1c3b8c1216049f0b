//! Glossary terms not rendered as required (CheckMate TERMINOLOGY, Xbench key-term mismatch):
//! when a glossary source term occurs in the source segment and none of its approved target
//! terms occurs in the hypothesis → Terminology/Inappropriate for context, Minor, with an empty
//! span at the end of the hypothesis and the expected terms in the note.
//!
//! Terms match word by word, without case, on Snowball stems where the language has a stemmer
//! (so `sanctions` matches the term `sanction`, `Gipfeln` the term `Gipfel`), else on words
//! that start with the term's word.

use super::{CheckContext, SegmentView};
use crate::analysis::finding::{Check, Finding};
use crate::analysis::language::BaseForms;
use crate::analysis::words::{char_len, words, Word};

fn forms(words: &[Word<'_>], base_forms: &BaseForms) -> Vec<String> {
    words
        .iter()
        .map(|w| {
            let lower = w.lower_case();
            if base_forms.has_stemmer() {
                base_forms.base(&lower)
            } else {
                lower.into_owned()
            }
        })
        .collect()
}

fn contains(text: &[String], term: &[String], stemmed: bool) -> bool {
    if term.is_empty() || term.len() > text.len() {
        return false;
    }
    text.windows(term.len()).any(|window| {
        window.iter().zip(term).all(|(word, wanted)| {
            if stemmed {
                word == wanted
            } else {
                word.starts_with(wanted.as_str())
            }
        })
    })
}

pub(super) fn glossary(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    out: &mut Vec<Finding>,
) {
    let (Some(glossary), Some(source_words)) = (context.glossary, segment.source_words) else {
        return;
    };
    if glossary.entries.is_empty() {
        return;
    }
    let source_stemmed = context.source_base_forms.has_stemmer();
    let target_stemmed = context.target_base_forms.has_stemmer();
    let source_forms = forms(source_words, context.source_base_forms);
    let hypothesis_forms = forms(segment.hypothesis_words, context.target_base_forms);
    let end = char_len(segment.hypothesis);
    for entry in &glossary.entries {
        let term = forms(&words(&entry.source), context.source_base_forms);
        if !contains(&source_forms, &term, source_stemmed) {
            continue;
        }
        let rendered = entry.targets.iter().any(|target| {
            let target = forms(&words(target), context.target_base_forms);
            contains(&hypothesis_forms, &target, target_stemmed)
        });
        if !rendered {
            out.push(Finding::span(
                Check::Glossary,
                segment.hypothesis,
                end,
                end,
                format!(
                    "{:?} should be rendered as {}",
                    entry.source,
                    entry
                        .targets
                        .iter()
                        .map(|t| format!("{t:?}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{with_view, Owned};
    use crate::io::glossary::parse_glossary;
    use std::path::Path;

    fn notes(hypothesis: &str, source: &str, pair: (&str, &str)) -> Vec<String> {
        let glossary = parse_glossary(
            "summit,Gipfel|Gipfeltreffen\neconomic sanction,Wirtschaftssanktion\n".as_bytes(),
            b',',
            Path::new("g.csv"),
        )
        .unwrap();
        let owned = Owned {
            hypothesis: hypothesis.to_string(),
            source: Some(source.to_string()),
            references: vec![],
        };
        with_view(
            &owned,
            Some(pair.0),
            Some(pair.1),
            Some(&glossary),
            |view, context| {
                let mut out = Vec::new();
                glossary_check(view, context, &mut out);
                out.into_iter().map(|f| f.note).collect()
            },
        )
    }

    use super::glossary as glossary_check;

    #[test]
    fn required_renderings() {
        let source = "Biden proposed summits and new economic sanctions.";
        assert!(notes(
            "Biden schlug Gipfeltreffen und neue Wirtschaftssanktionen vor.",
            source,
            ("en", "de")
        )
        .is_empty());
        assert_eq!(
            notes(
                "Biden schlug Treffen und neue Wirtschaftssanktionen vor.",
                source,
                ("en", "de")
            ),
            vec!["\"summit\" should be rendered as \"Gipfel\" or \"Gipfeltreffen\""]
        );
        // No source term, nothing to check; without a stemmer words match by prefix.
        assert!(notes(
            "Biden schlug Treffen vor.",
            "Biden proposed meetings.",
            ("en", "de")
        )
        .is_empty());
        assert!(notes(
            "Biden navrhl Gipfeltreffen a Wirtschaftssanktionen.",
            source,
            ("en", "cs")
        )
        .is_empty());
    }
}
