//! `mteval align`: puts a hypothesis whose segmentation differs from the reference back onto
//! the reference segments, writes it one line per segment, and optionally the alignment table.

use super::warn;
use crate::cli::inputs::ReadArgs;
use clap::Args;
use mteval::align::systems::ensure_has_text;
use mteval::align::units::UnitMode;
use mteval::align::{align, AlignInput, Alignment};
use mteval::corpus::{self, InputSpec, TestSetFile};
use mteval::error::{Error, Result};
use mteval::io::TextFile;
use mteval::report::alignment_table::write_alignment_table;
use mteval::report::atomic_write::{write_all_atomically, write_atomically};
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
    /// Align HYP even when it has as many lines as the reference has segments (without, such a
    /// HYP is written unchanged, line for line).
    #[arg(long)]
    realign: bool,
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

/// What to load: the reference (or the test set's reference by name), the hypothesis (or the
/// test set's system by name), document ids and the source.
fn input_spec(args: &AlignArgs) -> Result<InputSpec> {
    Ok(InputSpec {
        references: args.reference.iter().cloned().collect(),
        hypotheses: args.hypothesis.iter().cloned().collect(),
        source: args.source.clone(),
        test_set: args.xml.clone().map(TestSetFile::WmtXml),
        reference_names: args.reference_name.iter().cloned().collect(),
        // A HYP file is aligned even when --system names a system of the test set too.
        system_names: match &args.hypothesis {
            Some(_) => Vec::new(),
            None => args.system.iter().cloned().collect(),
        },
        document_ids: args.ref_docs.clone(),
        reading: args.reading.options()?,
        references_optional: false,
    })
}

fn read_inputs(args: &AlignArgs) -> Result<Inputs> {
    let loaded = corpus::load(&input_spec(args)?, &mut |warning| warn(warning))?;
    let reference = loaded
        .references
        .into_iter()
        .next()
        .expect("load checks for a reference");
    let hypothesis = loaded
        .systems
        .into_iter()
        .last()
        .expect("load checks for a system")
        .file;
    if let Some(source) = &loaded.source {
        corpus::ensure_parallel(source, &reference)?;
    }
    Ok(Inputs {
        reference,
        documents: loaded
            .segments
            .map(|info| info.into_iter().map(|s| s.document).collect()),
        source: loaded.source.map(|file| file.segments),
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
        return Err(Error::malformed(
            inputs.reference.path.clone(),
            1,
            "the reference has no text (zero non-empty segments); there is nothing to align to"
                .to_string(),
        ));
    }
    ensure_has_text(&inputs.hypothesis.path, &inputs.hypothesis.segments)?;
    let input = AlignInput {
        reference: &inputs.reference.segments,
        documents: inputs.documents.as_deref(),
        source: inputs.source.as_deref(),
        hypothesis: &inputs.hypothesis.segments,
        mode: args.lang.as_deref().map(UnitMode::for_language),
    };
    let alignment = if input.hypothesis.len() == input.reference.len() && !args.realign {
        Alignment::line_for_line(&input)
    } else {
        align(&input)
    };
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
    match &args.table {
        Some(path) => write_all_atomically(&[(&args.output, aligned.as_bytes()), (path, &table)])?,
        None => write_atomically(&args.output, aligned.as_bytes())?,
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
