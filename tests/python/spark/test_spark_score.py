"""mteval.spark on the standalone test cluster equals the CLI: BLEU, chrF and TER of WMT22 en-de
systems against two references, grouped by system and by system and document, to 1e-9 with
the same signatures; segment statistics with integer columns as longs; significance from
collected statistics equal to `mteval compare`; bad input refused with the setting named."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from pyspark.errors import PythonException
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, LongType

import mteval
import mteval.spark

REPOSITORY = Path(__file__).resolve().parents[3]
WMT22 = REPOSITORY.parent / "shared" / "datasets" / "wmt22"
CLI = REPOSITORY / "target" / "release" / "mteval"
SYSTEMS = ["Online-A", "PROMT", "OpenNMT", "Online-W"]
REFERENCES = ["A", "B"]
# Documents of 250 segments (the last one shorter), a grouping the CLI takes as --doc-ids.
DOCUMENT_SIZE = 250
PARTITIONS = 5


def required(path, what):
    """`path`, or a skip (a failure under MTEVAL_REQUIRE_SHARED=1) naming what is missing."""
    if path.exists():
        return path
    reason = f"{what} not found at {path}"
    if os.environ.get("MTEVAL_REQUIRE_SHARED") == "1":
        pytest.fail(f"MTEVAL_REQUIRE_SHARED=1 but {reason}", pytrace=False)
    pytest.skip(f"{reason}; the Spark parity tests did not run")


def lines(path):
    """Segments as the CLI reads them."""
    with open(path, encoding="utf-8", newline="\n") as handle:
        return [line.rstrip() for line in handle]


@pytest.fixture(scope="module")
def files():
    """The WMT22 en-de files: system → hypothesis file, and the reference files."""
    required(WMT22, "the shared WMT22 data")
    required(CLI, "the CLI (cargo build --release)")
    hypotheses = {s: WMT22 / "system-outputs" / f"generaltest2022.en-de.hyp.{s}.de" for s in SYSTEMS}
    references = [WMT22 / "references" / f"generaltest2022.en-de.ref.{r}.de" for r in REFERENCES]
    return hypotheses, references


@pytest.fixture(scope="module")
def documents(files, tmp_path_factory):
    """The document ids file (one per reference line) and the ids."""
    count = len(lines(files[1][0]))
    ids = [f"doc{i // DOCUMENT_SIZE}" for i in range(count)]
    path = tmp_path_factory.mktemp("spark") / "doc-ids.txt"
    path.write_text("".join(f"{d}\n" for d in ids), encoding="utf-8")
    return path, ids


@pytest.fixture(scope="module")
def texts(files):
    """The hypotheses of every system and the reference streams."""
    hypotheses, references = files
    return {s: lines(path) for s, path in hypotheses.items()}, [lines(path) for path in references]


@pytest.fixture(scope="module")
def frame(spark, texts, documents):
    """One row per system and segment (system, segment, document, hyp, ref_A, ref_B), in
    shuffled order over several partitions."""
    systems, streams = texts
    rows = [
        (system, i, documents[1][i], hyp, *(stream[i] for stream in streams))
        for system, hyps in systems.items()
        for i, hyp in enumerate(hyps)
    ]
    columns = ["system", "segment", "document", "hyp"] + [f"ref_{r}" for r in REFERENCES]
    df = spark.createDataFrame(rows, columns).repartition(PARTITIONS).cache()
    assert df.rdd.getNumPartitions() == PARTITIONS
    return df


def run_cli(*arguments):
    return json.loads(subprocess.run([str(CLI), *map(str, arguments)], check=True, capture_output=True).stdout)


@pytest.fixture(scope="module")
def cli_scores(files, documents):
    """`mteval score --format json` of every system with BLEU, chrF and TER, per system and per
    document: (system, document or None, metric) → (score, signature)."""
    hypotheses, references = files
    names = {str(path): system for system, path in hypotheses.items()}
    output = run_cli(
        "score", *[a for r in references for a in ("-r", r)], *hypotheses.values(),
        "-m", "bleu,chrf,ter", "--doc-ids", documents[0], "--by", "document", "--format", "json",
    )
    return {
        (names[r["file"]], r.get("document"), r["metric"]): (r["score"], r["signature"])
        for r in output["results"]
    }


def assert_equal_to_cli(rows, cli_scores, document):
    assert rows, "no scores"
    for row in rows:
        key = (row["system"], row["document"] if document else None, row["metric"])
        expected, signature = cli_scores[key]
        assert abs(row["score"] - expected) <= 1e-9, f"{key}: Spark {row['score']!r} != CLI {expected!r}"
        assert row["signature"] == signature, key


REFERENCE_COLUMNS = [f"ref_{r}" for r in REFERENCES]


def test_scores_by_system_equal_the_cli(frame, cli_scores):
    result = mteval.spark.score(frame, references=REFERENCE_COLUMNS, by=["system"], metrics=["bleu", "chrf", "ter"])
    assert result.columns == ["system", "metric", "score", "signature"]
    rows = result.collect()
    assert len(rows) == len(SYSTEMS) * 3
    assert_equal_to_cli(rows, cli_scores, document=False)


def test_scores_by_system_and_document_equal_the_cli(frame, cli_scores, documents):
    result = mteval.spark.score(
        frame, references=REFERENCE_COLUMNS, by=["system", "document"], metrics=["bleu", "chrf", "ter"]
    )
    rows = result.collect()
    assert len(rows) == len(SYSTEMS) * len(set(documents[1])) * 3
    assert_equal_to_cli(rows, cli_scores, document=True)


def test_segment_stats_are_longs_and_sum_to_the_corpus_score(frame, texts, cli_scores):
    stats = mteval.spark.segment_stats(
        frame, references=REFERENCE_COLUMNS, metrics=["bleu", "ter"], keep=["system", "document"]
    )
    types = dict(stats.dtypes)
    assert types["system"] == "string" and "hyp" not in types
    bleu = mteval.BLEU()
    assert all(isinstance(stats.schema[f"bleu_{c}"].dataType, LongType) for c in bleu.stats_columns)
    assert isinstance(stats.schema["ter_edits"].dataType, LongType)
    assert isinstance(stats.schema["ter_ref_length"].dataType, DoubleType)
    assert stats.count() == len(SYSTEMS) * len(texts[1][0])
    # A grouping of one's own: one system's documents doc0 and doc3 together.
    columns = [f"bleu_{c}" for c in bleu.stats_columns]
    chosen = stats.where((F.col("system") == "PROMT") & F.col("document").isin("doc0", "doc3"))
    summed = chosen.agg(*[F.sum(c) for c in columns]).collect()[0]
    segments = [i for i in range(len(texts[1][0])) if i // DOCUMENT_SIZE in (0, 3)]
    expected = bleu.corpus_score(
        [texts[0]["PROMT"][i] for i in segments], [[stream[i] for i in segments] for stream in texts[1]]
    )
    assert bleu.score_stats(list(summed)).score == pytest.approx(expected.score, abs=1e-9)
    assert (summed[0], summed[1]) == (expected.sys_len, expected.ref_len)


def test_compare_from_collected_statistics_equals_mteval_compare(frame, files):
    hypotheses, references = files
    baseline, *others = ["PROMT", "Online-A", "OpenNMT"]
    ours = mteval.spark.compare(
        frame, references=REFERENCE_COLUMNS, systems=[baseline, *others], metrics=["bleu", "chrf"], samples=300,
        all_pairs=True,
    )
    cli = run_cli(
        "compare", *[a for r in references for a in ("-r", r)], *[hypotheses[s] for s in [baseline, *others]],
        "-m", "bleu,chrf", "-n", 300, "--all-pairs", "--format", "json",
    )
    expected = cli["results"]
    assert len(ours.systems) == len(expected) == 6
    for record, reference in zip(ours.systems, expected):
        for key in ("system", "metric", "rank", "cluster", "signature"):
            assert record[key] == reference[key], (key, record, reference)
        for key in ("score", "mean", "ci", "p_value"):
            if reference[key] is None:
                assert record[key] is None
            else:
                assert abs(record[key] - reference[key]) <= 1e-9, (key, record, reference)
    assert len(ours.pairs) == len(cli["pairs"]) == 6
    for pair, reference in zip(ours.pairs, cli["pairs"]):
        assert (pair["metric"], pair["a"], pair["b"], pair["significant"]) == (
            reference["metric"], reference["system_a"], reference["system_b"], reference["significant"]
        )
        for key in ("difference", "ci", "p_value", "p_corrected"):
            assert abs(pair[key] - reference[key]) <= 1e-9, (key, pair, reference)


def test_a_missing_reference_scores_as_nrefs_var(frame, texts):
    promt = frame.where(F.col("system") == "PROMT").withColumn(
        "ref_B", F.when(F.col("segment") % 7 == 0, F.lit(None)).otherwise(F.col("ref_B"))
    )
    row = mteval.spark.score(promt, references=REFERENCE_COLUMNS, metrics=["chrf"]).collect()[0]
    streams = [texts[1][0], [None if i % 7 == 0 else ref for i, ref in enumerate(texts[1][1])]]
    chrf = mteval.CHRF()
    expected = chrf.corpus_score(texts[0]["PROMT"], streams)
    assert abs(row["score"] - expected.score) <= 1e-9
    assert row["signature"].startswith("nrefs:var|") and row["signature"] == chrf.get_signature().format()


def test_bad_input_is_refused_naming_the_setting(frame):
    with pytest.raises(ValueError, match="hypothesis: no column 'hpy'"):
        mteval.spark.score(frame, hypothesis="hpy", references=REFERENCE_COLUMNS)
    with pytest.raises(ValueError, match="references: no column 'ref'"):
        mteval.spark.score(frame)
    with pytest.raises(TypeError, match="references: column 'segment' is bigint, not string"):
        mteval.spark.segment_stats(frame, references=["segment"])
    with pytest.raises(ValueError, match="by: no column 'sytem'"):
        mteval.spark.score(frame, references=REFERENCE_COLUMNS, by=["sytem"])
    with pytest.raises(ValueError, match="metrics: unknown metric 'blue'"):
        mteval.spark.score(frame, references=REFERENCE_COLUMNS, metrics=["blue"])
    with pytest.raises(TypeError, match="tokenise: not a setting of bleu, chrf"):
        mteval.spark.score(frame, references=REFERENCE_COLUMNS, tokenise="intl")
    with pytest.raises(mteval.InvalidSetting, match="tokenize: unknown tokenizer 'klingon'"):
        mteval.spark.score(frame, references=REFERENCE_COLUMNS, tokenize="klingon")
    with pytest.raises(ValueError, match="method: unknown test 'jackknife'"):
        mteval.spark.compare(frame, references=REFERENCE_COLUMNS, systems=SYSTEMS, method="jackknife")
    nulls = frame.withColumn("hyp", F.when(F.col("segment") == 17, F.lit(None)).otherwise(F.col("hyp")))
    with pytest.raises(PythonException, match="hypothesis column 'hyp' is null in a row .*segment=17"):
        mteval.spark.score(nulls, references=REFERENCE_COLUMNS, by=["system", "segment"]).collect()
    no_reference = frame
    for column in REFERENCE_COLUMNS:
        no_reference = no_reference.withColumn(
            column, F.when(F.col("segment") == 23, F.lit(None)).otherwise(F.col(column))
        )
    with pytest.raises(PythonException, match="every reference column .* is null in a row .*segment=23"):
        mteval.spark.score(no_reference, references=REFERENCE_COLUMNS, by=["system", "segment"]).collect()
