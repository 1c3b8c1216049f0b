#!/usr/bin/env python3
"""Generate the golden reference data for mteval's tests by running the real sacreBLEU 2.6.0.

This script is *our own* generator: it only calls sacreBLEU's public Python API and stores the figures it
computes (full-precision Python floats, i.e. ``repr`` round-trip values) as JSON. No sacreBLEU code is copied.

How to regenerate
-----------------
Create a virtualenv OUTSIDE the repository, install the pinned reference and run from the repo root::

    python3 -m venv /work/venv-sacrebleu
    /work/venv-sacrebleu/bin/pip install sacrebleu==2.6.0      # pulls numpy 2.x, regex, ...
    /work/venv-sacrebleu/bin/sacrebleu --version                # must print "sacrebleu 2.6.0"
    /work/venv-sacrebleu/bin/python tests/golden/generate.py --jobs 2

Options: ``--shared PATH`` (default ``../shared/datasets`` relative to the repo root), ``--out PATH`` (default
``tests/golden``), ``--jobs N`` (default 2), ``--cache PATH`` (default ``../golden-cache`` relative to the repo
root, i.e. outside the repo), ``--assemble-only``, ``--ter-quick`` (see below). Reference environment used for
the committed files: CPython 3.11.7 (Unicode 14.0.0), sacrebleu 2.6.0, regex 2026.11.19, numpy 2.4.6, x86-64 glibc.

Resuming: the WMT22 work is split into ~600 tasks (per system: all BLEU+chrF; one task per TER pass; one per
sentence-level system). Each finished task is stored in the cache folder; re-running the same command skips
cached tasks, so an interrupted run resumes. The output files are always (re)assembled from everything cached;
tasks not yet computed are listed as ``MISSING`` and the exit status is 1. ``--assemble-only`` just assembles.
Delete the cache folder to force a full recomputation (e.g. after changing this script).

Input files are read exactly like the sacreBLEU CLI reads them: ``open(path, encoding='utf-8', newline='\\n')``,
every line ``rstrip()``-ped (Python whitespace set), empty lines kept.

Outputs (all JSON arrays/objects written with ``ensure_ascii=False``; large arrays hold one record per line)
------------------------------------------------------------------------------------------------------------
``wmt22-corpus.json``
    One record per (pair, system, refs, metric, config) for every system of every WMT22 pair in
    ``wmt22/system-outputs`` except en-ja. ``refs`` is each single reference and, for pairs with two references,
    both (sorted by name). Metrics: BLEU with tokenize 13a / intl / char / none (+ zh for ``*-zh`` pairs; the
    tokenizer is always set explicitly and recorded in ``config``), chrF2 (``CHRF()``), chrF2++
    (``CHRF(word_order=2)``), TER (``TER()``) and TER normalized (``TER(normalized=True)``).
    ``config`` holds only non-default options, with mteval's key names. ``signature`` is
    ``metric.get_signature().format()`` (no metric-name prefix). BLEU records add counts/totals/sys_len/ref_len/bp,
    TER records add edits (``num_edits``) and ref_length.

    TER coverage (measured, 2026-11-29, 2-core machine): the whole matrix -- TER default and normalized, every
    system with every reference alone and, where a pair has two, both together: 582 records -- costs 15,150 s
    (4.2 CPU-hours) of the run's 16,600 s worker CPU; zh-en alone (long segments, up to 244 words;
    75-330 s CPU per pass) is 10,380 s of it. ``--ter-quick`` computes TER normalized only with the first
    reference (sorted by name), leaving out 146 passes (6,780 s CPU). The zh-en TER passes are scheduled last.

``wmt22-sentence.json``
    Sentence-level scores for en-de (refs ["A","B"]), de-fr (["A"]) and en-zh (["A"], BLEU tokenize zh):
    ``BLEU(tokenize=..., effective_order=True).sentence_score(hyp, refs)`` and ``CHRF().sentence_score(hyp, refs)``
    for every system (reduced to the first 5 systems by name per pair if the file would exceed 3 MB).

``edge-cases.json``
    Small literal cases (corpus or sentence level) for BLEU / chrF / TER, including the ``observed`` cases of
    ``sacrebleu-cases.json`` re-computed here (tokenizer-only observed cases are not metric cases: their inputs
    go to ``tokenizers.json`` instead). Sentence-level cases are ``metric.sentence_score(hyps[0], [r[0] for r in refs])``.

``tokenizers.json``
    ``{"13a"|"intl"|"zh"|"char": [[input, output], ...], "tercom": [{input, flags..., output}, ...]}``: outputs of
    the sacreBLEU tokenizer classes called directly on ``input`` (no rstrip beforehand) for hand-written tricky
    strings plus lines sampled deterministically (``random.Random(12345)``) from all WMT22 files (all pairs, incl.
    en-ja); tercom uses all 16 flag combinations on ~100 inputs.
"""

import argparse
import functools
import hashlib
import itertools
import json
import multiprocessing as mp
import os
import random
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PREFIX = "generaltest2022."
SKIP_PAIRS = {"en-ja"}
BLEU_TOKENIZERS = ["13a", "intl", "char", "none"]
SENTENCE_PAIRS = [("en-de", ["A", "B"], "13a"), ("de-fr", ["A"], "13a"), ("en-zh", ["A"], "zh")]
MAX_BYTES = 3 * 1024 * 1024


# --------------------------------------------------------------------------------------------------------------
# I/O helpers
# --------------------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def read_lines(path):
    """Read a text file exactly like the sacreBLEU CLI: only LF splits lines, each line rstrip()-ped."""
    with open(path, encoding="utf-8", newline="\n") as fh:
        return tuple(line.rstrip() for line in fh)


