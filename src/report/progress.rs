//! Progress of a long report run, reported through a trait so that the library stays silent:
//! the command line draws it on stderr, tests and library users pass [`Silent`].

/// Receives progress; called from several threads.
pub trait Progress: Sync {
    /// A new stage with `total` steps (`scoring`, `charts`).
    fn stage(&self, name: &str, total: u64);
    /// One step of the current stage is done.
    fn step(&self, message: &str);
    /// Everything is done.
    fn finish(&self);
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _name: &str, _total: u64) {}
    fn step(&self, _message: &str) {}
    fn finish(&self) {}
}
