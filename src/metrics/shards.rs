//! Merging statistics files of parts of one evaluation (shards) into the statistics of the
//! whole: shards must have been scored the same way (references, systems, metrics and their
//! configurations, reading settings) and hold different segments; they are concatenated in the
//! order given, or in segment-id order when their ids are global (then without gaps between
//! them: a missing shard is an error).

use super::statistics_file::{SegmentIds, StatisticsFile};
use crate::error::{Error, Result, Setting};
use std::path::PathBuf;

/// One shard and the file it was read from.
#[derive(Debug, Clone)]
pub struct Shard {
    pub path: PathBuf,
    pub statistics: StatisticsFile,
}

/// The statistics of all shards together; the first shard's system files name the systems.
pub fn merge_shards(mut shards: Vec<Shard>) -> Result<StatisticsFile> {
    let Some(first) = shards.first() else {
        return Err(Error::invalid_option(
            Setting::StatisticsFiles,
            "",
            "give at least one statistics file",
        ));
    };
    let configuration = first.statistics.configuration();
    for shard in &shards[1..] {
        let other = shard.statistics.configuration();
        if let Some(((what, mine), (_, theirs))) =
            configuration.iter().zip(&other).find(|(a, b)| a != b)
        {
            return Err(Error::ShardsDiffer {
                first: first.path.clone(),
                second: shard.path.clone(),
                reason: format!(
                    "they were scored differently: {what} is {mine} in {} but {theirs} in {}",
                    first.path.display(),
                    shard.path.display()
                ),
            });
        }
    }
    match first.statistics.segment_ids {
        SegmentIds::Global => {
            shards.sort_by_key(|shard| shard.statistics.first_segment);
            for pair in shards.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let end = a.statistics.first_segment + a.statistics.segments;
                if end > b.statistics.first_segment {
                    return Err(Error::ShardsDiffer {
                        first: a.path.clone(),
                        second: b.path.clone(),
                        reason: format!(
                            "their segments overlap: {} holds segments {}–{}, {} segments {}–{}",
                            a.path.display(),
                            a.statistics.first_segment,
                            end - 1,
                            b.path.display(),
                            b.statistics.first_segment,
                            b.statistics.first_segment + b.statistics.segments - 1
                        ),
                    });
                }
                if end < b.statistics.first_segment {
                    return Err(Error::ShardsDiffer {
                        first: a.path.clone(),
                        second: b.path.clone(),
                        reason: format!(
                            "segments {end}–{} are in neither (a shard is missing?): {} ends at \
                             segment {}, {} starts at segment {}",
                            b.statistics.first_segment - 1,
                            a.path.display(),
                            end - 1,
                            b.path.display(),
                            b.statistics.first_segment
                        ),
                    });
                }
            }
        }
        SegmentIds::Local => {
            for (i, a) in shards.iter().enumerate() {
                for b in &shards[i + 1..] {
                    let same = matches!(
                        (&a.statistics.identity, &b.statistics.identity),
                        (Some(x), Some(y)) if x.references_sha256 == y.references_sha256
                    );
                    if same {
                        return Err(Error::ShardsDiffer {
                            first: a.path.clone(),
                            second: b.path.clone(),
                            reason: format!(
                                "they hold the same segments (their references have the same SHA-256, {}); \
                                 each segment must be in one shard",
                                a.statistics
                                    .identity
                                    .as_ref()
                                    .map_or("", |i| i.references_sha256.as_str())
                            ),
                        });
                    }
                }
            }
        }
    }
    let mut shards = shards.into_iter();
    let mut merged = shards
        .next()
        .expect("at least one shard was checked")
        .statistics;
    merged.identity = None;
    for shard in shards {
        let statistics = shard.statistics;
        merged.segments += statistics.segments;
        if let (Some(documents), Some(more)) = (&mut merged.documents, statistics.documents) {
            documents.extend(more);
        }
        for (metric, more) in merged.metrics.iter_mut().zip(statistics.metrics) {
            for (matrix, more) in metric.systems.iter_mut().zip(more.systems) {
                matrix.append(more);
            }
        }
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Evaluation;
    use crate::io::{ReadOptions, TextFile};
    use crate::metrics::bleu::Bleu;
    use crate::metrics::chrf::Chrf;
    use crate::metrics::ter::Ter;
    use crate::metrics::{MetricConfig, MetricRun, RunOptions};
    use crate::tokenize::tokenizer_by_name;
    use std::ops::Range;
    use std::path::Path;

    fn lines(seed: usize, n: usize) -> Vec<String> {
        let words = [
            "the", "cat", "sat", "on", "a", "mat", "dog", "ran", "far", "away",
        ];
        (0..n)
            .map(|i| {
                let length = 1 + (i * 7 + seed * 3) % 9;
                (0..length)
                    .map(|k| words[(i * 13 + k * (seed + 1)) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn file(name: &str, segments: &[String]) -> TextFile {
        TextFile {
            path: PathBuf::from(name),
            segments: segments.to_vec(),
            warnings: Vec::new(),
        }
    }

    fn metrics(lowercase: bool) -> Vec<MetricConfig> {
        let mut bleu = Bleu::new(tokenizer_by_name("13a").unwrap());
        bleu.lowercase = lowercase;
        vec![
            MetricConfig::Bleu(bleu),
            MetricConfig::Chrf(Chrf {
                word_order: 2,
                ..Chrf::default()
            }),
            MetricConfig::Ter(Ter::default()),
        ]
    }

    /// Statistics and runs of segments `range` of a two-reference, two-system corpus.
    fn scored(
        range: Range<usize>,
        metrics: &[MetricConfig],
        offset: Option<usize>,
    ) -> (StatisticsFile, Vec<MetricRun>) {
        let n = 40;
        let streams: Vec<Vec<String>> = (0..4)
            .map(|seed| lines(seed, n)[range.clone()].to_vec())
            .collect();
        let evaluation = Evaluation::new(
            vec![file("ref.a", &streams[0]), file("ref.b", &streams[1])],
            vec![file("sys1.txt", &streams[2]), file("sys2.txt", &streams[3])],
        )
        .unwrap();
        let references = evaluation.reference_streams();
        let systems = evaluation.system_streams();
        let options = RunOptions {
            sentence_scores: false,
            statistics: true,
        };
        let mut runs: Vec<MetricRun> = metrics
            .iter()
            .map(|m| m.run(&references, &systems, options))
            .collect();
        let statistics = StatisticsFile::from_runs(
            &evaluation,
            metrics,
            &mut runs,
            ReadOptions::default(),
            offset.map(|o| o + range.start + 1),
        );
        (statistics, runs)
    }

    fn shard(name: &str, statistics: StatisticsFile) -> Shard {
        Shard {
            path: PathBuf::from(name),
            statistics,
        }
    }

    fn corpus_scores(runs: &[MetricRun]) -> Vec<(String, f64, String)> {
        runs.iter()
            .flat_map(|run| {
                run.systems.iter().map(|s| {
                    (
                        s.corpus.metric.clone(),
                        s.corpus.score,
                        format!("{:?}", s.corpus.details),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn uneven_shards_merge_to_the_scores_of_the_whole_corpus_bit_for_bit() {
        let metrics = metrics(false);
        let (_, whole) = scored(0..40, &metrics, None);
        for offset in [None, Some(0)] {
            let shards: Vec<Shard> = [0..17, 17..18, 18..40]
                .into_iter()
                .enumerate()
                .map(|(k, range)| {
                    let (statistics, _) = scored(range, &metrics, offset);
                    // Through the table, as a file stores it.
                    let table = statistics.to_table();
                    let name = format!("shard{k}");
                    shard(
                        &name,
                        StatisticsFile::from_table(Path::new(&name), &table).unwrap(),
                    )
                })
                .collect();
            let mut shards = shards;
            if offset.is_some() {
                // Global ids: the order given does not matter.
                shards.reverse();
            }
            let merged = merge_shards(shards).unwrap();
            assert_eq!(merged.segments, 40);
            assert_eq!(corpus_scores(&merged.runs()), corpus_scores(&whole));
            assert_eq!(merged.runs()[0].signature, whole[0].signature);
        }
        assert!(corpus_scores(&whole)[0].1 > 0.0);
    }

    #[test]
    fn shards_scored_differently_are_refused_naming_both_configurations() {
        let (a, _) = scored(0..10, &metrics(false), None);
        let (b, _) = scored(10..40, &metrics(true), None);
        let message = merge_shards(vec![shard("a.parquet", a), shard("b.parquet", b)])
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("a.parquet and b.parquet cannot be merged")
                && message.contains("case:mixed")
                && message.contains("case:lc"),
            "{message}"
        );
    }

    #[test]
    fn overlapping_shards_and_gaps_between_them_are_refused() {
        let metrics = metrics(false);
        let (a, _) = scored(0..10, &metrics, None);
        let message = merge_shards(vec![shard("a", a.clone()), shard("again", a)])
            .unwrap_err()
            .to_string();
        assert!(message.contains("the same segments"), "{message}");
        let (low, _) = scored(0..10, &metrics, Some(0));
        let (high, _) = scored(8..20, &metrics, Some(0));
        let message = merge_shards(vec![shard("high", high), shard("low", low)])
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("overlap: low holds segments 1–10, high segments 9–20"),
            "{message}"
        );
        let (high, _) = scored(12..20, &metrics, Some(0));
        let (low, _) = scored(0..10, &metrics, Some(0));
        let message = merge_shards(vec![shard("high", high), shard("low", low)])
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("segments 11–12 are in neither (a shard is missing?): low ends at segment 10, high starts at segment 13"),
            "{message}"
        );
    }
}
