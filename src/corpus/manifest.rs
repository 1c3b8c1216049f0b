//! The report manifest: a small TOML file naming language pairs, their source, references and
//! vendors' files (or a WMT XML test set per pair: `xml = "…"`), and optionally document/domain
//! labels, a glossary, human MQM annotation files and each vendor's price per source word. Paths are relative to the
//! manifest. Unknown keys are errors (typos do not pass silently).
//!
//! ```toml
//! title = "Vendor evaluation, spring"
//! currency = "EUR"
//!
//! [vendors.VendorA]
//! price_per_word = 0.12
//!
//! [[pairs]]
//! pair = "en-de"
//! source = "sources/news.en-de.src.en"
//! references = ["references/news.en-de.ref.A.de"]
//! documents = "documents/news.en-de.docs"   # DOCUMENT[<TAB>DOMAIN] per segment
//! glossary = "glossary.en-de.tsv"
//! mqm = ["mqm.en-de.tsv"]                    # human MQM annotations (optional)
//! systems = { VendorA = "system-outputs/news.en-de.hyp.VendorA.de" }
//! ```

use super::{
    read_segment_labels, LanguagePair, PairInput, Price, Provenance, Suite, SuiteFormat, System,
};
use crate::error::{Error, Result};
use crate::io::{read_segments, ReadOptions, TextFile};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    title: Option<String>,
    currency: Option<String>,
    #[serde(default)]
    vendors: BTreeMap<String, VendorEntry>,
    pairs: Vec<PairEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VendorEntry {
    /// With where it stands in the manifest, for messages.
    price_per_word: Option<toml::Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairEntry {
    pair: String,
    test_set: Option<String>,
    source: Option<PathBuf>,
    #[serde(default)]
    references: Vec<PathBuf>,
    #[serde(default)]
    systems: BTreeMap<String, PathBuf>,
    documents: Option<PathBuf>,
    glossary: Option<PathBuf>,
    /// A WMT XML test set holding this pair (instead of the plain-text files).
    xml: Option<PathBuf>,
    /// Human MQM annotations of the vendors' outputs (Google/WMT MQM TSV; `seg_id` is the
    /// 1-based segment number in the pair's files).
    #[serde(default)]
    mqm: Vec<PathBuf>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Reads a manifest and every file it names.
pub fn read_manifest(path: &Path, reading: ReadOptions) -> Result<Suite> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_manifest(path, &text, reading)
}

/// [`read_manifest`] on the text of the manifest `path` names (the files it names are read
/// relative to `path`'s directory).
pub fn parse_manifest(path: &Path, text: &str, reading: ReadOptions) -> Result<Suite> {
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        Error::malformed(
            path.to_path_buf(),
            e.span().map_or(1, |span| line_of(text, span.start)),
            e.message().trim().to_string(),
        )
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let plans = plan_pairs(path, text, &manifest)?;
    let mut warnings = Vec::new();
    let pairs = read_pairs(base, plans, reading, &mut warnings)?;
    let prices = read_prices(path, text, &manifest, &pairs, &mut warnings)?;
    let title = manifest.title.clone().unwrap_or_else(|| {
        base.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        )
    });
    Ok(Suite {
        title,
        format: SuiteFormat::Manifest,
        path: path.to_path_buf(),
        pairs,
        prices,
        currency: manifest.currency.clone(),
        warnings,
    })
}

