//! `mteval compare` properties and options: a duplicated system is indistinguishable (p = 1, one
//! cluster), bootstrap intervals bracket the scores, results do not depend on `--jobs`, and
//! external scores, document resampling and bad options behave.

use crate::common;

use common::{json_stdout, mteval};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/news-demo")
        .join(name)
}

fn reference() -> PathBuf {
    demo("references/news.en-de.ref.A.de")
}

fn vendors() -> Vec<PathBuf> {
    vec![
        demo("system-outputs/news.en-de.hyp.VendorA.de"),
        demo("system-outputs/news.en-de.hyp.VendorB.de"),
    ]
}

fn compare(args: &[&str], systems: &[PathBuf]) -> Value {
    json_stdout(
        mteval()
            .arg("compare")
            .arg("--ref")
            .arg(reference())
            .args(args)
            .args(["--format", "json"])
            .args(systems),
    )
}

#[test]
fn duplicated_system_has_p_one_and_shares_a_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("news.en-de.hyp.VendorA-copy.de");
    std::fs::copy(demo("system-outputs/news.en-de.hyp.VendorA.de"), &copy).unwrap();
    let mut systems = vendors();
    systems.push(copy);
    for method in ["bootstrap", "ar"] {
        let json = compare(
            &[
                "-m",
                "bleu,chrf,ter",
                "--method",
                method,
                "--all-pairs",
                "-n",
                "200",
            ],
            &systems,
        );
        let pairs = json["pairs"].as_array().unwrap();
        assert_eq!(pairs.len(), 3 * 3, "three pairs per metric");
        for pair in pairs.iter().filter(|p| p["system_b"] == "VendorA-copy") {
            if pair["system_a"] == "VendorA" {
                assert_eq!(pair["p_value"], 1.0, "{method}: {pair}");
                assert_eq!(pair["difference"], 0.0);
                assert_eq!(pair["significant"], false);
            }
        }
        for metric in ["BLEU", "chrF2", "TER"] {
            let cluster_of = |system: &str| {
                json["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["metric"] == metric && r["system"] == system)
                    .unwrap()["cluster"]
                    .clone()
            };
            assert_eq!(
                cluster_of("VendorA"),
                cluster_of("VendorA-copy"),
                "{method} {metric}"
            );
        }
    }
}

#[test]
fn bootstrap_intervals_bracket_the_scores() {
    let Some(shared) = common::shared_datasets() else {
        return;
    };
    let outputs = shared.join("wmt22/system-outputs");
    let mut systems: Vec<PathBuf> = std::fs::read_dir(&outputs)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().contains(".en-de.hyp."))
        .collect();
    systems.sort();
    let output = mteval()
        .args(["compare", "-m", "bleu,chrf", "--format", "json", "--ref"])
        .arg(shared.join("wmt22/references/generaltest2022.en-de.ref.A.de"))
        .args(&systems)
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 2 * systems.len());
    for result in results {
        let (score, mean, ci) = (
            result["score"].as_f64().unwrap(),
            result["mean"].as_f64().unwrap(),
            result["ci"].as_f64().unwrap(),
        );
        assert!(ci > 0.0 && (score - mean).abs() <= ci, "{result}");
    }
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let run = |jobs: &str| {
        let output = mteval()
            .args([
                "--jobs",
                jobs,
                "compare",
                "-m",
                "bleu,chrf",
                "--all-pairs",
                "-f",
                "json",
            ])
            .arg("--ref")
            .arg(reference())
            .args(vendors())
            .output()
            .unwrap();
        assert!(output.status.success());
        output.stdout
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn external_scores_and_document_resampling() {
    let dir = tempfile::tempdir().unwrap();
    let scores = dir.path().join("comet.tsv");
    let segments = std::fs::read_to_string(reference())
        .unwrap()
        .lines()
        .count();
    let mut tsv = String::from("system\tsegment\tCOMET\n");
    for segment in 1..=segments {
        tsv.push_str(&format!(
            "VendorA\t{segment}\t{}\n",
            0.8 + segment as f64 / 1000.0
        ));
        tsv.push_str(&format!(
            "VendorB\t{segment}\t{}\n",
            0.6 + segment as f64 / 1000.0
        ));
    }
    std::fs::write(&scores, tsv).unwrap();
    let doc_ids = dir.path().join("docs.txt");
    let ids: String = (0..segments).map(|i| format!("d{}\n", i / 4)).collect();
    std::fs::write(&doc_ids, ids).unwrap();
    let mean_a = (1..=segments).map(|s| 0.8 + s as f64 / 1000.0).sum::<f64>() / segments as f64;
    let json = compare(
        &[
            "-m",
            "bleu",
            "--scores",
            scores.to_str().unwrap(),
            "--resample",
            "documents",
            "--doc-ids",
            doc_ids.to_str().unwrap(),
        ],
        &vendors(),
    );
    let comet: Vec<&Value> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["metric"] == "COMET")
        .collect();
    assert_eq!(comet.len(), 2);
    assert!((comet[0]["score"].as_f64().unwrap() - mean_a).abs() < 1e-12);
    assert!((comet[1]["score"].as_f64().unwrap() - (mean_a - 0.2)).abs() < 1e-9);
    assert!(comet[1]["p_value"].as_f64().unwrap() < 0.05);
    let signature = json["results"][0]["signature"].as_str().unwrap();
    assert!(signature.contains("bs:1000|seed:12345|") && signature.contains("resample:documents"));
}

