//! mteval's analyses beyond sacreBLEU for Python, each a thin call of the library returning its
//! serde records as Python dicts: MQM scores of human annotation files.

use mteval::analysis::mqm::{score_annotations, MqmOptions, MqmUnit};
use mteval::analysis::taxonomy::Weights;
use mteval::io::mqm_tsv::read_mqm_tsv;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;

fn value_error(error: mteval::Error) -> PyErr {
    PyValueError::new_err(error.to_string())
}

/// MQM scores of a human annotation file (WMT's MQM TSV) as `mteval mqm --format json` reports
/// them: weights `google` or `marot` with `KEY=VALUE` overrides, per `segment` or per 100
/// `source-characters`.
#[pyfunction]
#[pyo3(signature = (path, weights, overrides, unit))]
pub fn mqm<'py>(
    py: Python<'py>,
    path: PathBuf,
    weights: &str,
    overrides: Vec<String>,
    unit: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let mut weights = Weights::preset(weights).map_err(value_error)?;
    for assignment in &overrides {
        weights.set(assignment).map_err(value_error)?;
    }
    let unit = match unit {
        "segment" => MqmUnit::Segment,
        "source-characters" => MqmUnit::SourceCharacters,
        other => {
            return Err(PyValueError::new_err(format!(
                "unit: unknown unit {other:?}; choose segment or source-characters"
            )))
        }
    };
    let report = py.detach(|| {
        let file = read_mqm_tsv(&path)?;
        Ok::<_, mteval::Error>(score_annotations(&file, &MqmOptions { weights, unit }))
    });
    Ok(pythonize::pythonize(py, &report.map_err(value_error)?)?)
}