def dump_json_array(records, path):
    """A JSON array with one compact record per line (json.dumps => floats are Python repr)."""
    text = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False, allow_nan=False) for r in records) + "\n]\n"
    Path(path).write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def discover(shared):
    """Return {pair: {"tgt": str, "refs": {name: path}, "systems": {name: path}}} from the wmt22 folders."""
    wmt = Path(shared) / "wmt22"
    pairs = {}
    for p in sorted((wmt / "references").iterdir()):
        rest = p.name[len(PREFIX):]                    # <pair>.ref.<NAME>.<tgt>
        pair, kind, rest2 = rest.split(".", 2)
        name, tgt = rest2.rsplit(".", 1)
        assert kind == "ref", p
        pairs.setdefault(pair, {"tgt": tgt, "refs": {}, "systems": {}})["refs"][name] = str(p)
    for p in sorted((wmt / "system-outputs").iterdir()):
        rest = p.name[len(PREFIX):]                    # <pair>.hyp.<SYSTEM>.<tgt>
        pair, kind, rest2 = rest.split(".", 2)
        name, tgt = rest2.rsplit(".", 1)
        assert kind == "hyp", p
        assert pairs[pair]["tgt"] == tgt, p
        pairs[pair]["systems"][name] = str(p)
    return pairs


def ref_combos(ref_names):
    names = sorted(ref_names)
    combos = [[n] for n in names]
    if len(names) == 2:
        combos.append(names)
    return combos


# --------------------------------------------------------------------------------------------------------------
# Metric construction from mteval config keys (the names are the sacreBLEU keyword names)
# --------------------------------------------------------------------------------------------------------------

def make_metric(metric, config):
    from sacrebleu.metrics import BLEU, CHRF, TER
    if metric == "BLEU":
        allowed = {"tokenize", "lowercase", "smooth_method", "smooth_value", "max_ngram_order", "effective_order"}
        cls = BLEU
    elif metric.startswith("chrF"):
        allowed = {"char_order", "word_order", "beta", "lowercase", "whitespace", "eps_smoothing"}
        cls = CHRF
    elif metric == "TER":
        allowed = {"normalized", "no_punct", "asian_support", "case_sensitive"}
        cls = TER
    else:
        raise ValueError(metric)
    unknown = set(config) - allowed
    if unknown:
        raise ValueError(f"unknown config keys {unknown} for {metric}")
    return cls(**config)


def chrf_name(config):
    return "chrF" + str(config.get("beta", 2)) + "+" * config.get("word_order", 0)


def score_details(metric, score):
    """Extra fields of a score object, as in wmt22-corpus.json."""
    if metric == "BLEU":
        return {"counts": list(score.counts), "totals": list(score.totals), "sys_len": score.sys_len,
                "ref_len": score.ref_len, "bp": score.bp}
    if metric == "TER":
        return {"edits": score.num_edits, "ref_length": score.ref_length}
    return {}


# --------------------------------------------------------------------------------------------------------------
# (a) corpus-level task and (b) sentence-level task (run in worker processes)
# --------------------------------------------------------------------------------------------------------------

def check_lengths(pair, system, hyps, ref_lines):
    bad = {n: len(r) for n, r in ref_lines.items() if len(r) != len(hyps)}
    if bad:
        return f"NOTE: {pair} {system}: {len(hyps)} lines, refs {bad}: skipped"
    return None


def corpus_bleu_chrf_task(pair, tgt, system, sys_path, refs):
    """All BLEU and chrF records of one system, for every reference combination."""
    hyps = list(read_lines(sys_path))
    ref_lines = {name: list(read_lines(path)) for name, path in refs.items()}
    note = check_lengths(pair, system, hyps, ref_lines)
    if note:
        return [], note
    toks = BLEU_TOKENIZERS + (["zh"] if tgt == "zh" else [])
    out = []
    for combo in ref_combos(refs):
        streams = [ref_lines[n] for n in combo]
        jobs = [("BLEU", {"tokenize": t}) for t in toks] + [("chrF2", {}), ("chrF2++", {"word_order": 2})]
        for metric, config in jobs:
            out.append(corpus_record(pair, system, combo, metric, config, hyps, streams))
    return out, None


def corpus_ter_task(pair, system, sys_path, refs, combo, config):
    """One TER record: one system, one reference combination, one TER configuration."""
    hyps = list(read_lines(sys_path))
    ref_lines = {name: list(read_lines(path)) for name, path in refs.items()}
    note = check_lengths(pair, system, hyps, ref_lines)
    if note:
        return [], note
    return [corpus_record(pair, system, combo, "TER", config, hyps, [ref_lines[n] for n in combo])], None


def corpus_record(pair, system, combo, metric, config, hyps, streams):
    m = make_metric(metric, config)
    s = m.corpus_score(hyps, streams)
    if metric.startswith("chrF"):
        assert s.name == metric, (s.name, metric)
    rec = {"pair": pair, "system": system, "refs": combo, "metric": metric, "config": config,
           "score": s.score, "signature": m.get_signature().format()}
    rec.update(score_details(metric, s))
    return rec


def sentence_task(pair, system, sys_path, ref_names, ref_paths, tok):
    from sacrebleu.metrics import BLEU, CHRF
    hyps = list(read_lines(sys_path))
    streams = [list(read_lines(p)) for p in ref_paths]
    note = check_lengths(pair, system, hyps, dict(zip(ref_names, streams)))
    if note:
        return [], "sentence " + note
    out = []
    for metric, config, obj in [
        ("BLEU", {"tokenize": tok, "effective_order": True}, BLEU(tokenize=tok, effective_order=True)),
        ("chrF2", {}, CHRF()),
    ]:
        scores = [obj.sentence_score(h, [r[i] for r in streams]).score for i, h in enumerate(hyps)]
        out.append({"pair": pair, "system": system, "refs": ref_names, "metric": metric, "config": config,
                    "signature": obj.get_signature().format(), "scores": scores})
    return out, None


TASK_FUNCS = {"bleu-chrf": corpus_bleu_chrf_task, "ter": corpus_ter_task, "sentence": sentence_task}


def task_cache_path(cache, task):
    kind, args = task
    key = json.dumps([kind, args], ensure_ascii=False, sort_keys=True)
    return Path(cache) / f"{kind}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}.json"


def run_task(job):
    """Worker: compute one task and store its records in the cache folder (so interrupted runs resume)."""
    cache, task = job
    t0 = time.process_time()
    recs, note = TASK_FUNCS[task[0]](*task[1])
    secs = time.process_time() - t0
    path = task_cache_path(cache, task)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"task": task, "records": recs, "note": note, "cpu": secs}, ensure_ascii=False),
                   encoding="utf-8")
    os.replace(tmp, path)
    return task, recs, note, secs


# --------------------------------------------------------------------------------------------------------------
# (c) edge cases
# --------------------------------------------------------------------------------------------------------------