#[test]
fn bad_comparison_options_are_clear_errors() {
    let cases: [(&[&str], &str); 4] = [
        (&["--resample", "documents"], "--doc-ids"),
        (&["--samples", "0"], "--samples"),
        (&["--method", "magic"], "--method"),
        // Every resample's scores are kept: a mistyped count is refused, not allocated.
        (
            &["--samples", "1099511627776"],
            "invalid value \"1099511627776\" for --samples: at most 10000000 resamples",
        ),
    ];
    for (flags, message) in cases {
        mteval()
            .arg("compare")
            .args(flags)
            .arg("--ref")
            .arg(reference())
            .args(vendors())
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
}

#[test]
fn merged_statistics_shards_resample_documents_as_compare_does() {
    let files = [
        reference(),
        demo("system-outputs/news.en-de.hyp.VendorA.de"),
        demo("system-outputs/news.en-de.hyp.VendorB.de"),
        demo("system-outputs/news.en-de.hyp.VendorC.de"),
        demo("documents/news.en-de.docs"),
    ];
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let root = tempfile::tempdir().unwrap();
    // Write segments `range` of every file into `dir` under the file's own name.
    let write = |dir: &Path, range: std::ops::Range<usize>| {
        std::fs::create_dir_all(dir).unwrap();
        for (file, name) in files.iter().zip(&names) {
            let text = std::fs::read_to_string(file).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            std::fs::write(dir.join(name), lines[range.clone()].join("\n") + "\n").unwrap();
        }
    };
    let mut args: Vec<&str> = vec!["-r", &names[0], &names[1], &names[2], &names[3]];
    args.extend(["-m", "bleu,chrf,ter", "--doc-ids", &names[4]]);
    let whole = root.path().join("whole");
    write(&whole, 0..34);
    let mut shards = Vec::new();
    for (k, range) in [0..20, 20..21, 21..34].into_iter().enumerate() {
        let dir = root.path().join(format!("shard{k}"));
        write(&dir, range);
        let stats = root.path().join(format!("shard{k}.parquet"));
        mteval()
            .current_dir(&dir)
            .arg("score")
            .args(&args)
            .arg("--emit-stats")
            .arg(&stats)
            .assert()
            .success();
        shards.push(stats);
    }
    let test = [
        "--resample",
        "documents",
        "-n",
        "100",
        "--all-pairs",
        "-f",
        "json",
    ];
    let expected = json_stdout(
        mteval()
            .current_dir(&whole)
            .arg("compare")
            .args(&args)
            .args(test),
    );
    let merged = json_stdout(
        mteval()
            .current_dir(&whole)
            .args(["merge", "--compare"])
            .args(&shards)
            .args(test),
    );
    assert_eq!(merged, expected);
    let signature = expected["results"][0]["signature"].as_str().unwrap();
    assert!(signature.contains("resample:documents"), "{signature}");

    // A file that is not a statistics file: exit code 2, the file named, nothing printed.
    let output = mteval()
        .arg("merge")
        .arg(&shards[0])
        .arg(&files[0])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: not a readable Parquet file",
            files[0].display()
        )),
        "{stderr}"
    );
}
