//! One language pair of a suite read from a WMT XML test set.

use super::{LanguagePair, PairInput, Provenance, SegmentInfo, SegmentLabels, System};
use crate::error::{Error, Result, Setting};
use crate::io::{read_wmt_xml, ReadOptions};
use std::path::Path;

/// Reads one language pair from a WMT XML test set (`wmttest2022.de-fr.all.xml`): source,
/// references (by translator), systems (by `<hyp system=…>`), and every segment's document and
/// domain. The pair comes from the `lang` attributes, else from the file name (a warning
/// when the two disagree); `expected` (a manifest's `pair`) must agree with it.
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
    let mut warnings = Vec::new();
    if let (Some(named), Some(declared)) = (&from_name, &from_attributes) {
        let codes = LanguagePair::is_language_code(&named.source)
            && LanguagePair::is_language_code(&named.target);
        if codes && named != declared {
            warnings.push(format!(
                "{}: the file name says {named} but the lang attributes say {declared}; \
                 reading it as {declared}",
                path.display()
            ));
        }
    }
    // The lang attributes say what the file holds; a name such as `vendor-delivery.xml` may
    // only look like a pair.
    let pair = match (expected, from_attributes.or(from_name)) {
        (Some(expected), Some(found)) if *expected != found => {
            return Err(Error::invalid_option(
                Setting::LanguagePair,
                expected.to_string(),
                format!("{} holds {found}", path.display()),
            ))
        }
        (Some(expected), _) => expected.clone(),
        (None, Some(found)) => found,
        (None, None) => {
            return Err(Error::invalid_option(
                Setting::Input,
                path.display().to_string(),
                "cannot tell the language pair: name the file SET.SRC-TGT.….xml or give lang attributes",
            ))
        }
    };
    if xml.references.is_empty() || xml.hypotheses.is_empty() {
        return Err(Error::invalid_option(
            Setting::Input,
            path.display().to_string(),
            "a report needs at least one <ref> and one <hyp system=…> in the test set",
        ));
    }
    let info = SegmentInfo::of_wmt_xml(&xml);
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
        reference_provenance: xml
            .references
            .iter()
            .map(|r| Provenance::WmtXml {
                name: r.name.clone(),
            })
            .collect(),
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
    // The reader's warnings name the file already.
    warnings.extend(xml.warnings);
    Ok((pair_input, warnings))
}
