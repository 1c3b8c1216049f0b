//! Parity of the SentencePiece (spBLEU) tokenizers with sentencepiece 0.2 and sacreBLEU 2.6.0, on
//! the small models in `tests/data/spm/` (trained by `tests/golden/spm/generate.py`): the pieces of
//! edge-case lines and of every line of several WMT22 references, corpus and sentence BLEU with
//! `flores101`, `flores200` and `spBLEU-1K`, and the CLI's model lookup.

use crate::common;

use common::{assert_score_eq, golden, mteval, shared_datasets, without_version};
use mteval::io::{read_segments, ReadOptions};
use mteval::metrics::bleu::Bleu;
use mteval::metrics::{MetricConfig, RunOptions};
use mteval::tokenize::sentencepiece::EncodeBuffers;
use mteval::tokenize::{tokenizer_with_files, SentencePieceModel, TokenizerFiles};
use predicates::prelude::predicate;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

const MODELS: [&str; 5] = [
    "unigram-8k",
    "unigram-2k-bytes",
    "bpe-8k",
    "bpe-1k-bytes",
    "unigram-1k-identity",
];

/// The committed model each sacreBLEU tokenizer name was given in the goldens.
fn model_for_tokenizer(tokenizer: &str) -> &'static str {
    match tokenizer {
        "flores101" => "unigram-2k-bytes",
        "flores200" => "unigram-8k",
        "spBLEU-1K" => "bpe-8k",
        other => panic!("no model for {other}"),
    }
}

fn model_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/spm/{name}.model"))
}

fn pieces(model: &SentencePieceModel, line: &str, buffers: &mut EncodeBuffers) -> Vec<String> {
    model.encode(line, buffers);
    buffers.piece_texts().map(String::from).collect()
}

/// Asserts `model` gives the golden pieces for every line, naming the first line that differs.
fn assert_pieces(model_name: &str, what: &str, lines: &[String], expected: &Value) -> usize {
    let model = SentencePieceModel::load(&model_path(model_name)).unwrap();
    let expected = expected.as_array().unwrap();
    assert_eq!(lines.len(), expected.len(), "{model_name} {what}");
    let mut buffers = EncodeBuffers::default();
    for (i, (line, expected)) in lines.iter().zip(expected).enumerate() {
        let expected: Vec<String> = serde_json::from_value(expected.clone()).unwrap();
        assert_eq!(
            pieces(&model, line, &mut buffers),
            expected,
            "{model_name} {what} line {}: {line:?}",
            i + 1
        );
    }
    lines.len()
}

#[test]
fn edge_case_pieces_match_sentencepiece() {
    let golden = golden("spm/edge-cases.json");
    let lines: Vec<String> = serde_json::from_value(golden["lines"].clone()).unwrap();
    assert!(lines.iter().any(|line| line.chars().count() == 10_000));
    for model in MODELS {
        assert_pieces(model, "edge cases", &lines, &golden["pieces"][model]);
    }
}

