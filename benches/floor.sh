#!/usr/bin/env bash
# mteval against the floor: the time to read both files of the large corpus and count their
# words (`wc -w`), against `mteval score` BLEU and chrF on the same files (every WMT22 output
# concatenated, 316,517 lines, 36 + 37 MB). Prints best-of-N wall times and the ratios
# (goals: BLEU ≤ 1.2×, chrF ≤ 1.5× `wc -w`). Wall times need an idle machine.
#
# Usage: benches/floor.sh [--runs N] [--data-dir DIR] [--wmt22 DIR]
#   --runs N       runs per command; the best (lowest) wall time counts (default 5)
#   --data-dir DIR where big.hyp/big.ref are (built there if missing; default
#                  $MTEVAL_BENCH_DIR, else ${TMPDIR:-/tmp}/mteval-bench)
#   --wmt22 DIR    the WMT22 data (default $MTEVAL_BENCH_WMT22, else ../shared/datasets/wmt22
#                  next to the repository)
# Environment: MTEVAL (a prebuilt binary; default: target/release/mteval, built with
# `cargo build --release`).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5
data_dir="${MTEVAL_BENCH_DIR:-${TMPDIR:-/tmp}/mteval-bench}"
wmt22="${MTEVAL_BENCH_WMT22:-$repo/../shared/datasets/wmt22}"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --data-dir) data_dir="${2:?--data-dir needs a directory}"; shift 2 ;;
        --wmt22) wmt22="${2:?--wmt22 needs a directory}"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
    echo "--runs must be a positive integer, not '$runs'" >&2
    exit 2
fi
# shellcheck source=benches/large_corpus.sh
source "$repo/benches/large_corpus.sh"
mteval="$(mteval_binary "$repo")"
ensure_large_corpus "$data_dir" "$wmt22"
hyp="$data_dir/big.hyp"
ref="$data_dir/big.ref"

# best_of CMD...: the lowest wall time (s) of $runs runs of CMD (output discarded).
best_of() {
    local i start end seconds best=""
    for ((i = 0; i < runs; i++)); do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
        if [[ -z "$best" ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best="$seconds"
        fi
    done
    echo "$best"
}

floor=$(best_of wc -w "$hyp" "$ref")
bleu=$(best_of "$mteval" score -r "$ref" -m bleu "$hyp")
chrf=$(best_of "$mteval" score -r "$ref" -m chrf "$hyp")
ratio() { awk -v a="$1" -v b="$floor" 'BEGIN { printf "%.2f", a / b }'; }

echo "large corpus: $(wc -l <"$hyp") lines; best of $runs runs; locale ${LC_ALL:-${LANG:-unset}}; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| command | wall s | / wc -w | goal |"
echo "|---|---:|---:|---:|"
echo "| wc -w (both files) | $floor | 1.00 | |"
echo "| mteval score -m bleu | $bleu | $(ratio "$bleu") | ≤ 1.2 |"
echo "| mteval score -m chrf | $chrf | $(ratio "$chrf") | ≤ 1.5 |"
