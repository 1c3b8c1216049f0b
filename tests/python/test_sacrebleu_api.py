"""sacreBLEU 2.6.0's Python API behaviours (``tests/golden/python-api.json``): corpus, cached and
sentence scores, score attributes, ``str()``/``format()`` strings, signatures, the module
functions and the errors of bad arguments."""

import builtins
import json

import pytest
from conftest import assert_score, golden, without_version

import mteval

API = golden("python-api.json")
INPUTS = API["inputs"]
HYPS = INPUTS["hyps"]
REFERENCES = {
    "one-ref": [INPUTS["refs_a"]],
    "two-refs": [INPUTS["refs_a"], INPUTS["refs_b"]],
    "var-refs": [INPUTS["refs_a"], INPUTS["refs_var"]],
}
METRICS = {"BLEU": mteval.BLEU, "CHRF": mteval.CHRF, "TER": mteval.TER}
EXACT_ATTRIBUTES = ("class", "name", "str", "format_width_1", "format_score_only", "counts", "totals", "sys_len",
                    "ref_len", "prec_str", "char_order", "word_order", "beta", "num_edits")
CLOSE_ATTRIBUTES = ("score", "bp", "ratio", "ref_length")


def case_id(case):
    options = ",".join(f"{k}={v}" for k, v in case["config"].items())
    where = case.get("inputs", f"segment {case.get('segment')}")
    return f"{case['metric']}({options}).{case['call']}[{where}]"


# How each golden key is read off a score object (other keys are attributes of the same name).
READERS = {
    "class": lambda score: type(score).__name__,
    "str": str,
    "format_width_1": lambda score: score.format(width=1),
    "format_score_only": lambda score: score.format(score_only=True),
}
SCORE_KEYS = set(EXACT_ATTRIBUTES) | set(CLOSE_ATTRIBUTES) | {"precisions"}


def describe(score, expected):
    """The values of ``score`` under the keys of the golden record ``expected``."""
    return {
        key: READERS.get(key, lambda s, k=key: getattr(s, k))(score)
        for key in expected
        if key in SCORE_KEYS
    }


def assert_like(ours, expected, what):
    for key in EXACT_ATTRIBUTES:
        if key in expected:
            assert ours[key] == expected[key], f"{what}: {key}"
            if key in ("counts", "totals"):
                assert [type(v) for v in ours[key]] == [type(v) for v in expected[key]], f"{what}: {key} types"
    for key in CLOSE_ATTRIBUTES:
        if key in expected:
            assert_score(ours[key], expected[key], f"{what}: {key}")
    if "precisions" in expected:
        assert len(ours["precisions"]) == len(expected["precisions"])
        for p, q in zip(ours["precisions"], expected["precisions"]):
            assert_score(p, q, f"{what}: precisions")


@pytest.mark.parametrize("case", API["cases"], ids=case_id)
def test_scores_strings_and_signatures_match_sacrebleu(case):
    metric_class = METRICS[case["metric"]]
    if case["call"] == "sentence_score":
        metric = metric_class(**case["config"])
        i = case["segment"]
        score = metric.sentence_score(HYPS[i], [INPUTS["refs_a"][i], INPUTS["refs_var"][i]])
    elif case["call"] == "cached_corpus_score":
        metric = metric_class(**case["config"], references=REFERENCES[case["inputs"]])
        score = metric.corpus_score(HYPS, None)
    else:
        metric = metric_class(**case["config"])
        score = metric.corpus_score(HYPS, REFERENCES[case["inputs"]])
    what = case_id(case)
    assert_like(describe(score, case), case, what)
    signature = metric.get_signature()
    assert without_version(signature.format()) == without_version(case["signature"]), what
    assert without_version(signature.format(short=True)) == without_version(case["signature_short"]), what
    assert signature.format().endswith(f"|version:{mteval.VERSION}")
    if "format_signature" in case:
        assert score.format(signature=case["signature"]) == case["format_signature"], what
        assert score.format(signature=case["signature"], is_json=True) == case["format_json"], what


@pytest.mark.parametrize("call", API["functions"], ids=lambda c: c["function"])
def test_module_functions_match_sacrebleu(call):
    score = getattr(mteval, call["function"])(*call["args"], **call["kwargs"])
    assert_like(describe(score, call), call, call["function"])


