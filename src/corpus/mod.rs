//! The evaluation model, above the format readers of [`crate::io`]: segment-parallel references
//! and system outputs ([`Evaluation`]), what is known about each segment, and the test suites a
//! report evaluates (language pairs, vendors, prices) read from a directory layout, a manifest
//! or a WMT XML test set. Nothing here knows about metrics.

pub mod evaluation;
pub mod external_scores;
pub mod grouping;
pub mod input;
pub mod labels;
pub mod layout;
pub mod load;
pub mod manifest;
pub mod provenance;
pub mod suite;
pub mod wmt_pair;

pub use evaluation::{ensure_parallel, system_names, Evaluation, SegmentInfo, System};
pub use external_scores::{load_external_scores, ExternalMetric};
pub use grouping::{contiguous_runs, group_segments};
pub use input::{read_suite, InputKind, MANIFEST_NAME};
pub use labels::read_segment_labels;
pub use load::{load, load_suite, open_streams, InputSpec, Inputs, TestSetFile};
pub use provenance::Provenance;
pub use suite::{LanguagePair, PairInput, Price, SegmentLabels, Suite, SuiteFormat};
pub use wmt_pair::read_xml_pair;
