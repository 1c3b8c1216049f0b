//! `mteval score` driven as a user runs it: output formats and their fields, option handling,
//! and clear errors (exit code 2, file and line named) for bad input.

use crate::common;

use common::{json_stdout, mteval};
use predicates::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    file
}

fn json_output(args: &[&str]) -> serde_json::Value {
    json_stdout(mteval().args(args))
}

#[test]
fn json_has_one_record_per_system_and_metric_with_details() {
    let (r1, r2, hyp) = (data("readme.ref1"), data("readme.ref2"), data("readme.hyp"));
    let args = [
        "score",
        "--ref",
        r1.to_str().unwrap(),
        "--ref",
        r2.to_str().unwrap(),
        "-m",
        "ter,bleu,chrf",
        "--format",
        "json",
        hyp.to_str().unwrap(),
    ];
    let json = json_output(&args);
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let bleu = &results[0];
    assert_eq!(bleu["metric"], "BLEU");
    assert_eq!(bleu["system"], "readme.hyp");
    assert_eq!(bleu["file"], hyp.to_str().unwrap());
    assert_eq!(bleu["score"].as_f64().unwrap(), 48.530827009929865);
    assert_eq!(bleu["counts"], serde_json::json!([14, 7, 5, 3]));
    assert_eq!(bleu["totals"], serde_json::json!([17, 14, 11, 8]));
    assert_eq!(bleu["sys_len"], 17);
    assert_eq!(bleu["ref_len"], 18);
    assert_eq!(bleu["bp"].as_f64().unwrap(), 0.9428731438548749);
    assert!(bleu["signature"]
        .as_str()
        .unwrap()
        .starts_with("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:mteval-"));
    assert_eq!(results[1]["metric"], "chrF2");
    assert_eq!(results[2]["metric"], "TER");
    assert!(results[2].get("edits").is_some() && results[2].get("ref_length").is_some());
}

#[test]
fn text_output_mirrors_sacrebleu_score_lines() {
    mteval()
        .args(["score", "-r"])
        .arg(data("readme.ref1"))
        .arg("-r")
        .arg(data("readme.ref2"))
        .arg(data("readme.hyp"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:mteval-",
        ))
        .stdout(predicate::str::ends_with(
            " = 48.5 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)\n",
        ));
}

#[test]
fn sentence_level_adds_one_record_per_segment() {
    let (r1, hyp) = (data("readme.ref1"), data("readme.hyp"));
    let json = json_output(&[
        "score",
        "-r",
        r1.to_str().unwrap(),
        "--sentence-level",
        "-f",
        "json",
        hyp.to_str().unwrap(),
    ]);
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    assert!(results[0].get("segment").is_none());
    let segments: Vec<u64> = results[1..]
        .iter()
        .map(|r| r["segment"].as_u64().unwrap())
        .collect();
    assert_eq!(segments, vec![1, 2, 3]);
    // Segment 1 is an exact match; sentence BLEU uses effective order.
    assert_eq!(results[1]["score"].as_f64().unwrap(), 100.00000000000004);
    assert!(results[1]["signature"]
        .as_str()
        .unwrap()
        .contains("eff:yes"));
}

#[test]
fn csv_rows_carry_the_documented_columns() {
    let output = mteval()
        .args(["score", "-m", "bleu,ter", "-f", "csv", "-r"])
        .arg(data("readme.ref1"))
        .arg(data("readme.hyp"))
        .arg(data("readme.ref1"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        mteval::report::csv::SCORE_COLUMNS
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][0], "readme.hyp");
    assert_eq!(&rows[0][2], "BLEU");
    assert_eq!(&rows[1][2], "TER");
    assert_eq!(&rows[2][0], "readme.ref1");
    // A reference scored against itself.
    assert_eq!(&rows[3][4], "0");
}

