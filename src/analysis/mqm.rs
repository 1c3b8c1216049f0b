//! MQM scores of human error annotations, reproducing the published google/wmt-mqm-human-evaluation
//! system scores (`mqm-scoring.md` §1): each annotation row is weighted ([`Weights`]); a
//! segment-rater score is the sum of that rater's row weights; a segment score is the mean over
//! the raters of the segment; a system score is the mean over the segments rated for the system
//! (clean segments count as 0). Segments are keyed by (`doc`, `doc_id`). Lower is better.
//!
//! Also: per-rater and per-document scores on the same rule, Marot's optional "per 100 source
//! characters" unit, per-segment scores (Google's `avg_seg_scores`), and Marot-style (category, severity) row counts per system and document.

use super::tally::{Tallier, Tally};
use super::taxonomy::{Branch, Category, Severity, Weights};
use crate::io::mqm_tsv::{MqmFile, MqmRow};
use serde::Serialize;
use std::collections::HashMap;

/// What a system score is divided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MqmUnit {
    /// The number of rated segments (the published rule).
    Segment,
    /// Σ over rated segments of (source characters without `<v>` tags) / 100 (Marot's option).
    SourceCharacters,
}

/// How to score.
#[derive(Debug, Clone)]
pub struct MqmOptions {
    pub weights: Weights,
    pub unit: MqmUnit,
}

impl Default for MqmOptions {
    fn default() -> Self {
        MqmOptions {
            weights: Weights::google(),
            unit: MqmUnit::Segment,
        }
    }
}

/// One system's score.
#[derive(Debug, Clone, Serialize)]
pub struct SystemMqm {
    pub file: String,
    pub system: String,
    /// The MQM score (a penalty: lower is better).
    pub mqm: f64,
    /// Segments rated for the system.
    pub segments: usize,
    /// (segment, rater) ratings.
    pub ratings: usize,
    /// Distinct raters.
    pub raters: usize,
    /// Annotation rows that are errors (not `No-error`).
    pub errors: usize,
    /// Σ of all row weights.
    pub penalty: f64,
}

/// One rater's score of one system: the mean over the segments that rater rated.
#[derive(Debug, Clone, Serialize)]
pub struct RaterMqm {
    pub file: String,
    pub system: String,
    pub rater: String,
    pub mqm: f64,
    pub segments: usize,
}

/// One system's score on one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentMqm {
    pub file: String,
    pub system: String,
    pub document: String,
    pub mqm: f64,
    pub segments: usize,
}

/// One system's score on one segment: the figure Google publishes (negated) in
/// `*.avg_seg_scores.tsv`.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentMqm {
    pub file: String,
    pub system: String,
    pub doc: String,
    /// The segment's 1-based index within its document (the TSV's `doc_id` column).
    pub doc_id: String,
    /// The global segment id (the TSV's `seg_id` column).
    pub seg_id: String,
    /// Mean over the segment's raters of their summed weights (lower is better).
    pub mqm: f64,
    pub raters: usize,
    /// Annotation rows that are errors, over all raters.
    pub errors: usize,
}

/// Everything `mteval mqm` reports for one annotation file.
#[derive(Debug, Clone, Serialize)]
pub struct MqmReport {
    pub file: String,
    pub weights: Weights,
    pub unit: MqmUnit,
    /// Best (lowest) score first.
    pub systems: Vec<SystemMqm>,
    pub raters: Vec<RaterMqm>,
    pub documents: Vec<DocumentMqm>,
    /// Per (system, segment), systems in the order of `systems`, segments in file order.
    pub segments: Vec<SegmentMqm>,
    /// Row counts per (system, category, severity), `No-error` rows included (as Marot).
    pub tallies: Vec<Tally>,
    pub document_tallies: Vec<Tally>,
}

/// One (system, segment)'s ratings: (rater, summed weight) pairs in first-appearance order, and
/// the number of error rows.
#[derive(Default)]
struct Ratings {
    sums: Vec<(usize, f64)>,
    errors: usize,
}

