//! `mteval sacrebleu` against sacreBLEU 2.6.0's command line: every golden case
//! (tests/golden/sacrebleu-cli/cases.json, from its generator) is run on input files rebuilt from
//! ../shared/datasets/wmt22 (cut, BOM-prefixed, CRLF-ended, gzipped or pasted with tabs as the
//! generator records them) and must print the same stdout bytes (signatures name mteval's version
//! instead of 2.6.0) and exit with the same code.

use crate::common;

use common::{mteval, shared_datasets};
use mteval::metrics::signature::VERSION;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Writes every input file of the golden cases into `directory`, as the generator built them.
fn build_files(files: &serde_json::Map<String, Value>, datasets: &Path, directory: &Path) {
    for (name, recipe) in files {
        let lines = recipe["lines"].as_u64().unwrap() as usize;
        let columns: Vec<Vec<String>> = recipe["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|source| {
                let text =
                    std::fs::read_to_string(datasets.join("wmt22").join(source.as_str().unwrap()))
                        .unwrap();
                text.split('\n').take(lines).map(String::from).collect()
            })
            .collect();
        let flag = |key: &str| recipe.get(key).and_then(Value::as_bool) == Some(true);
        let line_end: &[u8] = if flag("crlf") { b"\r\n" } else { b"\n" };
        let mut body = Vec::new();
        if flag("bom") {
            body.extend_from_slice(b"\xEF\xBB\xBF");
        }
        for i in 0..columns[0].len() {
            let fields: Vec<&str> = columns.iter().map(|c| c[i].as_str()).collect();
            let line = fields.join("\t");
            if flag("latin1") {
                body.extend(line.chars().map(|c| u8::try_from(c).unwrap_or(b'?')));
            } else {
                body.extend_from_slice(line.as_bytes());
            }
            body.extend_from_slice(line_end);
        }
        if flag("gzip") {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(&body).unwrap();
            body = encoder.finish().unwrap();
        }
        std::fs::write(directory.join(name), body).unwrap();
    }
}

/// sacreBLEU's output with its version replaced by mteval's, as `mteval sacrebleu` signs.
fn with_mteval_version(stdout: &str) -> String {
    stdout
        .replace("version:2.6.0", &format!("version:{VERSION}"))
        .replace("v:2.6.0", &format!("v:{VERSION}"))
        .replace(
            "\"version\": \"2.6.0\"",
            &format!("\"version\": \"{VERSION}\""),
        )
}

#[test]
fn mteval_sacrebleu_prints_sacrebleus_bytes() {
    let Some(datasets) = shared_datasets() else {
        return;
    };
    let golden_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/sacrebleu-cli/cases.json");
    let golden: Value =
        serde_json::from_str(&std::fs::read_to_string(golden_path).unwrap()).unwrap();
    let directory = tempfile::tempdir().unwrap();
    build_files(
        golden["files"].as_object().unwrap(),
        &datasets,
        directory.path(),
    );

    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= 200, "only {} golden cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let argv: Vec<&str> = case["argv"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let mut command = mteval();
        command
            .arg("sacrebleu")
            .args(&argv)
            .current_dir(directory.path())
            .env_remove("SACREBLEU_SEED")
            .env_remove("SACREBLEU_FORMAT")
            .env("NO_COLOR", "1");
        for (key, value) in case["env"].as_object().unwrap() {
            command.env(key, value.as_str().unwrap());
        }
        let stdin = match case["stdin"].as_str() {
            Some(name) => std::fs::read(directory.path().join(name)).unwrap(),
            None => Vec::new(),
        };
        let output = command.write_stdin(stdin).output().unwrap();
        let expected = with_mteval_version(case["stdout"].as_str().unwrap());
        let stdout = String::from_utf8_lossy(&output.stdout);
        let code = output.status.code().unwrap_or(-1);
        let expected_code = case["code"].as_i64().unwrap() as i32;
        if stdout != expected || code != expected_code {
            failures.push(format!(
                "sacrebleu {}\n  exit {code} (sacreBLEU {expected_code})\n--- mteval\n{stdout}--- sacreBLEU\n{expected}--- stderr\n{}",
                argv.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} command lines differ from sacreBLEU; the first:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Run under the name `sacrebleu` (a symlink), the binary is `mteval sacrebleu`.
#[cfg(unix)]
#[test]
fn a_symlink_named_sacrebleu_runs_mteval_sacrebleu() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let directory = tempfile::tempdir().unwrap();
    let link = directory.path().join("sacrebleu");
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("mteval"), &link).unwrap();
    let output = std::process::Command::new(&link)
        .arg(data.join("readme.ref1"))
        .arg(data.join("readme.ref2"))
        .args(["-i"])
        .arg(data.join("readme.hyp"))
        .args(["-f", "text", "-w", "4"])
        .output()
        .unwrap();
    assert!(output.status.success());
    // sacrebleu readme.ref1 readme.ref2 -i readme.hyp -f text -w 4 (sacreBLEU 2.6.0)
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!(
            "BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:{VERSION} = 48.5308 \
             82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)\n"
        )
    );
}

/// sacreBLEU's warnings on standard error (sacreBLEU 2.6.0's lines): input that looks tokenized
/// (unless `--force`), a target language whose tokenizer was not chosen; bare under `-q`.
#[test]
fn sacrebleus_warnings_reach_standard_error() {
    let directory = tempfile::tempdir().unwrap();
    let lines: String = (0..100).map(|i| format!("Satz {i} .\n")).collect();
    let (reference, hypothesis) = (directory.path().join("ref"), directory.path().join("hyp"));
    std::fs::write(&reference, &lines).unwrap();
    std::fs::write(&hypothesis, &lines).unwrap();
    let stderr = |extra: &[&str]| {
        let output = mteval()
            .arg("sacrebleu")
            .arg(&reference)
            .arg("-i")
            .arg(&hypothesis)
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stderr).unwrap()
    };
    let tokenized = "That's 100 lines that end in a tokenized period ('.')\n\
         It looks like you forgot to detokenize your test data, which may hurt your score.\n\
         If you insist your data is detokenized, or don't care, you can suppress this message \
         with the `force` parameter.\n";
    let prefixed =
        |text: &str| -> String { text.lines().map(|l| format!("sacreBLEU: {l}\n")).collect() };
    assert_eq!(stderr(&[]), prefixed(tokenized));
    assert_eq!(stderr(&["-q"]), tokenized);
    assert_eq!(stderr(&["--force"]), "");
    assert_eq!(stderr(&["-m", "chrf"]), "");
    assert_eq!(
        stderr(&["-l", "en-zh", "-tok", "13a", "--force"]),
        "sacreBLEU: Consider using the 'zh' or 'spm' tokenizer for Chinese.\n"
    );
}
