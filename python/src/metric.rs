//! A configured metric for Python: corpus and sentence scores, per-segment sufficient
//! statistics (the rows `mteval score` sums) and the score of a summed row, with references
//! given as text or prepared once ([`References`]). The GIL is released while Rust works, and
//! segment statistics are summed in segment order, so no result depends on the thread count.

use crate::python_error;
use crate::texts;
use mteval::metrics::bleu::{Bleu, Smoothing};
use mteval::metrics::chrf::Chrf;
use mteval::metrics::signature::Resampling;
use mteval::metrics::stats_matrix::StatsMatrix;
use mteval::metrics::ter::Ter;
use mteval::metrics::{evaluate, Metric as MetricTrait, MetricConfig, Score, ScoreDetails};
use mteval::stats::comparison::{
    compare_systems, ComparisonOptions, Method, MetricComparison, MetricSystems,
};
use mteval::stats::resample::{Blocks, Scorer, SharedDraws};
use mteval::stats::sacrebleu_resampling::Seed;
use mteval::tokenize::cached::CACHED_LINES;
use mteval::tokenize::tercom::TercomOptions;
use mteval::tokenize::{tokenizer_with_files, CachedTokenizer, TokenizerFiles};
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Runs `$body` with `$metric` bound to the concrete metric of a [`MetricConfig`].
macro_rules! with_metric {
    ($config:expr, $metric:ident => $body:expr) => {
        match $config {
            MetricConfig::Bleu($metric) => $body,
            MetricConfig::Chrf($metric) => $body,
            MetricConfig::Ter($metric) => $body,
        }
    };
}

/// A metric with its own kind of prepared references.
trait BoundMetric: MetricTrait + PreparedKind + 'static {}

impl<M: MetricTrait + PreparedKind + 'static> BoundMetric for M {}

/// Which [`Prepared`] variant holds a metric's prepared references.
trait PreparedKind: MetricTrait {
    fn wrap(references: Vec<Self::Reference>) -> Prepared;
    fn unwrap(prepared: &Prepared) -> Option<&[Self::Reference]>;
}

/// Implements [`PreparedKind`] for `$metric`, whose references live in `Prepared::$variant`.
macro_rules! prepared_kind {
    ($metric:ty, $variant:ident) => {
        impl PreparedKind for $metric {
            fn wrap(references: Vec<Self::Reference>) -> Prepared {
                Prepared::$variant(references)
            }
            fn unwrap(prepared: &Prepared) -> Option<&[Self::Reference]> {
                match prepared {
                    Prepared::$variant(references) => Some(references),
                    _ => None,
                }
            }
        }
    };
}

prepared_kind!(Bleu, Bleu);
prepared_kind!(Chrf, Chrf);
prepared_kind!(Ter, Ter);

/// References prepared by one metric kind.
enum Prepared {
    Bleu(Vec<<Bleu as MetricTrait>::Reference>),
    Chrf(Vec<<Chrf as MetricTrait>::Reference>),
    Ter(Vec<<Ter as MetricTrait>::Reference>),
}

/// Reference segments prepared once (tokenized, n-grams counted) by a metric, to score many
/// systems against (sacreBLEU's `references=` cache).
#[pyclass(frozen, module = "mteval._native")]
pub struct References {
    prepared: Prepared,
    /// The signature of the metric that prepared them, to refuse them elsewhere.
    owner: String,
    /// The references of every segment, as given (without `None`s): what a pickled metric
    /// prepares again.
    texts: Vec<Vec<String>>,
}

impl References {
    /// The number of references of every segment.
    fn counts(&self) -> Vec<usize> {
        self.texts.iter().map(Vec::len).collect()
    }
}

#[pymethods]
impl References {
    /// The number of segments.
    fn __len__(&self) -> usize {
        self.texts.len()
    }

    /// The number of references per segment (`None`s excluded), or -1 when it varies.
    #[getter]
    fn nrefs(&self) -> i64 {
        uniform_count(&self.counts())
    }