/// Interns strings to dense indices, keeping first-appearance order.
#[derive(Default)]
struct Interner<'a> {
    index: HashMap<&'a str, usize>,
    names: Vec<&'a str>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, name: &'a str) -> usize {
        let next = self.names.len();
        *self.index.entry(name).or_insert_with(|| {
            self.names.push(name);
            next
        })
    }
}

/// Accumulates a score: Σ values / Σ denominators.
#[derive(Debug, Default, Clone, Copy)]
struct Mean {
    sum: f64,
    denominator: f64,
    segments: usize,
}

impl Mean {
    fn add(&mut self, value: f64, denominator: f64) {
        self.sum += value;
        self.denominator += denominator;
        self.segments += 1;
    }

    fn value(&self) -> f64 {
        if self.denominator > 0.0 {
            self.sum / self.denominator
        } else {
            0.0
        }
    }
}

/// An annotation file's rows interned and grouped: systems, raters, documents and segments
/// in first-appearance order, and every (system, segment)'s ratings.
#[derive(Default)]
struct ParsedRows<'a> {
    systems: Interner<'a>,
    raters: Interner<'a>,
    documents: Interner<'a>,
    /// Per segment: its first row, its document and its source length in characters.
    segment_rows: Vec<&'a MqmRow>,
    segment_document: Vec<usize>,
    segment_characters: Vec<usize>,
    /// (system, segment) in first-appearance order, each with its raters' summed weights.
    pairs: Vec<(usize, usize, Ratings)>,
    /// Per system: error rows and summed weights.
    errors: Vec<usize>,
    penalty: Vec<f64>,
    /// Per row: (system, document, category, severity).
    rows: Vec<(usize, usize, Category, Severity)>,
}

impl<'a> ParsedRows<'a> {
    fn of(file: &'a MqmFile, weights: &Weights) -> Self {
        let mut parsed = ParsedRows::default();
        let mut segment_ids: HashMap<(&str, &str), usize> = HashMap::new();
        let mut pair_index: HashMap<(usize, usize), usize> = HashMap::new();
        for row in &file.rows {
            let system = parsed.systems.id(&row.system);
            if system == parsed.errors.len() {
                parsed.errors.push(0);
                parsed.penalty.push(0.0);
            }
            let rater = parsed.raters.id(&row.rater);
            let document = parsed.documents.id(&row.doc);
            let next_segment = segment_ids.len();
            let segment = *segment_ids
                .entry((row.doc.as_str(), row.doc_segment.as_str()))
                .or_insert(next_segment);
            if segment == parsed.segment_document.len() {
                parsed.segment_rows.push(row);
                parsed.segment_document.push(document);
                parsed.segment_characters.push(row.source.chars().count());
            }
            let category = Category::parse(&row.category);
            let severity = Severity::parse(&row.severity);
            let weight = weights.weight(&category, &severity);
            let is_error = category.branch() != Branch::NoError && severity != Severity::NoError;
            parsed.errors[system] += usize::from(is_error);
            parsed.penalty[system] += weight;
            let pairs = &mut parsed.pairs;
            let pair = *pair_index.entry((system, segment)).or_insert_with(|| {
                pairs.push((system, segment, Ratings::default()));
                pairs.len() - 1
            });
            let ratings = &mut pairs[pair].2;
            ratings.errors += usize::from(is_error);
            match ratings.sums.iter_mut().find(|(r, _)| *r == rater) {
                Some((_, sum)) => *sum += weight,
                None => ratings.sums.push((rater, weight)),
            }
            parsed.rows.push((system, document, category, severity));
        }
        parsed
    }
}

/// The running means of every system, (system, rater) and (system, document), and every
/// system's segment scores.
struct Means {
    systems: Vec<Mean>,
    system_ratings: Vec<usize>,
    /// Per system: its raters in first-appearance order.
    system_raters: Vec<Vec<usize>>,
    raters: HashMap<(usize, usize), Mean>,
    documents: HashMap<(usize, usize), Mean>,
    /// Per system: (segment, record) in first-appearance order.
    segments: Vec<Vec<(usize, SegmentMqm)>>,
}

