//! WMT XML and tabular inputs, `--by`, `--align auto` and `mteval align` driven as a user runs
//! them, on small fixtures written for these tests (`tests/data/mini.*`), with clear errors
//! (exit code 2, file and line named, no panic) for broken input.

use crate::common;

use common::{json_stdout, mteval};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn write(dir: &Path, name: &str, lines: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    path
}

const REF_A: [&str; 5] = [
    "Der alte Hafen wird im nächsten Frühjahr wieder geöffnet.",
    "Die Fischer begrüßten die Nachricht.",
    "Die Arbeiten kosten 4 Millionen Euro.",
    "Danke für die schnelle Antwort!",
    "Bis Freitag.",
];
const REF_B: [&str; 5] = [
    "Der alte Hafen öffnet im kommenden Frühjahr wieder.",
    "Die Fischer freuten sich über die Nachricht.",
    "Die Arbeiten kosten vier Millionen Euro.",
    "Vielen Dank für die rasche Antwort!",
    "Wir sehen uns am Freitag.",
];
const VENDOR_2: [&str; 5] = [
    "Der Hafen öffnet wieder im Frühling.",
    "Fischer haben die Neuigkeit begrüßt.",
    "Die Arbeit kostet 4 Mio. & mehr.",
    "Danke für die schnelle Rückmeldung!",
    "Bis Freitag.",
];

#[test]
fn xml_scores_equal_the_same_text_as_plain_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "ref.A", &REF_A);
    let b = write(dir.path(), "ref.B", &REF_B);
    let hyp = write(dir.path(), "test.de-en.hyp.Vendor-2.de", &VENDOR_2);
    let plain = json_stdout(
        mteval()
            .args(["score", "-m", "bleu,chrf", "-f", "json", "-r"])
            .arg(&a)
            .arg("-r")
            .arg(&b)
            .arg(&hyp),
    );
    let xml = json_stdout(
        mteval()
            .args(["score", "-m", "bleu,chrf", "-f", "json", "--xml"])
            .arg(data("mini.xml")),
    );
    let results = xml["results"].as_array().unwrap();
    let systems: Vec<&str> = results
        .iter()
        .map(|r| r["system"].as_str().unwrap())
        .collect();
    assert_eq!(
        systems,
        vec!["Vendor-1", "Vendor-1", "Vendor-2", "Vendor-2"]
    );
    for (ours, theirs) in results[2..]
        .iter()
        .zip(plain["results"].as_array().unwrap())
    {
        assert_eq!(ours["score"], theirs["score"]);
        assert_eq!(ours["signature"], theirs["signature"]);
    }
    assert!(results[0]["signature"]
        .as_str()
        .unwrap()
        .starts_with("nrefs:2|"));
}

