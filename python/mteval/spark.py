"""``mteval.spark``: BLEU, chrF and TER of Spark DataFrames, equal to ``mteval score``.

Each segment's sufficient statistics are computed in Rust on the executors, one Arrow batch at a
time (``mapInArrow``); Spark sums them per group (``groupBy(by).sum``), and the driver scores the
sums with the metric's ``score_stats``. Every executor needs ``mteval`` and ``pyarrow`` installed
(docs/spark.md says how on Databricks, EMR, YARN and Kubernetes).

- :func:`score`: one row per group and metric (the ``by`` columns, ``metric``, ``score``,
  ``signature``).
- :func:`segment_stats`: the per-segment statistics with the rows' key columns, for groupings of
  your own (sum a group's columns, then ``metric.score_stats``).
- :func:`compare`: paired bootstrap resampling or approximate randomization of systems from
  their segment statistics collected to the driver, with ``mteval compare``'s numbers.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from .compare import Comparison, add_results, check_test
from .metrics import BLEU, CHRF, TER, Metric

#: The metrics by the names ``mteval score --metrics`` takes, with the settings they imply.
METRICS: Dict[str, Tuple[type, Dict[str, Any]]] = {
    "bleu": (BLEU, {}),
    "chrf": (CHRF, {}),
    "chrf++": (CHRF, {"word_order": 2}),
    "ter": (TER, {}),
}

#: The column of :func:`segment_stats` with each segment's number of (non-null) references.
NREFS_COLUMN = "nrefs"
#: The columns that replace it in statistics summed per batch: the least and the most
#: references of a segment, and the number of segments.
SUMMED_COUNTS = ("min_nrefs", "max_nrefs", "segments")


class MetricSpec:
    """A metric to build on the driver and on every executor: its name and constructor
    arguments (a configured metric holds native state that does not pickle)."""

    def __init__(self, name: str, options: Dict[str, Any]):
        self.name = name
        self.options = options
        self.prefix = name.replace("+", "p")

    def build(self) -> Metric:
        """The configured metric."""
        cls, implied = METRICS[self.name]
        return cls(**implied, **self.options)

    def columns(self, metric: Metric) -> List[Tuple[str, bool]]:
        """The statistics columns in Spark (prefixed with the metric's name), each with whether
        it holds integers (all but TER's average reference length)."""
        integers = not isinstance(metric, TER)
        return [
            (f"{self.prefix}_{column}", integers or column == "edits") for column in metric.stats_columns
        ]


def metric_specs(metrics: Sequence[str], options: Dict[str, Any]) -> List[MetricSpec]:
    """The metrics named in ``metrics``, each given the ``options`` its constructor takes, built
    once here so that a wrong name or setting fails on the driver, before any job."""
    if isinstance(metrics, str):
        metrics = [metrics]
    if not metrics:
        raise ValueError("metrics: name at least one metric (" + ", ".join(METRICS) + ")")
    for name in metrics:
        if name not in METRICS:
            raise ValueError(f"metrics: unknown metric {name!r}; choose from " + ", ".join(METRICS))
    if len(set(metrics)) != len(metrics):
        raise ValueError(f"metrics: {list(metrics)} names a metric twice")
    accepted = {name: set(inspect.signature(METRICS[name][0]).parameters) - {"references"} for name in metrics}
    for option in options:
        if not any(option in accepted[name] for name in metrics):
            takes = "; ".join(f"{name} takes " + ", ".join(sorted(accepted[name])) for name in metrics)
            raise TypeError(f"{option}: not a setting of {', '.join(metrics)} ({takes})")
    specs = []
    for name in metrics:
        own = {key: value for key, value in options.items() if key in accepted[name]}
        if name == "chrf++" and "word_order" in own:
            raise TypeError("word_order: chrf++ is chrF with word_order=2; use metric chrf to choose it")
        spec = MetricSpec(name, own)
        spec.build()
        specs.append(spec)
    return specs


def _check_columns(schema: Any, hypothesis: str, references: Sequence[str]) -> List[str]:
    """Refuses missing or non-string text columns, naming them; the reference columns as a list."""
    from pyspark.sql.types import StringType

    if isinstance(references, str):
        references = [references]
    references = list(references)
    if not references:
        raise ValueError("references: name at least one reference column")
    fields = {field.name: field for field in schema.fields}
    for setting, column in [("hypothesis", hypothesis)] + [("references", r) for r in references]:
        if column not in fields:
            raise ValueError(
                f"{setting}: no column {column!r} in the DataFrame (its columns: {', '.join(fields)})"
            )
        if not isinstance(fields[column].dataType, StringType):
            raise TypeError(
                f"{setting}: column {column!r} is {fields[column].dataType.simpleString()}, not string"
            )
    if hypothesis in references:
        raise ValueError(f"references: {hypothesis!r} is the hypothesis column")
    return references


def _batch_stats(
    batches: Iterator[Any],
    hypothesis: str,
    references: List[str],
    keep: List[str],
    specs: List[MetricSpec],
    schema: Any,
    summed: bool,
) -> Iterator[Any]:
    """Runs on the executors (``mapInArrow``): each Arrow batch's key columns, statistics of
    every metric and reference count; with ``summed``, the batch's sums per distinct key
    instead (with the least and most references and the segment count), which Spark then adds
    up: far fewer rows for the JVM to take back and aggregate."""
    import pyarrow as pa
    import pyarrow.compute as pc

    metrics = [(spec.build(), spec) for spec in specs]

    def where(batch: Any, row: int) -> str:
        """The key columns of a batch's row, to name it in an error."""
        keys = ", ".join(f"{key}={batch.column(key)[row].as_py()!r}" for key in keep)
        return f" ({keys})" if keys else ""

    for batch in batches:
        hyps = batch.column(hypothesis)
        if hyps.null_count:
            row = pc.index(pc.is_null(hyps), True).as_py()
            raise ValueError(
                f"hypothesis column {hypothesis!r} is null in a row{where(batch, row)}; every segment "
                "needs a hypothesis (an empty string scores as an empty output)"
            )
        counts = [pc.cast(pc.is_valid(batch.column(column)), pa.int64()) for column in references]
        nrefs = counts[0]
        for count in counts[1:]:
            nrefs = pc.add(nrefs, count)
        if pc.min(nrefs).as_py() == 0:
            row = pc.index(nrefs, 0).as_py()
            raise ValueError(
                f"every reference column ({', '.join(references)}) is null in a row{where(batch, row)}; "
                "every segment needs at least one reference"
            )
        texts = hyps.to_pylist()
        streams = [batch.column(column).to_pylist() for column in references]
        arrays = [batch.column(key) for key in keep]
        for metric, spec in metrics:
            stats = metric.segment_stats(texts, streams)
            for j, (_, integers) in enumerate(spec.columns(metric)):
                column = stats[:, j]
                arrays.append(pa.array(column.astype(np.int64) if integers else column))
        arrays.append(nrefs)
        if not summed:
            yield pa.RecordBatch.from_arrays(arrays, schema=schema)
            continue
        names = schema.names[len(keep) : -len(SUMMED_COUNTS)]
        table = pa.Table.from_arrays(arrays, names=keep + names + [NREFS_COLUMN])
        sums = table.group_by(keep, use_threads=False).aggregate(
            [(name, "sum") for name in names] + [(NREFS_COLUMN, "min"), (NREFS_COLUMN, "max"), (NREFS_COLUMN, "count")]
        )
        yield pa.RecordBatch.from_arrays(
            [sums.column(i).combine_chunks() for i in range(sums.num_columns)], schema=schema
        )


class Plan(NamedTuple):
    """A checked :func:`segment_stats` run: ``function`` maps Arrow batches of the ``inputs``
    columns (kept columns, hypothesis, references) to batches of the Spark ``schema``;
    ``metrics`` holds per metric its spec, driver-side metric and statistics column names."""

    function: Any
    schema: Any
    inputs: List[str]
    metrics: List[Tuple[MetricSpec, Metric, List[str]]]


def plan(
    schema: Any,
    hypothesis: str,
    references: Sequence[str],
    keep: Optional[Sequence[str]],
    metrics: Sequence[str],
    options: Dict[str, Any],
    summed: bool = False,
) -> Plan:
    """What :func:`segment_stats` runs on rows of the Spark ``schema``, every setting checked
    (``summed``: what :func:`score` runs, each batch's statistics summed per ``keep`` value)."""
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import DoubleType, LongType, StructField, StructType

    references = _check_columns(schema, hypothesis, references)
    specs = metric_specs(metrics, options)
    if keep is None:
        keep = [column for column in schema.names if column != hypothesis and column not in references]
    keep = list(keep)
    for column in keep:
        if column not in schema.names:
            raise ValueError(f"keep: no column {column!r} in the DataFrame (its columns: {', '.join(schema.names)})")
    fields = [schema[column] for column in keep]
    described = []
    for spec in specs:
        metric = spec.build()
        columns = spec.columns(metric)
        fields += [StructField(name, LongType() if integers else DoubleType(), False) for name, integers in columns]
        described.append((spec, metric, [name for name, _ in columns]))
    counts = SUMMED_COUNTS if summed else (NREFS_COLUMN,)
    fields += [StructField(name, LongType(), False) for name in counts]
    clash = sorted({field.name for field in fields[len(keep):]} & set(keep))
    if clash:
        raise ValueError(f"keep: column {clash[0]!r} would clash with a statistics column; rename it first")
    stats_schema = StructType(fields)
    function = functools.partial(
        _batch_stats,
        hypothesis=hypothesis,
        references=references,
        keep=keep,
        specs=specs,
        schema=to_arrow_schema(stats_schema),
        summed=summed,
    )
    return Plan(function, stats_schema, keep + [hypothesis] + references, described)


def _mapped(df: Any, checked: Plan) -> Any:
    """The DataFrame of statistics that ``checked`` computes from ``df``."""
    return df.select(*checked.inputs).mapInArrow(checked.function, checked.schema)


def segment_stats(
    df: Any,
    hypothesis: str = "hyp",
    references: Sequence[str] = ("ref",),
    metrics: Sequence[str] = ("bleu", "chrf"),
    keep: Optional[Sequence[str]] = None,
    **metric_options: Any,
) -> Any:
    """Every segment's sufficient statistics as a Spark DataFrame: the ``keep`` columns (by
    default every column but the texts), then per metric its statistics columns named
    ``METRIC_COLUMN`` (``bleu_sys_len``, …, ``chrf_hyp_char_1``, …, ``ter_edits``;
    ``chrfpp_`` for chrF++; ``LongType`` where the statistic is an integer, so sums are exact),
    then ``nrefs`` (the segment's non-null references).

    The sum of any group's statistics columns, given to the metric's ``score_stats`` (e.g.
    ``mteval.BLEU().score_stats(row)``, in the columns' order), is that group's corpus score.

    :param hypothesis: the hypothesis column (string, no nulls).
    :param references: the reference columns (strings; a null is a missing reference).
    :param metrics: ``bleu``, ``chrf``, ``chrf++``, ``ter`` (as ``mteval score --metrics``).
    :param keep: the columns to keep (e.g. system, document, domain, date).
    :param metric_options: settings of the metrics' constructors (``tokenize="intl"``,
        ``lowercase=True``, ``word_order=2``, …), each given to every metric that takes it.
    """
    return _mapped(df, plan(df.schema, hypothesis, references, keep, metrics, metric_options))


def score(
    df: Any,
    hypothesis: str = "hyp",
    references: Sequence[str] = ("ref",),
    by: Sequence[str] = ("system",),
    metrics: Sequence[str] = ("bleu", "chrf"),
    **metric_options: Any,
) -> Any:
    """The corpus score of every group of rows under every metric, as ``mteval score`` computes
    it on the same texts: a Spark DataFrame with the ``by`` columns, ``metric`` (``BLEU``,
    ``chrF2``, ``chrF2++``, ``TER``), ``score`` and ``signature`` (``nrefs:var`` when a group's
    segments have different numbers of non-null references), one row per group and metric,
    sorted by group. ``by=[]`` scores the whole DataFrame.

    Arguments as in :func:`segment_stats`; ``by`` are the grouping columns.
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    if isinstance(by, str):
        by = [by]
    by = list(by)
    for column in by:
        if column not in df.columns:
            raise ValueError(f"by: no column {column!r} in the DataFrame (its columns: {', '.join(df.columns)})")
    checked = plan(df.schema, hypothesis, references, by, metrics, metric_options, summed=True)
    stats, described = _mapped(df, checked), checked.metrics
    columns = [name for _, _, names in described for name in names]
    sums = stats.groupBy(*by).agg(
        *[F.sum(name).alias(name) for name in columns + ["segments"]],
        F.min("min_nrefs").alias("min_nrefs"),
        F.max("max_nrefs").alias("max_nrefs"),
    )
    results = []
    for row in sorted(sums.collect(), key=lambda row: [(row[c] is not None, row[c]) for c in by]):
        if not row["segments"]:
            continue
        nrefs = row["min_nrefs"] if row["min_nrefs"] == row["max_nrefs"] else -1
        for spec, metric, names in described:
            result = metric.score_stats([row[name] for name in names])
            signature = metric._native_metric.signature(max(nrefs, 0))
            if nrefs == -1:
                signature = "nrefs:var" + signature[signature.index("|") :]
            results.append((*[row[c] for c in by], metric._native_metric.name, float(result.score), signature))
    schema = StructType(
        [df.schema[column] for column in by]
        + [
            StructField("metric", StringType(), False),
            StructField("score", DoubleType(), False),
            StructField("signature", StringType(), False),
        ]
    )
    return df.sparkSession.createDataFrame(results, schema)


def compare(
    df: Any,
    hypothesis: str = "hyp",
    references: Sequence[str] = ("ref",),
    system: str = "system",
    segment: str = "segment",
    systems: Optional[Sequence[Any]] = None,
    metrics: Sequence[str] = ("bleu",),
    method: str = "bootstrap",
    samples: Optional[int] = None,
    seed: int = 12345,
    all_pairs: bool = False,
    alpha: float = 0.05,
    **metric_options: Any,
) -> Comparison:
    """:func:`mteval.compare` on a DataFrame of several systems' segments: the statistics are
    computed on the executors (:func:`segment_stats`), collected to the driver and resampled
    there, giving ``mteval compare``'s numbers when ``segment`` orders the segments as the
    files do (e.g. the line number).

    :param system: the column naming each row's system.
    :param segment: the column identifying a segment (sortable); every system needs the same
        segments.
    :param systems: the systems to compare, the baseline first (default: every system, in
        sorted order).
    :param method: ``bootstrap`` or ``ar``; ``samples``, ``seed``, ``all_pairs`` and ``alpha``
        as in :func:`mteval.compare`.
    Other arguments as in :func:`segment_stats`.
    """
    for setting, column in (("system", system), ("segment", segment)):
        if column not in df.columns:
            raise ValueError(
                f"{setting}: no column {column!r} in the DataFrame (its columns: {', '.join(df.columns)})"
            )
    if systems is not None:
        samples = check_test(method, samples, len(systems), alpha)
    checked = plan(df.schema, hypothesis, references, [system, segment], metrics, metric_options)
    stats, described = _mapped(df, checked), checked.metrics
    table = stats.toArrow()
    names_column = np.asarray(table.column(system).to_pylist(), dtype=object)
    present = sorted(set(names_column.tolist()), key=str)
    if systems is None:
        systems = present
        samples = check_test(method, samples, len(systems), alpha)
    missing = [name for name in systems if name not in present]
    if missing:
        raise ValueError(f"systems: no rows of system {missing[0]!r} (the {system!r} column has {present})")
    segments = _sort_keys(table.column(segment))
    rows = {}
    for name in systems:
        index = np.flatnonzero(names_column == name)
        rows[name] = index[np.argsort(segments[index], kind="stable")]
    baseline = segments[rows[systems[0]]]
    for name in systems[1:]:
        if not np.array_equal(segments[rows[name]], baseline):
            raise ValueError(
                f"segment: systems {systems[0]!r} and {name!r} do not have the same {segment!r} values; "
                "paired tests need every system to translate the same segments"
            )
    if len(set(baseline.tolist())) != len(baseline):
        raise ValueError(f"segment: system {systems[0]!r} has a {segment!r} value twice")
    counts = table.column(NREFS_COLUMN).to_numpy()[np.concatenate(list(rows.values()))]
    nrefs = int(counts[0]) if len(counts) and (counts == counts[0]).all() else -1
    records: List[Dict[str, Any]] = []
    pairs: List[Dict[str, Any]] = []
    for _, metric, names in described:
        matrix = np.column_stack([table.column(name).to_numpy().astype(np.float64) for name in names])
        result = metric._native_metric.compare_stats(
            [np.ascontiguousarray(matrix[rows[name]]) for name in systems],
            nrefs, method, samples, seed, all_pairs, alpha,
        )
        add_results(records, pairs, list(systems), metric._native_metric.name, result)
    return Comparison(records, pairs)


def _sort_keys(column: Any) -> np.ndarray:
    """A chunked Arrow column as an array ``np.lexsort`` orders (numbers as numbers)."""
    values = column.to_numpy(zero_copy_only=False)
    return values if values.dtype != object else values.astype(str)
