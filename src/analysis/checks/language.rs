//! Output-language check with the `whatlang` identifier: a hypothesis of at least 5 words and
//! 20 letters identified as another language than the target (`--lang`, else the majority
//! language of the references or outputs) is flagged as a whole:
//! - identified as the source language with confidence ≥ 0.5 → Accuracy/Untranslated text,
//!   Major (the output was left untranslated);
//! - identified as a third language with confidence ≥ 0.8 → Non-translation, Major
//!   (`error-classification.md` §5, "garbled / unrelated output").
//!
//! On single sentences whatlang's confidence is low and noisy: over the WMT22 references, a
//! third language is reported with confidence ≥ 0.5 for about 1 sentence in 300 (product names,
//! English titles), ≥ 0.8 for about 1 in 2000, hence the two thresholds. Languages the
//! identifier confuses (Danish/Norwegian/Swedish, Croatian/Serbian/Slovene, German/Dutch/
//! Afrikaans, …) do not count as different.
//!
//! For speed, each segment is first identified among the target, the source language and
//! English only (five times faster than among all 69 languages; no scoring at all when only
//! one of them is written in the segment's script); only a segment not found to be in the
//! target language there is identified among all languages.

use super::{CheckContext, SegmentView};
use crate::analysis::finding::{Check, Finding};
use crate::analysis::language::Language;
use crate::analysis::taxonomy::{Category, Severity};
use crate::analysis::words::{char_len, WordKind};
use whatlang::{Detector, Lang, Script};

pub(super) fn wrong_language(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(target) = context.target_language else {
        return;
    };
    // At least 5 words and 20 letters (counted no further than that).
    let words = segment
        .hypothesis_words
        .iter()
        .filter(|w| w.kind == WordKind::Word);
    let letters = segment.hypothesis.chars().filter(|c| c.is_alphabetic());
    if words.take(5).count() < 5 || letters.take(20).count() < 20 {
        return;
    }
    let mut shortlist = vec![target.lang, Lang::Eng];
    if let Some(source) = context.source_language {
        shortlist.push(source.lang);
    }
    shortlist.sort_by_key(|lang| lang.code());
    shortlist.dedup();
    if shortlist.len() >= 2
        && detect_among(shortlist, segment.hypothesis).is_some_and(|lang| lang == target.lang)
    {
        return;
    }
    let Some(info) = whatlang::detect(segment.hypothesis) else {
        return;
    };
    if target.confusable_with(info.lang()) {
        return;
    }
    let in_source_language = context
        .source_language
        .is_some_and(|source| source.lang == info.lang());
    let threshold = if in_source_language { 0.5 } else { 0.8 };
    if info.confidence() < threshold && !info.is_reliable() {
        return;
    }
    let detected = Language::from_lang(info.lang());
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

/// `Detector::with_allowlist(shortlist).detect_lang(text)`, without its alphabet and trigram
/// scoring when only one shortlisted language is written in the text's script (Latin text
/// checked among English and Japanese): whatlang scores only the allowed languages of that
/// script, so the one there is its answer. Mandarin is left to whatlang, which tells Chinese
/// from Japanese by the share of kana.
fn detect_among(shortlist: Vec<Lang>, text: &str) -> Option<Lang> {
    let only_in = |script: Script| {
        let mut in_script = shortlist
            .iter()
            .filter(|lang| script.langs().contains(lang));
        match (in_script.next(), in_script.next()) {
            (Some(&only), None) if script != Script::Mandarin => Some(only),
            _ => None,
        }
    };
    // The text's script is found by reading all of it, which whatlang does again: only when
    // some script has one shortlisted language (not for German and English, both Latin).
    if Script::all()
        .iter()
        .any(|&script| only_in(script).is_some())
    {
        if let Some(only) = whatlang::detect_script(text).and_then(only_in) {
            return Some(only);
        }
    }
    Detector::with_allowlist(shortlist).detect_lang(text)
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

    #[test]
    fn the_shortlist_answer_is_whatlangs() {
        let texts = [
            "Biden said the United States does not seek to open a cycle of escalating tensions.",
            "Le président a proposé un sommet avec la Russie en Europe cet été.",
            "Байден заявил, что США не стремятся открыть цикл эскалации напряженности.",
            "Байден заявив, що США не прагнуть відкрити цикл ескалації напруженості.",
            "バイデン氏は、米国は緊張の高まりのサイクルを開こうとはしていないと述べた。",
            "拜登说，美国不寻求开启紧张局势升级的循环。",
            "바이든은 미국이 긴장 고조의 악순환을 열려고 하지 않는다고 말했다.",
            "12345 !!!",
        ];
        let shortlists = [
            vec![Lang::Eng, Lang::Jpn],
            vec![Lang::Eng, Lang::Rus],
            vec![Lang::Ces, Lang::Eng, Lang::Ukr],
            vec![Lang::Cmn, Lang::Eng],
            vec![Lang::Deu, Lang::Eng, Lang::Fra],
        ];
        for text in texts {
            for shortlist in &shortlists {
                assert_eq!(
                    detect_among(shortlist.clone(), text),
                    Detector::with_allowlist(shortlist.clone()).detect_lang(text),
                    "{text} among {shortlist:?}"
                );
            }
        }
        // Latin text among English and Japanese is English, Cyrillic among Czech, English and
        // Ukrainian is Ukrainian, however Russian it reads.
        assert_eq!(
            detect_among(vec![Lang::Eng, Lang::Jpn], texts[1]),
            Some(Lang::Eng)
        );
        assert_eq!(
            detect_among(vec![Lang::Ces, Lang::Eng, Lang::Ukr], texts[2]),
            Some(Lang::Ukr)
        );
        assert_eq!(
            detect_among(vec![Lang::Cmn, Lang::Eng], texts[4]),
            Some(Lang::Jpn)
        );
    }
}