impl Means {
    fn of(parsed: &ParsedRows<'_>, unit: MqmUnit, file_name: &str) -> Self {
        let denominator_of = |segment: usize| match unit {
            MqmUnit::Segment => 1.0,
            MqmUnit::SourceCharacters => parsed.segment_characters[segment] as f64 / 100.0,
        };
        let system_count = parsed.systems.names.len();
        let mut means = Means {
            systems: vec![Mean::default(); system_count],
            system_ratings: vec![0usize; system_count],
            system_raters: vec![Vec::new(); system_count],
            raters: HashMap::new(),
            documents: HashMap::new(),
            segments: vec![Vec::new(); system_count],
        };
        for (system, segment, pair) in &parsed.pairs {
            let (system, segment, ratings) = (*system, *segment, &pair.sums);
            let denominator = denominator_of(segment);
            let sum: f64 = ratings.iter().map(|(_, weight)| weight).sum();
            let score = sum / ratings.len() as f64;
            let row = parsed.segment_rows[segment];
            means.segments[system].push((
                segment,
                SegmentMqm {
                    file: file_name.to_string(),
                    system: parsed.systems.names[system].to_string(),
                    doc: row.doc.clone(),
                    doc_id: row.doc_segment.clone(),
                    seg_id: row.seg_id.clone(),
                    mqm: score,
                    raters: ratings.len(),
                    errors: pair.errors,
                },
            ));
            means.systems[system].add(score, denominator);
            means
                .documents
                .entry((system, parsed.segment_document[segment]))
                .or_default()
                .add(score, denominator);
            means.system_ratings[system] += ratings.len();
            for &(rater, weight) in ratings {
                means
                    .raters
                    .entry((system, rater))
                    .or_default()
                    .add(weight, denominator);
                if !means.system_raters[system].contains(&rater) {
                    means.system_raters[system].push(rater);
                }
            }
        }
        means
    }
}

/// A warning for each severity MQM does not know (a typo such as `Majr`), which weighs 0:
/// how many rows have it and the first one's line.
pub fn unknown_severity_warnings(file: &MqmFile) -> Vec<String> {
    let mut unknown: Vec<(&str, usize, usize)> = Vec::new();
    for row in &file.rows {
        if Severity::parse(&row.severity).is_known() {
            continue;
        }
        match unknown
            .iter_mut()
            .find(|(name, _, _)| *name == row.severity)
        {
            Some((_, rows, _)) => *rows += 1,
            None => unknown.push((&row.severity, 1, row.line)),
        }
    }
    unknown
        .into_iter()
        .map(|(severity, rows, line)| {
            format!(
                "{}:{line}: severity {severity:?} ({rows} row(s)) is none of Critical, Major, \
                 Minor, Trivial, Neutral, No-error; it weighs 0",
                file.path.display()
            )
        })
        .collect()
}

