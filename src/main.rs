//! The `mteval` binary: parse the command line, run, map errors to exit codes.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
