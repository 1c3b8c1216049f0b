"""mteval.spark.score against single-process `mteval score`: BLEU + chrF of the same segments,
in segments per second per core, and where the difference goes.

The segments are benches/spark_arrow_floor.py's: the WMT22 en-de systems against reference A,
repeated to --segments rows, in target/spark-bench/pairs-N.parquet (written once), and the same
pairs as two text files beside it for the CLI. Three measurements, each checked to give the
same BLEU and chrF:

- `cli`: `target/release/mteval score -j 1 -m bleu,chrf` on the text files (one thread);
- `in-process`: mteval.spark's per-batch function (Arrow batch → Python strings → Rust statistics
  → Arrow columns) over the Parquet file's batches in this process, one thread: the Python
  package's cost without Spark;
- `spark`: `mteval.spark.score(df, by=[])` on the cluster of tests/spark/cluster.sh (start it
  first, MTEVAL_SPARK_WORKERS=1 or 2), each executor's Rust limited to one thread
  (RAYON_NUM_THREADS=1, as the executor has one core).

benches/spark_arrow_floor.py measures the Spark + Arrow + Python floor with no metric. Usage:
    target/test-venv/bin/python benches/spark_score.py [--segments N] [--runs R] [--skip-cli]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spark_arrow_floor import REPOSITORY, pairs_file, recorded, session  # noqa: E402

CLI = REPOSITORY / "target" / "release" / "mteval"
METRICS = ["bleu", "chrf"]


def text_files(parquet):
    """The hypotheses and references of `parquet` as one-segment-a-line files beside it."""
    hypotheses, references = parquet.with_suffix(".hyp.txt"), parquet.with_suffix(".ref.txt")
    if not hypotheses.exists():
        table = pq.read_table(parquet, columns=["hyp", "ref"])
        for path, column in ((hypotheses, "hyp"), (references, "ref")):
            path.write_text("".join(f"{line}\n" for line in table.column(column).to_pylist()), encoding="utf-8")
    return hypotheses, references


def cpu_seconds(sessions):
    """The CPU time (user + system, with that of reaped children) of the cluster's processes
    (the daemons' `sessions`: workers, executors, Python workers, whose daemon leaves the
    process group but not the session) and of this process's group (the driver and its JVM)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) in sessions or int(fields[2]) == os.getpgrp():
            total += sum(int(value) for value in fields[11:15])
    return total / tick


def cli_scores(parquet):
    """Seconds and CPU seconds of `mteval score -j 1`, and its BLEU and chrF."""
    import json
    import resource

    hypotheses, references = text_files(parquet)
    began = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(
        [str(CLI), "score", "-j", "1", "-r", str(references), str(hypotheses), "-m", ",".join(METRICS),
         "--format", "json"],
        check=True, capture_output=True,
    ).stdout
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, {r["metric"]: r["score"] for r in json.loads(output)["results"]}


def in_process_scores(parquet):
    """Seconds and CPU seconds of mteval.spark's batch function over the Parquet batches here,
    and the scores."""
    from pyspark.sql.pandas.types import from_arrow_schema

    from mteval import spark as mteval_spark

    checked = mteval_spark.plan(from_arrow_schema(pq.read_schema(parquet)), "hyp", ["ref"], [], METRICS, {})
    began, cpu = time.perf_counter(), time.process_time()
    batches = pq.ParquetFile(parquet).iter_batches(batch_size=10_000, columns=checked.inputs)
    sums = None
    for batch in checked.function(batches):
        totals = [column.to_numpy().sum() for column in batch.columns]
        sums = totals if sums is None else [a + b for a, b in zip(sums, totals)]
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    scores, start = {}, 0
    for _, metric, names in checked.metrics:
        scores[metric._native_metric.name] = metric.score_stats(sums[start : start + len(names)]).score
        start += len(names)
    return seconds, cpu, scores


def spark_scores(parquet, workers):
    """Seconds and CPU seconds (of the cluster's and the driver's processes) of
    mteval.spark.score on the cluster, and the scores."""
    import mteval.spark

    spark = session(
        "mteval-spark-score",
        workers,
        **{"spark.executorEnv.RAYON_NUM_THREADS": "1", "spark.ui.showConsoleProgress": "false"},
    )
    df = spark.read.parquet(str(parquet))
    partitions = df.rdd.getNumPartitions()
    sessions = {int(pid) for pid in recorded("SPARK_DAEMON_PIDS").strip('"').split()}
    began, cpu = time.perf_counter(), cpu_seconds(sessions)
    rows = mteval.spark.score(df, by=[], metrics=METRICS).collect()
    seconds, cpu = time.perf_counter() - began, cpu_seconds(sessions) - cpu
    return seconds, cpu, {row["metric"]: row["score"] for row in rows}, partitions, spark


def report(what, segments, seconds, cpu, cores, scores):
    print(
        f"{what}: {seconds:.1f} s, {segments / seconds:,.0f} segments/s, "
        f"{segments / seconds / cores:,.0f} per core; {cpu:.1f} CPU s, "
        f"{segments / cpu:,.0f} segments per CPU second  "
        + "  ".join(f"{name} {score:.6f}" for name, score in sorted(scores.items()))
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--skip-cli", action="store_true", help="only the cluster runs")
    args = parser.parse_args()

    os.environ["RAYON_NUM_THREADS"] = "1"
    parquet = pairs_file(args.segments)
    workers = int(recorded("MTEVAL_SPARK_WORKERS"))
    print(f"{args.segments:,} segments ({parquet.stat().st_size / 1e6:.0f} MB Parquet); load {os.getloadavg()}")
    expected = None
    if not args.skip_cli:
        seconds, cpu, expected = cli_scores(parquet)
        report("cli (1 thread)", args.segments, seconds, cpu, 1, expected)
        seconds, cpu, scores = in_process_scores(parquet)
        report("in-process mteval.spark batches (1 thread)", args.segments, seconds, cpu, 1, scores)
        assert all(abs(scores[m] - expected[m]) <= 1e-9 for m in expected), (scores, expected)
    spark = None
    for run in range(1, args.runs + 1):
        seconds, cpu, scores, partitions, spark = spark_scores(parquet, workers)
        report(
            f"spark run {run} ({workers} worker(s) of 1 core, {partitions} partitions)",
            args.segments, seconds, cpu, workers, scores,
        )
        if expected is not None:
            assert all(abs(scores[m] - expected[m]) <= 1e-9 for m in expected), (scores, expected)
        print(f"  load {os.getloadavg()}")
    spark.stop()


if __name__ == "__main__":
    main()