#[test]
fn lang_picks_the_zh_tokenizer_and_normalize_is_signed() {
    let r1 = data("readme.ref1");
    let json = json_output(&[
        "score",
        "-r",
        r1.to_str().unwrap(),
        "--lang",
        "en-zh",
        "--normalize",
        "nfc",
        "-f",
        "json",
        r1.to_str().unwrap(),
    ]);
    let signature = json["results"][0]["signature"].as_str().unwrap();
    assert!(
        signature.contains("|tok:zh|") && signature.contains("|unorm:nfc|"),
        "{signature}"
    );
}

#[test]
fn a_short_file_is_named_at_the_line_where_it_ends_and_suggests_align() {
    let short = temp_file(b"The dog bit the man.\n");
    mteval()
        .args(["score", "-r"])
        .arg(data("readme.ref1"))
        .arg(data("readme.hyp"))
        .arg(short.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}:2: the file ends after 1 segments but {} goes on",
            short.path().display(),
            data("readme.ref1").display()
        )))
        .stderr(predicate::str::contains("mteval align"));
}

/// `lines` parallel lines made from the README example, every one a little different.
fn long_file(name: &str, lines: usize) -> tempfile::NamedTempFile {
    let text = std::fs::read_to_string(data(name)).unwrap();
    let examples: Vec<&str> = text.lines().collect();
    let mut body = String::new();
    for i in 0..lines {
        body.push_str(&format!("{} {}\n", examples[i % examples.len()], i % 7));
    }
    temp_file(body.as_bytes())
}

#[test]
fn streamed_corpus_scores_equal_the_scores_of_the_whole_corpus_in_memory() {
    // More lines than one streaming block, several systems and references, every metric.
    let lines = 9000;
    let (r1, r2) = (
        long_file("readme.ref1", lines),
        long_file("readme.ref2", lines),
    );
    let (h1, h2) = (
        long_file("readme.hyp", lines),
        long_file("readme.ref2", lines),
    );
    let run = |extra: &[&str]| -> Vec<serde_json::Value> {
        let mut command = mteval();
        command
            .args(["score", "-m", "bleu,chrf,ter", "-f", "json", "-r"])
            .arg(r1.path())
            .arg("-r")
            .arg(r2.path())
            .args(extra)
            .arg(h1.path())
            .arg(h2.path());
        let json = json_stdout(&mut command);
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r.get("segment").is_none())
            .cloned()
            .collect()
    };
    let streamed = run(&[]);
    // --sentence-level keeps every segment in memory; its corpus records are the same.
    let whole = run(&["--sentence-level"]);
    assert_eq!(streamed.len(), 6);
    assert_eq!(streamed, whole);
    assert!(streamed[0]["score"].as_f64().unwrap() > 40.0);
}

#[test]
fn bad_input_gives_located_errors_not_panics() {
    let empty = temp_file(b"");
    mteval()
        .args(["score", "-r"])
        .arg(empty.path())
        .arg(data("readme.hyp"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the file is empty"))
        .stderr(predicate::str::contains("panicked").not());

    let invalid = temp_file(b"fine\nfine\nbroken \xc3\x28 here\n");
    mteval()
        .args(["score", "-r"])
        .arg(data("readme.ref1"))
        .arg(invalid.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:3: invalid UTF-8",
            invalid.path().display()
        )));

    mteval()
        .args(["score", "-r"])
        .arg(data("readme.ref1"))
        .arg("/nonexistent/hyp.txt")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/hyp.txt"));
}

