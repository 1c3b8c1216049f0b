//! Python sequences of strings into Rust: hypotheses (`Sequence[str]`) and reference streams
//! (`Sequence[Sequence[str | None]]`, `None` where a segment has fewer references), with
//! sacreBLEU's wording for wrong types and a `ValueError` for ragged streams or a segment
//! without any reference.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyFrozenSet, PyList, PyMapping, PySet, PyString, PyTuple};

/// The items of any ordered iterable but a string (lists and tuples read directly);
/// `not_a_sequence` is the `TypeError`'s message otherwise. Sets and mappings are refused: the
/// order they give is not the segments' order.
fn items<'py>(
    sequence: &Bound<'py, PyAny>,
    not_a_sequence: &str,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if sequence.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(not_a_sequence.to_string()));
    }
    if sequence.is_instance_of::<PySet>()
        || sequence.is_instance_of::<PyFrozenSet>()
        || sequence.cast::<PyMapping>().is_ok()
    {
        return Err(PyTypeError::new_err(format!(
            "{not_a_sequence} A {} has no order that lines up with the segments.",
            sequence.get_type().name()?
        )));
    }
    if let Ok(list) = sequence.cast::<PyList>() {
        return Ok(list.iter().collect());
    }
    if let Ok(tuple) = sequence.cast::<PyTuple>() {
        return Ok(tuple.iter().collect());
    }
    match sequence.try_iter() {
        Ok(iterator) => iterator.collect(),
        Err(_) => Err(PyTypeError::new_err(not_a_sequence.to_string())),
    }
}

/// A function that puts `what` (the argument at fault: `systems[2]`, `source`) before the
/// message of a `TypeError` or `ValueError`: the texts' messages are sacreBLEU's, which name
/// `hyps` whatever the argument was. Other errors (a `UnicodeEncodeError`, whose constructor
/// takes more than a message) pass unchanged.
pub fn about<'py>(py: Python<'py>, what: String) -> impl Fn(PyErr) -> PyErr + 'py {
    move |error: PyErr| {
        let kind = error.get_type(py);
        let message = format!("{what}: {}", error.value(py));
        if kind.is(py.get_type::<PyTypeError>()) {
            PyTypeError::new_err(message)
        } else if kind.is(py.get_type::<PyValueError>()) {
            PyValueError::new_err(message)
        } else {
            error
        }
    }
}

/// One string, or a `TypeError` with `message`.
fn text(item: &Bound<'_, PyAny>, message: &str) -> PyResult<String> {
    match item.cast::<PyString>() {
        Ok(string) => Ok(string.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(message.to_string())),
    }
}

/// Hypotheses: a sequence of strings (no `None`; sacreBLEU's message for one depends on
/// whether it is the first, which sacreBLEU type-checks on its own).
pub fn hypotheses(sequence: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    const NOT_A_STRING: &str = "Each element of `hyps` should be a string.";
    items(sequence, "`hyps` should be a sequence of strings.")?
        .iter()
        .enumerate()
        .map(|(index, item)| {
            if item.is_none() && index > 0 {
                return Err(PyTypeError::new_err("Undefined line in hypotheses stream!"));
            }
            text(item, NOT_A_STRING)
        })
        .collect()
}

/// One hypothesis.
pub fn hypothesis(item: &Bound<'_, PyAny>) -> PyResult<String> {
    text(item, "The argument `hyp` should be a string.")
}

/// The references of one sentence (`Sequence[str]`), `None`s dropped as sacreBLEU drops them;
/// at least one is needed.
pub fn sentence_references(sequence: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let mut references = Vec::new();
    for item in items(
        sequence,
        "The argument `refs` should be a sequence of strings.",
    )? {
        if !item.is_none() {
            references.push(text(&item, "Each element of `refs` should be a string.")?);
        }
    }
    if references.is_empty() {
        return Err(PyValueError::new_err(
            "`refs` has no reference: a sentence is scored against at least one",
        ));
    }
    Ok(references)
}

/// Reference streams (`streams[k][i]`: segment `i` of reference `k`) turned segment-major: the
/// references of each segment without its `None`s. Streams of different lengths are refused.
pub fn reference_segments(streams: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<String>>> {
    let streams = items(
        streams,
        "`refs` should be a sequence of sequence of strings.",
    )?;
    let mut segments: Vec<Vec<String>> = Vec::new();
    for (k, stream) in streams.iter().enumerate() {
        let lines = items(
            stream,
            "Each element of `refs` should be a sequence of strings.",
        )?;
        if k == 0 {
            segments = vec![Vec::with_capacity(streams.len()); lines.len()];
        } else if lines.len() != segments.len() {
            return Err(PyValueError::new_err(format!(
                "reference stream 1 has {} segments but reference stream {} has {}; \
                 every reference stream needs one segment per hypothesis",
                segments.len(),
                k + 1,
                lines.len()
            )));
        }
        for (segment, line) in segments.iter_mut().zip(&lines) {
            if !line.is_none() {
                segment.push(text(
                    line,
                    "`refs` should be a sequence of sequence of strings.",
                )?);
            }
        }
    }
    if let Some(missing) = segments.iter().position(Vec::is_empty) {
        return Err(PyValueError::new_err(format!(
            "segment {} has no reference (every reference stream has None there); each \
             segment is scored against at least one",
            missing + 1
        )));
    }
    Ok(segments)
}
