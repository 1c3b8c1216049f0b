//! The WMT directory layout: `sources/SET.SRC-TGT.src.SRC`, `references/SET.SRC-TGT.ref.NAME.TGT`,
//! `system-outputs/SET.SRC-TGT.hyp.SYSTEM.TGT` (as in the wmt22-news-systems repository),
//! optionally `documents/SET.SRC-TGT.docs` with one `DOCUMENT[<TAB>DOMAIN]` line per segment.
//! Several language pairs may share one directory; files may be gzip-compressed (`.gz`).

use super::{read_segment_labels, LanguagePair, PairInput, Provenance, Suite, SuiteFormat, System};
use crate::error::{Error, Result, Setting};
use crate::io::{read_segments, ReadOptions, TextFile};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The role of a file in a test set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Source,
    Reference,
    Hypothesis,
}

impl Role {
    fn token(self) -> &'static str {
        match self {
            Role::Source => "src",
            Role::Reference => "ref",
            Role::Hypothesis => "hyp",
        }
    }

    fn directory(self) -> &'static str {
        match self {
            Role::Source => "sources",
            Role::Reference => "references",
            Role::Hypothesis => "system-outputs",
        }
    }
}

/// A WMT-style file name taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WmtName {
    /// `generaltest2022`; `None` when the name starts with the pair.
    pub test_set: Option<String>,
    pub pair: LanguagePair,
    pub role: Role,
    /// Reference or system name (`A`, `Online-B`); `None` for sources.
    pub name: Option<String>,
    /// The language suffix.
    pub language: String,
}

/// Parses `SET.SRC-TGT.{src,ref,hyp}[.NAME].LANG[.gz]`.
pub fn parse_wmt_name(file_name: &str) -> Option<WmtName> {
    let stem = file_name.strip_suffix(".gz").unwrap_or(file_name);
    let parts: Vec<&str> = stem.split('.').collect();
    let (at, role) = parts.iter().enumerate().skip(1).find_map(|(i, part)| {
        let role = match *part {
            "src" => Role::Source,
            "ref" => Role::Reference,
            "hyp" => Role::Hypothesis,
            _ => return None,
        };
        LanguagePair::parse(parts[i - 1]).map(|_| (i, role))
    })?;
    let pair = LanguagePair::parse(parts[at - 1])?;
    let test_set = (at >= 2).then(|| parts[..at - 1].join("."));
    let rest = &parts[at + 1..];
    let (name, language) = match (role, rest) {
        (Role::Source, [language]) => (None, language),
        (Role::Reference | Role::Hypothesis, [name @ .., language]) if !name.is_empty() => {
            (Some(name.join(".")), language)
        }
        _ => return None,
    };
    if language.is_empty() || name.as_ref().is_some_and(|n| n.is_empty()) {
        return None;
    }
    Some(WmtName {
        test_set,
        pair,
        role,
        name,
        language: language.to_string(),
    })
}

/// Files of one (test set, pair) group.
#[derive(Default)]
struct Group {
    source: Option<PathBuf>,
    references: Vec<(String, PathBuf)>,
    systems: Vec<(String, PathBuf)>,
}

fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads a directory in the WMT layout; every (test set, pair) with system outputs becomes a
/// pair of the suite, in alphabetical order.
pub fn read_directory(dir: &Path, reading: ReadOptions) -> Result<Suite> {
    let mut warnings = Vec::new();
    let groups = group_files(dir, &mut warnings)?;
    let pairs = read_groups(dir, groups, reading, &mut warnings)?;
    Ok(Suite {
        title: dir
            .file_name()
            .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into()),
        format: SuiteFormat::Directory,
        path: dir.to_path_buf(),
        pairs,
        prices: BTreeMap::new(),
        currency: None,
        warnings,
    })
}

