//! `mteval errors` on the shared data: the seed article's garbled word, automatic tallies on
//! the TED en-de systems against their human MQM scores (correlations reported, no threshold:
//! it is a finding), and all WMT22 en-de systems with source and reference.

use crate::common;

use common::{json_stdout, mteval};
use mteval::analysis::automatic::{analyze_systems, ErrorAnalysisConfig, SystemOutput};
use mteval::analysis::checks::CheckSet;
use mteval::analysis::finding::Check;
use mteval::analysis::language::Language;
use mteval::analysis::mqm::{score_annotations, MqmOptions};
use mteval::analysis::taxonomy::Weights;
use mteval::io::mqm_tsv::read_mqm_tsv;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

#[test]
fn the_stutter_check_flags_only_the_garbled_word_of_the_seed_article() {
    let Some(seeds) = common::shared_seeds() else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let document = json_stdout(mteval().args(["errors", "--format", "json"]).args(&files));
    let findings = document["findings"].as_array().unwrap();
    let stutters: Vec<&Value> = findings
        .iter()
        .filter(|f| f["check"] == "stutter")
        .collect();
    let texts: Vec<&str> = stutters
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, vec!["reciprociprocy"], "{findings:#?}");
    // Nothing else in the clean sentences around it either.
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = stutters[0];
    let line = std::fs::read_to_string(finding["file"].as_str().unwrap())
        .unwrap()
        .lines()
        .nth(finding["segment"].as_u64().unwrap() as usize - 1)
        .unwrap()
        .to_string();
    let start = finding["start"].as_u64().unwrap() as usize;
    let end = finding["end"].as_u64().unwrap() as usize;
    assert_eq!(
        line.chars()
            .skip(start)
            .take(end - start)
            .collect::<String>(),
        "reciprociprocy"
    );
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

/// Ranks with ties averaged.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        for &k in &order[i..=j] {
            ranks[k] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    ranks
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