#[test]
fn reference_pieces_match_sentencepiece() {
    let Some(shared) = shared_datasets() else {
        return;
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/spm/pieces.json.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let golden: Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for model in MODELS {
        let files = golden[model].as_object().unwrap();
        assert!(files.len() >= 5, "{model}");
        for (file, expected) in files {
            let lines = read_segments(
                &shared.join("wmt22/references").join(file),
                ReadOptions::default(),
            )
            .unwrap()
            .segments;
            checked += assert_pieces(model, file, &lines, expected);
        }
    }
    eprintln!("{checked} reference lines give sentencepiece's pieces");
}

fn wmt22_lines(shared: &Path, folder: &str, file: String) -> Vec<String> {
    read_segments(
        &shared.join("wmt22").join(folder).join(file),
        ReadOptions::default(),
    )
    .unwrap()
    .segments
}

fn spm_bleu(tokenizer: &str, effective_order: bool) -> MetricConfig {
    let files = TokenizerFiles {
        spm_model: Some(model_path(model_for_tokenizer(tokenizer))),
        ..TokenizerFiles::default()
    };
    let mut bleu = Bleu::new(tokenizer_with_files(tokenizer, &files).unwrap());
    bleu.effective_order = effective_order;
    MetricConfig::Bleu(bleu)
}

/// The pair, system and tokenizer a BLEU golden record is for.
fn record_keys(record: &Value) -> (&str, &str, &str) {
    (
        record["pair"].as_str().unwrap(),
        record["system"].as_str().unwrap(),
        record["tokenize"].as_str().unwrap(),
    )
}

/// Reference A and `system`'s output of a WMT22 pair.
fn pair_files(shared: &Path, pair: &str, system: &str) -> (Vec<String>, Vec<String>) {
    let target = pair.split_once('-').unwrap().1;
    let refs = wmt22_lines(
        shared,
        "references",
        format!("generaltest2022.{pair}.ref.A.{target}"),
    );
    let hyps = wmt22_lines(
        shared,
        "system-outputs",
        format!("generaltest2022.{pair}.hyp.{system}.{target}"),
    );
    (refs, hyps)
}

#[test]
fn corpus_and_sentence_bleu_match_sacrebleu() {
    let Some(shared) = shared_datasets() else {
        return;
    };
    let golden = golden("spm/bleu.json");
    let mut checked = 0;
    for record in golden["corpus"].as_array().unwrap() {
        let (pair, system, tokenizer) = record_keys(record);
        let (refs, hyps) = pair_files(&shared, pair, system);
        let run = spm_bleu(tokenizer, false).run(
            &[refs.as_slice()],
            &[hyps.as_slice()],
            RunOptions::default(),
        );
        let what = format!("{pair} {system} {tokenizer}");
        assert_eq!(
            without_version(&run.signature.format(false)),
            without_version(record["signature"].as_str().unwrap()),
            "{what}"
        );
        let corpus = &run.systems[0].corpus;
        assert_score_eq(corpus.score, record["score"].as_f64().unwrap(), &what);
        let details = serde_json::to_value(corpus).unwrap();
        for key in ["counts", "totals", "sys_len", "ref_len"] {
            assert_eq!(details[key], record[key], "{key} of {what}");
        }
        checked += 1;
    }
    assert!(checked >= 150, "{checked} corpus records");
    for record in golden["sentence"].as_array().unwrap() {
        let (pair, system, tokenizer) = record_keys(record);
        let expected = record["scores"].as_array().unwrap();
        let (refs, hyps) = pair_files(&shared, pair, system);
        let bleu = spm_bleu(tokenizer, true);
        let n = expected.len();
        let options = RunOptions {
            sentence_scores: true,
            statistics: false,
        };
        let run = bleu.run(&[&refs[..n]], &[&hyps[..n]], options);
        for (i, (ours, theirs)) in run.systems[0].segments.iter().zip(expected).enumerate() {
            let what = format!("{pair} {system} {tokenizer} segment {}", i + 1);
            assert_score_eq(ours.score, theirs.as_f64().unwrap(), &what);
            checked += 1;
        }
    }
    eprintln!("{checked} BLEU scores with SentencePiece tokenizers equal sacreBLEU 2.6.0");
}

#[test]
fn cli_finds_models_by_flag_or_in_sacrebleu_cache_and_names_missing_ones() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let (reference, hypothesis) = (data.join("readme.ref1"), data.join("readme.hyp"));
    let score = |tokenizer: &str, extra: &[&str], cache: &Path| {
        let mut command = mteval();
        command
            .env("SACREBLEU", cache)
            .args(["score", "-t", tokenizer, "-f", "json", "-r"])
            .arg(&reference)
            .args(extra)
            .arg(&hypothesis);
        command
    };
    let cache = tempfile::tempdir().unwrap();
    // No model in the cache: the error names the cache path and sacreBLEU's URL.
    score("flores200", &[], cache.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("models/flores200sacrebleuspm"))
        .stderr(predicate::str::contains(
            "https://tinyurl.com/flores200sacrebleuspm",
        ))
        .stderr(predicate::str::contains("--spm-model"));
    // --spm-model, then the same file at sacreBLEU's cache path, give the same scores.
    let model = model_path("unigram-8k");
    let by_flag = common::json_stdout(&mut score(
        "flores200",
        &["--spm-model", model.to_str().unwrap()],
        cache.path(),
    ));
    std::fs::create_dir(cache.path().join("models")).unwrap();
    std::fs::copy(&model, cache.path().join("models/flores200sacrebleuspm")).unwrap();
    let from_cache = common::json_stdout(&mut score("flores200", &[], cache.path()));
    assert_eq!(by_flag, from_cache);
    let text = by_flag.to_string();
    assert!(text.contains("tok:flores200"), "{text}");
    // `spm` is flores101's old name and signs as flores101; a file that is no model is an error.
    let spm = common::json_stdout(&mut score(
        "spm",
        &["--spm-model", model.to_str().unwrap()],
        cache.path(),
    ));
    assert!(spm.to_string().contains("tok:flores101"), "{spm}");
    score(
        "flores101",
        &["--spm-model", reference.to_str().unwrap()],
        cache.path(),
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("--spm-model"))
    .stderr(predicate::str::contains("readme.ref1"));
}
