#!/usr/bin/env python3
"""Generate ``python-api.json``: sacreBLEU 2.6.0's Python API behaviours, for the tests of mteval's
Python package (``tests/python/``).

Our own generator: it calls sacreBLEU's public API on small literal inputs and stores what it
returns (scores at full precision, score attributes, ``str()`` and ``format()`` strings,
signatures) and the exception type and message of bad arguments. Run from the repository root
with the reference virtualenv (see ``generate.py``)::

    /work/venv-sacrebleu/bin/python tests/golden/generate_python_api.py

Output: ``tests/golden/python-api.json`` with ``cases`` (one per metric configuration, call kind
and input set), ``functions`` (the module functions), ``bootstrap`` (``corpus_score`` with
``n_bootstrap``) and ``errors`` (one per bad call).
"""

import json
import os
import sys
from pathlib import Path

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

assert sacrebleu.__version__ == "2.6.0", sacrebleu.__version__

HYPS = [
    "The dog bit the man.",
    "It wasn't surprising.",
    "The man had just bitten him.",
    "",
    "Ein völlig anderer Satz , mit Tokens .",
    "THE CAT SAT ON THE MAT",
    "a",
]
REFS_A = [
    "The dog bit the man.",
    "It was not unexpected.",
    "The man bit him first.",
    "Nothing here.",
    "Ein ganz anderer Satz, mit Token.",
    "the cat sat on the mat",
    "",
]
REFS_B = [
    "The dog had bit the man.",
    "No one was surprised.",
    "The man had bitten the dog.",
    "",
    "Ein völlig anderer Satz, mit Tokens.",
    "The cat was sitting on the mat.",
    "b",
]
# Segment 2 and 5 have one reference only (sacreBLEU's `nrefs:var`).
REFS_VAR = [r if i not in (2, 5) else None for i, r in enumerate(REFS_B)]

METRICS = {
    "BLEU": BLEU,
    "CHRF": CHRF,
    "TER": TER,
}

CONFIGS = [
    ("BLEU", {}),
    ("BLEU", {"lowercase": True}),
    ("BLEU", {"tokenize": "intl"}),
    ("BLEU", {"tokenize": "char"}),
    ("BLEU", {"tokenize": "none", "smooth_method": "floor"}),
    ("BLEU", {"smooth_method": "floor", "smooth_value": 0.2}),
    ("BLEU", {"smooth_method": "add-k"}),
    ("BLEU", {"smooth_method": "add-k", "smooth_value": 0.5}),
    ("BLEU", {"smooth_method": "none"}),
    ("BLEU", {"max_ngram_order": 2}),
    ("BLEU", {"effective_order": True}),
    ("BLEU", {"trg_lang": "zh"}),
    ("CHRF", {}),
    ("CHRF", {"word_order": 2}),
    ("CHRF", {"char_order": 4, "beta": 1, "lowercase": True}),
    ("CHRF", {"whitespace": True}),
    ("CHRF", {"eps_smoothing": True}),
    ("TER", {}),
    ("TER", {"normalized": True}),
    ("TER", {"no_punct": True, "case_sensitive": True}),
    ("TER", {"normalized": True, "asian_support": True}),
]

INPUTS = {
    "one-ref": [REFS_A],
    "two-refs": [REFS_A, REFS_B],
    "var-refs": [REFS_A, REFS_VAR],
}


def describe(score):
    """Everything a user reads off a score object."""
    record = {
        "class": type(score).__name__,
        "name": score.name,
        "score": score.score,
        "str": str(score),
        "format_width_1": score.format(width=1),
        "format_score_only": score.format(score_only=True),
    }
    for attribute in ("counts", "totals", "precisions", "bp", "sys_len", "ref_len", "ratio", "prec_str"):
        if hasattr(score, attribute):
            record[attribute] = getattr(score, attribute)
    for attribute in ("char_order", "word_order", "beta", "num_edits", "ref_length"):
        if hasattr(score, attribute):
            record[attribute] = getattr(score, attribute)
    return record


def signature_strings(metric):
    signature = metric.get_signature()
    return {"signature": signature.format(), "signature_short": signature.format(short=True)}


def cases():
    out = []
    for metric_name, config in CONFIGS:
        for input_name, refs in INPUTS.items():
            metric = METRICS[metric_name](**config)
            score = metric.corpus_score(HYPS, refs)
            signature = metric.get_signature().format()
            case = {
                "metric": metric_name,
                "config": config,
                "call": "corpus_score",
                "inputs": input_name,
                **describe(score),
                **signature_strings(metric),
                "format_signature": score.format(signature=signature),
                "format_json": score.format(signature=signature, is_json=True),
            }
            out.append(case)
            cached = METRICS[metric_name](**config, references=refs)
            cached_score = cached.corpus_score(HYPS, None)
            out.append(
                {
                    "metric": metric_name,
                    "config": config,
                    "call": "cached_corpus_score",
                    "inputs": input_name,
                    **describe(cached_score),
                    **signature_strings(cached),
                }
            )
        sentence_config = dict(config)
        if metric_name == "BLEU":
            sentence_config.setdefault("effective_order", True)
        metric = METRICS[metric_name](**sentence_config)
        for i, hyp in enumerate(HYPS):
            refs = [REFS_A[i], REFS_VAR[i]]
            score = metric.sentence_score(hyp, refs)
            out.append(
                {
                    "metric": metric_name,
                    "config": sentence_config,
                    "call": "sentence_score",
                    "segment": i,
                    **describe(score),
                    **signature_strings(metric),
                }
            )
    return out


