//! `mteval merge`: scores (or significance comparisons) from statistics files written by
//! `mteval score --emit-stats`, e.g. one per shard of a corpus: what `mteval score` (or
//! `mteval compare`) prints for the whole data.

use super::compare::{compare_and_render, comparison_options, TestArgs};
use super::inputs::LoadedInputs;
use super::score::{render_corpus_scores, OutputArgs};
use clap::Args;
use mteval::corpus::{Evaluation, SegmentInfo, System};
use mteval::error::Result;
use mteval::io::parquet_table::read_parquet;
use mteval::io::TextFile;
use mteval::metrics::shards::{merge_shards, Shard};
use mteval::metrics::statistics_file::StatisticsFile;
use mteval::stats::comparison::{MetricInput, MetricSystems};
use mteval::stats::resample::Scorer;
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Statistics files (`mteval score --emit-stats`), in corpus order unless they have global
    /// segment ids (--segment-offset).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Print what `mteval compare` prints (significance against the first system) instead of
    /// what `mteval score` prints.
    #[arg(long)]
    compare: bool,
    #[command(flatten)]
    test: TestArgs,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: MergeArgs) -> Result<String> {
    let shards = args
        .files
        .par_iter()
        .map(|path| {
            let table = read_parquet(path)?;
            Ok(Shard {
                path: path.clone(),
                statistics: StatisticsFile::from_table(path, &table)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let merged = merge_shards(shards)?;
    let inputs = loaded_inputs(&merged);
    let runs = merged.runs();
    if !args.compare {
        return Ok(render_corpus_scores(&args.output, &inputs, runs));
    }
    let options = comparison_options(
        &args.test,
        &inputs,
        merged.segments,
        args.files.first().map(PathBuf::as_path),
    )?;
    let metric_inputs = merged
        .metrics
        .into_iter()
        .zip(runs)
        .map(|(statistics, run)| MetricInput {
            systems: MetricSystems {
                metric: run.name,
                scorer: Scorer::Metric(statistics.metric),
                scores: run.systems.iter().map(|s| s.corpus.score).collect(),
                statistics: statistics.systems,
            },
            signature: run.signature,
        })
        .collect();
    Ok(compare_and_render(
        &args.test,
        &args.output,
        &inputs,
        &options,
        metric_inputs,
    ))
}

/// The systems and documents of merged statistics, as the renderers of `score` and `compare`
/// take them (no segment texts: the statistics stand for them).
fn loaded_inputs(merged: &StatisticsFile) -> LoadedInputs {
    let systems = merged
        .systems
        .iter()
        .map(|entry| System {
            name: entry.name.clone(),
            file: TextFile {
                path: PathBuf::from(&entry.file),
                segments: Vec::new(),
                warnings: Vec::new(),
            },
        })
        .collect();
    let segments = merged.documents.as_ref().map(|documents| {
        documents
            .iter()
            .map(|document| SegmentInfo {
                document: document.clone(),
                ..SegmentInfo::default()
            })
            .collect()
    });
    LoadedInputs {
        evaluation: Evaluation {
            references: Vec::new(),
            systems,
            segments,
        },
        reading: merged.reading,
        alignment: Vec::new(),
    }
}
