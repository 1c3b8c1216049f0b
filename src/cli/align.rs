//! `mteval align`: puts a hypothesis whose segmentation differs from the reference back onto
//! the reference segments, writes it one line per segment, and optionally the alignment table.

use super::warn;
use crate::cli::inputs::{ensure_has_text, read_document_ids, read_file, ReadArgs};
use clap::Args;
use mteval::align::units::UnitMode;
use mteval::align::{align, AlignInput};
use mteval::error::{Error, Result};
use mteval::io::{read_wmt_xml, TextFile};
use mteval::report::alignment_table::write_alignment_table;
use mteval::report::atomic_write::write_atomically;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// Reference file, one segment per line.
    #[arg(
        long = "ref",
        short = 'r',
        value_name = "REF",
        required_unless_present = "xml"
    )]
    reference: Option<PathBuf>,
    /// Document id of every reference line, one per line: alignment stays within documents, and
    /// a hypothesis with one line per document is re-segmented document by document.
    #[arg(long, value_name = "DOCIDS")]
    ref_docs: Option<PathBuf>,
    /// Source file, parallel to the reference (a second estimate of segment lengths).
    #[arg(long, value_name = "SRC")]
    source: Option<PathBuf>,
    /// A WMT XML test set supplying reference, documents and source (and the hypothesis with
    /// --system when no HYP is given).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["reference", "ref_docs", "source"])]
    xml: Option<PathBuf>,
    /// With --xml: the reference translator (default: the first).
    #[arg(long = "ref-name", value_name = "NAME", requires = "xml")]
    reference_name: Option<String>,
    /// With --xml and no HYP: the system whose hypothesis is aligned.
    #[arg(long, value_name = "NAME", requires = "xml")]
    system: Option<String>,
    /// Hypothesis file, segmented any way.
    #[arg(value_name = "HYP", required_unless_present = "system")]
    hypothesis: Option<PathBuf>,
    /// Where the aligned hypothesis goes: one line per reference segment.
    #[arg(long, short = 'o', value_name = "ALIGNED")]
    output: PathBuf,
    /// Also write the alignment table (CSV): reference segment, hypothesis span, link type,
    /// cost, confidence.
    #[arg(long, value_name = "ALIGN.csv")]
    table: Option<PathBuf>,
    /// Target language (or SRC-TGT pair): zh, ja, th, … align on characters (default: detected
    /// from the reference's script).
    #[arg(long, short = 'l', value_name = "LANG")]
    lang: Option<String>,
    #[command(flatten)]
    reading: ReadArgs,
}

/// Reference, documents, source and hypothesis, read.
struct Inputs {
    reference: TextFile,
    documents: Option<Vec<String>>,
    source: Option<Vec<String>>,
    hypothesis: TextFile,
}