    /// The references of every segment as given, without `None`s.
    fn segments(&self) -> Vec<Vec<String>> {
        self.texts.clone()
    }
}

/// The references of a scoring call: text or prepared.
enum ReferenceInput<'a> {
    Text(Vec<Vec<String>>),
    Prepared(&'a References),
}

impl ReferenceInput<'_> {
    /// The number of references of every segment.
    fn counts(&self) -> Vec<usize> {
        match self {
            ReferenceInput::Text(segments) => segments.iter().map(Vec::len).collect(),
            ReferenceInput::Prepared(references) => references.counts(),
        }
    }

    fn segments(&self) -> usize {
        match self {
            ReferenceInput::Text(segments) => segments.len(),
            ReferenceInput::Prepared(references) => references.texts.len(),
        }
    }

    /// The number of references per segment, or -1 when it varies (sacreBLEU's `nrefs:var`).
    fn reference_count(&self) -> i64 {
        uniform_count(&self.counts())
    }
}

/// The count shared by every segment, or -1 when counts differ (0 for no segments).
fn uniform_count(counts: &[usize]) -> i64 {
    match counts.split_first() {
        None => 0,
        Some((first, rest)) if rest.iter().all(|c| c == first) => *first as i64,
        Some(_) => -1,
    }
}

/// A bootstrap estimate of a score: the mean and the 95% half-width of its resamples.
type Estimate = (f64, f64);

/// A configured BLEU, chrF or TER (the native half of `mteval.BLEU`, `CHRF`, `TER`).
#[pyclass(frozen, module = "mteval._native")]
pub struct Metric {
    config: MetricConfig,
    /// The same metric for `sentence_score`: BLEU's tokenizer there remembers the last 65,536
    /// lines, as sacreBLEU's do (a loop over the same references tokenizes each once).
    sentence_config: MetricConfig,
}

impl Metric {
    fn new(config: MetricConfig) -> Self {
        let sentence_config = match &config {
            MetricConfig::Bleu(bleu) => MetricConfig::Bleu(Bleu {
                tokenizer: Arc::new(CachedTokenizer::new(bleu.tokenizer.clone(), CACHED_LINES)),
                ..bleu.clone()
            }),
            other => other.clone(),
        };
        Metric {
            config,
            sentence_config,
        }
    }
}

/// The settings of a significance test, as `compare` takes them.
struct SignificanceTest {
    method: Method,
    resampling: Resampling,
    samples: usize,
    seed: u64,
    all_pairs: bool,
    alpha: f64,
}

impl SignificanceTest {
    /// sacreBLEU's bootstrap estimate of one system (`n_bootstrap`, `--confidence`).
    fn bootstrap(samples: usize, seed: u64) -> Self {
        SignificanceTest {
            method: Method::Bootstrap,
            resampling: Resampling::Bootstrap,
            samples,
            seed,
            all_pairs: false,
            alpha: 0.05,
        }
    }

    fn new(method: &str, samples: usize, seed: u64, all_pairs: bool, alpha: f64) -> PyResult<Self> {
        let (method, resampling) = match method {
            "bootstrap" => (Method::Bootstrap, Resampling::Bootstrap),
            "ar" => (Method::Randomization, Resampling::Randomization),
            other => {
                return Err(PyValueError::new_err(format!(
                    "method: unknown test {other:?}; choose bootstrap or ar"
                )))
            }
        };
        if let Some(reason) = mteval::stats::resamples_refusal(samples) {
            return Err(PyValueError::new_err(format!(
                "samples: {samples}: {reason}"
            )));
        }
        Ok(SignificanceTest {
            method,
            resampling,
            samples,
            seed,
            all_pairs,
            alpha,
        })
    }
}

