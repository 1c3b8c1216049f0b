//! Throughput of mteval's kernels, in bytes of input text per second.
//!
//! * `tokenize`: the BLEU tokenizers (`13a`, `intl`, `zh`, `char`) over the en-de reference A
//!   of WMT22, and `zh` over the en-zh reference A; bytes are those of the input lines.
//! * `sentencepiece`: the spBLEU tokenizers (`flores200` with the unigram model, `spBLEU-1K` with
//!   the BPE model of `tests/data/spm/`, 8000 pieces each) over the same two references, one
//!   core; `benches/spm_python.py` times the `sentencepiece` library on the same lines.
//! * `bleu_segment_stats`, `chrf_segment_stats` (chrF and chrF++), `ter_segment_stats`: one
//!   en-de system against reference A, bytes are hypothesis + reference text. `parallel` is
//!   [`evaluate::segment_stats`] on all cores; `serial` is a single-threaded loop over
//!   [`Metric::prepare_reference`] + [`Metric::segment_stats`] with one scratch, i.e. the
//!   per-core speed.
//!
//! * `bootstrap`: `compare --all-pairs`' paired bootstrap for one metric (1000 resamples, 9
//!   systems: the en-de system's statistics nine times, as the cost does not depend on the
//!   values); throughput in resampled segment rows (resamples × segments × systems).
//!
//! * `align`: `mteval align` — sentence alignment of the en-de system with every 10th line merged
//!   into the next and every 50th dropped, and re-segmentation of WMT22 Online-B returned as one
//!   line per document (de-fr on words, en-zh on characters, from the XML test sets; skipped
//!   without them); bytes are hypothesis + reference text.
//!
//! * `mecab`: `ja-mecab` over the WMT22 en-ja reference and all 13 system outputs (bytes of the
//!   input lines; one core), and loading (memory-mapping and checking) its dictionary. Skipped,
//!   with a note, without a MeCab dictionary (see the README) or the en-ja files.
//!
//! The data come from `../shared/datasets/wmt22` next to the crate (or `$MTEVAL_BENCH_WMT22`);
//! when it is missing, the small files of `datasets/news-demo` are repeated to about 1 MB.
//!
//! Run with `cargo bench --bench kernels`; `cargo bench --bench kernels -- --test` runs each
//! benchmark once as a smoke test.

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use mteval::align::{align, AlignInput};
use mteval::io::wmt_xml::read_wmt_xml;
use mteval::io::{read_segments, ReadOptions};
use mteval::metrics::bleu::Bleu;
use mteval::metrics::chrf::Chrf;
use mteval::metrics::evaluate;
use mteval::metrics::stats_matrix::StatsMatrix;
use mteval::metrics::ter::Ter;
use mteval::metrics::{Metric, MetricConfig};
use mteval::stats::comparison::{compare_systems, ComparisonOptions, Method, MetricSystems};
use mteval::stats::resample::{Blocks, Scorer, SharedDraws};
use mteval::tokenize::mecab::locate_dictionary;
use mteval::tokenize::{
    tokenizer_by_name, tokenizer_with_files, MecabLanguage, MecabTokenizer, Tokenizer,
    TokenizerFiles,
};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// Bytes the news-demo fallback is repeated to.
const FALLBACK_BYTES: usize = 1 << 20;

/// The benchmark inputs: one en-de system, its reference A, and a Chinese reference.
struct Data {
    /// Where the data came from, for the note printed once.
    source: String,
    hypothesis: Vec<String>,
    reference: Vec<String>,
    /// A Chinese text for the `zh` tokenizer (the German reference in the fallback).
    chinese: Vec<String>,
}

fn read(path: &Path) -> Vec<String> {
    match read_segments(path, ReadOptions::default()) {
        Ok(file) => file.segments,
        Err(err) => panic!("cannot read benchmark data {}: {err}", path.display()),
    }
}

fn bytes(lines: &[String]) -> u64 {
    lines.iter().map(|line| line.len() as u64 + 1).sum()
}

/// Repeats `lines` until they hold at least `target` bytes.
fn repeat_to(lines: &[String], target: usize) -> Vec<String> {
    let size = bytes(lines).max(1) as usize;
    let copies = target.div_ceil(size).max(1);
    let mut out = Vec::with_capacity(lines.len() * copies);
    for _ in 0..copies {
        out.extend_from_slice(lines);
    }
    out
}

