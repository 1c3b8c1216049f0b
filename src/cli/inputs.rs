//! Input flags shared by the subcommands that read references and hypotheses: plain files, a WMT
//! XML test set or a TSV/JSONL table, references and systems picked by name, document ids,
//! Unicode normalization, warnings on stderr, optional re-alignment of hypotheses whose lines do
//! not match the reference, and the segment-count check.

use super::warn;
use clap::{Args, ValueEnum};
use mteval::align::units::UnitMode;
use mteval::align::{align, AlignInput};
use mteval::corpus::{system_names, Evaluation, SegmentInfo, System};
use mteval::error::{Error, Result};
use mteval::io::line_stream::ParallelStreams;
use mteval::io::tabular::{DOCUMENT_COLUMNS, DOMAIN_COLUMNS, SOURCE_COLUMNS};
use mteval::io::{
    read_segments, read_table, read_wmt_xml, Normalization, ReadOptions, TextFile, STDIN_PATH,
};
use mteval::metrics::Signature;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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

/// Reads one segment file and prints its reading warnings.
pub fn read_file(path: &Path, options: ReadOptions) -> Result<TextFile> {
    let mut files = read_files(std::slice::from_ref(&path.to_path_buf()), options)?;
    Ok(files.pop().expect("one file read for one path"))
}

/// Reads segment files in parallel and prints their reading warnings.
pub fn read_files(paths: &[PathBuf], options: ReadOptions) -> Result<Vec<TextFile>> {
    let files: Vec<TextFile> = paths
        .par_iter()
        .map(|path| read_segments(path, options))
        .collect::<Result<_>>()?;
    for file in &files {
        for warning in &file.warnings {
            warn(warning);
        }
    }
    Ok(files)
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
        self.reading.sign(signature);
    }
}

/// Plain reference and hypothesis files opened for reading in a bounded window
/// ([`InputArgs::open_streams`]).
pub struct StreamedInputs {
    pub streams: ParallelStreams,
    /// What the evaluation is called once read: file paths and system names, no segments.
    pub names: LoadedInputs,
}

/// Keeps the named items (all when `names` is empty), failing on a name that is not there.
fn select<T>(
    items: Vec<(String, T)>,
    names: &[String],
    flag: &str,
    file: &Path,
) -> Result<Vec<(String, T)>> {
    if names.is_empty() {
        return Ok(items);
    }
    let available: Vec<String> = items.iter().map(|(name, _)| name.clone()).collect();
    let mut items: Vec<Option<(String, T)>> = items.into_iter().map(Some).collect();
    let mut chosen = Vec::new();
    for name in names {
        let position = available.iter().position(|a| a == name).ok_or_else(|| {
            Error::invalid_option(
                flag,
                name,
                format!(
                    "{} has no such name; it has {}",
                    file.display(),
                    available.join(", ")
                ),
            )
        })?;
        if let Some(item) = items[position].take() {
            chosen.push(item);
        }
    }
    Ok(chosen)
}

/// References, named systems and segment information from a test-set file.
struct TestSet {
    references: Vec<TextFile>,
    systems: Vec<System>,
    segments: Option<Vec<SegmentInfo>>,
    source: Option<Vec<String>>,
}