#[pymethods]
impl Metric {
    /// BLEU with sacreBLEU's settings (`tokenize` is a sacreBLEU tokenizer name); a MeCab
    /// tokenizer reads `mecab_dictionary` if given, else looks where the `mteval` binary does.
    #[staticmethod]
    #[pyo3(signature = (tokenize, lowercase, smooth_method, smooth_value, max_ngram_order, effective_order, mecab_dictionary=None))]
    fn bleu(
        tokenize: &str,
        lowercase: bool,
        smooth_method: &str,
        smooth_value: Option<f64>,
        max_ngram_order: usize,
        effective_order: bool,
        mecab_dictionary: Option<PathBuf>,
    ) -> PyResult<Self> {
        let files = TokenizerFiles {
            mecab_dictionary,
            ..TokenizerFiles::default()
        };
        let mut bleu = Bleu::new(tokenizer_with_files(tokenize, &files).map_err(python_error)?);
        bleu.lowercase = lowercase;
        bleu.smoothing =
            Smoothing::from_method(smooth_method, smooth_value).map_err(python_error)?;
        bleu.max_ngram_order = max_ngram_order;
        bleu.effective_order = effective_order;
        Ok(Metric::new(MetricConfig::Bleu(bleu)))
    }

    /// chrF / chrF++ with sacreBLEU's settings.
    #[staticmethod]
    #[pyo3(signature = (char_order, word_order, beta, lowercase, whitespace, eps_smoothing))]
    fn chrf(
        char_order: usize,
        word_order: usize,
        beta: u32,
        lowercase: bool,
        whitespace: bool,
        eps_smoothing: bool,
    ) -> Self {
        Metric::new(MetricConfig::Chrf(Chrf {
            char_order,
            word_order,
            beta,
            lowercase,
            whitespace,
            eps_smoothing,
        }))
    }

    /// TER with sacreBLEU's settings.
    #[staticmethod]
    #[pyo3(signature = (normalized, no_punct, asian_support, case_sensitive))]
    fn ter(normalized: bool, no_punct: bool, asian_support: bool, case_sensitive: bool) -> Self {
        Metric::new(MetricConfig::Ter(Ter {
            options: TercomOptions {
                normalized,
                no_punct,
                asian_support,
                case_sensitive,
            },
        }))
    }

    /// sacreBLEU's display name (`BLEU`, `chrF2++`, `TER`).
    #[getter]
    fn name(&self) -> String {
        self.config.name()
    }

    /// BLEU's tokenization of `line` (sacreBLEU's `bleu.tokenizer(line)`): its tokens
    /// separated by single spaces.
    fn tokenize(&self, line: &str) -> PyResult<String> {
        match &self.sentence_config {
            MetricConfig::Bleu(bleu) => Ok(bleu.tokenizer.tokenize(line)),
            other => Err(PyValueError::new_err(format!(
                "{} has no tokenizer of its own",
                other.name()
            ))),
        }
    }

    /// The signature's `(key, short key, value)` entries for `nrefs` references, without
    /// `version`.
    fn signature_entries(&self, nrefs: usize) -> Vec<(String, String, String)> {
        self.config
            .signature(nrefs)
            .entries()
            .iter()
            .map(|e| (e.key.to_string(), e.short.to_string(), e.value.clone()))
            .collect()
    }

    /// The signature `key:value|…|version:mteval-X.Y.Z` for `nrefs` references.
    #[pyo3(signature = (nrefs, short=false))]
    fn signature(&self, nrefs: usize, short: bool) -> String {
        self.config.signature(nrefs).format(short)
    }

    /// Prepares reference streams (`refs[k][i]`, `None` where segment `i` has no reference `k`).
    fn prepare(&self, py: Python<'_>, refs: &Bound<'_, PyAny>) -> PyResult<References> {
        let segments = texts::reference_segments(refs)?;
        let owner = self.owner();
        let prepared = py.detach(|| with_metric!(&self.config, m => prepare_all(m, &segments)));
        Ok(References {
            prepared,
            owner,
            texts: segments,
        })
    }

