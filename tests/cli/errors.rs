//! `mteval errors` on hand-made fixtures (`tests/data/errors/`): every check fires on its
//! positive line and on no negative line, with and without reference and source; the JSON,
//! CSV and text outputs; errors for bad inputs.
//!
//! `qa.*` holds two lines per check (positive, then negative) with the checks expected per
//! line in `qa.expected.tsv`; `edits.*` one line per edit-based class against one reference,
//! expected in `edits.expected.tsv`.

use crate::common;

use common::{json_stdout, mteval};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const EDIT_CLASSES: &[&str] = &[
    "omission",
    "addition",
    "mistranslation",
    "inflection",
    "word-order",
    "untranslated-word",
    "punctuation",
    "missing-punctuation",
];

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/errors")
        .join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn json(args: &[&str]) -> Value {
    json_stdout(mteval().args(args))
}

/// segment → expected check names.
fn expected(name: &str) -> BTreeMap<u64, BTreeSet<String>> {
    std::fs::read_to_string(data(name))
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| {
            let (segment, checks) = line.split_once('\t').unwrap_or((line, ""));
            let checks = checks
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            (segment.parse().unwrap(), checks)
        })
        .collect()
}

/// segment → check names found, keeping only checks that `keep` accepts.
fn found(document: &Value, keep: impl Fn(&str) -> bool) -> BTreeMap<u64, BTreeSet<String>> {
    let mut out: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for finding in document["findings"].as_array().unwrap() {
        let check = finding["check"].as_str().unwrap();
        if keep(check) {
            out.entry(finding["segment"].as_u64().unwrap())
                .or_default()
                .insert(check.to_string());
        }
    }
    out
}

fn qa_run(extra: &[&str]) -> Value {
    let (src, reference, hyp, glossary) = (
        data("qa.src.en"),
        data("qa.ref.de"),
        data("qa.hyp.de"),
        data("glossary.csv"),
    );
    let mut args = vec![
        "errors",
        "--format",
        "json",
        "--lang",
        "en-de",
        "--source",
        arg(&src),
        "--ref",
        arg(&reference),
        "--glossary",
        arg(&glossary),
        arg(&hyp),
    ];
    args.extend_from_slice(extra);
    json(&args)
}

