//! The result structs of `mteval report`: one [`Report`] holds every number the CSV files, the
//! JSON document, the charts and the HTML page show, so they cannot disagree. Per-segment scores
//! are kept out of the JSON (they are `segments.csv`).

use serde::Serialize;

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    /// `mteval-0.1.0`, as in the signatures.
    pub version: String,
    /// The input as given on the command line, and how it was read.
    pub input: String,
    pub input_format: String,
    pub settings: Settings,
    pub currency: Option<String>,
    /// Every vendor of every pair, sorted.
    pub vendors: Vec<String>,
    pub pairs: Vec<PairReport>,
    /// `systems.csv`: vendor × pair × metric.
    pub systems: Vec<SystemRow>,
    /// `pairwise.csv`: every pair of vendors, per language pair and metric.
    pub pairwise: Vec<PairwiseRow>,
    /// `documents.csv`: per document and per domain, when the input labels segments.
    pub documents: Vec<DocumentRow>,
    /// `lengths.csv`: per source-length bucket.
    pub lengths: Vec<LengthRow>,
    /// `errors.csv`: error categories, when an error analysis ran.
    pub errors: Option<ErrorSection>,
    /// The human evaluation, when the manifest names MQM annotation files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human: Option<HumanSection>,
    /// Quality gates (`--fail-below`, `--fail-above`) and what failed them.
    pub gates: Vec<GateResult>,
    /// Provenance: every input file with its SHA-256.
    pub files: Vec<InputFile>,
    /// Things the reader must know (tokenizer substitutions, ignored files, alignments).
    pub notes: Vec<String>,
}

/// How the numbers were computed.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// `paired bootstrap`.
    pub test: String,
    /// Bootstrap resamples (each pair's own count is [`PairReport::samples`]).
    pub samples: usize,
    /// Whether some pair got more resamples than `samples` so that Holm-corrected p-values
    /// could reach `alpha`.
    pub samples_raised: bool,
    pub seed: u64,
    pub alpha: f64,
    /// `segments` or `documents`.
    pub resample: String,
    /// Worst segments shown per vendor and pair.
    pub worst_segments: usize,
}

/// One metric as configured for one language pair.
#[derive(Debug, Clone, Serialize)]
pub struct MetricInfo {
    /// sacreBLEU's name (`BLEU`, `chrF2`, `TER`).
    pub name: String,
    pub higher_is_better: bool,
    /// Signature of corpus scores, with the resampling that gave the intervals.
    pub signature: String,
    /// Signature of the corpus score alone (documents, domains, length buckets).
    pub corpus_signature: String,
    /// Signature of the sentence scores (`segments.csv`).
    pub sentence_signature: String,
}

/// One language pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairReport {
    /// `en-de` (or `SET.en-de` when one input holds several test sets of a pair).
    pub label: String,
    /// Bootstrap resamples used for this pair.
    pub samples: usize,
    pub source_language: String,
    pub target_language: String,
    pub segments: usize,
    pub references: Vec<String>,
    /// Vendors in input order.
    pub systems: Vec<String>,
    pub metrics: Vec<MetricInfo>,
    /// Index into `metrics` of the metric used for distributions, heatmaps and worst segments
    /// (chrF when computed, else the first).
    pub primary: usize,
    /// `words`, or `characters` for unspaced source languages.
    pub length_unit: String,
    /// Source length in `length_unit`s (when the source is known): what prices apply to.
    pub source_length: Option<usize>,
    pub has_documents: bool,
    pub has_domains: bool,
    /// Hypotheses put onto the reference segments by the alignment step.
    pub alignments: Vec<AlignmentNote>,
    /// The lowest-scoring segments of each vendor.
    pub worst: Vec<WorstSegment>,
    #[serde(skip)]
    pub table: SegmentTable,
}

/// Per-segment data of a pair (written to `segments.csv`, drawn in distributions).
#[derive(Debug, Clone, Default)]
pub struct SegmentTable {
    pub documents: Option<Vec<String>>,
    pub domains: Option<Vec<String>>,
    /// Source (else reference) length of every segment, in the pair's length unit.
    pub lengths: Vec<usize>,
    /// `scores[metric][system][segment]`: sentence scores.
    pub scores: Vec<Vec<Vec<f64>>>,
}

/// A row of `systems.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct SystemRow {
    pub pair: String,
    pub system: String,
    pub metric: String,
    pub score: f64,
    pub bootstrap_mean: f64,
    /// Half-width of the 95% bootstrap interval, as sacreBLEU prints `μ ± CI`.
    pub ci_half_width: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// 1 = best.
    pub rank: usize,
    /// Significance cluster (1 = best group).
    pub cluster: usize,
    pub segments: usize,
    pub source_length: Option<usize>,
    pub price_per_word: Option<f64>,
    /// `source_length × price_per_word`.
    pub cost: Option<f64>,
    pub signature: String,
}

/// A row of `pairwise.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct PairwiseRow {
    pub pair: String,
    pub metric: String,
    pub system_a: String,
    pub system_b: String,
    /// `score(a) − score(b)`.
    pub difference: f64,
    pub ci_half_width: Option<f64>,
    pub p_value: f64,
    /// Holm–Bonferroni corrected within the pair and metric.
    pub p_holm: f64,
    pub significant: bool,
    /// Which of the two is significantly better, if either.
    pub better: Option<String>,
    pub signature: String,
}