    /// The corpus score (a score tuple, see [`score_tuple`]) of `hyps` against `refs` (reference
    /// streams or [`References`]), the number of references per segment (-1 when it varies), and
    /// with `n_bootstrap` > 1 sacreBLEU's bootstrap estimate `(mean, ci)` of the score from the
    /// same segment statistics (`None` otherwise).
    #[pyo3(signature = (hyps, refs, n_bootstrap=1, seed=12345))]
    fn corpus_score<'py>(
        &self,
        py: Python<'py>,
        hyps: &Bound<'py, PyAny>,
        refs: &Bound<'py, PyAny>,
        n_bootstrap: usize,
        seed: u64,
    ) -> PyResult<(Bound<'py, PyAny>, i64, Option<Estimate>)> {
        if n_bootstrap > 1 {
            if let Some(reason) = mteval::stats::resamples_refusal(n_bootstrap) {
                return Err(PyValueError::new_err(format!(
                    "n_bootstrap: {n_bootstrap}: {reason}"
                )));
            }
        }
        let (hypotheses, references) = self.inputs(hyps, refs)?;
        if n_bootstrap > 1 && hypotheses.is_empty() {
            return Err(PyValueError::new_err(
                "n_bootstrap: there are no segments to resample",
            ));
        }
        let nrefs = references.reference_count();
        let (score, estimate) = py.detach(|| {
            with_metric!(&self.config, m => {
                let stats = all_segment_stats(m, &hypotheses, &references);
                let score = m.score(&evaluate::sum_stats(&stats));
                let estimate = (n_bootstrap > 1).then(|| {
                    let test = SignificanceTest::bootstrap(n_bootstrap, seed);
                    let matrix = StatsMatrix::from_stats(m, &stats);
                    let comparison =
                        compare_statistics(&self.config, vec![score.score], vec![matrix], &test);
                    let system = &comparison.systems[0];
                    system.mean.zip(system.ci)
                });
                (score, estimate.flatten())
            })
        });
        Ok((score_tuple(py, &score)?, nrefs, estimate))
    }

    /// The score of every segment (a list of score tuples, see [`score_tuple`]).
    fn sentence_scores<'py>(
        &self,
        py: Python<'py>,
        hyps: &Bound<'py, PyAny>,
        refs: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (hypotheses, references) = self.inputs(hyps, refs)?;
        let scores: Vec<Score> = py.detach(|| {
            with_metric!(&self.config, m => {
                all_segment_stats(m, &hypotheses, &references)
                    .par_iter()
                    .map(|stats| m.score(stats))
                    .collect()
            })
        });
        let tuples = scores
            .iter()
            .map(|score| score_tuple(py, score))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, tuples)?.into_any())
    }

    /// The score of one hypothesis against its references (`Sequence[str]`), and the number of
    /// references (`None`s excluded).
    fn sentence_score<'py>(
        &self,
        py: Python<'py>,
        hyp: &Bound<'py, PyAny>,
        refs: &Bound<'py, PyAny>,
    ) -> PyResult<(Bound<'py, PyAny>, usize)> {
        let hypothesis = texts::hypothesis(hyp)?;
        let references = texts::sentence_references(refs)?;
        let score = py.detach(|| {
            with_metric!(&self.sentence_config, m => {
                let refs: Vec<&str> = references.iter().map(String::as_str).collect();
                let prepared = m.prepare_reference(&refs);
                let stats = m.segment_stats(&hypothesis, &prepared, &mut Default::default());
                m.score(&stats)
            })
        });
        Ok((score_tuple(py, &score)?, references.len()))
    }

    /// Per-segment sufficient statistics: a `segments × width` NumPy array (`int64` for BLEU and
    /// chrF, `float64` for TER) in sacreBLEU's column order; their column sums (in segment
    /// order) are what `mteval score` scores.
    fn segment_stats<'py>(
        &self,
        py: Python<'py>,
        hyps: &Bound<'py, PyAny>,
        refs: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (hypotheses, references) = self.inputs(hyps, refs)?;
        with_metric!(&self.config, m => {
            let (integers, matrix) = py.detach(|| {
                let stats = all_segment_stats(m, &hypotheses, &references);
                (bound_integer_rows(m), StatsMatrix::from_stats(m, &stats))
            });
            stats_array(py, integers, matrix)
        })
    }

    /// The width of a statistics row.
    #[getter]
    fn row_width(&self) -> usize {
        with_metric!(&self.config, m => m.row_width())
    }

    /// Compares systems (`systems[0]` is the baseline) by paired bootstrap resampling
    /// (`method="bootstrap"`) or approximate randomization (`"ar"`) as `mteval compare` does:
    /// a dict of per-system results, pairs (with `all_pairs`), ranks, clusters and the
    /// signature.
    #[pyo3(signature = (systems, refs, method, samples, seed, all_pairs, alpha))]
    #[allow(clippy::too_many_arguments)]
    fn compare<'py>(
        &self,
        py: Python<'py>,
        systems: Vec<Bound<'py, PyAny>>,
        refs: &Bound<'py, PyAny>,
        method: &str,
        samples: usize,
        seed: u64,
        all_pairs: bool,
        alpha: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let test = SignificanceTest::new(method, samples, seed, all_pairs, alpha)?;
        if systems.is_empty() {
            return Err(PyValueError::new_err(
                "systems: compare needs at least one system",
            ));
        }
        let references = self.references(refs)?;
        let hypotheses = systems
            .iter()
            .enumerate()
            .map(|(index, system)| {
                // `systems[i]: …`, which the Python wrapper turns into the system's name.
                let about = texts::about(py, format!("systems[{index}]"));
                let hypotheses = texts::hypotheses(system).map_err(&about)?;
                check_segments(&hypotheses, &references).map_err(&about)?;
                Ok(hypotheses)
            })
            .collect::<PyResult<Vec<_>>>()?;
        if hypotheses[0].is_empty() {
            return Err(PyValueError::new_err(
                "systems: compare needs at least one segment to resample",
            ));
        }
        let (scores, statistics) = py.detach(
            || with_metric!(&self.config, m => system_statistics(m, &hypotheses, &references)),
        );
        self.comparison(py, scores, statistics, references.reference_count(), &test)
    }

    /// [`Metric::compare`] from per-segment statistics instead of text: `statistics[s]` is
    /// system `s`'s `segments × width` array (the baseline first; the same segments in the same
    /// order in every system), `nrefs` the references per segment (-1 when it varies). The
    /// statistics of collected [`Metric::segment_stats`] rows give the numbers of the text.
    #[pyo3(signature = (statistics, nrefs, method, samples, seed, all_pairs, alpha))]
    #[allow(clippy::too_many_arguments)]
    fn compare_stats<'py>(
        &self,
        py: Python<'py>,
        statistics: Vec<PyReadonlyArray2<'py, f64>>,
        nrefs: i64,
        method: &str,
        samples: usize,
        seed: u64,
        all_pairs: bool,
        alpha: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let test = SignificanceTest::new(method, samples, seed, all_pairs, alpha)?;
        let Some(first) = statistics.first() else {
            return Err(PyValueError::new_err(
                "statistics: compare needs at least one system",
            ));
        };
        let segments = first.shape()[0];
        if segments == 0 {
            return Err(PyValueError::new_err(
                "statistics: compare needs at least one segment to resample",
            ));
        }
        let width = self.row_width();
        let mut matrices = Vec::with_capacity(statistics.len());
        for (s, array) in statistics.iter().enumerate() {
            if array.shape() != [segments, width] {
                return Err(PyValueError::new_err(format!(
                    "statistics of system {s}: {} {} statistics rows of {width} values expected, \
                     not an array of shape {:?}",
                    segments,
                    self.config.name(),
                    array.shape()
                )));
            }
            let values: Vec<f64> = array.as_array().iter().copied().collect();
            self.check_statistics(&values)?;
            matrices.push(StatsMatrix::from_values(width, values));
        }
        let scores = with_metric!(&self.config, m => matrices
            .iter()
            .map(|matrix| m.score(&m.stats_from_row(&matrix.column_sums())).score)
            .collect());
        self.comparison(py, scores, matrices, nrefs, &test)
    }

    /// The score (a score tuple) of a statistics row, e.g. the column sums of [`Metric::segment_stats`].
    fn score_stats<'py>(&self, py: Python<'py>, row: Vec<f64>) -> PyResult<Bound<'py, PyAny>> {
        let width = self.row_width();
        if row.len() != width {
            return Err(PyValueError::new_err(format!(
                "a {} statistics row has {width} values, not {}",
                self.config.name(),
                row.len()
            )));
        }
        self.check_statistics(&row)?;
        let score = with_metric!(&self.config, m => m.score(&m.stats_from_row(&row)));
        score_tuple(py, &score)
    }
}