#[test]
fn every_check_fires_on_its_positive_line_only() {
    let document = qa_run(&[]);
    let expected = expected("qa.expected.tsv");
    let found = found(&document, |check| !EDIT_CLASSES.contains(&check));
    for (segment, checks) in &expected {
        let empty = BTreeSet::new();
        assert_eq!(
            found.get(segment).unwrap_or(&empty),
            checks,
            "segment {segment}: {:?}",
            document["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["segment"] == *segment)
                .collect::<Vec<_>>()
        );
    }
    // Every non-edit check has a positive line.
    let covered: BTreeSet<&String> = expected.values().flatten().collect();
    assert_eq!(covered.len(), 13, "{covered:?}");
}

#[test]
fn every_edit_class_fires_on_its_line_only() {
    let document = json(&[
        "errors",
        "--format",
        "json",
        "--lang",
        "en-de",
        "--source",
        arg(&data("edits.src.en")),
        "--ref",
        arg(&data("edits.ref.de")),
        arg(&data("edits.hyp.de")),
    ]);
    let expected = expected("edits.expected.tsv");
    let found = found(&document, |check| EDIT_CLASSES.contains(&check));
    for (segment, checks) in &expected {
        let empty = BTreeSet::new();
        assert_eq!(
            found.get(segment).unwrap_or(&empty),
            checks,
            "segment {segment}"
        );
    }
    let covered: BTreeSet<&String> = expected.values().flatten().collect();
    assert_eq!(covered.len(), EDIT_CLASSES.len());
    let classes = &document["systems"][0]["classes"];
    assert_eq!(classes["omission"]["words"], 1);
    assert_eq!(classes["word_order"]["words"], 2);
    assert_eq!(classes["reference_tokens"], 9 * 10);
    let rate = classes["inflection"]["rate"].as_f64().unwrap();
    assert!((rate - 100.0 / 90.0).abs() < 1e-12, "{rate}");
    assert_eq!(document["stemmer"], true);
}

#[test]
fn findings_point_into_the_hypothesis_and_map_to_the_tree() {
    let document = qa_run(&[]);
    let hypotheses: Vec<String> = std::fs::read_to_string(data("qa.hyp.de"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let findings = document["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for finding in findings {
        let keys: BTreeSet<&str> = finding
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "system", "file", "segment", "check", "category", "severity", "start", "end",
                "text", "note"
            ])
        );
        let line = &hypotheses[finding["segment"].as_u64().unwrap() as usize - 1];
        let (start, end) = (
            finding["start"].as_u64().unwrap() as usize,
            finding["end"].as_u64().unwrap() as usize,
        );
        let text: String = line.chars().skip(start).take(end - start).collect();
        assert_eq!(finding["text"], text.as_str());
        assert!(end <= line.chars().count());
    }
    let stutter = findings.iter().find(|f| f["check"] == "stutter").unwrap();
    assert_eq!(
        (
            stutter["text"].as_str(),
            stutter["category"].as_str(),
            stutter["severity"].as_str()
        ),
        (
            Some("Gegenseitigkeitigkeit"),
            Some("Fluency/Spelling"),
            Some("Minor")
        )
    );
    // Tallies add up to the findings, per system.
    let tallied: u64 = document["tallies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum();
    assert_eq!(tallied as usize, findings.len());
    let system = &document["systems"][0];
    assert_eq!(
        system["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
    assert_eq!(system["per"], "source");
    assert!(system["penalty_per_100_words"].as_f64().unwrap() > 0.0);
}

#[test]
fn works_with_source_only_and_with_the_output_only() {
    let (src, hyp) = (data("qa.src.en"), data("qa.hyp.de"));
    let document = json(&[
        "errors",
        "--format",
        "json",
        "--lang",
        "en-de",
        "--source",
        arg(&src),
        arg(&hyp),
    ]);
    assert!(document["systems"][0]["classes"].is_null());
    let found_checks = found(&document, |_| true);
    assert!(found_checks
        .values()
        .flatten()
        .all(|check| !EDIT_CLASSES.contains(&check.as_str())));
    let expected = expected("qa.expected.tsv");
    for (segment, checks) in &expected {
        // Everything but the glossary (not given) still fires on its positive line.
        for check in checks.iter().filter(|c| *c != "glossary") {
            assert!(
                found_checks.get(segment).is_some_and(|f| f.contains(check)),
                "segment {segment}: {check} missing from {:?}",
                found_checks.get(segment)
            );
        }
    }
    assert_eq!(document["systems"][0]["per"], "source");

    // The output alone: only the checks that need nothing else; the language is detected.
    let output = mteval()
        .args(["errors", "--format", "json"])
        .arg(&hyp)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("target language detected as de"));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found_checks = found(&document, |_| true);
    let all: BTreeSet<&str> = found_checks
        .values()
        .flatten()
        .map(String::as_str)
        .collect();
    assert!(
        all.is_subset(&BTreeSet::from([
            "wrong-language",
            "repeated-words",
            "stutter",
            "brackets",
            "quotes"
        ])),
        "{all:?}"
    );
    for (segment, check) in [
        (11, "repeated-words"),
        (13, "stutter"),
        (15, "brackets"),
        (17, "quotes"),
    ] {
        assert!(found_checks[&segment].contains(check), "{segment} {check}");
    }
    assert!(found_checks[&5].contains("wrong-language"));
    assert_eq!(document["systems"][0]["per"], "hypothesis");
    assert_eq!(
        document["checks"],
        serde_json::json!([
            "wrong-language",
            "repeated-words",
            "stutter",
            "brackets",
            "quotes"
        ])
    );
}

#[test]
fn text_and_csv_outputs() {
    let (src, reference, hyp) = (data("qa.src.en"), data("qa.ref.de"), data("qa.hyp.de"));
    mteval()
        .args([
            "errors",
            "--lang",
            "en-de",
            "-s",
            arg(&src),
            "-r",
            arg(&reference),
            arg(&hyp),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Penalty/100w"))
        .stdout(predicate::str::contains("Edit-based classes"))
        .stdout(predicate::str::contains("MQM tallies"))
        .stdout(predicate::str::contains("Minor Fluency/Spelling"));
    mteval()
        .args([
            "errors",
            "--lang",
            "en-de",
            "-s",
            arg(&src),
            "--format",
            "csv",
            arg(&hyp),
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "system,file,segment,check,category,severity,start,end,text,note\n",
        ))
        .stdout(predicate::str::contains(
            "qa.hyp.de,13,stutter,Fluency/Spelling,Minor,31,52,Gegenseitigkeitigkeit,",
        ));
    mteval()
        .args(["errors", "--format", "csv", "--table", "tallies", arg(&hyp)])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "system,category,severity,count\n",
        ));
    mteval()
        .args(["errors", "--table", "findings", "--checks", "stutter", arg(&hyp)])
        .assert()
        .success()
        .stdout("qa.hyp.de:13:31-52\tstutter\tMinor Fluency/Spelling\t\"Gegenseitigkeitigkeit\"\t\"eitigk\" 2 times in a row at character 6\n");
}

#[test]
fn bad_inputs_are_clear_errors() {
    let (src, hyp, edits) = (data("qa.src.en"), data("qa.hyp.de"), data("edits.hyp.de"));
    mteval()
        .args(["errors", "--source", arg(&edits), arg(&hyp)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--source"))
        .stderr(predicate::str::contains("has 9 segments"));
    mteval()
        .args(["errors", "--checks", "spelling", arg(&hyp)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown check"));
    mteval()
        .args([
            "errors",
            "--lang",
            "english-german",
            "--source",
            arg(&src),
            arg(&hyp),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--lang"));
    let mut glossary = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut glossary, b"summit,Gipfel\nsanctions\n").unwrap();
    mteval()
        .args(["errors", "--source", arg(&src), "--glossary"])
        .arg(glossary.path())
        .arg(&hyp)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(":2:"));
}

#[test]
fn widths_beyond_rusts_formatting_limit_print_as_python_would() {
    // Rust's `{:.w$}` stops at 65,535 decimals (a panic); the table prints any width.
    let hypothesis = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/news-demo/system-outputs/news.en-de.hyp.VendorA.de");
    let output = mteval()
        .args(["errors", "--lang", "en-de", "-w", "65536"])
        .arg(&hypothesis)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(&format!(" 0.{} ", "0".repeat(65536))),
        "{}",
        &stdout[..200]
    );
}
