#!/usr/bin/env python3
"""Times the `sentencepiece` library (C++, through its Python binding) on the lines the
`sentencepiece` group of `benches/kernels.rs` encodes, for BENCHMARKS.md: one core, best of N runs
of `sp.EncodeAsPieces(line)` (what sacreBLEU's spBLEU tokenizers call) over every line, with
`" ".join(...)` as sacreBLEU does, in MB/s of input text.

Usage (from the repository root, with the virtualenv outside the repository):
    /work/venv-sacrebleu/bin/python benches/spm_python.py [--runs 5] [--wmt22 ../shared/datasets/wmt22]
"""

import argparse
import time
from pathlib import Path

import sentencepiece as spm

REPO = Path(__file__).resolve().parents[1]


def read_lines(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--wmt22", default=str(REPO.parent / "shared" / "datasets" / "wmt22"))
    args = parser.parse_args()
    references = Path(args.wmt22) / "references"
    texts = {"en-de": read_lines(references / "generaltest2022.en-de.ref.A.de"),
             "en-zh": read_lines(references / "generaltest2022.en-zh.ref.A.zh")}
    for model in ("unigram-8k", "bpe-8k"):
        sp = spm.SentencePieceProcessor()
        sp.Load(str(REPO / "tests" / "data" / "spm" / f"{model}.model"))
        for text, lines in texts.items():
            size = sum(len(line.encode("utf-8")) for line in lines)
            best = float("inf")
            for _ in range(args.runs):
                start = time.perf_counter()
                for line in lines:
                    " ".join(sp.EncodeAsPieces(line))
                best = min(best, time.perf_counter() - start)
            print(f"sentencepiece/{model}/{text}\t{best * 1e3:.1f} ms\t{size / best / 1e6:.1f} MB/s")


if __name__ == "__main__":
    main()