impl Metric {
    /// The library's configuration of this metric.
    pub(crate) fn config(&self) -> &MetricConfig {
        &self.config
    }

    /// Refuses statistics that no segments have: negative, not finite, or, where the metric
    /// counts, fractional or past 2^53 (where a double no longer holds every count).
    fn check_statistics(&self, values: &[f64]) -> PyResult<()> {
        const LARGEST_EXACT_COUNT: f64 = 9_007_199_254_740_992.0;
        let integers = with_metric!(&self.config, m => bound_integer_rows(m));
        let bad = |v: f64| {
            !v.is_finite() || v < 0.0 || (integers && (v.fract() != 0.0 || v > LARGEST_EXACT_COUNT))
        };
        match values.iter().find(|v| bad(**v)) {
            Some(&too_large) if integers && too_large > LARGEST_EXACT_COUNT && too_large.is_finite() => {
                Err(PyValueError::new_err(format!(
                    "statistics must be integers of at most 2^53 = {LARGEST_EXACT_COUNT}, not {too_large}"
                )))
            }
            Some(bad) => Err(PyValueError::new_err(format!(
                "statistics must be non-negative {}, not {bad}",
                if integers { "integers" } else { "numbers" }
            ))),
            None => Ok(()),
        }
    }

    /// The significance test of systems' corpus `scores` and statistics (the baseline first) as
    /// the dict [`Metric::compare`] returns.
    fn comparison<'py>(
        &self,
        py: Python<'py>,
        scores: Vec<f64>,
        statistics: Vec<StatsMatrix>,
        nrefs: i64,
        test: &SignificanceTest,
    ) -> PyResult<Bound<'py, PyAny>> {
        let comparison = py.detach(|| compare_statistics(&self.config, scores, statistics, test));
        let signature = self
            .config
            .signature(nrefs.max(0) as usize)
            .with_resampling(test.resampling, test.samples, test.seed)
            .format(false);
        let result = PyDict::new(py);
        result.set_item("systems", to_python(py, &comparison.systems)?)?;
        result.set_item("pairs", to_python(py, &comparison.pairs)?)?;
        result.set_item("ranks", comparison.ranks)?;
        result.set_item("clusters", comparison.clusters)?;
        result.set_item("signature", signature)?;
        result.set_item("nrefs", nrefs)?;
        Ok(result.into_any())
    }

    /// What identifies the metrics whose prepared references are interchangeable: the name,
    /// the signature (case, tokenizer, …) and the row width (BLEU's n-gram order).
    fn owner(&self) -> String {
        format!(
            "{} {} (row width {})",
            self.config.name(),
            self.config.signature(1).format(false),
            self.row_width()
        )
    }

    /// Hypotheses and references of a scoring call, with the same number of segments.
    fn inputs<'a>(
        &self,
        hyps: &Bound<'_, PyAny>,
        refs: &'a Bound<'_, PyAny>,
    ) -> PyResult<(Vec<String>, ReferenceInput<'a>)> {
        let hypotheses = texts::hypotheses(hyps)?;
        let references = self.references(refs)?;
        check_segments(&hypotheses, &references)?;
        Ok((hypotheses, references))
    }

    /// The references of a scoring call: reference streams, or [`References`] this metric's
    /// configuration prepared.
    fn references<'a>(&self, refs: &'a Bound<'_, PyAny>) -> PyResult<ReferenceInput<'a>> {
        match refs.cast::<References>() {
            Ok(prepared) => {
                let prepared: &'a References = prepared.get();
                let ours = self.owner();
                if prepared.owner != ours {
                    return Err(PyValueError::new_err(format!(
                        "these references were prepared by {}, not by {ours}",
                        prepared.owner
                    )));
                }
                Ok(ReferenceInput::Prepared(prepared))
            }
            Err(_) => Ok(ReferenceInput::Text(texts::reference_segments(refs)?)),
        }
    }
}