impl InputArgs {
    fn test_set(&self, normalization: Option<Normalization>) -> Result<Option<TestSet>> {
        if let Some(path) = &self.xml {
            let xml = read_wmt_xml(path, normalization)?;
            for warning in &xml.warnings {
                warn(warning);
            }
            let stream = |s: &mteval::io::wmt_xml::NamedStream| (s.name.clone(), xml.text_file(s));
            let references = select(
                xml.references.iter().map(stream).collect(),
                &self.reference_names,
                "--ref-name",
                path,
            )?;
            let systems = select(
                xml.hypotheses.iter().map(stream).collect(),
                &self.system_names,
                "--system",
                path,
            )?;
            return Ok(Some(TestSet {
                references: references.into_iter().map(|(_, file)| file).collect(),
                systems: systems
                    .into_iter()
                    .map(|(name, file)| System { name, file })
                    .collect(),
                segments: Some(xml.segment_info()),
                source: xml.source.as_ref().map(|s| s.segments.clone()),
            }));
        }
        let Some(path) = &self.corpus else {
            return Ok(None);
        };
        let table = read_table(path, normalization)?;
        let file_of = |column: &str, flag: &str| -> Result<(String, TextFile)> {
            Ok((
                column.to_string(),
                TextFile {
                    path: path.clone(),
                    segments: table.column(column, flag)?,
                    warnings: Vec::new(),
                },
            ))
        };
        let reference_columns = if self.reference_names.is_empty() {
            table.reference_columns()
        } else {
            self.reference_names.clone()
        };
        let system_columns = if self.system_names.is_empty() {
            table.system_columns()
        } else {
            self.system_names.clone()
        };
        let references = reference_columns
            .iter()
            .map(|c| file_of(c, "--ref-name").map(|(_, f)| f))
            .collect::<Result<Vec<_>>>()?;
        let systems = system_columns
            .iter()
            .map(|c| file_of(c, "--system").map(|(name, file)| System { name, file }))
            .collect::<Result<Vec<_>>>()?;
        let documents = table
            .find_column(DOCUMENT_COLUMNS)
            .map(|c| table.column(&c, "--corpus"))
            .transpose()?;
        let domains = table
            .find_column(DOMAIN_COLUMNS)
            .map(|c| table.column(&c, "--corpus"))
            .transpose()?;
        let segments = match (documents, domains) {
            (None, None) => None,
            (documents, domains) => Some(
                (0..table.rows.len())
                    .map(|i| SegmentInfo {
                        document: documents
                            .as_ref()
                            .map_or_else(String::new, |d| d[i].clone()),
                        domain: domains.as_ref().map(|d| d[i].clone()),
                        origlang: None,
                    })
                    .collect(),
            ),
        };
        let source = table
            .find_column(SOURCE_COLUMNS)
            .map(|c| table.column(&c, "--corpus"))
            .transpose()?;
        Ok(Some(TestSet {
            references,
            systems,
            segments,
            source,
        }))
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
        if hypotheses.is_empty() {
            return Err(Error::invalid_option(
                "--system",
                self.system_names.join(","),
                "no systems to score; give HYP files or a test set with hypotheses",
            ));
        }
        let reading = self.reading.options()?;
        let streams = ParallelStreams::open(&self.references, hypotheses, reading)?;
        let unread = |path: &PathBuf| TextFile {
            path: path.clone(),
            segments: Vec::new(),
            warnings: Vec::new(),
        };
        let names = system_names(hypotheses.iter().map(PathBuf::as_path));
        let systems = hypotheses
            .iter()
            .zip(names)
            .map(|(path, name)| System {
                name,
                file: unread(path),
            })
            .collect::<Vec<_>>();
        let evaluation = Evaluation {
            references: self.references.iter().map(unread).collect(),
            systems,
            segments: None,
        };
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
        let reading = self.reading.options()?;
        let test_set = self.test_set(reading.normalization)?;
        let paths: Vec<PathBuf> = self.references.iter().chain(hypotheses).cloned().collect();
        let mut files = read_files(&paths, reading)?;
        let hypothesis_files = files.split_off(self.references.len());
        let reference_files = files;
        let names = system_names(hypothesis_files.iter().map(|file| file.path.as_path()));
        let mut plain_systems: Vec<System> = hypothesis_files
            .into_iter()
            .zip(names)
            .map(|(file, name)| System { name, file })
            .collect();
        let (mut references, mut systems, mut segments, source) = match test_set {
            Some(set) => (set.references, set.systems, set.segments, set.source),
            None => (Vec::new(), Vec::new(), None, None),
        };
        references.extend(reference_files);
        if !hypotheses.is_empty() && (self.xml.is_some() || self.corpus.is_some()) {
            // Plain HYP files next to a test set: only those unless --system names some too.
            if self.system_names.is_empty() {
                systems.clear();
            }
        }
        systems.append(&mut plain_systems);
        if references.is_empty() {
            return Err(Error::invalid_option(
                "--ref-name",
                self.reference_names.join(","),
                "no references selected; give --ref FILE or a test set with references",
            ));
        }
        if systems.is_empty() {
            return Err(Error::invalid_option(
                "--system",
                self.system_names.join(","),
                "no systems to score; give HYP files or a test set with hypotheses",
            ));
        }
        if let Some(path) = &self.doc_ids {
            segments = Some(read_document_ids(path, references[0].segments.len())?);
        }

        let mut alignment: Vec<Option<Vec<f64>>> = vec![None; systems.len()];
        if settings.mode == AlignMode::Auto {
            let reference = &references[0];
            let documents: Option<Vec<String>> = segments
                .as_ref()
                .map(|info| info.iter().map(|s| s.document.clone()).collect());
            for (s, system) in systems.iter_mut().enumerate() {
                if system.file.segments.len() == reference.segments.len() {
                    continue;
                }
                ensure_has_text(&system.file)?;
                let result = align(&AlignInput {
                    reference: &reference.segments,
                    documents: documents.as_deref(),
                    source: source.as_deref(),
                    hypothesis: &system.file.segments,
                    mode: settings.units,
                });
                warn(&format!(
                    "{}: {} lines for {} reference segments; aligned them ({}, {}), mean confidence {:.3}",
                    system.file.path.display(),
                    system.file.segments.len(),
                    reference.segments.len(),
                    result.strategy,
                    result.mode,
                    result.mean_confidence()
                ));
                system.file.segments = result.segments;
                alignment[s] = Some(result.confidence);
            }
        }
        let mut evaluation = Evaluation::from_systems(references, systems, segments)?;
        if let Some(threshold) = settings.min_confidence {
            let low: Vec<bool> = (0..evaluation.segment_count())
                .map(|i| {
                    alignment
                        .iter()
                        .flatten()
                        .any(|confidence| confidence[i] < threshold)
                })
                .collect();
            let excluded = low.iter().filter(|&&l| l).count();
            if excluded > 0 {
                if excluded == low.len() {
                    return Err(Error::invalid_option(
                        "--min-confidence",
                        threshold.to_string(),
                        "every segment's alignment confidence is below it; nothing would be scored",
                    ));
                }
                warn(&format!(
                    "left out {excluded} of {} segments whose alignment confidence is below {threshold} \
                     (in any aligned system), from every system so the scores stay comparable",
                    low.len()
                ));
                evaluation.retain_segments(|i| !low[i]);
                for confidence in alignment.iter_mut().flatten() {
                    let kept: Vec<f64> = confidence
                        .iter()
                        .zip(&low)
                        .filter(|(_, &l)| !l)
                        .map(|(&c, _)| c)
                        .collect();
                    *confidence = kept;
                }
            }
        }
        Ok(LoadedInputs {
            evaluation,
            reading,
            alignment,
        })
    }
}