fn read_inputs(args: &AlignArgs) -> Result<Inputs> {
    let reading = args.reading.options()?;
    let hypothesis_file = args
        .hypothesis
        .as_deref()
        .map(|path| read_file(path, reading))
        .transpose()?;
    if let Some(path) = &args.xml {
        let xml = read_wmt_xml(path, reading.normalization)?;
        for warning in &xml.warnings {
            warn(warning);
        }
        let reference = match &args.reference_name {
            Some(name) => xml.references.iter().find(|r| &r.name == name),
            None => xml.references.first(),
        }
        .ok_or_else(|| {
            let names: Vec<&str> = xml.references.iter().map(|r| r.name.as_str()).collect();
            Error::invalid_option(
                "--ref-name",
                args.reference_name.clone().unwrap_or_default(),
                format!(
                    "{} has no such reference; it has {}",
                    path.display(),
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            )
        })?;
        let hypothesis = match (hypothesis_file, &args.system) {
            (Some(file), _) => file,
            (None, Some(name)) => {
                let stream = xml
                    .hypotheses
                    .iter()
                    .find(|h| &h.name == name)
                    .ok_or_else(|| {
                        let names: Vec<&str> =
                            xml.hypotheses.iter().map(|h| h.name.as_str()).collect();
                        Error::invalid_option(
                            "--system",
                            name,
                            format!(
                                "{} has no such system; it has {}",
                                path.display(),
                                names.join(", ")
                            ),
                        )
                    })?;
                xml.text_file(stream)
            }
            (None, None) => {
                return Err(Error::invalid_option(
                    "--system",
                    "",
                    "give a HYP file or --system NAME",
                ))
            }
        };
        return Ok(Inputs {
            reference: xml.text_file(reference),
            documents: Some(xml.segment_info().into_iter().map(|s| s.document).collect()),
            source: xml.source.as_ref().map(|s| s.segments.clone()),
            hypothesis,
        });
    }
    let Some(reference_path) = &args.reference else {
        return Err(Error::invalid_option(
            "--ref",
            "",
            "give --ref REF or --xml FILE",
        ));
    };
    let reference = read_file(reference_path, reading)?;
    let hypothesis = hypothesis_file
        .ok_or_else(|| Error::invalid_option("HYP", "", "give the hypothesis file to align"))?;
    let documents = match &args.ref_docs {
        Some(path) => Some(
            read_document_ids(path, reference.segments.len())
                .map_err(|e| match e {
                    Error::InvalidOption { value, reason, .. } => Error::InvalidOption {
                        flag: "--ref-docs".to_string(),
                        value,
                        reason,
                    },
                    other => other,
                })?
                .into_iter()
                .map(|s| s.document)
                .collect(),
        ),
        None => None,
    };
    let source = match &args.source {
        Some(path) => {
            let source = read_file(path, reading)?;
            if source.segments.len() != reference.segments.len() {
                return Err(Error::SegmentCountMismatch {
                    hypothesis: path.clone(),
                    hypothesis_segments: source.segments.len(),
                    reference: reference.path.clone(),
                    reference_segments: reference.segments.len(),
                });
            }
            Some(source.segments)
        }
        None => None,
    };
    for file in [&reference, &hypothesis] {
        for warning in &file.warnings {
            warn(warning);
        }
    }
    Ok(Inputs {
        reference,
        documents,
        source,
        hypothesis,
    })
}

pub fn run(args: AlignArgs) -> Result<String> {
    let inputs = read_inputs(&args)?;
    if inputs
        .reference
        .segments
        .iter()
        .all(|s| s.trim().is_empty())
    {
        return Err(Error::Malformed {
            path: inputs.reference.path.clone(),
            line: 1,
            reason:
                "the reference has no text (zero non-empty segments); there is nothing to align to"
                    .to_string(),
        });
    }
    ensure_has_text(&inputs.hypothesis)?;
    let mode = args.lang.as_deref().map(UnitMode::for_language);
    let alignment = align(&AlignInput {
        reference: &inputs.reference.segments,
        documents: inputs.documents.as_deref(),
        source: inputs.source.as_deref(),
        hypothesis: &inputs.hypothesis.segments,
        mode,
    });
    let mut aligned = String::new();
    for segment in &alignment.segments {
        // A segment never spans lines: any line break inside the text becomes a space.
        aligned.push_str(&segment.replace(['\n', '\r'], " "));
        aligned.push('\n');
    }
    let mut table = Vec::new();
    if args.table.is_some() {
        write_alignment_table(&alignment.links, &mut table).map_err(|e| {
            Error::io(
                args.table.clone().unwrap_or_default(),
                std::io::Error::other(e),
            )
        })?;
    }
    write_atomically(&args.output, aligned.as_bytes())?;
    if let Some(path) = &args.table {
        write_atomically(path, &table)?;
    }
    let threshold = 0.5;
    let low = alignment
        .confidence
        .iter()
        .filter(|&&c| c < threshold)
        .count();
    let empty = alignment.segments.iter().filter(|s| s.is_empty()).count();
    let dropped = alignment
        .links
        .iter()
        .filter(|l| l.reference.is_none())
        .count();
    Ok(format!(
        "Aligned {} hypothesis lines to {} reference segments by {} on {}.\n\
         Mean confidence {:.3}; {low} segments below {threshold}; {empty} segments empty; \
         {dropped} hypothesis lines aligned to no segment.\n\
         Wrote {}{}\n",
        inputs.hypothesis.segments.len(),
        inputs.reference.segments.len(),
        alignment.strategy,
        alignment.mode,
        alignment.mean_confidence(),
        args.output.display(),
        args.table
            .as_ref()
            .map(|t| format!(" and {}", t.display()))
            .unwrap_or_default(),
    ))
}
