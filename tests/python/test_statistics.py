"""The statistics API for engines: per-segment sufficient statistics as NumPy arrays whose sums
score exactly like ``corpus_score``; results independent of the thread count; the GIL released
while Rust works."""

import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import mteval

HYPS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.", "", "a b c d e f"]
REFS_A = ["The dog bit the man.", "It was not unexpected.", "The man bit him first.", "Nothing.", "a b c d"]
REFS_B = ["The dog had bit the man.", "No one was surprised.", None, "", "a b c d e f g"]
METRICS = [mteval.BLEU(), mteval.BLEU(max_ngram_order=2, smooth_method="floor"), mteval.CHRF(),
           mteval.CHRF(word_order=2), mteval.TER(), mteval.TER(normalized=True)]


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m._native_metric.name)
def test_summed_rows_score_exactly_like_corpus_score(metric):
    refs = [REFS_A, REFS_B]
    stats = metric.segment_stats(HYPS, refs)
    assert stats.shape == (len(HYPS), len(metric.stats_columns))
    assert stats.dtype == (np.float64 if isinstance(metric, mteval.TER) else np.int64)
    expected = metric.corpus_score(HYPS, refs)
    assert metric.score_stats(stats.sum(axis=0)).score == expected.score
    assert str(metric.score_stats(stats.sum(axis=0))) == str(expected)
    # Any subset of rows is that subset's corpus.
    subset = [0, 2, 4]
    ours = metric.score_stats(stats[subset].sum(axis=0)).score
    assert ours == metric.corpus_score([HYPS[i] for i in subset], [[r[i] for i in subset] for r in refs]).score


def test_bleu_rows_are_sacrebleus_statistics():
    stats = mteval.BLEU().segment_stats(HYPS[:1], [REFS_A[:1]])
    # "The dog bit the man ." against itself: 6 tokens, every n-gram matches.
    assert stats.tolist() == [[6, 6, 6, 5, 4, 3, 6, 5, 4, 3]]
    assert mteval.BLEU().stats_columns[:3] == ["sys_len", "ref_len", "correct_1"]


def test_prepared_references_give_the_same_statistics():
    metric = mteval.CHRF(word_order=2, references=[REFS_A, REFS_B])
    assert np.array_equal(metric.segment_stats(HYPS), mteval.CHRF(word_order=2).segment_stats(HYPS, [REFS_A, REFS_B]))
    assert metric.get_signature().format().startswith("nrefs:var|")


SCRIPT = """
import json, sys
import mteval
hyps, refs = json.loads(sys.stdin.read())
out = []
for metric in (mteval.BLEU(), mteval.CHRF(word_order=2), mteval.TER()):
    out.append([metric.corpus_score(hyps, refs).score, metric.segment_stats(hyps, refs).tolist(),
                [s.score for s in metric.sentence_scores(hyps, refs)]])
print(json.dumps(out))
"""


def test_results_do_not_depend_on_the_thread_count():
    hyps = [f"{h} {i % 7}" for i in range(300) for h in HYPS[:1]] + HYPS
    refs = [[f"{r} {i % 5}" for i in range(300) for r in REFS_A[:1]] + REFS_A]
    results = []
    for threads in ("1", "3"):
        env = dict(os.environ, RAYON_NUM_THREADS=threads)
        run = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps([hyps, refs]), env=env,
                             capture_output=True, text=True, check=True)
        results.append(run.stdout)
    assert results[0] == results[1]
    assert json.loads(results[0])[0][0] > 0


def test_the_gil_is_released_while_rust_works():
    long_line = " ".join(f"word{i % 37}" for i in range(60))
    hyps = [long_line] * 3000
    refs = [[" ".join(reversed(long_line.split()))] * 3000]
    progress = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            progress[0] += 1

    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    counter = threading.Thread(target=count)
    counter.start()
    try:
        before, start = progress[0], time.perf_counter()
        mteval.TER().corpus_score(hyps, refs)
        during, duration = progress[0] - before, time.perf_counter() - start
        # The same time with the GIL certainly released: the counter's progress while we sleep.
        before = progress[0]
        time.sleep(duration)
        sleeping = progress[0] - before
    finally:
        stop.set()
        counter.join()
        sys.setswitchinterval(switch_interval)
    # Holding the GIL, the counter would only run at the call's two ends (~0.2 ms of 100+ ms).
    assert during > 0.1 * sleeping, (during, sleeping, duration)
