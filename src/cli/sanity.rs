//! Warnings about inputs that score without error but probably not as meant: hypotheses that
//! look tokenized ("forgot to detokenize?"), a Chinese/Japanese/Korean target scored with BLEU's
//! `13a` tokenizer, and a hypothesis file that is a reference (identical to one, or named like
//! one: the trap of `mteval score -r A B HYP`, which scores reference B as a system).

use super::warn;
use mteval::corpus::Evaluation;
use mteval::metrics::MetricConfig;

/// Lines ending in a tokenized period (` .`) from which sacreBLEU 1.x warned.
const TOKENIZED_PERIODS: usize = 100;

/// True when `segment` ends with a period split off by a tokenizer.
fn ends_in_tokenized_period(segment: &str) -> bool {
    segment.ends_with(" .")
}

/// True when a file name reads like a reference's (`*.ref.*`, `ref.*`, `*.ref`).
fn named_like_reference(name: &str) -> bool {
    name.split('.').any(|part| part.eq_ignore_ascii_case("ref"))
}

/// The warnings for `evaluation` scored with `metrics`; `target` is `--lang`'s target language.
pub fn warnings(
    evaluation: &Evaluation,
    metrics: &[MetricConfig],
    target: Option<&str>,
) -> Vec<String> {
    let mut found = Vec::new();
    for system in &evaluation.systems {
        let path = system.file.path.display();
        let tokenized = system
            .file
            .segments
            .iter()
            .filter(|s| ends_in_tokenized_period(s))
            .count();
        if tokenized >= TOKENIZED_PERIODS {
            found.push(format!(
                "{path}: {tokenized} lines end in a tokenized period (' .'); it looks like you forgot \
                 to detokenize your test data, which may hurt your score"
            ));
        }
        if let Some(reference) = evaluation
            .references
            .iter()
            .find(|r| r.segments == system.file.segments)
        {
            found.push(format!(
                "{path}: identical to the reference {}; is a reference being scored as a system \
                 (every --ref needs its own flag: -r A -r B HYP)?",
                reference.path.display()
            ));
        } else if system
            .file
            .path
            .file_name()
            .is_some_and(|name| named_like_reference(&name.to_string_lossy()))
        {
            found.push(format!(
                "{path}: named like a reference but scored as a system (every --ref needs its own \
                 flag: -r A -r B HYP)"
            ));
        }
    }
    let uses_13a = metrics
        .iter()
        .any(|m| matches!(m, MetricConfig::Bleu(bleu) if bleu.tokenizer.signature() == "13a"));
    let cjk_target = match target {
        Some(target) => matches!(target, "zh" | "ja" | "ko"),
        None => evaluation
            .references
            .first()
            .is_some_and(|reference| mostly_cjk(&reference.segments)),
    };
    if uses_13a && cjk_target {
        found.push(
            "BLEU with the 13a tokenizer on a Chinese, Japanese or Korean target: consider \
             --tokenize zh (Chinese), ja-mecab, ko-mecab or char, or --lang SRC-TGT to pick it"
                .to_string(),
        );
    }
    found
}

/// Han, kana and Hangul letters.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}' | '\u{20000}'..='\u{2A6DF}')
}

/// True when at least a third of the first 2000 letters of `segments` are CJK.
fn mostly_cjk(segments: &[String]) -> bool {
    let letters: Vec<char> = segments
        .iter()
        .flat_map(|s| s.chars())
        .filter(|c| c.is_alphabetic())
        .take(2000)
        .collect();
    !letters.is_empty() && letters.iter().filter(|&&c| is_cjk(c)).count() * 3 >= letters.len()
}

/// Prints [`warnings`] on stderr.
pub fn warn_about(evaluation: &Evaluation, metrics: &[MetricConfig], target: Option<&str>) {
    for warning in warnings(evaluation, metrics, target) {
        warn(&warning);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_reference_names_and_tokenized_periods() {
        assert!(named_like_reference("newstest.en-de.ref.B.de"));
        assert!(!named_like_reference("newstest.en-de.hyp.refine.de"));
        assert!(ends_in_tokenized_period("Das ist gut ."));
        assert!(!ends_in_tokenized_period("Das ist gut."));
        assert!(mostly_cjk(&["这是一个句子 abc".to_string()]));
        assert!(!mostly_cjk(&["Das ist ein Satz 中".to_string()]));
    }
}
