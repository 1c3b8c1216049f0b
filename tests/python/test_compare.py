"""``mteval.compare`` against sacreBLEU 2.6.0's ``--paired-bs``, ``--paired-ar`` and
``--confidence`` (``tests/golden/significance``, printed with 4 decimals) on the shared WMT22
data, and the all-pairs records and DataFrames."""

import pytest
from conftest import golden, read_lines, without_version

import mteval

METRICS = {"BLEU": mteval.BLEU, "chrF2": mteval.CHRF, "TER": mteval.TER}


def system_name(file):
    return file.split(".hyp.")[1].rsplit(".", 1)[0]


def load(wmt22, expected, files):
    outputs = wmt22 / "system-outputs"
    references = [read_lines(outputs / expected["command"][1])]
    return {system_name(f): read_lines(outputs / f) for f in files}, references


def four(value):
    return None if value is None else f"{value:.4f}"


@pytest.mark.parametrize("name, method", [("de-fr.paired-bs", "bootstrap"), ("de-fr.paired-ar", "ar")])
def test_paired_tests_equal_sacrebleu(wmt22, name, method):
    expected = golden(f"significance/{name}.json")
    systems, references = load(wmt22, expected, [s["file"] for s in expected["systems"]])
    metrics = [METRICS[m]() for m in expected["signatures"]]
    comparison = mteval.compare(systems, references, metrics=metrics, method=method)
    ours = {(r["system"], r["metric"]): r for r in comparison.systems}
    for system in expected["systems"]:
        for metric, cell in system["metrics"].items():
            record = ours[(system_name(system["file"]), metric)]
            got = {k: four(record[k]) for k in ("score", "mean", "ci", "p_value")}
            assert got == {k: cell[k] for k in got}, (system["file"], metric)
            assert without_version(record["signature"]) == without_version(expected["signatures"][metric])


def test_confidence_interval_of_one_system_equals_sacrebleu(wmt22):
    expected = golden("significance/en-de.confidence.json")
    systems, references = load(wmt22, expected, [expected["system"]])
    comparison = mteval.compare(systems, references, metrics=[mteval.BLEU(), mteval.CHRF(), mteval.TER()])
    for record in comparison.systems:
        cell = expected["metrics"][record["metric"]]
        assert (four(record["score"]), four(record["mean"]), four(record["ci"])) == (
            cell["score"], cell["mean"], cell["ci"]
        )


def test_all_pairs_records_and_frames():
    hyps = ["the cat sat on the mat", "a dog", "hello world", "it rains", "the end"] * 20
    refs = [["the cat sat on a mat", "a dog barks", "hello world", "it is raining", "the end"] * 20]
    worse = ["cat mat", "dog", "world", "rain", "end"] * 20
    comparison = mteval.compare({"good": hyps, "bad": worse, "same": list(hyps)}, refs, metrics=[mteval.CHRF()],
                                all_pairs=True, samples=200)
    assert [r["system"] for r in comparison.systems] == ["good", "bad", "same"]
    assert comparison.systems[1]["rank"] == 3
    pairs = {(p["a"], p["b"]): p for p in comparison.pairs}
    assert pairs[("good", "bad")]["significant"] and not pairs[("good", "same")]["significant"]
    assert pairs[("good", "same")]["difference"] == 0.0
    pandas = pytest.importorskip("pandas")
    frame = comparison.to_frame()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["system"]) == ["good", "bad", "same"]
    assert len(comparison.pairs_frame()) == 3


def test_bad_compare_arguments_name_the_argument():
    with pytest.raises(ValueError, match="method: unknown test 'paired'"):
        mteval.compare({"a": ["x"]}, [["x"]], method="paired")
    with pytest.raises(ValueError, match="samples: need at least one resample"):
        mteval.compare({"a": ["x"]}, [["x"]], samples=0)
    with pytest.raises(ValueError, match="approximate randomization compares systems"):
        mteval.compare({"a": ["x"]}, [["x"]], method="ar")
    with pytest.raises(ValueError, match="compare needs at least one segment"):
        mteval.compare({"a": [], "b": []}, [[]])
    with pytest.raises(ValueError, match="2 hypotheses but 1 reference segments"):
        mteval.compare({"a": ["x"], "b": ["x", "y"]}, [["x"]])
    with pytest.raises(TypeError, match="metrics: expected mteval.BLEU, CHRF or TER objects, not 'bleu'"):
        mteval.compare({"a": ["x"]}, [["x"]], metrics=["bleu"])
    with pytest.raises(TypeError, match="samples: expected an int, not str"):
        mteval.compare({"a": ["x"]}, [["x"]], samples="10")
    with pytest.raises(TypeError, match="alpha: expected a number, not NoneType"):
        mteval.compare({"a": ["x"]}, [["x"]], alpha=None)
    # Resampled scores are kept in memory: a mistyped count is refused, not allocated.
    with pytest.raises(ValueError, match="samples: 1099511627776: at most 10000000 resamples"):
        mteval.compare({"a": ["x"]}, [["x"]], samples=2**40)
    with pytest.raises(ValueError, match="n_bootstrap: 100000000: at most 10000000 resamples"):
        mteval.BLEU().corpus_score(["x"], [["x"]], n_bootstrap=10**8)


def test_native_comparisons_refuse_zero_samples_without_panicking():
    native = mteval.BLEU()._native_metric
    with pytest.raises(ValueError, match="samples: 0: need at least one resample"):
        native.compare([["x"]], [["x"]], "bootstrap", 0, 12345, False, 0.05)


def test_iterators_are_read_once_for_every_metric():
    hyps = {"a": ["the cat sat", "a dog"], "b": ["the cat", "one dog"]}
    refs = [["the cat sat down", "a dog"]]
    metrics = [mteval.BLEU(), mteval.CHRF()]
    expected = mteval.compare(hyps, refs, metrics=metrics, samples=50).systems
    iterated = mteval.compare(
        {name: iter(texts) for name, texts in hyps.items()},
        iter([iter(refs[0])]),
        metrics=iter(metrics),
        samples=50,
    ).systems
    assert iterated == expected
    assert [r["metric"] for r in iterated] == ["BLEU", "BLEU", "chrF2", "chrF2"]


def test_input_errors_name_the_system():
    references = [["a b c", "d e f"]]
    good = ["a b c", "d e f"]
    with pytest.raises(TypeError, match=r"systems\['late'\]: Undefined line in hypotheses stream!"):
        mteval.compare({"base": good, "late": ["a b c", None]}, references)
    with pytest.raises(ValueError, match=r"systems\['short'\]: 1 hypotheses but 2 reference segments"):
        mteval.compare({"base": good, "ok": good, "short": ["a b c"]}, references)
    # An error that is not a TypeError or ValueError keeps its own type and message.
    with pytest.raises(UnicodeEncodeError):
        mteval.compare({"base": ["a b c", "\udcff"]}, references)
