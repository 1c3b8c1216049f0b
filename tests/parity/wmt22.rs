//! Parity with sacreBLEU 2.6.0 on the WMT22 system outputs in `../shared/datasets`: every
//! golden corpus score (BLEU with every tokenizer, chrF, chrF++, TER) and sentence score in
//! `tests/golden/wmt22-*.json` must be reproduced to 1e-9, with the same signature.

use crate::common;

use common::{assert_score_eq, golden, metric_from_config, shared_datasets, without_version};
use mteval::io::{read_segments, ReadOptions};
use mteval::metrics::RunOptions;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn target_language(pair: &str) -> &str {
    pair.split_once('-').expect("pair is SRC-TGT").1
}

fn reference_streams(wmt22: &Path, pair: &str, refs: &Value) -> Vec<Vec<String>> {
    refs.as_array()
        .unwrap()
        .iter()
        .map(|name| {
            let path = wmt22.join(format!(
                "references/generaltest2022.{pair}.ref.{}.{}",
                name.as_str().unwrap(),
                target_language(pair)
            ));
            read_segments(&path, ReadOptions::default())
                .unwrap()
                .segments
        })
        .collect()
}

fn system_stream(wmt22: &Path, pair: &str, system: &str) -> Vec<String> {
    let path = wmt22.join(format!(
        "system-outputs/generaltest2022.{pair}.hyp.{system}.{}",
        target_language(pair)
    ));
    read_segments(&path, ReadOptions::default())
        .unwrap()
        .segments
}

/// Golden records grouped by (pair, refs, metric, config), so all systems of a group are
/// scored in one run, as `mteval score` does.
fn grouped(records: &[Value]) -> BTreeMap<String, Vec<&Value>> {
    let mut groups: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for record in records {
        let key = format!(
            "{} {} {} {}",
            record["pair"], record["refs"], record["metric"], record["config"]
        );
        groups.entry(key).or_default().push(record);
    }
    groups
}

#[test]
fn corpus_scores_match_sacrebleu() {
    let Some(shared) = shared_datasets() else {
        return;
    };
    let wmt22 = shared.join("wmt22");
    let records = golden("wmt22-corpus.json");
    let records = records.as_array().unwrap();
    let mut checked = 0;
    for group in grouped(records).values() {
        let first = group[0];
        let pair = first["pair"].as_str().unwrap();
        let metric = metric_from_config(first["metric"].as_str().unwrap(), &first["config"]);
        let refs = reference_streams(&wmt22, pair, &first["refs"]);
        let systems: Vec<Vec<String>> = group
            .iter()
            .map(|r| system_stream(&wmt22, pair, r["system"].as_str().unwrap()))
            .collect();
        let ref_slices: Vec<&[String]> = refs.iter().map(Vec::as_slice).collect();
        let system_slices: Vec<&[String]> = systems.iter().map(Vec::as_slice).collect();
        let run = metric.run(&ref_slices, &system_slices, RunOptions::default());
        assert_eq!(
            without_version(&run.signature.format(false)),
            without_version(first["signature"].as_str().unwrap()),
            "signature for {pair} {}",
            first["metric"]
        );
        for (record, scores) in group.iter().zip(&run.systems) {
            let what = format!(
                "{pair} {} refs {} {} {}",
                record["system"], record["refs"], record["metric"], record["config"]
            );
            assert_eq!(scores.corpus.metric, record["metric"].as_str().unwrap());
            assert_score_eq(
                scores.corpus.score,
                record["score"].as_f64().unwrap(),
                &what,
            );
            let details = serde_json::to_value(&scores.corpus).unwrap();
            for key in ["counts", "totals", "sys_len", "ref_len", "edits"] {
                if let Some(expected) = record.get(key) {
                    assert_eq!(&details[key], expected, "{key} of {what}");
                }
            }
            for key in ["bp", "ref_length"] {
                if let Some(expected) = record.get(key) {
                    assert_score_eq(
                        details[key].as_f64().unwrap(),
                        expected.as_f64().unwrap(),
                        &what,
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, records.len());
    eprintln!("{checked} corpus scores equal sacreBLEU 2.6.0");
}

#[test]
fn sentence_scores_match_sacrebleu() {
    let Some(shared) = shared_datasets() else {
        return;
    };
    let wmt22 = shared.join("wmt22");
    let records = golden("wmt22-sentence.json");
    let mut checked = 0;
    for record in records.as_array().unwrap() {
        let pair = record["pair"].as_str().unwrap();
        let metric = metric_from_config(record["metric"].as_str().unwrap(), &record["config"]);
        let refs = reference_streams(&wmt22, pair, &record["refs"]);
        let system = system_stream(&wmt22, pair, record["system"].as_str().unwrap());
        let ref_slices: Vec<&[String]> = refs.iter().map(Vec::as_slice).collect();
        let run = metric.run(
            &ref_slices,
            &[system.as_slice()],
            RunOptions {
                sentence_scores: true,
                statistics: false,
            },
        );
        assert_eq!(
            without_version(&run.sentence_signature.format(false)),
            without_version(record["signature"].as_str().unwrap())
        );
        let expected = record["scores"].as_array().unwrap();
        assert_eq!(run.systems[0].segments.len(), expected.len());
        for (i, (ours, theirs)) in run.systems[0].segments.iter().zip(expected).enumerate() {
            let what = format!(
                "{pair} {} {} segment {}",
                record["system"],
                record["metric"],
                i + 1
            );
            assert_score_eq(ours.score, theirs.as_f64().unwrap(), &what);
            checked += 1;
        }
    }
    eprintln!("{checked} sentence scores equal sacreBLEU 2.6.0");
}
