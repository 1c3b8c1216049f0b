//! The native module `mteval._native` behind the Python package `mteval`: configured metrics
//! with sacreBLEU's numbers ([`metric`]), the text conversions they share ([`texts`]) and the
//! analyses beyond sacreBLEU ([`analyses`]). The pure-Python package on top gives them
//! sacreBLEU's classes and score objects.

mod analyses;
mod metric;
mod texts;

use pyo3::exceptions::{PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyValueError};
use pyo3::prelude::*;

/// A core error as Python raises such errors: a file that cannot be read or written is an
/// `OSError` (`FileNotFoundError`, `IsADirectoryError`), anything else (malformed input, a bad
/// setting) a `ValueError`; the message names the file, line and setting either way.
fn python_error(error: mteval::Error) -> PyErr {
    let message = error.to_string();
    match &error {
        mteval::Error::Io { source, .. } => match source.kind() {
            std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
            std::io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
            _ => PyOSError::new_err(message),
        },
        _ => PyValueError::new_err(message),
    }
}

// The allocator the `mteval` binary uses: scoring allocates per segment (tokens, n-gram tries),
// and mimalloc makes that a fraction of glibc's cost. It serves Rust's allocations only. Its
// `local_dynamic_tls` feature matters: with mimalloc's default initial-exec TLS the module is
// marked STATIC_TLS and all its thread-locals must fit glibc's small static TLS surplus, or
// `import mteval` fails with "cannot allocate memory in static TLS block".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<metric::Metric>()?;
    module.add_class::<metric::References>()?;
    module.add_function(wrap_pyfunction!(metric::sacrebleu_seed, module)?)?;
    module.add_function(wrap_pyfunction!(analyses::mqm, module)?)?;
    module.add_function(wrap_pyfunction!(analyses::errors, module)?)?;
    module.add_function(wrap_pyfunction!(analyses::report_pairs, module)?)?;
    module.add_function(wrap_pyfunction!(analyses::report, module)?)?;
    module.add("VERSION", mteval::metrics::signature::VERSION)?;
    Ok(())
}
