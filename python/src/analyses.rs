//! mteval's analyses beyond sacreBLEU for Python, each a thin call of the library returning its
//! serde records as Python dicts: automatic error analysis of system outputs, MQM scores of
//! human annotation files, and the quality-review report of a directory of inputs.

use crate::metric::Metric;
use crate::python_error;
use crate::texts;
use mteval::analysis::automatic::{
    analyze_systems, resolve_languages, ErrorAnalysisConfig, SystemOutput,
};
use mteval::analysis::checks::CheckSet;
use mteval::analysis::finding::Check;
use mteval::analysis::language::parse_language_pair;
use mteval::analysis::mqm::{score_annotations, unknown_severity_warnings, MqmOptions, MqmUnit};
use mteval::analysis::taxonomy::Weights;
use mteval::corpus::load_suite;
use mteval::io::mqm_tsv::read_mqm_tsv;
use mteval::io::ReadOptions;
use mteval::report::build::{build_report, ReportOptions, Steps};
use mteval::report::error_analysis::{AutomaticErrors, ErrorAnalysis};
use mteval::report::output::write_report;
use mteval::report::progress::Silent;
use pyo3::exceptions::{PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::ffi::CString;
use std::path::PathBuf;

/// MQM scores of a human annotation file (WMT's MQM TSV) as `mteval mqm --format json` reports
/// them: weights `google` or `marot` with `KEY=VALUE` overrides, per `segment` or per 100
/// `source-characters` (or `source-chars`).
#[pyfunction]
#[pyo3(signature = (path, weights, overrides, unit))]
pub fn mqm<'py>(
    py: Python<'py>,
    path: PathBuf,
    weights: &str,
    overrides: Vec<String>,
    unit: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let mut weights = Weights::preset(weights).map_err(python_error)?;
    for assignment in &overrides {
        weights.set(assignment).map_err(python_error)?;
    }
    let unit = match unit {
        "segment" => MqmUnit::Segment,
        // `source-chars` as `mteval mqm --unit` spells it.
        "source-characters" | "source-chars" => MqmUnit::SourceCharacters,
        other => {
            return Err(PyValueError::new_err(format!(
                "unit: unknown unit {other:?}; choose segment or source-characters"
            )))
        }
    };
    let (report, warnings) = py
        .detach(|| {
            let file = read_mqm_tsv(&path)?;
            let report = score_annotations(&file, &MqmOptions { weights, unit });
            let mut warnings = file.warnings.clone();
            warnings.extend(unknown_severity_warnings(&file));
            Ok::<_, mteval::Error>((report, warnings))
        })
        .map_err(python_error)?;
    // What `mteval mqm` prints on stderr, as Python warnings.
    for warning in warnings {
        let message = CString::new(warning.replace('\0', "\u{fffd}")).unwrap_or_default();
        PyErr::warn(py, &py.get_type::<PyUserWarning>(), &message, 1)?;
    }
    Ok(pythonize::pythonize(py, &report)?)
}