/// A row of `documents.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    pub pair: String,
    /// `document` or `domain`.
    pub level: String,
    pub id: String,
    /// The document's domain (document rows), when known.
    pub domain: Option<String>,
    pub system: String,
    pub metric: String,
    pub segments: usize,
    pub score: f64,
    pub signature: String,
}

/// A row of `lengths.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct LengthRow {
    pub pair: String,
    /// `1-10`, `11-20`, …, `61+`.
    pub bucket: String,
    pub min_length: usize,
    pub max_length: Option<usize>,
    pub unit: String,
    pub system: String,
    pub metric: String,
    pub segments: usize,
    pub score: f64,
}

/// A hypothesis whose lines were put onto the reference segments before scoring.
#[derive(Debug, Clone, Serialize)]
pub struct AlignmentNote {
    pub system: String,
    pub hypothesis_lines: usize,
    pub reference_segments: usize,
    pub method: String,
    pub mean_confidence: Option<f64>,
}

/// One token of a word-level difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffToken {
    pub text: String,
    /// `equal`, `missing` (in the reference only) or `extra` (in the hypothesis only).
    pub kind: DiffKind,
}

/// How a token of a difference relates to the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    Equal,
    Missing,
    Extra,
}

/// One of a vendor's lowest-scoring segments, with the difference against the reference.
#[derive(Debug, Clone, Serialize)]
pub struct WorstSegment {
    pub system: String,
    /// 1-based.
    pub segment: usize,
    pub document: Option<String>,
    /// Sentence score under the pair's primary metric.
    pub score: f64,
    pub source: Option<String>,
    pub reference: String,
    pub hypothesis: String,
    /// The reference with the tokens the hypothesis lacks marked `missing`.
    pub reference_diff: Vec<DiffToken>,
    /// The hypothesis with the tokens the reference lacks marked `extra`.
    pub hypothesis_diff: Vec<DiffToken>,
}

/// The error analysis, when one ran.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorSection {
    /// What produced the counts.
    pub analysis: String,
    pub counts: Vec<ErrorRow>,
}

/// A row of `errors.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorRow {
    pub pair: String,
    pub system: String,
    /// MQM category path, `Accuracy/Omission`.
    pub category: String,
    pub severity: String,
    pub count: usize,
    /// Per 1000 words (characters for unspaced languages) of [`ErrorRow::words_of`].
    pub per_1000_words: f64,
    /// Whose words: `source`, else `reference`, else `hypothesis` (the vendor's own), as
    /// `mteval errors` counts its penalties; the same for every vendor of a pair that has a
    /// source or a reference.
    pub words_of: &'static str,
}

/// The human evaluation: MQM per vendor, the metrics' agreement with it, and the automatic error
/// checks' agreement with the reviewers' spans, for every pair that names MQM files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HumanSection {
    /// `human.csv`.
    pub mqm: Vec<HumanRow>,
    /// `human-agreement.csv`.
    pub agreement: Vec<HumanAgreementRow>,
    /// `human-spans.csv` (when the error analysis ran).
    pub spans: Vec<HumanSpanRow>,
}

/// A row of `human.csv`: one vendor's MQM (lower is better) over its annotated segments.
#[derive(Debug, Clone, Serialize)]
pub struct HumanRow {
    pub pair: String,
    pub system: String,
    /// Mean over the annotated segments of the raters' mean summed error weights.
    pub mqm: f64,
    /// 95% percentile bootstrap interval over the annotated segments.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// 1 = fewest errors.
    pub rank: usize,
    pub segments: usize,
    pub errors: usize,
}

/// A row of `human-agreement.csv`: one metric's agreement with MQM (negated, so that a metric
/// that agrees correlates positively; lower-is-better metrics are negated too).
#[derive(Debug, Clone, Serialize)]
pub struct HumanAgreementRow {
    pub pair: String,
    pub metric: String,
    /// `system` (corpus scores of the annotated vendors) or `segment` (sentence scores of the
    /// annotated segments).
    pub level: String,
    pub statistic: String,
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// A row of `human-spans.csv`: the automatic findings on the annotated segments against the
/// reviewers' spans.
#[derive(Debug, Clone, Serialize)]
pub struct HumanSpanRow {
    pub pair: String,
    /// `exact` or `overlap`.
    pub matching: String,
    /// Top-level MQM category, or `all`.
    pub category: String,
    pub human_spans: usize,
    pub automatic_spans: usize,
    pub found: usize,
    pub confirmed: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

/// One quality gate and the vendors that failed it.
#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    /// The gate as given: `chrF=50`.
    pub gate: String,
    pub metric: String,
    /// `below` (fails when a score is below the threshold) or `above`.
    pub fails_when: String,
    pub threshold: f64,
    pub failures: Vec<GateFailure>,
}

/// A vendor whose score crossed a gate.
#[derive(Debug, Clone, Serialize)]
pub struct GateFailure {
    pub pair: String,
    pub system: String,
    pub metric: String,
    pub score: f64,
}

/// An input file and its SHA-256.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    /// `manifest`, `source`, `reference`, `system`, `documents`, `glossary`.
    pub role: String,
    pub pair: Option<String>,
    /// Reference or vendor name.
    pub name: Option<String>,
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}
