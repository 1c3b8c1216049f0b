//! Reading a report's input into a [`Suite`]: the kind of input is told from the path (a
//! directory laid out as `sources/ references/ system-outputs/`, a directory holding a
//! `manifest.toml`, or a `.toml` manifest), and the document-label files both layouts share.
//!
//! WMT XML test sets are the third kind of input; their reader lives with the alignment code,
//! and [`InputKind::WmtXml`] is where it plugs in.

use super::{layout, manifest};
use crate::error::{Error, Result};
use crate::suite::{SegmentLabels, Suite};
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
pub fn read_suite(path: &Path) -> Result<Suite> {
    let suite = match InputKind::detect(path)? {
        InputKind::Directory(dir) => layout::read_directory(&dir)?,
        InputKind::Manifest(file) => manifest::read_manifest(&file)?,
        // Plug-in point for the WMT XML reader (`io::wmt_xml`): one pair per file, documents
        // and domains from `<doc id=… domain=…>`, systems from `<hyp system=…>`.
        InputKind::WmtXml(file) => {
            return Err(Error::invalid_option(
                "INPUT",
                file.display().to_string(),
                "WMT XML input is not supported by this build yet; extract plain-text files \
                 into sources/ references/ system-outputs/, or use a manifest",
            ))
        }
    };
    Ok(suite)
}

/// Reads a document-label file: one line per segment, `DOCUMENT` or `DOCUMENT<TAB>DOMAIN`.
/// A document's lines must be contiguous; domains must be given on every line or on none.
pub fn read_segment_labels(path: &Path, segments: usize) -> Result<SegmentLabels> {
    let file = super::read_segments(path, None)?;
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
        assert!(read_suite(&xml)
            .unwrap_err()
            .to_string()
            .contains("WMT XML"));
    }
}
