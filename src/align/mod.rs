//! Hypothesis ↔ reference alignment for vendor outputs whose segmentation differs from the
//! reference: a sentence split in two, two merged, one dropped, a whole article returned as one
//! paragraph. [`align`] puts the hypothesis back onto the reference segments — re-segmenting
//! unsegmented documents by minimum edit distance ([`resegment`]), or aligning lines with
//! 1-1/1-0/0-1/1-2/2-1/2-2 beads ([`sentence`]) and cutting merged lines with the same
//! re-segmentation — and says how sure it is about every segment.

pub mod resegment;
pub mod sentence;
pub mod systems;
pub mod units;

use crate::corpus::contiguous_runs;
use rayon::prelude::*;
use std::fmt;
use std::ops::Range;
use units::{split_units, text_of, Interner, UnitMode};

/// What [`align`] reads.
#[derive(Debug, Clone, Copy)]
pub struct AlignInput<'a> {
    /// Reference segments.
    pub reference: &'a [String],
    /// Document id of every reference segment (a document's segments are contiguous).
    pub documents: Option<&'a [String]>,
    /// Source segments, parallel to the reference (used for length estimates).
    pub source: Option<&'a [String]>,
    /// Hypothesis lines, segmented any way.
    pub hypothesis: &'a [String],
    /// Words or characters; detected from the reference's script when `None`.
    pub mode: Option<UnitMode>,
}

/// How the hypothesis was put back onto the reference segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// One hypothesis line per document (or one line in all): each cut at minimum edit distance.
    Resegmentation,
    /// Lines aligned with beads; merged lines cut at minimum edit distance.
    SentenceAlignment,
    /// As many lines as segments: kept line for line, not aligned ([`Alignment::line_for_line`]).
    LineForLine,
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Strategy::Resegmentation => "re-segmentation of unsegmented documents",
            Strategy::SentenceAlignment => "sentence alignment",
            Strategy::LineForLine => "keeping them line for line (as many lines as segments)",
        })
    }
}

/// The kind of a link between reference segments and hypothesis lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A reference segment cut out of an unsegmented hypothesis document.
    Resegmented,
    /// A bead of `references`-`hypotheses` (1-1, 1-0, 0-1, 1-2, 2-1, 2-2).
    Bead {
        references: usize,
        hypotheses: usize,
    },
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            LinkKind::Resegmented => f.write_str("reseg"),
            LinkKind::Bead {
                references,
                hypotheses,
            } => write!(f, "{references}-{hypotheses}"),
        }
    }
}

/// One row of the alignment table.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The reference segment (0-based); `None` for a hypothesis line aligned to nothing.
    pub reference: Option<usize>,
    /// Hypothesis lines (0-based, end exclusive) the segment's text comes from; empty for none.
    pub hypothesis: Range<usize>,
    /// When the lines were cut: the units (words or characters, 0-based, end exclusive) of
    /// the joined lines that went to this segment.
    pub units: Option<Range<usize>>,
    pub kind: LinkKind,
    /// Edit operations (re-segmentation) or bead cost in nats (sentence alignment).
    pub cost: f64,
    /// Confidence in [0, 1] that the segment got exactly its text.
    pub confidence: f64,
}

/// The hypothesis put back onto the reference segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub strategy: Strategy,
    pub mode: UnitMode,
    /// One hypothesis segment per reference segment (empty where nothing aligned).
    pub segments: Vec<String>,
    /// Confidence of every segment, in [0, 1].
    pub confidence: Vec<f64>,
    /// The alignment table, in reference order.
    pub links: Vec<Link>,
}

impl Alignment {
    /// A hypothesis that has one line per reference segment already, kept as it is: line `i`
    /// is segment `i` (a 1-1 link of cost 0 and confidence 1).
    pub fn line_for_line(input: &AlignInput) -> Alignment {
        let hypothesis = input.hypothesis;
        Alignment {
            strategy: Strategy::LineForLine,
            mode: unit_mode(input),
            segments: hypothesis.to_vec(),
            confidence: vec![1.0; hypothesis.len()],
            links: (0..hypothesis.len())
                .map(|line| Link {
                    reference: Some(line),
                    hypothesis: line..line + 1,
                    units: None,
                    kind: LinkKind::Bead {
                        references: 1,
                        hypotheses: 1,
                    },
                    cost: 0.0,
                    confidence: 1.0,
                })
                .collect(),
        }
    }

    /// Mean confidence over the segments (1 for no segments).
    pub fn mean_confidence(&self) -> f64 {
        if self.confidence.is_empty() {
            1.0
        } else {
            self.confidence.iter().sum::<f64>() / self.confidence.len() as f64
        }
    }
}