#[test]
fn bom_is_kept_as_sacrebleu_keeps_it_unless_strip_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(&std::fs::read(data("readme.hyp")).unwrap());
    let with_bom = temp_file(&bytes);
    let run = |extra: &[&str]| {
        mteval()
            .args(["score", "-f", "json", "-r"])
            .arg(data("readme.ref1"))
            .arg("-r")
            .arg(data("readme.ref2"))
            .args(extra)
            .arg(with_bom.path())
            .output()
            .unwrap()
    };
    // sacrebleu readme.ref1 readme.ref2 -i HYP-WITH-BOM: the BOM is part of the first word.
    let kept = run(&[]);
    assert!(kept.status.success());
    assert!(String::from_utf8_lossy(&kept.stderr).contains("byte order mark"));
    let json: serde_json::Value = serde_json::from_slice(&kept.stdout).unwrap();
    assert_eq!(
        json["results"][0]["score"].as_f64().unwrap(),
        39.17279013747763
    );
    assert!(!json["results"][0]["signature"]
        .as_str()
        .unwrap()
        .contains("bom:"));
    let stripped = run(&["--strip-bom"]);
    assert!(stripped.status.success());
    let json: serde_json::Value = serde_json::from_slice(&stripped.stdout).unwrap();
    assert_eq!(
        json["results"][0]["score"].as_f64().unwrap(),
        48.530827009929865
    );
    assert!(json["results"][0]["signature"]
        .as_str()
        .unwrap()
        .contains("|bom:strip|"));
}

#[test]
fn dash_or_no_hypothesis_reads_standard_input() {
    // `mteval score -r R1 -r R2 -` and `… | mteval score -r R1 -r R2` score the pipe.
    for dash in [&["-"][..], &[]] {
        let json = json_stdout(
            mteval()
                .args(["score", "-f", "json", "-r"])
                .arg(data("readme.ref1"))
                .arg("-r")
                .arg(data("readme.ref2"))
                .args(dash)
                .write_stdin(std::fs::read(data("readme.hyp")).unwrap()),
        );
        assert_eq!(
            json["results"][0]["score"].as_f64().unwrap(),
            48.530827009929865
        );
    }
}

#[test]
fn lang_target_is_the_second_field_as_in_sacrebleu() {
    let output = mteval()
        .args(["score", "-f", "json", "-l", "en-zh-TW", "-r"])
        .arg(data("readme.ref1"))
        .arg(data("readme.hyp"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["results"][0]["signature"]
        .as_str()
        .unwrap()
        .contains("|tok:zh|"));
    let output = mteval()
        .args(["score", "-l", "english-german", "-r"])
        .arg(data("readme.ref1"))
        .arg(data("readme.hyp"))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("not a language code: english, german")
    );
}

#[test]
fn gzip_input_is_read() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(&std::fs::read(data("readme.hyp")).unwrap())
        .unwrap();
    let gz = temp_file(&encoder.finish().unwrap());
    let json = json_output(&[
        "score",
        "-r",
        data("readme.ref1").to_str().unwrap(),
        "-r",
        data("readme.ref2").to_str().unwrap(),
        "-f",
        "json",
        gz.path().to_str().unwrap(),
    ]);
    assert_eq!(
        json["results"][0]["score"].as_f64().unwrap(),
        48.530827009929865
    );
}

