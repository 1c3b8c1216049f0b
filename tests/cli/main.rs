//! The command-line tests, one binary (each integration-test binary costs a full LTO link): a
//! module per command, driven as a user runs it, on fixtures in `tests/data/` and, where noted,
//! on `../shared/datasets`; and the architecture rules of `src/` (`architecture`).

#[path = "../common/mod.rs"]
mod common;

mod align;
mod architecture;
mod compare;
mod errors;
mod mqm;
mod report;
mod sacrebleu;
mod score;