fn wmt22_dir() -> PathBuf {
    match std::env::var_os("MTEVAL_BENCH_WMT22") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/wmt22"),
    }
}

/// The WMT22 system outputs of `pair` in sorted order (none without the WMT22 data).
fn wmt22_systems(dir: &Path, pair: &str) -> Vec<PathBuf> {
    let prefix = format!("generaltest2022.{pair}.hyp.");
    let mut systems: Vec<PathBuf> = std::fs::read_dir(dir.join("system-outputs"))
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(&prefix))
        })
        .collect();
    systems.sort();
    systems
}

/// The first en-de system output in sorted order, if the WMT22 data are there.
fn wmt22_system(dir: &Path) -> Option<PathBuf> {
    wmt22_systems(dir, "en-de").into_iter().next()
}

fn load() -> Data {
    let dir = wmt22_dir();
    let references = dir.join("references");
    let reference_de = references.join("generaltest2022.en-de.ref.A.de");
    let reference_zh = references.join("generaltest2022.en-zh.ref.A.zh");
    if let Some(system) = wmt22_system(&dir) {
        if reference_de.is_file() && reference_zh.is_file() {
            return Data {
                source: format!(
                    "WMT22 en-de: {} vs {}",
                    system.file_name().unwrap_or_default().to_string_lossy(),
                    reference_de
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                ),
                hypothesis: read(&system),
                reference: read(&reference_de),
                chinese: read(&reference_zh),
            };
        }
    }
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/news-demo");
    let reference = repeat_to(
        &read(&demo.join("references/news.en-de.ref.A.de")),
        FALLBACK_BYTES / 2,
    );
    let hypothesis = repeat_to(
        &read(&demo.join("system-outputs/news.en-de.hyp.VendorA.de")),
        FALLBACK_BYTES / 2,
    );
    // Both files have the same number of lines, so equal repetition keeps them aligned.
    let segments = reference.len().min(hypothesis.len());
    let reference = reference[..segments].to_vec();
    let hypothesis = hypothesis[..segments].to_vec();
    Data {
        source: format!(
            "NOTE: {} not found; using datasets/news-demo repeated to ~1 MB \
             (zh tokenizer runs on the German reference)",
            dir.display()
        ),
        chinese: reference.clone(),
        hypothesis,
        reference,
    }
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        let data = load();
        eprintln!(
            "benchmark data: {} ({} segments, {} bytes hyp + ref)",
            data.source,
            data.reference.len(),
            bytes(&data.hypothesis) + bytes(&data.reference)
        );
        data
    })
}

fn configure(group: &mut Group<'_>) {
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
}

fn tokenize(c: &mut Criterion) {
    let data = data();
    let mut group = c.benchmark_group("tokenize");
    configure(&mut group);
    let cases: [(&str, &str, &[String]); 5] = [
        ("13a", "13a", &data.reference),
        ("intl", "intl", &data.reference),
        ("zh", "zh", &data.reference),
        ("char", "char", &data.reference),
        ("zh/en-zh", "zh", &data.chinese),
    ];
    for (label, name, lines) in cases {
        let tokenizer = tokenizer_by_name(name).expect("built-in tokenizer");
        group.throughput(Throughput::Bytes(bytes(lines)));
        group.bench_function(label, |b| {
            let mut out = String::new();
            b.iter(|| tokenize_all(tokenizer.as_ref(), lines, &mut out))
        });
    }
    group.finish();
}

/// Tokenizes every line with `tokenizer` into one reused buffer.
fn tokenize_all(tokenizer: &dyn Tokenizer, lines: &[String], out: &mut String) -> usize {
    let mut total = 0usize;
    for line in lines {
        out.clear();
        tokenizer.tokenize_into(black_box(line), out);
        total += out.len();
    }
    total
}

