//! MQM weight flags shared by `mteval mqm` and `mteval errors`: a preset and per-key overrides.

use clap::Args;
use mteval::analysis::taxonomy::Weights;
use mteval::error::Result;

#[derive(Debug, Args)]
pub struct WeightArgs {
    /// Weight preset: google (the published WMT/TED weights: Major 5, Minor 1, Minor
    /// Fluency/Punctuation 0.1, Non-translation 25, Neutral 0) or marot (Marot's defaults:
    /// Source errors and Reinterpretation 0).
    #[arg(long, default_value = "google", value_name = "PRESET")]
    weights: String,
    /// Override one weight, e.g. `--weight major=10`; keys: neutral, trivial, minor, major,
    /// critical, minor-punctuation, non-translation, source-error, reinterpretation.
    #[arg(long = "weight", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
}

impl WeightArgs {
    /// The weights these flags select.
    pub fn resolve(&self) -> Result<Weights> {
        let mut weights = Weights::preset(&self.weights)?;
        for assignment in &self.overrides {
            weights.set(assignment)?;
        }
        Ok(weights)
    }
}
