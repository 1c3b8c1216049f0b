#!/usr/bin/env bash
# Times whole commands: mteval (release build) against the sacreBLEU CLI on the same files,
# and prints a Markdown table (best-of-N wall seconds, peak RSS, speed ratios) that can be
# pasted into BENCHMARKS.md, after checking that both tools print the same scores.
#
# Cases:
#   en-de BLEU+chrF  all WMT22 en-de systems against references A and B (multi-system mode)
#   en-de TER        the same with TER
#   en-de compare    `mteval compare` vs `sacrebleu --paired-bs`, BLEU+chrF, reference A (slow)
#   en-ja BLEU       all WMT22 en-ja systems, `-l en-ja` (ja-mecab; skipped when mteval finds no
#                    MeCab dictionary, e.g. no `pip install sacrebleu[ja]`)
#   large BLEU       big.hyp vs big.ref (every WMT22 output and its first reference), one system
#   large chrF       the same with chrF; both large cases are also compared to `wc -w`
#
# Usage: benches/compare_sacrebleu.sh [--runs N] [--skip-slow] [--data-dir DIR] [--wmt22 DIR]
#   --runs N       runs per command, the best (lowest) wall time is reported (default 3)
#   --skip-slow    do not run sacreBLEU on en-de TER (~20 s), the paired bootstrap (~40 s)
#                  and the large corpus
#                  (~30 s / 2.4 GB for BLEU, ~96 s / 11 GB for chrF)
#   --data-dir DIR where big.hyp/big.ref are (built there if missing; default
#                  $MTEVAL_BENCH_DIR, else ${TMPDIR:-/tmp}/mteval-bench)
#   --wmt22 DIR    the WMT22 data (default $MTEVAL_BENCH_WMT22, else ../shared/datasets/wmt22
#                  next to the repository)
# Environment: SACREBLEU (default `sacrebleu` on PATH), MTEVAL (a prebuilt binary; default:
# target/release/mteval, built with `cargo build --release`), PYTHON (for the score check;
# default python3). The slow sacreBLEU commands (TER, large corpus) run once, not N times.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3
skip_slow=0
data_dir="${MTEVAL_BENCH_DIR:-${TMPDIR:-/tmp}/mteval-bench}"
wmt22="${MTEVAL_BENCH_WMT22:-$repo/../shared/datasets/wmt22}"
sacrebleu="${SACREBLEU:-sacrebleu}"
python="${PYTHON:-python3}"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --runs=*) runs="${1#*=}"; shift ;;
        --skip-slow) skip_slow=1; shift ;;
        --data-dir) data_dir="${2:?--data-dir needs a directory}"; shift 2 ;;
        --data-dir=*) data_dir="${1#*=}"; shift ;;
        --wmt22) wmt22="${2:?--wmt22 needs a directory}"; shift 2 ;;
        --wmt22=*) wmt22="${1#*=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
    echo "--runs must be a positive integer, not '$runs'" >&2
    exit 2
fi
if [[ ! -d "$wmt22/system-outputs" || ! -d "$wmt22/references" ]]; then
    echo "WMT22 data not found in $wmt22 (use --wmt22 DIR)" >&2
    exit 1
fi
wmt22="$(cd "$wmt22" && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/mteval-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------- tools

if [[ -n "${MTEVAL:-}" ]]; then
    mteval="$MTEVAL"
else
    echo "building mteval (cargo build --release) ..." >&2
    (cd "$repo" && cargo build --release --quiet --bin mteval)
    mteval="$repo/target/release/mteval"
fi
if [[ ! -x "$mteval" ]]; then
    echo "mteval binary not found: $mteval" >&2
    exit 1
fi

have_sacrebleu=1
if ! command -v "$sacrebleu" >/dev/null 2>&1; then
    have_sacrebleu=0
fi

have_time=1
if [[ ! -x /usr/bin/time ]]; then
    have_time=0
fi

# ---------------------------------------------------------------- data

# shellcheck source=benches/large_corpus.sh
source "$repo/benches/large_corpus.sh"
ensure_large_corpus "$data_dir" "$wmt22"
big_hyp="$data_dir/big.hyp"
big_ref="$data_dir/big.ref"

ende_ref_a="$wmt22/references/generaltest2022.en-de.ref.A.de"
ende_ref_b="$wmt22/references/generaltest2022.en-de.ref.B.de"
mapfile -t ende_systems < <(LC_ALL=C ls -1 "$wmt22"/system-outputs/generaltest2022.en-de.hyp.*.de)
enja_ref="$wmt22/references/generaltest2022.en-ja.ref.A.ja"
mapfile -t enja_systems < <(LC_ALL=C ls -1 "$wmt22"/system-outputs/generaltest2022.en-ja.hyp.*.ja)

# ---------------------------------------------------------------- timing

