//! Document-label files: the document (and domain) of every segment, one line per segment.

use super::SegmentLabels;
use crate::error::{Error, Result};
use crate::io::{read_segments, ReadOptions};
use std::path::Path;

/// Reads a document-label file: one line per segment, `DOCUMENT` or `DOCUMENT<TAB>DOMAIN`.
/// A document's lines must be contiguous; domains must be given on every line or on none.
pub fn read_segment_labels(path: &Path, segments: usize) -> Result<SegmentLabels> {
    let file = read_segments(path, ReadOptions::labels())?;
    let malformed =
        |line: usize, reason: String| Error::malformed(path.to_path_buf(), line, reason);
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
}
