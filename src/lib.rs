//! mteval: machine-translation evaluation with numbers identical to sacreBLEU 2.6, only faster.
//!
//! The pipeline: [`io`] reads segments (plain text, WMT XML, TSV/JSONL), [`align`] puts
//! hypotheses whose segmentation differs back onto the reference segments, [`tokenize`] splits
//! segments into tokens, [`metrics`] turns each segment into sufficient statistics that add up,
//! and a corpus score is computed once from their sum. [`analysis`] classifies
//! translation errors onto the MQM category tree, automatically or from human MQM annotations.
//!
//! ```
//! use mteval::metrics::{bleu::Bleu, evaluate, Metric};
//! use mteval::tokenize::tokenizer_by_name;
//!
//! let bleu = Bleu::new(tokenizer_by_name("13a").unwrap());
//! let reference = vec!["The dog bit the man.".to_string()];
//! let hypothesis = vec!["The dog bit the man.".to_string()];
//! let stats = evaluate::segment_stats(&bleu, &[&reference], &[&hypothesis]);
//! let score = bleu.score(&evaluate::sum_stats(&stats[0]));
//! assert_eq!(score.score, 100.00000000000004); // sacreBLEU's own rounding artefact
//! ```

pub mod align;
pub mod analysis;
pub mod corpus;
pub mod error;
pub mod io;
pub mod metrics;
pub mod report;
pub mod stats;
pub mod text;
pub mod tokenize;

pub use error::{Error, Result};

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
