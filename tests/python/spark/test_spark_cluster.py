"""The test cluster itself: a mapInArrow job whose Arrow batches reach Python on every worker's
executor, run by the test venv's interpreter, and whose results Spark sums."""

import sys

from pyspark.sql import functions as F

ROWS = 5000
PARTITIONS = 8


def test_map_in_arrow_runs_on_every_worker_and_spark_sums_the_batches(spark, spark_workers):
    assert spark_workers >= 2, "the distributed tests need a cluster of two workers or more"
    # Defined here, not at module level: cloudpickle ships a nested function by value, while a
    # module-level one would be imported by name on the executors, where this module is not.
    def batch_totals(batches):
        """Per Arrow batch: its row count, the sum of its `id` column, and where it ran (the
        executor's working directory, .../worker-N/app-…/EXECUTOR_ID, and the Python
        environment's prefix)."""
        import os
        import sys

        import pyarrow as pa
        import pyarrow.compute as pc

        for batch in batches:
            yield pa.RecordBatch.from_pydict(
                {
                    "rows": [batch.num_rows],
                    "id_sum": [pc.sum(batch.column("id")).as_py() or 0],
                    "executor_dir": [os.getcwd()],
                    "python_prefix": [sys.prefix],
                },
                schema=pa.schema(
                    [
                        ("rows", pa.int64()),
                        ("id_sum", pa.int64()),
                        ("executor_dir", pa.string()),
                        ("python_prefix", pa.string()),
                    ]
                ),
            )

    ids = spark.range(0, ROWS, numPartitions=PARTITIONS)
    assert ids.rdd.getNumPartitions() == PARTITIONS
    totals = ids.mapInArrow(
        batch_totals, "rows long, id_sum long, executor_dir string, python_prefix string"
    ).cache()

    summed = totals.agg(F.sum("rows").alias("rows"), F.sum("id_sum").alias("id_sum")).collect()[0]
    assert summed["rows"] == ROWS
    assert summed["id_sum"] == ROWS * (ROWS - 1) // 2

    places = totals.select("executor_dir", "python_prefix").distinct().collect()
    workers = {row["executor_dir"].split("/")[-3] for row in places}
    assert workers == {f"worker-{i}" for i in range(1, spark_workers + 1)}, places
    assert {row["python_prefix"] for row in places} == {sys.prefix}

    # The driver and one executor per worker.
    assert spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size() == 1 + spark_workers