/// Document ranges of the reference: contiguous runs of equal ids, or one document.
fn document_ranges(input: &AlignInput) -> Vec<Range<usize>> {
    match input.documents {
        Some(ids) if ids.len() == input.reference.len() => {
            contiguous_runs(ids.iter().map(String::as_str))
                .into_iter()
                .map(|(_, range)| range)
                .collect()
        }
        _ => std::iter::once(0..input.reference.len()).collect(),
    }
}

/// `input.mode`, else the units the reference's script is written in.
fn unit_mode(input: &AlignInput) -> UnitMode {
    input
        .mode
        .unwrap_or_else(|| UnitMode::detect(input.reference.iter().map(String::as_str)))
}

/// Puts `input.hypothesis` back onto the reference segments. One hypothesis line per document
/// (or a single line) is treated as unsegmented documents and re-segmented; anything else is
/// sentence-aligned.
pub fn align(input: &AlignInput) -> Alignment {
    let mode = unit_mode(input);
    let documents = document_ranges(input);
    let unsegmented = input.reference.len() > input.hypothesis.len()
        && (input.hypothesis.len() == documents.len() || input.hypothesis.len() == 1);
    if unsegmented {
        let documents = if input.hypothesis.len() == 1 {
            std::iter::once(0..input.reference.len()).collect()
        } else {
            documents
        };
        resegment_documents(input, &documents, mode)
    } else {
        align_lines(input, &documents, mode)
    }
}

/// Cuts `text` onto `reference`: the segment texts (trimmed), the unit range of each and the
/// re-segmentation.
fn cut(
    reference: &[String],
    text: &str,
    mode: UnitMode,
) -> (Vec<String>, Vec<Range<usize>>, resegment::Resegmentation) {
    let mut interner = Interner::default();
    let reference_units: Vec<Vec<u32>> = reference
        .iter()
        .map(|segment| split_units(segment, mode, &mut interner).ids)
        .collect();
    let slices: Vec<&[u32]> = reference_units.iter().map(Vec::as_slice).collect();
    let hypothesis = split_units(text, mode, &mut interner);
    let result = resegment::resegment(
        &slices,
        &hypothesis.ids,
        &resegment::boundary_costs(&hypothesis.sentence_end),
    );
    let ranges: Vec<Range<usize>> = result.boundaries.windows(2).map(|w| w[0]..w[1]).collect();
    let texts = ranges
        .iter()
        .map(|range| text_of(text, &hypothesis, range.clone()).to_string())
        .collect();
    (texts, ranges, result)
}

fn resegment_documents(
    input: &AlignInput,
    documents: &[Range<usize>],
    mode: UnitMode,
) -> Alignment {
    let pieces: Vec<(Vec<String>, Vec<Range<usize>>, resegment::Resegmentation)> = documents
        .par_iter()
        .zip(input.hypothesis.par_iter())
        .map(|(range, text)| cut(&input.reference[range.clone()], text, mode))
        .collect();
    let mut alignment = Alignment {
        strategy: Strategy::Resegmentation,
        mode,
        segments: Vec::with_capacity(input.reference.len()),
        confidence: Vec::with_capacity(input.reference.len()),
        links: Vec::with_capacity(input.reference.len()),
    };
    for (line, (range, (texts, units, result))) in documents.iter().zip(pieces).enumerate() {
        for (k, text) in texts.into_iter().enumerate() {
            alignment.segments.push(text);
            alignment.confidence.push(result.confidence[k]);
            alignment.links.push(Link {
                reference: Some(range.start + k),
                hypothesis: line..line + 1,
                units: Some(units[k].clone()),
                kind: LinkKind::Resegmented,
                cost: f64::from(result.edits[k]),
                confidence: result.confidence[k],
            });
        }
    }
    alignment
}