/// Scores one annotation file.
pub fn score_annotations(file: &MqmFile, options: &MqmOptions) -> MqmReport {
    let file_name = file.path.display().to_string();
    let parsed = ParsedRows::of(file, &options.weights);
    let mut means = Means::of(&parsed, options.unit, &file_name);
    let systems = &parsed.systems;
    let mut order: Vec<usize> = (0..systems.names.len()).collect();
    order.sort_by(|&a, &b| {
        means.systems[a]
            .value()
            .total_cmp(&means.systems[b].value())
            .then_with(|| systems.names[a].cmp(systems.names[b]))
    });
    let system_records: Vec<SystemMqm> = order
        .iter()
        .map(|&s| SystemMqm {
            file: file_name.clone(),
            system: systems.names[s].to_string(),
            mqm: means.systems[s].value(),
            segments: means.systems[s].segments,
            ratings: means.system_ratings[s],
            raters: means.system_raters[s].len(),
            errors: parsed.errors[s],
            penalty: parsed.penalty[s],
        })
        .collect();
    let (rater_records, document_records) =
        rater_and_document_records(&parsed, &means, &order, &file_name);
    let segment_records: Vec<SegmentMqm> = order
        .iter()
        .flat_map(|&s| {
            let mut scores = std::mem::take(&mut means.segments[s]);
            scores.sort_by_key(|(segment, _)| *segment);
            scores.into_iter().map(|(_, record)| record)
        })
        .collect();

    let ordered_names: Vec<String> = order
        .iter()
        .map(|&s| systems.names[s].to_string())
        .collect();
    let mut tallies = Tallier::new(&ordered_names);
    let mut document_tallies = Tallier::new(&ordered_names);
    for (system, document, category, severity) in &parsed.rows {
        let system = systems.names[*system];
        tallies.add(system, None, category, severity);
        let document = parsed.documents.names[*document];
        document_tallies.add(system, Some(document), category, severity);
    }

    MqmReport {
        file: file_name,
        weights: options.weights.clone(),
        unit: options.unit,
        systems: system_records,
        raters: rater_records,
        documents: document_records,
        segments: segment_records,
        tallies: tallies.finish(),
        document_tallies: document_tallies.finish(),
    }
}