/// The files of `dir`'s `sources/`, `references/` and `system-outputs/` grouped by (test set,
/// pair); groups without system outputs are left out (with a warning), and every group left
/// must have a reference.
fn group_files(
    dir: &Path,
    warnings: &mut Vec<String>,
) -> Result<BTreeMap<(Option<String>, LanguagePair), Group>> {
    let mut groups: BTreeMap<(Option<String>, LanguagePair), Group> = BTreeMap::new();
    let mut any_directory = false;
    for role in [Role::Source, Role::Reference, Role::Hypothesis] {
        let sub = dir.join(role.directory());
        if !sub.is_dir() {
            continue;
        }
        any_directory = true;
        for path in list_files(&sub)? {
            let file_name = path.file_name().unwrap_or_default().to_string_lossy();
            let parsed = parse_wmt_name(&file_name).filter(|n| n.role == role);
            let Some(parsed) = parsed else {
                warnings.push(format!(
                    "{}: ignored; files in {}/ are named SET.SRC-TGT.{}{}",
                    path.display(),
                    role.directory(),
                    role.token(),
                    match role {
                        Role::Source => ".SRC",
                        Role::Reference => ".NAME.TGT",
                        Role::Hypothesis => ".SYSTEM.TGT",
                    }
                ));
                continue;
            };
            let group = groups
                .entry((parsed.test_set.clone(), parsed.pair.clone()))
                .or_default();
            match role {
                Role::Source => {
                    if let Some(previous) = &group.source {
                        return Err(Error::invalid_option(
                            Setting::Input,
                            path.display().to_string(),
                            format!(
                                "a second source for {} (first: {})",
                                parsed.pair,
                                previous.display()
                            ),
                        ));
                    }
                    group.source = Some(path);
                }
                Role::Reference | Role::Hypothesis => {
                    let name = parsed.name.unwrap_or_default();
                    let (named, kind) = match role {
                        Role::Reference => (&mut group.references, "reference"),
                        _ => (&mut group.systems, "system"),
                    };
                    if let Some((_, first)) = named.iter().find(|(known, _)| *known == name) {
                        return Err(Error::invalid_option(
                            Setting::Input,
                            path.display().to_string(),
                            format!(
                                "{kind} {name:?} of {} appears twice (also {}); remove or rename one",
                                parsed.pair,
                                first.display()
                            ),
                        ));
                    }
                    named.push((name, path));
                }
            }
        }
    }
    if !any_directory {
        return Err(Error::invalid_option(
            Setting::Input,
            dir.display().to_string(),
            "no sources/, references/ or system-outputs/ directory here (and no manifest.toml)",
        ));
    }
    groups.retain(|(_, pair), group| {
        if group.systems.is_empty() {
            warnings.push(format!(
                "{pair}: no system outputs in system-outputs/; the pair is left out"
            ));
            false
        } else {
            true
        }
    });
    if groups.is_empty() {
        return Err(Error::invalid_option(
            Setting::Input,
            dir.display().to_string(),
            "no system outputs named SET.SRC-TGT.hyp.SYSTEM.TGT in system-outputs/",
        ));
    }
    for ((_, pair), group) in &groups {
        if group.references.is_empty() {
            return Err(Error::invalid_option(
                Setting::Input,
                dir.display().to_string(),
                format!(
                    "{pair} has system outputs but no reference; add references/SET.{pair}.ref.NAME.{}",
                    pair.target
                ),
            ));
        }
    }
    Ok(groups)
}

