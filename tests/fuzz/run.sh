#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (stable Rust: RUSTC_BOOTSTRAP=1 for libFuzzer's
# flags, no cargo-fuzz needed) and runs each for SECONDS (default 60), seeded with the
# repository's own example files. A crash stops the script with libFuzzer's report; the input
# that crashed is saved as tests/fuzz/artifacts/TARGET/crash-…
# Usage, from anywhere: bash tests/fuzz/run.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
seconds="${1:-60}"
# libFuzzer's random seed: fixed (FUZZ_SEED, default 1) so that a run from the same corpus takes
# the same path — CI's short run repeats inputs a longer local run has already tried; set
# FUZZ_SEED=0 for a random seed when fuzzing for long.
random_seed="${FUZZ_SEED:-1}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(plain_segments line_stream wmt_xml tabular mqm_tsv manifest glossary scores mtme_scores wmt_da)
fi

# The instrumentation cargo-fuzz uses, without AddressSanitizer (the readers are safe Rust: the
# fuzzing looks for panics, overflows and runaway memory). --target keeps it off build scripts.
host="$(rustc -vV | sed -n 's/^host: //p')"
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
export CARGO_TARGET_DIR="$root/target/fuzz"
cargo build --locked --release --target "$host" --bins

# Seeds: files of the kind each reader reads, the repository's examples and tests/fuzz/seeds
# (the corpus grows under target/fuzz/corpus).
seeds() {
    case "$1" in
        plain_segments | line_stream) echo "$root/tests/data/readme.ref1 $root/tests/data/readme.hyp" ;;
        wmt_xml) echo "$root/tests/data/mini.xml" ;;
        tabular) echo "$root/tests/data/mini.tsv $root/tests/data/mini.jsonl" ;;
        mqm_tsv) echo "$root/tests/data/mqm/quirks.tsv" ;;
        manifest) echo "$root/datasets/news-demo/manifest.toml" ;;
        glossary) echo "$root/datasets/news-demo/glossary.en-de.tsv" ;;
        scores) echo "$root/tests/fuzz/seeds/external.scores.tsv $root/tests/fuzz/seeds/external.scores.json" ;;
        mtme_scores) echo "$root/tests/fuzz/seeds/DA.sys.score $root/tests/fuzz/seeds/DA.seg.score" ;;
        wmt_da) echo "$root/tests/fuzz/seeds/ad-sys-scores.csv" ;;
    esac
}

for target in "${targets[@]}"; do
    corpus="$CARGO_TARGET_DIR/corpus/$target"
    mkdir -p "$corpus" "artifacts/$target"
    for seed in $(seeds "$target"); do
        # A zero setting byte first (the targets read their options from it), then the file.
        { printf '\0'; cat "$seed"; } >"$corpus/seed-$(basename "$seed")"
    done
    log="$CARGO_TARGET_DIR/$target.log"
    if ! "$CARGO_TARGET_DIR/$host/release/$target" "$corpus" -max_total_time="$seconds" -seed="$random_seed" \
        -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="artifacts/$target/" >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "tests/fuzz/run.sh: $target crashed; the input is in tests/fuzz/artifacts/$target/" >&2
        exit 1
    fi
    echo "$target: $(grep -E '^Done [0-9]+ runs' "$log")"
done
