"""The cost of Spark around mteval.spark's statistics, with no metric computed: segments per second
of a job that reads hypothesis/reference pairs from Parquet and hands them to Python as Arrow
batches (`mapInArrow`) that only count them, summed by Spark — the floor under any metric run the
same way on the same cluster. Also times the same read done in the JVM alone (the summed lengths
of both columns), so that the difference is what the Arrow transfer and the Python workers cost.

The pairs are the WMT22 en-de systems and reference A from ../shared/datasets, repeated to
--segments rows and written once to target/spark-bench/. Runs on the cluster of
tests/spark/cluster.sh (start it first; MTEVAL_SPARK_WORKERS=1 or 2 for the two cases). Usage:
    target/test-venv/bin/python benches/spark_arrow_floor.py [--segments N] [--runs R]
"""

import argparse
import os
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

REPOSITORY = Path(__file__).resolve().parents[1]
WMT22 = REPOSITORY / "../shared/datasets/wmt22"
CLUSTER_STATE = REPOSITORY / "target" / "spark" / "cluster.env"


def recorded(name):
    """A setting that tests/spark/cluster.sh recorded for the running cluster."""
    for line in CLUSTER_STATE.read_text().splitlines():
        key, _, value = line.partition("=")
        if key == name:
            return value
    sys.exit(f"{CLUSTER_STATE} has no {name}: start the cluster with tests/spark/cluster.sh start")


def pairs_file(segments):
    """target/spark-bench/pairs-N.parquet: (system, hyp, ref) rows, the WMT22 en-de systems
    against reference A, repeated to `segments` rows; written when missing."""
    path = REPOSITORY / "target" / "spark-bench" / f"pairs-{segments}.parquet"
    if path.exists():
        return path
    reference = (WMT22 / "references/generaltest2022.en-de.ref.A.de").read_text().splitlines()
    systems, hypotheses, references = [], [], []
    for hypothesis_file in sorted((WMT22 / "system-outputs").glob("generaltest2022.en-de.hyp.*")):
        lines = hypothesis_file.read_text().splitlines()
        systems += [hypothesis_file.name.split(".")[3]] * len(lines)
        hypotheses += lines
        references += reference
    repeats = -(-segments // len(hypotheses))
    table = pa.table({"system": systems, "hyp": hypotheses, "ref": references})
    table = pa.concat_tables([table] * repeats).slice(0, segments)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, row_group_size=65536)
    return path


def session(name, workers, **settings):
    """A SparkSession on the running test cluster whose executors run this interpreter, one
    executor of one core per worker, with extra Spark `settings`."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(recorded("MTEVAL_SPARK_MASTER"))
        .appName(name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.memory", "512m")
        .config("spark.executor.memory", "512m")
        .config("spark.ui.enabled", "false")
        .config("spark.cores.max", str(workers))
        .config("spark.executor.cores", "1")
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
    )
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    workers = int(recorded("MTEVAL_SPARK_WORKERS"))
    path = pairs_file(args.segments)
    spark = session("mteval-arrow-floor", workers)
    from pyspark.sql import functions as F

    def count_pairs(batches):
        import pyarrow as pa
        import pyarrow.compute as pc

        for batch in batches:
            yield pa.RecordBatch.from_pydict(
                {
                    "segments": [batch.num_rows],
                    "bytes": [
                        pc.sum(pc.binary_length(batch.column("hyp"))).as_py()
                        + pc.sum(pc.binary_length(batch.column("ref"))).as_py()
                    ],
                },
                schema=pa.schema([("segments", pa.int64()), ("bytes", pa.int64())]),
            )

    pairs = spark.read.parquet(str(path))
    print(
        f"{args.segments} segments, {pairs.rdd.getNumPartitions()} partitions, "
        f"{workers} worker(s) of 1 core"
    )
    for run in range(1, args.runs + 1):
        began = time.perf_counter()
        characters = pairs.agg(F.sum(F.length("hyp") + F.length("ref"))).collect()[0][0]
        scan = time.perf_counter() - began
        assert characters > args.segments
        began = time.perf_counter()
        totals = (
            pairs.select("hyp", "ref")
            .mapInArrow(count_pairs, "segments long, bytes long")
            .agg(F.sum("segments").alias("segments"), F.sum("bytes").alias("bytes"))
            .collect()[0]
        )
        arrow = time.perf_counter() - began
        assert totals["segments"] == args.segments
        print(
            f"run {run}: JVM scan {scan:.2f} s; scan + Arrow to Python + sum {arrow:.2f} s = "
            f"{args.segments / arrow / workers:,.0f} segments/s per core "
            f"({totals['bytes'] / arrow / workers / 1e6:.1f} MB/s per core)"
        )
    spark.stop()


if __name__ == "__main__":
    main()