#[test]
fn unsupported_options_are_clear_errors() {
    let cases: [(&[&str], &str); 4] = [
        (&["--tokenize", "13b"], "unknown tokenizer"),
        (
            &["--lang", "en-ja", "--mecab-dic", "/nonexistent"],
            "--mecab-dic",
        ),
        (
            &["--metrics", "meteor"],
            "choose from bleu, chrf, chrf++, ter",
        ),
        (&["--smooth-method", "magic"], "--smooth-method"),
    ];
    for (flags, message) in cases {
        mteval()
            .arg("score")
            .args(flags)
            .arg("-r")
            .arg(data("readme.ref1"))
            .arg(data("readme.hyp"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    mteval()
        .args(["score", "--no-such-flag"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-such-flag"));
}

/// The WMT22 en-de test set (two references, three systems) written under `dir` with the same
/// file names, segments `range` only: shards in their own directories name the same files.
fn write_wmt22_en_de(wmt: &Path, dir: &Path, range: std::ops::Range<usize>) -> Vec<String> {
    let files = [
        "references/generaltest2022.en-de.ref.A.de",
        "references/generaltest2022.en-de.ref.B.de",
        "system-outputs/generaltest2022.en-de.hyp.Online-B.de",
        "system-outputs/generaltest2022.en-de.hyp.JDExploreAcademy.de",
        "system-outputs/generaltest2022.en-de.hyp.PROMT.de",
    ];
    std::fs::create_dir_all(dir).unwrap();
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(wmt.join(file)).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            let name = Path::new(file).file_name().unwrap().to_str().unwrap();
            let mut shard = lines[range.clone()].join("\n");
            shard.push('\n');
            std::fs::write(dir.join(name), shard).unwrap();
            name.to_string()
        })
        .collect()
}

/// `mteval <args…>` run in `dir`: exit code, stdout, stderr.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = mteval().current_dir(dir).args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn sharded_statistics_merge_to_the_unsharded_score_and_compare_output_byte_for_byte() {
    let Some(datasets) = common::shared_datasets() else {
        return;
    };
    let wmt = datasets.join("wmt22");
    let root = tempfile::tempdir().unwrap();
    let segments = 2037;
    let names = write_wmt22_en_de(&wmt, &root.path().join("whole"), 0..segments);
    let mut score_args: Vec<&str> = vec!["score", "-r", &names[0], "-r", &names[1]];
    score_args.extend(names[2..].iter().map(String::as_str));
    score_args.extend(["-m", "bleu,chrf,chrf++,ter"]);
    let compare_options = ["--all-pairs", "-n", "200", "-w", "4"];
    // Uneven shards, one of a single segment.
    let shards = [0..700, 700..701, 701..segments];
    let mut local = Vec::new();
    let mut global = Vec::new();
    for (k, range) in shards.iter().enumerate() {
        let dir = root.path().join(format!("shard{k}"));
        write_wmt22_en_de(&wmt, &dir, range.clone());
        for (ids, files) in [("local", &mut local), ("global", &mut global)] {
            let stats = root.path().join(format!("{ids}{k}.parquet"));
            let mut args = score_args.clone();
            let stats_arg = stats.to_str().unwrap().to_string();
            let offset = range.start.to_string();
            args.extend(["--emit-stats", &stats_arg]);
            if ids == "global" {
                args.extend(["--segment-offset", &offset]);
            }
            let (code, _, stderr) = run_in(&dir, &args);
            assert_eq!(code, 0, "{stderr}");
            files.push(stats_arg);
        }
    }
    global.reverse();
    let whole = root.path().join("whole");
    for format in ["text", "json", "csv"] {
        let mut args = score_args.clone();
        args.extend(["-f", format, "-w", "3"]);
        let (code, expected, stderr) = run_in(&whole, &args);
        assert_eq!(code, 0, "{stderr}");
        for files in [&local, &global] {
            let mut merge: Vec<&str> = vec!["merge"];
            merge.extend(files.iter().map(String::as_str));
            merge.extend(["-f", format, "-w", "3"]);
            let (code, merged, stderr) = run_in(&whole, &merge);
            assert_eq!(code, 0, "{stderr}");
            assert_eq!(merged, expected, "merge -f {format} of {files:?}");
        }
    }
    for format in ["text", "json"] {
        let mut args = score_args.clone();
        args[0] = "compare";
        args.extend(compare_options);
        args.extend(["-f", format]);
        let (code, expected, stderr) = run_in(&whole, &args);
        assert_eq!(code, 0, "{stderr}");
        assert!(expected.contains("Online-B"), "{expected}");
        let mut merge: Vec<&str> = vec!["merge", "--compare"];
        merge.extend(local.iter().map(String::as_str));
        merge.extend(compare_options);
        merge.extend(["-f", format]);
        let (code, merged, stderr) = run_in(&whole, &merge);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(merged, expected, "merge --compare -f {format}");
    }

    // Scored differently (lowercased BLEU) or holding the same segments twice: refused.
    let lowercased = root.path().join("lowercased.parquet");
    let mut args = score_args.clone();
    args.extend(["--lowercase", "--emit-stats", lowercased.to_str().unwrap()]);
    assert_eq!(run_in(&root.path().join("shard1"), &args).0, 0);
    let (code, stdout, stderr) = run_in(
        &whole,
        &["merge", &local[0], lowercased.to_str().unwrap(), &local[2]],
    );
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains(&format!(
            "{} and {} cannot be merged",
            local[0],
            lowercased.display()
        )) && stderr.contains("case:mixed")
            && stderr.contains("case:lc"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run_in(&whole, &["merge", &local[0], &local[1], &local[0]]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("the same segments"), "{stderr}");
    let (code, _, stderr) = run_in(&whole, &["merge", &global[0], &local[1]]);
    assert_eq!(code, 2);
    assert!(stderr.contains("segment ids"), "{stderr}");
}

#[test]
fn a_statistics_file_is_plain_parquet_with_typed_columns_and_metadata() {
    use parquet::basic::Type as PhysicalType;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.parquet");
    let doc_ids = temp_file(b"d1\nd1\nd2\n");
    mteval()
        .args(["score", "-r"])
        .arg(data("readme.ref1"))
        .arg(data("readme.hyp"))
        .args(["-m", "bleu,chrf,ter", "--doc-ids"])
        .arg(doc_ids.path())
        .arg("--emit-stats")
        .arg(&stats)
        .assert()
        .success();
    let reader = SerializedFileReader::new(std::fs::File::open(&stats).unwrap()).unwrap();
    let metadata = reader.metadata().file_metadata();
    assert_eq!(metadata.num_rows(), 3);
    let columns: Vec<(String, PhysicalType, bool)> = metadata
        .schema_descr()
        .columns()
        .iter()
        .map(|c| {
            (
                c.name().to_string(),
                c.physical_type(),
                c.self_type().is_optional(),
            )
        })
        .collect();
    let int = |name: &str| (name.to_string(), PhysicalType::INT64, false);
    let mut expected = vec![
        ("system".to_string(), PhysicalType::BYTE_ARRAY, false),
        int("seg_id"),
        ("doc_id".to_string(), PhysicalType::BYTE_ARRAY, true),
        int("bleu.hyp_len"),
        int("bleu.ref_len"),
    ];
    expected.extend((1..=4).map(|n| int(&format!("bleu.match_{n}"))));
    expected.extend((1..=4).map(|n| int(&format!("bleu.total_{n}"))));
    for n in 1..=6 {
        for what in ["hyp", "ref", "match"] {
            expected.push(int(&format!("chrf2.char{n}_{what}")));
        }
    }
    expected.push(int("ter.edits"));
    expected.push(("ter.ref_len".to_string(), PhysicalType::DOUBLE, false));
    assert_eq!(columns, expected);
    let keys: Vec<&str> = metadata
        .key_value_metadata()
        .unwrap()
        .iter()
        .map(|kv| kv.key.as_str())
        .filter(|key| key.starts_with("mteval."))
        .collect();
    assert_eq!(
        keys,
        [
            "mteval.format",
            "mteval.version",
            "mteval.references",
            "mteval.reading",
            "mteval.systems",
            "mteval.metrics",
            "mteval.segment_ids",
            "mteval.references_sha256",
            "mteval.segments_sha256"
        ]
    );
    // The scores of the file are the scores of the run.
    let expected = mteval()
        .args(["score", "-r"])
        .arg(data("readme.ref1"))
        .arg(data("readme.hyp"))
        .args(["-m", "bleu,chrf,ter", "-f", "json"])
        .output()
        .unwrap();
    let merged = mteval()
        .arg("merge")
        .arg(&stats)
        .args(["-f", "json"])
        .output()
        .unwrap();
    assert!(merged.status.success());
    assert_eq!(
        String::from_utf8(merged.stdout).unwrap(),
        String::from_utf8(expected.stdout).unwrap()
    );
}

/// A Parquet file the decoder panics on: `mteval merge` exits 2 with one line naming the file,
/// and the decoder's panic message is not printed.
#[test]
fn merge_of_a_damaged_statistics_file_is_an_error_without_a_panic_message() {
    let damaged =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/statistics/damaged-page.parquet");
    let (code, stdout, stderr) = run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["merge", damaged.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("damaged-page.parquet: not a readable Parquet file: the decoder failed"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
