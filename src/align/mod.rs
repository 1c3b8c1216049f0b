//! Hypothesis ↔ reference alignment for vendor outputs whose segmentation differs from the
//! reference: re-segmentation of unsegmented documents ([`resegment`]), and monotone sentence
//! alignment for line-count mismatches ([`sentence`]), on the units of [`units`].

pub mod resegment;
pub mod units;
