//! Parity of `mteval compare` with sacreBLEU 2.6.0's `--paired-bs`, `--paired-ar` and
//! `--confidence` on WMT22 en-de and de-fr (all systems, BLEU, chrF and TER): the golden files in
//! `tests/golden/significance/` hold sacreBLEU's printed table (4 decimals) and the same figures
//! at full precision from its API. Also: the generator reproduces NumPy's draws for several seeds.

use crate::common;

use common::{golden, json_stdout, mteval, shared_datasets};
use mteval::stats::rng::NumpyRng;
use serde_json::Value;
use std::path::Path;

fn compare_json(wmt22: &Path, pair: &str, files: &[String], extra: &[&str]) -> Value {
    let target = pair.split_once('-').unwrap().1;
    let reference = wmt22.join(format!("references/generaltest2022.{pair}.ref.A.{target}"));
    json_stdout(
        mteval()
            .arg("compare")
            .arg("--ref")
            .arg(reference)
            .args(["-m", "bleu,chrf,ter", "--format", "json"])
            .args(extra)
            .args(files.iter().map(|f| wmt22.join("system-outputs").join(f))),
    )
}

/// The record of `file` under `metric` in mteval's output.
fn record<'a>(ours: &'a Value, file: &str, metric: &str) -> &'a Value {
    ours["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == metric && r["file"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no {metric} record for {file}"))
}

/// Asserts the figure prints as sacreBLEU printed it and equals its full-precision value.
fn assert_figure(ours: &Value, printed: &Value, full: &Value, what: &str) {
    if printed.is_null() {
        assert!(ours.is_null(), "{what}: expected null, got {ours}");
        return;
    }
    let ours = ours.as_f64().unwrap_or_else(|| panic!("{what}: missing"));
    assert_eq!(
        &format!("{ours:.4}"),
        printed.as_str().unwrap(),
        "{what} as printed"
    );
    let full = full.as_f64().unwrap();
    assert!(
        (ours - full).abs() <= 1e-9,
        "{what}: mteval {ours:?} != sacreBLEU {full:?}"
    );
}

fn check_paired(pair: &str, method: &str, extra: &[&str]) {
    let Some(shared) = shared_datasets() else {
        return;
    };
    let printed = golden(&format!("significance/{pair}.paired-{method}.json"));
    let full = golden(&format!("significance/{pair}.paired-full.json"));
    let full = &full[method];
    let files: Vec<String> = printed["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap().to_string())
        .collect();
    let ours = compare_json(&shared.join("wmt22"), pair, &files, extra);
    let mut checked = 0;
    for (system, system_full) in printed["systems"]
        .as_array()
        .unwrap()
        .iter()
        .zip(full["systems"].as_array().unwrap())
    {
        let file = system["file"].as_str().unwrap();
        for (metric, figures) in system["metrics"].as_object().unwrap() {
            let ours = record(&ours, file, metric);
            for key in ["score", "mean", "ci", "p_value"] {
                let what = format!("{pair} {method} {file} {metric} {key}");
                assert_figure(
                    &ours[key],
                    &figures[key],
                    &system_full["metrics"][metric][key],
                    &what,
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 6 * 3 * 4, "only {checked} figures compared");
    eprintln!("{pair} --paired-{method}: {checked} figures equal sacreBLEU 2.6.0");
}

#[test]
fn paired_bootstrap_matches_sacrebleu_en_de() {
    check_paired("en-de", "bs", &[]);
}

#[test]
fn paired_bootstrap_matches_sacrebleu_de_fr() {
    check_paired("de-fr", "bs", &[]);
}

#[test]
fn approximate_randomization_matches_sacrebleu_en_de() {
    check_paired("en-de", "ar", &["--method", "ar"]);
}

#[test]
fn approximate_randomization_matches_sacrebleu_de_fr() {
    check_paired("de-fr", "ar", &["--method", "ar"]);
}

#[test]
fn single_system_confidence_matches_sacrebleu() {
    let Some(shared) = shared_datasets() else {
        return;
    };
    let expected = golden("significance/en-de.confidence.json");
    let file = expected["system"].as_str().unwrap().to_string();
    let ours = compare_json(
        &shared.join("wmt22"),
        "en-de",
        std::slice::from_ref(&file),
        &[],
    );
    let mut checked = 0;
    for (metric, printed) in expected["metrics"].as_object().unwrap() {
        let ours = record(&ours, &file, metric);
        for key in ["score", "mean", "ci"] {
            let what = format!("--confidence {metric} {key}");
            assert_figure(
                &ours[key],
                &printed[key],
                &expected["full"][metric][key],
                &what,
            );
            checked += 1;
        }
        assert_eq!(
            common::without_version(ours["signature"].as_str().unwrap()),
            common::without_version(printed["signature"].as_str().unwrap())
        );
    }
    assert_eq!(
        checked, 9,
        "expected score, mean and CI for BLEU, chrF and TER"
    );
}

#[test]
fn generator_reproduces_numpy_draws() {
    let vectors = golden("significance/rng.json");
    let seeds = vectors["seeds"].as_array().unwrap();
    assert_eq!(seeds.len(), 5);
    for case in seeds {
        let seed = u128::from(case["seed"].as_u64().unwrap());
        let mut rng = NumpyRng::new(seed);
        for value in case["random_raw_8"].as_array().unwrap() {
            let expected: u64 = value.as_str().unwrap().parse().unwrap();
            assert_eq!(rng.next_u64(), expected, "raw draw, seed {seed}");
        }
        let choice: Vec<u64> = case["choice_2037_size_2x10"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let mut rng = NumpyRng::new(seed);
        let ours: Vec<u64> = (0..20).map(|_| u64::from(rng.below(2037))).collect();
        assert_eq!(ours, choice, "choice(2037), seed {seed}");
        let booleans: Vec<bool> = case["integers_2_size_2x32_bool"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() == 1)
            .collect();
        assert_eq!(
            NumpyRng::new(seed).booleans(64),
            booleans,
            "booleans, seed {seed}"
        );
    }
}