def test_sentence_scores_at_once_equal_the_loop():
    metric = mteval.BLEU(effective_order=True)
    refs = REFERENCES["var-refs"]
    batch = metric.sentence_scores(HYPS, refs)
    for i, score in enumerate(batch):
        one = metric.sentence_score(HYPS[i], [ref[i] for ref in refs])
        assert (score.score, score.counts, str(score)) == (one.score, one.counts, str(one))


@pytest.mark.parametrize("options", [{}, {"lowercase": True}, {"tokenize": "intl"}], ids=str)
def test_sentence_scores_from_the_tokenization_cache_equal_the_first_pass(options):
    # sentence_score remembers tokenized lines as sacreBLEU's lru_cache does: the second pass
    # over the same lines is served from the cache and must give the same numbers.
    metric = mteval.BLEU(effective_order=True, **options)
    refs = REFERENCES["two-refs"]

    def one_pass():
        return [metric.sentence_score(h, [ref[i] for ref in refs]) for i, h in enumerate(HYPS)]

    first, second = one_pass(), one_pass()
    assert [str(s) for s in first] == [str(s) for s in second]
    assert [s.counts for s in first] == [s.counts for s in second]
    batch = mteval.BLEU(effective_order=True, **options).sentence_scores(HYPS, refs)
    assert [s.score for s in first] == [s.score for s in batch]


@pytest.mark.parametrize("case", API["bootstrap"], ids=lambda c: f"{c['metric']}-seed-{c['seed']}")
def test_corpus_score_with_n_bootstrap_matches_sacrebleu(case, monkeypatch):
    if case["seed"] is None:
        monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    else:
        monkeypatch.setenv("SACREBLEU_SEED", case["seed"])
    metric = METRICS[case["metric"]]()
    score = metric.corpus_score(HYPS, REFERENCES["two-refs"], n_bootstrap=case["n_bootstrap"])
    assert score._mean == pytest.approx(case["mean"], abs=1e-9)
    assert score._ci == pytest.approx(case["ci"], abs=1e-9)
    assert str(score) == case["str"]
    signature = metric.get_signature()
    assert without_version(signature.format()) == without_version(case["signature"])
    assert without_version(signature.format(short=True)) == without_version(case["signature_short"])
    assert json.loads(score.format(signature=signature.format(), is_json=True)) == {
        **json.loads(case["format_json"]),
        "signature": signature.format(),
        "version": signature.info["version"],
    }


def test_a_bad_sacrebleu_seed_names_the_variable(monkeypatch):
    monkeypatch.setenv("SACREBLEU_SEED", "twelve")
    with pytest.raises(ValueError, match="SACREBLEU_SEED=twelve"):
        mteval.BLEU().corpus_score(HYPS, REFERENCES["one-ref"], n_bootstrap=10)


@pytest.mark.parametrize("error", API["errors"], ids=lambda e: e["description"])
def test_bad_arguments_raise_what_sacrebleu_raises(error):
    expected_type = getattr(builtins, error["type"])
    with pytest.raises(expected_type) as raised:
        metric = METRICS[error["metric"]](**error["config"])
        getattr(metric, error["method"])(*error["args"])
    message = str(raised.value)
    if error["type"] in ("KeyError", "AssertionError"):
        # sacreBLEU's messages here are a bare key and an unformatted template; ours name the
        # setting and the choices.
        setting = next(iter(error["config"]))
        assert message.startswith(f"{setting}: unknown"), message
        assert isinstance(raised.value, ValueError)
    else:
        assert message == error["message"]


@pytest.mark.parametrize(
    "make",
    [
        lambda refs: mteval.BLEU(tokenize="intl", lowercase=True, smooth_method="floor", smooth_value=0.2),
        lambda refs: mteval.CHRF(4, 2, references=refs),
        lambda refs: mteval.TER(no_punct=True, references=refs),
        lambda refs: mteval.BLEU(max_ngram_order=3, references=refs),
    ],
)
def test_metrics_survive_pickle_and_copy(make):
    # As sacreBLEU's do (multiprocessing hands metrics to worker processes by pickle): the same
    # settings, the same cached references (a segment with fewer of them included).
    import copy
    import pickle

    refs = REFERENCES["var-refs"]
    metric = make(refs)
    expected = metric.corpus_score(HYPS, refs)
    for again in (pickle.loads(pickle.dumps(metric)), copy.deepcopy(metric), copy.copy(metric)):
        assert type(again) is type(metric)
        assert str(again.corpus_score(HYPS, refs)) == str(expected)
        assert str(again.get_signature()) == str(metric.get_signature())
        if metric._ref_cache is not None:
            assert again._ref_cache.nrefs == metric._ref_cache.nrefs == -1
            assert again.corpus_score(HYPS, None).score == expected.score


