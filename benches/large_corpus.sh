# The large-corpus benchmark data and the binary under test, sourced by the benchmark scripts
# (not run on its own): big.hyp = every WMT22 system output concatenated, big.ref = for each,
# the first reference of its pair (both in sorted file order): 316,517 lines, 36 + 37 MB.
#
#   mteval_binary REPO              prints $MTEVAL, or builds REPO's release binary and prints
#                                   its path
#   ensure_large_corpus DIR WMT22   builds DIR/big.hyp and DIR/big.ref from WMT22 if missing
#   ensure_repeated_corpus DIR N    builds DIR/bigN.hyp and DIR/bigN.ref (the large corpus N
#                                   times over) if missing

# Concatenates every system output and its first reference into DIR/big.hyp and DIR/big.ref.
build_big() {
    # Called as `LC_ALL=C build_big DIR WMT22` so that globs sort bytewise.
    local dir="$1" wmt22="$2" hyp name pair tgt ref
    local refs=()
    mkdir -p "$dir"
    : >"$dir/big.hyp.part"
    : >"$dir/big.ref.part"
    for hyp in "$wmt22"/system-outputs/generaltest2022.*.hyp.*; do
        name="$(basename "$hyp")"
        pair="${name#generaltest2022.}"
        pair="${pair%%.*}"
        tgt="${name##*.}"
        refs=("$wmt22/references/generaltest2022.$pair.ref."*".$tgt")
        ref="${refs[0]}"
        if [[ ! -f "$ref" ]]; then
            echo "no reference for $name" >&2
            return 1
        fi
        cat "$hyp" >>"$dir/big.hyp.part"
        cat "$ref" >>"$dir/big.ref.part"
    done
    mv "$dir/big.hyp.part" "$dir/big.hyp"
    mv "$dir/big.ref.part" "$dir/big.ref"
}

ensure_large_corpus() {
    local dir="$1" wmt22="$2"
    if [[ ! -s "$dir/big.hyp" || ! -s "$dir/big.ref" ]]; then
        echo "building $dir/big.hyp and big.ref from $wmt22 ..." >&2
        LC_ALL=C build_big "$dir" "$wmt22"
    fi
}

ensure_repeated_corpus() {
    local dir="$1" times="$2" side i
    for side in hyp ref; do
        if [[ ! -s "$dir/big$times.$side" ]]; then
            echo "building $dir/big$times.$side ($times × big.$side) ..." >&2
            for ((i = 0; i < times; i++)); do
                cat "$dir/big.$side"
            done >"$dir/big$times.$side.part"
            mv "$dir/big$times.$side.part" "$dir/big$times.$side"
        fi
    done
}

mteval_binary() {
    local repo="$1"
    if [[ -n "${MTEVAL:-}" ]]; then
        echo "$MTEVAL"
        return
    fi
    echo "building mteval (cargo build --release) ..." >&2
    (cd "$repo" && cargo build --release --quiet --bin mteval >&2)
    echo "$repo/target/release/mteval"
}