/// Refuses hypotheses and references of different lengths.
fn check_segments(hypotheses: &[String], references: &ReferenceInput<'_>) -> PyResult<()> {
    if references.segments() != hypotheses.len() {
        return Err(PyValueError::new_err(format!(
            "{} hypotheses but {} reference segments; every reference stream needs one \
             segment per hypothesis",
            hypotheses.len(),
            references.segments()
        )));
    }
    Ok(())
}

fn bound_integer_rows<M: BoundMetric>(metric: &M) -> bool {
    metric
        .statistic_columns()
        .iter()
        .all(|column| column.integer)
}

/// `SACREBLEU_SEED` as sacreBLEU's `n_bootstrap` reads it, from the variable's value: the seed
/// and its label in signatures (the text lowercased, `none` for a seed drawn from the clock); a
/// `ValueError` naming the variable for anything but a non-negative integer or `none`.
#[pyfunction]
pub fn sacrebleu_seed(text: &str) -> PyResult<(u64, String)> {
    let seed = Seed::from_sacrebleu_variable(text).map_err(PyValueError::new_err)?;
    Ok((seed.value, seed.text))
}

/// The significance test of systems' corpus `scores` and statistics (the baseline first),
/// resampling segments.
fn compare_statistics(
    config: &MetricConfig,
    scores: Vec<f64>,
    statistics: Vec<StatsMatrix>,
    test: &SignificanceTest,
) -> MetricComparison {
    let segments = statistics.first().map_or(0, StatsMatrix::segments);
    let inputs = MetricSystems {
        metric: config.name(),
        scorer: Scorer::Metric(config.clone()),
        scores,
        statistics,
    };
    let options = ComparisonOptions {
        method: test.method,
        samples: test.samples,
        seed: test.seed,
        blocks: Blocks::segments(segments),
        documents: false,
        all_pairs: test.all_pairs,
        alpha: test.alpha,
        draws: SharedDraws::default(),
    };
    compare_systems(&inputs, &options)
}

