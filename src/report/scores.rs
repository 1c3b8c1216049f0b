//! The output of `mteval score`: one [`ScoreRecord`] per corpus, document/domain and segment
//! score of every system ([`ScoreResults::records`]), rendered as sacreBLEU-style text, one JSON
//! document or CSV rows — pure functions returning the bytes to print.

use super::table::{Align, TextTable};
use super::text::{align_on_equals, score_line, system_table};
use crate::corpus::{group_segments, SegmentInfo};
use crate::metrics::{MetricRun, Score, Signature};
use crate::text::python_fixed;
use serde::Serialize;

/// One score of one system under one metric: the corpus score, or a segment's (1-based
/// `segment`).
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRecord {
    pub system: String,
    /// The hypothesis path exactly as given.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<usize>,
    /// Set on per-document records (`--by document`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Set on per-domain records (`--by domain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(flatten)]
    pub score: Score,
    pub signature: String,
    /// Mean (corpus records) or segment alignment confidence, when the hypothesis was
    /// re-aligned to the reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alignment_confidence: Option<f64>,
}

impl ScoreRecord {
    /// A record with the long signature.
    pub fn new(
        system: &str,
        file: &str,
        segment: Option<usize>,
        score: Score,
        signature: &Signature,
    ) -> Self {
        ScoreRecord {
            system: system.to_string(),
            file: file.to_string(),
            segment,
            document: None,
            domain: None,
            score,
            signature: signature.format(false),
            alignment_confidence: None,
        }
    }
}

/// The JSON document of `mteval score --format json`: `{"results": [...]}`.
#[derive(Debug, Serialize)]
pub struct ScoreDocument<'a> {
    pub results: &'a [ScoreRecord],
}

/// What segments are grouped by when every group is also scored on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    Document,
    Domain,
}

impl Grouping {
    /// The key of a segment's group (a segment without a domain is in the domain `""`).
    pub fn key(self, segment: &SegmentInfo) -> &str {
        match self {
            Grouping::Document => &segment.document,
            Grouping::Domain => segment.domain.as_deref().unwrap_or(""),
        }
    }

    /// The groups of `segments`: every key with its segment indices (ascending), keys in order
    /// of first appearance — what [`crate::metrics::MetricConfig::run_grouped`] takes.
    pub fn groups(self, segments: &[SegmentInfo]) -> Vec<(String, Vec<usize>)> {
        group_segments(segments.iter().map(|segment| self.key(segment)))
    }

    fn column_title(self) -> &'static str {
        match self {
            Grouping::Document => "Document",
            Grouping::Domain => "Domain",
        }
    }
}

/// Groups of segments scored on their own: `runs[m].systems[s].groups[g]` is the score of
/// group `keys[g]`.
#[derive(Debug, Clone)]
pub struct SegmentGroups {
    pub by: Grouping,
    pub keys: Vec<String>,
}

/// One scored system.
#[derive(Debug, Clone)]
pub struct ScoredSystem {
    pub name: String,
    /// The hypothesis path exactly as given.
    pub file: String,
    /// Every segment's alignment confidence, when the hypothesis was re-aligned.
    pub alignment: Option<Vec<f64>>,
}

impl ScoredSystem {
    /// The mean alignment confidence, when the hypothesis was re-aligned (1 for no segments).
    pub fn mean_alignment_confidence(&self) -> Option<f64> {
        let confidence = self.alignment.as_ref()?;
        Some(if confidence.is_empty() {
            1.0
        } else {
            confidence.iter().sum::<f64>() / confidence.len() as f64
        })
    }
}

/// How text output is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    /// Decimals of every score (sacreBLEU's default 1).
    pub width: usize,
    /// Abbreviated signatures.
    pub short: bool,
}

/// Everything `mteval score` prints: every metric's run over every system (metrics in
/// sacreBLEU order), optionally with sentence scores and the scores of segment groups.
#[derive(Debug, Clone)]
pub struct ScoreResults {
    pub systems: Vec<ScoredSystem>,
    pub runs: Vec<MetricRun>,
    /// Set when every document or domain was scored too.
    pub groups: Option<SegmentGroups>,
    /// Document and domain of every segment, when the input says.
    pub segments: Option<Vec<SegmentInfo>>,
    /// The runs hold sentence scores, which are printed instead of corpus scores in text.
    pub sentence_level: bool,
}

