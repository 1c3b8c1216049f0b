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

/// What the warnings need to know about the segments, gathered a block at a time so that
/// streamed scoring (which never holds a whole file) warns exactly as whole-file scoring does.
#[derive(Debug)]
pub struct SanityScan {
    /// Per system: lines ending in a tokenized period.
    tokenized: Vec<usize>,
    /// Per system: the first reference identical to it so far (all of them at the start).
    identical_to: Vec<Vec<usize>>,
    /// The first 2000 letters of the first reference, for guessing a CJK target.
    reference_letters: Vec<char>,
}

impl SanityScan {
    /// A scan of `systems` hypotheses against `references` references.
    pub fn new(references: usize, systems: usize) -> Self {
        SanityScan {
            tokenized: vec![0; systems],
            identical_to: vec![(0..references).collect(); systems],
            reference_letters: Vec::new(),
        }
    }

    /// Takes the next block of segments of every reference and every system (same length).
    pub fn observe(&mut self, references: &[&[String]], systems: &[&[String]]) {
        for (index, system) in systems.iter().enumerate() {
            self.tokenized[index] += system
                .iter()
                .filter(|s| ends_in_tokenized_period(s))
                .count();
            self.identical_to[index].retain(|&r| references[r] == *system);
        }
        if let Some(first) = references.first() {
            let missing = CJK_SAMPLE_LETTERS - self.reference_letters.len();
            self.reference_letters.extend(
                first
                    .iter()
                    .flat_map(|s| s.chars())
                    .filter(|c| c.is_alphabetic())
                    .take(missing),
            );
        }
    }

    /// The warnings once every segment is seen, for the files of `evaluation` (paths only) scored
    /// with `metrics`; `target` is `--lang`'s target language.
    pub fn warnings(
        &self,
        evaluation: &Evaluation,
        metrics: &[MetricConfig],
        target: Option<&str>,
    ) -> Vec<String> {
        let mut found = Vec::new();
        for (index, system) in evaluation.systems.iter().enumerate() {
            let path = system.file.path.display();
            let tokenized = self.tokenized[index];
            if tokenized >= TOKENIZED_PERIODS {
                found.push(format!(
                    "{path}: {tokenized} lines end in a tokenized period (' .'); it looks like you forgot \
                     to detokenize your test data, which may hurt your score"
                ));
            }
            if let Some(&reference) = self.identical_to[index].first() {
                found.push(format!(
                    "{path}: identical to the reference {}; is a reference being scored as a system \
                     (every --ref needs its own flag: -r A -r B HYP)?",
                    evaluation.references[reference].path.display()
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
            None => mostly_cjk(&self.reference_letters),
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
}

/// The warnings for a whole `evaluation` scored with `metrics`; `target` is `--lang`'s target
/// language.
pub fn warnings(
    evaluation: &Evaluation,
    metrics: &[MetricConfig],
    target: Option<&str>,
) -> Vec<String> {
    let references = evaluation.reference_streams();
    let systems = evaluation.system_streams();
    let mut scan = SanityScan::new(references.len(), systems.len());
    scan.observe(&references, &systems);
    scan.warnings(evaluation, metrics, target)
}

/// Han, kana and Hangul letters.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}' | '\u{20000}'..='\u{2A6DF}')
}

/// Letters of the first reference looked at to guess a CJK target.
const CJK_SAMPLE_LETTERS: usize = 2000;

/// True when at least a third of `letters` are CJK.
fn mostly_cjk(letters: &[char]) -> bool {
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
        let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).collect::<Vec<_>>();
        assert!(mostly_cjk(&letters("这是一个句子 abc")));
        assert!(!mostly_cjk(&letters("Das ist ein Satz 中")));
    }
}