/// Checks every `[[pairs]]` entry (a language pair; an xml test set or plain-text files, not
/// both; references and systems) before any file is read.
fn plan_pairs<'m>(
    path: &Path,
    text: &str,
    manifest: &'m Manifest,
) -> Result<Vec<(LanguagePair, &'m PairEntry)>> {
    // Locates `pair = "…"` of the n-th pair for messages.
    let pair_line = |n: usize| {
        text.match_indices("[[pairs]]")
            .nth(n)
            .map_or(1, |(offset, _)| line_of(text, offset))
    };
    if manifest.pairs.is_empty() {
        return Err(Error::malformed(
            path.to_path_buf(),
            1,
            "no [[pairs]]; name at least one language pair",
        ));
    }
    let mut plans = Vec::new();
    for (n, entry) in manifest.pairs.iter().enumerate() {
        let at = |reason: String| Error::malformed(path.to_path_buf(), pair_line(n), reason);
        let pair = LanguagePair::parse(&entry.pair).ok_or_else(|| {
            at(format!(
                "pair = {:?} is not a language pair like \"en-de\"",
                entry.pair
            ))
        })?;
        if entry.xml.is_some() {
            if entry.source.is_some()
                || !entry.references.is_empty()
                || !entry.systems.is_empty()
                || entry.documents.is_some()
            {
                return Err(at(format!(
                    "pair {pair} names an xml test set and plain-text files; the xml file supplies \
                     source, references, systems and documents, so give only one of them"
                )));
            }
            plans.push((pair, entry));
            continue;
        }
        if entry.references.is_empty() {
            return Err(at(format!(
                "pair {pair} has no references; add references = [\"…\"]"
            )));
        }
        if entry.systems.is_empty() {
            return Err(at(format!(
                "pair {pair} has no systems; add systems = {{ Vendor = \"…\" }}"
            )));
        }
        plans.push((pair, entry));
    }
    // The last entry at fault is named: the second of two, or the one without a test set.
    for (n, (pair, entry)) in plans.iter().enumerate().rev() {
        let repeated = plans.iter().filter(|(other, _)| other == pair).count() > 1;
        if repeated && entry.test_set.is_none() {
            return Err(Error::malformed(
                path.to_path_buf(),
                pair_line(n),
                format!("pair {pair} appears twice; tell the entries apart with test_set = \"…\""),
            ));
        }
    }
    Ok(plans)
}

