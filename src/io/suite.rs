//! Reading a report's input into a [`Suite`]: the kind of input is told from the path (a
//! directory laid out as `sources/ references/ system-outputs/`, a directory holding a
//! `manifest.toml`, a `.toml` manifest, or a WMT XML test set), and the document-label files
//! the layouts share.

use super::{layout, manifest, read_wmt_xml, ReadOptions};
use crate::corpus::System;
use crate::error::{Error, Result};
use crate::suite::{LanguagePair, PairInput, SegmentLabels, Suite, SuiteFormat};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest file name looked for inside an input directory.
pub const MANIFEST_NAME: &str = "manifest.toml";

/// What a report input path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// WMT-style files in `sources/`, `references/`, `system-outputs/`.
    Directory(PathBuf),
    /// A TOML manifest (given directly, or found as `manifest.toml` in the directory).
    Manifest(PathBuf),
    /// A WMT XML test set (`wmttest2022.de-fr.all.xml`): documents, domains, references and
    /// systems in one file.
    WmtXml(PathBuf),
}

impl InputKind {
    /// Tells the kind of input from the path, without reading it.
    pub fn detect(path: &Path) -> Result<InputKind> {
        if path.is_dir() {
            let manifest = path.join(MANIFEST_NAME);
            return Ok(if manifest.is_file() {
                InputKind::Manifest(manifest)
            } else {
                InputKind::Directory(path.to_path_buf())
            });
        }
        if !path.exists() {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        }
        let name = path.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".toml") {
            Ok(InputKind::Manifest(path.to_path_buf()))
        } else if name.ends_with(".xml") || name.ends_with(".xml.gz") {
            Ok(InputKind::WmtXml(path.to_path_buf()))
        } else {
            Err(Error::invalid_option(
                "INPUT",
                path.display().to_string(),
                "expected a directory with sources/ references/ system-outputs/, \
                 or a .toml manifest",
            ))
        }
    }
}

/// Reads a report input of any kind.
pub fn read_suite(path: &Path, reading: ReadOptions) -> Result<Suite> {
    let suite = match InputKind::detect(path)? {
        InputKind::Directory(dir) => layout::read_directory(&dir, reading)?,
        InputKind::Manifest(file) => manifest::read_manifest(&file, reading)?,
        InputKind::WmtXml(file) => {
            let (pair, warnings) = read_xml_pair(&file, None, reading)?;
            Suite {
                title: file.file_name().map_or_else(
                    || file.display().to_string(),
                    |n| n.to_string_lossy().into(),
                ),
                format: SuiteFormat::WmtXml,
                path: file.clone(),
                pairs: vec![pair],
                prices: BTreeMap::new(),
                currency: None,
                warnings,
            }
        }
    };
    Ok(suite)
}

/// Reads one language pair from a WMT XML test set (`wmttest2022.de-fr.all.xml`): source,
/// references (by translator), systems (by `<hyp system=…>`), and every segment's document and
/// domain. The pair comes from the file name or the `lang` attributes; `expected` (a
/// manifest's `pair`) must agree with it.
pub fn read_xml_pair(
    path: &Path,
    expected: Option<&LanguagePair>,
    reading: ReadOptions,
) -> Result<(PairInput, Vec<String>)> {
    let xml = read_wmt_xml(path, reading.normalization)?;
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let from_name = file_name.split('.').find_map(LanguagePair::parse);
    let from_attributes = match (
        xml.source.as_ref().and_then(|s| s.language.as_deref()),
        xml.target_language(),
    ) {
        (Some(source), Some(target)) => LanguagePair::parse(&format!("{source}-{target}")),
        _ => None,
    };
    let pair = match (expected, from_name.or(from_attributes)) {
        (Some(expected), Some(found)) if *expected != found => {
            return Err(Error::invalid_option(
                "pair",
                expected.to_string(),
                format!("{} holds {found}", path.display()),
            ))
        }
        (Some(expected), _) => expected.clone(),
        (None, Some(found)) => found,
        (None, None) => {
            return Err(Error::invalid_option(
                "INPUT",
                path.display().to_string(),
                "cannot tell the language pair: name the file SET.SRC-TGT.….xml or give lang attributes",
            ))
        }
    };
    if xml.references.is_empty() || xml.hypotheses.is_empty() {
        return Err(Error::invalid_option(
            "INPUT",
            path.display().to_string(),
            "a report needs at least one <ref> and one <hyp system=…> in the test set",
        ));
    }
    let info = xml.segment_info();
    let documents: Vec<String> = info.iter().map(|i| i.document.clone()).collect();
    let domains = info.iter().any(|i| i.domain.is_some()).then(|| {
        info.iter()
            .map(|i| i.domain.clone().unwrap_or_else(|| "unknown".to_string()))
            .collect()
    });
    let test_set = file_name
        .split('.')
        .next()
        .filter(|set| LanguagePair::parse(set).is_none())
        .map(str::to_string);
    let pair_input = PairInput {
        label: pair.to_string(),
        pair,
        test_set,
        source: xml.source.as_ref().map(|s| xml.text_file(s)),
        references: xml.references.iter().map(|r| xml.text_file(r)).collect(),
        systems: xml
            .hypotheses
            .iter()
            .map(|h| System {
                name: h.name.clone(),
                file: xml.text_file(h),
            })
            .collect(),
        labels: Some(SegmentLabels {
            documents,
            domains,
            path: path.to_path_buf(),
        }),
        glossary: None,
        mqm: Vec::new(),
    };
    let warnings = xml
        .warnings
        .iter()
        .map(|w| format!("{}: {w}", path.display()))
        .collect();
    Ok((pair_input, warnings))
}

