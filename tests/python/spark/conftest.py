"""The `spark` fixture: a SparkSession on the standalone cluster of tests/spark/cluster.sh.

The master URL and the number of workers come from MTEVAL_SPARK_MASTER and MTEVAL_SPARK_WORKERS,
or else from the state file that `cluster.sh start` writes (target/spark/cluster.env). Without pyspark, Java or a running cluster the tests skip with
the reason, unless MTEVAL_REQUIRE_SHARED=1 (CI), which makes that a failure. Only `spark://` masters
are accepted: the distributed tests never fall back to `local[*]`.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
CLUSTER_STATE = REPOSITORY / "target" / "spark" / "cluster.env"


def skip_or_fail(reason):
    """Skips the test with `reason`, or fails it under MTEVAL_REQUIRE_SHARED=1 (CI)."""
    if os.environ.get("MTEVAL_REQUIRE_SHARED") == "1":
        pytest.fail(f"MTEVAL_REQUIRE_SHARED=1 but {reason}", pytrace=False)
    pytest.skip(
        f"{reason}; the Spark tests did not run "
        "(CI sets MTEVAL_REQUIRE_SHARED=1 to make this an error)"
    )


def cluster_setting(name):
    """The environment variable `name`, or the value `cluster.sh start` recorded for it, or None."""
    value = os.environ.get(name)
    if value:
        return value
    if CLUSTER_STATE.is_file():
        for line in CLUSTER_STATE.read_text().splitlines():
            key, _, recorded = line.partition("=")
            if key == name:
                return recorded
    return None


@pytest.fixture(scope="session")
def spark_workers():
    """How many workers the test cluster has (cluster.sh starts two, of one core each)."""
    return int(cluster_setting("MTEVAL_SPARK_WORKERS") or 2)


@pytest.fixture(scope="session")
def spark(spark_workers):
    """A SparkSession on the test cluster whose executors run this interpreter (the test venv's),
    one executor of one core per worker, that waits for all of them before its first job."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        skip_or_fail(f"pyspark is not importable from {sys.executable} (tests/all.sh installs it)")
    if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
        skip_or_fail("java is not on PATH and JAVA_HOME is not set (Spark needs Java 17 or later)")
    url = cluster_setting("MTEVAL_SPARK_MASTER")
    if url is None:
        skip_or_fail(
            "MTEVAL_SPARK_MASTER is not set and no cluster is running "
            "(start one with: bash tests/spark/cluster.sh start)"
        )
    if not url.startswith("spark://"):
        pytest.fail(f"MTEVAL_SPARK_MASTER={url} is not a standalone master (spark://host:port)")

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # PySpark takes the executors' interpreter from this variable when the driver is a Python
    # process (spark.pyspark.python only reaches it through spark-submit).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master(url)
        .appName("mteval-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "512m")
        .config("spark.executor.memory", "512m")
        .config("spark.ui.enabled", "false")
        .config("spark.cores.max", str(spark_workers))
        .config("spark.executor.cores", "1")
        # Standalone mode waits for executors only when spark.cores.max says how many to expect.
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()
