"""``mteval.errors`` and ``mteval.mqm``: the same records as ``mteval errors --format json`` (the
binary that ``cargo test --release`` builds) and, for MQM, the independent computation in
``tests/golden/mqm/ted-scores.json`` (six decimals, Google and Marot weights); their errors."""

import json
import subprocess

import pytest
from conftest import REPOSITORY, golden, read_lines

import mteval

BINARY = REPOSITORY / "target" / "release" / "mteval"


@pytest.fixture(scope="module")
def ted(wmt22):
    return wmt22.parent / "mqm" / "ted"


def test_errors_equal_the_command_line(wmt22):
    if not BINARY.exists():
        pytest.skip(f"SKIPPED: {BINARY} not built (tests/all.sh builds it with cargo test --release)")
    names = ["Online-B", "PROMT"]
    hyp_files = [wmt22 / "system-outputs" / f"generaltest2022.en-de.hyp.{name}.de" for name in names]
    ref_file = wmt22 / "references" / "generaltest2022.en-de.ref.A.de"
    src_file = wmt22 / "sources" / "generaltest2022.en-de.src.en"
    command = [str(BINARY), "errors", *map(str, hyp_files), "--ref", str(ref_file), "--source", str(src_file),
               "-l", "en-de", "--format", "json"]
    expected = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    ours = mteval.errors({name: read_lines(path) for name, path in zip(names, hyp_files)},
                         [read_lines(ref_file)], source=read_lines(src_file), lang="en-de")
    assert ours.pop("notes") == []
    # The command line names each system's file; here the file is the system's name.
    for record in expected["systems"] + expected["findings"]:
        record.pop("file")
    for record in ours["systems"] + ours["findings"]:
        assert record.pop("file") == record["system"]
    assert ours == expected
    assert len(ours["findings"]) > 1000


def test_errors_checks_and_bad_arguments():
    hyps = {"a": ["Das ist 5 Euro wert.", "Hallo Welt"], "b": ["Das ist 6 Euro wert.", "Hallo"]}
    refs = [["Das ist 5 Euro wert.", "Hallo Welt!"]]
    source = ["That is worth 5 euros.", "Hello world"]
    report = mteval.errors(hyps, refs, source=source, checks=["numbers"], lang="en-de")
    assert report["checks"] == ["numbers"]
    assert [(f["system"], f["segment"]) for f in report["findings"]] == [("b", 1)]
    assert report.frame("systems")["system"].tolist() == ["a", "b"]
    with pytest.raises(ValueError, match="for checks: unknown check"):
        mteval.errors(hyps, refs, checks=["spelling-bee"])
    with pytest.raises(ValueError, match='reference stream 1 has 1 segments but system "a" has 2'):
        mteval.errors(hyps, [["one"]])
    with pytest.raises(ValueError, match="systems is empty"):
        mteval.errors({}, [["one"]])
    # One str is one name, not a list of its letters.
    assert mteval.errors(hyps, refs, source=source, checks="numbers", lang="en-de")["checks"] == ["numbers"]
    with pytest.raises(TypeError, match="skip: expected a list of str, not int"):
        mteval.errors(hyps, refs, skip=3)
    # A wrong text names its argument (sacreBLEU's own messages say `hyps` whatever it was).
    with pytest.raises(TypeError, match=r"^source: Undefined line in hypotheses stream!"):
        mteval.errors(hyps, refs, source=["That is worth 5 euros.", None])
    with pytest.raises(TypeError, match=r"^references\[0\]: Each element of `hyps` should be a string"):
        mteval.errors(hyps, [["Das ist 5 Euro wert.", 3]])
    with pytest.raises(TypeError, match=r'^systems\["b"\]: `hyps` should be a sequence of strings'):
        mteval.errors({"a": hyps["a"], "b": "Hallo"}, refs)


@pytest.mark.parametrize("weights", ["google", "marot"])
@pytest.mark.parametrize("name", ["mqm_ted_ende.tsv", "mqm_ted_zhen.tsv"])
def test_ted_mqm_scores_equal_the_independent_computation(ted, name, weights):
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


