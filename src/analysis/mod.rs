//! Error categories on one MQM tree ([`taxonomy`]): human MQM annotations scored the way the
//! published WMT/Google tables are ([`mqm`]), and automatic classification of system outputs
//! — edit-based classes against a reference ([`classify`], on the shift alignment of
//! [`word_alignment`]) and reference-free QA checks ([`checks`]) — run over whole systems
//! ([`automatic`]). Both produce the same (category, severity) tallies ([`tally`]).

pub mod automatic;
pub mod checks;
pub mod classify;
pub mod finding;
pub mod language;
pub mod meta;
pub mod mqm;
pub mod review_sample;
pub mod span_agreement;
pub mod tally;
pub mod taxonomy;
pub mod word_alignment;
pub mod words;
