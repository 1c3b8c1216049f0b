//! Input flags shared by the subcommands that read references and hypotheses: plain files, a WMT
//! XML test set or a TSV/JSONL table, references and systems picked by name, document ids,
//! Unicode normalization, warnings on stderr, optional re-alignment of hypotheses whose lines do
//! not match the reference, and the segment-count check.

use super::warn;
use clap::{Args, ValueEnum};
use mteval::align::systems::{align_systems, leave_out_low_confidence};
use mteval::align::units::UnitMode;
use mteval::corpus::{self, Evaluation, InputSpec, TestSetFile};
use mteval::error::Result;
use mteval::io::line_stream::ParallelStreams;
use mteval::io::{Normalization, ReadOptions, STDIN_PATH};
use mteval::metrics::Signature;
use std::path::PathBuf;

/// References, test-set files and normalization; the hypotheses are positional in each
/// subcommand.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Reference file (one segment per line, optionally .gz); repeat for several references.
    #[arg(
        long = "ref",
        short = 'r',
        value_name = "REF",
        required_unless_present_any = ["xml", "corpus"]
    )]
    pub references: Vec<PathBuf>,
    /// A WMT XML test set: references (all translators, or --ref-name), systems (all, or
    /// --system), documents and domains in one file. HYP files may be given as well.
    #[arg(long, value_name = "FILE", conflicts_with = "corpus")]
    pub xml: Option<PathBuf>,
    /// A TSV (with header) or JSONL table: columns ref* are references, doc_id/domain/src are
    /// read as such, every other column is a system (pick with --ref-name / --system).
    #[arg(long, value_name = "FILE")]
    pub corpus: Option<PathBuf>,
    /// With --xml/--corpus: use only this reference (translator or column); repeatable.
    #[arg(long = "ref-name", value_name = "NAME")]
    pub reference_names: Vec<String>,
    /// With --xml/--corpus: use only this system (hyp system or column); repeatable.
    #[arg(long = "system", value_name = "NAME")]
    pub system_names: Vec<String>,
    /// Document id of every reference line, one per line (WMT XML supplies them).
    #[arg(long, value_name = "FILE")]
    pub doc_ids: Option<PathBuf>,
    #[command(flatten)]
    pub reading: ReadArgs,
}

/// How segment files are read, shared by every subcommand that reads them: sacreBLEU's rules
/// unless a flag says otherwise (each such flag is recorded in signatures).
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Unicode-normalize every segment first: nfc or nfkc (recorded in the signature).
    #[arg(long, value_name = "FORM")]
    pub normalize: Option<String>,
    /// Remove a UTF-8 byte order mark at the start of a file (sacreBLEU keeps it as part of the
    /// first word; recorded in the signature as bom:strip).
    #[arg(long)]
    pub strip_bom: bool,
}

impl ReadArgs {
    /// The library's reading options.
    pub fn options(&self) -> Result<ReadOptions> {
        Ok(ReadOptions {
            normalization: self
                .normalize
                .as_deref()
                .map(Normalization::from_name)
                .transpose()?,
            strip_bom: self.strip_bom,
        })
    }
}

/// Whether hypotheses whose lines do not match the reference are re-aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlignMode {
    /// Line counts must match (an error otherwise).
    Off,
    /// Align a hypothesis to the first reference when the counts differ (with a warning).
    Auto,
}

/// Re-alignment settings (`mteval score --align auto --min-confidence X`).
#[derive(Debug, Clone, Copy)]
pub struct AlignSettings {
    pub mode: AlignMode,
    /// Leave out segments aligned with a lower confidence (in every system).
    pub min_confidence: Option<f64>,
    /// Words or characters; detected from the reference when `None`.
    pub units: Option<UnitMode>,
}

/// An evaluation read from disk, with the reading options it applied.
pub struct LoadedInputs {
    pub evaluation: Evaluation,
    pub reading: ReadOptions,
    /// Per system: segment confidences when its hypothesis was re-aligned.
    pub alignment: Vec<Option<Vec<f64>>>,
}

