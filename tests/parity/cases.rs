//! Parity with sacreBLEU 2.6.0 on small literal cases (`tests/golden/edge-cases.json`: empty
//! segments, ties, whitespace oddities, the zh range quirk, every smoothing, chrF and TER
//! options …) and on tokenizer outputs (`tests/golden/tokenizers.json`). Needs no shared data.

use crate::common;

use common::{assert_score_eq, golden, metric_from_config, without_version};
use mteval::metrics::RunOptions;
use mteval::tokenize::tercom::{tercom_tokenize, TercomOptions};
use mteval::tokenize::tokenizer_by_name;
use serde_json::Value;

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn edge_cases_match_sacrebleu() {
    let cases = golden("edge-cases.json");
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 80, "only {} edge cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let metric = metric_from_config(case["metric"].as_str().unwrap(), &case["config"]);
        let hyps = strings(&case["hyps"]);
        let refs: Vec<Vec<String>> = case["refs"]
            .as_array()
            .unwrap()
            .iter()
            .map(strings)
            .collect();
        let (hyps, refs) = if case["sentence_level"].as_bool().unwrap_or(false) {
            (
                hyps[..1].to_vec(),
                refs.iter().map(|r| r[..1].to_vec()).collect(),
            )
        } else {
            (hyps, refs)
        };
        let ref_slices: Vec<&[String]> = refs.iter().map(Vec::as_slice).collect();
        let run = metric.run(&ref_slices, &[hyps.as_slice()], RunOptions::default());
        let score = &run.systems[0].corpus;
        assert_score_eq(score.score, case["score"].as_f64().unwrap(), name);
        assert_eq!(
            without_version(&run.signature.format(false)),
            without_version(case["signature"].as_str().unwrap()),
            "signature of {name}"
        );
        let details = serde_json::to_value(score).unwrap();
        for key in ["counts", "totals", "sys_len", "ref_len", "edits"] {
            if let Some(expected) = case.get(key) {
                assert_eq!(
                    details[key]
                        .as_array()
                        .map(|a| a.iter().map(|v| v.as_f64()).collect::<Vec<_>>()),
                    expected
                        .as_array()
                        .map(|a| a.iter().map(|v| v.as_f64()).collect::<Vec<_>>()),
                    "{key} of {name}"
                );
                if !expected.is_array() {
                    assert_eq!(details[key].as_f64(), expected.as_f64(), "{key} of {name}");
                }
            }
        }
    }
}

#[test]
fn bleu_tokenizers_match_sacrebleu() {
    let cases = golden("tokenizers.json");
    for name in ["13a", "intl", "zh", "char"] {
        let tokenizer = tokenizer_by_name(name).unwrap();
        let pairs = cases[name].as_array().unwrap();
        assert!(pairs.len() > 100, "{name}: only {} cases", pairs.len());
        for pair in pairs {
            let input = pair[0].as_str().unwrap();
            let expected = pair[1].as_str().unwrap();
            let ours = tokenizer.tokenize(input);
            // sacreBLEU's output is re-split on whitespace by BLEU; compare token lists.
            let ours: Vec<&str> = mteval::text::python_split(&ours).collect();
            let theirs: Vec<&str> = mteval::text::python_split(expected).collect();
            assert_eq!(ours, theirs, "{name} tokenizer on {input:?}");
        }
    }
}

#[test]
fn tercom_tokenizer_matches_sacrebleu() {
    let cases = golden("tokenizers.json");
    let cases = cases["tercom"].as_array().unwrap();
    assert!(cases.len() > 100);
    for case in cases {
        let flag = |key: &str| case[key].as_bool().unwrap();
        let options = TercomOptions {
            normalized: flag("normalized"),
            no_punct: flag("no_punct"),
            asian_support: flag("asian_support"),
            case_sensitive: flag("case_sensitive"),
        };
        let input = case["input"].as_str().unwrap();
        assert_eq!(
            tercom_tokenize(input, &options),
            case["output"].as_str().unwrap(),
            "tercom {options:?} on {input:?}"
        );
    }
}
