//! The one entry point that loads an evaluation from any input: plain segment files (optionally
//! gzip-compressed), a WMT XML test set, a TSV/JSONL table, document ids and a source file, with
//! references and systems picked by name — described by an [`InputSpec`] (library settings, no
//! command line) and read into [`Inputs`] that say where every stream came from. A
//! report's suite (directory layout, manifest or WMT XML) loads through [`load_suite`].

use super::{read_suite, system_names, Evaluation, Provenance, SegmentInfo, Suite, System};
use crate::error::{Error, Result, Setting};
use crate::io::line_stream::ParallelStreams;
use crate::io::tabular::{DOCUMENT_ID_COLUMNS, DOMAIN_COLUMNS, SOURCE_COLUMNS};
use crate::io::wmt_xml::NamedStream;
use crate::io::{read_segments, read_table, read_wmt_xml, ReadOptions, TextFile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A file that holds a whole test set: references, systems and segment information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestSetFile {
    /// A WMT XML test set: references by translator, systems by `<hyp system=…>`, documents.
    WmtXml(PathBuf),
    /// A TSV (with header) or JSONL table: `ref*` columns are references, `doc_id`/`domain`/
    /// `src` are read as such, every other column is a system.
    Table(PathBuf),
}

/// Everything that says what to load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputSpec {
    /// Plain reference files, after the test set's references.
    pub references: Vec<PathBuf>,
    /// Plain hypothesis files; given with a test set, they replace its systems unless
    /// `system_names` picks some of those too.
    pub hypotheses: Vec<PathBuf>,
    /// A plain source file, parallel to the references.
    pub source: Option<PathBuf>,
    pub test_set: Option<TestSetFile>,
    /// References picked from the test set by name (all when empty).
    pub reference_names: Vec<String>,
    /// Systems picked from the test set by name (all when empty).
    pub system_names: Vec<String>,
    /// One document id per reference segment (replaces the test set's documents).
    pub document_ids: Option<PathBuf>,
    pub reading: ReadOptions,
    /// An evaluation without references is allowed (error analysis of the outputs alone);
    /// references are required when `false`, the default. When `true`, the hypotheses are read,
    /// and their warnings reported, before the references.
    pub references_optional: bool,
}

/// What was read, before the segment counts are checked (a hypothesis may still need
/// re-aligning onto the reference segments).
#[derive(Debug, Clone)]
pub struct Inputs {
    pub references: Vec<TextFile>,
    /// Where each reference came from (parallel to `references`).
    pub reference_provenance: Vec<Provenance>,
    pub systems: Vec<System>,
    /// Where each system came from (parallel to `systems`).
    pub system_provenance: Vec<Provenance>,
    /// Document and domain of every segment, when the input says.
    pub segments: Option<Vec<SegmentInfo>>,
    /// The source segments, when the input has them.
    pub source: Option<TextFile>,
}

impl Inputs {
    /// The evaluation, once every reference and system has as many segments as the first
    /// reference (and the segment information one entry per segment).
    pub fn into_evaluation(self) -> Result<Evaluation> {
        Evaluation::from_systems(self.references, self.systems, self.segments)
    }
}

/// Loads the inputs `spec` describes; `warn` receives what was repaired or guessed while
/// reading, in reading order. Fails on a name the test set does not have, on no references
/// (unless `spec.references_optional`), and on no systems.
pub fn load(spec: &InputSpec, warn: &mut dyn FnMut(&str)) -> Result<Inputs> {
    let mut loaded = match &spec.test_set {
        Some(TestSetFile::WmtXml(path)) => load_wmt_xml(spec, path, warn)?,
        Some(TestSetFile::Table(path)) => load_table(spec, path)?,
        None => Inputs {
            references: Vec::new(),
            reference_provenance: Vec::new(),
            systems: Vec::new(),
            system_provenance: Vec::new(),
            segments: None,
            source: None,
        },
    };
    let (files, hypothesis_files) = read_plain_files(spec, warn)?;
    loaded
        .reference_provenance
        .extend(Provenance::plain_files(&files));
    loaded.references.extend(files);
    if !spec.hypotheses.is_empty() && spec.test_set.is_some() && spec.system_names.is_empty() {
        // Plain HYP files next to a test set: only those unless systems are picked by name too.
        loaded.systems.clear();
        loaded.system_provenance.clear();
    }
    let names = system_names(hypothesis_files.iter().map(|file| file.path.as_path()));
    for (file, name) in hypothesis_files.into_iter().zip(names) {
        loaded
            .system_provenance
            .push(Provenance::plain_file(&file.path));
        loaded.systems.push(System { name, file });
    }
    if loaded.references.is_empty() && !spec.references_optional {
        return Err(Error::invalid_option(
            Setting::ReferenceNames,
            spec.reference_names.join(","),
            "no references selected; give --ref FILE or a test set with references",
        ));
    }
    if loaded.systems.is_empty() {
        return Err(Error::invalid_option(
            Setting::Systems,
            spec.system_names.join(","),
            "no systems to score; give HYP files or a test set with hypotheses",
        ));
    }
    if let Some(path) = &spec.document_ids {
        // Parallel to the first reference, or to the first system when there is none.
        let first = loaded.references.first().unwrap_or(&loaded.systems[0].file);
        loaded.segments = Some(read_document_ids(path, first.segments.len())?);
    }
    if let Some(path) = &spec.source {
        loaded.source = Some(read_files(std::slice::from_ref(path), spec.reading, warn)?.remove(0));
    }
    Ok(loaded)
}