fn sentencepiece(c: &mut Criterion) {
    let data = data();
    let mut group = c.benchmark_group("sentencepiece");
    configure(&mut group);
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/spm");
    for (tokenizer, model) in [("flores200", "unigram-8k"), ("spBLEU-1K", "bpe-8k")] {
        let files = TokenizerFiles {
            spm_model: Some(models.join(format!("{model}.model"))),
            ..TokenizerFiles::default()
        };
        let tokenizer = tokenizer_with_files(tokenizer, &files).expect("committed test model");
        for (text, lines) in [("en-de", &data.reference), ("en-zh", &data.chinese)] {
            group.throughput(Throughput::Bytes(bytes(lines)));
            group.bench_function(format!("{model}/{text}"), |b| {
                let mut out = String::new();
                b.iter(|| tokenize_all(tokenizer.as_ref(), lines, &mut out))
            });
        }
    }
    group.finish();
}

fn mecab(c: &mut Criterion) {
    let dir = wmt22_dir();
    let mut files = wmt22_systems(&dir, "en-ja");
    files.insert(0, dir.join("references/generaltest2022.en-ja.ref.A.ja"));
    let (Ok((dictionary, _)), true) = (
        locate_dictionary(MecabLanguage::Japanese, None),
        files.iter().all(|file| file.is_file()),
    ) else {
        eprintln!("NOTE: no MeCab dictionary or no WMT22 en-ja files; mecab benchmarks skipped");
        return;
    };
    let lines: Vec<String> = files.iter().flat_map(|file| read(file)).collect();
    let tokenizer = MecabTokenizer::open(MecabLanguage::Japanese, &dictionary).unwrap();
    let mut group = c.benchmark_group("mecab");
    configure(&mut group);
    group.throughput(Throughput::Bytes(bytes(&lines)));
    group.bench_function("ja-mecab/en-ja", |b| {
        let mut out = String::new();
        b.iter(|| tokenize_all(&tokenizer, &lines, &mut out))
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("load ipadic", |b| {
        b.iter(|| MecabTokenizer::open(MecabLanguage::Japanese, black_box(&dictionary)).unwrap())
    });
    group.finish();
}

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// A group over the en-de system with hypothesis + reference bytes as throughput.
fn stats_group<'a>(c: &'a mut Criterion, name: &str) -> Group<'a> {
    let data = data();
    let mut group = c.benchmark_group(name);
    configure(&mut group);
    group.throughput(Throughput::Bytes(
        bytes(&data.hypothesis) + bytes(&data.reference),
    ));
    group
}

/// Benchmarks `metric` over the en-de system: in parallel through `evaluate::segment_stats`,
/// and serially with one scratch.
fn bench_stats<M: Metric>(group: &mut Group<'_>, label: &str, metric: &M) {
    let data = data();
    let references: [&[String]; 1] = [&data.reference];
    let systems: [&[String]; 1] = [&data.hypothesis];
    let prefix = if label.is_empty() {
        String::new()
    } else {
        format!("{label}/")
    };
    group.bench_function(format!("{prefix}parallel"), |b| {
        b.iter(|| evaluate::segment_stats(metric, black_box(&references), black_box(&systems)))
    });
    group.bench_function(format!("{prefix}serial"), |b| {
        let mut scratch = M::Scratch::default();
        b.iter(|| {
            let mut sum = M::Stats::default();
            for (hypothesis, reference) in data.hypothesis.iter().zip(&data.reference) {
                let prepared = metric.prepare_reference(&[black_box(reference.as_str())]);
                sum += &metric.segment_stats(black_box(hypothesis), &prepared, &mut scratch);
            }
            sum
        })
    });
}

fn bleu(c: &mut Criterion) {
    let bleu = Bleu::new(tokenizer_by_name("13a").expect("built-in tokenizer"));
    let mut group = stats_group(c, "bleu_segment_stats");
    bench_stats(&mut group, "", &bleu);
    group.finish();
}

fn chrf(c: &mut Criterion) {
    let chrf_plus_plus = Chrf {
        word_order: 2,
        ..Chrf::default()
    };
    let mut group = stats_group(c, "chrf_segment_stats");
    bench_stats(&mut group, "chrF", &Chrf::default());
    bench_stats(&mut group, "chrF++", &chrf_plus_plus);
    group.finish();
}

fn ter(c: &mut Criterion) {
    let mut group = stats_group(c, "ter_segment_stats");
    bench_stats(&mut group, "", &Ter::default());
    group.finish();
}

/// Systems in the bootstrap benchmark and resamples drawn.
const BOOTSTRAP_SYSTEMS: usize = 9;
const BOOTSTRAP_RESAMPLES: usize = 1000;

