"""``mteval.mqm`` on the shared TED MQM annotations against the independent computation in
``tests/golden/mqm/ted-scores.json`` (six decimals, Google and Marot weights), and its errors."""

import pytest
from conftest import golden

import mteval


@pytest.fixture(scope="module")
def ted(wmt22):
    return wmt22.parent / "mqm" / "ted"


@pytest.mark.parametrize("weights", ["google", "marot"])
@pytest.mark.parametrize("name", ["mqm_ted_ende.tsv", "mqm_ted_zhen.tsv"])
def test_ted_scores_equal_the_independent_computation(ted, name, weights):
    expected = golden("mqm/ted-scores.json")["files"][name][weights]
    report = mteval.mqm(ted / name, weights=weights)
    ours = {s["system"]: s for s in report["systems"]}
    assert set(ours) == set(expected)
    for system, figures in expected.items():
        assert f"{ours[system]['mqm']:.6f}" == f"{figures['mqm']:.6f}", (name, weights, system)
        assert ours[system]["segments"] == figures["segments"]
    scores = [s["mqm"] for s in report["systems"]]
    assert scores == sorted(scores), "best (lowest) first"
    pandas = pytest.importorskip("pandas")
    frame = report.frame("systems")
    assert isinstance(frame, pandas.DataFrame) and len(frame) == len(expected)


def test_weight_overrides_change_the_scores(ted):
    plain = mteval.mqm(ted / "mqm_ted_ende.tsv")["systems"]
    heavier = mteval.mqm(ted / "mqm_ted_ende.tsv", overrides=["major=10"])["systems"]
    assert {s["system"]: s["mqm"] for s in heavier} != {s["system"]: s["mqm"] for s in plain}


def test_bad_mqm_arguments_name_the_setting(tmp_path):
    with pytest.raises(ValueError, match="--weights"):
        mteval.mqm(tmp_path / "x.tsv", weights="nist")
    with pytest.raises(ValueError, match="unit: unknown unit \"words\""):
        mteval.mqm(tmp_path / "x.tsv", unit="words")
    with pytest.raises(ValueError, match="x.tsv"):
        mteval.mqm(tmp_path / "x.tsv")
