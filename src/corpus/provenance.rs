//! Where each reference and system stream of an evaluation came from, as data: a plain file
//! (with the name its WMT-style file name carries), a translator or system of a WMT XML test
//! set, or a column of a table.

use super::layout::parse_wmt_name;
use crate::io::TextFile;
use std::path::Path;

/// Where a reference or system stream came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// A plain segment file; `name` is the reference or system name of a WMT-style file name
    /// (`SET.SRC-TGT.ref.NAME.TGT`), when it is one.
    PlainFile { name: Option<String> },
    /// A WMT XML test set: the translator (`<ref translator=…>`) or system (`<hyp system=…>`).
    WmtXml { name: String },
    /// A column of a TSV/JSONL table.
    TableColumn { column: String },
}

impl Provenance {
    /// A plain segment file at `path`.
    pub fn plain_file(path: &Path) -> Self {
        let file_name = path.file_name().unwrap_or_default().to_string_lossy();
        Provenance::PlainFile {
            name: parse_wmt_name(&file_name).and_then(|wmt| wmt.name),
        }
    }

    /// Each of `files`, plain segment files.
    pub fn plain_files(files: &[TextFile]) -> Vec<Provenance> {
        files
            .iter()
            .map(|file| Provenance::plain_file(&file.path))
            .collect()
    }

    /// The name a plain file's WMT-style file name gives it (`None` for other origins).
    pub fn file_name_label(&self) -> Option<&str> {
        match self {
            Provenance::PlainFile { name } => name.as_deref(),
            Provenance::WmtXml { .. } | Provenance::TableColumn { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_files_carry_the_name_of_their_wmt_file_name() {
        let reference = Provenance::plain_file(Path::new("r/news.en-de.ref.A.de.gz"));
        assert_eq!(reference.file_name_label(), Some("A"));
        assert_eq!(
            Provenance::plain_file(Path::new("ref.txt")).file_name_label(),
            None
        );
        let translator = Provenance::WmtXml {
            name: "A".to_string(),
        };
        assert_eq!(translator.file_name_label(), None);
    }
}