impl LoadedInputs {
    /// Adds mteval's own signature keys for the reading settings sacreBLEU does not have.
    pub fn sign(&self, signature: &mut Signature) {
        signature.push_reading(&self.reading);
    }
}

/// Plain reference and hypothesis files opened for reading in a bounded window
/// ([`InputArgs::open_streams`]).
pub struct StreamedInputs {
    pub streams: ParallelStreams,
    /// What the evaluation is called once read: file paths and system names, no segments.
    pub names: LoadedInputs,
}

impl InputArgs {
    /// The library's description of what to load.
    pub fn spec(&self, hypotheses: &[PathBuf]) -> Result<InputSpec> {
        Ok(InputSpec {
            references: self.references.clone(),
            hypotheses: hypotheses.to_vec(),
            source: None,
            test_set: match (&self.xml, &self.corpus) {
                (Some(path), _) => Some(TestSetFile::WmtXml(path.clone())),
                (None, Some(path)) => Some(TestSetFile::Table(path.clone())),
                (None, None) => None,
            },
            reference_names: self.reference_names.clone(),
            system_names: self.system_names.clone(),
            document_ids: self.doc_ids.clone(),
            reading: self.reading.options()?,
            references_optional: false,
        })
    }

    /// The hypothesis files, or standard input (`-`) when none is given, no test set supplies
    /// systems and standard input is a pipe (`cat hyp | mteval score -r REF`).
    pub fn hypotheses_or_standard_input(&self, hypotheses: &[PathBuf]) -> Vec<PathBuf> {
        use std::io::IsTerminal;
        let from_pipe = hypotheses.is_empty()
            && self.xml.is_none()
            && self.corpus.is_none()
            && !std::io::stdin().is_terminal();
        if from_pipe {
            vec![PathBuf::from(STDIN_PATH)]
        } else {
            hypotheses.to_vec()
        }
    }

    /// Whether every input is a plain file given by path (no test set, no document ids), so
    /// the files can be read in a bounded window.
    pub fn plain_files_only(&self) -> bool {
        self.xml.is_none() && self.corpus.is_none() && self.doc_ids.is_none()
    }

    /// Opens the plain reference and hypothesis files for reading in a bounded window (see
    /// [`InputArgs::plain_files_only`]); the segment counts are checked as they are read.
    pub fn open_streams(&self, hypotheses: &[PathBuf]) -> Result<StreamedInputs> {
        let spec = self.spec(hypotheses)?;
        let reading = spec.reading;
        let (streams, evaluation) = corpus::open_streams(&spec)?;
        Ok(StreamedInputs {
            streams,
            names: LoadedInputs {
                alignment: vec![None; evaluation.systems.len()],
                evaluation,
                reading,
            },
        })
    }

    /// Reads references and hypotheses, prints reading warnings, checks segment counts.
    pub fn load(&self, hypotheses: &[PathBuf]) -> Result<LoadedInputs> {
        self.load_aligned(
            hypotheses,
            AlignSettings {
                mode: AlignMode::Off,
                min_confidence: None,
                units: None,
            },
        )
    }

    /// As [`InputArgs::load`], re-aligning hypotheses whose segment count differs from the
    /// reference's when `settings.mode` is `Auto`.
    pub fn load_aligned(
        &self,
        hypotheses: &[PathBuf],
        settings: AlignSettings,
    ) -> Result<LoadedInputs> {
        let spec = self.spec(hypotheses)?;
        let mut inputs = corpus::load(&spec, &mut |warning| warn(warning))?;
        let mut alignment = match settings.mode {
            AlignMode::Auto => align_systems(&mut inputs, settings.units, &mut |w| warn(w))?,
            AlignMode::Off => vec![None; inputs.systems.len()],
        };
        let mut evaluation = inputs.into_evaluation()?;
        if let Some(threshold) = settings.min_confidence {
            leave_out_low_confidence(&mut evaluation, &mut alignment, threshold, &mut |w| warn(w))?;
        }
        let reading = spec.reading;
        Ok(LoadedInputs {
            evaluation,
            reading,
            alignment,
        })
    }
}