#[test]
fn by_domain_and_document_add_records() {
    let json = json_stdout(
        mteval()
            .args(["score", "--xml"])
            .arg(data("mini.xml"))
            .args([
                "--ref-name",
                "A",
                "--system",
                "Vendor-2",
                "--by",
                "domain",
                "-f",
                "json",
            ]),
    );
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert!(results[0].get("domain").is_none());
    assert_eq!(results[1]["domain"], "news");
    assert_eq!(results[2]["domain"], "social");
    assert!(results[0]["signature"]
        .as_str()
        .unwrap()
        .starts_with("nrefs:1|"));

    let output = mteval()
        .args(["score", "--by", "document", "-f", "csv", "--xml"])
        .arg(data("mini.xml"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let document = header.iter().position(|h| h == "document").unwrap();
    let documents: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[document].to_string())
        .collect();
    assert_eq!(
        documents,
        vec!["", "harbour", "chat-7", "", "harbour", "chat-7"]
    );

    mteval()
        .args(["score", "--by", "domain", "-r"])
        .arg(data("readme.ref1"))
        .arg(data("readme.hyp"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--by"))
        .stderr(predicate::str::contains("--doc-ids"));
}

#[test]
fn names_that_are_not_there_are_listed() {
    mteval()
        .args(["score", "--ref-name", "C", "--xml"])
        .arg(data("mini.xml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"C\" for --ref-name"))
        .stderr(predicate::str::contains("it has A, B"));
    mteval()
        .args(["score", "--system", "Vendor-3", "--corpus"])
        .arg(data("mini.tsv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no column \"Vendor-3\""))
        .stderr(predicate::str::contains(
            "doc_id, domain, src, ref, Vendor-1, Vendor-2",
        ));
}

#[test]
fn tsv_and_jsonl_corpora_score_alike() {
    let score = |file: &str| {
        json_stdout(
            mteval()
                .args(["score", "-f", "json", "--by", "domain", "--corpus"])
                .arg(data(file)),
        )
    };
    let tsv = score("mini.tsv");
    let jsonl = score("mini.jsonl");
    let systems: Vec<&str> = tsv["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["system"].as_str().unwrap())
        .collect();
    assert_eq!(
        systems,
        vec!["Vendor-1", "Vendor-1", "Vendor-1", "Vendor-2", "Vendor-2", "Vendor-2"]
    );
    for (a, b) in tsv["results"]
        .as_array()
        .unwrap()
        .iter()
        .zip(jsonl["results"].as_array().unwrap())
    {
        assert_eq!(a["score"], b["score"]);
        assert_eq!(a["domain"], b["domain"]);
    }
}

#[test]
fn compare_resamples_xml_documents() {
    let json = json_stdout(
        mteval()
            .args([
                "compare",
                "--resample",
                "documents",
                "-n",
                "50",
                "-f",
                "json",
                "--xml",
            ])
            .arg(data("mini.xml")),
    );
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert!(results[0]["signature"]
        .as_str()
        .unwrap()
        .contains("resample:documents"));
}

#[test]
fn score_align_auto_realigns_and_reports_confidence() {
    let dir = tempfile::tempdir().unwrap();
    let reference = write(dir.path(), "ref.de", &REF_A);
    let merged = format!("{} {}", VENDOR_2[0], VENDOR_2[1]);
    let hypothesis = write(
        dir.path(),
        "merged.de",
        &[&merged, VENDOR_2[2], VENDOR_2[3], VENDOR_2[4]],
    );
    let output = mteval()
        .args(["score", "--align", "auto", "-f", "json", "-r"])
        .arg(&reference)
        .arg(&hypothesis)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("4 lines for 5 reference segments; aligned them (sentence alignment, words)"),
        "{stderr}"
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let confidence = json["results"][0]["alignment_confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence));

    let output = mteval()
        .args([
            "score",
            "--align",
            "auto",
            "--min-confidence",
            "0.973",
            "-f",
            "json",
            "-r",
        ])
        .arg(&reference)
        .arg(&hypothesis)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("left out 2 of 5 segments whose alignment confidence is below 0.973"),
        "{stderr}"
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    // `mteval align` on these files: confidences 0.9746 and 0.9746 (the cut line), 0.9725,
    // 0.9667, 0.9939; the two below 0.973 are left out.
    assert!(json["results"][0]["alignment_confidence"].as_f64().unwrap() > 0.973);

    mteval()
        .args(["score", "--min-confidence", "0.5", "-r"])
        .arg(&reference)
        .arg(&hypothesis)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--align auto"));
}

#[test]
fn align_resegments_documents_and_writes_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let reference = write(dir.path(), "ref.de", &REF_A);
    let documents = write(
        dir.path(),
        "docs.txt",
        &["harbour", "harbour", "harbour", "chat-7", "chat-7"],
    );
    let hypothesis = write(
        dir.path(),
        "hyp.de",
        &[&VENDOR_2[..3].join(" "), &VENDOR_2[3..].join(" ")],
    );
    let aligned = dir.path().join("aligned.de");
    let table = dir.path().join("table.csv");
    mteval()
        .args(["align", "--ref"])
        .arg(&reference)
        .arg("--ref-docs")
        .arg(&documents)
        .arg(&hypothesis)
        .arg("--output")
        .arg(&aligned)
        .arg("--table")
        .arg(&table)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Aligned 2 hypothesis lines to 5 reference segments by re-segmentation",
        ));
    let lines: Vec<String> = std::fs::read_to_string(&aligned)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(lines, VENDOR_2);
    let table = std::fs::read_to_string(&table).unwrap();
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows[0], "reference,hypothesis,units,link,cost,confidence");
    assert_eq!(rows.len(), 6);
    assert!(rows[4].starts_with("4,2,1-6,reseg,"), "{table}");

    // The same from the XML test set, the system's hypothesis being already segmented: kept
    // line for line, or aligned with --realign (to the same lines here).
    let from_xml = dir.path().join("from-xml.de");
    for (flags, strategy) in [
        (&[][..], "by keeping them line for line"),
        (&["--realign"][..], "by sentence alignment"),
    ] {
        mteval()
            .args(["align", "--system", "Vendor-2", "-o"])
            .arg(&from_xml)
            .arg("--xml")
            .arg(data("mini.xml"))
            .args(flags)
            .assert()
            .success()
            .stdout(predicate::str::contains(strategy));
        assert_eq!(
            std::fs::read_to_string(&from_xml)
                .unwrap()
                .lines()
                .collect::<Vec<_>>(),
            VENDOR_2
        );
    }
}

#[test]
fn broken_inputs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let reference = write(dir.path(), "ref.de", &REF_A);
    let hypothesis = write(dir.path(), "hyp.de", &VENDOR_2[..2]);
    let blank_reference = write(dir.path(), "blank-ref.de", &["", "  ", ""]);
    let blank_hypothesis = write(dir.path(), "blank-hyp.de", &["", " "]);
    let empty = write(dir.path(), "empty.de", &[]);
    std::fs::write(&empty, "").unwrap();
    let no_segments = dir.path().join("none.xml");
    std::fs::write(
        &no_segments,
        "<dataset>\n  <collection id=\"x\"/>\n</dataset>\n",
    )
    .unwrap();
    let mismatched = dir.path().join("bad.xml");
    std::fs::write(
        &mismatched,
        "<dataset>\n<doc id=\"d\">\n<src>\n<seg id=\"1\">a</src>\n</doc>\n</dataset>\n",
    )
    .unwrap();
    let output = dir.path().join("out.de");
    let cases: Vec<(Vec<PathBuf>, String)> = vec![
        (
            vec!["--ref".into(), blank_reference.clone(), hypothesis.clone()],
            format!("{}:1: the reference has no text", blank_reference.display()),
        ),
        (
            vec!["--ref".into(), empty.clone(), hypothesis.clone()],
            format!("{}: the file is empty", empty.display()),
        ),
        (
            vec!["--ref".into(), reference.clone(), blank_hypothesis.clone()],
            format!(
                "{}:1: the hypothesis has no text",
                blank_hypothesis.display()
            ),
        ),
        (
            vec!["--xml".into(), no_segments.clone(), hypothesis.clone()],
            format!(
                "{}:3: the test set holds no segments",
                no_segments.display()
            ),
        ),
        (
            vec!["--xml".into(), mismatched.clone(), hypothesis.clone()],
            format!("{}:4: malformed XML", mismatched.display()),
        ),
    ];
    for (args, message) in cases {
        mteval()
            .arg("align")
            .args(&args)
            .arg("-o")
            .arg(&output)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("panicked").not());
        assert!(!output.exists(), "no output after an error");
    }
    mteval()
        .args(["score", "--xml"])
        .arg(&mismatched)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:4:",
            mismatched.display()
        )));
    let ragged = dir.path().join("ragged.tsv");
    std::fs::write(&ragged, "ref\tVendor\na\tb\nc\n").unwrap();
    mteval()
        .args(["score", "--corpus"])
        .arg(&ragged)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:3: 1 tab-separated fields but the header has 2 columns",
            ragged.display()
        )));
}
