//! Reading a report's input into a [`Suite`]: the kind of input is told from the path (a
//! directory laid out as `sources/ references/ system-outputs/`, a directory holding a
//! `manifest.toml`, a `.toml` manifest, or a WMT XML test set).

use super::{layout, manifest, read_xml_pair, Suite, SuiteFormat};
use crate::error::{Error, Result, Setting};
use crate::io::ReadOptions;
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
                Setting::Input,
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

#[cfg(test)]
mod tests {
    use super::*;

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
