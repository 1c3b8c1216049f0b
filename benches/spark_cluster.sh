#!/usr/bin/env bash
# Times the Spark test cluster (tests/spark/cluster.sh) and the Spark tests on it, and samples the
# resident memory of its processes every 0.5 s: prints the seconds to start the cluster, to run
# `pytest tests/python/spark`, and to stop it, then the peak RSS (MiB) of each kind of process
# (master, workers, executors, the driver's JVM, the executors' Python workers) and of all of them
# together. Needs the test virtualenv with pyspark (bash tests/all.sh makes it).
# Usage, from anywhere: bash benches/spark_cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${MTEVAL_TEST_VENV:-$PWD/target/test-venv}"
samples="$(mktemp)"
stop_file="$(mktemp -u)"

# Appends "KIND RSS_KB" lines for each sample, one "--" line between samples, until $stop_file exists.
sample_memory() {
    while [ ! -e "$stop_file" ]; do
        ps -eo rss=,args= | awk '
            /deploy\.master\.Master/ { print "master", $1; next }
            /deploy\.worker\.Worker/ { print "worker", $1; next }
            /CoarseGrainedExecutorBackend/ { print "executor", $1; next }
            /deploy\.SparkSubmit/ { print "driver-jvm", $1; next }
            /pyspark\.daemon|pyspark\.worker/ { print "python-worker", $1; next }'
        echo "--"
        sleep 0.5
    done >>"$samples"
}

sample_memory &
sampler=$!
trap 'touch "$stop_file"; wait "$sampler" 2>/dev/null || true; bash tests/spark/cluster.sh stop; rm -f "$samples" "$stop_file"' EXIT

seconds_since() {
    echo "$(date +%s.%N) - $1" | bc
}

began="$(date +%s.%N)"
bash tests/spark/cluster.sh start >/dev/null
echo "start: $(seconds_since "$began") s"
began="$(date +%s.%N)"
MTEVAL_SPARK_MASTER="$(sed -n 's/^MTEVAL_SPARK_MASTER=//p' target/spark/cluster.env)" \
    "$venv/bin/python" -m pytest -q tests/python/spark | tail -n 1
echo "tests: $(seconds_since "$began") s"
began="$(date +%s.%N)"
bash tests/spark/cluster.sh stop
echo "stop: $(seconds_since "$began") s"

touch "$stop_file"
wait "$sampler"
awk '
    $0 == "--" { for (k in now) if (now[k] > peak[k]) peak[k] = now[k]
                 if (total > peak_total) peak_total = total
                 delete now; total = 0; next }
    { now[$1] += $2; total += $2 }
    END { for (k in peak) printf "peak RSS %s: %d MiB\n", k, peak[k] / 1024
          printf "peak RSS all: %d MiB\n", peak_total / 1024 }' "$samples" | sort