/// Reads a document-label file: one line per segment, `DOCUMENT` or `DOCUMENT<TAB>DOMAIN`.
/// A document's lines must be contiguous; domains must be given on every line or on none.
pub fn read_segment_labels(path: &Path, segments: usize) -> Result<SegmentLabels> {
    let file = super::read_segments(path, ReadOptions::labels())?;
    let malformed = |line: usize, reason: String| Error::Malformed {
        path: path.to_path_buf(),
        line,
        reason,
    };
    if file.segments.len() != segments {
        return Err(malformed(
            file.segments.len().min(segments) + 1,
            format!(
                "{} document labels for {segments} reference segments; \
                 give one `DOCUMENT[<TAB>DOMAIN]` line per reference line",
                file.segments.len()
            ),
        ));
    }
    let mut documents = Vec::with_capacity(segments);
    let mut domains = Vec::with_capacity(segments);
    let mut with_domain = 0usize;
    for (index, line) in file.segments.iter().enumerate() {
        let (document, domain) = match line.split_once('\t') {
            Some((document, domain)) => {
                with_domain += 1;
                (document.trim(), Some(domain.trim()))
            }
            None => (line.trim(), None),
        };
        if document.is_empty() {
            return Err(malformed(index + 1, "empty document id".to_string()));
        }
        documents.push(document.to_string());
        domains.push(domain.unwrap_or("").to_string());
    }
    if with_domain != 0 && with_domain != segments {
        let line = domains
            .iter()
            .position(String::is_empty)
            .map_or(1, |i| i + 1);
        return Err(malformed(
            line,
            "no domain on this line, but other lines have one; give `DOCUMENT<TAB>DOMAIN` on every line or on none".to_string(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (index, document) in documents.iter().enumerate() {
        let starts_run = index == 0 || documents[index - 1] != *document;
        if starts_run && !seen.insert(document.as_str()) {
            return Err(malformed(
                index + 1,
                format!(
                    "document {document:?} appears again after other documents; a document's lines must be contiguous"
                ),
            ));
        }
        if !starts_run && with_domain > 0 && domains[index] != domains[index - 1] {
            return Err(malformed(
                index + 1,
                format!("document {document:?} changes domain inside the document"),
            ));
        }
    }
    Ok(SegmentLabels {
        documents,
        domains: (with_domain > 0).then_some(domains),
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, segments: usize) -> Result<SegmentLabels> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.docs");
        std::fs::write(&path, text).unwrap();
        read_segment_labels(&path, segments)
    }

    #[test]
    fn reads_documents_and_domains() {
        let read = labels("a\tnews\na\tnews\nb\tsport\n", 3).unwrap();
        assert_eq!(read.documents, ["a", "a", "b"]);
        assert_eq!(read.domains.unwrap(), ["news", "news", "sport"]);
        let read = labels("a\nb\n", 2).unwrap();
        assert!(read.domains.is_none());
    }

    #[test]
    fn rejects_bad_label_files() {
        let err = |text, n| labels(text, n).unwrap_err().to_string();
        assert!(err("a\nb\na\n", 3).contains(":3: document \"a\" appears again"));
        assert!(err("a\n", 2).contains("1 document labels for 2 reference segments"));
        assert!(err("a\tx\nb\n", 2).contains(":2: no domain on this line"));
        assert!(err("a\tx\na\ty\n", 2).contains("changes domain"));
    }

    #[test]
    fn detects_input_kinds() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            InputKind::detect(dir.path()).unwrap(),
            InputKind::Directory(dir.path().to_path_buf())
        );
        std::fs::write(dir.path().join(MANIFEST_NAME), "").unwrap();
        assert!(matches!(
            InputKind::detect(dir.path()).unwrap(),
            InputKind::Manifest(_)
        ));
        let xml = dir.path().join("t.de-fr.all.xml");
        std::fs::write(&xml, "<x/>").unwrap();
        assert!(matches!(
            InputKind::detect(&xml).unwrap(),
            InputKind::WmtXml(_)
        ));
        assert!(read_suite(&xml, ReadOptions::default())
            .unwrap_err()
            .to_string()
            .contains("WMT XML"));
    }
}