#[test]
fn ted_automatic_tallies_against_human_mqm() {
    let Some(shared) = common::shared_datasets() else {
        return;
    };
    let file = read_mqm_tsv(&shared.join("mqm/ted/mqm_ted_ende.tsv")).unwrap();
    // Segments in (doc, doc_id) order; source per segment, target per (system, segment).
    let mut segments: Vec<(String, u64)> = Vec::new();
    let mut sources: HashMap<(String, u64), String> = HashMap::new();
    let mut targets: BTreeMap<String, HashMap<(String, u64), String>> = BTreeMap::new();
    for row in &file.rows {
        let key = (row.doc.clone(), row.doc_segment.parse::<u64>().unwrap());
        if !sources.contains_key(&key) {
            segments.push(key.clone());
            sources.insert(key.clone(), row.source.clone());
        }
        targets
            .entry(row.system.clone())
            .or_default()
            .insert(key, row.target.clone());
    }
    let document_number = |doc: &str| doc.trim_start_matches("talk.").parse::<u64>().unwrap_or(0);
    segments.sort_by_key(|(doc, segment)| (document_number(doc), *segment));
    let lines = |system: &str| -> Vec<String> {
        segments
            .iter()
            .map(|key| targets[system].get(key).cloned().unwrap_or_default())
            .collect()
    };
    let source: Vec<String> = segments.iter().map(|key| sources[key].clone()).collect();
    let reference = lines("ref");
    let names: Vec<String> = targets.keys().filter(|s| *s != "ref").cloned().collect();
    let outputs: Vec<Vec<String>> = names.iter().map(|s| lines(s)).collect();
    let systems: Vec<SystemOutput<'_>> = names
        .iter()
        .zip(&outputs)
        .map(|(name, segments)| SystemOutput {
            name,
            file: name,
            segments,
        })
        .collect();
    let config = ErrorAnalysisConfig {
        checks: CheckSet::all(),
        source_language: Language::from_code("en"),
        target_language: Language::from_code("de"),
        glossary: None,
        weights: Weights::google(),
        list_findings: true,
    };
    let report = analyze_systems(&systems, Some(&source), &[&reference], &config);

    let human = score_annotations(&file, &MqmOptions::default());
    let human_mqm: HashMap<&str, f64> = human
        .systems
        .iter()
        .map(|s| (s.system.as_str(), s.mqm))
        .collect();
    let y: Vec<f64> = report
        .systems
        .iter()
        .map(|s| human_mqm[s.system.as_str()])
        .collect();
    let weights = Weights::google();
    let qa_penalty = |system: &str| -> f64 {
        report
            .findings
            .iter()
            .filter(|f| f.system == system && !f.finding.check.is_edit_class())
            .map(|f| weights.weight(&f.finding.category, &f.finding.severity))
            .sum::<f64>()
    };
    let measures: Vec<(&str, Vec<f64>)> = vec![
        (
            "automatic MQM penalty / 100 source words",
            report
                .systems
                .iter()
                .map(|s| s.penalty_per_100_words)
                .collect(),
        ),
        (
            "QA checks only (penalty)",
            report
                .systems
                .iter()
                .map(|s| qa_penalty(&s.system))
                .collect(),
        ),
        (
            "edit rate (edits / 100 reference tokens)",
            report
                .systems
                .iter()
                .map(|s| s.classes.as_ref().unwrap().edit_rate)
                .collect(),
        ),
        (
            "mistranslation rate",
            report
                .systems
                .iter()
                .map(|s| s.classes.as_ref().unwrap().mistranslation.rate)
                .collect(),
        ),
        (
            "findings",
            report.systems.iter().map(|s| s.findings as f64).collect(),
        ),
    ];
    eprintln!(
        "TED en-de: {} systems × {} segments analysed",
        systems.len(),
        source.len()
    );
    eprintln!(
        "{:<44} {:>8} {:>9}",
        "automatic measure vs human MQM", "Pearson", "Spearman"
    );
    for (name, x) in &measures {
        let (r, rho) = (pearson(x, &y), spearman(x, &y));
        eprintln!("{name:<44} {r:>8.3} {rho:>9.3}");
        assert!(r.is_finite() && rho.is_finite(), "{name}");
    }
    for system in &report.systems {
        eprintln!(
            "  {:<16} human {:.3}  automatic {:.2}/100w  QA {:.1}  edit rate {:.1}",
            system.system,
            human_mqm[system.system.as_str()],
            system.penalty_per_100_words,
            qa_penalty(&system.system),
            system.classes.as_ref().unwrap().edit_rate
        );
    }
    assert_eq!(report.systems.len(), 13);
    assert!(report.systems.iter().all(|s| s.segments == 529));
    assert!(report.checks.contains(&Check::Stutter.name()));
}

#[test]
fn all_wmt22_en_de_systems_with_source_and_reference() {
    let Some(shared) = common::shared_datasets() else {
        return;
    };
    let wmt = shared.join("wmt22");
    let mut hypotheses: Vec<_> = std::fs::read_dir(wmt.join("system-outputs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("generaltest2022.en-de.hyp."))
        })
        .collect();
    hypotheses.sort();
    let document = json_stdout(
        mteval()
            .args(["errors", "--format", "json", "--lang", "en-de", "--source"])
            .arg(wmt.join("sources/generaltest2022.en-de.src.en"))
            .arg("--ref")
            .arg(wmt.join("references/generaltest2022.en-de.ref.A.de"))
            .args(&hypotheses),
    );
    let systems = document["systems"].as_array().unwrap();
    assert_eq!(systems.len(), hypotheses.len());
    eprintln!(
        "mteval errors: {} WMT22 en-de systems × 2037 segments with source and reference",
        systems.len()
    );
    for system in systems {
        assert_eq!(system["segments"], 2037);
        assert!(system["findings"].as_u64().unwrap() > 0);
        eprintln!(
            "  {:<18} {:>6.2}/100w  {:>5} findings",
            system["system"].as_str().unwrap(),
            system["penalty_per_100_words"].as_f64().unwrap(),
            system["findings"]
        );
    }
}