/// Reads every group's files at once, in parallel, into the pairs of the suite.
fn read_groups(
    dir: &Path,
    groups: BTreeMap<(Option<String>, LanguagePair), Group>,
    reading: ReadOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<PairInput>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for group in groups.values() {
        paths.extend(group.source.iter().cloned());
        paths.extend(group.references.iter().map(|(_, p)| p.clone()));
        paths.extend(group.systems.iter().map(|(_, p)| p.clone()));
    }
    let files: Vec<TextFile> = paths
        .par_iter()
        .map(|path| read_segments(path, reading))
        .collect::<Result<_>>()?;
    warnings.extend(files.iter().flat_map(|file| file.warnings.iter().cloned()));
    let mut files = files.into_iter();
    let mut next = || files.next().expect("one file per path");

    let pair_counts = groups
        .keys()
        .fold(BTreeMap::new(), |mut counts, (_, pair)| {
            *counts.entry(pair.clone()).or_insert(0usize) += 1;
            counts
        });
    let mut pairs = Vec::new();
    for ((test_set, pair), group) in groups {
        let source = group.source.as_ref().map(|_| next());
        let references: Vec<TextFile> = group.references.iter().map(|_| next()).collect();
        let systems: Vec<System> = group
            .systems
            .iter()
            .map(|(name, _)| System {
                name: name.clone(),
                file: next(),
            })
            .collect();
        let label = match (&test_set, pair_counts[&pair] > 1) {
            (Some(set), true) => format!("{set}.{pair}"),
            _ => pair.to_string(),
        };
        let docs = dir.join("documents").join(format!(
            "{}{pair}.docs",
            test_set.as_ref().map_or(String::new(), |s| format!("{s}."))
        ));
        let labels = if docs.is_file() {
            Some(read_segment_labels(&docs, references[0].segments.len())?)
        } else {
            None
        };
        if source.is_none() {
            warnings.push(format!(
                "{label}: no source in sources/; lengths are measured on the reference and costs are not computed"
            ));
        }
        pairs.push(PairInput {
            label,
            pair,
            test_set,
            source,
            reference_provenance: Provenance::plain_files(&references),
            references,
            systems,
            labels,
            glossary: None,
            mqm: Vec::new(),
        });
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_wmt_names() {
        let name = parse_wmt_name("generaltest2022.en-de.hyp.Online-B.de").unwrap();
        assert_eq!(name.test_set.as_deref(), Some("generaltest2022"));
        assert_eq!(name.pair.to_string(), "en-de");
        assert_eq!(name.role, Role::Hypothesis);
        assert_eq!(name.name.as_deref(), Some("Online-B"));
        assert_eq!(name.language, "de");
        let name = parse_wmt_name("news.en-zh.src.en.gz").unwrap();
        assert_eq!((name.role, name.name), (Role::Source, None));
        let name = parse_wmt_name("t.v2.cs-uk.hyp.sys.v1.uk").unwrap();
        assert_eq!(name.test_set.as_deref(), Some("t.v2"));
        assert_eq!(name.name.as_deref(), Some("sys.v1"));
        assert!(parse_wmt_name("en-de.ref.de").is_none());
        assert!(parse_wmt_name("notes.txt").is_none());
        assert!(parse_wmt_name("x.en-de.src.en.extra").is_none());
    }

    #[test]
    fn reads_a_directory_with_two_pairs() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["sources", "references", "system-outputs", "documents"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let write = |path: &str, text: &str| std::fs::write(dir.path().join(path), text).unwrap();
        write("sources/t.en-de.src.en", "a\nb\n");
        write("references/t.en-de.ref.A.de", "x\ny\n");
        write("system-outputs/t.en-de.hyp.S1.de", "x\ny\n");
        write("system-outputs/t.en-de.hyp.S2.de", "x\nz\n");
        write("references/t.en-zh.ref.A.zh", "甲\n");
        write("system-outputs/t.en-zh.hyp.S1.zh", "乙\n");
        write("system-outputs/README", "notes");
        write("documents/t.en-de.docs", "d1\tnews\nd1\tnews\n");
        let suite = read_directory(dir.path(), ReadOptions::default()).unwrap();
        assert_eq!(suite.pairs.len(), 2);
        let de = &suite.pairs[0];
        assert_eq!(de.label, "en-de");
        assert_eq!(de.systems.len(), 2);
        assert_eq!(de.systems[1].name, "S2");
        assert_eq!(de.labels.as_ref().unwrap().documents, ["d1", "d1"]);
        assert!(suite.pairs[1].source.is_none());
        assert!(suite.warnings.iter().any(|w| w.contains("README: ignored")));
        assert!(suite
            .warnings
            .iter()
            .any(|w| w.contains("en-zh: no source")));
        assert_eq!(suite.vendors(), ["S1", "S2"]);
    }

    #[test]
    fn refuses_a_system_given_twice() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["references", "system-outputs"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let write = |path: &str, text: &str| std::fs::write(dir.path().join(path), text).unwrap();
        write("references/t.en-de.ref.A.de", "x\n");
        write("system-outputs/t.en-de.hyp.B.de", "x\n");
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gzip, b"y\n").unwrap();
        std::fs::write(
            dir.path().join("system-outputs/t.en-de.hyp.B.de.gz"),
            gzip.finish().unwrap(),
        )
        .unwrap();
        let Err(error) = read_directory(dir.path(), ReadOptions::default()) else {
            panic!("a system given twice was read");
        };
        let error = error.to_string();
        assert!(
            error.contains("system \"B\" of en-de appears twice (also ")
                && error.contains("t.en-de.hyp.B.de"),
            "{error}"
        );
    }
}