fn bootstrap(c: &mut Criterion) {
    let data = data();
    let mut group = c.benchmark_group("bootstrap");
    configure(&mut group);
    let segments = data.reference.len();
    group.throughput(Throughput::Elements(
        (BOOTSTRAP_RESAMPLES * segments * BOOTSTRAP_SYSTEMS) as u64,
    ));
    let references: [&[String]; 1] = [&data.reference];
    let systems: [&[String]; 1] = [&data.hypothesis];
    let bleu = Bleu::new(tokenizer_by_name("13a").expect("built-in tokenizer"));
    let chrf = Chrf::default();
    let cases = [
        (
            "BLEU",
            MetricConfig::Bleu(bleu.clone()),
            StatsMatrix::from_stats(
                &bleu,
                &evaluate::segment_stats(&bleu, &references, &systems)[0],
            ),
        ),
        (
            "chrF",
            MetricConfig::Chrf(chrf.clone()),
            StatsMatrix::from_stats(
                &chrf,
                &evaluate::segment_stats(&chrf, &references, &systems)[0],
            ),
        ),
    ];
    let options = ComparisonOptions {
        method: Method::Bootstrap,
        samples: BOOTSTRAP_RESAMPLES,
        seed: 12345,
        blocks: Blocks::segments(segments),
        documents: false,
        all_pairs: true,
        alpha: 0.05,
        draws: SharedDraws::default(),
    };
    for (label, config, matrix) in cases {
        let inputs = MetricSystems {
            metric: label.to_string(),
            scorer: Scorer::Metric(config),
            scores: vec![0.0; BOOTSTRAP_SYSTEMS],
            statistics: vec![matrix; BOOTSTRAP_SYSTEMS],
        };
        group.bench_function(format!("{label}/all-pairs"), |b| {
            b.iter(|| compare_systems(black_box(&inputs), &options))
        });
    }
    group.finish();
}

/// The en-de system as a vendor might deliver it: every 10th line merged with the next, every
/// 50th dropped.
fn damaged(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if i % 50 == 49 {
            i += 1;
        } else if i % 10 == 0 && i + 1 < lines.len() {
            out.push(format!("{} {}", lines[i], lines[i + 1]));
            i += 2;
        } else {
            out.push(lines[i].clone());
            i += 1;
        }
    }
    out
}

fn alignment(c: &mut Criterion) {
    let data = data();
    let mut group = c.benchmark_group("align");
    configure(&mut group);
    let hypothesis = damaged(&data.hypothesis);
    group.throughput(Throughput::Bytes(
        bytes(&hypothesis) + bytes(&data.reference),
    ));
    group.bench_function("sentences/words", |b| {
        b.iter(|| {
            align(&AlignInput {
                reference: &data.reference,
                documents: None,
                source: None,
                hypothesis: black_box(&hypothesis),
                mode: None,
            })
        })
    });
    for (pair, joiner, label) in [
        ("de-fr", " ", "resegment/words"),
        ("en-zh", "", "resegment/characters"),
    ] {
        let path = wmt22_dir().join(format!("xml/wmttest2022.{pair}.all.xml"));
        let Ok(xml) = read_wmt_xml(&path, None) else {
            eprintln!("align/{label} skipped: {} is not readable", path.display());
            continue;
        };
        let reference = &xml.references[0].segments;
        let Some(system) = xml.hypotheses.iter().find(|h| h.name == "Online-B") else {
            eprintln!("align/{label} skipped: no Online-B in {}", path.display());
            continue;
        };
        let mut documents = vec![String::new(); reference.len()];
        let mut joined = Vec::with_capacity(xml.documents.len());
        for document in &xml.documents {
            documents[document.segments.clone()].fill(document.id.clone());
            joined.push(system.segments[document.segments.clone()].join(joiner));
        }
        group.throughput(Throughput::Bytes(bytes(&joined) + bytes(reference)));
        group.bench_function(format!("{label}/{pair}"), |b| {
            b.iter(|| {
                align(&AlignInput {
                    reference,
                    documents: Some(&documents),
                    source: None,
                    hypothesis: black_box(&joined),
                    mode: None,
                })
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    tokenize,
    sentencepiece,
    mecab,
    bleu,
    chrf,
    ter,
    bootstrap,
    alignment
);
criterion_main!(benches);
