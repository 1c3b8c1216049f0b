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
    with pytest.raises(ValueError, match="not 0.5"):
        mteval.CHRF().score_stats([0.5] + [0] * 17)
    with pytest.raises(ValueError, match="sum the rows first"):
        bleu.score_stats(np.zeros((2, 10)))


def test_empty_corpus_scores_zero():
    assert mteval.BLEU().corpus_score([], [[]]).score == 0.0
    assert mteval.CHRF().corpus_score([], [[]]).score == 0.0
    assert mteval.TER().corpus_score([], [[]]).score == 0.0