fn align_lines(input: &AlignInput, documents: &[Range<usize>], mode: UnitMode) -> Alignment {
    let document_of: Vec<usize> = documents
        .iter()
        .enumerate()
        .flat_map(|(d, range)| range.clone().map(move |_| d))
        .collect();
    let beads = sentence::align_sentences(&sentence::SentenceInput {
        reference: input.reference,
        hypothesis: input.hypothesis,
        source: input.source,
        documents: Some(&document_of),
        mode,
    });
    let count = input.reference.len();
    let mut alignment = Alignment {
        strategy: Strategy::SentenceAlignment,
        mode,
        segments: vec![String::new(); count],
        confidence: vec![0.0; count],
        links: Vec::with_capacity(count),
    };
    for bead in beads {
        let kind = LinkKind::Bead {
            references: bead.reference.len(),
            hypotheses: bead.hypothesis.len(),
        };
        let joined = input.hypothesis[bead.hypothesis.clone()].join(mode.joiner());
        match bead.reference.len() {
            0 => alignment.links.push(Link {
                reference: None,
                hypothesis: bead.hypothesis.clone(),
                units: None,
                kind,
                cost: bead.cost,
                confidence: bead.confidence,
            }),
            1 => {
                let i = bead.reference.start;
                alignment.segments[i] = joined;
                alignment.confidence[i] = bead.confidence;
                alignment.links.push(Link {
                    reference: Some(i),
                    hypothesis: bead.hypothesis.clone(),
                    units: None,
                    kind,
                    cost: bead.cost,
                    confidence: bead.confidence,
                });
            }
            _ => {
                let (texts, units, result) =
                    cut(&input.reference[bead.reference.clone()], &joined, mode);
                for (k, text) in texts.into_iter().enumerate() {
                    let i = bead.reference.start + k;
                    let confidence = bead.confidence * result.confidence[k];
                    alignment.segments[i] = text;
                    alignment.confidence[i] = confidence;
                    alignment.links.push(Link {
                        reference: Some(i),
                        hypothesis: bead.hypothesis.clone(),
                        units: Some(units[k].clone()),
                        kind,
                        cost: bead.cost,
                        confidence,
                    });
                }
            }
        }
    }
    alignment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_line_per_document_is_resegmented_within_documents() {
        let reference = strings(&["Guten Tag.", "Wie geht es?", "Das Wetter ist schön.", "Ja."]);
        let documents = strings(&["a", "a", "b", "b"]);
        let hypothesis = strings(&["Guten Tag. Wie geht es dir?", "Das Wetter ist schön. Ja."]);
        let alignment = align(&AlignInput {
            reference: &reference,
            documents: Some(&documents),
            source: None,
            hypothesis: &hypothesis,
            mode: None,
        });
        assert_eq!(alignment.strategy, Strategy::Resegmentation);
        assert_eq!(
            alignment.segments,
            strings(&[
                "Guten Tag.",
                "Wie geht es dir?",
                "Das Wetter ist schön.",
                "Ja."
            ])
        );
        assert_eq!(alignment.links[1].units, Some(3..8));
        assert_eq!(alignment.links[1].cost, 1.0);
        assert_eq!(alignment.links[3].hypothesis, 1..2);
    }

    #[test]
    fn merged_lines_are_cut_and_split_lines_joined() {
        let reference = strings(&[
            "我们今天去公园。",
            "天气很好。",
            "孩子们很开心，玩了一整天。",
        ]);
        let hypothesis = strings(&[
            "我们今天去公园。天气很好。",
            "孩子们很开心，",
            "玩了一整天。",
        ]);
        let alignment = align(&AlignInput {
            reference: &reference,
            documents: None,
            source: None,
            hypothesis: &hypothesis,
            mode: None,
        });
        assert_eq!(alignment.mode, UnitMode::Characters);
        assert_eq!(alignment.strategy, Strategy::SentenceAlignment);
        assert_eq!(alignment.segments, reference);
        let kinds: Vec<String> = alignment.links.iter().map(|l| l.kind.to_string()).collect();
        assert_eq!(kinds, vec!["2-1", "2-1", "1-2"]);
        assert!(alignment.confidence.iter().all(|c| (0.0..=1.0).contains(c)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Any reference, documents and hypothesis: one output segment and one confidence in
        /// [0, 1] per reference segment, every reference segment in exactly one link, no panic.
        #[test]
        fn any_input_gives_one_segment_per_reference_segment(
            reference in proptest::collection::vec("[ab.,我 ]{0,12}", 1..12),
            hypothesis in proptest::collection::vec("[abc.,我你 ]{0,20}", 1..12),
            cuts in proptest::collection::vec(proptest::bool::ANY, 12),
        ) {
            let mut document = 0;
            let documents: Vec<String> = (0..reference.len())
                .map(|i| {
                    if i > 0 && cuts[i] {
                        document += 1;
                    }
                    document.to_string()
                })
                .collect();
            for documents in [None, Some(documents.as_slice())] {
                let alignment = align(&AlignInput {
                    reference: &reference,
                    documents,
                    source: None,
                    hypothesis: &hypothesis,
                    mode: None,
                });
                proptest::prop_assert_eq!(alignment.segments.len(), reference.len());
                proptest::prop_assert_eq!(alignment.confidence.len(), reference.len());
                proptest::prop_assert!(alignment
                    .confidence
                    .iter()
                    .all(|c| (0.0..=1.0).contains(c)));
                let mut covered: Vec<usize> =
                    alignment.links.iter().filter_map(|l| l.reference).collect();
                covered.sort_unstable();
                proptest::prop_assert_eq!(covered, (0..reference.len()).collect::<Vec<_>>());
            }
        }
    }
}