/// Reads the files of every planned pair (the plain-text ones all at once, in parallel).
fn read_pairs(
    base: &Path,
    plans: Vec<(LanguagePair, &PairEntry)>,
    reading: ReadOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<PairInput>> {
    // Read every text file at once.
    let mut paths: Vec<PathBuf> = Vec::new();
    for (_, entry) in plans.iter().filter(|(_, e)| e.xml.is_none()) {
        paths.extend(entry.source.iter().map(|p| base.join(p)));
        paths.extend(entry.references.iter().map(|p| base.join(p)));
        paths.extend(entry.systems.values().map(|p| base.join(p)));
    }
    let texts: Vec<TextFile> = paths
        .par_iter()
        .map(|p| read_segments(p, reading))
        .collect::<Result<_>>()?;
    warnings.extend(texts.iter().flat_map(|text| text.warnings.iter().cloned()));
    let mut texts = texts.into_iter();
    let mut next = || texts.next().expect("one text per path");

    let mut label_counts: BTreeMap<String, usize> = BTreeMap::new();
    for (pair, _) in &plans {
        *label_counts.entry(pair.to_string()).or_default() += 1;
    }
    let mut pairs = Vec::new();
    for (pair, entry) in plans {
        if let Some(xml) = &entry.xml {
            let (mut input, xml_warnings) =
                super::read_xml_pair(&base.join(xml), Some(&pair), reading)?;
            warnings.extend(xml_warnings);
            input.glossary = entry.glossary.as_ref().map(|g| base.join(g));
            input.mqm = entry.mqm.iter().map(|m| base.join(m)).collect();
            if label_counts[&pair.to_string()] > 1 {
                input.label = format!("{}.{pair}", entry.test_set.clone().unwrap_or_default());
            }
            pairs.push(input);
            continue;
        }
        let source = entry.source.as_ref().map(|_| next());
        let references: Vec<TextFile> = entry.references.iter().map(|_| next()).collect();
        let systems: Vec<System> = entry
            .systems
            .keys()
            .map(|name| System {
                name: name.clone(),
                file: next(),
            })
            .collect();
        let label = match (&entry.test_set, label_counts[&pair.to_string()] > 1) {
            (Some(set), true) => format!("{set}.{pair}"),
            // plan_pairs refused a pair given twice without test sets.
            _ => pair.to_string(),
        };
        let labels = match &entry.documents {
            Some(docs) => {
                let docs = base.join(docs);
                Some(read_segment_labels(&docs, references[0].segments.len())?)
            }
            None => None,
        };
        let glossary = entry.glossary.as_ref().map(|g| base.join(g));
        if let Some(glossary) = &glossary {
            if !glossary.is_file() {
                return Err(Error::io(
                    glossary,
                    std::io::Error::new(std::io::ErrorKind::NotFound, "glossary not found"),
                ));
            }
        }
        pairs.push(PairInput {
            label,
            pair,
            test_set: entry.test_set.clone(),
            source,
            reference_provenance: Provenance::plain_files(&references),
            references,
            systems,
            labels,
            glossary,
            mqm: entry.mqm.iter().map(|m| base.join(m)).collect(),
        });
    }

    Ok(pairs)
}

/// The price per word of every vendor that has one; a vendor listed but translating no pair
/// is a warning.
fn read_prices(
    path: &Path,
    text: &str,
    manifest: &Manifest,
    pairs: &[PairInput],
    warnings: &mut Vec<String>,
) -> Result<BTreeMap<String, Price>> {
    let mut prices = BTreeMap::new();
    let used: std::collections::BTreeSet<&str> = pairs
        .iter()
        .flat_map(|p| p.systems.iter().map(|s| s.name.as_str()))
        .collect();
    for (vendor, entry) in &manifest.vendors {
        if !used.contains(vendor.as_str()) {
            warnings.push(format!(
                "{}: vendor {vendor:?} is listed under [vendors] but translates no pair",
                path.display()
            ));
        }
        if let Some(spanned) = &entry.price_per_word {
            let price = *spanned.get_ref();
            if !price.is_finite() || price < 0.0 {
                return Err(Error::malformed(
                    path.to_path_buf(),
                    line_of(text, spanned.span().start),
                    format!(
                        "vendors.{vendor}.price_per_word = {price}: a price must be a non-negative number"
                    ),
                ));
            }
            prices.insert(vendor.clone(), Price { per_word: price });
        }
    }
    Ok(prices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn reads_a_manifest_with_prices_and_documents() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "src.en", "one\ntwo\n");
        write(d, "ref.de", "eins\nzwei\n");
        write(d, "a.de", "eins\nzwei\n");
        write(d, "b.de", "ein\nzwo\n");
        write(d, "docs", "n1\tnews\nn1\tnews\n");
        write(
            d,
            "m.toml",
            r#"
title = "Demo"
currency = "EUR"
[vendors]
A = { price_per_word = 0.1 }
[[pairs]]
pair = "en-de"
source = "src.en"
references = ["ref.de"]
documents = "docs"
systems = { A = "a.de", B = "b.de" }
"#,
        );
        let suite = read_manifest(&d.join("m.toml"), ReadOptions::default()).unwrap();
        assert_eq!(suite.title, "Demo");
        assert_eq!(suite.prices["A"].per_word, 0.1);
        assert_eq!(suite.pairs[0].systems[1].name, "B");
        assert_eq!(suite.pairs[0].systems[1].file.segments, ["ein", "zwo"]);
        assert_eq!(
            suite.pairs[0]
                .labels
                .as_ref()
                .unwrap()
                .domains
                .as_ref()
                .unwrap()[0],
            "news"
        );
    }

    #[test]
    fn manifest_errors_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "m.toml",
            "title = \"x\"\n[[pairs]]\npair = \"en-de\"\nrefs = []\n",
        );
        let err = read_manifest(&d.join("m.toml"), ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("m.toml:") && err.contains("refs"), "{err}");
        write(d, "m.toml", "[[pairs]]\npair = \"english\"\n");
        let err = read_manifest(&d.join("m.toml"), ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("m.toml:1: pair = \"english\""), "{err}");
        write(
            d,
            "m.toml",
            "[[pairs]]\npair = \"en-de\"\nreferences = [\"r\"]\nsystems = { A = \"missing.de\" }\n",
        );
        let err = read_manifest(&d.join("m.toml"), ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("r:") || err.contains("missing"), "{err}");
        // A bad price and a pair given twice point at their own lines.
        write(d, "r", "x\n");
        write(d, "a", "x\n");
        let pair = "[[pairs]]\npair = \"en-de\"\nreferences = [\"r\"]\nsystems = { A = \"a\" }\n";
        for (manifest, message) in [
            (
                format!("[vendors.A]\ntitle_case = 1\n{pair}"),
                "m.toml:2: unknown field `title_case`".to_string(),
            ),
            (
                format!("[vendors.A]\n\nprice_per_word = -5\n{pair}"),
                "m.toml:3: vendors.A.price_per_word = -5: a price must be".to_string(),
            ),
            (
                format!("{pair}\n{pair}"),
                "m.toml:6: pair en-de appears twice".to_string(),
            ),
        ] {
            write(d, "m.toml", &manifest);
            let err = read_manifest(&d.join("m.toml"), ReadOptions::default())
                .unwrap_err()
                .to_string();
            assert!(err.contains(&message), "{err}");
        }
    }
}