/// Reads the plain reference and hypothesis files, references first; with optional references
/// the outputs are the evaluation, and they are read (and their warnings reported) first.
fn read_plain_files(
    spec: &InputSpec,
    warn: &mut dyn FnMut(&str),
) -> Result<(Vec<TextFile>, Vec<TextFile>)> {
    if spec.references_optional {
        let hypotheses = read_files(&spec.hypotheses, spec.reading, warn)?;
        let references = read_files(&spec.references, spec.reading, warn)?;
        return Ok((references, hypotheses));
    }
    let paths: Vec<PathBuf> = spec
        .references
        .iter()
        .chain(&spec.hypotheses)
        .cloned()
        .collect();
    let mut references = read_files(&paths, spec.reading, warn)?;
    let hypotheses = references.split_off(spec.references.len());
    Ok((references, hypotheses))
}

/// Opens plain reference and hypothesis files (no test set, no document ids) for reading in
/// a bounded window, in constant memory; the segment counts are checked as they are read. The
/// evaluation names the files and systems and holds no segments.
pub fn open_streams(spec: &InputSpec) -> Result<(ParallelStreams, Evaluation)> {
    if spec.hypotheses.is_empty() {
        return Err(Error::invalid_option(
            Setting::Systems,
            spec.system_names.join(","),
            "no systems to score; give HYP files or a test set with hypotheses",
        ));
    }
    let streams = ParallelStreams::open(&spec.references, &spec.hypotheses, spec.reading)?;
    let unread = |path: &PathBuf| TextFile {
        path: path.clone(),
        segments: Vec::new(),
        warnings: Vec::new(),
    };
    let names = system_names(spec.hypotheses.iter().map(PathBuf::as_path));
    let systems = spec
        .hypotheses
        .iter()
        .zip(names)
        .map(|(path, name)| System {
            name,
            file: unread(path),
        })
        .collect();
    let evaluation = Evaluation {
        references: spec.references.iter().map(unread).collect(),
        systems,
        segments: None,
    };
    Ok((streams, evaluation))
}

/// Loads a report's suite: a directory in the WMT layout, a manifest (or a directory holding
/// `manifest.toml`), or a WMT XML test set.
pub fn load_suite(path: &Path, reading: ReadOptions) -> Result<Suite> {
    read_suite(path, reading)
}

/// Reads segment files in parallel; their warnings go to `warn` in the order of `paths`.
pub fn read_files(
    paths: &[PathBuf],
    reading: ReadOptions,
    warn: &mut dyn FnMut(&str),
) -> Result<Vec<TextFile>> {
    let files: Vec<TextFile> = paths
        .par_iter()
        .map(|path| read_segments(path, reading))
        .collect::<Result<_>>()?;
    for warning in files.iter().flat_map(|file| &file.warnings) {
        warn(warning);
    }
    Ok(files)
}

