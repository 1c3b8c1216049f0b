//! sacreBLEU's resampling of a metric run: a single system's confidence interval
//! (`--confidence`) or the paired test of every system against the baseline (`--paired-bs`,
//! `--paired-ar`), with the seed recorded in the signature as sacreBLEU prints it.

use super::comparison::{
    compare_systems, ComparisonOptions, Method, MetricComparison, MetricSystems,
};
use super::resample::{Blocks, SharedDraws};
use crate::metrics::signature::Resampling;
use crate::metrics::{MetricConfig, MetricRun, Signature};

/// The resampling sacreBLEU was asked for, with its number of samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SacrebleuResampling {
    /// Scores only.
    None,
    /// Bootstrap confidence intervals of each system (`--confidence`).
    Confidence { samples: usize },
    /// Paired bootstrap resampling against the baseline (`--paired-bs`).
    PairedBootstrap { samples: usize },
    /// Paired approximate randomization against the baseline (`--paired-ar`).
    PairedRandomization { samples: usize },
}

/// The seed of the draws and how sacreBLEU prints it in the signature (`none` for a seed
/// drawn at random).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    pub value: u64,
    /// How a paired test prints it: the number (`str(int(text)).lower()`).
    pub label: String,
    /// How a single system's confidence interval prints it: the variable's text, lowercased
    /// (`str(text).lower()`, so ` 7` stays ` 7`).
    pub text: String,
}

impl Seed {
    /// `SACREBLEU_SEED` as sacreBLEU reads it, from the variable's value (sacreBLEU's default
    /// is `12345`): a non-negative integer as Python's `int()` reads one (spaces around it, a
    /// sign, `_` between digits), or `none` in any case for a seed drawn from the clock
    /// (labelled `none`). Anything else is refused with a message naming the variable.
    pub fn from_sacrebleu_variable(text: &str) -> std::result::Result<Seed, String> {
        let lowercased = text.to_lowercase();
        if lowercased == "none" {
            let value = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            return Ok(Seed {
                value,
                label: "none".to_string(),
                text: lowercased,
            });
        }
        match python_int(text) {
            Some(value) => Ok(Seed {
                value,
                label: value.to_string(),
                text: lowercased,
            }),
            None => Err(format!(
                "SACREBLEU_SEED={text}: a seed is a non-negative integer below 2^64 or `none`"
            )),
        }
    }
}

/// Python's `int(text)` for a value that fits in a `u64`: surrounding whitespace, an optional
/// sign (`-0` is 0), ASCII digits with single underscores between them.
fn python_int(text: &str) -> Option<u64> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let well_formed = !digits.is_empty()
        && digits
            .split('_')
            .all(|run| !run.is_empty() && run.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return None;
    }
    let value: u64 = digits.replace('_', "").parse().ok()?;
    (!negative || value == 0).then_some(value)
}

/// One metric's run, its printed signature and, with resampling, the comparison.
pub struct ResampledRun {
    pub run: MetricRun,
    pub signature: Signature,
    pub comparison: Option<MetricComparison>,
}

impl ResampledRun {
    /// `run` without resampling: its scores and signature as they are.
    pub fn scores_only(run: MetricRun) -> ResampledRun {
        ResampledRun {
            signature: run.signature.clone(),
            comparison: None,
            run,
        }
    }
}

/// `run` of `metric` with the resampling sacreBLEU does for `resampling`.
pub fn resample_run(
    metric: &MetricConfig,
    run: MetricRun,
    resampling: SacrebleuResampling,
    seed: &Seed,
) -> ResampledRun {
    let (method, signed, samples) = match resampling {
        SacrebleuResampling::None => return ResampledRun::scores_only(run),
        SacrebleuResampling::Confidence { samples }
        | SacrebleuResampling::PairedBootstrap { samples } => {
            (Method::Bootstrap, Resampling::Bootstrap, samples)
        }
        SacrebleuResampling::PairedRandomization { samples } => {
            (Method::Randomization, Resampling::Randomization, samples)
        }
    };
    let segments = run.systems[0]
        .statistics
        .as_ref()
        .map_or(0, |s| s.segments());
    let inputs = MetricSystems::from_run(metric, run.clone());
    let comparison = compare_systems(
        &inputs,
        &ComparisonOptions {
            method,
            samples,
            seed: seed.value,
            blocks: Blocks::segments(segments),
            documents: false,
            all_pairs: false,
            alpha: 0.05,
            draws: SharedDraws::default(),
        },
    );
    let label = match resampling {
        SacrebleuResampling::Confidence { .. } => &seed.text,
        _ => &seed.label,
    };
    let signature = with_seed_label(
        run.signature.with_resampling(signed, samples, seed.value),
        label,
    );
    ResampledRun {
        signature,
        comparison: Some(comparison),
        run,
    }
}

/// The signature with `seed` printed as sacreBLEU prints it (`none` for a random seed).
fn with_seed_label(signature: Signature, label: &str) -> Signature {
    let mut relabelled = Signature::default();
    for entry in signature.entries() {
        let value = if entry.key == "seed" {
            label.to_string()
        } else {
            entry.value.clone()
        };
        relabelled.push(entry.key, entry.short, value);
    }
    relabelled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sacrebleu_seed_values_are_integers_or_none() {
        let seed = Seed::from_sacrebleu_variable(" 7").unwrap();
        assert_eq!(
            (seed.value, seed.label.as_str(), seed.text.as_str()),
            (7, "7", " 7")
        );
        let none = Seed::from_sacrebleu_variable("None").unwrap();
        assert_eq!((none.label.as_str(), none.text.as_str()), ("none", "none"));
        for (text, value) in [("+7", 7), ("1_0", 10), ("-0", 0), ("\t42\n", 42)] {
            assert_eq!(
                Seed::from_sacrebleu_variable(text).unwrap().value,
                value,
                "{text:?}"
            );
        }
        for text in [
            "-1",
            "",
            "1__0",
            "_1",
            "1_",
            "0x10",
            "1.0",
            "18446744073709551616",
        ] {
            assert_eq!(
                Seed::from_sacrebleu_variable(text).unwrap_err(),
                format!(
                    "SACREBLEU_SEED={text}: a seed is a non-negative integer below 2^64 or `none`"
                )
            );
        }
    }

    #[test]
    fn a_random_seed_is_printed_as_none_in_place() {
        let mut signature = Signature::default();
        signature.push("nrefs", "nrefs", "1");
        signature.push("case", "c", "mixed");
        let labelled = with_seed_label(
            signature.with_resampling(Resampling::Bootstrap, 1000, 987),
            "none",
        );
        let entries: Vec<(&str, &str)> = labelled
            .entries()
            .iter()
            .map(|entry| (entry.key, entry.value.as_str()))
            .collect();
        assert_eq!(
            entries,
            [
                ("nrefs", "1"),
                ("bs", "1000"),
                ("seed", "none"),
                ("case", "mixed")
            ]
        );
    }
}