/// Per system in `order`: its raters' scores (raters by name) and its documents' scores
/// (documents in file order).
fn rater_and_document_records(
    parsed: &ParsedRows<'_>,
    means: &Means,
    order: &[usize],
    file_name: &str,
) -> (Vec<RaterMqm>, Vec<DocumentMqm>) {
    let (systems, raters) = (&parsed.systems, &parsed.raters);
    let mut rater_records = Vec::new();
    let mut document_records = Vec::new();
    for &s in order {
        let mut rater_ids: Vec<usize> = means.system_raters[s].clone();
        rater_ids.sort_by_key(|&r| raters.names[r]);
        for r in rater_ids {
            let mean = means.raters[&(s, r)];
            rater_records.push(RaterMqm {
                file: file_name.to_string(),
                system: systems.names[s].to_string(),
                rater: raters.names[r].to_string(),
                mqm: mean.value(),
                segments: mean.segments,
            });
        }
        for (d, document) in parsed.documents.names.iter().enumerate() {
            if let Some(mean) = means.documents.get(&(s, d)) {
                document_records.push(DocumentMqm {
                    file: file_name.to_string(),
                    system: systems.names[s].to_string(),
                    document: document.to_string(),
                    mqm: mean.value(),
                    segments: mean.segments,
                });
            }
        }
    }
    (rater_records, document_records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::mqm_tsv::parse_mqm_tsv;
    use std::path::Path;

    fn report(text: &str, options: &MqmOptions) -> MqmReport {
        score_annotations(&parse_mqm_tsv(text, Path::new("x.tsv")).unwrap(), options)
    }

    // Hand-computed: system A, segment (d,1): rater r1 has Major (5) + Minor punctuation (0.1)
    // = 5.1, rater r2 has No-error (0): segment score 2.55. Segment (d,2): r1 Minor (1).
    // Segment (e,1): r1 No-error. A = (2.55 + 1 + 0) / 3 = 1.183333…
    // System B: (d,1) r1 Non-translation (25); (d,2) r1 Source error Major (5) → (25+5)/2 = 15.
    const DATA: &str = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n\
        A\td\t1\t1\tr1\tabc\t<v>x</v>y\tAccuracy/Mistranslation\tMajor\n\
        A\td\t1\t1\tr1\tabc\tx<v>y</v>\tFluency/Punctuation\tMinor\n\
        A\td\t1\t1\tr2\tabc\txy\tNo-error\tNo-error\n\
        A\td\t2\t2\tr1\tabcdefghij\tz\tStyle/Awkward\tMinor\n\
        A\te\t1\t3\tr1\tab\tw\tNo-error\tNo-error\n\
        B\td\t1\t1\tr1\tabc\tq\tNon-translation!\tMajor\n\
        B\td\t2\t2\tr1\tabcdefghij\tq\tSource_error\tMajor\n";

    #[test]
    fn averages_over_raters_then_segments() {
        let report = report(DATA, &MqmOptions::default());
        let a = &report.systems[0];
        assert_eq!(a.system, "A");
        assert!((a.mqm - (2.55 + 1.0) / 3.0).abs() < 1e-12, "{}", a.mqm);
        assert_eq!((a.segments, a.ratings, a.raters, a.errors), (3, 4, 2, 3));
        let b = &report.systems[1];
        assert_eq!((b.system.as_str(), b.mqm), ("B", 15.0));
        let raters: Vec<(&str, &str, f64, usize)> = report
            .raters
            .iter()
            .map(|r| (r.system.as_str(), r.rater.as_str(), r.mqm, r.segments))
            .collect();
        assert_eq!(raters[1], ("A", "r2", 0.0, 1));
        assert!((raters[0].2 - 6.1 / 3.0).abs() < 1e-12);
        let documents: Vec<(&str, &str, usize)> = report
            .documents
            .iter()
            .map(|d| (d.system.as_str(), d.document.as_str(), d.segments))
            .collect();
        assert_eq!(documents, vec![("A", "d", 2), ("A", "e", 1), ("B", "d", 2)]);
        assert!((report.documents[0].mqm - 3.55 / 2.0).abs() < 1e-12);
    }

    #[test]
    fn segment_scores_average_over_raters() {
        let report = report(DATA, &MqmOptions::default());
        let segments: Vec<(&str, &str, &str, &str, f64, usize, usize)> = report
            .segments
            .iter()
            .map(|s| {
                let (system, doc) = (s.system.as_str(), s.doc.as_str());
                (
                    system,
                    doc,
                    s.doc_id.as_str(),
                    s.seg_id.as_str(),
                    s.mqm,
                    s.raters,
                    s.errors,
                )
            })
            .collect();
        assert_eq!(
            segments,
            vec![
                ("A", "d", "1", "1", 2.55, 2, 2),
                ("A", "d", "2", "2", 1.0, 1, 1),
                ("A", "e", "1", "3", 0.0, 1, 0),
                ("B", "d", "1", "1", 25.0, 1, 1),
                ("B", "d", "2", "2", 5.0, 1, 1),
            ]
        );
    }

    #[test]
    fn marot_weights_and_source_characters() {
        let options = MqmOptions {
            weights: Weights::marot(),
            unit: MqmUnit::SourceCharacters,
        };
        let report = report(DATA, &options);
        let b = report.systems.iter().find(|s| s.system == "B").unwrap();
        // Source error weighs 0 with Marot; 25 over (3 + 10) / 100 source characters.
        assert!((b.mqm - 25.0 / 0.13).abs() < 1e-9, "{}", b.mqm);
    }

    #[test]
    fn tallies_count_rows_including_no_error() {
        let report = report(DATA, &MqmOptions::default());
        let a: Vec<(String, String, usize)> = report
            .tallies
            .iter()
            .filter(|t| t.system == "A")
            .map(|t| (t.category.to_string(), t.severity.to_string(), t.count))
            .collect();
        assert_eq!(
            a,
            vec![
                ("Accuracy/Mistranslation".into(), "Major".into(), 1),
                ("Fluency/Punctuation".into(), "Minor".into(), 1),
                ("Style/Awkward".into(), "Minor".into(), 1),
                ("No-error".into(), "No-error".into(), 2),
            ]
        );
        let per_document: usize = report
            .document_tallies
            .iter()
            .filter(|t| t.system == "A" && t.document.as_deref() == Some("e"))
            .map(|t| t.count)
            .sum();
        assert_eq!(per_document, 1);
    }
}