/// Keeps the named items (all when `names` is empty), failing on a name that is not there.
fn select<T>(
    items: Vec<(String, T)>,
    names: &[String],
    setting: Setting,
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
                setting,
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

fn load_wmt_xml(spec: &InputSpec, path: &Path, warn: &mut dyn FnMut(&str)) -> Result<Inputs> {
    let xml = read_wmt_xml(path, spec.reading.normalization)?;
    for warning in &xml.warnings {
        warn(warning);
    }
    let stream = |s: &NamedStream| (s.name.clone(), xml.text_file(s));
    let references = select(
        xml.references.iter().map(stream).collect(),
        &spec.reference_names,
        Setting::ReferenceNames,
        path,
    )?;
    let systems = select(
        xml.hypotheses.iter().map(stream).collect(),
        &spec.system_names,
        Setting::Systems,
        path,
    )?;
    let provenance = |name: &String| Provenance::WmtXml { name: name.clone() };
    Ok(Inputs {
        reference_provenance: references
            .iter()
            .map(|(name, _)| provenance(name))
            .collect(),
        references: references.into_iter().map(|(_, file)| file).collect(),
        system_provenance: systems.iter().map(|(name, _)| provenance(name)).collect(),
        systems: systems
            .into_iter()
            .map(|(name, file)| System { name, file })
            .collect(),
        segments: Some(SegmentInfo::of_wmt_xml(&xml)),
        source: xml.source.as_ref().map(|s| xml.text_file(s)),
    })
}

fn load_table(spec: &InputSpec, path: &Path) -> Result<Inputs> {
    let table = read_table(path, spec.reading.normalization)?;
    let file_of = |column: &str, setting: Setting| -> Result<TextFile> {
        Ok(TextFile {
            path: path.to_path_buf(),
            segments: table.column(column, setting)?,
            warnings: Vec::new(),
        })
    };
    let pick = |names: &[String], all: Vec<String>| {
        if names.is_empty() {
            all
        } else {
            names.to_vec()
        }
    };
    let reference_columns = pick(&spec.reference_names, table.reference_columns());
    let system_columns = pick(&spec.system_names, table.system_columns());
    let references = reference_columns
        .iter()
        .map(|c| file_of(c, Setting::ReferenceNames))
        .collect::<Result<Vec<_>>>()?;
    let systems = system_columns
        .iter()
        .map(|c| {
            file_of(c, Setting::Systems).map(|file| System {
                name: c.clone(),
                file,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let optional_column = |names: &[&str]| {
        table
            .find_column(names)
            .map(|c| table.column(&c, Setting::Table))
            .transpose()
    };
    let documents = optional_column(DOCUMENT_ID_COLUMNS)?;
    let domains = optional_column(DOMAIN_COLUMNS)?;
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
    let source = optional_column(SOURCE_COLUMNS)?.map(|segments| TextFile {
        path: path.to_path_buf(),
        segments,
        warnings: Vec::new(),
    });
    let column = |name: &String| Provenance::TableColumn {
        column: name.clone(),
    };
    Ok(Inputs {
        reference_provenance: reference_columns.iter().map(column).collect(),
        references,
        system_provenance: system_columns.iter().map(column).collect(),
        systems,
        segments,
        source,
    })
}

/// One document id per reference line; a document's lines must be contiguous.
pub fn read_document_ids(path: &Path, segments: usize) -> Result<Vec<SegmentInfo>> {
    let ids = read_segments(path, ReadOptions::labels())?.segments;
    if ids.len() != segments {
        return Err(Error::invalid_option(
            Setting::DocumentIds,
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
            return Err(Error::malformed(
                path,
                i + 1,
                format!(
                    "document {id:?} appears again after other documents; a document's lines must be contiguous"
                ),
            ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn segment_file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    #[test]
    fn outputs_alone_load_only_when_references_are_optional() {
        let hypothesis = segment_file("a b\nc d\n");
        let ids = segment_file("doc1\ndoc2\n");
        let mut spec = InputSpec {
            hypotheses: vec![hypothesis.path().to_path_buf()],
            document_ids: Some(ids.path().to_path_buf()),
            ..InputSpec::default()
        };
        let error = load(&spec, &mut |_| {}).unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidOption {
                    setting: Setting::ReferenceNames,
                    ..
                }
            ),
            "{error}"
        );
        spec.references_optional = true;
        let inputs = load(&spec, &mut |_| {}).unwrap();
        assert!(inputs.references.is_empty());
        assert_eq!(inputs.systems.len(), 1);
        assert_eq!(inputs.systems[0].file.segments, ["a b", "c d"]);
        // Document ids count against the first system when there is no reference.
        let documents: Vec<_> = inputs
            .segments
            .unwrap()
            .into_iter()
            .map(|s| s.document)
            .collect();
        assert_eq!(documents, ["doc1", "doc2"]);
    }

    #[test]
    fn warnings_arrive_in_reading_order() {
        let reference = segment_file("\u{feff}r\n");
        let hypothesis = segment_file("h\rx\n");
        let spec = InputSpec {
            references: vec![reference.path().to_path_buf()],
            hypotheses: vec![hypothesis.path().to_path_buf()],
            ..InputSpec::default()
        };
        let mut warnings = Vec::new();
        load(&spec, &mut |w| warnings.push(w.to_string())).unwrap();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("byte order mark"), "{warnings:?}");
        assert!(warnings[1].contains("carriage return"), "{warnings:?}");
        warnings.clear();
        let spec = InputSpec {
            references_optional: true,
            ..spec
        };
        load(&spec, &mut |w| warnings.push(w.to_string())).unwrap();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("carriage return"), "{warnings:?}");
    }
}
