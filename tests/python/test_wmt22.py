"""Parity with sacreBLEU 2.6.0 on the shared WMT22 data through the golden files: corpus BLEU
(13a, intl, char, none, zh), chrF2, chrF2++ and TER (all pairs for BLEU and chrF; TER on the
pairs into and out of German, where it is quick), and the sentence scores of every en-de
system."""

import json
from collections import defaultdict

import pytest
from conftest import assert_score, golden, read_lines, without_version

import mteval

CORPUS = golden("wmt22-corpus.json")
SENTENCE = golden("wmt22-sentence.json")
TER_PAIRS = {"en-de", "de-en", "de-fr", "fr-de"}


def metric_for(record, **extra):
    config = dict(record["config"])
    if record["metric"] == "BLEU":
        return mteval.BLEU(**config, **extra)
    if record["metric"].startswith("chrF"):
        return mteval.CHRF(**config, **extra)
    return mteval.TER(**config, **extra)


def streams(wmt22, pair, names):
    target = pair.split("-")[1]
    return [read_lines(wmt22 / "references" / f"generaltest2022.{pair}.ref.{name}.{target}") for name in names]


def hypotheses(wmt22, pair, system):
    target = pair.split("-")[1]
    return read_lines(wmt22 / "system-outputs" / f"generaltest2022.{pair}.hyp.{system}.{target}")


@pytest.mark.parametrize("pair", sorted({r["pair"] for r in CORPUS}))
def test_corpus_scores_equal_sacrebleu(wmt22, pair):
    records = [r for r in CORPUS if r["pair"] == pair and (r["metric"] != "TER" or pair in TER_PAIRS)]
    by_metric = defaultdict(list)
    for record in records:
        by_metric[(record["metric"], json.dumps(record["config"], sort_keys=True), tuple(record["refs"]))].append(
            record
        )
    system_cache = {}
    for (_, _, refs), group in by_metric.items():
        # One metric object per configuration and reference set, references prepared once.
        metric = metric_for(group[0], references=streams(wmt22, pair, refs))
        for record in group:
            system = record["system"]
            if system not in system_cache:
                system_cache[system] = hypotheses(wmt22, pair, system)
            score = metric.corpus_score(system_cache[system], None)
            what = f"{pair} {system} refs {refs} {record['metric']} {record['config']}"
            assert_score(score.score, record["score"], what)
            assert without_version(metric.get_signature().format()) == without_version(record["signature"])
            if record["metric"] == "BLEU":
                assert (score.counts, score.totals, score.sys_len, score.ref_len) == (
                    record["counts"], record["totals"], record["sys_len"], record["ref_len"]
                ), what
            if record["metric"] == "TER":
                assert score.num_edits == record["edits"], what
                assert_score(score.ref_length, record["ref_length"], what)


@pytest.mark.parametrize("record", [r for r in SENTENCE if r["pair"] == "en-de"],
                         ids=lambda r: f"{r['system']}-{r['metric']}")
def test_sentence_scores_equal_sacrebleu(wmt22, record):
    metric = metric_for(record)
    refs = streams(wmt22, record["pair"], record["refs"])
    hyps = hypotheses(wmt22, record["pair"], record["system"])
    scores = metric.sentence_scores(hyps, refs)
    assert len(scores) == len(record["scores"])
    for i, (score, expected) in enumerate(zip(scores, record["scores"])):
        assert_score(score.score, expected, f"{record['system']} segment {i}")
    # The one-call-per-sentence path gives the same numbers.
    for i in range(0, len(hyps), 97):
        assert metric.sentence_score(hyps[i], [r[i] for r in refs]).score == scores[i].score
    assert without_version(metric.get_signature().format()) == without_version(record["signature"])
