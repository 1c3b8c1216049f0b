//! Input flags shared by the subcommands that read references and hypotheses: reading files in
//! parallel, Unicode normalization, warnings on stderr, and the segment-count check.

use super::warn;
use clap::Args;
use mteval::corpus::Evaluation;
use mteval::error::Result;
use mteval::io::{read_segments, Normalization, TextFile};
use mteval::metrics::Signature;
use rayon::prelude::*;
use std::path::PathBuf;

/// References and normalization; the hypotheses are positional in each subcommand.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Reference file (one segment per line, optionally .gz); repeat for several references.
    #[arg(long = "ref", short = 'r', required = true, value_name = "REF")]
    pub references: Vec<PathBuf>,
    /// Unicode-normalize every segment first: nfc or nfkc (recorded in the signature).
    #[arg(long, value_name = "FORM")]
    pub normalize: Option<String>,
}

/// An evaluation read from disk, with the normalization it applied.
pub struct LoadedInputs {
    pub evaluation: Evaluation,
    pub normalization: Option<Normalization>,
}

impl LoadedInputs {
    /// Adds mteval's own signature key for input normalization, when one was applied.
    pub fn sign(&self, signature: &mut Signature) {
        if let Some(normalization) = self.normalization {
            signature.push("unorm", "un", normalization.name());
        }
    }
}

fn read_all(paths: &[PathBuf], normalization: Option<Normalization>) -> Result<Vec<TextFile>> {
    paths
        .par_iter()
        .map(|path| read_segments(path, normalization))
        .collect()
}

impl InputArgs {
    /// Reads references and hypotheses, prints reading warnings, checks segment counts.
    pub fn load(&self, hypotheses: &[PathBuf]) -> Result<LoadedInputs> {
        let normalization = self
            .normalize
            .as_deref()
            .map(Normalization::from_name)
            .transpose()?;
        let paths: Vec<PathBuf> = self.references.iter().chain(hypotheses).cloned().collect();
        let mut files = read_all(&paths, normalization)?;
        let hypotheses = files.split_off(self.references.len());
        let references = files;
        for file in references.iter().chain(&hypotheses) {
            for warning in &file.warnings {
                warn(warning);
            }
        }
        Ok(LoadedInputs {
            evaluation: Evaluation::new(references, hypotheses)?,
            normalization,
        })
    }
}
