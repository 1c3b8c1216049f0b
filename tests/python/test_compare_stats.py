"""The native ``Metric.compare_stats`` that ``mteval.spark.compare`` runs on collected segment
statistics: the same results as ``compare`` on the texts, and statistics it cannot take refused
with the reason."""

import numpy as np
import pytest

import mteval

HYPOTHESES = {
    "baseline": ["The cat sat on the mat.", "It rained all day.", "He reads a book.", "Dogs bark loudly."],
    "other": ["A cat sat on a mat.", "It was raining all day.", "He is reading books.", "The dogs bark."],
    "third": ["The cat is on the mat.", "Rain fell the whole day.", "He reads the book.", "Dogs are barking."],
}
REFERENCES = [
    ["The cat sat on the mat.", "It rained the whole day.", "He is reading a book.", "The dogs bark loudly."],
    ["A cat was sitting on the mat.", "All day it rained.", "He reads a book.", None],
]


@pytest.mark.parametrize("metric", [mteval.BLEU(), mteval.CHRF(word_order=2), mteval.TER()], ids=str)
@pytest.mark.parametrize("method", ["bootstrap", "ar"])
def test_compare_stats_equals_compare_on_the_texts(metric, method):
    native = metric._native_metric
    systems = list(HYPOTHESES.values())
    from_texts = native.compare(systems, REFERENCES, method, 200, 12345, True, 0.05)
    statistics = [metric.segment_stats(hyps, REFERENCES).astype(np.float64) for hyps in systems]
    from_stats = native.compare_stats(statistics, -1, method, 200, 12345, True, 0.05)
    assert from_stats == from_texts
    assert from_texts["signature"].startswith("nrefs:0|")  # the caller writes nrefs:var


def test_compare_stats_refuses_what_no_segments_give():
    native = mteval.BLEU()._native_metric
    good = mteval.BLEU().segment_stats(HYPOTHESES["baseline"], REFERENCES).astype(np.float64)
    with pytest.raises(ValueError, match=r"statistics of system 1: 4 BLEU statistics rows of 10 values expected"):
        native.compare_stats([good, good[:3]], 2, "bootstrap", 10, 1, False, 0.05)
    negative = good.copy()
    negative[0, 0] = -1
    with pytest.raises(ValueError, match="statistics must be non-negative integers, not -1"):
        native.compare_stats([good, negative], 2, "bootstrap", 10, 1, False, 0.05)
    with pytest.raises(ValueError, match="compare needs at least one segment"):
        native.compare_stats([good[:0]], 2, "bootstrap", 10, 1, False, 0.05)
    with pytest.raises(ValueError, match='method: unknown test "jackknife"'):
        native.compare_stats([good], 2, "jackknife", 10, 1, False, 0.05)
