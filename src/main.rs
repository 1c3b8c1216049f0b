//! The `mteval` binary: parse the command line, run, map errors to exit codes.

mod cli;

fn main() {
    std::process::exit(cli::run());
}

/// mimalloc: the metric kernels allocate many small per-segment tables from several threads,
/// where glibc's allocator serializes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
