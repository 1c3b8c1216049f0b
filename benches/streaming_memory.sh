#!/usr/bin/env bash
# Peak memory (RSS) of `mteval score` with corpus scores only — read in a bounded window,
# keeping only running sums — on the large corpus (every WMT22 output, 316,517 lines, 73 MB)
# and on the same corpus repeated 5 times: memory must not grow with the corpus (goal: at most
# 100 MB for both). Peak RSS does not depend on the machine's load, so this runs anywhere.
#
# Usage: benches/streaming_memory.sh [--data-dir DIR] [--wmt22 DIR]
#   --data-dir DIR where big.hyp/big.ref and big5.hyp/big5.ref are (built there if missing;
#                  default $MTEVAL_BENCH_DIR, else ${TMPDIR:-/tmp}/mteval-bench)
#   --wmt22 DIR    the WMT22 data (default $MTEVAL_BENCH_WMT22, else ../shared/datasets/wmt22
#                  next to the repository)
# Environment: MTEVAL (a prebuilt binary; default: target/release/mteval, built with
# `cargo build --release`).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${MTEVAL_BENCH_DIR:-${TMPDIR:-/tmp}/mteval-bench}"
wmt22="${MTEVAL_BENCH_WMT22:-$repo/../shared/datasets/wmt22}"
goal_mb=100

while [[ $# -gt 0 ]]; do
    case "$1" in
        --data-dir) data_dir="${2:?--data-dir needs a directory}"; shift 2 ;;
        --wmt22) wmt22="${2:?--wmt22 needs a directory}"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [[ ! -x /usr/bin/time ]]; then
    echo "/usr/bin/time (GNU time) is needed to measure peak RSS" >&2
    exit 1
fi
# shellcheck source=benches/large_corpus.sh
source "$repo/benches/large_corpus.sh"
mteval="$(mteval_binary "$repo")"
ensure_large_corpus "$data_dir" "$wmt22"
ensure_repeated_corpus "$data_dir" 5

work="$(mktemp -d "${TMPDIR:-/tmp}/mteval-memory.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "| corpus | lines | MB (hyp + ref) | metrics | wall s | peak RSS MB | score | ≤ $goal_mb MB |"
echo "|---|---:|---:|---|---:|---:|---|---|"
failed=0
for corpus in big big5; do
    hyp="$data_dir/$corpus.hyp"
    ref="$data_dir/$corpus.ref"
    lines=$(wc -l <"$hyp")
    mb=$(( ($(stat -c %s "$hyp") + $(stat -c %s "$ref")) / 1000000 ))
    for metrics in bleu chrf bleu,chrf,ter; do
        /usr/bin/time -f '%e %M' -o "$work/time" \
            "$mteval" score -r "$ref" -m "$metrics" -w 4 "$hyp" >"$work/out"
        read -r seconds kb <"$work/time"
        peak=$((kb / 1024))
        scores=$(sed 's/^[^=]*= *\([0-9.]*\).*/\1/' "$work/out" | paste -sd/ -)
        verdict=ok
        if ((peak > goal_mb)); then
            verdict=OVER
            failed=1
        fi
        echo "| $corpus | $lines | $mb | $metrics | $seconds | $peak | $scores | $verdict |"
    done
done
exit "$failed"