def test_mqm_weight_overrides_change_the_scores(ted):
    plain = mteval.mqm(ted / "mqm_ted_ende.tsv")["systems"]
    heavier = mteval.mqm(ted / "mqm_ted_ende.tsv", overrides=["major=10"])["systems"]
    assert {s["system"]: s["mqm"] for s in heavier} != {s["system"]: s["mqm"] for s in plain}
    assert mteval.mqm(ted / "mqm_ted_ende.tsv", overrides="major=10")["systems"] == heavier
    by_characters = mteval.mqm(ted / "mqm_ted_ende.tsv", unit="source-characters")["systems"]
    assert mteval.mqm(ted / "mqm_ted_ende.tsv", unit="source-chars")["systems"] == by_characters


def test_mqm_leaves_out_rows_without_a_rater(tmp_path):
    header = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
    rated = "A\td\t1\t1\tr1\tsrc\ttgt\tAccuracy/Mistranslation\tMajor\n"
    blank = "A\td\t2\t2\t\tsrc 2\ttgt 2\t\t\n"
    path = tmp_path / "review.tsv"
    path.write_text(header + rated + blank)
    with pytest.warns(UserWarning, match=r"left out 1 row\(s\) without a rater, which rate nothing \(line 3\)"):
        [system] = mteval.mqm(path)["systems"]
    assert (system["mqm"], system["segments"], system["raters"], system["errors"]) == (5.0, 1, 1, 1)
    path.write_text(header + blank)
    with pytest.raises(ValueError, match="none of its 1 annotation rows has a rater"):
        mteval.mqm(path)
    path.write_text(header + rated.replace("Major", "Majr"))
    with pytest.warns(UserWarning, match=r'review.tsv:2: severity "Majr" \(1 row\(s\)\) is none of'):
        mteval.mqm(path)


def test_bad_mqm_arguments_name_the_setting(tmp_path):
    with pytest.raises(ValueError, match="for weights: choose google"):
        mteval.mqm(tmp_path / "x.tsv", weights="nist")
    with pytest.raises(ValueError, match='unit: unknown unit "words"'):
        mteval.mqm(tmp_path / "x.tsv", unit="words")
    # A file that is not there is Python's FileNotFoundError (an OSError), naming it.
    with pytest.raises(FileNotFoundError, match="x.tsv"):
        mteval.mqm(tmp_path / "x.tsv")
    with pytest.raises(IsADirectoryError, match=str(tmp_path)):
        mteval.mqm(tmp_path)


def test_report_equals_the_committed_news_demo_report(tmp_path, monkeypatch):
    # reports/news-demo is what `mteval report datasets/news-demo` writes; that command
    # normalizes TER for a Chinese target, which is passed here as a metric of that pair.
    monkeypatch.chdir(REPOSITORY)
    cjk = {"zh", "ja", "ko"}

    def metrics(target):
        return [mteval.BLEU(trg_lang=target), mteval.CHRF(),
                mteval.TER(normalized=target in cjk, asian_support=target in cjk)]

    record = mteval.report("datasets/news-demo", tmp_path / "out", metrics=metrics)
    expected = json.loads((REPOSITORY / "reports" / "news-demo" / "report.json").read_text(encoding="utf-8"))
    assert "index.html" in record.pop("written")
    record.pop("notes"), expected.pop("notes")
    assert record == expected
    for name in ("systems.csv", "pairwise.csv", "segments.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (REPOSITORY / "reports" / "news-demo" / name).read_bytes()


def test_report_arguments_are_checked(tmp_path):
    with pytest.raises(ValueError, match="metrics: every language pair needs at least one metric"):
        mteval.report(REPOSITORY / "datasets" / "news-demo", tmp_path / "out", metrics=lambda target: [])
    assert not (tmp_path / "out").exists()
    with pytest.raises(FileNotFoundError, match="nowhere"):
        mteval.report(tmp_path / "nowhere", tmp_path / "out")
    with pytest.raises(ValueError, match="samples: at most 10000000 resamples"):
        mteval.report(REPOSITORY / "datasets" / "news-demo", tmp_path / "out", samples=2**40)
    assert not (tmp_path / "out").exists()