fn prepare_all<M: BoundMetric>(metric: &M, segments: &[Vec<String>]) -> Prepared {
    M::wrap(
        segments
            .par_iter()
            .map(|refs| {
                let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
                metric.prepare_reference(&refs)
            })
            .collect(),
    )
}

/// Every segment's statistics, in parallel, in segment order.
fn all_segment_stats<M: BoundMetric>(
    metric: &M,
    hypotheses: &[String],
    references: &ReferenceInput<'_>,
) -> Vec<M::Stats> {
    match references {
        ReferenceInput::Text(segments) => hypotheses
            .par_iter()
            .zip(segments)
            .map_init(M::Scratch::default, |scratch, (hypothesis, refs)| {
                let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
                let prepared = metric.prepare_reference(&refs);
                metric.segment_stats(hypothesis, &prepared, scratch)
            })
            .collect(),
        ReferenceInput::Prepared(references) => stats_against(
            metric,
            hypotheses,
            own_references::<M>(&references.prepared),
        ),
    }
}

fn own_references<M: BoundMetric>(prepared: &Prepared) -> &[M::Reference] {
    M::unwrap(prepared).expect("references checked to come from this metric's configuration")
}

/// Every segment's statistics against prepared references, in parallel, in segment order.
fn stats_against<M: BoundMetric>(
    metric: &M,
    hypotheses: &[String],
    references: &[M::Reference],
) -> Vec<M::Stats> {
    hypotheses
        .par_iter()
        .zip(references)
        .map_init(M::Scratch::default, |scratch, (hypothesis, prepared)| {
            metric.segment_stats(hypothesis, prepared, scratch)
        })
        .collect()
}