README_HYPS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
README_REFS = [["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
               ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."]]

LONG_REF = ("the committee said on tuesday that the new rules would come into force next year after a long "
            "consultation with industry groups and consumer organisations , while critics argued that the "
            "measures did not go far enough to protect small businesses from rising energy costs and that "
            "further action would be needed before the winter")
LONG_HYP = ("after a long consultation with industry groups and consumer organisations the committee said on "
            "tuesday that the new rules would come into force next year , while critics argued that further "
            "action would be needed before the winter and that the measures did not go far enough to protect "
            "the small businesses from rising costs of energy")
# a 10-word block that has to travel more than _MAX_SHIFT_DIST (50) words
FAR_REF = " ".join(f"w{i}" for i in range(70))
FAR_HYP = " ".join([f"w{i}" for i in range(10, 70)] + [f"w{i}" for i in range(10)])


def edge_case_specs():
    """(name, metric, config, sentence_level, hyps, refs) tuples; refs are reference STREAMS."""
    C = []

    def add(name, metric, config, hyps, refs, sentence_level=False):
        if metric == "chrF":
            metric = chrf_name(config)
        if sentence_level and metric == "BLEU":
            config = dict(config, effective_order=True)
        C.append((name, metric, config, sentence_level, hyps, refs))

    # --- empties (each metric, chrF also eps mode) --------------------------------------------------------------
    for metric, cfgs in [("BLEU", [{}]), ("chrF", [{}, {"eps_smoothing": True}]), ("chrF", [{"word_order": 2}]),
                         ("TER", [{}])]:
        for cfg in cfgs:
            tag = f"{metric} {json.dumps(cfg)}"
            add(f"empty hypothesis [{tag}]", metric, cfg, [""], [["a b c"]])
            add(f"empty reference [{tag}]", metric, cfg, ["a b c"], [[""]])
            add(f"both empty [{tag}]", metric, cfg, [""], [[""]])
            add(f"empty hypothesis, sentence [{tag}]", metric, cfg, [""], [["a b c"]], True)
            add(f"empty reference, sentence [{tag}]", metric, cfg, ["a b c"], [[""]], True)
            add(f"both empty, sentence [{tag}]", metric, cfg, [""], [[""]], True)
    add("empty hyp among non-empty segments", "BLEU", {}, ["a b c d", "", "e f g h"],
        [["a b c d", "x y", "e f g h"]])
    add("whitespace-only hypothesis", "BLEU", {}, [" \t\u3000"], [["a b"]])
    add("whitespace-only hypothesis chrF", "chrF", {}, [" \t\u3000"], [["a b"]])
    add("whitespace-only hypothesis TER", "TER", {}, [" \t\u3000"], [["a b"]])

    # --- closest reference length -------------------------------------------------------------------------------
    add("closest-length tie picks shorter (refs 3,5)", "BLEU", {}, ["a b c d"], [["a b c"], ["a b c d e"]])
    add("closest-length tie picks shorter (refs 5,3)", "BLEU", {}, ["a b c d"], [["a b c d e"], ["a b c"]])
    add("closest-length tie, brevity relevant (hyp 4, refs 2,6)", "BLEU", {},
        ["a b c d"], [["a b"], ["a b c d e f"]])
    add("closest-length tie, sentence", "BLEU", {}, ["a b c d"], [["a b c"], ["a b c d e"]], True)

    # --- whitespace / invisible characters ----------------------------------------------------------------------
    for cp, label in [("\u001f", "U+001F"), ("\u001c", "U+001C"), ("\u00a0", "U+00A0"), ("\u3000", "U+3000"),
                      ("\u200b", "U+200B"), ("\ufeff", "U+FEFF"), ("\u2028", "U+2028"), ("\u0085", "U+0085")]:
        hyp = f"the{cp}cat sat on{cp}the mat"
        ref = "the cat sat on the mat"
        add(f"{label} inside text [BLEU none]", "BLEU", {"tokenize": "none"}, [hyp], [[ref]])
        add(f"{label} inside text [BLEU 13a]", "BLEU", {}, [hyp], [[ref]])
        add(f"{label} inside text [chrF++]", "chrF", {"word_order": 2}, [hyp], [[ref]])
        add(f"{label} inside text [TER]", "TER", {}, [hyp], [[ref]])
    add("U+FEFF BOM at start of hypothesis", "BLEU", {}, ["\ufeffthe cat sat on the mat"],
        [["the cat sat on the mat"]])
    add("trailing U+001F/U+00A0 stripped", "BLEU", {"tokenize": "none"}, ["a b c d\u001f\u00a0"],
        [["a b c d"]])
    add("U+00A0 whitespace=True chrF", "chrF", {"whitespace": True}, ["a\u00a0b c"], [["a b c"]])

    # --- zh tokenizer range quirk -------------------------------------------------------------------------------
    zh_hyp = "价格–100€→∑“好”…かなカナ𠀀𠀁ＡＢＣ１２３，好吗？"
    zh_ref = "价 格 – 100 € → ∑ “ 好 ” … かなカナ 𠀀𠀁 Ａ Ｂ Ｃ １ ２ ３ ， 好 吗 ？"
    add("zh tokenizer range quirk (U+2001-U+2A6D split, kana/Ext-B not)", "BLEU", {"tokenize": "zh"},
        [zh_hyp], [[zh_ref]])
    add("zh tokenizer range quirk, 13a for contrast", "BLEU", {"tokenize": "13a"}, [zh_hyp], [[zh_ref]])
    add("zh tokenizer kana not split", "BLEU", {"tokenize": "zh", "effective_order": True},
        ["これはペンです中文"], [["これはペンです 中 文"]])
    add("zh tokenizer kana not split (vs split ref)", "BLEU", {"tokenize": "zh"}, ["これはペンです"],
        [["これ は ペン です"]])
    add("zh tokenizer Ext-B not split", "BLEU", {"tokenize": "zh", "effective_order": True}, ["𠀀𠀁𠀂中文"],
        [["𠀀𠀁𠀂 中 文"]])
    add("zh tokenizer mixed ASCII punctuation and digits", "BLEU", {"tokenize": "zh"},
        ["他说:“2022年GDP增长3.5%,不错!”"], [["他 说 : “ 2022 年 GDP 增 长 3.5% , 不 错 ! ”"]])
    add("zh tokenizer in 1990. and a-b", "BLEU", {"tokenize": "zh"}, ["在 in 1990. a-b 1-2"],
        [["在 in 1990 . a-b 1 - 2"]])
    add("zh tokenizer fullwidth forms U+FF00-FFEF", "BLEU", {"tokenize": "zh", "effective_order": True},
        ["ＡＢ（１）"], [["Ａ Ｂ （ １ ）"]])

    # --- perfect match ------------------------------------------------------------------------------------------
    add("perfect match BLEU", "BLEU", {}, ["the cat sat on the mat"], [["the cat sat on the mat"]])
    add("perfect match BLEU sentence", "BLEU", {}, ["the cat sat on the mat"], [["the cat sat on the mat"]], True)
    add("perfect match chrF", "chrF", {}, ["the cat sat on the mat"], [["the cat sat on the mat"]])
    add("perfect match TER", "TER", {}, ["the cat sat on the mat"], [["the cat sat on the mat"]])

    # --- 13a entities, <skipped> --------------------------------------------------------------------------------
    add("13a &amp;lt; -> <", "BLEU", {"effective_order": True}, ["x &amp;lt; y"], [["x < y"]])
    add("13a &amp;quot; -> &quot; (not \")", "BLEU", {"effective_order": True}, ["x &amp;quot; y"],
        [["x \" y"]])
    add("13a &amp;quot; tokenized as & quot ;", "BLEU", {"effective_order": True}, ["x &amp;quot; y"],
        [["x & quot ; y"]])
    add("13a &apos; not unescaped", "BLEU", {"effective_order": True}, ["it&apos;s ok"], [["it's ok"]])
    add("13a &apos; tokenized", "BLEU", {"effective_order": True}, ["it&apos;s ok"], [["it & apos ; s ok"]])
    add("13a &QUOT; without lowercase stays", "BLEU", {"effective_order": True}, ["&QUOT;hi&QUOT;"],
        [["\"hi\""]])
    add("13a &QUOT; with lowercase is unescaped", "BLEU", {"effective_order": True, "lowercase": True},
        ["&QUOT;hi&QUOT;"], [["\"hi\""]])
    add("13a &gt; &lt; &amp;", "BLEU", {"effective_order": True}, ["a &gt; b &lt; c &amp; d"],
        [["a > b < c & d"]])
    add("13a <skipped> removed", "BLEU", {}, ["a <skipped> b c d"], [["a b c d"]])
    add("13a <skipped> glued", "BLEU", {}, ["a<skipped>b c d e"], [["ab c d e"]])
    add("intl keeps entities and <skipped>", "BLEU", {"tokenize": "intl", "effective_order": True},
        ["a &amp; b <skipped>"], [["a & b"]])

    # --- intl ---------------------------------------------------------------------------------------------------
    intl_hyp = "It's -5 degrees in 1990. 1,000.5 people"
    add("intl: in 1990. / It's / -5 / 1,000.5", "BLEU", {"tokenize": "intl"}, [intl_hyp],
        [["It ' s - 5 degrees in 1990. 1,000.5 people"]])
    add("13a on the intl sentence", "BLEU", {"tokenize": "13a"}, [intl_hyp],
        [["It's -5 degrees in 1990 . 1,000.5 people"]])
    add("intl symbols and unicode punctuation", "BLEU", {"tokenize": "intl", "effective_order": True},
        ["«Prix»: 5€ ±3 ¿sí?"], [["« Prix » : 5 € ± 3 ¿ sí ?"]])

    # --- char tokenizer -----------------------------------------------------------------------------------------
    add("char tokenizer with combining marks vs precomposed", "BLEU", {"tokenize": "char"},
        ["cafe\u0301 nai\u0308ve"], [["café naïve"]])
    add("char tokenizer combining marks identical", "BLEU", {"tokenize": "char"},
        ["cafe\u0301 nai\u0308ve"], [["cafe\u0301 nai\u0308ve"]])
    add("char tokenizer CJK", "BLEU", {"tokenize": "char"}, ["我们是学生"], [["我是学生"]])

    # --- lowercase ----------------------------------------------------------------------------------------------
    add("lowercase İ (2 code points) and Greek final sigma", "BLEU", {"lowercase": True, "tokenize": "char"},
        ["İSTANBUL ΟΔΟΣ ΣΑΣ"], [["i̇stanbul οδος σας"]])
    add("lowercase İ vs plain i", "BLEU", {"lowercase": True, "effective_order": True}, ["İSTANBUL ΟΔΟΣ"],
        [["istanbul οδοσ"]])
    add("chrF lowercase İ and final sigma", "chrF", {"lowercase": True}, ["İSTANBUL ΟΔΟΣ ΣΑΣ"],
        [["i̇stanbul οδος σας"]])
    add("TER lowercases İ and final sigma by default", "TER", {}, ["İSTANBUL ΟΔΟΣ"], [["i̇stanbul οδος"]])

    # --- smoothing ----------------------------------------------------------------------------------------------
    sm_h, sm_r = ["a b c d e f"], [["a c b d f e"]]
    for cfg in [{}, {"smooth_method": "exp"}, {"smooth_method": "floor"},
                {"smooth_method": "floor", "smooth_value": 0.0}, {"smooth_method": "floor", "smooth_value": 0.1},
                {"smooth_method": "floor", "smooth_value": 0.5}, {"smooth_method": "add-k"},
                {"smooth_method": "add-k", "smooth_value": 1}, {"smooth_method": "add-k", "smooth_value": 2},
                {"smooth_method": "add-k", "smooth_value": 0.5}, {"smooth_method": "none"}]:
        add(f"smoothing {json.dumps(cfg)}", "BLEU", cfg, sm_h, sm_r)
        add(f"smoothing {json.dumps(cfg)}, sentence", "BLEU", cfg, ["the cat the mat"], [["the cat sat on the mat"]],
            True)
    add("smooth none with zero higher-order matches (eff order)", "BLEU",
        {"smooth_method": "none", "effective_order": True}, ["a b c d"], [["d c b a"]])
    add("zero unigram matches: early exit even with add-k (#141)", "BLEU", {"smooth_method": "add-k"},
        ["x y z w"], [["a b c d"]])
    add("zero unigram matches: early exit with floor (#141)", "BLEU", {"smooth_method": "floor"},
        ["x y z w"], [["a b c d"]])
    add("zero unigram matches: exp", "BLEU", {}, ["x y z w v"], [["a b c d"]])

    # --- effective order ----------------------------------------------------------------------------------------
    for n in (1, 2, 3):
        words = " ".join("abc"[:n])
        add(f"effective order, {n}-token sentence (sentence level)", "BLEU", {}, [words], [[words + " z"]], True)
        add(f"no effective order, {n}-token corpus", "BLEU", {}, [words], [[words + " z"]])
        add(f"effective order, {n}-token corpus", "BLEU", {"effective_order": True}, [words], [[words + " z"]])
    add("effective order with zero 2-gram matches", "BLEU", {"effective_order": True}, ["b a c"], [["a b c"]])

    # --- max n-gram order ---------------------------------------------------------------------------------------
    for n in range(1, 7):
        add(f"max_ngram_order {n}", "BLEU", {"max_ngram_order": n}, README_HYPS, README_REFS)
        add(f"max_ngram_order {n}, eff, short", "BLEU", {"max_ngram_order": n, "effective_order": True},
            ["a b c"], [["a b c d"]])

    # --- multi-reference clipping -------------------------------------------------------------------------------
    add("multi-ref clipping max count per n-gram", "BLEU", {}, ["the the the the"],
        [["the cat"], ["the the cat"]])
    add("multi-ref clipping bigrams across refs", "BLEU", {"effective_order": True},
        ["a b a b a b"], [["a b x a b"], ["b a b a"]])

    # --- chrF parameters ----------------------------------------------------------------------------------------
    ch_h = ["The quick brown fox jumps over the lazy dog.", "A short one!"]
    ch_r = [["The fast brown fox jumped over the lazy dogs.", "A shorter one."]]
    for cfg in [{"beta": 1}, {"beta": 2}, {"beta": 3}, {"char_order": 4}, {"char_order": 6},
                {"word_order": 0}, {"word_order": 1}, {"word_order": 2}, {"whitespace": True},
                {"eps_smoothing": True}, {"word_order": 2, "eps_smoothing": True},
                {"beta": 3, "word_order": 1, "char_order": 4}, {"word_order": 2, "whitespace": True}]:
        add(f"chrF params {json.dumps(cfg)}", "chrF", cfg, ch_h, ch_r)
    add("chrF++ punctuation splitting (hi) hi!!", "chrF", {"word_order": 2}, ["(hi) hi!! !hi"],
        [["( hi ) hi! ! ! hi"]])
    add("chrF++ single char tokens", "chrF", {"word_order": 2}, ["a b c ! ."], [["a b c !"]])
    add("chrF multi-ref best ref per sentence", "chrF", {}, ["the cat sat", "a dog ran"],
        [["the cat sat", "xyz"], ["zzz", "a dog ran"]])
    add("chrF multi-ref tie keeps first ref", "chrF", {"word_order": 2}, ["ab cd"],
        [["ab ce"], ["ab cf"]])
    add("chrF multi-ref best ref (eps)", "chrF", {"eps_smoothing": True}, ["the cat sat", "a dog ran"],
        [["the cat sat", "xyz"], ["zzz", "a dog ran"]])
    add("chrF hyp shorter than char order", "chrF", {}, ["ab"], [["abcdefgh"]])
    add("chrF sentence multi-ref", "chrF", {"word_order": 2}, ["The man had just bitten him."],
        [["The man bit him first."], ["The man had bitten the dog."]], True)

    # --- TER ----------------------------------------------------------------------------------------------------
    add("TER identity", "TER", {}, ["a b c d"], [["a b c d"]])
    add("TER disjoint", "TER", {}, ["a b c d"], [["w x y z"]])
    add("TER disjoint different lengths", "TER", {}, ["a b"], [["w x y z"]])
    add("TER single shift", "TER", {}, ["d e f g h a b c"], [["a b c d e f g h"]])
    add("TER multi-ref average length", "TER", {}, ["a b c"], [["a b c d e f"], ["x y"]])
    add("TER multi-ref empty ref counts in average", "TER", {}, ["a b c"], [["a b c"], [""]])
    add("TER normalized Jim's car. and 4.2", "TER", {"normalized": True}, ["Jim's car costs 4.2 dollars."],
        [["jim 's car costs 4.2 dollars ."]])
    add("TER not normalized Jim's car. and 4.2", "TER", {}, ["Jim's car costs 4.2 dollars."],
        [["jim 's car costs 4.2 dollars ."]])
    add("TER no_punct", "TER", {"no_punct": True}, ["Hello, world! (yes) \"ok\"; a:b?"],
        [["hello world yes ok a b"]])
    add("TER no_punct + normalized", "TER", {"no_punct": True, "normalized": True},
        ["Hello, world! (yes) \"ok\"; a:b?"], [["hello world yes ok a b"]])
    add("TER asian_support + normalized", "TER", {"asian_support": True, "normalized": True},
        ["美众院公布对特朗普的弹劾条款。"], [["美 众 院 公 布 对 特 朗 普 弹 劾 条 款 。"]])
    add("TER asian_support alone (no effect)", "TER", {"asian_support": True},
        ["美众院公布对特朗普的弹劾条款。"], [["美 众 院 公 布 对 特 朗 普 弹 劾 条 款 。"]])
    add("TER asian_support + no_punct", "TER", {"asian_support": True, "no_punct": True},
        ["美众院，公布。「弹劾」"], [["美众院 公布 弹劾"]])
    add("TER case_sensitive", "TER", {"case_sensitive": True}, ["The Cat sat"], [["the cat sat"]])
    add("TER long sentence with several shifts", "TER", {}, [LONG_HYP], [[LONG_REF]])
    add("TER long sentence normalized", "TER", {"normalized": True}, [LONG_HYP], [[LONG_REF]])
    add("TER block moved further than max shift distance", "TER", {}, [FAR_HYP], [[FAR_REF]])
    add("TER many repeated words (candidate limit)", "TER", {}, [" ".join(["a b c d"] * 25)],
        [[" ".join(["d c b a"] * 25)]])
    # shift(w, s, L, t) with t == s+L moves the block after the next L words (found by searching small
    # random cases where this branch changes the sacreBLEU result)
    add("TER shift-target quirk 1", "TER", {}, ["c b c c a"], [["a c c b c"]])
    add("TER shift-target quirk 2", "TER", {}, ["a c b c a"], [["b a a a c c"]])
    add("TER shift-target quirk 3", "TER", {}, ["a d a b c"], [["b a c b a d d c"]])
    add("TER sentence level multi-ref", "TER", {}, ["a b c"], [["a b c d e f"], ["x y"]], True)
    add("TER corpus sum of float ref lengths", "TER", {}, ["a b", "c d e", "f"],
        [["a b c", "c d", "f g h i"], ["a", "c d e f", "f"]])

    # --- README example for every tokenizer, and other metrics -------------------------------------------------
    for tok in ["13a", "intl", "char", "none", "zh"]:
        add(f"README example BLEU tokenize {tok}", "BLEU", {"tokenize": tok}, README_HYPS, README_REFS)
    add("README example BLEU lowercase", "BLEU", {"lowercase": True}, README_HYPS, README_REFS)
    add("README example chrF2", "chrF", {}, README_HYPS, README_REFS)
    add("README example chrF2++", "chrF", {"word_order": 2}, README_HYPS, README_REFS)
    add("README example TER", "TER", {}, README_HYPS, README_REFS)
    add("README example TER normalized", "TER", {"normalized": True}, README_HYPS, README_REFS)
    return C


def compute_case(name, metric, config, sentence_level, hyps, refs):
    m = make_metric(metric, config)
    if sentence_level:
        s = m.sentence_score(hyps[0], [r[0] for r in refs])
    else:
        s = m.corpus_score(hyps, refs)
    if metric.startswith("chrF"):
        assert s.name == metric, (s.name, metric)
    rec = {"name": name, "metric": metric, "config": config, "sentence_level": sentence_level,
           "hyps": hyps, "refs": refs, "score": s.score, "signature": m.get_signature().format()}
    rec.update(score_details(metric, s))
    if metric == "BLEU":
        rec["precisions"] = list(s.precisions)
    return rec


def observed_cases(shared):
    """Re-compute the 'observed' metric cases of sacrebleu-cases.json; return (records, tokenizer cases)."""
    data = json.loads((Path(shared) / "sacrebleu-cases.json").read_text(encoding="utf-8"))
    recs, tok_cases = [], []
    for c in data["observed"]:
        metric = c.get("metric")
        cfg = dict(c.get("config", {}))
        if metric == "CHRF":
            metric = chrf_name(cfg)
        if metric not in ("BLEU", "TER") and not str(metric).startswith("chrF"):
            print(f"  observed case not mapped to a metric case (metric {c.get('metric')!r}): {c.get('note')!r} "
                  f"[{c.get('tokenizer')!r}: {c.get('input')!r}]", file=sys.stderr)
            tok_cases.append(c)
            continue
        try:
            rec = compute_case(f"observed {metric}: {c['note']}", metric, cfg, c["sentence_level"], c["hyps"], c["refs"])
        except ValueError as e:
            print(f"  observed case skipped, config not mappable ({e}): {c['note']!r}", file=sys.stderr)
            continue
        exp = c.get("expected", {})
        if "score" in exp and repr(rec["score"]) != exp["score"]:
            print(f"  WARNING observed case {c['note']!r}: got {rec['score']!r}, file says {exp['score']}",
                  file=sys.stderr)
        recs.append(rec)
    return recs, tok_cases


# --------------------------------------------------------------------------------------------------------------
# (d) tokenizers
# --------------------------------------------------------------------------------------------------------------

SPECIAL_CHARS = [
    "\u001f", "\u001c", "\u001d", "\u001e", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2028", "\u2029", "\t",
    "\r", "\u000b", "\u000c", "\u0085", "\u2009", "\u202f", "\u205f", "\u1680", "\u2013", "\u2014", "“", "”", "…",
    "€", "→", "∑", ".", ",", "-", "'", "&", "<", ">", '"', "$", "%", "(", ")", "!", "?", ":", ";", "/", "\\",
    "@", "#", "*", "+", "=", "_", "^", "`", "~", "|", "{", "}", "[", "]", "٣", "，", "。", "、", "「", "」", "ー",
    "・", "½", "²", "©", "°", "±", "×", "¿", "¡", "«", "»", "\u0301", "😀", "‰", "′", "‐", "﹐", "．", "𠀀",
]

HANDWRITTEN = [
    "", " ", "  a  ", " leading space", "trailing space ", "\ttab\tseparated\t", "a\u2028b", "a\nb", "a-\nb",
    "Hello, world! It's 3,000.50 $-5 (ok) a-b 1-2 in 1990.", "in 1990.", "It's", "-5", "1,000.5", "1.000,5",
    "a..", "1..", "..1", ",.,", "1-2-3", "x-", ".5", "5.", "-.5", "3.14.15", "a.b.c", "1,2,3", "a,b", "1.a", "a.1",
    "٣.", "٣,٣", "١٢٣.٤", "१२.३", "Ⅻ.", "½.", "x².", "$5.00", "US$-3", "5%-6%", "e.g.", "U.S.A.", "...", "…",
    "&amp;lt;", "&amp;quot;", "&apos;", "&QUOT;", "&quot;x&quot;", "&lt;b&gt;bold&lt;/b&gt;", "&amp;amp;", "&&",
    "a&b", "&#39;", "&nbsp;", "<skipped>", "a<skipped>b", "<skipped><skipped>", "<SKIPPED>", "< skipped >",
    "价格是100元,好吗?He said “hi”…", "𠀀𠀁 is Ext-B (NOT split)", "中文English混合123", "東京2020年",
    "今日は良い天気ですね。", "カタカナ・ひらがな", "한국어 텍스트입니다.", "ＡＢＣ１２３！？", "（全角）", "【注意】",
    "「引用」", "『本』", "〈角〉", "〜波〜", "㈱会社", "㍻", "⺀⺁", "⿰", "丽", "ﾊﾝｶｸ", "¥100", "₩1000",
    "👍🏽 emoji 🇩🇪 flags", "👨‍👩‍👧 family", "a😀b", "😀.", "❤️", "★☆", "☺", "∑∏∫", "→←↔", "≤≥≠",
    "cafe\u0301", "nai\u0308ve", "e\u0301\u0301", "\u0301a", "Å Å", "ﬁ ligature", "ß ẞ", "İstanbul", "ΟΔΟΣ ΣΑΣ",
    "ΣΣ", "Ǆ ǅ ǆ", "Привет, мир!", "Žluťoučký kůň.", "Čćžšđ.", "Ωmega", "«Bonjour», dit-il.", "¿Qué? ¡Sí!",
    "l'homme", "aujourd'hui", "rock'n'roll", "'quoted'", "\"double\"", "``latex''", "don't", "O'Neil's",
    "(hi)", "hi!!", "!hi", "((a))", "[a]{b}", "a/b\\c", "@user #tag", "x_y", "a^b", "a|b", "~home",
    "https://example.com/a-b?c=1&d=2", "user@example.com", "10:30", "1/2", "3-4pm", "1990s", "'90s", "24/7",
    "5km", "+44 20 7946 0958", "1e-5", "-1", "--", "---", "- -", "a - b", "a—b", "a–b", "a‐b", "x-y-z",
    "Mr. Smith", "No. 1", "p.m.", "A.", "a .", "a ,", ". a", ", a", ".", ",", "-", "'", "&",
    "\u001fa\u001fb\u001f", "a\u001cb\u001dc\u001ed", "a\u00a0b", "a\u3000b", "a\u200bb", "\ufeffa b",
    "a\ufeffb", "a\u2029b", "a\u0085b", "a\u000bb\u000cc", "a\rb", "a\u2009b\u202fc", "a\u205fb\u1680c",
    "   ", "\t", "\u3000", "\u00a0", "\u200b", "x" * 50, "a " * 30, ". " * 10, "1" * 20 + "." + "2" * 5,
]


def tricky_strings():
    seen, out = set(), []
    for s in HANDWRITTEN + [t for c in SPECIAL_CHARS for t in (f"a{c}b", f"1{c}2", f"{c}x {c}", f" {c}{c}a.")]:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def sampled_lines(shared, per_file=4):
    """Deterministic sample of lines from every WMT22 text file (all pairs, incl. en-ja)."""
    rng = random.Random(12345)
    wmt = Path(shared) / "wmt22"
    files = sorted(p for d in ("references", "sources", "system-outputs") for p in (wmt / d).iterdir())
    seen, out = set(), []
    for p in files:
        lines = read_lines(str(p))
        for i in sorted(rng.sample(range(len(lines)), min(per_file, len(lines)))):
            if lines[i] not in seen:
                seen.add(lines[i])
                out.append(lines[i])
    return out


def tokenizer_data(shared, extra_inputs):
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
    from sacrebleu.tokenizers.tokenizer_intl import TokenizerV14International
    from sacrebleu.tokenizers.tokenizer_zh import TokenizerZh
    from sacrebleu.tokenizers.tokenizer_char import TokenizerChar
    from sacrebleu.tokenizers.tokenizer_ter import TercomTokenizer

    hand = tricky_strings()
    sampled = sampled_lines(shared)
    toks = {"13a": Tokenizer13a(), "intl": TokenizerV14International(), "zh": TokenizerZh(),
            "char": TokenizerChar()}
    result = {}
    for name, tok in toks.items():
        inputs = list(hand)
        inputs += [c["input"] for c in extra_inputs if c.get("tokenizer") == name and c["input"] not in inputs]
        inputs += sampled
        result[name] = [[s, tok(s)] for s in inputs]
        for c in extra_inputs:
            if c.get("tokenizer") == name and tok(c["input"]) != c["expected"]["output"]:
                print(f"  WARNING tokenizer case {name} {c['input']!r} differs from sacrebleu-cases.json",
                      file=sys.stderr)

    rng = random.Random(12345)
    ter_hand = [
        "A B C D.", "A ; B ) C : D.", "Jim's car.", "4.2", "りの拳銃を持", "美众院公布对特朗普的弹劾条款。",
        "Hello, world! It's 3,000.50 $-5 (ok) a-b 1-2 in 1990.", "&amp;lt; &quot;x&quot; &gt;", "a\n-b c-\nd",
        "a\nb", "it's the cat's toy's", "'s start", "end 's", "THE Cat ΟΔΟΣ İ", "(hi) hi!! \"q\" a:b; c?",
        "东京，你好。「引用」【注意】", "ＡＢＣ，１２３．？！（全角）＂", "カタカナ・ひらがな、漢字。", "㈱会社 ㍻ 㐀㐁 丽",
        "⺀⺁ ㇀㇁ 中文English混合123", "ﾊﾝｶｸ｡｢｣､･", "", " ", "  a  ", "\u001fa\u001fb", "a\u00a0b\u3000c",
        "a\u200bb\ufeffc", "x." * 5, "e.g. U.S.A. 1..2 ..1 ,., x- .5 1-2-3", "Mr. O'Neil's dog.", "5%-6% $-3",
        "你好，世界！", "한국어 텍스트입니다.", "Привет, мир!", "cafe\u0301 😀 ❤️", "&apos;&QUOT;&Amp;",
        "end with space ", "\tTab\t", "a/b\\c@d#e", "{x}[y]<z>", "1990.", "1,000.5", "-5", "٣.", "x²½",
    ]
    ter_inputs = ter_hand + [s for s in rng.sample(sampled, 100 - len(ter_hand)) if s not in ter_hand]
    tercom = []
    for normalized, no_punct, asian_support, case_sensitive in itertools.product([False, True], repeat=4):
        tok = TercomTokenizer(normalized=normalized, no_punct=no_punct, asian_support=asian_support,
                              case_sensitive=case_sensitive)
        for s in ter_inputs:
            tercom.append({"input": s, "normalized": normalized, "no_punct": no_punct,
                           "asian_support": asian_support, "case_sensitive": case_sensitive, "output": tok(s)})
    result["tercom"] = tercom
    return result


# --------------------------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------------------------

def build_tasks(pairs, ter_quick):
    """All tasks, cheapest/most valuable first; the very slow zh-en TER passes come last."""
    tasks = []
    for pair, ref_names, tok in SENTENCE_PAIRS:
        info = pairs[pair]
        for system, path in sorted(info["systems"].items()):
            tasks.append(("sentence", [pair, system, path, ref_names, [info["refs"][n] for n in ref_names], tok]))
    ter = []
    for pair, info in sorted(pairs.items()):
        if pair in SKIP_PAIRS:
            continue
        refs = dict(sorted(info["refs"].items()))
        combos = ref_combos(refs)
        for system, path in sorted(info["systems"].items()):
            tasks.append(("bleu-chrf", [pair, info["tgt"], system, path, refs]))
            for combo in combos:
                ter.append(("ter", [pair, system, path, refs, combo, {}]))
                if not ter_quick or combo == combos[0]:
                    ter.append(("ter", [pair, system, path, refs, combo, {"normalized": True}]))
    ter.sort(key=lambda t: (t[1][0] == "zh-en", len(t[1][4])))
    return tasks + ter


def record_sort_key(rec, pairs):
    """Corpus records: pair, system, reference combination, then metric/config order."""
    combos = ref_combos(pairs[rec["pair"]]["refs"])
    metric_order = ["BLEU:" + t for t in BLEU_TOKENIZERS + ["zh"]] + ["chrF2:", "chrF2++:", "TER:", "TER:norm"]
    tag = rec["metric"] + ":" + (rec["config"].get("tokenize", "") if rec["metric"] == "BLEU"
                                 else "norm" if rec["config"].get("normalized") else "")
    return rec["pair"], rec["system"], combos.index(rec["refs"]), metric_order.index(tag)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(REPO_ROOT.parent / "shared" / "datasets"),
                    help="shared datasets folder (default: ../shared/datasets relative to the repo root)")
    ap.add_argument("--out", default=str(REPO_ROOT / "tests" / "golden"),
                    help="output folder (default: tests/golden in the repo)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--cache", default=str(REPO_ROOT.parent / "golden-cache"),
                    help="folder OUTSIDE the repo for per-task results, so an interrupted run resumes "
                         "(default: ../golden-cache relative to the repo root)")
    ap.add_argument("--assemble-only", action="store_true",
                    help="compute nothing for WMT22: write the output files from the cached tasks, listing missing ones")
    ap.add_argument("--ter-quick", action="store_true",
                    help="compute TER normalized with the first reference only (default: every reference combination)")
    args = ap.parse_args()

    import sacrebleu
    if sacrebleu.__version__ != "2.6.0":
        sys.exit(f"sacrebleu 2.6.0 required, found {sacrebleu.__version__}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    shared = Path(args.shared)
    t_start = time.time()

    # (c) and (d) first: they take seconds
    edge = [compute_case(*spec) for spec in edge_case_specs()]
    obs, tok_cases = observed_cases(shared)
    edge += obs
    names = [e["name"] for e in edge]
    assert len(names) == len(set(names)), "duplicate edge case names"
    size = dump_json_array(edge, out / "edge-cases.json")
    print(f"edge-cases.json: {len(edge)} records ({len(obs)} from sacrebleu-cases.json observed), {size} bytes",
          file=sys.stderr)

    toks = tokenizer_data(shared, tok_cases)
    text = "{\n" + ",\n".join(
        json.dumps(k, ensure_ascii=False) + ": [\n" + ",\n".join(
            json.dumps(e, ensure_ascii=False) for e in v) + "\n]" for k, v in toks.items()) + "\n}\n"
    (out / "tokenizers.json").write_text(text, encoding="utf-8")
    print("tokenizers.json: " + ", ".join(f"{k} {len(v)}" for k, v in toks.items())
          + f"; {len(text.encode('utf-8'))} bytes", file=sys.stderr)

    # (a) and (b): WMT22, resumable through the cache folder
    pairs = discover(shared)
    tasks = build_tasks(pairs, args.ter_quick)
    results, todo, cpu = {}, [], 0.0
    for t in tasks:
        path = task_cache_path(cache, t)
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            results[path.name] = (t, data["records"], data["note"])
            cpu += data["cpu"]
        else:
            todo.append(t)
    print(f"{len(tasks)} WMT22 tasks, {len(tasks) - len(todo)} cached, {len(todo)} to compute", file=sys.stderr)
    if todo and not args.assemble_only:
        with mp.Pool(args.jobs) as pool:
            jobs = [(str(cache), t) for t in todo]
            for i, (task, recs, note, secs) in enumerate(pool.imap_unordered(run_task, jobs, chunksize=1), 1):
                cpu += secs
                results[task_cache_path(cache, task).name] = (task, recs, note)
                print(f"[{i}/{len(todo)}] {task[0]} {task[1][0]} {task[1][2 if task[0] == 'bleu-chrf' else 1]}"
                      f"{' ' + json.dumps(task[1][4:]) if task[0] == 'ter' else ''}: {len(recs)} records, "
                      f"{secs:.1f} s CPU ({time.time() - t_start:.0f} s elapsed)", file=sys.stderr, flush=True)
    missing = [t for t in tasks if task_cache_path(cache, t).name not in results]
    for t in missing:
        print(f"MISSING (not computed): {t[0]} {t[1][0]} {t[1][1]} {json.dumps(t[1][4:]) if t[0] == 'ter' else ''}",
              file=sys.stderr)
    for _, _, note in results.values():
        if note:
            print(note, file=sys.stderr)

    corpus = [r for t, recs, _ in results.values() if t[0] != "sentence" for r in recs]
    corpus.sort(key=lambda r: record_sort_key(r, pairs))
    size = dump_json_array(corpus, out / "wmt22-corpus.json")
    print(f"wmt22-corpus.json: {len(corpus)} records, {size} bytes", file=sys.stderr)

    sentence = [r for t, recs, _ in results.values() if t[0] == "sentence" for r in recs]
    sentence.sort(key=lambda r: ([p for p, *_ in SENTENCE_PAIRS].index(r["pair"]), r["system"], r["metric"]))
    path = out / "wmt22-sentence.json"
    size = dump_json_array(sentence, path)
    if size > MAX_BYTES:
        keep = {(p, s) for p, *_ in SENTENCE_PAIRS
                for s in sorted({r["system"] for r in sentence if r["pair"] == p})[:5]}
        sentence = [r for r in sentence if (r["pair"], r["system"]) in keep]
        size = dump_json_array(sentence, path)
        print("wmt22-sentence.json was over 3 MB: reduced to the first 5 systems per pair", file=sys.stderr)
    print(f"wmt22-sentence.json: {len(sentence)} records, {size} bytes", file=sys.stderr)
    print(f"done in {time.time() - t_start:.0f} s wall; {cpu:.0f} s worker CPU over all tasks "
          f"({len(missing)} tasks missing)", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