@pytest.mark.parametrize(
    "tokenize, tokens",
    [
        # sacreBLEU 2.6.0's `BLEU(tokenize=…).tokenizer(LINE)` for each.
        ("13a", "It's 3.5 % of $ 1,000—“really” ? 中文测试。"),
        ("intl", "It ' s 3.5 % of $ 1,000 — “ really ” ? 中文测试 。"),
        ("zh", "It's 3.5 % of $ 1,000 — “ really ” ? 中 文 测 试 。"),
        ("ja-mecab", "It ' s 3 . 5 % of $ 1 , 000 —“ really ” ? 中 文 测试 。"),
        ("char", "I t ' s   3 . 5 %   o f     $ 1 , 0 0 0 — “ r e a l l y ” ?   中 文 测 试 。  "),
        ("none", "It's 3.5% of  $1,000—“really”? 中文测试。 "),
    ],
)
def test_bleu_tokenizer_is_sacrebleus(tokenize, tokens):
    line = "It's 3.5% of  $1,000—“really”? 中文测试。 "
    tokenizer = mteval.BLEU(tokenize=tokenize, lowercase=True).tokenizer
    assert tokenizer(line) == tokens
    assert tokenizer.signature() == {"ja-mecab": "ja-mecab-0.996-IPA"}.get(tokenize, tokenize)
    with pytest.raises(TypeError):
        tokenizer(None)


@pytest.mark.parametrize(
    "options, expected",
    [
        # sacreBLEU 2.6.0's BLEU.compute_bleu([12, 8, 5, 0], [15, 14, 13, 12], 15, 17, **options).
        ({}, "BLEU = 0.00 80.0/57.1/38.5/0.0 (BP = 0.875 ratio = 0.882 hyp_len = 15 ref_len = 17)"),
        ({"smooth_method": "exp"}, 25.604182037885934),
        ({"smooth_method": "floor", "smooth_value": 0.1}, 17.12254850468766),
        ({"smooth_method": "add-k", "smooth_value": 1}, 31.04018807526674),
        ({"smooth_method": "exp", "effective_order": True}, 25.604182037885934),
        ({"max_ngram_order": 2}, 59.17251633712197),
    ],
)
def test_compute_bleu_is_sacrebleus(options, expected):
    order = options.get("max_ngram_order", 4)
    score = mteval.BLEU.compute_bleu([12, 8, 5, 0][:order], [15, 14, 13, 12][:order], 15, 17, **options)
    assert (str(score) if isinstance(expected, str) else score.score) == expected


def test_signature_info_is_sacrebleus():
    # sacreBLEU 2.6.0's `get_signature().info` (version aside) and `update` of a shared key.
    shared = {"bs": None, "ar": None, "seed": None, "test": None, "lang": None, "origlang": None, "subset": None}
    ter, chrf, bleu = mteval.TER(), mteval.CHRF(), mteval.BLEU()
    ter.corpus_score(["a b"], [["a b"]])
    chrf.corpus_score(["a b"], [["a b"]])
    bleu.corpus_score(["a b c d e"], [["a b c d e"]], n_bootstrap=10)
    info = {name: metric.get_signature().info for name, metric in [("ter", ter), ("chrf", chrf), ("bleu", bleu)]}
    for record in info.values():
        assert record.pop("version").startswith("mteval-")
    assert info["ter"] == {"nrefs": 1, **shared, "case": "lc", "tok": "tercom", "norm": False, "punct": True,
                           "asian": False}
    assert info["chrf"] == {"nrefs": 1, **shared, "case": "mixed", "eff": "yes", "nc": 6, "nw": 0, "space": "no"}
    assert info["bleu"] == {"nrefs": 1, **shared, "bs": 10, "seed": "12345", "case": "mixed", "eff": "no",
                            "tok": "13a", "smooth": "exp"}
    signature = bleu.get_signature()
    signature.update("test", "wmt22")
    assert without_version(signature.format(short=True)) == without_version(
        "#:1|bs:10|rs:12345|t:wmt22|c:mixed|e:no|tok:13a|s:exp|v:2.6.0"
    )