/// Every system's corpus score and statistics matrix, the references prepared once.
fn system_statistics<M: BoundMetric>(
    metric: &M,
    systems: &[Vec<String>],
    references: &ReferenceInput<'_>,
) -> (Vec<f64>, Vec<StatsMatrix>) {
    let prepared_here;
    let prepared = match references {
        ReferenceInput::Text(segments) => {
            prepared_here = prepare_all(metric, segments);
            own_references::<M>(&prepared_here)
        }
        ReferenceInput::Prepared(references) => own_references::<M>(&references.prepared),
    };
    systems
        .iter()
        .map(|hypotheses| {
            let stats = stats_against(metric, hypotheses, prepared);
            let score = metric.score(&evaluate::sum_stats(&stats)).score;
            (score, StatsMatrix::from_stats(metric, &stats))
        })
        .unzip()
}

fn stats_array(py: Python<'_>, integers: bool, matrix: StatsMatrix) -> PyResult<Bound<'_, PyAny>> {
    let shape = (matrix.segments(), matrix.width());
    let wrong_shape = "rows of equal width";
    Ok(if integers {
        let values: Vec<i64> = matrix.values().map(|v| v as i64).collect();
        let array = Array2::from_shape_vec(shape, values).expect(wrong_shape);
        array.into_pyarray(py).into_any()
    } else {
        let values: Vec<f64> = matrix.values().collect();
        let array = Array2::from_shape_vec(shape, values).expect(wrong_shape);
        array.into_pyarray(py).into_any()
    })
}

/// A score as the arguments of sacreBLEU's score class: BLEU `(score, counts, totals,
/// precisions, bp, sys_len, ref_len)` (counts as ints unless add-k made them fractional), TER
/// `(score, num_edits, ref_length)`, chrF `(score,)`. Tuples cost a fraction of dicts, which
/// matters for a loop of sentence scores.
fn score_tuple<'py>(py: Python<'py>, score: &Score) -> PyResult<Bound<'py, PyAny>> {
    let number = |value: f64| -> PyResult<Bound<'py, PyAny>> {
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            Ok((value as i64).into_pyobject(py)?.into_any())
        } else {
            Ok(value.into_pyobject(py)?.into_any())
        }
    };
    let numbers = |values: &[f64]| -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            values
                .iter()
                .map(|&v| number(v))
                .collect::<PyResult<Vec<_>>>()?,
        )
    };
    let tuple = match &score.details {
        ScoreDetails::Bleu(details) => (
            score.score,
            numbers(&details.counts)?,
            numbers(&details.totals)?,
            PyList::new(py, &details.precisions)?,
            details.bp,
            details.sys_len,
            details.ref_len,
        )
            .into_pyobject(py)?,
        ScoreDetails::Ter(details) => {
            (score.score, details.edits, details.ref_length).into_pyobject(py)?
        }
        ScoreDetails::None {} => (score.score,).into_pyobject(py)?,
    };
    Ok(tuple.into_any())
}

fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}
