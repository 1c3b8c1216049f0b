#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 for the Spark tests: one master and two workers (1 core
# and 1 GiB for executors each; MTEVAL_SPARK_WORKERS=N starts N, for benchmarks), started from the
# pyspark installed in the tests' virtualenv (target/test-venv, made by tests/all.sh;
# MTEVAL_TEST_VENV overrides it). Usage, from anywhere:
#   bash tests/spark/cluster.sh start    # free ports, waits until every worker is registered
#   bash tests/spark/cluster.sh status   # the master URL and the registered workers; exit 1 if down
#   bash tests/spark/cluster.sh stop     # ends every JVM and Python worker it started
# `start` writes the master URL and the number of workers to target/spark/cluster.env
# (MTEVAL_SPARK_MASTER=spark://…, MTEVAL_SPARK_WORKERS=N), which the tests in tests/python/spark
# read when those variables are not set. Logs, executors' work
# directories and their stdout/stderr are under target/spark/. Each daemon runs in a process group
# of its own, so `stop` also ends the executors and Python workers it spawned.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="${MTEVAL_TEST_VENV:-$PWD/target/test-venv}"
spark_dir="$PWD/target/spark"
state="$spark_dir/cluster.env"
start_timeout_seconds="${MTEVAL_SPARK_START_TIMEOUT:-120}"
worker_count="${MTEVAL_SPARK_WORKERS:-2}"

# The daemons' process ids recorded in the state file, each the id of its own process group.
daemon_pids() {
    [ -f "$state" ] || return 0
    sed -n 's/^SPARK_DAEMON_PIDS="\(.*\)"$/\1/p' "$state"
}

# True while process group $1 has a member left.
group_alive() {
    pgrep -g "$1" >/dev/null 2>&1
}

# The value of setting $1 in the state file.
recorded() {
    sed -n "s/^$1=//p" "$state"
}

# The master web UI's JSON field $1 (e.g. aliveworkers), or nothing when the UI does not answer
# (Python's urllib rather than curl: the CI machine has Java and Python, nothing else is promised).
master_field() {
    local ui
    ui="$(recorded MTEVAL_SPARK_MASTER_UI)"
    "$venv/bin/python" - "$ui/json/" "$1" 2>/dev/null <<'EOF' || true
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as answer:
    print(json.load(answer)[sys.argv[2]])
EOF
}

# $1 free TCP ports on 127.0.0.1 (chosen by the kernel, released before Spark binds them).
free_ports() {
    "$venv/bin/python" - "$1" <<'EOF'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

# Starts `spark-class $@` in a new session (its own process group), output to log file $1; prints
# its process id.
launch() {
    local log="$1"
    shift
    setsid "$SPARK_HOME/bin/spark-class" "$@" >"$log" 2>&1 </dev/null &
    echo "$!"
}

# Ends every process group in the state file: SIGTERM, then SIGKILL for what is left after 20 s.
stop() {
    local pids pid waited=0
    pids="$(daemon_pids)"
    for pid in $pids; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in $pids; do
        while group_alive "$pid" && [ "$waited" -lt 40 ]; do
            sleep 0.5
            waited=$((waited + 1))
        done
        if group_alive "$pid"; then
            echo "cluster.sh: process group $pid did not stop on SIGTERM; killing it" >&2
            kill -KILL -- "-$pid" 2>/dev/null || true
        fi
    done
    rm -f "$state"
}

# Prints the last lines of every daemon log (for a start that failed).
show_logs() {
    local log
    for log in "$spark_dir"/*.log; do
        [ -f "$log" ] || continue
        echo "--- $log (last 30 lines)" >&2
        tail -n 30 "$log" >&2
    done
}

start() {
    local pid
    for pid in $(daemon_pids); do
        if group_alive "$pid"; then
            echo "cluster.sh: a cluster recorded in $state is running; run 'stop' first" >&2
            exit 1
        fi
    done
    if ! [[ "$worker_count" =~ ^[1-9][0-9]*$ ]]; then
        echo "cluster.sh: MTEVAL_SPARK_WORKERS=$worker_count is not a positive number of workers" >&2
        exit 2
    fi
    if ! command -v java >/dev/null; then
        echo "cluster.sh: java not found on PATH (Spark needs Java 17 or later)" >&2
        exit 1
    fi
    if ! SPARK_HOME="$("$venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))' 2>/dev/null)"; then
        echo "cluster.sh: pyspark is not installed in $venv (tests/all.sh installs it)" >&2
        exit 1
    fi
    export SPARK_HOME
    rm -rf "$spark_dir"
    mkdir -p "$spark_dir/conf"
    # An empty configuration directory: no spark-env.sh or spark-defaults.conf from elsewhere.
    export SPARK_CONF_DIR="$spark_dir/conf"
    export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=127.0.0.1 SPARK_PUBLIC_DNS=127.0.0.1
    export SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-256m}"
    export PYSPARK_PYTHON="$venv/bin/python"

    local ports master_port master_ui_port pids i
    read -r -a ports <<<"$(free_ports $((2 + 2 * worker_count)))"
    master_port="${ports[0]}"
    master_ui_port="${ports[1]}"
    cat >"$state" <<EOF
MTEVAL_SPARK_MASTER=spark://127.0.0.1:$master_port
MTEVAL_SPARK_MASTER_UI=http://127.0.0.1:$master_ui_port
MTEVAL_SPARK_WORKERS=$worker_count
EOF
    trap 'stop; exit 1' INT TERM
    pids="$(launch "$spark_dir/master.log" org.apache.spark.deploy.master.Master \
        --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui_port")"
    echo "SPARK_DAEMON_PIDS=\"$pids\"" >>"$state"
    for i in $(seq 1 "$worker_count"); do
        mkdir -p "$spark_dir/worker-$i"
        pid="$(launch "$spark_dir/worker-$i.log" org.apache.spark.deploy.worker.Worker \
            --host 127.0.0.1 --port "${ports[2 * i]}" --webui-port "${ports[2 * i + 1]}" \
            --cores 1 --memory 1g --work-dir "$spark_dir/worker-$i" \
            "spark://127.0.0.1:$master_port")"
        pids="$pids $pid"
        sed -i "s/^SPARK_DAEMON_PIDS=.*/SPARK_DAEMON_PIDS=\"$pids\"/" "$state"
    done

    local deadline=$((SECONDS + start_timeout_seconds))
    while [ "$(master_field aliveworkers)" != "$worker_count" ]; do
        for pid in $pids; do
            if ! group_alive "$pid"; then
                echo "cluster.sh: a Spark daemon (pid $pid) exited during start" >&2
                show_logs
                stop
                exit 1
            fi
        done
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "cluster.sh: $worker_count workers not registered after ${start_timeout_seconds}s" >&2
            show_logs
            stop
            exit 1
        fi
        sleep 0.5
    done
    trap - INT TERM
    echo "cluster.sh: master spark://127.0.0.1:$master_port with $worker_count workers (logs in $spark_dir)"
}

status() {
    if [ -z "$(daemon_pids)" ]; then
        echo "cluster.sh: not running"
        exit 1
    fi
    grep '^MTEVAL_SPARK_' "$state"
    echo "alive workers: $(master_field aliveworkers)"
    local pid
    for pid in $(daemon_pids); do
        if group_alive "$pid"; then
            echo "process group $pid: running"
        else
            echo "process group $pid: gone"
        fi
    done
    [ "$(master_field aliveworkers)" = "$(recorded MTEVAL_SPARK_WORKERS)" ]
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
    echo "usage: bash tests/spark/cluster.sh start|stop|status" >&2
    exit 2
    ;;
esac
