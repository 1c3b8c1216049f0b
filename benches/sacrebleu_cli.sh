#!/usr/bin/env bash
# Times `mteval sacrebleu` against the sacreBLEU CLI on identical command lines, after checking
# that both print the same bytes (signature versions aside), and prints a Markdown table
# (best-of-N wall seconds, peak RSS, speed ratio) for BENCHMARKS.md.
#
# Cases (all WMT22 en-de systems, `-f text`):
#   BLEU+chrF   sacrebleu REF.A REF.B -i SYS… -m bleu chrf          (multi-system table)
#   paired-bs   sacrebleu REF.A -i SYS… -m bleu chrf --paired-bs    (1000 resamples)
#   paired-ar   sacrebleu REF.A -i SYS… -m bleu --paired-ar         (10000 trials)
#
# Usage: benches/sacrebleu_cli.sh [--runs N] [--wmt22 DIR]
# Environment: SACREBLEU (default `sacrebleu` on PATH), MTEVAL (a prebuilt binary; default
# target/release/mteval, built with `cargo build --release`). sacreBLEU runs once per case
# (it takes tens of seconds on the paired tests); mteval runs N times (default 3).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3
wmt22="${MTEVAL_BENCH_WMT22:-$repo/../shared/datasets/wmt22}"
sacrebleu="${SACREBLEU:-sacrebleu}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --wmt22) wmt22="${2:?--wmt22 needs a directory}"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [[ -n "${MTEVAL:-}" ]]; then
    mteval="$MTEVAL"
else
    (cd "$repo" && cargo build --release --quiet --bin mteval)
    mteval="$repo/target/release/mteval"
fi
command -v "$sacrebleu" >/dev/null || { echo "sacrebleu not found (set SACREBLEU)" >&2; exit 1; }
[[ -d "$wmt22/system-outputs" ]] || { echo "WMT22 data not found in $wmt22 (use --wmt22)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/mteval-sacrebleu-cli.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$wmt22"
refs=(references/generaltest2022.en-de.ref.A.de references/generaltest2022.en-de.ref.B.de)
mapfile -t systems < <(ls system-outputs/generaltest2022.en-de.hyp.*.de)

# Wall seconds and peak RSS (MB) of one run of "$@", stdout to $work/out.
measure() {
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/out" 2>/dev/null
    awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$work/time"
}

echo "| case | sacreBLEU s | sacreBLEU MB | mteval s | mteval MB | speed-up |"
echo "|---|---:|---:|---:|---:|---:|"
run_case() {
    local name="$1"; shift
    read -r s_time s_rss < <(NO_COLOR=1 measure "$sacrebleu" "$@")
    sed 's/2\.6\.0/VERSION/g' "$work/out" > "$work/sacrebleu.out"
    local best="" best_rss=""
    for _ in $(seq "$runs"); do
        read -r m_time m_rss < <(measure "$mteval" sacrebleu "$@")
        if [[ -z "$best" ]] || awk -v a="$m_time" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best="$m_time"; best_rss="$m_rss"
        fi
    done
    sed 's/mteval-[0-9][0-9.]*/VERSION/g' "$work/out" > "$work/mteval.out"
    if ! cmp -s "$work/sacrebleu.out" "$work/mteval.out"; then
        echo "$name: outputs differ" >&2
        diff "$work/sacrebleu.out" "$work/mteval.out" >&2 || true
        exit 1
    fi
    local ratio
    ratio="$(awk -v s="$s_time" -v m="$best" 'BEGIN { printf "%.0f", s / (m > 0 ? m : 0.01) }')"
    echo "| $name | $s_time | $s_rss | $best | $best_rss | ${ratio}× |"
}
run_case "BLEU+chrF, ${#systems[@]} systems, 2 refs" "${refs[@]}" -i "${systems[@]}" -m bleu chrf -f text
run_case "paired-bs BLEU+chrF, ${#systems[@]} systems" "${refs[0]}" -i "${systems[@]}" -m bleu chrf --paired-bs -f text
run_case "paired-ar BLEU, ${#systems[@]} systems" "${refs[0]}" -i "${systems[@]}" -m bleu --paired-ar -f text