/// A hypothesis to be aligned must have some text.
pub fn ensure_has_text(file: &TextFile) -> Result<()> {
    if file.segments.iter().all(|s| s.trim().is_empty()) {
        return Err(Error::Malformed {
            path: file.path.clone(),
            line: 1,
            reason: "the hypothesis has no text (every line is empty); there is nothing to align"
                .to_string(),
        });
    }
    Ok(())
}

/// One document id per reference line; a document's lines must be contiguous.
pub fn read_document_ids(path: &Path, segments: usize) -> Result<Vec<SegmentInfo>> {
    let ids = read_segments(path, ReadOptions::labels())?.segments;
    if ids.len() != segments {
        return Err(Error::invalid_option(
            "--doc-ids",
            path.display().to_string(),
            format!(
                "{} document ids for {segments} segments; give one id per reference line",
                ids.len()
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, id) in ids.iter().enumerate() {
        if (i == 0 || ids[i - 1] != *id) && !seen.insert(id.as_str()) {
            return Err(Error::Malformed {
                path: path.to_path_buf(),
                line: i + 1,
                reason: format!(
                    "document {id:?} appears again after other documents; a document's lines must be contiguous"
                ),
            });
        }
    }
    Ok(ids
        .into_iter()
        .map(|document| SegmentInfo {
            document,
            domain: None,
            origlang: None,
        })
        .collect())
}
