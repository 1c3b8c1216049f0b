#!/usr/bin/env python3
"""mteval's Python API against sacreBLEU 2.6.0's in one process, on every WMT22 en-de system.

- ``corpus_score`` of BLEU and chrF per system (a fresh metric object each time, Python lists in,
  so the conversion of the lists is included), summed over the systems;
- a loop of ``sentence_score`` calls (BLEU with effective order, and chrF) over the segments of
  the first system.

Every mteval score is checked against sacreBLEU's (|Δ| ≤ 1e-9). Each timing is the best of
``--repeat`` runs, as wall-clock time and as the process's CPU time (all threads: the per-core
comparison, and the steadier one on a loaded machine). Needs an interpreter with both packages, e.g. the reference virtualenv with
mteval installed into it::

    /work/venv-sacrebleu/bin/pip install ./python
    /work/venv-sacrebleu/bin/python benches/python_api.py [--shared ../shared/datasets] [--repeat 3]
"""

import argparse
import time
from pathlib import Path

import sacrebleu
from sacrebleu.metrics import BLEU as SacreBLEU
from sacrebleu.metrics import CHRF as SacreCHRF
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

import mteval

PAIR = "en-de"


def read_lines(path):
    with open(path, encoding="utf-8", newline="\n") as handle:
        return [line.rstrip() for line in handle]


def best_time(function, repeat):
    """The best wall-clock and CPU seconds of ``repeat`` runs, and the result."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return (wall, cpu), result


def row(label, theirs, ours):
    (wall, cpu), (our_wall, our_cpu) = theirs, ours
    print(f"{label:<34} {wall:>9.3f} {our_wall:>9.4f} {wall / our_wall:>7.1f}× "
          f"{cpu:>9.3f} {our_cpu:>9.4f} {cpu / our_cpu:>7.1f}×")


def check(ours, theirs, what):
    if abs(ours - theirs) > 1e-9:
        raise SystemExit(f"{what}: mteval {ours!r} != sacreBLEU {theirs!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    assert sacrebleu.__version__ == "2.6.0", sacrebleu.__version__
    wmt22 = args.shared / "wmt22"
    reference = read_lines(wmt22 / "references" / f"generaltest2022.{PAIR}.ref.A.de")
    systems = {
        path.name.split(".hyp.")[1].rsplit(".", 1)[0]: read_lines(path)
        for path in sorted((wmt22 / "system-outputs").glob(f"generaltest2022.{PAIR}.hyp.*.de"))
    }
    print(f"{PAIR}: {len(systems)} systems × {len(reference)} segments, reference A; best of {args.repeat}")
    print(f"{'':<34} {'wall-clock seconds':^27} {'CPU seconds':^27}")
    print(f"{'what':<34} {'sacreBLEU':>9} {'mteval':>9} {'ratio':>8} {'sacreBLEU':>9} {'mteval':>9} {'ratio':>8}")

    def corpus(make, hyps):
        return make().corpus_score(hyps, [reference]).score

    for name, theirs_class, ours_class in (("BLEU", SacreBLEU, mteval.BLEU), ("chrF", SacreCHRF, mteval.CHRF)):
        total_theirs, total_ours = [0.0, 0.0], [0.0, 0.0]
        for system, hyps in systems.items():
            theirs_time, theirs = best_time(lambda: corpus(theirs_class, hyps), args.repeat)
            ours_time, ours = best_time(lambda: corpus(ours_class, hyps), args.repeat)
            check(ours, theirs, f"{name} {system}")
            for total, spent in ((total_theirs, theirs_time), (total_ours, ours_time)):
                total[0] += spent[0]
                total[1] += spent[1]
        row(f"corpus_score {name} ({len(systems)} systems)", total_theirs, total_ours)

    hyps = next(iter(systems.values()))
    sentence_metrics = (
        ("BLEU", SacreBLEU(effective_order=True), mteval.BLEU(effective_order=True)),
        ("chrF", SacreCHRF(), mteval.CHRF()),
    )
    def loop(metric):
        return [metric.sentence_score(h, [r]).score for h, r in zip(hyps, reference)]

    for name, theirs_metric, ours_metric in sentence_metrics:
        theirs_time, theirs = best_time(lambda: loop(theirs_metric), args.repeat)
        ours_time, ours = best_time(lambda: loop(ours_metric), args.repeat)
        for i, (a, b) in enumerate(zip(ours, theirs)):
            check(a, b, f"sentence {name} segment {i}")
        row(f"sentence_score loop {name} ({len(hyps)})", theirs_time, ours_time)

    # Both tools remember tokenized lines (sacreBLEU: lru_cache(2**16) on the tokenizer; mteval's
    # sentence_score likewise), so the loops above, best of several passes, are served from the
    # cache. Cold: sacreBLEU's cache cleared and a new mteval metric before every pass.
    def cold(make_metric, clear):
        def run():
            clear()
            return loop(make_metric())
        return run

    theirs_time, theirs = best_time(
        cold(lambda: SacreBLEU(effective_order=True), Tokenizer13a.__call__.cache_clear), args.repeat)
    ours_time, ours = best_time(cold(lambda: mteval.BLEU(effective_order=True), lambda: None), args.repeat)
    for i, (a, b) in enumerate(zip(ours, theirs)):
        check(a, b, f"cold sentence BLEU segment {i}")
    row("same, BLEU, tokenization not cached", theirs_time, ours_time)


if __name__ == "__main__":
    main()