# time_cmd KEY N CMD...: runs CMD N times (stdout to $work/KEY.out, stderr to $work/KEY.err),
# and records the best wall time (s) and the largest peak RSS (MB) in wall[KEY], rss[KEY].
declare -A wall rss
time_cmd() {
    local key="$1" n="$2" i start end seconds kb best="" peak=0
    shift 2
    for ((i = 0; i < n; i++)); do
        start=$(date +%s%N)
        if [[ $have_time == 1 ]]; then
            /usr/bin/time -f '%e %M' -o "$work/$key.time" "$@" >"$work/$key.out" 2>"$work/$key.err" ||
                { echo "command failed ($key): $*" >&2; cat "$work/$key.err" >&2; return 1; }
        else
            "$@" >"$work/$key.out" 2>"$work/$key.err" ||
                { echo "command failed ($key): $*" >&2; cat "$work/$key.err" >&2; return 1; }
        fi
        end=$(date +%s%N)
        seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
        if [[ -z "$best" ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best="$seconds"
        fi
        if [[ $have_time == 1 ]]; then
            kb=$(awk 'END { print $2 }' "$work/$key.time")
            if ((kb > peak)); then
                peak=$kb
            fi
        fi
    done
    wall[$key]="$best"
    if [[ $have_time == 1 ]]; then
        rss[$key]=$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')
    else
        rss[$key]="n/a"
    fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "n/a" }'; }

# ---------------------------------------------------------------- runs

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

slow_runs=1
declare -a rows
note_skipped=()

run_case() { # run_case CASE KEY SLOW SACREBLEU-ARGS... -- MTEVAL-ARGS...
    local name="$1" key="$2" slow="$3" sacre_args=() mteval_args=()
    shift 3
    while [[ $# -gt 0 && "$1" != "--" ]]; do sacre_args+=("$1"); shift; done
    shift
    mteval_args=("$@")
    echo "timing: $name ..." >&2
    time_cmd "$key.mteval" "$runs" "$mteval" "${mteval_args[@]}"
    if [[ $have_sacrebleu == 0 ]]; then
        rows+=("| $name | mteval | ${wall[$key.mteval]} | ${rss[$key.mteval]} | | |")
        return
    fi
    if [[ $slow == 1 && $skip_slow == 1 ]]; then
        note_skipped+=("$name (sacreBLEU, --skip-slow)")
        rows+=("| $name | mteval | ${wall[$key.mteval]} | ${rss[$key.mteval]} | (skipped) | |")
        return
    fi
    local n="$runs" label="sacreBLEU"
    if [[ $slow == 1 ]]; then
        n=$slow_runs
        label="sacreBLEU (1 run)"
    fi
    time_cmd "$key.sacrebleu" "$n" "$sacrebleu" "${sacre_args[@]}"
    rows+=("| $name | $label | ${wall[$key.sacrebleu]} | ${rss[$key.sacrebleu]} | | |")
    rows+=("| $name | mteval | ${wall[$key.mteval]} | ${rss[$key.mteval]} | $(ratio "${wall[$key.sacrebleu]}" "${wall[$key.mteval]}") | |")
}

run_case "en-de BLEU+chrF" ende_bc 0 \
    "$ende_ref_a" "$ende_ref_b" -i "${ende_systems[@]}" -m bleu chrf -f json -w 4 -- \
    score -r "$ende_ref_a" -r "$ende_ref_b" -m bleu,chrf -f json "${ende_systems[@]}"
run_case "en-de TER" ende_ter 1 \
    "$ende_ref_a" "$ende_ref_b" -i "${ende_systems[@]}" -m ter -f json -w 4 -- \
    score -r "$ende_ref_a" -r "$ende_ref_b" -m ter -f json "${ende_systems[@]}"

run_case "en-de compare BLEU+chrF (paired bootstrap)" ende_cmp 1 \
    "$ende_ref_a" -i "${ende_systems[@]}" -m bleu chrf --paired-bs -f text -w 4 -- \
    compare -r "$ende_ref_a" -m bleu,chrf -f json "${ende_systems[@]}"

# ja-mecab needs IPADIC: mteval finds the one `pip install sacrebleu[ja]` installed (or
# MTEVAL_MECAB_DIC); without it the case is left out. A sacreBLEU without the `[ja]` extra
# leaves mteval timed alone.
head -n 1 "$enja_ref" >"$work/enja.one"
if "$mteval" score -l en-ja -r "$work/enja.one" "$work/enja.one" >/dev/null 2>&1; then
    with_sacrebleu=$have_sacrebleu
    if [[ $have_sacrebleu == 1 ]] &&
        ! "$sacrebleu" -l en-ja "$work/enja.one" -i "$work/enja.one" -m bleu >/dev/null 2>&1; then
        have_sacrebleu=0
        note_skipped+=("en-ja BLEU (sacreBLEU cannot tokenize ja-mecab: pip install 'sacrebleu[ja]')")
    fi
    run_case "en-ja BLEU (ja-mecab)" enja 0 \
        -l en-ja "$enja_ref" -i "${enja_systems[@]}" -m bleu -f json -w 4 -- \
        score -l en-ja -r "$enja_ref" -m bleu -f json "${enja_systems[@]}"
    have_sacrebleu=$with_sacrebleu
else
    note_skipped+=("en-ja BLEU (mteval found no MeCab dictionary)")
fi

echo "timing: wc -w on the large corpus ..." >&2
time_cmd wc "$runs" wc -w "$big_hyp" "$big_ref"
rows+=("| large (both files) | wc -w | ${wall[wc]} | ${rss[wc]} | | |")
goal_bleu=1.2
goal_chrf=1.5
for metric in bleu chrf; do
    name="large BLEU"
    goal=$goal_bleu
    if [[ $metric == chrf ]]; then
        name="large chrF"
        goal=$goal_chrf
    fi
    run_case "$name" "large_$metric" 1 \
        "$big_ref" -i "$big_hyp" -m "$metric" -f json -w 4 -- \
        score -r "$big_ref" -m "$metric" -f json "$big_hyp"
    last=$((${#rows[@]} - 1))
    rows[last]="${rows[$last]% |} $(ratio "${wall[large_$metric.mteval]}" "${wall[wc]}") (goal ≤ ${goal}×) |"
done

# ---------------------------------------------------------------- score check

# check_scores KEY: compares mteval's JSON scores with sacreBLEU's (4 decimals).
check_scores() {
    local key="$1"
    [[ -s "$work/$key.sacrebleu.out" && -s "$work/$key.mteval.out" ]] || return 0
    "$python" - "$work/$key.sacrebleu.out" "$work/$key.mteval.out" <<'PY'
import json, sys

def documents(text):
    decoder, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        value, i = decoder.raw_decode(text, i)
        out.append(value)

sacre_text = open(sys.argv[1], encoding="utf-8").read()
mteval = json.load(open(sys.argv[2], encoding="utf-8"))["results"]
expected = {}
for document in documents(sacre_text):
    if isinstance(document, list):  # multi-system table: [{"system": path, "BLEU": "12.3456"}]
        for row in document:
            for metric, value in row.items():
                if metric != "system":
                    expected[(row["system"], metric)] = value
    else:  # single system: one object per metric
        expected[(None, document["name"])] = "%.4f" % document["score"]
single = all(system is None for system, _ in expected)
differences, compared = [], 0
for record in mteval:
    if record.get("segment") is not None:
        continue
    key = (None if single else record["file"], record["metric"])
    if key not in expected:
        differences.append("  %s %s: not in sacreBLEU's output" % key)
        continue
    compared += 1
    got = "%.4f" % record["score"]
    if got != expected[key]:
        differences.append("  %s %s: sacreBLEU %s, mteval %s" % (key[0] or "", key[1], expected[key], got))
if compared < len(expected):
    differences.append("  %d sacreBLEU scores missing from mteval's output" % (len(expected) - compared))
if differences:
    print("scores DIFFER (%d of %d):" % (len(differences), len(expected)))
    print("\n".join(differences[:20]))
    sys.exit(1)
print("scores agree (%d scores, 4 decimals)" % compared)
PY
}

# ---------------------------------------------------------------- report

cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
echo "## mteval vs sacreBLEU ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "- machine: $(nproc) cores, ${cpu_model:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)"
echo "- load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- mteval: $("$mteval" --version 2>&1 | head -1) ($mteval)"
if [[ $have_sacrebleu == 1 ]]; then
    echo "- sacreBLEU: $("$sacrebleu" --version 2>&1 | head -1) ($(command -v "$sacrebleu"))"
else
    echo "- sacreBLEU: not found ('$sacrebleu'; set SACREBLEU=...); timing mteval only"
fi
echo "- en-de: ${#ende_systems[@]} systems × 2 references, $(wc -l <"$ende_ref_a") segments"
echo "- en-ja: ${#enja_systems[@]} systems × 1 reference, $(wc -l <"$enja_ref") segments"
echo "- large: $(wc -l <"$big_hyp") lines, $(du -m "$big_hyp" | cut -f1) MB + $(du -m "$big_ref" | cut -f1) MB ($data_dir)"
echo "- wall: best of $runs runs; RSS: peak over the runs; locale: ${LC_ALL:-${LANG:-unset}}"
if [[ ${#note_skipped[@]} -gt 0 ]]; then
    skipped="$(printf '%s, ' "${note_skipped[@]}")"
    echo "- left out: ${skipped%, }"
fi
echo
echo "| case | tool | wall s | peak RSS MB | sacreBLEU/mteval | mteval/wc |"
echo "|---|---|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
status=0
for key in ende_bc ende_ter enja large_bleu large_chrf; do
    if [[ -s "$work/$key.sacrebleu.out" ]]; then
        printf '%s: ' "$key"
        if ! command -v "$python" >/dev/null 2>&1; then
            echo "cannot check scores ($python not found)"
        elif ! check_scores "$key"; then
            status=1
        fi
    fi
done
exit $status