def bootstrap_cases():
    """``corpus_score(..., n_bootstrap=N)``: the 95% interval sacreBLEU adds to a score (seeded by
    ``SACREBLEU_SEED``, 12345 by default) and the ``bs``/``rs`` signature entries."""
    out = []
    for seed in (None, "7"):
        if seed is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = seed
        for metric_name, samples in (("BLEU", 1000), ("CHRF", 200), ("TER", 50)):
            metric = METRICS[metric_name]()
            score = metric.corpus_score(HYPS, [REFS_A, REFS_B], n_bootstrap=samples)
            signature = metric.get_signature().format()
            out.append(
                {
                    "metric": metric_name,
                    "seed": seed,
                    "n_bootstrap": samples,
                    **describe(score),
                    **signature_strings(metric),
                    "mean": float(score._mean),
                    "ci": float(score._ci),
                    "format_json": score.format(signature=signature, is_json=True),
                }
            )
    os.environ.pop("SACREBLEU_SEED", None)
    return out


def module_functions():
    calls = [
        ("corpus_bleu", (HYPS, [REFS_A, REFS_B]), {}),
        ("corpus_bleu", (HYPS, [REFS_A]), {"lowercase": True, "tokenize": "intl", "use_effective_order": True}),
        ("raw_corpus_bleu", (HYPS, [REFS_A]), {}),
        ("sentence_bleu", (HYPS[2], [REFS_A[2], REFS_B[2]]), {}),
        ("sentence_bleu", (HYPS[2], [REFS_A[2]]), {"smooth_method": "floor", "use_effective_order": False}),
        ("corpus_chrf", (HYPS, [REFS_A, REFS_B]), {}),
        ("corpus_chrf", (HYPS, [REFS_A]), {"word_order": 2, "remove_whitespace": False}),
        ("sentence_chrf", (HYPS[1], [REFS_A[1], REFS_B[1]]), {"word_order": 2}),
        ("corpus_ter", (HYPS, [REFS_A, REFS_B]), {}),
        ("corpus_ter", (HYPS, [REFS_A]), {"normalized": True, "case_sensitive": True}),
        ("sentence_ter", (HYPS[2], [REFS_A[2], REFS_B[2]]), {"no_punct": True}),
    ]
    out = []
    for name, args, kwargs in calls:
        score = getattr(sacrebleu, name)(*args, **kwargs)
        out.append({"function": name, "args": list(args), "kwargs": kwargs, **describe(score)})
    return out


def errors():
    """Bad calls: (description, metric, constructor arguments, method, method arguments)."""
    calls = [
        ("hyps not a sequence", "BLEU", {}, "corpus_score", [5, [REFS_A]]),
        ("hyps of numbers", "BLEU", {}, "corpus_score", [[1, 2], [REFS_A[:2]]]),
        ("hyps with None", "CHRF", {}, "corpus_score", [["a", None], [REFS_A[:2]]]),
        ("refs not a sequence", "TER", {}, "corpus_score", [HYPS, 5]),
        ("refs a flat sequence of numbers", "BLEU", {}, "corpus_score", [HYPS, [1, 2]]),
        ("refs of numbers", "CHRF", {}, "corpus_score", [HYPS[:2], [[1, 2]]]),
        ("sentence hyp not a string", "BLEU", {}, "sentence_score", [5, ["a"]]),
        ("sentence refs a string", "CHRF", {}, "sentence_score", ["a", "a"]),
        ("sentence refs of numbers", "TER", {}, "sentence_score", ["a", [5]]),
        ("no references and no cache", "BLEU", {}, "corpus_score", [HYPS, None]),
        ("unknown tokenizer", "BLEU", {"tokenize": "moses"}, None, None),
        ("unknown smoothing", "BLEU", {"smooth_method": "laplace"}, None, None),
        ("signature before scoring", "CHRF", {}, "get_signature", []),
    ]
    out = []
    for description, metric_name, config, method, args in calls:
        try:
            metric = METRICS[metric_name](**config)
            getattr(metric, method)(*args)
        except Exception as error:  # noqa: BLE001 -- recording whatever sacreBLEU raises
            out.append(
                {
                    "description": description,
                    "metric": metric_name,
                    "config": config,
                    "method": method,
                    "args": args,
                    "type": type(error).__name__,
                    "message": str(error),
                }
            )
        else:
            sys.exit(f"sacreBLEU accepted: {description}")
    return out


def main():
    out = Path(__file__).resolve().parent / "python-api.json"
    data = {
        "sacrebleu": sacrebleu.__version__,
        "inputs": {"hyps": HYPS, "refs_a": REFS_A, "refs_b": REFS_B, "refs_var": REFS_VAR},
        "cases": cases(),
        "functions": module_functions(),
        "bootstrap": bootstrap_cases(),
        "errors": errors(),
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['cases'])} cases, {len(data['functions'])} functions, {len(data['errors'])} errors")


if __name__ == "__main__":
    main()