impl ScoreResults {
    /// Corpus records (system-major, metrics in run order), each followed by the records of
    /// every document or domain, then segment records.
    pub fn records(&self) -> Vec<ScoreRecord> {
        let mut records = Vec::new();
        for (s, system) in self.systems.iter().enumerate() {
            for run in &self.runs {
                let scores = &run.systems[s];
                let mut record = ScoreRecord::new(
                    &system.name,
                    &system.file,
                    None,
                    scores.corpus.clone(),
                    &run.signature,
                );
                record.alignment_confidence = system.mean_alignment_confidence();
                records.push(record);
                if let Some(groups) = &self.groups {
                    records.extend(self.group_records(system, run, s, groups));
                }
                if self.sentence_level {
                    records.extend(self.segment_records(system, run, s));
                }
            }
        }
        records
    }

    fn group_records<'a>(
        &'a self,
        system: &'a ScoredSystem,
        run: &'a MetricRun,
        s: usize,
        groups: &'a SegmentGroups,
    ) -> impl Iterator<Item = ScoreRecord> + 'a {
        groups
            .keys
            .iter()
            .zip(&run.systems[s].groups)
            .map(move |(key, score)| {
                let mut record = ScoreRecord::new(
                    &system.name,
                    &system.file,
                    None,
                    score.clone(),
                    &run.signature,
                );
                match groups.by {
                    Grouping::Document => record.document = Some(key.clone()),
                    Grouping::Domain => record.domain = Some(key.clone()),
                }
                record
            })
    }

    fn segment_records<'a>(
        &'a self,
        system: &'a ScoredSystem,
        run: &'a MetricRun,
        s: usize,
    ) -> impl Iterator<Item = ScoreRecord> + 'a {
        run.systems[s]
            .segments
            .iter()
            .enumerate()
            .map(move |(i, score)| {
                let mut record = ScoreRecord::new(
                    &system.name,
                    &system.file,
                    Some(i + 1),
                    score.clone(),
                    &run.sentence_signature,
                );
                record.alignment_confidence =
                    system.alignment.as_ref().and_then(|c| c.get(i).copied());
                if let Some(info) = &self.segments {
                    record.document = Some(info[i].document.clone());
                    record.domain = info[i].domain.clone();
                }
                record
            })
    }

    /// `{"results": [...]}`, pretty-printed, with a final newline.
    pub fn to_json(&self) -> String {
        let records = self.records();
        let mut json = serde_json::to_string_pretty(&ScoreDocument { results: &records })
            .expect("score records serialize to JSON");
        json.push('\n');
        json
    }

    /// One CSV row per record, under a header row.
    pub fn to_csv(&self) -> String {
        let mut buffer = Vec::new();
        super::csv::write_score_records(&self.records(), &mut buffer)
            .expect("writing CSV to memory cannot fail");
        String::from_utf8(buffer).expect("CSV of UTF-8 strings is UTF-8")
    }

    /// sacreBLEU's text: score lines for one system (or every segment's with sentence scores),
    /// a table and signature block for several; then the table of groups and the alignment
    /// confidences.
    pub fn to_text(&self, style: TextStyle) -> String {
        let records: Vec<ScoreRecord> = self
            .records()
            .into_iter()
            .filter(|r| (r.document.is_none() && r.domain.is_none()) || r.segment.is_some())
            .collect();
        let mut out = self.scores_text(&records, style);
        if let Some(groups) = &self.groups {
            if !groups.keys.is_empty() && !self.sentence_level {
                out.push_str(&self.groups_text(groups, style));
            }
        }
        for system in &self.systems {
            if let Some(confidence) = system.mean_alignment_confidence() {
                out.push_str(&format!(
                    "Alignment confidence ({}): {confidence:.3}\n",
                    system.name
                ));
            }
        }
        out
    }

    /// Segment score lines, the aligned score lines of one system, or the systems table.
    fn scores_text(&self, records: &[ScoreRecord], style: TextStyle) -> String {
        let signature_of = |record: &ScoreRecord| -> Option<String> {
            let run = self
                .runs
                .iter()
                .find(|run| run.name == record.score.metric)?;
            let signature = if record.segment.is_some() {
                &run.sentence_signature
            } else {
                &run.signature
            };
            style.short.then(|| signature.format(true))
        };
        let line_of =
            |record: &ScoreRecord| score_line(record, style.width, signature_of(record).as_deref());
        let mut out = String::new();
        if self.sentence_level {
            let several = self.systems.len() > 1 || self.runs.len() > 1;
            for record in records.iter().filter(|r| r.segment.is_some()) {
                if several {
                    out.push_str(&format!(
                        "{}\t{}\t",
                        record.system,
                        record.segment.unwrap_or(0)
                    ));
                }
                out.push_str(&line_of(record));
                out.push('\n');
            }
            return out;
        }
        if self.systems.len() == 1 {
            let lines: Vec<String> = records.iter().map(line_of).collect();
            for line in align_on_equals(&lines) {
                out.push_str(&line);
                out.push('\n');
            }
            return out;
        }
        let names: Vec<String> = self.systems.iter().map(|s| s.name.clone()).collect();
        let metrics: Vec<(String, String)> = self
            .runs
            .iter()
            .map(|run| (run.name.clone(), run.signature.format(style.short)))
            .collect();
        let cells: Vec<Vec<String>> = (0..names.len())
            .map(|s| {
                self.runs
                    .iter()
                    .map(|run| python_fixed(run.systems[s].corpus.score, style.width))
                    .collect()
            })
            .collect();
        system_table(&names, &metrics, &cells)
    }

    /// `By document:` and a table of every system's score per document (or domain).
    fn groups_text(&self, groups: &SegmentGroups, style: TextStyle) -> String {
        let title = groups.by.column_title();
        let mut header = vec!["System".to_string(), title.to_string()];
        header.extend(self.runs.iter().map(|r| r.name.clone()));
        let mut rows = vec![header];
        for (s, system) in self.systems.iter().enumerate() {
            for (g, key) in groups.keys.iter().enumerate() {
                let mut row = vec![system.name.clone(), key.clone()];
                row.extend(
                    self.runs
                        .iter()
                        .map(|run| python_fixed(run.systems[s].groups[g].score, style.width)),
                );
                rows.push(row);
            }
        }
        let table = TextTable::new(&[Align::Left, Align::Left], Align::Right);
        format!("\nBy {}:\n{}", title.to_lowercase(), table.render(&rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::chrf::Chrf;
    use crate::metrics::{MetricConfig, RunOptions};

    fn lines(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    fn results(groups: Option<SegmentGroups>, indices: &[Vec<usize>]) -> ScoreResults {
        let references = lines(&["The cat sat on the mat.", "It rained all day."]);
        let system = lines(&["The cat sat on a mat.", "It was raining all day."]);
        let run = MetricConfig::Chrf(Chrf::default()).run_grouped(
            &[references.as_slice()],
            &[system.as_slice()],
            RunOptions::default(),
            indices,
        );
        ScoreResults {
            systems: vec![ScoredSystem {
                name: "sys".into(),
                file: "sys.txt".into(),
                alignment: Some(vec![1.0, 0.5]),
            }],
            runs: vec![run],
            groups,
            segments: None,
            sentence_level: false,
        }
    }

    #[test]
    fn one_system_prints_its_score_line_and_alignment_confidence() {
        let text = results(None, &[]).to_text(TextStyle {
            width: 1,
            short: false,
        });
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("chrF2|nrefs:1|"));
        assert_eq!(lines.next(), Some("Alignment confidence (sys): 0.750"));
        assert_eq!(lines.next(), None);
    }

    #[test]
    fn group_records_follow_their_corpus_record_and_score_the_group_alone() {
        let groups = SegmentGroups {
            by: Grouping::Document,
            keys: vec!["a".into(), "b".into()],
        };
        let grouped = results(Some(groups), &[vec![0], vec![1]]);
        let records = grouped.records();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].document, None);
        assert_eq!(records[0].alignment_confidence, Some(0.75));
        assert_eq!(records[1].document.as_deref(), Some("a"));
        assert_eq!(records[2].document.as_deref(), Some("b"));
        let first_alone = {
            let chrf = MetricConfig::Chrf(Chrf::default());
            let reference = lines(&["The cat sat on the mat."]);
            let system = lines(&["The cat sat on a mat."]);
            chrf.run(&[&reference], &[&system], RunOptions::default())
        };
        assert_eq!(records[1].score, first_alone.systems[0].corpus);
        let text = grouped.to_text(TextStyle {
            width: 2,
            short: true,
        });
        assert!(text.contains("\nBy document:\nSystem  Document  chrF2\nsys     a         "));
        let json: serde_json::Value = serde_json::from_str(&grouped.to_json()).unwrap();
        assert_eq!(json["results"][1]["document"], "a");
        assert!(grouped
            .to_csv()
            .starts_with("system,file,metric,segment,score,"));
    }
}