/// Automatic error analysis as `mteval errors --format json` reports it: `systems` are
/// `(name, hypotheses)` pairs, `references` reference streams (may be empty), `source` the source
/// segments; `lang` is `SRC-TGT` (detected when `None`); `checks` limits the QA checks to those
/// named, `skip` leaves some out. Returns the report's dict plus `notes` (language detection).
#[pyfunction]
#[pyo3(signature = (systems, references, source, lang, checks, skip))]
pub fn errors<'py>(
    py: Python<'py>,
    systems: Vec<(String, Bound<'py, PyAny>)>,
    references: Vec<Bound<'py, PyAny>>,
    source: Option<Bound<'py, PyAny>>,
    lang: Option<&str>,
    checks: Option<Vec<String>>,
    skip: Vec<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let pair = lang
        .map(parse_language_pair)
        .transpose()
        .map_err(python_error)?;
    let mut check_set = match checks {
        None => CheckSet::all(),
        Some(names) => {
            let mut set = CheckSet::none();
            for name in &names {
                set.set(Check::parse(name).map_err(python_error)?, true);
            }
            set
        }
    };
    for name in &skip {
        check_set.set(Check::parse(name).map_err(python_error)?, false);
    }
    check_set.set(Check::Glossary, false);
    let names: Vec<String> = systems.iter().map(|(name, _)| name.clone()).collect();
    let hypotheses = systems
        .iter()
        .map(|(name, hyps)| {
            texts::hypotheses(hyps).map_err(texts::about(py, format!("systems[{name:?}]")))
        })
        .collect::<PyResult<Vec<_>>>()?;
    let references = references
        .iter()
        .enumerate()
        .map(|(k, stream)| {
            texts::hypotheses(stream).map_err(texts::about(py, format!("references[{k}]")))
        })
        .collect::<PyResult<Vec<_>>>()?;
    let source = source
        .as_ref()
        .map(|source| texts::hypotheses(source).map_err(texts::about(py, "source".to_string())))
        .transpose()?;
    let Some(segments) = hypotheses.first().map(Vec::len) else {
        return Err(PyValueError::new_err(
            "systems is empty: name at least one system and its hypotheses",
        ));
    };
    let streams = hypotheses
        .iter()
        .zip(&names)
        .map(|(stream, name)| (stream.len(), format!("system {name:?}")))
        .chain(
            references
                .iter()
                .enumerate()
                .map(|(k, s)| (s.len(), format!("reference stream {}", k + 1))),
        )
        .chain(source.iter().map(|s| (s.len(), "source".to_string())));
    for (length, what) in streams {
        if length != segments {
            return Err(PyValueError::new_err(format!(
                "{what} has {length} segments but system {:?} has {segments}; segments must correspond line by line",
                names[0]
            )));
        }
    }
    check_set.keep_runnable(source.is_some(), !references.is_empty());
    let (report, notes) = py.detach(|| {
        let reference_streams: Vec<&[String]> = references.iter().map(Vec::as_slice).collect();
        let hypothesis_streams: Vec<&[String]> = hypotheses.iter().map(Vec::as_slice).collect();
        let languages = resolve_languages(
            pair,
            source.as_deref(),
            &reference_streams,
            &hypothesis_streams,
        );
        let outputs: Vec<SystemOutput<'_>> = names
            .iter()
            .zip(&hypotheses)
            .map(|(name, segments)| SystemOutput {
                name,
                file: name,
                segments,
            })
            .collect();
        let config = ErrorAnalysisConfig {
            checks: check_set,
            source_language: languages.source,
            target_language: languages.target,
            glossary: None,
            weights: Weights::google(),
            list_findings: true,
        };
        let report = analyze_systems(&outputs, source.as_deref(), &reference_streams, &config);
        (report, languages.notes)
    });
    let result = pythonize::pythonize(py, &report)?.cast_into::<PyDict>()?;
    result.set_item("notes", notes)?;
    Ok(result.into_any())
}

/// The language pairs of a report input (a directory or manifest `mteval report` reads), as
/// `(label, source language, target language)` in the report's order.
#[pyfunction]
pub fn report_pairs(py: Python<'_>, input: PathBuf) -> PyResult<Vec<(String, String, String)>> {
    let suite = py
        .detach(|| load_suite(&input, ReadOptions::default()))
        .map_err(python_error)?;
    Ok(suite
        .pairs
        .iter()
        .map(|p| {
            (
                p.label.clone(),
                p.pair.source.clone(),
                p.pair.target.clone(),
            )
        })
        .collect())
}

/// Builds the report of `input` with `metrics[i]` for its `i`-th language pair and writes it to
/// `out` as `mteval report` does; returns the report's record (a dict) and the files written.
#[pyfunction]
#[pyo3(signature = (input, out, metrics, samples, seed, alpha, errors, title))]
#[allow(clippy::too_many_arguments)]
pub fn report<'py>(
    py: Python<'py>,
    input: PathBuf,
    out: PathBuf,
    metrics: Vec<Vec<PyRef<'py, Metric>>>,
    samples: Option<usize>,
    seed: u64,
    alpha: f64,
    errors: bool,
    title: Option<String>,
) -> PyResult<(Bound<'py, PyAny>, Vec<String>)> {
    if metrics.iter().any(Vec::is_empty) {
        return Err(PyValueError::new_err(
            "metrics: every language pair needs at least one metric",
        ));
    }
    let metrics: Vec<Vec<_>> = metrics
        .iter()
        .map(|pair| pair.iter().map(|m| m.config().clone()).collect())
        .collect();
    let (report, written) = py
        .detach(|| {
            let suite = load_suite(&input, ReadOptions::default())?;
            if metrics.len() != suite.pairs.len() {
                return Err(mteval::Error::invalid_option(
                    mteval::error::Setting::Metrics,
                    metrics.len().to_string(),
                    format!(
                        "give the metrics of each of the {} language pairs",
                        suite.pairs.len()
                    ),
                ));
            }
            let options = ReportOptions {
                samples,
                seed,
                alpha,
                ..ReportOptions::default()
            };
            let steps = Steps {
                aligner: None,
                errors: errors.then_some(&AutomaticErrors as &dyn ErrorAnalysis),
                progress: &Silent,
            };
            let mut report = build_report(&suite, &metrics, &options, steps, Vec::new())?;
            if let Some(title) = title {
                report.title = title;
            }
            let written = write_report(&report, &out, &Silent)?;
            Ok((report, written))
        })
        .map_err(python_error)?;
    Ok((pythonize::pythonize(py, &report)?, written))
}
